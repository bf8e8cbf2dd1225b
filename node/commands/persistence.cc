// SAVE, BGSAVE, DUMP and RESTORE: snapshots of the whole keyspace and of one
// value, in Redis 7.0's RDB format.

#include <string>
#include <string_view>

#include "common/crc64.h"
#include "common/strutil.h"
#include "node/commands/families.h"
#include "node/core/command.h"
#include "node/core/command_args.h"
#include "node/core/errors.h"
#include "node/core/events.h"
#include "node/core/node.h"
#include "node/persistence/aof.h"
#include "node/persistence/rdb_codec.h"
#include "node/persistence/rdb_format.h"
#include "node/persistence/rdb_values.h"
#include "node/persistence/snapshot.h"

namespace shoal {

namespace {

constexpr std::string_view kBadPayload = "ERR DUMP payload version or checksum are wrong";

// ---------------------------------------------------------------------------
// SAVE / BGSAVE
// ---------------------------------------------------------------------------

void CmdSave(CommandContext& ctx) {
  Status st = ctx.node.snapshots().Save();
  if (!st.ok()) {
    ctx.reply.Error(st.message());
    return;
  }
  ctx.reply.Ok();
}

void CmdBgSave(CommandContext& ctx) {
  bool schedule = false;
  if (ctx.argv.size() > 1) {
    if (ctx.argv.size() != 2 || !EqualsIgnoreCase(ctx.argv[1], "schedule")) {
      ctx.reply.Error(errors::kSyntax);
      return;
    }
    schedule = true;
  }
  StatusOr<Snapshotter::BgResult> r = ctx.node.snapshots().BackgroundSave(schedule);
  if (!r.ok()) {
    ctx.reply.Error(r.status().message());
    return;
  }
  ctx.reply.Status(*r == Snapshotter::BgResult::kStarted ? "Background saving started"
                                                          : "Background saving scheduled");
}

void CmdBgRewriteAof(CommandContext& ctx) {
  bool scheduled = false;
  StatusOr<bool> r = ctx.node.aof().BackgroundRewrite(&scheduled);
  if (!r.ok()) {
    ctx.reply.Error(r.status().message());
    return;
  }
  ctx.reply.Status(scheduled ? "Background append only file rewriting scheduled"
                             : "Background append only file rewriting started");
}

// ---------------------------------------------------------------------------
// DUMP / RESTORE
// ---------------------------------------------------------------------------

// <type><value><RDB version, 2 bytes LE><CRC-64 of all that, 8 bytes LE>.
std::string DumpPayload(const Object& value, const ServerConfig& cfg) {
  std::string out;
  rdb::RdbWriter w(&out, cfg.rdbcompression);
  w.Byte(rdb::TypeOf(value));
  rdb::WriteValue(w, value, cfg);
  w.Byte(static_cast<uint8_t>(rdb::kVersion & 0xff));
  w.Byte(static_cast<uint8_t>(rdb::kVersion >> 8));
  w.U64LE(Crc64(0, out));
  return out;
}

// Checks the footer; returns the payload without it, or false.
bool VerifyPayload(std::string_view payload, bool check_crc, std::string_view* body) {
  if (payload.size() < 10) return false;
  const size_t footer = payload.size() - 10;
  const int version = static_cast<uint8_t>(payload[footer]) |
                      (static_cast<uint8_t>(payload[footer + 1]) << 8);
  if (version > rdb::kVersion) return false;
  if (check_crc) {
    uint64_t crc = 0;
    for (int i = 7; i >= 0; --i) crc = (crc << 8) | static_cast<uint8_t>(payload[footer + 2 + i]);
    if (Crc64(0, payload.substr(0, footer + 2)) != crc) return false;
  }
  *body = payload.substr(0, footer);
  return true;
}

void CmdDump(CommandContext& ctx) {
  const Object* o = ctx.db().FindRead(ctx.argv[1]);
  if (o == nullptr) {
    ctx.reply.Null();
    return;
  }
  ctx.reply.Bulk(DumpPayload(*o, ctx.node.cfg()));
}

struct RestoreArgs {
  bool replace = false;
  bool absttl = false;
  int64_t idle = -1;
  int64_t freq = -1;
};

bool ParseRestoreArgs(CommandContext& ctx, RestoreArgs* a) {
  for (size_t j = 4; j < ctx.argv.size(); ++j) {
    const size_t more = ctx.argv.size() - j - 1;
    const std::string& opt = ctx.argv[j];
    if (EqualsIgnoreCase(opt, "replace")) {
      a->replace = true;
    } else if (EqualsIgnoreCase(opt, "absttl")) {
      a->absttl = true;
    } else if (EqualsIgnoreCase(opt, "idletime") && more >= 1 && a->freq == -1) {
      if (!ParseInt64(ctx.argv[++j], &a->idle)) {
        ctx.reply.Error(errors::kNotInteger);
        return false;
      }
      if (a->idle < 0) {
        ctx.reply.Error("ERR Invalid IDLETIME value, must be >= 0");
        return false;
      }
    } else if (EqualsIgnoreCase(opt, "freq") && more >= 1 && a->idle == -1) {
      if (!ParseInt64(ctx.argv[++j], &a->freq)) {
        ctx.reply.Error(errors::kNotInteger);
        return false;
      }
      if (a->freq < 0 || a->freq > 255) {
        ctx.reply.Error("ERR Invalid FREQ value, must be >= 0 and <= 255");
        return false;
      }
    } else {
      ctx.reply.Error(errors::kSyntax);
      return false;
    }
  }
  return true;
}

void CmdRestore(CommandContext& ctx) {
  RestoreArgs a;
  if (!ParseRestoreArgs(ctx, &a)) return;
  Db& db = ctx.db();
  const std::string& key = ctx.argv[1];
  if (!a.replace && db.Find(key) != nullptr) {
    ctx.reply.Error("BUSYKEY Target key name already exists.");
    return;
  }
  int64_t ttl;
  if (!ParseInt64(ctx.argv[2], &ttl)) {
    ctx.reply.Error(errors::kNotInteger);
    return;
  }
  if (ttl < 0) {
    ctx.reply.Error("ERR Invalid TTL value, must be >= 0");
    return;
  }
  std::string_view body;
  if (!VerifyPayload(ctx.argv[3], ctx.node.cfg().rdbchecksum, &body)) {
    ctx.reply.Error(kBadPayload);
    return;
  }
  rdb::RdbReader r(body);
  StatusOr<uint8_t> type = r.Byte();
  StatusOr<Object> value =
      type.ok() ? rdb::ReadObject(r, *type, ctx.node.cfg()) : StatusOr<Object>(type.status());
  if (!value.ok() || rdb::IsEmptyCollection(*value)) {
    ctx.reply.Error("ERR Bad data format");
    return;
  }
  const bool deleted = a.replace && db.Delete(key);
  if (ttl != 0 && !a.absttl) ttl += ctx.now_ms();
  if (ttl != 0 && ttl <= ctx.now_ms()) {
    // Already expired: the key is not created (and a replaced one is gone).
    if (deleted) {
      SignalModifiedKey(ctx.node, ctx.client.db, key);
      NotifyKeyspaceEvent(ctx.node, notify::kGeneric, "del", key, ctx.client.db);
      ++ctx.node.dirty;
    }
    ctx.reply.Ok();
    return;
  }
  db.Insert(key, std::move(*value), ttl == 0 ? -1 : ttl);
  SignalKeyAsReady(ctx.node, ctx.client.db, key);
  SignalModifiedKey(ctx.node, ctx.client.db, key);
  NotifyKeyspaceEvent(ctx.node, notify::kGeneric, "restore", key, ctx.client.db);
  ctx.reply.Ok();
}

// ---------------------------------------------------------------------------
// Registration
// ---------------------------------------------------------------------------

using namespace cmdflag;  // NOLINT(google-build-using-namespace): table readability
using namespace argdoc;   // NOLINT: builder names read as the docs' vocabulary
namespace acl = aclcat;
namespace kf = keyflag;

constexpr uint64_t kAdminAcl = acl::kAdmin | acl::kSlow | acl::kDangerous;
constexpr std::string_view kDumpComplexity =
    "O(1) to access the key and additional O(N*M) to serialize it, where N is the number of "
    "Redis objects composing the value and M their average size. For small string values the "
    "time complexity is thus O(1)+O(1*M) where M is small, so simply O(1).";
constexpr std::string_view kRestoreComplexity =
    "O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, "
    "where N is the number of Redis objects composing the value and M their average size. For "
    "small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply "
    "O(1). However for sorted set values the complexity is O(N*M*log(N)) because inserting "
    "values into sorted sets is O(log(N)).";

}  // namespace

void RegisterPersistenceCommands(CommandTable& table) {
  table.Add({.name = "save",
             .arity = 1,
             .flags = kAdmin | kNoScript | kNoAsyncLoading | kNoMulti,
             .acl = kAdminAcl,
             .handler = CmdSave,
             .group = "server",
             .since = "1.0.0",
             .summary = "Synchronously save the dataset to disk",
             .complexity = "O(N) where N is the total number of keys in all databases"});
  table.Add({.name = "bgsave",
             .arity = -1,
             .flags = kAdmin | kNoScript | kNoAsyncLoading,
             .acl = kAdminAcl,
             .handler = CmdBgSave,
             .group = "server",
             .since = "1.0.0",
             .summary = "Asynchronously save the dataset to disk",
             .complexity = "O(1)",
             .args = {Token("schedule", "SCHEDULE").Since("3.2.2").Optional()},
             .history = {{"3.2.2", "Added the `SCHEDULE` option."}}});
  table.Add({.name = "bgrewriteaof",
             .arity = 1,
             .flags = kAdmin | kNoScript | kNoAsyncLoading,
             .acl = kAdminAcl,
             .handler = CmdBgRewriteAof,
             .group = "server",
             .since = "1.0.0",
             .summary = "Asynchronously rewrite the append-only file",
             .complexity = "O(1)"});
  table.Add({.name = "dump",
             .arity = 2,
             .flags = kReadOnly,
             .acl = acl::kKeyspace | acl::kRead | acl::kSlow,
             .key_specs = {KeySpec::Range(1, 0, 1, kf::kRO | kf::kAccess)},
             .handler = CmdDump,
             .group = "generic",
             .since = "2.6.0",
             .summary = "Return a serialized version of the value stored at the specified key.",
             .complexity = kDumpComplexity,
             .tips = {"nondeterministic_output"},
             .args = {Key("key", 0)}});
  table.Add({.name = "restore",
             .arity = -4,
             .flags = kWrite | kDenyOom,
             .acl = acl::kKeyspace | acl::kWrite | acl::kSlow | acl::kDangerous,
             .key_specs = {KeySpec::Range(1, 0, 1, kf::kOW | kf::kUpdate)},
             .handler = CmdRestore,
             .group = "generic",
             .since = "2.6.0",
             .summary = "Create a key using the provided serialized value, previously obtained "
                        "using DUMP.",
             .complexity = kRestoreComplexity,
             .args = {Key("key", 0), Integer("ttl"), String("serialized-value"),
                      Token("replace", "REPLACE").Since("3.0.0").Optional(),
                      Token("absttl", "ABSTTL").Since("5.0.0").Optional(),
                      Integer("seconds").Token("IDLETIME").Since("5.0.0").Optional(),
                      Integer("frequency").Token("FREQ").Since("5.0.0").Optional()},
             .history = {{"3.0.0", "Added the `REPLACE` modifier."},
                         {"5.0.0", "Added the `ABSTTL` modifier."},
                         {"5.0.0", "Added the `IDLETIME` and `FREQ` options."}}});
}

}  // namespace shoal
