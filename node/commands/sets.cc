// The set family: SADD, SREM, membership, random members, SMOVE, the
// intersection/union/difference commands and SSCAN, with Redis 7.0's
// replies, error texts, encodings and keyspace events.
//
// Each command is an operation on the keyspace (Op*: returns a value or a
// Status, never writes RESP) plus a handler (Cmd*) that parses arguments and
// builds the reply. The value itself (encodings, conversions) is SetValue
// (node/keyspace/types/set.h).
//
// Reply types follow Redis 7.0 under RESP3: SMEMBERS, SINTER, SUNION, SDIFF
// and SPOP with a count reply with a set ('~'); SRANDMEMBER with a count and
// SMISMEMBER with arrays.

#include <algorithm>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "common/resp/writer.h"
#include "common/status.h"
#include "common/strutil.h"
#include "node/commands/families.h"
#include "node/commands/key_ops.h"
#include "node/core/command.h"
#include "node/core/command_args.h"
#include "node/core/errors.h"
#include "node/core/events.h"
#include "node/core/node.h"
#include "node/keyspace/db.h"
#include "node/keyspace/object.h"
#include "node/keyspace/types/set.h"

namespace shoal {

namespace {

constexpr std::string_view kInvalidCursor = "ERR invalid cursor";
constexpr std::string_view kNumKeys = "ERR numkeys should be greater than 0";
constexpr std::string_view kTooManyKeys = "ERR Number of keys can't be greater than number of args";
constexpr std::string_view kNegativeLimit = "ERR LIMIT can't be negative";
constexpr std::string_view kSrandmemberRange =
    "ERR value is out of range, value must between -9223372036854775807 and "
    "9223372036854775807";

// SPOP with a count switches strategy when few members would remain: it
// rebuilds the set from the survivors instead of popping one by one (Redis's
// SPOP_MOVE_STRATEGY_MUL).
constexpr uint64_t kSpopMoveStrategyMul = 5;
// SRANDMEMBER with a count copies the set and removes members when the count
// is close to the size (Redis's SRANDMEMBER_SUB_STRATEGY_MUL).
constexpr uint64_t kSrandSubStrategyMul = 3;

Status Err(std::string_view text) { return Status::Error(std::string(text)); }

// ---------------------------------------------------------------------------
// Lookups and events
// ---------------------------------------------------------------------------

// The set stored at key, or nullptr when absent; WRONGTYPE for other types.
// A read lookup counts a keyspace hit or miss (Redis's lookupKeyRead).
StatusOr<SetValue*> LookupSet(Db& db, std::string_view key, bool read) {
  Object* o = read ? db.FindRead(key) : db.Find(key);
  if (o == nullptr) return static_cast<SetValue*>(nullptr);
  if (o->type() != ObjType::kSet) return Err(errors::kWrongType);
  return &o->As<SetValue>();
}

size_t MaxIntSetEntries(CommandContext& ctx) {
  return static_cast<size_t>(std::max<int64_t>(0, ctx.node.cfg().set_max_intset_entries));
}

void NotifySet(CommandContext& ctx, std::string_view event, std::string_view key) {
  NotifyKeyspaceEvent(ctx.node, notify::kSet, event, key, ctx.client.db);
}

void NotifyDel(CommandContext& ctx, std::string_view key) {
  NotifyKeyspaceEvent(ctx.node, notify::kGeneric, "del", key, ctx.client.db);
}

void Modified(CommandContext& ctx, std::string_view key) {
  SignalModifiedKey(ctx.node, ctx.client.db, key);
}

// Deletes key if its set became empty (with the "del" event Redis sends);
// returns whether it did.
bool DeleteIfEmpty(CommandContext& ctx, std::string_view key, const SetValue& set) {
  if (set.Size() != 0) return false;
  ctx.db().Delete(key);
  NotifyDel(ctx, key);
  return true;
}

bool ReplyIfError(CommandContext& ctx, const Status& status) {
  if (status.ok()) return false;
  ctx.reply.Error(status.message());
  return true;
}

void ReplySetOf(CommandContext& ctx, const std::vector<std::string>& members) {
  ctx.reply.SetHeader(members.size());
  for (const std::string& m : members) ctx.reply.Bulk(m);
}

void ReplySetOf(CommandContext& ctx, const SetValue& set) {
  ctx.reply.SetHeader(set.Size());
  set.ForEach([&ctx](std::string_view m) { ctx.reply.Bulk(m); });
}

// ---------------------------------------------------------------------------
// SADD, SREM, SCARD, SISMEMBER, SMISMEMBER
// ---------------------------------------------------------------------------

// Adds argv[2..] to the set at key (created in the encoding its first member
// calls for). Returns the number of members added.
StatusOr<int64_t> OpAdd(CommandContext& ctx, std::string_view key) {
  StatusOr<SetValue*> found = LookupSet(ctx.db(), key, /*read=*/false);
  if (!found.ok()) return found.status();
  const size_t max_entries = MaxIntSetEntries(ctx);
  int64_t added = 0;
  if (*found == nullptr) {
    std::unique_ptr<SetValue> set = SetValue::CreateFor(ctx.argv[2]);
    for (size_t i = 2; i < ctx.argv.size(); ++i) added += set->Add(ctx.argv[i], max_entries);
    ctx.db().Add(key, Object::Collection(ObjType::kSet, std::move(set)));
    return added;
  }
  for (size_t i = 2; i < ctx.argv.size(); ++i) added += (*found)->Add(ctx.argv[i], max_entries);
  return added;
}

void CmdSAdd(CommandContext& ctx) {
  const std::string& key = ctx.argv[1];
  StatusOr<int64_t> added = OpAdd(ctx, key);
  if (ReplyIfError(ctx, added.status())) return;
  if (*added > 0) {
    Modified(ctx, key);
    NotifySet(ctx, "sadd", key);
  }
  ctx.node.dirty += static_cast<uint64_t>(*added);
  ctx.reply.Integer(*added);
}

void CmdSRem(CommandContext& ctx) {
  const std::string& key = ctx.argv[1];
  StatusOr<SetValue*> set = LookupSet(ctx.db(), key, /*read=*/false);
  if (ReplyIfError(ctx, set.status())) return;
  if (*set == nullptr) return ctx.reply.Integer(0);
  int64_t removed = 0;
  for (size_t i = 2; i < ctx.argv.size() && (*set)->Size() > 0; ++i) {
    removed += (*set)->Remove(ctx.argv[i]);
  }
  if (removed > 0) {
    const bool emptied = (*set)->Size() == 0;
    if (emptied) ctx.db().Delete(key);
    Modified(ctx, key);
    NotifySet(ctx, "srem", key);
    if (emptied) NotifyDel(ctx, key);
    ctx.node.dirty += static_cast<uint64_t>(removed);
  }
  ctx.reply.Integer(removed);
}

void CmdSCard(CommandContext& ctx) {
  StatusOr<SetValue*> set = LookupSet(ctx.db(), ctx.argv[1], /*read=*/true);
  if (ReplyIfError(ctx, set.status())) return;
  ctx.reply.Integer(*set == nullptr ? 0 : static_cast<int64_t>((*set)->Size()));
}

void CmdSIsMember(CommandContext& ctx) {
  StatusOr<SetValue*> set = LookupSet(ctx.db(), ctx.argv[1], /*read=*/true);
  if (ReplyIfError(ctx, set.status())) return;
  ctx.reply.Integer(*set != nullptr && (*set)->Contains(ctx.argv[2]) ? 1 : 0);
}

void CmdSMIsMember(CommandContext& ctx) {
  StatusOr<SetValue*> set = LookupSet(ctx.db(), ctx.argv[1], /*read=*/true);
  if (ReplyIfError(ctx, set.status())) return;
  ctx.reply.ArrayHeader(ctx.argv.size() - 2);
  for (size_t i = 2; i < ctx.argv.size(); ++i) {
    ctx.reply.Integer(*set != nullptr && (*set)->Contains(ctx.argv[i]) ? 1 : 0);
  }
}

// ---------------------------------------------------------------------------
// SPOP
// ---------------------------------------------------------------------------

void SPopOne(CommandContext& ctx) {
  const std::string& key = ctx.argv[1];
  StatusOr<SetValue*> set = LookupSet(ctx.db(), key, /*read=*/false);
  if (ReplyIfError(ctx, set.status())) return;
  if (*set == nullptr) return ctx.reply.Null();
  std::string member = (*set)->PopRandom(ctx.node.rng());
  NotifySet(ctx, "spop", key);
  DeleteIfEmpty(ctx, key, **set);
  Modified(ctx, key);
  ctx.node.dirty++;
  ctx.reply.Bulk(member);
}

// Pops `count` (less than the size) random members. Few survivors: the set
// is rebuilt from `size - count` random survivors (so its encoding is chosen
// afresh, as Redis's does) and the rest is returned; else members are popped
// one at a time.
std::vector<std::string> PopMany(CommandContext& ctx, std::string_view key, SetValue& set,
                                 uint64_t count) {
  Rng& rng = ctx.node.rng();
  const uint64_t remaining = set.Size() - count;
  std::vector<std::string> popped;
  if (remaining * kSpopMoveStrategyMul > count) {
    popped.reserve(count);
    for (uint64_t i = 0; i < count; ++i) popped.push_back(set.PopRandom(rng));
    return popped;
  }
  std::unique_ptr<SetValue> survivors;
  const size_t max_entries = MaxIntSetEntries(ctx);
  for (uint64_t i = 0; i < remaining; ++i) {
    std::string m = set.PopRandom(rng);
    if (survivors == nullptr) survivors = SetValue::CreateFor(m);
    survivors->Add(m, max_entries);
  }
  popped = set.Members();
  Object* o = ctx.db().Find(key);
  ctx.db().Replace(o, Object::Collection(ObjType::kSet, std::move(survivors)));
  return popped;
}

void SPopCount(CommandContext& ctx) {
  const std::string& key = ctx.argv[1];
  int64_t n;
  if (!ParseInt64(ctx.argv[2], &n) || n < 0) return ctx.reply.Error(errors::kPositive);
  const auto count = static_cast<uint64_t>(n);
  StatusOr<SetValue*> found = LookupSet(ctx.db(), key, /*read=*/false);
  if (ReplyIfError(ctx, found.status())) return;
  if (*found == nullptr || count == 0) return ctx.reply.SetHeader(0);
  SetValue& set = **found;
  NotifySet(ctx, "spop", key);
  ctx.node.dirty += count;
  if (count >= set.Size()) {
    ReplySetOf(ctx, set);
    ctx.db().Delete(key);
    NotifyDel(ctx, key);
    Modified(ctx, key);
    return;
  }
  std::vector<std::string> popped = PopMany(ctx, key, set, count);
  ReplySetOf(ctx, popped);
  Modified(ctx, key);
}

void CmdSPop(CommandContext& ctx) {
  if (ctx.argv.size() == 2) return SPopOne(ctx);
  if (ctx.argv.size() == 3) return SPopCount(ctx);
  ctx.reply.Error(errors::kSyntax);
}

// ---------------------------------------------------------------------------
// SRANDMEMBER
// ---------------------------------------------------------------------------

// `count` distinct random members, count < size. Close to the size: copy the
// members and drop random ones; else draw until enough distinct ones.
std::vector<std::string> DistinctRandom(SetValue& set, uint64_t count, Rng& rng) {
  if (count * kSrandSubStrategyMul > set.Size()) {
    std::vector<std::string> members = set.Members();
    while (members.size() > count) {
      const size_t i = rng.Uniform(members.size());
      std::swap(members[i], members.back());
      members.pop_back();
    }
    return members;
  }
  // count <= size/3, so each draw is new with probability >= 2/3.
  std::unordered_set<std::string> picked;
  std::vector<std::string> out;
  out.reserve(count);
  while (out.size() < count) {
    std::string m = set.RandomMember(rng);
    if (picked.insert(m).second) out.push_back(std::move(m));
  }
  return out;
}

void SRandMemberCount(CommandContext& ctx) {
  int64_t n;
  if (!ParseInt64(ctx.argv[2], &n)) return ctx.reply.Error(errors::kNotInteger);
  if (n == std::numeric_limits<int64_t>::min()) return ctx.reply.Error(kSrandmemberRange);
  StatusOr<SetValue*> found = LookupSet(ctx.db(), ctx.argv[1], /*read=*/true);
  if (ReplyIfError(ctx, found.status())) return;
  if (*found == nullptr || n == 0) return ctx.reply.ArrayHeader(0);
  SetValue& set = **found;
  Rng& rng = ctx.node.rng();
  if (n < 0) {
    // Negative counts may repeat members.
    const auto count = static_cast<uint64_t>(-n);
    ctx.reply.ArrayHeader(count);
    for (uint64_t i = 0; i < count; ++i) ctx.reply.Bulk(set.RandomMember(rng));
    return;
  }
  const auto count = static_cast<uint64_t>(n);
  if (count >= set.Size()) {
    ctx.reply.ArrayHeader(set.Size());
    set.ForEach([&ctx](std::string_view m) { ctx.reply.Bulk(m); });
    return;
  }
  ctx.reply.BulkArray(DistinctRandom(set, count, rng));
}

void CmdSRandMember(CommandContext& ctx) {
  if (ctx.argv.size() == 3) return SRandMemberCount(ctx);
  if (ctx.argv.size() > 3) return ctx.reply.Error(errors::kSyntax);
  StatusOr<SetValue*> set = LookupSet(ctx.db(), ctx.argv[1], /*read=*/true);
  if (ReplyIfError(ctx, set.status())) return;
  if (*set == nullptr) return ctx.reply.Null();
  ctx.reply.Bulk((*set)->RandomMember(ctx.node.rng()));
}

// ---------------------------------------------------------------------------
// SMOVE
// ---------------------------------------------------------------------------

// Moves member from src to dst. Returns 1 if it was in src.
StatusOr<int64_t> OpMove(CommandContext& ctx, const std::string& src, const std::string& dst,
                         const std::string& member) {
  Db& db = ctx.db();
  StatusOr<SetValue*> from = LookupSet(db, src, /*read=*/false);
  Object* dst_obj = db.Find(dst);
  // A missing source answers 0 before any type check, as in Redis.
  if (from.ok() && *from == nullptr) return 0;
  if (!from.ok()) return from.status();
  if (dst_obj != nullptr && dst_obj->type() != ObjType::kSet) return Err(errors::kWrongType);
  if (src == dst) return (*from)->Contains(member) ? 1 : 0;
  if (!(*from)->Remove(member)) return 0;
  NotifySet(ctx, "srem", src);
  DeleteIfEmpty(ctx, src, **from);
  Modified(ctx, src);
  ctx.node.dirty++;
  StatusOr<SetValue*> to = LookupSet(db, dst, /*read=*/false);
  if (*to == nullptr) {
    db.Add(dst, Object::Collection(ObjType::kSet, SetValue::CreateFor(member)));
    to = LookupSet(db, dst, /*read=*/false);
  }
  if ((*to)->Add(member, MaxIntSetEntries(ctx))) {
    ctx.node.dirty++;
    Modified(ctx, dst);
    NotifySet(ctx, "sadd", dst);
  }
  return 1;
}

void CmdSMove(CommandContext& ctx) {
  StatusOr<int64_t> moved = OpMove(ctx, ctx.argv[1], ctx.argv[2], ctx.argv[3]);
  if (ReplyIfError(ctx, moved.status())) return;
  ctx.reply.Integer(*moved);
}

// ---------------------------------------------------------------------------
// SINTER, SINTERCARD, SINTERSTORE, SUNION(STORE), SDIFF(STORE), SMEMBERS
// ---------------------------------------------------------------------------

// The sets named by keys (nullptr for a missing key). Every key is type
// checked, even after a missing one, as in Redis 7.0.
StatusOr<std::vector<SetValue*>> LookupSets(Db& db, const std::vector<std::string>& argv,
                                            size_t first, size_t count, bool read) {
  std::vector<SetValue*> sets;
  sets.reserve(count);
  for (size_t i = first; i < first + count; ++i) {
    StatusOr<SetValue*> s = LookupSet(db, argv[i], read);
    if (!s.ok()) return s.status();
    sets.push_back(*s);
  }
  return sets;
}

// Members of the smallest set present in every other one, in the smallest
// set's order; stops after `limit` members (0: no limit). Empty when a set is
// missing.
std::vector<std::string> Intersect(std::vector<SetValue*> sets, size_t limit) {
  std::vector<std::string> out;
  if (sets.empty() || std::find(sets.begin(), sets.end(), nullptr) != sets.end()) return out;
  std::sort(sets.begin(), sets.end(),
            [](const SetValue* a, const SetValue* b) { return a->Size() < b->Size(); });
  sets[0]->ForEach([&](std::string_view m) {
    if (limit != 0 && out.size() >= limit) return;
    for (size_t j = 1; j < sets.size(); ++j) {
      if (sets[j] != sets[0] && !sets[j]->Contains(m)) return;
    }
    out.emplace_back(m);
  });
  return out;
}

enum class SetOp : uint8_t { kUnion, kDiff };

// SUNION / SDIFF of the sets (nullptr: empty), built as the value Redis
// builds: an intset-first set that converts as members demand.
std::unique_ptr<SetValue> Combine(const std::vector<SetValue*>& sets, SetOp op,
                                  size_t max_entries) {
  std::unique_ptr<SetValue> out = SetValue::CreateIntSet();
  if (op == SetOp::kUnion) {
    for (const SetValue* s : sets) {
      if (s != nullptr) s->ForEach([&](std::string_view m) { out->Add(m, max_entries); });
    }
    return out;
  }
  if (sets.empty() || sets[0] == nullptr) return out;
  sets[0]->ForEach([&](std::string_view m) {
    for (size_t j = 1; j < sets.size(); ++j) {
      if (sets[j] != nullptr && (sets[j] == sets[0] || sets[j]->Contains(m))) return;
    }
    out->Add(m, max_entries);
  });
  return out;
}

// Stores a STORE command's result at dst (or deletes dst when it is empty)
// and replies with its size.
void StoreResult(CommandContext& ctx, const std::string& dst, std::unique_ptr<SetValue> result,
                 std::string_view event) {
  const size_t size = result->Size();
  if (size == 0) {
    ctx.reply.Integer(0);
    if (ctx.db().Delete(dst)) {
      ctx.node.dirty++;
      Modified(ctx, dst);
      NotifyDel(ctx, dst);
    }
    return;
  }
  ctx.db().Set(dst, Object::Collection(ObjType::kSet, std::move(result)));
  Modified(ctx, dst);
  ctx.reply.Integer(static_cast<int64_t>(size));
  NotifySet(ctx, event, dst);
  ctx.node.dirty++;
}

// SINTER key [key ...] and SMEMBERS key.
void CmdSInter(CommandContext& ctx) {
  StatusOr<std::vector<SetValue*>> sets =
      LookupSets(ctx.db(), ctx.argv, 1, ctx.argv.size() - 1, /*read=*/true);
  if (ReplyIfError(ctx, sets.status())) return;
  // One set (SMEMBERS): straight from the value, without copying members.
  if (sets->size() == 1 && (*sets)[0] != nullptr) return ReplySetOf(ctx, *(*sets)[0]);
  ReplySetOf(ctx, Intersect(*sets, 0));
}

void CmdSInterStore(CommandContext& ctx) {
  StatusOr<std::vector<SetValue*>> sets =
      LookupSets(ctx.db(), ctx.argv, 2, ctx.argv.size() - 2, /*read=*/false);
  if (ReplyIfError(ctx, sets.status())) return;
  std::unique_ptr<SetValue> result = SetValue::CreateIntSet();
  const size_t max_entries = MaxIntSetEntries(ctx);
  for (const std::string& m : Intersect(*sets, 0)) result->Add(m, max_entries);
  StoreResult(ctx, ctx.argv[1], std::move(result), "sinterstore");
}

// SINTERCARD numkeys key [key ...] [LIMIT limit]: numkeys and LIMIT are
// checked before any key is looked up.
void CmdSInterCard(CommandContext& ctx) {
  int64_t numkeys;
  if (!ParseInt64(ctx.argv[1], &numkeys) || numkeys < 1) return ctx.reply.Error(kNumKeys);
  if (static_cast<uint64_t>(numkeys) > ctx.argv.size() - 2) return ctx.reply.Error(kTooManyKeys);
  int64_t limit = 0;
  for (size_t i = 2 + static_cast<size_t>(numkeys); i < ctx.argv.size(); ++i) {
    if (EqualsIgnoreCase(ctx.argv[i], "limit") && i + 1 < ctx.argv.size()) {
      if (!ParseInt64(ctx.argv[++i], &limit) || limit < 0) return ctx.reply.Error(kNegativeLimit);
    } else {
      return ctx.reply.Error(errors::kSyntax);
    }
  }
  StatusOr<std::vector<SetValue*>> sets =
      LookupSets(ctx.db(), ctx.argv, 2, static_cast<size_t>(numkeys), /*read=*/true);
  if (ReplyIfError(ctx, sets.status())) return;
  ctx.reply.Integer(static_cast<int64_t>(Intersect(*sets, static_cast<size_t>(limit)).size()));
}

void CombineCommand(CommandContext& ctx, SetOp op, bool store) {
  const size_t first = store ? 2 : 1;
  StatusOr<std::vector<SetValue*>> sets =
      LookupSets(ctx.db(), ctx.argv, first, ctx.argv.size() - first, /*read=*/!store);
  if (ReplyIfError(ctx, sets.status())) return;
  std::unique_ptr<SetValue> result = Combine(*sets, op, MaxIntSetEntries(ctx));
  if (!store) return ReplySetOf(ctx, *result);
  StoreResult(ctx, ctx.argv[1], std::move(result),
              op == SetOp::kUnion ? "sunionstore" : "sdiffstore");
}

void CmdSUnion(CommandContext& ctx) { CombineCommand(ctx, SetOp::kUnion, false); }
void CmdSUnionStore(CommandContext& ctx) { CombineCommand(ctx, SetOp::kUnion, true); }
void CmdSDiff(CommandContext& ctx) { CombineCommand(ctx, SetOp::kDiff, false); }
void CmdSDiffStore(CommandContext& ctx) { CombineCommand(ctx, SetOp::kDiff, true); }

// ---------------------------------------------------------------------------
// SSCAN
// ---------------------------------------------------------------------------

// SSCAN key cursor [MATCH pattern] [COUNT count]: the cursor is checked
// first, then the key, then the options (a missing key answers an empty page
// whatever the options say, as in Redis).
void CmdSScan(CommandContext& ctx) {
  uint64_t cursor;
  if (!keyops::ParseScanCursor(ctx.argv[2], &cursor)) return ctx.reply.Error(kInvalidCursor);
  StatusOr<SetValue*> set = LookupSet(ctx.db(), ctx.argv[1], /*read=*/true);
  if (ReplyIfError(ctx, set.status())) return;
  if (*set == nullptr) {
    ctx.reply.ArrayHeader(2);
    ctx.reply.Bulk("0");
    return ctx.reply.ArrayHeader(0);
  }
  StatusOr<keyops::ScanOptions> opts = keyops::ParseScanOptions(ctx.argv, 3);
  if (ReplyIfError(ctx, opts.status())) return;
  // TYPE filters keys, not members: SCAN only.
  if (!opts->type.empty()) return ctx.reply.Error(errors::kSyntax);
  std::vector<std::string> members;
  const uint64_t next = (*set)->Scan(cursor, opts->count, [&](std::string_view m) {
    if (opts->pattern.empty() || GlobMatch(opts->pattern, m)) members.emplace_back(m);
  });
  ctx.reply.ArrayHeader(2);
  ctx.reply.Bulk(std::to_string(next));
  ctx.reply.BulkArray(members);
}

// ---------------------------------------------------------------------------
// Registration
// ---------------------------------------------------------------------------

using namespace cmdflag;  // NOLINT(google-build-using-namespace): table readability
namespace acl = aclcat;
namespace kf = keyflag;

KeySpec OneKey(uint32_t flags) { return KeySpec::Range(1, 0, 1, flags); }
KeySpec AllKeys(uint32_t flags) { return KeySpec::Range(1, -1, 1, flags); }
// The STORE forms: the destination, then every source.
std::vector<KeySpec> StoreKeys(uint32_t dst_flags) {
  return {OneKey(dst_flags), KeySpec::Range(2, -1, 1, kf::kRO | kf::kAccess)};
}

using namespace argdoc;  // NOLINT: builder names read as the docs' vocabulary

constexpr std::string_view kInterComplexity =
    "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of "
    "sets.";
constexpr std::string_view kUnionComplexity =
    "O(N) where N is the total number of elements in all given sets.";

void KeyMembersArgs(CommandSpec& s) { s.args = {Key("key", 0), String("member").Multiple()}; }
void KeyArg(CommandSpec& s) { s.args = {Key("key", 0)}; }
void KeysArg(CommandSpec& s) { s.args = {Key("key", 0).Multiple()}; }
void StoreArgs(CommandSpec& s) { s.args = {Key("destination", 0), Key("key", 1).Multiple()}; }

constexpr DocEntry kSetDocs[] = {
    {"sadd",
     [](CommandSpec& s) {
       s.history = {{"2.4.0", "Accepts multiple `member` arguments."}};
       KeyMembersArgs(s);
     }},
    {"srem",
     [](CommandSpec& s) {
       s.history = {{"2.4.0", "Accepts multiple `member` arguments."}};
       KeyMembersArgs(s);
     }},
    {"smembers", KeyArg},
    {"scard", KeyArg},
    {"sismember",
     [](CommandSpec& s) {
       s.args = {Key("key", 0), String("member")};
     }},
    {"smismember", KeyMembersArgs},
    {"spop",
     [](CommandSpec& s) {
       s.history = {{"3.2.0", "Added the `count` argument."}};
       s.args = {Key("key", 0), Integer("count").Since("3.2.0").Optional()};
     }},
    {"srandmember",
     [](CommandSpec& s) {
       s.history = {{"2.6.0", "Added the optional `count` argument."}};
       s.args = {Key("key", 0), Integer("count").Since("2.6.0").Optional()};
     }},
    {"smove",
     [](CommandSpec& s) {
       s.args = {Key("source", 0), Key("destination", 1), String("member")};
     }},
    {"sinter", KeysArg},
    {"sunion", KeysArg},
    {"sdiff", KeysArg},
    {"sinterstore", StoreArgs},
    {"sunionstore", StoreArgs},
    {"sdiffstore", StoreArgs},
    {"sintercard",
     [](CommandSpec& s) {
       s.args = {Integer("numkeys"), Key("key", 0).Multiple(),
                 Integer("limit").Token("LIMIT").Optional()};
     }},
    {"sscan",
     [](CommandSpec& s) {
       s.args = {Key("key", 0), Integer("cursor"), Pattern("pattern").Token("MATCH").Optional(),
                 Integer("count").Token("COUNT").Optional()};
     }},
};

// Adds `spec` to the table together with its argument docs.
void AddDocumented(CommandTable& table, CommandSpec spec) {
  ApplyDocs(kSetDocs, spec);
  table.Add(std::move(spec));
}

// A set command's entry: group "set", ACL category @set plus `acl`.
CommandSpec SetSpec(std::string_view name, int arity, uint64_t flags, uint64_t acl_bits,
                    std::vector<KeySpec> keys, CommandHandler handler, std::string_view since,
                    std::string_view summary, std::string_view complexity,
                    std::vector<std::string_view> tips = {}) {
  return {.name = name,
          .arity = arity,
          .flags = flags,
          .acl = acl_bits | acl::kSet,
          .key_specs = std::move(keys),
          .handler = handler,
          .group = "set",
          .since = since,
          .summary = summary,
          .complexity = complexity,
          .tips = std::move(tips)};
}

void RegisterSingleKey(CommandTable& t) {
  AddDocumented(t, SetSpec("sadd", -3, kWrite | kDenyOom | kFast, acl::kWrite | acl::kFast,
                           {OneKey(kf::kRW | kf::kInsert)}, CmdSAdd, "1.0.0",
                           "Add one or more members to a set",
                           "O(1) for each element added, so O(N) to add N elements when the "
                           "command is called with multiple arguments."));
  AddDocumented(t, SetSpec("srem", -3, kWrite | kFast, acl::kWrite | acl::kFast,
                           {OneKey(kf::kRW | kf::kDelete)}, CmdSRem, "1.0.0",
                           "Remove one or more members from a set",
                           "O(N) where N is the number of members to be removed."));
  AddDocumented(
      t, SetSpec("smembers", 2, kReadOnly, acl::kRead | acl::kSlow, {OneKey(kf::kRO | kf::kAccess)},
                 CmdSInter, "1.0.0", "Get all the members in a set",
                 "O(N) where N is the set cardinality.", {"nondeterministic_output_order"}));
  AddDocumented(
      t, SetSpec("sismember", 3, kReadOnly | kFast, acl::kRead | acl::kFast, {OneKey(kf::kRO)},
                 CmdSIsMember, "1.0.0", "Determine if a given value is a member of a set", "O(1)"));
  AddDocumented(t, SetSpec("smismember", -3, kReadOnly | kFast, acl::kRead | acl::kFast,
                           {OneKey(kf::kRO | kf::kAccess)}, CmdSMIsMember, "6.2.0",
                           "Returns the membership associated with the given elements for a set",
                           "O(N) where N is the number of elements being checked for membership"));
  AddDocumented(t,
                SetSpec("scard", 2, kReadOnly | kFast, acl::kRead | acl::kFast, {OneKey(kf::kRO)},
                        CmdSCard, "1.0.0", "Get the number of members in a set", "O(1)"));
  AddDocumented(t, SetSpec("spop", -2, kWrite | kFast, acl::kWrite | acl::kFast,
                           {OneKey(kf::kRW | kf::kAccess | kf::kDelete)}, CmdSPop, "1.0.0",
                           "Remove and return one or multiple random members from a set",
                           "Without the count argument O(1), otherwise O(N) where N is the value "
                           "of the passed count.",
                           {"nondeterministic_output"}));
  AddDocumented(t, SetSpec("srandmember", -2, kReadOnly, acl::kRead | acl::kSlow,
                           {OneKey(kf::kRO | kf::kAccess)}, CmdSRandMember, "1.0.0",
                           "Get one or multiple random members from a set",
                           "Without the count argument O(1), otherwise O(N) where N is the "
                           "absolute value of the passed count.",
                           {"nondeterministic_output"}));
  AddDocumented(
      t, SetSpec("sscan", -3, kReadOnly, acl::kRead | acl::kSlow, {OneKey(kf::kRO | kf::kAccess)},
                 CmdSScan, "2.8.0", "Incrementally iterate Set elements",
                 "O(1) for every call. O(N) for a complete iteration, including enough "
                 "command calls for the cursor to return back to 0. N is the number of "
                 "elements inside the collection..",
                 {"nondeterministic_output"}));
}

void RegisterMultiKey(CommandTable& t) {
  AddDocumented(t, SetSpec("smove", 4, kWrite | kFast, acl::kWrite | acl::kFast,
                           {OneKey(kf::kRW | kf::kAccess | kf::kDelete),
                            KeySpec::Range(2, 0, 1, kf::kRW | kf::kInsert)},
                           CmdSMove, "1.0.0", "Move a member from one set to another", "O(1)"));
  const std::vector<std::string_view> order = {"nondeterministic_output_order"};
  AddDocumented(
      t, SetSpec("sinter", -2, kReadOnly, acl::kRead | acl::kSlow, {AllKeys(kf::kRO | kf::kAccess)},
                 CmdSInter, "1.0.0", "Intersect multiple sets", kInterComplexity, order));
  AddDocumented(
      t, SetSpec("sintercard", -3, kReadOnly, acl::kRead | acl::kSlow,
                 {KeySpec::KeyNum(1, 0, 1, 1, kf::kRO | kf::kAccess)}, CmdSInterCard, "7.0.0",
                 "Intersect multiple sets and return the cardinality of the result",
                 kInterComplexity));
  AddDocumented(
      t, SetSpec("sinterstore", -3, kWrite | kDenyOom, acl::kWrite | acl::kSlow,
                 StoreKeys(kf::kRW | kf::kUpdate), CmdSInterStore, "1.0.0",
                 "Intersect multiple sets and store the resulting set in a key", kInterComplexity));
  AddDocumented(
      t, SetSpec("sunion", -2, kReadOnly, acl::kRead | acl::kSlow, {AllKeys(kf::kRO | kf::kAccess)},
                 CmdSUnion, "1.0.0", "Add multiple sets", kUnionComplexity, order));
  AddDocumented(
      t, SetSpec("sunionstore", -3, kWrite | kDenyOom, acl::kWrite | acl::kSlow,
                 StoreKeys(kf::kOW | kf::kUpdate), CmdSUnionStore, "1.0.0",
                 "Add multiple sets and store the resulting set in a key", kUnionComplexity));
  AddDocumented(
      t, SetSpec("sdiff", -2, kReadOnly, acl::kRead | acl::kSlow, {AllKeys(kf::kRO | kf::kAccess)},
                 CmdSDiff, "1.0.0", "Subtract multiple sets", kUnionComplexity, order));
  AddDocumented(
      t, SetSpec("sdiffstore", -3, kWrite | kDenyOom, acl::kWrite | acl::kSlow,
                 StoreKeys(kf::kOW | kf::kUpdate), CmdSDiffStore, "1.0.0",
                 "Subtract multiple sets and store the resulting set in a key", kUnionComplexity));
}

}  // namespace

void RegisterSetCommands(CommandTable& table) {
  RegisterSingleKey(table);
  RegisterMultiKey(table);
}

}  // namespace shoal
