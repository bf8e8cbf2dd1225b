#include "node/core/eviction.h"

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "common/rng.h"
#include "node/keyspace/access_clock.h"
#include "tests/unit/harness.h"

namespace shoal {
namespace {

// ---------------------------------------------------------------------------
// Access bits: Redis's LRU clock and LFU counter arithmetic
// ---------------------------------------------------------------------------

constexpr int64_t kMinuteMs = 60'000;

TEST(AccessClock, LruIdleWrapsAt24Bits) {
  const int64_t now = 1'700'000'000'000;
  EXPECT_EQ(access::LruIdleMs(access::LruClock(now - 42'000), now), 42'000u);
  // Stamped 3 s before the 24-bit clock wrapped, read 2 s after: Redis's
  // arithmetic counts one tick less across the wrap.
  const int64_t wrap_ms = 102 * (int64_t{1} << 24) * 1000;
  EXPECT_EQ(access::LruIdleMs(access::LruClock(wrap_ms - 3000), wrap_ms + 2000), 4000u);
}

TEST(AccessClock, LfuLogIncrFollowsRedisProbabilities) {
  // At or below the initial value every access counts.
  EXPECT_EQ(access::LfuLogIncr(0, 10, 0.999), 1u);
  EXPECT_EQ(access::LfuLogIncr(5, 10, 0.999), 6u);
  // Above it, p = 1 / ((counter - 5) * factor + 1): 1/11 at 6 with factor 10.
  EXPECT_EQ(access::LfuLogIncr(6, 10, 0.09), 7u);
  EXPECT_EQ(access::LfuLogIncr(6, 10, 0.091), 6u);
  // 1/(95*1+1) at 100 with factor 1.
  EXPECT_EQ(access::LfuLogIncr(100, 1, 1.0 / 96 - 1e-9), 101u);
  EXPECT_EQ(access::LfuLogIncr(100, 1, 1.0 / 96 + 1e-9), 100u);
  // Factor 0 makes every access count; 255 saturates.
  EXPECT_EQ(access::LfuLogIncr(200, 0, 0.999), 201u);
  EXPECT_EQ(access::LfuLogIncr(255, 0, 0.0), 255u);
}

TEST(AccessClock, LfuDecaysOnePerPeriod) {
  const int64_t now = 1'700'000'000'000;
  const uint32_t bits = access::LfuStamp(10, now - 3 * kMinuteMs);
  EXPECT_EQ(access::LfuDecayed(bits, now, 1), 7u);
  EXPECT_EQ(access::LfuDecayed(bits, now, 2), 9u);
  EXPECT_EQ(access::LfuDecayed(bits, now, 0), 10u);  // never decays
  EXPECT_EQ(access::LfuDecayed(bits, now + 60 * kMinuteMs, 1), 0u);
  // The 16-bit minute clock wraps: a whole turn looks like no time at all.
  const uint32_t old = access::LfuStamp(10, now);
  EXPECT_EQ(access::LfuDecayed(old, now + 65536 * kMinuteMs, 1), 10u);
}

TEST(AccessClock, FreshAndTouchedPerLayout) {
  Rng rng(1);
  const int64_t now = 1'700'000'000'000;
  AccessTracking lru;
  EXPECT_EQ(access::Fresh(lru, now), access::LruClock(now));
  EXPECT_EQ(access::Touched(lru, 0, now + 5000, rng), access::LruClock(now + 5000));
  AccessTracking lfu{.lfu = true, .lfu_log_factor = 10, .lfu_decay_time = 1};
  const uint32_t fresh = access::Fresh(lfu, now);
  EXPECT_EQ(fresh & 0xFF, 5u);
  EXPECT_EQ(access::Touched(lfu, fresh, now, rng) & 0xFF, 6u);
  // Two minutes idle: decayed to 3 first, then incremented to 4.
  EXPECT_EQ(access::Touched(lfu, fresh, now + 2 * kMinuteMs, rng) & 0xFF, 4u);
}

// ---------------------------------------------------------------------------
// Policies, settings, time budget, pool
// ---------------------------------------------------------------------------

TEST(EvictionSettings, ParsesTheEightPolicies) {
  EXPECT_EQ(ParseEvictionPolicy("noeviction"), EvictionPolicy::kNoEviction);
  EXPECT_EQ(ParseEvictionPolicy("allkeys-lru"), EvictionPolicy::kAllKeysLru);
  EXPECT_EQ(ParseEvictionPolicy("allkeys-lfu"), EvictionPolicy::kAllKeysLfu);
  EXPECT_EQ(ParseEvictionPolicy("allkeys-random"), EvictionPolicy::kAllKeysRandom);
  EXPECT_EQ(ParseEvictionPolicy("volatile-lru"), EvictionPolicy::kVolatileLru);
  EXPECT_EQ(ParseEvictionPolicy("volatile-lfu"), EvictionPolicy::kVolatileLfu);
  EXPECT_EQ(ParseEvictionPolicy("volatile-random"), EvictionPolicy::kVolatileRandom);
  EXPECT_EQ(ParseEvictionPolicy("volatile-ttl"), EvictionPolicy::kVolatileTtl);
  EXPECT_EQ(ParseEvictionPolicy("allkeys"), std::nullopt);

  ServerConfig cfg;
  cfg.maxmemory = 1 << 20;
  cfg.maxmemory_policy = "volatile-lfu";
  cfg.lfu_log_factor = 3;
  const EvictionSettings s = EvictionSettingsFrom(cfg);
  EXPECT_EQ(s.maxmemory, 1u << 20);
  EXPECT_TRUE(s.access.lfu);
  EXPECT_EQ(s.access.lfu_log_factor, 3);
  EXPECT_TRUE(IsVolatilePolicy(s.policy));
}

TEST(EvictionSettings, TimeLimitByTenacity) {
  EXPECT_EQ(EvictionTimeLimitUs(0), 0);
  EXPECT_EQ(EvictionTimeLimitUs(1), 50);
  EXPECT_EQ(EvictionTimeLimitUs(10), 500);
  EXPECT_EQ(EvictionTimeLimitUs(11), 575);
  EXPECT_GT(EvictionTimeLimitUs(99), 100'000'000);
  EXPECT_EQ(EvictionTimeLimitUs(100), -1);
}

TEST(EvictionPool, KeepsTheBestSixteen) {
  EvictionPool pool;
  for (int i = 0; i < 40; ++i)
    pool.Offer(static_cast<uint64_t>((i * 7) % 40), 0, "k" + std::to_string(i));
  ASSERT_EQ(pool.size(), EvictionPool::kCapacity);
  EXPECT_EQ(pool.entries().front().score, 24u);  // 40 - 16
  pool.Offer(3, 0, "too-weak");
  EXPECT_EQ(pool.size(), EvictionPool::kCapacity);
  EvictionPool::Entry e;
  ASSERT_TRUE(pool.PopBest(&e));
  EXPECT_EQ(e.score, 39u);
  ASSERT_TRUE(pool.PopBest(&e));
  EXPECT_EQ(e.score, 38u);
}

TEST(EvictionPool, ResampledKeyTakesItsNewScore) {
  EvictionPool pool;
  pool.Offer(10, 0, "a");
  pool.Offer(20, 0, "b");
  pool.Offer(5, 1, "a");  // another db: another key
  pool.Offer(30, 0, "a");
  ASSERT_EQ(pool.size(), 3u);
  EvictionPool::Entry e;
  ASSERT_TRUE(pool.PopBest(&e));
  EXPECT_EQ(e.key, "a");
  EXPECT_EQ(e.db, 0);
  EXPECT_EQ(e.score, 30u);
}

// ---------------------------------------------------------------------------
// Evictor on a keyspace with fake memory: each key "costs" kKeyBytes
// ---------------------------------------------------------------------------

constexpr size_t kBaseBytes = 1000;
constexpr size_t kKeyBytes = 100;

class EvictorTest : public ::testing::Test {
 protected:
  EvictorTest() {
    KeyspaceEnv env;
    env.clock = &clock_;
    env.rng = &rng_;
    env.stats = &stats_;
    keyspace_ = std::make_unique<Keyspace>(4, std::move(env));
    evictor_ = std::make_unique<Evictor>(*keyspace_, clock_, rng_, [this] {
      return kBaseBytes + keyspace_->TotalKeys() * kKeyBytes;
    });
    EvictionHooks hooks;
    hooks.on_evicted = [this](int db, std::string_view key) {
      evicted_.emplace_back(db, std::string(key));
    };
    evictor_->set_hooks(std::move(hooks));
  }

  // Settings that leave room for `keys` keys.
  void Configure(std::string_view policy, size_t keys, int samples = 5, int tenacity = 100) {
    EvictionSettings s;
    s.policy = *ParseEvictionPolicy(policy);
    s.maxmemory = kBaseBytes + keys * kKeyBytes;
    s.samples = samples;
    s.tenacity = tenacity;
    s.access.lfu = IsLfuPolicy(s.policy);
    evictor_->Configure(s);
  }
  static std::string Key(int i) { return "key:" + std::to_string(i); }
  Db& db(int i = 0) { return keyspace_->db(i); }
  void Put(int i, int dbi = 0) { db(dbi).Set(Key(i), Object::String("v")); }
  // Indexes of the evicted keys of db 0.
  std::set<int> EvictedIndexes() const {
    std::set<int> out;
    for (const auto& [d, k] : evicted_) {
      if (d == 0) out.insert(std::stoi(k.substr(4)));
    }
    return out;
  }

  ManualClock clock_;
  Rng rng_{2024};
  KeyspaceStats stats_;
  std::unique_ptr<Keyspace> keyspace_;
  std::unique_ptr<Evictor> evictor_;
  std::vector<std::pair<int, std::string>> evicted_;
};

TEST_F(EvictorTest, NoLimitOrUnderTheLimitDoesNothing) {
  for (int i = 0; i < 10; ++i) Put(i);
  EXPECT_EQ(evictor_->Perform(), EvictResult::kOk);  // maxmemory 0
  Configure("allkeys-lru", 10);
  EXPECT_EQ(evictor_->Perform(), EvictResult::kOk);
  EXPECT_EQ(keyspace_->TotalKeys(), 10u);
  EXPECT_EQ(stats_.evicted_keys, 0u);
}

TEST_F(EvictorTest, NoEvictionFailsAndTracksTheTimeOverTheLimit) {
  for (int i = 0; i < 10; ++i) Put(i);
  Configure("noeviction", 5);
  EXPECT_EQ(evictor_->Perform(), EvictResult::kFail);
  EXPECT_EQ(keyspace_->TotalKeys(), 10u);
  clock_.AdvanceMs(1500);
  EXPECT_EQ(ExceededTimes(stats_, clock_.MonotonicUs()).current_ms, 1500u);
  EXPECT_EQ(evictor_->Perform(), EvictResult::kFail);  // the period stays open
  clock_.AdvanceMs(500);
  Configure("noeviction", 20);
  EXPECT_EQ(evictor_->Perform(), EvictResult::kOk);
  const EvictionExceededTimes t = ExceededTimes(stats_, clock_.MonotonicUs());
  EXPECT_EQ(t.current_ms, 0u);
  EXPECT_EQ(t.total_ms, 2000u);
}

TEST_F(EvictorTest, AllKeysLruEvictsTheLeastRecentlyUsed) {
  // key:i last used at second i; then keys 0..4 are read again.
  for (int i = 0; i < 20; ++i) {
    Put(i);
    clock_.AdvanceMs(1000);
  }
  for (int i = 0; i < 5; ++i) ASSERT_NE(db().FindRead(Key(i)), nullptr);
  // Sampling far more than the key count sees every key: exact LRU.
  Configure("allkeys-lru", 15, /*samples=*/200);
  EXPECT_EQ(evictor_->Perform(), EvictResult::kOk);
  EXPECT_EQ(EvictedIndexes(), (std::set<int>{5, 6, 7, 8, 9}));
  EXPECT_EQ(stats_.evicted_keys, 5u);
  EXPECT_EQ(keyspace_->TotalKeys(), 15u);
}

TEST_F(EvictorTest, ApproximatedLruSparesRecentlyUsedKeys) {
  for (int i = 0; i < 200; ++i) {
    Put(i);
    clock_.AdvanceMs(1000);
  }
  for (int i = 100; i < 200; ++i) ASSERT_NE(db().FindRead(Key(i)), nullptr);
  Configure("allkeys-lru", 180, /*samples=*/5);
  EXPECT_EQ(evictor_->Perform(), EvictResult::kOk);
  const std::set<int> gone = EvictedIndexes();
  ASSERT_EQ(gone.size(), 20u);
  // Five samples and the pool: victims come from the idle half.
  for (int i : gone) EXPECT_LT(i, 100) << i;
}

TEST_F(EvictorTest, VolatileLruNeverTouchesPersistentKeysAndThenFails) {
  for (int i = 0; i < 20; ++i) Put(i);
  for (int i = 0; i < 20; i += 2) {
    db().SetExpireMs(Key(i), clock_.NowMs() + 3'600'000);
  }
  Configure("volatile-lru", 5, /*samples=*/10);
  EXPECT_EQ(evictor_->Perform(), EvictResult::kFail);
  EXPECT_EQ(keyspace_->TotalKeys(), 10u);
  for (int i = 1; i < 20; i += 2) EXPECT_NE(db().Find(Key(i)), nullptr) << i;
  EXPECT_EQ(stats_.evicted_keys, 10u);
  int victim_db = 0;
  std::string victim;
  EXPECT_FALSE(evictor_->PickVictim(&victim_db, &victim));
}

TEST_F(EvictorTest, VolatileTtlPrefersTheNearestExpiry) {
  for (int i = 0; i < 12; ++i) {
    Put(i);
    // key:0 expires last, key:11 first.
    db().SetExpireMs(Key(i), clock_.NowMs() + 100'000 - i * 1000);
  }
  Put(100);  // no TTL: never a candidate
  Configure("volatile-ttl", 10, /*samples=*/100);
  EXPECT_EQ(evictor_->Perform(), EvictResult::kOk);
  EXPECT_EQ(EvictedIndexes(), (std::set<int>{9, 10, 11}));
}

TEST_F(EvictorTest, AllKeysLfuKeepsFrequentlyUsedKeys) {
  Configure("allkeys-lfu", 100);
  for (int i = 0; i < 20; ++i) Put(i);
  // Keys 10..19 are read often; the others stay at the initial counter.
  for (int round = 0; round < 50; ++round) {
    for (int i = 10; i < 20; ++i) ASSERT_NE(db().FindRead(Key(i)), nullptr);
  }
  EXPECT_GT(db().Find(Key(10))->lru() & 0xFF, 6u);
  EXPECT_EQ(db().Find(Key(0))->lru() & 0xFF, access::kLfuInitCounter);
  Configure("allkeys-lfu", 12, /*samples=*/10);
  EXPECT_EQ(evictor_->Perform(), EvictResult::kOk);
  const std::set<int> gone = EvictedIndexes();
  ASSERT_EQ(gone.size(), 8u);
  for (int i : gone) EXPECT_LT(i, 10) << i;
}

TEST_F(EvictorTest, LfuCountersDecayWhileIdle) {
  Configure("allkeys-lfu", 100);
  Put(1);
  ASSERT_NE(db().FindRead(Key(1)), nullptr);
  EXPECT_EQ(db().Find(Key(1))->lru() & 0xFF, 6u);  // at the initial value every access counts
  // An overwrite keeps the counter, as Redis does under LFU.
  const uint32_t before = db().Find(Key(1))->lru();
  db().Set(Key(1), Object::String("new"));
  EXPECT_EQ(db().Find(Key(1))->lru(), before);
  clock_.AdvanceMs(5 * kMinuteMs);
  EXPECT_EQ(access::LfuDecayed(db().Find(Key(1))->lru(), clock_.NowMs(), 1), 1u);
  // A read decays first, then counts: 1 -> 2.
  ASSERT_NE(db().FindRead(Key(1)), nullptr);
  EXPECT_EQ(db().Find(Key(1))->lru() & 0xFF, 2u);
}

TEST_F(EvictorTest, RandomPoliciesEvictFromEveryDatabase) {
  for (int i = 0; i < 30; ++i) {
    Put(i, 0);
    Put(i, 1);
  }
  for (int i = 0; i < 30; ++i) db(1).SetExpireMs(Key(i), clock_.NowMs() + 60'000);
  Configure("allkeys-random", 40);
  EXPECT_EQ(evictor_->Perform(), EvictResult::kOk);
  EXPECT_EQ(keyspace_->TotalKeys(), 40u);
  std::set<int> dbs;
  for (const auto& [d, k] : evicted_) dbs.insert(d);
  EXPECT_EQ(dbs, (std::set<int>{0, 1}));

  // volatile-random: only db 1's keys have a TTL.
  evicted_.clear();
  Configure("volatile-random", 30);
  EXPECT_EQ(evictor_->Perform(), EvictResult::kOk);
  for (const auto& [d, k] : evicted_) EXPECT_EQ(d, 1) << k;
  Configure("volatile-random", 0);
  EXPECT_EQ(evictor_->Perform(), EvictResult::kFail);
  EXPECT_EQ(db(1).Size(), 0u);
  EXPECT_GT(db(0).Size(), 0u);
}

TEST_F(EvictorTest, StalePoolEntriesAreSkipped) {
  for (int i = 0; i < 10; ++i) {
    Put(i);
    clock_.AdvanceMs(1000);
  }
  Configure("allkeys-lru", 100, /*samples=*/50);
  int victim_db = -1;
  std::string victim;
  ASSERT_TRUE(evictor_->PickVictim(&victim_db, &victim));
  EXPECT_EQ(victim, Key(0));
  // The pool still holds key:1, the next best; it goes away behind its back.
  ASSERT_TRUE(db().Delete(Key(1)));
  ASSERT_TRUE(evictor_->PickVictim(&victim_db, &victim));
  EXPECT_EQ(victim, Key(0));  // not deleted by PickVictim: sampled again
  ASSERT_TRUE(db().Delete(Key(0)));
  ASSERT_TRUE(evictor_->PickVictim(&victim_db, &victim));
  EXPECT_EQ(victim, Key(2));
}

TEST_F(EvictorTest, AccessBitsFollowThePolicy) {
  Configure("allkeys-lru", 100);
  EXPECT_FALSE(keyspace_->env().access.lfu);
  Configure("volatile-lfu", 100);
  EXPECT_TRUE(keyspace_->env().access.lfu);
  Put(1);
  EXPECT_EQ(db().Find(Key(1))->lru() & 0xFF, access::kLfuInitCounter);
}

// A clock whose monotonic time moves 10 us at every reading, so a time
// budget runs out after a known amount of work.
class SteppingClock final : public Clock {
 public:
  int64_t NowUs() const override { return 1'700'000'000'000'000; }
  int64_t MonotonicUs() const override { return mono_us_ += 10; }

 private:
  mutable int64_t mono_us_ = 1;
};

TEST(EvictorTenacity, StopsAtTheTimeBudgetAndResumes) {
  SteppingClock clock;
  Rng rng(5);
  KeyspaceStats stats;
  KeyspaceEnv env;
  env.clock = &clock;
  env.rng = &rng;
  env.stats = &stats;
  Keyspace ks(1, std::move(env));
  for (int i = 0; i < 200; ++i) ks.db(0).Set("k" + std::to_string(i), Object::String("v"));
  Evictor evictor(ks, clock, rng, [&ks] { return ks.TotalKeys() * kKeyBytes; });
  EvictionSettings s;
  s.policy = EvictionPolicy::kAllKeysRandom;
  s.maxmemory = 10 * kKeyBytes;
  s.tenacity = 0;  // no time at all: stop at the first check, after 16 keys
  evictor.Configure(s);
  EXPECT_EQ(evictor.Perform(), EvictResult::kRunning);
  EXPECT_TRUE(evictor.running());
  EXPECT_EQ(ks.TotalKeys(), 184u);
  EXPECT_NE(stats.eviction_exceeded_since_us, 0);
  int cut_short = 1;
  while (evictor.Perform() == EvictResult::kRunning && cut_short < 100) ++cut_short;
  EXPECT_FALSE(evictor.running());
  EXPECT_EQ(ks.TotalKeys(), 10u);
  EXPECT_EQ(cut_short, 11);  // 190 keys: 11 calls of 16, then 14 more
  EXPECT_EQ(stats.eviction_exceeded_since_us, 0);
  EXPECT_GT(stats.eviction_exceeded_us, 0u);
}

// ---------------------------------------------------------------------------
// The memory reading eviction decisions use
// ---------------------------------------------------------------------------

TEST(AllocationMeter, FollowsAllocationsWithoutAResync) {
  AllocationMeter meter;
  const size_t before = meter.Used();
  auto block = std::make_unique_for_overwrite<char[]>(8 << 20);
  block[0] = 1;  // keep the allocation observable
  EXPECT_GE(meter.Used(), before + (8 << 20) - (64 << 10));
  block.reset();
  EXPECT_LT(meter.Used(), before + (1 << 20));
  meter.Resync();
  EXPECT_LT(meter.Used(), before + (1 << 20));
}

// ---------------------------------------------------------------------------
// Through the dispatcher
// ---------------------------------------------------------------------------

using testing::CommandHarness;

TEST(EvictionCommands, NoEvictionRefusesDenyOomCommands) {
  CommandHarness h({{"maxmemory", "1"}});
  h.Put("k", "v");
  EXPECT_EQ(h.Run({"SET", "k2", "v"}),
            "(error) OOM command not allowed when used memory > 'maxmemory'.");
  EXPECT_EQ(h.Run({"GET", "k"}), "v");  // reads still work
  EXPECT_EQ(h.Run({"DEL", "k"}), "(integer) 1");
  EXPECT_EQ(h.Run({"CONFIG", "SET", "maxmemory", "0"}), "OK");
  EXPECT_EQ(h.Run({"SET", "k2", "v"}), "OK");
}

TEST(EvictionCommands, EvictsEverythingWhenTheLimitIsTiny) {
  CommandHarness h({{"maxmemory-policy", "allkeys-random"}});
  for (int i = 0; i < 10; ++i) h.Put("k" + std::to_string(i), "v");
  EXPECT_EQ(h.Run({"CONFIG", "SET", "maxmemory", "1"}), "OK");
  EXPECT_EQ(h.Run({"DBSIZE"}), "(integer) 0");
  // Nothing is left to evict: writes are refused.
  EXPECT_EQ(h.Run({"SET", "k", "v"}),
            "(error) OOM command not allowed when used memory > 'maxmemory'.");
  EXPECT_EQ(h.node().keyspace_stats().evicted_keys, 10u);
  const std::string info = h.Run({"INFO", "stats"});
  EXPECT_NE(info.find("evicted_keys:10\r\n"), std::string::npos) << info;
}

TEST(EvictionCommands, ObjectFreqUnderLfu) {
  CommandHarness h({{"maxmemory-policy", "allkeys-lfu"}});
  EXPECT_EQ(h.Run({"SET", "k", "v"}), "OK");
  EXPECT_EQ(h.Run({"OBJECT", "FREQ", "k"}), "(integer) 5");
  EXPECT_EQ(h.Run({"GET", "k"}), "v");
  EXPECT_EQ(h.Run({"OBJECT", "FREQ", "k"}), "(integer) 6");
  EXPECT_EQ(h.Run({"OBJECT", "IDLETIME", "k"}),
            "(error) ERR An LFU maxmemory policy is selected, idle time not tracked. Please note "
            "that when switching between policies at runtime LRU and LFU data will take some "
            "time to adjust.");
  h.clock().AdvanceMs(3 * kMinuteMs);
  EXPECT_EQ(h.Run({"OBJECT", "FREQ", "k"}), "(integer) 3");
}

TEST(EvictionCommands, SwitchingPoliciesSwitchesTheAccessBits) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"SET", "k", "v"}), "OK");
  EXPECT_EQ(h.Run({"OBJECT", "FREQ", "k"}),
            "(error) ERR An LFU maxmemory policy is not selected, access frequency not tracked. "
            "Please note that when switching between policies at runtime LRU and LFU data will "
            "take some time to adjust.");
  h.clock().AdvanceMs(7000);
  EXPECT_EQ(h.Run({"OBJECT", "IDLETIME", "k"}), "(integer) 7");
  EXPECT_EQ(h.Run({"CONFIG", "SET", "maxmemory-policy", "volatile-lfu"}), "OK");
  EXPECT_TRUE(h.node().keyspace().env().access.lfu);
  EXPECT_EQ(h.Run({"SET", "k2", "v"}), "OK");
  EXPECT_EQ(h.Run({"OBJECT", "FREQ", "k2"}), "(integer) 5");
  EXPECT_EQ(h.Run({"CONFIG", "SET", "lfu-log-factor", "0"}), "OK");
  EXPECT_EQ(h.node().keyspace().env().access.lfu_log_factor, 0);
}

TEST(EvictionCommands, PausedClientsStopEviction) {
  CommandHarness h({{"maxmemory-policy", "allkeys-random"}});
  for (int i = 0; i < 5; ++i) h.Put("k" + std::to_string(i), "v");
  EXPECT_EQ(h.Run({"CLIENT", "PAUSE", "10000", "WRITE"}), "OK");
  EXPECT_EQ(h.Run({"CONFIG", "SET", "maxmemory", "1"}), "OK");
  EXPECT_EQ(h.Run({"DBSIZE"}), "(integer) 5");
}

}  // namespace
}  // namespace shoal
