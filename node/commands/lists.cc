// LPUSH, BLPOP and the rest of the list family. Operations (Op*) work on the
// keyspace and return values; handlers (Cmd*) parse arguments and reply, in
// the order Redis 7.0 checks things, so errors match for every argument mix.

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/strutil.h"
#include "node/commands/families.h"
#include "node/core/blocking.h"
#include "node/core/command_args.h"
#include "node/core/errors.h"
#include "node/core/events.h"
#include "node/core/node.h"
#include "node/keyspace/types/list.h"

namespace shoal {

namespace {

using End = ListValue::End;

constexpr std::string_view kRankZero =
    "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use "
    "negative to start from the end of the list";

// ---------------------------------------------------------------------------
// Lookups and argument parsing
// ---------------------------------------------------------------------------

// The list at key: nullptr when absent; a WRONGTYPE status for other types.
// Reads count keyspace hits and misses; writes do not, as in Redis.
StatusOr<ListValue*> LookupList(CommandContext& ctx, std::string_view key, bool write) {
  Db& db = ctx.db();
  Object* obj = write ? db.Find(key) : db.FindRead(key);
  if (obj == nullptr) return static_cast<ListValue*>(nullptr);
  if (obj->type() != ObjType::kList) return Status::Error(std::string(errors::kWrongType));
  return &obj->As<ListValue>();
}

// The list at key, created when absent (the caller pushes at once).
ListValue& CreateList(CommandContext& ctx, std::string_view key) {
  const ServerConfig& cfg = ctx.node.cfg();
  Db& db = ctx.db();
  db.Add(key, Object::Collection(ObjType::kList, NewListValue(cfg.list_max_listpack_size,
                                                              cfg.list_compress_depth)));
  return db.Find(key)->As<ListValue>();
}

// After elements were popped: deletes the key when the list became empty,
// and announces the change.
void AfterPop(CommandContext& ctx, std::string_view key, ListValue& list, End where) {
  const int db = ctx.client.db;
  NotifyKeyspaceEvent(ctx.node, notify::kList, where == End::kHead ? "lpop" : "rpop", key, db);
  if (list.Size() == 0) {
    ctx.db().Delete(key);
    NotifyKeyspaceEvent(ctx.node, notify::kGeneric, "del", key, db);
  }
  SignalModifiedKey(ctx.node, db, key);
}

bool ParseLong(CommandContext& ctx, std::string_view arg, int64_t* out) {
  if (ParseInt64(arg, out)) return true;
  ctx.reply.Error(errors::kNotInteger);
  return false;
}

// An integer in [min, max]; `message` for both a bad number and a bad range
// (Redis's getRangeLongFromObjectOrReply with a message).
bool ParseRanged(CommandContext& ctx, std::string_view arg, int64_t min, std::string_view message,
                 int64_t* out) {
  if (ParseInt64(arg, out) && *out >= min) return true;
  ctx.reply.Error(message);
  return false;
}

bool ParseEnd(CommandContext& ctx, std::string_view arg, End* out) {
  if (EqualsIgnoreCase(arg, "left")) {
    *out = End::kHead;
  } else if (EqualsIgnoreCase(arg, "right")) {
    *out = End::kTail;
  } else {
    ctx.reply.Error(errors::kSyntax);
    return false;
  }
  return true;
}

// Normalises [start, end] against a list of length len (negative indexes
// count from the tail). False when the range is empty.
bool NormalizeRange(int64_t len, int64_t* start, int64_t* end) {
  if (*start < 0) *start += len;
  if (*end < 0) *end += len;
  if (*start < 0) *start = 0;
  if (*start > *end || *start >= len) return false;
  if (*end >= len) *end = len - 1;
  return true;
}

// ---------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------

// Pushes values at one end; with only_existing, nothing happens unless the
// list exists. Returns the new length (0 when nothing was pushed).
StatusOr<size_t> OpPush(CommandContext& ctx, std::string_view key,
                        const std::vector<std::string>& values, size_t first, End where,
                        bool only_existing) {
  StatusOr<ListValue*> found = LookupList(ctx, key, true);
  if (!found.ok()) return found.status();
  ListValue* list = *found;
  if (list == nullptr) {
    if (only_existing) return size_t{0};
    list = &CreateList(ctx, key);
  }
  for (size_t i = first; i < values.size(); ++i) list->Push(where, values[i]);
  const int db = ctx.client.db;
  SignalKeyAsReady(ctx.node, db, key);
  SignalModifiedKey(ctx.node, db, key);
  NotifyKeyspaceEvent(ctx.node, notify::kList, where == End::kHead ? "lpush" : "rpush", key, db);
  return list->Size();
}

// Pops up to count elements from one end of a non-empty list.
std::vector<std::string> OpPopMany(CommandContext& ctx, std::string_view key, ListValue& list,
                                   End where, int64_t count) {
  std::vector<std::string> out;
  const auto n = static_cast<size_t>(std::min<int64_t>(count, static_cast<int64_t>(list.Size())));
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) out.push_back(*list.Pop(where));
  AfterPop(ctx, key, list, where);
  return out;
}

// Moves one element from src's `from` end to dst's `to` end. Returns nullopt
// when src is absent; WRONGTYPE when either key holds another type.
StatusOr<std::optional<std::string>> OpMove(CommandContext& ctx, std::string_view src,
                                            std::string_view dst, End from, End to) {
  StatusOr<ListValue*> s = LookupList(ctx, src, true);
  if (!s.ok()) return s.status();
  if (*s == nullptr) return std::optional<std::string>();
  StatusOr<ListValue*> d = LookupList(ctx, dst, true);
  if (!d.ok()) return d.status();
  std::string value = *(*s)->Pop(from);
  // Same key: the list is rotated, never left empty in between.
  ListValue* dlist = *d != nullptr ? *d : &CreateList(ctx, dst);
  dlist->Push(to, value);
  const int db = ctx.client.db;
  SignalKeyAsReady(ctx.node, db, dst);
  SignalModifiedKey(ctx.node, db, dst);
  NotifyKeyspaceEvent(ctx.node, notify::kList, to == End::kHead ? "lpush" : "rpush", dst, db);
  ListValue* slist = src == dst ? dlist : *s;
  AfterPop(ctx, src, *slist, from);
  return std::optional<std::string>(std::move(value));
}

// ---------------------------------------------------------------------------
// Push and pop
// ---------------------------------------------------------------------------

void Push(CommandContext& ctx, End where, bool only_existing) {
  StatusOr<size_t> len = OpPush(ctx, ctx.argv[1], ctx.argv, 2, where, only_existing);
  if (!len.ok()) return ctx.reply.Error(len.status().message());
  ctx.reply.Integer(static_cast<int64_t>(*len));
}

void CmdLpush(CommandContext& ctx) { Push(ctx, End::kHead, false); }
void CmdRpush(CommandContext& ctx) { Push(ctx, End::kTail, false); }
void CmdLpushx(CommandContext& ctx) { Push(ctx, End::kHead, true); }
void CmdRpushx(CommandContext& ctx) { Push(ctx, End::kTail, true); }

void Pop(CommandContext& ctx, End where) {
  if (ctx.argv.size() > 3) return ctx.reply.Error(errors::WrongArity(ctx.spec.full_name));
  const bool has_count = ctx.argv.size() == 3;
  int64_t count = 1;
  if (has_count && !ParseRanged(ctx, ctx.argv[2], 0, errors::kPositive, &count)) return;
  StatusOr<ListValue*> list = LookupList(ctx, ctx.argv[1], true);
  if (!list.ok()) return ctx.reply.Error(list.status().message());
  if (*list == nullptr) return has_count ? ctx.reply.NullArray() : ctx.reply.Null();
  if (has_count && count == 0) return ctx.reply.ArrayHeader(0);
  std::vector<std::string> values = OpPopMany(ctx, ctx.argv[1], **list, where, count);
  if (has_count) return ctx.reply.BulkArray(values);
  ctx.reply.Bulk(values[0]);
}

void CmdLpop(CommandContext& ctx) { Pop(ctx, End::kHead); }
void CmdRpop(CommandContext& ctx) { Pop(ctx, End::kTail); }

void Move(CommandContext& ctx, End from, End to) {
  StatusOr<std::optional<std::string>> moved = OpMove(ctx, ctx.argv[1], ctx.argv[2], from, to);
  if (!moved.ok()) return ctx.reply.Error(moved.status().message());
  if (!moved->has_value()) return ctx.reply.Null();
  ctx.reply.Bulk(**moved);
}

void CmdLmove(CommandContext& ctx) {
  End from;
  End to;
  if (!ParseEnd(ctx, ctx.argv[3], &from) || !ParseEnd(ctx, ctx.argv[4], &to)) return;
  Move(ctx, from, to);
}

void CmdRpoplpush(CommandContext& ctx) { Move(ctx, End::kTail, End::kHead); }

// ---------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------

void CmdLlen(CommandContext& ctx) {
  StatusOr<ListValue*> list = LookupList(ctx, ctx.argv[1], false);
  if (!list.ok()) return ctx.reply.Error(list.status().message());
  ctx.reply.Integer(*list == nullptr ? 0 : static_cast<int64_t>((*list)->Size()));
}

void CmdLrange(CommandContext& ctx) {
  int64_t start = 0;
  int64_t end = 0;
  if (!ParseLong(ctx, ctx.argv[2], &start) || !ParseLong(ctx, ctx.argv[3], &end)) return;
  StatusOr<ListValue*> list = LookupList(ctx, ctx.argv[1], false);
  if (!list.ok()) return ctx.reply.Error(list.status().message());
  if (*list == nullptr) return ctx.reply.ArrayHeader(0);
  const auto len = static_cast<int64_t>((*list)->Size());
  if (!NormalizeRange(len, &start, &end)) return ctx.reply.ArrayHeader(0);
  ctx.reply.ArrayHeader(static_cast<size_t>(end - start + 1));
  int64_t left = end - start + 1;
  (*list)->Walk(static_cast<size_t>(start), false, [&](const Listpack::Entry& e) {
    if (e.is_int) {
      ctx.reply.Bulk(e.ToString());
    } else {
      ctx.reply.Bulk(e.str);
    }
    return --left > 0;
  });
}

void CmdLindex(CommandContext& ctx) {
  StatusOr<ListValue*> list = LookupList(ctx, ctx.argv[1], false);
  if (!list.ok()) return ctx.reply.Error(list.status().message());
  if (*list == nullptr) return ctx.reply.Null();
  int64_t index = 0;
  if (!ParseLong(ctx, ctx.argv[2], &index)) return;
  const auto len = static_cast<int64_t>((*list)->Size());
  if (index < 0) index += len;
  if (index < 0 || index >= len) return ctx.reply.Null();
  ctx.reply.Bulk(*(*list)->Index(static_cast<size_t>(index)));
}

struct LposArgs {
  int64_t rank = 1;
  int64_t count = -1;  // -1: not given (reply a single position)
  int64_t maxlen = 0;
};

bool ParseLposArgs(CommandContext& ctx, LposArgs* args) {
  const std::vector<std::string>& argv = ctx.argv;
  for (size_t j = 3; j < argv.size(); ++j) {
    const bool more = j + 1 < argv.size();
    if (EqualsIgnoreCase(argv[j], "rank") && more) {
      if (!ParseLong(ctx, argv[++j], &args->rank)) return false;
      if (args->rank == 0) {
        ctx.reply.Error(kRankZero);
        return false;
      }
      // Redis's negation of the most negative rank leaves it negative, and
      // the search then reports every match from the tail, as rank -1 does.
      if (args->rank == INT64_MIN) args->rank = -1;
    } else if (EqualsIgnoreCase(argv[j], "count") && more) {
      if (!ParseRanged(ctx, argv[++j], 0, "ERR COUNT can't be negative", &args->count)) {
        return false;
      }
    } else if (EqualsIgnoreCase(argv[j], "maxlen") && more) {
      if (!ParseRanged(ctx, argv[++j], 0, "ERR MAXLEN can't be negative", &args->maxlen)) {
        return false;
      }
    } else {
      ctx.reply.Error(errors::kSyntax);
      return false;
    }
  }
  return true;
}

void CmdLpos(CommandContext& ctx) {
  LposArgs args;
  if (!ParseLposArgs(ctx, &args)) return;
  StatusOr<ListValue*> found = LookupList(ctx, ctx.argv[1], false);
  if (!found.ok()) return ctx.reply.Error(found.status().message());
  if (*found == nullptr) return args.count != -1 ? ctx.reply.ArrayHeader(0) : ctx.reply.Null();
  const ListValue& list = **found;
  const bool reverse = args.rank < 0;
  int64_t rank = reverse ? -args.rank : args.rank;
  const auto len = static_cast<int64_t>(list.Size());
  std::vector<int64_t> matches;
  int64_t index = 0;
  const std::string_view element = ctx.argv[2];
  list.Walk(reverse ? list.Size() - 1 : 0, reverse, [&](const Listpack::Entry& e) {
    if (args.maxlen != 0 && index >= args.maxlen) return false;
    if (e.Equals(element)) {
      if (rank == 1) {
        matches.push_back(reverse ? len - index - 1 : index);
        if (args.count != -1 && args.count != 0 &&
            static_cast<int64_t>(matches.size()) == args.count) {
          return false;
        }
        if (args.count == -1) return false;
      } else {
        --rank;
      }
    }
    ++index;
    return true;
  });
  if (args.count != -1) {
    ctx.reply.ArrayHeader(matches.size());
    for (int64_t m : matches) ctx.reply.Integer(m);
  } else if (matches.empty()) {
    ctx.reply.Null();
  } else {
    ctx.reply.Integer(matches[0]);
  }
}

// ---------------------------------------------------------------------------
// Edits in the middle
// ---------------------------------------------------------------------------

void CmdLset(CommandContext& ctx) {
  StatusOr<ListValue*> list = LookupList(ctx, ctx.argv[1], true);
  if (!list.ok()) return ctx.reply.Error(list.status().message());
  if (*list == nullptr) return ctx.reply.Error(errors::kNoSuchKey);
  int64_t index = 0;
  if (!ParseLong(ctx, ctx.argv[2], &index)) return;
  const auto len = static_cast<int64_t>((*list)->Size());
  if (index < 0) index += len;
  if (index < 0 || index >= len) return ctx.reply.Error(errors::kIndexOutOfRange);
  (*list)->Set(static_cast<size_t>(index), ctx.argv[3]);
  SignalModifiedKey(ctx.node, ctx.client.db, ctx.argv[1]);
  NotifyKeyspaceEvent(ctx.node, notify::kList, "lset", ctx.argv[1], ctx.client.db);
  ctx.reply.Ok();
}

void CmdLinsert(CommandContext& ctx) {
  bool after = false;
  if (EqualsIgnoreCase(ctx.argv[2], "after")) {
    after = true;
  } else if (!EqualsIgnoreCase(ctx.argv[2], "before")) {
    return ctx.reply.Error(errors::kSyntax);
  }
  StatusOr<ListValue*> list = LookupList(ctx, ctx.argv[1], true);
  if (!list.ok()) return ctx.reply.Error(list.status().message());
  if (*list == nullptr) return ctx.reply.Integer(0);
  if (!(*list)->Insert(ctx.argv[3], ctx.argv[4], after)) return ctx.reply.Integer(-1);
  SignalModifiedKey(ctx.node, ctx.client.db, ctx.argv[1]);
  NotifyKeyspaceEvent(ctx.node, notify::kList, "linsert", ctx.argv[1], ctx.client.db);
  ctx.reply.Integer(static_cast<int64_t>((*list)->Size()));
}

// Deletes the key if its list became empty, announcing "del".
void DeleteIfEmpty(CommandContext& ctx, std::string_view key, const ListValue& list) {
  if (list.Size() != 0) return;
  ctx.db().Delete(key);
  NotifyKeyspaceEvent(ctx.node, notify::kGeneric, "del", key, ctx.client.db);
}

void CmdLrem(CommandContext& ctx) {
  int64_t count = 0;
  if (!ParseLong(ctx, ctx.argv[2], &count)) return;
  StatusOr<ListValue*> list = LookupList(ctx, ctx.argv[1], true);
  if (!list.ok()) return ctx.reply.Error(list.status().message());
  if (*list == nullptr) return ctx.reply.Integer(0);
  const size_t removed = (*list)->Remove(ctx.argv[3], count);
  if (removed > 0) {
    NotifyKeyspaceEvent(ctx.node, notify::kList, "lrem", ctx.argv[1], ctx.client.db);
    DeleteIfEmpty(ctx, ctx.argv[1], **list);
    SignalModifiedKey(ctx.node, ctx.client.db, ctx.argv[1]);
  }
  ctx.reply.Integer(static_cast<int64_t>(removed));
}

void CmdLtrim(CommandContext& ctx) {
  int64_t start = 0;
  int64_t end = 0;
  if (!ParseLong(ctx, ctx.argv[2], &start) || !ParseLong(ctx, ctx.argv[3], &end)) return;
  StatusOr<ListValue*> found = LookupList(ctx, ctx.argv[1], true);
  if (!found.ok()) return ctx.reply.Error(found.status().message());
  if (*found == nullptr) return ctx.reply.Ok();
  ListValue& list = **found;
  const auto len = static_cast<int64_t>(list.Size());
  int64_t ltrim = len;
  int64_t rtrim = 0;
  if (NormalizeRange(len, &start, &end)) {
    ltrim = start;
    rtrim = len - end - 1;
  }
  list.DeleteRange(0, static_cast<size_t>(ltrim));
  if (rtrim > 0) list.DeleteRange(list.Size() - static_cast<size_t>(rtrim), rtrim);
  NotifyKeyspaceEvent(ctx.node, notify::kList, "ltrim", ctx.argv[1], ctx.client.db);
  DeleteIfEmpty(ctx, ctx.argv[1], list);
  SignalModifiedKey(ctx.node, ctx.client.db, ctx.argv[1]);
  ctx.reply.Ok();
}

// ---------------------------------------------------------------------------
// Multi-key pops and blocking
// ---------------------------------------------------------------------------

// Pops from the first non-empty list among keys, replying [key, [elements]]
// (count > 0, LMPOP) or [key, element] (count 0, BLPOP). Returns false,
// having replied nothing, when every list is empty or absent; true after
// replying (including WRONGTYPE).
bool PopFirstNonEmpty(CommandContext& ctx, const std::vector<std::string_view>& keys, End where,
                      int64_t count) {
  for (std::string_view key : keys) {
    StatusOr<ListValue*> list = LookupList(ctx, key, true);
    if (!list.ok()) {
      ctx.reply.Error(list.status().message());
      return true;
    }
    if (*list == nullptr || (*list)->Size() == 0) continue;
    ctx.reply.ArrayHeader(2);
    ctx.reply.Bulk(key);
    std::vector<std::string> values = OpPopMany(ctx, key, **list, where, count == 0 ? 1 : count);
    if (count == 0) {
      ctx.reply.Bulk(values[0]);
    } else {
      ctx.reply.BulkArray(values);
    }
    // Propagated as the plain pop it amounted to, as Redis does (`keys`
    // views the old arguments: nothing reads them after this).
    std::vector<std::string> pop{where == End::kHead ? "LPOP" : "RPOP", std::string(key)};
    if (count != 0) pop.push_back(std::to_string(values.size()));
    ctx.argv = std::move(pop);
    return true;
  }
  return false;
}

void BlockingPop(CommandContext& ctx, End where) {
  int64_t deadline = 0;
  if (!ParseBlockTimeout(ctx, ctx.argv.back(), &deadline)) return;
  std::vector<std::string_view> keys(ctx.argv.begin() + 1, ctx.argv.end() - 1);
  if (PopFirstNonEmpty(ctx, keys, where, 0)) return;
  BlockForKeys(ctx, keys, ObjType::kList, deadline, BlockedNull::kArray);
}

void CmdBlpop(CommandContext& ctx) { BlockingPop(ctx, End::kHead); }
void CmdBrpop(CommandContext& ctx) { BlockingPop(ctx, End::kTail); }

// LMPOP numkeys key... LEFT|RIGHT [COUNT n]; BLMPOP has the timeout first.
void Mpop(CommandContext& ctx, size_t numkeys_idx, bool block) {
  const std::vector<std::string>& argv = ctx.argv;
  int64_t numkeys = 0;
  if (!ParseRanged(ctx, argv[numkeys_idx], 1, "ERR numkeys should be greater than 0", &numkeys)) {
    return;
  }
  const size_t where_idx = numkeys_idx + 1 + static_cast<size_t>(numkeys);
  if (numkeys >= static_cast<int64_t>(argv.size()) || where_idx >= argv.size()) {
    return ctx.reply.Error(errors::kSyntax);
  }
  End where;
  if (!ParseEnd(ctx, argv[where_idx], &where)) return;
  int64_t count = -1;
  for (size_t j = where_idx + 1; j < argv.size(); ++j) {
    if (count == -1 && EqualsIgnoreCase(argv[j], "count") && j + 1 < argv.size()) {
      if (!ParseRanged(ctx, argv[++j], 1, "ERR count should be greater than 0", &count)) return;
    } else {
      return ctx.reply.Error(errors::kSyntax);
    }
  }
  if (count == -1) count = 1;
  int64_t deadline = 0;
  if (block && !ParseBlockTimeout(ctx, argv[1], &deadline)) return;
  std::vector<std::string_view> keys(argv.begin() + static_cast<ptrdiff_t>(numkeys_idx) + 1,
                                     argv.begin() + static_cast<ptrdiff_t>(where_idx));
  if (PopFirstNonEmpty(ctx, keys, where, count)) return;
  if (!block) return ctx.reply.NullArray();
  BlockForKeys(ctx, keys, ObjType::kList, deadline, BlockedNull::kArray);
}

void CmdLmpop(CommandContext& ctx) { Mpop(ctx, 1, false); }
void CmdBlmpop(CommandContext& ctx) { Mpop(ctx, 2, true); }

void BlockingMove(CommandContext& ctx, End from, End to, std::string_view timeout) {
  int64_t deadline = 0;
  if (!ParseBlockTimeout(ctx, timeout, &deadline)) return;
  StatusOr<ListValue*> src = LookupList(ctx, ctx.argv[1], true);
  if (!src.ok()) return ctx.reply.Error(src.status().message());
  if (*src != nullptr) {
    // Propagated as the non-blocking form, as Redis does.
    if (EqualsIgnoreCase(ctx.argv[0], "brpoplpush")) {
      ctx.argv = {"RPOPLPUSH", ctx.argv[1], ctx.argv[2]};
    } else {
      ctx.argv = {"LMOVE", ctx.argv[1], ctx.argv[2], ctx.argv[3], ctx.argv[4]};
    }
    return Move(ctx, from, to);
  }
  BlockForKeys(ctx, {ctx.argv[1]}, ObjType::kList, deadline, BlockedNull::kBulk);
}

void CmdBlmove(CommandContext& ctx) {
  End from;
  End to;
  if (!ParseEnd(ctx, ctx.argv[3], &from) || !ParseEnd(ctx, ctx.argv[4], &to)) return;
  BlockingMove(ctx, from, to, ctx.argv[5]);
}

void CmdBrpoplpush(CommandContext& ctx) { BlockingMove(ctx, End::kTail, End::kHead, ctx.argv[3]); }

// ---------------------------------------------------------------------------
// Command table (COMMAND INFO and COMMAND DOCS as Redis 7.0 reports them)
// ---------------------------------------------------------------------------

using namespace argdoc;  // NOLINT: builder names read as the docs' vocabulary

constexpr argdoc::DocEntry kListDocs[] = {
    {"lpush",
     [](CommandSpec& s) {
       s.since = "1.0.0";
       s.summary = "Prepend one or multiple elements to a list";
       s.complexity =
           "O(1) for each element added, so O(N) to add N elements when the command is called with "
           "multiple arguments.";
       s.history = {{"2.4.0", "Accepts multiple `element` arguments."}};
       s.args = {Key("key", 0), String("element").Multiple()};
     }},
    {"rpush",
     [](CommandSpec& s) {
       s.since = "1.0.0";
       s.summary = "Append one or multiple elements to a list";
       s.complexity =
           "O(1) for each element added, so O(N) to add N elements when the command is called with "
           "multiple arguments.";
       s.history = {{"2.4.0", "Accepts multiple `element` arguments."}};
       s.args = {Key("key", 0), String("element").Multiple()};
     }},
    {"lpushx",
     [](CommandSpec& s) {
       s.since = "2.2.0";
       s.summary = "Prepend an element to a list, only if the list exists";
       s.complexity =
           "O(1) for each element added, so O(N) to add N elements when the command is called with "
           "multiple arguments.";
       s.history = {{"4.0.0", "Accepts multiple `element` arguments."}};
       s.args = {Key("key", 0), String("element").Multiple()};
     }},
    {"rpushx",
     [](CommandSpec& s) {
       s.since = "2.2.0";
       s.summary = "Append an element to a list, only if the list exists";
       s.complexity =
           "O(1) for each element added, so O(N) to add N elements when the command is called with "
           "multiple arguments.";
       s.history = {{"4.0.0", "Accepts multiple `element` arguments."}};
       s.args = {Key("key", 0), String("element").Multiple()};
     }},
    {"lpop",
     [](CommandSpec& s) {
       s.since = "1.0.0";
       s.summary = "Remove and get the first elements in a list";
       s.complexity = "O(N) where N is the number of elements returned";
       s.history = {{"6.2.0", "Added the `count` argument."}};
       s.args = {Key("key", 0), Integer("count").Optional().Since("6.2.0")};
     }},
    {"rpop",
     [](CommandSpec& s) {
       s.since = "1.0.0";
       s.summary = "Remove and get the last elements in a list";
       s.complexity = "O(N) where N is the number of elements returned";
       s.history = {{"6.2.0", "Added the `count` argument."}};
       s.args = {Key("key", 0), Integer("count").Optional().Since("6.2.0")};
     }},
    {"llen",
     [](CommandSpec& s) {
       s.since = "1.0.0";
       s.summary = "Get the length of a list";
       s.complexity = "O(1)";
       s.args = {Key("key", 0)};
     }},
    {"lrange",
     [](CommandSpec& s) {
       s.since = "1.0.0";
       s.summary = "Get a range of elements from a list";
       s.complexity =
           "O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest "
           "end (HEAD or TAIL) for large lists; and N is the number of elements in the specified "
           "range.";
       s.args = {Key("key", 0), Integer("start"), Integer("stop")};
     }},
    {"lindex",
     [](CommandSpec& s) {
       s.since = "1.0.0";
       s.summary = "Get an element from a list by its index";
       s.complexity =
           "O(N) where N is the number of elements to traverse to get to the element at index. "
           "This makes asking for the first or the last element of the list O(1).";
       s.args = {Key("key", 0), Integer("index")};
     }},
    {"lset",
     [](CommandSpec& s) {
       s.since = "1.0.0";
       s.summary = "Set the value of an element in a list by its index";
       s.complexity =
           "O(N) where N is the length of the list. Setting either the first or the last element "
           "of the list is O(1).";
       s.args = {Key("key", 0), Integer("index"), String("element")};
     }},
    {"linsert",
     [](CommandSpec& s) {
       s.since = "2.2.0";
       s.summary = "Insert an element before or after another element in a list";
       s.complexity =
           "O(N) where N is the number of elements to traverse before seeing the value pivot. This "
           "means that inserting somewhere on the left end on the list (head) can be considered "
           "O(1) and inserting somewhere on the right end (tail) is O(N).";
       s.args = {Key("key", 0),
                 OneOf("where", {Token("before", "BEFORE"), Token("after", "AFTER")}),
                 String("pivot"), String("element")};
     }},
    {"lrem",
     [](CommandSpec& s) {
       s.since = "1.0.0";
       s.summary = "Remove elements from a list";
       s.complexity =
           "O(N+M) where N is the length of the list and M is the number of elements removed.";
       s.args = {Key("key", 0), Integer("count"), String("element")};
     }},
    {"ltrim",
     [](CommandSpec& s) {
       s.since = "1.0.0";
       s.summary = "Trim a list to the specified range";
       s.complexity = "O(N) where N is the number of elements to be removed by the operation.";
       s.args = {Key("key", 0), Integer("start"), Integer("stop")};
     }},
    {"lpos",
     [](CommandSpec& s) {
       s.since = "6.0.6";
       s.summary = "Return the index of matching elements on a list";
       s.complexity =
           "O(N) where N is the number of elements in the list, for the average case. When "
           "searching for elements near the head or the tail of the list, or when the MAXLEN "
           "option is provided, the command may run in constant time.";
       s.args = {Key("key", 0), String("element"), Integer("rank").Token("RANK").Optional(),
                 Integer("num-matches").Token("COUNT").Optional(),
                 Integer("len").Token("MAXLEN").Optional()};
     }},
    {"lmove",
     [](CommandSpec& s) {
       s.since = "6.2.0";
       s.summary = "Pop an element from a list, push it to another list and return it";
       s.complexity = "O(1)";
       s.args = {Key("source", 0), Key("destination", 1),
                 OneOf("wherefrom", {Token("left", "LEFT"), Token("right", "RIGHT")}),
                 OneOf("whereto", {Token("left", "LEFT"), Token("right", "RIGHT")})};
     }},
    {"rpoplpush",
     [](CommandSpec& s) {
       s.since = "1.2.0";
       s.summary = "Remove the last element in a list, prepend it to another list and return it";
       s.complexity = "O(1)";
       s.doc_flags = docflag::kDeprecated;
       s.deprecated_since = "6.2.0";
       s.replaced_by = "`LMOVE` with the `RIGHT` and `LEFT` arguments";
       s.args = {Key("source", 0), Key("destination", 1)};
     }},
    {"lmpop",
     [](CommandSpec& s) {
       s.since = "7.0.0";
       s.summary = "Pop elements from a list";
       s.complexity =
           "O(N+M) where N is the number of provided keys and M is the number of elements "
           "returned.";
       s.args = {Integer("numkeys"), Key("key", 0).Multiple(),
                 OneOf("where", {Token("left", "LEFT"), Token("right", "RIGHT")}),
                 Integer("count").Token("COUNT").Optional()};
     }},
    {"blpop",
     [](CommandSpec& s) {
       s.since = "2.0.0";
       s.summary = "Remove and get the first element in a list, or block until one is available";
       s.complexity = "O(N) where N is the number of provided keys.";
       s.history = {{"6.0.0", "`timeout` is interpreted as a double instead of an integer."}};
       s.args = {Key("key", 0).Multiple(), Double("timeout")};
     }},
    {"brpop",
     [](CommandSpec& s) {
       s.since = "2.0.0";
       s.summary = "Remove and get the last element in a list, or block until one is available";
       s.complexity = "O(N) where N is the number of provided keys.";
       s.history = {{"6.0.0", "`timeout` is interpreted as a double instead of an integer."}};
       s.args = {Key("key", 0).Multiple(), Double("timeout")};
     }},
    {"blmove",
     [](CommandSpec& s) {
       s.since = "6.2.0";
       s.summary =
           "Pop an element from a list, push it to another list and return it; or block until one "
           "is available";
       s.complexity = "O(1)";
       s.args = {Key("source", 0), Key("destination", 1),
                 OneOf("wherefrom", {Token("left", "LEFT"), Token("right", "RIGHT")}),
                 OneOf("whereto", {Token("left", "LEFT"), Token("right", "RIGHT")}),
                 Double("timeout")};
     }},
    {"brpoplpush",
     [](CommandSpec& s) {
       s.since = "2.2.0";
       s.summary =
           "Pop an element from a list, push it to another list and return it; or block until one "
           "is available";
       s.complexity = "O(1)";
       s.history = {{"6.0.0", "`timeout` is interpreted as a double instead of an integer."}};
       s.doc_flags = docflag::kDeprecated;
       s.deprecated_since = "6.2.0";
       s.replaced_by = "`BLMOVE` with the `RIGHT` and `LEFT` arguments";
       s.args = {Key("source", 0), Key("destination", 1), Double("timeout")};
     }},
    {"blmpop",
     [](CommandSpec& s) {
       s.since = "7.0.0";
       s.summary = "Pop elements from a list, or block until one is available";
       s.complexity =
           "O(N+M) where N is the number of provided keys and M is the number of elements "
           "returned.";
       s.args = {Double("timeout"), Integer("numkeys"), Key("key", 0).Multiple(),
                 OneOf("where", {Token("left", "LEFT"), Token("right", "RIGHT")}),
                 Integer("count").Token("COUNT").Optional()};
     }},
};

}  // namespace

void RegisterListCommands(CommandTable& table) {
  namespace acl = aclcat;
  namespace cf = cmdflag;
  namespace kf = keyflag;
  struct Entry {
    std::string_view name;
    int arity;
    uint64_t flags;
    uint64_t acl;
    std::vector<KeySpec> key_specs;
    CommandHandler handler;
  };
  const Entry entries[] = {
      {"lpush",
       -3,
       cf::kWrite | cf::kDenyOom | cf::kFast,
       acl::kWrite | acl::kList | acl::kFast,
       {KeySpec::Range(1, 0, 1, kf::kRW | kf::kInsert)},
       CmdLpush},
      {"rpush",
       -3,
       cf::kWrite | cf::kDenyOom | cf::kFast,
       acl::kWrite | acl::kList | acl::kFast,
       {KeySpec::Range(1, 0, 1, kf::kRW | kf::kInsert)},
       CmdRpush},
      {"lpushx",
       -3,
       cf::kWrite | cf::kDenyOom | cf::kFast,
       acl::kWrite | acl::kList | acl::kFast,
       {KeySpec::Range(1, 0, 1, kf::kRW | kf::kInsert)},
       CmdLpushx},
      {"rpushx",
       -3,
       cf::kWrite | cf::kDenyOom | cf::kFast,
       acl::kWrite | acl::kList | acl::kFast,
       {KeySpec::Range(1, 0, 1, kf::kRW | kf::kInsert)},
       CmdRpushx},
      {"lpop",
       -2,
       cf::kWrite | cf::kFast,
       acl::kWrite | acl::kList | acl::kFast,
       {KeySpec::Range(1, 0, 1, kf::kRW | kf::kAccess | kf::kDelete)},
       CmdLpop},
      {"rpop",
       -2,
       cf::kWrite | cf::kFast,
       acl::kWrite | acl::kList | acl::kFast,
       {KeySpec::Range(1, 0, 1, kf::kRW | kf::kAccess | kf::kDelete)},
       CmdRpop},
      {"llen",
       2,
       cf::kReadOnly | cf::kFast,
       acl::kRead | acl::kList | acl::kFast,
       {KeySpec::Range(1, 0, 1, kf::kRO)},
       CmdLlen},
      {"lrange",
       4,
       cf::kReadOnly,
       acl::kRead | acl::kList | acl::kSlow,
       {KeySpec::Range(1, 0, 1, kf::kRO | kf::kAccess)},
       CmdLrange},
      {"lindex",
       3,
       cf::kReadOnly,
       acl::kRead | acl::kList | acl::kSlow,
       {KeySpec::Range(1, 0, 1, kf::kRO | kf::kAccess)},
       CmdLindex},
      {"lset",
       4,
       cf::kWrite | cf::kDenyOom,
       acl::kWrite | acl::kList | acl::kSlow,
       {KeySpec::Range(1, 0, 1, kf::kRW | kf::kUpdate)},
       CmdLset},
      {"linsert",
       5,
       cf::kWrite | cf::kDenyOom,
       acl::kWrite | acl::kList | acl::kSlow,
       {KeySpec::Range(1, 0, 1, kf::kRW | kf::kInsert)},
       CmdLinsert},
      {"lrem",
       4,
       cf::kWrite,
       acl::kWrite | acl::kList | acl::kSlow,
       {KeySpec::Range(1, 0, 1, kf::kRW | kf::kDelete)},
       CmdLrem},
      {"ltrim",
       4,
       cf::kWrite,
       acl::kWrite | acl::kList | acl::kSlow,
       {KeySpec::Range(1, 0, 1, kf::kRW | kf::kDelete)},
       CmdLtrim},
      {"lpos",
       -3,
       cf::kReadOnly,
       acl::kRead | acl::kList | acl::kSlow,
       {KeySpec::Range(1, 0, 1, kf::kRO | kf::kAccess)},
       CmdLpos},
      {"lmove",
       5,
       cf::kWrite | cf::kDenyOom,
       acl::kWrite | acl::kList | acl::kSlow,
       {KeySpec::Range(1, 0, 1, kf::kRW | kf::kAccess | kf::kDelete),
        KeySpec::Range(2, 0, 1, kf::kRW | kf::kInsert)},
       CmdLmove},
      {"rpoplpush",
       3,
       cf::kWrite | cf::kDenyOom,
       acl::kWrite | acl::kList | acl::kSlow,
       {KeySpec::Range(1, 0, 1, kf::kRW | kf::kAccess | kf::kDelete),
        KeySpec::Range(2, 0, 1, kf::kRW | kf::kInsert)},
       CmdRpoplpush},
      {"lmpop",
       -4,
       cf::kWrite,
       acl::kWrite | acl::kList | acl::kSlow,
       {KeySpec::KeyNum(1, 0, 1, 1, kf::kRW | kf::kAccess | kf::kDelete)},
       CmdLmpop},
      {"blpop",
       -3,
       cf::kWrite | cf::kNoScript | cf::kBlocking,
       acl::kWrite | acl::kList | acl::kSlow | acl::kBlocking,
       {KeySpec::Range(1, -2, 1, kf::kRW | kf::kAccess | kf::kDelete)},
       CmdBlpop},
      {"brpop",
       -3,
       cf::kWrite | cf::kNoScript | cf::kBlocking,
       acl::kWrite | acl::kList | acl::kSlow | acl::kBlocking,
       {KeySpec::Range(1, -2, 1, kf::kRW | kf::kAccess | kf::kDelete)},
       CmdBrpop},
      {"blmove",
       6,
       cf::kWrite | cf::kDenyOom | cf::kNoScript | cf::kBlocking,
       acl::kWrite | acl::kList | acl::kSlow | acl::kBlocking,
       {KeySpec::Range(1, 0, 1, kf::kRW | kf::kAccess | kf::kDelete),
        KeySpec::Range(2, 0, 1, kf::kRW | kf::kInsert)},
       CmdBlmove},
      {"brpoplpush",
       4,
       cf::kWrite | cf::kDenyOom | cf::kNoScript | cf::kBlocking,
       acl::kWrite | acl::kList | acl::kSlow | acl::kBlocking,
       {KeySpec::Range(1, 0, 1, kf::kRW | kf::kAccess | kf::kDelete),
        KeySpec::Range(2, 0, 1, kf::kRW | kf::kInsert)},
       CmdBrpoplpush},
      {"blmpop",
       -5,
       cf::kWrite | cf::kBlocking,
       acl::kWrite | acl::kList | acl::kSlow | acl::kBlocking,
       {KeySpec::KeyNum(2, 0, 1, 1, kf::kRW | kf::kAccess | kf::kDelete)},
       CmdBlmpop},
  };
  for (const Entry& e : entries) {
    CommandSpec spec;
    spec.name = e.name;
    spec.arity = e.arity;
    spec.flags = e.flags;
    spec.acl = e.acl;
    spec.key_specs = e.key_specs;
    spec.handler = e.handler;
    spec.group = "list";
    ApplyDocs(kListDocs, spec);
    table.Add(std::move(spec));
  }
}

}  // namespace shoal
