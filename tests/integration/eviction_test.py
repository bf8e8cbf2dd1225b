"""maxmemory and eviction against a real shoal-node, with the reference
redis-server running the same scenarios where the outcome is deterministic:
each policy's choice of victims, used_memory staying near the limit, the OOM
error, the LFU/LRU introspection replies and the INFO fields."""

import unittest

import redis

from harness import Server, reference_server, resp_command, wait_until

OOM = b"-OOM command not allowed when used memory > 'maxmemory'.\r\n"
# Room above the memory in use before the test data: small enough to fill
# quickly, large enough that per-command overheads stay in the noise.
HEADROOM = 4 << 20
VALUE = b"x" * 100
BATCH = 200


def info(r, section):
    return r.info(section)


def fill(r, prefix, count, ttl=None):
    """Writes count keys prefix:N with 100-byte values in pipelines; returns
    the number of OOM replies."""
    ooms = 0
    for start in range(0, count, BATCH):
        p = r.pipeline(transaction=False)
        for i in range(start, min(start + BATCH, count)):
            p.set(f"{prefix}:{i}", VALUE, ex=ttl)
        for reply in p.execute(raise_on_error=False):
            if isinstance(reply, redis.exceptions.ResponseError):
                ooms += 1
    return ooms


def survivors(r, prefix, count):
    """How many of prefix:0..count-1 still exist."""
    alive = 0
    for start in range(0, count, 1000):
        p = r.pipeline(transaction=False)
        for i in range(start, min(start + 1000, count)):
            p.exists(f"{prefix}:{i}")
        alive += sum(p.execute())
    return alive


def touch(r, prefix, count, times=1):
    for _ in range(times):
        for start in range(0, count, 1000):
            p = r.pipeline(transaction=False)
            for i in range(start, min(start + 1000, count)):
                p.get(f"{prefix}:{i}")
            p.execute()


class EvictionScenarios(unittest.TestCase):
    """Each scenario runs on a fresh shoal-node and a fresh redis-server."""

    def on_both(self, scenario):
        """Runs scenario(name, client) on a fresh shoal-node, then on a fresh
        redis-server: the expectations hold for the reference too."""
        for name, make in (("shoal", Server), ("redis", reference_server)):
            server = make().start()
            r = redis.Redis(host="127.0.0.1", port=server.port, socket_timeout=30)
            try:
                # One key first: the node sets up its keyspace tables then.
                r.set("warmup", "1")
                r.delete("warmup")
                with self.subTest(server=name):
                    scenario(name, r)
            finally:
                r.close()
                server.cleanup()

    def limit(self, r, policy, samples=5):
        """Sets maxmemory HEADROOM above current use; returns the limit."""
        used = info(r, "memory")["used_memory"]
        limit = used + HEADROOM
        r.config_set("maxmemory-policy", policy)
        r.config_set("maxmemory-samples", samples)
        r.config_set("maxmemory", limit)
        return limit

    def assert_near_limit(self, r, limit):
        used = info(r, "memory")["used_memory"]
        # One command may go over by its own allocation; the allocator's
        # caches and the client buffers add a little more.
        self.assertLess(used, limit + (1 << 20), f"used_memory {used} with maxmemory {limit}")

    def test_noeviction_refuses_writes(self):
        def scenario(name, r):
            limit = self.limit(r, "noeviction")
            ooms = fill(r, "k", 60000)
            self.assertGreater(ooms, 0)
            self.assertEqual(info(r, "stats")["evicted_keys"], 0)
            self.assertEqual(r.dbsize() + ooms, 60000)
            self.assert_near_limit(r, limit)
            port = r.connection_pool.connection_kwargs["port"]
            self.assertEqual(resp_command(port, "SET", "another", "v"), OOM)
            self.assertEqual(resp_command(port, "GET", "k:0"), b"$100\r\n" + VALUE + b"\r\n")
            # Deleting is always allowed, and frees room.
            self.assertEqual(resp_command(port, "FLUSHALL"), b"+OK\r\n")
            self.assertEqual(resp_command(port, "SET", "another", "v"), b"+OK\r\n")

        self.on_both(scenario)

    def test_allkeys_lru_evicts_idle_keys(self):
        def scenario(name, r):
            r.config_set("maxmemory-policy", "allkeys-lru")
            fill(r, "old", 10000)
            # The LRU clock ticks in seconds: wait until the first keys look idle.
            wait_until(lambda: r.object("idletime", "old:0") >= 2, timeout=10, what="idle keys")
            touch(r, "old", 5000)  # old:0..4999 are recent again
            limit = self.limit(r, "allkeys-lru")
            # New keys until about as many keys went as were idle: an exact
            # LRU would take only idle ones.
            written = 0
            while info(r, "stats")["evicted_keys"] < 4000 and written < 200000:
                self.assertEqual(fill(r, f"new{written}", 1000), 0)
                written += 1000
            self.assert_near_limit(r, limit)
            recent = survivors(r, "old", 5000)
            idle = survivors(r, "old", 10000) - recent
            self.assertGreater(recent, 4000, f"{name}: recent {recent} idle {idle}")
            self.assertLess(idle, 3000, f"{name}: recent {recent} idle {idle}")

        self.on_both(scenario)

    def test_allkeys_lfu_keeps_frequent_keys(self):
        def scenario(name, r):
            r.config_set("maxmemory-policy", "allkeys-lfu")
            r.config_set("lfu-log-factor", 0)  # every access counts
            fill(r, "cold", 5000)
            fill(r, "hot", 5000)
            touch(r, "hot", 5000, times=10)
            # 5 at creation, +10; one less if a minute boundary passed since.
            self.assertIn(r.object("freq", "hot:0"), (14, 15))
            self.assertIn(r.object("freq", "cold:0"), (4, 5))
            limit = self.limit(r, "allkeys-lfu")
            self.assertEqual(fill(r, "new", 40000), 0)
            self.assert_near_limit(r, limit)
            hot = survivors(r, "hot", 5000)
            cold = survivors(r, "cold", 5000)
            self.assertGreater(hot, 4500, f"{name}: hot {hot} cold {cold}")
            # The cold keys compete with the new ones (same counter).
            self.assertLess(cold, 4000, f"{name}: hot {hot} cold {cold}")

        self.on_both(scenario)

    def test_allkeys_random_stays_under_the_limit(self):
        def scenario(name, r):
            limit = self.limit(r, "allkeys-random")
            self.assertEqual(fill(r, "k", 60000), 0)
            self.assert_near_limit(r, limit)
            evicted = info(r, "stats")["evicted_keys"]
            self.assertGreater(evicted, 0)
            self.assertEqual(r.dbsize() + evicted, 60000)

        self.on_both(scenario)

    def check_volatile(self, policy):
        def scenario(name, r):
            fill(r, "persistent", 5000)
            limit = self.limit(r, policy)
            # Only keys with a TTL go.
            self.assertEqual(fill(r, "volatile", 40000, ttl=100000), 0)
            self.assertEqual(survivors(r, "persistent", 5000), 5000)
            self.assertGreater(info(r, "stats")["evicted_keys"], 0)
            self.assert_near_limit(r, limit)
            # Keys without a TTL push the volatile ones out; once none is
            # left, writes are refused.
            ooms = fill(r, "more", 40000)
            self.assertGreater(ooms, 0)
            self.assertEqual(survivors(r, "volatile", 40000), 0)
            self.assertEqual(survivors(r, "persistent", 5000), 5000)
            self.assert_near_limit(r, limit)
            port = r.connection_pool.connection_kwargs["port"]
            self.assertEqual(resp_command(port, "SET", "x", "y"), OOM)

        self.on_both(scenario)

    def test_volatile_lru(self):
        self.check_volatile("volatile-lru")

    def test_volatile_lfu(self):
        self.check_volatile("volatile-lfu")

    def test_volatile_random(self):
        self.check_volatile("volatile-random")

    def test_volatile_ttl_prefers_nearest_expiry(self):
        def scenario(name, r):
            fill(r, "soon", 5000, ttl=1000)
            fill(r, "late", 5000, ttl=100000)
            limit = self.limit(r, "volatile-ttl")
            fill(r, "new", 40000, ttl=50000)
            self.assert_near_limit(r, limit)
            soon = survivors(r, "soon", 5000)
            late = survivors(r, "late", 5000)
            self.assertLess(soon, 500, f"{name}: soon {soon} late {late}")
            self.assertGreater(late, 4500, f"{name}: soon {soon} late {late}")

        self.on_both(scenario)


class EvictionReplies(unittest.TestCase):
    """Replies that must equal the reference's byte for byte."""

    @classmethod
    def setUpClass(cls):
        cls.node = Server().start()
        cls.ref = reference_server().start()

    @classmethod
    def tearDownClass(cls):
        cls.node.cleanup()
        cls.ref.cleanup()

    def both(self, *args):
        a = resp_command(self.node.port, *args)
        b = resp_command(self.ref.port, *args)
        self.assertEqual(a, b, args)
        return a

    def setUp(self):
        self.both("FLUSHALL")
        self.both("CONFIG", "SET", "maxmemory", "0")
        self.both("CONFIG", "SET", "maxmemory-policy", "noeviction")

    def test_object_freq_and_idletime(self):
        self.both("SET", "k", "v")
        self.assertTrue(self.both("OBJECT", "FREQ", "k").startswith(b"-ERR An LFU"))
        self.assertEqual(self.both("OBJECT", "IDLETIME", "k"), b":0\r\n")
        self.both("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu")
        self.both("SET", "k2", "v")
        self.assertEqual(self.both("OBJECT", "FREQ", "k2"), b":5\r\n")
        self.both("GET", "k2")
        self.assertEqual(self.both("OBJECT", "FREQ", "k2"), b":6\r\n")
        # An overwrite keeps the counter; its lookup is itself an access,
        # which above 5 increments only with probability 1/(counter-5)*10+1.
        self.both("SET", "k2", "other")
        for port in (self.node.port, self.ref.port):
            self.assertIn(resp_command(port, "OBJECT", "FREQ", "k2"), (b":6\r\n", b":7\r\n"))
        self.assertTrue(self.both("OBJECT", "IDLETIME", "k2").startswith(b"-ERR An LFU"))
        self.both("CONFIG", "SET", "maxmemory-policy", "volatile-lfu")
        for port in (self.node.port, self.ref.port):
            self.assertIn(resp_command(port, "OBJECT", "FREQ", "k2"), (b":6\r\n", b":7\r\n"))

    def test_oom_error(self):
        self.both("SET", "k", "v")
        self.both("CONFIG", "SET", "maxmemory", "1")
        self.assertEqual(self.both("SET", "k2", "v"), OOM)
        self.assertEqual(self.both("GET", "k"), b"$1\r\nv\r\n")
        self.assertEqual(self.both("DEL", "k"), b":1\r\n")
        self.both("CONFIG", "SET", "maxmemory-policy", "allkeys-random")
        # Nothing left to evict: still refused.
        self.assertEqual(self.both("SET", "k3", "v"), OOM)
        self.both("CONFIG", "SET", "maxmemory", "0")

    def test_info_fields(self):
        node = redis.Redis(port=self.node.port)
        ref = redis.Redis(port=self.ref.port)
        for section in ("memory", "stats"):
            with self.subTest(section=section):
                self.assertEqual(list(node.info(section)), list(ref.info(section)))
        self.both("CONFIG", "SET", "maxmemory", "123456789")
        self.assertEqual(node.info("memory")["maxmemory_human"],
                         ref.info("memory")["maxmemory_human"])
        self.assertEqual(node.info("memory")["maxmemory"], 123456789)
        self.both("CONFIG", "SET", "maxmemory", "0")
        node.close()
        ref.close()

    def test_evicted_notification(self):
        reply = resp_command(self.node.port, "PSUBSCRIBE", "x")
        if reply.startswith(b"-ERR unknown command"):
            self.skipTest("no pub/sub on the node yet")
        node = redis.Redis(port=self.node.port, socket_timeout=10)
        pubsub = node.pubsub()
        try:
            node.config_set("notify-keyspace-events", "Ee")
            pubsub.psubscribe("__keyevent@0__:*")
            wait_until(lambda: pubsub.get_message(timeout=0.1), what="psubscribe confirmation")
            node.mset({f"victim:{i}": "v" for i in range(10)})
            node.config_set("maxmemory-policy", "allkeys-random")
            node.config_set("maxmemory", 1)
            events = []

            def evicted_seen():
                msg = pubsub.get_message(timeout=0.1)
                if msg:
                    events.append(msg)
                return sum(m.get("channel") == b"__keyevent@0__:evicted" for m in events) == 10

            wait_until(evicted_seen, what="ten evicted events")
        finally:
            node.config_set("maxmemory", 0)
            node.config_set("notify-keyspace-events", "")
            pubsub.close()
            node.close()

if __name__ == "__main__":
    unittest.main()
