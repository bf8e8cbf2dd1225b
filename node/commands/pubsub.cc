// Publish/subscribe: SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE,
// PUBLISH, their shard-channel forms (SSUBSCRIBE, SUNSUBSCRIBE, SPUBLISH) and
// PUBSUB's introspection, replying exactly as Redis 7.0 does.
//
// Every (un)subscription is confirmed by its own frame, [kind, channel,
// count] -- an array in RESP2, a push in RESP3 -- where count is the
// client's channels plus patterns (shard channels counted apart). The
// subscription tables live in node/core/pubsub.h; which commands a RESP2
// client in pub/sub mode may run is the dispatcher's check.

#include "node/core/pubsub.h"

#include <string>
#include <string_view>
#include <vector>

#include "common/resp/writer.h"
#include "node/commands/client_cmd.h"
#include "node/commands/families.h"
#include "node/core/command_args.h"
#include "node/core/node.h"

namespace shoal {

namespace {

using Scope = PubSub::Scope;

// ---------------------------------------------------------------------------
// Confirmations
// ---------------------------------------------------------------------------

size_t SubscriptionCount(const Client& c, Scope scope) {
  return scope == Scope::kShard ? c.shard_channels.size() : c.channels.size() + c.patterns.size();
}

// [kind, channel or null, count] for this client.
void Confirm(CommandContext& ctx, std::string_view kind, const std::string* channel, Scope scope) {
  resp::ReplyWriter& w = ctx.reply;
  w.PushHeader(3);
  w.Bulk(kind);
  if (channel != nullptr) {
    w.Bulk(*channel);
  } else {
    w.Null();
  }
  w.Integer(static_cast<int64_t>(SubscriptionCount(ctx.client, scope)));
}

// ---------------------------------------------------------------------------
// SUBSCRIBE family
// ---------------------------------------------------------------------------

void SubscribeGeneric(CommandContext& ctx, Scope scope, std::string_view kind) {
  for (size_t i = 1; i < ctx.argv.size(); ++i) {
    ctx.node.pubsub().Subscribe(ctx.client, ctx.argv[i], scope);
    Confirm(ctx, kind, &ctx.argv[i], scope);
  }
}

void CmdSubscribe(CommandContext& ctx) { SubscribeGeneric(ctx, Scope::kGlobal, "subscribe"); }
void CmdSSubscribe(CommandContext& ctx) { SubscribeGeneric(ctx, Scope::kShard, "ssubscribe"); }

void CmdPSubscribe(CommandContext& ctx) {
  for (size_t i = 1; i < ctx.argv.size(); ++i) {
    ctx.node.pubsub().PSubscribe(ctx.client, ctx.argv[i]);
    Confirm(ctx, "psubscribe", &ctx.argv[i], Scope::kGlobal);
  }
}

// With arguments: one confirmation per argument, subscribed or not. Without:
// one per subscription dropped, or a single one with a null channel when
// there was none.
void UnsubscribeGeneric(CommandContext& ctx, std::string_view kind, Scope scope, bool patterns) {
  PubSub& pubsub = ctx.node.pubsub();
  auto drop = [&](const std::string& name) {
    if (patterns) {
      pubsub.PUnsubscribe(ctx.client, name);
    } else {
      pubsub.Unsubscribe(ctx.client, name, scope);
    }
    Confirm(ctx, kind, &name, scope);
  };
  if (ctx.argv.size() > 1) {
    for (size_t i = 1; i < ctx.argv.size(); ++i) drop(ctx.argv[i]);
    return;
  }
  const auto& mine = patterns                 ? ctx.client.patterns
                     : scope == Scope::kShard ? ctx.client.shard_channels
                                              : ctx.client.channels;
  if (mine.empty()) return Confirm(ctx, kind, nullptr, scope);
  for (const std::string& name : std::vector<std::string>(mine.begin(), mine.end())) drop(name);
}

void CmdUnsubscribe(CommandContext& ctx) {
  UnsubscribeGeneric(ctx, "unsubscribe", Scope::kGlobal, false);
}
void CmdSUnsubscribe(CommandContext& ctx) {
  UnsubscribeGeneric(ctx, "sunsubscribe", Scope::kShard, false);
}
void CmdPUnsubscribe(CommandContext& ctx) {
  UnsubscribeGeneric(ctx, "punsubscribe", Scope::kGlobal, true);
}

void CmdPublish(CommandContext& ctx) {
  ctx.reply.Integer(
      static_cast<int64_t>(PublishMessage(ctx.node, ctx.argv[1], ctx.argv[2], Scope::kGlobal)));
}

void CmdSPublish(CommandContext& ctx) {
  ctx.reply.Integer(
      static_cast<int64_t>(PublishMessage(ctx.node, ctx.argv[1], ctx.argv[2], Scope::kShard)));
}

// ---------------------------------------------------------------------------
// PUBSUB
// ---------------------------------------------------------------------------

void ChannelsGeneric(CommandContext& ctx, Scope scope) {
  if (ctx.argv.size() > 3) return ctx.reply.Error(SubcommandSyntaxError(ctx.argv));
  const std::string_view pattern = ctx.argv.size() == 3 ? std::string_view(ctx.argv[2]) : "*";
  ctx.reply.BulkArray(ctx.node.pubsub().Channels(pattern, scope));
}

void NumSubGeneric(CommandContext& ctx, Scope scope) {
  // A flat array in RESP3 too, as in Redis 7.0.
  ctx.reply.ArrayHeader((ctx.argv.size() - 2) * 2);
  for (size_t i = 2; i < ctx.argv.size(); ++i) {
    ctx.reply.Bulk(ctx.argv[i]);
    ctx.reply.Integer(static_cast<int64_t>(ctx.node.pubsub().NumSubscribers(ctx.argv[i], scope)));
  }
}

void CmdPubSubChannels(CommandContext& ctx) { ChannelsGeneric(ctx, Scope::kGlobal); }
void CmdPubSubShardChannels(CommandContext& ctx) { ChannelsGeneric(ctx, Scope::kShard); }
void CmdPubSubNumSub(CommandContext& ctx) { NumSubGeneric(ctx, Scope::kGlobal); }
void CmdPubSubShardNumSub(CommandContext& ctx) { NumSubGeneric(ctx, Scope::kShard); }

void CmdPubSubNumPat(CommandContext& ctx) {
  ctx.reply.Integer(static_cast<int64_t>(ctx.node.pubsub().num_patterns()));
}

void CmdPubSubHelp(CommandContext& ctx) {
  // One entry, then its explanation, per group of lines.
  // clang-format off
  ReplyHelp(ctx.reply, ctx.argv[0],
            {"CHANNELS [<pattern>]",
             "    Return the currently active channels matching a <pattern> (default: '*').",
             "NUMPAT",
             "    Return number of subscriptions to patterns.",
             "NUMSUB [<channel> ...]",
             "    Return the number of subscribers for the specified channels, excluding",
             "    pattern subscriptions(default: no channels).",
             "SHARDCHANNELS [<pattern>]",
             "    Return the currently active shard level channels matching a <pattern> "
             "(default: '*').",
             "SHARDNUMSUB [<shardchannel> ...]",
             "    Return the number of subscribers for the specified shard level channel(s)"});
  // clang-format on
}

// ---------------------------------------------------------------------------
// Table
// ---------------------------------------------------------------------------

using namespace argdoc;  // NOLINT: builder names read as the docs' vocabulary

constexpr argdoc::DocEntry kPubSubDocs[] = {
    {"subscribe", [](CommandSpec& s) { s.args = {String("channel").Multiple()}; }},
    {"unsubscribe", [](CommandSpec& s) { s.args = {String("channel").Optional().Multiple()}; }},
    {"psubscribe",
     [](CommandSpec& s) { s.args = {Block("pattern", {Pattern("pattern")}).Multiple()}; }},
    {"punsubscribe", [](CommandSpec& s) { s.args = {Pattern("pattern").Optional().Multiple()}; }},
    {"publish",
     [](CommandSpec& s) {
       s.args = {String("channel"), String("message")};
     }},
    {"ssubscribe", [](CommandSpec& s) { s.args = {String("shardchannel").Multiple()}; }},
    {"sunsubscribe",
     [](CommandSpec& s) { s.args = {String("shardchannel").Optional().Multiple()}; }},
    {"spublish",
     [](CommandSpec& s) {
       s.args = {String("shardchannel"), String("message")};
     }},
    {"pubsub|channels", [](CommandSpec& s) { s.args = {Pattern("pattern").Optional()}; }},
    {"pubsub|shardchannels", [](CommandSpec& s) { s.args = {Pattern("pattern").Optional()}; }},
    {"pubsub|numsub", [](CommandSpec& s) { s.args = {String("channel").Optional().Multiple()}; }},
    {"pubsub|shardnumsub",
     [](CommandSpec& s) { s.args = {String("shardchannel").Optional().Multiple()}; }},
};

CommandSpec PubSubSpec(std::string_view name, int arity, uint64_t flags, uint64_t acl,
                       CommandHandler handler, std::string_view since, std::string_view summary,
                       std::string_view complexity) {
  return KeylessCommandSpec("pubsub", name, arity, flags, acl, handler, since, summary, complexity);
}

CommandSpec PubSubContainer() {
  namespace cf = cmdflag;
  const uint64_t kFlags = cf::kPubSub | cf::kLoading | cf::kStale;
  const uint64_t kAcl = aclcat::kPubSub | aclcat::kSlow;
  std::vector<CommandSpec> subs = {
      PubSubSpec("channels", -2, kFlags, kAcl, CmdPubSubChannels, "2.8.0", "List active channels",
                 "O(N) where N is the number of active channels, and assuming constant time "
                 "pattern matching (relatively short channels and patterns)"),
      PubSubSpec("help", 2, cf::kLoading | cf::kStale, aclcat::kSlow, CmdPubSubHelp, "6.2.0",
                 "Show helpful text about the different subcommands", "O(1)"),
      PubSubSpec("numpat", 2, kFlags, kAcl, CmdPubSubNumPat, "2.8.0",
                 "Get the count of unique patterns pattern subscriptions", "O(1)"),
      PubSubSpec("numsub", -2, kFlags, kAcl, CmdPubSubNumSub, "2.8.0",
                 "Get the count of subscribers for channels",
                 "O(N) for the NUMSUB subcommand, where N is the number of requested channels"),
      PubSubSpec("shardchannels", -2, kFlags, kAcl, CmdPubSubShardChannels, "7.0.0",
                 "List active shard channels",
                 "O(N) where N is the number of active shard channels, and assuming constant "
                 "time pattern matching (relatively short shard channels)."),
      PubSubSpec("shardnumsub", -2, kFlags, kAcl, CmdPubSubShardNumSub, "7.0.0",
                 "Get the count of subscribers for shard channels",
                 "O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard "
                 "channels"),
  };
  CommandSpec spec = PubSubSpec("pubsub", -2, 0, aclcat::kSlow, nullptr, "2.8.0",
                                "A container for Pub/Sub commands", "Depends on subcommand.");
  spec.subcommands = std::move(subs);
  return spec;
}

void AddDocumented(CommandTable& table, CommandSpec spec) {
  ApplyDocs(kPubSubDocs, spec);
  table.Add(std::move(spec));
}

}  // namespace

void RegisterPubSubCommands(CommandTable& table) {
  namespace cf = cmdflag;
  namespace acl = aclcat;
  const uint64_t kSub = cf::kPubSub | cf::kNoScript | cf::kLoading | cf::kStale;
  const uint64_t kPub = cf::kPubSub | cf::kLoading | cf::kStale | cf::kFast | cf::kMayReplicate;
  const uint64_t kSlow = acl::kPubSub | acl::kSlow;
  const uint64_t kFast = acl::kPubSub | acl::kFast;

  AddDocumented(table, PubSubSpec("subscribe", -2, kSub, kSlow, CmdSubscribe, "2.0.0",
                                  "Listen for messages published to the given channels",
                                  "O(N) where N is the number of channels to subscribe to."));
  AddDocumented(table, PubSubSpec("unsubscribe", -1, kSub, kSlow, CmdUnsubscribe, "2.0.0",
                                  "Stop listening for messages posted to the given channels",
                                  "O(N) where N is the number of clients already subscribed to a "
                                  "channel."));
  AddDocumented(table,
                PubSubSpec("psubscribe", -2, kSub, kSlow, CmdPSubscribe, "2.0.0",
                           "Listen for messages published to channels matching the given patterns",
                           "O(N) where N is the number of patterns the client is already "
                           "subscribed to."));
  AddDocumented(
      table,
      PubSubSpec("punsubscribe", -1, kSub, kSlow, CmdPUnsubscribe, "2.0.0",
                 "Stop listening for messages posted to channels matching the given patterns",
                 "O(N+M) where N is the number of patterns the client is already subscribed and "
                 "M is the number of total patterns subscribed in the system (by any client)."));
  AddDocumented(
      table,
      PubSubSpec("publish", 3, kPub, kFast, CmdPublish, "2.0.0", "Post a message to a channel",
                 "O(N+M) where N is the number of clients subscribed to the receiving "
                 "channel and M is the total number of subscribed patterns (by any "
                 "client)."));

  // Shard channels are declared as (not-key) keys so cluster clients route
  // them by slot.
  CommandSpec ssub = PubSubSpec("ssubscribe", -2, kSub, kSlow, CmdSSubscribe, "7.0.0",
                                "Listen for messages published to the given shard channels",
                                "O(N) where N is the number of shard channels to subscribe to.");
  ssub.key_specs = {KeySpec::Range(1, -1, 1, keyflag::kNotKey)};
  AddDocumented(table, std::move(ssub));
  CommandSpec sunsub =
      PubSubSpec("sunsubscribe", -1, kSub, kSlow, CmdSUnsubscribe, "7.0.0",
                 "Stop listening for messages posted to the given shard channels",
                 "O(N) where N is the number of clients already subscribed to a shard channel.");
  sunsub.key_specs = {KeySpec::Range(1, -1, 1, keyflag::kNotKey)};
  AddDocumented(table, std::move(sunsub));
  CommandSpec spub = PubSubSpec("spublish", 3, kPub, kFast, CmdSPublish, "7.0.0",
                                "Post a message to a shard channel",
                                "O(N) where N is the number of clients subscribed to the "
                                "receiving shard channel.");
  spub.key_specs = {KeySpec::Range(1, 0, 1, keyflag::kNotKey)};
  AddDocumented(table, std::move(spub));

  AddDocumented(table, PubSubContainer());
}

}  // namespace shoal
