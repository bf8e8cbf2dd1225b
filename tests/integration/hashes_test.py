"""Hashes side by side with the reference redis-server: the raw RESP2 and RESP3
replies of a scripted session (every command, errors, WRONGTYPE, OBJECT
ENCODING at each conversion) must be byte-identical; hashtable-encoded
hashes, whose order differs by design, are compared as sets; and one hash of
200,000 fields must take no more memory than in Redis."""

import unittest

from harness import NodeAndReferenceTestCase, connect, encode_command, session_replies

LONG = "x" * 65
AT_LIMIT = "y" * 64

# Commands whose replies are deterministic on both servers.
SESSION = [
    "HSET h a 1 b 2 c 3",
    "HSET h a 10 d 4",
    "HSET h a",
    "HSET h a 1 b",
    "HMSET h e 5 f 6",
    "HMSET h e",
    "HGET h a",
    "HGET h nope",
    "HGET missing a",
    "HMGET h a nope c",
    "HMGET missing a b",
    "HGETALL h",
    "HGETALL missing",
    "HKEYS h",
    "HVALS h",
    "HKEYS missing",
    "HLEN h",
    "HLEN missing",
    "HEXISTS h a",
    "HEXISTS h nope",
    "HSTRLEN h a",
    "HSTRLEN h nope",
    "HSETNX h a 99",
    "HSETNX h g 7",
    "HSETNX h2 x 1",
    "OBJECT ENCODING h",
    "HDEL h a nope",
    "HDEL h",
    "HDEL missing a",
    "HGETALL h",
    "HINCRBY h n 5",
    "HINCRBY h n -7",
    "HINCRBY h n x",
    "HINCRBY h b 9223372036854775807",
    "HINCRBY h b 9223372036854775806",
    "HSET h s abc z 007",
    "HINCRBY h s 1",
    "HINCRBY h z 1",
    "HINCRBYFLOAT h fl 10.5",
    "HINCRBYFLOAT h fl 0.1",
    "HINCRBYFLOAT h fl -10.6",
    "HINCRBYFLOAT h fl 5.0e3",
    "HINCRBYFLOAT h fl abc",
    "HINCRBYFLOAT h fl nan",
    "HINCRBYFLOAT h fl inf",
    "HINCRBYFLOAT h s 1",
    "HSET h big 1e4932",
    "HINCRBYFLOAT h big 1e4932",
    "HGETALL h",
    "HSCAN h 0",
    "HSCAN h 0 MATCH f*",
    "HSCAN h 7 COUNT 1",
    "HSCAN h 0 COUNT 0",
    "HSCAN h 0 COUNT x",
    "HSCAN h 0 MATCH",
    "HSCAN h 0 TYPE string",
    "HSCAN h x",
    "HSCAN missing 0 foo",
    "HRANDFIELD missing",
    "HRANDFIELD missing 3",
    "HRANDFIELD h 0",
    "HRANDFIELD h x",
    "HRANDFIELD h 1 foo",
    "HRANDFIELD h 1 WITHVALUES x",
    "HRANDFIELD h -9223372036854775808",
    "HRANDFIELD h -4611686018427387904 WITHVALUES",
    "HRANDFIELD h 4611686018427387904 WITHVALUES",
    "HRANDFIELD h 100 WITHVALUES",
    "HRANDFIELD h 100",
    "OBJECT ENCODING h",
    # Conversions by length: field, value, all arguments first, HSETNX only
    # when it sets, HINCRBY's field, HINCRBYFLOAT's result.
    f"HSET ok {AT_LIMIT} {AT_LIMIT}",
    "OBJECT ENCODING ok",
    f"HSET lf {LONG} 1",
    "OBJECT ENCODING lf",
    f"HSET lv f {LONG}",
    "OBJECT ENCODING lv",
    "HGET lv f",
    f"HSET multi a 1 b {LONG}",
    "OBJECT ENCODING multi",
    f"HSETNX h2 x {LONG}",
    "OBJECT ENCODING h2",
    f"HSETNX h2 y {LONG}",
    "OBJECT ENCODING h2",
    f"HINCRBY inc {LONG} 1",
    "OBJECT ENCODING inc",
    "HSET fl x 1",
    "HINCRBYFLOAT fl x 1e400",
    "OBJECT ENCODING fl",
    "HSTRLEN fl x",
    # Conversions by count, through CONFIG SET.
    "CONFIG SET hash-max-listpack-entries 3",
    "HSET cnt a 1 b 2 c 3",
    "OBJECT ENCODING cnt",
    "HSET cnt a 9",
    "OBJECT ENCODING cnt",
    "HSET cnt d 4",
    "OBJECT ENCODING cnt",
    "HDEL cnt a b c",
    "OBJECT ENCODING cnt",
    "HGETALL cnt",
    "HSCAN cnt 0",
    "HDEL cnt d",
    "EXISTS cnt",
    "CONFIG SET hash-max-listpack-entries 512",
    "CONFIG SET hash-max-listpack-value 2",
    "HSET small f 12",
    "OBJECT ENCODING small",
    "HSET small g 123",
    "OBJECT ENCODING small",
    "CONFIG SET hash-max-listpack-value 64",
    # WRONGTYPE everywhere.
    "SET str v",
    "HSET str a 1",
    "HMSET str a 1",
    "HSETNX str a 1",
    "HGET str a",
    "HMGET str a",
    "HGETALL str",
    "HDEL str a",
    "HEXISTS str a",
    "HLEN str",
    "HKEYS str",
    "HVALS str",
    "HINCRBY str a 1",
    "HINCRBY str a x",
    "HINCRBYFLOAT str a 1",
    "HINCRBYFLOAT str a inf",
    "HSTRLEN str a",
    "HRANDFIELD str",
    "HRANDFIELD str 2",
    "HRANDFIELD str x",
    "HSCAN str 0",
    "TYPE h",
    "HDEL h2 x y",
    "EXISTS h2",
]


class Client:
    """A minimal RESP2 client on one connection (bulk/array/int replies)."""

    def __init__(self, port):
        self.sock = connect(port, timeout=30)
        self.buf = b""

    def close(self):
        self.sock.close()

    def _line(self):
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise AssertionError("connection closed")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _read(self):
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind in (b"+", b":"):
            return rest if kind == b"+" else int(rest)
        if kind == b"-":
            return AssertionError(rest.decode())
        if kind == b"$":
            n = int(rest)
            if n < 0:
                return None
            while len(self.buf) < n + 2:
                chunk = self.sock.recv(1 << 20)
                if not chunk:
                    raise AssertionError("connection closed")
                self.buf += chunk
            value, self.buf = self.buf[:n], self.buf[n + 2:]
            return value
        if kind == b"*":
            return [self._read() for _ in range(int(rest))]
        raise AssertionError(f"unexpected reply {line!r}")

    def pipeline(self, commands):
        self.sock.sendall(b"".join(encode_command(*c) for c in commands))
        return [self._read() for _ in commands]

    def call(self, *args):
        return self.pipeline([args])[0]


def used_memory(client):
    info = client.call("INFO", "memory").decode()
    for line in info.split("\r\n"):
        if line.startswith("used_memory:"):
            return int(line.split(":")[1])
    raise AssertionError("no used_memory in INFO")


class HashSessionTest(NodeAndReferenceTestCase):
    def compare(self, protocol):
        ours = session_replies(self.node.port, protocol, SESSION)
        theirs = session_replies(self.ref.port, protocol, SESSION)
        for line, a, b in zip(SESSION, ours, theirs):
            self.assertEqual(a, b, f"RESP{protocol} reply to {line!r} differs")

    def test_resp2_session_matches_reference(self):
        self.compare(2)

    def test_resp3_session_matches_reference(self):
        self.compare(3)

    def fill(self, client, key, n, batch=1000):
        for start in range(0, n, batch):
            args = ["HSET", key]
            for i in range(start, min(n, start + batch)):
                args += [f"field:{i}", f"value:{i}"]
            self.assertIsInstance(client.call(*args), int)

    def test_hashtable_contents_match_as_sets(self):
        results = []
        for server in (self.node, self.ref):
            c = Client(server.port)
            try:
                c.call("DEL", "t")
                self.fill(c, "t", 3000, batch=300)
                c.call("HDEL", "t", *[f"field:{i}" for i in range(0, 3000, 3)])
                enc = c.call("OBJECT", "ENCODING", "t")
                flat = c.call("HGETALL", "t")
                pairs = set(zip(flat[::2], flat[1::2]))
                keys = set(c.call("HKEYS", "t"))
                vals = sorted(c.call("HVALS", "t"))
                # A full HSCAN reports every field at least once.
                seen, cursor, calls = set(), b"0", 0
                while True:
                    cursor, items = c.call("HSCAN", "t", cursor, "COUNT", "50")
                    seen.update(items[::2])
                    calls += 1
                    if cursor == b"0" or calls > 10000:
                        break
                picks = c.call("HRANDFIELD", "t", "-20", "WITHVALUES")
                results.append((enc, pairs, keys, vals, seen, c.call("HLEN", "t")))
                for f, v in zip(picks[::2], picks[1::2]):
                    self.assertIn((f, v), pairs)
                unique = c.call("HRANDFIELD", "t", "500")
                self.assertEqual(len(set(unique)), 500)
                self.assertTrue(set(unique) <= keys)
            finally:
                c.close()
        self.assertEqual(results[0], results[1])
        self.assertEqual(results[0][0], b"hashtable")
        self.assertEqual(results[0][5], 2000)

    def test_dump_and_restore_across_servers(self):
        node, ref = Client(self.node.port), Client(self.ref.port)
        try:
            for c in (node, ref):
                c.call("DEL", "lp", "ht", "copy")
                c.call("HSET", "lp", "a", "1", "b", "-20", "c", "x" * 30)
                self.fill(c, "ht", 700, batch=700)
            # A listpack hash dumps to the same bytes.
            self.assertEqual(node.call("DUMP", "lp"), ref.call("DUMP", "lp"))
            for key in ("lp", "ht"):
                for src, dst in ((node, ref), (ref, node)):
                    payload = src.call("DUMP", key)
                    self.assertEqual(dst.call("RESTORE", "copy", "0", payload, "REPLACE"), b"OK")
                    self.assertEqual(sorted(dst.call("HGETALL", "copy")),
                                     sorted(src.call("HGETALL", key)))
                    self.assertEqual(dst.call("OBJECT", "ENCODING", "copy"),
                                     src.call("OBJECT", "ENCODING", key))
        finally:
            node.close()
            ref.close()

    def measure(self, server, load):
        c = Client(server.port)
        try:
            c.call("FLUSHALL")
            before = used_memory(c)
            load(c)
            return used_memory(c) - before
        finally:
            c.close()

    def fill_small_hashes(self, client, keys):
        for start in range(0, keys, 500):
            batch = []
            for i in range(start, min(keys, start + 500)):
                args = ["HSET", f"h:{i}"]
                for j in range(10):
                    args += [f"f{j}", f"v{i + j}"]
                batch.append(args)
            client.pipeline(batch)

    def test_large_hash_memory_not_above_reference(self):
        def load(c):
            self.fill(c, "big", 200_000)
            self.assertEqual(c.call("HLEN", "big"), 200_000)
        ours, theirs = (self.measure(s, load) for s in (self.node, self.ref))
        print(f"\n200k-field hash: shoal {ours} B, redis {theirs} B, ratio {ours / theirs:.3f}")
        self.assertLessEqual(ours, theirs)

    def test_benchmark_mix_memory_not_above_reference(self):
        # The memory benchmark's shape at a fifth of its size: one large hash
        # and many small listpack-encoded ones.
        def load(c):
            self.fill(c, "big", 200_000)
            self.fill_small_hashes(c, 20_000)
            self.assertEqual(c.call("OBJECT", "ENCODING", "h:7"), b"listpack")
        ours, theirs = (self.measure(s, load) for s in (self.node, self.ref))
        print(f"\nbenchmark mix: shoal {ours} B, redis {theirs} B, ratio {ours / theirs:.3f}")
        self.assertLessEqual(ours, theirs)


if __name__ == "__main__":
    unittest.main()
