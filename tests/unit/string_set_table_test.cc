// StringSetTable: membership against a model, incremental growth and
// shrinking, the scan guarantee across rehashes, random members, memory.

#include "node/keyspace/types/string_set_table.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <unordered_set>

#include "common/rng.h"

namespace shoal {
namespace {

std::string Member(int i) { return "member:" + std::to_string(i); }

std::set<std::string> All(const StringSetTable& t) {
  std::set<std::string> out;
  t.ForEach([&out](std::string_view m) { out.emplace(m); });
  return out;
}

TEST(StringSetTableTest, InsertEraseContains) {
  StringSetTable t;
  EXPECT_TRUE(t.Empty());
  EXPECT_TRUE(t.Insert("a"));
  EXPECT_FALSE(t.Insert("a"));
  EXPECT_TRUE(t.Insert(""));
  EXPECT_TRUE(t.Insert(std::string(300, 'x')));  // multi-byte length prefix
  EXPECT_TRUE(t.Contains(std::string(300, 'x')));
  EXPECT_FALSE(t.Contains(std::string(299, 'x')));
  EXPECT_TRUE(t.Contains(""));
  EXPECT_EQ(t.Size(), 3u);
  EXPECT_TRUE(t.Erase("a"));
  EXPECT_FALSE(t.Erase("a"));
  EXPECT_EQ(All(t), (std::set<std::string>{"", std::string(300, 'x')}));
}

TEST(StringSetTableTest, RandomOperationsMatchModel) {
  Rng rng(11);
  StringSetTable t;
  std::unordered_set<std::string> model;
  for (int i = 0; i < 20000; ++i) {
    const std::string m = Member(static_cast<int>(rng.Uniform(3000)));
    switch (rng.Uniform(3)) {
      case 0:
        EXPECT_EQ(t.Erase(m), model.erase(m) == 1);
        break;
      case 1:
        EXPECT_EQ(t.Contains(m), model.count(m) == 1);
        break;
      default:
        EXPECT_EQ(t.Insert(m), model.insert(m).second);
    }
    ASSERT_EQ(t.Size(), model.size());
  }
  EXPECT_EQ(All(t), std::set<std::string>(model.begin(), model.end()));
}

TEST(StringSetTableTest, GrowsIncrementally) {
  StringSetTable t;
  for (int i = 0; i < 4; ++i) t.Insert(Member(i));
  EXPECT_EQ(t.BucketCount(), 4u);
  EXPECT_FALSE(t.IsRehashing());
  t.Insert(Member(4));  // load factor 1 reached: a bigger table is started
  EXPECT_TRUE(t.IsRehashing());
  EXPECT_EQ(t.BucketCount(), 4u + 8u);
  // Every later operation moves a bucket or a few; a few finish the job.
  for (int i = 0; i < 10 && t.IsRehashing(); ++i) t.Contains(Member(0));
  EXPECT_FALSE(t.IsRehashing());
  EXPECT_EQ(t.BucketCount(), 8u);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(t.Contains(Member(i)));
}

TEST(StringSetTableTest, ShrinksWhenSparse) {
  StringSetTable t;
  for (int i = 0; i < 1000; ++i) t.Insert(Member(i));
  while (t.RehashSteps(100)) {
  }
  EXPECT_EQ(t.BucketCount(), 1024u);
  for (int i = 0; i < 990; ++i) t.Erase(Member(i));
  for (int i = 0; i < 100 && t.IsRehashing(); ++i) t.RehashSteps(100);
  EXPECT_LE(t.BucketCount(), 16u);
  for (int i = 990; i < 1000; ++i) EXPECT_TRUE(t.Contains(Member(i)));
  EXPECT_EQ(t.Size(), 10u);
}

// Scans the table, changing it between steps with `mutate`, and checks every
// member present throughout was reported.
template <typename Mutate>
void CheckScanGuarantee(StringSetTable& t, const std::set<std::string>& stable, Mutate mutate) {
  std::set<std::string> seen;
  uint64_t cursor = 0;
  int steps = 0;
  do {
    cursor = t.Scan(cursor, [&seen](std::string_view m) { seen.emplace(m); });
    mutate(steps);
    ASSERT_LT(++steps, 1 << 20);
  } while (cursor != 0);
  for (const std::string& m : stable) EXPECT_TRUE(seen.count(m)) << m;
}

TEST(StringSetTableTest, ScanWhileGrowing) {
  StringSetTable t;
  std::set<std::string> stable;
  for (int i = 0; i < 100; ++i) {
    t.Insert(Member(i));
    stable.insert(Member(i));
  }
  int next = 100;
  // Growth stops at some point: a table that keeps doubling keeps the
  // scan going.
  CheckScanGuarantee(t, stable, [&](int) {
    for (int k = 0; k < 20 && next < 5000; ++k) t.Insert(Member(next++));
  });
}

TEST(StringSetTableTest, ScanWhileShrinking) {
  StringSetTable t;
  std::set<std::string> stable;
  for (int i = 0; i < 5000; ++i) t.Insert(Member(i));
  for (int i = 0; i < 20; ++i) stable.insert(Member(i));
  int next = 20;
  CheckScanGuarantee(t, stable, [&](int) {
    for (int k = 0; k < 200 && next < 5000; ++k) t.Erase(Member(next++));
  });
}

TEST(StringSetTableTest, ScanWhileRehashingBothWays) {
  StringSetTable t;
  std::set<std::string> stable;
  for (int i = 0; i < 64; ++i) {
    t.Insert("stable" + std::to_string(i));
    stable.insert("stable" + std::to_string(i));
  }
  int next = 0;
  CheckScanGuarantee(t, stable, [&](int step) {
    // Alternate bursts of growth and of removal, so scans see both kinds of
    // rehash in progress.
    if (step > 400) return;
    if ((step / 8) % 2 == 0) {
      for (int k = 0; k < 50; ++k) t.Insert(Member(next++));
    } else {
      for (int k = 0; k < 60 && next > 0; ++k) t.Erase(Member(--next));
    }
  });
}

TEST(StringSetTableTest, ScanDuringRehashReportsAll) {
  StringSetTable t;
  for (int i = 0; i < 64; ++i) t.Insert(Member(i));
  while (t.RehashSteps(100)) {
  }
  t.Insert(Member(64));
  ASSERT_TRUE(t.IsRehashing());
  std::set<std::string> seen;
  uint64_t cursor = 0;
  do {
    cursor = t.Scan(cursor, [&seen](std::string_view m) { seen.emplace(m); });
  } while (cursor != 0);
  EXPECT_EQ(seen.size(), 65u);
}

// Entries change shape (with or without a next field) as they move between
// chains; members must survive every kind of move intact.
TEST(StringSetTableTest, MembersSurviveReshaping) {
  StringSetTable t;
  std::set<std::string> model;
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 3000; ++i) {
      std::string m = std::string(static_cast<size_t>(i % 200), 'a') + std::to_string(i);
      t.Insert(m);
      model.insert(m);
    }
    for (int i = 0; i < 2900; ++i) {
      std::string m = std::string(static_cast<size_t>(i % 200), 'a') + std::to_string(i);
      t.Erase(m);
      model.erase(m);
    }
  }
  EXPECT_EQ(All(t), model);
  for (const std::string& m : model) EXPECT_TRUE(t.Contains(m));
}

TEST(StringSetTableTest, RandomMembersCoverTheSet) {
  Rng rng(5);
  StringSetTable t;
  for (int i = 0; i < 50; ++i) t.Insert(Member(i));
  std::map<std::string, int> hits;
  for (int i = 0; i < 20000; ++i) hits[std::string(t.RandomMember(rng))]++;
  EXPECT_EQ(hits.size(), 50u);
  for (const auto& [m, n] : hits) {
    // 400 each if perfectly fair; the sampled runs of buckets keep it close.
    EXPECT_GT(n, 120) << m;
    EXPECT_LT(n, 1000) << m;
  }
}

TEST(StringSetTableTest, RandomMemberWhileRehashing) {
  Rng rng(9);
  StringSetTable t;
  for (int i = 0; i < 1000; ++i) t.Insert(Member(i));
  for (int i = 0; i < 995; ++i) t.Erase(Member(i));
  for (int i = 0; i < 100; ++i) {
    const std::string m(t.RandomMember(rng));
    EXPECT_TRUE(t.Contains(m)) << m;
  }
}

TEST(StringSetTableTest, AllocatedBytesTracksMembers) {
  StringSetTable t;
  const size_t empty = t.AllocatedBytes();
  for (int i = 0; i < 1000; ++i) t.Insert(Member(i));
  while (t.RehashSteps(100)) {
  }
  const size_t full = t.AllocatedBytes();
  // ~24-byte entries plus 8-byte buckets: well under Redis's ~50 per member.
  EXPECT_GT(full - empty, 1000u * 20);
  EXPECT_LT(full - empty, 1000u * 40);
  t.Clear();
  EXPECT_EQ(t.AllocatedBytes(), empty);
}

TEST(StringSetTableTest, CopyIsDeep) {
  StringSetTable a;
  for (int i = 0; i < 100; ++i) a.Insert(Member(i));
  StringSetTable b(a);
  b.Erase(Member(0));
  EXPECT_TRUE(a.Contains(Member(0)));
  EXPECT_EQ(All(b).size(), 99u);
  StringSetTable c = std::move(b);
  EXPECT_EQ(c.Size(), 99u);
  EXPECT_EQ(b.Size(), 0u);  // NOLINT(bugprone-use-after-move): moved-from is empty
}

}  // namespace
}  // namespace shoal
