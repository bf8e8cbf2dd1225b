// HyperLogLog in Redis's own string representation, so values move between
// Shoal and Redis byte for byte (GET on one, SET on the other).
//
// Layout (all values are strings starting with a 16-byte header):
//
//   offset 0   4 bytes  magic "HYLL"
//   offset 4   1 byte   encoding: 0 dense, 1 sparse
//   offset 5   3 bytes  unused, zero
//   offset 8   8 bytes  cached cardinality, little endian; bit 7 of byte 15
//                       set means "stale, recompute"
//   offset 16  registers
//
// 16384 registers (P = 14), each holding the length (1..51) of the run of
// zero bits ending in a one, counted from bit 14 of the element's 64-bit
// MurmurHash64A (seed 0xadc83b19); the low 14 bits pick the register.
//
// Dense: 16384 six-bit registers packed little-endian-first into 12288 bytes
// (register i starts at bit 6*i; the low bits of a byte come first).
//
// Sparse: run-length opcodes covering all 16384 registers in order:
//   00xxxxxx           ZERO:  1..64 zero registers (xxxxxx + 1)
//   01xxxxxx yyyyyyyy  XZERO: 1..16384 zero registers (14-bit value + 1)
//   1vvvvvxx           VAL:   1..4 registers (xx + 1) of value 1..32 (vvvvv + 1)
// A new HLL is sparse: the header and one XZERO of 16384. A register above
// 32, or growing past hll-sparse-max-bytes, turns the value dense for good.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace shoal::hll {

inline constexpr int kP = 14;
inline constexpr int kQ = 64 - kP;
inline constexpr int kRegisters = 1 << kP;
inline constexpr int kBits = 6;
inline constexpr int kMaxRegister = (1 << kBits) - 1;
inline constexpr size_t kHeaderSize = 16;
inline constexpr size_t kDenseSize = kHeaderSize + (kRegisters * kBits + 7) / 8;
inline constexpr uint8_t kDense = 0;
inline constexpr uint8_t kSparse = 1;

inline constexpr std::string_view kInvalidObject = "INVALIDOBJ Corrupted HLL object detected";
inline constexpr std::string_view kNotHll =
    "WRONGTYPE Key is not a valid HyperLogLog string value.";

uint64_t MurmurHash64A(const void* key, size_t len, uint64_t seed);

// The register an element lands in and the value it offers it.
struct Pattern {
  int index = 0;
  uint8_t count = 0;
};
Pattern PatternOf(std::string_view element);

// An empty (sparse) HyperLogLog.
std::string CreateEmpty();
// Whether bytes look like a HyperLogLog: magic, a known encoding, and the
// exact size when dense. Sparse contents are checked as they are read.
bool LooksValid(std::string_view value);

uint8_t Encoding(std::string_view hll);
bool CacheValid(std::string_view hll);
uint64_t CachedCardinality(std::string_view hll);
void SetCachedCardinality(std::string& hll, uint64_t card);
void InvalidateCache(std::string& hll);

// Dense register access on the packed register bytes (after the header).
uint8_t GetDenseRegister(const uint8_t* registers, int index);
void SetDenseRegister(uint8_t* registers, int index, uint8_t value);

// Raises register `index` to `count` if lower. Returns 1 if a register
// changed, 0 if not, -1 for a corrupt sparse value. A sparse value turns
// dense when needed (count above 32, or longer than sparse_max_bytes).
int SetRegister(std::string& hll, int index, uint8_t count, size_t sparse_max_bytes);
int Add(std::string& hll, std::string_view element, size_t sparse_max_bytes);

// Sparse to dense (a dense value is left alone). False if the sparse value
// is corrupt; then nothing changed.
bool ToDense(std::string& hll);

// max[i] = max(max[i], register i of hll). False for a corrupt sparse value.
bool MergeInto(uint8_t* max, std::string_view hll);

// Redis 7's estimator (Ertl's improved raw estimator over the register
// histogram). *invalid is set for a corrupt sparse value.
uint64_t Count(std::string_view hll, bool* invalid);
uint64_t CountRegisters(const uint8_t* registers);  // one byte per register

// PFDEBUG DECODE: "z:N", "Z:N", "v:value,len" per opcode.
StatusOr<std::string> DecodeSparse(std::string_view hll);

}  // namespace shoal::hll
