"""The set family side by side with the reference redis-server: a scripted
sequence of deterministic commands must get the same replies (unordered
replies compared sorted), the same encodings and the same errors; and a set
of 200,000 string members must take no more memory than in Redis."""

import unittest

import redis

from harness import NodeAndReferenceTestCase, connect, encode_command, read_until

# Replies whose order Redis leaves unspecified (or random): compared sorted.
UNORDERED = {"SMEMBERS", "SINTER", "SUNION", "SDIFF"}

SCRIPT = [
    ["SADD", "ints", "1", "2", "3", "-5", "70000"],
    ["OBJECT", "ENCODING", "ints"],
    ["SADD", "ints", "5000000000", "2"],
    ["SMEMBERS", "ints"],
    ["SCARD", "ints"],
    ["SISMEMBER", "ints", "70000"],
    ["SISMEMBER", "ints", "07"],
    ["SMISMEMBER", "ints", "1", "x", "5000000000"],
    ["SADD", "strs", "a", "b", "c", "1"],
    ["OBJECT", "ENCODING", "strs"],
    ["SADD", "ints", "01"],
    ["OBJECT", "ENCODING", "ints"],
    ["SREM", "ints", "01", "nothere"],
    ["OBJECT", "ENCODING", "ints"],
    ["SINTER", "ints", "strs"],
    ["SINTERCARD", "2", "ints", "strs"],
    ["SINTERCARD", "2", "ints", "strs", "LIMIT", "1"],
    ["SINTERSTORE", "dst", "ints", "strs"],
    ["OBJECT", "ENCODING", "dst"],
    ["SUNION", "ints", "strs", "missing"],
    ["SUNIONSTORE", "dst", "ints", "strs"],
    ["SCARD", "dst"],
    ["SDIFF", "ints", "strs"],
    ["SDIFFSTORE", "dst", "ints", "strs"],
    ["OBJECT", "ENCODING", "dst"],
    ["SDIFFSTORE", "dst", "missing", "ints"],
    ["EXISTS", "dst"],
    ["SMOVE", "strs", "moved", "a"],
    ["SMOVE", "strs", "moved", "a"],
    ["SMOVE", "strs", "strs", "b"],
    ["SMOVE", "ints", "moved2", "70000"],
    ["OBJECT", "ENCODING", "moved2"],
    ["SREM", "moved2", "70000"],
    ["EXISTS", "moved2"],
    ["SET", "str", "v"],
    ["SADD", "str", "a"],
    ["SINTER", "missing", "str"],
    ["SUNIONSTORE", "dst", "ints", "str"],
    ["SMOVE", "str", "ints", "1"],
    ["SMOVE", "missing", "str", "1"],
    ["SINTERCARD", "0", "ints"],
    ["SINTERCARD", "5", "ints"],
    ["SINTERCARD", "1", "ints", "LIMIT", "-2"],
    ["SINTERCARD", "1", "ints", "BOGUS"],
    ["SPOP", "ints", "-1"],
    ["SPOP", "ints", "1", "2"],
    ["SPOP", "missing"],
    ["SPOP", "missing", "2"],
    ["SRANDMEMBER", "missing", "2"],
    ["SRANDMEMBER", "ints", "0"],
    ["SRANDMEMBER", "ints", "x"],
    ["SSCAN", "ints", "0"],
    ["SSCAN", "ints", "0", "MATCH", "*0*"],
    ["SSCAN", "ints", "abc"],
    ["SSCAN", "ints", "0", "COUNT", "0"],
    ["SSCAN", "ints", "0", "TYPE", "set"],
    ["SSCAN", "missing", "0"],
    ["CONFIG", "SET", "set-max-intset-entries", "4"],
    ["SADD", "small", "1", "2", "3", "4"],
    ["OBJECT", "ENCODING", "small"],
    ["SADD", "small", "5"],
    ["OBJECT", "ENCODING", "small"],
    ["SUNIONSTORE", "dst", "small"],
    ["OBJECT", "ENCODING", "dst"],
    ["CONFIG", "SET", "set-max-intset-entries", "512"],
    ["SUNIONSTORE", "dst", "small"],
    ["OBJECT", "ENCODING", "dst"],
    ["SADD", "e", ""],
    ["SMEMBERS", "e"],
    ["SADD"],
    ["SCARD", "a", "b"],
    ["SINTERCARD", "1"],
]


# Commands whose RESP3 replies are deterministic (intset members come out
# sorted), compared byte for byte.
RESP3_SCRIPT = [
    ["SADD", "a", "3", "1", "2"],
    ["SADD", "b", "2", "3", "4"],
    ["SMEMBERS", "a"],
    ["SMEMBERS", "missing"],
    ["SINTER", "a", "b"],
    ["SINTER", "a", "missing"],
    ["SUNION", "a", "b"],
    ["SDIFF", "a", "b"],
    ["SMISMEMBER", "a", "1", "9"],
    ["SPOP", "missing"],
    ["SPOP", "missing", "2"],
    ["SPOP", "a", "0"],
    ["SRANDMEMBER", "missing"],
    ["SRANDMEMBER", "missing", "2"],
    ["SRANDMEMBER", "a", "10"],
    ["SRANDMEMBER", "a", "0"],
    ["SSCAN", "a", "0"],
    ["SSCAN", "missing", "0"],
    ["SINTERCARD", "2", "a", "b"],
    ["SPOP", "b", "5"],
]


def raw_replies(port, commands):
    """Each command's raw RESP3 reply. A PING after each one marks where the
    reply ends (no set command's reply ends with +PONG)."""
    with connect(port) as sock:
        sock.sendall(encode_command("HELLO", "3") + encode_command("PING"))
        read_until(sock, lambda d: d.endswith(b"+PONG\r\n"))
        out = []
        for cmd in commands:
            sock.sendall(encode_command(*cmd) + encode_command("PING"))
            data = read_until(sock, lambda d: d.endswith(b"+PONG\r\n"))
            out.append(data[:-len(b"+PONG\r\n")])
        return out


def normalise(cmd, reply):
    if cmd[0] in UNORDERED and isinstance(reply, (list, set)):
        return sorted(reply)
    if cmd[0] == "SSCAN" and isinstance(reply, list):
        return [reply[0], sorted(reply[1])]
    return reply


def run(client, cmd):
    """The raw reply (no client-side reshaping), or the error text."""
    conn = client.connection_pool.get_connection(cmd[0])
    try:
        conn.send_command(*cmd)
        return normalise(cmd, conn.read_response())
    except redis.ResponseError as err:
        return ("error", str(err))
    finally:
        client.connection_pool.release(conn)


class SetsCompatTest(NodeAndReferenceTestCase):
    def setUp(self):
        self.n = redis.Redis(host="127.0.0.1", port=self.node.port, socket_timeout=30)
        self.r = redis.Redis(host="127.0.0.1", port=self.ref.port, socket_timeout=30)
        for c in (self.n, self.r):
            c.flushall()
            c.config_set("set-max-intset-entries", 512)

    def tearDown(self):
        self.n.close()
        self.r.close()

    def test_scripted_sequence(self):
        for cmd in SCRIPT:
            with self.subTest(cmd=" ".join(cmd)):
                self.assertEqual(run(self.n, cmd), run(self.r, cmd))

    def test_resp3_replies_byte_identical(self):
        got = raw_replies(self.node.port, RESP3_SCRIPT)
        want = raw_replies(self.ref.port, RESP3_SCRIPT)
        for cmd, g, w in zip(RESP3_SCRIPT, got, want):
            with self.subTest(cmd=" ".join(cmd)):
                self.assertEqual(g, w)

    def test_conversion_at_intset_limit(self):
        for c in (self.n, self.r):
            c.sadd("s", *range(512))
        encoding = ["OBJECT", "ENCODING", "s"]
        self.assertEqual(run(self.n, encoding), b"intset")
        self.assertEqual(run(self.r, encoding), b"intset")
        for c in (self.n, self.r):
            c.sadd("s", 512)
        self.assertEqual(run(self.n, encoding), b"hashtable")
        self.assertEqual(run(self.r, encoding), b"hashtable")
        self.assertEqual(sorted(self.n.smembers("s")), sorted(self.r.smembers("s")))

    def test_random_commands_keep_their_properties(self):
        for c in (self.n, self.r):
            c.sadd("h", *[f"m{i}" for i in range(100)])
        for count in (5, 50, 99, 100, 200):
            got = self.n.srandmember("h", count)
            self.assertEqual(len(got), min(count, 100))
            self.assertEqual(len(set(got)), len(got))
        self.assertEqual(len(self.n.srandmember("h", -300)), 300)
        popped = self.n.spop("h", 30)
        self.assertEqual(len(set(popped)), 30)
        self.assertEqual(self.n.scard("h"), 70)
        self.assertEqual(self.n.spop("h", 1000) and self.n.exists("h"), 0)

    def test_sscan_hashtable_covers_all(self):
        members = {f"member:{i}".encode() for i in range(3000)}
        self.n.sadd("big", *members)
        seen = set()
        cursor = 0
        for _ in range(100000):
            cursor, page = self.n.sscan("big", cursor, count=50)
            seen.update(page)
            if cursor == 0:
                break
        self.assertEqual(seen, members)

    def used_memory(self, client):
        return int(client.info("memory")["used_memory"])

    def test_memory_of_200k_string_members(self):
        deltas = {}
        for name, c in (("shoal", self.n), ("redis", self.r)):
            before = self.used_memory(c)
            pipe = c.pipeline(transaction=False)
            for start in range(0, 200_000, 1000):
                pipe.sadd("big", *[f"member:{i}" for i in range(start, start + 1000)])
            pipe.execute()
            self.assertEqual(c.scard("big"), 200_000)
            self.assertEqual(run(c, ["OBJECT", "ENCODING", "big"]), b"hashtable")
            deltas[name] = self.used_memory(c) - before
        print(f"\n200k set members: shoal {deltas['shoal']} B, redis {deltas['redis']} B "
              f"({deltas['shoal'] / deltas['redis']:.2f}x)")
        self.assertLessEqual(deltas["shoal"], deltas["redis"])


if __name__ == "__main__":
    unittest.main()
