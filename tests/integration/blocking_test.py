"""Blocking list commands with real clients and real time, against
shoal-node and the reference redis-server alike: several python3-redis
clients blocked on one key are served in the order they blocked, fractional
timeouts expire on time, a client that disconnects while blocked gets no
element, CLIENT UNBLOCK, and BLMOVE feeding another waiter."""

import threading
import time
import unittest

import redis

from harness import NodeAndReferenceTestCase, wait_until


def as_lists(value):
    """python3-redis answers BLPOP with a tuple; compare as lists."""
    if isinstance(value, (list, tuple)):
        return [as_lists(v) for v in value]
    return value


class Waiter:
    """Runs one blocking command on its own connection in a thread."""

    def __init__(self, port, *cmd):
        self.r = redis.Redis(host="127.0.0.1", port=port, socket_timeout=30)
        self.id = self.r.client_id()
        self.cmd = cmd
        self.result = None
        self.error = None
        self.elapsed = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        start = time.monotonic()
        try:
            self.result = as_lists(self.r.execute_command(*self.cmd))
        except redis.RedisError as exc:  # reported through self.error
            self.error = exc
        self.elapsed = time.monotonic() - start

    def start(self):
        self.thread.start()
        return self

    def join(self, timeout=20):
        self.thread.join(timeout)
        if self.thread.is_alive():
            raise AssertionError(f"{self.cmd} did not return within {timeout}s")
        self.r.close()
        return self.result


class BlockingTest(NodeAndReferenceTestCase):
    def servers(self):
        return [("shoal", self.node.port), ("redis", self.ref.port)]

    def admin(self, port):
        return redis.Redis(host="127.0.0.1", port=port, socket_timeout=10)

    def blocked_count(self, r):
        return r.info("clients")["blocked_clients"]

    def block_in_order(self, r, port, cmds):
        """Starts one waiter per command, each only after the previous one is
        blocked, so the blocking order is known."""
        waiters = []
        for i, cmd in enumerate(cmds):
            waiters.append(Waiter(port, *cmd).start())
            wait_until(lambda: self.blocked_count(r) == i + 1, timeout=10,
                       what=f"{i + 1} blocked clients")
        return waiters

    def test_clients_served_in_blocking_order(self):
        for name, port in self.servers():
            with self.subTest(server=name):
                r = self.admin(port)
                r.flushall()
                waiters = self.block_in_order(
                    r, port, [("BLPOP", "q", "10"), ("BRPOP", "other", "q", "10"),
                              ("BLMPOP", "10", "1", "q", "LEFT", "COUNT", "2")])
                self.assertIn("flags=b", r.execute_command("CLIENT", "LIST", "ID", waiters[0].id).decode())
                r.rpush("q", "a")
                self.assertEqual(waiters[0].join(), [b"q", b"a"])
                r.rpush("q", "b", "c", "d")
                self.assertEqual(waiters[1].join(), [b"q", b"d"])
                self.assertEqual(waiters[2].join(), [b"q", [b"b", b"c"]])
                self.assertEqual(r.exists("q"), 0)
                self.assertEqual(self.blocked_count(r), 0)
                r.close()

    def test_fractional_timeouts(self):
        for name, port in self.servers():
            with self.subTest(server=name):
                r = self.admin(port)
                r.flushall()
                short = Waiter(port, "BLPOP", "none", "0.3").start()
                move = Waiter(port, "BLMOVE", "none", "dst", "LEFT", "RIGHT", "0.5").start()
                self.assertIsNone(short.join())
                self.assertIsNone(move.join())
                self.assertGreaterEqual(short.elapsed, 0.29)
                self.assertLess(short.elapsed, 3.0)
                self.assertGreaterEqual(move.elapsed, 0.49)
                self.assertLess(move.elapsed, 3.0)
                r.close()

    def test_disconnected_waiter_gets_nothing(self):
        for name, port in self.servers():
            with self.subTest(server=name):
                r = self.admin(port)
                r.flushall()
                gone = redis.Redis(host="127.0.0.1", port=port, socket_timeout=30)
                conn = gone.connection_pool.get_connection("BLPOP")
                conn.send_command("BLPOP", "q", "0")
                wait_until(lambda: self.blocked_count(r) == 1, timeout=10, what="blocked")
                conn.disconnect()
                wait_until(lambda: self.blocked_count(r) == 0, timeout=10, what="unblocked")
                r.rpush("q", "kept")
                self.assertEqual(r.lrange("q", 0, -1), [b"kept"])
                r.close()

    def test_client_unblock(self):
        for name, port in self.servers():
            with self.subTest(server=name):
                r = self.admin(port)
                r.flushall()
                w1, w2 = self.block_in_order(r, port, [("BLPOP", "q", "0"),
                                                       ("BRPOPLPUSH", "q", "d", "0")])
                self.assertEqual(r.execute_command("CLIENT", "UNBLOCK", w1.id), 1)
                self.assertIsNone(w1.join())
                self.assertEqual(r.execute_command("CLIENT", "UNBLOCK", w2.id, "ERROR"), 1)
                w2.join()
                self.assertEqual(str(w2.error), "UNBLOCKED client unblocked via CLIENT UNBLOCK")
                self.assertEqual(r.execute_command("CLIENT", "UNBLOCK", w2.id), 0)
                r.close()

    def test_blmove_feeds_next_waiter_and_rename_wakes(self):
        for name, port in self.servers():
            with self.subTest(server=name):
                r = self.admin(port)
                r.flushall()
                mover, popper = self.block_in_order(
                    r, port, [("BLMOVE", "src", "dst", "RIGHT", "LEFT", "0"),
                              ("BLPOP", "dst", "0")])
                r.rpush("src", "v")
                self.assertEqual(mover.join(), b"v")
                self.assertEqual(popper.join(), [b"dst", b"v"])
                (waiter,) = self.block_in_order(r, port, [("BRPOP", "target", "0")])
                r.set("target", "string")
                r.delete("target")
                r.rpush("tmp", "1", "2")
                r.rename("tmp", "target")
                self.assertEqual(waiter.join(), [b"target", b"2"])
                r.close()


if __name__ == "__main__":
    unittest.main()
