"""The example programs under examples/ run against a fresh shoal-node and
must exit 0 (each checks its own results and exits non-zero on a wrong one)."""

import os
import subprocess
import unittest

from harness import Server

EXAMPLES_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples")
PYTHON = "/usr/bin/python3"


class ExamplesTest(unittest.TestCase):
    def setUp(self):
        self.server = Server().start()

    def tearDown(self):
        self.server.cleanup()

    def run_example(self, name):
        path = os.path.join(EXAMPLES_DIR, name)
        result = subprocess.run([PYTHON, path, "--port", str(self.server.port)],
                                capture_output=True, text=True, timeout=120)
        self.assertEqual(result.returncode, 0,
                         f"{name} failed:\n{result.stdout}\n{result.stderr}")
        self.assertIn("ok:", result.stdout)
        self.assertNotIn("FAILED", result.stdout)

    def test_cache_aside(self):
        self.run_example("cache_aside.py")

    def test_rate_limiter(self):
        self.run_example("rate_limiter.py")

    def test_event_stream(self):
        self.run_example("event_stream.py")


if __name__ == "__main__":
    unittest.main()
