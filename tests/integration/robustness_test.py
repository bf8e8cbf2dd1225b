"""shoal-node under bad input and at its limits: malformed protocol, garbage,
truncated frames, maxclients, query/output buffer limits, proto-max-bulk-len,
signals, daemonizing, bad config files, QUIT, inline commands, deep pipelines.

SHOAL_NODE=/usr/bin/redis-server runs the same expectations against Redis."""

import os
import random
import signal
import socket
import subprocess
import tempfile
import shutil
import unittest

from harness import (REDIS_SERVER, SHOAL_NODE, NodeAndReferenceTestCase, Server, ServerTestCase,
                     connect, encode_command, free_port, pid_alive, read_until, read_until_closed,
                     resp_command, wait_until)


def exchange(port, payload, timeout=5.0):
    """Sends payload on a fresh connection and returns (reply, closed)."""
    with connect(port) as s:
        try:
            s.sendall(payload)
        except (BrokenPipeError, ConnectionResetError):
            return b"", True
        return read_until_closed(s, timeout=timeout)


def send_then_half_close(port, payload, timeout=5.0):
    """Sends payload, then shuts down the write side: the server must answer
    what it understood and then close the connection itself."""
    with connect(port) as s:
        try:
            s.sendall(payload)
            s.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError):
            return b"", True
        return read_until_closed(s, timeout=timeout)


def read_text(path):
    with open(path) as f:
        return f.read()


def count_replies(data):
    """Number of complete simple (+ - :) replies in data."""
    return data.count(b"\r\n")


class MalformedProtocolTest(ServerTestCase):
    CASES = [
        (b"*abc\r\n", b"invalid multibulk length"),
        (b"*1\r\n$abc\r\n", b"invalid bulk length"),
        (b"*1\r\nfoo\r\n", b"expected '$', got 'f'"),
        (b'SET "a b\r\n', b"unbalanced quotes in request"),
        (b"SET 'a\r\n", b"unbalanced quotes in request"),
        (b"*2\r\n$3\r\nGET\r\n$-5\r\n", b"invalid bulk length"),
        (b"*1\r\n$600000000\r\n", b"invalid bulk length"),
        (b"*2\r\n$3\r\nGET\r\n:1\r\n", b"expected '$', got ':'"),
        (b"*" + b"9" * 70000, b"too big mbulk count string"),
        (b"*1\r\n$" + b"9" * 70000, b"too big bulk count string"),
        (b"X" * 70000, b"too big inline request"),
    ]

    def assert_alive(self):
        self.assertEqual(resp_command(self.server.port, "PING"), b"+PONG\r\n")

    def test_protocol_errors_close_the_connection(self):
        for payload, message in self.CASES:
            with self.subTest(payload=payload[:30]):
                reply, closed = exchange(self.server.port, payload)
                self.assertEqual(reply, b"-ERR Protocol error: " + message + b"\r\n")
                self.assertTrue(closed, "connection left open after a protocol error")
                self.assert_alive()

    def test_replies_before_the_error_are_sent(self):
        payload = encode_command("SET", "before", "1") + b"*1\r\n$x\r\n" + encode_command("PING")
        reply, closed = exchange(self.server.port, payload)
        self.assertEqual(reply, b"+OK\r\n-ERR Protocol error: invalid bulk length\r\n")
        self.assertTrue(closed)
        self.assertEqual(resp_command(self.server.port, "GET", "before"), b"$1\r\n1\r\n")

    def test_random_garbage(self):
        rng = random.Random(20240613)
        alphabet = [b"*", b"$", b"\r\n", b"\n", b"-", b"1", b"3", b"9", b"0", b" ", b'"', b"'",
                    b"\\", b"x", b"PING", b"SET", b"GET", b"\x00", b"\xff"]
        for i in range(100):
            if i % 2 == 0:
                payload = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 300)))
            else:
                payload = b"".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 60)))
            with self.subTest(i=i, payload=payload[:40]):
                reply, closed = send_then_half_close(self.server.port, payload)
                self.assertTrue(closed, "server kept a half-closed connection open")
                for line in reply.split(b"\r\n")[:-1]:
                    if line.startswith(b"-ERR Protocol error"):
                        self.assertTrue(reply.endswith(line + b"\r\n"),
                                        "replies sent after a protocol error")
                self.assertIsNone(self.server.proc.poll(), "server died")
                self.assert_alive()

    def test_truncated_frame_then_disconnect(self):
        for cut in (b"*3\r\n$3\r\nSET\r\n$9\r\ntruncated\r\n$10\r\nabc", b"*3\r\n$3\r\nSE",
                    b"*3", b"*3\r\n", b"SET truncated inline-without-newline"):
            with self.subTest(cut=cut):
                with connect(self.server.port) as s:
                    s.sendall(cut)
                self.assert_alive()
        self.assertEqual(resp_command(self.server.port, "EXISTS", "truncated"), b":0\r\n")

    def test_quit_replies_ok_then_closes(self):
        reply, closed = exchange(self.server.port, encode_command("QUIT") + encode_command("PING"))
        self.assertEqual(reply, b"+OK\r\n")
        self.assertTrue(closed)
        reply, closed = exchange(self.server.port, b"QUIT\r\n")
        self.assertEqual(reply, b"+OK\r\n")
        self.assertTrue(closed)

    def test_inline_commands(self):
        with connect(self.server.port) as s:
            s.sendall(b"PING\r\n")
            self.assertEqual(read_until(s, lambda d: d.endswith(b"\r\n")), b"+PONG\r\n")
            s.sendall(b'SET inline "two words"\r\nGET inline\nEXISTS inline missing\r\n')
            want = b"+OK\r\n$9\r\ntwo words\r\n:1\r\n"
            self.assertEqual(read_until(s, lambda d: len(d) >= len(want)), want)
            s.sendall(b"\r\n   \r\nPING\r\n")  # empty inline lines are ignored
            self.assertEqual(read_until(s, lambda d: d.endswith(b"\r\n")), b"+PONG\r\n")

    def test_pipeline_10000_commands_in_one_write(self):
        resp_command(self.server.port, "DEL", "pipe:n")
        payload = (encode_command("PING") + encode_command("INCR", "pipe:n")) * 5000
        with connect(self.server.port, timeout=30) as s:
            s.sendall(payload)
            data = read_until(s, lambda d: count_replies(d) >= 10000, timeout=30)
        self.assertEqual(count_replies(data), 10000)
        self.assertEqual(data.count(b"+PONG\r\n"), 5000)
        self.assertTrue(data.endswith(b"+PONG\r\n:5000\r\n"), data[-40:])
        self.assertEqual(resp_command(self.server.port, "GET", "pipe:n"), b"$4\r\n5000\r\n")


@unittest.skipIf(REDIS_SERVER is None, "reference redis-server not installed")
class GarbageMatchesRedisTest(NodeAndReferenceTestCase):
    """Seeded garbage, half-closed after sending, gets byte-identical answers
    from the node and the reference server (state carries over between
    payloads on both sides, so the sequence is compared as a whole)."""

    # Redis's inline parser stops at a NUL byte (C string search) and keeps
    # \v and \f inside a token: quirks left out of the random alphabet.
    RANDOM_BYTES = [b for b in range(256) if b not in (0x00, 0x0B, 0x0C)]
    ALPHABET = [b"*", b"$", b"\r\n", b"\n", b"\r", b"-", b"1", b"3", b"9", b"0", b" ", b"\t",
                b'"', b"'", b"\\", b"x", b"PING", b"SET", b"GET", b"ECHO", b"\xff", b"*2\r\n",
                b"$3\r\n", b"\\x4"]

    def test_same_replies_as_redis(self):
        rng = random.Random(7)
        for i in range(100):
            if i % 2 == 0:
                payload = bytes(rng.choice(self.RANDOM_BYTES) for _ in range(rng.randrange(1, 300)))
            else:
                payload = b"".join(rng.choice(self.ALPHABET) for _ in range(rng.randrange(1, 60)))
            with self.subTest(i=i, payload=payload[:60]):
                self.assertEqual(send_then_half_close(self.node.port, payload),
                                 send_then_half_close(self.ref.port, payload))

    def test_form_feed_inside_an_inline_token(self):
        payload = b"ECHO a\x0cb\r\nECHO a\x0bb\r\n"
        self.assertEqual(send_then_half_close(self.node.port, payload),
                         send_then_half_close(self.ref.port, payload))


class PipelinedAuthTest(ServerTestCase):
    """Before AUTH a client may send only small requests; a pipeline that
    authenticates first and then sends a large request must work, and the
    requests after a malformed one must not run."""

    server_args = ("--requirepass", "secret")

    def test_auth_then_large_request_in_one_write(self):
        big = ["MSET"] + [f"k{i}" if j == 0 else "v" * 20000 for i in range(8) for j in range(2)]
        payload = encode_command("AUTH", "secret") + encode_command(*big) + encode_command("DBSIZE")
        with connect(self.server.port) as s:
            s.sendall(payload)
            reply = read_until(s, lambda d: d.count(b"\r\n") >= 3)
        self.assertEqual(reply, b"+OK\r\n+OK\r\n:8\r\n")

    def test_requests_before_a_malformed_one_run_in_order(self):
        payload = (encode_command("AUTH", "secret") + encode_command("SET", "before", "1") +
                   b"*1\r\n$x\r\n" + encode_command("SET", "after", "1"))
        reply, closed = exchange(self.server.port, payload)
        self.assertEqual(reply, b"+OK\r\n+OK\r\n-ERR Protocol error: invalid bulk length\r\n")
        self.assertTrue(closed)
        with connect(self.server.port) as s:
            s.sendall(encode_command("AUTH", "secret") + encode_command("EXISTS", "before", "after"))
            self.assertEqual(read_until(s, lambda d: d.count(b"\r\n") >= 2), b"+OK\r\n:1\r\n")


class MaxClientsTest(ServerTestCase):
    server_args = ("--maxclients", "3")

    def test_fourth_connection_is_refused(self):
        conns = []

        def open_client():
            # Retried: the server may not have seen the close of the
            # harness's readiness probe yet, which still holds a slot.
            s = connect(self.server.port)
            s.sendall(encode_command("PING"))
            if read_until(s, lambda d: d.endswith(b"\r\n")) == b"+PONG\r\n":
                conns.append(s)
                return True
            s.close()
            return False

        try:
            for _ in range(3):
                wait_until(open_client, timeout=5, what="a client slot")
            reply, closed = exchange(self.server.port, encode_command("PING"))
            self.assertEqual(reply, b"-ERR max number of clients reached\r\n")
            self.assertTrue(closed)
            conns.pop().close()
            wait_until(lambda: resp_command(self.server.port, "PING", timeout=2) == b"+PONG\r\n",
                       timeout=5, what="a free client slot after a disconnect")
        finally:
            for s in conns:
                s.close()


class QueryBufferLimitTest(ServerTestCase):
    server_args = ("--client-query-buffer-limit", "1mb")

    def test_partial_2mb_bulk_closes_the_connection(self):
        size = 3 * 1024 * 1024
        header = b"*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$%d\r\n" % size
        with connect(self.server.port) as s:
            try:
                s.sendall(header + b"x" * (2 * 1024 * 1024))
            except (BrokenPipeError, ConnectionResetError):
                pass
            _, closed = read_until_closed(s, timeout=10)
        self.assertTrue(closed, "connection over client-query-buffer-limit left open")
        self.assertEqual(resp_command(self.server.port, "PING"), b"+PONG\r\n")
        self.assertEqual(resp_command(self.server.port, "EXISTS", "big"), b":0\r\n")

    def test_values_under_the_limit_still_work(self):
        value = b"v" * (512 * 1024)
        with connect(self.server.port) as s:
            s.sendall(encode_command("SET", "half", value))
            self.assertEqual(read_until(s, lambda d: d.endswith(b"\r\n")), b"+OK\r\n")
        self.assertEqual(resp_command(self.server.port, "STRLEN", "half"), b":524288\r\n")


class OutputBufferLimitTest(ServerTestCase):
    server_args = ("--client-output-buffer-limit", "normal 1mb 0 0")

    def test_slow_reader_is_disconnected(self):
        value = b"o" * (100 * 1024)
        self.assertEqual(resp_command(self.server.port, "SET", "bigval", value), b"+OK\r\n")
        gets = 400  # 40 MB of replies, far more than socket buffers plus the 1 MB limit
        with connect(self.server.port, timeout=10) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
            s.sendall(encode_command("GET", "bigval") * gets)
            # Read nothing until the server has had to buffer past the limit.
            wait_until(lambda: not self.client_list_line(s), timeout=10,
                       what="the slow client to be disconnected")
            data, closed = read_until_closed(s, timeout=10, limit=64 * 1024 * 1024)
        self.assertTrue(closed)
        self.assertLess(len(data), gets * len(value), "every reply was delivered")
        self.assertEqual(resp_command(self.server.port, "PING"), b"+PONG\r\n")
        stats = dict(line.split(":", 1) for line in self.server.cli("INFO", "stats").stdout
                     .splitlines() if ":" in line)
        if "client_output_buffer_limit_disconnections" in stats:
            self.assertGreater(int(stats["client_output_buffer_limit_disconnections"]), 0)

    def client_list_line(self, sock):
        """The CLIENT LIST line of the connection sock, or b'' once it is gone."""
        port = sock.getsockname()[1]
        for line in resp_command(self.server.port, "CLIENT", "LIST").split(b"\n"):
            if b" addr=127.0.0.1:%d " % port in line:
                return line
        return b""


class ProtoMaxBulkLenTest(ServerTestCase):
    server_args = ("--proto-max-bulk-len", "1mb")

    def test_bulk_over_the_limit_is_a_protocol_error(self):
        header = b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$%d\r\n" % (1024 * 1024 + 1)
        reply, closed = exchange(self.server.port, header)
        self.assertEqual(reply, b"-ERR Protocol error: invalid bulk length\r\n")
        self.assertTrue(closed)

    def test_bulk_at_the_limit_is_accepted(self):
        value = b"a" * (1024 * 1024)
        with connect(self.server.port) as s:
            s.sendall(encode_command("SET", "k", value))
            self.assertEqual(read_until(s, lambda d: d.endswith(b"\r\n")), b"+OK\r\n")

    def test_config_get(self):
        self.assertEqual(self.server.cli("CONFIG", "GET", "proto-max-bulk-len").stdout,
                         "proto-max-bulk-len\n1048576\n")


class ProcessLifecycleTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="shoal-it-life-")
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)

    def test_sigterm_exits_zero_saying_bye_bye(self):
        server = Server().start()
        try:
            self.assertEqual(server.stop(signal.SIGTERM), 0)
            self.assertIn("bye bye", server.read_log())
        finally:
            server.cleanup()

    def test_sigint_exits_zero(self):
        server = Server().start()
        try:
            self.assertEqual(server.stop(signal.SIGINT), 0)
        finally:
            server.cleanup()

    def test_daemonize_writes_pidfile(self):
        port = free_port()
        pidfile = os.path.join(self.tmp, "x.pid")
        logfile = os.path.join(self.tmp, "log")
        launcher = subprocess.run(
            [SHOAL_NODE, "--port", str(port), "--bind", "127.0.0.1", "--dir", self.tmp,
             "--save", "", "--daemonize", "yes", "--pidfile", pidfile, "--logfile", logfile],
            capture_output=True, text=True, timeout=30)
        self.assertEqual(launcher.returncode, 0, launcher.stderr)
        pid = int(wait_until(lambda: read_text(pidfile).strip(), timeout=10,
                             what="the pidfile"))
        self.addCleanup(self.kill_daemon, pid)
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            self.assertIn(os.path.basename(SHOAL_NODE).encode(), f.read())
        wait_until(lambda: resp_command(port, "PING", timeout=1) == b"+PONG\r\n", timeout=10,
                   what="the daemon to answer")
        info = resp_command(port, "INFO", "server").decode()
        self.assertIn(f"process_id:{pid}\r\n", info)
        os.kill(pid, signal.SIGTERM)
        wait_until(lambda: not pid_alive(pid), timeout=10, what="the daemon to exit")
        wait_until(lambda: "bye bye" in read_text(logfile), timeout=5, what="log line")
        wait_until(lambda: not os.path.exists(pidfile), timeout=5, what="pidfile removal")

    def kill_daemon(self, pid):
        """Cleanup for a failed test: the daemon we started, by its PID."""
        if pid_alive(pid):
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    ours = self.tmp.encode() in f.read()
            except OSError:
                return
            if ours:
                os.kill(pid, signal.SIGKILL)

    def test_bad_config_file(self):
        conf = os.path.join(self.tmp, "bad.conf")
        with open(conf, "w") as f:
            f.write("# a comment\nmaxclients 10\nport abc\n")
        result = subprocess.run([SHOAL_NODE, conf], capture_output=True, text=True, timeout=30)
        self.assertNotEqual(result.returncode, 0)
        output = result.stdout + result.stderr
        self.assertIn("*** FATAL CONFIG FILE ERROR", output)
        self.assertIn("at line 3", output)
        self.assertIn(">>> 'port abc'", output)
        self.assertIn("argument couldn't be parsed into an integer", output)

    def test_unknown_directive(self):
        conf = os.path.join(self.tmp, "bad.conf")
        with open(conf, "w") as f:
            f.write("no-such-directive yes\n")
        result = subprocess.run([SHOAL_NODE, conf], capture_output=True, text=True, timeout=30)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("*** FATAL CONFIG FILE ERROR", result.stdout + result.stderr)
        self.assertIn("Bad directive or wrong number of arguments", result.stdout + result.stderr)

    def test_bad_command_line_option(self):
        result = subprocess.run([SHOAL_NODE, "--port", str(free_port()), "--maxclients", "x"],
                                capture_output=True, text=True, timeout=30)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("*** FATAL CONFIG FILE ERROR", result.stdout + result.stderr)


if __name__ == "__main__":
    unittest.main()
