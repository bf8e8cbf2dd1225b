"""redis-benchmark against shoal-node: every test completes with a positive
rate, the writes it made are all there, and the node is alive afterwards.

The request count is 100000 (SHOAL_BENCH_REQUESTS overrides it): about 25 s
for the five tests on a busy 2-core machine."""

import csv
import io
import os
import subprocess
import unittest

from harness import REDIS_BENCHMARK, ServerTestCase, resp_command

REQUESTS = int(os.environ.get("SHOAL_BENCH_REQUESTS", "100000"))
EXPECTED_TESTS = ["PING_INLINE", "PING_MBULK", "SET", "GET", "INCR", "MSET (10 keys)"]


@unittest.skipIf(REDIS_BENCHMARK is None, "redis-benchmark not installed")
class RedisBenchmarkTest(ServerTestCase):
    def run_benchmark(self, *args, timeout=300):
        result = subprocess.run([REDIS_BENCHMARK, "-h", "127.0.0.1", "-p", str(self.server.port),
                                 *map(str, args)], capture_output=True, text=True,
                                timeout=timeout)
        self.assertEqual(result.returncode, 0, result.stderr)
        return result

    def test_standard_tests_complete(self):
        resp_command(self.server.port, "FLUSHALL")
        result = self.run_benchmark("-t", "ping,set,get,incr,mset", "-n", REQUESTS, "-q", "--csv")
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        self.assertEqual([row["test"] for row in rows], EXPECTED_TESTS, result.stdout)
        for row in rows:
            with self.subTest(test=row["test"]):
                self.assertGreater(float(row["rps"]), 0)
        self.assertIsNone(self.server.proc.poll(), "node died during the benchmark")
        self.assertEqual(resp_command(self.server.port, "PING"), b"+PONG\r\n")
        # Without -r every INCR hits one key: none may be lost.
        self.assertEqual(resp_command(self.server.port, "GET", "counter:__rand_int__"),
                         b"$%d\r\n%d\r\n" % (len(str(REQUESTS)), REQUESTS))
        self.assertEqual(resp_command(self.server.port, "STRLEN", "key:__rand_int__"),
                         b":3\r\n")

    def test_pipelined_random_keys(self):
        resp_command(self.server.port, "FLUSHALL")
        self.run_benchmark("-t", "set", "-n", 20000, "-r", 1000, "-P", 16, "-d", 100, "-q",
                           "--csv")
        size = int(resp_command(self.server.port, "DBSIZE")[1:-2])
        self.assertTrue(900 <= size <= 1000, size)
        self.assertEqual(resp_command(self.server.port, "STRLEN", "key:000000000042"),
                         b":100\r\n")
        self.assertEqual(resp_command(self.server.port, "PING"), b"+PONG\r\n")


if __name__ == "__main__":
    unittest.main()
