// The hash type's value: Redis 7.0's two encodings and the rules that move a
// hash from one to the other.
//
//  * "listpack": fields and values alternate in one Listpack (Redis's byte
//    format), in insertion order. Used while the hash has at most
//    hash-max-listpack-entries fields and every field and value is at most
//    hash-max-listpack-value bytes.
//  * "hashtable": a CompactStringMap (hash_table.h), one block per field.
//
// Conversion happens exactly where Redis 7.0 does it: before a write whose
// field or value is too long (HSET/HMSET check all their arguments first,
// HSETNX only when it will set, HINCRBY/HINCRBYFLOAT on the field and the
// result), and after an insert that leaves more fields than the entry limit.
// Redis 7.0 never converts a hash back to a listpack; neither do we.
//
// No RESP here; the command layer (node/commands/hashes.cc) builds replies.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/listpack.h"
#include "common/rng.h"
#include "node/keyspace/object.h"
#include "node/keyspace/types/hash_table.h"

namespace shoal {

// The conversion thresholds (hash-max-listpack-entries / -value).
struct HashLimits {
  size_t max_entries = 512;
  size_t max_value = 64;
};

class HashValue final : public CollectionValue {
 public:
  // Called with each field and value; views are valid during the call only.
  using PairFn = std::function<void(std::string_view field, std::string_view value)>;

  HashValue();
  ~HashValue() override;
  HashValue(const HashValue& other);
  HashValue& operator=(const HashValue&) = delete;

  // --- CollectionValue -------------------------------------------------------
  std::unique_ptr<CollectionValue> Clone() const override;
  size_t MemoryUsage() const override;
  Encoding encoding() const override {
    return is_table() ? Encoding::kHashtable : Encoding::kListpack;
  }
  size_t Size() const override;

  // --- Reads -------------------------------------------------------------------
  // The value of field, or nullopt.
  std::optional<std::string> Get(std::string_view field);
  bool Exists(std::string_view field);
  // Length of field's value (HSTRLEN), 0 when absent.
  size_t ValueLength(std::string_view field);
  // Every pair in the encoding's order (insertion order for listpacks).
  void ForEach(const PairFn& fn) const;
  std::vector<std::pair<std::string, std::string>> Pairs() const;

  // --- Writes ------------------------------------------------------------------
  // Converts to a hashtable if any of `args` (fields and values about to be
  // written) is longer than the value limit: Redis's hashTypeTryConversion.
  void ConvertIfTooLong(const std::string* args, size_t n, const HashLimits& limits);
  // Sets field to value; converts first if either is too long, and after the
  // insert if the hash has too many fields. Returns true when field was new.
  bool Set(std::string_view field, std::string_view value, const HashLimits& limits);
  // Removes field; returns false when absent.
  bool Delete(std::string_view field);
  void ConvertToTable();

  // --- SCAN and random picks -------------------------------------------------
  // One HSCAN step from cursor: a listpack reports everything and returns 0;
  // a hashtable visits buckets until about `count` pairs were reported (at
  // most count*10 buckets), as Redis's scanGenericCommand.
  uint64_t Scan(uint64_t cursor, size_t count, const PairFn& fn) const;
  // A uniformly chosen pair (the hash must not be empty).
  std::pair<std::string, std::string> RandomPair(Rng& rng);
  // `count` distinct pairs (count < Size()): listpacks keep their order, as
  // Redis's lpRandomPairsUnique; hashtables follow Redis's two strategies.
  std::vector<std::pair<std::string, std::string>> RandomDistinctPairs(size_t count, Rng& rng);

  // --- Serialized form (RDB, DUMP) -------------------------------------------
  // The listpack behind a listpack encoding (nullptr for hashtables).
  const Listpack* listpack() const { return is_table() ? nullptr : &lp(); }
  // A hash adopting a listpack of alternating fields and values (an RDB
  // payload, already validated as a listpack). Fails on an odd entry count,
  // an empty hash or a repeated field; converts when over the limits.
  static std::unique_ptr<HashValue> FromListpack(Listpack lp, const HashLimits& limits,
                                                 std::string* error);

  // Tests: the table behind a hashtable encoding (nullptr for listpacks).
  const CompactStringMap* table() const { return is_table() ? map() : nullptr; }

 private:
  // One word holds either the Listpack (whose only member is its malloc'd,
  // hence even, buffer pointer) or the table's pointer with the low bit set:
  // the value is 16 bytes (vtable + word), the allocator's smallest class
  // above 8, since every small hash pays for it.
  union Rep {
    Rep() {}
    ~Rep() {}
    Listpack lp;
    uintptr_t tagged_map;
  };
  static_assert(sizeof(Listpack) == sizeof(uintptr_t), "Listpack must stay one pointer");

  bool is_table() const;
  CompactStringMap* map() const;
  Listpack& lp() { return rep_.lp; }
  const Listpack& lp() const { return rep_.lp; }

  // Position of field's value entry in the listpack, or Listpack::kEnd.
  Listpack::Pos FindValuePos(std::string_view field) const;
  bool ListpackSet(std::string_view field, std::string_view value);

  Rep rep_;
};

}  // namespace shoal
