// The connection family (PING, ECHO, QUIT, RESET, SELECT, AUTH, HELLO) and
// CLIENT, checked reply by reply against Redis 7.0.

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
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
constexpr char kNotInt[] = "(error) ERR value is not an integer or out of range";
constexpr char kWrongPass[] =
    "(error) WRONGPASS invalid username-password pair or user is disabled.";
constexpr char kNoAuth[] = "(error) NOAUTH Authentication required.";
constexpr char kBadName[] =
    "(error) ERR Client names cannot contain spaces, newlines or special characters.";

// ===========================================================================
// PING, ECHO, QUIT, SELECT
// ===========================================================================

TEST(ConnectionTest, Ping) {
  CommandHarness h;
  EXPECT_EQ(h.RunRaw({"PING"}), "+PONG\r\n");
  EXPECT_EQ(h.RunRaw({"PING", "hello"}), "$5\r\nhello\r\n");
  EXPECT_EQ(h.Run({"PING", "a", "b"}), "(error) ERR wrong number of arguments for 'ping' command");
  EXPECT_EQ(h.RunRaw({"ping"}), "+PONG\r\n");
}

TEST(ConnectionTest, Echo) {
  CommandHarness h;
  EXPECT_EQ(h.RunRaw({"ECHO", "hi there"}), "$8\r\nhi there\r\n");
  EXPECT_EQ(h.RunRaw({"ECHO", ""}), "$0\r\n\r\n");
  EXPECT_EQ(h.Run({"ECHO"}), "(error) ERR wrong number of arguments for 'echo' command");
  EXPECT_EQ(h.Run({"ECHO", "a", "b"}), "(error) ERR wrong number of arguments for 'echo' command");
}

TEST(ConnectionTest, QuitRepliesOkThenCloses) {
  CommandHarness h;
  EXPECT_FALSE(h.client().close_asap);
  EXPECT_EQ(h.RunRaw({"QUIT"}), "+OK\r\n");
  EXPECT_TRUE(h.client().close_asap);
}

TEST(ConnectionTest, Select) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"SELECT", "15"}), "OK");
  EXPECT_EQ(h.client().db, 15);
  EXPECT_EQ(h.Run({"SELECT", "16"}), "(error) ERR DB index is out of range");
  EXPECT_EQ(h.Run({"SELECT", "-1"}), "(error) ERR DB index is out of range");
  EXPECT_EQ(h.Run({"SELECT", "x"}), kNotInt);
  EXPECT_EQ(h.Run({"SELECT", "1.5"}), kNotInt);
  EXPECT_EQ(h.Run({"SELECT", "01"}), kNotInt);
  EXPECT_EQ(h.Run({"SELECT", "4294967296"}), kNotInt);
  EXPECT_EQ(h.client().db, 15);
  EXPECT_EQ(h.Run({"SELECT", "0"}), "OK");
  EXPECT_EQ(h.client().db, 0);
}

TEST(ConnectionTest, SelectHonoursDatabases) {
  CommandHarness h(Directives{{"databases", "4"}});
  EXPECT_EQ(h.Run({"SELECT", "3"}), "OK");
  EXPECT_EQ(h.Run({"SELECT", "4"}), "(error) ERR DB index is out of range");
}

// ===========================================================================
// AUTH
// ===========================================================================

TEST(ConnectionTest, AuthWithoutPassword) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"AUTH", "x"}),
            "(error) ERR AUTH <password> called without any password configured for the default "
            "user. Are you sure your configuration is correct?");
  // The default user has no password: any password is accepted for it.
  EXPECT_EQ(h.Run({"AUTH", "default", "anything"}), "OK");
  EXPECT_EQ(h.Run({"AUTH", "someone", "x"}), kWrongPass);
  EXPECT_EQ(h.Run({"AUTH", "a", "b", "c"}), kSyntax);
  EXPECT_EQ(h.Run({"AUTH"}), "(error) ERR wrong number of arguments for 'auth' command");
}

TEST(ConnectionTest, AuthWithRequirepass) {
  CommandHarness h(Directives{{"requirepass", "secret"}});
  EXPECT_FALSE(h.client().authenticated);
  EXPECT_EQ(h.Run({"PING"}), kNoAuth);
  EXPECT_EQ(h.Run({"AUTH", "wrong"}), kWrongPass);
  EXPECT_EQ(h.Run({"AUTH", "default", "wrong"}), kWrongPass);
  EXPECT_EQ(h.Run({"AUTH", "foo", "secret"}), kWrongPass);
  EXPECT_EQ(h.Run({"PING"}), kNoAuth);
  EXPECT_EQ(h.Run({"AUTH", "secret"}), "OK");
  EXPECT_TRUE(h.client().authenticated);
  EXPECT_EQ(h.Run({"PING"}), "PONG");
  // A failed attempt does not undo an earlier success.
  EXPECT_EQ(h.Run({"AUTH", "wrong"}), kWrongPass);
  EXPECT_EQ(h.Run({"PING"}), "PONG");

  h.Use(h.NewClient());
  EXPECT_EQ(h.Run({"PING"}), kNoAuth);
  EXPECT_EQ(h.Run({"AUTH", "default", "secret"}), "OK");
  EXPECT_EQ(h.Run({"PING"}), "PONG");
}

// ===========================================================================
// HELLO
// ===========================================================================

TEST(ConnectionTest, HelloDefaultsToCurrentProtocol) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"HELLO"}),
            "[server, redis, version, 7.0.15, proto, (integer) 2, id, (integer) 1, mode, "
            "standalone, role, master, modules, []]");
  EXPECT_EQ(h.client().resp, 2);
}

TEST(ConnectionTest, Hello3SwitchesProtocolForItsOwnReply) {
  CommandHarness h;
  EXPECT_EQ(h.RunRaw({"HELLO", "3"}),
            "%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n"
            "$5\r\nproto\r\n:3\r\n$2\r\nid\r\n:1\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n"
            "$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n");
  EXPECT_EQ(h.client().resp, 3);
  EXPECT_EQ(h.RunRaw({"CLIENT", "GETNAME"}), "_\r\n");
  EXPECT_EQ(h.RunRaw({"HELLO", "2"}).substr(0, 4), "*14\r");
  EXPECT_EQ(h.client().resp, 2);
  EXPECT_EQ(h.RunRaw({"CLIENT", "GETNAME"}), "$-1\r\n");
}

TEST(ConnectionTest, HelloErrors) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"HELLO", "4"}), "(error) NOPROTO unsupported protocol version");
  EXPECT_EQ(h.Run({"HELLO", "1"}), "(error) NOPROTO unsupported protocol version");
  EXPECT_EQ(h.Run({"HELLO", "x"}),
            "(error) ERR Protocol version is not an integer or out of range");
  EXPECT_EQ(h.Run({"HELLO", "2", "foo"}), "(error) ERR Syntax error in HELLO option 'foo'");
  EXPECT_EQ(h.Run({"HELLO", "2", "setname"}), "(error) ERR Syntax error in HELLO option 'setname'");
  EXPECT_EQ(h.Run({"HELLO", "2", "setname", "a", "b"}),
            "(error) ERR Syntax error in HELLO option 'b'");
  EXPECT_EQ(h.Run({"HELLO", "2", "auth", "a"}), "(error) ERR Syntax error in HELLO option 'auth'");
  EXPECT_EQ(h.Run({"HELLO", "3", "setname", "a b"}), kBadName);
  // A failed HELLO leaves the protocol alone.
  EXPECT_EQ(h.client().resp, 2);
}

TEST(ConnectionTest, HelloSetname) {
  CommandHarness h;
  resp::Value v = h.RunValue({"HELLO", "3", "SETNAME", "worker-1"});
  EXPECT_EQ(v.type, resp::Value::Type::kMap);
  EXPECT_EQ(h.client().name, "worker-1");
  EXPECT_EQ(h.Run({"CLIENT", "GETNAME"}), "worker-1");
}

TEST(ConnectionTest, HelloWithAuth) {
  CommandHarness h(Directives{{"requirepass", "secret"}});
  EXPECT_EQ(h.Run({"HELLO", "3"}),
            "(error) NOAUTH HELLO must be called with the client already authenticated, "
            "otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the "
            "client and select the RESP protocol version at the same time");
  EXPECT_EQ(h.Run({"HELLO", "3", "AUTH", "default", "wrong"}), kWrongPass);
  EXPECT_EQ(h.Run({"HELLO", "3", "AUTH", "default", "wrong", "SETNAME", "x"}), kWrongPass);
  EXPECT_EQ(h.client().resp, 2);
  EXPECT_EQ(h.client().name, "");

  resp::Value v = h.RunValue({"HELLO", "3", "AUTH", "default", "secret", "SETNAME", "a"});
  ASSERT_EQ(v.type, resp::Value::Type::kMap) << v.ToString();
  EXPECT_TRUE(h.client().authenticated);
  EXPECT_EQ(h.client().resp, 3);
  EXPECT_EQ(h.client().name, "a");
  // Authenticated now: HELLO alone works.
  EXPECT_EQ(h.RunValue({"HELLO", "2"}).type, resp::Value::Type::kArray);
}

// ===========================================================================
// RESET
// ===========================================================================

TEST(ConnectionTest, ResetRestoresAFreshConnection) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"SELECT", "3"}), "OK");
  EXPECT_EQ(h.Run({"CLIENT", "SETNAME", "x"}), "OK");
  EXPECT_EQ(h.Run({"CLIENT", "NO-EVICT", "on"}), "OK");
  EXPECT_EQ(h.RunValue({"HELLO", "3"}).type, resp::Value::Type::kMap);
  EXPECT_EQ(h.Run({"CLIENT", "SETINFO", "LIB-NAME", "mylib"}), "OK");

  EXPECT_EQ(h.RunRaw({"RESET"}), "+RESET\r\n");
  const Client& c = h.client();
  EXPECT_EQ(c.db, 0);
  EXPECT_EQ(c.resp, 2);
  EXPECT_EQ(c.name, "");
  EXPECT_FALSE(c.no_evict);
  EXPECT_EQ(c.reply_mode, ReplyMode::kOn);
  EXPECT_TRUE(c.authenticated);
  EXPECT_EQ(c.lib_name, "mylib");
  EXPECT_EQ(h.Run({"RESET", "x"}), "(error) ERR wrong number of arguments for 'reset' command");
}

TEST(ConnectionTest, ResetDeauthenticates) {
  CommandHarness h(Directives{{"requirepass", "secret"}});
  EXPECT_EQ(h.Run({"RESET"}), "RESET");  // allowed before AUTH
  EXPECT_EQ(h.Run({"AUTH", "secret"}), "OK");
  EXPECT_EQ(h.Run({"PING"}), "PONG");
  EXPECT_EQ(h.Run({"RESET"}), "RESET");
  EXPECT_EQ(h.Run({"PING"}), kNoAuth);
}

// ===========================================================================
// CLIENT ID / SETNAME / GETNAME / INFO / LIST
// ===========================================================================

TEST(ClientTest, Id) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"CLIENT", "ID"}), "(integer) 1");
  h.Use(h.NewClient());
  EXPECT_EQ(h.Run({"CLIENT", "ID"}), "(integer) 2");
  EXPECT_EQ(h.Run({"CLIENT", "ID", "x"}),
            "(error) ERR wrong number of arguments for 'client|id' command");
}

TEST(ClientTest, UnknownSubcommand) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"CLIENT", "foo"}), "(error) ERR unknown subcommand 'foo'. Try CLIENT HELP.");
  EXPECT_EQ(h.Run({"CLIENT"}), "(error) ERR wrong number of arguments for 'client' command");
}

TEST(ClientTest, SetNameAndGetName) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"CLIENT", "GETNAME"}), "(nil)");
  EXPECT_EQ(h.Run({"CLIENT", "SETNAME", "my-conn"}), "OK");
  EXPECT_EQ(h.RunRaw({"CLIENT", "GETNAME"}), "$7\r\nmy-conn\r\n");
  EXPECT_EQ(h.Run({"CLIENT", "SETNAME", "a b"}), kBadName);
  EXPECT_EQ(h.Run({"CLIENT", "SETNAME", "a\nb"}), kBadName);
  EXPECT_EQ(h.Run({"CLIENT", "SETNAME", "caf\xc3\xa9"}), kBadName);
  EXPECT_EQ(h.Run({"CLIENT", "GETNAME"}), "my-conn");
  EXPECT_EQ(h.Run({"CLIENT", "SETNAME", ""}), "OK");  // clears the name
  EXPECT_EQ(h.Run({"CLIENT", "GETNAME"}), "(nil)");
  EXPECT_EQ(h.Run({"CLIENT", "SETNAME"}),
            "(error) ERR wrong number of arguments for 'client|setname' command");
}

// The field names of a CLIENT LIST line, in order.
std::vector<std::string> FieldNames(const std::string& line) {
  std::vector<std::string> names;
  std::regex field(R"(([a-z-]+)=\S*)");
  for (auto it = std::sregex_iterator(line.begin(), line.end(), field);
       it != std::sregex_iterator(); ++it) {
    names.push_back((*it)[1]);
  }
  return names;
}

TEST(ClientTest, InfoLineFormat) {
  CommandHarness h;
  std::string line = h.Run({"CLIENT", "INFO"});
  // The field set and order of Redis 7.0.15.
  EXPECT_EQ(FieldNames(line),
            (std::vector<std::string>{
                "id",        "addr",     "laddr",     "fd",   "name", "age",   "idle",
                "flags",     "db",       "sub",       "psub", "ssub", "multi", "qbuf",
                "qbuf-free", "argv-mem", "multi-mem", "rbs",  "rbp",  "obl",   "oll",
                "omem",      "tot-mem",  "events",    "cmd",  "user", "redir", "resp"}));
  std::regex expected(
      R"(id=1 addr=127\.0\.0\.1:40000 laddr=127\.0\.0\.1:6379 fd=-1 name= age=0 idle=0 )"
      R"(flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=10 )"
      R"(multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=0 tot-mem=\d+ events=r cmd=client\|info )"
      R"(user=default redir=-1 resp=2\n)");
  EXPECT_TRUE(std::regex_match(line, expected)) << line;
}

TEST(ClientTest, InfoIsVerbatimInResp3) {
  CommandHarness h;
  h.client().resp = 3;
  std::string raw = h.RunRaw({"CLIENT", "INFO"});
  EXPECT_EQ(raw[0], '=');
  EXPECT_NE(raw.find("\r\ntxt:id=1 "), std::string::npos) << raw;
  EXPECT_NE(raw.find(" resp=3\n\r\n"), std::string::npos) << raw;
}

TEST(ClientTest, ListShowsEveryClient) {
  CommandHarness h;
  h.NewClient();
  h.Use(1);
  EXPECT_EQ(h.Run({"CLIENT", "SETNAME", "second"}), "OK");
  EXPECT_EQ(h.Run({"SELECT", "2"}), "OK");
  h.Use(0);
  h.clock().AdvanceMs(5000);
  std::string list = h.Run({"CLIENT", "LIST"});
  std::regex expected(
      R"(id=1 addr=127\.0\.0\.1:40000 .* name= age=5 idle=0 flags=N db=0 .* cmd=client\|list .*\n)"
      R"(id=2 addr=127\.0\.0\.1:40001 .* name=second age=5 idle=5 flags=N db=2 .* cmd=select .*\n)");
  EXPECT_TRUE(std::regex_match(list, expected)) << list;
}

// The ids of the clients in a CLIENT LIST reply, in order.
std::string Ids(const std::string& list) {
  std::string ids;
  std::regex id(R"((^|\n)id=(\d+) )");
  for (auto it = std::sregex_iterator(list.begin(), list.end(), id); it != std::sregex_iterator();
       ++it) {
    ids += (ids.empty() ? "" : ",") + (*it)[2].str();
  }
  return ids;
}

TEST(ClientTest, ListFilters) {
  CommandHarness h;
  h.NewClient();
  EXPECT_EQ(Ids(h.Run({"CLIENT", "LIST"})), "1,2");
  EXPECT_EQ(Ids(h.Run({"CLIENT", "LIST", "TYPE", "normal"})), "1,2");
  EXPECT_EQ(Ids(h.Run({"CLIENT", "LIST", "type", "Normal"})), "1,2");
  EXPECT_EQ(h.Run({"CLIENT", "LIST", "TYPE", "replica"}), "");
  EXPECT_EQ(h.Run({"CLIENT", "LIST", "TYPE", "slave"}), "");
  EXPECT_EQ(h.Run({"CLIENT", "LIST", "TYPE", "pubsub"}), "");
  EXPECT_EQ(h.Run({"CLIENT", "LIST", "TYPE", "master"}), "");
  EXPECT_EQ(h.Run({"CLIENT", "LIST", "TYPE", "foo"}), "(error) ERR Unknown client type 'foo'");
  // IDs in the order asked; unknown ones are skipped.
  EXPECT_EQ(Ids(h.Run({"CLIENT", "LIST", "ID", "2"})), "2");
  EXPECT_EQ(Ids(h.Run({"CLIENT", "LIST", "ID", "2", "99", "-1", "1"})), "2,1");
  EXPECT_EQ(h.Run({"CLIENT", "LIST", "ID", "99"}), "");
  EXPECT_EQ(h.Run({"CLIENT", "LIST", "ID", "x"}), "(error) ERR Invalid client ID");
  EXPECT_EQ(h.Run({"CLIENT", "LIST", "ID", "1", "x"}), "(error) ERR Invalid client ID");
  EXPECT_EQ(h.Run({"CLIENT", "LIST", "ID"}), kSyntax);
  EXPECT_EQ(h.Run({"CLIENT", "LIST", "TYPE"}), kSyntax);
  EXPECT_EQ(h.Run({"CLIENT", "LIST", "x"}), kSyntax);
  EXPECT_EQ(h.Run({"CLIENT", "LIST", "TYPE", "normal", "TYPE", "normal"}), kSyntax);
}

TEST(ClientTest, ListOfAnIdleClientShowsNoCommand) {
  CommandHarness h;
  h.NewClient();
  std::string list = h.Run({"CLIENT", "LIST", "ID", "2"});
  EXPECT_NE(list.find(" argv-mem=0 "), std::string::npos) << list;
  EXPECT_NE(list.find(" cmd=NULL "), std::string::npos) << list;
}

// ===========================================================================
// CLIENT KILL
// ===========================================================================

TEST(ClientTest, KillById) {
  CommandHarness h;
  size_t other = h.NewClient();
  EXPECT_EQ(h.Run({"CLIENT", "KILL", "ID", "2"}), "(integer) 1");
  h.Use(other);
  EXPECT_TRUE(h.client().close_asap);
  h.Use(0);
  EXPECT_FALSE(h.client().close_asap);
  // A client on its way out is not killed twice.
  EXPECT_EQ(h.Run({"CLIENT", "KILL", "ID", "2"}), "(integer) 0");
  EXPECT_EQ(h.Run({"CLIENT", "KILL", "ID", "99"}), "(integer) 0");
}

TEST(ClientTest, KillSelf) {
  CommandHarness h;
  // SKIPME defaults to yes.
  EXPECT_EQ(h.Run({"CLIENT", "KILL", "ID", "1"}), "(integer) 0");
  EXPECT_FALSE(h.client().close_asap);
  EXPECT_EQ(h.Run({"CLIENT", "KILL", "ID", "1", "SKIPME", "no"}), "(integer) 1");
  EXPECT_TRUE(h.client().close_asap);
}

TEST(ClientTest, KillOldFormByAddress) {
  CommandHarness h;
  size_t other = h.NewClient();
  EXPECT_EQ(h.Run({"CLIENT", "KILL", "1.2.3.4:5"}), "(error) ERR No such client");
  EXPECT_EQ(h.Run({"CLIENT", "KILL", "127.0.0.1:40001"}), "OK");
  h.Use(other);
  EXPECT_TRUE(h.client().close_asap);
  // The old form may kill the caller itself.
  EXPECT_EQ(h.Run({"CLIENT", "KILL", "127.0.0.1:40001"}), "OK");
}

TEST(ClientTest, KillFilters) {
  CommandHarness h;
  h.NewClient();
  h.NewClient();
  EXPECT_EQ(h.Run({"CLIENT", "KILL", "ADDR", "127.0.0.1:40002"}), "(integer) 1");
  EXPECT_EQ(h.Run({"CLIENT", "KILL", "LADDR", "127.0.0.1:1"}), "(integer) 0");
  EXPECT_EQ(h.Run({"CLIENT", "KILL", "TYPE", "pubsub"}), "(integer) 0");
  EXPECT_EQ(h.Run({"CLIENT", "KILL", "USER", "default", "TYPE", "normal"}), "(integer) 1");
  EXPECT_FALSE(h.client().close_asap);
}

TEST(ClientTest, KillErrors) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"CLIENT", "KILL"}),
            "(error) ERR wrong number of arguments for 'client|kill' command");
  EXPECT_EQ(h.Run({"CLIENT", "KILL", "ID", "x"}), "(error) ERR client-id should be greater than 0");
  EXPECT_EQ(h.Run({"CLIENT", "KILL", "ID", "0"}), "(error) ERR client-id should be greater than 0");
  EXPECT_EQ(h.Run({"CLIENT", "KILL", "TYPE", "foo"}), "(error) ERR Unknown client type 'foo'");
  EXPECT_EQ(h.Run({"CLIENT", "KILL", "USER", "nobody"}), "(error) ERR No such user 'nobody'");
  EXPECT_EQ(h.Run({"CLIENT", "KILL", "SKIPME", "x"}), kSyntax);
  EXPECT_EQ(h.Run({"CLIENT", "KILL", "foo", "bar"}), kSyntax);
  EXPECT_EQ(h.Run({"CLIENT", "KILL", "ID", "1", "SKIPME"}), kSyntax);
  EXPECT_FALSE(h.client().close_asap);
}

// ===========================================================================
// CLIENT PAUSE / UNPAUSE
// ===========================================================================

TEST(ClientTest, PauseSetsNodeState) {
  CommandHarness h;
  const int64_t now = h.clock().NowMs();
  EXPECT_EQ(h.Run({"CLIENT", "PAUSE", "100", "WRITE"}), "OK");
  EXPECT_EQ(h.node().pause().kind, PauseState::Kind::kWrite);
  EXPECT_EQ(h.node().pause().until_ms, now + 100);
  // A running pause is extended and widened, never shortened or narrowed.
  EXPECT_EQ(h.Run({"CLIENT", "PAUSE", "50", "all"}), "OK");
  EXPECT_EQ(h.node().pause().kind, PauseState::Kind::kAll);
  EXPECT_EQ(h.node().pause().until_ms, now + 100);
}

TEST(ClientTest, PauseDefaultsToAll) {
  CommandHarness h;
  const int64_t now = h.clock().NowMs();
  EXPECT_EQ(h.Run({"CLIENT", "PAUSE", "1000"}), "OK");
  EXPECT_EQ(h.node().pause().kind, PauseState::Kind::kAll);
  EXPECT_EQ(h.node().pause().until_ms, now + 1000);
  // Every command is held, even the pausing client's.
  EXPECT_EQ(h.RunRaw({"PING"}), "");
  h.clock().AdvanceMs(1000);
  EXPECT_EQ(h.RunRaw({"PING"}), "+PONG\r\n");
}

TEST(ClientTest, UnpauseEndsAWritePause) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"CLIENT", "PAUSE", "100000", "WRITE"}), "OK");
  h.Use(h.NewClient());
  EXPECT_EQ(h.RunRaw({"PING"}), "+PONG\r\n");
  EXPECT_EQ(h.RunRaw({"SET", "k", "v"}), "");  // held
  h.Use(0);
  EXPECT_EQ(h.Run({"CLIENT", "UNPAUSE"}), "OK");
  EXPECT_EQ(h.node().pause().kind, PauseState::Kind::kNone);
  h.Use(1);
  EXPECT_EQ(h.RunRaw({"SET", "k", "v"}), "+OK\r\n");
}

TEST(ClientTest, PauseAfterExpiryStartsAfresh) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"CLIENT", "PAUSE", "100", "WRITE"}), "OK");
  h.clock().AdvanceMs(200);
  EXPECT_EQ(h.Run({"CLIENT", "PAUSE", "10", "WRITE"}), "OK");
  EXPECT_EQ(h.node().pause().until_ms, h.clock().NowMs() + 10);
}

TEST(ClientTest, PauseErrors) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"CLIENT", "PAUSE"}),
            "(error) ERR wrong number of arguments for 'client|pause' command");
  EXPECT_EQ(h.Run({"CLIENT", "PAUSE", "x"}),
            "(error) ERR timeout is not an integer or out of range");
  EXPECT_EQ(h.Run({"CLIENT", "PAUSE", "-1"}), "(error) ERR timeout is negative");
  EXPECT_EQ(h.Run({"CLIENT", "PAUSE", "10", "foo"}),
            "(error) ERR CLIENT PAUSE mode must be WRITE or ALL");
  EXPECT_EQ(h.Run({"CLIENT", "PAUSE", "10", "write", "x"}),
            "(error) ERR unknown subcommand or wrong number of arguments for 'PAUSE'. Try "
            "CLIENT HELP.");
  EXPECT_EQ(h.node().pause().kind, PauseState::Kind::kNone);
  EXPECT_EQ(h.Run({"CLIENT", "UNPAUSE", "x"}),
            "(error) ERR wrong number of arguments for 'client|unpause' command");
}

// ===========================================================================
// CLIENT REPLY / NO-EVICT / SETINFO / tracking / UNBLOCK / HELP
// ===========================================================================

TEST(ClientTest, ReplyOffOnSkip) {
  CommandHarness h;
  EXPECT_EQ(h.RunRaw({"CLIENT", "REPLY", "OFF"}), "");
  EXPECT_EQ(h.RunRaw({"PING"}), "");
  EXPECT_EQ(h.RunRaw({"CLIENT", "REPLY", "ON"}), "+OK\r\n");
  EXPECT_EQ(h.RunRaw({"PING"}), "+PONG\r\n");
  EXPECT_EQ(h.RunRaw({"CLIENT", "REPLY", "SKIP"}), "");
  EXPECT_EQ(h.RunRaw({"PING"}), "");
  EXPECT_EQ(h.RunRaw({"PING"}), "+PONG\r\n");
  // The command SKIP drops may itself turn replies back on: its +OK is sent.
  EXPECT_EQ(h.RunRaw({"CLIENT", "REPLY", "SKIP"}), "");
  EXPECT_EQ(h.RunRaw({"CLIENT", "REPLY", "ON"}), "+OK\r\n");
  EXPECT_EQ(h.RunRaw({"PING"}), "+PONG\r\n");
  EXPECT_EQ(h.Run({"CLIENT", "REPLY", "foo"}), kSyntax);
  EXPECT_EQ(h.Run({"CLIENT", "REPLY"}),
            "(error) ERR wrong number of arguments for 'client|reply' command");
}

TEST(ClientTest, NoEvict) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"CLIENT", "NO-EVICT", "on"}), "OK");
  EXPECT_TRUE(h.client().no_evict);
  EXPECT_NE(h.Run({"CLIENT", "INFO"}).find(" flags=e "), std::string::npos);
  EXPECT_EQ(h.Run({"CLIENT", "NO-EVICT", "OFF"}), "OK");
  EXPECT_FALSE(h.client().no_evict);
  EXPECT_EQ(h.Run({"CLIENT", "NO-EVICT", "maybe"}), kSyntax);
}

TEST(ClientTest, SetInfo) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"CLIENT", "SETINFO", "LIB-NAME", "redis-py"}), "OK");
  EXPECT_EQ(h.Run({"CLIENT", "SETINFO", "lib-ver", "5.0.1"}), "OK");
  EXPECT_EQ(h.client().lib_name, "redis-py");
  EXPECT_EQ(h.client().lib_ver, "5.0.1");
  EXPECT_EQ(h.Run({"CLIENT", "SETINFO", "lib-ver", "5 0"}),
            "(error) ERR lib-ver cannot contain spaces, newlines or special characters.");
  EXPECT_EQ(h.Run({"CLIENT", "SETINFO", "foo", "x"}), "(error) ERR Unrecognized option 'foo'");
  EXPECT_EQ(h.Run({"CLIENT", "SETINFO", "LIB-NAME", ""}), "OK");
  EXPECT_EQ(h.client().lib_name, "");
}

TEST(ClientTest, TrackingIsOff) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"CLIENT", "GETREDIR"}), "(integer) -1");
  EXPECT_EQ(h.Run({"CLIENT", "TRACKINGINFO"}),
            "[flags, [off], redirect, (integer) -1, prefixes, []]");
  h.client().resp = 3;
  EXPECT_EQ(h.RunRaw({"CLIENT", "TRACKINGINFO"}),
            "%3\r\n$5\r\nflags\r\n~1\r\n$3\r\noff\r\n$8\r\nredirect\r\n:-1\r\n"
            "$8\r\nprefixes\r\n*0\r\n");
  EXPECT_EQ(h.Run({"CLIENT", "CACHING", "yes"}),
            "(error) ERR CLIENT CACHING can be called only when the client is in tracking mode "
            "with OPTIN or OPTOUT mode enabled");
}

TEST(ClientTest, Unblock) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"CLIENT", "UNBLOCK", "1"}), "(integer) 0");
  EXPECT_EQ(h.Run({"CLIENT", "UNBLOCK", "99", "ERROR"}), "(integer) 0");
  EXPECT_EQ(h.Run({"CLIENT", "UNBLOCK", "x"}), kNotInt);
  EXPECT_EQ(h.Run({"CLIENT", "UNBLOCK", "1", "foo"}),
            "(error) ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
}

TEST(ClientTest, Help) {
  CommandHarness h;
  resp::Value v = h.RunValue({"client", "help"});
  ASSERT_EQ(v.type, resp::Value::Type::kArray);
  ASSERT_EQ(v.elems.size(), 48u);
  EXPECT_EQ(v.elems[0].str, "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
  EXPECT_EQ(v.elems[0].type, resp::Value::Type::kStatus);
  EXPECT_EQ(v.elems[1].str, "CACHING (YES|NO)");
  EXPECT_EQ(v.elems[46].str, "HELP");
  EXPECT_EQ(v.elems[47].str, "    Prints this help.");
}

}  // namespace
}  // namespace shoal
