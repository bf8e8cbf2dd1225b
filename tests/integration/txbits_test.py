"""Transactions, bitmaps and HyperLogLog on shoal-node side by side with the
reference redis-server: the same commands must get the same replies, and
HyperLogLog values must move between the two byte for byte."""

import os
import random
import socket
import subprocess
import unittest

import redis

from harness import NodeAndReferenceTestCase, Server, wait_until

EXAMPLE = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "unique_visitors.py")


def raw_client(server):
    r = redis.Redis(host="127.0.0.1", port=server.port, socket_timeout=20)
    r.response_callbacks.clear()  # raw replies, as the server sent them
    return r


def run(r, *args):
    try:
        return r.execute_command(*args)
    except redis.ResponseError as e:
        return "error: " + str(e)


class TxBitsTest(NodeAndReferenceTestCase):
    def setUp(self):
        self.a = raw_client(self.node)
        self.b = raw_client(self.ref)
        for r in (self.a, self.b):
            r.flushall()

    def tearDown(self):
        self.a.close()
        self.b.close()

    def both(self, *args):
        x, y = run(self.a, *args), run(self.b, *args)
        self.assertEqual(x, y, args)
        return x

    def each(self, fn):
        """Runs fn(server) on both servers and checks the results agree."""
        x, y = fn(self.node), fn(self.ref)
        self.assertEqual(x, y)
        return x

    # --- Transactions -------------------------------------------------------

    def test_transaction_replies(self):
        def script(server):
            out = []
            with socket_pipe(server) as p:
                for cmd in (["MULTI"], ["SET", "a", "1"], ["INCR", "a"], ["GET", "a"], ["EXEC"],
                            ["MULTI"], ["SET", "a"], ["EXEC"], ["EXEC"], ["DISCARD"],
                            ["MULTI"], ["MULTI"], ["WATCH", "x"], ["INCR", "nosuch"],
                            ["SETBIT", "a", "1", "1"], ["EXEC"], ["EXEC", "extra"]):
                    out.append(p.call(*cmd))
            return out
        replies = self.each(script)
        self.assertEqual(replies[7], b"-EXECABORT Transaction discarded because of previous errors.\r\n")

    def test_watch_invalidated_by_other_connection(self):
        def scenario(server):
            with socket_pipe(server) as p, socket_pipe(server) as q:
                out = [p.call("SET", "k", "1"), p.call("WATCH", "k"), q.call("SET", "k", "2"),
                       p.call("MULTI"), p.call("SET", "k", "3"), p.call("EXEC"),
                       p.call("GET", "k"), p.call("HELLO", "3")[:1],
                       p.call("WATCH", "k"), q.call("DEL", "k"), p.call("MULTI"),
                       p.call("EXEC"), p.call("WATCH", "nokey"), q.call("FLUSHALL"),
                       p.call("MULTI"), p.call("EXEC")]
            return out
        replies = self.each(scenario)
        self.assertEqual(replies[5], b"*-1\r\n")
        self.assertEqual(replies[11], b"_\r\n")
        self.assertEqual(replies[15], b"*0\r\n")

    def test_watch_and_expiry(self):
        # The watched key expires without anyone touching it; EXEC notices.
        def scenario(server):
            with socket_pipe(server) as p, socket_pipe(server) as q:
                p.call("SET", "k", "v", "PX", "150")
                p.call("SET", "marker", "v", "PX", "200")
                out = [p.call("WATCH", "k"), p.call("MULTI"), p.call("PING")]
                wait_until(lambda: q.call("EXISTS", "marker") == b":0\r\n", timeout=10,
                           what="marker to expire")
                out.append(p.call("EXEC"))
            return out
        replies = self.each(scenario)
        self.assertEqual(replies[-1], b"*-1\r\n")

    def test_monitor_shows_transaction_in_order(self):
        # MULTI, then the queued commands as EXEC runs them, then EXEC; an
        # aborted EXEC shows too.
        def scenario(server):
            with socket_pipe(server) as p, socket_pipe(server) as q:
                q.call("MONITOR")
                for cmd in (["MULTI"], ["SET", "a", "1"], ["GET", "a"], ["EXEC"], ["MULTI"],
                            ["NOSUCH"], ["EXEC"], ["MULTI"], ["EXEC", "x"], ["ECHO", "end"]):
                    p.call(*cmd)
                lines = []
                for _ in range(100):
                    line = q.call_reply_only()
                    lines.append(line.split(b"] ", 1)[1])
                    if b'"ECHO"' in line:
                        break
            return lines
        lines = self.each(scenario)
        self.assertEqual(lines[:5], [b'"MULTI"\r\n', b'"SET" "a" "1"\r\n', b'"GET" "a"\r\n',
                                     b'"EXEC"\r\n', b'"MULTI"\r\n'])

    # --- Bitmaps --------------------------------------------------------------

    def test_bitmap_replies(self):
        rng = random.Random(11)
        for _ in range(300):
            self.both("SETBIT", "k", rng.randrange(0, 200), rng.choice([0, 1]))
        self.both("SET", "s", "foobar")
        for cmd in (["GET", "k"], ["BITCOUNT", "k"], ["BITCOUNT", "k", "3", "-2"],
                    ["BITCOUNT", "k", "5", "77", "BIT"], ["BITPOS", "k", "0"],
                    ["BITPOS", "k", "1", "2"], ["BITPOS", "k", "0", "10", "90", "BIT"],
                    ["BITOP", "AND", "d", "k", "s"], ["GET", "d"], ["BITOP", "XOR", "d", "k", "s"],
                    ["GET", "d"], ["BITOP", "NOT", "d", "s"], ["GET", "d"],
                    ["BITOP", "NOT", "d", "s", "k"], ["OBJECT", "ENCODING", "d"],
                    ["BITFIELD", "bf", "SET", "i5", "#3", "9", "INCRBY", "u3", "2", "11",
                     "OVERFLOW", "SAT", "INCRBY", "i8", "0", "-300", "GET", "u63", "1"],
                    ["BITFIELD", "bf", "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "9"],
                    ["BITFIELD_RO", "bf", "GET", "i64", "0"], ["GET", "bf"],
                    ["SETBIT", "k", "-1", "1"], ["SETBIT", "k", "1", "5"],
                    ["BITFIELD", "bf", "GET", "u64", "0"], ["GETBIT", "nokey", "9"]):
            self.both(*cmd)

    # --- HyperLogLog ----------------------------------------------------------

    def test_hll_bytes_match_reference(self):
        rng = random.Random(5)
        for n in (1, 10, 200, 1500, 5000):
            key = "h%d" % n
            elements = ["el:%d" % rng.randrange(10 ** 9) for _ in range(n)]
            for i in range(0, n, 500):
                self.both("PFADD", key, *elements[i:i + 500])
            self.both("GET", key)
            self.both("PFCOUNT", key)
            self.both("GET", key)  # with the cached cardinality
            self.both("PFDEBUG", "ENCODING", key)
        self.both("PFCOUNT", "h1", "h200", "h5000", "missing")
        self.both("PFMERGE", "m", "h10", "h200")
        self.both("GET", "m")
        self.both("PFMERGE", "m", "h5000")
        self.both("GET", "m")
        self.both("PFDEBUG", "DECODE", "h200")

    def test_hll_values_cross_over(self):
        rng = random.Random(9)
        for n in (3, 700, 4000):
            elements = ["x%d" % rng.randrange(10 ** 9) for _ in range(n)]
            self.b.execute_command("PFADD", "from-redis", *elements)
            self.a.execute_command("PFADD", "from-shoal", *elements)
            redis_value = self.b.get("from-redis")
            shoal_value = self.a.get("from-shoal")
            self.a.set("from-redis", redis_value)
            self.b.set("from-shoal", shoal_value)
            for key in ("from-redis", "from-shoal"):
                self.assertEqual(self.a.execute_command("PFCOUNT", key),
                                 self.b.execute_command("PFCOUNT", key))
                self.assertEqual(self.a.get(key), self.b.get(key))

    def test_hll_errors(self):
        self.both("SET", "s", "plain")
        self.both("SET", "n", "42")
        self.both("SET", "c", b"HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x7f\xf0")
        for cmd in (["PFADD", "s", "a"], ["PFCOUNT", "n"], ["PFCOUNT", "c"],
                    ["PFMERGE", "d", "c"], ["PFDEBUG", "GETREG", "missing"],
                    ["PFDEBUG", "NOPE", "c"]):
            self.both(*cmd)


class socket_pipe:
    """One raw RESP connection: call() sends a command and returns the raw
    reply bytes (one complete reply, read with a deadline)."""

    def __init__(self, server):
        self.server = server

    def __enter__(self):
        self.sock = socket.create_connection(("127.0.0.1", self.server.port), timeout=10)
        self.buf = b""
        return self

    def __exit__(self, *exc):
        self.sock.close()

    def call(self, *args):
        payload = b"*%d\r\n" % len(args)
        for a in args:
            a = a if isinstance(a, bytes) else str(a).encode()
            payload += b"$%d\r\n%s\r\n" % (len(a), a)
        self.sock.sendall(payload)
        return self.call_reply_only()

    def call_reply_only(self):
        """The next reply (or pushed line, such as MONITOR's)."""
        for _ in range(10000):
            end = reply_end(self.buf, 0)
            if end is not None:
                reply, self.buf = self.buf[:end], self.buf[end:]
                return reply
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise ConnectionError("closed")
            self.buf += chunk
        raise AssertionError("reply too long")


def reply_end(buf, pos):
    """Index just past the complete RESP reply starting at pos, or None."""
    eol = buf.find(b"\r\n", pos)
    if eol < 0:
        return None
    kind, header = buf[pos:pos + 1], buf[pos + 1:eol]
    if kind in (b"$", b"=", b"!"):
        n = int(header)
        if n < 0:
            return eol + 2
        return eol + 2 + n + 2 if len(buf) >= eol + 2 + n + 2 else None
    if kind in (b"*", b"~", b">", b"%", b"|"):
        n = int(header)
        if kind in (b"%", b"|"):
            n *= 2
        pos = eol + 2
        for _ in range(max(n, 0)):
            pos = reply_end(buf, pos)
            if pos is None:
                return None
        return pos
    return eol + 2


class UniqueVisitorsExampleTest(unittest.TestCase):
    def test_example_against_fresh_node(self):
        server = Server().start()
        try:
            result = subprocess.run(["/usr/bin/python3", EXAMPLE, "--port", str(server.port)],
                                    capture_output=True, text=True, timeout=300)
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
            self.assertIn("week (PFMERGE)", result.stdout)
        finally:
            server.cleanup()


if __name__ == "__main__":
    unittest.main()
