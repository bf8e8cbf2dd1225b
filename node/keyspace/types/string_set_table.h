// StringSetTable: a hash table of distinct byte strings (keys only), the
// "hashtable" encoding of large sets.
//
// Memory is the point. Redis spends a 24-byte dictEntry (a 32-byte jemalloc
// class), an 8-byte bucket slot and a separately allocated sds string per
// member. Here a member is ONE exact-size allocation, in one of two shapes:
//
//   tail entry:   [length: varint, 1-5 bytes][member bytes]
//   linked entry: [next: 8 bytes][length: varint][member bytes]
//
// chained from a power-of-two array of bucket slots. Only an entry with a
// successor in its chain needs a next pointer, and at load factor <= 1 most
// entries are alone in their bucket, so most members cost just their bytes
// plus a one-byte length (a 13-byte member: a 16-byte allocation) and a
// bucket share. Links (bucket slots and next fields) hold the entry's
// address with bit 0 set when the entry has a next field.
//
// Operational behaviour follows Redis's dict, because it is what a
// single-threaded server needs:
//  * Two tables and incremental rehashing. The table grows at load factor 1
//    and shrinks below 10% fill by allocating the new bucket array and then
//    moving a few buckets per insert/erase/lookup, so no operation pays for a
//    whole rehash. Lookups probe both tables meanwhile; inserts go to the new.
//    A moved entry is re-shaped (reallocated) when its new place needs or no
//    longer needs a next field, so the layout stays tight across rehashes.
//  * Scan with a reverse-binary cursor: a member present for the whole scan
//    is reported at least once even if the table grew, shrank or was
//    mid-rehash between calls (members may be reported more than once).
//  * Random members: a random pick among the members of a run of buckets
//    that starts at a random one (Redis's "fair" random key).
//
// A string_view handed out (ForEach, Scan, RandomMember) stays valid until
// the next call that may change the table (Insert, Erase, the non-const
// Contains, RandomMember, RehashSteps): rehashing may move entries.
// Callbacks must not modify the table. Not thread-safe; one owner.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "common/rng.h"

namespace shoal {

class StringSetTable {
 public:
  // The hash seed comes from where the table lives (randomised by ASLR), so
  // colliding members cannot be precomputed for every process and table
  // alike; it is kept, not recomputed, when the table is moved.
  StringSetTable();
  ~StringSetTable() { Clear(); }
  StringSetTable(const StringSetTable& other);
  StringSetTable& operator=(const StringSetTable& other);
  StringSetTable(StringSetTable&& other) noexcept : StringSetTable() { swap(other); }
  StringSetTable& operator=(StringSetTable&& other) noexcept;
  void swap(StringSetTable& other) noexcept;

  size_t Size() const { return t_[0].used + t_[1].used; }
  bool Empty() const { return Size() == 0; }
  // Buckets over both tables (Redis's dictSlots).
  size_t BucketCount() const { return t_[0].size() + t_[1].size(); }
  bool IsRehashing() const { return rehash_idx_ >= 0; }

  // Inserts member; false if it was present.
  bool Insert(std::string_view member);
  // Removes member; false if it was absent.
  bool Erase(std::string_view member);
  // Membership. The non-const form also advances a rehash by one bucket.
  bool Contains(std::string_view member);
  bool Contains(std::string_view member) const;

  // Makes room for n members without further growth (a conversion from the
  // compact encoding knows its size). Starts a rehash when a table exists.
  void Reserve(size_t n);
  // Moves up to n buckets of an ongoing rehash, visiting at most 10*n empty
  // buckets. Returns true while a rehash remains.
  bool RehashSteps(size_t n);
  void Clear();

  // Calls fn(std::string_view) for every member; fn returning false stops.
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    for (const Table& t : t_) {
      for (size_t i = 0; i < t.size(); ++i) {
        for (uintptr_t e = t.buckets[i]; e != 0; e = Next(e)) {
          if (!Call(fn, MemberOf(e))) return;
        }
      }
    }
  }

  // One scan step: calls fn(std::string_view) for the members of the
  // bucket(s) the cursor names and returns the next cursor, 0 when done.
  template <typename Fn>
  uint64_t Scan(uint64_t cursor, Fn&& fn) const {
    if (Empty()) return 0;
    uint64_t v = cursor;
    if (!IsRehashing()) {
      const uint64_t m0 = t_[0].mask();
      VisitBucket(t_[0], v & m0, fn);
      return NextCursor(v, m0);
    }
    const Table* small = &t_[0];
    const Table* large = &t_[1];
    if (small->size() > large->size()) std::swap(small, large);
    const uint64_t m0 = small->mask();
    const uint64_t m1 = large->mask();
    VisitBucket(*small, v & m0, fn);
    // Then every bucket of the larger table the small bucket expands to: they
    // share the low bits of m0 and differ in the bits of m1 ^ m0.
    do {
      VisitBucket(*large, v & m1, fn);
      v = NextCursor(v, m1);
    } while ((v & (m0 ^ m1)) != 0);
    return v;
  }

  // A random member (see the file comment); the table must not be empty.
  std::string_view RandomMember(Rng& rng);

  // Bytes allocated: this object, the bucket arrays and every member.
  size_t AllocatedBytes() const;

 private:
  struct Table {
    std::unique_ptr<uintptr_t[]> buckets;  // links: tagged entry addresses
    int exp = -1;                          // log2 of the bucket count; -1: no array
    size_t used = 0;
    size_t size() const { return exp < 0 ? 0 : size_t{1} << exp; }
    uint64_t mask() const { return exp < 0 ? 0 : size() - 1; }
  };

  static constexpr uintptr_t kHasNext = 1;

  static char* Raw(uintptr_t e) { return reinterpret_cast<char*>(e & ~kHasNext); }
  // The successor of e (0 for none, and for entries without a next field).
  static uintptr_t Next(uintptr_t e);
  // Sets e's next field; e must have one.
  static void SetNext(uintptr_t e, uintptr_t next);
  static std::string_view MemberOf(uintptr_t e);
  static uint64_t NextCursor(uint64_t v, uint64_t mask);
  template <typename Fn>
  static bool Call(Fn& fn, std::string_view m) {
    if constexpr (std::is_same_v<decltype(fn(m)), bool>) {
      return fn(m);
    } else {
      fn(m);
      return true;
    }
  }
  template <typename Fn>
  static void VisitBucket(const Table& t, uint64_t idx, Fn& fn) {
    for (uintptr_t e = t.buckets[idx]; e != 0; e = Next(e)) fn(MemberOf(e));
  }

  uint64_t Hash(std::string_view member) const;
  // The link that points at member's entry, or nullptr; *table (if given)
  // is set to the index of the table holding it.
  uintptr_t* FindLink(std::string_view member, uint64_t h, int* table = nullptr) const;
  // A new entry for member, with a next field (set to 0) when `linked`.
  uintptr_t NewEntry(std::string_view member, bool linked);
  void FreeEntry(uintptr_t e);
  // Places e at the head of the chain in slot *head, re-shaping it first if
  // it has a next field it does not need or lacks one it needs.
  void PushFront(uintptr_t* head, uintptr_t e);
  void GrowIfNeeded();
  void ShrinkIfSparse();
  void ResizeTo(size_t n);
  uintptr_t BucketAt(size_t i) const;

  Table t_[2];
  int64_t rehash_idx_ = -1;
  size_t entry_bytes_ = 0;  // allocated bytes of all member entries
  uint64_t seed_;
};

}  // namespace shoal
