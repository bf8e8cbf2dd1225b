"""Pub/sub, keyspace notifications and client-side caching against a real
shoal-node: transcripts over raw sockets byte-compared with the reference
redis-server, python3-redis subscribers, the pubsub output-buffer limit, and
examples/notifications.py run against a fresh node."""

import os
import subprocess
import unittest

import redis

from harness import (NodeAndReferenceTestCase, Server, connect, encode_command, read_until,
                     wait_until)

EXAMPLE = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "notifications.py")
MARKER = b"--end-of-step--"


def marker_reply(data):
    """The marker's PING reply at the end of data (plain, or the RESP2
    subscribed-mode ["pong", marker] form), or None."""
    plain = b"$%d\r\n%s\r\n" % (len(MARKER), MARKER)
    if data.endswith(b"*2\r\n$4\r\npong\r\n" + plain):
        return len(plain) + len(b"*2\r\n$4\r\npong\r\n")
    if data.endswith(plain):
        return len(plain)
    return None


def exchange(sock, *args):
    """Sends a command (or nothing) followed by PING <marker>, and returns
    everything received before the marker's reply: the command's reply plus
    any messages that arrived before it."""
    payload = (encode_command(*args) if args else b"") + encode_command("PING", MARKER)
    sock.sendall(payload)
    data = read_until(sock, lambda d: marker_reply(d) is not None, timeout=10)
    return data[:-marker_reply(data)]


class Transcript:
    """Named raw connections to one server and the log of what each step
    returned, for comparing two servers step by step."""

    def __init__(self, port):
        self.port = port
        self.socks = {}
        self.log = []

    def sock(self, name):
        if name not in self.socks:
            self.socks[name] = connect(self.port, timeout=10)
        return self.socks[name]

    def run(self, name, *args, record=True):
        out = exchange(self.sock(name), *args)
        if record:
            self.log.append((name, args, out))
        return out

    def close(self):
        for s in self.socks.values():
            s.close()


class PubSubCompatTest(NodeAndReferenceTestCase):
    """The same steps against both servers must produce the same bytes."""

    def compare(self, script):
        logs = []
        for server in (self.node, self.ref):
            t = Transcript(server.port)
            try:
                t.run("setup", "FLUSHALL", record=False)
                script(t)
            finally:
                t.run("setup", "CONFIG", "SET", "notify-keyspace-events", "", record=False)
                t.close()
            logs.append(t.log)
        for mine, theirs in zip(*logs):
            self.assertEqual(mine, theirs, f"step {mine[0]} {mine[1]}")
        self.assertEqual(len(logs[0]), len(logs[1]))

    def test_resp2_subscribers(self):
        def script(t):
            t.run("sub", "SUBSCRIBE", "a", "b", "a")
            t.run("sub", "PSUBSCRIBE", "h*")
            t.run("sub", "SSUBSCRIBE", "s")
            t.run("pub", "PUBLISH", "a", "m1")
            t.run("pub", "PUBLISH", "hello", "m2")
            t.run("pub", "SPUBLISH", "s", "m3")
            t.run("pub", "PUBLISH", "zz", "m4")
            t.run("sub")
            t.run("pub", "PUBSUB", "NUMSUB", "a", "b", "zz")
            t.run("pub", "PUBSUB", "NUMPAT")
            t.run("pub", "PUBSUB", "SHARDCHANNELS")
            t.run("pub", "PUBSUB", "SHARDNUMSUB", "s")
            t.run("pub", "PUBSUB", "CHANNELS", "a*")
            t.run("sub", "GET", "k")
            t.run("sub", "CLIENT", "LIST")
            t.run("sub", "PING")
            t.run("sub", "PING", "x")
            t.run("sub", "UNSUBSCRIBE", "a", "nope")
            t.run("sub", "PUNSUBSCRIBE")
            t.run("sub", "SUNSUBSCRIBE")
            t.run("sub", "UNSUBSCRIBE")
            t.run("sub", "UNSUBSCRIBE")
            t.run("sub", "GET", "k")
            t.run("sub", "SUBSCRIBE", "c")
            t.run("sub", "RESET")
            t.run("sub", "GET", "k")
            t.run("pub", "PUBSUB", "NUMSUB", "c")

        self.compare(script)

    def test_pubsub_errors_and_help(self):
        def script(t):
            t.run("c", "PUBSUB", "HELP")
            t.run("c", "PUBSUB", "foo")
            t.run("c", "PUBSUB", "NUMPAT", "x")
            t.run("c", "PUBSUB", "CHANNELS", "a", "b")
            t.run("c", "SUBSCRIBE")
            t.run("c", "PUBLISH", "x")
            t.run("c", "SPUBLISH", "x", "y", "z")

        self.compare(script)

    def test_resp3_push_messages(self):
        def script(t):
            t.run("sub", "HELLO", "3", record=False)  # its id differs
            t.run("sub", "SUBSCRIBE", "ch", "other")
            t.run("sub", "PUBLISH", "ch", "to myself")
            t.run("pub", "PUBLISH", "ch", "from another")
            t.run("sub", "GET", "k")
            t.run("sub", "PING")
            t.run("sub", "UNSUBSCRIBE", "ch")
            t.run("sub", "UNSUBSCRIBE")
            t.run("sub", "UNSUBSCRIBE")
            t.run("sub", "PUBSUB", "NUMSUB", "ch", "other")
            t.run("sub", "PUBSUB", "SHARDNUMSUB", "x")
            t.run("sub", "SUBSCRIBE", "")
            t.run("sub", "PUBSUB", "CHANNELS", "")
            t.run("sub", "UNSUBSCRIBE", "")
            t.run("sub", "PSUBSCRIBE", "p*")
            t.run("pub", "PUBLISH", "pq", "x")
            t.run("sub")

        self.compare(script)

    def test_keyspace_notifications(self):
        def script(t):
            t.run("c", "CONFIG", "SET", "notify-keyspace-events", "KEA")
            t.run("listen", "PSUBSCRIBE", "__key*__:*")
            for cmd in (["SET", "k", "v"], ["SET", "k", "v2", "EX", "100"], ["GETSET", "k", "3"],
                        ["APPEND", "k", "x"], ["SETRANGE", "k", "0", "ab"], ["INCR", "n"],
                        ["INCRBYFLOAT", "n", "1.5"], ["MSET", "m1", "1", "m2", "2"],
                        ["EXPIRE", "m1", "100"], ["PERSIST", "m1"], ["EXPIRE", "m1", "-1"],
                        ["RENAME", "m2", "m3"], ["MOVE", "m3", "1"], ["COPY", "k", "k9"],
                        ["DEL", "k", "k9", "zz"], ["GETDEL", "n"], ["GETEX", "n", "EX", "5"]):
                t.run("c", *cmd)
            t.run("listen")
            t.run("c", "CONFIG", "SET", "notify-keyspace-events", "KEnm")
            t.run("c", "GET", "missing")
            t.run("c", "SET", "fresh", "1")
            t.run("c", "SET", "fresh", "2")
            t.run("listen")
            t.run("c", "CONFIG", "SET", "notify-keyspace-events", "Em")
            for cmd in (["TYPE", "m1"], ["TTL", "m2"], ["EXISTS", "m3"],
                        ["OBJECT", "ENCODING", "m4"], ["STRLEN", "m5"], ["MGET", "m6", "m7"],
                        ["SET", "m8", "v", "GET"], ["INCR", "m9"], ["TOUCH", "m10"],
                        ["GETEX", "m11"], ["LCS", "m12", "m13"], ["DEL", "m14"]):
                t.run("c", *cmd)
            t.run("listen")
            t.run("c", "CONFIG", "SET", "notify-keyspace-events", "Ex")
            t.run("c", "SET", "short", "v", "PX", "1")
            wait_until(lambda: t.run("c", "EXISTS", "short", record=False) == b":0\r\n",
                       what="key to expire")
            t.run("listen")

        self.compare(script)

    def test_client_tracking_resp3(self):
        def script(t):
            t.run("r", "HELLO", "3", record=False)
            t.run("r", "CLIENT", "TRACKING", "on")
            t.run("r", "GET", "k")
            t.run("r", "MGET", "k2", "k3")
            t.run("w", "SET", "k", "1")
            t.run("w", "MSET", "k2", "1", "k3", "1")
            t.run("r")
            t.run("r", "GET", "k")
            t.run("r", "SET", "k", "mine")
            t.run("r", "CLIENT", "TRACKINGINFO")
            t.run("r", "CLIENT", "GETREDIR")
            t.run("r", "CLIENT", "TRACKING", "off")
            t.run("r", "CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "user:", "NOLOOP")
            t.run("w", "MSET", "user:1", "a", "other", "b", "user:2", "c")
            t.run("r", "SET", "user:3", "own write, not announced")
            t.run("r")
            t.run("r", "CLIENT", "TRACKINGINFO")
            t.run("r", "CLIENT", "TRACKING", "off")
            t.run("r", "CLIENT", "TRACKING", "on", "OPTIN")
            t.run("r", "GET", "x")
            t.run("r", "CLIENT", "CACHING", "yes")
            t.run("r", "GET", "y")
            t.run("w", "MSET", "x", "1", "y", "1")
            t.run("r")
            t.run("r", "FLUSHALL")
            t.run("r", "CLIENT", "TRACKING", "off")
            for args in (["on", "BCAST", "OPTIN"], ["on", "OPTIN", "OPTOUT"], ["on", "PREFIX", "a"],
                         ["maybe"], ["on", "REDIRECT", "x"], ["on", "REDIRECT", "0"],
                         ["on", "BCAST", "PREFIX", "a", "PREFIX", "ab"], ["on", "NOPE"]):
                t.run("e", "CLIENT", "TRACKING", *args)
            t.run("e", "CLIENT", "CACHING", "yes")
            t.run("e", "CLIENT", "TRACKINGINFO")
            t.run("e", "CLIENT", "GETREDIR")

        self.compare(script)

    def test_client_tracking_resp2_redirect(self):
        def script(t):
            sink_id = t.run("sink", "CLIENT", "ID", record=False)[1:-2].decode()
            t.run("sink", "SUBSCRIBE", "__redis__:invalidate")
            # Ids differ between the servers: not part of the transcript.
            self.assertEqual(
                t.run("r", "CLIENT", "TRACKING", "on", "REDIRECT", sink_id, record=False),
                b"+OK\r\n")
            t.run("r", "CLIENT", "GETREDIR", record=False)
            t.run("r", "GET", "k")
            t.run("w", "SET", "k", "v")
            t.run("w", "FLUSHDB")
            t.run("sink")

        self.compare(script)


class PythonClientPubSubTest(unittest.TestCase):
    """python3-redis's pub/sub API and a slow subscriber, on a fresh node."""

    @classmethod
    def setUpClass(cls):
        cls.server = Server().start()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def setUp(self):
        self.r = redis.Redis(host="127.0.0.1", port=self.server.port, socket_timeout=10)

    def tearDown(self):
        self.r.config_set("notify-keyspace-events", "")
        self.r.close()

    def messages(self, pubsub, count):
        got = []

        def poll():
            msg = pubsub.get_message(ignore_subscribe_messages=True, timeout=0.05)
            if msg is not None:
                got.append(msg)
            return len(got) >= count

        wait_until(poll, what=f"{count} messages")
        return got

    def test_subscribe_and_patterns(self):
        p = self.r.pubsub()
        p.subscribe("news")
        p.psubscribe("room:*")
        wait_until(lambda: self.r.pubsub_numsub("news") == [(b"news", 1)] and
                   self.r.pubsub_numpat() == 1, what="subscriptions")
        self.assertEqual(self.r.publish("news", "hello"), 1)
        self.assertEqual(self.r.publish("room:1", "hi"), 1)
        got = self.messages(p, 2)
        self.assertEqual([(m["type"], m["channel"], m["data"]) for m in got],
                         [("message", b"news", b"hello"), ("pmessage", b"room:1", b"hi")])
        self.assertEqual(got[1]["pattern"], b"room:*")
        self.assertEqual(self.r.pubsub_channels(), [b"news"])
        p.close()
        wait_until(lambda: self.r.pubsub_numpat() == 0, what="close to drop subscriptions")
        self.assertEqual(self.r.pubsub_numsub("news"), [(b"news", 0)])

    def test_keyspace_events_through_python_client(self):
        self.r.config_set("notify-keyspace-events", "Kg$")
        p = self.r.pubsub()
        p.subscribe("__keyspace@0__:watched")
        wait_until(lambda: self.r.pubsub_numsub("__keyspace@0__:watched")[0][1] == 1,
                   what="subscription")
        self.r.set("watched", "1")
        self.r.incr("watched")
        self.r.delete("watched")
        got = self.messages(p, 3)
        self.assertEqual([m["data"] for m in got], [b"set", b"incrby", b"del"])
        p.close()

    def test_slow_subscriber_is_disconnected(self):
        self.r.config_set("client-output-buffer-limit", "pubsub 1mb 0 0")
        try:
            with connect(self.server.port) as slow:
                slow.sendall(encode_command("SUBSCRIBE", "firehose"))
                read_until(slow, lambda d: d.endswith(b":1\r\n"))
                # The subscriber never reads again: once the socket buffers are
                # full, messages pile up in its output buffer until the limit.
                payload = b"x" * 65536

                def flooded():
                    for _ in range(64):
                        self.r.publish("firehose", payload)
                    return self.r.pubsub_numsub("firehose") == [(b"firehose", 0)]

                wait_until(flooded, timeout=30, what="slow subscriber to be dropped")
        finally:
            self.r.config_set("client-output-buffer-limit", "pubsub 32mb 8mb 60")


class NotificationsExampleTest(unittest.TestCase):
    """examples/notifications.py against a fresh node exits 0 and shows the
    events it expects."""

    def test_example_runs(self):
        server = Server().start()
        try:
            result = subprocess.run(["/usr/bin/python3", EXAMPLE, "--port", str(server.port)],
                                    capture_output=True, text=True, timeout=60)
        finally:
            server.cleanup()
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("event rename_to    key example:welcome    ok", result.stdout)
        self.assertIn("all messages as expected", result.stdout)


if __name__ == "__main__":
    unittest.main()
