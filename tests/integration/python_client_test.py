"""Debian's python3-redis against shoal-node: RESP2 and RESP3, strings,
expiry, pipelines, SCAN, introspection, error classes and messages, AUTH."""

import unittest

import redis

from harness import (REDIS_SERVER, Server, ServerTestCase, connect, encode_command,
                     read_until, reference_server, wait_until)


def client_version():
    return tuple(int(p) for p in redis.__version__.split(".")[:2] if p.isdigit())


# redis-py speaks RESP3 (protocol=3) from 5.0 on.
CLIENT_HAS_RESP3 = client_version() >= (5, 0)


class PythonClientTest(ServerTestCase):
    def setUp(self):
        self.r = redis.Redis(host="127.0.0.1", port=self.server.port, socket_timeout=10)
        self.r.flushall()

    def tearDown(self):
        self.r.close()

    def test_strings(self):
        self.assertTrue(self.r.set("k", "v"))
        self.assertEqual(self.r.get("k"), b"v")
        self.assertIsNone(self.r.get("missing"))
        binary = bytes(range(256)) * 4
        self.r.set(b"bin\x00key", binary)
        self.assertEqual(self.r.get(b"bin\x00key"), binary)
        self.assertEqual(self.r.strlen(b"bin\x00key"), 1024)
        self.assertEqual(self.r.append("k", "w"), 2)
        self.assertEqual(self.r.getrange("k", 0, 0), b"v")
        self.assertEqual(self.r.incr("n"), 1)
        self.assertEqual(self.r.incrby("n", 9), 10)
        self.assertEqual(self.r.decr("n"), 9)
        self.assertAlmostEqual(self.r.incrbyfloat("fl", 2.5), 2.5)
        self.assertTrue(self.r.mset({"a": "1", "b": "2"}))
        self.assertEqual(self.r.mget("a", "b", "missing"), [b"1", b"2", None])
        self.assertIsNone(self.r.set("a", "x", nx=True))
        self.assertEqual(self.r.getset("a", "z"), b"1")
        self.assertEqual(self.r.getdel("a"), b"z")
        self.assertEqual(self.r.exists("a", "b"), 1)
        self.assertEqual(self.r.delete("b", "missing"), 1)
        self.assertEqual(self.r.type("k"), b"string")

    def test_decoded_responses(self):
        r = redis.Redis(host="127.0.0.1", port=self.server.port, decode_responses=True)
        try:
            r.set("unicode", "héllo wörld ✓")
            self.assertEqual(r.get("unicode"), "héllo wörld ✓")
            self.assertEqual(r.strlen("unicode"), len("héllo wörld ✓".encode()))
        finally:
            r.close()

    def test_expiry(self):
        self.r.set("e", "1", ex=100)
        self.assertTrue(90 <= self.r.ttl("e") <= 100)
        self.r.set("p", "1", px=50000)
        self.assertTrue(40000 <= self.r.pttl("p") <= 50000)
        self.assertEqual(self.r.ttl("missing"), -2)
        self.r.set("plain", "1")
        self.assertEqual(self.r.ttl("plain"), -1)
        self.assertTrue(self.r.expire("plain", 1000))
        self.assertTrue(self.r.persist("plain"))
        self.assertEqual(self.r.ttl("plain"), -1)
        self.assertFalse(self.r.expire("missing", 10))
        self.r.set("short", "1", px=20)
        wait_until(lambda: self.r.get("short") is None, timeout=5, what="expiry of 'short'")
        self.assertEqual(self.r.exists("short"), 0)
        self.r.setex("sx", 100, "v")
        self.assertTrue(0 < self.r.ttl("sx") <= 100)
        self.assertEqual(self.r.getex("sx", persist=True), b"v")
        self.assertEqual(self.r.ttl("sx"), -1)

    def test_pipeline_1000_commands(self):
        pipe = self.r.pipeline(transaction=False)
        for i in range(500):
            pipe.set(f"p:{i}", i)
        for i in range(499):
            pipe.get(f"p:{i}")
        pipe.incr("p:0")
        results = pipe.execute()
        self.assertEqual(len(results), 1000)
        self.assertTrue(all(r is True for r in results[:500]))
        self.assertEqual(results[500:999], [str(i).encode() for i in range(499)])
        self.assertEqual(results[999], 1)

    def test_pipeline_error_in_the_middle(self):
        pipe = self.r.pipeline(transaction=False)
        pipe.set("t", "text").incr("t").get("t")
        results = pipe.execute(raise_on_error=False)
        self.assertTrue(results[0])
        self.assertIsInstance(results[1], redis.ResponseError)
        self.assertEqual(results[2], b"text")

    def test_scan_iter_returns_every_key(self):
        pipe = self.r.pipeline(transaction=False)
        for i in range(5000):
            pipe.set(f"scan:{i}", "x")
        for i in range(100):
            pipe.set(f"skip:{i}", "x")
        pipe.execute()
        self.assertEqual(self.r.dbsize(), 5100)
        keys = list(self.r.scan_iter(match="scan:*", count=200))
        self.assertEqual(len(keys), len(set(keys)), "a full SCAN pass returned a key twice")
        self.assertEqual(set(keys), {f"scan:{i}".encode() for i in range(5000)})
        self.assertEqual(len(set(self.r.scan_iter())), 5100)
        self.assertEqual(len(set(self.r.scan_iter(_type="string", count=1000))), 5100)

    def test_client_setname_and_list(self):
        self.assertTrue(self.r.client_setname("py-client"))
        self.assertEqual(self.r.client_getname(), "py-client")
        clients = self.r.client_list()
        mine = [c for c in clients if c["name"] == "py-client"]
        self.assertEqual(len(mine), 1, clients)
        self.assertEqual(mine[0]["cmd"], "client|list")
        self.assertEqual(int(mine[0]["id"]), self.r.client_id())
        self.assertEqual(mine[0]["laddr"], f"127.0.0.1:{self.server.port}")

    def test_info(self):
        self.r.set("i1", 1)
        self.r.set("i2", 2, ex=100)
        info = self.r.info()
        self.assertEqual(info["redis_version"], "7.0.15")
        self.assertEqual(info["tcp_port"], self.server.port)
        self.assertEqual(info["db0"]["keys"], 2)
        self.assertEqual(info["db0"]["expires"], 1)
        self.assertGreaterEqual(info["connected_clients"], 1)
        stats = self.r.info("stats")
        self.assertIn("total_commands_processed", stats)
        self.assertNotIn("redis_version", stats)

    def test_config_get_set(self):
        self.assertEqual(self.r.config_get("port"), {"port": str(self.server.port)})
        self.assertTrue(self.r.config_set("maxmemory", "2mb"))
        self.assertEqual(self.r.config_get("maxmemory"), {"maxmemory": "2097152"})
        self.assertTrue(self.r.config_set("maxmemory", 0))
        many = self.r.config_get("*")
        self.assertIn("maxclients", many)
        self.assertIn("timeout", many)
        with self.assertRaises(redis.ResponseError) as ctx:
            self.r.config_set("no-such-option", "1")
        self.assertIn("Unknown option or number of arguments for CONFIG SET", str(ctx.exception))

    def test_command_introspection(self):
        self.assertGreater(self.r.command_count(), 20)
        info = self.r.execute_command("COMMAND", "INFO", "get", "set")
        self.assertEqual(info["get"]["arity"], 2)
        self.assertEqual(info["get"]["flags"], ["readonly", "fast"])
        self.assertEqual(info["set"]["arity"], -3)
        self.assertEqual((info["set"]["first_key_pos"], info["set"]["last_key_pos"]), (1, 1))
        commands = self.r.command()
        self.assertIn("get", commands)
        self.assertEqual(commands["get"]["arity"], 2)

    def test_errors(self):
        self.r.set("word", "abc")
        cases = [
            (("INCR", "word"), "value is not an integer or out of range"),
            (("INCRBYFLOAT", "word", "1"), "value is not a valid float"),
            (("GET",), "wrong number of arguments for 'get' command"),
            (("NOSUCHCMD", "x"), "unknown command 'NOSUCHCMD', with args beginning with: 'x' "),
            (("SET", "k", "v", "EX", "0"), "invalid expire time in 'set' command"),
            (("SET", "k", "v", "BOGUS"), "syntax error"),
            (("SELECT", "99"), "DB index is out of range"),
            (("RENAME", "nokey", "x"), "no such key"),
        ]
        for args, message in cases:
            with self.subTest(args=args):
                with self.assertRaises(redis.ResponseError) as ctx:
                    self.r.execute_command(*args)
                self.assertEqual(str(ctx.exception), message)
        # The connection is still usable after errors.
        self.assertTrue(self.r.ping())

    def test_resp3_over_raw_socket(self):
        with connect(self.server.port) as s:
            s.sendall(encode_command("HELLO", "3"))
            hello = read_until(s, lambda d: b"modules" in d and d.endswith(b"*0\r\n"))
            self.assertTrue(hello.startswith(b"%7\r\n"), hello)
            self.assertIn(b"$5\r\nproto\r\n:3\r\n", hello)
            s.sendall(encode_command("GET", "resp3:missing"))
            self.assertEqual(read_until(s, lambda d: d.endswith(b"\r\n")), b"_\r\n")
            s.sendall(encode_command("INCRBYFLOAT", "resp3:f", "1.5"))
            self.assertEqual(read_until(s, lambda d: d.count(b"\r\n") == 2),
                             b"$3\r\n1.5\r\n")

    @unittest.skipUnless(CLIENT_HAS_RESP3, f"redis-py {redis.__version__} has no protocol=3")
    def test_resp3_client(self):
        r = redis.Redis(host="127.0.0.1", port=self.server.port, protocol=3)
        try:
            r.set("r3", "v")
            self.assertEqual(r.get("r3"), b"v")
            self.assertIsNone(r.get("r3:missing"))
            self.assertEqual(r.config_get("port"), {b"port": str(self.server.port).encode()})
        finally:
            r.close()


@unittest.skipIf(REDIS_SERVER is None, "reference redis-server not installed")
class Resp3MatchesRedisTest(unittest.TestCase):
    """The same RESP3 session against the node and the reference server
    yields the same bytes for every reply."""

    COMMANDS = [
        ("SET", "a", "1"),
        ("GET", "a"),
        ("GET", "missing"),
        ("MGET", "a", "missing"),
        ("INCRBYFLOAT", "f", "2.5"),
        ("EXISTS", "a"),
        ("CONFIG", "GET", "databases"),
        ("TTL", "a"),
        ("TYPE", "a"),
        ("GET",),
        ("INCR", "f"),
        ("OBJECT", "ENCODING", "a"),
        ("PING",),
        ("ECHO", "x"),
        ("SET", "a", "2", "GET"),
        ("CLIENT", "GETNAME"),
        ("SCAN", "0", "MATCH", "nothing*"),
        ("KEYS", "a"),
        ("DEL", "a", "f"),
    ]

    def session(self, port):
        replies = []
        with connect(port) as s:
            s.sendall(encode_command("HELLO", "3"))
            read_until(s, lambda d: d.endswith(b"*0\r\n"))
            for command in self.COMMANDS:
                s.sendall(encode_command(*command) + encode_command("ECHO", "--end--"))
                data = read_until(s, lambda d: d.endswith(b"$7\r\n--end--\r\n"))
                replies.append(data[: -len(b"$7\r\n--end--\r\n")])
        return replies

    def test_same_bytes_as_redis(self):
        node = Server()
        ref = reference_server()
        try:
            node.start()
            ref.start()
            got = self.session(node.port)
            want = self.session(ref.port)
            for command, g, w in zip(self.COMMANDS, got, want):
                with self.subTest(command=command):
                    self.assertEqual(g, w)
        finally:
            node.cleanup()
            ref.cleanup()


class AuthTest(ServerTestCase):
    server_args = ("--requirepass", "secret")

    def test_noauth_without_password(self):
        r = redis.Redis(host="127.0.0.1", port=self.server.port)
        try:
            with self.assertRaises(redis.AuthenticationError) as ctx:
                r.get("x")
            self.assertIn("Authentication required", str(ctx.exception))
        finally:
            r.close()

    def test_wrong_password(self):
        r = redis.Redis(host="127.0.0.1", port=self.server.port, password="wrong")
        try:
            # redis-py maps WRONGPASS to AuthenticationError only from 4.4 on.
            with self.assertRaises((redis.AuthenticationError, redis.ResponseError)) as ctx:
                r.ping()
            self.assertIn("invalid username-password pair", str(ctx.exception))
        finally:
            r.close()

    def test_works_with_password(self):
        r = redis.Redis(host="127.0.0.1", port=self.server.port, password="secret")
        try:
            self.assertTrue(r.ping())
            self.assertTrue(r.set("authed", "yes"))
            self.assertEqual(r.get("authed"), b"yes")
        finally:
            r.close()

    def test_auth_command_on_open_connection(self):
        with connect(self.server.port) as s:
            s.sendall(encode_command("GET", "x"))
            self.assertEqual(read_until(s, lambda d: d.endswith(b"\r\n")),
                             b"-NOAUTH Authentication required.\r\n")
            s.sendall(encode_command("AUTH", "secret"))
            self.assertEqual(read_until(s, lambda d: d.endswith(b"\r\n")), b"+OK\r\n")
            s.sendall(encode_command("PING"))
            self.assertEqual(read_until(s, lambda d: d.endswith(b"\r\n")), b"+PONG\r\n")


if __name__ == "__main__":
    unittest.main()
