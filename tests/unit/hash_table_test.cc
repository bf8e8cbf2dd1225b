// CompactTable: lookups, incremental growth and shrinkage, the SCAN
// guarantee across resizes, random picks and the memory figure.

#include "node/keyspace/types/hash_table.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "common/rng.h"

namespace shoal {
namespace {

std::string Key(int i) { return "key:" + std::to_string(i); }

template <typename T>
void FinishRehash(T& t) {
  for (int i = 0; i < 1'000'000 && t.RehashSteps(100); ++i) {
  }
  ASSERT_FALSE(t.IsRehashing());
}

TEST(HashTableTest, VarintsRoundTrip) {
  using namespace compact_table_internal;  // NOLINT
  unsigned char buf[16];
  for (uint64_t v : {0ULL, 1ULL, 127ULL, 128ULL, 16383ULL, 16384ULL, (1ULL << 32) + 5, ~0ULL}) {
    const size_t n = PutVarint(buf, v);
    EXPECT_EQ(n, VarintLen(v));
    size_t m = 0;
    EXPECT_EQ(GetVarint(buf, &m), v);
    EXPECT_EQ(m, n);
  }
  EXPECT_EQ(ReverseBits(1), 1ULL << 63);
  EXPECT_EQ(ReverseBits(ReverseBits(0x123456789ULL)), 0x123456789ULL);
}

TEST(HashTableTest, UpsertFindErase) {
  CompactStringMap t;
  EXPECT_EQ(t.Find("a"), nullptr);
  EXPECT_TRUE(t.Upsert("a", "1", true));
  EXPECT_FALSE(t.Upsert("a", "22", true));
  EXPECT_EQ(CompactStringMap::Value(t.Find("a")), "22");
  EXPECT_FALSE(t.Upsert("a", "333", /*overwrite=*/false));
  EXPECT_EQ(CompactStringMap::Value(t.Find("a")), "22");
  EXPECT_TRUE(t.Upsert("", "", true));
  EXPECT_EQ(CompactStringMap::Key(t.Find("")), "");
  // Values of every length class, growing and shrinking in place or not.
  for (size_t len : {0, 1, 15, 127, 128, 300, 20000, 3, 0}) {
    const std::string v(len, 'v');
    t.Upsert("a", v, true);
    EXPECT_EQ(CompactStringMap::Value(t.Find("a")), v);
    EXPECT_EQ(CompactStringMap::Key(t.Find("a")), "a");
  }
  EXPECT_EQ(t.size(), 2u);
  EXPECT_TRUE(t.Erase("a"));
  EXPECT_FALSE(t.Erase("a"));
  EXPECT_EQ(t.size(), 1u);
}

TEST(HashTableTest, LengthsInlineAndInHeaders) {
  CompactStringMap t;
  // Both sides of the 255-byte inline limit, for keys and values, with
  // values rewritten across it in both directions.
  for (size_t klen : {0, 1, 255, 256, 70000}) {
    const std::string key(klen, 'k');
    for (size_t vlen : {0, 200, 255, 256, 1000, 255, 16, 0}) {
      const std::string value(vlen, static_cast<char>('a' + vlen % 26));
      t.Upsert(key, value, true);
      const CompactStringMap::Entry* e = t.Find(key);
      ASSERT_NE(e, nullptr);
      EXPECT_EQ(CompactStringMap::Key(e), key);
      EXPECT_EQ(CompactStringMap::Value(e), value);
    }
  }
  EXPECT_EQ(t.size(), 5u);
  CompactStringSet s;
  for (size_t klen : {0, 255, 65535, 65536, 100000}) s.Insert(std::string(klen, 's'));
  for (size_t klen : {0, 255, 65535, 65536, 100000}) {
    EXPECT_EQ(CompactStringSet::Key(s.Find(std::string(klen, 's'))).size(), klen);
  }
  // Chains keep their links while neighbours change form.
  for (int i = 0; i < 300; ++i) t.Upsert(Key(i), std::string(i, 'x'), true);
  for (int i = 0; i < 300; ++i) t.Upsert(Key(i), std::string(300 - i, 'y'), true);
  for (int i = 0; i < 300; ++i) {
    ASSERT_EQ(CompactStringMap::Value(t.Find(Key(i))), std::string(300 - i, 'y'));
  }
}

TEST(HashTableTest, KeyOnlyVariant) {
  CompactStringSet s;
  EXPECT_TRUE(s.Insert("x"));
  EXPECT_FALSE(s.Insert("x"));
  EXPECT_EQ(CompactStringSet::Key(s.Find("x")), "x");
  EXPECT_EQ(CompactStringSet::Value(s.Find("x")), "");
  CompactStringSet copy(s);
  EXPECT_EQ(copy.size(), 1u);
  EXPECT_TRUE(s.Erase("x"));
  EXPECT_NE(copy.Find("x"), nullptr);
}

TEST(HashTableTest, GrowsAndShrinksIncrementally) {
  CompactStringMap t;
  std::map<std::string, std::string> model;
  bool saw_rehash = false;
  for (int i = 0; i < 20000; ++i) {
    t.Upsert(Key(i), std::to_string(i * 7), true);
    model[Key(i)] = std::to_string(i * 7);
    saw_rehash |= t.IsRehashing();
    // Mid-rehash lookups see every element.
    if (i % 997 == 0) {
      for (int j = 0; j <= i; j += 13) ASSERT_NE(t.Find(Key(j)), nullptr) << j;
    }
  }
  EXPECT_TRUE(saw_rehash);
  FinishRehash(t);
  EXPECT_EQ(t.size(), 20000u);
  EXPECT_LE(t.bucket_count(), 16384u);  // load factor up to 2
  const size_t grown = t.bucket_count();
  for (int i = 0; i < 19990; ++i) {
    ASSERT_TRUE(t.Erase(Key(i)));
    model.erase(Key(i));
  }
  FinishRehash(t);
  EXPECT_LT(t.bucket_count(), grown / 64);
  std::map<std::string, std::string> seen;
  t.ForEach([&seen](const CompactStringMap::Entry* e) {
    seen[std::string(CompactStringMap::Key(e))] = std::string(CompactStringMap::Value(e));
  });
  EXPECT_EQ(seen, model);
}

TEST(HashTableTest, ScanReportsEveryStableElementAcrossResizes) {
  for (int phase = 0; phase < 2; ++phase) {
    CompactStringMap t;
    const int kStable = 500;
    for (int i = 0; i < kStable; ++i) t.Upsert(Key(i), "v", true);
    if (phase == 1) {
      for (int i = 0; i < 5000; ++i) t.Upsert("tmp" + std::to_string(i), "v", true);
      FinishRehash(t);
    }
    std::set<std::string> seen;
    uint64_t cursor = 0;
    int step = 0;
    do {
      cursor = t.Scan(cursor, [&seen](const CompactStringMap::Entry* e) {
        seen.insert(std::string(CompactStringMap::Key(e)));
      });
      // Phase 0 grows the table during the scan, phase 1 shrinks it.
      for (int k = 0; k < 20; ++k) {
        const int n = step * 20 + k;
        if (phase == 0 && n < 6000) t.Upsert("new" + std::to_string(n), "v", true);
        if (phase == 1 && n < 5000) t.Erase("tmp" + std::to_string(n));
      }
      ++step;
    } while (cursor != 0 && step < 100000);
    EXPECT_EQ(cursor, 0u);
    for (int i = 0; i < kStable; ++i) EXPECT_TRUE(seen.count(Key(i))) << phase << " " << i;
  }
}

TEST(HashTableTest, RandomReachesEveryElement) {
  CompactStringMap t;
  Rng rng(42);
  EXPECT_EQ(t.Random(rng), nullptr);
  for (int i = 0; i < 50; ++i) t.Upsert(Key(i), "v", true);
  std::set<std::string> seen;
  for (int i = 0; i < 5000 && seen.size() < 50; ++i) {
    seen.insert(std::string(CompactStringMap::Key(t.Random(rng))));
  }
  EXPECT_EQ(seen.size(), 50u);
  // A sparse table mid-shrink still answers.
  for (int i = 0; i < 5000; ++i) t.Upsert("x" + std::to_string(i), "v", true);
  FinishRehash(t);
  for (int i = 0; i < 5000; ++i) t.Erase("x" + std::to_string(i));
  for (int i = 0; i < 100; ++i) ASSERT_NE(t.Random(rng), nullptr);
}

TEST(HashTableTest, RandomIsFairAcrossChains) {
  CompactStringMap t;
  Rng rng(7);
  for (int i = 0; i < 100; ++i) t.Upsert(Key(i), "v", true);
  FinishRehash(t);
  std::map<std::string, int> hits;
  for (int i = 0; i < 100000; ++i) ++hits[std::string(CompactStringMap::Key(t.Random(rng)))];
  ASSERT_EQ(hits.size(), 100u);
  // 1000 expected per element; chains of 1 to 4 must not skew that.
  for (const auto& [key, n] : hits) {
    EXPECT_GT(n, 800) << key;
    EXPECT_LT(n, 1200) << key;
  }
}

TEST(HashTableTest, AllocatedBytesTracksBlocks) {
  CompactStringMap t;
  EXPECT_EQ(t.AllocatedBytes(), 0u);
  for (int i = 0; i < 1000; ++i) t.Upsert(Key(i), "value", true);
  const size_t full = t.AllocatedBytes();
  // At least the payload (8-byte link, 2 length bytes, key, value) per element.
  EXPECT_GE(full, 1000u * (8 + 2 + 8 + 5));
  EXPECT_LT(full, 1000u * 64);
  t.Upsert(Key(1), std::string(1000, 'x'), true);
  EXPECT_GT(t.AllocatedBytes(), full + 900);
  for (int i = 0; i < 1000; ++i) t.Erase(Key(i));
  FinishRehash(t);
  EXPECT_LE(t.AllocatedBytes(), 64u);  // the smallest bucket array only
  t.Clear();
  EXPECT_EQ(t.AllocatedBytes(), 0u);
}

}  // namespace
}  // namespace shoal
