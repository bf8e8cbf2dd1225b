// The replica's handshake state machine fed byte by byte and in one piece,
// and the replication backlog's offsets.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "node/replication/backlog.h"
#include "node/replication/replica_handshake.h"

namespace shoal {
namespace {

using Kind = ReplicaHandshake::Action::Kind;

std::string Sent(const std::vector<ReplicaHandshake::Action>& actions) {
  std::string out;
  for (const auto& a : actions) {
    if (a.kind == Kind::kSend) out += a.bytes;
  }
  return out;
}

ReplicaHandshake::Params DefaultParams() {
  ReplicaHandshake::Params p;
  p.listening_port = 6380;
  return p;
}

TEST(ReplicaHandshakeTest, FullSyncWithLengthPrefixedRdb) {
  ReplicaHandshake h(DefaultParams());
  EXPECT_EQ(Sent(h.Start()), "*1\r\n$4\r\nPING\r\n");
  EXPECT_EQ(Sent(h.OnData("+PONG\r\n")),
            "*3\r\n$8\r\nREPLCONF\r\n$14\r\nlistening-port\r\n$4\r\n6380\r\n");
  EXPECT_EQ(Sent(h.OnData("+OK\r\n")),
            "*5\r\n$8\r\nREPLCONF\r\n$4\r\ncapa\r\n$3\r\neof\r\n$4\r\ncapa\r\n$6\r\npsync2\r\n");
  EXPECT_EQ(Sent(h.OnData("+OK\r\n")), "*3\r\n$5\r\nPSYNC\r\n$1\r\n?\r\n$2\r\n-1\r\n");
  // Keep-alive newlines, then the RDB split across reads, then the stream.
  std::vector<ReplicaHandshake::Action> out =
      h.OnData("+FULLRESYNC 0123456789012345678901234567890123456789 42\r\n\n\n$5\r\nRE");
  EXPECT_TRUE(out.empty());
  out = h.OnData("DISxx*1\r\n$4\r\nPING\r\n");
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].kind, Kind::kFullSync);
  EXPECT_EQ(out[0].bytes, "REDIS");
  EXPECT_EQ(out[0].replid, "0123456789012345678901234567890123456789");
  EXPECT_EQ(out[0].offset, 42);
  EXPECT_EQ(out[1].kind, Kind::kStream);
  EXPECT_EQ(out[1].bytes, "xx*1\r\n$4\r\nPING\r\n");
  EXPECT_EQ(h.state(), ReplicaHandshake::State::kStreaming);
}

TEST(ReplicaHandshakeTest, EofMarkedRdbFedByteByByte) {
  ReplicaHandshake h(DefaultParams());
  h.Start();
  const std::string mark(40, 'm');
  const std::string input = "+PONG\r\n+OK\r\n+OK\r\n+FULLRESYNC " + std::string(40, 'a') +
                            " 7\r\n$EOF:" + mark + "\r\nRDBDATA" + mark;
  std::vector<ReplicaHandshake::Action> all;
  for (char c : input) {
    for (auto& a : h.OnData(std::string(1, c))) all.push_back(a);
  }
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all.back().kind, Kind::kFullSync);
  EXPECT_EQ(all.back().bytes, "RDBDATA");
  EXPECT_EQ(all.back().offset, 7);
}

TEST(ReplicaHandshakeTest, AuthContinueAndErrors) {
  ReplicaHandshake::Params p = DefaultParams();
  p.masterauth = "secret";
  p.cached_replid = std::string(40, 'b');
  p.cached_offset = 99;
  ReplicaHandshake h(p);
  h.Start();
  // An auth error to PING still proves the master is there.
  EXPECT_EQ(Sent(h.OnData("-NOAUTH Authentication required.\r\n")),
            "*2\r\n$4\r\nAUTH\r\n$6\r\nsecret\r\n");
  h.OnData("+OK\r\n");
  h.OnData("-ERR unknown\r\n");  // REPLCONF errors are not fatal
  EXPECT_EQ(Sent(h.OnData("+OK\r\n")),
            "*3\r\n$5\r\nPSYNC\r\n$40\r\n" + std::string(40, 'b') + "\r\n$3\r\n100\r\n");
  std::vector<ReplicaHandshake::Action> out = h.OnData("+CONTINUE " + std::string(40, 'c') +
                                                       "\r\n*1\r\n");
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].kind, Kind::kContinue);
  EXPECT_EQ(out[0].replid, std::string(40, 'c'));
  EXPECT_EQ(out[1].kind, Kind::kStream);

  ReplicaHandshake bad(DefaultParams());
  bad.Start();
  out = bad.OnData("-ERR something else\r\n");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, Kind::kFailed);
  ReplicaHandshake wrong_auth(p);
  wrong_auth.Start();
  wrong_auth.OnData("+PONG\r\n");
  out = wrong_auth.OnData("-WRONGPASS invalid username-password pair\r\n");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, Kind::kFailed);
}

TEST(ReplicaHandshakeTest, BadBulkHeaderFails) {
  ReplicaHandshake h(DefaultParams());
  h.Start();
  std::vector<ReplicaHandshake::Action> out =
      h.OnData("+PONG\r\n+OK\r\n+OK\r\n+FULLRESYNC " + std::string(40, 'a') + " 0\r\n$x\r\n");
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.back().kind, Kind::kFailed);
}

TEST(ReplicationBacklogTest, OffsetsAndWrapAround) {
  ReplicationBacklog b(8);
  EXPECT_TRUE(b.CanServe(1));  // nothing written yet: offset 0, next byte 1
  b.Append("abcde");           // offsets 1..5
  EXPECT_EQ(b.end_offset(), 5);
  EXPECT_EQ(b.first_offset(), 1);
  EXPECT_EQ(b.Since(3), "cde");
  b.Append("fghij");  // offsets 6..10; only the last 8 bytes stay (3..10)
  EXPECT_EQ(b.histlen(), 8u);
  EXPECT_EQ(b.first_offset(), 3);
  EXPECT_FALSE(b.CanServe(2));
  EXPECT_TRUE(b.CanServe(3));
  EXPECT_TRUE(b.CanServe(11));  // fully caught up
  EXPECT_FALSE(b.CanServe(12));
  EXPECT_EQ(b.Since(3), "cdefghij");
  EXPECT_EQ(b.Since(9), "ij");
  EXPECT_EQ(b.Since(11), "");
  b.Resize(4);
  EXPECT_EQ(b.Since(b.first_offset()), "ghij");
  EXPECT_EQ(b.end_offset(), 10);
  b.Append(std::string(20, 'z'));
  EXPECT_EQ(b.Since(b.first_offset()), "zzzz");
  EXPECT_EQ(b.end_offset(), 30);
}

}  // namespace
}  // namespace shoal
