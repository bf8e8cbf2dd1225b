// Pub/sub through the dispatcher: confirmations, delivery, RESP2
// subscribed mode, PUBSUB introspection, CLIENT LIST/INFO fields and the
// pubsub class of client-output-buffer-limit.

#include <gtest/gtest.h>

#include "tests/unit/harness.h"

namespace shoal::testing {
namespace {

std::string Frame3(std::string_view kind, std::string_view channel, int count, char head = '*') {
  return std::string(1, head) + "3\r\n$" + std::to_string(kind.size()) + "\r\n" +
         std::string(kind) + "\r\n$" + std::to_string(channel.size()) + "\r\n" +
         std::string(channel) + "\r\n:" + std::to_string(count) + "\r\n";
}

TEST(PubSub, SubscribeConfirmsEachChannelInResp2) {
  CommandHarness h;
  EXPECT_EQ(
      h.RunRaw({"SUBSCRIBE", "a", "b", "a"}),
      Frame3("subscribe", "a", 1) + Frame3("subscribe", "b", 2) + Frame3("subscribe", "a", 2));
  EXPECT_EQ(h.RunRaw({"PSUBSCRIBE", "n*"}), Frame3("psubscribe", "n*", 3));
  // Shard channels are counted on their own.
  EXPECT_EQ(h.RunRaw({"SSUBSCRIBE", "s"}), Frame3("ssubscribe", "s", 1));
}

TEST(PubSub, Resp3UsesPushFrames) {
  CommandHarness h;
  h.Run({"HELLO", "3"});
  EXPECT_EQ(h.RunRaw({"SUBSCRIBE", "ch"}), Frame3("subscribe", "ch", 1, '>'));
  // A RESP3 subscriber can run anything; its own message comes before the
  // PUBLISH reply, as in Redis.
  EXPECT_EQ(h.RunRaw({"PUBLISH", "ch", "hi"}),
            ">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n:1\r\n");
  EXPECT_EQ(h.RunRaw({"PING"}), "+PONG\r\n");
  EXPECT_EQ(h.RunRaw({"UNSUBSCRIBE"}), Frame3("unsubscribe", "ch", 0, '>'));
  EXPECT_EQ(h.RunRaw({"UNSUBSCRIBE"}), ">3\r\n$11\r\nunsubscribe\r\n_\r\n:0\r\n");
}

TEST(PubSub, UnsubscribeWithoutSubscriptionsRepliesNullChannel) {
  CommandHarness h;
  EXPECT_EQ(h.RunRaw({"UNSUBSCRIBE"}), "*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n");
  EXPECT_EQ(h.RunRaw({"PUNSUBSCRIBE"}), "*3\r\n$12\r\npunsubscribe\r\n$-1\r\n:0\r\n");
  EXPECT_EQ(h.RunRaw({"SUNSUBSCRIBE"}), "*3\r\n$12\r\nsunsubscribe\r\n$-1\r\n:0\r\n");
  EXPECT_EQ(h.RunRaw({"UNSUBSCRIBE", "x"}), Frame3("unsubscribe", "x", 0));
}

TEST(PubSub, PublishReachesChannelAndPatternSubscribers) {
  CommandHarness h;
  const size_t sub = h.NewCapturingClient();
  const size_t psub = h.NewCapturingClient();
  h.Use(sub);
  h.Run({"SUBSCRIBE", "news"});
  h.Use(psub);
  h.Run({"PSUBSCRIBE", "n*", "x"});
  h.Use(0);
  EXPECT_EQ(h.Run({"PUBLISH", "news", "hello"}), "(integer) 2");
  EXPECT_EQ(h.Pushed(sub), "*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n");
  EXPECT_EQ(h.Pushed(psub), "*4\r\n$8\r\npmessage\r\n$2\r\nn*\r\n$4\r\nnews\r\n$5\r\nhello\r\n");
  EXPECT_EQ(h.Run({"PUBLISH", "other", "x"}), "(integer) 0");
  EXPECT_EQ(h.Pushed(sub), "");
}

TEST(PubSub, ShardChannelsAreSeparate) {
  CommandHarness h;
  const size_t sub = h.NewCapturingClient();
  h.Use(sub);
  h.Run({"SSUBSCRIBE", "s"});
  h.Use(0);
  EXPECT_EQ(h.Run({"PUBLISH", "s", "m"}), "(integer) 0");
  EXPECT_EQ(h.Run({"SPUBLISH", "s", "m"}), "(integer) 1");
  EXPECT_EQ(h.Pushed(sub), "*3\r\n$8\r\nsmessage\r\n$1\r\ns\r\n$1\r\nm\r\n");
  EXPECT_EQ(h.Run({"PUBSUB", "SHARDCHANNELS"}), "[s]");
  EXPECT_EQ(h.Run({"PUBSUB", "CHANNELS"}), "[]");
  EXPECT_EQ(h.Run({"PUBSUB", "SHARDNUMSUB", "s", "t"}), "[s, (integer) 1, t, (integer) 0]");
}

TEST(PubSub, Resp2SubscribedModeAllowsOnlySubscriptionCommands) {
  CommandHarness h;
  h.Run({"SUBSCRIBE", "c"});
  EXPECT_EQ(h.Run({"GET", "k"}),
            "(error) ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / "
            "QUIT / RESET are allowed in this context");
  EXPECT_EQ(h.Run({"CLIENT", "LIST"}),
            "(error) ERR Can't execute 'client|list': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / "
            "PING / QUIT / RESET are allowed in this context");
  EXPECT_EQ(h.RunRaw({"PING"}), "*2\r\n$4\r\npong\r\n$0\r\n\r\n");
  EXPECT_EQ(h.RunRaw({"PING", "hi"}), "*2\r\n$4\r\npong\r\n$2\r\nhi\r\n");
  EXPECT_EQ(h.Run({"RESET"}), "RESET");
  EXPECT_EQ(h.Run({"GET", "k"}), "(nil)");
  EXPECT_EQ(h.Run({"PUBSUB", "NUMSUB", "c"}), "[c, (integer) 0]");
}

TEST(PubSub, LeavingSubscribedModeRestoresCommands) {
  CommandHarness h;
  h.Run({"SSUBSCRIBE", "s"});
  EXPECT_TRUE(h.RunValue({"GET", "k"}).is_error());
  h.Run({"SUNSUBSCRIBE"});
  EXPECT_EQ(h.Run({"GET", "k"}), "(nil)");
}

TEST(PubSub, Introspection) {
  CommandHarness h;
  const size_t a = h.NewClient();
  const size_t b = h.NewClient();
  h.Use(a);
  h.Run({"SUBSCRIBE", "c1", "c2"});
  h.Run({"PSUBSCRIBE", "p*"});
  h.Use(b);
  h.Run({"SUBSCRIBE", "c1"});
  h.Run({"PSUBSCRIBE", "p*"});
  h.Use(0);
  EXPECT_EQ(h.Run({"PUBSUB", "NUMSUB", "c1", "c2", "zz"}),
            "[c1, (integer) 2, c2, (integer) 1, zz, (integer) 0]");
  EXPECT_EQ(h.Run({"PUBSUB", "NUMSUB"}), "[]");
  EXPECT_EQ(h.Run({"PUBSUB", "NUMPAT"}), "(integer) 1");  // unique patterns
  EXPECT_EQ(h.Run({"PUBSUB", "CHANNELS", "*2"}), "[c2]");
  EXPECT_EQ(h.Run({"PUBSUB", "CHANNELS", "a", "b"}),
            "(error) ERR unknown subcommand or wrong number of arguments for 'CHANNELS'. Try "
            "PUBSUB HELP.");
  EXPECT_EQ(h.Run({"PUBSUB", "NUMPAT", "x"}),
            "(error) ERR wrong number of arguments for 'pubsub|numpat' command");
  EXPECT_EQ(h.Run({"PUBSUB", "foo"}), "(error) ERR unknown subcommand 'foo'. Try PUBSUB HELP.");
  const std::string info = h.Run({"INFO", "stats"});
  EXPECT_NE(info.find("pubsub_channels:2\r\npubsub_patterns:1\r\npubsubshard_channels:0\r\n"),
            std::string::npos);
  const std::string list = h.Run({"CLIENT", "LIST", "TYPE", "pubsub"});
  EXPECT_NE(list.find("flags=P db=0 sub=2 psub=1 ssub=0"), std::string::npos);
  EXPECT_NE(list.find("flags=P db=0 sub=1 psub=1 ssub=0"), std::string::npos);
  EXPECT_EQ(list.find("flags=N"), std::string::npos);
}

TEST(PubSub, ClosedClientLosesItsSubscriptions) {
  CommandHarness h;
  const size_t sub = h.NewClient();
  h.Use(sub);
  h.Run({"SUBSCRIBE", "c"});
  h.Run({"PSUBSCRIBE", "p"});
  const uint64_t id = h.client().id;
  h.Use(0);
  h.node().RemoveClient(id);
  EXPECT_EQ(h.Run({"PUBSUB", "NUMSUB", "c"}), "[c, (integer) 0]");
  EXPECT_EQ(h.Run({"PUBSUB", "NUMPAT"}), "(integer) 0");
  EXPECT_EQ(h.Run({"PUBLISH", "c", "m"}), "(integer) 0");
}

TEST(PubSub, HardOutputLimitClosesSlowSubscriber) {
  CommandHarness h({{"client-output-buffer-limit", "pubsub 1000 0 0"}});
  const size_t sub = h.NewCapturingClient();
  h.Use(sub);
  h.Run({"SUBSCRIBE", "c"});
  h.Use(0);
  h.connection(sub).output_buffer = 999;
  h.Run({"PUBLISH", "c", "m"});
  EXPECT_FALSE(h.connection(sub).closed);
  h.connection(sub).output_buffer = 1000;
  h.Run({"PUBLISH", "c", "m"});
  EXPECT_TRUE(h.connection(sub).closed);
  EXPECT_EQ(h.node().stats().client_output_buffer_limit_disconnections, 1u);
}

TEST(PubSub, SoftOutputLimitNeedsTime) {
  CommandHarness h({{"client-output-buffer-limit", "pubsub 0 100 2"}});
  const size_t sub = h.NewCapturingClient();
  h.Use(sub);
  h.Run({"SUBSCRIBE", "c"});
  h.Use(0);
  h.connection(sub).output_buffer = 150;
  h.Run({"PUBLISH", "c", "m"});
  h.clock().AdvanceMs(2000);
  h.Run({"PUBLISH", "c", "m"});
  EXPECT_FALSE(h.connection(sub).closed);  // not more than 2 seconds yet
  // Dropping under the soft limit restarts the clock.
  h.connection(sub).output_buffer = 10;
  h.Run({"PUBLISH", "c", "m"});
  h.connection(sub).output_buffer = 150;
  h.Run({"PUBLISH", "c", "m"});
  h.clock().AdvanceMs(2500);
  h.Run({"PUBLISH", "c", "m"});
  EXPECT_FALSE(h.connection(sub).closed);
  h.clock().AdvanceMs(1000);
  h.Run({"PUBLISH", "c", "m"});
  EXPECT_TRUE(h.connection(sub).closed);
}

TEST(PubSub, NormalClientsIgnoreThePubSubLimit) {
  CommandHarness h({{"client-output-buffer-limit", "pubsub 10 0 0"}});
  const size_t c = h.NewCapturingClient();
  h.Use(c);
  h.Run({"CLIENT", "TRACKING", "on", "BCAST"});
  h.Run({"HELLO", "3"});
  h.connection(c).output_buffer = 100;
  h.Use(0);
  h.Run({"SET", "k", "v"});
  EXPECT_NE(h.Pushed(c), "");
  EXPECT_FALSE(h.connection(c).closed);
}

TEST(PubSub, SubscribersAreNeverIdle) {
  CommandHarness h({{"timeout", "1"}});
  const size_t sub = h.NewCapturingClient();
  const size_t idle = h.NewCapturingClient();
  h.Use(sub);
  h.Run({"SUBSCRIBE", "c"});
  h.clock().AdvanceMs(3000);
  h.node().Cron();
  EXPECT_FALSE(h.connection(sub).closed);
  EXPECT_TRUE(h.connection(idle).closed);
}

}  // namespace
}  // namespace shoal::testing
