#include "node/core/command.h"

#include <algorithm>

#include "common/strutil.h"

namespace shoal {

namespace {

// Redis derives the legacy (first, last, step) triple from the key specs:
// only index+range specs count; several are merged into one covering range
// with step 1 (or the single spec's own step).
void DeriveLegacyRange(CommandSpec& spec) {
  int first = 0, last = 0, step = 0;
  bool movable = false;
  int counted = 0;
  for (const KeySpec& ks : spec.key_specs) {
    if (ks.begin != KeySpec::Begin::kIndex || ks.find != KeySpec::Find::kRange) {
      movable = true;
      continue;
    }
    if (ks.flags & keyflag::kIncomplete) movable = true;
    int ks_first = ks.index;
    int ks_last = ks.last_key >= 0 ? ks.index + ks.last_key : ks.last_key;
    if (counted == 0) {
      first = ks_first;
      last = ks_last;
      step = ks.key_step;
    } else {
      first = std::min(first, ks_first);
      if (last >= 0 && ks_last >= 0) {
        last = std::max(last, ks_last);
      } else {
        last = std::min(last, ks_last);
      }
      step = 1;
    }
    ++counted;
  }
  spec.first_key = first;
  spec.last_key = last;
  spec.key_step = step;
  if (movable) spec.flags |= cmdflag::kMovableKeys;
}

void Finish(CommandSpec& spec, const CommandSpec* parent, int* next_id) {
  spec.parent = parent;
  spec.id = (*next_id)++;
  spec.full_name = parent ? std::string(parent->name) + "|" + std::string(spec.name)
                          : std::string(spec.name);
  DeriveLegacyRange(spec);
  for (CommandSpec& sub : spec.subcommands) Finish(sub, &spec, next_id);
}

}  // namespace

void CommandTable::Add(CommandSpec spec) {
  auto owned = std::make_unique<CommandSpec>(std::move(spec));
  Finish(*owned, nullptr, &next_id_);
  // Subcommands point at their parent: fix them up after the move.
  for (CommandSpec& sub : owned->subcommands) sub.parent = owned.get();
  by_name_[std::string(owned->name)] = owned.get();
  commands_.push_back(std::move(owned));
}

size_t CommandTable::NameHash::operator()(std::string_view s) const {
  // FNV-1a over ASCII-lower-cased bytes.
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c + 32);
    h = (h ^ c) * 1099511628211ULL;
  }
  return static_cast<size_t>(h);
}

bool CommandTable::NameEq::operator()(std::string_view a, std::string_view b) const {
  return EqualsIgnoreCase(a, b);
}

const CommandSpec* CommandTable::Find(std::string_view name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : it->second;
}

const CommandSpec* CommandTable::Resolve(const std::vector<std::string>& argv,
                                         bool* unknown_sub) const {
  *unknown_sub = false;
  if (argv.empty()) return nullptr;
  const CommandSpec* cmd = Find(argv[0]);
  if (cmd == nullptr || !cmd->is_container() || argv.size() < 2) return cmd;
  for (const CommandSpec& sub : cmd->subcommands) {
    if (EqualsIgnoreCase(sub.name, argv[1])) return &sub;
  }
  *unknown_sub = true;
  return cmd;
}

namespace {

// Applies one key spec to argv; appends key positions.
bool SpecKeys(const KeySpec& ks, const std::vector<std::string>& argv, std::vector<KeyRef>* keys) {
  const int argc = static_cast<int>(argv.size());
  if (ks.begin == KeySpec::Begin::kUnknown) {
    if (ks.keyword.empty()) return true;
    for (int i = argc - 2; i > 0; --i) {
      if (EqualsIgnoreCase(argv[i], ks.keyword)) {
        keys->push_back({i + 1, ks.flags});
        break;
      }
    }
    return true;
  }
  int start = 0;
  if (ks.begin == KeySpec::Begin::kIndex) {
    start = ks.index;
  } else {
    // Search for the keyword from keyword_start (negative: from the end,
    // backwards).
    int from = ks.keyword_start >= 0 ? ks.keyword_start : argc + ks.keyword_start;
    int dir = ks.keyword_start >= 0 ? 1 : -1;
    start = -1;
    for (int i = from; i > 0 && i < argc; i += dir) {
      if (EqualsIgnoreCase(argv[i], ks.keyword)) {
        start = i + 1;
        break;
      }
    }
    if (start < 0) return true;  // keyword absent: no keys from this spec
  }
  if (start >= argc) return true;
  if (ks.find == KeySpec::Find::kRange) {
    int last;
    if (ks.last_key >= 0) {
      last = start + ks.last_key;
    } else {
      last = argc + ks.last_key;
      if (ks.limit > 1) last = start + ((argc - start) / ks.limit) - 1;
    }
    if (last >= argc) last = argc - 1;
    int step = std::max(ks.key_step, 1);
    for (int i = start; i <= last; i += step) keys->push_back({i, ks.flags});
    return true;
  }
  int numidx = start + ks.keynum_index;
  if (numidx >= argc) return false;
  int64_t num = 0;
  if (!ParseInt64(argv[numidx], &num) || num < 0) return false;
  int first = start + ks.first_key;
  int step = std::max(ks.key_step, 1);
  if (num > (argc - first + step - 1) / step) return false;
  for (int64_t k = 0; k < num; ++k) keys->push_back({first + static_cast<int>(k) * step, ks.flags});
  return true;
}

}  // namespace

bool GetKeys(const CommandSpec& spec, const std::vector<std::string>& argv,
             std::vector<KeyRef>* keys) {
  keys->clear();
  for (const KeySpec& ks : spec.key_specs) {
    if (!SpecKeys(ks, argv, keys)) return false;
  }
  return true;
}

}  // namespace shoal
