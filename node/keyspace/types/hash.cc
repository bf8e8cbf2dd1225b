#include "node/keyspace/types/hash.h"

#include <algorithm>
#include <new>
#include <unordered_set>

namespace shoal {

namespace {

// The allocator's block for a small fixed-size object (16-byte classes).
size_t ObjectBlock(size_t n) { return (n + 15) & ~size_t{15}; }

}  // namespace

static_assert(sizeof(HashValue) == 16, "a small hash pays for every byte of this object");

HashValue::HashValue() { new (&rep_.lp) Listpack(); }

HashValue::HashValue(const HashValue& other) {
  if (other.is_table()) {
    rep_.tagged_map = reinterpret_cast<uintptr_t>(new CompactStringMap(*other.map())) | 1;
  } else {
    new (&rep_.lp) Listpack(other.lp());
  }
}

HashValue::~HashValue() {
  if (is_table()) {
    delete map();
  } else {
    rep_.lp.~Listpack();
  }
}

bool HashValue::is_table() const {
  // The word's bytes are read whichever member is active.
  uintptr_t word;
  std::memcpy(&word, &rep_, sizeof(word));
  return (word & 1) != 0;
}

CompactStringMap* HashValue::map() const {
  uintptr_t word;
  std::memcpy(&word, &rep_, sizeof(word));
  return reinterpret_cast<CompactStringMap*>(word & ~uintptr_t{1});
}

std::unique_ptr<CollectionValue> HashValue::Clone() const {
  return std::make_unique<HashValue>(*this);
}

size_t HashValue::MemoryUsage() const {
  size_t bytes = ObjectBlock(sizeof(HashValue));
  if (is_table()) return bytes + ObjectBlock(sizeof(CompactStringMap)) + map()->AllocatedBytes();
  return bytes + lp().allocated_bytes();
}

size_t HashValue::Size() const { return is_table() ? map()->size() : lp().size() / 2; }

// ---------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------

Listpack::Pos HashValue::FindValuePos(std::string_view field) const {
  const Listpack::Pos first = lp().First();
  if (first == Listpack::kEnd) return Listpack::kEnd;
  const Listpack::Pos pos = lp().Find(first, field, /*skip=*/1);
  return pos == Listpack::kEnd ? Listpack::kEnd : lp().Next(pos);
}

std::optional<std::string> HashValue::Get(std::string_view field) {
  if (is_table()) {
    const CompactStringMap::Entry* e = map()->Find(field);
    if (e == nullptr) return std::nullopt;
    return std::string(CompactStringMap::Value(e));
  }
  const Listpack::Pos pos = FindValuePos(field);
  if (pos == Listpack::kEnd) return std::nullopt;
  return lp().GetString(pos);
}

bool HashValue::Exists(std::string_view field) {
  if (is_table()) return map()->Find(field) != nullptr;
  return FindValuePos(field) != Listpack::kEnd;
}

size_t HashValue::ValueLength(std::string_view field) {
  if (is_table()) {
    const CompactStringMap::Entry* e = map()->Find(field);
    return e == nullptr ? 0 : CompactStringMap::Value(e).size();
  }
  const Listpack::Pos pos = FindValuePos(field);
  if (pos == Listpack::kEnd) return 0;
  const Listpack::Entry entry = lp().Get(pos);
  return entry.is_int ? std::to_string(entry.int_value).size() : entry.str.size();
}

void HashValue::ForEach(const PairFn& fn) const {
  if (is_table()) {
    map()->ForEach([&fn](const CompactStringMap::Entry* e) {
      fn(CompactStringMap::Key(e), CompactStringMap::Value(e));
    });
    return;
  }
  for (Listpack::Pos p = lp().First(); p != Listpack::kEnd;) {
    const Listpack::Pos v = lp().Next(p);
    const std::string field = lp().GetString(p);
    const std::string value = lp().GetString(v);
    fn(field, value);
    p = lp().Next(v);
  }
}

std::vector<std::pair<std::string, std::string>> HashValue::Pairs() const {
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(Size());
  ForEach([&out](std::string_view f, std::string_view v) { out.emplace_back(f, v); });
  return out;
}

// ---------------------------------------------------------------------------
// Writes
// ---------------------------------------------------------------------------

void HashValue::ConvertIfTooLong(const std::string* args, size_t n, const HashLimits& limits) {
  if (is_table()) return;
  size_t sum = 0;
  for (size_t i = 0; i < n; ++i) {
    if (args[i].size() > limits.max_value) return ConvertToTable();
    sum += args[i].size();
  }
  // A listpack stays under 1GB, as Redis's lpSafeToAdd demands.
  constexpr size_t kListpackSafeSize = size_t{1} << 30;
  if (lp().bytes() + sum > kListpackSafeSize) ConvertToTable();
}

bool HashValue::Set(std::string_view field, std::string_view value, const HashLimits& limits) {
  if (!is_table() && (field.size() > limits.max_value || value.size() > limits.max_value)) {
    ConvertToTable();
  }
  if (is_table()) return map()->Upsert(field, value, /*overwrite=*/true);
  const bool added = ListpackSet(field, value);
  if (added && Size() > limits.max_entries) ConvertToTable();
  return added;
}

bool HashValue::ListpackSet(std::string_view field, std::string_view value) {
  const Listpack::Pos pos = FindValuePos(field);
  if (pos != Listpack::kEnd) {
    lp().Replace(pos, value);
    return false;
  }
  lp().Append(field);
  lp().Append(value);
  return true;
}

bool HashValue::Delete(std::string_view field) {
  if (is_table()) return map()->Erase(field);
  const Listpack::Pos value_pos = FindValuePos(field);
  if (value_pos == Listpack::kEnd) return false;
  lp().DeleteRange(lp().Prev(value_pos), 2);
  return true;
}

void HashValue::ConvertToTable() {
  if (is_table()) return;
  auto table = std::make_unique<CompactStringMap>();
  table->Reserve(Size());
  ForEach([&table](std::string_view f, std::string_view v) { table->Upsert(f, v, true); });
  rep_.lp.~Listpack();
  rep_.tagged_map = reinterpret_cast<uintptr_t>(table.release()) | 1;
}

std::unique_ptr<HashValue> HashValue::FromListpack(Listpack lp, const HashLimits& limits,
                                                   std::string* error) {
  const size_t entries = lp.size();
  if (entries == 0 || entries % 2 != 0) {
    *error = entries == 0 ? "empty hash" : "hash listpack with an odd number of entries";
    return nullptr;
  }
  auto h = std::make_unique<HashValue>();
  h->lp() = std::move(lp);
  // Repeated fields would make the hash inconsistent; the largest entry
  // decides the encoding, as for a hash built by commands.
  std::unordered_set<std::string> fields;
  size_t longest = 0;
  bool duplicate = false;
  h->ForEach([&](std::string_view f, std::string_view v) {
    duplicate |= !fields.emplace(f).second;
    longest = std::max({longest, f.size(), v.size()});
  });
  if (duplicate) {
    *error = "hash listpack with a repeated field";
    return nullptr;
  }
  if (h->Size() > limits.max_entries || longest > limits.max_value) h->ConvertToTable();
  return h;
}

// ---------------------------------------------------------------------------
// SCAN and random picks
// ---------------------------------------------------------------------------

uint64_t HashValue::Scan(uint64_t cursor, size_t count, const PairFn& fn) const {
  if (!is_table()) {
    ForEach(fn);
    return 0;
  }
  // Redis counts fields and values alike against COUNT.
  size_t reported = 0;
  size_t budget = count * 10;
  do {
    cursor = map()->Scan(cursor, [&](const CompactStringMap::Entry* e) {
      fn(CompactStringMap::Key(e), CompactStringMap::Value(e));
      reported += 2;
    });
  } while (cursor != 0 && budget-- > 0 && reported < count);
  return cursor;
}

std::pair<std::string, std::string> HashValue::RandomPair(Rng& rng) {
  if (is_table()) {
    const CompactStringMap::Entry* e = map()->Random(rng);
    return {std::string(CompactStringMap::Key(e)), std::string(CompactStringMap::Value(e))};
  }
  const Listpack::Pos field = lp().Seek(static_cast<int64_t>(2 * rng.Uniform(Size())));
  return {lp().GetString(field), lp().GetString(lp().Next(field))};
}

std::vector<std::pair<std::string, std::string>> HashValue::RandomDistinctPairs(size_t count,
                                                                                Rng& rng) {
  std::vector<std::pair<std::string, std::string>> out;
  const size_t size = Size();
  if (!is_table()) {
    // Selection sampling: each pair is taken with probability
    // needed / remaining, so the result keeps the listpack's order.
    size_t remaining = size;
    ForEach([&](std::string_view f, std::string_view v) {
      if (rng.Uniform(remaining--) < count - out.size()) out.emplace_back(f, v);
    });
    return out;
  }
  if (count * 3 > size) {
    // Most of the hash is wanted: copy it and drop random pairs.
    out = Pairs();
    while (out.size() > count) {
      const size_t i = rng.Uniform(out.size());
      out[i] = std::move(out.back());
      out.pop_back();
    }
    return out;
  }
  // A small part: random picks until enough distinct ones (each pick is new
  // with probability over 2/3, so this ends quickly).
  std::unordered_set<std::string> seen;
  while (out.size() < count) {
    std::pair<std::string, std::string> p = RandomPair(rng);
    if (seen.insert(p.first).second) out.push_back(std::move(p));
  }
  return out;
}

}  // namespace shoal
