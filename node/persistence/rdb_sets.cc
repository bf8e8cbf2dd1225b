#include "node/persistence/rdb_sets.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "common/listpack.h"
#include "node/persistence/rdb_format.h"

namespace shoal::rdb {

namespace {

// Loaded sorted sets key their member hash with a fixed seed: loading needs
// no randomness, and a seed only spreads the hash.
constexpr uint64_t kLoadSeed = 0x9e3779b97f4a7c15ULL;

ZSetLimits LimitsOf(const ServerConfig& cfg) {
  ZSetLimits l;
  l.max_entries = static_cast<size_t>(std::max<int64_t>(cfg.zset_max_listpack_entries, 0));
  l.max_value = static_cast<size_t>(std::max<int64_t>(cfg.zset_max_listpack_value, 0));
  return l;
}

}  // namespace

// ---------------------------------------------------------------------------
// Sets
// ---------------------------------------------------------------------------

uint8_t SetTypeOf(const SetValue& s) {
  return s.intset() != nullptr ? kTypeSetIntset : kTypeSet;
}

void WriteSet(RdbWriter& w, const SetValue& s) {
  if (const IntSet* is = s.intset(); is != nullptr) {
    w.String(is->Bytes());
    return;
  }
  w.Length(s.Size());
  s.ForEach([&w](std::string_view m) { w.String(m); });
}

StatusOr<Object> ReadSet(RdbReader& r, uint8_t type, const ServerConfig& cfg) {
  if (type == kTypeSetIntset) {
    StatusOr<std::string> bytes = r.String();
    if (!bytes.ok()) return bytes.status();
    StatusOr<std::unique_ptr<SetValue>> set = SetValue::FromIntSetBytes(*bytes);
    if (!set.ok()) return set.status();
    return Object::Collection(ObjType::kSet, std::move(*set));
  }
  if (type != kTypeSet) return Status::Error("unsupported set encoding");
  StatusOr<uint64_t> n = r.Length();
  if (!n.ok()) return n.status();
  const auto max_intset = static_cast<size_t>(std::max<int64_t>(cfg.set_max_intset_entries, 0));
  std::unique_ptr<SetValue> set;
  // Bounded by the data: each member consumes at least one byte.
  if (*n > r.remaining()) return Status::Error("set length larger than the data");
  for (uint64_t i = 0; i < *n; ++i) {
    StatusOr<std::string> m = r.String();
    if (!m.ok()) return m.status();
    if (!set) set = SetValue::CreateFor(*m);
    if (!set->Add(*m, max_intset)) return Status::Error("duplicate set member");
  }
  if (!set) set = SetValue::CreateIntSet();
  return Object::Collection(ObjType::kSet, std::move(set));
}

// ---------------------------------------------------------------------------
// Sorted sets
// ---------------------------------------------------------------------------

uint8_t ZSetTypeOf(const ZSetValue& z) {
  return z.listpack() != nullptr ? kTypeZSetListpack : kTypeZSet2;
}

void WriteZSet(RdbWriter& w, const ZSetValue& z) {
  if (const Listpack* lp = z.listpack(); lp != nullptr) {
    w.String(lp->data());
    return;
  }
  w.Length(z.Size());
  z.Walk(0, z.Size(), /*reverse=*/true, [&w](std::string_view member, double score) {
    w.String(member);
    w.BinaryDouble(score);
    return true;
  });
}

StatusOr<Object> ReadZSet(RdbReader& r, uint8_t type, const ServerConfig& cfg) {
  const ZSetLimits limits = LimitsOf(cfg);
  if (type == kTypeZSetListpack) {
    StatusOr<std::string> bytes = r.String();
    if (!bytes.ok()) return bytes.status();
    Listpack lp;
    if (!Listpack::FromBytes(*bytes, &lp)) return Status::Error("invalid sorted set listpack");
    std::unique_ptr<ZSetValue> z = ZSetValue::FromListpack(std::move(lp), limits, kLoadSeed);
    if (!z) return Status::Error("invalid sorted set listpack contents");
    return Object::Collection(ObjType::kZSet, std::move(z));
  }
  if (type != kTypeZSet2 && type != kTypeZSet) return Status::Error("unsupported zset encoding");
  StatusOr<uint64_t> n = r.Length();
  if (!n.ok()) return n.status();
  if (*n > r.remaining()) return Status::Error("zset length larger than the data");
  std::vector<std::pair<std::string, double>> items;
  items.reserve(static_cast<size_t>(*n));
  for (uint64_t i = 0; i < *n; ++i) {
    StatusOr<std::string> m = r.String();
    if (!m.ok()) return m.status();
    StatusOr<double> score = type == kTypeZSet2 ? r.BinaryDouble() : r.TextDouble();
    if (!score.ok()) return score.status();
    if (std::isnan(*score)) return Status::Error("NaN score in sorted set");
    items.emplace_back(std::move(*m), *score);
  }
  // Members must be distinct: FromItems assumes so.
  std::vector<std::string_view> names;
  for (const auto& [m, s] : items) names.push_back(m);
  std::sort(names.begin(), names.end());
  if (std::adjacent_find(names.begin(), names.end()) != names.end()) {
    return Status::Error("duplicate sorted set member");
  }
  return Object::Collection(ObjType::kZSet,
                            ZSetValue::FromItems(std::move(items), limits, kLoadSeed));
}

}  // namespace shoal::rdb
