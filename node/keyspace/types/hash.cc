#include "node/keyspace/types/hash.h"

#include <unordered_set>

namespace shoal {

namespace {

// The allocator's block for a small fixed-size object (16-byte classes).
size_t ObjectBlock(size_t n) { return (n + 15) & ~size_t{15}; }

}  // namespace

HashValue::HashValue(const HashValue& other) : lp_(other.lp_) {
  if (other.map_) map_ = std::make_unique<CompactStringMap>(*other.map_);
}

std::unique_ptr<CollectionValue> HashValue::Clone() const {
  return std::make_unique<HashValue>(*this);
}

size_t HashValue::MemoryUsage() const {
  size_t bytes = ObjectBlock(sizeof(HashValue)) + lp_.allocated_bytes();
  if (map_) bytes += ObjectBlock(sizeof(CompactStringMap)) + map_->AllocatedBytes();
  return bytes;
}

size_t HashValue::Size() const { return map_ ? map_->size() : lp_.size() / 2; }

// ---------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------

Listpack::Pos HashValue::FindValuePos(std::string_view field) const {
  const Listpack::Pos first = lp_.First();
  if (first == Listpack::kEnd) return Listpack::kEnd;
  const Listpack::Pos pos = lp_.Find(first, field, /*skip=*/1);
  return pos == Listpack::kEnd ? Listpack::kEnd : lp_.Next(pos);
}

std::optional<std::string> HashValue::Get(std::string_view field) {
  if (map_) {
    const CompactStringMap::Entry* e = map_->Find(field);
    if (e == nullptr) return std::nullopt;
    return std::string(CompactStringMap::Value(e));
  }
  const Listpack::Pos pos = FindValuePos(field);
  if (pos == Listpack::kEnd) return std::nullopt;
  return lp_.GetString(pos);
}

bool HashValue::Exists(std::string_view field) {
  if (map_) return map_->Find(field) != nullptr;
  return FindValuePos(field) != Listpack::kEnd;
}

size_t HashValue::ValueLength(std::string_view field) {
  if (map_) {
    const CompactStringMap::Entry* e = map_->Find(field);
    return e == nullptr ? 0 : CompactStringMap::Value(e).size();
  }
  const Listpack::Pos pos = FindValuePos(field);
  if (pos == Listpack::kEnd) return 0;
  const Listpack::Entry entry = lp_.Get(pos);
  return entry.is_int ? std::to_string(entry.int_value).size() : entry.str.size();
}

void HashValue::ForEach(const PairFn& fn) const {
  if (map_) {
    map_->ForEach([&fn](const CompactStringMap::Entry* e) {
      fn(CompactStringMap::Key(e), CompactStringMap::Value(e));
    });
    return;
  }
  for (Listpack::Pos p = lp_.First(); p != Listpack::kEnd;) {
    const Listpack::Pos v = lp_.Next(p);
    const std::string field = lp_.GetString(p);
    const std::string value = lp_.GetString(v);
    fn(field, value);
    p = lp_.Next(v);
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
  if (map_) return;
  size_t sum = 0;
  for (size_t i = 0; i < n; ++i) {
    if (args[i].size() > limits.max_value) return ConvertToTable();
    sum += args[i].size();
  }
  // A listpack stays under 1GB, as Redis's lpSafeToAdd demands.
  constexpr size_t kListpackSafeSize = size_t{1} << 30;
  if (lp_.bytes() + sum > kListpackSafeSize) ConvertToTable();
}

bool HashValue::Set(std::string_view field, std::string_view value, const HashLimits& limits) {
  if (!map_ && (field.size() > limits.max_value || value.size() > limits.max_value)) {
    ConvertToTable();
  }
  if (map_) return map_->Upsert(field, value, /*overwrite=*/true);
  const bool added = ListpackSet(field, value);
  if (added && Size() > limits.max_entries) ConvertToTable();
  return added;
}

bool HashValue::ListpackSet(std::string_view field, std::string_view value) {
  const Listpack::Pos pos = FindValuePos(field);
  if (pos != Listpack::kEnd) {
    lp_.Replace(pos, value);
    return false;
  }
  lp_.Append(field);
  lp_.Append(value);
  return true;
}

bool HashValue::Delete(std::string_view field) {
  if (map_) return map_->Erase(field);
  const Listpack::Pos value_pos = FindValuePos(field);
  if (value_pos == Listpack::kEnd) return false;
  lp_.DeleteRange(lp_.Prev(value_pos), 2);
  return true;
}

void HashValue::ConvertToTable() {
  if (map_) return;
  auto map = std::make_unique<CompactStringMap>();
  map->Reserve(Size());
  ForEach([&map](std::string_view f, std::string_view v) { map->Upsert(f, v, true); });
  map_ = std::move(map);
  lp_ = Listpack();
}

// ---------------------------------------------------------------------------
// SCAN and random picks
// ---------------------------------------------------------------------------

uint64_t HashValue::Scan(uint64_t cursor, size_t count, const PairFn& fn) const {
  if (!map_) {
    ForEach(fn);
    return 0;
  }
  // Redis counts fields and values alike against COUNT.
  size_t reported = 0;
  size_t budget = count * 10;
  do {
    cursor = map_->Scan(cursor, [&](const CompactStringMap::Entry* e) {
      fn(CompactStringMap::Key(e), CompactStringMap::Value(e));
      reported += 2;
    });
  } while (cursor != 0 && budget-- > 0 && reported < count);
  return cursor;
}

std::pair<std::string, std::string> HashValue::RandomPair(Rng& rng) {
  if (map_) {
    const CompactStringMap::Entry* e = map_->Random(rng);
    return {std::string(CompactStringMap::Key(e)), std::string(CompactStringMap::Value(e))};
  }
  const Listpack::Pos field = lp_.Seek(static_cast<int64_t>(2 * rng.Uniform(Size())));
  return {lp_.GetString(field), lp_.GetString(lp_.Next(field))};
}

std::vector<std::pair<std::string, std::string>> HashValue::RandomDistinctPairs(size_t count,
                                                                                Rng& rng) {
  std::vector<std::pair<std::string, std::string>> out;
  const size_t size = Size();
  if (!map_) {
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
