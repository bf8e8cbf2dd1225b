"""Sliding-window rate limiter: one sorted set per client holding request
times, trimmed and counted in one pipeline (ZREMRANGEBYSCORE, ZCARD, ZADD,
EXPIRE).

Run: /usr/bin/python3 examples/rate_limiter.py --port 6379
"""

from common import check, connect

r = connect(__doc__)
LIMIT = 5
WINDOW_MS = 1000


def allow(client, now_ms, request_id):
    key = f"ratelimit:{client}"
    pipe = r.pipeline(transaction=False)
    pipe.zremrangebyscore(key, 0, now_ms - WINDOW_MS)
    pipe.zcard(key)
    pipe.zadd(key, {request_id: now_ms})
    pipe.expire(key, 2)
    _, count, _, _ = pipe.execute()
    if count >= LIMIT:
        r.zrem(key, request_id)
        return False
    return True


r.delete("ratelimit:alice")
t0 = 1_000_000
results = [allow("alice", t0 + i * 10, f"req{i}") for i in range(8)]
print("requests in the first window:", results)
check(results == [True] * LIMIT + [False] * 3, "five requests pass, the next three are refused")
check(r.zcard("ratelimit:alice") == LIMIT, "only accepted requests are remembered")
check(allow("alice", t0 + WINDOW_MS + 25, "late"), "a request after the window slides passes")
check(r.zcard("ratelimit:alice") == 3, "entries older than the window were trimmed")
