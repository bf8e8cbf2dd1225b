#include "node/commands/bit_ops.h"

#include <bit>
#include <cstring>
#include <limits>

#include "common/strutil.h"

namespace shoal::bitops {

namespace {

Status Err(std::string_view text) { return Status::Error(std::string(text)); }

// Byte and in-byte shift of a bit offset (bit 0 is the byte's MSB).
inline uint64_t ByteOf(uint64_t offset) { return offset >> 3; }
inline int ShiftOf(uint64_t offset) { return 7 - static_cast<int>(offset & 7); }

}  // namespace

StatusOr<uint64_t> ParseBitOffset(std::string_view arg, int hash_bits, int64_t max_bulk_len) {
  const bool hashed = hash_bits > 0 && !arg.empty() && arg[0] == '#';
  if (hashed) arg.remove_prefix(1);
  int64_t offset = 0;
  if (!ParseInt64(arg, &offset)) return Err(kBitOffsetError);
  if (hashed && __builtin_mul_overflow(offset, static_cast<int64_t>(hash_bits), &offset)) {
    return Err(kBitOffsetError);
  }
  if (offset < 0 || (offset >> 3) >= max_bulk_len) return Err(kBitOffsetError);
  return static_cast<uint64_t>(offset);
}

StatusOr<FieldType> ParseFieldType(std::string_view arg) {
  FieldType t;
  if (arg.empty() || (arg[0] != 'i' && arg[0] != 'u')) return Err(kBitfieldTypeError);
  t.is_signed = arg[0] == 'i';
  int64_t bits = 0;
  if (!ParseInt64(arg.substr(1), &bits) || bits < 1 || bits > (t.is_signed ? 64 : 63)) {
    return Err(kBitfieldTypeError);
  }
  t.bits = static_cast<int>(bits);
  return t;
}

uint64_t GetUnsigned(const uint8_t* p, uint64_t offset, int bits) {
  uint64_t value = 0;
  for (int i = 0; i < bits; ++i, ++offset) {
    value = (value << 1) | ((p[ByteOf(offset)] >> ShiftOf(offset)) & 1);
  }
  return value;
}

int64_t GetSigned(const uint8_t* p, uint64_t offset, int bits) {
  uint64_t value = GetUnsigned(p, offset, bits);
  // Sign-extend from the field's top bit.
  if (bits < 64 && (value & (uint64_t{1} << (bits - 1)))) value |= ~uint64_t{0} << bits;
  return static_cast<int64_t>(value);
}

void SetBits(uint8_t* p, uint64_t offset, int bits, uint64_t value) {
  for (int i = 0; i < bits; ++i, ++offset) {
    const uint8_t bit = (value >> (bits - 1 - i)) & 1;
    uint8_t& byte = p[ByteOf(offset)];
    byte = static_cast<uint8_t>((byte & ~(1 << ShiftOf(offset))) | (bit << ShiftOf(offset)));
  }
}

namespace {

// The up to 9 bytes a field of at most 64 bits starting at `offset` can
// touch, zero-padded past the end of s; *rel is the offset within them.
void CopyFieldBytes(std::string_view s, uint64_t offset, uint8_t buf[9], uint64_t* rel) {
  std::memset(buf, 0, 9);
  const uint64_t first = ByteOf(offset);
  for (uint64_t i = 0; i < 9 && first + i < s.size(); ++i) {
    buf[i] = static_cast<uint8_t>(s[first + i]);
  }
  *rel = offset - first * 8;
}

}  // namespace

uint64_t GetUnsignedPadded(std::string_view s, uint64_t offset, int bits) {
  uint8_t buf[9];
  uint64_t rel = 0;
  CopyFieldBytes(s, offset, buf, &rel);
  return GetUnsigned(buf, rel, bits);
}

int64_t GetSignedPadded(std::string_view s, uint64_t offset, int bits) {
  uint8_t buf[9];
  uint64_t rel = 0;
  CopyFieldBytes(s, offset, buf, &rel);
  return GetSigned(buf, rel, bits);
}

bool UnsignedOverflows(uint64_t value, int64_t incr, int bits, Overflow how, uint64_t* limit) {
  const uint64_t max =
      bits == 64 ? std::numeric_limits<uint64_t>::max() : (uint64_t{1} << bits) - 1;
  const int64_t max_incr = static_cast<int64_t>(max - value);
  const int64_t min_incr = static_cast<int64_t>(uint64_t{0} - value);
  const bool above = value > max || (incr > 0 && incr > max_incr);
  const bool below = !above && incr < 0 && incr < min_incr;
  if (!above && !below) return false;
  if (how == Overflow::kWrap) {
    *limit = (value + static_cast<uint64_t>(incr)) & ~(~uint64_t{0} << bits);
  } else if (how == Overflow::kSat) {
    *limit = above ? max : 0;
  }
  return true;
}

bool SignedOverflows(int64_t value, int64_t incr, int bits, Overflow how, int64_t* limit) {
  const int64_t max =
      bits == 64 ? std::numeric_limits<int64_t>::max() : (int64_t{1} << (bits - 1)) - 1;
  const int64_t min = -max - 1;
  // May wrap around; only used once value is known to be in range, where it
  // does not.
  const int64_t max_incr =
      static_cast<int64_t>(static_cast<uint64_t>(max) - static_cast<uint64_t>(value));
  const int64_t min_incr =
      static_cast<int64_t>(static_cast<uint64_t>(min) - static_cast<uint64_t>(value));
  const bool above =
      value > max || (bits != 64 && incr > max_incr) || (value >= 0 && incr > 0 && incr > max_incr);
  const bool below = !above && (value < min || (bits != 64 && incr < min_incr) ||
                                (value < 0 && incr < 0 && incr < min_incr));
  if (!above && !below) return false;
  if (how == Overflow::kWrap) {
    uint64_t c = static_cast<uint64_t>(value) + static_cast<uint64_t>(incr);
    if (bits < 64) {
      // Keep the field's bits, sign-extended from its top bit.
      const uint64_t mask = ~uint64_t{0} << bits;
      c = (c & (uint64_t{1} << (bits - 1))) ? (c | mask) : (c & ~mask);
    }
    *limit = static_cast<int64_t>(c);
  } else if (how == Overflow::kSat) {
    *limit = above ? max : min;
  }
  return true;
}

uint64_t PopCount(const uint8_t* p, size_t n) {
  uint64_t count = 0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t word;
    std::memcpy(&word, p + i, 8);
    count += static_cast<uint64_t>(std::popcount(word));
  }
  for (; i < n; ++i) count += static_cast<uint64_t>(std::popcount(p[i]));
  return count;
}

namespace {

// Redis's index normalisation: negative values count from the end, then
// both are clamped into [0, total-1] (start may end up past end).
void Normalize(int64_t total, int64_t* start, int64_t* end) {
  if (*start < 0) *start += total;
  if (*end < 0) *end += total;
  if (*start < 0) *start = 0;
  if (*end < 0) *end = 0;
  if (*end >= total) *end = total - 1;
}

}  // namespace

int64_t BitCount(std::string_view s, const Range& range) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int64_t len = static_cast<int64_t>(s.size());
  if (!range.given) return static_cast<int64_t>(PopCount(p, s.size()));
  int64_t start = range.start;
  int64_t end = range.end;
  // Both negative and crossed: empty, before any clamping.
  if (start < 0 && end < 0 && start > end) return 0;
  const int64_t total = range.in_bits ? len * 8 : len;
  Normalize(total, &start, &end);
  if (start > end) return 0;
  if (!range.in_bits) {
    return static_cast<int64_t>(PopCount(p + start, static_cast<size_t>(end - start + 1)));
  }
  // Whole bytes, minus the bits of the edge bytes outside the range.
  const int64_t first = start >> 3;
  const int64_t last = end >> 3;
  int64_t count = static_cast<int64_t>(PopCount(p + first, static_cast<size_t>(last - first + 1)));
  const uint8_t head_mask = static_cast<uint8_t>(~((1 << (8 - (start & 7))) - 1));
  const uint8_t tail_mask = static_cast<uint8_t>((1 << (7 - (end & 7))) - 1);
  count -= std::popcount(static_cast<uint8_t>(p[first] & head_mask));
  count -= std::popcount(static_cast<uint8_t>(p[last] & tail_mask));
  return count;
}

namespace {

// First bit equal to `bit` in bits [from, to] of p, or -1.
int64_t FindBit(const uint8_t* p, int64_t from, int64_t to, int bit) {
  const uint8_t skip = bit ? 0x00 : 0xff;  // bytes with no matching bit
  int64_t pos = from;
  while (pos <= to) {
    const uint8_t byte = p[pos >> 3];
    if ((pos & 7) == 0 && pos + 7 <= to && byte == skip) {
      pos += 8;
      continue;
    }
    if (((byte >> (7 - (pos & 7))) & 1) == bit) return pos;
    ++pos;
  }
  return -1;
}

}  // namespace

int64_t BitPos(std::string_view s, int bit, const Range& range) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int64_t len = static_cast<int64_t>(s.size());
  int64_t start = 0;
  int64_t end = len - 1;
  bool in_bits = false;
  if (range.given) {
    in_bits = range.in_bits;
    const int64_t total = in_bits ? len * 8 : len;
    start = range.start;
    end = range.end_given ? range.end : total - 1;
    Normalize(total, &start, &end);
  }
  // An empty range holds neither a 0 nor a 1.
  if (start > end) return -1;
  const int64_t from = in_bits ? start : start * 8;
  const int64_t to = in_bits ? end : end * 8 + 7;
  const int64_t pos = FindBit(p, from, to, bit);
  if (pos != -1 || bit == 1) return pos;
  // No clear bit: without an explicit end the string counts as padded with
  // zeros on the right.
  return range.end_given ? -1 : to + 1;
}

std::string Combine(BitOp op, const std::vector<std::string_view>& sources) {
  size_t max_len = 0;
  for (std::string_view s : sources) max_len = std::max(max_len, s.size());
  std::string out(max_len, '\0');
  auto byte_at = [](std::string_view s, size_t i) -> uint8_t {
    return i < s.size() ? static_cast<uint8_t>(s[i]) : 0;
  };
  for (size_t i = 0; i < max_len; ++i) {
    uint8_t acc = byte_at(sources[0], i);
    if (op == BitOp::kNot) acc = static_cast<uint8_t>(~acc);
    for (size_t j = 1; j < sources.size(); ++j) {
      const uint8_t b = byte_at(sources[j], i);
      if (op == BitOp::kAnd) acc &= b;
      if (op == BitOp::kOr) acc |= b;
      if (op == BitOp::kXor) acc ^= b;
    }
    out[i] = static_cast<char>(acc);
  }
  return out;
}

}  // namespace shoal::bitops
