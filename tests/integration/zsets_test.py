"""Sorted sets side by side with the reference redis-server: a scripted
sequence of commands (replies compared byte for byte, in RESP2 and RESP3,
including OBJECT ENCODING at the listpack thresholds), and the memory a large
sorted set costs."""

import random
import unittest

from harness import NodeAndReferenceTestCase, connect, encode_command, wait_until


class Conn:
    """One client connection that reads exactly one reply per command."""

    def __init__(self, port):
        self.sock = connect(port, timeout=10.0)
        self.buf = b""

    def close(self):
        self.sock.close()

    def _fill(self):
        chunk = self.sock.recv(1 << 20)
        if not chunk:
            raise AssertionError("connection closed")
        self.buf += chunk

    def _line(self, pos):
        while True:
            end = self.buf.find(b"\r\n", pos)
            if end >= 0:
                return end
            self._fill()

    def _reply_end(self, pos):
        """Offset just past the reply starting at pos."""
        end = self._line(pos)
        kind = self.buf[pos:pos + 1]
        head = self.buf[pos + 1:end]
        if kind in (b"$", b"=", b"!"):
            n = int(head)
            if n < 0:
                return end + 2
            while len(self.buf) < end + 2 + n + 2:
                self._fill()
            return end + 2 + n + 2
        if kind in (b"*", b"~", b">", b"%"):
            n = int(head)
            if n < 0:
                return end + 2
            if kind == b"%":
                n *= 2
            p = end + 2
            for _ in range(n):
                p = self._reply_end(p)
            return p
        return end + 2

    def call(self, *args):
        self.sock.sendall(encode_command(*args))
        end = self._reply_end(0)
        reply, self.buf = self.buf[:end], self.buf[end:]
        return reply


# Commands whose replies must match byte for byte.
SCRIPT = [
    # ZADD and its options.
    ["ZADD", "z", "1", "a", "2", "b", "3", "c"],
    ["ZADD", "z", "NX", "XX", "1", "a"],
    ["ZADD", "z", "GT", "LT", "1", "a"],
    ["ZADD", "z", "NX", "GT", "1", "a"],
    ["ZADD", "z", "INCR", "1", "a", "2", "b"],
    ["ZADD", "z", "1"],
    ["ZADD", "z", "1", "a", "2"],
    ["ZADD", "z", "x", "a"],
    ["ZADD", "z", "nan", "a"],
    ["ZADD", "z"],
    ["ZADD", "z", "CH", "5", "a", "2", "b", "9", "new"],
    ["ZADD", "z", "GT", "CH", "1", "a", "10", "b"],
    ["ZADD", "z", "LT", "CH", "1", "a", "100", "b"],
    ["ZADD", "z", "XX", "7", "nope"],
    ["ZADD", "z", "NX", "INCR", "1", "a"],
    ["ZADD", "z", "XX", "INCR", "1", "absent"],
    ["ZADD", "z", "GT", "INCR", "-1", "a"],
    ["ZADD", "z", "INCR", "0.5", "a"],
    ["ZADD", "z", "-inf", "m", "+inf", "p", "1e300", "big", "0.1", "tenth", "-0", "mz"],
    ["ZINCRBY", "z", "-inf", "p"],
    ["ZINCRBY", "z", "1", "x"],
    ["ZINCRBY", "z", "abc", "x"],
    ["ZINCRBY", "z", "1.5e-7", "x"],
    ["ZADD", "nokey", "XX", "1", "a"],
    ["ZADD", "nokey", "XX", "INCR", "1", "a"],
    ["EXISTS", "nokey"],
    ["ZRANGE", "z", "0", "-1", "WITHSCORES"],
    ["ZSCORE", "z", "tenth"],
    ["ZSCORE", "z", "missing"],
    ["ZSCORE", "nokey", "a"],
    ["ZMSCORE", "z", "a", "missing", "big"],
    ["ZMSCORE", "nokey", "a", "b"],
    ["ZCARD", "z"],
    ["ZCARD", "nokey"],
    ["ZRANK", "z", "a"],
    ["ZREVRANK", "z", "a"],
    ["ZRANK", "z", "zz"],
    ["ZRANK", "nokey", "a"],
    ["OBJECT", "ENCODING", "z"],
    # Ranges.
    ["ZRANGE", "z", "1", "3"],
    ["ZRANGE", "z", "-3", "-1", "WITHSCORES"],
    ["ZRANGE", "z", "5", "2"],
    ["ZRANGE", "z", "0", "100", "REV"],
    ["ZRANGE", "z", "x", "1"],
    ["ZRANGE", "z", "0", "1", "LIMIT", "0", "1"],
    ["ZRANGE", "z", "0", "1", "BYLEX", "WITHSCORES"],
    ["ZRANGE", "z", "(1", "10", "BYSCORE", "WITHSCORES"],
    ["ZRANGE", "z", "10", "(1", "BYSCORE", "REV", "WITHSCORES"],
    ["ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "1", "2"],
    ["ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "-1", "2"],
    ["ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "2", "-1"],
    ["ZRANGE", "z", "+inf", "-inf", "BYSCORE", "REV", "LIMIT", "1", "3", "WITHSCORES"],
    ["ZRANGE", "z", "a", "b", "BYSCORE"],
    ["ZRANGE", "z", "0", "-1", "BYSCORE", "BYLEX"],
    ["ZRANGE", "z", "0", "-1", "REV", "REV"],
    ["ZRANGE", "z", "0", "-1", "LIMIT", "1"],
    ["ZRANGE", "z", "0", "-1", "LIMIT", "a", "1", "BYSCORE"],
    ["ZRANGEBYSCORE", "z", "-inf", "+inf"],
    ["ZRANGEBYSCORE", "z", "(0", "(2", "WITHSCORES"],
    ["ZRANGEBYSCORE", "z", "", ""],
    ["ZRANGEBYSCORE", "z", "nan", "1"],
    ["ZRANGEBYSCORE", "z", "0", "10", "BYSCORE"],
    ["ZREVRANGEBYSCORE", "z", "+inf", "-inf", "WITHSCORES", "LIMIT", "0", "2"],
    ["ZREVRANGEBYSCORE", "z", "2", "(0"],
    ["ZREVRANGEBYSCORE", "z", "2", "0", "REV"],
    ["ZREVRANGE", "z", "0", "2", "WITHSCORES"],
    ["ZREVRANGE", "z", "0", "2", "BYSCORE"],
    ["ZCOUNT", "z", "-inf", "+inf"],
    ["ZCOUNT", "z", "(1", "2"],
    ["ZCOUNT", "z", "x", "2"],
    ["ZCOUNT", "nokey", "0", "1"],
    # Lex.
    ["ZADD", "lex", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e", "0", "ab"],
    ["ZRANGEBYLEX", "lex", "-", "+"],
    ["ZRANGEBYLEX", "lex", "[a", "(c"],
    ["ZRANGEBYLEX", "lex", "(a", "[c", "LIMIT", "1", "2"],
    ["ZRANGEBYLEX", "lex", "+", "-"],
    ["ZRANGEBYLEX", "lex", "a", "c"],
    ["ZRANGEBYLEX", "lex", "-", "+", "WITHSCORES"],
    ["ZREVRANGEBYLEX", "lex", "+", "-"],
    ["ZREVRANGEBYLEX", "lex", "[c", "(a", "LIMIT", "0", "1"],
    ["ZRANGE", "lex", "[b", "[d", "BYLEX"],
    ["ZRANGE", "lex", "[d", "[b", "BYLEX", "REV"],
    ["ZLEXCOUNT", "lex", "-", "+"],
    ["ZLEXCOUNT", "lex", "(a", "[c"],
    ["ZLEXCOUNT", "lex", "x", "+"],
    ["ZLEXCOUNT", "lex", "-+", "+"],
    # ZRANGESTORE.
    ["ZRANGESTORE", "dst", "z", "0", "2"],
    ["ZRANGE", "dst", "0", "-1", "WITHSCORES"],
    ["OBJECT", "ENCODING", "dst"],
    ["ZRANGESTORE", "dst", "z", "10", "20"],
    ["EXISTS", "dst"],
    ["ZRANGESTORE", "dst", "lex", "[b", "[d", "BYLEX", "LIMIT", "0", "2"],
    ["ZRANGE", "dst", "0", "-1"],
    ["ZRANGESTORE", "dst", "z", "0", "1", "WITHSCORES"],
    ["ZRANGESTORE", "dst", "nokey", "0", "1"],
    ["EXISTS", "dst"],
    # Removals.
    ["ZREM", "z", "a", "b", "zz"],
    ["ZREM", "nokey", "a"],
    ["ZREMRANGEBYSCORE", "z", "-inf", "(0"],
    ["ZREMRANGEBYSCORE", "z", "x", "1"],
    ["ZREMRANGEBYRANK", "z", "0", "0"],
    ["ZREMRANGEBYRANK", "z", "a", "0"],
    ["ZREMRANGEBYRANK", "z", "10", "20"],
    ["ZREMRANGEBYLEX", "lex", "[a", "[b"],
    ["ZREMRANGEBYLEX", "lex", "a", "[b"],
    ["ZRANGE", "z", "0", "-1", "WITHSCORES"],
    ["ZREMRANGEBYRANK", "z", "0", "-1"],
    ["EXISTS", "z"],
    # Pops.
    ["ZADD", "p", "1", "a", "2", "b", "3", "c", "4", "d"],
    ["ZPOPMIN", "p"],
    ["ZPOPMAX", "p", "2"],
    ["ZPOPMIN", "p", "0"],
    ["ZPOPMIN", "p", "-1"],
    ["ZPOPMIN", "p", "x"],
    ["ZPOPMIN", "p", "1", "2"],
    ["ZPOPMIN", "nokey"],
    ["ZPOPMIN", "nokey", "3"],
    ["ZPOPMAX", "p", "10"],
    ["EXISTS", "p"],
    ["ZADD", "p", "1", "a", "2", "b", "3", "c"],
    ["ZMPOP", "2", "nokey", "p", "MIN"],
    ["ZMPOP", "1", "p", "MAX", "COUNT", "10"],
    ["ZMPOP", "1", "p", "MAX"],
    ["ZMPOP", "0", "p", "MAX"],
    ["ZMPOP", "1", "p", "MID"],
    ["ZMPOP", "1", "p", "MIN", "COUNT", "0"],
    ["ZMPOP", "1", "p", "MIN", "COUNT", "1", "COUNT", "1"],
    ["ZMPOP", "3", "p", "MIN"],
    ["ZMPOP", "x", "p", "MIN"],
    ["ZADD", "p", "1", "a"],
    ["BZPOPMIN", "nokey", "p", "0"],
    ["BZPOPMAX", "nokey", "0.01"],
    ["BZPOPMIN", "p", "-1"],
    ["BZPOPMIN", "p", "abc"],
    ["ZADD", "p", "1", "a", "2", "b"],
    ["BZMPOP", "0", "1", "p", "MAX", "COUNT", "5"],
    ["BZMPOP", "0.01", "1", "p", "MAX"],
    ["BZMPOP", "-1", "1", "p", "MAX"],
    ["BZMPOP", "0", "0", "p", "MAX"],
    # Set operations.
    ["ZADD", "s1", "1", "a", "2", "b", "3", "c"],
    ["ZADD", "s2", "10", "b", "20", "c", "30", "d"],
    ["ZUNION", "2", "s1", "s2", "WITHSCORES"],
    ["ZUNION", "2", "s1", "s2", "WEIGHTS", "2", "0.5", "AGGREGATE", "MAX", "WITHSCORES"],
    ["ZUNION", "2", "s1", "s2", "AGGREGATE", "MIN"],
    ["ZUNION", "2", "s1", "s2", "AGGREGATE", "AVG"],
    ["ZUNION", "2", "s1", "s2", "WEIGHTS", "1"],
    ["ZUNION", "2", "s1", "s2", "WEIGHTS", "1", "x"],
    ["ZUNION", "0", "s1"],
    ["ZUNION", "3", "s1", "s2"],
    ["ZINTER", "2", "s1", "s2", "WITHSCORES"],
    ["ZINTER", "2", "s1", "nokey"],
    ["ZINTER", "2", "s1", "s2", "AGGREGATE", "MAX", "WITHSCORES"],
    ["ZDIFF", "2", "s1", "s2", "WITHSCORES"],
    ["ZDIFF", "2", "s1", "s2", "WEIGHTS", "1", "2"],
    ["ZDIFF", "1", "nokey"],
    ["ZUNIONSTORE", "out", "2", "s1", "s2"],
    ["ZRANGE", "out", "0", "-1", "WITHSCORES"],
    ["OBJECT", "ENCODING", "out"],
    ["ZINTERSTORE", "out", "2", "s1", "s2", "WEIGHTS", "1", "-1"],
    ["ZRANGE", "out", "0", "-1", "WITHSCORES"],
    ["ZDIFFSTORE", "out", "2", "s1", "s1"],
    ["EXISTS", "out"],
    ["ZDIFFSTORE", "out", "1", "s1"],
    ["ZUNIONSTORE", "out", "2", "s1", "s2", "WITHSCORES"],
    ["ZINTERSTORE", "out", "0", "s1"],
    ["ZINTERCARD", "2", "s1", "s2"],
    ["ZINTERCARD", "2", "s1", "s2", "LIMIT", "1"],
    ["ZINTERCARD", "2", "s1", "s2", "LIMIT", "-1"],
    ["ZINTERCARD", "0", "s1"],
    ["ZINTERCARD", "2", "s1", "s2", "WITHSCORES"],
    ["ZADD", "inf1", "inf", "x"],
    ["ZADD", "inf2", "-inf", "x"],
    ["ZUNION", "2", "inf1", "inf2", "WITHSCORES"],
    ["ZUNION", "2", "inf1", "inf2", "WEIGHTS", "0", "1", "WITHSCORES"],
    # Random members (deterministic shapes only).
    ["ZRANDMEMBER", "nokey"],
    ["ZRANDMEMBER", "nokey", "5"],
    ["ZRANDMEMBER", "s1", "0"],
    ["ZRANDMEMBER", "s1", "10", "WITHSCORES"],
    ["ZRANDMEMBER", "s1", "3", "WITHSCORE"],
    ["ZRANDMEMBER", "s1", "x"],
    ["ZRANDMEMBER", "s1", "-9223372036854775808"],
    ["ZRANDMEMBER", "s1", "9223372036854775807", "WITHSCORES"],
    ["ZRANDMEMBER", "s1", "1", "WITHSCORES", "x"],
    # ZSCAN on a small set.
    ["ZSCAN", "s1", "0"],
    ["ZSCAN", "s1", "0", "MATCH", "b*"],
    ["ZSCAN", "s1", "x"],
    ["ZSCAN", "s1", "0", "TYPE", "zset"],
    ["ZSCAN", "nokey", "0"],
    ["ZADD", "sc", "0.1", "a", "1e20", "b", "-0", "c"],
    ["ZSCAN", "sc", "0"],
    # Parsing corners.
    ["ZADD", "e", "1", "a", "1", "a"],
    ["ZADD", "e", "1e400", "b"],
    ["ZADD", "e", "1e-400", "b"],
    ["ZADD", "e", " 1", "b"],
    ["ZADD", "e", "0x10", "b", "1e308", "c", "1.5e-300", "d"],
    ["ZRANGE", "e", "0", "-1", "WITHSCORES"],
    ["ZRANGEBYSCORE", "e", "(-inf", "(inf"],
    ["ZRANGEBYSCORE", "e", " 1", "1e400"],
    ["ZCOUNT", "e", "(5", "(5"],
    ["ZRANGE", "e", "-inf", "+inf", "BYSCORE", "LIMIT", "9223372036854775807", "1"],
    ["ZRANGE", "e", "-", "+", "BYLEX", "LIMIT", "1", "0"],
    ["ZRANGEBYLEX", "lex", "[", "+"],
    ["ZRANGEBYLEX", "lex", "(c", "(c"],
    ["ZRANGEBYLEX", "lex", "-", "-"],
    ["ZLEXCOUNT", "lex", "[e", "[c"],
    ["ZINTERCARD", "1", "e", "LIMIT", "x"],
    ["ZUNION", "1", "e", "WEIGHTS"],
    ["ZDIFF", "1", "e", "AGGREGATE", "SUM"],
    ["BZPOPMIN", "nokey", "1e400"],
    ["BZPOPMIN", "nokey", "9223372036854776"],
    ["BZPOPMIN", "nokey", "nan"],
    ["BZMPOP", "x", "1", "nokey", "MIN"],
    ["BZMPOP", "0", "x", "nokey", "MIN"],
    ["ZMPOP", "1", "e", "MIN", "COUNT"],
    ["ZMPOP", "1", "e", "min", "count", "2"],
    # Wrong types and arity.
    ["SET", "str", "v"],
    ["ZADD", "str", "1", "a"],
    ["ZSCORE", "str", "a"],
    ["ZRANGE", "str", "0", "1"],
    ["ZRANGEBYSCORE", "str", "x", "1"],
    ["ZPOPMIN", "str"],
    ["ZMPOP", "2", "nokey", "str", "MIN"],
    ["BZPOPMIN", "str", "0"],
    ["ZUNION", "2", "s1", "str"],
    ["ZRANGESTORE", "dst", "str", "0", "1"],
    ["ZRANDMEMBER", "str"],
    ["ZSCAN", "str", "0"],
    ["ZREM", "str", "a"],
    ["ZCARD", "str"],
    ["ZRANK", "str", "a"],
    ["ZINCRBY", "str", "1", "a"],
    ["ZCOUNT", "str", "0", "1"],
    ["ZLEXCOUNT", "str", "-", "+"],
    ["ZREMRANGEBYRANK", "str", "0", "1"],
    ["ZADD", "z"],
    ["ZCARD"],
    ["ZSCORE", "z"],
    ["ZRANGE", "z", "0"],
    ["ZINCRBY", "z", "1"],
    ["BZPOPMIN", "z"],
    ["ZINTERCARD", "1"],
]


def encoding_script():
    """Conversions at the thresholds: 128 entries, 64-byte members."""
    s = []
    for i in range(128):
        s.append(["ZADD", "big", str(i), f"m{i}"])
    s += [["OBJECT", "ENCODING", "big"], ["ZADD", "big", "200", "m200"],
          ["OBJECT", "ENCODING", "big"], ["ZREMRANGEBYRANK", "big", "0", "100"],
          ["OBJECT", "ENCODING", "big"], ["ZRANGE", "big", "0", "-1", "WITHSCORES"],
          ["ZRANGESTORE", "small", "big", "0", "5"], ["OBJECT", "ENCODING", "small"],
          ["ZUNIONSTORE", "u", "1", "big"], ["OBJECT", "ENCODING", "u"],
          ["ZADD", "long", "1", "x" * 64], ["OBJECT", "ENCODING", "long"],
          ["ZADD", "long", "1", "y" * 65], ["OBJECT", "ENCODING", "long"],
          ["ZADD", "long2", "1", "y" * 65], ["OBJECT", "ENCODING", "long2"],
          ["ZREM", "long2", "y" * 65], ["EXISTS", "long2"],
          ["ZRANGESTORE", "r", "long", "0", "0"], ["OBJECT", "ENCODING", "r"],
          ["ZRANGESTORE", "r", "long", "1", "1"], ["OBJECT", "ENCODING", "r"]]
    for i in range(300):
        s.append(["ZADD", "huge", str(i % 17), f"e{i}"])
    s += [["OBJECT", "ENCODING", "huge"], ["ZRANGE", "huge", "0", "-1", "WITHSCORES"],
          ["ZREVRANGE", "huge", "5", "20", "WITHSCORES"],
          ["ZRANGEBYSCORE", "huge", "(3", "5", "LIMIT", "4", "7"],
          ["ZREVRANGEBYSCORE", "huge", "(9", "-inf", "LIMIT", "3", "100", "WITHSCORES"],
          ["ZRANK", "huge", "e150"], ["ZREVRANK", "huge", "e150"], ["ZCOUNT", "huge", "2", "(4"],
          ["ZREMRANGEBYSCORE", "huge", "3", "4"], ["ZCARD", "huge"], ["ZPOPMAX", "huge", "3"],
          ["ZRANGESTORE", "hs", "huge", "0", "9"], ["OBJECT", "ENCODING", "hs"],
          ["ZRANGESTORE", "hs", "huge", "0", "199"], ["OBJECT", "ENCODING", "hs"],
          ["ZINTERSTORE", "hi", "2", "huge", "hs"], ["OBJECT", "ENCODING", "hi"],
          ["ZDIFFSTORE", "hd", "2", "huge", "hs"], ["OBJECT", "ENCODING", "hd"],
          ["ZRANGE", "hd", "0", "-1", "WITHSCORES"],
          ["ZADD", "lexbig"] + [x for i in range(200) for x in ("0", f"w{i:03d}")],
          ["ZRANGEBYLEX", "lexbig", "[w050", "(w060"],
          ["ZREVRANGEBYLEX", "lexbig", "(w150", "-", "LIMIT", "2", "5"],
          ["ZLEXCOUNT", "lexbig", "(w010", "+"],
          ["ZREMRANGEBYLEX", "lexbig", "-", "(w100"], ["ZCARD", "lexbig"]]
    return s


class ScriptedComparisonTest(NodeAndReferenceTestCase):
    def run_script(self, script, resp3=False):
        node, ref = Conn(self.node.port), Conn(self.ref.port)
        try:
            if resp3:
                node.call("HELLO", "3")
                ref.call("HELLO", "3")
            for cmd in script:
                got, want = node.call(*cmd), ref.call(*cmd)
                self.assertEqual(got, want, f"command {cmd}")
        finally:
            node.close()
            ref.close()

    def flush(self):
        for server in (self.node, self.ref):
            c = Conn(server.port)
            c.call("FLUSHALL")
            c.close()

    def test_script_resp2(self):
        self.flush()
        self.run_script(SCRIPT)

    def test_script_resp3(self):
        self.flush()
        self.run_script(SCRIPT, resp3=True)

    def test_encodings_and_large_sets(self):
        self.flush()
        self.run_script(encoding_script())
        self.flush()
        self.run_script(encoding_script(), resp3=True)

    def test_plain_sets_as_inputs(self):
        """Plain sets join ZUNION/ZINTER/ZDIFF with score 1 (once the node has
        the set type)."""
        self.flush()
        probe = Conn(self.node.port)
        try:
            if probe.call("SADD", "probe", "x").startswith(b"-ERR unknown command"):
                self.skipTest("the node has no set type")
        finally:
            probe.close()
        self.run_script([
            ["SADD", "st", "a", "b", "c", "1"],
            ["SADD", "si", "1", "2", "3"],
            ["ZADD", "zs", "5", "a", "-2", "b", "7", "z"],
            ["ZUNION", "3", "st", "si", "zs", "WITHSCORES"],
            ["ZUNION", "2", "st", "zs", "WEIGHTS", "3", "1", "AGGREGATE", "MAX", "WITHSCORES"],
            ["ZINTER", "2", "zs", "st", "WITHSCORES"],
            ["ZINTER", "2", "si", "st", "WITHSCORES"],
            ["ZDIFF", "2", "st", "zs", "WITHSCORES"],
            ["ZDIFF", "2", "zs", "st", "WITHSCORES"],
            ["ZINTERCARD", "2", "st", "zs"],
            ["ZUNIONSTORE", "out", "2", "st", "si"],
            ["ZRANGE", "out", "0", "-1", "WITHSCORES"],
            ["OBJECT", "ENCODING", "out"],
            ["ZRANGE", "st", "0", "-1"],
            ["ZADD", "st", "1", "a"],
        ])

    def test_zscan_large_set_covers_every_member(self):
        self.flush()
        c = Conn(self.node.port)
        try:
            c.call("ZADD", "big", *[x for i in range(1000) for x in (str(i), f"m{i}")])
            seen, cursor, calls = set(), b"0", 0
            while True:
                reply = c.call("ZSCAN", "big", cursor, "COUNT", "50")
                parts = reply.split(b"\r\n")
                cursor = parts[2]
                items = parts[5::2]
                seen.update(items[0::2])
                calls += 1
                if cursor == b"0" or calls > 10000:
                    break
            self.assertEqual(seen, {f"m{i}".encode() for i in range(1000)})
        finally:
            c.close()

    def test_random_operations_match(self):
        """Random ZADD/ZINCRBY/ZREM/range calls on sets around the thresholds."""
        self.flush()
        rng = random.Random(7)
        script = []
        for _ in range(3000):
            key = f"r{rng.randrange(3)}"
            m = f"m{rng.randrange(200)}"
            op = rng.randrange(8)
            if op < 3:
                script.append(["ZADD", key, str(rng.randrange(-50, 50) / 4), m])
            elif op == 3:
                script.append(["ZINCRBY", key, str(rng.randrange(-5, 5)), m])
            elif op == 4:
                script.append(["ZREM", key, m])
            elif op == 5:
                script.append(["ZRANK", key, m])
            elif op == 6:
                lo = rng.randrange(-20, 20)
                script.append(["ZRANGEBYSCORE", key, f"({lo}", str(lo + 5), "WITHSCORES"])
            else:
                script.append(["ZRANGE", key, str(rng.randrange(-50, 50)), str(rng.randrange(-50, 50)),
                               "WITHSCORES"])
        script += [["OBJECT", "ENCODING", f"r{i}"] for i in range(3)]
        self.run_script(script)


def used_memory(port):
    c = Conn(port)
    try:
        info = c.call("INFO", "memory").decode()
    finally:
        c.close()
    for line in info.split("\r\n"):
        if line.startswith("used_memory:"):
            return int(line.split(":")[1])
    raise AssertionError("no used_memory")


class MemoryTest(NodeAndReferenceTestCase):
    MEMBERS = 200000

    def fill(self, port):
        c = Conn(port)
        try:
            c.call("FLUSHALL")
            batch = 1000
            for start in range(0, self.MEMBERS, batch):
                args = []
                for i in range(start, start + batch):
                    args += [str(i * 7 % 1000003), f"member:{i}"]
                c.call("ZADD", "big", *args)
            self.assertEqual(c.call("ZCARD", "big"), b":%d\r\n" % self.MEMBERS)
            self.assertEqual(c.call("OBJECT", "ENCODING", "big"), b"$8\r\nskiplist\r\n")
        finally:
            c.close()

    def test_large_sorted_set_uses_less_memory_than_redis(self):
        base_node, base_ref = used_memory(self.node.port), used_memory(self.ref.port)
        self.fill(self.node.port)
        self.fill(self.ref.port)
        node = used_memory(self.node.port) - base_node
        ref = used_memory(self.ref.port) - base_ref
        print(f"\n{self.MEMBERS} members: shoal {node} B, redis {ref} B, ratio {node / ref:.2f}")
        self.assertLessEqual(node, ref)


if __name__ == "__main__":
    unittest.main()
