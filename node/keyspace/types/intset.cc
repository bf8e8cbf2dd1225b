// IntSet: see intset.h for the byte layout.

#include "node/keyspace/types/intset.h"

#include <malloc.h>

#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>
#include <string>

namespace shoal {

namespace {

uint32_t LoadU32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) |
         (static_cast<uint32_t>(p[2]) << 16) | (static_cast<uint32_t>(p[3]) << 24);
}

void StoreU32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}

// Little-endian two's complement of `width` bytes, sign-extended.
int64_t LoadInt(const uint8_t* p, uint32_t width) {
  uint64_t u = 0;
  for (uint32_t i = 0; i < width; ++i) u |= static_cast<uint64_t>(p[i]) << (8 * i);
  const uint32_t shift = 64 - 8 * width;
  return static_cast<int64_t>(u << shift) >> shift;
}

void StoreInt(uint8_t* p, uint32_t width, int64_t v) {
  const auto u = static_cast<uint64_t>(v);
  for (uint32_t i = 0; i < width; ++i) p[i] = static_cast<uint8_t>(u >> (8 * i));
}

uint8_t* Allocate(size_t bytes) {
  void* p = std::malloc(bytes);
  if (p == nullptr) throw std::bad_alloc();
  return static_cast<uint8_t*>(p);
}

size_t BufferSize(const uint8_t* buf) {
  return IntSet::kHeaderSize + static_cast<size_t>(LoadU32(buf)) * LoadU32(buf + 4);
}

}  // namespace

uint32_t IntSetWidthFor(int64_t v) {
  if (v >= std::numeric_limits<int16_t>::min() && v <= std::numeric_limits<int16_t>::max()) {
    return 2;
  }
  if (v >= std::numeric_limits<int32_t>::min() && v <= std::numeric_limits<int32_t>::max()) {
    return 4;
  }
  return 8;
}

IntSet::IntSet() : buf_(Allocate(kHeaderSize)) {
  StoreU32(buf_, 2);
  StoreU32(buf_ + 4, 0);
}

IntSet::~IntSet() { std::free(buf_); }

IntSet::IntSet(const IntSet& other) : buf_(Allocate(BufferSize(other.buf_))) {
  std::memcpy(buf_, other.buf_, BufferSize(other.buf_));
}

IntSet& IntSet::operator=(const IntSet& other) {
  if (this != &other) {
    IntSet copy(other);
    std::swap(buf_, copy.buf_);
  }
  return *this;
}

// A moved-from set is left empty (and valid), never without a buffer.
IntSet::IntSet(IntSet&& other) noexcept : IntSet() { std::swap(buf_, other.buf_); }

IntSet& IntSet::operator=(IntSet&& other) noexcept {
  std::swap(buf_, other.buf_);
  return *this;
}

StatusOr<IntSet> IntSet::FromBytes(std::string_view bytes) {
  if (bytes.size() < kHeaderSize) return Status::Error("intset shorter than its header");
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  const uint32_t width = LoadU32(p);
  const uint32_t length = LoadU32(p + 4);
  if (width != 2 && width != 4 && width != 8) return Status::Error("intset with a bad encoding");
  if (bytes.size() != kHeaderSize + static_cast<uint64_t>(width) * length) {
    return Status::Error("intset length does not match its size");
  }
  for (uint32_t i = 1; i < length; ++i) {
    if (LoadInt(p + kHeaderSize + (i - 1) * width, width) >=
        LoadInt(p + kHeaderSize + i * width, width)) {
      return Status::Error("intset elements not strictly ascending");
    }
  }
  uint8_t* buf = Allocate(bytes.size());
  std::memcpy(buf, bytes.data(), bytes.size());
  return IntSet(buf);
}

size_t IntSet::Size() const { return LoadU32(buf_ + 4); }
uint32_t IntSet::Width() const { return LoadU32(buf_); }

int64_t IntSet::Get(size_t i) const {
  const uint32_t w = Width();
  return LoadInt(buf_ + kHeaderSize + i * w, w);
}

void IntSet::SetLength(size_t n) { StoreU32(buf_ + 4, static_cast<uint32_t>(n)); }

std::string_view IntSet::Bytes() const {
  return {reinterpret_cast<const char*>(buf_), BufferSize(buf_)};
}

size_t IntSet::AllocatedBytes() const { return malloc_usable_size(buf_); }

void IntSet::Resize(size_t count, uint32_t width) {
  void* p = std::realloc(buf_, kHeaderSize + count * width);
  if (p == nullptr) throw std::bad_alloc();
  buf_ = static_cast<uint8_t*>(p);
}

bool IntSet::Search(int64_t v, size_t* pos) const {
  size_t lo = 0;
  size_t hi = Size();
  // A value wider than the elements cannot be present (Add upgrades first,
  // so *pos is never used in this case).
  if (IntSetWidthFor(v) > Width()) {
    *pos = 0;
    return false;
  }
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    const int64_t cur = Get(mid);
    if (cur == v) {
      *pos = mid;
      return true;
    }
    if (cur < v) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  *pos = lo;
  return false;
}

bool IntSet::Contains(int64_t v) const {
  size_t pos;
  return Search(v, &pos);
}

void IntSet::Upgrade(uint32_t width) {
  const uint32_t old = Width();
  const size_t n = Size();
  Resize(n, width);
  // Back to front, so no element is overwritten before it is read.
  for (size_t i = n; i-- > 0;) {
    const int64_t v = LoadInt(buf_ + kHeaderSize + i * old, old);
    StoreInt(buf_ + kHeaderSize + i * width, width, v);
  }
  StoreU32(buf_, width);
}

bool IntSet::Add(int64_t v) {
  const uint32_t need = IntSetWidthFor(v);
  if (need > Width()) Upgrade(need);
  size_t pos;
  if (Search(v, &pos)) return false;
  const size_t n = Size();
  const uint32_t w = Width();
  Resize(n + 1, w);
  uint8_t* at = buf_ + kHeaderSize + pos * w;
  std::memmove(at + w, at, (n - pos) * w);
  StoreInt(at, w, v);
  SetLength(n + 1);
  return true;
}

bool IntSet::Remove(int64_t v) {
  size_t pos;
  if (!Search(v, &pos)) return false;
  const size_t n = Size();
  const uint32_t w = Width();
  uint8_t* at = buf_ + kHeaderSize + pos * w;
  std::memmove(at, at + w, (n - pos - 1) * w);
  SetLength(n - 1);
  Resize(n - 1, w);
  return true;
}

}  // namespace shoal
