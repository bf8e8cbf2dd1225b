"""redis-cli against shoal-node: basic commands, cursors, introspection, a
byte-for-byte comparison of `redis-cli --no-raw` output with the reference
redis-server, and connections over a unix socket."""

import os
import subprocess
import unittest

from harness import REDIS_CLI, REDIS_SERVER, Server, reference_server, wait_until

# Run in this order on a fresh node and on a fresh reference server; each
# command's redis-cli stdout must be identical. Only replies that do not
# depend on time, client ids, ports or memory are listed.
DETERMINISTIC_COMMANDS = [
    ["PING"],
    ["PING", "hello world"],
    ["ECHO", "multi\nline"],
    ["SET", "s", "value"],
    ["GET", "s"],
    ["GET", "missing"],
    ["SET", "s", "other", "GET"],
    ["SET", "s", "x", "NX"],
    ["SET", "s", "y", "XX", "GET"],
    ["SET", "s", "y", "NX", "XX"],
    ["SET", "s", "y", "EX", "0"],
    ["SET", "s", "y", "EX", "notanumber"],
    ["SET", "s", "y", "PX", "-5"],
    ["SET", "s", "y", "KEEPTTL", "EX", "10"],
    ["SETNX", "s", "z"],
    ["SETNX", "fresh", "z"],
    ["GETSET", "fresh", "zz"],
    ["APPEND", "s", "-tail"],
    ["STRLEN", "s"],
    ["STRLEN", "missing"],
    ["GETRANGE", "s", "0", "2"],
    ["GETRANGE", "s", "-3", "-1"],
    ["GETRANGE", "s", "5", "1"],
    ["SETRANGE", "s", "10", "pad"],
    ["GET", "s"],
    ["SETRANGE", "s", "-1", "x"],
    ["INCR", "counter"],
    ["INCRBY", "counter", "41"],
    ["DECR", "counter"],
    ["DECRBY", "counter", "-10"],
    ["INCR", "s"],
    ["INCRBY", "counter", "9223372036854775807"],
    ["INCRBYFLOAT", "f", "1.5"],
    ["INCRBYFLOAT", "f", "0.1"],
    ["INCRBYFLOAT", "f", "-3e2"],
    ["INCRBYFLOAT", "f", "abc"],
    ["SET", "big", "10.50"],
    ["INCRBYFLOAT", "big", "0"],
    ["MSET", "a", "1", "b", "2", "c", "3"],
    ["MGET", "a", "b", "missing", "c"],
    ["MSET", "a"],
    ["MSETNX", "a", "9", "d", "4"],
    ["MSETNX", "d", "4", "e", "5"],
    ["MGET", "d", "e"],
    ["GETDEL", "e"],
    ["GETDEL", "e"],
    ["EXISTS", "a", "b", "missing", "a"],
    ["DEL", "a", "missing"],
    ["UNLINK", "b", "c"],
    ["TYPE", "d"],
    ["TYPE", "missing"],
    ["TTL", "d"],
    ["TTL", "missing"],
    ["PTTL", "missing"],
    ["EXPIRE", "missing", "10"],
    ["EXPIRE", "d", "notanumber"],
    ["EXPIRE", "d", "100", "NX"],
    ["EXPIRE", "d", "200", "NX"],
    ["EXPIRE", "d", "50", "GT"],
    ["EXPIRE", "d", "100", "NX", "XX"],
    ["PERSIST", "d"],
    ["PERSIST", "d"],
    ["TTL", "d"],
    ["SET", "gone", "1", "PX", "1"],
    ["EXPIRE", "fresh", "-1"],
    ["EXISTS", "fresh"],
    ["OBJECT", "ENCODING", "counter"],
    ["OBJECT", "ENCODING", "d"],
    ["SET", "long", "x" * 50],
    ["OBJECT", "ENCODING", "long"],
    ["OBJECT", "ENCODING", "missing"],
    ["RENAME", "missing", "x"],
    ["RENAME", "d", "d2"],
    ["RENAMENX", "d2", "long"],
    ["COPY", "d2", "d3"],
    ["GET", "d3"],
    ["GETEX", "d3", "PERSIST"],
    ["GETEX", "d3", "EX", "0"],
    ["SELECT", "1"],
    ["SELECT", "16"],
    ["SELECT", "x"],
    ["DBSIZE"],
    ["GET"],
    ["SET", "onlykey"],
    ["NOSUCHCOMMAND", "arg1", "arg2"],
    ["CONFIG", "GET", "databases"],
    ["CONFIG", "GET", "maxmemory-policy"],
    ["CONFIG", "GET", "no-such-parameter"],
    ["CONFIG", "SET", "no-such-parameter", "1"],
    ["CONFIG", "SET", "maxmemory", "notasize"],
    ["CONFIG", "SET", "maxmemory", "1mb"],
    ["CONFIG", "GET", "maxmemory"],
    ["CONFIG", "SET", "maxmemory", "0"],
    ["CLIENT", "SETNAME", "has space"],
    ["CLIENT", "GETNAME"],
    ["CLIENT", "NOSUCHSUB"],
    ["FLUSHALL"],
    ["DBSIZE"],
]


class RedisCliTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.node = Server().start()

    @classmethod
    def tearDownClass(cls):
        cls.node.cleanup()

    def cli(self, *args, input=None):
        result = self.node.cli(*args, input=input)
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout

    def setUp(self):
        self.assertEqual(self.cli("FLUSHALL"), "OK\n")

    def test_ping(self):
        self.assertEqual(self.cli("PING"), "PONG\n")
        self.assertEqual(self.cli("PING", "hi there"), "hi there\n")

    def test_set_get(self):
        self.assertEqual(self.cli("SET", "greeting", "hello world"), "OK\n")
        self.assertEqual(self.cli("GET", "greeting"), "hello world\n")
        self.assertEqual(self.cli("GET", "nosuchkey"), "\n")
        self.assertEqual(self.cli("--no-raw", "GET", "nosuchkey"), "(nil)\n")

    def test_incr(self):
        self.assertEqual(self.cli("INCR", "n"), "1\n")
        self.assertEqual(self.cli("INCRBY", "n", "41"), "42\n")
        self.assertEqual(self.cli("GET", "n"), "42\n")
        self.cli("SET", "text", "abc")
        self.assertIn("value is not an integer or out of range", self.cli("INCR", "text"))

    def test_mset_mget(self):
        self.assertEqual(self.cli("MSET", "k1", "v1", "k2", "v2", "k3", "v3"), "OK\n")
        self.assertEqual(self.cli("MGET", "k1", "k2", "nope", "k3"), "v1\nv2\n\nv3\n")
        self.assertEqual(self.cli("--no-raw", "MGET", "k1", "nope"), '1) "v1"\n2) (nil)\n')

    def test_expire_ttl(self):
        self.cli("SET", "temp", "1")
        self.assertEqual(self.cli("TTL", "temp"), "-1\n")
        self.assertEqual(self.cli("EXPIRE", "temp", "100"), "1\n")
        ttl = int(self.cli("TTL", "temp"))
        self.assertTrue(90 <= ttl <= 100, ttl)
        pttl = int(self.cli("PTTL", "temp"))
        self.assertTrue(90000 <= pttl <= 100000, pttl)
        self.assertEqual(self.cli("TTL", "absent"), "-2\n")
        self.assertEqual(self.cli("PEXPIRE", "temp", "1"), "1\n")
        # The key expires on its own within a bounded time.
        wait_until(lambda: self.cli("EXISTS", "temp") == "0\n", timeout=5, what="key expiry")

    def test_keys(self):
        self.cli("MSET", "apple", "1", "apricot", "2", "banana", "3", "a", "4")
        self.assertEqual(sorted(self.cli("KEYS", "ap*").split()), ["apple", "apricot"])
        self.assertEqual(sorted(self.cli("KEYS", "*").split()), ["a", "apple", "apricot", "banana"])
        self.assertEqual(sorted(self.cli("KEYS", "?").split()), ["a"])
        # redis-cli prints an empty array as one newline.
        self.assertEqual(self.cli("KEYS", "zzz*"), "\n")

    def test_scan_with_pattern(self):
        lines = [f"SET user:{i} {i}" for i in range(1500)]
        lines += [f"SET other:{i} x" for i in range(200)]
        self.cli(input="\n".join(lines) + "\n")
        self.assertEqual(self.cli("DBSIZE"), "1700\n")
        out = self.cli("--scan", "--pattern", "user:*")
        found = out.split()
        self.assertEqual(len(found), len(set(found)), "SCAN returned a key twice in a full pass")
        self.assertEqual(set(found), {f"user:{i}" for i in range(1500)})
        everything = self.cli("--scan").split()
        self.assertEqual(len(set(everything)), 1700)

    def test_info_fields(self):
        self.cli("MSET", "x", "1", "y", "2")
        self.cli("EXPIRE", "x", "1000")
        info = self.cli("INFO")
        fields = {}
        for line in info.splitlines():
            if ":" in line and not line.startswith("#"):
                name, value = line.split(":", 1)
                fields[name] = value
        self.assertEqual(fields["redis_version"], "7.0.15")
        self.assertEqual(fields["tcp_port"], str(self.node.port))
        self.assertEqual(fields["process_id"], str(self.node.proc.pid))
        self.assertGreaterEqual(int(fields["connected_clients"]), 1)
        self.assertGreater(int(fields["used_memory"]), 0)
        self.assertIn("total_commands_processed", fields)
        self.assertEqual(fields["db0"].split(",")[:2], ["keys=2", "expires=1"])
        for section in ("# Server", "# Clients", "# Memory", "# Stats", "# Keyspace"):
            self.assertIn(section, info)
        server_only = self.cli("INFO", "server")
        self.assertIn("redis_version:", server_only)
        self.assertNotIn("# Clients", server_only)

    def test_config_get_set(self):
        self.assertEqual(self.cli("CONFIG", "GET", "port"), f"port\n{self.node.port}\n")
        self.assertEqual(self.cli("CONFIG", "SET", "maxmemory", "10mb"), "OK\n")
        self.assertEqual(self.cli("CONFIG", "GET", "maxmemory"), "maxmemory\n10485760\n")
        self.assertEqual(self.cli("CONFIG", "SET", "maxmemory", "0"), "OK\n")
        pairs = self.cli("CONFIG", "GET", "max*").split("\n")
        self.assertIn("maxclients", pairs[0::2])
        self.assertIn("ERR", self.cli("CONFIG", "SET", "maxclients", "lots"))

    def test_client_list(self):
        out = self.cli(input="CLIENT SETNAME cli-test\nCLIENT GETNAME\nCLIENT LIST\n")
        lines = out.splitlines()
        self.assertEqual(lines[:2], ["OK", "cli-test"])
        me = [l for l in lines[2:] if " name=cli-test " in f" {l} "]
        self.assertEqual(len(me), 1, out)
        self.assertRegex(me[0], r"^id=\d+ addr=127\.0\.0\.1:\d+ laddr=127\.0\.0\.1:%d fd=\d+ "
                         % self.node.port)
        self.assertIn(" cmd=client|list ", me[0])

    def test_command_count(self):
        count = int(self.cli("COMMAND", "COUNT"))
        self.assertGreater(count, 20)
        docs = self.cli("--no-raw", "COMMAND", "INFO", "get")
        self.assertIn('"get"', docs)

    def test_unix_socket(self):
        node = Server()
        sock = os.path.join(node.dir, "node.sock")
        node.args += ["--unixsocket", sock, "--unixsocketperm", "700"]
        try:
            node.start()
            run = lambda *a: subprocess.run([REDIS_CLI, "-s", sock, *a], capture_output=True,
                                            text=True, timeout=30)
            self.assertEqual(run("PING").stdout, "PONG\n")
            self.assertEqual(run("SET", "via", "socket").stdout, "OK\n")
            self.assertEqual(node.cli("GET", "via").stdout, "socket\n")
            self.assertEqual(oct(os.stat(sock).st_mode & 0o777), oct(0o700))
            self.assertIn("unixsocket", run("CONFIG", "GET", "unixsocket").stdout)
        finally:
            node.cleanup()


@unittest.skipIf(REDIS_SERVER is None, "reference redis-server not installed")
class NoRawOutputMatchesRedisTest(unittest.TestCase):
    def test_same_output_as_redis(self):
        node = Server()
        ref = reference_server()
        try:
            node.start()
            ref.start()
            mismatches = []
            for command in DETERMINISTIC_COMMANDS:
                got = node.cli("--no-raw", *command)
                want = ref.cli("--no-raw", *command)
                if got.stdout != want.stdout:
                    mismatches.append(f"{command}: shoal={got.stdout!r} redis={want.stdout!r}")
            self.assertEqual(mismatches, [], "\n".join(mismatches))
        finally:
            node.cleanup()
            ref.cleanup()


if __name__ == "__main__":
    unittest.main()
