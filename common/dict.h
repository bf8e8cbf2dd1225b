// Dict: the chained hash table under the keyspace and the data types.
//
// Modelled on Redis's dict, because its operational properties are the ones a
// single-threaded data store needs:
//
//  * Separate chaining, power-of-two bucket counts. A node is just
//    {key, value, next}: no cached hash, no per-node allocator header beyond
//    malloc's own, since memory per key is a headline number.
//  * Two tables and INCREMENTAL rehashing. Growing (at load factor 1) or
//    shrinking (below 10% fill) allocates the new table and then moves one
//    bucket per lookup/insert/erase, so no single operation pays for a whole
//    rehash. While rehashing, lookups probe both tables and inserts go to the
//    new one. RehashSteps() lets an idle timer finish the job sooner.
//  * SCAN with a reverse-binary cursor. Scan(cursor, fn) visits one bucket (and,
//    during a rehash, the buckets of the larger table it expands to) and
//    returns the next cursor, 0 when the scan is complete. Incrementing the
//    cursor's bit-reversed value means a bucket index keeps its meaning across
//    table sizes: an element present from the first call to the last is
//    reported at least once even if the table grew, shrank or was mid-rehash
//    between calls. Elements may be reported more than once.
//
// Contract:
//  * Node addresses are stable: rehashing relinks nodes, it never moves them.
//    A Node* (and a pointer into its key or value) stays valid until that
//    node's key is erased, the dict is cleared or destroyed.
//  * Callbacks given to ForEach and Scan must not insert into or erase from
//    the dict (collect, then act).
//  * Lookups are heterogeneous: Find/Erase/TryEmplace take any type Q for
//    which Hash and Eq accept (K, Q); with the defaults a Dict<std::string, V>
//    is queried with std::string_view and never builds a temporary key.
//  * Not thread-safe; one owner.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>

#include "common/rng.h"

namespace shoal {

// ---------------------------------------------------------------------------
// Hashing
// ---------------------------------------------------------------------------
namespace dict_internal {

// Hexadecimal digits of pi: arbitrary odd-ish constants with no structure.
inline constexpr uint64_t kC0 = 0x243F6A8885A308D3ULL;
inline constexpr uint64_t kC1 = 0x13198A2E03707344ULL;
inline constexpr uint64_t kC2 = 0xA4093822299F31D0ULL;
inline constexpr uint64_t kC3 = 0x082EFA98EC4E6C89ULL;

inline uint64_t Load64(const unsigned char* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}
inline uint64_t Load32(const unsigned char* p) {
  uint32_t v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}
// 64x64->128 multiply folded back to 64 bits: one multiply mixes every input
// bit into the middle of the product, the fold brings those bits down.
inline uint64_t MulFold(uint64_t a, uint64_t b) {
  const unsigned __int128 r = static_cast<unsigned __int128>(a) * b;
  return static_cast<uint64_t>(r) ^ static_cast<uint64_t>(r >> 64);
}

}  // namespace dict_internal

// A fast seeded hash of a byte string (multiply-fold, 16 bytes per round).
// Not cryptographic; the seed makes collisions hard to precompute.
inline uint64_t HashBytes(const void* data, size_t len, uint64_t seed) {
  using dict_internal::kC0, dict_internal::kC1, dict_internal::kC2, dict_internal::kC3;
  using dict_internal::Load32, dict_internal::Load64, dict_internal::MulFold;
  const auto* p = static_cast<const unsigned char*>(data);
  const uint64_t secret = MulFold(seed ^ kC0, kC1);
  uint64_t h = seed ^ kC2;
  uint64_t a = 0;
  uint64_t b = 0;
  if (len <= 16) {
    if (len >= 8) {
      a = Load64(p);
      b = Load64(p + len - 8);
    } else if (len >= 4) {
      a = Load32(p);
      b = Load32(p + len - 4);
    } else if (len > 0) {
      a = (uint64_t{p[0]} << 16) | (uint64_t{p[len >> 1]} << 8) | p[len - 1];
    }
  } else {
    size_t n = len;
    while (n > 16) {
      h = MulFold(Load64(p) ^ secret, Load64(p + 8) ^ h);
      p += 16;
      n -= 16;
    }
    a = Load64(p + n - 16);
    b = Load64(p + n - 8);
  }
  return MulFold(secret ^ kC3 ^ len, MulFold(a ^ secret, b ^ h));
}

// Default hasher: strings (anything convertible to std::string_view, so
// std::string and std::string_view hash alike) and integers. The seed is state
// so every owner can pick its own (no process-wide mutable seed).
struct DictHash {
  static constexpr uint64_t kDefaultSeed = 0x5EED5EED5EED5EEDULL;
  uint64_t seed = kDefaultSeed;

  DictHash() = default;
  explicit DictHash(uint64_t s) : seed(s) {}

  uint64_t operator()(std::string_view s) const { return HashBytes(s.data(), s.size(), seed); }
  template <typename T>
  requires(std::is_integral_v<T> || std::is_enum_v<T>) uint64_t operator()(T v) const {
    using dict_internal::MulFold;
    return MulFold(static_cast<uint64_t>(v) ^ seed ^ dict_internal::kC0,
                   dict_internal::kC1 ^ (seed >> 1));
  }
};

// ---------------------------------------------------------------------------
// Dict
// ---------------------------------------------------------------------------
template <typename K, typename V, typename Hash = DictHash, typename Eq = std::equal_to<>>
class Dict {
 public:
  // Exposed so callers can hold a stable handle to an entry. Never change
  // `key` in place (that would break the chain invariant); `value` is theirs.
  struct Node {
    template <typename Q, typename... Args>
    Node(Node* chain, Q&& k, Args&&... args)
        : key(std::forward<Q>(k)), value(std::forward<Args>(args)...), next(chain) {}

    K key;
    V value;
    Node* next;
  };

  explicit Dict(Hash hash = Hash(), Eq eq = Eq()) : hash_(std::move(hash)), eq_(std::move(eq)) {}
  ~Dict() { Clear(); }
  Dict(const Dict&) = delete;
  Dict& operator=(const Dict&) = delete;
  Dict(Dict&& other) noexcept : hash_(other.hash_), eq_(other.eq_) { swap(other); }
  Dict& operator=(Dict&& other) noexcept {
    if (this != &other) {
      Clear();
      swap(other);
    }
    return *this;
  }

  // Exchanges contents (and hashers). O(1); nodes do not move.
  void swap(Dict& other) noexcept {
    using std::swap;
    swap(t_[0], other.t_[0]);
    swap(t_[1], other.t_[1]);
    swap(rehash_idx_, other.rehash_idx_);
    swap(hash_, other.hash_);
    swap(eq_, other.eq_);
  }

  size_t Size() const { return t_[0].used + t_[1].used; }
  bool Empty() const { return Size() == 0; }
  // Buckets allocated over both tables (Redis's dictSlots).
  size_t BucketCount() const { return t_[0].size() + t_[1].size(); }
  bool IsRehashing() const { return rehash_idx_ >= 0; }
  const Hash& hash_function() const { return hash_; }

  // --- Lookup ----------------------------------------------------------------
  // The non-const versions also advance an ongoing rehash by one bucket.
  template <typename Q>
  Node* FindNode(const Q& key) {
    if (Empty()) return nullptr;
    if (IsRehashing()) RehashSteps(1);
    return FindHashed(key, hash_(key));
  }
  template <typename Q>
  const Node* FindNode(const Q& key) const {
    if (Empty()) return nullptr;
    return FindHashed(key, hash_(key));
  }
  template <typename Q>
  V* Find(const Q& key) {
    Node* n = FindNode(key);
    return n ? &n->value : nullptr;
  }
  template <typename Q>
  const V* Find(const Q& key) const {
    const Node* n = FindNode(key);
    return n ? &n->value : nullptr;
  }
  template <typename Q>
  bool Contains(const Q& key) const {
    return FindNode(key) != nullptr;
  }

  // --- Prefetching -----------------------------------------------------------
  // Batched lookups (a pipeline of commands) hide memory latency by touching
  // every key's path one level at a time, so the cache misses of different
  // keys overlap instead of queueing. Each stage only reads what the
  // previous stage brought in; none changes the table.
  uint64_t HashOf(std::string_view key) const { return hash_(key); }
  // Stage 1: the bucket cell(s) for hash h.
  void PrefetchBucket(uint64_t h) const {
    for (const Table& t : t_) {
      if (t.exp >= 0) __builtin_prefetch(&t.buckets[h & t.mask()]);
    }
  }
  // Stage 2: the first node of the chain; returns it (or nullptr).
  const Node* PrefetchChainHead(uint64_t h) const {
    const Node* head = nullptr;
    for (const Table& t : t_) {
      if (t.exp < 0) continue;
      const Node* n = t.buckets[h & t.mask()];
      if (n != nullptr) {
        __builtin_prefetch(n);
        if (head == nullptr) head = n;
      }
    }
    return head;
  }

  // --- Insertion -------------------------------------------------------------
  // Inserts {K(key), V(args...)} unless the key is present. Returns the node
  // holding the key and whether it was inserted. K is built only on insertion.
  template <typename Q, typename... Args>
  std::pair<Node*, bool> TryEmplace(Q&& key, Args&&... args) {
    if (IsRehashing()) RehashSteps(1);
    const uint64_t h = hash_(key);
    if (Node* existing = FindHashed(key, h)) return {existing, false};
    GrowIfNeeded();
    Table& t = IsRehashing() ? t_[1] : t_[0];
    Node*& head = t.buckets[h & t.mask()];
    head = new Node(head, std::forward<Q>(key), std::forward<Args>(args)...);
    ++t.used;
    return {head, true};
  }
  std::pair<Node*, bool> Insert(K key, V value) {
    return TryEmplace(std::move(key), std::move(value));
  }
  // Inserts or overwrites the value. Returns the node.
  template <typename Q>
  Node* InsertOrAssign(Q&& key, V value) {
    auto [node, inserted] = TryEmplace(std::forward<Q>(key), std::move(value));
    // TryEmplace consumes its arguments only when it inserts.
    // NOLINTNEXTLINE(bugprone-use-after-move)
    if (!inserted) node->value = std::move(value);
    return node;
  }

  // --- Removal ---------------------------------------------------------------
  template <typename Q>
  bool Erase(const Q& key) {
    Node* n = Unlink(key);
    if (n == nullptr) return false;
    delete n;
    AfterRemoval();
    return true;
  }
  // Removes the key and hands its value back.
  template <typename Q>
  std::optional<V> Extract(const Q& key) {
    Node* n = Unlink(key);
    if (n == nullptr) return std::nullopt;
    std::optional<V> out(std::move(n->value));
    delete n;
    AfterRemoval();
    return out;
  }
  // Frees every node and both tables.
  void Clear() {
    for (Table& t : t_) {
      for (size_t i = 0; i < t.size() && t.used > 0; ++i) {
        for (Node* n = t.buckets[i]; n != nullptr;) {
          Node* next = n->next;
          delete n;
          --t.used;
          n = next;
        }
      }
      t = Table();
    }
    rehash_idx_ = -1;
  }

  // --- Sizing ----------------------------------------------------------------
  // Makes room for n elements without further growth (used when the final
  // size is known, e.g. while loading). Starts a rehash if a table exists.
  void Reserve(size_t n) {
    if (IsRehashing() || n <= t_[0].size()) return;
    ResizeTo(n);
  }
  // Moves up to n buckets of an ongoing rehash, visiting at most 10*n empty
  // buckets so the call stays bounded. Returns true while a rehash remains.
  bool RehashSteps(size_t n) {
    if (!IsRehashing()) return false;
    size_t empty_visits = n * 10;
    Table& from = t_[0];
    Table& to = t_[1];
    while (n-- > 0 && from.used > 0) {
      while (from.buckets[rehash_idx_] == nullptr) {
        ++rehash_idx_;
        if (--empty_visits == 0) return true;
      }
      for (Node* node = from.buckets[rehash_idx_]; node != nullptr;) {
        Node* next = node->next;
        Node*& head = to.buckets[hash_(node->key) & to.mask()];
        node->next = head;
        head = node;
        --from.used;
        ++to.used;
        node = next;
      }
      from.buckets[rehash_idx_++] = nullptr;
    }
    if (from.used > 0) return true;
    t_[0] = std::move(t_[1]);
    t_[1] = Table();
    rehash_idx_ = -1;
    // Erasures during a shrink may have left even the new table sparse.
    ShrinkIfSparse();
    return IsRehashing();
  }

  // --- Traversal -------------------------------------------------------------
  // Calls fn(const K&, V&) for every entry. If fn returns bool, false stops.
  template <typename Fn>
  void ForEach(Fn&& fn) {
    ForEachImpl<Node>(this, fn);
  }
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    ForEachImpl<const Node>(this, fn);
  }

  // One SCAN step: calls fn(const K&, V&) for the entries of the bucket(s)
  // the cursor names and returns the next cursor; 0 means the scan is done.
  // Start with cursor 0. See the file comment for the guarantee.
  template <typename Fn>
  uint64_t Scan(uint64_t cursor, Fn&& fn) {
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
    // Then every bucket of the larger table that the small bucket expands to:
    // they share the low bits of m0 and differ in the bits of m1 ^ m0.
    do {
      VisitBucket(*large, v & m1, fn);
      v = NextCursor(v, m1);
    } while ((v & (m0 ^ m1)) != 0);
    return v;
  }

  // A random entry: a random non-empty bucket, then a random node of its
  // chain (entries in short chains are slightly favoured, as in Redis).
  // nullptr when empty.
  Node* RandomNode(Rng& rng) {
    if (Empty()) return nullptr;
    if (IsRehashing()) RehashSteps(1);
    // Buckets [0, rehash_idx_) of the old table are empty during a rehash.
    const size_t skip = IsRehashing() ? static_cast<size_t>(rehash_idx_) : 0;
    const size_t span = BucketCount() - skip;
    Node* head = nullptr;
    // The fill is normally >= 10% (we shrink below that), so a few probes
    // suffice; the linear walk only bounds the unlucky case.
    for (int probe = 0; probe < kRandomProbes && head == nullptr; ++probe) {
      head = BucketAt(skip + rng.Uniform(span));
    }
    if (head == nullptr) {
      const size_t start = rng.Uniform(span);
      for (size_t i = 0; i < span && head == nullptr; ++i) {
        head = BucketAt(skip + (start + i) % span);
      }
    }
    size_t len = 0;
    for (Node* n = head; n != nullptr; n = n->next) ++len;
    size_t pick = rng.Uniform(len);
    Node* n = head;
    while (pick-- > 0) n = n->next;
    return n;
  }

 private:
  static constexpr int8_t kInitialExp = 2;  // 4 buckets, as Redis
  static constexpr int kRandomProbes = 100;
  // Shrink when fewer than 1 in kMinFillRatio buckets' worth of elements.
  static constexpr size_t kMinFillRatio = 10;

  struct Table {
    std::unique_ptr<Node*[]> buckets;
    size_t used = 0;
    int8_t exp = -1;  // log2(bucket count); -1 when unallocated
    size_t size() const { return exp < 0 ? 0 : size_t{1} << exp; }
    uint64_t mask() const { return exp < 0 ? 0 : (uint64_t{1} << exp) - 1; }
  };

  template <typename Q>
  Node* FindHashed(const Q& key, uint64_t h) const {
    for (int i = 0; i < 2; ++i) {
      const Table& t = t_[i];
      if (t.size() == 0) break;
      for (Node* n = t.buckets[h & t.mask()]; n != nullptr; n = n->next) {
        if (eq_(n->key, key)) return n;
      }
      if (!IsRehashing()) break;
    }
    return nullptr;
  }

  // Takes the key's node out of its chain without freeing it.
  template <typename Q>
  Node* Unlink(const Q& key) {
    if (Empty()) return nullptr;
    if (IsRehashing()) RehashSteps(1);
    const uint64_t h = hash_(key);
    for (int i = 0; i < 2; ++i) {
      Table& t = t_[i];
      if (t.size() == 0) break;
      for (Node** link = &t.buckets[h & t.mask()]; *link != nullptr; link = &(*link)->next) {
        Node* n = *link;
        if (eq_(n->key, key)) {
          *link = n->next;
          --t.used;
          return n;
        }
      }
      if (!IsRehashing()) break;
    }
    return nullptr;
  }

  // Releases an empty dict's tables; starts shrinking a sparse one.
  void AfterRemoval() {
    if (Empty()) {
      Clear();
      return;
    }
    ShrinkIfSparse();
  }

  void ShrinkIfSparse() {
    if (IsRehashing()) return;
    const Table& t = t_[0];
    if (t.exp > kInitialExp && t.used * kMinFillRatio < t.size()) ResizeTo(t.used);
  }

  void GrowIfNeeded() {
    if (IsRehashing()) return;
    if (t_[0].size() == 0) {
      ResizeTo(0);
    } else if (t_[0].used >= t_[0].size()) {
      ResizeTo(t_[0].used + 1);
    }
  }

  // Allocates a table of the smallest power of two >= max(n, 4). Without a
  // current table it becomes the main one; otherwise a rehash into it starts.
  void ResizeTo(size_t n) {
    int8_t exp = kInitialExp;
    while ((size_t{1} << exp) < n) ++exp;
    if (exp == t_[0].exp) return;
    Table fresh;
    fresh.exp = exp;
    fresh.buckets = std::make_unique<Node*[]>(fresh.size());
    if (t_[0].size() == 0) {
      t_[0] = std::move(fresh);
      return;
    }
    t_[1] = std::move(fresh);
    rehash_idx_ = 0;
  }

  Node* BucketAt(size_t i) const {
    const size_t s0 = t_[0].size();
    return i < s0 ? t_[0].buckets[i] : t_[1].buckets[i - s0];
  }

  template <typename Fn>
  static void VisitBucket(const Table& t, uint64_t idx, Fn& fn) {
    for (Node* n = t.buckets[idx]; n != nullptr;) {
      Node* next = n->next;
      fn(static_cast<const K&>(n->key), n->value);
      n = next;
    }
  }

  // Increments the cursor's bits under `mask` in bit-reversed order (the high
  // bit of the index first), leaving bits above the mask clear.
  static uint64_t NextCursor(uint64_t v, uint64_t mask) {
    v |= ~mask;
    v = ReverseBits(v);
    ++v;
    return ReverseBits(v);
  }
  static uint64_t ReverseBits(uint64_t v) {
    v = ((v >> 1) & 0x5555555555555555ULL) | ((v & 0x5555555555555555ULL) << 1);
    v = ((v >> 2) & 0x3333333333333333ULL) | ((v & 0x3333333333333333ULL) << 2);
    v = ((v >> 4) & 0x0F0F0F0F0F0F0F0FULL) | ((v & 0x0F0F0F0F0F0F0F0FULL) << 4);
    v = ((v >> 8) & 0x00FF00FF00FF00FFULL) | ((v & 0x00FF00FF00FF00FFULL) << 8);
    v = ((v >> 16) & 0x0000FFFF0000FFFFULL) | ((v & 0x0000FFFF0000FFFFULL) << 16);
    return (v >> 32) | (v << 32);
  }

  template <typename N, typename Self, typename Fn>
  static void ForEachImpl(Self* self, Fn& fn) {
    for (int i = 0; i < 2; ++i) {
      const Table& t = self->t_[i];
      for (size_t b = 0; b < t.size(); ++b) {
        for (N* n = t.buckets[b]; n != nullptr; n = n->next) {
          if constexpr (std::is_same_v<decltype(fn(n->key, n->value)), bool>) {
            if (!fn(static_cast<const K&>(n->key), n->value)) return;
          } else {
            fn(static_cast<const K&>(n->key), n->value);
          }
        }
      }
    }
  }

  Table t_[2];
  // Next bucket of t_[0] to move into t_[1]; -1 when not rehashing.
  int64_t rehash_idx_ = -1;
  [[no_unique_address]] Hash hash_;
  [[no_unique_address]] Eq eq_;
};

}  // namespace shoal
