// The dispatcher and session factory: admission (maxclients, protected mode),
// generic checks before a handler runs, CLIENT PAUSE holding and resuming,
// statistics.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "common/clock.h"
#include "node/config/config.h"
#include "node/core/dispatcher.h"
#include "node/core/node.h"
#include "tests/unit/harness.h"

namespace shoal {
namespace {

// A connection that records what the command layer asked of it.
class FakeConnection : public Connection {
 public:
  void Close(bool flush_first) override { closed = true; }
  void Resume() override { ++resumed; }
  void SendAsync(const std::string& bytes) override { sent += bytes; }
  size_t query_buffer_size() const override { return 0; }
  size_t query_buffer_free() const override { return 0; }
  size_t output_buffer_size() const override { return 0; }
  size_t output_buffer_peak() const override { return 0; }

  bool closed = false;
  int resumed = 0;
  std::string sent;
};

class DispatcherTest : public ::testing::Test {
 protected:
  void StartNode(const std::string& config_text) {
    Config config;
    ASSERT_TRUE(config.LoadString(config_text, "test").ok());
    Node::Options options;
    options.clock = &clock_;
    options.rng_seed = 7;
    node_ = std::make_unique<Node>(std::move(config), options);
    factory_ = std::make_unique<NodeSessionFactory>(*node_);
  }

  std::unique_ptr<Session> Open(const std::string& ip, bool loopback, std::string* refusal,
                                Connection* conn = nullptr) {
    ConnectionInfo info;
    info.addr = ip + ":5000";
    info.laddr = "10.0.0.1:6379";
    info.loopback = loopback;
    return factory_->Open(info, conn, refusal);
  }

  std::string Run(Session& s, std::vector<std::string> argv, DispatchResult* result = nullptr) {
    std::string out;
    DispatchResult r = s.OnCommand(argv, &out);
    if (result != nullptr) *result = r;
    return out;
  }

  ManualClock clock_;
  std::unique_ptr<Node> node_;
  std::unique_ptr<NodeSessionFactory> factory_;
};

TEST_F(DispatcherTest, ProtectedModeRefusesRemoteClientsWithoutPassword) {
  StartNode("protected-mode yes\n");
  std::string refusal;
  EXPECT_EQ(Open("192.0.2.10", false, &refusal), nullptr);
  EXPECT_EQ(refusal, kProtectedModeRefusal);
  EXPECT_EQ(refusal.rfind("-DENIED Redis is running in protected mode", 0), 0u);
  EXPECT_EQ(node_->stats().rejected_connections, 1u);
  refusal.clear();
  EXPECT_NE(Open("127.0.0.1", true, &refusal), nullptr);
  EXPECT_TRUE(refusal.empty());
}

TEST_F(DispatcherTest, ProtectedModeLetsRemoteClientsInWithPasswordOrWhenOff) {
  StartNode("protected-mode yes\nrequirepass secret\n");
  std::string refusal;
  EXPECT_NE(Open("192.0.2.10", false, &refusal), nullptr);
  StartNode("protected-mode no\n");
  EXPECT_NE(Open("192.0.2.10", false, &refusal), nullptr);
}

TEST_F(DispatcherTest, MaxClients) {
  StartNode("maxclients 2\n");
  std::string refusal;
  auto a = Open("127.0.0.1", true, &refusal);
  auto b = Open("127.0.0.1", true, &refusal);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(Open("127.0.0.1", true, &refusal), nullptr);
  EXPECT_EQ(refusal, "-ERR max number of clients reached\r\n");
  // A slot frees when a client goes.
  a.reset();
  EXPECT_NE(Open("127.0.0.1", true, &refusal), nullptr);
}

TEST_F(DispatcherTest, GenericChecksComeBeforeTheHandler) {
  StartNode("requirepass secret\n");
  std::string refusal;
  auto s = Open("127.0.0.1", true, &refusal);
  // Unknown command and arity are checked before authentication, as Redis.
  EXPECT_EQ(Run(*s, {"NOSUCH", "a", "b"}),
            "-ERR unknown command 'NOSUCH', with args beginning with: 'a' 'b' \r\n");
  EXPECT_EQ(Run(*s, {"GET"}), "-ERR wrong number of arguments for 'get' command\r\n");
  EXPECT_EQ(Run(*s, {"GET", "k"}), "-NOAUTH Authentication required.\r\n");
  EXPECT_EQ(Run(*s, {"CONFIG", "NOSUCH"}),
            "-ERR unknown subcommand 'NOSUCH'. Try CONFIG HELP.\r\n");
  EXPECT_EQ(Run(*s, {"AUTH", "secret"}), "+OK\r\n");
  EXPECT_EQ(Run(*s, {"GET", "k"}), "$-1\r\n");
  EXPECT_EQ(node_->StatsFor(*node_->commands().Find("get")).rejected_calls, 2u);
  EXPECT_EQ(node_->stats().error_stats["NOAUTH"], 1u);
  EXPECT_EQ(node_->stats().error_stats["ERR"], 3u);
}

TEST_F(DispatcherTest, ClientPauseHoldsWritesAndResumesThem) {
  StartNode("");
  std::string refusal;
  FakeConnection conn_a, conn_b;
  auto a = Open("127.0.0.1", true, &refusal, &conn_a);
  auto b = Open("127.0.0.1", true, &refusal, &conn_b);
  EXPECT_EQ(Run(*a, {"CLIENT", "PAUSE", "10000", "WRITE"}), "+OK\r\n");
  DispatchResult r;
  EXPECT_EQ(Run(*b, {"GET", "k"}, &r), "$-1\r\n");  // reads still run
  EXPECT_EQ(r, DispatchResult::kDone);
  EXPECT_EQ(Run(*b, {"SET", "k", "v"}, &r), "");  // held, not answered
  EXPECT_EQ(r, DispatchResult::kPause);
  EXPECT_EQ(conn_b.resumed, 0);
  EXPECT_EQ(Run(*a, {"CLIENT", "UNPAUSE"}), "+OK\r\n");
  EXPECT_EQ(conn_b.resumed, 1);
  // The transport then runs the held command again.
  EXPECT_EQ(Run(*b, {"SET", "k", "v"}, &r), "+OK\r\n");
  EXPECT_EQ(r, DispatchResult::kDone);
}

TEST_F(DispatcherTest, ClientPauseEndsByItselfWhenItsTimeIsUp) {
  StartNode("");
  std::string refusal;
  FakeConnection conn_a, conn_b;
  auto a = Open("127.0.0.1", true, &refusal, &conn_a);
  auto b = Open("127.0.0.1", true, &refusal, &conn_b);
  EXPECT_EQ(Run(*a, {"CLIENT", "PAUSE", "500", "ALL"}), "+OK\r\n");
  DispatchResult r;
  Run(*b, {"PING"}, &r);
  EXPECT_EQ(r, DispatchResult::kPause);  // ALL holds reads too
  clock_.AdvanceMs(501);
  node_->Cron();
  EXPECT_EQ(conn_b.resumed, 1);
  EXPECT_EQ(Run(*b, {"PING"}, &r), "+PONG\r\n");
}

TEST_F(DispatcherTest, QuitAsksForACloseAfterTheReply) {
  StartNode("");
  std::string refusal;
  auto s = Open("127.0.0.1", true, &refusal);
  DispatchResult r;
  EXPECT_EQ(Run(*s, {"QUIT"}, &r), "+OK\r\n");
  EXPECT_EQ(r, DispatchResult::kClose);
}

TEST_F(DispatcherTest, MonitorSeesOtherClientsCommands) {
  StartNode("");
  std::string refusal;
  FakeConnection mon_conn;
  auto mon = Open("127.0.0.1", true, &refusal, &mon_conn);
  auto s = Open("127.0.0.1", true, &refusal);
  EXPECT_EQ(Run(*mon, {"MONITOR"}), "+OK\r\n");
  Run(*s, {"SET", "k", "v w"});
  EXPECT_NE(mon_conn.sent.find("[0 127.0.0.1:5000] \"SET\" \"k\" \"v w\"\r\n"), std::string::npos)
      << mon_conn.sent;
  // Admin commands are not shown.
  mon_conn.sent.clear();
  Run(*s, {"CONFIG", "GET", "port"});
  EXPECT_EQ(mon_conn.sent, "");
}

}  // namespace
}  // namespace shoal
