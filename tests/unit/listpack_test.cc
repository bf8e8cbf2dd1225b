#include "common/listpack.h"

#include <gtest/gtest.h>

#include <deque>
#include <random>
#include <string>
#include <vector>

namespace shoal {
namespace {

std::vector<std::string> Contents(const Listpack& lp) {
  std::vector<std::string> out;
  for (Listpack::Pos p = lp.First(); p != Listpack::kEnd; p = lp.Next(p)) {
    out.push_back(lp.GetString(p));
  }
  return out;
}

std::vector<std::string> ContentsBackwards(const Listpack& lp) {
  std::vector<std::string> out;
  for (Listpack::Pos p = lp.Last(); p != Listpack::kEnd; p = lp.Prev(p)) {
    out.insert(out.begin(), lp.GetString(p));
  }
  return out;
}

TEST(ListpackTest, EmptyListpackIsSevenBytes) {
  Listpack lp;
  EXPECT_EQ(lp.data(), std::string("\x07\x00\x00\x00\x00\x00\xff", 7));
  EXPECT_EQ(lp.size(), 0u);
  EXPECT_TRUE(lp.empty());
  EXPECT_EQ(lp.First(), Listpack::kEnd);
  EXPECT_EQ(lp.Last(), Listpack::kEnd);
}

// The bytes Redis 7.0 keeps for HSET h a 1 b hello c -5000 d 300000
// e 70000000000 f 100 (as its DUMP payload shows): every integer width, short
// strings, and the backlen after each entry.
TEST(ListpackTest, MatchesRedisBytes) {
  Listpack lp;
  for (const char* v : {"a", "1", "b", "hello", "c", "-5000", "d", "300000", "e", "70000000000",
                        "f", "100"}) {
    lp.Append(v);
  }
  const std::string expected(
      "7\x00\x00\x00\x0c\x00\x81"
      "a\x02\x01\x01\x81"
      "b\x02\x85hello\x06\x81"
      "c\x02\xf1x\xec\x03\x81"
      "d\x02\xf2\xe0\x93\x04\x04\x81"
      "e\x02\xf4\x00<SL\x10\x00\x00\x00\t\x81"
      "f\x02"
      "d\x01\xff",
      55);
  EXPECT_EQ(lp.data(), expected);
  Listpack parsed;
  ASSERT_TRUE(Listpack::FromBytes(expected, &parsed));
  EXPECT_EQ(Contents(parsed), Contents(lp));
  EXPECT_EQ(parsed.GetString(parsed.Seek(5)), "-5000");
  EXPECT_TRUE(parsed.Get(parsed.Seek(9)).is_int);
  EXPECT_EQ(parsed.Get(parsed.Seek(9)).int_value, 70000000000);
}

TEST(ListpackTest, NonCanonicalNumbersStayStrings) {
  Listpack lp;
  for (const char* v : {"007", "-0", "+1", " 1", "1.5", "9223372036854775808", "-"}) lp.Append(v);
  for (Listpack::Pos p = lp.First(); p != Listpack::kEnd; p = lp.Next(p)) {
    EXPECT_FALSE(lp.Get(p).is_int) << lp.GetString(p);
  }
  EXPECT_EQ(Contents(lp), (std::vector<std::string>{"007", "-0", "+1", " 1", "1.5",
                                                    "9223372036854775808", "-"}));
}

TEST(ListpackTest, IntegerBoundariesRoundTrip) {
  Listpack lp;
  const std::vector<int64_t> values = {0,       127,      128,       -1,        -4096,
                                       4095,    -4097,    4096,      32767,     -32768,
                                       32768,   8388607,  -8388608,  8388608,   2147483647,
                                       -2147483648LL, 2147483648LL, INT64_MAX, INT64_MIN};
  for (int64_t v : values) lp.AppendInt(v);
  std::vector<std::string> expected;
  for (int64_t v : values) expected.push_back(std::to_string(v));
  EXPECT_EQ(Contents(lp), expected);
  EXPECT_EQ(ContentsBackwards(lp), expected);
  Listpack copy;
  ASSERT_TRUE(Listpack::FromBytes(lp.data(), &copy));
}

TEST(ListpackTest, LongStringsUseWiderHeadersAndBacklens) {
  Listpack lp;
  const std::string s63(63, 'a'), s64(64, 'b'), s4095(4095, 'c'), s4096(4096, 'd'),
      s20000(20000, 'e');
  for (const auto* s : {&s63, &s64, &s4095, &s4096, &s20000}) lp.Append(*s);
  EXPECT_EQ(Contents(lp), (std::vector<std::string>{s63, s64, s4095, s4096, s20000}));
  EXPECT_EQ(ContentsBackwards(lp), Contents(lp));
  EXPECT_EQ(lp.EntrySize(lp.First()), 1 + 63 + 1u);
  EXPECT_EQ(lp.EntrySize(lp.Seek(1)), 2 + 64 + 1u);
  EXPECT_EQ(lp.EntrySize(lp.Seek(3)), 5 + 4096 + 2u);
  EXPECT_EQ(lp.EntrySize(lp.Seek(4)), 5 + 20000 + 3u);
}

TEST(ListpackTest, InsertReplaceDelete) {
  Listpack lp;
  lp.Append("b");
  lp.Prepend("a");
  lp.Append("d");
  lp.InsertBefore(lp.Seek(2), "c");
  lp.InsertAfter(lp.Last(), "e");
  EXPECT_EQ(Contents(lp), (std::vector<std::string>{"a", "b", "c", "d", "e"}));
  lp.Replace(lp.Seek(1), std::string(300, 'x'));
  lp.Replace(lp.Seek(3), "42");
  EXPECT_EQ(lp.GetString(lp.Seek(1)), std::string(300, 'x'));
  EXPECT_EQ(ContentsBackwards(lp), Contents(lp));
  Listpack::Pos next = lp.Delete(lp.Seek(1));
  EXPECT_EQ(lp.GetString(next), "c");
  next = lp.DeleteRange(lp.Seek(1), 2);
  EXPECT_EQ(lp.GetString(next), "e");
  EXPECT_EQ(Contents(lp), (std::vector<std::string>{"a", "e"}));
  EXPECT_EQ(lp.Delete(lp.Last()), Listpack::kEnd);
  EXPECT_EQ(lp.size(), 1u);
  lp.Clear();
  EXPECT_TRUE(lp.empty());
}

TEST(ListpackTest, FindComparesIntegersByValueAndSkips) {
  Listpack lp;
  for (const char* v : {"f1", "10", "f2", "x", "10", "y"}) lp.Append(v);
  EXPECT_EQ(lp.Find(lp.First(), "10", 0), lp.Seek(1));
  // Fields only (skip the values): "10" appears as a field at index 4.
  EXPECT_EQ(lp.Find(lp.First(), "10", 1), lp.Seek(4));
  EXPECT_EQ(lp.Find(lp.First(), "010", 0), Listpack::kEnd);
  EXPECT_TRUE(lp.Get(lp.Seek(1)).Equals("10"));
  EXPECT_FALSE(lp.Get(lp.Seek(1)).Equals("10.0"));
}

TEST(ListpackTest, CountSaturatesAndIsWalkedBeyondTheHeader) {
  Listpack lp;
  for (int i = 0; i < 70000; ++i) lp.AppendInt(i % 100);
  EXPECT_EQ(lp.size(), 70000u);
  EXPECT_EQ(static_cast<unsigned char>(lp.data()[4]), 0xFF);
  EXPECT_EQ(static_cast<unsigned char>(lp.data()[5]), 0xFF);
  lp.DeleteRange(lp.First(), 69990);
  EXPECT_EQ(lp.size(), 10u);
}

TEST(ListpackTest, MatchesADequeUnderRandomEdits) {
  std::mt19937_64 rng(7);
  Listpack lp;
  std::deque<std::string> model;
  for (int step = 0; step < 5000; ++step) {
    const int op = static_cast<int>(rng() % 5);
    std::string v = (rng() % 2 == 0) ? std::to_string(static_cast<int64_t>(rng() % 100000) - 50000)
                                     : std::string(rng() % 200, static_cast<char>('a' + rng() % 26));
    if (op == 0 || model.empty()) {
      lp.Append(v);
      model.push_back(v);
    } else if (op == 1) {
      lp.Prepend(v);
      model.push_front(v);
    } else {
      const size_t i = rng() % model.size();
      if (op == 2) {
        lp.InsertBefore(lp.Seek(static_cast<int64_t>(i)), v);
        model.insert(model.begin() + static_cast<long>(i), v);
      } else if (op == 3) {
        lp.Replace(lp.Seek(static_cast<int64_t>(i)), v);
        model[i] = v;
      } else {
        lp.Delete(lp.Seek(static_cast<int64_t>(i)));
        model.erase(model.begin() + static_cast<long>(i));
      }
    }
    ASSERT_EQ(lp.size(), model.size());
  }
  EXPECT_EQ(Contents(lp), std::vector<std::string>(model.begin(), model.end()));
  EXPECT_EQ(ContentsBackwards(lp), Contents(lp));
  Listpack copy;
  EXPECT_TRUE(Listpack::FromBytes(lp.data(), &copy));
}

TEST(ListpackTest, FromBytesRejectsCorruption) {
  Listpack lp;
  for (const char* v : {"a", "12345", std::string(100, 'z').c_str()}) lp.Append(v);
  const std::string good(lp.data());
  Listpack out;
  ASSERT_TRUE(Listpack::FromBytes(good, &out));
  EXPECT_FALSE(Listpack::FromBytes(good.substr(0, good.size() - 1), &out));
  EXPECT_FALSE(Listpack::FromBytes("", &out));
  EXPECT_FALSE(Listpack::FromBytes(std::string("\x07\x00\x00\x00\x01\x00\xff", 7), &out));
  // Flip every byte in turn: never crashes, and a change to a size field or
  // an encoding byte is caught.
  int rejected = 0;
  for (size_t i = 0; i < good.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string bad = good;
      bad[i] = static_cast<char>(bad[i] ^ (1 << bit));
      Listpack parsed;
      if (!Listpack::FromBytes(bad, &parsed)) {
        ++rejected;
      } else {
        (void)Contents(parsed);  // must be walkable when accepted
      }
    }
  }
  EXPECT_GT(rejected, 0);
  EXPECT_EQ(Contents(out), Contents(lp));
}

}  // namespace
}  // namespace shoal
