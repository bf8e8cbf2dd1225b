// The string command family: GET/SET and their variants, counters, ranges,
// APPEND and LCS, with Redis 7.0's replies, error texts and object encodings.
//
// Each command is an operation on the keyspace (Op*: returns a value or a
// Status, never writes RESP) plus a handler (Cmd*) that parses arguments and
// builds the reply. Parsing rules and algorithms that need no keyspace live in
// string_ops.{h,cc}.
//
// Encodings follow Redis: a value stored whole (SET, MSET, GETSET, APPEND to a
// missing key) takes the int/embstr/raw rule of Object::String; values
// modified in place (APPEND, SETRANGE) become raw; counters are int.

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/resp/writer.h"
#include "common/status.h"
#include "common/strutil.h"
#include "node/commands/families.h"
#include "node/commands/string_ops.h"
#include "node/core/command.h"
#include "node/core/command_args.h"
#include "node/core/errors.h"
#include "node/core/events.h"
#include "node/core/node.h"
#include "node/keyspace/db.h"
#include "node/keyspace/object.h"

namespace shoal {

namespace {

using stringops::Condition;
using stringops::Expiry;
using stringops::ExpiryOptions;
using stringops::OptionGrammar;

Status Err(std::string_view text) { return Status::Error(std::string(text)); }

// ---------------------------------------------------------------------------
// Lookups
// ---------------------------------------------------------------------------

// The string stored at key, or nullptr when absent; WRONGTYPE for other types.
// A read lookup counts a keyspace hit or miss (Redis's lookupKeyRead); a
// write lookup does not (lookupKeyWrite).
StatusOr<Object*> LookupString(Db& db, std::string_view key, bool read) {
  Object* o = read ? db.FindRead(key) : db.Find(key);
  if (o != nullptr && !o->is_string()) return Err(errors::kWrongType);
  return o;
}

// The value at key as GET sees it: nullopt when absent.
StatusOr<std::optional<std::string>> OpGet(Db& db, std::string_view key) {
  StatusOr<Object*> o = LookupString(db, key, /*read=*/true);
  if (!o.ok()) return o.status();
  if (*o == nullptr) return std::optional<std::string>();
  return std::optional<std::string>((*o)->StringValue());
}

uint64_t MaxBulkLen(CommandContext& ctx) {
  return static_cast<uint64_t>(ctx.node.cfg().proto_max_bulk_len);
}

// Announces a change to one key, as Redis's string commands do: the
// modified-key signal (WATCH, client-side caching), then the keyspace event.
void Changed(CommandContext& ctx, int type, std::string_view event, std::string_view key) {
  SignalModifiedKey(ctx.node, ctx.client.db, key);
  NotifyKeyspaceEvent(ctx.node, type, event, key, ctx.client.db);
}

// ---------------------------------------------------------------------------
// Reply helpers
// ---------------------------------------------------------------------------

void ReplyOptional(resp::ReplyWriter& reply, const std::optional<std::string>& value) {
  if (value) {
    reply.Bulk(*value);
  } else {
    reply.Null();
  }
}

// Parses argv[index] as a 64-bit integer or replies with Redis's error.
bool ParseIntArg(CommandContext& ctx, size_t index, int64_t* out) {
  if (ParseInt64(ctx.argv[index], out)) return true;
  ctx.reply.Error(errors::kNotInteger);
  return false;
}

// ---------------------------------------------------------------------------
// SET and its variants
// ---------------------------------------------------------------------------

struct SetOutcome {
  bool written = false;
  std::optional<std::string> old;  // with GET: the previous value
};

// Redis's setGenericCommand after argument parsing. With GET the old value
// is read first, so a non-string key fails with WRONGTYPE before anything
// is written. when_ms is the absolute expiry, or -1 for none. A time already
// past is stored as is: the key then expires on its next lookup, as in 7.0.
StatusOr<SetOutcome> OpSet(Db& db, std::string_view key, std::string_view value,
                           const ExpiryOptions& opts, int64_t when_ms) {
  SetOutcome out;
  if (opts.get) {
    StatusOr<std::optional<std::string>> old = OpGet(db, key);
    if (!old.ok()) return old.status();
    out.old = std::move(*old);
  }
  if (opts.condition != Condition::kNone) {
    const bool found = db.Find(key) != nullptr;
    if ((opts.condition == Condition::kNx && found) ||
        (opts.condition == Condition::kXx && !found)) {
      return out;
    }
  }
  db.Set(key, Object::StringFromView(value), opts.expiry == Expiry::kKeepTtl);
  if (when_ms >= 0) db.SetExpireMs(key, when_ms);
  out.written = true;
  return out;
}

// What SETNX answers instead of OK / nil.
enum class SetReply : uint8_t { kOkOrNull, kOneOrZero };

void SetGeneric(CommandContext& ctx, std::string_view key, std::string_view value,
                const ExpiryOptions& opts, SetReply style) {
  int64_t when_ms = -1;
  if (opts.has_time()) {
    StatusOr<int64_t> when =
        stringops::AbsoluteExpireMs(opts.expiry, opts.expire_arg, ctx.now_ms(), ctx.spec.name);
    if (!when.ok()) return ctx.reply.Error(when.status().message());
    when_ms = *when;
  }
  StatusOr<SetOutcome> r = OpSet(ctx.db(), key, value, opts, when_ms);
  if (!r.ok()) return ctx.reply.Error(r.status().message());
  if (r->written) {
    Changed(ctx, notify::kString, "set", key);
    if (when_ms >= 0) NotifyKeyspaceEvent(ctx.node, notify::kGeneric, "expire", key, ctx.client.db);
  }
  if (opts.get) return ReplyOptional(ctx.reply, r->old);
  if (style == SetReply::kOneOrZero) return ctx.reply.Integer(r->written ? 1 : 0);
  if (r->written) return ctx.reply.Ok();
  ctx.reply.Null();
}

void CmdSet(CommandContext& ctx) {
  StatusOr<ExpiryOptions> opts = stringops::ParseExpiryOptions(ctx.argv, 3, OptionGrammar::kSet);
  if (!opts.ok()) return ctx.reply.Error(opts.status().message());
  SetGeneric(ctx, ctx.argv[1], ctx.argv[2], *opts, SetReply::kOkOrNull);
}

void CmdSetNx(CommandContext& ctx) {
  ExpiryOptions opts;
  opts.condition = Condition::kNx;
  SetGeneric(ctx, ctx.argv[1], ctx.argv[2], opts, SetReply::kOneOrZero);
}

// SETEX / PSETEX key time value.
void SetWithTime(CommandContext& ctx, Expiry unit) {
  ExpiryOptions opts;
  opts.expiry = unit;
  opts.expire_arg = ctx.argv[2];
  SetGeneric(ctx, ctx.argv[1], ctx.argv[3], opts, SetReply::kOkOrNull);
}
void CmdSetEx(CommandContext& ctx) { SetWithTime(ctx, Expiry::kEx); }
void CmdPSetEx(CommandContext& ctx) { SetWithTime(ctx, Expiry::kPx); }

// ---------------------------------------------------------------------------
// GET and its variants
// ---------------------------------------------------------------------------

void CmdGet(CommandContext& ctx) {
  // The hot path: reply straight from the stored bytes, no copy.
  StatusOr<Object*> o = LookupString(ctx.db(), ctx.argv[1], /*read=*/true);
  if (!o.ok()) return ctx.reply.Error(o.status().message());
  if (*o == nullptr) return ctx.reply.Null();
  std::string scratch;
  ctx.reply.Bulk((*o)->StringBytes(&scratch));
}

// GETSET: the old value, and the new one stored without TTL.
StatusOr<std::optional<std::string>> OpGetSet(Db& db, std::string_view key,
                                              std::string_view value) {
  StatusOr<std::optional<std::string>> old = OpGet(db, key);
  if (!old.ok()) return old;
  db.Set(key, Object::StringFromView(value));
  return old;
}

void CmdGetSet(CommandContext& ctx) {
  StatusOr<std::optional<std::string>> old = OpGetSet(ctx.db(), ctx.argv[1], ctx.argv[2]);
  if (!old.ok()) return ctx.reply.Error(old.status().message());
  Changed(ctx, notify::kString, "set", ctx.argv[1]);
  ReplyOptional(ctx.reply, *old);
}

StatusOr<std::optional<std::string>> OpGetDel(Db& db, std::string_view key) {
  StatusOr<std::optional<std::string>> v = OpGet(db, key);
  if (v.ok() && v->has_value()) db.Delete(key);
  return v;
}

void CmdGetDel(CommandContext& ctx) {
  StatusOr<std::optional<std::string>> v = OpGetDel(ctx.db(), ctx.argv[1]);
  if (!v.ok()) return ctx.reply.Error(v.status().message());
  if (v->has_value()) Changed(ctx, notify::kGeneric, "del", ctx.argv[1]);
  ReplyOptional(ctx.reply, *v);
}

// GETEX: the value, then the TTL change. As in Redis, a missing key answers
// nil before the time argument is validated, and an EXAT/PXAT time already
// past deletes the key (except where expired keys are not deleted locally,
// i.e. on a replica, which only stores the TTL).
StatusOr<std::optional<std::string>> OpGetEx(Db& db, std::string_view key,
                                             const ExpiryOptions& opts, int64_t now_ms,
                                             std::string_view command, bool delete_past) {
  StatusOr<Object*> o = LookupString(db, key, /*read=*/true);
  if (!o.ok()) return o.status();
  if (*o == nullptr) return std::optional<std::string>();
  std::optional<std::string> value = (*o)->StringValue();
  if (opts.has_time()) {
    StatusOr<int64_t> when =
        stringops::AbsoluteExpireMs(opts.expiry, opts.expire_arg, now_ms, command);
    if (!when.ok()) return when.status();
    const bool absolute = opts.expiry == Expiry::kExAt || opts.expiry == Expiry::kPxAt;
    if (absolute && *when <= now_ms && delete_past) {
      db.Delete(key);
    } else {
      db.SetExpireMs(key, *when);
    }
  } else if (opts.expiry == Expiry::kPersist) {
    db.Persist(key);
  }
  return value;
}

void CmdGetEx(CommandContext& ctx) {
  StatusOr<ExpiryOptions> opts = stringops::ParseExpiryOptions(ctx.argv, 2, OptionGrammar::kGetEx);
  if (!opts.ok()) return ctx.reply.Error(opts.status().message());
  const bool had_ttl = ctx.db().GetExpireMs(ctx.argv[1]) != -1;
  StatusOr<std::optional<std::string>> v =
      OpGetEx(ctx.db(), ctx.argv[1], *opts, ctx.now_ms(), ctx.spec.name,
              ctx.node.keyspace().env().delete_expired);
  if (!v.ok()) return ctx.reply.Error(v.status().message());
  if (v->has_value()) {
    if (opts->has_time()) {
      const bool deleted = ctx.db().Find(ctx.argv[1]) == nullptr;
      Changed(ctx, notify::kGeneric, deleted ? "del" : "expire", ctx.argv[1]);
    } else if (opts->expiry == Expiry::kPersist && had_ttl) {
      Changed(ctx, notify::kGeneric, "persist", ctx.argv[1]);
    }
  }
  ReplyOptional(ctx.reply, *v);
}

// ---------------------------------------------------------------------------
// Several keys
// ---------------------------------------------------------------------------

// MGET: nil for missing keys and for keys of other types (never an error).
void CmdMGet(CommandContext& ctx) {
  Db& db = ctx.db();
  ctx.reply.ArrayHeader(ctx.argv.size() - 1);
  for (size_t i = 1; i < ctx.argv.size(); ++i) {
    const Object* o = db.FindRead(ctx.argv[i]);
    if (o != nullptr && o->is_string()) {
      ctx.reply.Bulk(o->StringValue());
    } else {
      ctx.reply.Null();
    }
  }
}

// MSET / MSETNX key value [key value ...]. MSETNX writes nothing if any key
// exists (returns false). Repeated keys take their last value.
bool OpMSet(Db& db, const std::vector<std::string>& argv, bool nx) {
  if (nx) {
    for (size_t i = 1; i < argv.size(); i += 2) {
      if (db.Find(argv[i]) != nullptr) return false;
    }
  }
  for (size_t i = 1; i < argv.size(); i += 2) db.Set(argv[i], Object::StringFromView(argv[i + 1]));
  return true;
}

void MSetGeneric(CommandContext& ctx, bool nx) {
  // The table's arity says "at least 3"; pairs are checked here, with the
  // same error text.
  if (ctx.argv.size() % 2 == 0) return ctx.reply.Error(errors::WrongArity(ctx.spec.full_name));
  const bool written = OpMSet(ctx.db(), ctx.argv, nx);
  if (written) {
    for (size_t i = 1; i < ctx.argv.size(); i += 2) {
      Changed(ctx, notify::kString, "set", ctx.argv[i]);
    }
  }
  if (nx) return ctx.reply.Integer(written ? 1 : 0);
  ctx.reply.Ok();
}
void CmdMSet(CommandContext& ctx) { MSetGeneric(ctx, false); }
void CmdMSetNx(CommandContext& ctx) { MSetGeneric(ctx, true); }

// ---------------------------------------------------------------------------
// Counters
// ---------------------------------------------------------------------------

// INCRBY and friends. The result is stored int-encoded; the TTL stays.
StatusOr<int64_t> OpIncrBy(Db& db, std::string_view key, int64_t delta) {
  StatusOr<Object*> o = LookupString(db, key, /*read=*/false);
  if (!o.ok()) return o.status();
  int64_t value = 0;
  if (*o != nullptr && !(*o)->AsInteger(&value)) return Err(errors::kNotInteger);
  StatusOr<int64_t> sum = stringops::AddChecked(value, delta);
  if (!sum.ok()) return sum;
  if (*o != nullptr) {
    db.Replace(*o, Object::Integer(*sum));
  } else {
    db.Set(key, Object::Integer(*sum));
  }
  return sum;
}

void IncrBy(CommandContext& ctx, int64_t delta) {
  StatusOr<int64_t> v = OpIncrBy(ctx.db(), ctx.argv[1], delta);
  if (!v.ok()) return ctx.reply.Error(v.status().message());
  Changed(ctx, notify::kString, "incrby", ctx.argv[1]);
  ctx.reply.Integer(*v);
}

void CmdIncr(CommandContext& ctx) { IncrBy(ctx, 1); }
void CmdDecr(CommandContext& ctx) { IncrBy(ctx, -1); }

void CmdIncrBy(CommandContext& ctx) {
  int64_t delta = 0;
  if (ParseIntArg(ctx, 2, &delta)) IncrBy(ctx, delta);
}

void CmdDecrBy(CommandContext& ctx) {
  int64_t delta = 0;
  if (!ParseIntArg(ctx, 2, &delta)) return;
  // -INT64_MIN does not exist.
  if (delta == std::numeric_limits<int64_t>::min()) {
    return ctx.reply.Error(stringops::kDecrementOverflow);
  }
  IncrBy(ctx, -delta);
}

// INCRBYFLOAT: long double arithmetic, the result stored (and returned) as
// text, keeping the TTL. The stored value is checked before the increment.
StatusOr<std::string> OpIncrByFloat(Db& db, std::string_view key, std::string_view incr_arg) {
  StatusOr<Object*> o = LookupString(db, key, /*read=*/false);
  if (!o.ok()) return o.status();
  long double value = 0;
  if (*o != nullptr && !ParseLongDouble((*o)->StringValue(), &value)) {
    return Err(errors::kNotFloat);
  }
  long double incr = 0;
  if (!ParseLongDouble(incr_arg, &incr)) return Err(errors::kNotFloat);
  value += incr;
  if (std::isnan(value) || std::isinf(value)) return Err(stringops::kNanOrInfinity);
  std::string text = stringops::FormatLongDouble(value);
  db.Set(key, Object::BytesString(text), /*keep_ttl=*/true);
  return text;
}

void CmdIncrByFloat(CommandContext& ctx) {
  StatusOr<std::string> v = OpIncrByFloat(ctx.db(), ctx.argv[1], ctx.argv[2]);
  if (!v.ok()) return ctx.reply.Error(v.status().message());
  Changed(ctx, notify::kString, "incrbyfloat", ctx.argv[1]);
  ctx.reply.Bulk(*v);
}

// ---------------------------------------------------------------------------
// Lengths and ranges
// ---------------------------------------------------------------------------

// APPEND: a missing key is created as if by SET; an existing value grows in
// place (and so turns raw), keeping its TTL. Returns the new length.
StatusOr<size_t> OpAppend(Db& db, std::string_view key, std::string_view suffix,
                          uint64_t max_bulk_len) {
  StatusOr<Object*> o = LookupString(db, key, /*read=*/false);
  if (!o.ok()) return o.status();
  if (*o == nullptr) {
    db.Set(key, Object::StringFromView(suffix));
    return suffix.size();
  }
  Status fits = stringops::CheckStringLength((*o)->StringLength(), suffix.size(), max_bulk_len);
  if (!fits.ok()) return fits;
  std::string& s = (*o)->MutableString();
  s.append(suffix);
  return s.size();
}

void CmdAppend(CommandContext& ctx) {
  StatusOr<size_t> len = OpAppend(ctx.db(), ctx.argv[1], ctx.argv[2], MaxBulkLen(ctx));
  if (!len.ok()) return ctx.reply.Error(len.status().message());
  Changed(ctx, notify::kString, "append", ctx.argv[1]);
  ctx.reply.Integer(static_cast<int64_t>(*len));
}

void CmdStrlen(CommandContext& ctx) {
  StatusOr<Object*> o = LookupString(ctx.db(), ctx.argv[1], /*read=*/true);
  if (!o.ok()) return ctx.reply.Error(o.status().message());
  ctx.reply.Integer(*o == nullptr ? 0 : static_cast<int64_t>((*o)->StringLength()));
}

// GETRANGE / SUBSTR key start end. Indexes are checked before the key.
void CmdGetRange(CommandContext& ctx) {
  int64_t start = 0;
  int64_t end = 0;
  if (!ParseIntArg(ctx, 2, &start) || !ParseIntArg(ctx, 3, &end)) return;
  StatusOr<Object*> o = LookupString(ctx.db(), ctx.argv[1], /*read=*/true);
  if (!o.ok()) return ctx.reply.Error(o.status().message());
  if (*o == nullptr) return ctx.reply.Bulk("");
  const std::string value = (*o)->StringValue();
  ctx.reply.Bulk(stringops::SliceRange(value, start, end));
}

// SETRANGE: overwrites from `offset`, zero-padding a shorter value. Writing
// nothing never creates a key and leaves the value untouched; a missing key
// is created raw. Returns the resulting length.
StatusOr<size_t> OpSetRange(Db& db, std::string_view key, uint64_t offset, std::string_view value,
                            uint64_t max_bulk_len) {
  StatusOr<Object*> o = LookupString(db, key, /*read=*/false);
  if (!o.ok()) return o.status();
  if (value.empty()) return *o == nullptr ? 0 : (*o)->StringLength();
  Status fits = stringops::CheckStringLength(offset, value.size(), max_bulk_len);
  if (!fits.ok()) return fits;
  if (*o == nullptr) {
    std::string fresh(offset, '\0');
    fresh.append(value);
    db.Set(key, Object::RawString(std::move(fresh)));
    return offset + value.size();
  }
  std::string& s = (*o)->MutableString();
  if (s.size() < offset + value.size()) s.resize(offset + value.size(), '\0');
  s.replace(offset, value.size(), value);
  return s.size();
}

void CmdSetRange(CommandContext& ctx) {
  int64_t offset = 0;
  if (!ParseIntArg(ctx, 2, &offset)) return;
  if (offset < 0) return ctx.reply.Error(stringops::kOffsetOutOfRange);
  StatusOr<size_t> len = OpSetRange(ctx.db(), ctx.argv[1], static_cast<uint64_t>(offset),
                                    ctx.argv[3], MaxBulkLen(ctx));
  if (!len.ok()) return ctx.reply.Error(len.status().message());
  // Writing nothing changes nothing, and announces nothing.
  if (!ctx.argv[3].empty()) Changed(ctx, notify::kString, "setrange", ctx.argv[1]);
  ctx.reply.Integer(static_cast<int64_t>(*len));
}

// ---------------------------------------------------------------------------
// LCS
// ---------------------------------------------------------------------------

struct LcsArgs {
  bool len = false;
  bool idx = false;
  bool with_match_len = false;
  int64_t min_match_len = 0;
};

StatusOr<LcsArgs> ParseLcsArgs(const std::vector<std::string>& argv) {
  LcsArgs args;
  for (size_t j = 3; j < argv.size(); ++j) {
    const std::string_view opt = argv[j];
    const bool has_next = j + 1 < argv.size();
    if (EqualsIgnoreCase(opt, "idx")) {
      args.idx = true;
    } else if (EqualsIgnoreCase(opt, "len")) {
      args.len = true;
    } else if (EqualsIgnoreCase(opt, "withmatchlen")) {
      args.with_match_len = true;
    } else if (EqualsIgnoreCase(opt, "minmatchlen") && has_next) {
      if (!ParseInt64(argv[++j], &args.min_match_len)) return Err(errors::kNotInteger);
      if (args.min_match_len < 0) args.min_match_len = 0;
    } else {
      return Err(errors::kSyntax);
    }
  }
  if (args.idx && args.len) return Err(stringops::kLcsLenAndIdx);
  return args;
}

// The IDX reply: a map (a flat array in RESP2) of "matches", the runs from
// the last one backwards, and "len".
void ReplyLcsIdx(resp::ReplyWriter& reply, const stringops::LcsResult& r, bool with_match_len) {
  reply.MapHeader(2);
  reply.Bulk("matches");
  reply.ArrayHeader(r.matches.size());
  for (const stringops::LcsMatch& m : r.matches) {
    reply.ArrayHeader(with_match_len ? 3 : 2);
    reply.ArrayHeader(2);
    reply.Integer(m.a_start);
    reply.Integer(m.a_end);
    reply.ArrayHeader(2);
    reply.Integer(m.b_start);
    reply.Integer(m.b_end);
    if (with_match_len) reply.Integer(m.len());
  }
  reply.Bulk("len");
  reply.Integer(r.length);
}

// LCS key1 key2: missing keys count as empty strings; keys are looked up
// (and type-checked) before the options are parsed, as in Redis.
void CmdLcs(CommandContext& ctx) {
  Db& db = ctx.db();
  const Object* a = db.FindRead(ctx.argv[1]);
  const Object* b = db.FindRead(ctx.argv[2]);
  if ((a != nullptr && !a->is_string()) || (b != nullptr && !b->is_string())) {
    return ctx.reply.Error(stringops::kLcsNotStrings);
  }
  const std::string va = a != nullptr ? a->StringValue() : std::string();
  const std::string vb = b != nullptr ? b->StringValue() : std::string();
  StatusOr<LcsArgs> args = ParseLcsArgs(ctx.argv);
  if (!args.ok()) return ctx.reply.Error(args.status().message());
  StatusOr<stringops::LcsResult> r =
      stringops::ComputeLcs(va, vb, /*want_subsequence=*/!args->len && !args->idx,
                            /*want_matches=*/args->idx, args->min_match_len, MaxBulkLen(ctx));
  if (!r.ok()) return ctx.reply.Error(r.status().message());
  if (args->idx) return ReplyLcsIdx(ctx.reply, *r, args->with_match_len);
  if (args->len) return ctx.reply.Integer(r->length);
  ctx.reply.Bulk(r->subsequence);
}

// ---------------------------------------------------------------------------
// Registration helpers
// ---------------------------------------------------------------------------

// COMMAND DOCS fields.
struct Doc {
  std::string_view since;
  std::string_view summary;
  std::string_view complexity;
};

CommandSpec StringCommand(std::string_view name, int arity, uint64_t flags, uint64_t acl,
                          std::vector<KeySpec> key_specs, CommandHandler handler, const Doc& doc,
                          std::vector<std::string_view> tips = {}) {
  CommandSpec spec;
  spec.name = name;
  spec.arity = arity;
  spec.flags = flags;
  spec.acl = acl;
  spec.key_specs = std::move(key_specs);
  spec.handler = handler;
  spec.group = "string";
  spec.since = doc.since;
  spec.summary = doc.summary;
  spec.complexity = doc.complexity;
  spec.tips = std::move(tips);
  return spec;
}

// The one key at argv[1].
std::vector<KeySpec> KeyAt1(uint32_t flags, std::string_view notes = {}) {
  KeySpec spec = KeySpec::Range(1, 0, 1, flags);
  spec.notes = notes;
  return {spec};
}

constexpr std::string_view kO1 = "O(1)";
constexpr std::string_view kRangeComplexity =
    "O(N) where N is the length of the returned string. The complexity is ultimately "
    "determined by the returned length, but because creating a substring from an existing "
    "string is very cheap, it can be considered O(1) for small strings.";
constexpr std::string_view kAppendComplexity =
    "O(1). The amortized time complexity is O(1) assuming the appended value is small and the "
    "already present value is of any size, since the dynamic string library used by Redis will "
    "double the free space available on every reallocation.";
constexpr std::string_view kSetRangeComplexity =
    "O(1), not counting the time taken to copy the new string in place. Usually, this string is "
    "very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being "
    "the length of the value argument.";

// ---------------------------------------------------------------------------
// Argument docs (COMMAND DOCS "arguments", "history", "doc_flags")
// ---------------------------------------------------------------------------

using namespace argdoc;  // NOLINT: builder names read as the docs' vocabulary

constexpr argdoc::DocEntry kStringDocs[] = {
    {"append",
     [](CommandSpec& s) {
       s.args = {Key("key", 0), String("value")};
     }},
    {"decr", [](CommandSpec& s) { s.args = {Key("key", 0)}; }},
    {"decrby",
     [](CommandSpec& s) {
       s.args = {Key("key", 0), Integer("decrement")};
     }},
    {"get", [](CommandSpec& s) { s.args = {Key("key", 0)}; }},
    {"getdel", [](CommandSpec& s) { s.args = {Key("key", 0)}; }},
    {"getex",
     [](CommandSpec& s) {
       s.args = {
           Key("key", 0),
           OneOf("expiration",
                 {Integer("seconds").Token("EX"), Integer("milliseconds").Token("PX"),
                  UnixTime("unix-time-seconds").Token("EXAT"),
                  UnixTime("unix-time-milliseconds").Token("PXAT"), Token("persist", "PERSIST")})
               .Optional()};
     }},
    {"getrange",
     [](CommandSpec& s) {
       s.args = {Key("key", 0), Integer("start"), Integer("end")};
     }},
    {"getset",
     [](CommandSpec& s) {
       s.doc_flags = docflag::kDeprecated;
       s.deprecated_since = "6.2.0";
       s.replaced_by = "`SET` with the `!GET` argument";
       s.args = {Key("key", 0), String("value")};
     }},
    {"incr", [](CommandSpec& s) { s.args = {Key("key", 0)}; }},
    {"incrby",
     [](CommandSpec& s) {
       s.args = {Key("key", 0), Integer("increment")};
     }},
    {"incrbyfloat",
     [](CommandSpec& s) {
       s.args = {Key("key", 0), Double("increment")};
     }},
    {"lcs",
     [](CommandSpec& s) {
       s.args = {Key("key1", 0),
                 Key("key2", 0),
                 Token("len", "LEN").Optional(),
                 Token("idx", "IDX").Optional(),
                 Integer("len").Token("MINMATCHLEN").Optional(),
                 Token("withmatchlen", "WITHMATCHLEN").Optional()};
     }},
    {"mget", [](CommandSpec& s) { s.args = {Key("key", 0).Multiple()}; }},
    {"mset",
     [](CommandSpec& s) {
       s.args = {Block("key_value", {Key("key", 0), String("value")}).Multiple()};
     }},
    {"msetnx",
     [](CommandSpec& s) {
       s.args = {Block("key_value", {Key("key", 0), String("value")}).Multiple()};
     }},
    {"psetex",
     [](CommandSpec& s) {
       s.args = {Key("key", 0), Integer("milliseconds"), String("value")};
     }},
    {"set",
     [](CommandSpec& s) {
       s.history = {{"2.6.12", "Added the `EX`, `PX`, `NX` and `XX` options."},
                    {"6.0.0", "Added the `KEEPTTL` option."},
                    {"6.2.0", "Added the `GET`, `EXAT` and `PXAT` option."},
                    {"7.0.0", "Allowed the `NX` and `GET` options to be used together."}};
       s.args = {
           Key("key", 0), String("value"),
           OneOf("condition", {Token("nx", "NX"), Token("xx", "XX")}).Since("2.6.12").Optional(),
           Token("get", "GET").Since("6.2.0").Optional(),
           OneOf("expiration", {Integer("seconds").Token("EX").Since("2.6.12"),
                                Integer("milliseconds").Token("PX").Since("2.6.12"),
                                UnixTime("unix-time-seconds").Token("EXAT").Since("6.2.0"),
                                UnixTime("unix-time-milliseconds").Token("PXAT").Since("6.2.0"),
                                Token("keepttl", "KEEPTTL").Since("6.0.0")})
               .Optional()};
     }},
    {"setex",
     [](CommandSpec& s) {
       s.args = {Key("key", 0), Integer("seconds"), String("value")};
     }},
    {"setnx",
     [](CommandSpec& s) {
       s.args = {Key("key", 0), String("value")};
     }},
    {"setrange",
     [](CommandSpec& s) {
       s.args = {Key("key", 0), Integer("offset"), String("value")};
     }},
    {"strlen", [](CommandSpec& s) { s.args = {Key("key", 0)}; }},
    {"substr",
     [](CommandSpec& s) {
       s.doc_flags = docflag::kDeprecated;
       s.deprecated_since = "2.0.0";
       s.replaced_by = "`GETRANGE`";
       s.args = {Key("key", 0), Integer("start"), Integer("end")};
     }},
};

// Adds `spec` to the table together with its argument docs.
void AddDocumented(CommandTable& table, CommandSpec spec) {
  ApplyDocs(kStringDocs, spec);
  table.Add(std::move(spec));
}

}  // namespace

// ---------------------------------------------------------------------------
// Registration
// ---------------------------------------------------------------------------

void RegisterStringCommands(CommandTable& table) {
  namespace acl = aclcat;
  namespace cf = cmdflag;
  namespace kf = keyflag;
  const uint64_t kRead = acl::kRead | acl::kString;
  const uint64_t kWrite = acl::kWrite | acl::kString;
  const uint64_t kWriteFast = cf::kWrite | cf::kDenyOom | cf::kFast;
  const uint32_t kRwAccessUpdate = kf::kRW | kf::kAccess | kf::kUpdate;

  AddDocumented(table, StringCommand("get", 2, cf::kReadOnly | cf::kFast, kRead | acl::kFast,
                                     KeyAt1(kf::kRO | kf::kAccess), CmdGet,
                                     {"1.0.0", "Get the value of a key", kO1}));
  AddDocumented(table, StringCommand("set", -3, cf::kWrite | cf::kDenyOom, kWrite | acl::kSlow,
                                     KeyAt1(kRwAccessUpdate | kf::kVariableFlags,
                                            "RW and ACCESS due to the optional `GET` argument"),
                                     CmdSet, {"1.0.0", "Set the string value of a key", kO1}));
  AddDocumented(
      table,
      StringCommand("setnx", 3, kWriteFast, kWrite | acl::kFast, KeyAt1(kf::kOW | kf::kInsert),
                    CmdSetNx,
                    {"1.0.0", "Set the value of a key, only if the key does not exist", kO1}));
  AddDocumented(table, StringCommand("setex", 4, cf::kWrite | cf::kDenyOom, kWrite | acl::kSlow,
                                     KeyAt1(kf::kOW | kf::kUpdate), CmdSetEx,
                                     {"2.0.0", "Set the value and expiration of a key", kO1}));
  AddDocumented(
      table,
      StringCommand("psetex", 4, cf::kWrite | cf::kDenyOom, kWrite | acl::kSlow,
                    KeyAt1(kf::kOW | kf::kUpdate), CmdPSetEx,
                    {"2.6.0", "Set the value and expiration in milliseconds of a key", kO1}));
  AddDocumented(
      table, StringCommand(
                 "getset", 3, kWriteFast, kWrite | acl::kFast, KeyAt1(kRwAccessUpdate), CmdGetSet,
                 {"1.0.0", "Set the string value of a key and return its old value", kO1}));
  AddDocumented(table, StringCommand("getdel", 2, cf::kWrite | cf::kFast, kWrite | acl::kFast,
                                     KeyAt1(kf::kRW | kf::kAccess | kf::kDelete), CmdGetDel,
                                     {"6.2.0", "Get the value of a key and delete the key", kO1}));
  AddDocumented(
      table,
      StringCommand("getex", -2, cf::kWrite | cf::kFast, kWrite | acl::kFast,
                    KeyAt1(kRwAccessUpdate, "RW and UPDATE because it changes the TTL"), CmdGetEx,
                    {"6.2.0", "Get the value of a key and optionally set its expiration", kO1}));
  AddDocumented(table, StringCommand("mget", -2, cf::kReadOnly | cf::kFast, kRead | acl::kFast,
                                     {KeySpec::Range(1, -1, 1, kf::kRO | kf::kAccess)}, CmdMGet,
                                     {"1.0.0", "Get the values of all the given keys",
                                      "O(N) where N is the number of keys to retrieve."},
                                     {"request_policy:multi_shard"}));
  AddDocumented(table,
                StringCommand("mset", -3, cf::kWrite | cf::kDenyOom, kWrite | acl::kSlow,
                              {KeySpec::Range(1, -1, 2, kf::kOW | kf::kUpdate)}, CmdMSet,
                              {"1.0.1", "Set multiple keys to multiple values",
                               "O(N) where N is the number of keys to set."},
                              {"request_policy:multi_shard", "response_policy:all_succeeded"}));
  AddDocumented(
      table, StringCommand(
                 "msetnx", -3, cf::kWrite | cf::kDenyOom, kWrite | acl::kSlow,
                 {KeySpec::Range(1, -1, 2, kf::kOW | kf::kInsert)}, CmdMSetNx,
                 {"1.0.1", "Set multiple keys to multiple values, only if none of the keys exist",
                  "O(N) where N is the number of keys to set."},
                 {"request_policy:multi_shard", "response_policy:agg_min"}));

  struct Counter {
    std::string_view name;
    int arity;
    CommandHandler handler;
    Doc doc;
  };
  const Counter counters[] = {
      {"incr", 2, CmdIncr, {"1.0.0", "Increment the integer value of a key by one", kO1}},
      {"decr", 2, CmdDecr, {"1.0.0", "Decrement the integer value of a key by one", kO1}},
      {"incrby",
       3,
       CmdIncrBy,
       {"1.0.0", "Increment the integer value of a key by the given amount", kO1}},
      {"decrby",
       3,
       CmdDecrBy,
       {"1.0.0", "Decrement the integer value of a key by the given number", kO1}},
      {"incrbyfloat",
       3,
       CmdIncrByFloat,
       {"2.6.0", "Increment the float value of a key by the given amount", kO1}},
  };
  for (const Counter& c : counters) {
    AddDocumented(table, StringCommand(c.name, c.arity, kWriteFast, kWrite | acl::kFast,
                                       KeyAt1(kRwAccessUpdate), c.handler, c.doc));
  }

  AddDocumented(table, StringCommand("append", 3, kWriteFast, kWrite | acl::kFast,
                                     KeyAt1(kf::kRW | kf::kInsert), CmdAppend,
                                     {"2.0.0", "Append a value to a key", kAppendComplexity}));
  AddDocumented(
      table,
      StringCommand("strlen", 2, cf::kReadOnly | cf::kFast, kRead | acl::kFast, KeyAt1(kf::kRO),
                    CmdStrlen, {"2.2.0", "Get the length of the value stored in a key", kO1}));
  const std::string_view substring = "Get a substring of the string stored at a key";
  AddDocumented(table, StringCommand("getrange", 4, cf::kReadOnly, kRead | acl::kSlow,
                                     KeyAt1(kf::kRO | kf::kAccess), CmdGetRange,
                                     {"2.4.0", substring, kRangeComplexity}));
  AddDocumented(table, StringCommand("substr", 4, cf::kReadOnly, kRead | acl::kSlow,
                                     KeyAt1(kf::kRO | kf::kAccess), CmdGetRange,
                                     {"1.0.0", substring, kRangeComplexity}));
  AddDocumented(
      table,
      StringCommand("setrange", 4, cf::kWrite | cf::kDenyOom, kWrite | acl::kSlow,
                    KeyAt1(kf::kRW | kf::kUpdate), CmdSetRange,
                    {"2.2.0", "Overwrite part of a string at key starting at the specified offset",
                     kSetRangeComplexity}));
  AddDocumented(table,
                StringCommand("lcs", -3, cf::kReadOnly, kRead | acl::kSlow,
                              {KeySpec::Range(1, 1, 1, kf::kRO | kf::kAccess)}, CmdLcs,
                              {"7.0.0", "Find longest common substring",
                               "O(N*M) where N and M are the lengths of s1 and s2, respectively"}));
}

}  // namespace shoal
