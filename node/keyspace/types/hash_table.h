// CompactTable: the memory-lean string table behind large hashes (and, with
// kWithValues = false, large sets).
//
// Why not Dict<std::string, std::string>: a std::string is 32 bytes before
// its heap block, and a generic node adds a next pointer and allocator slack.
// Here every element is ONE exact-size allocation:
//
//   <link:8> [<key-len:varint> [<value-len:varint>]] <key bytes> [<value bytes>]
//
// The link word holds the next element of the chain in bits 1..47 (user
// space addresses fit 47 bits on x86-64 and AArch64). When the lengths are
// short (key and value under 256 bytes; a set's key under 65536) they live in
// its top 16 bits and bit 0 is set; otherwise the varints follow the link (7
// bits a byte, low group first, high bit = "more follows"). So a field of 12
// bytes with a value of 12 bytes takes a 32-byte block where Redis spends a
// 32-byte dictEntry plus two 16-byte sds strings. The bucket array grows at
// load factor 2 (Redis: 1), halving its share per element for one extra
// short chain step on lookups.
//
// Operational properties follow Redis's dict:
//  * Two bucket arrays and INCREMENTAL rehashing: growth or shrinkage
//    allocates the new array and then every lookup, insert and erase moves
//    one bucket (and skips at most ten empty ones), so no command pays for a
//    whole rehash.
//  * Scan(cursor) with a reverse-binary cursor: an element present for the
//    whole scan is reported at least once although the table may grow,
//    shrink or be mid-rehash between calls (it may be reported twice).
//  * Random() picks uniformly (a random bucket and chain position, retried
//    until the position holds an element).
//  * AllocatedBytes() is exact: every block is counted with the allocator's
//    usable size (malloc_usable_size), kept as a running total.
//
// Contract: element pointers stay valid until that element is erased or its
// value overwritten (which may move it to a new block), or the table is
// cleared; callbacks of ForEach/Scan must not modify the table. Not
// thread-safe.
#pragma once

#include <malloc.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string_view>
#include <utility>

#include "common/dict.h"
#include "common/rng.h"

namespace shoal {

namespace compact_table_internal {

inline size_t VarintLen(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

inline size_t PutVarint(unsigned char* p, uint64_t v) {
  size_t n = 0;
  while (v >= 0x80) {
    p[n++] = static_cast<unsigned char>(v | 0x80);
    v >>= 7;
  }
  p[n++] = static_cast<unsigned char>(v);
  return n;
}

inline uint64_t GetVarint(const unsigned char* p, size_t* len) {
  uint64_t v = 0;
  size_t n = 0;
  int shift = 0;
  while (true) {
    const unsigned char b = p[n++];
    v |= static_cast<uint64_t>(b & 0x7F) << shift;
    if ((b & 0x80) == 0) break;
    shift += 7;
  }
  *len = n;
  return v;
}

inline uint64_t ReverseBits(uint64_t v) {
  v = ((v >> 1) & 0x5555555555555555ULL) | ((v & 0x5555555555555555ULL) << 1);
  v = ((v >> 2) & 0x3333333333333333ULL) | ((v & 0x3333333333333333ULL) << 2);
  v = ((v >> 4) & 0x0F0F0F0F0F0F0F0FULL) | ((v & 0x0F0F0F0F0F0F0F0FULL) << 4);
  return __builtin_bswap64(v);
}

}  // namespace compact_table_internal

template <bool kWithValues>
class CompactTable {
 public:
  // One element: an opaque block read through Key()/Value().
  struct Entry {
    uintptr_t link;  // next element | inline lengths (see the file comment)
    // Followed by the varint lengths (unless inline) and the bytes.
  };

  static constexpr size_t kInitialBuckets = 4;
  static constexpr size_t kMaxLoad = 2;       // grow when size >= kMaxLoad * buckets
  static constexpr size_t kMinFillPct = 10;   // shrink when under 10% of the buckets
  static constexpr int kEmptyVisits = 10;     // per rehash step, as Redis

  explicit CompactTable(uint64_t seed = DictHash::kDefaultSeed) : seed_(seed) {}
  ~CompactTable() { Clear(); }
  CompactTable(const CompactTable& other) : seed_(other.seed_) {
    Reserve(other.size());
    other.ForEach([this](const Entry* e) { Upsert(Key(e), Value(e), /*overwrite=*/true); });
  }
  CompactTable& operator=(const CompactTable&) = delete;

  // --- Element access --------------------------------------------------------
  static std::string_view Key(const Entry* e) {
    const Layout l = LayoutOf(e);
    return {reinterpret_cast<const char*>(l.bytes), l.klen};
  }
  static std::string_view Value(const Entry* e) {
    if constexpr (!kWithValues) {
      return {};
    } else {
      const Layout l = LayoutOf(e);
      return {reinterpret_cast<const char*>(l.bytes + l.klen), l.vlen};
    }
  }

  // --- Whole table -----------------------------------------------------------
  size_t size() const { return t_[0].used + t_[1].used; }
  bool empty() const { return size() == 0; }
  size_t bucket_count() const { return t_[0].size + t_[1].size; }
  bool IsRehashing() const { return rehash_idx_ >= 0; }
  // Heap bytes held: element blocks and bucket arrays (not this object).
  size_t AllocatedBytes() const { return entry_bytes_ + BucketBytes(t_[0]) + BucketBytes(t_[1]); }

  // Sizes the bucket array for n elements up front (conversion from a compact
  // encoding knows its count). Only when empty and not rehashing.
  void Reserve(size_t n) {
    if (!empty() || IsRehashing()) return;
    FreeBuckets(t_[0]);
    AllocBuckets(t_[0], BucketsFor(n));
  }

  void Clear() {
    for (Table& t : t_) {
      for (size_t i = 0; i < t.size; ++i) {
        Entry* e = Target(t.buckets[i]);
        while (e != nullptr) {
          Entry* next = Next(e);
          FreeEntry(e);
          e = next;
        }
      }
      FreeBuckets(t);
    }
    rehash_idx_ = -1;
  }

  // --- Lookups and changes (each moves one bucket along a rehash) -----------
  const Entry* Find(std::string_view key) {
    Step();
    return const_cast<const CompactTable*>(this)->FindConst(key);
  }
  // The same without rehash work (const contexts).
  const Entry* FindConst(std::string_view key) const {
    if (size() == 0) return nullptr;
    const uint64_t h = Hash(key);
    for (int i = 0; i < 2; ++i) {
      const Table& t = t_[i];
      if (t.size == 0) continue;
      for (const Entry* e = Target(t.buckets[h & (t.size - 1)]); e != nullptr; e = Next(e)) {
        if (Key(e) == key) return e;
      }
      if (!IsRehashing()) break;
    }
    return nullptr;
  }

  // Inserts key (with value), or, when present and `overwrite`, replaces its
  // value. Returns true when the key was new.
  bool Upsert(std::string_view key, std::string_view value, bool overwrite) {
    Step();
    const uint64_t h = Hash(key);
    uintptr_t* link = FindLink(key, h);
    if (Target(*link) != nullptr) {
      if (overwrite && kWithValues) ReplaceValue(link, key, value);
      return false;
    }
    GrowIfNeeded();
    Table& t = t_[IsRehashing() ? 1 : 0];
    uintptr_t& head = t.buckets[h & (t.size - 1)];
    Entry* e = NewEntry(key, value);
    Retarget(&e->link, Target(head));
    Retarget(&head, e);
    ++t.used;
    return true;
  }
  bool Insert(std::string_view key) { return Upsert(key, {}, false); }

  // Removes key; returns false when absent. May start a shrink.
  bool Erase(std::string_view key) {
    Step();
    uintptr_t* link = FindLink(key, Hash(key));
    Entry* e = Target(*link);
    if (e == nullptr) return false;
    Retarget(link, Next(e));
    --TableOf(key).used;
    FreeEntry(e);
    ShrinkIfNeeded();
    return true;
  }

  // --- Iteration ---------------------------------------------------------------
  // fn(const Entry*) for every element; fn must not modify the table.
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    for (const Table& t : t_) {
      for (size_t i = 0; i < t.size; ++i) {
        for (const Entry* e = Target(t.buckets[i]); e != nullptr; e = Next(e)) fn(e);
      }
    }
  }

  // One SCAN step (Redis's dictScan): reports the elements of the bucket(s)
  // the cursor names and returns the next cursor, 0 when the scan is done.
  template <typename Fn>
  uint64_t Scan(uint64_t v, Fn&& fn) const {
    if (size() == 0) return 0;
    auto emit = [&fn](const Table& t, uint64_t idx) {
      for (const Entry* e = Target(t.buckets[idx & (t.size - 1)]); e != nullptr; e = Next(e)) {
        fn(e);
      }
    };
    if (!IsRehashing()) {
      const uint64_t m0 = t_[0].size - 1;
      emit(t_[0], v);
      return NextCursor(v, m0);
    }
    // Visit the bucket of the smaller table, then every bucket of the larger
    // one that expands from it.
    const Table* small = &t_[0];
    const Table* large = &t_[1];
    if (small->size > large->size) std::swap(small, large);
    const uint64_t m0 = small->size - 1;
    const uint64_t m1 = large->size - 1;
    emit(*small, v);
    do {
      emit(*large, v);
      v = NextCursor(v, m1);
    } while ((v & (m0 ^ m1)) != 0);
    return v;
  }

  // A random element (nullptr when empty), uniformly: a random bucket and a
  // random position below kFairChain in it, retried until that position
  // holds an element, so a long chain's elements are not disfavoured.
  const Entry* Random(Rng& rng) {
    if (size() == 0) return nullptr;
    Step();
    const uint64_t n = VirtualBuckets();
    for (int attempt = 0; attempt < kRandomAttempts; ++attempt) {
      Entry* e = BucketAt(rng.Uniform(n));
      for (uint64_t j = rng.Uniform(kFairChain); e != nullptr && j > 0; --j) e = Next(e);
      if (e != nullptr) return e;
    }
    // Unlucky or very sparse: the first non-empty bucket from a random
    // start, then a uniform pick along its chain.
    Entry* head = nullptr;
    for (uint64_t i = 0, at = rng.Uniform(n); head == nullptr && i < n; ++i) {
      head = BucketAt((at + i) % n);
    }
    size_t len = 0;
    for (Entry* e = head; e != nullptr; e = Next(e)) ++len;
    Entry* e = head;
    for (uint64_t skip = rng.Uniform(len); skip > 0; --skip) e = Next(e);
    return e;
  }

  // Moves up to n buckets of an ongoing rehash; returns true while more
  // remain (an idle timer or a test can drive it).
  bool RehashSteps(int n) {
    for (int i = 0; i < n && IsRehashing(); ++i) RehashOneBucket();
    return IsRehashing();
  }

 private:
  struct Table {
    uintptr_t* buckets = nullptr;  // link words without length bits
    size_t size = 0;  // power of two, or 0
    size_t used = 0;
  };
  static constexpr int kRandomAttempts = 1000;
  static constexpr uint64_t kFairChain = 8;

  // --- Link words ------------------------------------------------------------
  static constexpr uintptr_t kInlineLengths = 1;
  static constexpr uintptr_t kPointerMask = 0x0000FFFFFFFFFFFEULL;
  static constexpr int kLengthShift = 48;
  // Largest lengths kept in the link word.
  static constexpr size_t kInlineKeyMax = kWithValues ? 255 : 65535;
  static constexpr size_t kInlineValueMax = kWithValues ? 255 : 0;

  static Entry* Target(uintptr_t word) { return reinterpret_cast<Entry*>(word & kPointerMask); }
  static Entry* Next(const Entry* e) { return Target(e->link); }
  // Points *word at e, keeping its other bits.
  static void Retarget(uintptr_t* word, const Entry* e) {
    *word = (*word & ~kPointerMask) | reinterpret_cast<uintptr_t>(e);
  }

  struct Layout {
    const unsigned char* bytes;  // key, then value
    size_t klen;
    size_t vlen;
  };
  static Layout LayoutOf(const Entry* e) {
    const unsigned char* p = reinterpret_cast<const unsigned char*>(e) + sizeof(Entry);
    if ((e->link & kInlineLengths) != 0) {
      const uintptr_t lens = e->link >> kLengthShift;
      if constexpr (kWithValues) return {p, lens & 0xFF, lens >> 8};
      return {p, lens, 0};
    }
    size_t n = 0;
    const size_t klen = compact_table_internal::GetVarint(p, &n);
    p += n;
    size_t vlen = 0;
    if constexpr (kWithValues) {
      vlen = compact_table_internal::GetVarint(p, &n);
      p += n;
    }
    return {p, klen, vlen};
  }
  static bool FitsInline(size_t klen, size_t vlen) {
    return klen <= kInlineKeyMax && vlen <= kInlineValueMax;
  }
  // Bytes of the length header that follows the link word.
  static size_t HeaderBytes(size_t klen, size_t vlen) {
    using compact_table_internal::VarintLen;
    if (FitsInline(klen, vlen)) return 0;
    return VarintLen(klen) + (kWithValues ? VarintLen(vlen) : 0);
  }

  uint64_t Hash(std::string_view key) const { return HashBytes(key.data(), key.size(), seed_); }

  static uint64_t NextCursor(uint64_t v, uint64_t mask) {
    using compact_table_internal::ReverseBits;
    v |= ~mask;
    v = ReverseBits(v);
    ++v;
    return ReverseBits(v);
  }

  static size_t BucketsFor(size_t n) {
    size_t s = kInitialBuckets;
    while (s * kMaxLoad <= n) s <<= 1;
    return s;
  }

  static size_t BucketBytes(const Table& t) {
    return t.buckets == nullptr ? 0 : malloc_usable_size(t.buckets);
  }
  static void AllocBuckets(Table& t, size_t n) {
    void* p = std::calloc(n, sizeof(uintptr_t));
    if (p == nullptr) throw std::bad_alloc();
    t.buckets = static_cast<uintptr_t*>(p);
    t.size = n;
    t.used = 0;
  }
  static void FreeBuckets(Table& t) {
    std::free(t.buckets);
    t = Table();
  }

  Entry* NewEntry(std::string_view key, std::string_view value) {
    using compact_table_internal::PutVarint;
    const size_t vlen = kWithValues ? value.size() : 0;
    const size_t bytes = sizeof(Entry) + HeaderBytes(key.size(), vlen) + key.size() + vlen;
    void* block = std::malloc(bytes);
    if (block == nullptr) throw std::bad_alloc();
    // Link words keep addresses in bits 1..47 (malloc aligns to at least 8).
    if ((reinterpret_cast<uintptr_t>(block) & ~kPointerMask) != 0) std::abort();
    entry_bytes_ += malloc_usable_size(block);
    Entry* e = static_cast<Entry*>(block);
    unsigned char* p = reinterpret_cast<unsigned char*>(e) + sizeof(Entry);
    if (FitsInline(key.size(), vlen)) {
      const uintptr_t lens = kWithValues ? (key.size() | (vlen << 8)) : key.size();
      e->link = kInlineLengths | (lens << kLengthShift);
    } else {
      e->link = 0;
      p += PutVarint(p, key.size());
      if constexpr (kWithValues) p += PutVarint(p, vlen);
    }
    std::memcpy(p, key.data(), key.size());
    if constexpr (kWithValues) std::memcpy(p + key.size(), value.data(), vlen);
    return e;
  }
  void FreeEntry(Entry* e) {
    entry_bytes_ -= malloc_usable_size(e);
    std::free(e);
  }

  // Overwrites the value of *link's element: in place when the block's size
  // class has room and the length header keeps its form and width (only
  // inline lengths are rewritten in place), else a new block takes its
  // place in the chain.
  void ReplaceValue(uintptr_t* link, std::string_view key, std::string_view value) {
    Entry* old = Target(*link);
    const size_t header = HeaderBytes(key.size(), value.size());
    const size_t need = sizeof(Entry) + header + key.size() + value.size();
    const size_t usable = malloc_usable_size(old);
    // In place when it fits and the block is not much larger than needed
    // (a shrunk value should not keep a large block).
    const bool close_fit = usable - need < 16 || need * 4 > usable * 3;
    const bool inline_both = (old->link & kInlineLengths) != 0 && header == 0;
    if (need <= usable && close_fit && inline_both) {
      const uintptr_t lens = key.size() | (value.size() << 8);
      old->link = (old->link & kPointerMask) | kInlineLengths | (lens << kLengthShift);
      unsigned char* p = reinterpret_cast<unsigned char*>(old) + sizeof(Entry);
      std::memmove(p + key.size(), value.data(), value.size());
      return;
    }
    Entry* e = NewEntry(key, value);
    Retarget(&e->link, Next(old));
    Retarget(link, e);
    FreeEntry(old);
  }

  // The link word (bucket head or a predecessor's link) that points at
  // key's element, or the one ending its chain (target nullptr).
  uintptr_t* FindLink(std::string_view key, uint64_t h) {
    uintptr_t* tail = nullptr;
    for (int i = 0; i < 2; ++i) {
      Table& t = t_[i];
      if (t.size == 0) continue;
      uintptr_t* link = &t.buckets[h & (t.size - 1)];
      while (Target(*link) != nullptr) {
        if (Key(Target(*link)) == key) return link;
        link = &Target(*link)->link;
      }
      tail = link;
      if (!IsRehashing()) break;
    }
    if (tail == nullptr) {  // no buckets yet
      AllocBuckets(t_[0], kInitialBuckets);
      tail = &t_[0].buckets[h & (t_[0].size - 1)];
    }
    return tail;
  }

  // The table holding key (which is present): during a rehash, buckets of
  // table 0 below the rehash index have moved to table 1.
  Table& TableOf(std::string_view key) {
    if (!IsRehashing()) return t_[0];
    const uint64_t idx = Hash(key) & (t_[0].size - 1);
    return idx < static_cast<uint64_t>(rehash_idx_) ? t_[1] : t_[0];
  }

  void GrowIfNeeded() {
    if (IsRehashing()) return;
    if (t_[0].used + 1 > t_[0].size * kMaxLoad) StartRehash(t_[0].size * 2);
  }
  void ShrinkIfNeeded() {
    if (IsRehashing() || t_[0].size <= kInitialBuckets) return;
    if (t_[0].used * 100 / t_[0].size >= kMinFillPct) return;
    size_t target = kInitialBuckets;
    while (target < t_[0].used) target <<= 1;
    if (target < t_[0].size) StartRehash(target);
  }
  void StartRehash(size_t buckets) {
    AllocBuckets(t_[1], buckets);
    rehash_idx_ = 0;
  }

  void Step() {
    if (IsRehashing()) RehashOneBucket();
  }
  // Moves the next non-empty bucket of table 0 (skipping at most
  // kEmptyVisits empty ones); finishes the rehash when table 0 is drained.
  void RehashOneBucket() {
    Table& from = t_[0];
    Table& to = t_[1];
    int empty_visits = kEmptyVisits;
    while (static_cast<size_t>(rehash_idx_) < from.size && from.buckets[rehash_idx_] == 0) {
      ++rehash_idx_;
      if (--empty_visits == 0) return;
    }
    if (static_cast<size_t>(rehash_idx_) < from.size) {
      Entry* e = Target(from.buckets[rehash_idx_]);
      while (e != nullptr) {
        Entry* next = Next(e);
        uintptr_t& head = to.buckets[Hash(Key(e)) & (to.size - 1)];
        Retarget(&e->link, Target(head));
        Retarget(&head, e);
        --from.used;
        ++to.used;
        e = next;
      }
      from.buckets[rehash_idx_] = 0;
      ++rehash_idx_;
    }
    if (from.used == 0 && static_cast<size_t>(rehash_idx_) >= from.size) {
      FreeBuckets(from);
      from = to;
      to = Table();
      rehash_idx_ = -1;
      // Erasures during a long shrink may have left the new table sparse.
      ShrinkIfNeeded();
    }
  }

  // Random(): table 0's unmoved buckets and table 1's as one index space.
  uint64_t VirtualBuckets() const { return t_[0].size + t_[1].size; }
  Entry* BucketAt(uint64_t i) const {
    if (i < t_[0].size) {
      if (IsRehashing() && i < static_cast<uint64_t>(rehash_idx_)) return nullptr;
      return Target(t_[0].buckets[i]);
    }
    return Target(t_[1].buckets[i - t_[0].size]);
  }

  Table t_[2];
  int64_t rehash_idx_ = -1;  // next bucket of t_[0] to move; -1: not rehashing
  size_t entry_bytes_ = 0;   // usable bytes of all element blocks
  uint64_t seed_;
};

// Field -> value (hashes) and member-only (sets).
using CompactStringMap = CompactTable<true>;
using CompactStringSet = CompactTable<false>;

}  // namespace shoal
