// Bit-level algorithms behind the bitmap commands (SETBIT, BITCOUNT, BITPOS,
// BITOP, BITFIELD), on plain bytes: no keyspace, no RESP. Bit 0 is the most
// significant bit of byte 0, as in Redis.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace shoal::bitops {

inline constexpr std::string_view kBitOffsetError =
    "ERR bit offset is not an integer or out of range";
inline constexpr std::string_view kBitValueError = "ERR bit is not an integer or out of range";
inline constexpr std::string_view kBitfieldTypeError =
    "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but "
    "i64 is.";

// A bit offset argument: a non-negative integer whose byte lies below
// max_bulk_len. With hash_bits > 0 (BITFIELD), "#N" means N * hash_bits.
StatusOr<uint64_t> ParseBitOffset(std::string_view arg, int hash_bits, int64_t max_bulk_len);

// A BITFIELD type: "i1".."i64" or "u1".."u63".
struct FieldType {
  bool is_signed = false;
  int bits = 0;
};
StatusOr<FieldType> ParseFieldType(std::string_view arg);

// Reads `bits` bits at bit `offset` (the caller guarantees they are inside p).
uint64_t GetUnsigned(const uint8_t* p, uint64_t offset, int bits);
int64_t GetSigned(const uint8_t* p, uint64_t offset, int bits);
// Writes the low `bits` bits of value at bit `offset`.
void SetBits(uint8_t* p, uint64_t offset, int bits, uint64_t value);
// A field read where the string may end early: missing bytes read as zero.
uint64_t GetUnsignedPadded(std::string_view s, uint64_t offset, int bits);
int64_t GetSignedPadded(std::string_view s, uint64_t offset, int bits);

enum class Overflow : uint8_t { kWrap, kSat, kFail };

// value + incr in a field of `bits` bits: whether it overflows, and under
// WRAP or SAT the value to store instead (*limit). SET checks the new value
// with incr 0.
bool UnsignedOverflows(uint64_t value, int64_t incr, int bits, Overflow how, uint64_t* limit);
bool SignedOverflows(int64_t value, int64_t incr, int bits, Overflow how, int64_t* limit);

uint64_t PopCount(const uint8_t* p, size_t n);

// BITCOUNT / BITPOS ranges: start and end as given, in bytes or bits.
struct Range {
  bool given = false;  // start (and for BITCOUNT end) were given
  int64_t start = 0;
  int64_t end = 0;
  bool end_given = false;
  bool in_bits = false;
};
int64_t BitCount(std::string_view s, const Range& range);
int64_t BitPos(std::string_view s, int bit, const Range& range);

enum class BitOp : uint8_t { kAnd, kOr, kXor, kNot };
// The result of BITOP over sources (missing keys are empty strings): as long
// as the longest source, shorter ones padded with zero bytes.
std::string Combine(BitOp op, const std::vector<std::string_view>& sources);

}  // namespace shoal::bitops
