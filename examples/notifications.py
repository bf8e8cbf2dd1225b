#!/usr/bin/python3
"""Keyspace notifications over PUBLISH/SUBSCRIBE/PSUBSCRIBE, shown with
python3-redis against a running shoal-node (or any Redis 7.0 server).

    /usr/bin/python3 examples/notifications.py --port 6379

It subscribes to a channel and to the keyspace-event channels, makes a few
changes, prints every message it receives, and exits non-zero if any message
is not the one expected. The server's notify-keyspace-events setting is
restored before exiting.
"""

import argparse
import sys
import time

import redis

# What the changes below must produce on __keyevent@<db>__:* (event, key), in
# order.
EXPECTED_EVENTS = [
    ("set", "example:greeting"),
    ("append", "example:greeting"),
    ("incrby", "example:counter"),
    ("expire", "example:counter"),
    ("rename_from", "example:greeting"),
    ("rename_to", "example:welcome"),
    ("del", "example:welcome"),
    ("del", "example:counter"),
]


def next_message(pubsub, deadline):
    """The next pub/sub message (not a subscription confirmation), or None
    once the deadline passes."""
    while time.monotonic() < deadline:
        msg = pubsub.get_message(ignore_subscribe_messages=True, timeout=0.1)
        if msg is not None:
            return msg
    return None


def confirm(pubsub, kinds, deadline):
    """Waits for the server to confirm (un)subscriptions, so changes made on
    another connection afterwards are certain to be seen."""
    pending = list(kinds)
    while pending and time.monotonic() < deadline:
        msg = pubsub.get_message(timeout=0.1)
        if msg is not None and text(msg["type"]) == pending[0]:
            pending.pop(0)
    return not pending


def text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def show_plain_pubsub(r, pubsub, deadline):
    """PUBLISH to a channel and to a pattern subscription."""
    pubsub.subscribe("example:news")
    pubsub.psubscribe("example:room:*")
    if not confirm(pubsub, ["subscribe", "psubscribe"], deadline):
        print("  no subscription confirmation")
        return False
    receivers = r.publish("example:news", "hello")
    print(f"PUBLISH example:news hello -> {receivers} receiver(s)")
    r.publish("example:room:42", "hi room")
    got = [next_message(pubsub, deadline), next_message(pubsub, deadline)]
    ok = receivers == 1
    for msg, (kind, channel, data) in zip(got, [("message", "example:news", "hello"),
                                                ("pmessage", "example:room:42", "hi room")]):
        if msg is None:
            print(f"  missing {kind} on {channel}")
            ok = False
            continue
        print(f"  {text(msg['type'])} on {text(msg['channel'])}: {text(msg['data'])}")
        ok &= (text(msg["type"]), text(msg["channel"]), text(msg["data"])) == (kind, channel, data)
    pubsub.unsubscribe("example:news")
    pubsub.punsubscribe("example:room:*")
    return confirm(pubsub, ["unsubscribe", "punsubscribe"], deadline) and ok


def show_keyspace_events(r, pubsub, db, deadline):
    """Changes to keys, seen on the __keyevent@<db>__ channels."""
    r.delete("example:greeting", "example:counter", "example:welcome")
    pubsub.psubscribe(f"__keyevent@{db}__:*")
    if not confirm(pubsub, ["psubscribe"], deadline):
        print("  no subscription confirmation")
        return False
    r.set("example:greeting", "hello")
    r.append("example:greeting", " world")
    r.incrby("example:counter", 5)
    r.expire("example:counter", 60)
    r.rename("example:greeting", "example:welcome")
    r.delete("example:welcome", "example:counter")
    ok = True
    for want_event, want_key in EXPECTED_EVENTS:
        msg = next_message(pubsub, deadline)
        if msg is None:
            print(f"  missing event {want_event} {want_key}")
            return False
        event = text(msg["channel"]).split("__:", 1)[1]
        key = text(msg["data"])
        mark = "ok" if (event, key) == (want_event, want_key) else f"expected {want_event} {want_key}"
        print(f"  event {event:<12} key {key:<18} {mark}")
        ok &= (event, key) == (want_event, want_key)
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=6379)
    parser.add_argument("--db", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds to wait in all")
    args = parser.parse_args()

    r = redis.Redis(host=args.host, port=args.port, db=args.db, socket_timeout=args.timeout)
    previous = r.config_get("notify-keyspace-events").get("notify-keyspace-events", "")
    r.config_set("notify-keyspace-events", "KEA")
    pubsub = r.pubsub()
    deadline = time.monotonic() + args.timeout
    try:
        print("Plain pub/sub:")
        ok = show_plain_pubsub(r, pubsub, deadline)
        print(f"Keyspace events (notify-keyspace-events KEA) in db {args.db}:")
        ok &= show_keyspace_events(r, pubsub, args.db, deadline)
    finally:
        pubsub.close()
        r.config_set("notify-keyspace-events", previous)
        r.close()
    print("all messages as expected" if ok else "UNEXPECTED MESSAGES")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
