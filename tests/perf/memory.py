#!/usr/bin/python3
"""Memory per item of shoal-node and the reference redis-server, side by side.

For each data set and each server a fresh server is started (persistence
off), its used_memory (INFO memory) and resident set size (VmRSS of the
process) are read, the data set is loaded through `redis-cli --pipe`, and both
are read again. The table shows the growth per item and the ratio Shoal/Redis
(below 1.00 Shoal uses less). A data set whose type the node does not
implement yet shows n/a on the Shoal side.

Data sets (counts are multiplied by SCALE):
  strings      1,000,000 SET key:%012d <32-byte value>
  hash         one hash of 1,000,000 fields field:%012d -> 32-byte value
  zset         one sorted set of 1,000,000 members member:%012d, score = index
  small-hashes 100,000 hashes hash:%012d of 10 fields f0..f9 -> 8-byte values

Environment: SCALE (default 1.0), DATASETS (comma-separated names, default
all), SHOAL_NODE, REDIS_SERVER, REDIS_CLI (binaries; defaults: the build and
PATH), PIPE_TIMEOUT (seconds one load may take, default 600).
"""

import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))

from harness import REDIS_CLI, REDIS_SERVER, SHOAL_NODE, Server, resp_command  # noqa: E402

SCALE = float(os.environ.get("SCALE", "1.0"))
PIPE_TIMEOUT = int(os.environ.get("PIPE_TIMEOUT", "600"))
VALUE32 = b"v" * 24  # + an 8-digit suffix: 32 bytes
BATCH = 100  # fields or members per HSET / ZADD command


def resp(*args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


def value32(i):
    return VALUE32 + b"%08d" % (i % 100000000)


def gen_strings(n):
    for i in range(n):
        yield resp(b"SET", b"key:%012d" % i, value32(i))


def gen_hash(n):
    for start in range(0, n, BATCH):
        args = [b"HSET", b"bighash"]
        for i in range(start, min(start + BATCH, n)):
            args += [b"field:%012d" % i, value32(i)]
        yield resp(*args)


def gen_zset(n):
    for start in range(0, n, BATCH):
        args = [b"ZADD", b"bigzset"]
        for i in range(start, min(start + BATCH, n)):
            args += [b"%d" % i, b"member:%012d" % i]
        yield resp(*args)


def gen_small_hashes(n):
    for i in range(n):
        args = [b"HSET", b"hash:%012d" % i]
        for f in range(10):
            args += [b"f%d" % f, b"val%05d" % (i % 100000)]
        yield resp(*args)


# name, items at SCALE 1, generator, probe command, key whose encoding to show
DATASETS = [
    ("strings", 1_000_000, gen_strings, ("SET", "probe", "v"), "key:000000000000"),
    ("hash", 1_000_000, gen_hash, ("HSET", "probe", "f", "v"), "bighash"),
    ("zset", 1_000_000, gen_zset, ("ZADD", "probe", "1", "m"), "bigzset"),
    ("small-hashes", 100_000, gen_small_hashes, ("HSET", "probe", "f", "v"), "hash:000000000000"),
]


def rss_bytes(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def used_memory(port):
    reply = resp_command(port, "INFO", "memory").decode(errors="replace")
    for line in reply.splitlines():
        if line.startswith("used_memory:"):
            return int(line.split(":", 1)[1])
    raise RuntimeError(f"no used_memory in INFO from port {port}")


def encoding(port, key):
    reply = resp_command(port, "OBJECT", "ENCODING", key)
    return reply.split(b"\r\n")[1].decode() if reply.startswith(b"$") else "?"


def load(port, path, expected):
    """Pipes the file into the server; returns True when every reply was OK."""
    with open(path, "rb") as f:
        result = subprocess.run([REDIS_CLI, "-h", "127.0.0.1", "-p", str(port), "--pipe",
                                 "--pipe-timeout", str(PIPE_TIMEOUT)],
                                stdin=f, capture_output=True, text=True,
                                timeout=PIPE_TIMEOUT + 30)
    tail = result.stdout.strip().splitlines()[-1:] or [""]
    ok = result.returncode == 0 and tail[0].startswith("errors: 0,")
    if ok and f"replies: {expected}" not in tail[0]:
        ok = False
    if not ok:
        print(f"  load failed: {result.stdout.strip()} {result.stderr.strip()}", file=sys.stderr)
    return ok


def measure(binary, dataset, path, commands, items):
    """(used bytes/item, RSS bytes/item, encoding) or None when not supported."""
    name, _, _, probe, sample_key = dataset
    server = Server(binary=binary, args=["--appendonly", "no"])
    server.start()
    try:
        reply = resp_command(server.port, *probe)
        resp_command(server.port, "DEL", "probe")
        if reply.startswith(b"-"):
            print(f"  {os.path.basename(binary)}: {name} not supported ({reply.strip().decode()})",
                  file=sys.stderr)
            return None
        used0, rss0 = used_memory(server.port), rss_bytes(server.proc.pid)
        if not load(server.port, path, commands):
            return None
        used1, rss1 = used_memory(server.port), rss_bytes(server.proc.pid)
        return ((used1 - used0) / items, (rss1 - rss0) / items,
                encoding(server.port, sample_key))
    finally:
        server.cleanup()


def fmt(v):
    return "n/a" if v is None else f"{v:.1f}"


def ratio(a, b):
    return "n/a" if a is None or b is None or b <= 0 else f"{a / b:.2f}"


def main():
    for tool, what in ((SHOAL_NODE, "shoal-node (build it, or set SHOAL_NODE)"),
                       (REDIS_SERVER, "redis-server"), (REDIS_CLI, "redis-cli")):
        if not tool or not os.access(tool, os.X_OK):
            sys.exit(f"memory.py: {what} not found")
    wanted = os.environ.get("DATASETS", "")
    wanted = set(wanted.split(",")) if wanted else {d[0] for d in DATASETS}
    rows = []
    with tempfile.TemporaryDirectory(prefix="shoal-memory-") as work:
        for dataset in DATASETS:
            name, base, gen, _, _ = dataset
            if name not in wanted:
                continue
            items = max(1, int(base * SCALE))
            path = os.path.join(work, name + ".resp")
            commands = 0
            with open(path, "wb") as f:
                for cmd in gen(items):
                    f.write(cmd)
                    commands += 1
            print(f"{name}: {items} items in {commands} commands", file=sys.stderr)
            shoal = measure(SHOAL_NODE, dataset, path, commands, items)
            redis = measure(REDIS_SERVER, dataset, path, commands, items)
            rows.append((name, items, shoal, redis))
            os.remove(path)

    print()
    print(subprocess.run([SHOAL_NODE, "--version"], capture_output=True, text=True).stdout.strip())
    print(subprocess.run([REDIS_SERVER, "--version"], capture_output=True, text=True).stdout.strip())
    print()
    print("| data set | items | Shoal used B/item | Redis used B/item | Shoal/Redis "
          "| Shoal RSS B/item | Redis RSS B/item | Shoal/Redis | encoding Shoal / Redis |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for name, items, shoal, redis in rows:
        s_used, s_rss, s_enc = shoal if shoal else (None, None, "n/a")
        r_used, r_rss, r_enc = redis if redis else (None, None, "n/a")
        print(f"| {name} | {items} | {fmt(s_used)} | {fmt(r_used)} | {ratio(s_used, r_used)} "
              f"| {fmt(s_rss)} | {fmt(r_rss)} | {ratio(s_rss, r_rss)} | {s_enc} / {r_enc} |")


if __name__ == "__main__":
    main()
