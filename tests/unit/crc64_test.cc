#include "common/crc64.h"

#include <gtest/gtest.h>

#include <string>

namespace shoal {
namespace {

TEST(Crc64Test, CheckValue) {
  EXPECT_EQ(Crc64(0, "123456789"), 0xe9c6d914c4b8d9caULL);
  EXPECT_EQ(Crc64(0, ""), 0u);
}

TEST(Crc64Test, IncrementalEqualsWhole) {
  std::string data;
  for (int i = 0; i < 1000; ++i) data.push_back(static_cast<char>(i * 31 + 7));
  const uint64_t whole = Crc64(0, data);
  for (size_t split : {0, 1, 7, 8, 9, 500, 999, 1000}) {
    uint64_t crc = Crc64(0, std::string_view(data).substr(0, split));
    crc = Crc64(crc, std::string_view(data).substr(split));
    EXPECT_EQ(crc, whole) << split;
  }
}

// The last 8 bytes of Redis 7.0's DUMP of the string "hello": the CRC of
// type byte, value and RDB version, little-endian.
TEST(Crc64Test, MatchesARedisDumpPayload) {
  const std::string body("\x00\x05hello\x0a\x00", 9);
  const std::string crc_bytes("cr\xdfve4 \n", 8);
  uint64_t expected = 0;
  for (int i = 7; i >= 0; --i) expected = (expected << 8) | static_cast<unsigned char>(crc_bytes[i]);
  EXPECT_EQ(Crc64(0, body), expected);
}

}  // namespace
}  // namespace shoal
