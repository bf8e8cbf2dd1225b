// IntSet: Redis's byte layout, width upgrades, ordering, and the validating
// constructor fed with corrupted bytes.

#include "node/keyspace/types/intset.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <set>
#include <string>

#include "common/rng.h"

namespace shoal {
namespace {

std::string Hex(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

TEST(IntSetTest, EmptyHeader) {
  IntSet s;
  EXPECT_EQ(s.Size(), 0u);
  EXPECT_EQ(s.Width(), 2u);
  EXPECT_EQ(Hex(s.Bytes()), "0200000000000000");
}

TEST(IntSetTest, BytesMatchRedisLayout) {
  IntSet s;
  EXPECT_TRUE(s.Add(3));
  EXPECT_TRUE(s.Add(-1));
  EXPECT_TRUE(s.Add(1));
  EXPECT_FALSE(s.Add(1));
  // encoding 2, length 3, then -1, 1, 3 as little-endian int16.
  EXPECT_EQ(Hex(s.Bytes()),
            "0200000003000000"
            "ffff"
            "0100"
            "0300");
}

TEST(IntSetTest, UpgradesWidthAndKeepsOrder) {
  IntSet s;
  s.Add(5);
  s.Add(-5);
  s.Add(40000);  // needs 4 bytes
  EXPECT_EQ(s.Width(), 4u);
  EXPECT_EQ(Hex(s.Bytes()),
            "0400000003000000"
            "fbffffff"
            "05000000"
            "409c0000");
  s.Add(std::numeric_limits<int64_t>::min());  // needs 8 bytes, goes first
  EXPECT_EQ(s.Width(), 8u);
  ASSERT_EQ(s.Size(), 4u);
  EXPECT_EQ(s.Get(0), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(s.Get(1), -5);
  EXPECT_EQ(s.Get(2), 5);
  EXPECT_EQ(s.Get(3), 40000);
  // Removing the wide value does not narrow the set (as in Redis).
  EXPECT_TRUE(s.Remove(std::numeric_limits<int64_t>::min()));
  EXPECT_EQ(s.Width(), 8u);
  EXPECT_EQ(s.Bytes().size(), IntSet::kHeaderSize + 3 * 8);
}

TEST(IntSetTest, ContainsAcrossWidths) {
  IntSet s;
  s.Add(1);
  EXPECT_FALSE(s.Contains(70000));
  EXPECT_FALSE(s.Contains(int64_t{1} << 40));
  EXPECT_FALSE(s.Remove(70000));
  EXPECT_TRUE(s.Contains(1));
}

TEST(IntSetTest, WidthFor) {
  EXPECT_EQ(IntSetWidthFor(32767), 2u);
  EXPECT_EQ(IntSetWidthFor(-32768), 2u);
  EXPECT_EQ(IntSetWidthFor(32768), 4u);
  EXPECT_EQ(IntSetWidthFor(-32769), 4u);
  EXPECT_EQ(IntSetWidthFor(2147483647), 4u);
  EXPECT_EQ(IntSetWidthFor(2147483648LL), 8u);
  EXPECT_EQ(IntSetWidthFor(-2147483649LL), 8u);
}

TEST(IntSetTest, RandomOperationsMatchStdSet) {
  Rng rng(7);
  IntSet s;
  std::set<int64_t> model;
  for (int i = 0; i < 5000; ++i) {
    const int shift = static_cast<int>(rng.Uniform(4)) * 16;
    const auto v = static_cast<int64_t>(rng.Next() >> (63 - shift)) - (int64_t{1} << shift);
    if (rng.Uniform(3) == 0) {
      EXPECT_EQ(s.Remove(v), model.erase(v) == 1);
    } else {
      EXPECT_EQ(s.Add(v), model.insert(v).second);
    }
  }
  ASSERT_EQ(s.Size(), model.size());
  size_t i = 0;
  for (int64_t v : model) EXPECT_EQ(s.Get(i++), v);
}

TEST(IntSetTest, FromBytesRoundTrip) {
  IntSet s;
  for (int64_t v : {-100000, 7, 9, 123456789}) s.Add(v);
  StatusOr<IntSet> copy = IntSet::FromBytes(s.Bytes());
  ASSERT_TRUE(copy.ok()) << copy.status().message();
  EXPECT_EQ(copy->Bytes(), s.Bytes());
  EXPECT_TRUE(copy->Contains(123456789));
}

TEST(IntSetTest, FromBytesRejectsCorruption) {
  IntSet s;
  for (int64_t v : {1, 2, 3}) s.Add(v);
  const std::string good(s.Bytes());
  EXPECT_FALSE(IntSet::FromBytes(good.substr(0, 7)).ok());   // short header
  EXPECT_FALSE(IntSet::FromBytes(good.substr(0, 12)).ok());  // truncated
  EXPECT_FALSE(IntSet::FromBytes(good + "xx").ok());         // trailing bytes
  std::string bad_width = good;
  bad_width[0] = 3;
  EXPECT_FALSE(IntSet::FromBytes(bad_width).ok());
  std::string unsorted = good;
  std::swap(unsorted[8], unsorted[10]);  // 2, 1, 3
  EXPECT_FALSE(IntSet::FromBytes(unsorted).ok());
  std::string dup = good;
  dup[10] = 1;  // 1, 1, 3
  EXPECT_FALSE(IntSet::FromBytes(dup).ok());
  std::string huge_len = good;
  huge_len[7] = 0x7f;
  EXPECT_FALSE(IntSet::FromBytes(huge_len).ok());
}

TEST(IntSetTest, CopyAndMove) {
  IntSet a;
  a.Add(1);
  IntSet b = a;
  b.Add(2);
  EXPECT_EQ(a.Size(), 1u);
  IntSet c = std::move(b);
  EXPECT_EQ(c.Size(), 2u);
  a = c;
  EXPECT_EQ(a.Bytes(), c.Bytes());
}

}  // namespace
}  // namespace shoal
