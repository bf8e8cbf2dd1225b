// The stream family through the command harness (IDs from the fake clock,
// consumer-group state as entries are delivered, claimed and acknowledged),
// and the stream value's own rules (trimming, read counters).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "node/keyspace/types/stream.h"
#include "tests/unit/harness.h"

namespace shoal {
namespace {

using testing::CommandHarness;

constexpr int64_t kStartMs = 1'700'000'000'000;  // the harness clock's start

TEST(StreamsTest, AutomaticIdsFollowTheClockAndNeverGoBack) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"XADD", "s", "*", "f", "v"}), std::to_string(kStartMs) + "-0");
  EXPECT_EQ(h.Run({"XADD", "s", "*", "f", "v"}), std::to_string(kStartMs) + "-1");
  h.clock().AdvanceMs(5);
  EXPECT_EQ(h.Run({"XADD", "s", "*", "f", "v"}), std::to_string(kStartMs + 5) + "-0");
  // A clock that went backwards still yields increasing IDs.
  h.clock().AdvanceMs(-1000);
  EXPECT_EQ(h.Run({"XADD", "s", "*", "f", "v"}), std::to_string(kStartMs + 5) + "-1");
  EXPECT_EQ(h.Run({"XLEN", "s"}), "(integer) 4");
  EXPECT_EQ(h.Run({"TYPE", "s"}), "stream");
  EXPECT_EQ(h.Run({"OBJECT", "ENCODING", "s"}), "stream");
}

TEST(StreamsTest, ExplicitIdsMustIncrease) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"XADD", "s", "5-5", "f", "v"}), "5-5");
  EXPECT_EQ(h.Run({"XADD", "s", "5-*", "f", "v"}), "5-6");
  EXPECT_EQ(h.Run({"XADD", "s", "5-6", "f", "v"}),
            "(error) ERR The ID specified in XADD is equal or smaller than the target stream top "
            "item");
  EXPECT_EQ(h.Run({"XADD", "s", "4-*", "f", "v"}),
            "(error) ERR The ID specified in XADD is equal or smaller than the target stream top "
            "item");
  EXPECT_EQ(h.Run({"XADD", "t", "0-0", "f", "v"}),
            "(error) ERR The ID specified in XADD must be greater than 0-0");
  EXPECT_EQ(h.Run({"EXISTS", "t"}), "(integer) 0");
  EXPECT_EQ(h.Run({"XADD", "t", "18446744073709551615-18446744073709551615", "f", "v"}),
            "18446744073709551615-18446744073709551615");
  EXPECT_EQ(h.Run({"XADD", "t", "*", "f", "v"}),
            "(error) ERR The stream has exhausted the last possible ID, unable to add more items");
  EXPECT_EQ(h.Run({"XADD", "s", "6-0", "f"}),
            "(error) ERR wrong number of arguments for 'xadd' command");
}

TEST(StreamsTest, WrongTypeEverywhere) {
  CommandHarness h;
  h.Put("str", "x");
  const std::string wrongtype =
      "(error) WRONGTYPE Operation against a key holding the wrong kind of value";
  for (const std::vector<std::string>& cmd : std::vector<std::vector<std::string>>{
           {"XADD", "str", "*", "f", "v"},
           {"XLEN", "str"},
           {"XRANGE", "str", "-", "+"},
           {"XREVRANGE", "str", "+", "-"},
           {"XDEL", "str", "1-1"},
           {"XTRIM", "str", "MAXLEN", "0"},
           {"XREAD", "STREAMS", "str", "0"},
           {"XREADGROUP", "GROUP", "g", "c", "STREAMS", "str", ">"},
           {"XGROUP", "CREATE", "str", "g", "$"},
           {"XACK", "str", "g", "1-1"},
           {"XPENDING", "str", "g"},
           {"XCLAIM", "str", "g", "c", "0", "1-1"},
           {"XAUTOCLAIM", "str", "g", "c", "0", "0"},
           {"XINFO", "STREAM", "str"},
           {"XSETID", "str", "1-1"},
       }) {
    EXPECT_EQ(h.Run(cmd), wrongtype) << cmd[0];
  }
}

TEST(StreamsTest, GroupDeliveryPendingAndAcknowledgement) {
  CommandHarness h;
  for (const char* id : {"1-1", "2-1", "3-1"}) h.Run({"XADD", "s", id, "f", id});
  EXPECT_EQ(h.Run({"XGROUP", "CREATE", "s", "g", "0"}), "OK");
  EXPECT_EQ(h.Run({"XREADGROUP", "GROUP", "g", "alice", "COUNT", "2", "STREAMS", "s", ">"}),
            "[[s, [[1-1, [f, 1-1]], [2-1, [f, 2-1]]]]]");
  h.clock().AdvanceMs(1000);
  EXPECT_EQ(h.Run({"XREADGROUP", "GROUP", "g", "bob", "STREAMS", "s", ">"}),
            "[[s, [[3-1, [f, 3-1]]]]]");
  // Nothing new: nil.
  EXPECT_EQ(h.Run({"XREADGROUP", "GROUP", "g", "bob", "STREAMS", "s", ">"}), "(nil)");
  EXPECT_EQ(h.Run({"XPENDING", "s", "g"}), "[(integer) 3, 1-1, 3-1, [[alice, 2], [bob, 1]]]");
  EXPECT_EQ(h.Run({"XPENDING", "s", "g", "-", "+", "10"}),
            "[[1-1, alice, (integer) 1000, (integer) 1], [2-1, alice, (integer) 1000, "
            "(integer) 1], [3-1, bob, (integer) 0, (integer) 1]]");
  EXPECT_EQ(h.Run({"XPENDING", "s", "g", "IDLE", "500", "-", "+", "10"}),
            "[[1-1, alice, (integer) 1000, (integer) 1], [2-1, alice, (integer) 1000, "
            "(integer) 1]]");
  // Re-reading history counts a delivery.
  EXPECT_EQ(h.Run({"XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", "0"}),
            "[[s, [[1-1, [f, 1-1]], [2-1, [f, 2-1]]]]]");
  EXPECT_EQ(h.Run({"XPENDING", "s", "g", "-", "+", "1"}),
            "[[1-1, alice, (integer) 0, (integer) 2]]");
  EXPECT_EQ(h.Run({"XACK", "s", "g", "1-1", "1-1", "9-9"}), "(integer) 1");
  EXPECT_EQ(h.Run({"XPENDING", "s", "g"}), "[(integer) 2, 2-1, 3-1, [[alice, 1], [bob, 1]]]");
  // A deleted entry still pending shows as its ID with nil.
  h.Run({"XDEL", "s", "2-1"});
  EXPECT_EQ(h.Run({"XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", "0"}),
            "[[s, [[2-1, (nil)]]]]");
}

TEST(StreamsTest, NoAckAdvancesTheGroupWithoutPending) {
  CommandHarness h;
  h.Run({"XADD", "s", "1-1", "f", "v"});
  h.Run({"XGROUP", "CREATE", "s", "g", "0"});
  EXPECT_EQ(h.Run({"XREADGROUP", "GROUP", "g", "c", "NOACK", "STREAMS", "s", ">"}),
            "[[s, [[1-1, [f, v]]]]]");
  EXPECT_EQ(h.Run({"XPENDING", "s", "g"}), "[(integer) 0, (nil), (nil), (nil)]");
  EXPECT_EQ(h.Run({"XINFO", "GROUPS", "s"}),
            "[[name, g, consumers, (integer) 1, pending, (integer) 0, last-delivered-id, 1-1, "
            "entries-read, (integer) 1, lag, (integer) 0]]");
}

TEST(StreamsTest, ClaimMovesEntriesBetweenConsumers) {
  CommandHarness h;
  for (const char* id : {"1-1", "2-1"}) h.Run({"XADD", "s", id, "f", "v"});
  h.Run({"XGROUP", "CREATE", "s", "g", "0"});
  h.Run({"XREADGROUP", "GROUP", "g", "crashed", "STREAMS", "s", ">"});
  h.clock().AdvanceMs(5000);
  // Not idle long enough: nothing.
  EXPECT_EQ(h.Run({"XCLAIM", "s", "g", "rescuer", "10000", "1-1"}), "[]");
  EXPECT_EQ(h.Run({"XCLAIM", "s", "g", "rescuer", "1000", "1-1", "JUSTID"}), "[1-1]");
  EXPECT_EQ(h.Run({"XPENDING", "s", "g"}),
            "[(integer) 2, 1-1, 2-1, [[crashed, 1], [rescuer, 1]]]");
  // XAUTOCLAIM takes the rest and returns the cursor 0-0 when done.
  EXPECT_EQ(h.Run({"XAUTOCLAIM", "s", "g", "rescuer", "1000", "0"}),
            "[0-0, [[2-1, [f, v]]], []]");
  EXPECT_EQ(h.Run({"XPENDING", "s", "g", "-", "+", "10", "rescuer"}),
            "[[1-1, rescuer, (integer) 0, (integer) 1], [2-1, rescuer, (integer) 0, "
            "(integer) 2]]");
  EXPECT_EQ(h.Run({"XGROUP", "DELCONSUMER", "s", "g", "rescuer"}), "(integer) 2");
  EXPECT_EQ(h.Run({"XPENDING", "s", "g"}), "[(integer) 0, (nil), (nil), (nil)]");
}

TEST(StreamsTest, AutoClaimReportsDeletedEntriesAndACursor) {
  CommandHarness h;
  for (const char* id : {"1-1", "2-1", "3-1"}) h.Run({"XADD", "s", id, "f", "v"});
  h.Run({"XGROUP", "CREATE", "s", "g", "0"});
  h.Run({"XREADGROUP", "GROUP", "g", "a", "STREAMS", "s", ">"});
  h.Run({"XDEL", "s", "1-1"});
  EXPECT_EQ(h.Run({"XAUTOCLAIM", "s", "g", "b", "0", "0", "COUNT", "2"}),
            "[3-1, [[2-1, [f, v]]], [1-1]]");
  EXPECT_EQ(h.Run({"XAUTOCLAIM", "s", "g", "b", "0", "3-1", "COUNT", "2"}),
            "[0-0, [[3-1, [f, v]]], []]");
}

TEST(StreamsTest, TrimmingExactAndApproximate) {
  CommandHarness h({{"stream-node-max-entries", "10"}});
  for (int i = 1; i <= 35; ++i) h.Run({"XADD", "s", std::to_string(i) + "-0", "f", "v"});
  // "~" removes whole blocks of 10 only while at least 12 entries remain.
  EXPECT_EQ(h.Run({"XTRIM", "s", "MAXLEN", "~", "12"}), "(integer) 20");
  EXPECT_EQ(h.Run({"XLEN", "s"}), "(integer) 15");
  EXPECT_EQ(h.Run({"XTRIM", "s", "MAXLEN", "12"}), "(integer) 3");
  EXPECT_EQ(h.Run({"XRANGE", "s", "-", "+", "COUNT", "1"}), "[[24-0, [f, v]]]");
  EXPECT_EQ(h.Run({"XTRIM", "s", "MINID", "30"}), "(integer) 6");
  EXPECT_EQ(h.Run({"XADD", "s", "MAXLEN", "2", "36-0", "f", "v"}), "36-0");
  EXPECT_EQ(h.Run({"XRANGE", "s", "-", "+"}), "[[35-0, [f, v]], [36-0, [f, v]]]");
  EXPECT_EQ(h.Run({"XTRIM", "s", "MAXLEN", "~", "0", "LIMIT", "1"}), "(integer) 0");
  EXPECT_EQ(h.Run({"XTRIM", "s", "MAXLEN", "0", "LIMIT", "1"}),
            "(error) ERR syntax error, LIMIT cannot be used without the special ~ option");
}

TEST(StreamsTest, GroupLagFollowsReadsAndDeletions) {
  StreamValue s;
  for (uint64_t i = 1; i <= 5; ++i) ASSERT_TRUE(s.Add(StreamId{i, 0}, false, 0, {{"f", "v"}}).ok());
  ConsumerGroup g;
  g.entries_read = s.EstimateEntriesRead(StreamId::Min());
  EXPECT_EQ(g.entries_read, 0);
  EXPECT_EQ(s.Lag(g), 5);
  s.AdvanceGroup(g, StreamId{1, 0});
  s.AdvanceGroup(g, StreamId{2, 0});
  EXPECT_EQ(g.entries_read, 2);
  EXPECT_EQ(s.Lag(g), 3);
  // A deletion ahead of the group makes the lag unknowable.
  EXPECT_EQ(s.Delete({StreamId{4, 0}}), 1u);
  EXPECT_EQ(s.Lag(g), std::nullopt);
  // Delivering past the tombstone: the counter is re-estimated from the
  // last entry.
  s.AdvanceGroup(g, StreamId{3, 0});
  EXPECT_EQ(g.entries_read, kInvalidEntriesRead);
  s.AdvanceGroup(g, StreamId{5, 0});
  EXPECT_EQ(g.entries_read, 5);
  EXPECT_EQ(s.Lag(g), 0);
}

TEST(StreamsTest, XReadBlockWaitsForTheNextEntry) {
  CommandHarness h;
  h.Run({"XADD", "s", "1-1", "f", "old"});
  const size_t reader = h.NewRecordingClient();
  h.Use(reader);
  // "$": only entries added after the call.
  EXPECT_EQ(h.RunRaw({"XREAD", "BLOCK", "0", "STREAMS", "s", "$"}), "");
  h.Use(0);
  h.Run({"XADD", "s", "2-1", "f", "new"});
  EXPECT_EQ(h.connection(reader).Take(),
            "*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n2-1\r\n*2\r\n$1\r\nf\r\n$3\r\n"
            "new\r\n");
  // A group reader waits for ">" and times out with nil.
  h.Run({"XGROUP", "CREATE", "s", "g", "$"});
  h.Use(reader);
  EXPECT_EQ(h.RunRaw({"XREADGROUP", "GROUP", "g", "c", "BLOCK", "50", "STREAMS", "s", ">"}), "");
  h.clock().AdvanceMs(100);
  h.node().Cron();
  EXPECT_EQ(h.connection(reader).Take(), "*-1\r\n");
}

TEST(StreamsTest, ParseIdForms) {
  EXPECT_EQ(*ParseStreamId("5", MissingSeq::kZero, false), (StreamId{5, 0}));
  EXPECT_EQ(*ParseStreamId("5", MissingSeq::kMax, false), (StreamId{5, StreamId::kMax}));
  EXPECT_EQ(*ParseStreamId("-", MissingSeq::kZero, true), StreamId::Min());
  EXPECT_EQ(*ParseStreamId("+", MissingSeq::kZero, true), StreamId::Max());
  EXPECT_FALSE(ParseStreamId("+", MissingSeq::kZero, false).ok());
  EXPECT_FALSE(ParseStreamId("1-", MissingSeq::kZero, false).ok());
  EXPECT_FALSE(ParseStreamId("1-2-3", MissingSeq::kZero, false).ok());
  EXPECT_FALSE(ParseStreamId("18446744073709551616", MissingSeq::kZero, false).ok());
  StreamId max = StreamId::Max();
  EXPECT_FALSE(max.Increment());
  StreamId min = StreamId::Min();
  EXPECT_FALSE(min.Decrement());
  StreamId id{1, StreamId::kMax};
  ASSERT_TRUE(id.Increment());
  EXPECT_EQ(id, (StreamId{2, 0}));
}

}  // namespace
}  // namespace shoal
