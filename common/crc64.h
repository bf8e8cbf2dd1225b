// CRC-64 as Redis computes it for RDB files and DUMP payloads: the "Jones"
// polynomial 0xad93d23594c935a9, input and output reflected, initial value 0,
// no final xor. Check value: Crc64(0, "123456789") == 0xe9c6d914c4b8d9ca.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace shoal {

// Continues a CRC over more bytes (start with crc = 0).
uint64_t Crc64(uint64_t crc, const void* data, size_t len);

inline uint64_t Crc64(uint64_t crc, std::string_view bytes) {
  return Crc64(crc, bytes.data(), bytes.size());
}

}  // namespace shoal
