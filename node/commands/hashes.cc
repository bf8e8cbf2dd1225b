// The hash command family, with Redis 7.0's replies, error texts, encodings
// ("listpack" / "hashtable", see node/keyspace/types/hash.h) and keyspace
// events.
//
// Each command is an operation on the keyspace (Op*: returns a value or a
// Status, never writes RESP) plus a handler (Cmd*) that parses arguments and
// builds the reply. Argument errors are reported before the key is looked
// up, in the order Redis checks them.

#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/resp/writer.h"
#include "common/status.h"
#include "common/strutil.h"
#include "node/commands/families.h"
#include "node/commands/key_ops.h"
#include "node/commands/string_ops.h"
#include "node/core/command.h"
#include "node/core/command_args.h"
#include "node/core/errors.h"
#include "node/core/events.h"
#include "node/core/node.h"
#include "node/keyspace/db.h"
#include "node/keyspace/object.h"
#include "node/keyspace/types/hash.h"

namespace shoal {

namespace {

constexpr std::string_view kHashNotInteger = "ERR hash value is not an integer";
constexpr std::string_view kHashNotFloat = "ERR hash value is not a float";
constexpr std::string_view kNanOrInfinity = "ERR value is NaN or Infinity";
constexpr std::string_view kWouldBeNanOrInfinity = "ERR increment would produce NaN or Infinity";
constexpr std::string_view kOutOfRange = "ERR value is out of range";
constexpr std::string_view kCountOutOfRange =
    "ERR value is out of range, value must between -9223372036854775807 and "
    "9223372036854775807";
constexpr std::string_view kInvalidCursor = "ERR invalid cursor";

Status Err(std::string_view text) { return Status::Error(std::string(text)); }

// ---------------------------------------------------------------------------
// Lookups
// ---------------------------------------------------------------------------

// The hash at key (nullptr when absent), or WRONGTYPE. A read lookup counts a
// keyspace hit or miss.
StatusOr<HashValue*> LookupHash(Db& db, std::string_view key, bool read) {
  Object* o = read ? db.FindRead(key) : db.Find(key);
  if (o == nullptr) return static_cast<HashValue*>(nullptr);
  if (o->type() != ObjType::kHash) return Err(errors::kWrongType);
  return &o->As<HashValue>();
}

// The hash at key, created empty (listpack) when absent: Redis's
// hashTypeLookupWriteOrCreate.
StatusOr<HashValue*> LookupOrCreateHash(Db& db, std::string_view key) {
  StatusOr<HashValue*> h = LookupHash(db, key, /*read=*/false);
  if (!h.ok() || *h != nullptr) return h;
  db.Add(key, Object::Collection(ObjType::kHash, std::make_unique<HashValue>()));
  return &db.Find(key)->As<HashValue>();
}

HashLimits Limits(const Node& node) {
  HashLimits limits;
  limits.max_entries = static_cast<size_t>(node.cfg().hash_max_listpack_entries);
  limits.max_value = static_cast<size_t>(node.cfg().hash_max_listpack_value);
  return limits;
}

// After a change: WATCH invalidation, then the keyspace event.
void Changed(CommandContext& ctx, std::string_view event, std::string_view key) {
  SignalModifiedKey(ctx.node, ctx.client.db, key);
  NotifyKeyspaceEvent(ctx.node, notify::kHash, event, key, ctx.client.db);
}

void ReplyError(CommandContext& ctx, const Status& s) { ctx.reply.Error(s.message()); }

// ---------------------------------------------------------------------------
// HSET / HMSET / HSETNX
// ---------------------------------------------------------------------------

// Sets the pairs argv[2..]; returns how many fields were new. Every argument
// is checked against the value limit before anything is written.
StatusOr<size_t> OpHSet(Db& db, const std::vector<std::string>& argv, const HashLimits& limits) {
  StatusOr<HashValue*> h = LookupOrCreateHash(db, argv[1]);
  if (!h.ok()) return h.status();
  (*h)->ConvertIfTooLong(argv.data() + 2, argv.size() - 2, limits);
  size_t created = 0;
  for (size_t i = 2; i + 1 < argv.size(); i += 2) {
    if ((*h)->Set(argv[i], argv[i + 1], limits)) ++created;
  }
  return created;
}

void HSetGeneric(CommandContext& ctx, bool count_reply) {
  if (ctx.argv.size() % 2 == 1) return ctx.reply.Error(errors::WrongArity(ctx.spec.full_name));
  StatusOr<size_t> created = OpHSet(ctx.db(), ctx.argv, Limits(ctx.node));
  if (!created.ok()) return ReplyError(ctx, created.status());
  Changed(ctx, "hset", ctx.argv[1]);
  if (count_reply) return ctx.reply.Integer(static_cast<int64_t>(*created));
  ctx.reply.Ok();
}
void CmdHSet(CommandContext& ctx) { HSetGeneric(ctx, /*count_reply=*/true); }
void CmdHMSet(CommandContext& ctx) { HSetGeneric(ctx, /*count_reply=*/false); }

// HSETNX: sets only an absent field; as in Redis 7.0 the value limit is
// checked (and the hash converted) only when it does.
StatusOr<bool> OpHSetNx(Db& db, const std::vector<std::string>& argv, const HashLimits& limits) {
  StatusOr<HashValue*> h = LookupOrCreateHash(db, argv[1]);
  if (!h.ok()) return h.status();
  if ((*h)->Exists(argv[2])) return false;
  (*h)->ConvertIfTooLong(argv.data() + 2, 2, limits);
  (*h)->Set(argv[2], argv[3], limits);
  return true;
}

void CmdHSetNx(CommandContext& ctx) {
  StatusOr<bool> set = OpHSetNx(ctx.db(), ctx.argv, Limits(ctx.node));
  if (!set.ok()) return ReplyError(ctx, set.status());
  if (*set) Changed(ctx, "hset", ctx.argv[1]);
  ctx.reply.Integer(*set ? 1 : 0);
}

// ---------------------------------------------------------------------------
// Reads of single fields
// ---------------------------------------------------------------------------

void CmdHGet(CommandContext& ctx) {
  StatusOr<HashValue*> h = LookupHash(ctx.db(), ctx.argv[1], /*read=*/true);
  if (!h.ok()) return ReplyError(ctx, h.status());
  std::optional<std::string> v = *h != nullptr ? (*h)->Get(ctx.argv[2]) : std::nullopt;
  if (!v) return ctx.reply.Null();
  ctx.reply.Bulk(*v);
}

void CmdHMGet(CommandContext& ctx) {
  StatusOr<HashValue*> h = LookupHash(ctx.db(), ctx.argv[1], /*read=*/true);
  if (!h.ok()) return ReplyError(ctx, h.status());
  ctx.reply.ArrayHeader(ctx.argv.size() - 2);
  for (size_t i = 2; i < ctx.argv.size(); ++i) {
    std::optional<std::string> v = *h != nullptr ? (*h)->Get(ctx.argv[i]) : std::nullopt;
    if (v) {
      ctx.reply.Bulk(*v);
    } else {
      ctx.reply.Null();
    }
  }
}

void CmdHExists(CommandContext& ctx) {
  StatusOr<HashValue*> h = LookupHash(ctx.db(), ctx.argv[1], /*read=*/true);
  if (!h.ok()) return ReplyError(ctx, h.status());
  ctx.reply.Integer(*h != nullptr && (*h)->Exists(ctx.argv[2]) ? 1 : 0);
}

void CmdHStrlen(CommandContext& ctx) {
  StatusOr<HashValue*> h = LookupHash(ctx.db(), ctx.argv[1], /*read=*/true);
  if (!h.ok()) return ReplyError(ctx, h.status());
  ctx.reply.Integer(*h != nullptr ? static_cast<int64_t>((*h)->ValueLength(ctx.argv[2])) : 0);
}

void CmdHLen(CommandContext& ctx) {
  StatusOr<HashValue*> h = LookupHash(ctx.db(), ctx.argv[1], /*read=*/true);
  if (!h.ok()) return ReplyError(ctx, h.status());
  ctx.reply.Integer(*h != nullptr ? static_cast<int64_t>((*h)->Size()) : 0);
}

// ---------------------------------------------------------------------------
// HDEL
// ---------------------------------------------------------------------------

struct DelOutcome {
  size_t deleted = 0;
  bool key_removed = false;
};

// Removes the fields argv[2..]; the key goes when its last field does.
StatusOr<DelOutcome> OpHDel(Db& db, const std::vector<std::string>& argv) {
  StatusOr<HashValue*> h = LookupHash(db, argv[1], /*read=*/false);
  if (!h.ok()) return h.status();
  DelOutcome out;
  if (*h == nullptr) return out;
  for (size_t i = 2; i < argv.size(); ++i) {
    if ((*h)->Delete(argv[i])) ++out.deleted;
    if ((*h)->Size() == 0) {
      db.Delete(argv[1]);
      out.key_removed = true;
      break;
    }
  }
  return out;
}

void CmdHDel(CommandContext& ctx) {
  StatusOr<DelOutcome> r = OpHDel(ctx.db(), ctx.argv);
  if (!r.ok()) return ReplyError(ctx, r.status());
  if (r->deleted > 0) {
    Changed(ctx, "hdel", ctx.argv[1]);
    if (r->key_removed) NotifyKeyspaceEvent(ctx.node, notify::kGeneric, "del", ctx.argv[1],
                                            ctx.client.db);
  }
  ctx.reply.Integer(static_cast<int64_t>(r->deleted));
}

// ---------------------------------------------------------------------------
// Counters
// ---------------------------------------------------------------------------

// HINCRBY: the field's value must be an integer; the sum must not overflow.
StatusOr<int64_t> OpHIncrBy(Db& db, std::string_view key, std::string_view field, int64_t delta,
                            const HashLimits& limits) {
  StatusOr<HashValue*> h = LookupOrCreateHash(db, key);
  if (!h.ok()) return h.status();
  int64_t value = 0;
  if (std::optional<std::string> old = (*h)->Get(field)) {
    if (!ParseInt64(*old, &value)) return Err(kHashNotInteger);
  }
  StatusOr<int64_t> sum = stringops::AddChecked(value, delta);
  if (!sum.ok()) return sum;
  (*h)->Set(field, std::to_string(*sum), limits);
  return sum;
}

void CmdHIncrBy(CommandContext& ctx) {
  int64_t delta = 0;
  if (!ParseInt64(ctx.argv[3], &delta)) return ctx.reply.Error(errors::kNotInteger);
  StatusOr<int64_t> v = OpHIncrBy(ctx.db(), ctx.argv[1], ctx.argv[2], delta, Limits(ctx.node));
  if (!v.ok()) return ReplyError(ctx, v.status());
  Changed(ctx, "hincrby", ctx.argv[1]);
  ctx.reply.Integer(*v);
}

// HINCRBYFLOAT: long double arithmetic, the result stored and returned as
// text (a result over the value limit converts the hash).
StatusOr<std::string> OpHIncrByFloat(Db& db, std::string_view key, std::string_view field,
                                     long double incr, const HashLimits& limits) {
  StatusOr<HashValue*> h = LookupOrCreateHash(db, key);
  if (!h.ok()) return h.status();
  long double value = 0;
  if (std::optional<std::string> old = (*h)->Get(field)) {
    if (!ParseLongDouble(*old, &value)) return Err(kHashNotFloat);
  }
  value += incr;
  if (std::isnan(value) || std::isinf(value)) return Err(kWouldBeNanOrInfinity);
  std::string text = stringops::FormatLongDouble(value);
  (*h)->Set(field, text, limits);
  return text;
}

void CmdHIncrByFloat(CommandContext& ctx) {
  long double incr = 0;
  if (!ParseLongDouble(ctx.argv[3], &incr)) return ctx.reply.Error(errors::kNotFloat);
  if (std::isnan(incr) || std::isinf(incr)) return ctx.reply.Error(kNanOrInfinity);
  StatusOr<std::string> v =
      OpHIncrByFloat(ctx.db(), ctx.argv[1], ctx.argv[2], incr, Limits(ctx.node));
  if (!v.ok()) return ReplyError(ctx, v.status());
  Changed(ctx, "hincrbyfloat", ctx.argv[1]);
  ctx.reply.Bulk(*v);
}

// ---------------------------------------------------------------------------
// Whole-hash reads
// ---------------------------------------------------------------------------

enum GetAllParts : int { kFields = 1, kValues = 2 };

// HGETALL (a map in RESP3), HKEYS, HVALS.
void GetAllGeneric(CommandContext& ctx, int parts) {
  StatusOr<HashValue*> h = LookupHash(ctx.db(), ctx.argv[1], /*read=*/true);
  if (!h.ok()) return ReplyError(ctx, h.status());
  const bool both = parts == (kFields | kValues);
  const size_t n = *h != nullptr ? (*h)->Size() : 0;
  if (both) {
    ctx.reply.MapHeader(n);
  } else {
    ctx.reply.ArrayHeader(n);
  }
  if (*h == nullptr) return;
  resp::ReplyWriter& reply = ctx.reply;
  (*h)->ForEach([&reply, parts](std::string_view f, std::string_view v) {
    if (parts & kFields) reply.Bulk(f);
    if (parts & kValues) reply.Bulk(v);
  });
}
void CmdHGetAll(CommandContext& ctx) { GetAllGeneric(ctx, kFields | kValues); }
void CmdHKeys(CommandContext& ctx) { GetAllGeneric(ctx, kFields); }
void CmdHVals(CommandContext& ctx) { GetAllGeneric(ctx, kValues); }

// ---------------------------------------------------------------------------
// HRANDFIELD
// ---------------------------------------------------------------------------

// One pick as RESP3 (a [field, value] pair) or RESP2 (flat) wants it.
void ReplyPick(resp::ReplyWriter& reply, std::string_view field, std::string_view value,
               bool with_values) {
  if (with_values && reply.protocol() > 2) reply.ArrayHeader(2);
  reply.Bulk(field);
  if (with_values) reply.Bulk(value);
}

void ReplyPicksHeader(resp::ReplyWriter& reply, size_t n, bool with_values) {
  reply.ArrayHeader(with_values && reply.protocol() == 2 ? n * 2 : n);
}

// HRANDFIELD key count [WITHVALUES]: a negative count allows repeats.
void RandomFieldsWithCount(CommandContext& ctx, int64_t count, bool with_values) {
  StatusOr<HashValue*> found = LookupHash(ctx.db(), ctx.argv[1], /*read=*/true);
  if (!found.ok()) return ReplyError(ctx, found.status());
  if (*found == nullptr || count == 0) return ctx.reply.ArrayHeader(0);
  HashValue& h = **found;
  Rng& rng = ctx.node.rng();
  const bool unique = count > 0;
  const uint64_t n = unique ? static_cast<uint64_t>(count) : static_cast<uint64_t>(-count);
  if (!unique || n == 1) {
    ReplyPicksHeader(ctx.reply, n, with_values);
    if (h.encoding() == Encoding::kListpack) {
      // At most max-listpack-entries pairs: decode once, pick by index.
      const std::vector<std::pair<std::string, std::string>> pairs = h.Pairs();
      for (uint64_t i = 0; i < n; ++i) {
        const auto& p = pairs[rng.Uniform(pairs.size())];
        ReplyPick(ctx.reply, p.first, p.second, with_values);
      }
      return;
    }
    for (uint64_t i = 0; i < n; ++i) {
      const std::pair<std::string, std::string> p = h.RandomPair(rng);
      ReplyPick(ctx.reply, p.first, p.second, with_values);
    }
    return;
  }
  const size_t size = h.Size();
  if (n >= size) {
    ReplyPicksHeader(ctx.reply, size, with_values);
    resp::ReplyWriter& reply = ctx.reply;
    h.ForEach([&reply, with_values](std::string_view f, std::string_view v) {
      ReplyPick(reply, f, v, with_values);
    });
    return;
  }
  const std::vector<std::pair<std::string, std::string>> picks =
      h.RandomDistinctPairs(static_cast<size_t>(n), rng);
  ReplyPicksHeader(ctx.reply, picks.size(), with_values);
  for (const auto& p : picks) ReplyPick(ctx.reply, p.first, p.second, with_values);
}

void CmdHRandField(CommandContext& ctx) {
  if (ctx.argv.size() >= 3) {
    int64_t count = 0;
    if (!ParseInt64(ctx.argv[2], &count)) return ctx.reply.Error(errors::kNotInteger);
    if (count == std::numeric_limits<int64_t>::min()) return ctx.reply.Error(kCountOutOfRange);
    const bool with_values = ctx.argv.size() == 4;
    if (ctx.argv.size() > 4 || (with_values && !EqualsIgnoreCase(ctx.argv[3], "withvalues"))) {
      return ctx.reply.Error(errors::kSyntax);
    }
    // Twice the count must fit (RESP2 replies two bulks a pick).
    constexpr int64_t kHalf = std::numeric_limits<int64_t>::max() / 2;
    if (with_values && (count < -kHalf || count > kHalf)) return ctx.reply.Error(kOutOfRange);
    return RandomFieldsWithCount(ctx, count, with_values);
  }
  StatusOr<HashValue*> h = LookupHash(ctx.db(), ctx.argv[1], /*read=*/true);
  if (!h.ok()) return ReplyError(ctx, h.status());
  if (*h == nullptr) return ctx.reply.Null();
  ctx.reply.Bulk((*h)->RandomPair(ctx.node.rng()).first);
}

// ---------------------------------------------------------------------------
// HSCAN
// ---------------------------------------------------------------------------

struct HScanOptions {
  size_t count = 10;
  std::string pattern;  // empty: everything
};

// MATCH pattern / COUNT n, in any order, each possibly repeated.
StatusOr<HScanOptions> ParseHScanOptions(const std::vector<std::string>& argv) {
  HScanOptions opts;
  for (size_t i = 3; i < argv.size(); i += 2) {
    const bool has_arg = i + 1 < argv.size();
    if (has_arg && EqualsIgnoreCase(argv[i], "count")) {
      int64_t count = 0;
      if (!ParseInt64(argv[i + 1], &count)) return Err(errors::kNotInteger);
      if (count < 1) return Err(errors::kSyntax);
      opts.count = static_cast<size_t>(count);
    } else if (has_arg && EqualsIgnoreCase(argv[i], "match")) {
      opts.pattern = argv[i + 1] == "*" ? std::string() : argv[i + 1];
    } else {
      return Err(errors::kSyntax);
    }
  }
  return opts;
}

// As Redis: the cursor is checked first, a missing key answers an empty page
// before the options are read.
void CmdHScan(CommandContext& ctx) {
  uint64_t cursor = 0;
  if (!keyops::ParseScanCursor(ctx.argv[2], &cursor)) return ctx.reply.Error(kInvalidCursor);
  StatusOr<HashValue*> h = LookupHash(ctx.db(), ctx.argv[1], /*read=*/true);
  if (!h.ok()) return ReplyError(ctx, h.status());
  if (*h == nullptr) {
    ctx.reply.ArrayHeader(2);
    ctx.reply.Bulk("0");
    return ctx.reply.ArrayHeader(0);
  }
  StatusOr<HScanOptions> opts = ParseHScanOptions(ctx.argv);
  if (!opts.ok()) return ReplyError(ctx, opts.status());
  std::vector<std::string> items;
  const uint64_t next =
      (*h)->Scan(cursor, opts->count, [&](std::string_view f, std::string_view v) {
        if (!opts->pattern.empty() && !GlobMatch(opts->pattern, f)) return;
        items.emplace_back(f);
        items.emplace_back(v);
      });
  ctx.reply.ArrayHeader(2);
  ctx.reply.Bulk(std::to_string(next));
  ctx.reply.BulkArray(items);
}

// ---------------------------------------------------------------------------
// Registration helpers and argument docs
// ---------------------------------------------------------------------------

using namespace argdoc;  // NOLINT: builder names read as the docs' vocabulary

CommandArg KeyArg() { return Key("key", 0); }
CommandArg FieldValuePairs() {
  return Block("field_value", {String("field"), String("value")}).Multiple();
}

constexpr argdoc::DocEntry kHashDocs[] = {
    {"hdel",
     [](CommandSpec& s) {
       s.history = {{"2.4.0", "Accepts multiple `field` arguments."}};
       s.args = {KeyArg(), String("field").Multiple()};
     }},
    {"hexists", [](CommandSpec& s) { s.args = {KeyArg(), String("field")}; }},
    {"hget", [](CommandSpec& s) { s.args = {KeyArg(), String("field")}; }},
    {"hgetall", [](CommandSpec& s) { s.args = {KeyArg()}; }},
    {"hincrby",
     [](CommandSpec& s) {
       s.args = {KeyArg(), String("field"), Integer("increment")};
     }},
    {"hincrbyfloat",
     [](CommandSpec& s) {
       s.args = {KeyArg(), String("field"), Double("increment")};
     }},
    {"hkeys", [](CommandSpec& s) { s.args = {KeyArg()}; }},
    {"hlen", [](CommandSpec& s) { s.args = {KeyArg()}; }},
    {"hmget", [](CommandSpec& s) { s.args = {KeyArg(), String("field").Multiple()}; }},
    {"hmset",
     [](CommandSpec& s) {
       s.doc_flags = docflag::kDeprecated;
       s.deprecated_since = "4.0.0";
       s.replaced_by = "`HSET` with multiple field-value pairs";
       s.args = {KeyArg(), FieldValuePairs()};
     }},
    {"hrandfield",
     [](CommandSpec& s) {
       s.args = {KeyArg(),
                 Block("options", {Integer("count"), Token("withvalues", "WITHVALUES").Optional()})
                     .Optional()};
     }},
    {"hscan",
     [](CommandSpec& s) {
       s.args = {KeyArg(), Integer("cursor"), Pattern("pattern").Token("MATCH").Optional(),
                 Integer("count").Token("COUNT").Optional()};
     }},
    {"hset",
     [](CommandSpec& s) {
       s.history = {{"4.0.0", "Accepts multiple `field` and `value` arguments."}};
       s.args = {KeyArg(), FieldValuePairs()};
     }},
    {"hsetnx",
     [](CommandSpec& s) {
       s.args = {KeyArg(), String("field"), String("value")};
     }},
    {"hstrlen", [](CommandSpec& s) { s.args = {KeyArg(), String("field")}; }},
    {"hvals", [](CommandSpec& s) { s.args = {KeyArg()}; }},
};

// One row of the registration table below.
struct HashCommandRow {
  std::string_view name;
  int arity;
  uint64_t flags;
  uint64_t acl;
  uint32_t key_flags;
  CommandHandler handler;
  std::string_view since;
  std::string_view summary;
  std::string_view complexity;
  std::string_view tip;
};

CommandSpec HashCommand(const HashCommandRow& row) {
  CommandSpec spec;
  spec.name = row.name;
  spec.arity = row.arity;
  spec.flags = row.flags;
  spec.acl = row.acl | aclcat::kHash;
  spec.key_specs = {KeySpec::Range(1, 0, 1, row.key_flags)};
  spec.handler = row.handler;
  spec.group = "hash";
  spec.since = row.since;
  spec.summary = row.summary;
  spec.complexity = row.complexity;
  if (!row.tip.empty()) spec.tips = {row.tip};
  ApplyDocs(kHashDocs, spec);
  return spec;
}

constexpr std::string_view kO1 = "O(1)";
constexpr std::string_view kOSize = "O(N) where N is the size of the hash.";

}  // namespace

// ---------------------------------------------------------------------------
// Registration
// ---------------------------------------------------------------------------

void RegisterHashCommands(CommandTable& table) {
  namespace acl = aclcat;
  namespace cf = cmdflag;
  namespace kf = keyflag;
  const uint64_t kWriteFast = cf::kWrite | cf::kDenyOom | cf::kFast;
  const uint64_t kReadFast = cf::kReadOnly | cf::kFast;
  const uint64_t kAclWriteFast = acl::kWrite | acl::kFast;
  const uint64_t kAclReadFast = acl::kRead | acl::kFast;
  const uint64_t kAclReadSlow = acl::kRead | acl::kSlow;
  const uint32_t kRoAccess = kf::kRO | kf::kAccess;
  const std::string_view kOrder = "nondeterministic_output_order";
  const std::string_view kRandom = "nondeterministic_output";

  const HashCommandRow rows[] = {
      {"hset", -4, kWriteFast, kAclWriteFast, kf::kRW | kf::kUpdate, CmdHSet, "2.0.0",
       "Set the string value of a hash field",
       "O(1) for each field/value pair added, so O(N) to add N field/value pairs when the "
       "command is called with multiple field/value pairs.",
       {}},
      {"hsetnx", 4, kWriteFast, kAclWriteFast, kf::kRW | kf::kInsert, CmdHSetNx, "2.0.0",
       "Set the value of a hash field, only if the field does not exist", kO1, {}},
      {"hget", 3, kReadFast, kAclReadFast, kRoAccess, CmdHGet, "2.0.0",
       "Get the value of a hash field", kO1, {}},
      {"hmset", -4, kWriteFast, kAclWriteFast, kf::kRW | kf::kUpdate, CmdHMSet, "2.0.0",
       "Set multiple hash fields to multiple values",
       "O(N) where N is the number of fields being set.", {}},
      {"hmget", -3, kReadFast, kAclReadFast, kRoAccess, CmdHMGet, "2.0.0",
       "Get the values of all the given hash fields",
       "O(N) where N is the number of fields being requested.", {}},
      {"hgetall", 2, cf::kReadOnly, kAclReadSlow, kRoAccess, CmdHGetAll, "2.0.0",
       "Get all the fields and values in a hash", kOSize, kOrder},
      {"hdel", -3, cf::kWrite | cf::kFast, kAclWriteFast, kf::kRW | kf::kDelete, CmdHDel, "2.0.0",
       "Delete one or more hash fields", "O(N) where N is the number of fields to be removed.",
       {}},
      {"hexists", 3, kReadFast, kAclReadFast, kf::kRO, CmdHExists, "2.0.0",
       "Determine if a hash field exists", kO1, {}},
      {"hlen", 2, kReadFast, kAclReadFast, kf::kRO, CmdHLen, "2.0.0",
       "Get the number of fields in a hash", kO1, {}},
      {"hkeys", 2, cf::kReadOnly, kAclReadSlow, kRoAccess, CmdHKeys, "2.0.0",
       "Get all the fields in a hash", kOSize, kOrder},
      {"hvals", 2, cf::kReadOnly, kAclReadSlow, kRoAccess, CmdHVals, "2.0.0",
       "Get all the values in a hash", kOSize, kOrder},
      {"hincrby", 4, kWriteFast, kAclWriteFast, kf::kRW | kf::kAccess | kf::kUpdate, CmdHIncrBy,
       "2.0.0", "Increment the integer value of a hash field by the given number", kO1, {}},
      {"hincrbyfloat", 4, kWriteFast, kAclWriteFast, kf::kRW | kf::kAccess | kf::kUpdate,
       CmdHIncrByFloat, "2.6.0", "Increment the float value of a hash field by the given amount",
       kO1, {}},
      {"hstrlen", 3, kReadFast, kAclReadFast, kf::kRO, CmdHStrlen, "3.2.0",
       "Get the length of the value of a hash field", kO1, {}},
      {"hrandfield", -2, cf::kReadOnly, kAclReadSlow, kRoAccess, CmdHRandField, "6.2.0",
       "Get one or multiple random fields from a hash",
       "O(N) where N is the number of fields returned", kRandom},
      {"hscan", -3, cf::kReadOnly, kAclReadSlow, kRoAccess, CmdHScan, "2.8.0",
       "Incrementally iterate hash fields and associated values",
       "O(1) for every call. O(N) for a complete iteration, including enough command calls for "
       "the cursor to return back to 0. N is the number of elements inside the collection..",
       kRandom},
  };
  for (const HashCommandRow& row : rows) table.Add(HashCommand(row));
}

}  // namespace shoal
