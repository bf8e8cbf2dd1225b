"""Durable event stream: producers XADD with MAXLEN ~, a consumer group reads
with XREADGROUP and acknowledges with XACK; entries a crashed consumer left
pending are taken over with XAUTOCLAIM.

Run: /usr/bin/python3 examples/event_stream.py --port 6379
"""

from common import check, connect

r = connect(__doc__)
STREAM, GROUP = "orders", "billing"

r.delete(STREAM)
r.xgroup_create(STREAM, GROUP, id="$", mkstream=True)
ids = [r.xadd(STREAM, {"order": str(n), "amount": str(10 * n)}, maxlen=1000, approximate=True)
       for n in range(1, 7)]
check(r.xlen(STREAM) == 6, "six orders appended")

# Worker A reads three orders and crashes before acknowledging them.
crashed = r.xreadgroup(GROUP, "worker-a", {STREAM: ">"}, count=3)
check(len(crashed[0][1]) == 3, "worker-a received three orders")

# Worker B processes the rest and acknowledges each.
handled = []
for _, entries in r.xreadgroup(GROUP, "worker-b", {STREAM: ">"}, count=10):
    for entry_id, fields in entries:
        handled.append(fields["order"])
        r.xack(STREAM, GROUP, entry_id)
check(handled == ["4", "5", "6"], "worker-b handled orders 4 to 6")
pending = r.xpending(STREAM, GROUP)
check(pending["pending"] == 3 and pending["consumers"][0]["name"] == "worker-a",
      "three orders are still pending with worker-a")

# Worker B takes over what worker-a left behind.
cursor, claimed = r.xautoclaim(STREAM, GROUP, "worker-b", min_idle_time=0, start_id="0-0")[:2]
for entry_id, fields in claimed:
    handled.append(fields["order"])
    r.xack(STREAM, GROUP, entry_id)
check(sorted(handled) == [str(n) for n in range(1, 7)], "every order was handled exactly once")
check(r.xpending(STREAM, GROUP)["pending"] == 0, "nothing is left pending")
info = r.xinfo_groups(STREAM)[0]
check(info["last-delivered-id"] == ids[-1], "the group has delivered up to the last order")
