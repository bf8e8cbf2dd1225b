// The sorted set's large encoding checked against a std::set model: random
// inserts, removals, score updates, rank and range queries and scans, from a
// fixed seed.

#include "node/keyspace/types/zset_index.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "node/keyspace/types/zset.h"

namespace shoal {
namespace {

using zset::ZNode;
using zset::ZSetIndex;

using Model = std::set<std::pair<double, std::string>>;

void ExpectSameOrder(const ZSetIndex& idx, const Model& model) {
  ASSERT_EQ(idx.size(), model.size());
  std::vector<std::pair<double, std::string>> got;
  idx.Walk(0, idx.size(), false, [&got](const ZNode* n) {
    got.emplace_back(n->score, std::string(n->member()));
    return true;
  });
  EXPECT_TRUE(std::equal(got.begin(), got.end(), model.begin(), model.end()));
  std::vector<std::pair<double, std::string>> rev;
  idx.Walk(0, idx.size(), true, [&rev](const ZNode* n) {
    rev.emplace_back(n->score, std::string(n->member()));
    return true;
  });
  EXPECT_TRUE(std::equal(rev.begin(), rev.end(), model.rbegin(), model.rend()));
}

TEST(ZSetIndexTest, RandomOperationsMatchModel) {
  std::mt19937_64 rng(12345);
  ZSetIndex idx(42);
  Model model;
  std::map<std::string, double> scores;
  for (int step = 0; step < 60000; ++step) {
    const std::string member = "m" + std::to_string(rng() % 3000);
    const double score = static_cast<double>(rng() % 200) / 4;
    const int op = static_cast<int>(rng() % 10);
    auto it = scores.find(member);
    if (op < 5) {
      if (it == scores.end()) {
        idx.Insert(member, score);
        model.emplace(score, member);
        scores[member] = score;
      } else {
        idx.UpdateScore(idx.Find(member), score);
        model.erase({it->second, member});
        model.emplace(score, member);
        it->second = score;
      }
    } else if (op < 8) {
      EXPECT_EQ(idx.Erase(member), it != scores.end());
      if (it != scores.end()) {
        model.erase({it->second, member});
        scores.erase(it);
      }
    } else if (it != scores.end()) {
      const ZNode* n = idx.Find(member);
      ASSERT_NE(n, nullptr);
      EXPECT_EQ(n->score, it->second);
      const size_t rank = std::distance(model.begin(), model.find({it->second, member}));
      EXPECT_EQ(idx.Rank(n), rank);
      EXPECT_EQ(idx.At(rank), n);
      const size_t below = std::distance(model.begin(), model.lower_bound({score, ""}));
      EXPECT_EQ(idx.CountBefore([score](const ZNode* x) { return x->score < score; }), below);
    } else {
      EXPECT_EQ(idx.Find(member), nullptr);
    }
    if (step % 10000 == 0) ExpectSameOrder(idx, model);
  }
  ExpectSameOrder(idx, model);
  // Drain it completely, then reuse.
  for (const auto& [m, s] : scores) EXPECT_TRUE(idx.Erase(m));
  EXPECT_EQ(idx.size(), 0u);
  idx.Insert("again", 1);
  EXPECT_EQ(idx.Rank(idx.Find("again")), 0u);
}

TEST(ZSetIndexTest, AscendingInsertsAndLongMembers) {
  ZSetIndex idx(1);
  Model model;
  for (int i = 0; i < 20000; ++i) {
    const std::string m =
        i % 997 == 0 ? std::string(300 + i % 7, 'x') + std::to_string(i) : "k" + std::to_string(i);
    idx.Insert(m, i);
    model.emplace(i, m);
  }
  ExpectSameOrder(idx, model);
  EXPECT_EQ(idx.At(19999)->score, 19999);
  // Ascending inserts fill leaves: well under 20 bytes of tree per member.
  EXPECT_LT(idx.allocated_bytes(), 20000u * (32 + 8 + 20) + 20 * 1024);
}

TEST(ZSetIndexTest, DeletionsGiveMemoryBack) {
  std::mt19937_64 rng(99);
  ZSetIndex idx(3);
  Model model;
  for (int i = 0; i < 50000; ++i) {
    const std::string m = "x" + std::to_string(i);
    const double s = static_cast<double>(rng() % 100000);
    idx.Insert(m, s);
    model.emplace(s, m);
  }
  const size_t full = idx.allocated_bytes();
  std::vector<std::pair<double, std::string>> all(model.begin(), model.end());
  for (size_t i = 0; i < all.size(); ++i) {
    if (i % 50 == 0) continue;  // keep 2%
    EXPECT_TRUE(idx.Erase(all[i].second));
    model.erase(all[i]);
  }
  ExpectSameOrder(idx, model);
  for (size_t r = 0; r < model.size(); r += 97) {
    EXPECT_EQ(idx.Rank(idx.At(r)), r);
  }
  // The hash shrinks by incremental rehashing, which lookups drive.
  for (int i = 0; i < 100000; ++i) idx.Find("probe");
  EXPECT_LT(idx.allocated_bytes(), full / 10);
}

TEST(ZSetIndexTest, ScanReportsEveryMemberAcrossResizes) {
  ZSetIndex idx(7);
  for (int i = 0; i < 5000; ++i) idx.Insert("a" + std::to_string(i), i);
  std::unordered_set<std::string> seen;
  uint64_t cursor = 0;
  int calls = 0;
  do {
    cursor = idx.Scan(cursor, [&seen](const ZNode* n) { seen.emplace(n->member()); });
    // Grow and shrink while the scan runs; members a0..a4999 stay.
    if (calls == 50) {
      for (int i = 0; i < 20000; ++i) idx.Insert("b" + std::to_string(i), i);
    }
    if (calls == 400) {
      for (int i = 0; i < 20000; ++i) idx.Erase("b" + std::to_string(i));
    }
    ++calls;
  } while (cursor != 0 && calls < 1000000);
  for (int i = 0; i < 5000; ++i) EXPECT_TRUE(seen.count("a" + std::to_string(i))) << i;
}

TEST(ZSetScoreTest, ScoreToStringMatchesD2String) {
  EXPECT_EQ(ScoreToString(1), "1");
  EXPECT_EQ(ScoreToString(-3), "-3");
  EXPECT_EQ(ScoreToString(1.5), "1.5");
  EXPECT_EQ(ScoreToString(0.1), "0.10000000000000001");
  EXPECT_EQ(ScoreToString(-0.0), "0");
  EXPECT_EQ(ScoreToString(0.0), "0");
  EXPECT_EQ(ScoreToString(1e20), "1e+20");
  EXPECT_EQ(ScoreToString(4503599627370495.0), "4503599627370495");
  EXPECT_EQ(ScoreToString(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(ScoreToString(-std::numeric_limits<double>::infinity()), "-inf");
}

TEST(ZSetValueTest, AdoptsListpackPairs) {
  Listpack lp;
  for (const char* s : {"a", "1", "b", "2.5", "c", "inf"}) lp.Append(s);
  ZSetLimits limits;
  std::unique_ptr<ZSetValue> z = ZSetValue::FromListpack(lp, limits, 1);
  ASSERT_NE(z, nullptr);
  EXPECT_EQ(z->encoding(), Encoding::kListpack);
  EXPECT_EQ(z->Size(), 3u);
  EXPECT_EQ(z->Score("b"), 2.5);
  ASSERT_NE(z->listpack(), nullptr);
  EXPECT_EQ(z->listpack()->data(), lp.data());
  limits.max_entries = 2;
  z = ZSetValue::FromListpack(lp, limits, 1);
  ASSERT_NE(z, nullptr);
  EXPECT_EQ(z->encoding(), Encoding::kSkiplist);
  EXPECT_EQ(z->listpack(), nullptr);
  EXPECT_EQ(z->Rank("c", nullptr), 2u);
  Listpack odd = lp;
  odd.Append("d");
  EXPECT_EQ(ZSetValue::FromListpack(odd, limits, 1), nullptr);
  Listpack bad;
  bad.Append("a");
  bad.Append("1x");
  EXPECT_EQ(ZSetValue::FromListpack(bad, limits, 1), nullptr);
}

}  // namespace
}  // namespace shoal
