// Client-side caching: CLIENT TRACKING and its options, CLIENT CACHING,
// GETREDIR and TRACKINGINFO, and the invalidation messages.

#include <gtest/gtest.h>

#include "tests/unit/harness.h"

namespace shoal::testing {
namespace {

std::string Invalidate(std::string_view key) {
  return ">2\r\n$10\r\ninvalidate\r\n*1\r\n$" + std::to_string(key.size()) + "\r\n" +
         std::string(key) + "\r\n";
}

class TrackingTest : public ::testing::Test {
 protected:
  TrackingTest() {
    reader_ = h_.NewCapturingClient();
    h_.Use(reader_);
    h_.Run({"HELLO", "3"});
    h_.Use(0);
  }
  // Runs a command as the reader.
  std::string AsReader(std::vector<std::string> argv) {
    h_.Use(reader_);
    std::string r = h_.Run(std::move(argv));
    h_.Use(0);
    return r;
  }

  CommandHarness h_;
  size_t reader_ = 0;
};

TEST_F(TrackingTest, ReadKeysAreInvalidatedOnce) {
  EXPECT_EQ(AsReader({"CLIENT", "TRACKING", "on"}), "OK");
  AsReader({"GET", "k"});
  AsReader({"MGET", "a", "b"});
  EXPECT_EQ(h_.Run({"SET", "k", "1"}), "OK");
  EXPECT_EQ(h_.Pushed(reader_), Invalidate("k"));
  h_.Run({"SET", "k", "2"});  // forgotten until read again
  EXPECT_EQ(h_.Pushed(reader_), "");
  h_.Run({"MSET", "a", "1", "b", "2"});
  EXPECT_EQ(h_.Pushed(reader_), Invalidate("a") + Invalidate("b"));
}

TEST_F(TrackingTest, OwnWritesAreInvalidatedAfterTheReply) {
  h_.Use(reader_);
  h_.Run({"CLIENT", "TRACKING", "on"});
  h_.Run({"GET", "k"});
  EXPECT_EQ(h_.RunRaw({"SET", "k", "v"}), "+OK\r\n" + Invalidate("k"));
  h_.Run({"GET", "k"});
  h_.Run({"CLIENT", "TRACKING", "on", "NOLOOP"});
  EXPECT_EQ(h_.RunRaw({"SET", "k", "v"}), "+OK\r\n");
}

TEST_F(TrackingTest, FlushSendsNullInvalidation) {
  AsReader({"CLIENT", "TRACKING", "on"});
  h_.Run({"FLUSHALL"});
  EXPECT_EQ(h_.Pushed(reader_), ">2\r\n$10\r\ninvalidate\r\n_\r\n");
  h_.Run({"FLUSHDB"});
  EXPECT_EQ(h_.Pushed(reader_), ">2\r\n$10\r\ninvalidate\r\n_\r\n");
}

TEST_F(TrackingTest, OptInTracksOnlyAfterCachingYes) {
  AsReader({"CLIENT", "TRACKING", "on", "OPTIN"});
  AsReader({"GET", "x"});
  h_.Run({"SET", "x", "1"});
  EXPECT_EQ(h_.Pushed(reader_), "");
  EXPECT_EQ(AsReader({"CLIENT", "CACHING", "yes"}), "OK");
  AsReader({"GET", "x"});
  AsReader({"GET", "y"});  // CACHING applies to one command only
  h_.Run({"MSET", "x", "2", "y", "2"});
  EXPECT_EQ(h_.Pushed(reader_), Invalidate("x"));
}

TEST_F(TrackingTest, OptOutSkipsAfterCachingNo) {
  AsReader({"CLIENT", "TRACKING", "on", "OPTOUT"});
  AsReader({"CLIENT", "CACHING", "no"});
  AsReader({"GET", "x"});
  AsReader({"GET", "y"});
  h_.Run({"MSET", "x", "2", "y", "2"});
  EXPECT_EQ(h_.Pushed(reader_), Invalidate("y"));
}

TEST_F(TrackingTest, BroadcastByPrefix) {
  EXPECT_EQ(AsReader({"CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "user:", "PREFIX", "obj"}),
            "OK");
  h_.Run({"MSET", "user:1", "a", "other", "b", "user:2", "c"});
  EXPECT_EQ(h_.Pushed(reader_),
            ">2\r\n$10\r\ninvalidate\r\n*2\r\n$6\r\nuser:1\r\n$6\r\nuser:2\r\n");
  EXPECT_NE(h_.Run({"INFO", "stats"}).find("tracking_total_prefixes:2"), std::string::npos);
  EXPECT_EQ(h_.Run({"CLIENT", "TRACKINGINFO"}),
            "[flags, [off], redirect, (integer) -1, prefixes, []]");
  EXPECT_EQ(AsReader({"CLIENT", "TRACKINGINFO"}),
            "{flags: [on, bcast], redirect: (integer) 0, prefixes: [user:, obj]}");
}

TEST_F(TrackingTest, Resp2RedirectGoesToInvalidateChannel) {
  const size_t sink = h_.NewCapturingClient();
  h_.Use(sink);
  const std::string sink_id = h_.Run({"CLIENT", "ID"}).substr(10);
  h_.Run({"SUBSCRIBE", "__redis__:invalidate"});
  const size_t tracker = h_.NewClient();
  h_.Use(tracker);
  EXPECT_EQ(h_.Run({"CLIENT", "TRACKING", "on", "REDIRECT", sink_id}), "OK");
  EXPECT_EQ(h_.Run({"CLIENT", "GETREDIR"}), "(integer) " + sink_id);
  h_.Run({"GET", "k"});
  h_.Use(0);
  h_.Run({"SET", "k", "v"});
  EXPECT_EQ(h_.Pushed(sink),
            "*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n*1\r\n$1\r\nk\r\n");
}

TEST_F(TrackingTest, BrokenRedirectIsReported) {
  const size_t gone = h_.NewClient();
  h_.Use(gone);
  const std::string gone_id = h_.Run({"CLIENT", "ID"}).substr(10);
  const uint64_t gone_client = h_.client().id;
  EXPECT_EQ(AsReader({"CLIENT", "TRACKING", "on", "REDIRECT", gone_id}), "OK");
  AsReader({"GET", "k"});
  h_.node().RemoveClient(gone_client);
  h_.Run({"SET", "k", "v"});
  EXPECT_EQ(h_.Pushed(reader_), ">2\r\n$21\r\ntracking-redir-broken\r\n:" + gone_id + "\r\n");
  EXPECT_NE(AsReader({"CLIENT", "TRACKINGINFO"}).find("broken_redirect"), std::string::npos);
}

TEST_F(TrackingTest, Errors) {
  EXPECT_EQ(h_.Run({"CLIENT", "TRACKING", "on", "BCAST", "OPTIN"}),
            "(error) ERR OPTIN and OPTOUT are not compatible with BCAST");
  EXPECT_EQ(h_.Run({"CLIENT", "TRACKING", "on", "OPTIN", "OPTOUT"}),
            "(error) ERR You can't specify both OPTIN mode and OPTOUT mode");
  EXPECT_EQ(h_.Run({"CLIENT", "TRACKING", "on", "REDIRECT", "999"}),
            "(error) ERR The client ID you want redirect to does not exist");
  EXPECT_EQ(h_.Run({"CLIENT", "TRACKING", "on", "REDIRECT", "x"}),
            "(error) ERR value is not an integer or out of range");
  EXPECT_EQ(h_.Run({"CLIENT", "TRACKING", "on", "PREFIX", "a"}),
            "(error) ERR PREFIX option requires BCAST mode to be enabled");
  EXPECT_EQ(h_.Run({"CLIENT", "TRACKING", "maybe"}), "(error) ERR syntax error");
  EXPECT_EQ(h_.Run({"CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "a", "PREFIX", "ab"}),
            "(error) ERR Prefix 'a' overlaps with another provided prefix 'ab'. Prefixes for a "
            "single client must not overlap.");
  EXPECT_EQ(h_.Run({"CLIENT", "CACHING", "yes"}),
            "(error) ERR CLIENT CACHING can be called only when the client is in tracking mode "
            "with OPTIN or OPTOUT mode enabled");
  h_.Run({"CLIENT", "TRACKING", "on", "OPTIN"});
  EXPECT_EQ(h_.Run({"CLIENT", "CACHING", "no"}),
            "(error) ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT "
            "mode.");
  EXPECT_EQ(h_.Run({"CLIENT", "TRACKING", "on", "OPTOUT"}),
            "(error) ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this "
            "client, and then re-enabling it with a different mode.");
  EXPECT_EQ(h_.Run({"CLIENT", "TRACKING", "on", "BCAST"}),
            "(error) ERR You can't switch BCAST mode on/off before disabling tracking for this "
            "client, and then re-enabling it with a different mode.");
  h_.Run({"CLIENT", "TRACKING", "off"});
  h_.Run({"CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "ab"});
  EXPECT_EQ(h_.Run({"CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "a"}),
            "(error) ERR Prefix 'a' overlaps with an existing prefix 'ab'. Prefixes for a single "
            "client must not overlap.");
}

TEST_F(TrackingTest, ClientListAndReset) {
  AsReader({"CLIENT", "TRACKING", "on", "BCAST"});
  const std::string info = AsReader({"CLIENT", "INFO"});
  EXPECT_NE(info.find("flags=tB "), std::string::npos);
  EXPECT_NE(info.find("redir=0 "), std::string::npos);
  EXPECT_NE(h_.Run({"INFO", "clients"}).find("tracking_clients:1"), std::string::npos);
  AsReader({"RESET"});
  EXPECT_EQ(AsReader({"CLIENT", "GETREDIR"}), "(integer) -1");
  EXPECT_NE(h_.Run({"INFO", "clients"}).find("tracking_clients:0"), std::string::npos);
}

TEST_F(TrackingTest, TableLimitForgetsKeysWithAnInvalidation) {
  h_.Run({"CONFIG", "SET", "tracking-table-max-keys", "2"});
  AsReader({"CLIENT", "TRACKING", "on"});
  AsReader({"MGET", "a", "b", "c"});
  EXPECT_EQ(h_.Pushed(reader_), "");
  // The next command finds the table over its limit and evicts one key,
  // telling the reader to drop it.
  h_.Run({"PING"});
  EXPECT_EQ(h_.Pushed(reader_).rfind(">2\r\n$10\r\ninvalidate\r\n*1\r\n", 0), 0u);
  EXPECT_NE(h_.Run({"INFO", "stats"}).find("tracking_total_keys:2\r\n"), std::string::npos);
}

}  // namespace
}  // namespace shoal::testing
