#!/usr/bin/python3
"""Counting unique visitors with HyperLogLog (PFADD, PFCOUNT, PFMERGE).

Each day's visitor ids go into one HyperLogLog per day; PFCOUNT answers
"how many distinct visitors today" in 12 KB at most, whatever the traffic,
and PFMERGE folds the days into a weekly figure. Prints the estimates next
to the exact counts and exits with status 1 if an estimate is off by more
than HyperLogLog's error allows.

Usage: unique_visitors.py [--host 127.0.0.1] [--port 6379]
"""

import argparse
import random
import sys

import redis

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
TOLERANCE = 0.03  # about 3.7 standard errors (0.81%) of a 16384-register HLL


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=6379)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    r = redis.Redis(host=args.host, port=args.port, socket_timeout=30)
    rng = random.Random(args.seed)
    keys = ["visitors:" + day for day in DAYS]
    r.delete(*keys, "visitors:week")

    population = 200000  # regulars come back on several days
    week = set()
    failures = 0
    for day, key in zip(DAYS, keys):
        today = {"user:%d" % rng.randrange(population) for _ in range(rng.randrange(20000, 40000))}
        week |= today
        ids = list(today)
        pipe = r.pipeline(transaction=False)
        for i in range(0, len(ids), 1000):
            pipe.pfadd(key, *ids[i:i + 1000])
        pipe.execute()
        failures += report(day, r.pfcount(key), len(today))

    failures += report("mon+tue (PFCOUNT of two keys)", r.pfcount(keys[0], keys[1]), None)
    r.pfmerge("visitors:week", *keys)
    failures += report("week (PFMERGE)", r.pfcount("visitors:week"), len(week))
    # Adding someone already counted changes nothing.
    if r.pfadd("visitors:week", next(iter(week))) != 0:
        print("PFADD of a known visitor reported a change")
        failures += 1
    memory = r.strlen("visitors:week")
    print("the weekly HyperLogLog takes %d bytes for %d distinct visitors" % (memory, len(week)))
    r.delete(*keys, "visitors:week")
    return 1 if failures else 0


def report(label, estimate, exact):
    if exact is None:
        print("%-30s estimate %7d" % (label, estimate))
        return 0
    error = abs(estimate - exact) / exact
    verdict = "ok" if error <= TOLERANCE else "WRONG"
    print("%-30s estimate %7d  exact %7d  error %5.2f%%  %s"
          % (label, estimate, exact, 100 * error, verdict))
    return 0 if verdict == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
