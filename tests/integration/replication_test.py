"""Replication between Shoal and the reference redis-server: a Redis replica
follows a Shoal master and a Shoal replica follows a Redis master (every
type, then a live write stream), a cut link resumes with a partial resync,
a promoted Shoal replica serves partial resyncs to its former sibling
(PSYNC2), and replicas refuse writes."""

import unittest

import redis

from harness import REDIS_SERVER, Server, reference_server, wait_until


def client(server):
    return redis.Redis(host="127.0.0.1", port=server.port, socket_timeout=20)


def fill(r):
    r.set("s", "hello")
    r.set("n", 42)
    r.set("ttl", "x", ex=1000)
    r.rpush("l", *range(300))
    r.hset("h", mapping={f"f{i}": i for i in range(200)})
    r.sadd("si", 1, 2, 3)
    r.sadd("ss", *[f"m{i}" for i in range(600)])
    r.zadd("z", {f"z{i}": i for i in range(200)})
    r.xadd("x", {"a": 1}, id="1-1")


def dataset(r):
    out = {}
    for key in sorted(r.keys("*")):
        kind = r.type(key)
        if kind == b"string":
            value = r.get(key)
        elif kind == b"list":
            value = r.lrange(key, 0, -1)
        elif kind == b"hash":
            value = r.hgetall(key)
        elif kind == b"set":
            value = sorted(r.smembers(key))
        elif kind == b"zset":
            value = r.zrange(key, 0, -1, withscores=True)
        elif kind == b"stream":
            value = r.xrange(key)
        else:
            value = None
        out[key] = (kind, value, r.pttl(key) > 0)
    return out


def synced(master, replica):
    return lambda: dataset(client(master)) == dataset(client(replica))


def stat(server, field):
    return client(server).info("stats")[field]


@unittest.skipIf(REDIS_SERVER is None, "redis-server is not installed")
class ReplicationInteropTest(unittest.TestCase):
    def test_redis_replica_of_shoal_master(self):
        master = Server().start()
        replica = reference_server()
        try:
            fill(client(master))
            replica.args += ["--replicaof", "127.0.0.1", str(master.port)]
            replica.start()
            wait_until(synced(master, replica), timeout=20, what="initial sync")
            m = client(master)
            for i in range(100):
                m.incr("n")
                m.lpush("l", f"new{i}")
            m.expire("s", 1)  # the master's expiry reaches the replica as DEL
            wait_until(lambda: client(replica).get("n") == b"142", timeout=20, what="stream")
            wait_until(lambda: client(replica).exists("s") == 0, timeout=20, what="expiry DEL")
            self.assertEqual(dataset(m), dataset(client(replica)))
            self.assertEqual(stat(master, "sync_full"), 1)
            # Cut the link from the replica's side: it resumes partially.
            client(replica).client_kill_filter(_type="master")
            m.set("after-cut", "1")
            wait_until(lambda: client(replica).get("after-cut") == b"1", timeout=20,
                       what="resume after the cut")
            self.assertEqual(stat(master, "sync_partial_ok"), 1)
            self.assertEqual(stat(master, "sync_full"), 1)
            info = m.info("replication")
            self.assertEqual(info["connected_slaves"], 1)
        finally:
            replica.cleanup()
            master.cleanup()

    def test_shoal_replica_of_redis_master(self):
        master = reference_server(args=["--repl-diskless-sync-delay", "0"]).start()
        replica = Server()
        try:
            fill(client(master))
            replica.args += ["--replicaof", "127.0.0.1", str(master.port)]
            replica.start()
            wait_until(synced(master, replica), timeout=20, what="initial sync")
            r = client(replica)
            info = r.info("replication")
            self.assertEqual(info["role"], "slave")
            self.assertEqual(info["master_link_status"], "up")
            with self.assertRaises(redis.exceptions.ReadOnlyError):
                r.set("nope", 1)
            m = client(master)
            for i in range(100):
                m.hset("h", f"live{i}", i)
            wait_until(synced(master, replica), timeout=20, what="stream")
            wait_until(lambda: r.info("replication")["slave_repl_offset"] ==
                       m.info("replication")["master_repl_offset"], timeout=20,
                       what="offsets equal")
            # Cut the link from the master's side, then from the replica's:
            # each time the replica resumes partially.
            m.client_kill_filter(_type="slave")
            m.set("after-cut", "1")
            wait_until(lambda: r.get("after-cut") == b"1", timeout=20, what="resume")
            self.assertEqual(stat(master, "sync_partial_ok"), 1)
            self.assertEqual(r.client_kill_filter(_type="master"), 1)
            m.set("after-second-cut", "1")
            wait_until(lambda: r.get("after-second-cut") == b"1", timeout=20,
                       what="resume after CLIENT KILL TYPE master")
            self.assertEqual(stat(master, "sync_partial_ok"), 2)
            self.assertEqual(stat(master, "sync_full"), 1)
        finally:
            replica.cleanup()
            master.cleanup()


class PromotionTest(unittest.TestCase):
    def test_promoted_replica_serves_partial_resync_to_its_sibling(self):
        master = Server().start()
        r1 = Server(args=["--replicaof", "127.0.0.1", str(master.port)])
        r2 = Server(args=["--replicaof", "127.0.0.1", str(master.port)])
        try:
            fill(client(master))
            r1.start()
            r2.start()
            wait_until(synced(master, r1), timeout=20, what="r1 sync")
            wait_until(synced(master, r2), timeout=20, what="r2 sync")
            m = client(master)
            m.set("k", "v")
            target = m.info("replication")["master_repl_offset"]
            for r in (r1, r2):
                wait_until(lambda r=r: client(r).info("replication")["slave_repl_offset"] ==
                           target, timeout=20, what="replicas caught up")
            master.stop()
            # r1 becomes the master; its old history stays reachable.
            client(r1).replicaof("NO", "ONE")
            info = client(r1).info("replication")
            self.assertEqual(info["role"], "master")
            self.assertNotEqual(info["master_replid2"], "0" * 40)
            # Written before r2 attaches: the resync must still bring it.
            client(r1).set("after-promotion", "1")
            client(r2).replicaof("127.0.0.1", r1.port)
            wait_until(lambda: client(r2).get("after-promotion") == b"1", timeout=20,
                       what="r2 follows r1")
            self.assertEqual(stat(r1, "sync_partial_ok"), 1)
            self.assertEqual(stat(r1, "sync_full"), 0)
            self.assertEqual(client(r2).get("k"), b"v")
        finally:
            for s in (r2, r1, master):
                s.cleanup()


if __name__ == "__main__":
    unittest.main()
