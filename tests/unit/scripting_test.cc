// EVAL and SCRIPT: conversions both ways, the sandbox, error texts, EVAL_RO,
// the script cache, and a long script killed with SCRIPT KILL under a manual
// clock. Expected replies are Redis 7.0's.

#include <gtest/gtest.h>

#include <string>

#include "common/sha1.h"
#include "node/core/node.h"
#include "node/scripting/lua_engine.h"
#include "tests/unit/harness.h"

namespace shoal {
namespace {

using testing::CommandHarness;

std::string Eval(CommandHarness& h, const std::string& script) {
  return h.Run({"EVAL", script, "0"});
}

TEST(Sha1Test, KnownVectors) {
  EXPECT_EQ(Sha1Hex(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(Sha1Hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(Sha1Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  EXPECT_EQ(Sha1Hex(std::string(1000000, 'a')), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

TEST(ScriptingTest, LuaToRespConversions) {
  CommandHarness h;
  EXPECT_EQ(Eval(h, "return 1"), "(integer) 1");
  EXPECT_EQ(Eval(h, "return 3.99"), "(integer) 3");
  EXPECT_EQ(Eval(h, "return -3.99"), "(integer) -3");
  EXPECT_EQ(Eval(h, "return 'x'"), "x");
  EXPECT_EQ(Eval(h, "return true"), "(integer) 1");
  EXPECT_EQ(Eval(h, "return false"), "(nil)");
  EXPECT_EQ(Eval(h, "return nil"), "(nil)");
  EXPECT_EQ(Eval(h, "return {1,2,nil,3}"), "[(integer) 1, (integer) 2]");
  EXPECT_EQ(Eval(h, "return {1,'a',{2,'b'}}"), "[(integer) 1, a, [(integer) 2, b]]");
  EXPECT_EQ(Eval(h, "return {ok='fine'}"), "fine");
  EXPECT_EQ(Eval(h, "return {err='bad thing'}"), "(error) bad thing");
  EXPECT_EQ(Eval(h, "return redis.error_reply('MY err')"), "(error) MY err");
  EXPECT_EQ(Eval(h, "return redis.error_reply('plain')"), "(error) ERR plain");
  EXPECT_EQ(Eval(h, "return redis.status_reply('PONG')"), "PONG");
  EXPECT_EQ(h.RunRaw({"EVAL", "return {ok='a\\r\\nb'}", "0"}), "+a  b\r\n");
}

TEST(ScriptingTest, RespToLuaConversions) {
  CommandHarness h;
  h.Put("s", "hello");
  EXPECT_EQ(Eval(h, "return type(redis.call('get','s'))"), "string");
  EXPECT_EQ(Eval(h, "local v = redis.call('get','nokey'); return type(v) .. tostring(v)"),
            "booleanfalse");
  EXPECT_EQ(Eval(h, "return type(redis.call('exists','s'))"), "number");
  EXPECT_EQ(Eval(h, "return redis.call('ping')['ok']"), "PONG");
  EXPECT_EQ(Eval(h, "return redis.pcall('nosuch')['err']"),
            "ERR Unknown Redis command called from script");
  // RESP3: nil is nil, booleans and maps keep their type.
  EXPECT_EQ(Eval(h, "redis.setresp(3); local v = redis.call('get','nokey'); return type(v)"),
            "nil");
  EXPECT_EQ(Eval(h, "redis.setresp(4)"),
            "(error) ERR RESP version must be 2 or 3. script: "
            "68e72e4d8a428b9f599dce492315f2455a425a82, on @user_script:1.");
}

TEST(ScriptingTest, Resp3RepliesToResp3Clients) {
  CommandHarness h;
  h.Run({"HELLO", "3"});
  // Booleans follow the script's protocol (RESP2 unless redis.setresp(3)).
  EXPECT_EQ(h.RunRaw({"EVAL", "return true", "0"}), ":1\r\n");
  EXPECT_EQ(h.RunRaw({"EVAL", "return false", "0"}), "_\r\n");
  EXPECT_EQ(h.RunRaw({"EVAL", "redis.setresp(3); return true", "0"}), "#t\r\n");
  EXPECT_EQ(h.RunRaw({"EVAL", "redis.setresp(3); return false", "0"}), "#f\r\n");
  EXPECT_EQ(h.RunRaw({"EVAL", "return {double=1.5}", "0"}), ",1.5\r\n");
  EXPECT_EQ(h.RunRaw({"EVAL", "return {map={a=1}}", "0"}), "%1\r\n$1\r\na\r\n:1\r\n");
  EXPECT_EQ(h.RunRaw({"EVAL", "return {set={a=true}}", "0"}), "~1\r\n$1\r\na\r\n");
}

TEST(ScriptingTest, KeysAndArgv) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"EVAL", "return {KEYS[1], KEYS[2], ARGV[1]}", "2", "a", "b", "c"}), "[a, b, c]");
  EXPECT_EQ(h.Run({"EVAL", "return #ARGV", "0", "x", "y"}), "(integer) 2");
  EXPECT_EQ(h.Run({"EVAL", "return 1", "-1"}), "(error) ERR Number of keys can't be negative");
  EXPECT_EQ(h.Run({"EVAL", "return 1", "2", "a"}),
            "(error) ERR Number of keys can't be greater than number of args");
  EXPECT_EQ(h.Run({"EVAL", "return 1", "x"}),
            "(error) ERR value is not an integer or out of range");
}

TEST(ScriptingTest, ErrorTexts) {
  CommandHarness h;
  EXPECT_EQ(Eval(h, "return x"),
            "(error) ERR user_script:1: Script attempted to access nonexistent global variable "
            "'x' script: 03c387736bb5cc009ff35151572cee04677aa374, on @user_script:1.");
  EXPECT_EQ(Eval(h, "x=1"),
            "(error) ERR user_script:1: Attempt to modify a readonly table script: "
            "7caf6056913504f0508c65faf2dc3f94ff65bcfd, on @user_script:1.");
  EXPECT_EQ(Eval(h, "return redis.call('nosuch')"),
            "(error) ERR Unknown Redis command called from script script: "
            "206396248e12c6e742fd7296250433c8d7343b74, on @user_script:1.");
  EXPECT_EQ(Eval(h, "return redis.call('get')"),
            "(error) ERR Wrong number of args calling Redis command from script script: "
            "f187dee77f607f7cff00bbabc9df38507582c78d, on @user_script:1.");
  EXPECT_EQ(Eval(h, "return ("),
            "(error) ERR Error compiling script (new function): user_script:1: unexpected "
            "symbol near '<eof>'");
  EXPECT_EQ(Eval(h, "return redis.pcall('nosuch')"),
            "(error) ERR Unknown Redis command called from script");
  EXPECT_EQ(Eval(h, "error('boom')"),
            "(error) ERR user_script:1: boom script: 82903a0434f1503e152f89c03c9acd881a0e8150, on "
            "@user_script:1.");
  EXPECT_EQ(Eval(h, "error({err='MY boom'})"),
            "(error) MY boom script: 4c2ee35ef37c857625d6ec6d812eab72377cfa97, on "
            "@user_script:1.");
  EXPECT_EQ(Eval(h, "return redis.call('select', 2)"), "OK");
  EXPECT_EQ(Eval(h, "return redis.call('shutdown')"),
            "(error) ERR This Redis command is not allowed from script script: " +
                Sha1Hex("return redis.call('shutdown')") + ", on @user_script:1.");
}

TEST(ScriptingTest, Sandbox) {
  CommandHarness h;
  EXPECT_EQ(Eval(h, "return type(os)").substr(0, 70),
            "(error) ERR user_script:1: Script attempted to access nonexistent glob");
  EXPECT_EQ(Eval(h, "return {type(cjson), type(bit), type(io), type(loadfile)}").substr(0, 13),
            "(error) ERR u");
  EXPECT_EQ(Eval(h, "return {type(cjson), type(bit), type(redis.breakpoint)}"),
            "[table, table, function]");
  EXPECT_EQ(Eval(h,
                 "local f, e = loadstring(string.dump(function() return 1 end)); "
                 "return tostring(f)"),
            "nil");
  EXPECT_EQ(Eval(h, "return loadstring('return 7')()"), "(integer) 7");
  EXPECT_EQ(Eval(h, "return cjson.encode({1,2})"), "[1,2]");
  EXPECT_EQ(Eval(h, "return cjson.decode('{\"a\":5}').a"), "(integer) 5");
  EXPECT_EQ(Eval(h, "return bit.band(12, 10)"), "(integer) 8");
  EXPECT_EQ(Eval(h, "return bit.tohex(255)"), "000000ff");
  EXPECT_EQ(Eval(h, "return redis.sha1hex('')"), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(Eval(h, "return redis.replicate_commands()"), "(integer) 1");
}

TEST(ScriptingTest, MsgpackAndStruct) {
  CommandHarness h;
  EXPECT_EQ(h.RunRaw({"EVAL", "return cmsgpack.pack(1, -1, 200, 'ab', {1, 2}, true)", "0"}),
            std::string("$11\r\n\x01\xff\xcc\xc8\xa2" "ab\x92\x01\x02\xc3\r\n", 18));
  EXPECT_EQ(Eval(h, "return {cmsgpack.unpack(cmsgpack.pack(7, 'x', {1, 2}))}"),
            "[(integer) 7, x, [(integer) 1, (integer) 2]]");
  EXPECT_EQ(Eval(h, "return cmsgpack.unpack(cmsgpack.pack({k = 'v'})).k"), "v");
  EXPECT_EQ(h.RunRaw({"EVAL", "return struct.pack('>I2<i2', 258, -2)", "0"}),
            std::string("$4\r\n\x01\x02\xfe\xff\r\n", 10));
  EXPECT_EQ(Eval(h, "return {struct.unpack('>I2<i2', struct.pack('>I2<i2', 258, -2))}"),
            "[(integer) 258, (integer) -2, (integer) 5]");
  EXPECT_EQ(Eval(h, "return struct.size('i4hd')"), "(integer) 14");
}

// Redis's generator, unseeded, runs on from one script to the next.
TEST(ScriptingTest, MathRandomIsRedisSequence) {
  CommandHarness h;
  EXPECT_EQ(Eval(h, "return math.random(100)"), "(integer) 40");
  EXPECT_EQ(Eval(h, "return math.random(100)"), "(integer) 85");
  EXPECT_EQ(Eval(h, "return {math.random(), math.random(10)}"), "[(integer) 0, (integer) 5]");
}

TEST(ScriptingTest, DbOfCallerAndSelectDoesNotLeak) {
  CommandHarness h;
  h.Put("k", "db1", 1);
  h.Run({"SELECT", "1"});
  EXPECT_EQ(Eval(h, "return redis.call('get','k')"), "db1");
  EXPECT_EQ(Eval(h, "redis.call('select','0'); return redis.call('get','k')"), "(nil)");
  EXPECT_EQ(Eval(h, "return redis.call('get','k')"), "db1");
  EXPECT_EQ(h.Run({"GET", "k"}), "db1");
}

TEST(ScriptingTest, ReadOnlyScripts) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"EVAL_RO", "return redis.call('set','x','y')", "0"}),
            "(error) ERR Write commands are not allowed from read-only scripts. script: "
            "71e6319f97b0fe8bdfa1c5df3ce4489946dda479, on @user_script:1.");
  h.Put("x", "1");
  EXPECT_EQ(h.Run({"EVAL_RO", "return redis.call('get','x')", "0"}), "1");
  EXPECT_EQ(h.Run({"EVAL_RO", "#!lua\nreturn 1", "0"}),
            "(error) ERR Can not execute a script with write flag using *_ro command.");
  EXPECT_EQ(h.Run({"EVAL_RO", "#!lua flags=no-writes\nreturn 2", "0"}), "(integer) 2");
  EXPECT_EQ(
      h.Run({"EVAL", "#!lua flags=no-writes\nreturn redis.call('set','x','y')", "0"}).substr(0, 66),
      "(error) ERR Write commands are not allowed from read-only scripts.");
}

TEST(ScriptingTest, ScriptCache) {
  CommandHarness h;
  const std::string sha = Sha1Hex("return 'cached'");
  EXPECT_EQ(h.Run({"EVALSHA", sha, "0"}), "(error) NOSCRIPT No matching script. Please use EVAL.");
  EXPECT_EQ(h.Run({"SCRIPT", "LOAD", "return 'cached'"}), sha);
  EXPECT_EQ(h.Run({"EVALSHA", sha, "0"}), "cached");
  EXPECT_EQ(h.Run({"EVALSHA_RO", sha, "0"}), "cached");
  EXPECT_EQ(h.Run({"SCRIPT", "EXISTS", sha, "ffff"}), "[(integer) 1, (integer) 0]");
  EXPECT_EQ(h.Run({"SCRIPT", "FLUSH", "bad"}),
            "(error) ERR SCRIPT FLUSH only support SYNC|ASYNC option");
  EXPECT_EQ(h.Run({"SCRIPT", "FLUSH", "ASYNC"}), "OK");
  EXPECT_EQ(h.Run({"SCRIPT", "EXISTS", sha}), "[(integer) 0]");
  EXPECT_EQ(h.Run({"SCRIPT", "LOAD", "return ("}).substr(0, 50),
            "(error) ERR Error compiling script (new function):");
  EXPECT_EQ(h.Run({"SCRIPT", "KILL"}), "(error) NOTBUSY No scripts in execution right now.");
  EXPECT_EQ(h.Run({"EVAL", "return redis.call('eval','return 1','0')", "0"}).substr(0, 58),
            "(error) ERR This Redis command is not allowed from script ");
}

// A script past busy-reply-threshold: the hook polls the "event loop", which
// here is a second client of the harness sending commands.
TEST(ScriptingTest, BusyScriptAndScriptKill) {
  CommandHarness h({{"busy-reply-threshold", "100"}});
  const size_t other = h.NewClient();
  std::vector<std::string> seen;
  int polls = 0;
  h.node().scripting().on_tick = [&] { h.clock().AdvanceMs(10); };
  h.node().poll_events = [&] {
    ++polls;
    h.Use(other);
    seen.push_back(h.Run({"GET", "x"}));
    if (polls == 3) seen.push_back(h.Run({"SCRIPT", "KILL"}));
    h.Use(0);
  };
  std::string reply = Eval(h, "local i = 0; while true do i = i + 1 end");
  ASSERT_FALSE(seen.empty()) << reply;
  EXPECT_EQ(seen[0],
            "(error) BUSY Redis is busy running a script. You can only call SCRIPT KILL or "
            "SHUTDOWN NOSAVE.");
  EXPECT_EQ(seen.back(), "OK");
  EXPECT_EQ(reply.substr(0, 62), "(error) ERR Script killed by user with SCRIPT KILL... script: ");
  EXPECT_TRUE(h.node().busy_reply.empty());
  h.Use(other);
  EXPECT_EQ(h.Run({"PING"}), "PONG");
}

TEST(ScriptingTest, UnkillableAfterWrite) {
  CommandHarness h({{"busy-reply-threshold", "100"}});
  const size_t other = h.NewClient();
  std::string kill_reply;
  int polls = 0;
  h.node().scripting().on_tick = [&] { h.clock().AdvanceMs(10); };
  h.node().poll_events = [&] {
    if (++polls == 1) {
      h.Use(other);
      kill_reply = h.Run({"SCRIPT", "KILL"});
      h.Use(0);
    }
  };
  std::string reply =
      Eval(h,
           "redis.call('set','w','1'); local i = 0; while i < 3000000 do i = i + 1 end; "
           "return i");
  EXPECT_EQ(reply, "(integer) 3000000");
  EXPECT_EQ(kill_reply.substr(0, 58), "(error) UNKILLABLE Sorry the script already executed write");
}

}  // namespace
}  // namespace shoal
