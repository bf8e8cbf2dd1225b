"""List commands against shoal-node and the reference redis-server side by
side: a scripted sequence of commands (lists_script.txt: one command a line,
words split on spaces) whose replies and errors must be equal, in RESP2 and
RESP3, plus node layouts that follow list-max-listpack-size."""

import os
import unittest

import redis

from harness import NodeAndReferenceTestCase, connect, encode_command, read_until

SCRIPT = os.path.join(os.path.dirname(__file__), "lists_script.txt")


def load_script():
    with open(SCRIPT) as f:
        return [line.split() for line in f.read().splitlines()
                if line.strip() and not line.startswith("#")]


def raw_reply_complete(buf):
    """True when buf holds exactly one complete RESP reply."""
    def parse(i):
        if i >= len(buf):
            return None
        end = buf.find(b"\r\n", i)
        if end < 0:
            return None
        kind, line = buf[i:i + 1], buf[i + 1:end]
        nxt = end + 2
        if kind in b"+-:_,#(":
            return nxt
        if kind in b"$=!":
            n = int(line)
            return nxt if n < 0 else (nxt + n + 2 if len(buf) >= nxt + n + 2 else None)
        if kind in b"*~>%":
            n = int(line) * (2 if kind == b"%" else 1)
            for _ in range(max(n, 0)):
                nxt = parse(nxt)
                if nxt is None:
                    return None
            return nxt
        return None
    return parse(0) == len(buf)


class ListsAgainstReferenceTest(NodeAndReferenceTestCase):
    def run_raw(self, sock, cmd):
        sock.sendall(encode_command(*cmd))
        return read_until(sock, raw_reply_complete, timeout=10)

    def compare_script(self, protocol):
        sn, sr = connect(self.node.port), connect(self.ref.port)
        try:
            if protocol == 3:
                self.run_raw(sn, ["HELLO", "3"])
                self.run_raw(sr, ["HELLO", "3"])
            diffs = []
            for cmd in load_script():
                a, b = self.run_raw(sn, cmd), self.run_raw(sr, cmd)
                if a != b:
                    diffs.append((cmd, a, b))
            self.assertEqual(diffs, [])
        finally:
            sn.close()
            sr.close()

    def test_script_resp2(self):
        self.compare_script(2)

    def test_script_resp3(self):
        self.compare_script(3)

    def test_dump_restore_both_ways(self):
        rn = redis.Redis(host="127.0.0.1", port=self.node.port, socket_timeout=10)
        rr = redis.Redis(host="127.0.0.1", port=self.ref.port, socket_timeout=10)
        try:
            for src, dst in ((rn, rr), (rr, rn)):
                src.delete("dumped")
                src.rpush("dumped", *[str(i) for i in range(300)], *(["y" * 100] * 100), "end")
                payload = src.dump("dumped")
                dst.delete("dumped")
                dst.restore("dumped", 0, payload)
                self.assertEqual(dst.lrange("dumped", 0, -1), src.lrange("dumped", 0, -1))
        finally:
            rn.close()
            rr.close()

    def test_large_lists_and_compression(self):
        rn = redis.Redis(host="127.0.0.1", port=self.node.port, socket_timeout=10)
        rr = redis.Redis(host="127.0.0.1", port=self.ref.port, socket_timeout=10)
        try:
            for r in (rn, rr):
                r.flushall()
                r.config_set("list-max-listpack-size", 5)
                r.config_set("list-compress-depth", 1)
            for r in (rn, rr):
                for i in range(300):
                    r.rpush("big", f"value-{i % 17}-" + "x" * (i % 50))
                r.linsert("big", "BEFORE", "value-3-" + "x" * 3, "ins")
                r.lrem("big", -3, "value-0-")
                r.lset("big", 150, "set")
                r.ltrim("big", 2, -3)
                r.config_set("list-max-listpack-size", -2)
                r.config_set("list-compress-depth", 0)
            self.assertEqual(rn.lrange("big", 0, -1), rr.lrange("big", 0, -1))
            self.assertEqual(rn.lpos("big", "set"), rr.lpos("big", "set"))
            self.assertEqual(rn.object("encoding", "big"), b"quicklist")
        finally:
            rn.close()
            rr.close()


if __name__ == "__main__":
    unittest.main()
