// CRC-64/Jones as Redis's RDB files and DUMP payloads use it: polynomial
// 0xad93d23594c935a9, reflected input and output, initial value 0, no final
// xor. Crc64(0, "123456789") == 0xe9c6d914c4b8d9ca.
#pragma once

#include <cstdint>
#include <string_view>

namespace shoal {

// Continues a checksum over more bytes (crc = 0 to start).
uint64_t Crc64(uint64_t crc, std::string_view data);

}  // namespace shoal
