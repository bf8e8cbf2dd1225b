// The introspection family: COMMAND (the command table as client libraries
// read it), SLOWLOG and LATENCY. Reply shapes follow Redis 7.0 exactly, since
// cluster clients parse COMMAND's key specs to route requests.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/strutil.h"
#include "node/commands/client_cmd.h"
#include "node/commands/families.h"
#include "node/core/command_args.h"
#include "node/core/errors.h"
#include "node/core/node.h"

namespace shoal {

namespace {

// ---------------------------------------------------------------------------
// Error texts of the introspection family (Redis 7.0 wording)
// ---------------------------------------------------------------------------

constexpr std::string_view kInvalidCommand = "ERR Invalid command specified";
constexpr std::string_view kNoKeyArguments = "ERR The command has no key arguments";
constexpr std::string_view kInvalidArgCount =
    "ERR Invalid number of arguments specified for command";
constexpr std::string_view kInvalidArguments = "ERR Invalid arguments specified for command";
constexpr std::string_view kSlowlogCount = "ERR count should be greater than or equal to -1";

// ---------------------------------------------------------------------------
// Names of flags and categories, in the order COMMAND lists them
// ---------------------------------------------------------------------------

struct FlagName {
  uint64_t bit;
  std::string_view name;
};

// may_replicate, sentinel, only_sentinel and protected are internal: Redis
// does not show them.
constexpr FlagName kCommandFlagNames[] = {
    {cmdflag::kWrite, "write"},
    {cmdflag::kReadOnly, "readonly"},
    {cmdflag::kDenyOom, "denyoom"},
    {cmdflag::kModule, "module"},
    {cmdflag::kAdmin, "admin"},
    {cmdflag::kPubSub, "pubsub"},
    {cmdflag::kNoScript, "noscript"},
    {cmdflag::kBlocking, "blocking"},
    {cmdflag::kLoading, "loading"},
    {cmdflag::kStale, "stale"},
    {cmdflag::kSkipMonitor, "skip_monitor"},
    {cmdflag::kSkipSlowlog, "skip_slowlog"},
    {cmdflag::kAsking, "asking"},
    {cmdflag::kFast, "fast"},
    {cmdflag::kNoAuth, "no_auth"},
    {cmdflag::kNoMandatoryKeys, "no_mandatory_keys"},
    {cmdflag::kNoAsyncLoading, "no_async_loading"},
    {cmdflag::kNoMulti, "no_multi"},
    {cmdflag::kMovableKeys, "movablekeys"},
    {cmdflag::kAllowBusy, "allow_busy"},
};

constexpr FlagName kAclCategoryNames[] = {
    {aclcat::kKeyspace, "keyspace"},
    {aclcat::kRead, "read"},
    {aclcat::kWrite, "write"},
    {aclcat::kSet, "set"},
    {aclcat::kSortedSet, "sortedset"},
    {aclcat::kList, "list"},
    {aclcat::kHash, "hash"},
    {aclcat::kString, "string"},
    {aclcat::kBitmap, "bitmap"},
    {aclcat::kHyperLogLog, "hyperloglog"},
    {aclcat::kGeo, "geo"},
    {aclcat::kStream, "stream"},
    {aclcat::kPubSub, "pubsub"},
    {aclcat::kAdmin, "admin"},
    {aclcat::kFast, "fast"},
    {aclcat::kSlow, "slow"},
    {aclcat::kBlocking, "blocking"},
    {aclcat::kDangerous, "dangerous"},
    {aclcat::kConnection, "connection"},
    {aclcat::kTransaction, "transaction"},
    {aclcat::kScripting, "scripting"},
};

constexpr FlagName kKeySpecFlagNames[] = {
    {keyflag::kRO, "RO"},
    {keyflag::kRW, "RW"},
    {keyflag::kOW, "OW"},
    {keyflag::kRM, "RM"},
    {keyflag::kAccess, "access"},
    {keyflag::kUpdate, "update"},
    {keyflag::kInsert, "insert"},
    {keyflag::kDelete, "delete"},
    {keyflag::kNotKey, "not_key"},
    {keyflag::kIncomplete, "incomplete"},
    {keyflag::kVariableFlags, "variable_flags"},
};

// A set of status strings: the names of the bits set in `bits`, each with
// `prefix` ("@" for ACL categories).
template <size_t N>
void ReplyFlagSet(resp::ReplyWriter& r, const FlagName (&names)[N], uint64_t bits,
                  std::string_view prefix = "") {
  size_t count = 0;
  for (const FlagName& f : names) count += (bits & f.bit) != 0;
  r.SetHeader(count);
  for (const FlagName& f : names) {
    if (bits & f.bit) r.Status(std::string(prefix) + std::string(f.name));
  }
}

// ---------------------------------------------------------------------------
// COMMAND INFO entries
// ---------------------------------------------------------------------------

// {type, spec} of a key spec's begin_search or find_keys.
void ReplySearchStep(resp::ReplyWriter& r, std::string_view type) {
  r.MapHeader(2);
  r.Bulk("type");
  r.Bulk(type);
  r.Bulk("spec");
}

void ReplyKeySpec(resp::ReplyWriter& r, const KeySpec& ks) {
  r.MapHeader(ks.notes.empty() ? 3 : 4);
  if (!ks.notes.empty()) {
    r.Bulk("notes");
    r.Bulk(ks.notes);
  }
  r.Bulk("flags");
  ReplyFlagSet(r, kKeySpecFlagNames, ks.flags);
  r.Bulk("begin_search");
  if (ks.begin == KeySpec::Begin::kUnknown) {
    ReplySearchStep(r, "unknown");
    r.MapHeader(0);
  } else if (ks.begin == KeySpec::Begin::kIndex) {
    ReplySearchStep(r, "index");
    r.MapHeader(1);
    r.Bulk("index");
    r.Integer(ks.index);
  } else {
    ReplySearchStep(r, "keyword");
    r.MapHeader(2);
    r.Bulk("keyword");
    r.Bulk(ks.keyword);
    r.Bulk("startfrom");
    r.Integer(ks.keyword_start);
  }
  r.Bulk("find_keys");
  if (ks.find == KeySpec::Find::kUnknown) {
    ReplySearchStep(r, "unknown");
    r.MapHeader(0);
  } else if (ks.find == KeySpec::Find::kRange) {
    ReplySearchStep(r, "range");
    r.MapHeader(3);
    r.Bulk("lastkey");
    r.Integer(ks.last_key);
    r.Bulk("keystep");
    r.Integer(ks.key_step);
    r.Bulk("limit");
    r.Integer(ks.limit);
  } else {
    ReplySearchStep(r, "keynum");
    r.MapHeader(3);
    r.Bulk("keynumidx");
    r.Integer(ks.keynum_index);
    r.Bulk("firstkey");
    r.Integer(ks.first_key);
    r.Bulk("keystep");
    r.Integer(ks.key_step);
  }
}

// [name, arity, flags, first key, last key, step, ACL categories, tips,
// key specs, subcommands]: the ten fields of a Redis 7 COMMAND entry.
void ReplyCommandInfo(resp::ReplyWriter& r, const CommandSpec& spec) {
  r.ArrayHeader(10);
  r.Bulk(spec.full_name);
  r.Integer(spec.arity);
  ReplyFlagSet(r, kCommandFlagNames, spec.flags);
  r.Integer(spec.first_key);
  r.Integer(spec.last_key);
  r.Integer(spec.key_step);
  ReplyFlagSet(r, kAclCategoryNames, spec.acl, "@");
  r.SetHeader(spec.tips.size());
  for (std::string_view tip : spec.tips) r.Bulk(tip);
  r.SetHeader(spec.key_specs.size());
  for (const KeySpec& ks : spec.key_specs) ReplyKeySpec(r, ks);
  // Leaf commands reply an empty set here, containers an array.
  if (!spec.is_container()) {
    r.SetHeader(0);
    return;
  }
  r.ArrayHeader(spec.subcommands.size());
  for (const CommandSpec& sub : spec.subcommands) ReplyCommandInfo(r, sub);
}

constexpr FlagName kDocFlagNames[] = {
    {docflag::kDeprecated, "deprecated"},
    {docflag::kSysCmd, "syscmd"},
};

constexpr FlagName kArgFlagNames[] = {
    {CommandArg::kOptional, "optional"},
    {CommandArg::kMultiple, "multiple"},
    {CommandArg::kMultipleToken, "multiple_token"},
};

std::string_view ArgTypeName(CommandArg::Type type) {
  switch (type) {
    case CommandArg::Type::kString:
      return "string";
    case CommandArg::Type::kInteger:
      return "integer";
    case CommandArg::Type::kDouble:
      return "double";
    case CommandArg::Type::kKey:
      return "key";
    case CommandArg::Type::kPattern:
      return "pattern";
    case CommandArg::Type::kUnixTime:
      return "unix-time";
    case CommandArg::Type::kPureToken:
      return "pure-token";
    case CommandArg::Type::kOneOf:
      return "oneof";
    case CommandArg::Type::kBlock:
      return "block";
  }
  return "string";
}

// One argument's map: name and type always, then each optional field only
// when set, in the order Redis 7.0 uses.
void ReplyCommandArg(resp::ReplyWriter& r, const CommandArg& arg) {
  const size_t pairs = 2 + !arg.display_text.empty() + (arg.key_spec_index >= 0) +
                       !arg.token.empty() + !arg.summary.empty() + !arg.since.empty() +
                       !arg.deprecated_since.empty() + (arg.flags != 0) + !arg.args.empty();
  r.MapHeader(pairs);
  r.Bulk("name");
  r.Bulk(arg.name);
  r.Bulk("type");
  r.Bulk(ArgTypeName(arg.type));
  if (!arg.display_text.empty()) {
    r.Bulk("display_text");
    r.Bulk(arg.display_text);
  }
  if (arg.key_spec_index >= 0) {
    r.Bulk("key_spec_index");
    r.Integer(arg.key_spec_index);
  }
  const std::pair<std::string_view, std::string_view> texts[] = {
      {"token", arg.token},
      {"summary", arg.summary},
      {"since", arg.since},
      {"deprecated_since", arg.deprecated_since}};
  for (const auto& [field, value] : texts) {
    if (value.empty()) continue;
    r.Bulk(field);
    r.Bulk(value);
  }
  if (arg.flags != 0) {
    r.Bulk("flags");
    ReplyFlagSet(r, kArgFlagNames, arg.flags);
  }
  if (!arg.args.empty()) {
    r.Bulk("arguments");
    r.ArrayHeader(arg.args.size());
    for (const CommandArg& sub : arg.args) ReplyCommandArg(r, sub);
  }
}

// The docs map, in Redis 7.0's order: summary, since, group, complexity,
// doc_flags, deprecated_since, replaced_by, history, arguments, subcommands
// (each only when the table has it; group always).
void ReplyCommandDocs(resp::ReplyWriter& r, const CommandSpec& spec) {
  const size_t pairs = 1 + !spec.summary.empty() + !spec.since.empty() + !spec.complexity.empty() +
                       (spec.doc_flags != 0) + !spec.deprecated_since.empty() +
                       !spec.replaced_by.empty() + !spec.history.empty() + !spec.args.empty() +
                       spec.is_container();
  r.MapHeader(pairs);
  if (!spec.summary.empty()) {
    r.Bulk("summary");
    r.Bulk(spec.summary);
  }
  if (!spec.since.empty()) {
    r.Bulk("since");
    r.Bulk(spec.since);
  }
  r.Bulk("group");
  r.Bulk(spec.group);
  if (!spec.complexity.empty()) {
    r.Bulk("complexity");
    r.Bulk(spec.complexity);
  }
  if (spec.doc_flags != 0) {
    r.Bulk("doc_flags");
    ReplyFlagSet(r, kDocFlagNames, spec.doc_flags);
  }
  if (!spec.deprecated_since.empty()) {
    r.Bulk("deprecated_since");
    r.Bulk(spec.deprecated_since);
  }
  if (!spec.replaced_by.empty()) {
    r.Bulk("replaced_by");
    r.Bulk(spec.replaced_by);
  }
  if (!spec.history.empty()) {
    r.Bulk("history");
    r.SetHeader(spec.history.size());  // a set, as Redis replies it
    for (const auto& [version, change] : spec.history) {
      r.ArrayHeader(2);
      r.Bulk(version);
      r.Bulk(change);
    }
  }
  if (!spec.args.empty()) {
    r.Bulk("arguments");
    r.ArrayHeader(spec.args.size());
    for (const CommandArg& arg : spec.args) ReplyCommandArg(r, arg);
  }
  if (spec.is_container()) {
    r.Bulk("subcommands");
    r.MapHeader(spec.subcommands.size());
    for (const CommandSpec& sub : spec.subcommands) {
      r.Bulk(sub.full_name);
      ReplyCommandDocs(r, sub);
    }
  }
}

// A command by its full name ("get", "config|get"), case-insensitive; nullptr
// if there is no such command.
const CommandSpec* LookupByFullName(const CommandTable& table, std::string_view full_name) {
  size_t bar = full_name.find('|');
  const CommandSpec* cmd = table.Find(full_name.substr(0, bar));
  if (cmd == nullptr || bar == std::string_view::npos) return cmd;
  std::string_view sub = full_name.substr(bar + 1);
  if (sub.find('|') != std::string_view::npos) return nullptr;
  for (const CommandSpec& s : cmd->subcommands) {
    if (EqualsIgnoreCase(s.name, sub)) return &s;
  }
  return nullptr;
}

// ---------------------------------------------------------------------------
// COMMAND and its subcommands
// ---------------------------------------------------------------------------

void ReplyAllCommands(CommandContext& ctx) {
  const auto& all = ctx.node.commands().all();
  ctx.reply.ArrayHeader(all.size());
  for (const auto& cmd : all) ReplyCommandInfo(ctx.reply, *cmd);
}

void CmdCommand(CommandContext& ctx) { ReplyAllCommands(ctx); }

void CmdCommandCount(CommandContext& ctx) {
  ctx.reply.Integer(static_cast<int64_t>(ctx.node.commands().size()));
}

void CmdCommandInfo(CommandContext& ctx) {
  if (ctx.argv.size() == 2) return ReplyAllCommands(ctx);
  ctx.reply.ArrayHeader(ctx.argv.size() - 2);
  for (size_t i = 2; i < ctx.argv.size(); ++i) {
    const CommandSpec* cmd = LookupByFullName(ctx.node.commands(), ctx.argv[i]);
    if (cmd == nullptr) {
      ctx.reply.Null();
    } else {
      ReplyCommandInfo(ctx.reply, *cmd);
    }
  }
}

void CmdCommandDocs(CommandContext& ctx) {
  std::vector<const CommandSpec*> found;
  if (ctx.argv.size() == 2) {
    for (const auto& cmd : ctx.node.commands().all()) found.push_back(cmd.get());
  } else {
    // Unknown names are left out of the map.
    for (size_t i = 2; i < ctx.argv.size(); ++i) {
      const CommandSpec* cmd = LookupByFullName(ctx.node.commands(), ctx.argv[i]);
      if (cmd != nullptr) found.push_back(cmd);
    }
  }
  ctx.reply.MapHeader(found.size());
  for (const CommandSpec* cmd : found) {
    ctx.reply.Bulk(cmd->full_name);
    ReplyCommandDocs(ctx.reply, *cmd);
  }
}

// COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN pattern]
struct ListFilter {
  enum class Kind { kNone, kModule, kAclCat, kPattern } kind = Kind::kNone;
  std::string arg;
  uint64_t acl_bit = 0;  // kAclCat: 0 when the category is unknown

  bool Matches(const CommandSpec& cmd) const {
    switch (kind) {
      case Kind::kNone:
        return true;
      case Kind::kModule:
        return false;  // no module commands
      case Kind::kAclCat:
        return (cmd.acl & acl_bit) != 0;
      case Kind::kPattern:
        return GlobMatch(arg, cmd.full_name, /*nocase=*/true);
    }
    return false;
  }
};

StatusOr<ListFilter> ParseListFilter(const std::vector<std::string>& argv) {
  ListFilter f;
  for (size_t i = 2; i < argv.size(); i += 3) {
    if (!EqualsIgnoreCase(argv[i], "filterby") || argv.size() - 1 - i != 2) {
      return Status::Error(std::string(errors::kSyntax));
    }
    const std::string& type = argv[i + 1];
    f.arg = argv[i + 2];
    if (EqualsIgnoreCase(type, "module")) {
      f.kind = ListFilter::Kind::kModule;
    } else if (EqualsIgnoreCase(type, "aclcat")) {
      f.kind = ListFilter::Kind::kAclCat;
      f.acl_bit = 0;
      for (const FlagName& cat : kAclCategoryNames) {
        if (EqualsIgnoreCase(cat.name, f.arg)) f.acl_bit = cat.bit;
      }
    } else if (EqualsIgnoreCase(type, "pattern")) {
      f.kind = ListFilter::Kind::kPattern;
    } else {
      return Status::Error(std::string(errors::kSyntax));
    }
  }
  return f;
}

void CmdCommandList(CommandContext& ctx) {
  auto filter = ParseListFilter(ctx.argv);
  if (!filter.ok()) return ctx.reply.Error(filter.status().message());
  std::vector<std::string_view> names;
  for (const auto& cmd : ctx.node.commands().all()) {
    if (filter->Matches(*cmd)) names.push_back(cmd->full_name);
    for (const CommandSpec& sub : cmd->subcommands) {
      if (filter->Matches(sub)) names.push_back(sub.full_name);
    }
  }
  ctx.reply.BulkArray(names);
}

// Key specs flagged variable_flags describe the worst case; the real access
// depends on the arguments. Redis works these out per command for SET (GET
// makes it a read) and BITFIELD (only GET operations: read-only).
void ResolveVariableKeyFlags(const CommandSpec& cmd, const std::vector<std::string>& argv,
                             std::vector<KeyRef>* keys) {
  if (keys->size() != 1 || !(keys->front().flags & keyflag::kVariableFlags)) return;
  constexpr uint32_t kRead = keyflag::kRO | keyflag::kAccess;
  constexpr uint32_t kReadWrite = keyflag::kRW | keyflag::kAccess | keyflag::kUpdate;
  uint32_t& flags = keys->front().flags;
  if (cmd.full_name == "set") {
    flags = keyflag::kOW | keyflag::kUpdate;
    for (size_t i = 3; i < argv.size(); ++i) {
      if (EqualsIgnoreCase(argv[i], "get")) flags = kReadWrite;
    }
  } else if (cmd.full_name == "bitfield") {
    flags = kRead;
    for (size_t i = 2; i < argv.size(); ++i) {
      const size_t more = argv.size() - i - 1;
      if (EqualsIgnoreCase(argv[i], "get") && more >= 2) {
        i += 2;
      } else if (EqualsIgnoreCase(argv[i], "overflow") && more >= 1) {
        i += 1;
      } else {
        // SET, INCRBY, or a syntax error (assumed to write, to be safe).
        flags = kReadWrite;
        break;
      }
    }
  }
}

// Keys of the command in argv[2..] (COMMAND GETKEYS / GETKEYSANDFLAGS).
void ReplyGetKeys(CommandContext& ctx, bool with_flags) {
  std::vector<std::string> sub_argv(ctx.argv.begin() + 2, ctx.argv.end());
  bool unknown_sub = false;
  const CommandSpec* cmd = ctx.node.commands().Resolve(sub_argv, &unknown_sub);
  if (cmd == nullptr || unknown_sub) return ctx.reply.Error(kInvalidCommand);
  const bool has_keys =
      std::any_of(cmd->key_specs.begin(), cmd->key_specs.end(),
                  [](const KeySpec& ks) { return !(ks.flags & keyflag::kNotKey); });
  if (!has_keys) return ctx.reply.Error(kNoKeyArguments);
  const int argc = static_cast<int>(sub_argv.size());
  if ((cmd->arity > 0 && cmd->arity != argc) || argc < -cmd->arity) {
    return ctx.reply.Error(kInvalidArgCount);
  }
  std::vector<KeyRef> keys;
  if (!GetKeys(*cmd, sub_argv, &keys) || keys.empty()) {
    if (cmd->has(cmdflag::kNoMandatoryKeys)) return ctx.reply.ArrayHeader(0);
    return ctx.reply.Error(kInvalidArguments);
  }
  ResolveVariableKeyFlags(*cmd, sub_argv, &keys);
  ctx.reply.ArrayHeader(keys.size());
  for (const KeyRef& k : keys) {
    if (!with_flags) {
      ctx.reply.Bulk(sub_argv[k.pos]);
      continue;
    }
    ctx.reply.ArrayHeader(2);
    ctx.reply.Bulk(sub_argv[k.pos]);
    ReplyFlagSet(ctx.reply, kKeySpecFlagNames, k.flags);
  }
}

void CmdCommandGetKeys(CommandContext& ctx) { ReplyGetKeys(ctx, false); }
void CmdCommandGetKeysAndFlags(CommandContext& ctx) { ReplyGetKeys(ctx, true); }

void CmdCommandHelp(CommandContext& ctx) {
  ReplyHelp(ctx.reply, ctx.argv[0],
            {
                "(no subcommand)",
                "    Return details about all Redis commands.",
                "COUNT",
                "    Return the total number of commands in this Redis server.",
                "LIST",
                "    Return a list of all commands in this Redis server.",
                "INFO [<command-name> ...]",
                "    Return details about multiple Redis commands.",
                "    If no command names are given, documentation details for all",
                "    commands are returned.",
                "DOCS [<command-name> ...]",
                "    Return documentation details about multiple Redis commands.",
                "    If no command names are given, documentation details for all",
                "    commands are returned.",
                "GETKEYS <full-command>",
                "    Return the keys from a full Redis command.",
                "GETKEYSANDFLAGS <full-command>",
                "    Return the keys and the access flags from a full Redis command.",
            });
}

// ---------------------------------------------------------------------------
// SLOWLOG
// ---------------------------------------------------------------------------

void CmdSlowlogGet(CommandContext& ctx) {
  if (ctx.argv.size() > 3) return ctx.reply.Error(SubcommandSyntaxError(ctx.argv));
  const auto& entries = ctx.node.slowlog().entries();
  int64_t count = 10;
  if (ctx.argv.size() == 3) {
    if (!ParseInt64(ctx.argv[2], &count) || count < -1) return ctx.reply.Error(kSlowlogCount);
    if (count == -1) count = static_cast<int64_t>(entries.size());
  }
  const size_t n = std::min(entries.size(), static_cast<size_t>(count));
  ctx.reply.ArrayHeader(n);
  for (size_t i = 0; i < n; ++i) {
    const SlowLogEntry& e = entries[i];
    ctx.reply.ArrayHeader(6);
    ctx.reply.Integer(static_cast<int64_t>(e.id));
    ctx.reply.Integer(e.timestamp_s);
    ctx.reply.Integer(e.duration_us);
    ctx.reply.BulkArray(e.argv);
    ctx.reply.Bulk(e.client_addr);
    ctx.reply.Bulk(e.client_name);
  }
}

void CmdSlowlogLen(CommandContext& ctx) {
  ctx.reply.Integer(static_cast<int64_t>(ctx.node.slowlog().entries().size()));
}

void CmdSlowlogReset(CommandContext& ctx) {
  ctx.node.slowlog().Reset();
  ctx.reply.Ok();
}

void CmdSlowlogHelp(CommandContext& ctx) {
  ReplyHelp(ctx.reply, ctx.argv[0],
            {
                "GET [<count>]",
                "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
                "    Entries are made of:",
                "    id, timestamp, time in microseconds, arguments array, client IP and port,",
                "    client name",
                "LEN",
                "    Return the length of the slowlog.",
                "RESET",
                "    Reset the slowlog.",
            });
}

// ---------------------------------------------------------------------------
// LATENCY: LATEST, HISTORY, RESET, HISTOGRAM
// ---------------------------------------------------------------------------

void CmdLatencyLatest(CommandContext& ctx) {
  const LatencyMonitor& lm = ctx.node.latency();
  ctx.reply.ArrayHeader(lm.events().size());
  for (const auto& [name, ev] : lm.events()) {
    std::vector<LatencySample> samples = lm.History(name);
    const LatencySample last = samples.empty() ? LatencySample{0, 0} : samples.back();
    ctx.reply.ArrayHeader(4);
    ctx.reply.Bulk(name);
    ctx.reply.Integer(last.time_s);
    ctx.reply.Integer(last.latency_ms);
    ctx.reply.Integer(ev.max_ms);
  }
}

void CmdLatencyHistory(CommandContext& ctx) {
  std::vector<LatencySample> samples = ctx.node.latency().History(ctx.argv[2]);
  ctx.reply.ArrayHeader(samples.size());
  for (const LatencySample& s : samples) {
    ctx.reply.ArrayHeader(2);
    ctx.reply.Integer(s.time_s);
    ctx.reply.Integer(s.latency_ms);
  }
}

// LATENCY RESET [event ...]: event names match case-insensitively.
void CmdLatencyReset(CommandContext& ctx) {
  LatencyMonitor& lm = ctx.node.latency();
  if (ctx.argv.size() == 2) return ctx.reply.Integer(static_cast<int64_t>(lm.Reset({})));
  std::vector<std::string> names;
  for (const auto& [name, ev] : lm.events()) {
    for (size_t i = 2; i < ctx.argv.size(); ++i) {
      if (EqualsIgnoreCase(name, ctx.argv[i])) {
        names.push_back(name);
        break;
      }
    }
  }
  ctx.reply.Integer(names.empty() ? 0 : static_cast<int64_t>(lm.Reset(names)));
}

// {calls: n, histogram_usec: {bucket: cumulative count, ...}}, listing only
// the power-of-two buckets that add samples.
void ReplyHistogram(resp::ReplyWriter& r, const LatencyHistogram& h) {
  std::vector<std::pair<uint64_t, uint64_t>> buckets;
  uint64_t previous = 0;
  for (const auto& [bound, cumulative] : h.PowerOfTwoBuckets()) {
    if (cumulative > previous) buckets.emplace_back(bound, cumulative);
    previous = cumulative;
  }
  r.MapHeader(2);
  r.Bulk("calls");
  r.Integer(static_cast<int64_t>(h.count()));
  r.Bulk("histogram_usec");
  r.MapHeader(buckets.size());
  for (const auto& [bound, cumulative] : buckets) {
    r.Integer(static_cast<int64_t>(bound));
    r.Integer(static_cast<int64_t>(cumulative));
  }
}

// LATENCY HISTOGRAM [command ...]: commands (and subcommands of containers
// named) that have been called; unknown names are skipped.
void CmdLatencyHistogram(CommandContext& ctx) {
  auto& stats = ctx.node.command_stats();
  std::vector<std::pair<const std::string*, const LatencyHistogram*>> found;
  auto add = [&](const CommandSpec& cmd) {
    auto it = stats.find(cmd.full_name);
    if (it != stats.end() && it->second.histogram.count() > 0) {
      found.emplace_back(&cmd.full_name, &it->second.histogram);
    }
  };
  auto add_with_subs = [&](const CommandSpec& cmd) {
    add(cmd);
    for (const CommandSpec& sub : cmd.subcommands) add(sub);
  };
  if (ctx.argv.size() == 2) {
    for (const auto& cmd : ctx.node.commands().all()) add_with_subs(*cmd);
  } else {
    for (size_t i = 2; i < ctx.argv.size(); ++i) {
      const CommandSpec* cmd = LookupByFullName(ctx.node.commands(), ctx.argv[i]);
      if (cmd != nullptr) add_with_subs(*cmd);
    }
  }
  ctx.reply.MapHeader(found.size());
  for (const auto& [name, histogram] : found) {
    ctx.reply.Bulk(*name);
    ReplyHistogram(ctx.reply, *histogram);
  }
}

// ---------------------------------------------------------------------------
// LATENCY DOCTOR
// ---------------------------------------------------------------------------

// The advice the report can give, in the order it gives it.
enum Advice : uint32_t {
  kAdviseSlowlogEnable = 1 << 0,
  kAdviseSlowlogTuning = 1 << 1,
  kAdviseSlowlogInspect = 1 << 2,
  kAdviseScheduler = 1 << 3,
  kAdviseLocalDisk = 1 << 4,
  kAdviseSsd = 1 << 5,
  kAdviseDataWriteback = 1 << 6,
  kAdviseDiskContention = 1 << 7,
  kAdviseNoAppendfsync = 1 << 8,
  kAdviseRelaxFsync = 1 << 9,
  kAdviseWriteLoadInfo = 1 << 10,
  kAdviseHz = 1 << 11,
  kAdviseLargeObjects = 1 << 12,
  kAdviseMassEviction = 1 << 13,
};

// Which advice each event calls for; `count` is how many pieces of advice it
// adds to the total (which decides between "no easy fix" and the list).
struct EventAdvice {
  std::string_view event;
  uint32_t advice;
  int count;
};

constexpr EventAdvice kEventAdvice[] = {
    {"fast-command", kAdviseScheduler, 1},
    {"aof-write-pending-fsync",
     kAdviseLocalDisk | kAdviseDiskContention | kAdviseSsd | kAdviseDataWriteback, 4},
    {"aof-write-active-child", kAdviseNoAppendfsync | kAdviseDataWriteback | kAdviseSsd, 3},
    {"aof-write-alone", kAdviseLocalDisk | kAdviseDataWriteback | kAdviseSsd, 3},
    {"aof-fsync-always", kAdviseRelaxFsync, 1},
    {"aof-fstat", kAdviseDiskContention | kAdviseLocalDisk, 2},
    {"rdb-unlink-temp-file", kAdviseDiskContention | kAdviseLocalDisk, 2},
    {"aof-rewrite-diff-write",
     kAdviseWriteLoadInfo | kAdviseDataWriteback | kAdviseSsd | kAdviseLocalDisk, 4},
    {"aof-rename", kAdviseWriteLoadInfo | kAdviseDataWriteback | kAdviseSsd | kAdviseLocalDisk, 4},
    {"expire-cycle", kAdviseHz | kAdviseLargeObjects, 2},
    {"eviction-del", kAdviseLargeObjects, 1},
    {"eviction-cycle", kAdviseMassEviction, 1},
};

struct EventStats {
  size_t samples = 0;
  uint64_t avg = 0, mad = 0;  // mean and mean absolute deviation, ms
  int64_t period = 0;         // seconds since the oldest sample (at least 1)
};

EventStats Analyze(const std::vector<LatencySample>& samples, int64_t now_s) {
  EventStats st;
  st.samples = samples.size();
  if (samples.empty()) return st;
  uint64_t sum = 0;
  int64_t oldest = samples.front().time_s;
  for (const LatencySample& s : samples) {
    sum += s.latency_ms;
    oldest = std::min(oldest, s.time_s);
  }
  st.avg = sum / st.samples;
  st.period = std::max<int64_t>(1, now_s - oldest);
  uint64_t dev = 0;
  for (const LatencySample& s : samples) {
    dev += static_cast<uint64_t>(std::llabs(static_cast<int64_t>(st.avg) - s.latency_ms));
  }
  st.mad = dev / st.samples;
  return st;
}

// The fixed advice texts, in the order the report gives them (the two slow
// log ones, which quote the threshold, come first and are built in
// AdviceText).
struct AdviceLine {
  uint32_t advice;
  std::string_view text;
};

constexpr AdviceLine kAdviceLines[] = {
    {kAdviseSlowlogInspect,
     "- SLOWLOG GET lists the commands that took longest; look there for the slow ones.\n"},
    {kAdviseScheduler,
     "- Code without system calls ran slowly, which usually means the process was not given "
     "the CPU for a while. Reduce the machine's load, give the node a machine (or VM) of its "
     "own, and look for noisy neighbours.\n"},
    {kAdviseLocalDisk,
     "- Keep persistence files on a local disk; network disks are slow, above all for the "
     "AOF.\n"},
    {kAdviseSsd,
     "- An SSD shortens fsync and snapshot times; consider one only if the write load is very "
     "high.\n"},
    {kAdviseDataWriteback,
     "- ext3/ext4 mounted with data=writeback is faster than data=ordered, at the price of a "
     "possibly half-written AOF tail after a crash.\n"},
    {kAdviseDiskContention,
     "- Other disk-heavy processes on this machine compete for the disk; move them or this "
     "node.\n"},
    {kAdviseNoAppendfsync,
     "- If your durability needs allow it, 'no-appendfsync-on-rewrite yes' skips fsync while "
     "a rewrite or snapshot is writing.\n"},
    {kAdviseRelaxFsync,
     "- appendfsync is 'always'; 'everysec' costs far less latency.\n"},
    {kAdviseWriteLoadInfo,
     "- A very high write load makes the end of an AOF rewrite slow; fewer, larger commands "
     "(or a script) help.\n"},
    {kAdviseHz,
     "- Raise 'hz' (CONFIG SET hz 100) so that keys expire in smaller steps.\n"},
    {kAdviseLargeObjects,
     "- Deleting, expiring or evicting a very large value blocks the server; split such values "
     "into smaller keys.\n"},
    {kAdviseMassEviction,
     "- A sudden drop of 'maxmemory', or large temporary results, can force a burst of "
     "evictions.\n"},
};

std::string AdviceText(uint32_t advice, const ServerConfig& cfg) {
  // Two pieces of advice only apply to some settings.
  if (cfg.appendfsync != "always") advice &= ~kAdviseRelaxFsync;
  if (cfg.hz >= 100) advice &= ~kAdviseHz;
  const std::string threshold_us = std::to_string(cfg.latency_monitor_threshold * 1000);
  std::string out = "\nSuggestions:\n\n";
  if (advice & kAdviseSlowlogEnable) {
    out += "- Slow commands may be the cause, but the slow log is off. Turn it on with "
           "'CONFIG SET slowlog-log-slower-than " +
           threshold_us + "'.\n";
  }
  if (advice & kAdviseSlowlogTuning) {
    out += "- The slow log records only commands slower than the latency monitor threshold. "
           "Use 'CONFIG SET slowlog-log-slower-than " +
           threshold_us + "'.\n";
  }
  for (const AdviceLine& line : kAdviceLines) {
    if (advice & line.advice) out += line.text;
  }
  return out;
}

// The advice a "command" event calls for, which depends on the slow log
// settings; returns how many pieces of advice it adds.
int CommandEventAdvice(const ServerConfig& cfg, uint32_t* advice) {
  int count = 2;
  if (cfg.slowlog_log_slower_than < 0) {
    *advice |= kAdviseSlowlogEnable;
    ++count;
  } else if (cfg.slowlog_log_slower_than / 1000 > cfg.latency_monitor_threshold) {
    *advice |= kAdviseSlowlogTuning;
    ++count;
  }
  *advice |= kAdviseSlowlogInspect | kAdviseLargeObjects;
  return count;
}

// A human-readable report on the latency events: each event's statistics
// (the same figures Redis's LATENCY DOCTOR gives) and advice, in our words.
std::string LatencyReport(const LatencyMonitor& lm, const ServerConfig& cfg, int64_t now_s) {
  if (lm.events().empty() && cfg.latency_monitor_threshold == 0) {
    return "Latency monitoring is off. Turn it on with CONFIG SET latency-monitor-threshold "
           "<milliseconds>, then ask again.\n";
  }
  std::string report;
  uint32_t advice = 0;
  int advice_count = 0;
  int num = 0;
  for (const auto& [name, ev] : lm.events()) {
    if (++num == 1) {
      report += "Latency spikes observed on this node:\n\n";
    }
    EventStats st = Analyze(lm.History(name), now_s);
    char line[512];
    std::snprintf(line, sizeof(line),
                  "%d. %s: %zu latency spikes (average %llums, mean deviation %llums, period "
                  "%.2f sec). Worst all time event %lums.",
                  num, name.c_str(), st.samples, static_cast<unsigned long long>(st.avg),
                  static_cast<unsigned long long>(st.mad),
                  st.samples ? static_cast<double>(st.period) / st.samples : 0.0,
                  static_cast<unsigned long>(ev.max_ms));
    report += line;
    report += '\n';
    if (EqualsIgnoreCase(name, "command")) advice_count += CommandEventAdvice(cfg, &advice);
    for (const EventAdvice& ea : kEventAdvice) {
      if (EqualsIgnoreCase(name, ea.event)) {
        advice |= ea.advice;
        advice_count += ea.count;
      }
    }
  }
  if (num == 0 && advice_count == 0) {
    return report + "No latency spike has been observed since this node started.\n";
  }
  if (advice_count == 0) {
    return report +
           "\nLatency events were logged, but none of them has a simple fix to suggest. "
           "Include this report when you ask for help.\n";
  }
  return report + AdviceText(advice, cfg);
}

void CmdLatencyDoctor(CommandContext& ctx) {
  ctx.reply.Verbatim("txt", LatencyReport(ctx.node.latency(), ctx.node.cfg(), ctx.now_ms() / 1000));
}

// ---------------------------------------------------------------------------
// LATENCY GRAPH: an ASCII sparkline of an event's samples
// ---------------------------------------------------------------------------

constexpr int kGraphColumns = 80;
constexpr int kGraphRows = 4;
constexpr std::string_view kGraphFill = "_o#";  // levels within one row

struct GraphSample {
  uint32_t value;
  std::string label;  // how long ago: "5s", "3m", "2h", "1d"
};

std::string AgeLabel(int64_t elapsed_s) {
  if (elapsed_s < 60) return std::to_string(elapsed_s) + "s";
  if (elapsed_s < 3600) return std::to_string(elapsed_s / 60) + "m";
  if (elapsed_s < 86400) return std::to_string(elapsed_s / 3600) + "h";
  return std::to_string(elapsed_s / 86400) + "d";
}

// Renders up to kGraphColumns samples: kGraphRows rows of bars (each row
// resolves three levels; full rows below the top are drawn as '|'), a blank
// spacer row, then the labels written vertically.
void RenderGraphRange(const std::vector<GraphSample>& samples, size_t offset, size_t len,
                      double min, double max, std::string* out) {
  const int levels = static_cast<int>(kGraphFill.size()) * kGraphRows;
  const double range = max - min == 0 ? 1 : max - min;
  for (int row = 0; row < kGraphRows; ++row) {
    std::string line(len, ' ');
    for (size_t j = 0; j < len; ++j) {
      const double rel = samples[offset + j].value - min;
      int level = static_cast<int>(static_cast<int>(rel * levels) / range);
      level = std::clamp(level, 0, levels - 1);
      const int idx = level - (kGraphRows - row - 1) * static_cast<int>(kGraphFill.size());
      if (idx >= 0 && idx < static_cast<int>(kGraphFill.size())) {
        line[j] = kGraphFill[idx];
      } else if (idx >= static_cast<int>(kGraphFill.size())) {
        line[j] = '|';
      }
    }
    *out += line + "\n";
  }
  *out += std::string(len, ' ') + "\n";
  size_t longest = 0;
  for (size_t j = 0; j < len; ++j) longest = std::max(longest, samples[offset + j].label.size());
  for (size_t c = 0; c < longest; ++c) {
    std::string line(len, ' ');
    for (size_t j = 0; j < len; ++j) {
      const std::string& label = samples[offset + j].label;
      if (c < label.size()) line[j] = label[c];
    }
    *out += line + "\n";
  }
}

std::string LatencyGraph(const std::string& event, const LatencyEvent& ev,
                         const std::vector<LatencySample>& history, int64_t now_s) {
  std::vector<GraphSample> samples;
  uint32_t lo = 0, hi = 0;
  for (const LatencySample& s : history) {
    if (samples.empty()) lo = hi = s.latency_ms;
    lo = std::min(lo, s.latency_ms);
    hi = std::max(hi, s.latency_ms);
    samples.push_back({s.latency_ms, AgeLabel(now_s - s.time_s)});
  }
  std::string out = event + " - high " + std::to_string(hi) + " ms, low " + std::to_string(lo) +
                    " ms (all time high " + std::to_string(ev.max_ms) + " ms)\n";
  out += std::string(kGraphColumns, '-') + "\n";
  for (size_t j = 0; j < samples.size(); j += kGraphColumns) {
    if (j != 0) out += "\n";
    size_t len = std::min<size_t>(kGraphColumns, samples.size() - j);
    RenderGraphRange(samples, j, len, lo, hi, &out);
  }
  return out;
}

void CmdLatencyGraph(CommandContext& ctx) {
  const LatencyMonitor& lm = ctx.node.latency();
  auto it = lm.events().find(ctx.argv[2]);
  if (it == lm.events().end()) {
    return ctx.reply.Error("ERR No samples available for event '" + ctx.argv[2] + "'");
  }
  ctx.reply.Verbatim(
      "txt", LatencyGraph(it->first, it->second, lm.History(it->first), ctx.now_ms() / 1000));
}

void CmdLatencyHelp(CommandContext& ctx) {
  ReplyHelp(
      ctx.reply, ctx.argv[0],
      {
          "DOCTOR",
          "    Return a human readable latency analysis report.",
          "GRAPH <event>",
          "    Return an ASCII latency graph for the <event> class.",
          "HISTORY <event>",
          "    Return time-latency samples for the <event> class.",
          "LATEST",
          "    Return the latest latency samples for all events.",
          "RESET [<event> ...]",
          "    Reset latency data of one or more <event> classes.",
          "    (default: reset all data for all event classes)",
          "HISTOGRAM [COMMAND ...]",
          "    Return a cumulative distribution of latencies in the format of a histogram for "
          "the specified command names.",
          "    If no commands are specified then all histograms are replied.",
      });
}

// ---------------------------------------------------------------------------
// Registration
// ---------------------------------------------------------------------------

using namespace cmdflag;  // NOLINT: flag names read as the table's vocabulary
namespace acl = aclcat;

constexpr uint64_t kAdminFlags = kAdmin | kNoScript | kLoading | kStale;
constexpr uint64_t kAdminAcl = acl::kAdmin | acl::kSlow | acl::kDangerous;

CommandSpec ServerSub(std::string_view name, int arity, uint64_t flags, uint64_t acl_cats,
                      CommandHandler handler, std::string_view since, std::string_view summary,
                      std::string_view complexity, std::vector<std::string_view> tips = {}) {
  return KeylessCommandSpec("server", name, arity, flags, acl_cats, handler, since, summary,
                            complexity, std::move(tips));
}

CommandSpec Container(std::string_view name, std::string_view since, std::string_view summary,
                      std::vector<CommandSpec> subs) {
  return {.name = name,
          .arity = -2,
          .acl = acl::kSlow,
          .group = "server",
          .since = since,
          .summary = summary,
          .complexity = "Depends on subcommand.",
          .subcommands = std::move(subs)};
}

CommandSpec CommandCommandSpec() {
  constexpr uint64_t kFlags = kLoading | kStale;
  constexpr uint64_t kAcl = acl::kSlow | acl::kConnection;
  constexpr std::string_view kOrder = "nondeterministic_output_order";
  constexpr std::string_view kPerArg = "O(N) where N is the number of arguments to the command";
  constexpr std::string_view kPerLookup = "O(N) where N is the number of commands to look up";
  constexpr std::string_view kPerCommand = "O(N) where N is the total number of Redis commands";
  CommandSpec spec = ServerSub("command", -1, kFlags, kAcl, CmdCommand, "2.8.13",
                               "Get array of Redis command details", kPerCommand, {kOrder});
  spec.subcommands = {
      ServerSub("count", 2, kFlags, kAcl, CmdCommandCount, "2.8.13",
                "Get total number of Redis commands", "O(1)"),
      ServerSub("docs", -2, kFlags, kAcl, CmdCommandDocs, "7.0.0",
                "Get array of specific Redis command documentation", kPerLookup, {kOrder}),
      ServerSub("getkeys", -4, kFlags, kAcl, CmdCommandGetKeys, "2.8.13",
                "Extract keys given a full Redis command", kPerArg),
      ServerSub("getkeysandflags", -4, kFlags, kAcl, CmdCommandGetKeysAndFlags, "7.0.0",
                "Extract keys and access flags given a full Redis command", kPerArg),
      ServerSub("help", 2, kFlags, kAcl, CmdCommandHelp, "5.0.0",
                "Show helpful text about the different subcommands", "O(1)"),
      ServerSub("info", -2, kFlags, kAcl, CmdCommandInfo, "2.8.13",
                "Get array of specific Redis command details, or all when no argument is given.",
                kPerLookup, {kOrder}),
      ServerSub("list", -2, kFlags, kAcl, CmdCommandList, "7.0.0",
                "Get an array of Redis command names", kPerCommand, {kOrder}),
  };
  return spec;
}

CommandSpec SlowlogCommandSpec() {
  constexpr uint64_t kFlags = kAdmin | kLoading | kStale;
  return Container(
      "slowlog", "2.2.12", "A container for slow log commands",
      {ServerSub("get", -2, kFlags, kAdminAcl, CmdSlowlogGet, "2.2.12",
                 "Get the slow log's entries", "O(N) where N is the number of entries returned",
                 {"request_policy:all_nodes", "nondeterministic_output"}),
       ServerSub("help", 2, kLoading | kStale, acl::kSlow, CmdSlowlogHelp, "6.2.0",
                 "Show helpful text about the different subcommands", "O(1)"),
       ServerSub(
           "len", 2, kFlags, kAdminAcl, CmdSlowlogLen, "2.2.12", "Get the slow log's length",
           "O(1)",
           {"request_policy:all_nodes", "response_policy:agg_sum", "nondeterministic_output"}),
       ServerSub("reset", 2, kFlags, kAdminAcl, CmdSlowlogReset, "2.2.12",
                 "Clear all entries from the slow log",
                 "O(N) where N is the number of entries in the slowlog",
                 {"request_policy:all_nodes", "response_policy:all_succeeded"})});
}

CommandSpec LatencyCommandSpec() {
  const std::vector<std::string_view> kReport = {
      "nondeterministic_output", "request_policy:all_nodes", "response_policy:special"};
  return Container(
      "latency", "2.8.13", "A container for latency diagnostics commands",
      {ServerSub("doctor", 2, kAdminFlags, kAdminAcl, CmdLatencyDoctor, "2.8.13",
                 "Return a human readable latency analysis report.", "O(1)", kReport),
       ServerSub("graph", 3, kAdminFlags, kAdminAcl, CmdLatencyGraph, "2.8.13",
                 "Return a latency graph for the event.", "O(1)", kReport),
       ServerSub("help", 2, kLoading | kStale, acl::kSlow, CmdLatencyHelp, "2.8.13",
                 "Show helpful text about the different subcommands.", "O(1)"),
       ServerSub("histogram", -2, kAdminFlags, kAdminAcl, CmdLatencyHistogram, "7.0.0",
                 "Return the cumulative distribution of latencies of a subset of commands or all.",
                 "O(N) where N is the number of commands with latency information being "
                 "retrieved.",
                 kReport),
       ServerSub("history", 3, kAdminFlags, kAdminAcl, CmdLatencyHistory, "2.8.13",
                 "Return timestamp-latency samples for the event.", "O(1)", kReport),
       ServerSub("latest", 2, kAdminFlags, kAdminAcl, CmdLatencyLatest, "2.8.13",
                 "Return the latest latency samples for all events.", "O(1)", kReport),
       ServerSub("reset", -2, kAdminFlags, kAdminAcl, CmdLatencyReset, "2.8.13",
                 "Reset latency data for one or more events.", "O(1)",
                 {"request_policy:all_nodes", "response_policy:all_succeeded"})});
}

// ---------------------------------------------------------------------------
// Argument docs (COMMAND DOCS "arguments", "history", "doc_flags")
// ---------------------------------------------------------------------------

using namespace argdoc;  // NOLINT: builder names read as the docs' vocabulary

constexpr argdoc::DocEntry kIntrospectionDocs[] = {
    {"command|list",
     [](CommandSpec& s) {
       s.args = {OneOf("filterby",
                       {String("module-name").Token("MODULE"), String("category").Token("ACLCAT"),
                        Pattern("pattern").Token("PATTERN")})
                     .Token("FILTERBY")
                     .Optional()};
     }},
    {"command|docs",
     [](CommandSpec& s) { s.args = {String("command-name").Optional().Multiple()}; }},
    {"command|info",
     [](CommandSpec& s) {
       s.history = {
           {"7.0.0", "Allowed to be called with no argument to get info on all commands."}};
       s.args = {String("command-name").Optional().Multiple()};
     }},
    {"latency|graph", [](CommandSpec& s) { s.args = {String("event")}; }},
    {"latency|reset", [](CommandSpec& s) { s.args = {String("event").Optional().Multiple()}; }},
    {"latency|histogram",
     [](CommandSpec& s) { s.args = {String("command").Optional().Multiple()}; }},
    {"latency|history", [](CommandSpec& s) { s.args = {String("event")}; }},
    {"slowlog|get",
     [](CommandSpec& s) {
       s.history = {{"4.0.0", "Added client IP address, port and name to the reply."}};
       s.args = {Integer("count").Optional()};
     }},
};

// Adds `spec` to the table together with its argument docs.
void AddDocumented(CommandTable& table, CommandSpec spec) {
  ApplyDocs(kIntrospectionDocs, spec);
  table.Add(std::move(spec));
}

}  // namespace

void RegisterIntrospectionCommands(CommandTable& table) {
  AddDocumented(table, CommandCommandSpec());
  AddDocumented(table, SlowlogCommandSpec());
  AddDocumented(table, LatencyCommandSpec());
}

}  // namespace shoal
