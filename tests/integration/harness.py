"""Integration-test harness: starts shoal-node (or the reference redis-server)
on free loopback ports in a temporary directory, waits for it by polling with
a deadline, and stops exactly the process it started, by PID.

Used by every tests/integration/*_test.py script (run with /usr/bin/python3,
which has Debian's python3-redis).
"""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest

BUILD_DIR = os.environ.get("SHOAL_BUILD_DIR", os.path.join(os.path.dirname(__file__), "..", "..", "build"))
SHOAL_NODE = os.environ.get("SHOAL_NODE", os.path.join(BUILD_DIR, "node", "shoal-node"))
CLUSTERCTL = os.environ.get("SHOAL_CLUSTERCTL", os.path.join(BUILD_DIR, "clusterctl", "clusterctl"))
REDIS_SERVER = shutil.which("redis-server")
REDIS_CLI = shutil.which("redis-cli")
REDIS_BENCHMARK = shutil.which("redis-benchmark")


def free_port(avoid=()):
    """A TCP port on 127.0.0.1 that is free now (and whose +1000 is free too,
    for the node's admin port)."""
    for _ in range(200):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port in avoid or port + 1000 > 65535:
            continue
        with socket.socket() as s2:
            try:
                s2.bind(("127.0.0.1", port + 1000))
            except OSError:
                continue
        return port
    raise RuntimeError("no free port found")


def wait_until(predicate, timeout=10.0, interval=0.02, what="condition"):
    """Polls predicate() until it is truthy or the deadline passes."""
    deadline = time.monotonic() + timeout
    last_exc = None
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except Exception as exc:  # noqa: BLE001 - polled again until the deadline
            last_exc = exc
        time.sleep(interval)  # poll interval of a deadline-bounded wait
    raise AssertionError(f"timed out waiting for {what}" + (f" (last error: {last_exc})" if last_exc else ""))


def resp_command(port, *args, timeout=5.0):
    """Sends one command over a raw socket; returns the raw reply bytes."""
    payload = b"*%d\r\n" % len(args)
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        payload += b"$%d\r\n%s\r\n" % (len(a), a)
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(payload)
        return s.recv(1 << 20)


class Server:
    """A server process on 127.0.0.1 with its own temp dir."""

    def __init__(self, binary=None, args=(), port=None, config_text=None):
        self.binary = binary or SHOAL_NODE
        self.port = port or free_port()
        self.dir = tempfile.mkdtemp(prefix="shoal-it-")
        self.args = list(args)
        self.config_text = config_text
        self.proc = None
        self.log_path = os.path.join(self.dir, "server.log")

    @property
    def admin_port(self):
        return self.port + 1000

    def start(self, wait=True):
        cmd = [self.binary]
        if self.config_text is not None:
            conf = os.path.join(self.dir, "node.conf")
            with open(conf, "w") as f:
                f.write(self.config_text)
            cmd.append(conf)
        cmd += ["--port", str(self.port), "--bind", "127.0.0.1", "--dir", self.dir, "--save", ""]
        cmd += self.args
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT, cwd=self.dir)
        if wait:
            wait_until(self.ready, timeout=15, what=f"server on port {self.port}")
        return self

    def ready(self):
        if self.proc.poll() is not None:
            raise AssertionError(f"server exited with {self.proc.returncode}: {self.read_log()}")
        try:
            return resp_command(self.port, "PING", timeout=1).startswith((b"+PONG", b"-NOAUTH"))
        except OSError:
            return False

    def read_log(self):
        try:
            with open(self.log_path) as f:
                return f.read()
        except OSError:
            return ""

    def stop(self, sig=signal.SIGTERM, timeout=10):
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait(timeout=timeout)

    def cleanup(self):
        self.stop()
        if getattr(self, "log", None):
            self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def cli(self, *args, input=None, timeout=30):
        """Runs redis-cli against this server; returns CompletedProcess."""
        return subprocess.run([REDIS_CLI, "-h", "127.0.0.1", "-p", str(self.port), *map(str, args)],
                               input=input, capture_output=True, text=True, timeout=timeout)


class ServerTestCase(unittest.TestCase):
    """Starts one shoal-node per test class."""

    server_args = ()
    config_text = None

    @classmethod
    def setUpClass(cls):
        cls.server = Server(args=cls.server_args, config_text=cls.config_text).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()


# ---------------------------------------------------------------------------
# Additions used by the compatibility and robustness tests.
# ---------------------------------------------------------------------------


def reference_server(args=(), config_text=None):
    """An (unstarted) Debian redis-server with persistence off, for comparing
    replies byte for byte with the node's."""
    return Server(binary=REDIS_SERVER, args=["--appendonly", "no", *args], config_text=config_text)


def read_until_closed(sock, timeout=5.0, limit=1 << 24):
    """Reads from sock until the peer closes it or the deadline passes.

    Returns (data, closed): closed is True only if the peer closed (EOF or
    reset) before the deadline."""
    deadline = time.monotonic() + timeout
    data = b""
    while len(data) < limit:
        left = deadline - time.monotonic()
        if left <= 0:
            return data, False
        sock.settimeout(left)
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            return data, False
        except (ConnectionResetError, BrokenPipeError):
            return data, True
        if not chunk:
            return data, True
        data += chunk
    return data, False


def read_until(sock, predicate, timeout=5.0, limit=1 << 26):
    """Reads from sock until predicate(data) is true; fails on EOF or deadline."""
    deadline = time.monotonic() + timeout
    data = b""
    while not predicate(data):
        left = deadline - time.monotonic()
        if left <= 0 or len(data) > limit:
            raise AssertionError(f"timed out reading; got {len(data)} bytes: {data[:200]!r}")
        sock.settimeout(left)
        chunk = sock.recv(1 << 20)
        if not chunk:
            raise AssertionError(f"connection closed early; got {len(data)} bytes: {data[:200]!r}")
        data += chunk
    return data


def encode_command(*args):
    """One command as a RESP multibulk."""
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


def connect(port, timeout=5.0):
    """A raw TCP connection to 127.0.0.1:port."""
    return socket.create_connection(("127.0.0.1", port), timeout=timeout)


def pid_alive(pid):
    """True while a process with this PID exists (and is not a zombie)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


class NodeAndReferenceTestCase(unittest.TestCase):
    """Starts one shoal-node (self.node) and one reference redis-server
    (self.ref) per test class, for side-by-side comparisons."""

    @classmethod
    def setUpClass(cls):
        cls.node = Server().start()
        cls.ref = reference_server().start()

    @classmethod
    def tearDownClass(cls):
        cls.node.cleanup()
        cls.ref.cleanup()


def session_replies(port, protocol, lines):
    """Runs space-separated command lines on one fresh connection after
    FLUSHALL (and HELLO 3 for protocol 3); returns each raw reply, found by
    sending PING after every command as an end marker."""
    sock = connect(port)
    try:
        if protocol == 3:
            sock.sendall(encode_command("HELLO", "3"))
            read_until(sock, lambda d: d.endswith(b"\r\n") and b"modules" in d)
        sock.sendall(encode_command("FLUSHALL"))
        read_until(sock, lambda d: d.endswith(b"\r\n"))
        replies = []
        for line in lines:
            sock.sendall(encode_command(*line.split()) + encode_command("PING"))
            data = read_until(sock, lambda d: d.endswith(b"+PONG\r\n"))
            replies.append(data[:-len(b"+PONG\r\n")])
        return replies
    finally:
        sock.close()
