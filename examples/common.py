"""What the example programs share: the server address from the command line
and a check that stops the program with a non-zero status on a wrong result."""

import argparse
import sys

import redis


def connect(description):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=6379)
    args = parser.parse_args()
    return redis.Redis(host=args.host, port=args.port, decode_responses=True)


def check(condition, message):
    """Prints what was shown; exits with status 1 when it does not hold."""
    if not condition:
        print(f"FAILED: {message}")
        sys.exit(1)
    print(f"ok: {message}")
