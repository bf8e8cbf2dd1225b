"""Lua scripting and functions: replies of shoal-node and the reference
redis-server compared byte for byte for a table of scripts, then the long
script scenario (BUSY, SCRIPT KILL, UNKILLABLE, SHUTDOWN NOSAVE) with two
real clients."""

import socket
import time
import unittest

from harness import (NodeAndReferenceTestCase, Server, connect, encode_command, pid_alive,
                     reference_server, wait_until)


def read_reply(f):
    """The bytes of one complete RESP reply from a buffered socket file."""
    line = f.readline()
    if not line:
        raise ConnectionError("connection closed")
    kind = line[:1]
    if kind in b"$=!":
        n = int(line[1:-2])
        return line if n < 0 else line + f.read(n + 2)
    if kind in b"*~>":
        n = int(line[1:-2])
        return line + b"".join(read_reply(f) for _ in range(max(n, 0)))
    if kind == b"%":
        n = int(line[1:-2])
        return line + b"".join(read_reply(f) for _ in range(2 * n))
    return line


class RawClient:
    def __init__(self, port, timeout=10.0):
        self.sock = connect(port, timeout=timeout)
        self.file = self.sock.makefile("rb")

    def send(self, *args):
        self.sock.sendall(encode_command(*args))

    def call(self, *args):
        self.send(*args)
        return read_reply(self.file)

    def close(self):
        self.file.close()
        self.sock.close()


# Each entry: one command; the node's reply must equal the reference's.
SCRIPT_CASES = [
    ("EVAL", "return 1", "0"),
    ("EVAL", "return 3.99", "0"),
    ("EVAL", "return -7.5", "0"),
    ("EVAL", "return 'str'", "0"),
    ("EVAL", "return true", "0"),
    ("EVAL", "return false", "0"),
    ("EVAL", "return nil", "0"),
    ("EVAL", "return {1,2,3,'ciao',{1,2}}", "0"),
    ("EVAL", "return {1,2,nil,4}", "0"),
    ("EVAL", "return {ok='fine'}", "0"),
    ("EVAL", "return {err='bad'}", "0"),
    ("EVAL", "return {err='MY error text'}", "0"),
    ("EVAL", "return redis.error_reply('X y')", "0"),
    ("EVAL", "return redis.error_reply('plain')", "0"),
    ("EVAL", "return redis.status_reply('FINE')", "0"),
    ("EVAL", "return {KEYS[1], KEYS[2], ARGV[1], ARGV[2]}", "2", "k1", "k2", "a1", "a2"),
    ("EVAL", "return #KEYS + #ARGV", "1", "k", "a", "b"),
    ("EVAL", "return 1", "-1"),
    ("EVAL", "return 1", "3", "a"),
    ("EVAL", "return 1", "x"),
    ("EVAL", "return x", "0"),
    ("EVAL", "x = 1", "0"),
    ("EVAL", "function f() end", "0"),
    ("EVAL", "return (", "0"),
    ("EVAL", "local t = nil; return t.x", "0"),
    ("EVAL", "return 1 + {}", "0"),
    ("EVAL", "error('boom')", "0"),
    ("EVAL", "error({err='CODE boom'})", "0"),
    ("EVAL", "return redis.call('nosuch')", "0"),
    ("EVAL", "return redis.pcall('nosuch')", "0"),
    ("EVAL", "return redis.call('get')", "0"),
    ("EVAL", "return redis.call('get', 'a', 'b')", "0"),
    ("EVAL", "return redis.call()", "0"),
    ("EVAL", "return redis.call({})", "0"),
    ("EVAL", "return redis.call('shutdown')", "0"),
    ("EVAL", "return redis.call('eval', 'return 1', '0')", "0"),
    ("EVAL", "redis.call('set', 'str', 'notanumber'); return redis.call('incr', 'str')", "0"),
    ("EVAL", "return redis.pcall('incr', 'str')", "0"),
    ("EVAL", "return redis.call('set', 'n', 10)", "0"),
    ("EVAL", "return redis.call('incrby', 'n', 2.0)", "0"),
    ("EVAL", "return redis.call('get', 'n')", "0"),
    ("EVAL", "local v = redis.call('get', 'nokey'); return {type(v), tostring(v)}", "0"),
    ("EVAL", "return redis.call('ping')", "0"),
    ("EVAL", "return type(redis.call('ping'))", "0"),
    ("EVAL", "redis.setresp(3); return redis.call('get', 'nokey') == nil", "0"),
    ("EVAL", "redis.setresp(4)", "0"),
    ("EVAL", "return redis.call('select', '2')", "0"),
    ("EVAL", "return redis.sha1hex('')", "0"),
    ("EVAL", "return redis.sha1hex('hello world')", "0"),
    ("EVAL", "return {math.random(100), math.random(1, 6), math.random() < 1}", "0"),
    ("EVAL", "math.randomseed(42); return {math.random(1000), math.random(1000)}", "0"),
    ("EVAL", "return type(os)", "0"),
    ("EVAL", "return type(io)", "0"),
    ("EVAL", "return dofile('/etc/passwd')", "0"),
    ("EVAL", "return loadfile('/etc/passwd')", "0"),
    ("EVAL", "local f, e = loadstring(string.dump(function() return 1 end)); return {tostring(f)}",
     "0"),
    ("EVAL", "return loadstring('return 7')()", "0"),
    ("EVAL", "return cjson.encode({a=1})", "0"),
    ("EVAL", "return cjson.encode({1, 'two', true})", "0"),
    ("EVAL", "return cjson.decode('[1,2,{\"x\":\"y\"}]')[3].x", "0"),
    ("EVAL", "return cmsgpack.pack(1, -1, 200, -200, 70000, -70000, 5000000000, -5000000000)", "0"),
    ("EVAL", "return cmsgpack.pack(1.5, 0.1, true, false, nil, 'abc', string.rep('x', 40))", "0"),
    ("EVAL", "return cmsgpack.pack({1, 2, 3}, {a = 1}, {}, {[1] = 'a', [3] = 'c'})", "0"),
    ("EVAL", "return cmsgpack.pack(string.rep('y', 300), {string.rep('z', 20)})", "0"),
    ("EVAL", "return {cmsgpack.unpack(cmsgpack.pack(1, 'two', {3, 4}, -5, 1.5))}", "0"),
    ("EVAL", "local t = cmsgpack.unpack(cmsgpack.pack({k = 'v'})); return t.k", "0"),
    ("EVAL", "return {cmsgpack.unpack_one(cmsgpack.pack(7, 8))}", "0"),
    ("EVAL", "return cmsgpack.unpack('\\205')", "0"),
    ("EVAL", "return struct.pack('>I2<i4', 258, -2)", "0"),
    ("EVAL", "return struct.pack('bBhHlLi8', -1, 255, -2, 65535, -3, 7, 9)", "0"),
    ("EVAL", "return struct.pack('sc3x', 'ab', 'xyz')", "0"),
    ("EVAL", "return {struct.unpack('>I2<i4', struct.pack('>I2<i4', 258, -2))}", "0"),
    ("EVAL", "return {struct.unpack('s c3', struct.pack('s c3', 'hi', 'abc'))}", "0"),
    ("EVAL", "return {struct.unpack('b c0', struct.pack('b c3', 3, 'xyz'))}", "0"),
    ("EVAL", "return {struct.size('i4h!4d'), struct.size('bxh')}", "0"),
    ("EVAL", "return struct.pack('!4 b i4', 1, 2)", "0"),
    ("EVAL", "return struct.unpack('i4', 'ab')", "0"),
    ("EVAL", "return struct.pack('q', 1)", "0"),
    ("EVAL", "return {bit.band(12, 10), bit.bor(12, 10), bit.bxor(12, 10), bit.bnot(0)}", "0"),
    ("EVAL", "return {bit.lshift(1, 4), bit.rshift(256, 4), bit.arshift(-256, 4)}", "0"),
    ("EVAL", "return {bit.tohex(65535), bit.tobit(2^32 + 1), bit.rol(1, 33)}", "0"),
    ("EVAL", "return {type(redis.breakpoint), redis.breakpoint(), redis.replicate_commands()}",
     "0"),
    ("EVAL", "redis.set_repl(redis.REPL_ALL); return redis.REPL_AOF", "0"),
    ("EVAL", "redis.debug('x'); return 1", "0"),
    ("EVAL", "return string.format('%d-%s', 5, 'x')", "0"),
    ("EVAL", "return table.concat({'a', 'b'}, ',')", "0"),
    ("EVAL", "return tostring(tonumber('12') * 2)", "0"),
    ("EVAL", "return redis.log(redis.LOG_WARNING, 'from a test script')", "0"),
    ("EVAL", "return redis.log()", "0"),
    ("EVAL", "#!lua flags=no-writes\nreturn redis.call('set', 'x', 'y')", "0"),
    ("EVAL", "#!lua\nreturn 5", "0"),
    ("EVAL", "#!lua flags=bad\nreturn 1", "0"),
    ("EVAL", "#!js\nreturn 1", "0"),
    ("EVAL", "#!lua name=x\nreturn 1", "0"),
    ("EVAL", "#!lua", "0"),
    ("EVAL", "#!lua flags=no-writes,allow-oom\nreturn 1", "0"),
    ("SCRIPT", "LOAD", "#!lua flags=bad\nreturn 1"),
    ("EVAL", "\n\nreturn redis.call('nosuch')", "0"),
    ("EVAL", "#!lua\n\nreturn redis.call('nosuch')", "0"),
    ("EVAL_RO", "return redis.call('set', 'x', 'y')", "0"),
    ("EVAL_RO", "return redis.call('get', 'n')", "0"),
    ("EVAL_RO", "#!lua\nreturn 1", "0"),
    ("EVAL_RO", "#!lua flags=no-writes\nreturn 1", "0"),
    ("EVALSHA", "ffffffffffffffffffffffffffffffffffffffff", "0"),
    ("EVALSHA", "short", "0"),
    ("SCRIPT", "LOAD", "return 'loaded'"),
    ("EVALSHA", "a7fd28e5bde4e1e1c28d5d5d7d2bdbd1a2ac2ff4", "0"),
    ("SCRIPT", "EXISTS", "a7fd28e5bde4e1e1c28d5d5d7d2bdbd1a2ac2ff4", "0000"),
    ("SCRIPT", "LOAD", "return ("),
    ("SCRIPT", "FLUSH", "bad"),
    ("SCRIPT", "KILL"),
    ("SCRIPT", "HELP"),
    ("SCRIPT", "NOSUCH"),
    ("SCRIPT", "DEBUG", "maybe"),
    ("SCRIPT", "FLUSH", "SYNC"),
    ("SCRIPT", "EXISTS", "a7fd28e5bde4e1e1c28d5d5d7d2bdbd1a2ac2ff4"),
]

LIB = ("#!lua name=mylib\n"
       "local function echo(keys, args) return {keys[1], args[1]} end\n"
       "redis.register_function('echo', echo)\n"
       "redis.register_function{function_name='ro', callback=function() return 'ro' end,\n"
       "  flags={'no-writes'}, description='read only'}\n"
       "redis.register_function('setter', function(keys, args)\n"
       "  return redis.call('set', keys[1], args[1]) end)\n"
       "redis.register_function('failer', function() return redis.call('nosuch') end)\n")

L1_PAYLOAD = (b"\xf5@D#!lua name=l1\nredis.register_function('f1', function() return 1 end)"
              b"\n\x00N\xdf\x9dI\"\x9e+\xa7")

FUNCTION_CASES = [
    ("FUNCTION", "FLUSH"),
    ("FUNCTION", "LOAD", LIB),
    ("FUNCTION", "LOAD", LIB),
    ("FUNCTION", "LOAD", "REPLACE", LIB),
    ("FCALL", "echo", "1", "key", "arg"),
    ("FCALL", "setter", "1", "fk", "fv"),
    ("FCALL", "failer", "0"),
    ("FCALL_RO", "ro", "0"),
    ("FCALL_RO", "setter", "1", "fk", "fv"),
    ("FCALL", "nosuch", "0"),
    ("FCALL", "echo", "x"),
    ("FCALL", "echo", "5", "a"),
    ("FCALL", "echo", "-1"),
    # LIST orders functions as a hash table does: one function per library.
    ("FUNCTION", "LOAD", "#!lua name=listed\nredis.register_function{function_name='lf',\n"
                         "  callback=function() return 1 end, flags={'no-writes', 'allow-oom'},\n"
                         "  description='listed function'}"),
    ("FUNCTION", "LIST", "LIBRARYNAME", "list*"),
    ("FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "listed"),
    ("FUNCTION", "LIST", "LIBRARYNAME", "zz*"),
    ("FUNCTION", "LIST", "LIBRARYNAME"),
    ("FUNCTION", "DELETE", "listed"),
    ("FUNCTION", "LIST", "bad"),
    ("FUNCTION", "STATS"),
    ("FUNCTION", "KILL"),
    ("FUNCTION", "HELP"),
    ("FUNCTION", "LOAD", "return 1"),
    ("FUNCTION", "LOAD", "#!lua\nreturn 1"),
    ("FUNCTION", "LOAD", "#!lua name=bad-name\nreturn 1"),
    ("FUNCTION", "LOAD", "#!lua name=x foo=bar\nreturn 1"),
    ("FUNCTION", "LOAD", "#!nolang name=x\nreturn 1"),
    ("FUNCTION", "LOAD", "#!lua name=empty\nlocal a = 1"),
    ("FUNCTION", "LOAD", "#!lua name=broken\nreturn ("),
    ("FUNCTION", "LOAD", "#!lua name=dup\nredis.register_function('echo', function() end)"),
    ("FUNCTION", "LOAD", "#!lua name=twice\nredis.register_function('a', function() end)\n"
                         "redis.register_function('a', function() end)"),
    ("FUNCTION", "LOAD", "#!lua name=badfn\nredis.register_function('a-b', function() end)"),
    ("FUNCTION", "LOAD", "#!lua name=calls\nredis.call('ping')"),
    ("FUNCTION", "LOAD", "#!lua name=glob\nx = 1"),
    ("FUNCTION", "LOAD", "#!lua name=env\nlocal t = type"),
    ("FUNCTION", "LOAD", "#!lua name=env\nlocal t = redis.sha1hex"),
    ("FUNCTION", "LOAD", "#!lua name=env\nredis.register_function('e', function() return\n"
                         "  {type(redis.call), type(cjson), type(redis.register_function)} end)"),
    ("FCALL", "e", "0"),
    ("FUNCTION", "DELETE", "env"),
    ("FUNCTION", "LOAD", "#!lua name=a\nredis.register_function('a', function() end, 5)"),
    ("FUNCTION", "LOAD", "#!lua name=a\nredis.register_function{function_name='a',\n"
                         "  callback=function() end, flags={'bad'}}"),
    ("FUNCTION", "LOAD", "#!lua name=a\nredis.register_function{function_name='a',\n"
                         "  callback=function() end, foo=1}"),
    ("FUNCTION", "LOAD", "#!lua name=a\nredis.register_function{callback=function() end}"),
    ("FUNCTION", "DELETE", "nosuch"),
    ("FUNCTION", "DELETE", "mylib"),
    ("FCALL", "echo", "0"),
    ("FUNCTION", "LOAD", "#!lua name=l1\nredis.register_function('f1', function() return 1 end)"),
    ("FUNCTION", "DUMP"),
    ("FUNCTION", "RESTORE", "garbage"),
    ("FUNCTION", "RESTORE", "x", "BADPOLICY"),
    # Redis's own payload for library l1.
    ("FUNCTION", "RESTORE", L1_PAYLOAD),
    ("FUNCTION", "RESTORE", L1_PAYLOAD, "REPLACE"),
    ("FUNCTION", "RESTORE", L1_PAYLOAD, "FLUSH"),
    ("FCALL", "f1", "0"),
    ("FUNCTION", "DELETE", "l1"),
    ("FUNCTION", "RESTORE", L1_PAYLOAD),
    ("FCALL", "f1", "0"),
    ("FUNCTION", "RESTORE", L1_PAYLOAD[:-1] + b"\x00"),
    ("FUNCTION", "FLUSH", "bad"),
    ("FUNCTION", "FLUSH", "ASYNC"),
    ("FUNCTION", "LIST"),
]


class ScriptingCompatTest(NodeAndReferenceTestCase):
    def compare(self, cases):
        node = RawClient(self.node.port)
        ref = RawClient(self.ref.port)
        try:
            for args in cases:
                with self.subTest(args=args):
                    self.assertEqual(node.call(*args), ref.call(*args))
        finally:
            node.close()
            ref.close()

    def test_scripts(self):
        self.compare([("FLUSHALL",)] + SCRIPT_CASES)

    def test_functions(self):
        self.compare([("FLUSHALL",)] + FUNCTION_CASES)

    def test_resp3_replies(self):
        cases = [
            ("HELLO", "3"),
            ("EVAL", "return true", "0"),
            ("EVAL", "return false", "0"),
            ("EVAL", "return {double=3.5}", "0"),
            ("EVAL", "return {map={a=1}}", "0"),
            ("EVAL", "return {set={a=true}}", "0"),
            ("EVAL", "return {big_number='123456789012345678901234567890'}", "0"),
            ("EVAL", "redis.setresp(3); return redis.call('get', 'nokey')", "0"),
        ]
        node = RawClient(self.node.port)
        ref = RawClient(self.ref.port)
        try:
            node.call(*cases[0])
            ref.call(*cases[0])
            for args in cases[1:]:
                with self.subTest(args=args):
                    self.assertEqual(node.call(*args), ref.call(*args))
        finally:
            node.close()
            ref.close()


class ScriptMonitorTest(NodeAndReferenceTestCase):
    """MONITOR shows EVAL first, then each command the script runs from the
    "lua" client."""

    def monitor_lines(self, server):
        mon = RawClient(server.port)
        cli = RawClient(server.port)
        try:
            self.assertEqual(mon.call("MONITOR"), b"+OK\r\n")
            cli.call("EVAL", "redis.call('set', KEYS[1], ARGV[1]) return redis.call('get', KEYS[1])",
                     "1", "mk", "mv")
            cli.call("PING")
            lines = []
            for _ in range(4):
                line = mon.file.readline().decode()
                # "+<time> [<db> <addr>] <args>": keep db, whether the address
                # is the script's, and the arguments.
                stamp, rest = line[1:].split(" ", 1)
                db, addr = rest[1:rest.index("]")].split(" ", 1)
                lines.append((db, addr == "lua", rest[rest.index("]") + 2:]))
            return lines
        finally:
            mon.close()
            cli.close()

    def test_monitor_feed(self):
        self.assertEqual(self.monitor_lines(self.node), self.monitor_lines(self.ref))


LOOP = "local i = 0 while true do i = i + 1 end"
WRITE_THEN_LOOP = "redis.call('set', 'w', '1') local i = 0 while true do i = i + 1 end"


class BusyScriptTest(unittest.TestCase):
    """Two clients: one runs a script that never ends, the other sees BUSY
    and kills it. The same scenario runs on both servers."""

    def run_scenario(self, server, script, kill_cmd):
        runner = RawClient(server.port, timeout=20)
        other = RawClient(server.port, timeout=20)
        try:
            other.call("CONFIG", "SET", "busy-reply-threshold", "100")
            runner.send("EVAL", script, "0")
            busy = wait_until(lambda: (lambda r: r if r.startswith(b"-BUSY") else None)(
                other.call("PING")), timeout=10, what="BUSY reply")
            kill = other.call(*kill_cmd)
            return busy, kill, runner, other
        except Exception:
            runner.close()
            other.close()
            raise

    def test_script_kill(self):
        results = []
        for server in (Server(), reference_server()):
            server.start()
            try:
                busy, kill, runner, other = self.run_scenario(server, LOOP, ("SCRIPT", "KILL"))
                killed = read_reply(runner.file)
                after = other.call("PING")
                stats = other.call("FUNCTION", "STATS")
                results.append((busy, kill, killed, after, stats))
                runner.close()
                other.close()
            finally:
                server.cleanup()
        node, ref = results
        self.assertEqual(node, ref)
        self.assertEqual(node[1], b"+OK\r\n")
        self.assertTrue(node[2].startswith(b"-ERR Script killed by user with SCRIPT KILL..."))

    def test_unkillable_then_shutdown_nosave(self):
        results = []
        for server in (Server(), reference_server()):
            server.start()
            try:
                busy, kill, runner, other = self.run_scenario(server, WRITE_THEN_LOOP,
                                                              ("SCRIPT", "KILL"))
                function_kill = other.call("FUNCTION", "KILL")
                plain_shutdown = other.call("SHUTDOWN")
                other.send("SHUTDOWN", "NOSAVE")
                wait_until(lambda: server.proc.poll() is not None, timeout=10,
                           what="server exit after SHUTDOWN NOSAVE")
                results.append((busy, kill, function_kill, plain_shutdown))
                runner.close()
                other.close()
            finally:
                server.cleanup()
        node, ref = results
        self.assertEqual(node, ref)
        self.assertTrue(node[1].startswith(b"-UNKILLABLE"))


if __name__ == "__main__":
    unittest.main()
