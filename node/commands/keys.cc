// The generic keyspace commands: DEL, EXISTS, TYPE, the EXPIRE and TTL
// families, KEYS, SCAN, RANDOMKEY, RENAME, COPY, MOVE, SWAPDB, TOUCH, OBJECT,
// DBSIZE, FLUSHDB and FLUSHALL, replying exactly as Redis 7.0 does.
//
// Handlers parse arguments, call the operations in key_ops.h and write the
// reply; the dispatcher has already checked arity and authentication.

#include <string>
#include <string_view>
#include <vector>

#include "common/resp/writer.h"
#include "common/strutil.h"
#include "node/commands/families.h"
#include "node/commands/key_ops.h"
#include "node/core/command_args.h"
#include "node/core/blocking.h"
#include "node/core/errors.h"
#include "node/core/events.h"
#include "node/core/node.h"
#include "node/keyspace/access_clock.h"

namespace shoal {

namespace {

// Error texts of this family only.
constexpr std::string_view kInvalidCursor = "ERR invalid cursor";
constexpr std::string_view kInvalidFirstDb = "ERR invalid first DB index";
constexpr std::string_view kInvalidSecondDb = "ERR invalid second DB index";
constexpr std::string_view kCopyInCluster =
    "ERR Copying to another database is not allowed in cluster mode";
constexpr std::string_view kMoveInCluster = "ERR MOVE is not allowed in cluster mode";
constexpr std::string_view kSwapDbInCluster = "ERR SWAPDB is not allowed in cluster mode";
constexpr std::string_view kLfuNotSelected =
    "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note "
    "that when switching between policies at runtime LRU and LFU data will take some time to "
    "adjust.";
constexpr std::string_view kLfuSelected =
    "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when "
    "switching between policies at runtime LRU and LFU data will take some time to adjust.";

// ---------------------------------------------------------------------------
// Configuration the family depends on
// ---------------------------------------------------------------------------

bool LfuPolicy(const ServerConfig& cfg) {
  return cfg.maxmemory_policy.find("lfu") != std::string::npos;
}

// Small integers are shared objects unless maxmemory is set with an LRU or
// LFU policy (which needs a private access clock per key).
bool SharedIntegers(const ServerConfig& cfg) {
  const bool per_key_clock = cfg.maxmemory_policy.find("lru") != std::string::npos ||
                             cfg.maxmemory_policy.find("lfu") != std::string::npos;
  return cfg.maxmemory == 0 || !per_key_clock;
}

// The access clock of a freshly created object (COPY's duplicate).
uint32_t FreshLru(CommandContext& ctx) {
  return access::Fresh(ctx.node.keyspace().env().access, ctx.now_ms());
}

KeyspaceStats& Stats(CommandContext& ctx) { return ctx.node.keyspace_stats(); }

// Announces a change to one key in db: the modified-key signal (WATCH,
// client-side caching), then the keyspace event (a "generic" one).
void Changed(CommandContext& ctx, std::string_view event, std::string_view key, int db) {
  SignalModifiedKey(ctx.node, db, key);
  NotifyKeyspaceEvent(ctx.node, notify::kGeneric, event, key, db);
}

// Replies with a Status error; returns true if there was one.
template <typename T>
bool ReplyIfError(CommandContext& ctx, const StatusOr<T>& result) {
  if (result.ok()) return false;
  ctx.reply.Error(result.status().message());
  return true;
}

// ---------------------------------------------------------------------------
// DEL, UNLINK, EXISTS, TYPE, TOUCH
// ---------------------------------------------------------------------------

void CmdDel(CommandContext& ctx) {
  Db& db = ctx.db();
  int64_t deleted = 0;
  for (size_t i = 1; i < ctx.argv.size(); ++i) {
    // Find first: a key whose TTL passed is already gone, not "deleted".
    if (db.Find(ctx.argv[i]) != nullptr && db.Delete(ctx.argv[i])) {
      ++deleted;
      Changed(ctx, "del", ctx.argv[i], ctx.client.db);
    }
  }
  ctx.reply.Integer(deleted);
}

void CmdExists(CommandContext& ctx) {
  Db& db = ctx.db();
  int64_t found = 0;
  for (size_t i = 1; i < ctx.argv.size(); ++i) {
    if (keyops::FindReadNoTouch(db, Stats(ctx), ctx.argv[i]) != nullptr) ++found;
  }
  ctx.reply.Integer(found);
}

void CmdType(CommandContext& ctx) {
  const Object* value = keyops::FindReadNoTouch(ctx.db(), Stats(ctx), ctx.argv[1]);
  ctx.reply.Status(value == nullptr ? "none" : TypeName(value->type()));
}

void CmdTouch(CommandContext& ctx) {
  Db& db = ctx.db();
  int64_t touched = 0;
  for (size_t i = 1; i < ctx.argv.size(); ++i) {
    if (db.FindRead(ctx.argv[i]) != nullptr) ++touched;
  }
  ctx.reply.Integer(touched);
}

// ---------------------------------------------------------------------------
// EXPIRE family, TTL family, PERSIST
// ---------------------------------------------------------------------------

// EXPIRE / PEXPIRE (relative) and EXPIREAT / PEXPIREAT (absolute).
void ExpireGeneric(CommandContext& ctx, bool seconds, bool relative) {
  StatusOr<int> flags = keyops::ParseExpireFlags(ctx.argv, 3);
  if (ReplyIfError(ctx, flags)) return;
  int64_t amount;
  if (!ParseInt64(ctx.argv[2], &amount)) {
    ctx.reply.Error(errors::kNotInteger);
    return;
  }
  const int64_t now_ms = ctx.now_ms();
  StatusOr<int64_t> when =
      keyops::AbsoluteExpireMs(amount, seconds, relative ? now_ms : 0, ctx.spec.name);
  if (ReplyIfError(ctx, when)) return;
  // A replica keeps keys until its master deletes them, so it also stores a
  // past expiry instead of deleting.
  const bool delete_past = ctx.node.keyspace().env().delete_expired;
  const int changed = keyops::Expire(ctx.db(), ctx.argv[1], *when, *flags, now_ms, delete_past);
  if (changed) {
    // A time already past deleted the key instead.
    const bool deleted = ctx.db().Find(ctx.argv[1]) == nullptr;
    Changed(ctx, deleted ? "del" : "expire", ctx.argv[1], ctx.client.db);
  }
  ctx.reply.Integer(changed);
}

void CmdExpire(CommandContext& ctx) { ExpireGeneric(ctx, true, true); }
void CmdPExpire(CommandContext& ctx) { ExpireGeneric(ctx, false, true); }
void CmdExpireAt(CommandContext& ctx) { ExpireGeneric(ctx, true, false); }
void CmdPExpireAt(CommandContext& ctx) { ExpireGeneric(ctx, false, false); }

void TtlGeneric(CommandContext& ctx, keyops::TtlUnit unit, bool absolute) {
  ctx.reply.Integer(keyops::Ttl(ctx.db(), Stats(ctx), ctx.argv[1], ctx.now_ms(), unit, absolute));
}

void CmdTtl(CommandContext& ctx) { TtlGeneric(ctx, keyops::TtlUnit::kSeconds, false); }
void CmdPTtl(CommandContext& ctx) { TtlGeneric(ctx, keyops::TtlUnit::kMilliseconds, false); }
void CmdExpireTime(CommandContext& ctx) { TtlGeneric(ctx, keyops::TtlUnit::kSeconds, true); }
void CmdPExpireTime(CommandContext& ctx) { TtlGeneric(ctx, keyops::TtlUnit::kMilliseconds, true); }

void CmdPersist(CommandContext& ctx) {
  Db& db = ctx.db();
  const bool removed = db.Find(ctx.argv[1]) != nullptr && db.Persist(ctx.argv[1]);
  if (removed) Changed(ctx, "persist", ctx.argv[1], ctx.client.db);
  ctx.reply.Integer(removed ? 1 : 0);
}

// ---------------------------------------------------------------------------
// KEYS, SCAN, RANDOMKEY, DBSIZE
// ---------------------------------------------------------------------------

void CmdKeys(CommandContext& ctx) { ctx.reply.BulkArray(keyops::Keys(ctx.db(), ctx.argv[1])); }

void CmdScan(CommandContext& ctx) {
  uint64_t cursor;
  if (!keyops::ParseScanCursor(ctx.argv[1], &cursor)) {
    ctx.reply.Error(kInvalidCursor);
    return;
  }
  StatusOr<keyops::ScanOptions> opts = keyops::ParseScanOptions(ctx.argv, 2);
  if (ReplyIfError(ctx, opts)) return;
  keyops::ScanPage page = keyops::Scan(ctx.db(), cursor, *opts);
  ctx.reply.ArrayHeader(2);
  ctx.reply.Bulk(std::to_string(page.cursor));
  ctx.reply.BulkArray(page.keys);
}

void CmdRandomKey(CommandContext& ctx) {
  std::optional<std::string> key = ctx.db().RandomKey();
  if (key) {
    ctx.reply.Bulk(*key);
  } else {
    ctx.reply.Null();
  }
}

void CmdDbSize(CommandContext& ctx) { ctx.reply.Integer(static_cast<int64_t>(ctx.db().Size())); }

// ---------------------------------------------------------------------------
// RENAME, RENAMENX, COPY, MOVE, SWAPDB
// ---------------------------------------------------------------------------

// Both keys are signalled before either event, as in Redis.
void AnnounceRename(CommandContext& ctx, bool renamed) {
  if (!renamed || ctx.argv[1] == ctx.argv[2]) return;  // a key renamed to itself
  const int db = ctx.client.db;
  SignalModifiedKey(ctx.node, db, ctx.argv[1]);
  SignalModifiedKey(ctx.node, db, ctx.argv[2]);
  NotifyKeyspaceEvent(ctx.node, notify::kGeneric, "rename_from", ctx.argv[1], db);
  NotifyKeyspaceEvent(ctx.node, notify::kGeneric, "rename_to", ctx.argv[2], db);
}

void CmdRename(CommandContext& ctx) {
  StatusOr<bool> renamed = keyops::Rename(ctx.db(), ctx.argv[1], ctx.argv[2], false);
  if (ReplyIfError(ctx, renamed)) return;
  AnnounceRename(ctx, *renamed);
  SignalKeyAsReady(ctx.node, ctx.client.db, ctx.argv[2]);
  ctx.reply.Ok();
}

void CmdRenameNx(CommandContext& ctx) {
  StatusOr<bool> renamed = keyops::Rename(ctx.db(), ctx.argv[1], ctx.argv[2], true);
  if (ReplyIfError(ctx, renamed)) return;
  AnnounceRename(ctx, *renamed);
  if (*renamed) SignalKeyAsReady(ctx.node, ctx.client.db, ctx.argv[2]);
  ctx.reply.Integer(*renamed ? 1 : 0);
}

bool DbExists(CommandContext& ctx, int index) {
  return index >= 0 && index < ctx.node.keyspace().num_dbs();
}

void CmdCopy(CommandContext& ctx) {
  const std::vector<std::string>& argv = ctx.argv;
  const int src_index = ctx.client.db;
  int dst_index = src_index;
  bool replace = false;
  for (size_t i = 3; i < argv.size(); ++i) {
    if (EqualsIgnoreCase(argv[i], "replace")) {
      replace = true;
    } else if (EqualsIgnoreCase(argv[i], "db") && i + 1 < argv.size()) {
      StatusOr<int> index = keyops::ParseDbIndex(argv[++i]);
      if (ReplyIfError(ctx, index)) return;
      if (!DbExists(ctx, *index)) {
        ctx.reply.Error(errors::kDbIndexOutOfRange);
        return;
      }
      dst_index = *index;
    } else {
      ctx.reply.Error(errors::kSyntax);
      return;
    }
  }
  if (ctx.node.cfg().cluster_enabled && (src_index != 0 || dst_index != 0)) {
    ctx.reply.Error(kCopyInCluster);
    return;
  }
  if (src_index == dst_index && argv[1] == argv[2]) {
    ctx.reply.Error(errors::kSameObject);
    return;
  }
  Keyspace& keyspace = ctx.node.keyspace();
  const bool copied = keyops::Copy(keyspace.db(src_index), keyspace.db(dst_index), argv[1], argv[2],
                                   replace, FreshLru(ctx));
  if (copied) {
    Changed(ctx, "copy_to", argv[2], dst_index);
    SignalKeyAsReady(ctx.node, dst_index, argv[2]);
  }
  ctx.reply.Integer(copied ? 1 : 0);
}

void CmdMove(CommandContext& ctx) {
  if (ctx.node.cfg().cluster_enabled) {
    ctx.reply.Error(kMoveInCluster);
    return;
  }
  StatusOr<int> dst_index = keyops::ParseDbIndex(ctx.argv[2]);
  if (ReplyIfError(ctx, dst_index)) return;
  if (!DbExists(ctx, *dst_index)) {
    ctx.reply.Error(errors::kDbIndexOutOfRange);
    return;
  }
  if (*dst_index == ctx.client.db) {
    ctx.reply.Error(errors::kSameObject);
    return;
  }
  const bool moved = keyops::Move(ctx.db(), ctx.node.keyspace().db(*dst_index), ctx.argv[1]);
  if (moved) {
    SignalModifiedKey(ctx.node, ctx.client.db, ctx.argv[1]);
    SignalModifiedKey(ctx.node, *dst_index, ctx.argv[1]);
    NotifyKeyspaceEvent(ctx.node, notify::kGeneric, "move_from", ctx.argv[1], ctx.client.db);
    NotifyKeyspaceEvent(ctx.node, notify::kGeneric, "move_to", ctx.argv[1], *dst_index);
    SignalKeyAsReady(ctx.node, *dst_index, ctx.argv[1]);
  }
  ctx.reply.Integer(moved ? 1 : 0);
}

void CmdSwapDb(CommandContext& ctx) {
  if (ctx.node.cfg().cluster_enabled) {
    ctx.reply.Error(kSwapDbInCluster);
    return;
  }
  // SWAPDB reports its own texts for both parse and int-range failures.
  StatusOr<int> first = keyops::ParseDbIndex(ctx.argv[1]);
  if (!first.ok()) {
    ctx.reply.Error(kInvalidFirstDb);
    return;
  }
  StatusOr<int> second = keyops::ParseDbIndex(ctx.argv[2]);
  if (!second.ok()) {
    ctx.reply.Error(kInvalidSecondDb);
    return;
  }
  if (!DbExists(ctx, *first) || !DbExists(ctx, *second)) {
    ctx.reply.Error(errors::kDbIndexOutOfRange);
    return;
  }
  if (*first != *second) {
    SignalSwappedDbs(ctx.node, *first, *second);
    ctx.node.keyspace().SwapDbs(*first, *second);
    // Clients waiting in either database may now find their keys.
    ctx.node.blocking().SignalDb(*first);
    ctx.node.blocking().SignalDb(*second);
  }
  ctx.reply.Ok();
}

// ---------------------------------------------------------------------------
// FLUSHDB, FLUSHALL
// ---------------------------------------------------------------------------

// The optional ASYNC|SYNC argument. Freeing happens inline either way; the
// option is validated for compatibility.
bool ParseFlushMode(CommandContext& ctx) {
  if (ctx.argv.size() == 1) return true;
  if (ctx.argv.size() == 2 &&
      (EqualsIgnoreCase(ctx.argv[1], "sync") || EqualsIgnoreCase(ctx.argv[1], "async"))) {
    return true;
  }
  ctx.reply.Error(errors::kSyntax);
  return false;
}

void CmdFlushDb(CommandContext& ctx) {
  if (!ParseFlushMode(ctx)) return;
  SignalFlushedDb(ctx.node, ctx.client.db);
  ctx.db().Clear();
  ctx.node.tracking().InvalidateAll();  // every tracking client drops its cache
  ctx.reply.Ok();
}

void CmdFlushAll(CommandContext& ctx) {
  if (!ParseFlushMode(ctx)) return;
  SignalFlushedDb(ctx.node, -1);
  ctx.node.keyspace().FlushAll();
  ctx.node.tracking().InvalidateAll();
  ctx.reply.Ok();
}

// ---------------------------------------------------------------------------
// OBJECT
// ---------------------------------------------------------------------------

// OBJECT's lookups: no access-clock update, and a null reply for a missing
// key.
const Object* ObjectLookupOrReply(CommandContext& ctx) {
  const Object* value =
      keyops::FindReadNoTouch(ctx.db(), Stats(ctx), ctx.argv[2], /*notify_miss=*/false);
  if (value == nullptr) ctx.reply.Null();
  return value;
}

void CmdObjectEncoding(CommandContext& ctx) {
  const Object* value = ObjectLookupOrReply(ctx);
  if (value != nullptr) ctx.reply.Bulk(EncodingName(value->encoding()));
}

void CmdObjectFreq(CommandContext& ctx) {
  const Object* value = ObjectLookupOrReply(ctx);
  if (value == nullptr) return;
  const ServerConfig& cfg = ctx.node.cfg();
  if (!LfuPolicy(cfg)) {
    ctx.reply.Error(kLfuNotSelected);
    return;
  }
  ctx.reply.Integer(keyops::LfuCounter(value->lru(), ctx.now_ms(), cfg.lfu_decay_time));
}

void CmdObjectIdleTime(CommandContext& ctx) {
  const Object* value = ObjectLookupOrReply(ctx);
  if (value == nullptr) return;
  if (LfuPolicy(ctx.node.cfg())) {
    ctx.reply.Error(kLfuSelected);
    return;
  }
  ctx.reply.Integer(static_cast<int64_t>(keyops::IdleTimeMs(value->lru(), ctx.now_ms()) / 1000));
}

void CmdObjectRefCount(CommandContext& ctx) {
  const Object* value = ObjectLookupOrReply(ctx);
  if (value != nullptr) ctx.reply.Integer(keyops::RefCount(*value, SharedIntegers(ctx.node.cfg())));
}

void CmdObjectHelp(CommandContext& ctx) {
  static constexpr std::string_view kLines[] = {
      "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "ENCODING <key>",
      "    Return the kind of internal representation used in order to store the value",
      "    associated with a <key>.",
      "FREQ <key>",
      "    Return the access frequency index of the <key>. The returned integer is",
      "    proportional to the logarithm of the recent access frequency of the key.",
      "IDLETIME <key>",
      "    Return the idle time of the <key>, that is the approximated number of",
      "    seconds elapsed since the last access to the key.",
      "REFCOUNT <key>",
      "    Return the number of references of the value associated with the specified",
      "    <key>.",
      "HELP",
      "    Prints this help.",
  };
  ctx.reply.ArrayHeader(std::size(kLines));
  for (std::string_view line : kLines) ctx.reply.Status(line);
}

}  // namespace

// ---------------------------------------------------------------------------
// Registration
// ---------------------------------------------------------------------------

// The table uses designated initializers and leaves defaulted fields out on
// purpose; -Wextra would flag every omitted field.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace {

using namespace cmdflag;  // NOLINT(google-build-using-namespace): table readability
namespace acl = aclcat;
namespace kf = keyflag;

// Tips shared by commands that Redis fans out over shards and sums.
const std::vector<std::string_view> kMultiShardSum = {"request_policy:multi_shard",
                                                      "response_policy:agg_sum"};
const std::vector<std::string_view> kAllShardsSucceed = {"request_policy:all_shards",
                                                         "response_policy:all_succeeded"};

KeySpec OneKey(uint32_t flags) { return KeySpec::Range(1, 0, 1, flags); }
KeySpec AllKeys(uint32_t flags) { return KeySpec::Range(1, -1, 1, flags); }

CommandSpec ExpireSpec(std::string_view name, CommandHandler handler, std::string_view since,
                       std::string_view summary) {
  return {.name = name,
          .arity = -3,
          .flags = kWrite | kFast,
          .acl = acl::kKeyspace | acl::kWrite | acl::kFast,
          .key_specs = {OneKey(kf::kRW | kf::kUpdate)},
          .handler = handler,
          .group = "generic",
          .since = since,
          .summary = summary,
          .complexity = "O(1)"};
}

CommandSpec TtlSpec(std::string_view name, CommandHandler handler, std::string_view since,
                    std::string_view summary, bool nondeterministic) {
  CommandSpec spec{.name = name,
                   .arity = 2,
                   .flags = kReadOnly | kFast,
                   .acl = acl::kKeyspace | acl::kRead | acl::kFast,
                   .key_specs = {OneKey(kf::kRO | kf::kAccess)},
                   .handler = handler,
                   .group = "generic",
                   .since = since,
                   .summary = summary,
                   .complexity = "O(1)"};
  if (nondeterministic) spec.tips = {"nondeterministic_output"};
  return spec;
}

CommandSpec ObjectKeySpec(std::string_view name, CommandHandler handler, std::string_view since,
                          std::string_view summary) {
  return {.name = name,
          .arity = 3,
          .flags = kReadOnly,
          .acl = acl::kKeyspace | acl::kRead | acl::kSlow,
          .key_specs = {KeySpec::Range(2, 0, 1, kf::kRO)},
          .handler = handler,
          .group = "generic",
          .since = since,
          .summary = summary,
          .complexity = "O(1)",
          .tips = {"nondeterministic_output"}};
}

// ---------------------------------------------------------------------------
// Argument docs (COMMAND DOCS "arguments", "history", "doc_flags")
// ---------------------------------------------------------------------------

using namespace argdoc;  // NOLINT: builder names read as the docs' vocabulary

// EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT: key, their time argument, and the
// conditions added in 7.0.
void ExpireDocs(CommandSpec& s, CommandArg time) {
  s.history = {{"7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."}};
  s.args = {Key("key", 0), std::move(time),
            OneOf("condition",
                  {Token("nx", "NX"), Token("xx", "XX"), Token("gt", "GT"), Token("lt", "LT")})
                .Since("7.0.0")
                .Optional()};
}

// FLUSHDB and FLUSHALL: the optional flushing mode.
void FlushDocs(CommandSpec& s) {
  s.history = {{"4.0.0", "Added the `ASYNC` flushing mode modifier."},
               {"6.2.0", "Added the `SYNC` flushing mode modifier."}};
  s.args = {OneOf("async", {Token("async", "ASYNC").Since("4.0.0"),
                            Token("sync", "SYNC").Since("6.2.0")})
                .Optional()};
}

constexpr argdoc::DocEntry kKeyDocs[] = {
    {"copy",
     [](CommandSpec& s) {
       s.args = {Key("source", 0), Key("destination", 1),
                 Integer("destination-db").Token("DB").Optional(),
                 Token("replace", "REPLACE").Optional()};
     }},
    {"del", [](CommandSpec& s) { s.args = {Key("key", 0).Multiple()}; }},
    {"exists",
     [](CommandSpec& s) {
       s.history = {{"3.0.3", "Accepts multiple `key` arguments."}};
       s.args = {Key("key", 0).Multiple()};
     }},
    {"expire", [](CommandSpec& s) { ExpireDocs(s, Integer("seconds")); }},
    {"expireat", [](CommandSpec& s) { ExpireDocs(s, UnixTime("unix-time-seconds")); }},
    {"expiretime", [](CommandSpec& s) { s.args = {Key("key", 0)}; }},
    {"flushall", FlushDocs},
    {"flushdb", FlushDocs},
    {"keys", [](CommandSpec& s) { s.args = {Pattern("pattern")}; }},
    {"move",
     [](CommandSpec& s) {
       s.args = {Key("key", 0), Integer("db")};
     }},
    {"object|freq", [](CommandSpec& s) { s.args = {Key("key", 0)}; }},
    {"object|encoding", [](CommandSpec& s) { s.args = {Key("key", 0)}; }},
    {"object|idletime", [](CommandSpec& s) { s.args = {Key("key", 0)}; }},
    {"object|refcount", [](CommandSpec& s) { s.args = {Key("key", 0)}; }},
    {"persist", [](CommandSpec& s) { s.args = {Key("key", 0)}; }},
    {"pexpire", [](CommandSpec& s) { ExpireDocs(s, Integer("milliseconds")); }},
    {"pexpireat", [](CommandSpec& s) { ExpireDocs(s, UnixTime("unix-time-milliseconds")); }},
    {"pexpiretime", [](CommandSpec& s) { s.args = {Key("key", 0)}; }},
    {"pttl",
     [](CommandSpec& s) {
       s.history = {{"2.8.0", "Added the -2 reply."}};
       s.args = {Key("key", 0)};
     }},
    {"rename",
     [](CommandSpec& s) {
       s.args = {Key("key", 0), Key("newkey", 1)};
     }},
    {"renamenx",
     [](CommandSpec& s) {
       s.history = {{"3.2.0",
                     "The command no longer returns an error when source and destination names are "
                     "the same."}};
       s.args = {Key("key", 0), Key("newkey", 1)};
     }},
    {"scan",
     [](CommandSpec& s) {
       s.history = {{"6.0.0", "Added the `TYPE` subcommand."}};
       s.args = {Integer("cursor"), Pattern("pattern").Token("MATCH").Optional(),
                 Integer("count").Token("COUNT").Optional(),
                 String("type").Token("TYPE").Since("6.0.0").Optional()};
     }},
    {"swapdb",
     [](CommandSpec& s) {
       s.args = {Integer("index1"), Integer("index2")};
     }},
    {"touch", [](CommandSpec& s) { s.args = {Key("key", 0).Multiple()}; }},
    {"ttl",
     [](CommandSpec& s) {
       s.history = {{"2.8.0", "Added the -2 reply."}};
       s.args = {Key("key", 0)};
     }},
    {"type", [](CommandSpec& s) { s.args = {Key("key", 0)}; }},
    {"unlink", [](CommandSpec& s) { s.args = {Key("key", 0).Multiple()}; }},
};

// Adds `spec` to the table together with its argument docs.
void AddDocumented(CommandTable& table, CommandSpec spec) {
  ApplyDocs(kKeyDocs, spec);
  table.Add(std::move(spec));
}

void RegisterDeleteAndQuery(CommandTable& t) {
  AddDocumented(
      t, {.name = "del",
          .arity = -2,
          .flags = kWrite,
          .acl = acl::kKeyspace | acl::kWrite | acl::kSlow,
          .key_specs = {AllKeys(kf::kRM | kf::kDelete)},
          .handler = CmdDel,
          .group = "generic",
          .since = "1.0.0",
          .summary = "Delete a key",
          .complexity =
              "O(N) where N is the number of keys that will be removed. When a key to remove "
              "holds a value other than a string, the individual complexity for this key is O(M) "
              "where M is the number of elements in the list, set, sorted set or hash. Removing a "
              "single key that holds a string value is O(1).",
          .tips = kMultiShardSum});
  AddDocumented(
      t, {.name = "unlink",
          .arity = -2,
          .flags = kWrite | kFast,
          .acl = acl::kKeyspace | acl::kWrite | acl::kFast,
          .key_specs = {AllKeys(kf::kRM | kf::kDelete)},
          .handler = CmdDel,
          .group = "generic",
          .since = "4.0.0",
          .summary = "Delete a key asynchronously in another thread. Otherwise it is just as DEL, "
                     "but non blocking.",
          .complexity =
              "O(1) for each key removed regardless of its size. Then the command does O(N) work "
              "in a different thread in order to reclaim memory, where N is the number of "
              "allocations the deleted objects where composed of.",
          .tips = kMultiShardSum});
  AddDocumented(t, {.name = "exists",
                    .arity = -2,
                    .flags = kReadOnly | kFast,
                    .acl = acl::kKeyspace | acl::kRead | acl::kFast,
                    .key_specs = {AllKeys(kf::kRO)},
                    .handler = CmdExists,
                    .group = "generic",
                    .since = "1.0.0",
                    .summary = "Determine if a key exists",
                    .complexity = "O(N) where N is the number of keys to check.",
                    .tips = kMultiShardSum});
  AddDocumented(t, {.name = "type",
                    .arity = 2,
                    .flags = kReadOnly | kFast,
                    .acl = acl::kKeyspace | acl::kRead | acl::kFast,
                    .key_specs = {OneKey(kf::kRO)},
                    .handler = CmdType,
                    .group = "generic",
                    .since = "1.0.0",
                    .summary = "Determine the type stored at key",
                    .complexity = "O(1)"});
  AddDocumented(
      t, {.name = "touch",
          .arity = -2,
          .flags = kReadOnly | kFast,
          .acl = acl::kKeyspace | acl::kRead | acl::kFast,
          .key_specs = {AllKeys(kf::kRO)},
          .handler = CmdTouch,
          .group = "generic",
          .since = "3.2.1",
          .summary = "Alters the last access time of a key(s). Returns the number of existing keys "
                     "specified.",
          .complexity = "O(N) where N is the number of keys that will be touched.",
          .tips = kMultiShardSum});
}

void RegisterExpiry(CommandTable& t) {
  AddDocumented(t, ExpireSpec("expire", CmdExpire, "1.0.0", "Set a key's time to live in seconds"));
  AddDocumented(
      t, ExpireSpec("pexpire", CmdPExpire, "2.6.0", "Set a key's time to live in milliseconds"));
  AddDocumented(t, ExpireSpec("expireat", CmdExpireAt, "1.2.0",
                              "Set the expiration for a key as a UNIX timestamp"));
  AddDocumented(
      t, ExpireSpec("pexpireat", CmdPExpireAt, "2.6.0",
                    "Set the expiration for a key as a UNIX timestamp specified in milliseconds"));
  AddDocumented(t,
                TtlSpec("ttl", CmdTtl, "1.0.0", "Get the time to live for a key in seconds", true));
  AddDocumented(
      t, TtlSpec("pttl", CmdPTtl, "2.6.0", "Get the time to live for a key in milliseconds", true));
  AddDocumented(t, TtlSpec("expiretime", CmdExpireTime, "7.0.0",
                           "Get the expiration Unix timestamp for a key", false));
  AddDocumented(t, TtlSpec("pexpiretime", CmdPExpireTime, "7.0.0",
                           "Get the expiration Unix timestamp for a key in milliseconds", false));
  AddDocumented(t, {.name = "persist",
                    .arity = 2,
                    .flags = kWrite | kFast,
                    .acl = acl::kKeyspace | acl::kWrite | acl::kFast,
                    .key_specs = {OneKey(kf::kRW | kf::kUpdate)},
                    .handler = CmdPersist,
                    .group = "generic",
                    .since = "2.2.0",
                    .summary = "Remove the expiration from a key",
                    .complexity = "O(1)"});
}

void RegisterIteration(CommandTable& t) {
  AddDocumented(
      t, {.name = "keys",
          .arity = 2,
          .flags = kReadOnly,
          .acl = acl::kKeyspace | acl::kRead | acl::kSlow | acl::kDangerous,
          .handler = CmdKeys,
          .group = "generic",
          .since = "1.0.0",
          .summary = "Find all keys matching the given pattern",
          .complexity = "O(N) with N being the number of keys in the database, under the "
                        "assumption that the key names in the database and the given pattern have "
                        "limited length.",
          .tips = {"request_policy:all_shards", "nondeterministic_output_order"}});
  AddDocumented(
      t, {.name = "scan",
          .arity = -2,
          .flags = kReadOnly,
          .acl = acl::kKeyspace | acl::kRead | acl::kSlow,
          .handler = CmdScan,
          .group = "generic",
          .since = "2.8.0",
          .summary = "Incrementally iterate the keys space",
          .complexity = "O(1) for every call. O(N) for a complete iteration, including enough "
                        "command calls for the cursor to return back to 0. N is the number of "
                        "elements inside the collection.",
          .tips = {"nondeterministic_output", "request_policy:special"}});
  AddDocumented(t, {.name = "randomkey",
                    .arity = 1,
                    .flags = kReadOnly,
                    .acl = acl::kKeyspace | acl::kRead | acl::kSlow,
                    .handler = CmdRandomKey,
                    .group = "generic",
                    .since = "1.0.0",
                    .summary = "Return a random key from the keyspace",
                    .complexity = "O(1)",
                    .tips = {"request_policy:all_shards", "nondeterministic_output"}});
  AddDocumented(t, {.name = "dbsize",
                    .arity = 1,
                    .flags = kReadOnly | kFast,
                    .acl = acl::kKeyspace | acl::kRead | acl::kFast,
                    .handler = CmdDbSize,
                    .group = "server",
                    .since = "1.0.0",
                    .summary = "Return the number of keys in the selected database",
                    .complexity = "O(1)",
                    .tips = {"request_policy:all_shards", "response_policy:agg_sum"}});
}

void RegisterRenameAndMove(CommandTable& t) {
  AddDocumented(t, {.name = "rename",
                    .arity = 3,
                    .flags = kWrite,
                    .acl = acl::kKeyspace | acl::kWrite | acl::kSlow,
                    .key_specs = {OneKey(kf::kRW | kf::kAccess | kf::kDelete),
                                  KeySpec::Range(2, 0, 1, kf::kOW | kf::kUpdate)},
                    .handler = CmdRename,
                    .group = "generic",
                    .since = "1.0.0",
                    .summary = "Rename a key",
                    .complexity = "O(1)"});
  AddDocumented(t, {.name = "renamenx",
                    .arity = 3,
                    .flags = kWrite | kFast,
                    .acl = acl::kKeyspace | acl::kWrite | acl::kFast,
                    .key_specs = {OneKey(kf::kRW | kf::kAccess | kf::kDelete),
                                  KeySpec::Range(2, 0, 1, kf::kOW | kf::kInsert)},
                    .handler = CmdRenameNx,
                    .group = "generic",
                    .since = "1.0.0",
                    .summary = "Rename a key, only if the new key does not exist",
                    .complexity = "O(1)"});
  AddDocumented(
      t,
      {.name = "copy",
       .arity = -3,
       .flags = kWrite | kDenyOom,
       .acl = acl::kKeyspace | acl::kWrite | acl::kSlow,
       .key_specs = {OneKey(kf::kRO | kf::kAccess), KeySpec::Range(2, 0, 1, kf::kOW | kf::kUpdate)},
       .handler = CmdCopy,
       .group = "generic",
       .since = "6.2.0",
       .summary = "Copy a key",
       .complexity = "O(N) worst case for collections, where N is the number of nested items. "
                     "O(1) for string values."});
  AddDocumented(t, {.name = "move",
                    .arity = 3,
                    .flags = kWrite | kFast,
                    .acl = acl::kKeyspace | acl::kWrite | acl::kFast,
                    .key_specs = {OneKey(kf::kRW | kf::kAccess | kf::kUpdate)},
                    .handler = CmdMove,
                    .group = "generic",
                    .since = "1.0.0",
                    .summary = "Move a key to another database",
                    .complexity = "O(1)"});
  AddDocumented(
      t, {.name = "swapdb",
          .arity = 3,
          .flags = kWrite | kFast,
          .acl = acl::kKeyspace | acl::kWrite | acl::kFast | acl::kDangerous,
          .handler = CmdSwapDb,
          .group = "server",
          .since = "4.0.0",
          .summary = "Swaps two Redis databases",
          .complexity = "O(N) where N is the count of clients watching or blocking on keys from "
                        "both databases."});
}

void RegisterFlush(CommandTable& t) {
  AddDocumented(t, {.name = "flushdb",
                    .arity = -1,
                    .flags = kWrite,
                    .acl = acl::kKeyspace | acl::kWrite | acl::kSlow | acl::kDangerous,
                    .handler = CmdFlushDb,
                    .group = "server",
                    .since = "1.0.0",
                    .summary = "Remove all keys from the current database",
                    .complexity = "O(N) where N is the number of keys in the selected database",
                    .tips = kAllShardsSucceed});
  AddDocumented(t, {.name = "flushall",
                    .arity = -1,
                    .flags = kWrite,
                    .acl = acl::kKeyspace | acl::kWrite | acl::kSlow | acl::kDangerous,
                    .handler = CmdFlushAll,
                    .group = "server",
                    .since = "1.0.0",
                    .summary = "Remove all keys from all databases",
                    .complexity = "O(N) where N is the total number of keys in all databases",
                    .tips = kAllShardsSucceed});
}

void RegisterObject(CommandTable& t) {
  CommandSpec object{.name = "object",
                     .arity = -2,
                     .acl = acl::kSlow,
                     .group = "generic",
                     .since = "2.2.3",
                     .summary = "A container for object introspection commands",
                     .complexity = "Depends on subcommand."};
  // Subcommands in the order Redis 7.0 lists them in COMMAND INFO / DOCS.
  object.subcommands.push_back({.name = "help",
                                .arity = 2,
                                .flags = kLoading | kStale,
                                .acl = acl::kKeyspace | acl::kSlow,
                                .handler = CmdObjectHelp,
                                .group = "generic",
                                .since = "6.2.0",
                                .summary = "Show helpful text about the different subcommands",
                                .complexity = "O(1)"});
  object.subcommands.push_back(
      ObjectKeySpec("freq", CmdObjectFreq, "4.0.0",
                    "Get the logarithmic access frequency counter of a Redis object"));
  object.subcommands.push_back(ObjectKeySpec("encoding", CmdObjectEncoding, "2.2.3",
                                             "Inspect the internal encoding of a Redis object"));
  object.subcommands.push_back(
      ObjectKeySpec("idletime", CmdObjectIdleTime, "2.2.3",
                    "Get the time since a Redis object was last accessed"));
  object.subcommands.push_back(
      ObjectKeySpec("refcount", CmdObjectRefCount, "2.2.3",
                    "Get the number of references to the value of the key"));
  AddDocumented(t, std::move(object));
}

}  // namespace

void RegisterKeyCommands(CommandTable& table) {
  RegisterDeleteAndQuery(table);
  RegisterExpiry(table);
  RegisterIteration(table);
  RegisterRenameAndMove(table);
  RegisterFlush(table);
  RegisterObject(table);
}

#pragma GCC diagnostic pop

}  // namespace shoal
