#!/usr/bin/python3
"""Regenerates the seed corpora under tests/fuzz/corpus/ from real files.

Starts shoal-node and the reference redis-server (each on a free loopback
port, in a temporary directory), loads the same small dataset into both
(strings in every encoding, with and without TTLs, streams with consumer
groups, and lists, hashes, sets and sorted sets in their small and large
encodings), and copies what each produces:

  rdb_load/      dump.rdb after SAVE (one with everything, one per type)
  restore/       DUMP payload of every key, in the target's three modes
  aof/           manifest, base and incr files of appendonly yes
  resp_parser/   the incr AOF files (client requests in RESP) and a few
                 inline requests

Types a server cannot yet store or dump are skipped for that server. File
names carry no .rdb/.aof suffix (those are ignored by git).

Usage: tests/fuzz/make_corpus.py [build-dir]   (default: build)
"""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import redis

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "tests", "fuzz", "corpus")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def poll_until(predicate, seconds, what):
    """Polls predicate every 50 ms until it holds; raises after the deadline."""
    deadline = time.time() + seconds
    while not predicate():
        if time.time() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(0.05)  # poll interval, bounded by the deadline above


class Server:
    def __init__(self, name, binary, workdir, extra=()):
        self.name = name
        self.dir = os.path.join(workdir, name)
        os.makedirs(self.dir, exist_ok=True)
        self.port = free_port()
        self.log = open(os.path.join(self.dir, "server.log"), "wb")
        self.proc = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", self.dir,
             "--save", "", "--daemonize", "no", *extra],
            stdout=self.log, stderr=subprocess.STDOUT)
        self.r = redis.Redis(port=self.port, socket_timeout=10)
        poll_until(self.answers, 15, f"{name} to start")

    def answers(self):
        if self.proc.poll() is not None:
            raise RuntimeError(f"{self.name} exited")
        try:
            return self.r.ping()
        except redis.exceptions.ConnectionError:
            return False

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
        self.log.close()


def dataset():
    """(type, [commands]) groups; each group builds the keys of one type."""
    big = "x" * 300
    return [
        ("string", [
            ["SET", "s:int", "12345"], ["SET", "s:neg", "-7"], ["SET", "s:big", "9" * 19],
            ["SET", "s:short", "hello"], ["SET", "s:empty", ""],
            ["SET", "s:lzf", "abcabcabc" * 20], ["SET", "s:raw", big],
            ["SET", "s:bin", "\x00\xff\r\n*1\r\n"],
            ["SET", "s:ttl", "v", "PX", "100000000"],
            ["SELECT", "3"], ["SET", "s:db3", "in db 3"], ["SELECT", "0"],
        ]),
        ("stream", [
            ["XADD", "x:small", "1-1", "f", "v"],
            ["XADD", "x:small", "1-2", "f", "v", "g", "12"],
            *[["XADD", "x:big", f"{i + 1}-0", "field", f"value{i}", "n", str(i)]
              for i in range(150)],
            ["XGROUP", "CREATE", "x:big", "grp", "0"],
            ["XREADGROUP", "GROUP", "grp", "alice", "COUNT", "3", "STREAMS", "x:big", ">"],
            ["XACK", "x:big", "grp", "1-0"],
            ["XDEL", "x:big", "5-0"],
            ["XADD", "x:empty", "MAXLEN", "0", "*", "f", "v"],
        ]),
        ("list", [
            ["RPUSH", "l:small", "a", "1", "b" * 30],
            ["RPUSH", "l:big", *[f"item{i}" * 3 for i in range(200)]],
        ]),
        ("hash", [
            ["HSET", "h:small", "a", "1", "b", "two"],
            ["HSET", "h:big", *[f"f{i // 2}" if i % 2 == 0 else big for i in range(300)]],
        ]),
        ("set", [
            ["SADD", "t:int", "1", "2", "3", "-40000", "5000000000"],
            ["SADD", "t:small", "a", "b", "c"],
            ["SADD", "t:big", *[f"m{i}" for i in range(200)]],
        ]),
        ("zset", [
            ["ZADD", "z:small", "1", "a", "2.5", "b", "-inf", "c"],
            ["ZADD", "z:big", *[x for i in range(200) for x in (str(i / 3), f"m{i}")]],
        ]),
    ]


def put(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def load_group(server, cmds):
    try:
        for c in cmds:
            server.r.execute_command(*c)
        return True
    except redis.exceptions.ResponseError as e:
        print(f"  {server.name}: skipped ({e})", file=sys.stderr)
        return False


def save_and_copy(server, dest):
    server.r.execute_command("SAVE")
    with open(os.path.join(server.dir, "dump.rdb"), "rb") as f:
        put(dest, f.read())


def rdb_and_restore_seeds(server):
    loaded = []
    for kind, cmds in dataset():
        server.r.execute_command("FLUSHALL")
        if not load_group(server, cmds):
            continue
        loaded.append(kind)
        try:
            save_and_copy(server, os.path.join(CORPUS, "rdb_load", f"{server.name}-{kind}"))
        except redis.exceptions.ResponseError as e:
            print(f"  {server.name}: SAVE of {kind} failed ({e})", file=sys.stderr)
        for key in server.r.keys("*"):
            try:
                payload = server.r.dump(key)
            except redis.exceptions.ResponseError:
                continue
            if payload is None:
                continue
            base = os.path.join(CORPUS, "restore",
                                f"{server.name}-{key.decode(errors='replace').replace(':', '_')}")
            put(base + "-body", b"\x02" + payload[:-10])
            put(base + "-payload", b"\x01" + payload)
            put(base + "-object", b"\x00" + payload[:-10])
    server.r.execute_command("FLUSHALL")
    for kind, cmds in dataset():
        if kind in loaded:
            load_group(server, cmds)
    save_and_copy(server, os.path.join(CORPUS, "rdb_load", f"{server.name}-all"))


def aof_seeds(server, preamble):
    """appendonly yes, the dataset, BGREWRITEAOF, more writes: every file."""
    server.r.execute_command("FLUSHALL")
    server.r.config_set("aof-use-rdb-preamble", "yes" if preamble else "no")
    server.r.config_set("appendonly", "yes")
    wait_no_rewrite(server)
    for kind, cmds in dataset():
        load_group(server, cmds)
    server.r.execute_command("BGREWRITEAOF")
    wait_no_rewrite(server)
    load_group(server, [["INCR", "counter"], ["EXPIRE", "s:short", "1000"], ["DEL", "s:raw"],
                        ["MULTI"], ["SET", "m", "1"], ["EXEC"]])
    server.r.config_set("appendonly", "no")
    aofdir = os.path.join(server.dir, "appendonlydir")
    tag = "preamble" if preamble else "resp"
    for name in sorted(os.listdir(aofdir)):
        with open(os.path.join(aofdir, name), "rb") as f:
            data = f.read()
        kind = name.rsplit(".", 2)[-2] if name.count(".") >= 2 else name
        put(os.path.join(CORPUS, "aof", f"{server.name}-{tag}-{name.replace('.', '_')}"), data)
        if name.endswith(".incr.aof") or (name.endswith(".base.aof") and not preamble):
            put(os.path.join(CORPUS, "resp_parser", f"{server.name}-{tag}-{kind}"),
                b"\x03" + data)
    shutil.rmtree(aofdir)


def wait_no_rewrite(server):
    def done():
        info = server.r.info("persistence")
        return not info.get("aof_rewrite_in_progress") and not info.get("aof_rewrite_scheduled")
    poll_until(done, 30, f"{server.name}'s AOF rewrite")


def resp_handmade():
    seeds = {
        "inline": b"\x00PING\r\nSET k \"a b\\x41\" 'c'\nGET k\r\n",
        "multibulk": b"\x01*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nvalue\r\n*1\r\n$4\r\nPING\r\n",
        "empty": b"\x02*0\r\n*-1\r\n\r\n\n*1\r\n$0\r\n\r\n",
        "unauth": b"\x81*2\r\n$4\r\nAUTH\r\n$6\r\nsecret\r\n",
    }
    for name, data in seeds.items():
        put(os.path.join(CORPUS, "resp_parser", f"handmade-{name}"), data)


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build")
    shoal = os.path.join(build, "node", "shoal-node")
    redis_server = shutil.which("redis-server")
    for sub in ("rdb_load", "restore", "aof", "resp_parser"):
        shutil.rmtree(os.path.join(CORPUS, sub), ignore_errors=True)
    resp_handmade()
    with tempfile.TemporaryDirectory(prefix="shoal-corpus.") as work:
        for name, binary in (("redis", redis_server), ("shoal", shoal)):
            server = Server(name, binary, work)
            try:
                rdb_and_restore_seeds(server)
                aof_seeds(server, preamble=True)
                aof_seeds(server, preamble=False)
            finally:
                server.stop()
    for sub in sorted(os.listdir(CORPUS)):
        print(sub, len(os.listdir(os.path.join(CORPUS, sub))), "files")


if __name__ == "__main__":
    main()
