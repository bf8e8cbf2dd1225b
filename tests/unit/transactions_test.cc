// MULTI / EXEC / DISCARD / WATCH / UNWATCH through the real dispatcher,
// reply by reply as Redis 7.0 answers them.

#include <gtest/gtest.h>

#include <string>

#include "node/core/node.h"
#include "tests/unit/harness.h"

namespace shoal {
namespace {

using testing::CommandHarness;

TEST(TransactionsTest, QueuesAndExecutes) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"MULTI"}), "OK");
  EXPECT_EQ(h.Run({"SET", "a", "1"}), "QUEUED");
  EXPECT_EQ(h.Run({"INCR", "a"}), "QUEUED");
  EXPECT_EQ(h.Run({"GET", "a"}), "QUEUED");
  EXPECT_EQ(h.Run({"GET", "a"}), "QUEUED");
  EXPECT_EQ(h.RunRaw({"EXEC"}), "*4\r\n+OK\r\n:2\r\n$1\r\n2\r\n$1\r\n2\r\n");
  EXPECT_EQ(h.Run({"GET", "a"}), "2");
}

TEST(TransactionsTest, EmptyTransaction) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"MULTI"}), "OK");
  EXPECT_EQ(h.RunRaw({"EXEC"}), "*0\r\n");
}

TEST(TransactionsTest, ControlErrors) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"EXEC"}), "(error) ERR EXEC without MULTI");
  EXPECT_EQ(h.Run({"DISCARD"}), "(error) ERR DISCARD without MULTI");
  EXPECT_EQ(h.Run({"MULTI"}), "OK");
  EXPECT_EQ(h.Run({"MULTI"}), "(error) ERR MULTI calls can not be nested");
  EXPECT_EQ(h.Run({"WATCH", "x"}), "(error) ERR WATCH inside MULTI is not allowed");
  // Neither error dooms the transaction.
  EXPECT_EQ(h.Run({"SET", "k", "v"}), "QUEUED");
  EXPECT_EQ(h.Run({"EXEC"}), "[OK]");
}

TEST(TransactionsTest, QueueingErrorsAbortExec) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"MULTI"}), "OK");
  EXPECT_EQ(h.Run({"SET", "a", "1"}), "QUEUED");
  EXPECT_EQ(h.Run({"NOSUCH"}), "(error) ERR unknown command 'NOSUCH', with args beginning with: ");
  EXPECT_EQ(h.Run({"EXEC"}), "(error) EXECABORT Transaction discarded because of previous errors.");
  EXPECT_EQ(h.Run({"GET", "a"}), "(nil)");

  EXPECT_EQ(h.Run({"MULTI"}), "OK");
  EXPECT_EQ(h.Run({"GET"}), "(error) ERR wrong number of arguments for 'get' command");
  EXPECT_EQ(h.Run({"EXEC"}), "(error) EXECABORT Transaction discarded because of previous errors.");
  // The transaction is over.
  EXPECT_EQ(h.Run({"EXEC"}), "(error) ERR EXEC without MULTI");
}

TEST(TransactionsTest, ExecWithWrongArityAborts) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"MULTI"}), "OK");
  EXPECT_EQ(h.Run({"SET", "a", "1"}), "QUEUED");
  EXPECT_EQ(h.Run({"EXEC", "x"}),
            "(error) EXECABORT Transaction discarded because of: wrong number of arguments for "
            "'exec' command");
  EXPECT_EQ(h.Run({"EXEC"}), "(error) ERR EXEC without MULTI");
  EXPECT_EQ(h.Run({"GET", "a"}), "(nil)");
}

TEST(TransactionsTest, RuntimeErrorsDoNotAbort) {
  CommandHarness h;
  h.Put("s", "text");
  EXPECT_EQ(h.Run({"MULTI"}), "OK");
  EXPECT_EQ(h.Run({"INCR", "s"}), "QUEUED");
  EXPECT_EQ(h.Run({"SET", "b", "2"}), "QUEUED");
  EXPECT_EQ(h.RunRaw({"EXEC"}), "*2\r\n-ERR value is not an integer or out of range\r\n+OK\r\n");
  EXPECT_EQ(h.Run({"GET", "b"}), "2");
}

TEST(TransactionsTest, DiscardDropsQueue) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"MULTI"}), "OK");
  EXPECT_EQ(h.Run({"SET", "a", "1"}), "QUEUED");
  EXPECT_EQ(h.Run({"DISCARD"}), "OK");
  EXPECT_EQ(h.Run({"GET", "a"}), "(nil)");
}

TEST(TransactionsTest, NoMultiCommandsRejected) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"MULTI"}), "OK");
  const std::string r = h.Run({"SAVE"});
  // SAVE may not exist yet in this build; either way the transaction fails.
  EXPECT_TRUE(r == "(error) ERR Command not allowed inside a transaction" ||
              r.rfind("(error) ERR unknown command", 0) == 0)
      << r;
  EXPECT_EQ(h.Run({"EXEC"}), "(error) EXECABORT Transaction discarded because of previous errors.");
}

TEST(TransactionsTest, WatchedKeyChangedByOtherClient) {
  CommandHarness h;
  h.Put("k", "1");
  EXPECT_EQ(h.Run({"WATCH", "k"}), "OK");
  const size_t me = 0;
  const size_t other = h.NewClient();
  h.Use(other);
  EXPECT_EQ(h.Run({"SET", "k", "2"}), "OK");
  h.Use(me);
  EXPECT_EQ(h.Run({"MULTI"}), "OK");
  EXPECT_EQ(h.Run({"SET", "k", "3"}), "QUEUED");
  EXPECT_EQ(h.RunRaw({"EXEC"}), "*-1\r\n");
  EXPECT_EQ(h.Run({"GET", "k"}), "2");
  // The watch is gone after EXEC.
  EXPECT_EQ(h.Run({"MULTI"}), "OK");
  EXPECT_EQ(h.Run({"SET", "k", "3"}), "QUEUED");
  EXPECT_EQ(h.Run({"EXEC"}), "[OK]");
}

TEST(TransactionsTest, WatchNullInResp3) {
  CommandHarness h;
  h.Run({"HELLO", "3"});
  EXPECT_EQ(h.Run({"WATCH", "k"}), "OK");
  h.Put("k", "x");
  h.Run({"DEL", "k"});
  EXPECT_EQ(h.Run({"MULTI"}), "OK");
  EXPECT_EQ(h.RunRaw({"EXEC"}), "_\r\n");
}

TEST(TransactionsTest, UnchangedWatchLetsExecRun) {
  CommandHarness h;
  h.Put("k", "1");
  EXPECT_EQ(h.Run({"WATCH", "k", "missing"}), "OK");
  EXPECT_EQ(h.Run({"GET", "k"}), "1");  // reads change nothing
  EXPECT_EQ(h.Run({"MULTI"}), "OK");
  EXPECT_EQ(h.Run({"GET", "k"}), "QUEUED");
  EXPECT_EQ(h.Run({"EXEC"}), "[1]");
}

TEST(TransactionsTest, UnwatchForgetsChanges) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"WATCH", "k"}), "OK");
  EXPECT_EQ(h.Run({"SET", "k", "1"}), "OK");
  EXPECT_EQ(h.Run({"UNWATCH"}), "OK");
  EXPECT_EQ(h.Run({"MULTI"}), "OK");
  EXPECT_EQ(h.Run({"GET", "k"}), "QUEUED");
  EXPECT_EQ(h.Run({"EXEC"}), "[1]");
}

TEST(TransactionsTest, KeyCommandsInvalidateWatch) {
  const std::vector<std::vector<std::string>> changes = {{"DEL", "k"},
                                                         {"EXPIRE", "k", "100"},
                                                         {"RENAME", "k", "k2"},
                                                         {"APPEND", "k", "x"},
                                                         {"INCR", "n"},
                                                         {"FLUSHDB"},
                                                         {"FLUSHALL"},
                                                         {"SWAPDB", "0", "1"},
                                                         {"SETRANGE", "k", "0", "z"},
                                                         {"MOVE", "k", "1"},
                                                         {"COPY", "k", "n", "REPLACE"},
                                                         {"GETDEL", "k"}};
  for (const auto& change : changes) {
    CommandHarness h;
    h.Put("k", "1");
    h.Put("n", "5");
    EXPECT_EQ(h.Run({"WATCH", "k", "n"}), "OK");
    h.Run(change);
    EXPECT_EQ(h.Run({"MULTI"}), "OK");
    EXPECT_EQ(h.Run({"PING"}), "QUEUED");
    EXPECT_EQ(h.Run({"EXEC"}), "(nil)") << change[0];
  }
}

TEST(TransactionsTest, FlushOfMissingWatchedKeyChangesNothing) {
  CommandHarness h;
  h.Put("other", "1");
  EXPECT_EQ(h.Run({"WATCH", "k"}), "OK");
  EXPECT_EQ(h.Run({"FLUSHDB"}), "OK");
  EXPECT_EQ(h.Run({"MULTI"}), "OK");
  EXPECT_EQ(h.Run({"PING"}), "QUEUED");
  EXPECT_EQ(h.Run({"EXEC"}), "[PONG]");
}

TEST(TransactionsTest, WatchIsPerDatabase) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"SELECT", "1"}), "OK");
  EXPECT_EQ(h.Run({"WATCH", "k"}), "OK");
  EXPECT_EQ(h.Run({"SELECT", "0"}), "OK");
  EXPECT_EQ(h.Run({"SET", "k", "v"}), "OK");  // db 0: not the watched key
  EXPECT_EQ(h.Run({"SWAPDB", "2", "3"}), "OK");
  EXPECT_EQ(h.Run({"MULTI"}), "OK");
  EXPECT_EQ(h.Run({"PING"}), "QUEUED");
  EXPECT_EQ(h.Run({"EXEC"}), "[PONG]");
  // Swapping in a db that holds the key is a change.
  EXPECT_EQ(h.Run({"SELECT", "1"}), "OK");
  EXPECT_EQ(h.Run({"WATCH", "k"}), "OK");
  EXPECT_EQ(h.Run({"SWAPDB", "0", "1"}), "OK");
  EXPECT_EQ(h.Run({"MULTI"}), "OK");
  EXPECT_EQ(h.Run({"EXEC"}), "(nil)");
}

TEST(TransactionsTest, DirtyFlagInClientList) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"WATCH", "k"}), "OK");
  EXPECT_EQ(h.Run({"SET", "k", "v"}), "OK");
  EXPECT_NE(h.Run({"CLIENT", "INFO"}).find("flags=d "), std::string::npos);
  EXPECT_EQ(h.Run({"MULTI"}), "OK");
  EXPECT_EQ(h.Run({"EXEC"}), "(nil)");
  EXPECT_NE(h.Run({"CLIENT", "INFO"}).find("flags=N "), std::string::npos);
}

TEST(TransactionsTest, WatchedKeyExpiringFailsExec) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"SET", "k", "v", "PX", "100"}), "OK");
  EXPECT_EQ(h.Run({"WATCH", "k"}), "OK");
  h.clock().AdvanceMs(200);
  EXPECT_EQ(h.Run({"MULTI"}), "OK");
  EXPECT_EQ(h.Run({"PING"}), "QUEUED");
  EXPECT_EQ(h.Run({"EXEC"}), "(nil)");
}

TEST(TransactionsTest, WatchedKeyExpiredBeforeWatchIsNoChange) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"SET", "k", "v", "PX", "100"}), "OK");
  h.clock().AdvanceMs(200);
  EXPECT_EQ(h.Run({"WATCH", "k"}), "OK");
  EXPECT_EQ(h.Run({"GET", "k"}), "(nil)");  // lazy expiry deletes it
  EXPECT_EQ(h.Run({"MULTI"}), "OK");
  EXPECT_EQ(h.Run({"PING"}), "QUEUED");
  EXPECT_EQ(h.Run({"EXEC"}), "[PONG]");
}

TEST(TransactionsTest, ClientListShowsMulti) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"MULTI"}), "OK");
  EXPECT_EQ(h.Run({"CLIENT", "LIST"}), "QUEUED");
  const std::string list = h.Run({"EXEC"});
  EXPECT_NE(list.find("flags=x"), std::string::npos) << list;
  EXPECT_NE(list.find("multi=1 "), std::string::npos) << list;
  EXPECT_NE(list.find("multi-mem=26 "), std::string::npos) << list;
  EXPECT_NE(list.find("cmd=exec "), std::string::npos) << list;
}

TEST(TransactionsTest, InnerCommandsCountInStats) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"MULTI"}), "OK");
  EXPECT_EQ(h.Run({"SET", "a", "1"}), "QUEUED");
  EXPECT_EQ(h.Run({"EXEC"}), "[OK]");
  EXPECT_EQ(h.node().command_stats()["set"].calls, 1u);
  EXPECT_EQ(h.node().command_stats()["exec"].calls, 1u);
  EXPECT_FALSE(h.client().in_exec);
}

TEST(TransactionsTest, ResetEndsTransaction) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"WATCH", "k"}), "OK");
  EXPECT_EQ(h.Run({"MULTI"}), "OK");
  EXPECT_EQ(h.Run({"RESET"}), "RESET");
  EXPECT_EQ(h.Run({"EXEC"}), "(error) ERR EXEC without MULTI");
  EXPECT_TRUE(h.client().watched_keys.empty());
}

}  // namespace
}  // namespace shoal
