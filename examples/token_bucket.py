#!/usr/bin/python3
"""A token-bucket rate limiter as one Lua script on a Shoal (or Redis) node.

Each bucket is a hash {tokens, ts}. The script refills the bucket by the time
elapsed since the last call (rate tokens per second, at most capacity), then
takes one token if there is one. The caller passes the current time, so the
script stays deterministic; EXPIRE drops idle buckets.

Usage: token_bucket.py [--host 127.0.0.1] [--port 6379]
Prints each decision; exits non-zero if any decision is wrong, and with 77
(skipped) if the server has no HSET.
"""

import argparse
import sys

import redis

TAKE = """
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local tokens = tonumber(redis.call('hget', KEYS[1], 'tokens'))
local ts = tonumber(redis.call('hget', KEYS[1], 'ts'))
if tokens == nil then
  tokens = capacity
  ts = now
end
tokens = math.min(capacity, tokens + (now - ts) * rate / 1000)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('hset', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('expire', KEYS[1], math.ceil(capacity / rate) + 1)
return {allowed, math.floor(tokens)}
"""

SKIPPED = 77


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=6379)
    args = parser.parse_args()
    client = redis.Redis(host=args.host, port=args.port, socket_timeout=10)
    try:
        client.execute_command("HSET", "token_bucket:probe", "f", "v")
        client.delete("token_bucket:probe")
    except redis.ResponseError as exc:
        print(f"token_bucket: skipped, the server has no HSET ({exc})")
        return SKIPPED
    client.delete("bucket:api")
    take = client.register_script(TAKE)

    capacity, rate = 3, 2  # 3 tokens, refilled at 2 per second
    # (time in ms, allowed?) -- three at once pass, the fourth waits for a
    # refill; 500 ms later one token is back.
    steps = [(0, 1), (0, 1), (0, 1), (0, 0), (100, 0), (500, 1), (500, 0), (5000, 1)]
    ok = True
    for now_ms, want in steps:
        allowed, left = take(keys=["bucket:api"], args=[capacity, rate, now_ms])
        good = allowed == want
        ok = ok and good
        print(f"{'ok  ' if good else 'FAIL'} t={now_ms:5d}ms allowed={allowed} tokens_left={left}"
              + ("" if good else f" (wanted allowed={want})"))
    ttl = client.ttl("bucket:api")
    good_ttl = 0 < ttl <= 3
    print(f"{'ok  ' if good_ttl else 'FAIL'} idle bucket expires in {ttl}s")
    if not (ok and good_ttl):
        print("token_bucket: FAILED")
        return 1
    print("token_bucket: every decision as expected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
