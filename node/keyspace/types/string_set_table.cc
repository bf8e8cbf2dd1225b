// StringSetTable: see string_set_table.h.

#include "node/keyspace/types/string_set_table.h"

#include <malloc.h>

#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

#include "common/dict.h"

namespace shoal {

namespace {

constexpr int kInitialExp = 2;          // 4 buckets, as Redis's dict
constexpr size_t kMinFillPercent = 10;  // shrink below this fill
constexpr size_t kRandomSample = 20;    // members a random pick chooses among
// Buckets an insert or erase moves along an ongoing rehash (a lookup moves
// one, as in Redis). Finishing sooner shortens the time both bucket arrays
// are allocated: under steady insertion, one step per insert would keep the
// table rehashing almost all the time. Still a small constant per operation.
constexpr size_t kWriteRehashSteps = 4;
constexpr size_t kNextSize = sizeof(uintptr_t);

size_t VarintLength(size_t n) {
  size_t len = 1;
  while (n >= 0x80) {
    n >>= 7;
    ++len;
  }
  return len;
}

// Reverses the bits of a 64-bit word.
uint64_t ReverseBits(uint64_t v) {
  v = ((v >> 1) & 0x5555555555555555ULL) | ((v & 0x5555555555555555ULL) << 1);
  v = ((v >> 2) & 0x3333333333333333ULL) | ((v & 0x3333333333333333ULL) << 2);
  v = ((v >> 4) & 0x0F0F0F0F0F0F0F0FULL) | ((v & 0x0F0F0F0F0F0F0F0FULL) << 4);
  return __builtin_bswap64(v);
}

}  // namespace

// ---------------------------------------------------------------------------
// Entries
// ---------------------------------------------------------------------------

uintptr_t StringSetTable::Next(uintptr_t e) {
  if ((e & kHasNext) == 0) return 0;
  uintptr_t next;
  std::memcpy(&next, Raw(e), kNextSize);
  return next;
}

void StringSetTable::SetNext(uintptr_t e, uintptr_t next) { std::memcpy(Raw(e), &next, kNextSize); }

std::string_view StringSetTable::MemberOf(uintptr_t e) {
  const auto* p = reinterpret_cast<const unsigned char*>(Raw(e));
  if (e & kHasNext) p += kNextSize;
  size_t len = 0;
  int shift = 0;
  while (*p & 0x80) {
    len |= static_cast<size_t>(*p++ & 0x7F) << shift;
    shift += 7;
  }
  len |= static_cast<size_t>(*p++) << shift;
  return {reinterpret_cast<const char*>(p), len};
}

uintptr_t StringSetTable::NewEntry(std::string_view member, bool linked) {
  const size_t header = linked ? kNextSize : 0;
  const size_t bytes = header + VarintLength(member.size()) + member.size();
  auto* raw = static_cast<char*>(std::malloc(bytes));
  if (raw == nullptr) throw std::bad_alloc();
  auto* p = reinterpret_cast<unsigned char*>(raw + header);
  size_t n = member.size();
  while (n >= 0x80) {
    *p++ = static_cast<unsigned char>(n | 0x80);
    n >>= 7;
  }
  *p++ = static_cast<unsigned char>(n);
  if (!member.empty()) std::memcpy(p, member.data(), member.size());
  entry_bytes_ += malloc_usable_size(raw);
  const uintptr_t e = reinterpret_cast<uintptr_t>(raw) | (linked ? kHasNext : 0);
  if (linked) SetNext(e, 0);
  return e;
}

void StringSetTable::FreeEntry(uintptr_t e) {
  entry_bytes_ -= malloc_usable_size(Raw(e));
  std::free(Raw(e));
}

void StringSetTable::PushFront(uintptr_t* head, uintptr_t e) {
  const bool need_next = *head != 0;
  if (need_next != ((e & kHasNext) != 0)) {
    const uintptr_t reshaped = NewEntry(MemberOf(e), need_next);
    FreeEntry(e);
    e = reshaped;
  }
  if (need_next) SetNext(e, *head);
  *head = e;
}

// ---------------------------------------------------------------------------
// Construction
// ---------------------------------------------------------------------------

StringSetTable::StringSetTable()
    : seed_(DictHash()(static_cast<uint64_t>(reinterpret_cast<uintptr_t>(this)))) {}

StringSetTable::StringSetTable(const StringSetTable& other) : StringSetTable() {
  Reserve(other.Size());
  other.ForEach([this](std::string_view m) { Insert(m); });
}

StringSetTable& StringSetTable::operator=(const StringSetTable& other) {
  if (this != &other) {
    StringSetTable copy(other);
    swap(copy);
  }
  return *this;
}

StringSetTable& StringSetTable::operator=(StringSetTable&& other) noexcept {
  if (this != &other) {
    Clear();
    swap(other);
  }
  return *this;
}

void StringSetTable::swap(StringSetTable& other) noexcept {
  std::swap(t_[0], other.t_[0]);
  std::swap(t_[1], other.t_[1]);
  std::swap(rehash_idx_, other.rehash_idx_);
  std::swap(entry_bytes_, other.entry_bytes_);
  std::swap(seed_, other.seed_);
}

void StringSetTable::Clear() {
  for (Table& t : t_) {
    for (size_t i = 0; i < t.size() && t.used > 0; ++i) {
      for (uintptr_t e = t.buckets[i]; e != 0;) {
        const uintptr_t next = Next(e);
        FreeEntry(e);
        --t.used;
        e = next;
      }
    }
    t = Table();
  }
  rehash_idx_ = -1;
}

// ---------------------------------------------------------------------------
// Lookup, insertion, removal
// ---------------------------------------------------------------------------

uint64_t StringSetTable::Hash(std::string_view member) const {
  return HashBytes(member.data(), member.size(), seed_);
}

uintptr_t* StringSetTable::FindLink(std::string_view member, uint64_t h, int* table) const {
  for (int i = 0; i < 2; ++i) {
    const Table& t = t_[i];
    if (t.exp < 0) continue;
    if (table != nullptr) *table = i;
    uintptr_t* link = &t.buckets[h & t.mask()];
    while (*link != 0) {
      if (MemberOf(*link) == member) return link;
      if ((*link & kHasNext) == 0) break;
      link = reinterpret_cast<uintptr_t*>(Raw(*link));  // the next field is at offset 0
    }
  }
  return nullptr;
}

bool StringSetTable::Contains(std::string_view member) {
  if (Empty()) return false;
  if (IsRehashing()) RehashSteps(1);
  return FindLink(member, Hash(member)) != nullptr;
}

bool StringSetTable::Contains(std::string_view member) const {
  return !Empty() && FindLink(member, Hash(member)) != nullptr;
}

bool StringSetTable::Insert(std::string_view member) {
  if (IsRehashing()) RehashSteps(kWriteRehashSteps);
  const uint64_t h = Hash(member);
  if (FindLink(member, h) != nullptr) return false;
  GrowIfNeeded();
  Table& t = IsRehashing() ? t_[1] : t_[0];
  uintptr_t& head = t.buckets[h & t.mask()];
  const uintptr_t e = NewEntry(member, head != 0);
  if (head != 0) SetNext(e, head);
  head = e;
  ++t.used;
  return true;
}

bool StringSetTable::Erase(std::string_view member) {
  if (Empty()) return false;
  if (IsRehashing()) RehashSteps(kWriteRehashSteps);
  const uint64_t h = Hash(member);
  int table = 0;
  uintptr_t* link = FindLink(member, h, &table);
  if (link == nullptr) return false;
  const uintptr_t e = *link;
  // A predecessor keeps its (now possibly null) next field.
  *link = Next(e);
  t_[table].used--;
  FreeEntry(e);
  ShrinkIfSparse();
  return true;
}

// ---------------------------------------------------------------------------
// Sizing and rehashing
// ---------------------------------------------------------------------------

void StringSetTable::ResizeTo(size_t n) {
  int exp = kInitialExp;
  while ((size_t{1} << exp) < n) ++exp;
  Table fresh;
  fresh.exp = exp;
  fresh.buckets.reset(new uintptr_t[size_t{1} << exp]());
  if (t_[0].exp < 0) {
    t_[0] = std::move(fresh);
    return;
  }
  t_[1] = std::move(fresh);
  rehash_idx_ = 0;
}

void StringSetTable::GrowIfNeeded() {
  if (IsRehashing()) return;
  if (t_[0].exp < 0) return ResizeTo(0);
  if (t_[0].used >= t_[0].size()) ResizeTo(t_[0].used + 1);
}

void StringSetTable::ShrinkIfSparse() {
  if (IsRehashing() || t_[0].exp <= kInitialExp) return;
  if (t_[0].used * 100 / t_[0].size() < kMinFillPercent) ResizeTo(t_[0].used);
}

void StringSetTable::Reserve(size_t n) {
  if (IsRehashing() || n <= t_[0].size()) return;
  ResizeTo(n);
}

bool StringSetTable::RehashSteps(size_t n) {
  if (!IsRehashing()) return false;
  size_t empty_visits = n * 10;
  Table& from = t_[0];
  Table& to = t_[1];
  while (n-- > 0 && from.used > 0) {
    while (from.buckets[rehash_idx_] == 0) {
      ++rehash_idx_;
      if (--empty_visits == 0) return true;
    }
    for (uintptr_t e = from.buckets[rehash_idx_]; e != 0;) {
      const uintptr_t next = Next(e);
      PushFront(&to.buckets[Hash(MemberOf(e)) & to.mask()], e);
      --from.used;
      ++to.used;
      e = next;
    }
    from.buckets[rehash_idx_++] = 0;
  }
  if (from.used > 0) return true;
  t_[0] = std::move(t_[1]);
  t_[1] = Table();
  rehash_idx_ = -1;
  // Erasures during a shrink may have left even the new table sparse.
  ShrinkIfSparse();
  return IsRehashing();
}

// ---------------------------------------------------------------------------
// Scan, random members, memory
// ---------------------------------------------------------------------------

// Increments the cursor's bits under `mask` in reverse order, so a bucket's
// index keeps its meaning across table sizes.
uint64_t StringSetTable::NextCursor(uint64_t v, uint64_t mask) {
  v |= ~mask;
  v = ReverseBits(v);
  ++v;
  return ReverseBits(v);
}

uintptr_t StringSetTable::BucketAt(size_t i) const {
  const size_t s0 = t_[0].size();
  return i < s0 ? t_[0].buckets[i] : t_[1].buckets[i - s0];
}

std::string_view StringSetTable::RandomMember(Rng& rng) {
  if (IsRehashing()) RehashSteps(1);
  // Buckets [0, rehash_idx_) of the old table are empty during a rehash.
  const size_t skip = IsRehashing() ? static_cast<size_t>(rehash_idx_) : 0;
  const size_t span = BucketCount() - skip;
  // Collect members from consecutive buckets starting at a random one, then
  // pick among them (as Redis's fair random key): a member's odds no longer
  // depend on how long its chain is. The fill is normally >= 10% (the table
  // shrinks below that), so the walk is short; it is bounded by the table.
  uintptr_t sample[kRandomSample];
  size_t n = 0;
  size_t i = rng.Uniform(span);
  for (size_t visited = 0; visited < span && n < kRandomSample; ++visited) {
    for (uintptr_t e = BucketAt(skip + i); e != 0 && n < kRandomSample; e = Next(e)) {
      sample[n++] = e;
    }
    i = i + 1 == span ? 0 : i + 1;
  }
  return MemberOf(sample[rng.Uniform(n)]);
}

size_t StringSetTable::AllocatedBytes() const {
  return sizeof(*this) + entry_bytes_ + BucketCount() * sizeof(uintptr_t);
}

}  // namespace shoal
