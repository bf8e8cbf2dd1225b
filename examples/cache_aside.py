"""Cache-aside: read through a cache with SETEX/GET, invalidate with DEL.

Run: /usr/bin/python3 examples/cache_aside.py --port 6379
"""

from common import check, connect

r = connect(__doc__)
database = {"user:1": "alice", "user:2": "bob"}
loads = []


def load_user(key):
    cached = r.get(f"cache:{key}")
    if cached is not None:
        return cached
    loads.append(key)
    value = database[key]
    r.setex(f"cache:{key}", 60, value)
    return value


r.delete("cache:user:1", "cache:user:2")
check(load_user("user:1") == "alice", "first read loads from the database")
check(load_user("user:1") == "alice" and loads == ["user:1"], "second read is served by the cache")
check(0 < r.ttl("cache:user:1") <= 60, "cached entries expire within 60 seconds")
database["user:1"] = "alicia"
r.delete("cache:user:1")
check(load_user("user:1") == "alicia", "after DEL the next read sees the new value")
check(loads == ["user:1", "user:1"], "exactly two database loads happened")
