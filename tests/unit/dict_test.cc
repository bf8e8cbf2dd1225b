#include "common/dict.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/rng.h"

namespace shoal {
namespace {

using StrDict = Dict<std::string, int>;

std::string Key(int i) { return "key:" + std::to_string(i); }

// Runs rehash steps until the dict is settled (bounded).
template <typename D>
void FinishRehash(D& d) {
  for (int i = 0; i < 1'000'000 && d.RehashSteps(100); ++i) {
  }
  ASSERT_FALSE(d.IsRehashing());
}

TEST(DictHashTest, StringAndViewHashAlikeAndSeedMatters) {
  DictHash a(1);
  DictHash b(2);
  const std::string s = "hello world, this is longer than sixteen bytes";
  EXPECT_EQ(a(s), a(std::string_view(s)));
  EXPECT_NE(a(s), b(s));
  // Every length class (0, 1-3, 4-7, 8-16, >16) distinguishes a one-byte change.
  for (size_t len = 0; len < 40; ++len) {
    std::string x(len, 'x');
    std::string y = x + "y";
    EXPECT_NE(a(x), a(y)) << len;
    if (len > 0) {
      std::string z = x;
      z[len / 2] = 'z';
      EXPECT_NE(a(x), a(z)) << len;
    }
  }
  EXPECT_NE(a(1), a(2));
}

TEST(DictTest, InsertFindErase) {
  StrDict d;
  EXPECT_EQ(d.Size(), 0u);
  EXPECT_EQ(d.Find("a"), nullptr);
  auto [n, inserted] = d.Insert("a", 1);
  EXPECT_TRUE(inserted);
  EXPECT_EQ(n->key, "a");
  EXPECT_EQ(n->value, 1);
  auto [n2, inserted2] = d.Insert("a", 2);
  EXPECT_FALSE(inserted2);
  EXPECT_EQ(n2, n);
  EXPECT_EQ(n2->value, 1);
  d.InsertOrAssign(std::string_view("a"), 3);
  EXPECT_EQ(*d.Find("a"), 3);
  EXPECT_EQ(d.Size(), 1u);
  EXPECT_TRUE(d.Erase(std::string_view("a")));
  EXPECT_FALSE(d.Erase("a"));
  EXPECT_EQ(d.Size(), 0u);
  EXPECT_EQ(d.BucketCount(), 0u) << "an empty dict releases its table";
}

TEST(DictTest, HeterogeneousLookupByStringView) {
  StrDict d;
  const char buf[] = "abcdef";
  std::string_view view(buf, 3);
  auto [n, inserted] = d.TryEmplace(view, 7);
  ASSERT_TRUE(inserted);
  EXPECT_EQ(n->key, "abc");
  EXPECT_EQ(*d.Find(std::string_view("abc")), 7);
  EXPECT_TRUE(std::as_const(d).Contains("abc"));
  EXPECT_EQ(d.Extract(view), std::optional<int>(7));
  EXPECT_EQ(d.Extract(view), std::nullopt);
}

TEST(DictTest, GrowsAndShrinksIncrementallyKeepingEveryKey) {
  StrDict d;
  constexpr int kN = 5000;
  std::set<size_t> sizes_seen;
  bool saw_rehash = false;
  for (int i = 0; i < kN; ++i) {
    ASSERT_TRUE(d.Insert(Key(i), i).second);
    saw_rehash |= d.IsRehashing();
    sizes_seen.insert(d.BucketCount());
    // Spot check an old key while rehashing is in progress.
    ASSERT_NE(d.Find(Key(i / 2)), nullptr) << i;
  }
  EXPECT_TRUE(saw_rehash);
  EXPECT_EQ(d.Size(), static_cast<size_t>(kN));
  for (int i = 0; i < kN; ++i) ASSERT_EQ(*d.Find(Key(i)), i);
  FinishRehash(d);
  EXPECT_EQ(d.BucketCount(), 8192u);  // load factor 1: next power of two
  const size_t big = d.BucketCount();

  // Erase 99%: the table must shrink (incrementally) while lookups still work.
  for (int i = 0; i < kN; ++i) {
    if (i % 100 == 0) continue;
    ASSERT_TRUE(d.Erase(Key(i)));
    if (i % 97 == 0) {
      ASSERT_EQ(*d.Find(Key(0)), 0);
    }
  }
  FinishRehash(d);
  EXPECT_EQ(d.Size(), 50u);
  EXPECT_LT(d.BucketCount(), big / 10);
  EXPECT_GE(d.BucketCount(), d.Size());
  for (int i = 0; i < kN; i += 100) ASSERT_EQ(*d.Find(Key(i)), i);
  for (int i = 1; i < kN; i += 100) ASSERT_EQ(d.Find(Key(i)), nullptr);
}

TEST(DictTest, RehashIsIncrementalNotOneShot) {
  StrDict d;
  for (int i = 0; i < 1024; ++i) d.Insert(Key(i), i);
  FinishRehash(d);
  ASSERT_EQ(d.BucketCount(), 1024u);
  d.Insert(Key(1024), 1024);  // crosses load factor 1
  ASSERT_TRUE(d.IsRehashing());
  EXPECT_EQ(d.BucketCount(), 1024u + 2048u);
  // One operation moves one bucket (plus bounded empty visits), not all.
  d.Find(Key(1));
  EXPECT_TRUE(d.IsRehashing());
  FinishRehash(d);
  EXPECT_EQ(d.BucketCount(), 2048u);
  EXPECT_EQ(d.Size(), 1025u);
}

TEST(DictTest, ForEachVisitsEveryEntryOnceEvenMidRehash) {
  StrDict d;
  for (int i = 0; i < 1025; ++i) d.Insert(Key(i), i);
  ASSERT_TRUE(d.IsRehashing());
  std::map<std::string, int> seen;
  d.ForEach([&](const std::string& k, int& v) { seen[k] += 1; });
  EXPECT_EQ(seen.size(), 1025u);
  for (const auto& [k, times] : seen) EXPECT_EQ(times, 1) << k;
  // Early stop when the callback returns false.
  int visited = 0;
  std::as_const(d).ForEach([&](const std::string&, const int&) { return ++visited < 10; });
  EXPECT_EQ(visited, 10);
}

TEST(DictTest, ClearSwapAndMove) {
  StrDict a;
  StrDict b;
  for (int i = 0; i < 100; ++i) a.Insert(Key(i), i);
  b.Insert("only", 1);
  a.swap(b);
  EXPECT_EQ(a.Size(), 1u);
  EXPECT_EQ(b.Size(), 100u);
  EXPECT_EQ(*b.Find(Key(42)), 42);
  StrDict c(std::move(b));
  EXPECT_EQ(c.Size(), 100u);
  EXPECT_EQ(b.Size(), 0u);  // NOLINT: moved-from dict is empty by contract
  c.Clear();
  EXPECT_EQ(c.Size(), 0u);
  EXPECT_EQ(c.Find(Key(1)), nullptr);
  c.Insert("again", 2);
  EXPECT_EQ(*c.Find("again"), 2);
}

TEST(DictTest, NodesAreStableAcrossRehash) {
  StrDict d;
  auto* first = d.Insert("first", 1).first;
  for (int i = 0; i < 3000; ++i) d.Insert(Key(i), i);
  FinishRehash(d);
  EXPECT_EQ(d.FindNode("first"), first);
  EXPECT_EQ(first->key, "first");
}

TEST(DictTest, ReserveAvoidsGrowth) {
  StrDict d;
  d.Reserve(1000);
  EXPECT_EQ(d.BucketCount(), 1024u);
  for (int i = 0; i < 1000; ++i) d.Insert(Key(i), i);
  EXPECT_FALSE(d.IsRehashing());
  EXPECT_EQ(d.BucketCount(), 1024u);
}

TEST(DictTest, IntegerKeys) {
  Dict<int64_t, std::string> d;
  for (int64_t i = -500; i < 500; ++i) d.Insert(i, std::to_string(i));
  for (int64_t i = -500; i < 500; ++i) ASSERT_EQ(*d.Find(i), std::to_string(i));
  EXPECT_EQ(d.Find(int64_t{500}), nullptr);
}

TEST(DictTest, RandomNodeReachesEveryEntry) {
  StrDict d;
  Rng rng(7);
  EXPECT_EQ(d.RandomNode(rng), nullptr);
  constexpr int kN = 50;
  for (int i = 0; i < kN; ++i) d.Insert(Key(i), i);
  std::set<int> seen;
  for (int i = 0; i < 5000 && seen.size() < kN; ++i) seen.insert(d.RandomNode(rng)->value);
  EXPECT_EQ(seen.size(), static_cast<size_t>(kN));
}

TEST(DictTest, RandomNodeOnSparseTableStillFindsTheEntry) {
  StrDict d;
  for (int i = 0; i < 4096; ++i) d.Insert(Key(i), i);
  FinishRehash(d);
  // Erase all but one; the shrink is in progress, and the old table is sparse.
  for (int i = 1; i < 4096; ++i) d.Erase(Key(i));
  Rng rng(1);
  for (int i = 0; i < 100; ++i) ASSERT_EQ(d.RandomNode(rng)->value, 0);
}

// ---------------------------------------------------------------------------
// SCAN guarantee
// ---------------------------------------------------------------------------

// Collects everything one full scan returns.
std::set<std::string> FullScan(StrDict& d) {
  std::set<std::string> seen;
  uint64_t cursor = 0;
  int calls = 0;
  do {
    cursor = d.Scan(cursor, [&](const std::string& k, int&) { seen.insert(k); });
  } while (cursor != 0 && ++calls < 10'000'000);
  return seen;
}

TEST(DictScanTest, FullScanOfStableTableReturnsEveryKeyOnce) {
  StrDict d;
  for (int i = 0; i < 1000; ++i) d.Insert(Key(i), i);
  std::map<std::string, int> counts;
  uint64_t cursor = 0;
  int calls = 0;
  FinishRehash(d);
  do {
    cursor = d.Scan(cursor, [&](const std::string& k, int&) { counts[k]++; });
  } while (cursor != 0 && ++calls < 100'000);
  EXPECT_EQ(counts.size(), 1000u);
  for (const auto& [k, c] : counts) EXPECT_EQ(c, 1) << k;
}

TEST(DictScanTest, EmptyDictScanEndsImmediately) {
  StrDict d;
  int calls = 0;
  EXPECT_EQ(d.Scan(0, [&](const std::string&, int&) { ++calls; }), 0u);
  EXPECT_EQ(calls, 0);
}

// Between SCAN calls the table grows, shrinks and sits mid-rehash; every key
// present for the whole scan must be reported.
void ScanUnderChurn(uint64_t seed) {
  Rng rng(seed);
  StrDict d;
  std::set<std::string> stable;
  const int stable_count = 1 + static_cast<int>(rng.Uniform(300));
  for (int i = 0; i < stable_count; ++i) {
    stable.insert("stable:" + std::to_string(i));
    d.Insert("stable:" + std::to_string(i), i);
  }
  // Transient keys come and go in waves so the table both grows and shrinks.
  std::vector<std::string> transient;
  int next_transient = 0;
  std::set<std::string> seen;
  uint64_t cursor = 0;
  size_t max_buckets = 0;
  size_t min_buckets = SIZE_MAX;
  for (int call = 0; call < 1'000'000; ++call) {
    cursor = d.Scan(cursor, [&](const std::string& k, int&) { seen.insert(k); });
    if (cursor == 0) break;
    const bool growing = (call / 40) % 2 == 0;
    const int ops = static_cast<int>(rng.Uniform(40));
    for (int op = 0; op < ops; ++op) {
      if (growing || transient.empty()) {
        transient.push_back("t:" + std::to_string(next_transient++));
        d.Insert(transient.back(), -1);
      } else {
        const size_t idx = rng.Uniform(transient.size());
        ASSERT_TRUE(d.Erase(transient[idx]));
        transient[idx] = transient.back();
        transient.pop_back();
      }
    }
    max_buckets = std::max(max_buckets, d.BucketCount());
    min_buckets = std::min(min_buckets, d.BucketCount());
  }
  ASSERT_EQ(cursor, 0u) << "scan must terminate";
  for (const auto& k : stable) ASSERT_TRUE(seen.count(k)) << "seed " << seed << " missed " << k;
  EXPECT_LT(min_buckets, max_buckets) << "the test should have resized the table";
}

TEST(DictScanTest, NeverMissesKeysWhileTableGrowsAndShrinks) {
  for (uint64_t seed = 1; seed <= 25; ++seed) {
    SCOPED_TRACE(seed);
    ScanUnderChurn(seed);
    if (HasFatalFailure()) return;
  }
}

TEST(DictScanTest, NeverMissesKeysAcrossShrinkToTiny) {
  StrDict d;
  for (int i = 0; i < 4000; ++i) d.Insert(Key(i), i);
  FinishRehash(d);
  std::set<std::string> seen;
  uint64_t cursor = 0;
  // A few steps into the scan, delete almost everything: the table shrinks
  // from 4096 buckets to a handful while the cursor is mid-way.
  for (int step = 0; step < 10; ++step) {
    cursor = d.Scan(cursor, [&](const std::string& k, int&) { seen.insert(k); });
  }
  for (int i = 0; i < 4000; ++i) {
    if (i % 1000 != 7) d.Erase(Key(i));
  }
  for (int calls = 0; cursor != 0 && calls < 100'000; ++calls) {
    cursor = d.Scan(cursor, [&](const std::string& k, int&) { seen.insert(k); });
  }
  EXPECT_EQ(cursor, 0u);
  for (int i = 7; i < 4000; i += 1000) EXPECT_TRUE(seen.count(Key(i))) << i;
}

TEST(DictScanTest, FullScanAfterChurnSeesCurrentContents) {
  StrDict d;
  for (int i = 0; i < 777; ++i) d.Insert(Key(i), i);
  auto seen = FullScan(d);
  EXPECT_EQ(seen.size(), 777u);
}

}  // namespace
}  // namespace shoal
