"""SORT and SORT_RO side by side with the reference redis-server: every reply
of a scripted session (numeric and ALPHA sorts, BY key patterns and hash
fields, nosort, LIMIT, GET # and patterns, STORE, errors) must be
byte-identical in RESP2 and RESP3."""

import unittest

from harness import NodeAndReferenceTestCase, session_replies

SESSION = [
    "RPUSH nums 3 1 2 10 -5 2.5",
    "SORT nums",
    "SORT nums DESC",
    "SORT nums LIMIT 1 3",
    "SORT nums LIMIT -2 2",
    "SORT nums LIMIT 10 2",
    "SORT nums LIMIT 0 -1",
    "SORT nums ALPHA",
    "SORT nums ALPHA DESC LIMIT 0 2",
    "RPUSH words banana apple cherry",
    "SORT words",
    "SORT words ALPHA",
    "SORT_RO words ALPHA DESC",
    "MSET w_apple 3 w_banana 1 w_cherry 2",
    "SORT words BY w_*",
    "SORT words BY w_* GET # GET w_*",
    "SORT words BY nosort",
    "SORT words BY nosort GET w_*",
    "HSET h_apple weight 30 name A",
    "HSET h_banana weight 10 name B",
    "SORT words BY h_*->weight GET h_*->name GET #",
    "SORT words BY h_*->missing ALPHA",
    "SORT words BY w_* STORE dest",
    "LRANGE dest 0 -1",
    "TYPE dest",
    "SORT words BY w_* GET nokey_* STORE dest2",
    "LRANGE dest2 0 -1",
    "SORT missing STORE dest",
    "EXISTS dest",
    "SADD set 5 3 9 1",
    "SORT set",
    "SORT set DESC LIMIT 0 2",
    "ZADD z 1 c 2 b 3 a",
    "SORT z ALPHA",
    "SORT z BY nosort",
    "SORT z BY nosort DESC",
    "SORT z BY nosort LIMIT 1 1",
    "SET str x",
    "SORT str",
    "SORT words LIMIT 1",
    "SORT words BOGUS",
    "SORT_RO words STORE x",
    "SORT words LIMIT a b",
    "SORT missing",
]


class SortSessionTest(NodeAndReferenceTestCase):
    def compare(self, protocol):
        ours = session_replies(self.node.port, protocol, SESSION)
        theirs = session_replies(self.ref.port, protocol, SESSION)
        for line, a, b in zip(SESSION, ours, theirs):
            self.assertEqual(a, b, f"RESP{protocol} reply to {line!r} differs")

    def test_resp2(self):
        self.compare(2)

    def test_resp3(self):
        self.compare(3)


if __name__ == "__main__":
    unittest.main()
