"""The append-only file: Redis 7's multi-part layout (base, incremental files,
manifest), durability under appendfsync always with the process killed by
SIGKILL under load, BGREWRITEAOF, truncated files, and AOF directories moved
between Shoal and the reference redis-server in both directions."""

import os
import random
import shutil
import signal
import subprocess
import threading
import time
import unittest

import redis

from harness import REDIS_SERVER, Server, reference_server, wait_until

REDIS_CHECK_AOF = shutil.which("redis-check-aof")
AOF_ARGS = ["--appendonly", "yes", "--appendfsync", "always"]


def client(server):
    return redis.Redis(host="127.0.0.1", port=server.port, socket_timeout=20)


def aof_dir(server):
    return os.path.join(server.dir, "appendonlydir")


def manifest(server):
    with open(os.path.join(aof_dir(server), "appendonly.aof.manifest")) as f:
        return f.read()


class AofTest(unittest.TestCase):
    def test_layout_and_restart(self):
        node = Server(args=AOF_ARGS).start()
        try:
            r = client(node)
            r.set("a", "1")
            r.incr("counter")
            r.set("ttl", "x", ex=1000)
            r.xadd("s", {"f": "v"})
            r.expire("a", 2000)
            text = manifest(node)
            self.assertIn("appendonly.aof.1.base.rdb seq 1 type b", text)
            self.assertIn("appendonly.aof.1.incr.aof seq 1 type i", text)
            ttl_before = r.pttl("ttl")
            stream_before = r.xrange("s")
            node.stop(signal.SIGKILL)
            node.start()
            r = client(node)
            self.assertEqual(r.get("a"), b"1")
            self.assertEqual(r.get("counter"), b"1")
            self.assertEqual(r.xrange("s"), stream_before)
            # Relative TTLs were written as absolute times.
            self.assertLessEqual(r.pttl("ttl"), ttl_before)
            self.assertGreater(r.pttl("ttl"), 990_000)
            self.assertGreater(r.pttl("a"), 1_990_000)
        finally:
            node.cleanup()

    def test_no_acknowledged_write_lost_on_sigkill(self):
        node = Server(args=AOF_ARGS).start()
        try:
            rng = random.Random(7)
            for round_no in range(3):
                acked = {}
                stop = threading.Event()

                def writer():
                    r = client(node)
                    i = 0
                    while not stop.is_set() and i < 200_000:
                        key = f"r{round_no}:{i}"
                        try:
                            r.set(key, i)
                        except (redis.ConnectionError, redis.TimeoutError):
                            return
                        acked[key] = str(i).encode()
                        i += 1

                threads = [threading.Thread(target=writer) for _ in range(1)]
                for t in threads:
                    t.start()
                wait_until(lambda: len(acked) > 200 + rng.randrange(300), timeout=30,
                           what="writes acknowledged")
                node.stop(signal.SIGKILL)
                stop.set()
                for t in threads:
                    t.join(timeout=30)
                node.start()
                r = client(node)
                missing = [k for k, v in acked.items() if r.get(k) != v]
                self.assertEqual(missing, [], f"round {round_no}: acknowledged writes lost")
        finally:
            node.cleanup()

    def test_bgrewriteaof_compacts_and_keeps_data(self):
        node = Server(args=AOF_ARGS).start()
        try:
            r = client(node)
            for i in range(500):
                r.set("k", i)
                r.set(f"key:{i}", "v" * 10)
            r.bgrewriteaof()
            wait_until(lambda: r.info("persistence")["aof_rewrite_in_progress"] == 0
                       and r.info("persistence")["aof_rewrites"] == 1, timeout=30,
                       what="AOF rewrite")
            r.set("after", "rewrite")
            text = manifest(node)
            self.assertIn("appendonly.aof.2.base.rdb seq 2 type b", text)
            self.assertIn("appendonly.aof.2.incr.aof seq 2 type i", text)
            self.assertFalse(os.path.exists(os.path.join(aof_dir(node), "appendonly.aof.1.incr.aof")))
            node.stop()
            node.start()
            r = client(node)
            self.assertEqual(r.get("k"), b"499")
            self.assertEqual(r.get("after"), b"rewrite")
            self.assertEqual(r.dbsize(), 502)
        finally:
            node.cleanup()

    def test_truncated_aof(self):
        node = Server(args=AOF_ARGS).start()
        try:
            r = client(node)
            for i in range(100):
                r.set(f"k{i}", i)
            node.stop()
            incr = os.path.join(aof_dir(node), "appendonly.aof.1.incr.aof")
            size = os.path.getsize(incr)
            with open(incr, "r+b") as f:
                f.truncate(size - 5)
            # aof-load-truncated yes (the default): the last command is dropped.
            node.start()
            self.assertEqual(client(node).dbsize(), 99)
            self.assertIn("short read", node.read_log())
            node.stop()
            with open(incr, "ab") as f:
                f.write(b"*3\r\n$3\r\nSET\r\n$1")
            node.args = AOF_ARGS + ["--aof-load-truncated", "no"]
            node.start(wait=False)
            self.assertNotEqual(node.proc.wait(timeout=20), 0)
            self.assertIn("Unexpected end of file", node.read_log())
            with open(incr, "ab") as f:
                f.write(b"garbage\r\n")
            node.start(wait=False)
            self.assertNotEqual(node.proc.wait(timeout=20), 0)
            self.assertIn("Bad file format", node.read_log())
        finally:
            node.cleanup()


@unittest.skipIf(REDIS_SERVER is None, "redis-server is not installed")
class AofInteropTest(unittest.TestCase):
    def fill(self, r):
        r.set("a", "1")
        r.incr("n")
        r.incrbyfloat("f", 1.5)
        r.set("ttl", "x", ex=1000)
        r.xadd("s", {"f": "v"}, id="5-1")
        r.delete("a")
        r.set("b", "2")

    def check(self, r):
        self.assertEqual(r.get("a"), None)
        self.assertEqual(r.get("b"), b"2")
        self.assertEqual(r.get("n"), b"1")
        self.assertEqual(r.get("f"), b"1.5")
        self.assertGreater(r.pttl("ttl"), 900_000)
        self.assertEqual(r.xrange("s"), [(b"5-1", {b"f": b"v"})])

    def move(self, src, dst):
        shutil.copytree(aof_dir(src), aof_dir(dst))

    def test_shoal_aof_checks_and_loads_into_redis(self):
        node = Server(args=AOF_ARGS).start()
        ref = reference_server(args=["--appendonly", "yes"])
        ref.args = ["--appendonly", "yes"]
        try:
            self.fill(client(node))
            node.stop()
            if REDIS_CHECK_AOF:
                check = subprocess.run(
                    [REDIS_CHECK_AOF, os.path.join(aof_dir(node), "appendonly.aof.manifest")],
                    capture_output=True, text=True, timeout=60)
                self.assertEqual(check.returncode, 0, check.stdout + check.stderr)
            self.move(node, ref)
            ref.start()
            self.check(client(ref))
        finally:
            ref.cleanup()
            node.cleanup()

    def test_redis_aof_loads_into_shoal(self):
        ref = reference_server()
        ref.args = ["--appendonly", "yes", "--appendfsync", "always"]
        ref.start()
        node = Server(args=AOF_ARGS)
        try:
            self.fill(client(ref))
            ref.stop()
            self.move(ref, node)
            node.start()
            self.check(client(node))
        finally:
            ref.cleanup()
            node.cleanup()


if __name__ == "__main__":
    unittest.main()
