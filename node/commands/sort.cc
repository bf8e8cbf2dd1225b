// SORT and SORT_RO over lists, sets and sorted sets, with Redis 7.0's
// options (BY with key patterns and hash fields, LIMIT, GET # and patterns,
// ASC|DESC, ALPHA, STORE) and its ordering rules: numeric sorts break ties
// by comparing the elements' bytes, so the result is deterministic.

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/strutil.h"
#include "node/commands/families.h"
#include "node/core/command.h"
#include "node/core/command_args.h"
#include "node/core/errors.h"
#include "node/core/events.h"
#include "node/core/node.h"
#include "node/keyspace/db.h"
#include "node/keyspace/types/hash.h"
#include "node/keyspace/types/list.h"
#include "node/keyspace/types/set.h"
#include "node/keyspace/types/zset.h"

namespace shoal {

namespace {

constexpr std::string_view kNotDouble = "ERR One or more scores can't be converted into double";

struct SortOptions {
  bool desc = false;
  bool alpha = false;
  bool dontsort = false;
  std::optional<std::string> by;
  std::vector<std::string> gets;
  int64_t limit_start = 0;
  int64_t limit_count = -1;
  std::optional<std::string> store;
};

StatusOr<SortOptions> ParseSortOptions(const std::vector<std::string>& argv, bool readonly) {
  SortOptions o;
  for (size_t j = 2; j < argv.size(); ++j) {
    const size_t left = argv.size() - j - 1;
    const std::string& a = argv[j];
    if (EqualsIgnoreCase(a, "asc")) {
      o.desc = false;
    } else if (EqualsIgnoreCase(a, "desc")) {
      o.desc = true;
    } else if (EqualsIgnoreCase(a, "alpha")) {
      o.alpha = true;
    } else if (EqualsIgnoreCase(a, "limit") && left >= 2) {
      if (!ParseInt64(argv[j + 1], &o.limit_start) || !ParseInt64(argv[j + 2], &o.limit_count)) {
        return Status::Error(std::string(errors::kNotInteger));
      }
      j += 2;
    } else if (EqualsIgnoreCase(a, "store") && left >= 1 && !readonly) {
      o.store = argv[++j];
    } else if (EqualsIgnoreCase(a, "by") && left >= 1) {
      o.by = argv[++j];
      // A pattern without '*' cannot name per-element keys: no sorting.
      if (o.by->find('*') == std::string::npos) o.dontsort = true;
    } else if (EqualsIgnoreCase(a, "get") && left >= 1) {
      o.gets.push_back(argv[++j]);
    } else {
      return Status::Error(std::string(errors::kSyntax));
    }
  }
  return o;
}

// Redis's lookupKeyByPattern: "#" is the element itself; otherwise the
// first '*' is replaced by the element, and "->field" after it reads a hash
// field. Only string values (or hash fields) count; anything else is nil.
std::optional<std::string> LookupByPattern(Db& db, std::string_view pattern,
                                           std::string_view element) {
  if (pattern == "#") return std::string(element);
  const size_t star = pattern.find('*');
  if (star == std::string_view::npos) return std::nullopt;
  std::string_view field;
  std::string_view rest = pattern.substr(star + 1);
  const size_t arrow = rest.find("->");
  if (arrow != std::string_view::npos && arrow + 2 < rest.size()) {
    field = rest.substr(arrow + 2);
    rest = rest.substr(0, arrow);
  }
  std::string key(pattern.substr(0, star));
  key.append(element);
  key.append(rest);
  Object* o = db.FindRead(key);
  if (o == nullptr) return std::nullopt;
  if (!field.empty()) {
    if (o->type() != ObjType::kHash) return std::nullopt;
    return o->As<HashValue>().Get(field);
  }
  if (!o->is_string()) return std::nullopt;
  return o->StringValue();
}

// The elements of the value to sort, in its natural order (list order,
// set iteration order, sorted-set score order).
std::vector<std::string> Elements(const Object& o) {
  std::vector<std::string> out;
  switch (o.type()) {
    case ObjType::kList: {
      const auto& list = o.As<ListValue>();
      if (list.Size() > 0) out = list.Range(0, list.Size() - 1);
      break;
    }
    case ObjType::kSet:
      out = o.As<SetValue>().Members();
      break;
    case ObjType::kZSet: {
      const auto& z = o.As<ZSetValue>();
      z.Walk(0, z.Size(), false, [&out](std::string_view m, double) {
        out.emplace_back(m);
        return true;
      });
      break;
    }
    default:
      break;
  }
  return out;
}

struct SortItem {
  std::string element;
  double score = 0;
  std::optional<std::string> by;  // ALPHA with BY: the compared value
};

// Parses a sort weight as Redis does (strtod, whole string, not NaN).
bool ParseWeight(const std::string& s, double* out) {
  if (s.empty()) return false;
  char* end = nullptr;
  errno = 0;
  *out = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size() && !std::isnan(*out) && (isspace(s[0]) == 0);
}

Status Weigh(Db& db, const SortOptions& o, std::vector<SortItem>* items) {
  for (SortItem& it : *items) {
    std::optional<std::string> byval;
    if (o.by) {
      byval = LookupByPattern(db, *o.by, it.element);
    } else {
      byval = it.element;
    }
    if (o.alpha) {
      if (o.by) it.by = std::move(byval);
      continue;
    }
    if (byval && !ParseWeight(*byval, &it.score)) return Status::Error(std::string(kNotDouble));
  }
  return Status::Ok();
}

void SortItems(const SortOptions& o, std::vector<SortItem>* items) {
  auto cmp = [&o](const SortItem& a, const SortItem& b) {
    int c;
    if (!o.alpha) {
      c = a.score < b.score ? -1 : a.score > b.score ? 1 : a.element.compare(b.element);
    } else if (o.by) {
      if (!a.by || !b.by) {
        c = a.by == b.by ? 0 : (!a.by ? -1 : 1);
      } else {
        c = std::strcoll(a.by->c_str(), b.by->c_str());
      }
    } else {
      c = std::strcoll(a.element.c_str(), b.element.c_str());
    }
    return o.desc ? c > 0 : c < 0;
  };
  std::stable_sort(items->begin(), items->end(), cmp);
}

void SortGeneric(CommandContext& ctx, bool readonly) {
  StatusOr<SortOptions> parsed = ParseSortOptions(ctx.argv, readonly);
  if (!parsed.ok()) return ctx.reply.Error(parsed.status().message());
  SortOptions& o = *parsed;
  Db& db = ctx.db();
  const Object* value = db.FindRead(ctx.argv[1]);
  if (value != nullptr && value->type() != ObjType::kList && value->type() != ObjType::kSet &&
      value->type() != ObjType::kZSet) {
    return ctx.reply.Error(errors::kWrongType);
  }
  // A set has no order of its own: when the result is stored, sort it
  // anyway so the stored list does not depend on hashing.
  if (o.dontsort && value != nullptr && value->type() == ObjType::kSet && o.store) {
    o.dontsort = false;
    o.alpha = true;
    o.by.reset();
  }
  std::vector<SortItem> items;
  if (value != nullptr) {
    for (std::string& e : Elements(*value)) items.push_back({std::move(e), 0, std::nullopt});
  }
  if (!o.dontsort) {
    if (Status st = Weigh(db, o, &items); !st.ok()) return ctx.reply.Error(st.message());
    SortItems(o, &items);
  } else if (o.desc && value != nullptr && value->type() == ObjType::kZSet) {
    std::reverse(items.begin(), items.end());
  }
  // LIMIT, clamped as Redis clamps it.
  const auto n = static_cast<int64_t>(items.size());
  int64_t start = std::max<int64_t>(o.limit_start, 0);
  int64_t end = o.limit_count < 0 ? n - 1 : start + o.limit_count - 1;
  if (start >= n) {
    start = n - 1;
    end = n - 2;
  }
  if (end >= n) end = n - 1;
  std::vector<std::optional<std::string>> out;
  for (int64_t i = start; i <= end && i >= 0; ++i) {
    if (o.gets.empty()) {
      out.emplace_back(items[static_cast<size_t>(i)].element);
      continue;
    }
    for (const std::string& pattern : o.gets) {
      out.push_back(LookupByPattern(db, pattern, items[static_cast<size_t>(i)].element));
    }
  }
  if (!o.store) {
    ctx.reply.ArrayHeader(out.size());
    for (const auto& v : out) {
      if (v) {
        ctx.reply.Bulk(*v);
      } else {
        ctx.reply.Null();
      }
    }
    return;
  }
  const std::string& dest = *o.store;
  if (out.empty()) {
    if (db.Delete(dest)) {
      SignalModifiedKey(ctx.node, ctx.client.db, dest);
      NotifyKeyspaceEvent(ctx.node, notify::kGeneric, "del", dest, ctx.client.db);
    }
  } else {
    const ServerConfig& cfg = ctx.node.cfg();
    auto list = NewListValue(cfg.list_max_listpack_size, cfg.list_compress_depth);
    for (const auto& v : out) list->Push(ListValue::End::kTail, v ? *v : std::string());
    db.Set(dest, Object::Collection(ObjType::kList, std::move(list)));
    SignalModifiedKey(ctx.node, ctx.client.db, dest);
    NotifyKeyspaceEvent(ctx.node, notify::kList, "sortstore", dest, ctx.client.db);
  }
  ctx.reply.Integer(static_cast<int64_t>(out.size()));
}

void CmdSort(CommandContext& ctx) { SortGeneric(ctx, false); }
void CmdSortRo(CommandContext& ctx) { SortGeneric(ctx, true); }

using namespace cmdflag;  // NOLINT(google-build-using-namespace): table readability
using namespace argdoc;   // NOLINT: builder names read as the docs' vocabulary
namespace acl = aclcat;
namespace kf = keyflag;

constexpr std::string_view kByGetNotes =
    "For the optional BY/GET keyword. It is marked 'unknown' because the key names derive from "
    "the content of the key we sort";
constexpr std::string_view kStoreNotes =
    "For the optional STORE keyword. It is marked 'unknown' because the keyword can appear "
    "anywhere in the argument array";

CommandSpec SortSpec(std::string_view name, bool readonly) {
  CommandSpec s{
      .name = name,
      .arity = -2,
      .flags = readonly ? kReadOnly : (kWrite | kDenyOom),
      .acl = (readonly ? acl::kRead : acl::kWrite) | acl::kSet | acl::kSortedSet | acl::kList |
             acl::kSlow | acl::kDangerous,
      .key_specs = {KeySpec::Range(1, 0, 1, kf::kRO | kf::kAccess),
                    KeySpec::Unknown(kf::kRO | kf::kAccess, kByGetNotes)},
      .handler = readonly ? CmdSortRo : CmdSort,
      .group = "generic",
      .since = readonly ? "7.0.0" : "1.0.0",
      .summary = readonly ? "Sort the elements in a list, set or sorted set. Read-only variant "
                            "of SORT."
                          : "Sort the elements in a list, set or sorted set",
      .complexity = "O(N+M*log(M)) where N is the number of elements in the list or set to "
                    "sort, and M the number of returned elements. When the elements are not "
                    "sorted, complexity is O(N)."};
  s.args = {Key("key", 0),
            Pattern("pattern").Token("BY").Optional(),
            Block("offset_count", {Integer("offset"), Integer("count")}).Token("LIMIT").Optional(),
            Pattern("pattern").Token("GET").Optional().Multiple().MultipleToken(),
            OneOf("order", {Token("asc", "ASC"), Token("desc", "DESC")}).Optional(),
            Token("sorting", "ALPHA").Optional()};
  s.args[1].key_spec_index = 1;
  s.args[3].key_spec_index = 1;
  if (!readonly) {
    s.key_specs.push_back(KeySpec::Unknown(kf::kOW | kf::kUpdate, kStoreNotes, "STORE"));
    s.args.push_back(Key("destination", 2).Token("STORE").Optional());
  }
  return s;
}

}  // namespace

void RegisterSortCommands(CommandTable& table) {
  table.Add(SortSpec("sort", false));
  table.Add(SortSpec("sort_ro", true));
}

}  // namespace shoal
