// The FUNCTION DUMP / RESTORE payload, Redis 7.0's format:
//
//   payload  := record* version crc
//   record   := 0xF5 (RDB_OPCODE_FUNCTION2) rdb-string(library code)
//   version  := 2 bytes little-endian, the RDB version (10 for Redis 7.0)
//   crc      := 8 bytes little-endian, CRC-64/Jones of everything before it
//
// An rdb-string is an RDB length (6-, 14-, 32- or 64-bit form) and the bytes,
// or an LZF-compressed string (0xC3, compressed length, raw length, data).
// Shoal writes strings uncompressed (Redis reads them); it reads both forms.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace shoal {

inline constexpr int kFunctionPayloadRdbVersion = 10;

std::string EncodeFunctionPayload(const std::vector<std::string>& library_codes);
// The library codes in the payload, after checking version and checksum.
StatusOr<std::vector<std::string>> DecodeFunctionPayload(std::string_view payload);

}  // namespace shoal
