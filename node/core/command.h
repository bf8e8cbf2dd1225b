// The declarative command table.
//
// One CommandSpec per command (and per subcommand of container commands such
// as CONFIG or CLIENT): name, arity, flags, key specs, ACL categories, docs and
// the handler. The dispatcher's generic checks (arity, auth, pause, later
// cluster slots, OOM, MULTI), COMMAND/COMMAND INFO/DOCS/GETKEYS, and the
// statistics all read this one table. Each command family registers its
// commands from one function at the bottom of its own file.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace shoal {

struct CommandContext;
using CommandHandler = void (*)(CommandContext&);

// Command flags, as COMMAND reports them.
namespace cmdflag {
enum : uint64_t {
  kWrite = 1ULL << 0,
  kReadOnly = 1ULL << 1,
  kDenyOom = 1ULL << 2,
  kModule = 1ULL << 3,
  kAdmin = 1ULL << 4,
  kPubSub = 1ULL << 5,
  kNoScript = 1ULL << 6,
  kBlocking = 1ULL << 7,
  kLoading = 1ULL << 8,
  kStale = 1ULL << 9,
  kSkipMonitor = 1ULL << 10,
  kSkipSlowlog = 1ULL << 11,
  kAsking = 1ULL << 12,
  kFast = 1ULL << 13,
  kNoAuth = 1ULL << 14,
  kMayReplicate = 1ULL << 15,
  kSentinel = 1ULL << 16,
  kOnlySentinel = 1ULL << 17,
  kNoMandatoryKeys = 1ULL << 18,
  kProtected = 1ULL << 19,
  kNoAsyncLoading = 1ULL << 20,
  kNoMulti = 1ULL << 21,
  kMovableKeys = 1ULL << 22,  // derived from the key specs; do not set by hand
  kAllowBusy = 1ULL << 23,
};
}  // namespace cmdflag

// ACL categories ("@read", "@string", ...).
namespace aclcat {
enum : uint64_t {
  kKeyspace = 1ULL << 0,
  kRead = 1ULL << 1,
  kWrite = 1ULL << 2,
  kSet = 1ULL << 3,
  kSortedSet = 1ULL << 4,
  kList = 1ULL << 5,
  kHash = 1ULL << 6,
  kString = 1ULL << 7,
  kBitmap = 1ULL << 8,
  kHyperLogLog = 1ULL << 9,
  kGeo = 1ULL << 10,
  kStream = 1ULL << 11,
  kPubSub = 1ULL << 12,
  kAdmin = 1ULL << 13,
  kFast = 1ULL << 14,
  kSlow = 1ULL << 15,
  kBlocking = 1ULL << 16,
  kDangerous = 1ULL << 17,
  kConnection = 1ULL << 18,
  kTransaction = 1ULL << 19,
  kScripting = 1ULL << 20,
};
}  // namespace aclcat

// Key-spec flags (Redis 7 key specifications).
namespace keyflag {
enum : uint32_t {
  kRO = 1U << 0,
  kRW = 1U << 1,
  kOW = 1U << 2,
  kRM = 1U << 3,
  kAccess = 1U << 4,
  kUpdate = 1U << 5,
  kInsert = 1U << 6,
  kDelete = 1U << 7,
  kNotKey = 1U << 8,
  kIncomplete = 1U << 9,
  kVariableFlags = 1U << 10,
};
}  // namespace keyflag

// Where a command's keys are: begin_search (an index, or after a keyword),
// then find_keys (a range, or a count argument followed by keys).
struct KeySpec {
  // kUnknown: Redis's "unknown" search (SORT's BY/GET and STORE keys). Such
  // a spec finds no keys, unless it names a `keyword` whose next argument
  // is a key wherever it appears (SORT ... STORE dest).
  enum class Begin : uint8_t { kIndex, kKeyword, kUnknown };
  enum class Find : uint8_t { kRange, kKeyNum, kUnknown };

  uint32_t flags = 0;
  std::string_view notes;  // COMMAND INFO "notes", e.g. why flags vary
  Begin begin = Begin::kIndex;
  int index = 0;             // kIndex: argv position of the first key
  std::string_view keyword;  // kKeyword: keyword to look for
  int keyword_start = 0;     // kKeyword: where to start (negative: from the end)
  Find find = Find::kRange;
  int last_key = 0;      // kRange: last key relative to first (-1: last arg, -2: one before)
  int key_step = 1;      // kRange / kKeyNum: step between keys
  int limit = 0;         // kRange: 0 or a divisor of remaining args
  int keynum_index = 0;  // kKeyNum: index of the count (relative to begin)
  int first_key = 0;     // kKeyNum: index of the first key (relative to begin)

  // An "unknown" spec; see Begin::kUnknown.
  static KeySpec Unknown(uint32_t flags, std::string_view notes, std::string_view keyword = {}) {
    KeySpec s;
    s.flags = flags;
    s.notes = notes;
    s.begin = Begin::kUnknown;
    s.find = Find::kUnknown;
    s.keyword = keyword;
    return s;
  }
  // Keys from argv[index] up to last_key (relative, or negative from the end)
  // every `step` arguments.
  static KeySpec Range(int index, int last_key, int step, uint32_t flags) {
    KeySpec s;
    s.flags = flags;
    s.index = index;
    s.last_key = last_key;
    s.key_step = step;
    return s;
  }
  // argv[index + keynum_index] holds the number of keys, which start at
  // argv[index + first_key].
  static KeySpec KeyNum(int index, int keynum_index, int first_key, int step, uint32_t flags) {
    KeySpec s;
    s.flags = flags;
    s.index = index;
    s.find = Find::kKeyNum;
    s.keynum_index = keynum_index;
    s.first_key = first_key;
    s.key_step = step;
    return s;
  }
};

// One argument of a command in COMMAND DOCS "arguments". Blocks and one-ofs
// nest their parts in `args`. The modifiers below return a changed copy so the
// tables read as one expression per argument (see command_args.h).
struct CommandArg {
  enum class Type : uint8_t {
    kString,
    kInteger,
    kDouble,
    kKey,
    kPattern,
    kUnixTime,
    kPureToken,
    kOneOf,
    kBlock,
  };
  enum Flag : uint32_t {
    kOptional = 1U << 0,
    kMultiple = 1U << 1,
    kMultipleToken = 1U << 2,
  };

  std::string_view name;
  Type type = Type::kString;
  std::string_view display_text;
  int key_spec_index = -1;  // index into the command's key_specs; -1: not a key
  std::string_view token;   // the keyword that precedes the value, if any
  std::string_view summary;
  std::string_view since;
  std::string_view deprecated_since;
  uint32_t flags = 0;  // Flag bits
  std::vector<CommandArg> args;

  CommandArg Optional() const { return With(kOptional); }
  CommandArg Multiple() const { return With(kMultiple); }
  CommandArg MultipleToken() const { return With(kMultipleToken); }
  CommandArg Token(std::string_view t) const {
    CommandArg a = *this;
    a.token = t;
    return a;
  }
  CommandArg Since(std::string_view v) const {
    CommandArg a = *this;
    a.since = v;
    return a;
  }
  CommandArg Display(std::string_view text) const {
    CommandArg a = *this;
    a.display_text = text;
    return a;
  }
  CommandArg Summary(std::string_view text) const {
    CommandArg a = *this;
    a.summary = text;
    return a;
  }
  CommandArg DeprecatedSince(std::string_view v) const {
    CommandArg a = *this;
    a.deprecated_since = v;
    return a;
  }

 private:
  CommandArg With(uint32_t flag) const {
    CommandArg a = *this;
    a.flags |= flag;
    return a;
  }
};

// COMMAND DOCS "doc_flags".
namespace docflag {
enum : uint32_t {
  kDeprecated = 1U << 0,
  kSysCmd = 1U << 1,
};
}  // namespace docflag

struct CommandSpec {
  std::string_view name;  // lower case; a subcommand's bare name ("get")
  int arity = 0;          // positive: exact argc; negative: at least -arity
  uint64_t flags = 0;     // cmdflag::*
  uint64_t acl = 0;       // aclcat::*
  std::vector<KeySpec> key_specs;
  CommandHandler handler = nullptr;
  // Docs (COMMAND DOCS).
  std::string_view group;  // "string", "generic", "connection", "server", ...
  std::string_view since;  // "1.0.0"
  std::string_view summary;
  std::string_view complexity;
  std::vector<std::string_view> tips;  // "nondeterministic_output", "request_policy:all_shards"
  std::vector<CommandSpec> subcommands;
  std::vector<CommandArg> args;
  // (version, change) pairs, oldest first.
  std::vector<std::pair<std::string_view, std::string_view>> history;
  uint32_t doc_flags = 0;  // docflag::*
  std::string_view deprecated_since;
  std::string_view replaced_by;

  // --- Filled in by CommandTable::Add -------------------------------------
  std::string full_name;  // "config|get" for subcommands
  const CommandSpec* parent = nullptr;
  int id = -1;  // dense index over commands and subcommands (per-node statistics)
  int first_key = 0, last_key = 0, key_step = 0;  // legacy range from key specs

  bool has(uint64_t f) const { return (flags & f) != 0; }
  bool is_container() const { return !subcommands.empty(); }
};

// A table entry for a command without keys (connection, server and
// introspection families), in one place so families do not repeat the shape.
inline CommandSpec KeylessCommandSpec(std::string_view group, std::string_view name, int arity,
                                      uint64_t flags, uint64_t acl, CommandHandler handler,
                                      std::string_view since, std::string_view summary,
                                      std::string_view complexity,
                                      std::vector<std::string_view> tips = {}) {
  CommandSpec spec;
  spec.name = name;
  spec.arity = arity;
  spec.flags = flags;
  spec.acl = acl;
  spec.handler = handler;
  spec.group = group;
  spec.since = since;
  spec.summary = summary;
  spec.complexity = complexity;
  spec.tips = std::move(tips);
  return spec;
}

// Positions of the keys of one call (for cluster checks, COMMAND GETKEYS,
// ACL key patterns).
struct KeyRef {
  int pos;
  uint32_t flags;
};

class CommandTable {
 public:
  CommandTable() = default;
  CommandTable(const CommandTable&) = delete;
  CommandTable& operator=(const CommandTable&) = delete;

  // Adds a command (with its subcommands); derives legacy key positions and
  // the movablekeys flag from the key specs.
  void Add(CommandSpec spec);

  // Case-insensitive lookup of a top-level command.
  const CommandSpec* Find(std::string_view name) const;
  // Resolves argv to the command or subcommand it names; nullptr if the
  // command is unknown. *unknown_sub is set when a container command was
  // found but the subcommand is not.
  const CommandSpec* Resolve(const std::vector<std::string>& argv, bool* unknown_sub) const;

  const std::vector<std::unique_ptr<CommandSpec>>& all() const { return commands_; }
  size_t size() const { return commands_.size(); }
  // Number of ids handed out (commands plus subcommands).
  int num_ids() const { return next_id_; }

 private:
  // Case-insensitive hashing and comparison, so a lookup needs no lower-cased
  // copy of the name.
  struct NameHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const;
  };
  struct NameEq {
    using is_transparent = void;
    bool operator()(std::string_view a, std::string_view b) const;
  };

  std::vector<std::unique_ptr<CommandSpec>> commands_;
  std::unordered_map<std::string, CommandSpec*, NameHash, NameEq> by_name_;
  int next_id_ = 0;
};

// Keys of argv for `spec` (after arity was checked). Returns false if the
// arguments do not hold a valid key layout (e.g. a key count too large).
bool GetKeys(const CommandSpec& spec, const std::vector<std::string>& argv,
             std::vector<KeyRef>* keys);

// Registers every command family (node/commands/registry.cc).
void RegisterAllCommands(CommandTable& table);

}  // namespace shoal
