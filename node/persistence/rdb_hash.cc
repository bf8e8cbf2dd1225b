#include "node/persistence/rdb_hash.h"

#include <memory>
#include <string>
#include <utility>

#include "common/listpack.h"
#include "node/persistence/rdb_format.h"

namespace shoal::rdb {

namespace {

Status Corrupt(std::string what) { return Status::Error(std::move(what)); }

HashLimits LimitsOf(const ServerConfig& cfg) {
  HashLimits limits;
  limits.max_entries = static_cast<size_t>(cfg.hash_max_listpack_entries);
  limits.max_value = static_cast<size_t>(cfg.hash_max_listpack_value);
  return limits;
}

StatusOr<Object> ReadHashListpack(RdbReader& r, const ServerConfig& cfg) {
  StatusOr<std::string> bytes = r.String();
  if (!bytes.ok()) return bytes.status();
  Listpack lp;
  if (!Listpack::FromBytes(*bytes, &lp)) return Corrupt("invalid hash listpack");
  std::string error;
  std::unique_ptr<HashValue> h = HashValue::FromListpack(std::move(lp), LimitsOf(cfg), &error);
  if (!h) return Corrupt(error);
  return Object::Collection(ObjType::kHash, std::move(h));
}

// Pairs one by one; the encoding follows the limits as for HSET.
StatusOr<Object> ReadHashPairs(RdbReader& r, const ServerConfig& cfg) {
  StatusOr<uint64_t> len = r.Length();
  if (!len.ok()) return len.status();
  if (*len == 0) return Corrupt("empty hash");
  const HashLimits limits = LimitsOf(cfg);
  auto h = std::make_unique<HashValue>();
  if (*len > limits.max_entries) h->ConvertToTable();
  for (uint64_t i = 0; i < *len; ++i) {
    StatusOr<std::string> field = r.String();
    if (!field.ok()) return field.status();
    StatusOr<std::string> value = r.String();
    if (!value.ok()) return value.status();
    if (!h->Set(*field, *value, limits)) return Corrupt("hash with a repeated field");
  }
  return Object::Collection(ObjType::kHash, std::move(h));
}

}  // namespace

uint8_t HashTypeOf(const HashValue& h) {
  return h.listpack() != nullptr ? kTypeHashListpack : kTypeHash;
}

void WriteHash(RdbWriter& w, const HashValue& h) {
  if (const Listpack* lp = h.listpack()) {
    w.String(lp->data());
    return;
  }
  w.Length(h.Size());
  h.ForEach([&w](std::string_view f, std::string_view v) {
    w.String(f);
    w.String(v);
  });
}

StatusOr<Object> ReadHash(RdbReader& r, uint8_t type, const ServerConfig& cfg) {
  if (type == kTypeHashListpack) return ReadHashListpack(r, cfg);
  return ReadHashPairs(r, cfg);
}

}  // namespace shoal::rdb
