// FUNCTION LOAD / LIST / DELETE / FLUSH / STATS / KILL and FCALL /
// FCALL_RO, with Redis 7.0's replies and errors.

#include <gtest/gtest.h>

#include <string>

#include "common/crc64.h"
#include "node/core/node.h"
#include "node/scripting/function_dump.h"
#include "node/scripting/lua_engine.h"
#include "tests/unit/harness.h"

namespace shoal {
namespace {

using testing::CommandHarness;

constexpr char kLib[] =
    "#!lua name=mylib\n"
    "redis.register_function('echo', function(keys, args) return {keys[1], args[1]} end)\n"
    "redis.register_function{function_name='ro', callback=function() return 'ro' end,\n"
    "  flags={'no-writes'}, description='read only'}\n"
    "redis.register_function('setter', function(keys, args)\n"
    "  return redis.call('set', keys[1], args[1]) end)\n";

TEST(FunctionsTest, LoadAndCall) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"FUNCTION", "LOAD", kLib}), "mylib");
  EXPECT_EQ(h.Run({"FUNCTION", "LOAD", kLib}), "(error) ERR Library 'mylib' already exists");
  EXPECT_EQ(h.Run({"FUNCTION", "LOAD", "REPLACE", kLib}), "mylib");
  EXPECT_EQ(h.Run({"FCALL", "echo", "1", "k", "a"}), "[k, a]");
  EXPECT_EQ(h.Run({"FCALL", "setter", "1", "k", "v"}), "OK");
  EXPECT_EQ(h.Run({"GET", "k"}), "v");
  EXPECT_EQ(h.Run({"FCALL_RO", "ro", "0"}), "ro");
  EXPECT_EQ(h.Run({"FCALL_RO", "setter", "1", "k", "v"}),
            "(error) ERR Can not execute a script with write flag using *_ro command.");
  EXPECT_EQ(h.Run({"FCALL", "nosuch", "0"}), "(error) ERR Function not found");
  EXPECT_EQ(h.Run({"FCALL", "echo", "x"}), "(error) ERR Bad number of keys provided");
  EXPECT_EQ(h.Run({"FCALL", "echo", "3", "a"}),
            "(error) ERR Number of keys can't be greater than number of args");
}

TEST(FunctionsTest, LoadErrors) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"FUNCTION", "LOAD", "return 1"}), "(error) ERR Missing library metadata");
  EXPECT_EQ(h.Run({"FUNCTION", "LOAD", "#!lua\nreturn 1"}),
            "(error) ERR Library name was not given");
  EXPECT_EQ(h.Run({"FUNCTION", "LOAD", "#!lua name=x foo=1\nreturn 1"}),
            "(error) ERR Invalid metadata value given: foo=1");
  EXPECT_EQ(h.Run({"FUNCTION", "LOAD", "#!js name=x\nreturn 1"}),
            "(error) ERR Engine 'js' not found");
  EXPECT_EQ(h.Run({"FUNCTION", "LOAD", "#!lua name=x\nlocal a = 1"}),
            "(error) ERR No functions registered");
  EXPECT_EQ(h.Run({"FUNCTION", "LOAD", "#!lua name=x\nreturn ("}),
            "(error) ERR Error compiling function: user_function:2: unexpected symbol near "
            "'<eof>'");
  // Only register_function, log and constants exist while a library loads.
  EXPECT_EQ(h.Run({"FUNCTION", "LOAD", "#!lua name=x\nredis.call('ping')"}),
            "(error) ERR Error registering functions: ERR user_function:2: Script attempted to "
            "access nonexistent global variable 'call'");
  EXPECT_EQ(h.Run({"FUNCTION", "LOAD",
                   "#!lua name=x\nredis.register_function('a', function() end)\n"
                   "redis.register_function('a', function() end)"}),
            "(error) ERR Error registering functions: ERR Function already exists in the "
            "library");
  EXPECT_EQ(h.Run({"FUNCTION", "LOAD", kLib}), "mylib");
  EXPECT_EQ(h.Run({"FUNCTION", "LOAD",
                   "#!lua name=other\nredis.register_function('echo', function() end)"}),
            "(error) ERR Function echo already exists");
}

TEST(FunctionsTest, ListDeleteFlushStats) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"FUNCTION", "LIST"}), "[]");
  EXPECT_EQ(h.Run({"FUNCTION", "LOAD",
                   "#!lua name=one\nredis.register_function{function_name='f', "
                   "callback=function() return 1 end, flags={'no-writes'}}"}),
            "one");
  EXPECT_EQ(h.Run({"FUNCTION", "LIST"}),
            "[[library_name, one, engine, LUA, functions, [[name, f, description, (nil), flags, "
            "[no-writes]]]]]");
  EXPECT_EQ(h.Run({"FUNCTION", "LIST", "LIBRARYNAME", "zz*"}), "[]");
  EXPECT_EQ(h.Run({"FUNCTION", "LIST", "LIBRARYNAME"}),
            "(error) ERR library name argument was not given");
  EXPECT_EQ(h.Run({"FUNCTION", "LIST", "bad"}), "(error) ERR Unknown argument bad");
  EXPECT_EQ(h.Run({"FUNCTION", "STATS"}),
            "[running_script, (nil), engines, [LUA, [libraries_count, (integer) 1, "
            "functions_count, (integer) 1]]]");
  EXPECT_EQ(h.Run({"FUNCTION", "DELETE", "nope"}), "(error) ERR Library not found");
  EXPECT_EQ(h.Run({"FUNCTION", "DELETE", "one"}), "OK");
  EXPECT_EQ(h.Run({"FCALL", "f", "0"}), "(error) ERR Function not found");
  EXPECT_EQ(h.Run({"FUNCTION", "LOAD", kLib}), "mylib");
  EXPECT_EQ(h.Run({"FUNCTION", "FLUSH", "bad"}),
            "(error) ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
  EXPECT_EQ(h.Run({"FUNCTION", "FLUSH"}), "OK");
  EXPECT_EQ(h.Run({"FUNCTION", "LIST"}), "[]");
  EXPECT_EQ(h.Run({"FUNCTION", "KILL"}), "(error) NOTBUSY No scripts in execution right now.");
}

TEST(FunctionsTest, ErrorNamesTheFunction) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"FUNCTION", "LOAD",
                   "#!lua name=e\n\nredis.register_function('boom', function() "
                   "return redis.call('nosuch') end)"}),
            "e");
  EXPECT_EQ(h.Run({"FCALL", "boom", "0"}),
            "(error) ERR Unknown Redis command called from script script: boom, on "
            "@user_function:3.");
}

// FUNCTION KILL stops a long function; SCRIPT KILL refuses to.
TEST(FunctionsTest, KillLongFunction) {
  CommandHarness h({{"busy-reply-threshold", "50"}});
  EXPECT_EQ(h.Run({"FUNCTION", "LOAD",
                   "#!lua name=loop\nredis.register_function('spin', function() "
                   "while true do end end)"}),
            "loop");
  const size_t other = h.NewClient();
  std::string busy, script_kill, stats, kill;
  h.node().scripting().on_tick = [&] { h.clock().AdvanceMs(10); };
  h.node().poll_events = [&] {
    if (!kill.empty()) return;
    h.Use(other);
    busy = h.Run({"PING"});
    script_kill = h.Run({"SCRIPT", "KILL"});
    stats = h.Run({"FUNCTION", "STATS"});
    kill = h.Run({"FUNCTION", "KILL"});
    h.Use(0);
  };
  EXPECT_EQ(h.Run({"FCALL", "spin", "0"}).substr(0, 50),
            "(error) ERR Script killed by user with SCRIPT KILL");
  EXPECT_EQ(busy,
            "(error) BUSY Redis is busy running a script. You can only call FUNCTION KILL or "
            "SHUTDOWN NOSAVE.");
  EXPECT_EQ(script_kill, busy);
  EXPECT_EQ(stats.substr(0, 50), "[running_script, [name, spin, command, [FCALL, spi");
  EXPECT_EQ(kill, "OK");
}

TEST(FunctionsTest, EndlessLibraryBodyTimesOut) {
  CommandHarness h;
  h.node().scripting().on_tick = [&] { h.clock().AdvanceMs(100); };
  EXPECT_EQ(h.Run({"FUNCTION", "LOAD", "#!lua name=spin\nwhile true do end"}),
            "(error) ERR Error registering functions: ERR FUNCTION LOAD timeout");
  EXPECT_EQ(h.Run({"FUNCTION", "LIST"}), "[]");
}

TEST(Crc64Test, JonesVector) { EXPECT_EQ(Crc64(0, "123456789"), 0xe9c6d914c4b8d9caULL); }

// Redis 7.0's payload for one small library, byte for byte.
TEST(FunctionsTest, DumpMatchesRedisAndRestores) {
  const std::string code = "#!lua name=l1\nredis.register_function('f1', function() return 1 end)";
  const std::string redis_payload =
      std::string("\xf5@D", 3) + code + std::string("\n\x00N\xdf\x9dI\"\x9e+\xa7", 10);
  EXPECT_EQ(EncodeFunctionPayload({code}), redis_payload);
  CommandHarness h;
  EXPECT_EQ(h.Run({"FUNCTION", "LOAD", code}), "l1");
  EXPECT_EQ(h.RunValue({"FUNCTION", "DUMP"}).str, redis_payload);
  EXPECT_EQ(h.Run({"FUNCTION", "RESTORE", redis_payload}), "(error) ERR Library l1 already exists");
  EXPECT_EQ(h.Run({"FUNCTION", "RESTORE", redis_payload, "REPLACE"}), "OK");
  EXPECT_EQ(h.Run({"FUNCTION", "FLUSH"}), "OK");
  EXPECT_EQ(h.Run({"FUNCTION", "RESTORE", redis_payload}), "OK");
  EXPECT_EQ(h.Run({"FCALL", "f1", "0"}), "(integer) 1");
  std::string corrupt = redis_payload;
  corrupt[5] ^= 1;
  EXPECT_EQ(h.Run({"FUNCTION", "RESTORE", corrupt}),
            "(error) ERR DUMP payload version or checksum are wrong");
  EXPECT_EQ(h.Run({"FUNCTION", "RESTORE", "x"}),
            "(error) ERR DUMP payload version or checksum are wrong");
}

}  // namespace
}  // namespace shoal
