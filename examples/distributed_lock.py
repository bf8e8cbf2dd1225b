#!/usr/bin/python3
"""A distributed lock on one Shoal (or Redis) node.

Acquire: SET key token NX PX ttl -- only one client gets it.
Release: a Lua script deletes the key only if it still holds our token, so a
client whose lock expired cannot free the lock another client now holds.
Extend: a Lua script moves the expiry only while we still hold the lock.

Usage: distributed_lock.py [--host 127.0.0.1] [--port 6379]
Prints each step; exits non-zero if any step gives a wrong result.
"""

import argparse
import sys
import uuid

import redis

RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0
"""

EXTEND = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2])
end
return 0
"""


class Lock:
    def __init__(self, client, name, ttl_ms):
        self.client = client
        self.name = name
        self.ttl_ms = ttl_ms
        self.token = uuid.uuid4().hex
        self._release = client.register_script(RELEASE)
        self._extend = client.register_script(EXTEND)

    def acquire(self):
        return bool(self.client.set(self.name, self.token, nx=True, px=self.ttl_ms))

    def release(self):
        return self._release(keys=[self.name], args=[self.token]) == 1

    def extend(self, ttl_ms):
        return self._extend(keys=[self.name], args=[self.token, ttl_ms]) == 1


def check(what, got, want):
    ok = got == want
    print(f"{'ok  ' if ok else 'FAIL'} {what}: {got!r}" + ("" if ok else f" (wanted {want!r})"))
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=6379)
    args = parser.parse_args()
    client = redis.Redis(host=args.host, port=args.port, socket_timeout=10)
    client.delete("lock:orders")

    alice = Lock(client, "lock:orders", ttl_ms=10000)
    bob = Lock(client, "lock:orders", ttl_ms=10000)
    results = [
        check("alice acquires", alice.acquire(), True),
        check("bob cannot acquire while alice holds it", bob.acquire(), False),
        check("bob cannot release alice's lock", bob.release(), False),
        check("bob cannot extend alice's lock", bob.extend(60000), False),
        check("alice extends her lock", alice.extend(60000), True),
        check("ttl now above the first one", client.pttl("lock:orders") > 10000, True),
        check("alice releases", alice.release(), True),
        check("alice's second release is a no-op", alice.release(), False),
        check("bob acquires after the release", bob.acquire(), True),
        check("bob releases", bob.release(), True),
        check("the lock key is gone", client.exists("lock:orders"), 0),
    ]
    if not all(results):
        print("distributed_lock: FAILED")
        return 1
    print("distributed_lock: all steps behaved as expected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
