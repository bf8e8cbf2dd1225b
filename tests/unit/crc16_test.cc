#include "common/crc16.h"

#include <gtest/gtest.h>

#include "node/keyspace/db.h"

namespace shoal {
namespace {

TEST(Crc16Test, KnownVectors) {
  EXPECT_EQ(Crc16(""), 0x0000);
  EXPECT_EQ(Crc16("123456789"), 0x31C3);  // the XMODEM check value
  EXPECT_EQ(Crc16("A"), 0x58E5);
  const char nul_byte[] = {'\0'};
  EXPECT_EQ(Crc16(std::string_view(nul_byte, 1)), 0x0000);
  EXPECT_EQ(Crc16("\xFF"), 0x1EF0);
}

TEST(KeyHashSlotTest, PlainKeys) {
  EXPECT_EQ(KeyHashSlot("123456789"), 0x31C3 % 16384);
  EXPECT_EQ(KeyHashSlot("123456789"), 12739);
  EXPECT_EQ(KeyHashSlot(""), 0);
  // Well-known slots (CLUSTER KEYSLOT on a Redis cluster).
  EXPECT_EQ(KeyHashSlot("foo"), 12182);
  EXPECT_EQ(KeyHashSlot("bar"), 5061);
}

TEST(KeyHashSlotTest, HashTags) {
  EXPECT_EQ(KeyHashSlot("{user1000}.following"), KeyHashSlot("{user1000}.followers"));
  EXPECT_EQ(KeyHashSlot("{user1000}.following"), KeyHashSlot("user1000"));
  // Empty tag: the whole key is hashed, later braces are not looked at.
  EXPECT_EQ(KeyHashSlot("foo{}{bar}"), Crc16("foo{}{bar}") % 16384);
  EXPECT_NE(KeyHashSlot("foo{}{bar}"), KeyHashSlot("bar"));
  // First '{' then the first '}' after it.
  EXPECT_EQ(KeyHashSlot("foo{{bar}}zap"), KeyHashSlot("{bar"));
  EXPECT_EQ(KeyHashSlot("foo{{bar}}zap"), Crc16("{bar") % 16384);
  EXPECT_EQ(KeyHashSlot("foo{bar}{zap}"), KeyHashSlot("bar"));
  // Unclosed or reversed braces: whole key.
  EXPECT_EQ(KeyHashSlot("foo{bar"), Crc16("foo{bar") % 16384);
  EXPECT_EQ(KeyHashSlot("foo}bar{"), Crc16("foo}bar{") % 16384);
  EXPECT_EQ(KeyHashSlot("{}"), Crc16("{}") % 16384);
}

}  // namespace
}  // namespace shoal
