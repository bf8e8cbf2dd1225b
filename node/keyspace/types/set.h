// SetValue: the value of a set key, in Redis 7.0's two encodings.
//
//  * "intset" (IntSet, Redis's byte layout) while every member is the
//    canonical text of a 64-bit integer and there are at most
//    set-max-intset-entries members;
//  * "hashtable" (StringSetTable) otherwise.
//
// Conversions happen exactly where Redis's happen (adding a non-integer
// member, or the add that takes an intset past the limit) and never go back:
// removing members or raising the limit leaves a hashtable a hashtable.
// Redis 7.0 has no listpack sets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/rng.h"
#include "common/status.h"
#include "node/keyspace/object.h"
#include "node/keyspace/types/intset.h"
#include "node/keyspace/types/string_set_table.h"

namespace shoal {

class SetValue : public CollectionValue {
 public:
  // An empty set in the encoding Redis picks for a set whose first member is
  // `first`: intset when it is an integer, else hashtable.
  static std::unique_ptr<SetValue> CreateFor(std::string_view first);
  // An empty set that starts as an intset (the STORE commands' results).
  static std::unique_ptr<SetValue> CreateIntSet();
  // A set from a serialized intset (RDB), validated.
  static StatusOr<std::unique_ptr<SetValue>> FromIntSetBytes(std::string_view bytes);

  // An empty intset; prefer the factories above.
  SetValue() { new (&intset_) IntSet(); }
  ~SetValue() override;
  SetValue(const SetValue&) = delete;
  SetValue& operator=(const SetValue&) = delete;

  std::unique_ptr<CollectionValue> Clone() const override;
  size_t MemoryUsage() const override;
  Encoding encoding() const override;
  size_t Size() const override;

  // Adds member; false if present. Converts to hashtable as Redis does when
  // member is not an integer or the intset would exceed max_intset_entries.
  bool Add(std::string_view member, size_t max_intset_entries);
  // Removes member; false if absent.
  bool Remove(std::string_view member);
  bool Contains(std::string_view member) const;

  // Calls fn for every member (intsets in ascending order).
  void ForEach(const std::function<void(std::string_view)>& fn) const;
  std::vector<std::string> Members() const;
  // A random member; the set must not be empty.
  std::string RandomMember(Rng& rng);
  // Removes and returns a random member; the set must not be empty.
  std::string PopRandom(Rng& rng);

  // One SSCAN step from cursor: an intset reports everything and returns 0
  // (as Redis does for compact encodings); a hashtable visits buckets until
  // about `count` members were seen or 10*count buckets were visited.
  uint64_t Scan(uint64_t cursor, size_t count, const std::function<void(std::string_view)>& fn);

  // The encodings themselves (RDB writer, tests); nullptr for the other one.
  const IntSet* intset() const { return is_table() ? nullptr : &intset_; }
  const StringSetTable* table() const { return is_table() ? TablePtr() : nullptr; }

  // Turns an intset into a hashtable (no-op for a hashtable).
  void ConvertToHashtable();

 private:
  static constexpr uintptr_t kTableTag = 1;

  // Which union member is live: the table's address is stored with bit 0 set,
  // which an intset's buffer address (malloc-aligned) never has. Read as
  // bytes, which is defined whichever member is live.
  bool is_table() const {
    uintptr_t bits;
    std::memcpy(&bits, &table_, sizeof(bits));
    return (bits & kTableTag) != 0;
  }
  StringSetTable* TablePtr() const {
    return reinterpret_cast<StringSetTable*>(table_ & ~kTableTag);
  }
  IntSet* mutable_intset() { return is_table() ? nullptr : &intset_; }
  StringSetTable& mutable_table() { return *TablePtr(); }
  void SetTable(std::unique_ptr<StringSetTable> table);

  // One pointer-sized word, so a set value is a 16-byte allocation: the
  // intset (its buffer handle) or the table's tagged address.
  union {
    IntSet intset_;
    uintptr_t table_;
  };
};

// Whether s is the canonical text of a 64-bit integer (Redis's
// isSdsRepresentableAsLongLong): members that an intset can hold.
bool SetMemberAsInteger(std::string_view s, int64_t* out);

}  // namespace shoal
