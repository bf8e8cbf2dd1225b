"""RDB files between Shoal and the reference redis-server: each loads what the
other saves (every type Shoal writes so far, with expiries), Shoal's files
pass redis-check-rdb, BGSAVE runs in the background, a shutdown with save
points saves, and a corrupt file is refused with the offset and reason."""

import os
import shutil
import subprocess
import unittest

import redis

from harness import REDIS_SERVER, Server, reference_server, wait_until

REDIS_CHECK_RDB = shutil.which("redis-check-rdb")


def fill(r):
    """The same dataset on any server."""
    r.flushall()
    r.set("int", 12345)
    r.set("negative", -7000000000)
    r.set("short", "hello")
    r.set("long", "x" * 500 + "y" * 500)
    r.set("binary", bytes(range(256)))
    r.set("ttl", "expires", ex=1000)
    r.set(b"\x00key", "binary key")
    r.rpush("list:small", "a", "b", 3, -4)
    r.rpush("list:big", *[f"element-{i}" for i in range(3000)])
    r.hset("hash:small", mapping={"f1": "v1", "f2": 2})
    r.hset("hash:big", mapping={f"field{i}": f"value{i}" for i in range(1000)})
    r.sadd("set:ints", 1, 2, 3, -70000, 2**40)
    r.sadd("set:strings", *[f"member{i}" for i in range(600)])
    r.zadd("zset:small", {"a": 1, "b": 2.5, "c": -3})
    r.zadd("zset:big", {f"m{i}": i * 0.5 for i in range(1000)})
    r.expire("hash:big", 5000)
    for i in range(1, 251):
        r.xadd("events", {"n": i, "kind": "even" if i % 2 == 0 else "odd"}, id=f"{i}-1")
    r.xadd("events", {"other": "fields"}, id="300-0")
    r.xdel("events", "2-1")
    r.xgroup_create("events", "workers", id="0")
    r.xreadgroup("workers", "alice", {"events": ">"}, count=3)
    r.xreadgroup("workers", "bob", {"events": ">"}, count=2)
    r.xack("events", "workers", "1-1")


def snapshot(r):
    """What a dataset looks like from outside: every key's type, value, TTL."""
    out = {}
    for key in sorted(r.keys("*")):
        kind = r.type(key)
        if kind == b"string":
            value = r.get(key)
        elif kind == b"stream":
            groups = [(g["name"], g["pending"], g["last-delivered-id"], g["consumers"])
                      for g in r.xinfo_groups(key)]
            pending = r.xpending_range(key, "workers", "-", "+", 100) if groups else []
            value = (r.xrange(key), groups, [(p["message_id"], p["consumer"],
                                             p["times_delivered"]) for p in pending],
                     r.xinfo_stream(key)["entries-added"])
        elif kind == b"list":
            value = r.lrange(key, 0, -1)
        elif kind == b"hash":
            value = r.hgetall(key)
        elif kind == b"set":
            value = sorted(r.smembers(key))
        elif kind == b"zset":
            value = r.zrange(key, 0, -1, withscores=True)
        else:
            value = None
        ttl = r.pttl(key)
        out[key] = (kind, value, ttl > 0)
    return out


def client(server):
    return redis.Redis(host="127.0.0.1", port=server.port, socket_timeout=20)


@unittest.skipIf(REDIS_SERVER is None, "redis-server is not installed")
class RdbInteropTest(unittest.TestCase):
    def move_dump(self, src, dst):
        shutil.copy(os.path.join(src.dir, "dump.rdb"), os.path.join(dst.dir, "dump.rdb"))

    def test_redis_file_loads_into_shoal(self):
        ref = reference_server().start()
        node = Server()
        try:
            r = client(ref)
            fill(r)
            expected = snapshot(r)
            self.assertTrue(r.save())
            self.move_dump(ref, node)
            node.start()
            self.assertEqual(snapshot(client(node)), expected)
            self.assertIn("keys loaded: 16", node.read_log())
        finally:
            ref.cleanup()
            node.cleanup()

    def test_shoal_file_passes_check_and_loads_into_redis(self):
        node = Server().start()
        ref = reference_server()
        try:
            r = client(node)
            fill(r)
            expected = snapshot(r)
            self.assertTrue(r.save())
            path = os.path.join(node.dir, "dump.rdb")
            if REDIS_CHECK_RDB:
                check = subprocess.run([REDIS_CHECK_RDB, path], capture_output=True, text=True,
                                       timeout=60)
                self.assertEqual(check.returncode, 0, check.stdout + check.stderr)
                self.assertIn("RDB looks OK", check.stdout)
            self.move_dump(node, ref)
            ref.start()
            self.assertEqual(snapshot(client(ref)), expected)
        finally:
            ref.cleanup()
            node.cleanup()

    def test_dump_restore_both_ways(self):
        node = Server().start()
        ref = reference_server().start()
        try:
            a, b = client(node), client(ref)
            fill(a)
            fill(b)
            for key in (b"long", b"events", b"int", b"list:big", b"hash:small", b"set:ints",
                        b"set:strings", b"zset:small", b"zset:big"):
                a.restore(b"from-redis", 0, b.dump(key), replace=True)
                b.restore(b"from-shoal", 0, a.dump(key), replace=True)
                self.assertEqual(a.type(b"from-redis"), b.type(key))
                kind = a.type(key)
                if kind == b"stream":
                    self.assertEqual(a.xrange(b"from-redis"), b.xrange(key))
                    self.assertEqual(b.xrange(b"from-shoal"), a.xrange(key))
                elif kind == b"list":
                    self.assertEqual(a.lrange(b"from-redis", 0, -1), b.lrange(key, 0, -1))
                    self.assertEqual(b.lrange(b"from-shoal", 0, -1), a.lrange(key, 0, -1))
                elif kind == b"hash":
                    self.assertEqual(a.hgetall(b"from-redis"), b.hgetall(key))
                    self.assertEqual(b.hgetall(b"from-shoal"), a.hgetall(key))
                elif kind == b"set":
                    self.assertEqual(a.smembers(b"from-redis"), b.smembers(key))
                    self.assertEqual(b.smembers(b"from-shoal"), a.smembers(key))
                    self.assertEqual(a.object("encoding", b"from-redis"),
                                     b.object("encoding", key))
                elif kind == b"zset":
                    self.assertEqual(a.zrange(b"from-redis", 0, -1, withscores=True),
                                     b.zrange(key, 0, -1, withscores=True))
                    self.assertEqual(b.zrange(b"from-shoal", 0, -1, withscores=True),
                                     a.zrange(key, 0, -1, withscores=True))
                    self.assertEqual(a.object("encoding", b"from-redis"),
                                     b.object("encoding", key))
                else:
                    self.assertEqual(a.get(b"from-redis"), b.get(key))
                    self.assertEqual(b.get(b"from-shoal"), a.get(key))
            payload = bytearray(a.dump("long"))
            payload[-1] ^= 0xFF
            with self.assertRaisesRegex(redis.ResponseError, "checksum are wrong"):
                a.restore("bad", 0, bytes(payload))
            with self.assertRaisesRegex(redis.ResponseError, "BUSYKEY"):
                a.restore("long", 0, a.dump("long"))
        finally:
            ref.cleanup()
            node.cleanup()


class ShoalPersistenceTest(unittest.TestCase):
    def test_bgsave_and_lastsave(self):
        node = Server().start()
        try:
            r = client(node)
            fill(r)
            before = r.lastsave()
            self.assertEqual(r.info("persistence")["rdb_changes_since_last_save"] > 0, True)
            r.bgsave()
            wait_until(lambda: r.info("persistence")["rdb_bgsave_in_progress"] == 0
                       and r.info("persistence")["rdb_saves"] == 1, timeout=20, what="bgsave")
            info = r.info("persistence")
            self.assertEqual(info["rdb_last_bgsave_status"], "ok")
            self.assertEqual(info["rdb_changes_since_last_save"], 0)
            self.assertGreaterEqual(r.lastsave(), before)
            self.assertTrue(os.path.exists(os.path.join(node.dir, "dump.rdb")))
        finally:
            node.cleanup()

    def test_shutdown_with_save_points_saves_and_restart_loads(self):
        node = Server(args=["--save", "3600 1", "--enable-debug-command", "yes"]).start()
        try:
            r = client(node)
            fill(r)
            expected = snapshot(r)
            self.assertEqual(node.stop(), 0)
            self.assertIn("Saving the final RDB snapshot", node.read_log())
            node.start()
            self.assertEqual(snapshot(client(node)), expected)
            # DEBUG RELOAD keeps the data too.
            self.assertTrue(client(node).execute_command("DEBUG", "RELOAD"))
            self.assertEqual(snapshot(client(node)), expected)
        finally:
            node.cleanup()

    def test_corrupt_file_is_refused_with_offset(self):
        node = Server().start()
        try:
            r = client(node)
            fill(r)
            r.save()
            node.stop()
            path = os.path.join(node.dir, "dump.rdb")
            with open(path, "rb") as f:
                data = bytearray(f.read())
            for cut in (len(data) // 2, 20, 9):
                with open(path, "wb") as f:
                    f.write(data[:cut])
                node.start(wait=False)
                self.assertNotEqual(node.proc.wait(timeout=20), 0)
                self.assertRegex(node.read_log(), r"(at offset \d+|Wrong signature)")
            flipped = bytearray(data)
            flipped[len(flipped) // 2] ^= 0x55
            with open(path, "wb") as f:
                f.write(flipped)
            node.start(wait=False)
            self.assertNotEqual(node.proc.wait(timeout=20), 0)
            self.assertIn("RDB", node.read_log())
        finally:
            node.cleanup()


if __name__ == "__main__":
    unittest.main()
