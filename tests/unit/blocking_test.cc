// Blocking list commands through the dispatcher: clients served in the order
// they blocked, timeouts on the manual clock, keys deleted, renamed or
// changing type while clients wait, CLIENT UNBLOCK, disconnects.

#include "node/core/blocking.h"

#include <gtest/gtest.h>

#include <string>

#include "node/core/propagation.h"
#include "tests/unit/harness.h"

namespace shoal {
namespace {

using testing::CommandHarness;

class BlockingTest : public ::testing::Test {
 protected:
  BlockingTest() {
    a_ = h_.NewRecordingClient();
    b_ = h_.NewRecordingClient();
    pusher_ = 0;
  }

  // Runs a command on client `c`; "" when it blocked.
  std::string On(size_t c, std::vector<std::string> argv) {
    h_.Use(c);
    return h_.RunRaw(std::move(argv));
  }
  std::string Sent(size_t c) { return h_.connection(c).Take(); }
  uint64_t Id(size_t c) {
    h_.Use(c);
    return h_.client().id;
  }

  CommandHarness h_;
  size_t a_;
  size_t b_;
  size_t pusher_;
};

TEST_F(BlockingTest, ServedInTheOrderTheyBlocked) {
  EXPECT_EQ(On(a_, {"BLPOP", "q", "0"}), "");
  EXPECT_EQ(On(b_, {"BLPOP", "q", "0"}), "");
  EXPECT_EQ(h_.node().blocking().blocked_clients(), 2u);
  EXPECT_EQ(On(pusher_, {"RPUSH", "q", "x"}), ":1\r\n");
  EXPECT_EQ(Sent(a_), "*2\r\n$1\r\nq\r\n$1\r\nx\r\n");
  EXPECT_EQ(h_.connection(a_).resumes, 1);
  EXPECT_EQ(Sent(b_), "");
  EXPECT_EQ(h_.node().blocking().blocked_clients(), 1u);
  EXPECT_EQ(On(pusher_, {"EXISTS", "q"}), ":0\r\n");
  // Two elements at once: the remaining client takes one, one stays.
  EXPECT_EQ(On(pusher_, {"RPUSH", "q", "y", "z"}), ":2\r\n");
  EXPECT_EQ(Sent(b_), "*2\r\n$1\r\nq\r\n$1\r\ny\r\n");
  EXPECT_EQ(On(pusher_, {"LRANGE", "q", "0", "-1"}), "*1\r\n$1\r\nz\r\n");
  // The served client's connection goes on with its next command.
  EXPECT_EQ(On(a_, {"PING"}), "+PONG\r\n");
}

TEST_F(BlockingTest, TimeoutsAnswerTheNullTheCommandExpects) {
  EXPECT_EQ(On(a_, {"BLPOP", "q", "0.5"}), "");
  EXPECT_EQ(On(b_, {"BLMOVE", "q", "d", "LEFT", "LEFT", "1.25"}), "");
  EXPECT_EQ(h_.node().blocking().clients_with_timeout(), 2u);
  h_.clock().AdvanceMs(499);
  h_.node().Cron();
  EXPECT_EQ(Sent(a_), "");
  h_.clock().AdvanceMs(1);
  h_.node().Cron();
  EXPECT_EQ(Sent(a_), "*-1\r\n");
  EXPECT_EQ(Sent(b_), "");
  h_.clock().AdvanceMs(750);
  h_.node().Cron();
  // Redis 7.0 answers every timed-out blocking command with a null array.
  EXPECT_EQ(Sent(b_), "*-1\r\n");
  EXPECT_EQ(h_.node().blocking().blocked_clients(), 0u);
  // RESP3: both are the null type.
  On(a_, {"HELLO", "3"});
  EXPECT_EQ(On(a_, {"BRPOP", "q", "0.001"}), "");
  h_.clock().AdvanceMs(1);
  h_.node().Cron();
  EXPECT_EQ(Sent(a_), "_\r\n");
}

TEST(BlockingIdleTest, IdleTimeoutSparesBlockedClients) {
  CommandHarness h({{"timeout", "1"}});
  const size_t waiter = h.NewRecordingClient();
  const size_t idle = h.NewRecordingClient();
  h.Use(waiter);
  EXPECT_EQ(h.RunRaw({"BLPOP", "q", "0"}), "");
  h.Use(idle);
  EXPECT_EQ(h.RunRaw({"PING"}), "+PONG\r\n");
  h.clock().AdvanceMs(5000);
  h.node().Cron();
  EXPECT_FALSE(h.connection(waiter).closed);
  EXPECT_TRUE(h.connection(idle).closed);
}

TEST_F(BlockingTest, TimeoutErrors) {
  EXPECT_EQ(On(a_, {"BLPOP", "q", "abc"}), "-ERR timeout is not a float or out of range\r\n");
  EXPECT_EQ(On(a_, {"BLPOP", "q", "-1"}), "-ERR timeout is negative\r\n");
  EXPECT_EQ(On(a_, {"BLMPOP", "1e300", "1", "q", "LEFT"}), "-ERR timeout is out of range\r\n");
  EXPECT_EQ(h_.node().blocking().blocked_clients(), 0u);
}

TEST_F(BlockingTest, DeletedOrRetypedKeyKeepsClientsWaiting) {
  EXPECT_EQ(On(a_, {"BLPOP", "q", "0"}), "");
  On(pusher_, {"SET", "q", "str"});
  EXPECT_EQ(Sent(a_), "");
  On(pusher_, {"DEL", "q"});
  EXPECT_EQ(Sent(a_), "");
  EXPECT_EQ(h_.node().blocking().blocked_clients(), 1u);
  On(pusher_, {"LPUSH", "q", "v"});
  EXPECT_EQ(Sent(a_), "*2\r\n$1\r\nq\r\n$1\r\nv\r\n");
}

TEST_F(BlockingTest, RenameOntoWaitedKeyWakesTheClient) {
  EXPECT_EQ(On(a_, {"BRPOP", "q", "0"}), "");
  On(pusher_, {"RPUSH", "other", "1", "2"});
  EXPECT_EQ(On(pusher_, {"RENAME", "other", "q"}), "+OK\r\n");
  EXPECT_EQ(Sent(a_), "*2\r\n$1\r\nq\r\n$1\r\n2\r\n");
}

TEST_F(BlockingTest, SwapDbBringsTheKey) {
  EXPECT_EQ(On(a_, {"BLPOP", "q", "0"}), "");
  On(pusher_, {"SELECT", "1"});
  On(pusher_, {"RPUSH", "q", "from-db1"});
  EXPECT_EQ(Sent(a_), "");
  EXPECT_EQ(On(pusher_, {"SWAPDB", "0", "1"}), "+OK\r\n");
  EXPECT_EQ(Sent(a_), "*2\r\n$1\r\nq\r\n$8\r\nfrom-db1\r\n");
}

TEST_F(BlockingTest, CommandStatsCountAServedCommandOnce) {
  EXPECT_EQ(On(a_, {"BLPOP", "q", "0"}), "");
  EXPECT_EQ(On(b_, {"BLPOP", "q", "0"}), "");
  On(pusher_, {"RPUSH", "q", "x"});
  const CommandSpec* blpop = h_.node().commands().Find("blpop");
  EXPECT_EQ(h_.node().StatsFor(*blpop).calls, 1u);
}

TEST_F(BlockingTest, PropagatedAsTheNonBlockingForm) {
  std::vector<std::string> fed;
  h_.node().propagator().AddSink([&](int, const std::vector<std::string>& argv) {
    std::string line;
    for (const std::string& a : argv) line += (line.empty() ? "" : " ") + a;
    fed.push_back(line);
  });
  EXPECT_EQ(On(a_, {"BLPOP", "none", "q", "0"}), "");
  EXPECT_EQ(On(b_, {"BLMOVE", "q", "d", "RIGHT", "LEFT", "0"}), "");
  On(pusher_, {"RPUSH", "q", "1", "2"});
  On(pusher_, {"RPUSH", "q", "3", "4", "5"});
  On(pusher_, {"BLMPOP", "0", "1", "q", "LEFT", "COUNT", "9"});
  On(pusher_, {"RPUSH", "s", "x"});
  On(pusher_, {"BRPOPLPUSH", "s", "d", "0"});
  EXPECT_EQ(fed,
            (std::vector<std::string>{"RPUSH q 1 2", "LPOP q", "LMOVE q d RIGHT LEFT",
                                      "RPUSH q 3 4 5", "LPOP q 3", "RPUSH s x", "RPOPLPUSH s d"}));
}

TEST_F(BlockingTest, RestoreOntoWaitedKeyWakesTheClient) {
  On(pusher_, {"RPUSH", "src", "a", "b"});
  resp::Value dumped = (h_.Use(pusher_), h_.RunValue({"DUMP", "src"}));
  EXPECT_EQ(On(a_, {"BLPOP", "q", "0"}), "");
  EXPECT_EQ(On(pusher_, {"RESTORE", "q", "0", dumped.str}), "+OK\r\n");
  EXPECT_EQ(Sent(a_), "*2\r\n$1\r\nq\r\n$1\r\na\r\n");
}

TEST_F(BlockingTest, BlmoveChainsToTheNextWaiter) {
  // a waits on src; b waits on dst; a push to src moves into dst for a, and
  // b is then served from dst in the same round.
  EXPECT_EQ(On(a_, {"BLMOVE", "src", "dst", "RIGHT", "LEFT", "0"}), "");
  EXPECT_EQ(On(b_, {"BLPOP", "dst", "0"}), "");
  On(pusher_, {"RPUSH", "src", "v"});
  EXPECT_EQ(Sent(a_), "$1\r\nv\r\n");
  EXPECT_EQ(Sent(b_), "*2\r\n$3\r\ndst\r\n$1\r\nv\r\n");
  EXPECT_EQ(On(pusher_, {"EXISTS", "src", "dst"}), ":0\r\n");
}

TEST_F(BlockingTest, ClientUnblock) {
  EXPECT_EQ(On(a_, {"BLPOP", "q", "0"}), "");
  EXPECT_EQ(On(b_, {"BLMOVE", "q", "d", "LEFT", "LEFT", "0"}), "");
  h_.Use(pusher_);
  EXPECT_EQ(
      h_.Run({"CLIENT", "LIST", "ID", std::to_string(Id(a_))}).find("flags=b") != std::string::npos,
      true);
  EXPECT_EQ(On(pusher_, {"CLIENT", "UNBLOCK", std::to_string(Id(a_))}), ":1\r\n");
  EXPECT_EQ(Sent(a_), "*-1\r\n");
  EXPECT_EQ(On(pusher_, {"CLIENT", "UNBLOCK", std::to_string(Id(b_)), "ERROR"}), ":1\r\n");
  EXPECT_EQ(Sent(b_), "-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n");
  EXPECT_EQ(On(pusher_, {"CLIENT", "UNBLOCK", std::to_string(Id(b_))}), ":0\r\n");
  EXPECT_NE(On(pusher_, {"INFO", "clients"}).find("blocked_clients:0"), std::string::npos);
}

TEST_F(BlockingTest, DisconnectedClientIsForgotten) {
  EXPECT_EQ(On(a_, {"BLPOP", "q", "5"}), "");
  EXPECT_EQ(On(b_, {"BLPOP", "q", "0"}), "");
  h_.Disconnect(a_);
  EXPECT_EQ(h_.node().blocking().blocked_clients(), 1u);
  EXPECT_EQ(h_.node().blocking().clients_with_timeout(), 0u);
  On(pusher_, {"RPUSH", "q", "x"});
  EXPECT_EQ(Sent(b_), "*2\r\n$1\r\nq\r\n$1\r\nx\r\n");
}

TEST_F(BlockingTest, DenyBlockingAnswersAsTimedOut) {
  h_.Use(a_);
  h_.client().deny_blocking = true;
  EXPECT_EQ(On(a_, {"BLPOP", "q", "0"}), "*-1\r\n");
  EXPECT_EQ(On(a_, {"BRPOPLPUSH", "q", "d", "0"}), "$-1\r\n");
  EXPECT_EQ(On(a_, {"BLMPOP", "0", "1", "q", "LEFT"}), "*-1\r\n");
  EXPECT_EQ(h_.node().blocking().blocked_clients(), 0u);
}

TEST_F(BlockingTest, BlmpopServesWithCount) {
  EXPECT_EQ(On(a_, {"BLMPOP", "0", "2", "x", "y", "RIGHT", "COUNT", "2"}), "");
  On(pusher_, {"RPUSH", "y", "1", "2", "3"});
  EXPECT_EQ(Sent(a_), "*2\r\n$1\r\ny\r\n*2\r\n$1\r\n3\r\n$1\r\n2\r\n");
}

}  // namespace
}  // namespace shoal
