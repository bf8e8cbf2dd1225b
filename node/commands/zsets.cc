// The sorted-set command family, with Redis 7.0's replies, error texts,
// encodings and keyspace events.
//
// Handlers parse their arguments fully before touching the keyspace (a bad
// score anywhere in ZADD changes nothing), then work on a ZSetValue
// (node/keyspace/types/zset.h), which knows nothing of RESP. A set emptied by
// a command is deleted, with a "del" event after the command's own.
//
// Replies with scores follow Redis's shapes: a flat member/score array in
// RESP2, [member, score] pairs in RESP3 where Redis uses them (ZRANGE and
// friends, ZRANDMEMBER, ZUNION/ZINTER/ZDIFF, ZPOPMIN/ZPOPMAX with a count),
// nested pairs always for ZMPOP/BZMPOP.

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "common/resp/writer.h"
#include "common/status.h"
#include "common/strutil.h"
#include "node/commands/families.h"
#include "node/commands/key_ops.h"
#include "node/commands/zsets_table.h"
#include "node/core/blocking.h"
#include "node/core/command.h"
#include "node/core/errors.h"
#include "node/core/events.h"
#include "node/core/node.h"
#include "node/keyspace/db.h"
#include "node/keyspace/object.h"
#include "node/keyspace/types/set.h"
#include "node/keyspace/types/zset.h"

namespace shoal {

namespace {

constexpr std::string_view kNotFloatRange = "ERR min or max is not a float";
constexpr std::string_view kNotLexRange = "ERR min or max not valid string range item";
constexpr std::string_view kNanScore = "ERR resulting score is not a number (NaN)";

using Item = std::pair<std::string, double>;
using Items = std::vector<Item>;

Status Err(std::string_view text) { return Status::Error(std::string(text)); }

// ---------------------------------------------------------------------------
// Lookups and keyspace changes
// ---------------------------------------------------------------------------

ZSetLimits Limits(const CommandContext& ctx) {
  const ServerConfig& cfg = ctx.node.cfg();
  ZSetLimits l;
  l.max_entries = static_cast<size_t>(std::max<int64_t>(cfg.zset_max_listpack_entries, 0));
  l.max_value = static_cast<size_t>(std::max<int64_t>(cfg.zset_max_listpack_value, 0));
  return l;
}

// The sorted set at key, nullptr when absent, WRONGTYPE for other types. A
// read lookup counts a hit or miss (lookupKeyRead), a write lookup does not.
StatusOr<ZSetValue*> LookupZSet(Db& db, std::string_view key, bool read) {
  Object* o = read ? db.FindRead(key) : db.Find(key);
  if (o == nullptr) return static_cast<ZSetValue*>(nullptr);
  if (o->type() != ObjType::kZSet) return Err(errors::kWrongType);
  return &o->As<ZSetValue>();
}

// Replies WRONGTYPE and returns false for a key of another type.
bool LookupOrReply(CommandContext& ctx, std::string_view key, bool read, ZSetValue** out) {
  StatusOr<ZSetValue*> z = LookupZSet(ctx.db(), key, read);
  if (!z.ok()) {
    ctx.reply.Error(z.status().message());
    return false;
  }
  *out = *z;
  return true;
}

std::unique_ptr<ZSetValue> NewZSet(CommandContext& ctx, bool skiplist) {
  return std::make_unique<ZSetValue>(ctx.node.rng().Next(), skiplist);
}

ZSetValue* CreateZSet(CommandContext& ctx, std::string_view key, bool skiplist) {
  ctx.db().Add(key, Object::Collection(ObjType::kZSet, NewZSet(ctx, skiplist)));
  return &ctx.db().Find(key)->As<ZSetValue>();
}

// After a change: the command's event, WATCH invalidation, and the key's
// removal ("del") when the change emptied it.
void AfterChange(CommandContext& ctx, std::string_view key, std::string_view event,
                 const ZSetValue* z) {
  const int db = ctx.client.db;
  NotifyKeyspaceEvent(ctx.node, notify::kZset, event, key, db);
  SignalModifiedKey(ctx.node, db, key);
  if (z != nullptr && z->Size() == 0) {
    ctx.db().Delete(key);
    NotifyKeyspaceEvent(ctx.node, notify::kGeneric, "del", key, db);
  }
}

// Stores a computed result at dst (the STORE commands): a non-empty result
// replaces dst and raises `event`; an empty one deletes dst. Replies with the
// result's size.
void StoreResult(CommandContext& ctx, std::string_view dst, Items items, std::string_view event) {
  const int db = ctx.client.db;
  const size_t n = items.size();
  if (n == 0) {
    if (ctx.db().Delete(dst)) {
      SignalModifiedKey(ctx.node, db, dst);
      NotifyKeyspaceEvent(ctx.node, notify::kGeneric, "del", dst, db);
    }
    ctx.reply.Integer(0);
    return;
  }
  ctx.db().Set(
      dst, Object::Collection(ObjType::kZSet, ZSetValue::FromItems(std::move(items), Limits(ctx),
                                                                   ctx.node.rng().Next())));
  SignalModifiedKey(ctx.node, db, dst);
  NotifyKeyspaceEvent(ctx.node, notify::kZset, event, dst, db);
  SignalKeyAsReady(ctx.node, db, dst);
  ctx.reply.Integer(static_cast<int64_t>(n));
}

// ---------------------------------------------------------------------------
// Argument parsing
// ---------------------------------------------------------------------------

bool ParseLongArg(CommandContext& ctx, size_t index, int64_t* out) {
  if (ParseInt64(ctx.argv[index], out)) return true;
  ctx.reply.Error(errors::kNotInteger);
  return false;
}

// One end of a score range as Redis's zslParseRange reads it: C strtod over
// the whole argument (so "" is 0 and " 1" is 1), NaN refused.
bool ParseScoreBound(const std::string& arg, double* value, bool* exclusive) {
  const char* p = arg.c_str();
  *exclusive = p[0] == '(';
  if (*exclusive) ++p;
  char* end = nullptr;
  *value = std::strtod(p, &end);
  return end[0] == '\0' && !std::isnan(*value);
}

bool ParseScoreRange(const std::string& min, const std::string& max, ZScoreRange* r) {
  return ParseScoreBound(min, &r->min, &r->minex) && ParseScoreBound(max, &r->max, &r->maxex);
}

bool ParseLexBound(const std::string& arg, ZLexRange::Bound* kind, std::string* value,
                   bool* exclusive) {
  if (arg.empty()) return false;
  *exclusive = false;
  switch (arg[0]) {
    case '+':
      if (arg.size() != 1) return false;
      *kind = ZLexRange::Bound::kPosInf;
      return true;
    case '-':
      if (arg.size() != 1) return false;
      *kind = ZLexRange::Bound::kNegInf;
      return true;
    case '(':
    case '[':
      *kind = ZLexRange::Bound::kValue;
      *exclusive = arg[0] == '(';
      *value = arg.substr(1);
      return true;
    default:
      return false;
  }
}

bool ParseLexRange(const std::string& min, const std::string& max, ZLexRange* r) {
  return ParseLexBound(min, &r->min_kind, &r->min, &r->minex) &&
         ParseLexBound(max, &r->max_kind, &r->max, &r->maxex);
}

// ---------------------------------------------------------------------------
// Replies
// ---------------------------------------------------------------------------

// Members, with their scores when asked: flat in RESP2, pairs in RESP3.
void ReplyItems(CommandContext& ctx, const Items& items, bool withscores) {
  const bool pairs = withscores && ctx.reply.protocol() >= 3;
  ctx.reply.ArrayHeader(withscores && !pairs ? items.size() * 2 : items.size());
  for (const Item& it : items) {
    if (pairs) ctx.reply.ArrayHeader(2);
    ctx.reply.Bulk(it.first);
    if (withscores) ctx.reply.Double(it.second);
  }
}

Items Collect(const ZSetValue& z, size_t begin, size_t end, bool reverse, int64_t limit = -1) {
  Items out;
  z.Walk(begin, end, reverse, [&out, limit](std::string_view m, double s) {
    out.emplace_back(std::string(m), s);
    return limit < 0 || static_cast<int64_t>(out.size()) < limit;
  });
  return out;
}

// ---------------------------------------------------------------------------
// ZADD, ZINCRBY
// ---------------------------------------------------------------------------

struct AddOptions {
  int flags = 0;  // ZSetValue::AddFlags
  bool ch = false;
  size_t first = 2;  // argv index of the first score
};

StatusOr<AddOptions> ParseAddOptions(const std::vector<std::string>& argv) {
  AddOptions o;
  for (; o.first < argv.size(); ++o.first) {
    const std::string& a = argv[o.first];
    if (EqualsIgnoreCase(a, "nx")) {
      o.flags |= ZSetValue::kNx;
    } else if (EqualsIgnoreCase(a, "xx")) {
      o.flags |= ZSetValue::kXx;
    } else if (EqualsIgnoreCase(a, "ch")) {
      o.ch = true;
    } else if (EqualsIgnoreCase(a, "incr")) {
      o.flags |= ZSetValue::kIncr;
    } else if (EqualsIgnoreCase(a, "gt")) {
      o.flags |= ZSetValue::kGt;
    } else if (EqualsIgnoreCase(a, "lt")) {
      o.flags |= ZSetValue::kLt;
    } else {
      break;
    }
  }
  const size_t elements = argv.size() - o.first;
  if (elements == 0 || elements % 2 != 0) return Err(errors::kSyntax);
  const int f = o.flags;
  if ((f & ZSetValue::kNx) && (f & ZSetValue::kXx)) {
    return Err("ERR XX and NX options at the same time are not compatible");
  }
  const bool gt = f & ZSetValue::kGt;
  const bool lt = f & ZSetValue::kLt;
  if ((gt && lt) || ((gt || lt) && (f & ZSetValue::kNx))) {
    return Err("ERR GT, LT, and/or NX options at the same time are not compatible");
  }
  if ((f & ZSetValue::kIncr) && elements > 2) {
    return Err("ERR INCR option supports a single increment-element pair");
  }
  return o;
}

// Redis's zaddGenericCommand from the parsed options on.
void ZAddGeneric(CommandContext& ctx, const AddOptions& o) {
  const std::string& key = ctx.argv[1];
  const size_t pairs = (ctx.argv.size() - o.first) / 2;
  std::vector<double> scores(pairs);
  for (size_t j = 0; j < pairs; ++j) {
    if (!ParseDouble(ctx.argv[o.first + 2 * j], &scores[j])) {
      return ctx.reply.Error(errors::kNotFloat);
    }
  }
  const bool incr = o.flags & ZSetValue::kIncr;
  ZSetValue* z = nullptr;
  if (!LookupOrReply(ctx, key, /*read=*/false, &z)) return;
  size_t added = 0;
  size_t updated = 0;
  size_t processed = 0;
  double score = 0;
  bool created = false;
  if (z == nullptr && !(o.flags & ZSetValue::kXx)) {
    const ZSetLimits limits = Limits(ctx);
    // A new set starts as a skiplist when its first member is already too
    // long (or listpacks are off), as Redis decides on creation.
    const bool skiplist =
        limits.max_entries == 0 || ctx.argv[o.first + 1].size() > limits.max_value;
    z = CreateZSet(ctx, key, skiplist);
    created = true;
  }
  bool nan = false;
  const ZSetLimits limits = Limits(ctx);
  for (size_t j = 0; z != nullptr && j < pairs; ++j) {
    double newscore = 0;
    const ZSetValue::AddResult r =
        z->Add(ctx.argv[o.first + 2 * j + 1], scores[j], o.flags, limits, &newscore);
    if (r == ZSetValue::AddResult::kNan) {
      nan = true;
      break;
    }
    if (r == ZSetValue::AddResult::kAdded) ++added;
    if (r == ZSetValue::AddResult::kUpdated) ++updated;
    if (r != ZSetValue::AddResult::kNop) {
      ++processed;
      score = newscore;
    }
  }
  if (nan) {
    ctx.reply.Error(kNanScore);
  } else if (incr) {
    if (processed > 0) {
      ctx.reply.Double(score);
    } else {
      ctx.reply.Null();
    }
  } else {
    ctx.reply.Integer(static_cast<int64_t>(o.ch ? added + updated : added));
  }
  if (added + updated > 0) {
    AfterChange(ctx, key, incr ? "zincr" : "zadd", nullptr);
  }
  if (created) SignalKeyAsReady(ctx.node, ctx.client.db, key);
}

void CmdZAdd(CommandContext& ctx) {
  StatusOr<AddOptions> o = ParseAddOptions(ctx.argv);
  if (!o.ok()) return ctx.reply.Error(o.status().message());
  ZAddGeneric(ctx, *o);
}

void CmdZIncrBy(CommandContext& ctx) {
  AddOptions o;
  o.flags = ZSetValue::kIncr;
  ZAddGeneric(ctx, o);
}

// ---------------------------------------------------------------------------
// Single-member reads and ZREM
// ---------------------------------------------------------------------------

void CmdZCard(CommandContext& ctx) {
  ZSetValue* z = nullptr;
  if (!LookupOrReply(ctx, ctx.argv[1], /*read=*/true, &z)) return;
  ctx.reply.Integer(z == nullptr ? 0 : static_cast<int64_t>(z->Size()));
}

void CmdZScore(CommandContext& ctx) {
  ZSetValue* z = nullptr;
  if (!LookupOrReply(ctx, ctx.argv[1], /*read=*/true, &z)) return;
  const std::optional<double> s = z == nullptr ? std::nullopt : z->Score(ctx.argv[2]);
  if (s) return ctx.reply.Double(*s);
  ctx.reply.Null();
}

void CmdZMScore(CommandContext& ctx) {
  ZSetValue* z = nullptr;
  if (!LookupOrReply(ctx, ctx.argv[1], /*read=*/true, &z)) return;
  ctx.reply.ArrayHeader(ctx.argv.size() - 2);
  for (size_t i = 2; i < ctx.argv.size(); ++i) {
    const std::optional<double> s = z == nullptr ? std::nullopt : z->Score(ctx.argv[i]);
    if (s) {
      ctx.reply.Double(*s);
    } else {
      ctx.reply.Null();
    }
  }
}

void RankGeneric(CommandContext& ctx, bool reverse) {
  ZSetValue* z = nullptr;
  if (!LookupOrReply(ctx, ctx.argv[1], /*read=*/true, &z)) return;
  const std::optional<size_t> r = z == nullptr ? std::nullopt : z->Rank(ctx.argv[2], nullptr);
  if (!r) return ctx.reply.Null();
  ctx.reply.Integer(static_cast<int64_t>(reverse ? z->Size() - 1 - *r : *r));
}
void CmdZRank(CommandContext& ctx) { RankGeneric(ctx, false); }
void CmdZRevRank(CommandContext& ctx) { RankGeneric(ctx, true); }

void CmdZRem(CommandContext& ctx) {
  const std::string& key = ctx.argv[1];
  ZSetValue* z = nullptr;
  if (!LookupOrReply(ctx, key, /*read=*/false, &z)) return;
  if (z == nullptr) return ctx.reply.Integer(0);
  int64_t deleted = 0;
  for (size_t i = 2; i < ctx.argv.size() && z->Size() > 0; ++i) deleted += z->Remove(ctx.argv[i]);
  ctx.reply.Integer(deleted);
  if (deleted > 0) AfterChange(ctx, key, "zrem", z);
}

// ---------------------------------------------------------------------------
// Ranges: ZRANGE and its older forms, ZRANGESTORE, ZCOUNT, ZLEXCOUNT
// ---------------------------------------------------------------------------

enum class RangeType : uint8_t { kAuto, kRank, kScore, kLex };
enum class Direction : uint8_t { kAuto, kForward, kReverse };

struct RangeQuery {
  RangeType type = RangeType::kAuto;
  Direction direction = Direction::kAuto;
  int64_t start = 0;  // rank ranges
  int64_t end = 0;
  ZScoreRange score;
  ZLexRange lex;
  int64_t offset = 0;
  int64_t limit = -1;
  bool has_limit = false;
  bool withscores = false;
};

// Parses the options after <src> <min> <max> (at argv[key_index]) and then
// the range itself, as Redis's zrangeGenericCommand does, with its errors.
StatusOr<RangeQuery> ParseRangeQuery(const std::vector<std::string>& argv, size_t key_index,
                                     bool store, RangeType type, Direction direction) {
  RangeQuery q;
  q.type = type;
  q.direction = direction;
  for (size_t j = key_index + 3; j < argv.size(); ++j) {
    const size_t left = argv.size() - j - 1;
    const std::string& a = argv[j];
    if (!store && EqualsIgnoreCase(a, "withscores")) {
      q.withscores = true;
    } else if (EqualsIgnoreCase(a, "limit") && left >= 2) {
      if (!ParseInt64(argv[j + 1], &q.offset) || !ParseInt64(argv[j + 2], &q.limit)) {
        return Err(errors::kNotInteger);
      }
      q.has_limit = true;
      j += 2;
    } else if (q.direction == Direction::kAuto && EqualsIgnoreCase(a, "rev")) {
      q.direction = Direction::kReverse;
    } else if (q.type == RangeType::kAuto && EqualsIgnoreCase(a, "bylex")) {
      q.type = RangeType::kLex;
    } else if (q.type == RangeType::kAuto && EqualsIgnoreCase(a, "byscore")) {
      q.type = RangeType::kScore;
    } else {
      return Err(errors::kSyntax);
    }
  }
  if (q.direction == Direction::kAuto) q.direction = Direction::kForward;
  if (q.type == RangeType::kAuto) q.type = RangeType::kRank;
  if (q.has_limit && q.type == RangeType::kRank) {
    return Err(
        "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
  }
  if (q.withscores && q.type == RangeType::kLex) {
    return Err("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
  }
  size_t min_idx = key_index + 1;
  size_t max_idx = key_index + 2;
  if (q.direction == Direction::kReverse && q.type != RangeType::kRank) std::swap(min_idx, max_idx);
  switch (q.type) {
    case RangeType::kScore:
      if (!ParseScoreRange(argv[min_idx], argv[max_idx], &q.score)) return Err(kNotFloatRange);
      break;
    case RangeType::kLex:
      if (!ParseLexRange(argv[min_idx], argv[max_idx], &q.lex)) return Err(kNotLexRange);
      break;
    default:
      if (!ParseInt64(argv[min_idx], &q.start) || !ParseInt64(argv[max_idx], &q.end)) {
        return Err(errors::kNotInteger);
      }
  }
  return q;
}

// Normalises a rank range (negative counts from the end) to [begin, end);
// empty when begin >= end.
std::pair<size_t, size_t> RankSpan(int64_t start, int64_t end, size_t size) {
  const auto llen = static_cast<int64_t>(size);
  if (start < 0) start += llen;
  if (end < 0) end += llen;
  if (start < 0) start = 0;
  if (start > end || start >= llen) return {0, 0};
  if (end >= llen) end = llen - 1;
  return {static_cast<size_t>(start), static_cast<size_t>(end + 1)};
}

Items RunRangeQuery(const ZSetValue& z, const RangeQuery& q) {
  const bool reverse = q.direction == Direction::kReverse;
  if (q.type == RangeType::kRank) {
    auto [b, e] = RankSpan(q.start, q.end, z.Size());
    if (b >= e) return {};
    // Reverse ranks count from the top.
    if (reverse) return Collect(z, z.Size() - e, z.Size() - b, true);
    return Collect(z, b, e, false);
  }
  auto [b, e] = q.type == RangeType::kScore ? z.ScoreSpan(q.score) : z.LexSpan(q.lex);
  if (b >= e || q.offset < 0 || q.limit == 0) return {};
  const auto offset = static_cast<size_t>(q.offset);
  if (offset >= e - b) return {};
  if (reverse) return Collect(z, b, e - offset, true, q.limit);
  return Collect(z, b + offset, e, false, q.limit);
}

// ZRANGE and every older form; with dst set, ZRANGESTORE.
void RangeGeneric(CommandContext& ctx, size_t key_index, const std::string* dst, RangeType type,
                  Direction direction) {
  StatusOr<RangeQuery> q = ParseRangeQuery(ctx.argv, key_index, dst != nullptr, type, direction);
  if (!q.ok()) return ctx.reply.Error(q.status().message());
  ZSetValue* z = nullptr;
  if (!LookupOrReply(ctx, ctx.argv[key_index], /*read=*/true, &z)) return;
  Items items = z == nullptr ? Items() : RunRangeQuery(*z, *q);
  if (dst != nullptr) return StoreResult(ctx, *dst, std::move(items), "zrangestore");
  ReplyItems(ctx, items, q->withscores);
}

void CmdZRange(CommandContext& ctx) {
  RangeGeneric(ctx, 1, nullptr, RangeType::kAuto, Direction::kAuto);
}
void CmdZRangeStore(CommandContext& ctx) {
  RangeGeneric(ctx, 2, &ctx.argv[1], RangeType::kAuto, Direction::kAuto);
}
void CmdZRevRange(CommandContext& ctx) {
  RangeGeneric(ctx, 1, nullptr, RangeType::kRank, Direction::kReverse);
}
void CmdZRangeByScore(CommandContext& ctx) {
  RangeGeneric(ctx, 1, nullptr, RangeType::kScore, Direction::kForward);
}
void CmdZRevRangeByScore(CommandContext& ctx) {
  RangeGeneric(ctx, 1, nullptr, RangeType::kScore, Direction::kReverse);
}
void CmdZRangeByLex(CommandContext& ctx) {
  RangeGeneric(ctx, 1, nullptr, RangeType::kLex, Direction::kForward);
}
void CmdZRevRangeByLex(CommandContext& ctx) {
  RangeGeneric(ctx, 1, nullptr, RangeType::kLex, Direction::kReverse);
}

void CmdZCount(CommandContext& ctx) {
  ZScoreRange r;
  if (!ParseScoreRange(ctx.argv[2], ctx.argv[3], &r)) return ctx.reply.Error(kNotFloatRange);
  ZSetValue* z = nullptr;
  if (!LookupOrReply(ctx, ctx.argv[1], /*read=*/true, &z)) return;
  if (z == nullptr) return ctx.reply.Integer(0);
  auto [b, e] = z->ScoreSpan(r);
  ctx.reply.Integer(b < e ? static_cast<int64_t>(e - b) : 0);
}

void CmdZLexCount(CommandContext& ctx) {
  ZLexRange r;
  if (!ParseLexRange(ctx.argv[2], ctx.argv[3], &r)) return ctx.reply.Error(kNotLexRange);
  ZSetValue* z = nullptr;
  if (!LookupOrReply(ctx, ctx.argv[1], /*read=*/true, &z)) return;
  if (z == nullptr) return ctx.reply.Integer(0);
  auto [b, e] = z->LexSpan(r);
  ctx.reply.Integer(b < e ? static_cast<int64_t>(e - b) : 0);
}

// ---------------------------------------------------------------------------
// ZREMRANGEBYRANK, ZREMRANGEBYSCORE, ZREMRANGEBYLEX
// ---------------------------------------------------------------------------

void RemRangeGeneric(CommandContext& ctx, RangeType type) {
  const std::string& key = ctx.argv[1];
  int64_t start = 0;
  int64_t end = 0;
  ZScoreRange score;
  ZLexRange lex;
  if (type == RangeType::kRank) {
    if (!ParseLongArg(ctx, 2, &start) || !ParseLongArg(ctx, 3, &end)) return;
  } else if (type == RangeType::kScore) {
    if (!ParseScoreRange(ctx.argv[2], ctx.argv[3], &score)) return ctx.reply.Error(kNotFloatRange);
  } else if (!ParseLexRange(ctx.argv[2], ctx.argv[3], &lex)) {
    return ctx.reply.Error(kNotLexRange);
  }
  ZSetValue* z = nullptr;
  if (!LookupOrReply(ctx, key, /*read=*/false, &z)) return;
  if (z == nullptr) return ctx.reply.Integer(0);
  std::pair<size_t, size_t> span;
  std::string_view event;
  if (type == RangeType::kRank) {
    span = RankSpan(start, end, z->Size());
    event = "zremrangebyrank";
  } else if (type == RangeType::kScore) {
    span = z->ScoreSpan(score);
    event = "zremrangebyscore";
  } else {
    span = z->LexSpan(lex);
    event = "zremrangebylex";
  }
  const size_t removed = span.first < span.second ? z->RemoveRanks(span.first, span.second) : 0;
  ctx.reply.Integer(static_cast<int64_t>(removed));
  if (removed > 0) AfterChange(ctx, key, event, z);
}

void CmdZRemRangeByRank(CommandContext& ctx) { RemRangeGeneric(ctx, RangeType::kRank); }
void CmdZRemRangeByScore(CommandContext& ctx) { RemRangeGeneric(ctx, RangeType::kScore); }
void CmdZRemRangeByLex(CommandContext& ctx) { RemRangeGeneric(ctx, RangeType::kLex); }

// ---------------------------------------------------------------------------
// Pops: ZPOPMIN, ZPOPMAX, ZMPOP and the blocking forms
// ---------------------------------------------------------------------------

// How a pop replies (Redis's genericZpopCommand flags).
struct PopStyle {
  bool max = false;           // ZPOPMAX / MAX
  bool emit_key = false;      // the key precedes the elements
  bool nested = false;        // [member, score] pairs
  bool nil_if_empty = false;  // null array instead of an empty one
};

// Pops up to `count` (-1: one, the plain form) from the first existing key.
// Returns false when there was nothing to pop, having replied only on error
// (WRONGTYPE) when `reply_empty` is false.
bool PopGeneric(CommandContext& ctx, const std::vector<std::string_view>& keys, int64_t count,
                const PopStyle& style, bool reply_empty) {
  ZSetValue* z = nullptr;
  std::string_view key;
  for (std::string_view k : keys) {
    if (!LookupOrReply(ctx, k, /*read=*/false, &z)) return true;
    if (z != nullptr) {
      key = k;
      break;
    }
  }
  if (z == nullptr) {
    if (!reply_empty) return false;
    if (style.nil_if_empty) {
      ctx.reply.NullArray();
    } else {
      ctx.reply.ArrayHeader(0);
    }
    return true;
  }
  if (count == 0) {
    ctx.reply.ArrayHeader(0);
    return true;
  }
  const size_t size = z->Size();
  const size_t n = std::min<size_t>(count < 0 ? 1 : static_cast<size_t>(count), size);
  Items items = style.max ? Collect(*z, size - n, size, true) : Collect(*z, 0, n, false);
  if (style.emit_key && style.nested) {
    ctx.reply.ArrayHeader(2);
    ctx.reply.Bulk(key);
    ctx.reply.ArrayHeader(n);
  } else if (style.emit_key) {
    ctx.reply.ArrayHeader(2 * n + 1);
    ctx.reply.Bulk(key);
  } else {
    ctx.reply.ArrayHeader(style.nested ? n : 2 * n);
  }
  for (const Item& it : items) {
    if (style.nested) ctx.reply.ArrayHeader(2);
    ctx.reply.Bulk(it.first);
    ctx.reply.Double(it.second);
  }
  style.max ? z->RemoveRanks(size - n, size) : z->RemoveRanks(0, n);
  AfterChange(ctx, key, style.max ? "zpopmax" : "zpopmin", z);
  return true;
}

void ZPopCommand(CommandContext& ctx, bool max) {
  if (ctx.argv.size() > 3) return ctx.reply.Error(errors::kSyntax);
  int64_t count = -1;
  if (ctx.argv.size() == 3) {
    // Redis answers a non-integer with the same "must be positive" text.
    if (!ParseInt64(ctx.argv[2], &count) || count < 0) return ctx.reply.Error(errors::kPositive);
  }
  PopStyle style;
  style.max = max;
  style.nested = ctx.reply.protocol() >= 3 && count != -1;
  PopGeneric(ctx, {ctx.argv[1]}, count, style, true);
}
void CmdZPopMin(CommandContext& ctx) { ZPopCommand(ctx, false); }
void CmdZPopMax(CommandContext& ctx) { ZPopCommand(ctx, true); }

// Parses a blocking command's timeout (seconds, a float) as Redis's
// getTimeoutFromObjectOrReply does. Milliseconds beyond what a 64-bit integer
// holds convert, as on x86, to the most negative value: "negative".
// *timeout_ms is the relative timeout, 0 for "wait forever".
bool ParseTimeout(CommandContext& ctx, const std::string& arg, int64_t* timeout_ms) {
  long double t = 0;
  if (!ParseLongDouble(arg, &t)) {
    ctx.reply.Error("ERR timeout is not a float or out of range");
    return false;
  }
  const long double ms = t * 1000;
  constexpr long double kLimit = 9223372036854775808.0L;  // 2^63
  const int64_t tval = (ms >= kLimit || ms < -kLimit) ? std::numeric_limits<int64_t>::min()
                                                      : static_cast<int64_t>(ms);
  if (tval < 0) {
    ctx.reply.Error("ERR timeout is negative");
    return false;
  }
  *timeout_ms = tval;
  return true;
}

// What a blocking pop does when no key holds elements: the client is to wait
// until one of `keys` receives elements (then the command runs again and
// serves it) or `timeout_ms` passes (0: forever), answering a null array on
// timeout (at once inside MULTI and scripts).
void BlockOrTimeOut(CommandContext& ctx, const std::vector<std::string_view>& keys,
                    int64_t timeout_ms) {
  BlockForKeys(ctx, keys, ObjType::kZSet, timeout_ms == 0 ? 0 : ctx.now_ms() + timeout_ms,
               BlockedNull::kArray);
}

void BZPopCommand(CommandContext& ctx, bool max) {
  int64_t timeout_ms = 0;
  if (!ParseTimeout(ctx, ctx.argv.back(), &timeout_ms)) return;
  std::vector<std::string_view> keys(ctx.argv.begin() + 1, ctx.argv.end() - 1);
  PopStyle style;
  style.max = max;
  style.emit_key = true;
  if (!PopGeneric(ctx, keys, -1, style, false)) BlockOrTimeOut(ctx, keys, timeout_ms);
}
void CmdBZPopMin(CommandContext& ctx) { BZPopCommand(ctx, false); }
void CmdBZPopMax(CommandContext& ctx) { BZPopCommand(ctx, true); }

// ZMPOP numkeys key... MIN|MAX [COUNT n], from argv[numkeys_index] on.
void MPopGeneric(CommandContext& ctx, size_t numkeys_index, bool blocking) {
  const std::vector<std::string>& argv = ctx.argv;
  int64_t numkeys = 0;
  if (!ParseInt64(argv[numkeys_index], &numkeys) || numkeys < 1) {
    return ctx.reply.Error("ERR numkeys should be greater than 0");
  }
  if (static_cast<uint64_t>(numkeys) >= argv.size() - numkeys_index) {
    return ctx.reply.Error(errors::kSyntax);
  }
  const size_t where_index = numkeys_index + static_cast<size_t>(numkeys) + 1;
  PopStyle style;
  style.emit_key = true;
  style.nested = true;
  style.nil_if_empty = true;
  if (EqualsIgnoreCase(argv[where_index], "max")) {
    style.max = true;
  } else if (!EqualsIgnoreCase(argv[where_index], "min")) {
    return ctx.reply.Error(errors::kSyntax);
  }
  int64_t count = -1;
  for (size_t j = where_index + 1; j < argv.size(); ++j) {
    if (count == -1 && EqualsIgnoreCase(argv[j], "count") && j + 1 < argv.size()) {
      if (!ParseInt64(argv[++j], &count) || count < 1) {
        return ctx.reply.Error("ERR count should be greater than 0");
      }
    } else {
      return ctx.reply.Error(errors::kSyntax);
    }
  }
  if (count == -1) count = 1;
  int64_t timeout_ms = 0;
  if (blocking && !ParseTimeout(ctx, argv[1], &timeout_ms)) return;
  std::vector<std::string_view> keys(argv.begin() + static_cast<int64_t>(numkeys_index) + 1,
                                     argv.begin() + static_cast<int64_t>(where_index));
  if (PopGeneric(ctx, keys, count, style, !blocking)) return;
  BlockOrTimeOut(ctx, keys, timeout_ms);
}
void CmdZMPop(CommandContext& ctx) { MPopGeneric(ctx, 1, false); }
void CmdBZMPop(CommandContext& ctx) { MPopGeneric(ctx, 2, true); }

// ---------------------------------------------------------------------------
// ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD
// ---------------------------------------------------------------------------

enum class SetOp : uint8_t { kUnion, kInter, kDiff };
enum class Aggregate : uint8_t { kSum, kMin, kMax };

// The members of a plain set input, each scoring 1.
size_t PlainSetSize(const Object& set) { return set.collection().Size(); }
Items PlainSetMembers(const Object& set) {
  Items out;
  set.As<SetValue>().ForEach([&out](std::string_view m) { out.push_back({std::string(m), 1.0}); });
  return out;
}
bool PlainSetContains(const Object& set, std::string_view member) {
  return set.As<SetValue>().Contains(member);
}

// One input of ZUNION/ZINTER/ZDIFF: a sorted set, a plain set, or nothing
// (a missing key, which acts as an empty set).
struct SetOpInput {
  ZSetValue* zset = nullptr;
  const Object* set = nullptr;
  double weight = 1;

  size_t Size() const {
    if (zset != nullptr) return zset->Size();
    return set != nullptr ? PlainSetSize(*set) : 0;
  }
  Items Read() const {
    if (zset != nullptr) return Collect(*zset, 0, zset->Size(), false);
    return set != nullptr ? PlainSetMembers(*set) : Items();
  }
  std::optional<double> Score(std::string_view member) const {
    if (zset != nullptr) return zset->Score(member);
    if (set != nullptr && PlainSetContains(*set, member)) return 1.0;
    return std::nullopt;
  }
};

void AggregateInto(double* target, double value, Aggregate agg) {
  switch (agg) {
    case Aggregate::kSum:
      *target += value;
      // inf + -inf is NaN; Redis keeps 0 instead.
      if (std::isnan(*target)) *target = 0;
      break;
    case Aggregate::kMin:
      *target = std::min(*target, value);
      break;
    case Aggregate::kMax:
      *target = std::max(*target, value);
      break;
  }
}

// Looks the input keys up; WRONGTYPE for anything but a sorted set or a set.
StatusOr<std::vector<SetOpInput>> ReadInputs(CommandContext& ctx, size_t first, size_t n,
                                             bool write_lookup) {
  std::vector<SetOpInput> inputs(n);
  for (size_t i = 0; i < n; ++i) {
    const std::string& key = ctx.argv[first + i];
    Object* o = write_lookup ? ctx.db().Find(key) : ctx.db().FindRead(key);
    if (o == nullptr) continue;
    if (o->type() == ObjType::kZSet) {
      inputs[i].zset = &o->As<ZSetValue>();
    } else if (o->type() == ObjType::kSet) {
      inputs[i].set = o;
    } else {
      return Err(errors::kWrongType);
    }
  }
  return inputs;
}

double Weighted(double weight, double score) {
  const double v = weight * score;
  return std::isnan(v) ? 0 : v;  // inf * 0
}

Items Union(const std::vector<SetOpInput>& in, Aggregate agg) {
  std::unordered_map<std::string, double> acc;
  for (const SetOpInput& src : in) {
    for (Item& it : src.Read()) {
      const double v = Weighted(src.weight, it.second);
      auto [pos, inserted] = acc.try_emplace(std::move(it.first), v);
      if (!inserted) AggregateInto(&pos->second, v, agg);
    }
  }
  return Items(acc.begin(), acc.end());
}

// Walks the smallest input and looks each member up in the others, as Redis
// does; stops after `limit` members when limit > 0 (ZINTERCARD).
Items Intersection(const std::vector<SetOpInput>& in, Aggregate agg, size_t limit) {
  std::vector<const SetOpInput*> order;
  for (const SetOpInput& src : in) order.push_back(&src);
  std::stable_sort(order.begin(), order.end(),
                   [](const SetOpInput* a, const SetOpInput* b) { return a->Size() < b->Size(); });
  Items out;
  for (Item& it : order[0]->Read()) {
    double score = Weighted(order[0]->weight, it.second);
    bool everywhere = true;
    for (size_t j = 1; j < order.size() && everywhere; ++j) {
      const std::optional<double> s = order[j]->Score(it.first);
      everywhere = s.has_value();
      if (everywhere) AggregateInto(&score, Weighted(order[j]->weight, *s), agg);
    }
    if (!everywhere) continue;
    out.emplace_back(std::move(it.first), score);
    if (limit > 0 && out.size() >= limit) break;
  }
  return out;
}

Items Difference(const std::vector<SetOpInput>& in) {
  Items out;
  for (Item& it : in[0].Read()) {
    bool elsewhere = false;
    for (size_t j = 1; j < in.size() && !elsewhere; ++j)
      elsewhere = in[j].Score(it.first).has_value();
    if (!elsewhere) out.push_back(std::move(it));
  }
  return out;
}

Items ComputeSetOp(const std::vector<SetOpInput>& in, SetOp op, Aggregate agg, size_t limit) {
  switch (op) {
    case SetOp::kUnion:
      return Union(in, agg);
    case SetOp::kInter:
      return Intersection(in, agg, limit);
    case SetOp::kDiff:
      return Difference(in);
  }
  return {};
}

void SortItems(Items* items) {
  std::sort(items->begin(), items->end(), [](const Item& a, const Item& b) {
    return a.second != b.second ? a.second < b.second : a.first < b.first;
  });
}

struct SetOpArgs {
  Aggregate agg = Aggregate::kSum;
  bool withscores = false;
  int64_t limit = 0;  // ZINTERCARD
};

// Parses WEIGHTS / AGGREGATE / WITHSCORES / LIMIT after the keys, as Redis's
// zunionInterDiffGenericCommand allows them per form.
StatusOr<SetOpArgs> ParseSetOpArgs(const std::vector<std::string>& argv, size_t j, SetOp op,
                                   bool store, bool card, std::vector<SetOpInput>* in) {
  SetOpArgs a;
  while (j < argv.size()) {
    const size_t remaining = argv.size() - j;
    const std::string& opt = argv[j];
    if (op != SetOp::kDiff && !card && remaining >= in->size() + 1 &&
        EqualsIgnoreCase(opt, "weights")) {
      ++j;
      for (SetOpInput& src : *in) {
        if (!ParseDouble(argv[j++], &src.weight)) return Err("ERR weight value is not a float");
      }
    } else if (op != SetOp::kDiff && !card && remaining >= 2 &&
               EqualsIgnoreCase(opt, "aggregate")) {
      const std::string& v = argv[j + 1];
      if (EqualsIgnoreCase(v, "sum")) {
        a.agg = Aggregate::kSum;
      } else if (EqualsIgnoreCase(v, "min")) {
        a.agg = Aggregate::kMin;
      } else if (EqualsIgnoreCase(v, "max")) {
        a.agg = Aggregate::kMax;
      } else {
        return Err(errors::kSyntax);
      }
      j += 2;
    } else if (!store && !card && EqualsIgnoreCase(opt, "withscores")) {
      a.withscores = true;
      ++j;
    } else if (card && remaining >= 2 && EqualsIgnoreCase(opt, "limit")) {
      if (!ParseInt64(argv[j + 1], &a.limit) || a.limit < 0) {
        return Err("ERR LIMIT can't be negative");
      }
      j += 2;
    } else {
      return Err(errors::kSyntax);
    }
  }
  return a;
}

void SetOpGeneric(CommandContext& ctx, size_t numkeys_index, SetOp op, bool store, bool card) {
  const std::vector<std::string>& argv = ctx.argv;
  int64_t numkeys = 0;
  if (!ParseLongArg(ctx, numkeys_index, &numkeys)) return;
  if (numkeys < 1) {
    return ctx.reply.Error("ERR at least 1 input key is needed for '" + ctx.spec.full_name +
                           "' command");
  }
  if (static_cast<uint64_t>(numkeys) > argv.size() - numkeys_index - 1) {
    return ctx.reply.Error(errors::kSyntax);
  }
  const auto n = static_cast<size_t>(numkeys);
  StatusOr<std::vector<SetOpInput>> in = ReadInputs(ctx, numkeys_index + 1, n, store);
  if (!in.ok()) return ctx.reply.Error(in.status().message());
  StatusOr<SetOpArgs> a = ParseSetOpArgs(argv, numkeys_index + 1 + n, op, store, card, &*in);
  if (!a.ok()) return ctx.reply.Error(a.status().message());
  Items items = ComputeSetOp(*in, op, a->agg, card ? static_cast<size_t>(a->limit) : 0);
  if (card) return ctx.reply.Integer(static_cast<int64_t>(items.size()));
  if (store) {
    const std::string_view event =
        op == SetOp::kUnion ? "zunionstore" : (op == SetOp::kInter ? "zinterstore" : "zdiffstore");
    return StoreResult(ctx, argv[1], std::move(items), event);
  }
  SortItems(&items);
  ReplyItems(ctx, items, a->withscores);
}

void CmdZUnion(CommandContext& ctx) { SetOpGeneric(ctx, 1, SetOp::kUnion, false, false); }
void CmdZInter(CommandContext& ctx) { SetOpGeneric(ctx, 1, SetOp::kInter, false, false); }
void CmdZDiff(CommandContext& ctx) { SetOpGeneric(ctx, 1, SetOp::kDiff, false, false); }
void CmdZUnionStore(CommandContext& ctx) { SetOpGeneric(ctx, 2, SetOp::kUnion, true, false); }
void CmdZInterStore(CommandContext& ctx) { SetOpGeneric(ctx, 2, SetOp::kInter, true, false); }
void CmdZDiffStore(CommandContext& ctx) { SetOpGeneric(ctx, 2, SetOp::kDiff, true, false); }
void CmdZInterCard(CommandContext& ctx) { SetOpGeneric(ctx, 1, SetOp::kInter, false, true); }

// ---------------------------------------------------------------------------
// ZRANDMEMBER, ZSCAN
// ---------------------------------------------------------------------------

Item At(const ZSetValue& z, size_t rank) {
  Items one = Collect(z, rank, rank + 1, false);
  return std::move(one[0]);
}

// Distinct random ranks, `count` < size of them, in random order.
std::vector<size_t> DistinctRanks(Rng& rng, size_t size, size_t count) {
  std::vector<size_t> ranks;
  if (count * 3 > size) {
    // Dense: shuffle the front of all ranks.
    ranks.resize(size);
    for (size_t i = 0; i < size; ++i) ranks[i] = i;
    for (size_t i = 0; i < count; ++i) std::swap(ranks[i], ranks[i + rng.Uniform(size - i)]);
    ranks.resize(count);
    return ranks;
  }
  std::unordered_set<size_t> seen;
  while (ranks.size() < count) {
    const size_t r = rng.Uniform(size);
    if (seen.insert(r).second) ranks.push_back(r);
  }
  return ranks;
}

void RandMemberWithCount(CommandContext& ctx, int64_t count, bool withscores) {
  ZSetValue* z = nullptr;
  if (!LookupOrReply(ctx, ctx.argv[1], /*read=*/true, &z)) return;
  if (z == nullptr || count == 0) return ctx.reply.ArrayHeader(0);
  const size_t size = z->Size();
  if (count < 0 || count == 1) {
    // Repeats allowed: independent draws, written as they are drawn (the
    // count is the client's and may be far larger than the set).
    const uint64_t n = count < 0 ? static_cast<uint64_t>(-count) : 1;
    const bool pairs = withscores && ctx.reply.protocol() >= 3;
    ctx.reply.ArrayHeader(withscores && !pairs ? n * 2 : n);
    for (uint64_t i = 0; i < n; ++i) {
      const Item it = At(*z, ctx.node.rng().Uniform(size));
      if (pairs) ctx.reply.ArrayHeader(2);
      ctx.reply.Bulk(it.first);
      if (withscores) ctx.reply.Double(it.second);
    }
    return;
  }
  Items items;
  if (static_cast<uint64_t>(count) >= size) {
    // The whole set, highest score first, as Redis answers it.
    items = Collect(*z, 0, size, true);
  } else {
    for (size_t r : DistinctRanks(ctx.node.rng(), size, static_cast<size_t>(count))) {
      items.push_back(At(*z, r));
    }
  }
  ReplyItems(ctx, items, withscores);
}

void CmdZRandMember(CommandContext& ctx) {
  if (ctx.argv.size() >= 3) {
    int64_t count = 0;
    if (!ParseLongArg(ctx, 2, &count)) return;
    if (count == std::numeric_limits<int64_t>::min()) {
      return ctx.reply.Error(
          "ERR value is out of range, value must between -9223372036854775807 and "
          "9223372036854775807");
    }
    const bool withscores = ctx.argv.size() == 4;
    if (ctx.argv.size() > 4 || (withscores && !EqualsIgnoreCase(ctx.argv[3], "withscores"))) {
      return ctx.reply.Error(errors::kSyntax);
    }
    const int64_t half = std::numeric_limits<int64_t>::max() / 2;
    if (withscores && (count < -half || count > half)) {
      return ctx.reply.Error("ERR value is out of range");
    }
    return RandMemberWithCount(ctx, count, withscores);
  }
  ZSetValue* z = nullptr;
  if (!LookupOrReply(ctx, ctx.argv[1], /*read=*/true, &z)) return;
  if (z == nullptr) return ctx.reply.Null();
  ctx.reply.Bulk(At(*z, ctx.node.rng().Uniform(z->Size())).first);
}

void CmdZScan(CommandContext& ctx) {
  uint64_t cursor = 0;
  if (!keyops::ParseScanCursor(ctx.argv[2], &cursor)) {
    return ctx.reply.Error("ERR invalid cursor");
  }
  std::vector<std::string> args(ctx.argv.begin() + 1, ctx.argv.end());
  StatusOr<keyops::ScanOptions> opts = keyops::ParseScanOptions(args, 2);
  if (!opts.ok()) return ctx.reply.Error(opts.status().message());
  if (!opts->type.empty()) return ctx.reply.Error(errors::kSyntax);
  ZSetValue* z = nullptr;
  if (!LookupOrReply(ctx, ctx.argv[1], /*read=*/true, &z)) return;
  std::vector<std::string> out;
  if (z != nullptr) {
    // Buckets are visited until about COUNT strings (two per member) were
    // gathered, at most 10*COUNT steps, as Redis's scanGenericCommand.
    size_t steps = opts->count * 10;
    size_t gathered = 0;
    do {
      cursor = z->Scan(cursor, [&](std::string_view m, double s) {
        gathered += 2;
        if (!opts->pattern.empty() && !GlobMatch(opts->pattern, m)) return true;
        out.emplace_back(m);
        out.push_back(resp::FormatDouble(s));
        return true;
      });
    } while (cursor != 0 && --steps > 0 && gathered < opts->count);
  } else {
    cursor = 0;
  }
  ctx.reply.ArrayHeader(2);
  ctx.reply.Bulk(std::to_string(cursor));
  ctx.reply.BulkArray(out);
}

}  // namespace

// ---------------------------------------------------------------------------
// Registration
// ---------------------------------------------------------------------------

void RegisterSortedSetCommands(CommandTable& table) {
  struct Entry {
    std::string_view name;
    CommandHandler handler;
  };
  const Entry entries[] = {
      {"zadd", CmdZAdd},
      {"zincrby", CmdZIncrBy},
      {"zrem", CmdZRem},
      {"zcard", CmdZCard},
      {"zscore", CmdZScore},
      {"zmscore", CmdZMScore},
      {"zrank", CmdZRank},
      {"zrevrank", CmdZRevRank},
      {"zrange", CmdZRange},
      {"zrangestore", CmdZRangeStore},
      {"zrevrange", CmdZRevRange},
      {"zrangebyscore", CmdZRangeByScore},
      {"zrevrangebyscore", CmdZRevRangeByScore},
      {"zrangebylex", CmdZRangeByLex},
      {"zrevrangebylex", CmdZRevRangeByLex},
      {"zcount", CmdZCount},
      {"zlexcount", CmdZLexCount},
      {"zremrangebyrank", CmdZRemRangeByRank},
      {"zremrangebyscore", CmdZRemRangeByScore},
      {"zremrangebylex", CmdZRemRangeByLex},
      {"zpopmin", CmdZPopMin},
      {"zpopmax", CmdZPopMax},
      {"zmpop", CmdZMPop},
      {"bzpopmin", CmdBZPopMin},
      {"bzpopmax", CmdBZPopMax},
      {"bzmpop", CmdBZMPop},
      {"zunion", CmdZUnion},
      {"zinter", CmdZInter},
      {"zdiff", CmdZDiff},
      {"zunionstore", CmdZUnionStore},
      {"zinterstore", CmdZInterStore},
      {"zdiffstore", CmdZDiffStore},
      {"zintercard", CmdZInterCard},
      {"zrandmember", CmdZRandMember},
      {"zscan", CmdZScan},
  };
  for (const Entry& e : entries) {
    CommandSpec spec = SortedSetCommandSpec(e.name);
    spec.handler = e.handler;
    table.Add(std::move(spec));
  }
}

}  // namespace shoal
