#include "node/keyspace/db.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "common/rng.h"

namespace shoal {
namespace {

// A clock whose monotonic time moves forward a fixed step every time it is
// read, so a time budget runs out after a known amount of work.
class SteppingClock final : public Clock {
 public:
  explicit SteppingClock(int64_t step_us) : step_us_(step_us) {}
  int64_t NowUs() const override { return 1'700'000'000'000'000; }
  int64_t MonotonicUs() const override { return mono_us_ += step_us_; }

 private:
  int64_t step_us_;
  mutable int64_t mono_us_ = 0;
};

class DbTest : public ::testing::Test {
 protected:
  DbTest() {
    env_.clock = &clock_;
    env_.rng = &rng_;
    env_.stats = &stats_;
    env_.on_expired = [this](int db, std::string_view key) {
      expired_.emplace_back(db, std::string(key));
    };
    db_ = std::make_unique<Db>(3, &env_);
  }

  Db& db() { return *db_; }
  int64_t Now() const { return clock_.NowMs(); }
  static std::string Key(int i) { return "key:" + std::to_string(i); }
  // Keys visited by SCAN from cursor 0 to the end, with fn run between calls.
  std::set<std::string> ScanAll(size_t count, const std::function<void()>& between = {}) {
    std::set<std::string> seen;
    uint64_t cursor = 0;
    for (int calls = 0; calls < 1'000'000; ++calls) {
      cursor =
          db().Scan(cursor, count, [&](std::string_view k, const Object&) { seen.emplace(k); });
      if (cursor == 0) break;
      if (between) between();
    }
    EXPECT_EQ(cursor, 0u);
    return seen;
  }

  ManualClock clock_;
  Rng rng_{42};
  KeyspaceStats stats_;
  KeyspaceEnv env_;
  std::vector<std::pair<int, std::string>> expired_;
  std::unique_ptr<Db> db_;
};

TEST_F(DbTest, SetFindAddDelete) {
  EXPECT_EQ(db().Find("a"), nullptr);
  db().Set("a", Object::String("1"));
  ASSERT_NE(db().Find("a"), nullptr);
  EXPECT_EQ(db().Find("a")->StringValue(), "1");
  EXPECT_TRUE(db().Exists("a"));
  EXPECT_EQ(db().Size(), 1u);
  EXPECT_FALSE(db().Add("a", Object::String("2")));
  EXPECT_EQ(db().Find("a")->StringValue(), "1");
  EXPECT_TRUE(db().Add("b", Object::String("2")));
  db().Set("a", Object::String("3"));  // overwrite keeps the count
  EXPECT_EQ(db().Size(), 2u);
  EXPECT_EQ(db().Find("a")->StringValue(), "3");
  EXPECT_TRUE(db().Delete("a"));
  EXPECT_FALSE(db().Delete("a"));
  EXPECT_EQ(db().Size(), 1u);
  EXPECT_TRUE(expired_.empty());
}

TEST_F(DbTest, LazyExpiryDeletesAndReports) {
  db().Set("k", Object::String("v"));
  db().SetExpireMs("k", Now() + 100);
  EXPECT_EQ(db().GetExpireMs("k"), Now() + 100);
  EXPECT_EQ(db().ExpiresSize(), 1u);
  clock_.AdvanceMs(100);
  EXPECT_NE(db().Find("k"), nullptr) << "a key expires only once now > when";
  clock_.AdvanceMs(1);
  EXPECT_EQ(db().Find("k"), nullptr);
  EXPECT_EQ(db().Size(), 0u);
  EXPECT_EQ(db().ExpiresSize(), 0u);
  ASSERT_EQ(expired_.size(), 1u);
  EXPECT_EQ(expired_[0], std::make_pair(3, std::string("k")));
  EXPECT_EQ(stats_.expired_keys, 1u);
}

TEST_F(DbTest, EveryLookupPathExpiresLazily) {
  for (int i = 0; i < 6; ++i) {
    db().Set(Key(i), Object::String("v"));
    db().SetExpireMs(Key(i), Now() + 10);
  }
  clock_.AdvanceMs(11);
  EXPECT_EQ(db().FindRead(Key(0)), nullptr);
  EXPECT_FALSE(db().Exists(Key(1)));
  EXPECT_FALSE(db().Delete(Key(2))) << "an expired key did not exist for DEL";
  EXPECT_TRUE(db().Add(Key(3), Object::String("new")));
  EXPECT_EQ(db().GetExpireMs(Key(3)), -1);
  EXPECT_FALSE(db().Extract(Key(4)).has_value());
  db().Set(Key(5), Object::String("new"), /*keep_ttl=*/true);
  EXPECT_EQ(db().GetExpireMs(Key(5)), -1) << "the expired key was deleted before the write";
  EXPECT_EQ(expired_.size(), 6u);
  EXPECT_EQ(stats_.expired_keys, 6u);
  EXPECT_EQ(db().Size(), 2u);
}

TEST_F(DbTest, ExpiredKeysAreHiddenButKeptWhenDeleteExpiredIsFalse) {
  env_.delete_expired = false;
  db().Set("k", Object::String("v"));
  db().SetExpireMs("k", Now() + 5);
  db().Set("live", Object::String("v"));
  clock_.AdvanceMs(10);
  EXPECT_EQ(db().Find("k"), nullptr);
  EXPECT_EQ(db().FindRead("k"), nullptr);
  EXPECT_EQ(db().Size(), 2u);
  EXPECT_EQ(db().ExpiresSize(), 1u);
  EXPECT_TRUE(expired_.empty());
  EXPECT_EQ(stats_.expired_keys, 0u);
  EXPECT_EQ(db().ActiveExpireCycle(1'000'000), 0u) << "replicas do not actively expire";
  EXPECT_EQ(db().Size(), 2u);
  std::set<std::string> live;
  db().ForEachKey([&](std::string_view k, const Object&) { live.emplace(k); });
  EXPECT_EQ(live, std::set<std::string>({"live"}));
  // The master's DEL removes it.
  EXPECT_FALSE(db().Delete("k"));
  EXPECT_EQ(db().Size(), 1u);
  EXPECT_TRUE(expired_.empty());
}

TEST_F(DbTest, HiddenKeyIsReplacedByAdd) {
  env_.delete_expired = false;
  db().Set("k", Object::String("old"));
  db().SetExpireMs("k", Now() + 5);
  clock_.AdvanceMs(10);
  EXPECT_TRUE(db().Add("k", Object::String("new")));
  ASSERT_NE(db().Find("k"), nullptr);
  EXPECT_EQ(db().Find("k")->StringValue(), "new");
  EXPECT_EQ(db().GetExpireMs("k"), -1);
  EXPECT_EQ(db().Size(), 1u);
}

TEST_F(DbTest, FindReadCountsHitsAndMissesAndTouchesLru) {
  db().Set("k", Object::String("v"));
  const uint32_t set_lru = db().Find("k")->lru();
  EXPECT_EQ(set_lru, static_cast<uint32_t>((Now() / 1000) & 0xFFFFFF));
  clock_.AdvanceMs(5000);
  ASSERT_NE(db().Find("k"), nullptr);
  EXPECT_EQ(db().Find("k")->lru(), set_lru) << "Find does not touch";
  ASSERT_NE(db().FindRead("k"), nullptr);
  EXPECT_EQ(db().Find("k")->lru(), set_lru + 5);
  EXPECT_EQ(db().FindRead("nope"), nullptr);
  EXPECT_EQ(stats_.keyspace_hits, 1u);
  EXPECT_EQ(stats_.keyspace_misses, 1u);
}

TEST_F(DbTest, TtlManagement) {
  db().Set("k", Object::String("v"));
  EXPECT_EQ(db().GetExpireMs("k"), -1);
  EXPECT_FALSE(db().Persist("k"));
  db().SetExpireMs("k", Now() + 1000);
  db().Set("k", Object::String("v2"), /*keep_ttl=*/true);
  EXPECT_EQ(db().GetExpireMs("k"), Now() + 1000);
  db().Set("k", Object::String("v3"));
  EXPECT_EQ(db().GetExpireMs("k"), -1) << "SET clears the TTL";
  db().SetExpireMs("k", Now() + 1000);
  EXPECT_TRUE(db().Persist("k"));
  EXPECT_EQ(db().GetExpireMs("k"), -1);
  EXPECT_EQ(db().ExpiresSize(), 0u);
  db().SetExpireMs("absent", Now() + 1000);
  EXPECT_EQ(db().ExpiresSize(), 0u) << "SetExpireMs on a missing key is a no-op";
  db().SetExpireMs("k", Now() + 1000);
  EXPECT_TRUE(db().Delete("k"));
  EXPECT_EQ(db().ExpiresSize(), 0u) << "DEL drops the TTL too";
}

TEST_F(DbTest, ExtractAndInsertCarryValueTtlAndLru) {
  db().Set("src", Object::String("payload"));
  db().SetExpireMs("src", Now() + 777);
  db().Find("src")->set_lru(12345);
  auto taken = db().Extract("src");
  ASSERT_TRUE(taken.has_value());
  EXPECT_EQ(taken->value.StringValue(), "payload");
  EXPECT_EQ(taken->expire_ms, Now() + 777);
  EXPECT_EQ(db().Size(), 0u);
  EXPECT_EQ(db().ExpiresSize(), 0u);
  EXPECT_FALSE(db().Extract("src").has_value());

  db().Set("dst", Object::String("old"));
  db().SetExpireMs("dst", Now() + 5);
  db().Insert("dst", std::move(taken->value), taken->expire_ms);
  EXPECT_EQ(db().Find("dst")->StringValue(), "payload");
  EXPECT_EQ(db().Find("dst")->lru(), 12345u);
  EXPECT_EQ(db().GetExpireMs("dst"), Now() + 777);
  db().Insert("dst", Object::String("x"), -1);
  EXPECT_EQ(db().GetExpireMs("dst"), -1);
  EXPECT_EQ(db().Size(), 1u);
}

TEST_F(DbTest, SwapContentsExchangesKeysAndTtls) {
  Db other(7, &env_);
  db().Set("mine", Object::String("1"));
  db().SetExpireMs("mine", Now() + 10);
  other.Set("theirs", Object::String("2"));
  other.Set("theirs2", Object::String("3"));
  db().SwapContents(other);
  EXPECT_EQ(db().index(), 3);
  EXPECT_EQ(other.index(), 7);
  EXPECT_EQ(db().Size(), 2u);
  EXPECT_EQ(other.Size(), 1u);
  EXPECT_NE(db().Find("theirs"), nullptr);
  EXPECT_EQ(db().Find("mine"), nullptr);
  EXPECT_EQ(other.GetExpireMs("mine"), Now() + 10);
  clock_.AdvanceMs(11);
  EXPECT_EQ(other.Find("mine"), nullptr);
  ASSERT_EQ(expired_.size(), 1u);
  EXPECT_EQ(expired_[0].first, 7) << "expiry is reported under the db's own index";
}

TEST_F(DbTest, ClearEmptiesEverything) {
  for (int i = 0; i < 100; ++i) {
    db().Set(Key(i), Object::String("v"));
    db().SetExpireMs(Key(i), Now() + 1000);
  }
  db().Clear();
  EXPECT_EQ(db().Size(), 0u);
  EXPECT_EQ(db().ExpiresSize(), 0u);
  EXPECT_EQ(db().Find(Key(1)), nullptr);
  EXPECT_FALSE(db().RandomKey().has_value());
  EXPECT_EQ(db().Scan(0, 10, [](std::string_view, const Object&) {}), 0u);
  db().Set("again", Object::String("v"));
  EXPECT_EQ(db().Size(), 1u);
}

TEST_F(DbTest, SlotsAndHashTags) {
  db().Set("{user1000}.following", Object::String("a"));
  db().Set("{user1000}.followers", Object::String("b"));
  db().Set("other", Object::String("c"));
  const int slot = KeyHashSlot("user1000");
  EXPECT_EQ(db().CountKeysInSlot(slot), 2u);
  auto keys = db().GetKeysInSlot(slot, 10);
  EXPECT_EQ(std::set<std::string>(keys.begin(), keys.end()),
            std::set<std::string>({"{user1000}.following", "{user1000}.followers"}));
  EXPECT_EQ(db().GetKeysInSlot(slot, 1).size(), 1u);
  EXPECT_EQ(db().GetKeysInSlot(slot, 0).size(), 0u);
  EXPECT_EQ(db().CountKeysInSlot(KeyHashSlot("other")), 1u);
  EXPECT_EQ(db().CountKeysInSlot(-1), 0u);
  EXPECT_EQ(db().CountKeysInSlot(kNumSlots), 0u);
  EXPECT_TRUE(db().GetKeysInSlot(kNumSlots, 5).empty());
}

TEST_F(DbTest, ScanReturnsEveryKeyAcrossSlotsExactlyOnceWhenStable) {
  for (int i = 0; i < 3000; ++i) db().Set(Key(i), Object::String("v"));
  std::map<std::string, int> counts;
  uint64_t cursor = 0;
  int calls = 0;
  do {
    cursor =
        db().Scan(cursor, 10, [&](std::string_view k, const Object&) { counts[std::string(k)]++; });
  } while (cursor != 0 && ++calls < 100'000);
  EXPECT_EQ(counts.size(), 3000u);
  for (const auto& [k, c] : counts) EXPECT_EQ(c, 1) << k;
}

TEST_F(DbTest, ScanNeverMissesStableKeysUnderChurn) {
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    SCOPED_TRACE(seed);
    db().Clear();
    Rng rng(seed);
    std::set<std::string> stable;
    for (int i = 0; i < 2000; ++i) {
      stable.insert(Key(i));
      db().Set(Key(i), Object::String("v"));
    }
    // Some stable keys share a slot, so slot tables grow and shrink too.
    for (int i = 0; i < 200; ++i) {
      const std::string k = "{hot}" + std::to_string(i);
      stable.insert(k);
      db().Set(k, Object::String("v"));
    }
    std::vector<std::string> transient;
    int next = 0;
    int call = 0;
    auto churn = [&] {
      const bool grow = (call++ / 20) % 2 == 0;
      for (int op = 0; op < 50; ++op) {
        if (grow || transient.empty()) {
          transient.push_back((op % 2 ? "{hot}t" : "t") + std::to_string(next++));
          db().Set(transient.back(), Object::String("t"));
        } else {
          const size_t idx = rng.Uniform(transient.size());
          ASSERT_TRUE(db().Delete(transient[idx]));
          transient[idx] = transient.back();
          transient.pop_back();
        }
      }
    };
    auto seen = ScanAll(1 + rng.Uniform(20), churn);
    for (const auto& k : stable) ASSERT_TRUE(seen.count(k)) << "missed " << k;
  }
}

TEST_F(DbTest, ScanSkipsAndDeletesExpiredKeys) {
  for (int i = 0; i < 100; ++i) {
    db().Set(Key(i), Object::String("v"));
    if (i % 2 == 0) db().SetExpireMs(Key(i), Now() + 10);
  }
  clock_.AdvanceMs(11);
  auto seen = ScanAll(7);
  EXPECT_EQ(seen.size(), 50u);
  for (int i = 1; i < 100; i += 2) EXPECT_TRUE(seen.count(Key(i)));
  EXPECT_EQ(db().Size(), 50u);
  EXPECT_EQ(expired_.size(), 50u);
}

TEST_F(DbTest, ScanWalksSlotsInOrderWithSlotInLowBits) {
  for (int i = 0; i < 200; ++i) db().Set(Key(i), Object::String("v"));
  int last_key_slot = -1;
  int last_cursor_slot = 0;
  uint64_t cursor = 0;
  size_t keys = 0;
  for (int calls = 0; calls < 100'000; ++calls) {
    cursor = db().Scan(cursor, 1, [&](std::string_view k, const Object&) {
      EXPECT_GE(KeyHashSlot(k), last_key_slot) << k;
      last_key_slot = KeyHashSlot(k);
      ++keys;
    });
    if (cursor == 0) break;
    const int cursor_slot = static_cast<int>(cursor & (kNumSlots - 1));
    EXPECT_GE(cursor_slot, last_cursor_slot);
    EXPECT_GT(db().CountKeysInSlot(cursor_slot), 0u) << "cursors point at non-empty slots";
    last_cursor_slot = cursor_slot;
  }
  EXPECT_EQ(cursor, 0u);
  EXPECT_EQ(keys, 200u);
}

TEST_F(DbTest, RandomKeyReachesAllKeysAndSkipsExpired) {
  EXPECT_FALSE(db().RandomKey().has_value());
  for (int i = 0; i < 30; ++i) db().Set(Key(i), Object::String("v"));
  std::set<std::string> seen;
  for (int i = 0; i < 3000 && seen.size() < 30; ++i) seen.insert(*db().RandomKey());
  EXPECT_EQ(seen.size(), 30u);

  for (int i = 0; i < 29; ++i) db().SetExpireMs(Key(i), Now() + 1);
  clock_.AdvanceMs(2);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(db().RandomKey(), Key(29));
  EXPECT_EQ(db().Size(), 1u) << "expired keys met by RANDOMKEY are deleted";
  db().SetExpireMs(Key(29), Now());
  clock_.AdvanceMs(1);
  EXPECT_FALSE(db().RandomKey().has_value());
  EXPECT_EQ(db().Size(), 0u);
}

TEST_F(DbTest, RandomKeyOnReplicaTerminatesWhenAllExpired) {
  env_.delete_expired = false;
  for (int i = 0; i < 10; ++i) {
    db().Set(Key(i), Object::String("v"));
    db().SetExpireMs(Key(i), Now() + 1);
  }
  clock_.AdvanceMs(2);
  auto k = db().RandomKey();
  EXPECT_TRUE(k.has_value()) << "gives up and returns a logically expired key, as Redis";
  EXPECT_EQ(db().Size(), 10u);
}

TEST_F(DbTest, ForEachKeySkipsExpiredWithoutDeleting) {
  db().Set("a", Object::String("1"));
  db().Set("b", Object::String("2"));
  db().SetExpireMs("b", Now() + 1);
  clock_.AdvanceMs(2);
  std::map<std::string, std::string> seen;
  db().ForEachKey(
      [&](std::string_view k, const Object& v) { seen[std::string(k)] = v.StringValue(); });
  EXPECT_EQ(seen, (std::map<std::string, std::string>{{"a", "1"}}));
  EXPECT_EQ(db().Size(), 2u);
}

// ---------------------------------------------------------------------------
// Active expiry
// ---------------------------------------------------------------------------

TEST_F(DbTest, ActiveExpireCycleRemovesExpiredKeysOnly) {
  for (int i = 0; i < 2000; ++i) {
    db().Set(Key(i), Object::String("v"));
    db().SetExpireMs(Key(i), Now() + (i % 2 == 0 ? 10 : 100'000));
  }
  db().Set("no-ttl", Object::String("v"));
  clock_.AdvanceMs(11);
  // The manual clock stands still, so a cycle never hits its budget; it ends
  // when a sample is mostly live. A few cycles (the cursor persists) finish
  // the job.
  size_t removed = 0;
  for (int cycle = 0; cycle < 1000 && db().ExpiresSize() > 1000; ++cycle) {
    removed += db().ActiveExpireCycle(25'000);
  }
  EXPECT_EQ(removed, 1000u);
  EXPECT_EQ(db().ExpiresSize(), 1000u);
  EXPECT_EQ(db().Size(), 1001u);
  EXPECT_EQ(expired_.size(), 1000u);
  EXPECT_EQ(stats_.expired_keys, 1000u);
  EXPECT_EQ(stats_.expired_time_cap_reached_count, 0u);
  for (int i = 1; i < 2000; i += 2) ASSERT_NE(db().Find(Key(i)), nullptr);
  EXPECT_GT(stats_.expired_stale_perc_x100, 0u);
  // No expired key left: a cycle finds nothing.
  EXPECT_EQ(db().ActiveExpireCycle(25'000), 0u);
}

TEST_F(DbTest, ActiveExpireCycleFirstCycleDoesMostOfTheWork) {
  for (int i = 0; i < 1000; ++i) {
    db().Set(Key(i), Object::String("v"));
    db().SetExpireMs(Key(i), Now() + 10);
  }
  clock_.AdvanceMs(11);
  // All keys expired: every sample is 100% stale, so one cycle keeps going
  // until the table is empty.
  EXPECT_EQ(db().ActiveExpireCycle(25'000), 1000u);
  EXPECT_EQ(db().Size(), 0u);
  EXPECT_EQ(db().AvgTtlMs(), 0);
}

TEST(DbActiveExpireTest, StopsAtTheTimeBudget) {
  SteppingClock clock(/*step_us=*/100);
  Rng rng(1);
  KeyspaceStats stats;
  KeyspaceEnv env;
  env.clock = &clock;
  env.rng = &rng;
  env.stats = &stats;
  Db db(0, &env);
  for (int i = 0; i < 20'000; ++i) {
    db.Set("k" + std::to_string(i), Object::String("v"));
    db.SetExpireMs("k" + std::to_string(i), clock.NowMs() - 1);  // already expired
  }
  // Each loop reads the monotonic clock once, so ~10 loops fit in 1000us.
  const size_t expired = db.ActiveExpireCycle(/*time_budget_us=*/1000);
  EXPECT_GT(expired, 0u);
  EXPECT_LT(expired, 1000u);
  EXPECT_EQ(stats.expired_time_cap_reached_count, 1u);
  EXPECT_EQ(stats.expired_keys, expired);
  EXPECT_EQ(db.Size(), 20'000u - expired);
  EXPECT_GT(stats.expire_cycle_time_used_us, 1000u);
  // Everything sampled was stale: the running average moved 5% towards 100%.
  EXPECT_EQ(stats.expired_stale_perc_x100, 500u);
}

TEST_F(DbTest, AvgTtlFollowsRedisRunningAverage) {
  for (int i = 0; i < 100; ++i) {
    db().Set(Key(i), Object::String("v"));
    db().SetExpireMs(Key(i), Now() + 10'000);
  }
  db().ActiveExpireCycle(25'000);
  EXPECT_EQ(db().AvgTtlMs(), 10'000);
  for (int i = 0; i < 100; ++i) db().SetExpireMs(Key(i), Now() + 60'000);
  db().ActiveExpireCycle(25'000);
  // One more sample at 60000 weighs 2%.
  EXPECT_EQ(db().AvgTtlMs(), (10'000 / 50) * 49 + 60'000 / 50);
}

// ---------------------------------------------------------------------------
// Keyspace
// ---------------------------------------------------------------------------

class KeyspaceTest : public ::testing::Test {
 protected:
  KeyspaceTest() : ks_(4, MakeEnv()) {}
  KeyspaceEnv MakeEnv() {
    KeyspaceEnv env;
    env.clock = &clock_;
    env.rng = &rng_;
    env.stats = &stats_;
    env.on_expired = [this](int db, std::string_view key) {
      expired_.emplace_back(db, std::string(key));
    };
    return env;
  }

  ManualClock clock_;
  Rng rng_{3};
  KeyspaceStats stats_;
  std::vector<std::pair<int, std::string>> expired_;
  Keyspace ks_;
};

TEST_F(KeyspaceTest, SwapFlushAndCount) {
  EXPECT_EQ(ks_.num_dbs(), 4);
  ks_.db(0).Set("a", Object::String("1"));
  ks_.db(1).Set("b", Object::String("2"));
  ks_.db(1).Set("c", Object::String("3"));
  EXPECT_EQ(ks_.TotalKeys(), 3u);
  ks_.SwapDbs(0, 1);
  EXPECT_EQ(ks_.db(0).Size(), 2u);
  EXPECT_NE(ks_.db(0).Find("b"), nullptr);
  EXPECT_NE(ks_.db(1).Find("a"), nullptr);
  EXPECT_EQ(ks_.db(0).index(), 0);
  ks_.SwapDbs(2, 2);
  ks_.FlushAll();
  EXPECT_EQ(ks_.TotalKeys(), 0u);
}

TEST_F(KeyspaceTest, ActiveExpireCycleCoversEveryDbAndReportsIndexes) {
  for (int d = 0; d < 4; ++d) {
    for (int i = 0; i < 50; ++i) {
      const std::string k = "k" + std::to_string(i);
      ks_.db(d).Set(k, Object::String("v"));
      ks_.db(d).SetExpireMs(k, clock_.NowMs() + 1);
    }
  }
  clock_.AdvanceMs(2);
  EXPECT_EQ(ks_.ActiveExpireCycle(25'000), 200u);
  EXPECT_EQ(ks_.TotalKeys(), 0u);
  std::map<int, int> per_db;
  for (const auto& [db, key] : expired_) per_db[db]++;
  EXPECT_EQ(per_db, (std::map<int, int>{{0, 50}, {1, 50}, {2, 50}, {3, 50}}));
  EXPECT_EQ(stats_.expired_keys, 200u);
}

}  // namespace
}  // namespace shoal
