// COMMAND, SLOWLOG and LATENCY, checked against Redis 7.0's replies (the raw
// bytes below were taken from a reference redis-server 7.0.15).

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "node/core/node.h"
#include "tests/unit/harness.h"

namespace shoal {
namespace {

using testing::CommandHarness;
using Directives = std::vector<std::pair<std::string, std::string>>;

constexpr char kSyntax[] = "(error) ERR syntax error";

// ===========================================================================
// COMMAND INFO: the exact shape client libraries parse
// ===========================================================================

constexpr char kGetInfoResp2[] =
    "*1\r\n*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n*3\r\n"
    "+@read\r\n+@string\r\n+@fast\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n"
    "+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n"
    "*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n"
    "$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n"
    ":0\r\n*0\r\n";

constexpr char kGetInfoResp3[] =
    "*1\r\n*10\r\n$3\r\nget\r\n:2\r\n~2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n"
    "+@read\r\n+@string\r\n+@fast\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n"
    "+access\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n"
    "%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n"
    "$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n"
    ":0\r\n~0\r\n";

constexpr char kMsetInfoResp2[] =
    "*1\r\n*10\r\n$4\r\nmset\r\n:-3\r\n*2\r\n+write\r\n+denyoom\r\n:1\r\n:-1\r\n:2\r\n"
    "*3\r\n+@write\r\n+@string\r\n+@slow\r\n*2\r\n$26\r\nrequest_policy:multi_shard\r\n"
    "$29\r\nresponse_policy:all_succeeded\r\n*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+OW\r\n"
    "+update\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n"
    "*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n"
    "$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:-1\r\n$7\r\nkeystep\r\n:2\r\n$5\r\nlimit\r\n"
    ":0\r\n*0\r\n";

constexpr char kPingInfoResp2[] =
    "*1\r\n*10\r\n$4\r\nping\r\n:-1\r\n*1\r\n+fast\r\n:0\r\n:0\r\n:0\r\n*2\r\n+@fast\r\n"
    "+@connection\r\n*2\r\n$25\r\nrequest_policy:all_shards\r\n$29\r\n"
    "response_policy:all_succeeded\r\n*0\r\n*0\r\n";

TEST(CommandTest, InfoGetExactBytes) {
  CommandHarness h;
  EXPECT_EQ(h.RunRaw({"COMMAND", "INFO", "GET"}), kGetInfoResp2);
  h.client().resp = 3;
  EXPECT_EQ(h.RunRaw({"COMMAND", "INFO", "get"}), kGetInfoResp3);
}

TEST(CommandTest, InfoGetAfterHello3) {
  CommandHarness h;
  ASSERT_EQ(h.RunValue({"HELLO", "3"}).type, resp::Value::Type::kMap);
  EXPECT_EQ(h.RunRaw({"COMMAND", "INFO", "GET"}), kGetInfoResp3);
}

TEST(CommandTest, InfoMsetAndPingExactBytes) {
  CommandHarness h;
  EXPECT_EQ(h.RunRaw({"COMMAND", "INFO", "MSET"}), kMsetInfoResp2);
  EXPECT_EQ(h.RunRaw({"COMMAND", "INFO", "PING"}), kPingInfoResp2);
}

TEST(CommandTest, KeySpecNotesComeFirst) {
  CommandHarness h;
  resp::Value info = h.RunValue({"COMMAND", "INFO", "SET"});
  ASSERT_EQ(info.elems.size(), 1u);
  const resp::Value& spec = info.elems[0].elems[8].elems.at(0);
  ASSERT_GE(spec.elems.size(), 2u);
  EXPECT_EQ(spec.elems[0].str, "notes");
  EXPECT_EQ(spec.elems[1].str, "RW and ACCESS due to the optional `GET` argument");
  // Without notes the map starts with the flags.
  resp::Value get = h.RunValue({"COMMAND", "INFO", "GET"});
  EXPECT_EQ(get.elems[0].elems[8].elems.at(0).elems[0].str, "flags");
}

TEST(CommandTest, InfoOfContainerListsSubcommands) {
  CommandHarness h;
  resp::Value v = h.RunValue({"COMMAND", "INFO", "slowlog"});
  ASSERT_EQ(v.elems.size(), 1u);
  const resp::Value& e = v.elems[0];
  ASSERT_EQ(e.elems.size(), 10u);
  EXPECT_EQ(e.elems[0].str, "slowlog");
  EXPECT_EQ(e.elems[1].integer, -2);
  EXPECT_EQ(e.elems[2].ToString(), "[]");
  EXPECT_EQ(e.elems[6].ToString(), "[@slow]");
  ASSERT_EQ(e.elems[9].elems.size(), 4u);
  EXPECT_EQ(e.elems[9].elems[0].ToString(),
            "[slowlog|get, (integer) -2, [admin, loading, stale], (integer) 0, (integer) 0, "
            "(integer) 0, [@admin, @slow, @dangerous], [request_policy:all_nodes, "
            "nondeterministic_output], [], []]");
  // RESP3: the subcommands are an array, a leaf's (empty) subcommands a set.
  h.client().resp = 3;
  std::string raw = h.RunRaw({"COMMAND", "INFO", "slowlog"});
  EXPECT_NE(raw.find("~0\r\n~0\r\n*4\r\n*10\r\n$11\r\nslowlog|get\r\n"), std::string::npos) << raw;
}

TEST(CommandTest, InfoByFullNameAndUnknown) {
  CommandHarness h;
  resp::Value v = h.RunValue({"COMMAND", "INFO", "nope", "CLIENT|LIST", "client|nope", "a|b|c"});
  ASSERT_EQ(v.elems.size(), 4u);
  EXPECT_TRUE(v.elems[0].is_null());
  EXPECT_EQ(v.elems[1].elems[0].str, "client|list");
  EXPECT_EQ(v.elems[1].elems[7].ToString(), "[nondeterministic_output]");
  EXPECT_TRUE(v.elems[2].is_null());
  EXPECT_TRUE(v.elems[3].is_null());
  EXPECT_EQ(h.RunRaw({"COMMAND", "INFO", "nope"}), "*1\r\n$-1\r\n");
  h.client().resp = 3;
  EXPECT_EQ(h.RunRaw({"COMMAND", "INFO", "nope"}), "*1\r\n_\r\n");
}

TEST(CommandTest, HiddenFlagsAreNotShown) {
  CommandHarness h;
  // QUIT carries no_auth and allow_busy, which are shown.
  resp::Value v = h.RunValue({"COMMAND", "INFO", "quit"});
  EXPECT_EQ(v.elems[0].elems[2].ToString(),
            "[noscript, loading, stale, fast, no_auth, allow_busy]");
}

TEST(CommandTest, AllCommandsAndCount) {
  CommandHarness h;
  const size_t n = h.node().commands().size();
  EXPECT_EQ(h.Run({"COMMAND", "COUNT"}), "(integer) " + std::to_string(n));
  EXPECT_EQ(h.RunValue({"COMMAND"}).elems.size(), n);
  EXPECT_EQ(h.RunValue({"COMMAND", "INFO"}).elems.size(), n);
  EXPECT_EQ(h.Run({"COMMAND", "COUNT", "x"}),
            "(error) ERR wrong number of arguments for 'command|count' command");
  EXPECT_EQ(h.Run({"COMMAND", "foo"}), "(error) ERR unknown subcommand 'foo'. Try COMMAND HELP.");
}

TEST(CommandTest, Docs) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"COMMAND", "DOCS", "ping"}),
            "[ping, [summary, Ping the server, since, 1.0.0, group, connection, complexity, "
            "O(1), arguments, [[name, message, type, string, flags, [optional]]]]]");
  h.client().resp = 3;
  EXPECT_EQ(h.RunRaw({"COMMAND", "DOCS", "echo"}),
            "%1\r\n$4\r\necho\r\n%5\r\n$7\r\nsummary\r\n$21\r\nEcho the given string\r\n"
            "$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$10\r\nconnection\r\n"
            "$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$9\r\narguments\r\n*1\r\n%2\r\n$4\r\nname\r\n"
            "$7\r\nmessage\r\n$4\r\ntype\r\n$6\r\nstring\r\n");
  // Unknown names are left out.
  EXPECT_EQ(h.RunRaw({"COMMAND", "DOCS", "nope"}), "%0\r\n");
  resp::Value all = h.RunValue({"COMMAND", "DOCS"});
  EXPECT_EQ(all.elems.size(), 2 * h.node().commands().size());
}

// Argument docs, as Redis 7.0.15 replies them: nested one-of, tokens, the key
// spec index of a key and the "optional" flag as a set of status strings.
TEST(CommandTest, DocsWithArguments) {
  CommandHarness h;
  h.client().resp = 3;
  resp::Value v = h.RunValue({"COMMAND", "DOCS", "getex"});
  ASSERT_EQ(v.type, resp::Value::Type::kMap);
  ASSERT_EQ(v.elems.size(), 2u);
  const resp::Value& docs = v.elems[1];
  ASSERT_EQ(docs.type, resp::Value::Type::kMap);
  ASSERT_EQ(docs.elems.size(), 10u);
  EXPECT_EQ(docs.elems[8].str, "arguments");
  const resp::Value& args = docs.elems[9];
  ASSERT_EQ(args.type, resp::Value::Type::kArray);
  ASSERT_EQ(args.elems.size(), 2u);
  EXPECT_EQ(args.elems[0].ToString(), "{name: key, type: key, key_spec_index: (integer) 0}");
  const resp::Value& expiration = args.elems[1];
  ASSERT_EQ(expiration.type, resp::Value::Type::kMap);
  ASSERT_EQ(expiration.elems.size(), 8u);
  EXPECT_EQ(expiration.elems[5].type, resp::Value::Type::kSet);
  EXPECT_EQ(expiration.elems[5].elems.at(0).type, resp::Value::Type::kStatus);
  EXPECT_EQ(expiration.ToString(),
            "{name: expiration, type: oneof, flags: [optional], arguments: ["
            "{name: seconds, type: integer, token: EX}, "
            "{name: milliseconds, type: integer, token: PX}, "
            "{name: unix-time-seconds, type: unix-time, token: EXAT}, "
            "{name: unix-time-milliseconds, type: unix-time, token: PXAT}, "
            "{name: persist, type: pure-token, token: PERSIST}]}");
}

// History entries and doc flags come before the arguments; RESP2 flattens the
// maps into arrays.
TEST(CommandTest, DocsOfDeprecatedCommandWithHistory) {
  CommandHarness h;
  EXPECT_EQ(h.RunRaw({"COMMAND", "DOCS", "substr"}),
            "*2\r\n$6\r\nsubstr\r\n*16\r\n$7\r\nsummary\r\n$45\r\n"
            "Get a substring of the string stored at a key\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n"
            "$5\r\ngroup\r\n$6\r\nstring\r\n$10\r\ncomplexity\r\n$231\r\n"
            "O(N) where N is the length of the returned string. The complexity is ultimately "
            "determined by the returned length, but because creating a substring from an "
            "existing string is very cheap, it can be considered O(1) for small strings.\r\n"
            "$9\r\ndoc_flags\r\n*1\r\n+deprecated\r\n$16\r\ndeprecated_since\r\n$5\r\n"
            "2.0.0\r\n$11\r\nreplaced_by\r\n$10\r\n`GETRANGE`\r\n$9\r\narguments\r\n*3\r\n"
            "*6\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n"
            "$14\r\nkey_spec_index\r\n:0\r\n*4\r\n$4\r\nname\r\n$5\r\nstart\r\n"
            "$4\r\ntype\r\n$7\r\ninteger\r\n*4\r\n$4\r\nname\r\n$3\r\nend\r\n"
            "$4\r\ntype\r\n$7\r\ninteger\r\n");
  h.client().resp = 3;
  resp::Value v = h.RunValue({"COMMAND", "DOCS", "expire"});
  const resp::Value& docs = v.elems.at(1);
  ASSERT_EQ(docs.elems.size(), 12u);
  EXPECT_EQ(docs.elems[8].str, "history");
  EXPECT_EQ(docs.elems[9].type, resp::Value::Type::kSet);
  EXPECT_EQ(docs.elems[9].ToString(), "[[7.0.0, Added options: `NX`, `XX`, `GT` and `LT`.]]");
}

TEST(CommandTest, DocsOfContainer) {
  CommandHarness h;
  h.client().resp = 3;
  resp::Value v = h.RunValue({"COMMAND", "DOCS", "slowlog"});
  ASSERT_EQ(v.type, resp::Value::Type::kMap);
  EXPECT_EQ(v.elems[1].ToString(),
            "{summary: A container for slow log commands, since: 2.2.12, group: server, "
            "complexity: Depends on subcommand., subcommands: {slowlog|get: {summary: Get the "
            "slow log's entries, since: 2.2.12, group: server, complexity: O(N) where N is the "
            "number of entries returned, history: [[4.0.0, Added client IP address, port and "
            "name to the reply.]], arguments: [{name: count, type: integer, flags: [optional]}]}, "
            "slowlog|help: {summary: Show helpful text about the "
            "different subcommands, since: 6.2.0, group: server, complexity: O(1)}, slowlog|len: "
            "{summary: Get the slow log's length, since: 2.2.12, group: server, complexity: "
            "O(1)}, slowlog|reset: {summary: Clear all entries from the slow log, since: 2.2.12, "
            "group: server, complexity: O(N) where N is the number of entries in the slowlog}}}");
}

TEST(CommandTest, List) {
  CommandHarness h;
  resp::Value all = h.RunValue({"COMMAND", "LIST"});
  size_t expected = 0;
  for (const auto& cmd : h.node().commands().all()) expected += 1 + cmd->subcommands.size();
  EXPECT_EQ(all.elems.size(), expected);
  EXPECT_EQ(h.Run({"COMMAND", "LIST", "FILTERBY", "PATTERN", "CLIENT|I*"}),
            "[client|id, client|info]");
  EXPECT_EQ(h.Run({"COMMAND", "LIST", "FILTERBY", "pattern", "ech?"}), "[echo]");
  EXPECT_EQ(h.Run({"COMMAND", "LIST", "FILTERBY", "MODULE", "foo"}), "[]");
  EXPECT_EQ(h.Run({"COMMAND", "LIST", "FILTERBY", "ACLCAT", "nope"}), "[]");
  EXPECT_EQ(h.Run({"COMMAND", "LIST", "FILTERBY", "ACLCAT", "@connection"}), "[]");
  resp::Value conn = h.RunValue({"COMMAND", "LIST", "FILTERBY", "aclcat", "CONNECTION"});
  std::vector<std::string> names;
  for (const auto& e : conn.elems) names.push_back(e.str);
  EXPECT_NE(std::find(names.begin(), names.end(), "ping"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "client|kill"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "command"), names.end());
  EXPECT_EQ(std::find(names.begin(), names.end(), "client"), names.end());  // only @slow
  EXPECT_EQ(std::find(names.begin(), names.end(), "get"), names.end());
  EXPECT_EQ(h.Run({"COMMAND", "LIST", "FILTERBY"}), kSyntax);
  EXPECT_EQ(h.Run({"COMMAND", "LIST", "FILTERBY", "foo", "bar"}), kSyntax);
  EXPECT_EQ(h.Run({"COMMAND", "LIST", "FILTERBY", "pattern", "a", "b"}), kSyntax);
  EXPECT_EQ(h.Run({"COMMAND", "LIST", "foo"}), kSyntax);
}

TEST(CommandTest, GetKeys) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"COMMAND", "GETKEYS", "MSET", "a", "1", "b", "2"}), "[a, b]");
  EXPECT_EQ(h.Run({"COMMAND", "GETKEYS", "SET", "k", "v", "EX", "10"}), "[k]");
  EXPECT_EQ(h.Run({"COMMAND", "GETKEYSANDFLAGS", "SET", "a", "b"}), "[[a, [OW, update]]]");
  EXPECT_EQ(h.Run({"COMMAND", "GETKEYSANDFLAGS", "MSET", "a", "1", "b", "2"}),
            "[[a, [OW, update]], [b, [OW, update]]]");
  // Variable flags resolved from the arguments, as Redis does.
  EXPECT_EQ(h.Run({"COMMAND", "GETKEYSANDFLAGS", "SET", "a", "b", "get"}),
            "[[a, [RW, access, update]]]");
  h.client().resp = 3;
  EXPECT_EQ(h.RunRaw({"COMMAND", "GETKEYSANDFLAGS", "SET", "a", "b"}),
            "*1\r\n*2\r\n$1\r\na\r\n~2\r\n+OW\r\n+update\r\n");
}

TEST(CommandTest, GetKeysErrors) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"COMMAND", "GETKEYS", "nope", "x"}), "(error) ERR Invalid command specified");
  EXPECT_EQ(h.Run({"COMMAND", "GETKEYS", "client", "nope"}),
            "(error) ERR Invalid command specified");
  EXPECT_EQ(h.Run({"COMMAND", "GETKEYS", "ping", "x"}),
            "(error) ERR The command has no key arguments");
  EXPECT_EQ(h.Run({"COMMAND", "GETKEYS", "client", "list"}),
            "(error) ERR The command has no key arguments");
  EXPECT_EQ(h.Run({"COMMAND", "GETKEYS", "get", "a", "b"}),
            "(error) ERR Invalid number of arguments specified for command");
  EXPECT_EQ(h.Run({"COMMAND", "GETKEYS", "mset", "a"}),
            "(error) ERR Invalid number of arguments specified for command");
  EXPECT_EQ(h.Run({"COMMAND", "GETKEYS", "get"}),
            "(error) ERR wrong number of arguments for 'command|getkeys' command");
  EXPECT_EQ(h.Run({"COMMAND", "GETKEYSANDFLAGS", "get"}),
            "(error) ERR wrong number of arguments for 'command|getkeysandflags' command");
}

TEST(CommandTest, Help) {
  CommandHarness h;
  resp::Value v = h.RunValue({"COMMAND", "HELP"});
  ASSERT_EQ(v.elems.size(), 21u);
  EXPECT_EQ(v.elems[0].str, "COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
  EXPECT_EQ(v.elems[1].str, "(no subcommand)");
  EXPECT_EQ(v.elems[18].str, "    Return the keys and the access flags from a full Redis command.");
}

// ===========================================================================
// SLOWLOG
// ===========================================================================

TEST(SlowlogTest, GetLenReset) {
  CommandHarness h(Directives{{"slowlog-log-slower-than", "0"}});
  EXPECT_EQ(h.Run({"SLOWLOG", "LEN"}), "(integer) 0");  // logged once it returns
  EXPECT_EQ(h.Run({"CLIENT", "SETNAME", "me"}), "OK");
  EXPECT_EQ(h.Run({"ECHO", "hi"}), "hi");
  const std::string ts = std::to_string(h.clock().NowMs() / 1000);
  EXPECT_EQ(h.Run({"SLOWLOG", "LEN"}), "(integer) 3");
  // Newest first: [id, timestamp, duration, argv, addr, name].
  EXPECT_EQ(
      h.Run({"SLOWLOG", "GET", "1"}),
      "[[(integer) 3, (integer) " + ts + ", (integer) 0, [SLOWLOG, LEN], 127.0.0.1:40000, me]]");
  EXPECT_EQ(h.RunRaw({"SLOWLOG", "GET", "1"}),
            "*1\r\n*6\r\n:4\r\n:" + ts +
                "\r\n:0\r\n*3\r\n$7\r\nSLOWLOG\r\n$3\r\nGET\r\n$1\r\n1\r\n"
                "$15\r\n127.0.0.1:40000\r\n$2\r\nme\r\n");
  EXPECT_EQ(h.RunValue({"SLOWLOG", "GET"}).elems.size(), 6u);
  EXPECT_EQ(h.RunValue({"SLOWLOG", "GET", "-1"}).elems.size(), 7u);
  EXPECT_EQ(h.Run({"SLOWLOG", "GET", "0"}), "[]");
  EXPECT_EQ(h.Run({"SLOWLOG", "RESET"}), "OK");
  EXPECT_EQ(h.Run({"SLOWLOG", "GET"}), "[[(integer) 9, (integer) " + ts +
                                           ", (integer) 0, [SLOWLOG, RESET], 127.0.0.1:40000, "
                                           "me]]");
}

TEST(SlowlogTest, Errors) {
  CommandHarness h;
  const std::string count_error = "(error) ERR count should be greater than or equal to -1";
  EXPECT_EQ(h.Run({"SLOWLOG", "GET", "x"}), count_error);
  EXPECT_EQ(h.Run({"SLOWLOG", "GET", "-2"}), count_error);
  EXPECT_EQ(h.Run({"SLOWLOG", "GET", "1", "2"}),
            "(error) ERR unknown subcommand or wrong number of arguments for 'GET'. Try SLOWLOG "
            "HELP.");
  EXPECT_EQ(h.Run({"SLOWLOG", "LEN", "x"}),
            "(error) ERR wrong number of arguments for 'slowlog|len' command");
  EXPECT_EQ(h.Run({"SLOWLOG"}), "(error) ERR wrong number of arguments for 'slowlog' command");
  EXPECT_EQ(h.Run({"SLOWLOG", "foo"}), "(error) ERR unknown subcommand 'foo'. Try SLOWLOG HELP.");
  // Default threshold (10 ms): nothing here is slow.
  EXPECT_EQ(h.Run({"SLOWLOG", "LEN"}), "(integer) 0");
}

TEST(SlowlogTest, Help) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"slowlog", "help"}),
            "[SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:, GET [<count>], "
            "    Return top <count> entries from the slowlog (default: 10, -1 mean all)., "
            "    Entries are made of:, "
            "    id, timestamp, time in microseconds, arguments array, client IP and port,, "
            "    client name, LEN,     Return the length of the slowlog., RESET, "
            "    Reset the slowlog., HELP,     Prints this help.]");
}

// ===========================================================================
// LATENCY
// ===========================================================================

// Two "command" spikes: 50 ms one second ago, 200 ms now.
void AddTwoSpikes(CommandHarness& h) {
  const int64_t now_s = h.clock().NowMs() / 1000;
  h.node().latency().MaybeAdd("command", 10, now_s - 1, 50);
  h.node().latency().MaybeAdd("command", 10, now_s, 200);
}

TEST(LatencyTest, LatestHistoryReset) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"LATENCY", "LATEST"}), "[]");
  AddTwoSpikes(h);
  const int64_t now_s = h.clock().NowMs() / 1000;
  const std::string now = std::to_string(now_s), before = std::to_string(now_s - 1);
  EXPECT_EQ(h.Run({"LATENCY", "LATEST"}),
            "[[command, (integer) " + now + ", (integer) 200, (integer) 200]]");
  EXPECT_EQ(h.Run({"LATENCY", "HISTORY", "command"}),
            "[[(integer) " + before + ", (integer) 50], [(integer) " + now + ", (integer) 200]]");
  EXPECT_EQ(h.Run({"LATENCY", "HISTORY", "nope"}), "[]");
  EXPECT_EQ(h.Run({"LATENCY", "RESET", "nope"}), "(integer) 0");
  EXPECT_EQ(h.Run({"LATENCY", "RESET", "nope", "COMMAND"}), "(integer) 1");
  EXPECT_EQ(h.Run({"LATENCY", "LATEST"}), "[]");
  AddTwoSpikes(h);
  EXPECT_EQ(h.Run({"LATENCY", "RESET"}), "(integer) 1");
  EXPECT_EQ(h.Run({"LATENCY", "RESET"}), "(integer) 0");
}

TEST(LatencyTest, ArityErrors) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"LATENCY", "HISTORY"}),
            "(error) ERR wrong number of arguments for 'latency|history' command");
  EXPECT_EQ(h.Run({"LATENCY", "LATEST", "x"}),
            "(error) ERR wrong number of arguments for 'latency|latest' command");
  EXPECT_EQ(h.Run({"LATENCY", "foo"}), "(error) ERR unknown subcommand 'foo'. Try LATENCY HELP.");
}

TEST(LatencyTest, DoctorWhenDisabled) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"LATENCY", "DOCTOR"}),
            "Latency monitoring is off. Turn it on with CONFIG SET latency-monitor-threshold "
            "<milliseconds>, then ask again.\n");
}

TEST(LatencyTest, DoctorWithoutSpikes) {
  CommandHarness h(Directives{{"latency-monitor-threshold", "10"}});
  const std::string text = "No latency spike has been observed since this node started.\n";
  EXPECT_EQ(h.Run({"LATENCY", "DOCTOR"}), text);
  h.client().resp = 3;
  EXPECT_EQ(h.RunRaw({"LATENCY", "DOCTOR"}),
            "=" + std::to_string(text.size() + 4) + "\r\ntxt:" + text + "\r\n");
}

TEST(LatencyTest, DoctorReportsSpikes) {
  CommandHarness h(Directives{{"latency-monitor-threshold", "10"}});
  AddTwoSpikes(h);
  EXPECT_EQ(h.Run({"LATENCY", "DOCTOR"}),
            "Latency spikes observed on this node:\n\n"
            "1. command: 2 latency spikes (average 125ms, mean deviation 75ms, period 0.50 sec). "
            "Worst all time event 200ms.\n\n"
            "Suggestions:\n\n"
            "- SLOWLOG GET lists the commands that took longest; look there for the slow ones.\n"
            "- Deleting, expiring or evicting a very large value blocks the server; split such "
            "values into smaller keys.\n");
}

TEST(LatencyTest, DoctorAdvisesSlowlogTuning) {
  CommandHarness h(Directives{{"latency-monitor-threshold", "5"}});
  AddTwoSpikes(h);
  std::string report = h.Run({"LATENCY", "DOCTOR"});
  EXPECT_NE(report.find("- The slow log records only commands slower than the latency monitor "
                        "threshold. Use 'CONFIG SET slowlog-log-slower-than 5000'.\n"),
            std::string::npos)
      << report;
}

TEST(LatencyTest, Graph) {
  CommandHarness h;
  AddTwoSpikes(h);
  EXPECT_EQ(h.Run({"LATENCY", "GRAPH", "command"}),
            "command - high 200 ms, low 50 ms (all time high 200 ms)\n" + std::string(80, '-') +
                "\n"
                " #\n"
                " |\n"
                " |\n"
                "_|\n"
                "  \n"
                "10\n"
                "ss\n");
  EXPECT_EQ(h.Run({"LATENCY", "GRAPH", "nope"}),
            "(error) ERR No samples available for event 'nope'");
}

TEST(LatencyTest, Histogram) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"LATENCY", "HISTOGRAM", "ping"}), "[]");
  EXPECT_EQ(h.Run({"PING"}), "PONG");
  EXPECT_EQ(h.Run({"PING"}), "PONG");
  EXPECT_EQ(h.Run({"CLIENT", "ID"}), "(integer) 1");
  // The manual clock does not move during a call: every duration is 0 us.
  EXPECT_EQ(h.Run({"LATENCY", "HISTOGRAM", "ping", "nope", "client"}),
            "[ping, [calls, (integer) 2, histogram_usec, [(integer) 1, (integer) 2]], "
            "client|id, [calls, (integer) 1, histogram_usec, [(integer) 1, (integer) 1]]]");
  h.client().resp = 3;
  EXPECT_EQ(h.RunRaw({"LATENCY", "HISTOGRAM", "PING"}),
            "%1\r\n$4\r\nping\r\n%2\r\n$5\r\ncalls\r\n:2\r\n$14\r\nhistogram_usec\r\n"
            "%1\r\n:1\r\n:2\r\n");
  resp::Value all = h.RunValue({"LATENCY", "HISTOGRAM"});
  EXPECT_EQ(all.type, resp::Value::Type::kMap);
  EXPECT_GE(all.elems.size(), 6u);  // ping, client|id, latency|histogram, ...
}

TEST(LatencyTest, HistogramBuckets) {
  LatencyHistogram hist;
  for (uint64_t us : {3u, 5u, 5u, 100u}) hist.Record(us);
  CommandHarness h;
  h.node().command_stats()["echo"].histogram = hist;
  // Cumulative counts at the power-of-two bounds that add samples.
  EXPECT_EQ(h.Run({"LATENCY", "HISTOGRAM", "echo"}),
            "[echo, [calls, (integer) 4, histogram_usec, [(integer) 4, (integer) 1, (integer) 8, "
            "(integer) 3, (integer) 128, (integer) 4]]]");
}

TEST(LatencyTest, Help) {
  CommandHarness h;
  resp::Value v = h.RunValue({"LATENCY", "HELP"});
  ASSERT_EQ(v.elems.size(), 17u);
  EXPECT_EQ(v.elems[0].str, "LATENCY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
  EXPECT_EQ(v.elems[12].str, "HISTOGRAM [COMMAND ...]");
}

}  // namespace
}  // namespace shoal
