"""Streams side by side with the reference redis-server: the raw RESP2 and
RESP3 replies of a scripted session (entries, ranges, trimming, consumer
groups, claiming, XINFO, errors) must be byte-identical, except for fields
that hold times or Redis's radix-tree internals, which are checked for shape."""

import re
import unittest

from harness import (NodeAndReferenceTestCase, connect, encode_command, read_until,
                     session_replies)

# Each step: a command, and whether its reply depends on the clock (compared
# with digits masked) -- XPENDING idle times, XINFO seen-times.
SESSION = [
    ("XADD s 1-1 name alice age 30", False),
    ("XADD s 1-2 name bob", False),
    ("XADD s 1-* name carol", False),
    ("XADD s 2 name dave", False),
    ("XADD s 1-1 again x", False),
    ("XADD s 0-0 f v", False),
    ("XADD s 5-* a 1 b", False),
    ("XADD missing NOMKSTREAM * f v", False),
    ("XADD s MAXLEN = 10 LIMIT 5 3-1 f v", False),
    ("XADD s MAXLEN 1 MINID 1 3-1 f v", False),
    ("XADD s MAXLEN -1 3-1 f v", False),
    ("XADD s bogus f v", False),
    ("XLEN s", False),
    ("XLEN missing", False),
    ("XRANGE s - +", False),
    ("XRANGE s (1-1 + COUNT 2", False),
    ("XRANGE s - + COUNT 0", False),
    ("XRANGE s - + COUNT -3", False),
    ("XRANGE s 1 1", False),
    ("XRANGE s (18446744073709551615-18446744073709551615 +", False),
    ("XRANGE s x +", False),
    ("XRANGE s - + LIMIT 1", False),
    ("XREVRANGE s + - COUNT 2", False),
    ("XREVRANGE s (2-0 -", False),
    ("XRANGE missing - +", False),
    ("XDEL s 1-2 9-9", False),
    ("XDEL s bad", False),
    ("XLEN s", False),
    ("XREAD COUNT 2 STREAMS s 0", False),
    ("XREAD STREAMS s missing 1-1 0", False),
    ("XREAD STREAMS s $", False),
    ("XREAD STREAMS s", False),
    ("XREAD STREAMS s >", False),
    ("XREAD GROUP g c STREAMS s 0", False),
    ("XREAD BLOCK -1 STREAMS s 0", False),
    ("XGROUP CREATE s g 0", False),
    ("XGROUP CREATE s g 0", False),
    ("XGROUP CREATE nokey g $", False),
    ("XGROUP CREATE newkey g $ MKSTREAM", False),
    ("XGROUP CREATE s g2 $ ENTRIESREAD 3", False),
    ("XGROUP CREATE s g3 0 ENTRIESREAD -5", False),
    ("XGROUP CREATECONSUMER s g alice", False),
    ("XGROUP CREATECONSUMER s g alice", False),
    ("XGROUP CREATECONSUMER s nogroup alice", False),
    ("XREADGROUP GROUP g alice COUNT 2 STREAMS s >", False),
    ("XREADGROUP GROUP g bob STREAMS s >", False),
    ("XREADGROUP GROUP g bob STREAMS s >", False),
    ("XREADGROUP GROUP g alice STREAMS s 0", False),
    ("XREADGROUP GROUP nog alice STREAMS s >", False),
    ("XREADGROUP GROUP g alice STREAMS s $", False),
    ("XPENDING s g", False),
    ("XPENDING s g - + 10", True),
    ("XPENDING s g - + 10 bob", True),
    ("XPENDING s g IDLE 100000 - + 10", False),
    ("XPENDING s g - + 10 nobody", False),
    ("XPENDING s nog", False),
    ("XDEL s 1-1", False),
    ("XREADGROUP GROUP g alice STREAMS s 0", False),
    ("XACK s g 1-3 2-0 9-9", False),
    ("XACK s g bad", False),
    ("XACK s nog 1-1", False),
    ("XCLAIM s g carol 0 5-0 5-1 JUSTID", False),
    ("XCLAIM s g carol 0 1-1 FORCE", False),
    ("XCLAIM s g carol 0 5-0 RETRYCOUNT 7", False),
    ("XCLAIM s g carol 0 5-0 BOGUS", False),
    ("XCLAIM s g carol x 5-0", False),
    ("XPENDING s g", False),
    ("XAUTOCLAIM s g dan 0 0-0 COUNT 1", False),
    ("XAUTOCLAIM s g dan 0 0-0 JUSTID", False),
    ("XAUTOCLAIM s g dan 0 0-0 COUNT 0", False),
    ("XGROUP DELCONSUMER s g dan", False),
    ("XGROUP DELCONSUMER s g nobody", False),
    ("XINFO GROUPS s", False),
    ("XINFO CONSUMERS s g", True),
    ("XINFO CONSUMERS s nog", False),
    ("XINFO STREAM missing", False),
    ("XGROUP SETID s g 0 ENTRIESREAD 1", False),
    ("XGROUP SETID s g $", False),
    ("XINFO GROUPS s", False),
    ("XGROUP DESTROY s g2", False),
    ("XGROUP DESTROY s g2", False),
    ("XGROUP FOO s g", False),
    ("XTRIM s MAXLEN 2", False),
    ("XTRIM s MINID 5-1", False),
    ("XTRIM s LIMIT 10", False),
    ("XTRIM s MAXLEN 1 LIMIT 10", False),
    ("XTRIM missing MAXLEN 0", False),
    ("XSETID s 1-0", False),
    ("XSETID s 99-0 ENTRIESADDED 1", False),
    ("XSETID s 99-0 ENTRIESADDED 10 MAXDELETEDID 100-0", False),
    ("XSETID s 99-0 ENTRIESADDED 10 MAXDELETEDID 4-0", False),
    ("XSETID missing 1-0", False),
    ("XADD s 99-0 f v", False),
    ("XADD s * f v", True),
    ("SET str x", False),
    ("XADD str * f v", False),
    ("XRANGE str - +", False),
    ("XGROUP CREATE str g $", False),
    ("XINFO STREAM str", False),
]


def masked(reply):
    return re.sub(rb"\d+", b"9", reply)


class StreamSessionTest(NodeAndReferenceTestCase):
    def compare(self, protocol):
        lines = [line for line, _ in SESSION]
        ours = session_replies(self.node.port, protocol, lines)
        theirs = session_replies(self.ref.port, protocol, lines)
        for (line, clocked), a, b in zip(SESSION, ours, theirs):
            if clocked:
                a, b = masked(a), masked(b)
            self.assertEqual(a, b, f"RESP{protocol} reply to {line!r} differs")

    def test_resp2_session_matches_reference(self):
        self.compare(2)

    def test_resp3_session_matches_reference(self):
        self.compare(3)

    def test_xinfo_stream_shape(self):
        for server in (self.node, self.ref):
            sock = connect(server.port)
            try:
                for cmd in (("DEL", "info"), ("XADD", "info", "1-1", "a", "1"),
                            ("XADD", "info", "2-1", "b", "2"), ("XGROUP", "CREATE", "info", "g", "0")):
                    sock.sendall(encode_command(*cmd))
                    read_until(sock, lambda d: d.endswith(b"\r\n"))
                sock.sendall(encode_command("XINFO", "STREAM", "info") + encode_command("PING"))
                data = read_until(sock, lambda d: d.endswith(b"+PONG\r\n"))
                # Everything but the radix-tree counters is identical.
                self.assertIn(b"$6\r\nlength\r\n:2\r\n", data)
                self.assertIn(b"$17\r\nlast-generated-id\r\n$3\r\n2-1\r\n", data)
                self.assertIn(b"$13\r\nentries-added\r\n:2\r\n", data)
                self.assertIn(b"$6\r\ngroups\r\n:1\r\n", data)
                self.assertIn(b"$11\r\nfirst-entry\r\n*2\r\n$3\r\n1-1\r\n", data)
            finally:
                sock.close()


if __name__ == "__main__":
    unittest.main()
