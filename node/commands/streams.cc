// The stream family: XADD, XRANGE, XREAD, consumer groups (XGROUP,
// XREADGROUP, XACK, XPENDING, XCLAIM, XAUTOCLAIM), XINFO and XSETID, with
// Redis 7.0's replies and error texts.
//
// Data logic lives in node/keyspace/types/stream.{h,cc}; this file parses
// arguments, applies the operations and writes replies.

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/resp/writer.h"
#include "common/status.h"
#include "common/strutil.h"
#include "node/commands/client_cmd.h"
#include "node/commands/families.h"
#include "node/commands/streams_table.h"
#include "node/core/blocking.h"
#include "node/core/command.h"
#include "node/core/command_args.h"
#include "node/core/errors.h"
#include "node/core/events.h"
#include "node/core/node.h"
#include "node/keyspace/db.h"
#include "node/keyspace/types/stream.h"

namespace shoal {

namespace {

constexpr std::string_view kInvalidStart = "ERR invalid start ID for the interval";
constexpr std::string_view kInvalidEnd = "ERR invalid end ID for the interval";

// ---------------------------------------------------------------------------
// Lookups and argument parsing
// ---------------------------------------------------------------------------

// The stream at key (nullptr when absent), or WRONGTYPE.
StatusOr<StreamValue*> LookupStream(Db& db, std::string_view key, bool read) {
  Object* o = read ? db.FindRead(key) : db.Find(key);
  if (o == nullptr) return static_cast<StreamValue*>(nullptr);
  if (o->type() != ObjType::kStream) return Status::Error(std::string(errors::kWrongType));
  return &o->As<StreamValue>();
}

// Replies with the error and returns false when `s` failed.
bool ReplyIfError(CommandContext& ctx, const Status& s) {
  if (s.ok()) return false;
  ctx.reply.Error(s.message());
  return true;
}

// An integer argument, or Redis's error (with `message` instead of the
// generic text when given, as getLongLongFromObjectOrReply does).
std::optional<int64_t> IntArg(CommandContext& ctx, size_t i, std::string_view message = {}) {
  int64_t v;
  if (ParseInt64(ctx.argv[i], &v)) return v;
  if (message.empty()) {
    ctx.reply.Error(errors::kNotInteger);
  } else {
    ctx.reply.Error("ERR " + std::string(message));
  }
  return std::nullopt;
}

// A strict ID (no "-"/"+"), missing sequence = 0.
std::optional<StreamId> StrictIdArg(CommandContext& ctx, size_t i) {
  StatusOr<StreamId> id = ParseStreamId(ctx.argv[i], MissingSeq::kZero, false);
  if (ReplyIfError(ctx, id.status())) return std::nullopt;
  return *id;
}

// A range bound: "-", "+", an ID, or "(" + ID for an exclusive bound, which
// is turned into the inclusive neighbour.
std::optional<StreamId> IntervalArg(CommandContext& ctx, size_t i, bool is_end) {
  std::string_view s = ctx.argv[i];
  const bool exclusive = s.size() > 1 && s[0] == '(';
  if (exclusive) s.remove_prefix(1);
  StatusOr<StreamId> id =
      ParseStreamId(s, is_end ? MissingSeq::kMax : MissingSeq::kZero, !exclusive);
  if (ReplyIfError(ctx, id.status())) return std::nullopt;
  StreamId v = *id;
  if (exclusive && !(is_end ? v.Decrement() : v.Increment())) {
    ctx.reply.Error(is_end ? kInvalidEnd : kInvalidStart);
    return std::nullopt;
  }
  return v;
}

std::string NoGroupError(std::string_view key, std::string_view group) {
  return "NOGROUP No such key '" + std::string(key) + "' or consumer group '" +
         std::string(group) + "'";
}

// ---------------------------------------------------------------------------
// Replies
// ---------------------------------------------------------------------------

void ReplyId(resp::ReplyWriter& reply, StreamId id) { reply.Bulk(id.ToString()); }

void ReplyEntry(resp::ReplyWriter& reply, const StreamEntry& e) {
  reply.ArrayHeader(2);
  ReplyId(reply, e.id);
  reply.ArrayHeader(e.fields.size() * 2);
  for (const auto& [f, v] : e.fields) {
    reply.Bulk(f);
    reply.Bulk(v);
  }
}

void ReplyEntries(resp::ReplyWriter& reply, const std::vector<StreamEntry>& entries) {
  reply.ArrayHeader(entries.size());
  for (const StreamEntry& e : entries) ReplyEntry(reply, e);
}

// A map in RESP3, a flat array of pairs in RESP2 (XINFO replies).
void MapHeader(resp::ReplyWriter& reply, size_t pairs) {
  if (reply.protocol() >= 3) {
    reply.MapHeader(pairs);
  } else {
    reply.ArrayHeader(pairs * 2);
  }
}

void ReplyOptionalEntry(resp::ReplyWriter& reply, const std::optional<StreamEntry>& e) {
  if (e) {
    ReplyEntry(reply, *e);
  } else {
    reply.Null();
  }
}

void Changed(CommandContext& ctx, std::string_view event, std::string_view key) {
  SignalModifiedKey(ctx.node, ctx.client.db, key);
  NotifyKeyspaceEvent(ctx.node, notify::kStream, event, key, ctx.client.db);
}

// ---------------------------------------------------------------------------
// XADD / XTRIM
// ---------------------------------------------------------------------------

struct AddTrimArgs {
  TrimSpec trim;
  bool nomkstream = false;
  bool id_given = false;
  bool seq_given = true;
  StreamId id;
  size_t next = 0;  // first argument after the options (XADD: the ID)
};

// Parses a MAXLEN/MINID clause at argv[i] (the keyword). Returns the index of
// its last argument, or 0 after replying with an error.
size_t ParseTrimClause(CommandContext& ctx, size_t i, bool maxlen, AddTrimArgs* a) {
  const auto& argv = ctx.argv;
  if (a->trim.strategy != TrimSpec::Strategy::kNone) {
    ctx.reply.Error("ERR syntax error, MAXLEN and MINID options at the same time are not compatible");
    return 0;
  }
  a->trim.approx = false;
  const size_t more = argv.size() - 1 - i;
  if (more >= 2 && (argv[i + 1] == "~" || argv[i + 1] == "=")) {
    a->trim.approx = argv[i + 1] == "~";
    ++i;
  }
  if (maxlen) {
    std::optional<int64_t> n = IntArg(ctx, i + 1);
    if (!n) return 0;
    if (*n < 0) {
      ctx.reply.Error("ERR The MAXLEN argument must be >= 0.");
      return 0;
    }
    a->trim.maxlen = static_cast<uint64_t>(*n);
    a->trim.strategy = TrimSpec::Strategy::kMaxLen;
  } else {
    std::optional<StreamId> id = StrictIdArg(ctx, i + 1);
    if (!id) return 0;
    a->trim.minid = *id;
    a->trim.strategy = TrimSpec::Strategy::kMinId;
  }
  return i + 1;
}

// Redis's streamParseAddOrTrimArgsOrReply: options from argv[2]; for XADD it
// stops at the ID. Returns false after replying with an error.
bool ParseAddTrimArgs(CommandContext& ctx, bool xadd, AddTrimArgs* a) {
  const auto& argv = ctx.argv;
  bool limit_given = false;
  int64_t limit = 0;
  size_t i = 2;
  for (; i < argv.size(); ++i) {
    const size_t more = argv.size() - 1 - i;
    const std::string& opt = argv[i];
    if (xadd && opt == "*") break;
    if ((EqualsIgnoreCase(opt, "maxlen") || EqualsIgnoreCase(opt, "minid")) && more > 0) {
      i = ParseTrimClause(ctx, i, EqualsIgnoreCase(opt, "maxlen"), a);
      if (i == 0) return false;
    } else if (EqualsIgnoreCase(opt, "limit") && more > 0) {
      std::optional<int64_t> n = IntArg(ctx, i + 1);
      if (!n) return false;
      if (*n < 0) {
        ctx.reply.Error("ERR The LIMIT argument must be >= 0.");
        return false;
      }
      limit = *n;
      limit_given = true;
      ++i;
    } else if (xadd && EqualsIgnoreCase(opt, "nomkstream")) {
      a->nomkstream = true;
    } else if (xadd) {
      // The ID: "<ms>-*" asks for an automatic sequence number.
      std::string_view s = opt;
      if (s.size() > 2 && s.substr(s.size() - 2) == "-*") {
        a->seq_given = false;
        s.remove_suffix(2);
      }
      StatusOr<StreamId> id = ParseStreamId(s, MissingSeq::kZero, false);
      if (ReplyIfError(ctx, id.status())) return false;
      a->id = *id;
      a->id_given = true;
      break;
    } else {
      ctx.reply.Error(errors::kSyntax);
      return false;
    }
  }
  a->next = i;
  if (limit_given && limit != 0 && a->trim.strategy == TrimSpec::Strategy::kNone) {
    ctx.reply.Error(
        "ERR syntax error, LIMIT cannot be used without specifying a trimming strategy");
    return false;
  }
  if (!xadd && a->trim.strategy == TrimSpec::Strategy::kNone) {
    ctx.reply.Error("ERR syntax error, XTRIM must be called with a trimming strategy");
    return false;
  }
  if (limit_given && !a->trim.approx) {
    ctx.reply.Error("ERR syntax error, LIMIT cannot be used without the special ~ option");
    return false;
  }
  // Redis's default work limit for "~": 100 nodes' worth of entries.
  const int64_t node = ctx.node.cfg().stream_node_max_entries;
  int64_t fallback = 100 * node;
  if (fallback <= 0 || fallback > 1000000) fallback = 10000;
  a->trim.limit = limit_given ? limit : (a->trim.approx ? fallback : 0);
  return true;
}

uint64_t NodeMaxEntries(CommandContext& ctx) {
  const int64_t n = ctx.node.cfg().stream_node_max_entries;
  return n > 0 ? static_cast<uint64_t>(n) : 100;
}

void CmdXAdd(CommandContext& ctx) {
  AddTrimArgs a;
  if (!ParseAddTrimArgs(ctx, /*xadd=*/true, &a)) return;
  const size_t field_pos = a.next + 1;
  if (field_pos > ctx.argv.size() || (ctx.argv.size() - field_pos) < 2 ||
      (ctx.argv.size() - field_pos) % 2 == 1) {
    ctx.reply.Error(errors::WrongArity("xadd"));
    return;
  }
  if (a.id_given && a.seq_given && a.id.IsZero()) {
    ctx.reply.Error("ERR The ID specified in XADD must be greater than 0-0");
    return;
  }
  Db& db = ctx.db();
  const std::string& key = ctx.argv[1];
  StatusOr<StreamValue*> found = LookupStream(db, key, /*read=*/false);
  if (ReplyIfError(ctx, found.status())) return;
  StreamValue* s = *found;
  if (s == nullptr) {
    if (a.nomkstream) {
      ctx.reply.Null();
      return;
    }
    db.Set(key, Object::Collection(ObjType::kStream, std::make_unique<StreamValue>()));
    s = &db.Find(key)->As<StreamValue>();
  }
  std::vector<std::pair<std::string_view, std::string_view>> fields;
  for (size_t i = field_pos; i + 1 < ctx.argv.size(); i += 2) {
    fields.emplace_back(ctx.argv[i], ctx.argv[i + 1]);
  }
  std::optional<StreamId> id;
  if (a.id_given) id = a.id;
  StatusOr<StreamId> added = s->Add(id, !a.seq_given, ctx.now_ms(), fields);
  if (!added.ok()) {
    if (s->Size() == 0 && s->entries_added() == 0 && s->groups().empty()) db.Delete(key);
    ctx.reply.Error(added.status().message());
    return;
  }
  ReplyId(ctx.reply, *added);
  Changed(ctx, "xadd", key);
  if (s->Trim(a.trim, NodeMaxEntries(ctx)) > 0) {
    NotifyKeyspaceEvent(ctx.node, notify::kStream, "xtrim", key, ctx.client.db);
  }
  SignalKeyAsReady(ctx.node, ctx.client.db, key);
}

void CmdXTrim(CommandContext& ctx) {
  AddTrimArgs a;
  if (!ParseAddTrimArgs(ctx, /*xadd=*/false, &a)) return;
  StatusOr<StreamValue*> s = LookupStream(ctx.db(), ctx.argv[1], /*read=*/false);
  if (ReplyIfError(ctx, s.status())) return;
  if (*s == nullptr) {
    ctx.reply.Integer(0);
    return;
  }
  const uint64_t removed = (*s)->Trim(a.trim, NodeMaxEntries(ctx));
  if (removed > 0) Changed(ctx, "xtrim", ctx.argv[1]);
  ctx.reply.Integer(static_cast<int64_t>(removed));
}

// ---------------------------------------------------------------------------
// XLEN / XRANGE / XREVRANGE / XDEL
// ---------------------------------------------------------------------------

void CmdXLen(CommandContext& ctx) {
  StatusOr<StreamValue*> s = LookupStream(ctx.db(), ctx.argv[1], /*read=*/true);
  if (ReplyIfError(ctx, s.status())) return;
  ctx.reply.Integer(*s == nullptr ? 0 : static_cast<int64_t>((*s)->Size()));
}

void RangeCommand(CommandContext& ctx, bool rev) {
  // XREVRANGE takes end first.
  std::optional<StreamId> start = IntervalArg(ctx, rev ? 3 : 2, /*is_end=*/false);
  if (!start) return;
  std::optional<StreamId> end = IntervalArg(ctx, rev ? 2 : 3, /*is_end=*/true);
  if (!end) return;
  int64_t count = -1;
  for (size_t j = 4; j < ctx.argv.size(); ++j) {
    if (EqualsIgnoreCase(ctx.argv[j], "count") && j + 1 < ctx.argv.size()) {
      std::optional<int64_t> n = IntArg(ctx, j + 1);
      if (!n) return;
      count = std::max<int64_t>(*n, 0);
      ++j;
    } else {
      ctx.reply.Error(errors::kSyntax);
      return;
    }
  }
  StatusOr<StreamValue*> s = LookupStream(ctx.db(), ctx.argv[1], /*read=*/true);
  if (ReplyIfError(ctx, s.status())) return;
  if (*s == nullptr) {
    ctx.reply.ArrayHeader(0);
    return;
  }
  if (count == 0) {
    ctx.reply.NullArray();
    return;
  }
  ReplyEntries(ctx.reply,
               (*s)->Range(*start, *end, count < 0 ? 0 : static_cast<uint64_t>(count), rev));
}

void CmdXRange(CommandContext& ctx) { RangeCommand(ctx, false); }
void CmdXRevRange(CommandContext& ctx) { RangeCommand(ctx, true); }

void CmdXDel(CommandContext& ctx) {
  // Every ID is checked first: the command runs all or nothing.
  std::vector<StreamId> ids;
  for (size_t j = 2; j < ctx.argv.size(); ++j) {
    std::optional<StreamId> id = StrictIdArg(ctx, j);
    if (!id) return;
    ids.push_back(*id);
  }
  StatusOr<StreamValue*> s = LookupStream(ctx.db(), ctx.argv[1], /*read=*/false);
  if (ReplyIfError(ctx, s.status())) return;
  if (*s == nullptr) {
    ctx.reply.Integer(0);
    return;
  }
  const uint64_t deleted = (*s)->Delete(ids);
  if (deleted > 0) Changed(ctx, "xdel", ctx.argv[1]);
  ctx.reply.Integer(static_cast<int64_t>(deleted));
}

// ---------------------------------------------------------------------------
// XREAD / XREADGROUP
// ---------------------------------------------------------------------------

struct ReadArgs {
  int64_t count = 0;
  int64_t block_ms = -1;
  bool noack = false;
  std::string group;
  std::string consumer;
  bool has_group = false;
  size_t streams_arg = 0;
  size_t streams_count = 0;
};

bool ParseReadArgs(CommandContext& ctx, bool xreadgroup, ReadArgs* a) {
  const auto& argv = ctx.argv;
  const std::string_view name = xreadgroup ? "xreadgroup" : "xread";
  for (size_t i = 1; i < argv.size(); ++i) {
    const size_t more = argv.size() - i - 1;
    const std::string& o = argv[i];
    if (EqualsIgnoreCase(o, "block") && more > 0) {
      ++i;
      std::optional<int64_t> t = IntArg(ctx, i, "timeout is not an integer or out of range");
      if (!t) return false;
      if (*t < 0) {
        ctx.reply.Error("ERR timeout is negative");
        return false;
      }
      a->block_ms = *t;
    } else if (EqualsIgnoreCase(o, "count") && more > 0) {
      ++i;
      std::optional<int64_t> n = IntArg(ctx, i);
      if (!n) return false;
      a->count = std::max<int64_t>(*n, 0);
    } else if (EqualsIgnoreCase(o, "streams") && more > 0) {
      a->streams_arg = i + 1;
      a->streams_count = argv.size() - a->streams_arg;
      if (a->streams_count % 2 != 0) {
        ctx.reply.Error("ERR Unbalanced '" + std::string(name) +
                        "' list of streams: for each stream key an ID or '$' must be specified.");
        return false;
      }
      a->streams_count /= 2;
      break;
    } else if (EqualsIgnoreCase(o, "group") && more >= 2) {
      if (!xreadgroup) {
        ctx.reply.Error(
            "ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.");
        return false;
      }
      a->group = argv[i + 1];
      a->consumer = argv[i + 2];
      a->has_group = true;
      i += 2;
    } else if (EqualsIgnoreCase(o, "noack")) {
      if (!xreadgroup) {
        ctx.reply.Error(
            "ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.");
        return false;
      }
      a->noack = true;
    } else {
      ctx.reply.Error(errors::kSyntax);
      return false;
    }
  }
  if (a->streams_arg == 0) {
    ctx.reply.Error(errors::kSyntax);
    return false;
  }
  if (xreadgroup && !a->has_group) {
    ctx.reply.Error("ERR Missing GROUP option for XREADGROUP");
    return false;
  }
  return true;
}

// What one stream of an XREAD(GROUP) call asks for.
struct ReadTarget {
  StreamValue* stream = nullptr;
  ConsumerGroup* group = nullptr;
  StreamId after;       // entries with a greater ID
  bool new_only = false;  // ">"
};

// Resolves keys, groups and IDs; false after replying with an error.
bool ResolveReadTargets(CommandContext& ctx, const ReadArgs& a, std::vector<ReadTarget>* out) {
  const bool xreadgroup = a.has_group;
  for (size_t k = 0; k < a.streams_count; ++k) {
    const std::string& key = ctx.argv[a.streams_arg + k];
    const size_t id_arg = a.streams_arg + a.streams_count + k;
    const std::string& idtext = ctx.argv[id_arg];
    StatusOr<StreamValue*> s = LookupStream(ctx.db(), key, /*read=*/true);
    if (ReplyIfError(ctx, s.status())) return false;
    ReadTarget t;
    t.stream = *s;
    if (xreadgroup) {
      if (t.stream == nullptr || (t.group = t.stream->FindGroup(a.group)) == nullptr) {
        ctx.reply.Error(NoGroupError(key, a.group) + " in XREADGROUP with GROUP option");
        return false;
      }
    }
    if (idtext == "$") {
      if (xreadgroup) {
        ctx.reply.Error(
            "ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the "
            "history of this consumer by specifying a proper ID, or use the > ID to get new "
            "messages. The $ ID would just return an empty result set.");
        return false;
      }
      t.after = t.stream != nullptr ? t.stream->last_id() : StreamId::Min();
    } else if (idtext == ">") {
      if (!xreadgroup) {
        ctx.reply.Error(
            "ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> "
            "<consumer> option.");
        return false;
      }
      t.new_only = true;
    } else {
      std::optional<StreamId> id = StrictIdArg(ctx, id_arg);
      if (!id) return false;
      t.after = *id;
    }
    out->push_back(t);
  }
  return true;
}

// One entry of an XREAD(GROUP) reply. A pending entry that was deleted from
// the stream is reported by its ID with nil instead of fields.
struct ReadItem {
  StreamEntry entry;
  bool deleted = false;
};

// One stream's share of an XREADGROUP reply: new entries (">"), which enter
// the PEL unless NOACK, or the consumer's own pending history.
std::vector<ReadItem> ReadForGroup(CommandContext& ctx, const ReadArgs& a, ReadTarget& t,
                                   const std::string& key) {
  std::vector<ReadItem> out;
  const int64_t now = ctx.now_ms();
  bool created = false;
  StreamConsumer& consumer = t.group->GetOrCreateConsumer(a.consumer, now, &created);
  if (created) {
    NotifyKeyspaceEvent(ctx.node, notify::kStream, "xgroup-createconsumer", key, ctx.client.db);
  }
  consumer.seen_time_ms = now;
  const auto count = static_cast<uint64_t>(a.count);
  if (!t.new_only) {
    // History: the consumer's pending entries after the ID; each counts as
    // delivered again.
    StreamId start = t.after;
    if (!start.Increment()) return out;
    for (auto it = consumer.pel.lower_bound(start); it != consumer.pel.end(); ++it) {
      if (count != 0 && out.size() >= count) break;
      std::optional<StreamEntry> e = t.stream->Get(it->first);
      if (!e) {
        out.push_back({StreamEntry{it->first, {}}, true});
        continue;
      }
      PendingEntry& p = t.group->pel[it->first];
      p.delivery_time_ms = now;
      ++p.delivery_count;
      out.push_back({std::move(*e), false});
    }
    return out;
  }
  StreamId start = t.group->last_id;
  if (!start.Increment()) return out;
  for (StreamEntry& e : t.stream->Range(start, StreamId::Max(), count, false)) {
    t.stream->AdvanceGroup(*t.group, e.id);
    if (!a.noack) {
      auto [it, inserted] = t.group->pel.try_emplace(e.id);
      PendingEntry& p = it->second;
      if (!inserted) {
        // Delivered again, possibly to another consumer: move it.
        auto old = t.group->consumers.find(p.consumer);
        if (old != t.group->consumers.end()) old->second.pel.erase(e.id);
      }
      p.consumer = consumer.name;
      p.delivery_time_ms = now;
      p.delivery_count = 1;
      consumer.pel[e.id] = true;
    }
    out.push_back({std::move(e), false});
  }
  return out;
}

void CmdXReadGeneric(CommandContext& ctx, bool xreadgroup) {
  ReadArgs a;
  if (!ParseReadArgs(ctx, xreadgroup, &a)) return;
  std::vector<ReadTarget> targets;
  if (!ResolveReadTargets(ctx, a, &targets)) return;

  // Serve synchronously what can be served.
  std::vector<std::pair<size_t, std::vector<ReadItem>>> results;
  for (size_t k = 0; k < targets.size(); ++k) {
    ReadTarget& t = targets[k];
    if (t.stream == nullptr) continue;
    if (xreadgroup) {
      const bool ready =
          !t.new_only || (t.stream->Size() > 0 && t.stream->last_id() > t.group->last_id);
      if (!ready) continue;
      results.emplace_back(k, ReadForGroup(ctx, a, t, ctx.argv[a.streams_arg + k]));
      ++ctx.node.dirty;
    } else if (t.stream->Size() > 0 && t.stream->last_id() > t.after) {
      StreamId start = t.after;
      start.Increment();
      std::vector<ReadItem> items;
      for (StreamEntry& e :
           t.stream->Range(start, StreamId::Max(), static_cast<uint64_t>(a.count), false)) {
        items.push_back({std::move(e), false});
      }
      results.emplace_back(k, std::move(items));
    }
  }
  if (results.empty()) {
    if (a.block_ms < 0) {
      ctx.reply.NullArray();
      return;
    }
    // Wait for an XADD. "$" means "after the last entry when the command
    // was sent": the re-run must see the IDs resolved now.
    std::vector<std::string> rerun = ctx.argv;
    std::vector<std::string_view> keys;
    for (size_t k = 0; k < targets.size(); ++k) {
      keys.push_back(ctx.argv[a.streams_arg + k]);
      std::string& id = rerun[a.streams_arg + a.streams_count + k];
      if (id == "$") id = targets[k].after.ToString();
    }
    const int64_t deadline = a.block_ms == 0 ? 0 : ctx.now_ms() + a.block_ms;
    BlockForKeys(ctx, keys, ObjType::kStream, deadline, BlockedNull::kArray, std::move(rerun));
    return;
  }
  if (ctx.reply.protocol() >= 3) {
    ctx.reply.MapHeader(results.size());
  } else {
    ctx.reply.ArrayHeader(results.size());
  }
  for (const auto& [k, items] : results) {
    if (ctx.reply.protocol() < 3) ctx.reply.ArrayHeader(2);
    ctx.reply.Bulk(ctx.argv[a.streams_arg + k]);
    ctx.reply.ArrayHeader(items.size());
    for (const ReadItem& item : items) {
      if (!item.deleted) {
        ReplyEntry(ctx.reply, item.entry);
        continue;
      }
      ctx.reply.ArrayHeader(2);
      ReplyId(ctx.reply, item.entry.id);
      ctx.reply.NullArray();
    }
  }
}

void CmdXRead(CommandContext& ctx) { CmdXReadGeneric(ctx, false); }
void CmdXReadGroup(CommandContext& ctx) { CmdXReadGeneric(ctx, true); }

// ---------------------------------------------------------------------------
// XGROUP
// ---------------------------------------------------------------------------

// What every XGROUP subcommand but HELP needs: the stream (argv[2]), and the
// group (argv[3]) for the subcommands that require it. Returns false after
// replying with an error.
struct GroupTarget {
  StreamValue* stream = nullptr;
  ConsumerGroup* group = nullptr;
};

bool ResolveGroupTarget(CommandContext& ctx, bool mkstream, bool need_group, GroupTarget* t) {
  StatusOr<StreamValue*> s = LookupStream(ctx.db(), ctx.argv[2], /*read=*/false);
  if (ReplyIfError(ctx, s.status())) return false;
  t->stream = *s;
  if (mkstream) return true;
  if (t->stream == nullptr) {
    ctx.reply.Error(
        "ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want "
        "to use the MKSTREAM option to create an empty stream automatically.");
    return false;
  }
  t->group = t->stream->FindGroup(ctx.argv[3]);
  if (t->group == nullptr && need_group) {
    ctx.reply.Error("NOGROUP No such consumer group '" + ctx.argv[3] + "' for key name '" +
                    ctx.argv[2] + "'");
    return false;
  }
  return true;
}

// CREATE/SETID options from argv[5]: MKSTREAM (CREATE only) and
// ENTRIESREAD. Returns false after replying with an error.
bool ParseGroupOptions(CommandContext& ctx, bool create, bool* mkstream, int64_t* entries_read) {
  for (size_t i = 5; i < ctx.argv.size();) {
    if (create && EqualsIgnoreCase(ctx.argv[i], "mkstream")) {
      *mkstream = true;
      ++i;
    } else if (EqualsIgnoreCase(ctx.argv[i], "entriesread") && i + 1 < ctx.argv.size()) {
      std::optional<int64_t> n = IntArg(ctx, i + 1);
      if (!n) return false;
      if (*n < 0 && *n != kInvalidEntriesRead) {
        ctx.reply.Error("ERR value for ENTRIESREAD must be positive or -1");
        return false;
      }
      *entries_read = *n;
      i += 2;
    } else {
      ctx.reply.Error(SubcommandSyntaxError(ctx.argv));
      return false;
    }
  }
  return true;
}

void CmdXGroupCreate(CommandContext& ctx) {
  if (ctx.argv.size() > 8) {
    ctx.reply.Error(SubcommandSyntaxError(ctx.argv));
    return;
  }
  bool mkstream = false;
  int64_t entries_read = kInvalidEntriesRead;
  if (!ParseGroupOptions(ctx, /*create=*/true, &mkstream, &entries_read)) return;
  GroupTarget t;
  if (!ResolveGroupTarget(ctx, mkstream, /*need_group=*/false, &t)) return;
  StreamId id;
  if (ctx.argv[4] == "$") {
    id = t.stream != nullptr ? t.stream->last_id() : StreamId::Min();
  } else {
    std::optional<StreamId> parsed = StrictIdArg(ctx, 4);
    if (!parsed) return;
    id = *parsed;
  }
  const std::string& key = ctx.argv[2];
  if (t.stream == nullptr) {
    ctx.db().Set(key, Object::Collection(ObjType::kStream, std::make_unique<StreamValue>()));
    t.stream = &ctx.db().Find(key)->As<StreamValue>();
    SignalModifiedKey(ctx.node, ctx.client.db, key);
  }
  auto [it, inserted] = t.stream->groups().try_emplace(ctx.argv[3]);
  if (!inserted) {
    ctx.reply.Error("BUSYGROUP Consumer Group name already exists");
    return;
  }
  it->second.last_id = id;
  it->second.entries_read = entries_read;
  ++ctx.node.dirty;
  NotifyKeyspaceEvent(ctx.node, notify::kStream, "xgroup-create", key, ctx.client.db);
  ctx.reply.Ok();
}

void CmdXGroupSetId(CommandContext& ctx) {
  if (ctx.argv.size() != 5 && ctx.argv.size() != 7) {
    ctx.reply.Error(SubcommandSyntaxError(ctx.argv));
    return;
  }
  bool mkstream = false;
  int64_t entries_read = kInvalidEntriesRead;
  if (!ParseGroupOptions(ctx, /*create=*/false, &mkstream, &entries_read)) return;
  GroupTarget t;
  if (!ResolveGroupTarget(ctx, false, /*need_group=*/true, &t)) return;
  StreamId id;
  if (ctx.argv[4] == "$") {
    id = t.stream->last_id();
  } else {
    StatusOr<StreamId> parsed = ParseStreamId(ctx.argv[4], MissingSeq::kZero, true);
    if (ReplyIfError(ctx, parsed.status())) return;
    id = *parsed;
  }
  t.group->last_id = id;
  t.group->entries_read = entries_read;
  ++ctx.node.dirty;
  NotifyKeyspaceEvent(ctx.node, notify::kStream, "xgroup-setid", ctx.argv[2], ctx.client.db);
  ctx.reply.Ok();
}

void CmdXGroupDestroy(CommandContext& ctx) {
  GroupTarget t;
  if (!ResolveGroupTarget(ctx, false, /*need_group=*/false, &t)) return;
  if (t.group == nullptr) {
    ctx.reply.Integer(0);
    return;
  }
  t.stream->groups().erase(ctx.argv[3]);
  ++ctx.node.dirty;
  NotifyKeyspaceEvent(ctx.node, notify::kStream, "xgroup-destroy", ctx.argv[2], ctx.client.db);
  // Consumers blocked on the group get NOGROUP when they are served.
  SignalKeyAsReady(ctx.node, ctx.client.db, ctx.argv[2]);
  ctx.reply.Integer(1);
}

void CmdXGroupCreateConsumer(CommandContext& ctx) {
  GroupTarget t;
  if (!ResolveGroupTarget(ctx, false, /*need_group=*/true, &t)) return;
  bool created = false;
  t.group->GetOrCreateConsumer(ctx.argv[4], ctx.now_ms(), &created);
  if (created) {
    ++ctx.node.dirty;
    NotifyKeyspaceEvent(ctx.node, notify::kStream, "xgroup-createconsumer", ctx.argv[2],
                        ctx.client.db);
  }
  ctx.reply.Integer(created ? 1 : 0);
}

void CmdXGroupDelConsumer(CommandContext& ctx) {
  GroupTarget t;
  if (!ResolveGroupTarget(ctx, false, /*need_group=*/true, &t)) return;
  auto it = t.group->consumers.find(ctx.argv[4]);
  int64_t pending = 0;
  if (it != t.group->consumers.end()) {
    pending = static_cast<int64_t>(it->second.pel.size());
    // Its pending entries leave the group's PEL too.
    for (const auto& [id, unused] : it->second.pel) t.group->pel.erase(id);
    t.group->consumers.erase(it);
    ++ctx.node.dirty;
    NotifyKeyspaceEvent(ctx.node, notify::kStream, "xgroup-delconsumer", ctx.argv[2],
                        ctx.client.db);
  }
  ctx.reply.Integer(pending);
}

void CmdXGroupHelp(CommandContext& ctx) {
  ReplyHelp(ctx.reply, "XGROUP",
            {"CREATE <key> <groupname> <id|$> [option]",
             "    Create a new consumer group. Options are:",
             "    * MKSTREAM",
             "      Create the empty stream if it does not exist.",
             "    * ENTRIESREAD entries_read",
             "      Set the group's entries_read counter (internal use).",
             "CREATECONSUMER <key> <groupname> <consumer>",
             "    Create a new consumer in the specified group.",
             "DELCONSUMER <key> <groupname> <consumer>",
             "    Remove the specified consumer.",
             "DESTROY <key> <groupname>",
             "    Remove the specified group.",
             "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
             "    Set the current group ID and entries_read counter."});
}

// ---------------------------------------------------------------------------
// XACK / XPENDING
// ---------------------------------------------------------------------------

void CmdXAck(CommandContext& ctx) {
  StatusOr<StreamValue*> s = LookupStream(ctx.db(), ctx.argv[1], /*read=*/false);
  if (ReplyIfError(ctx, s.status())) return;
  ConsumerGroup* group = *s != nullptr ? (*s)->FindGroup(ctx.argv[2]) : nullptr;
  // All IDs are parsed first: acknowledging some and then failing would
  // leave the client unable to tell what happened.
  std::vector<StreamId> ids;
  for (size_t j = 3; j < ctx.argv.size(); ++j) {
    std::optional<StreamId> id = StrictIdArg(ctx, j);
    if (!id) return;
    ids.push_back(*id);
  }
  if (group == nullptr) {
    ctx.reply.Integer(0);
    return;
  }
  int64_t acked = 0;
  for (const StreamId& id : ids) {
    auto it = group->pel.find(id);
    if (it == group->pel.end()) continue;
    auto c = group->consumers.find(it->second.consumer);
    if (c != group->consumers.end()) c->second.pel.erase(id);
    group->pel.erase(it);
    ++acked;
    ++ctx.node.dirty;
  }
  ctx.reply.Integer(acked);
}

void ReplyPendingSummary(CommandContext& ctx, const ConsumerGroup& group) {
  ctx.reply.ArrayHeader(4);
  ctx.reply.Integer(static_cast<int64_t>(group.pel.size()));
  if (group.pel.empty()) {
    ctx.reply.Null();
    ctx.reply.Null();
    ctx.reply.NullArray();
    return;
  }
  ReplyId(ctx.reply, group.pel.begin()->first);
  ReplyId(ctx.reply, group.pel.rbegin()->first);
  size_t with_pending = 0;
  for (const auto& [name, c] : group.consumers) with_pending += c.pel.empty() ? 0 : 1;
  ctx.reply.ArrayHeader(with_pending);
  for (const auto& [name, c] : group.consumers) {
    if (c.pel.empty()) continue;
    ctx.reply.ArrayHeader(2);
    ctx.reply.Bulk(name);
    ctx.reply.Bulk(std::to_string(c.pel.size()));
  }
}

void CmdXPending(CommandContext& ctx) {
  const size_t argc = ctx.argv.size();
  if (argc != 3 && (argc < 6 || argc > 9)) {
    ctx.reply.Error(errors::kSyntax);
    return;
  }
  StreamId start, end;
  int64_t count = 0, min_idle = 0;
  const std::string* consumer_name = nullptr;
  if (argc >= 6) {
    size_t at = 3;
    if (EqualsIgnoreCase(ctx.argv[3], "idle")) {
      std::optional<int64_t> idle = IntArg(ctx, 4);
      if (!idle) return;
      min_idle = *idle;
      if (argc < 8) {
        ctx.reply.Error(errors::kSyntax);
        return;
      }
      at += 2;
    }
    std::optional<int64_t> n = IntArg(ctx, at + 2);
    if (!n) return;
    count = std::max<int64_t>(*n, 0);
    std::optional<StreamId> s = IntervalArg(ctx, at, false);
    if (!s) return;
    std::optional<StreamId> e = IntervalArg(ctx, at + 1, true);
    if (!e) return;
    start = *s;
    end = *e;
    if (at + 3 < argc) consumer_name = &ctx.argv[at + 3];
  }
  StatusOr<StreamValue*> s = LookupStream(ctx.db(), ctx.argv[1], /*read=*/true);
  if (ReplyIfError(ctx, s.status())) return;
  ConsumerGroup* group = *s != nullptr ? (*s)->FindGroup(ctx.argv[2]) : nullptr;
  if (group == nullptr) {
    ctx.reply.Error(NoGroupError(ctx.argv[1], ctx.argv[2]));
    return;
  }
  if (argc == 3) {
    ReplyPendingSummary(ctx, *group);
    return;
  }
  const StreamConsumer* consumer = nullptr;
  if (consumer_name != nullptr) {
    auto it = group->consumers.find(*consumer_name);
    if (it == group->consumers.end()) {
      ctx.reply.ArrayHeader(0);
      return;
    }
    consumer = &it->second;
  }
  const int64_t now = ctx.now_ms();
  std::vector<std::pair<StreamId, const PendingEntry*>> rows;
  for (auto it = group->pel.lower_bound(start);
       count > 0 && it != group->pel.end() && it->first <= end; ++it) {
    if (consumer != nullptr && it->second.consumer != consumer->name) continue;
    if (min_idle > 0 && now - it->second.delivery_time_ms < min_idle) continue;
    rows.emplace_back(it->first, &it->second);
    --count;
  }
  ctx.reply.ArrayHeader(rows.size());
  for (const auto& [id, p] : rows) {
    ctx.reply.ArrayHeader(4);
    ReplyId(ctx.reply, id);
    ctx.reply.Bulk(p->consumer);
    ctx.reply.Integer(std::max<int64_t>(now - p->delivery_time_ms, 0));
    ctx.reply.Integer(static_cast<int64_t>(p->delivery_count));
  }
}

// ---------------------------------------------------------------------------
// XCLAIM / XAUTOCLAIM
// ---------------------------------------------------------------------------

// Moves a pending entry to `consumer` (creating the consumer on first use).
void ClaimTo(ConsumerGroup& group, StreamId id, PendingEntry& p, std::string_view consumer,
             int64_t now) {
  if (p.consumer == consumer) return;
  auto old = group.consumers.find(p.consumer);
  if (old != group.consumers.end()) old->second.pel.erase(id);
  bool created = false;
  group.GetOrCreateConsumer(consumer, now, &created).pel[id] = true;
  p.consumer = std::string(consumer);
}

// Removes a pending entry whose stream entry no longer exists.
void DropPending(ConsumerGroup& group, std::map<StreamId, PendingEntry>::iterator it) {
  auto c = group.consumers.find(it->second.consumer);
  if (c != group.consumers.end()) c->second.pel.erase(it->first);
  group.pel.erase(it);
}

void ReplyClaimed(CommandContext& ctx, const StreamValue& s, StreamId id, bool justid) {
  if (justid) {
    ReplyId(ctx.reply, id);
    return;
  }
  ReplyOptionalEntry(ctx.reply, s.Get(id));
}

struct ClaimOptions {
  int64_t delivery_time = -1;
  int64_t retry_count = -1;
  bool force = false;
  bool justid = false;
  StreamId last_id;
};

bool ParseClaimOptions(CommandContext& ctx, size_t j, int64_t now, ClaimOptions* o) {
  for (; j < ctx.argv.size(); ++j) {
    const size_t more = ctx.argv.size() - 1 - j;
    const std::string& opt = ctx.argv[j];
    if (EqualsIgnoreCase(opt, "force")) {
      o->force = true;
    } else if (EqualsIgnoreCase(opt, "justid")) {
      o->justid = true;
    } else if (EqualsIgnoreCase(opt, "idle") && more > 0) {
      std::optional<int64_t> v = IntArg(ctx, ++j, "Invalid IDLE option argument for XCLAIM");
      if (!v) return false;
      o->delivery_time = now - *v;
    } else if (EqualsIgnoreCase(opt, "time") && more > 0) {
      std::optional<int64_t> v = IntArg(ctx, ++j, "Invalid TIME option argument for XCLAIM");
      if (!v) return false;
      o->delivery_time = *v;
    } else if (EqualsIgnoreCase(opt, "retrycount") && more > 0) {
      std::optional<int64_t> v = IntArg(ctx, ++j, "Invalid RETRYCOUNT option argument for XCLAIM");
      if (!v) return false;
      o->retry_count = *v;
    } else if (EqualsIgnoreCase(opt, "lastid") && more > 0) {
      std::optional<StreamId> id = StrictIdArg(ctx, ++j);
      if (!id) return false;
      o->last_id = *id;
    } else {
      ctx.reply.Error("ERR Unrecognized XCLAIM option '" + opt + "'");
      return false;
    }
  }
  // A bogus delivery time is clamped to now rather than refused: clients
  // compute it from their own clocks.
  if (o->delivery_time < 0 || o->delivery_time > now) o->delivery_time = now;
  return true;
}

void CmdXClaim(CommandContext& ctx) {
  StatusOr<StreamValue*> found = LookupStream(ctx.db(), ctx.argv[1], /*read=*/true);
  if (ReplyIfError(ctx, found.status())) return;
  StreamValue* s = *found;
  ConsumerGroup* group = s != nullptr ? s->FindGroup(ctx.argv[2]) : nullptr;
  if (group == nullptr) {
    ctx.reply.Error(NoGroupError(ctx.argv[1], ctx.argv[2]));
    return;
  }
  std::optional<int64_t> min_idle = IntArg(ctx, 4, "Invalid min-idle-time argument for XCLAIM");
  if (!min_idle) return;
  // IDs run until the first argument that is not one: the options follow.
  std::vector<StreamId> ids;
  size_t j = 5;
  for (; j < ctx.argv.size(); ++j) {
    StatusOr<StreamId> id = ParseStreamId(ctx.argv[j], MissingSeq::kZero, false);
    if (!id.ok()) break;
    ids.push_back(*id);
  }
  const int64_t now = ctx.now_ms();
  ClaimOptions o;
  if (!ParseClaimOptions(ctx, j, now, &o)) return;
  if (o.last_id > group->last_id) group->last_id = o.last_id;
  std::vector<StreamId> claimed;
  for (const StreamId& id : ids) {
    auto it = group->pel.find(id);
    if (!s->Get(id)) {
      if (it != group->pel.end()) {
        DropPending(*group, it);
        ++ctx.node.dirty;
      }
      continue;
    }
    bool fresh = false;
    if (it == group->pel.end()) {
      if (!o.force) continue;
      it = group->pel.try_emplace(id).first;
      fresh = true;
    }
    PendingEntry& p = it->second;
    if (!fresh && *min_idle > 0 && now - p.delivery_time_ms < *min_idle) continue;
    if (fresh) p.consumer.clear();
    ClaimTo(*group, id, p, ctx.argv[3], now);
    p.delivery_time_ms = o.delivery_time;
    if (o.retry_count >= 0) {
      p.delivery_count = static_cast<uint64_t>(o.retry_count);
    } else if (!o.justid) {
      ++p.delivery_count;
    }
    claimed.push_back(id);
    ++ctx.node.dirty;
  }
  ctx.reply.ArrayHeader(claimed.size());
  for (const StreamId& id : claimed) ReplyClaimed(ctx, *s, id, o.justid);
}

void CmdXAutoClaim(CommandContext& ctx) {
  std::optional<int64_t> min_idle =
      IntArg(ctx, 4, "Invalid min-idle-time argument for XAUTOCLAIM");
  if (!min_idle) return;
  std::optional<StreamId> start = IntervalArg(ctx, 5, false);
  if (!start) return;
  int64_t count = 100;
  bool justid = false;
  for (size_t j = 6; j < ctx.argv.size(); ++j) {
    const size_t more = ctx.argv.size() - 1 - j;
    if (EqualsIgnoreCase(ctx.argv[j], "count") && more > 0) {
      int64_t n;
      constexpr int64_t kMaxCount = INT64_MAX / 16;
      if (!ParseInt64(ctx.argv[j + 1], &n) || n < 1 || n > kMaxCount) {
        ctx.reply.Error("ERR COUNT must be > 0");
        return;
      }
      count = n;
      ++j;
    } else if (EqualsIgnoreCase(ctx.argv[j], "justid")) {
      justid = true;
    } else {
      ctx.reply.Error(errors::kSyntax);
      return;
    }
  }
  StatusOr<StreamValue*> found = LookupStream(ctx.db(), ctx.argv[1], /*read=*/true);
  if (ReplyIfError(ctx, found.status())) return;
  StreamValue* s = *found;
  ConsumerGroup* group = s != nullptr ? s->FindGroup(ctx.argv[2]) : nullptr;
  if (group == nullptr) {
    ctx.reply.Error(NoGroupError(ctx.argv[1], ctx.argv[2]));
    return;
  }
  const int64_t now = ctx.now_ms();
  int64_t attempts = count * 10;
  std::vector<StreamId> claimed, deleted;
  auto it = group->pel.lower_bound(*start);
  while (attempts-- > 0 && count > 0 && it != group->pel.end()) {
    const StreamId id = it->first;
    if (!s->Get(id)) {
      auto next = std::next(it);
      DropPending(*group, it);
      it = next;
      deleted.push_back(id);
      --count;
      ++ctx.node.dirty;
      continue;
    }
    PendingEntry& p = it->second;
    if (*min_idle > 0 && now - p.delivery_time_ms < *min_idle) {
      ++it;
      continue;
    }
    ClaimTo(*group, id, p, ctx.argv[3], now);
    p.delivery_time_ms = now;
    if (!justid) ++p.delivery_count;
    claimed.push_back(id);
    --count;
    ++ctx.node.dirty;
    ++it;
  }
  // The cursor: the next pending entry, or 0-0 when the scan is complete.
  ctx.reply.ArrayHeader(3);
  ReplyId(ctx.reply, it == group->pel.end() ? StreamId::Min() : it->first);
  ctx.reply.ArrayHeader(claimed.size());
  for (const StreamId& id : claimed) ReplyClaimed(ctx, *s, id, justid);
  ctx.reply.ArrayHeader(deleted.size());
  for (const StreamId& id : deleted) ReplyId(ctx.reply, id);
}

// ---------------------------------------------------------------------------
// XINFO / XSETID
// ---------------------------------------------------------------------------

// XINFO's key lookup: "ERR no such key" when missing.
StreamValue* XInfoStream(CommandContext& ctx) {
  StatusOr<StreamValue*> s = LookupStream(ctx.db(), ctx.argv[2], /*read=*/true);
  if (ReplyIfError(ctx, s.status())) return nullptr;
  if (*s == nullptr) ctx.reply.Error(errors::kNoSuchKey);
  return *s;
}

void ReplyEntriesRead(resp::ReplyWriter& reply, int64_t entries_read) {
  if (entries_read == kInvalidEntriesRead) {
    reply.Null();
  } else {
    reply.Integer(entries_read);
  }
}

void ReplyLag(resp::ReplyWriter& reply, const StreamValue& s, const ConsumerGroup& g) {
  std::optional<int64_t> lag = s.Lag(g);
  if (lag) {
    reply.Integer(*lag);
  } else {
    reply.Null();
  }
}

void CmdXInfoGroups(CommandContext& ctx) {
  StreamValue* s = XInfoStream(ctx);
  if (s == nullptr) return;
  ctx.reply.ArrayHeader(s->groups().size());
  for (const auto& [name, g] : s->groups()) {
    MapHeader(ctx.reply, 6);
    ctx.reply.Bulk("name");
    ctx.reply.Bulk(name);
    ctx.reply.Bulk("consumers");
    ctx.reply.Integer(static_cast<int64_t>(g.consumers.size()));
    ctx.reply.Bulk("pending");
    ctx.reply.Integer(static_cast<int64_t>(g.pel.size()));
    ctx.reply.Bulk("last-delivered-id");
    ReplyId(ctx.reply, g.last_id);
    ctx.reply.Bulk("entries-read");
    ReplyEntriesRead(ctx.reply, g.entries_read);
    ctx.reply.Bulk("lag");
    ReplyLag(ctx.reply, *s, g);
  }
}

void CmdXInfoConsumers(CommandContext& ctx) {
  StreamValue* s = XInfoStream(ctx);
  if (s == nullptr) return;
  ConsumerGroup* g = s->FindGroup(ctx.argv[3]);
  if (g == nullptr) {
    ctx.reply.Error("NOGROUP No such consumer group '" + ctx.argv[3] + "' for key name '" +
                    ctx.argv[2] + "'");
    return;
  }
  const int64_t now = ctx.now_ms();
  ctx.reply.ArrayHeader(g->consumers.size());
  for (const auto& [name, c] : g->consumers) {
    MapHeader(ctx.reply, 3);
    ctx.reply.Bulk("name");
    ctx.reply.Bulk(name);
    ctx.reply.Bulk("pending");
    ctx.reply.Integer(static_cast<int64_t>(c.pel.size()));
    ctx.reply.Bulk("idle");
    ctx.reply.Integer(std::max<int64_t>(now - c.seen_time_ms, 0));
  }
}

// The fields XINFO STREAM shares between its short and FULL forms. Shoal
// keeps no radix tree: its two size fields report the equivalent node count.
void ReplyStreamHeader(resp::ReplyWriter& reply, const StreamValue& s, uint64_t node_entries) {
  const auto nodes = static_cast<int64_t>((s.Size() + node_entries - 1) / node_entries);
  reply.Bulk("length");
  reply.Integer(static_cast<int64_t>(s.Size()));
  reply.Bulk("radix-tree-keys");
  reply.Integer(nodes);
  reply.Bulk("radix-tree-nodes");
  reply.Integer(nodes + 1);
  reply.Bulk("last-generated-id");
  ReplyId(reply, s.last_id());
  reply.Bulk("max-deleted-entry-id");
  ReplyId(reply, s.max_deleted_id());
  reply.Bulk("entries-added");
  reply.Integer(static_cast<int64_t>(s.entries_added()));
  reply.Bulk("recorded-first-entry-id");
  ReplyId(reply, s.first_id());
}

void ReplyFullGroups(CommandContext& ctx, const StreamValue& s, uint64_t count) {
  auto limited = [count](size_t n) { return count == 0 ? n : std::min<size_t>(n, count); };
  ctx.reply.ArrayHeader(s.groups().size());
  for (const auto& [name, g] : s.groups()) {
    MapHeader(ctx.reply, 7);
    ctx.reply.Bulk("name");
    ctx.reply.Bulk(name);
    ctx.reply.Bulk("last-delivered-id");
    ReplyId(ctx.reply, g.last_id);
    ctx.reply.Bulk("entries-read");
    ReplyEntriesRead(ctx.reply, g.entries_read);
    ctx.reply.Bulk("lag");
    ReplyLag(ctx.reply, s, g);
    ctx.reply.Bulk("pel-count");
    ctx.reply.Integer(static_cast<int64_t>(g.pel.size()));
    ctx.reply.Bulk("pending");
    ctx.reply.ArrayHeader(limited(g.pel.size()));
    size_t n = 0;
    for (auto it = g.pel.begin(); it != g.pel.end() && n < limited(g.pel.size()); ++it, ++n) {
      ctx.reply.ArrayHeader(4);
      ReplyId(ctx.reply, it->first);
      ctx.reply.Bulk(it->second.consumer);
      ctx.reply.Integer(it->second.delivery_time_ms);
      ctx.reply.Integer(static_cast<int64_t>(it->second.delivery_count));
    }
    ctx.reply.Bulk("consumers");
    ctx.reply.ArrayHeader(g.consumers.size());
    for (const auto& [cname, c] : g.consumers) {
      MapHeader(ctx.reply, 4);
      ctx.reply.Bulk("name");
      ctx.reply.Bulk(cname);
      ctx.reply.Bulk("seen-time");
      ctx.reply.Integer(c.seen_time_ms);
      ctx.reply.Bulk("pel-count");
      ctx.reply.Integer(static_cast<int64_t>(c.pel.size()));
      ctx.reply.Bulk("pending");
      ctx.reply.ArrayHeader(limited(c.pel.size()));
      size_t m = 0;
      for (auto it = c.pel.begin(); it != c.pel.end() && m < limited(c.pel.size()); ++it, ++m) {
        const PendingEntry& p = g.pel.at(it->first);
        ctx.reply.ArrayHeader(3);
        ReplyId(ctx.reply, it->first);
        ctx.reply.Integer(p.delivery_time_ms);
        ctx.reply.Integer(static_cast<int64_t>(p.delivery_count));
      }
    }
  }
}

void CmdXInfoStream(CommandContext& ctx) {
  bool full = false;
  int64_t count = 10;
  const size_t argc = ctx.argv.size();
  if (argc > 3) {
    if (!EqualsIgnoreCase(ctx.argv[3], "full") ||
        (argc > 4 && (argc != 6 || !EqualsIgnoreCase(ctx.argv[4], "count")))) {
      ctx.reply.Error(errors::kSyntax);
      return;
    }
    full = true;
    if (argc == 6) {
      std::optional<int64_t> n = IntArg(ctx, 5);
      if (!n) return;
      count = *n < 0 ? 10 : *n;
    }
  }
  StreamValue* s = XInfoStream(ctx);
  if (s == nullptr) return;
  const uint64_t node_entries = NodeMaxEntries(ctx);
  if (!full) {
    MapHeader(ctx.reply, 10);
    ReplyStreamHeader(ctx.reply, *s, node_entries);
    ctx.reply.Bulk("groups");
    ctx.reply.Integer(static_cast<int64_t>(s->groups().size()));
    ctx.reply.Bulk("first-entry");
    ReplyOptionalEntry(ctx.reply, s->First());
    ctx.reply.Bulk("last-entry");
    ReplyOptionalEntry(ctx.reply, s->Last());
    return;
  }
  MapHeader(ctx.reply, 9);
  ReplyStreamHeader(ctx.reply, *s, node_entries);
  ctx.reply.Bulk("entries");
  ReplyEntries(ctx.reply,
               s->Range(StreamId::Min(), StreamId::Max(), static_cast<uint64_t>(count), false));
  ctx.reply.Bulk("groups");
  ReplyFullGroups(ctx, *s, static_cast<uint64_t>(count));
}

void CmdXInfoHelp(CommandContext& ctx) {
  ReplyHelp(ctx.reply, "XINFO",
            {"CONSUMERS <key> <groupname>", "    Show consumers of <groupname>.",
             "GROUPS <key>", "    Show the stream consumer groups.",
             "STREAM <key> [FULL [COUNT <count>]", "    Show information about the stream."});
}

void CmdXSetId(CommandContext& ctx) {
  std::optional<StreamId> id = StrictIdArg(ctx, 2);
  if (!id) return;
  int64_t entries_added = -1;
  StreamId max_deleted;
  for (size_t i = 3; i < ctx.argv.size();) {
    const size_t more = ctx.argv.size() - 1 - i;
    if (EqualsIgnoreCase(ctx.argv[i], "entriesadded") && more > 0) {
      std::optional<int64_t> n = IntArg(ctx, i + 1);
      if (!n) return;
      if (*n < 0) {
        ctx.reply.Error("ERR entries_added must be positive");
        return;
      }
      entries_added = *n;
      i += 2;
    } else if (EqualsIgnoreCase(ctx.argv[i], "maxdeletedid") && more > 0) {
      std::optional<StreamId> m = StrictIdArg(ctx, i + 1);
      if (!m) return;
      if (*id < *m) {
        ctx.reply.Error(
            "ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id");
        return;
      }
      max_deleted = *m;
      i += 2;
    } else {
      ctx.reply.Error(errors::kSyntax);
      return;
    }
  }
  StatusOr<StreamValue*> found = LookupStream(ctx.db(), ctx.argv[1], /*read=*/false);
  if (ReplyIfError(ctx, found.status())) return;
  StreamValue* s = *found;
  if (s == nullptr) {
    ctx.reply.Error(errors::kNoSuchKey);
    return;
  }
  if (s->Size() > 0) {
    if (*id < s->Last()->id) {
      ctx.reply.Error("ERR The ID specified in XSETID is smaller than the target stream top item");
      return;
    }
    if (entries_added != -1 && s->Size() > static_cast<uint64_t>(entries_added)) {
      ctx.reply.Error(
          "ERR The entries_added specified in XSETID is smaller than the target stream length");
      return;
    }
  }
  s->SetLastId(*id);
  if (entries_added != -1) s->SetEntriesAdded(static_cast<uint64_t>(entries_added));
  if (!max_deleted.IsZero()) s->SetMaxDeletedId(max_deleted);
  Changed(ctx, "xsetid", ctx.argv[1]);
  ctx.reply.Ok();
}

}  // namespace

void RegisterStreamCommands(CommandTable& table) {
  RegisterStreamTable(table, {
      .xack = CmdXAck,
      .xadd = CmdXAdd,
      .xautoclaim = CmdXAutoClaim,
      .xclaim = CmdXClaim,
      .xdel = CmdXDel,
      .xgroup_create = CmdXGroupCreate,
      .xgroup_createconsumer = CmdXGroupCreateConsumer,
      .xgroup_delconsumer = CmdXGroupDelConsumer,
      .xgroup_destroy = CmdXGroupDestroy,
      .xgroup_help = CmdXGroupHelp,
      .xgroup_setid = CmdXGroupSetId,
      .xinfo_consumers = CmdXInfoConsumers,
      .xinfo_groups = CmdXInfoGroups,
      .xinfo_help = CmdXInfoHelp,
      .xinfo_stream = CmdXInfoStream,
      .xlen = CmdXLen,
      .xpending = CmdXPending,
      .xrange = CmdXRange,
      .xread = CmdXRead,
      .xreadgroup = CmdXReadGroup,
      .xrevrange = CmdXRevRange,
      .xsetid = CmdXSetId,
      .xtrim = CmdXTrim});
}

}  // namespace shoal
