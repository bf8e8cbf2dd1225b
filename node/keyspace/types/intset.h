// IntSet: Redis's "intset" encoding, byte for byte.
//
// A sorted array of distinct integers, all stored with the width of the
// widest one. RDB files store the encoding as these exact bytes, so the layout
// is Redis's:
//
//   offset 0  encoding  u32 little-endian: 2, 4 or 8 (bytes per element)
//   offset 4  length    u32 little-endian: number of elements
//   offset 8  contents  `length` integers of `encoding` bytes each,
//                       little-endian two's complement, strictly ascending
//
// Adding a value that does not fit the current width upgrades every element
// to the wider width (an upgrade never reverses, as in Redis). The buffer is
// one exact-size allocation, resized on every change as Redis's intset is.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/rng.h"
#include "common/status.h"

namespace shoal {

class IntSet {
 public:
  static constexpr size_t kHeaderSize = 8;

  IntSet();
  ~IntSet();
  IntSet(const IntSet& other);
  IntSet& operator=(const IntSet& other);
  IntSet(IntSet&& other) noexcept;
  IntSet& operator=(IntSet&& other) noexcept;

  // Validates `bytes` as a serialized intset (as found in an RDB file): a
  // known width, a length that matches the size exactly, and strictly
  // ascending elements. Errors describe the first problem found.
  static StatusOr<IntSet> FromBytes(std::string_view bytes);

  // Inserts v; false if it was already present.
  bool Add(int64_t v);
  // Removes v; false if it was absent.
  bool Remove(int64_t v);
  bool Contains(int64_t v) const;

  size_t Size() const;
  // Bytes per element: 2, 4 or 8.
  uint32_t Width() const;
  // The i-th smallest element; i < Size().
  int64_t Get(size_t i) const;
  // A uniformly chosen element; the set must not be empty.
  int64_t Random(Rng& rng) const { return Get(rng.Uniform(Size())); }

  // The serialized form (header and contents), valid until the next change.
  std::string_view Bytes() const;
  // Bytes allocated for the buffer.
  size_t AllocatedBytes() const;

 private:
  // Takes ownership of a validated malloc'd buffer.
  explicit IntSet(uint8_t* buf) : buf_(buf) {}
  // Binary search: true and *pos = index when found; else *pos is where v
  // would be inserted.
  bool Search(int64_t v, size_t* pos) const;
  void Resize(size_t count, uint32_t width);
  void SetLength(size_t n);
  // Rewrites every element at `width` (wider than the current one).
  void Upgrade(uint32_t width);

  uint8_t* buf_;
};

// Smallest intset width (2, 4 or 8 bytes) that holds v.
uint32_t IntSetWidthFor(int64_t v);

}  // namespace shoal
