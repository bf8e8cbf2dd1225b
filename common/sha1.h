// SHA-1 (FIPS 180-4), for script and function identifiers: EVALSHA names a
// script by the lower-case hex SHA-1 of its body, as Redis does.
// Sha1Hex("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d".
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace shoal {

std::array<uint8_t, 20> Sha1(std::string_view data);
// 40 lower-case hex digits.
std::string Sha1Hex(std::string_view data);

}  // namespace shoal
