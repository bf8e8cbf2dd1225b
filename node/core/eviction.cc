#include "node/core/eviction.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "node/core/events.h"
#include "node/core/node.h"

namespace shoal {

namespace {

struct PolicyName {
  std::string_view name;
  EvictionPolicy policy;
};
constexpr PolicyName kPolicies[] = {
    {"noeviction", EvictionPolicy::kNoEviction},
    {"allkeys-lru", EvictionPolicy::kAllKeysLru},
    {"allkeys-lfu", EvictionPolicy::kAllKeysLfu},
    {"allkeys-random", EvictionPolicy::kAllKeysRandom},
    {"volatile-lru", EvictionPolicy::kVolatileLru},
    {"volatile-lfu", EvictionPolicy::kVolatileLfu},
    {"volatile-random", EvictionPolicy::kVolatileRandom},
    {"volatile-ttl", EvictionPolicy::kVolatileTtl},
};

bool IsRandomPolicy(EvictionPolicy p) {
  return p == EvictionPolicy::kAllKeysRandom || p == EvictionPolicy::kVolatileRandom;
}

// Keys deleted between two checks of the clock, as in Redis.
constexpr size_t kKeysPerTimeCheck = 16;
// Pool refills one pick may try before concluding every candidate it finds
// vanishes under it (each refill also deletes the expired keys it meets, so
// this only bounds pathological cases).
constexpr int kMaxPickRounds = 100;

}  // namespace

std::optional<EvictionPolicy> ParseEvictionPolicy(std::string_view name) {
  for (const PolicyName& p : kPolicies) {
    if (p.name == name) return p.policy;
  }
  return std::nullopt;
}

bool IsVolatilePolicy(EvictionPolicy p) {
  return p == EvictionPolicy::kVolatileLru || p == EvictionPolicy::kVolatileLfu ||
         p == EvictionPolicy::kVolatileRandom || p == EvictionPolicy::kVolatileTtl;
}

bool IsLfuPolicy(EvictionPolicy p) {
  return p == EvictionPolicy::kAllKeysLfu || p == EvictionPolicy::kVolatileLfu;
}

EvictionSettings EvictionSettingsFrom(const ServerConfig& cfg) {
  EvictionSettings s;
  s.maxmemory = cfg.maxmemory;
  s.policy = ParseEvictionPolicy(cfg.maxmemory_policy).value_or(EvictionPolicy::kNoEviction);
  s.samples = std::max(cfg.maxmemory_samples, 1);
  s.tenacity = std::clamp(cfg.maxmemory_eviction_tenacity, 0, 100);
  s.access.lfu = IsLfuPolicy(s.policy);
  s.access.lfu_log_factor = cfg.lfu_log_factor;
  s.access.lfu_decay_time = cfg.lfu_decay_time;
  return s;
}

int64_t EvictionTimeLimitUs(int tenacity) {
  if (tenacity <= 10) return 50 * static_cast<int64_t>(std::max(tenacity, 0));
  if (tenacity < 100) return static_cast<int64_t>(500.0 * std::pow(1.15, tenacity - 10.0));
  return -1;
}

// ---------------------------------------------------------------------------
// EvictionPool
// ---------------------------------------------------------------------------

void EvictionPool::Offer(uint64_t score, int db, std::string_view key) {
  auto same = std::find_if(entries_.begin(), entries_.end(),
                           [&](const Entry& e) { return e.db == db && e.key == key; });
  if (same != entries_.end()) entries_.erase(same);
  Entry fresh;
  if (entries_.size() >= kCapacity) {
    // Full: the newcomer must beat the worst entry, which makes room (and
    // lends it its key's buffer: no allocation per sample in steady state).
    if (score <= entries_.front().score) return;
    fresh = std::move(entries_.front());
    entries_.erase(entries_.begin());
  }
  fresh.score = score;
  fresh.db = db;
  fresh.key.assign(key);
  auto pos = std::upper_bound(entries_.begin(), entries_.end(), score,
                              [](uint64_t s, const Entry& e) { return s < e.score; });
  entries_.insert(pos, std::move(fresh));
}

bool EvictionPool::PopBest(Entry* out) {
  if (entries_.empty()) return false;
  *out = std::move(entries_.back());
  entries_.pop_back();
  return true;
}

// ---------------------------------------------------------------------------
// Evictor
// ---------------------------------------------------------------------------

Evictor::Evictor(Keyspace& keyspace, const Clock& clock, Rng& rng,
                 std::function<size_t()> used_memory)
    : keyspace_(keyspace), clock_(clock), rng_(rng), used_memory_(std::move(used_memory)) {}

void Evictor::Configure(const EvictionSettings& settings) {
  // Scores of different policies do not compare: start the pool afresh.
  if (settings.policy != settings_.policy) pool_.Clear();
  settings_ = settings;
  keyspace_.env().access = settings.access;
}

EvictResult Evictor::Perform() {
  // The common case, before every command: under the limit. No clock reads
  // unless an over-the-limit period has to be closed.
  if (settings_.maxmemory == 0 || used_memory_() <= settings_.maxmemory) {
    running_ = false;
    const KeyspaceStats* stats = keyspace_.env().stats;
    if (stats != nullptr && stats->eviction_exceeded_since_us != 0) {
      RecordExceeded(EvictResult::kOk, clock_.MonotonicUs());
    }
    return EvictResult::kOk;
  }
  const int64_t start_us = clock_.MonotonicUs();
  const EvictResult result = EvictUntilUnder(start_us);
  running_ = result == EvictResult::kRunning;
  RecordExceeded(result, clock_.MonotonicUs());
  return result;
}

EvictResult Evictor::EvictUntilUnder(int64_t start_us) {
  if (settings_.maxmemory == 0) return EvictResult::kOk;
  const size_t used = used_memory_();
  if (used <= settings_.maxmemory) return EvictResult::kOk;
  if (settings_.policy == EvictionPolicy::kNoEviction) return EvictResult::kFail;

  const int64_t to_free = static_cast<int64_t>(used - settings_.maxmemory);
  const int64_t limit_us = EvictionTimeLimitUs(settings_.tenacity);
  int64_t freed = 0;
  size_t evicted = 0;
  EvictResult result = EvictResult::kOk;
  while (freed < to_free) {
    // Measured around the pick too: checking a candidate may delete expired
    // keys, which frees memory as well.
    const auto before = static_cast<int64_t>(used_memory_());
    int db = 0;
    std::string key;
    if (!PickVictim(&db, &key)) {
      result = EvictResult::kFail;
      break;
    }
    Evict(db, key);
    freed += before - static_cast<int64_t>(used_memory_());
    if (++evicted % kKeysPerTimeCheck == 0 && limit_us >= 0 &&
        clock_.MonotonicUs() - start_us > limit_us) {
      result = EvictResult::kRunning;
      break;
    }
  }
  if (evicted > 0 && hooks_.on_latency) {
    hooks_.on_latency("eviction-cycle", clock_.MonotonicUs() - start_us);
  }
  return result;
}

bool Evictor::PickVictim(int* db, std::string* key) {
  if (settings_.policy == EvictionPolicy::kNoEviction) return false;
  if (IsRandomPolicy(settings_.policy)) return PickRandom(db, key);
  return PickFromPool(db, key);
}

bool Evictor::PickFromPool(int* db, std::string* key) {
  for (int round = 0; round < kMaxPickRounds; ++round) {
    if (Populate() == 0) return false;
    EvictionPool::Entry e;
    while (pool_.PopBest(&e)) {
      if (StillEligible(e)) {
        *db = e.db;
        *key = std::move(e.key);
        return true;
      }
    }
  }
  return false;
}

bool Evictor::PickRandom(int* db, std::string* key) {
  const bool volatile_only = IsVolatilePolicy(settings_.policy);
  const int n = keyspace_.num_dbs();
  for (int i = 0; i < n; ++i) {
    next_db_ = (next_db_ + 1) % n;
    Db& d = keyspace_.db(next_db_);
    bool found = false;
    d.SampleKeys(1, volatile_only, [&](std::string_view k, const Object&, int64_t) {
      *key = std::string(k);
      found = true;
    });
    if (found) {
      *db = next_db_;
      return true;
    }
  }
  return false;
}

size_t Evictor::Populate() {
  const bool volatile_only = IsVolatilePolicy(settings_.policy);
  const int64_t now_ms = clock_.NowMs();
  size_t eligible = 0;
  for (int i = 0; i < keyspace_.num_dbs(); ++i) {
    Db& d = keyspace_.db(i);
    const size_t n = volatile_only ? d.ExpiresSize() : d.Size();
    if (n == 0) continue;
    eligible += n;
    d.SampleKeys(static_cast<size_t>(settings_.samples), volatile_only,
                 [&](std::string_view k, const Object& value, int64_t expire_ms) {
                   pool_.Offer(Score(value, expire_ms, now_ms), i, k);
                 });
  }
  return eligible;
}

uint64_t Evictor::Score(const Object& value, int64_t expire_ms, int64_t now_ms) const {
  switch (settings_.policy) {
    case EvictionPolicy::kAllKeysLfu:
    case EvictionPolicy::kVolatileLfu:
      return access::kLfuMaxCounter -
             access::LfuDecayed(value.lru(), now_ms, settings_.access.lfu_decay_time);
    case EvictionPolicy::kVolatileTtl:
      // The sooner it expires, the better a victim.
      return std::numeric_limits<uint64_t>::max() - static_cast<uint64_t>(expire_ms);
    default:
      return access::LruIdleMs(value.lru(), now_ms);
  }
}

// A pooled key may have been deleted, renamed or persisted since it was
// sampled. The lookup deletes it if its TTL has passed in the meantime.
bool Evictor::StillEligible(const EvictionPool::Entry& e) {
  if (e.db < 0 || e.db >= keyspace_.num_dbs()) return false;
  Db& d = keyspace_.db(e.db);
  if (d.Find(e.key) == nullptr) return false;
  return !IsVolatilePolicy(settings_.policy) || d.GetExpireMs(e.key) != -1;
}

void Evictor::Evict(int db, const std::string& key) {
  const int64_t start_us = clock_.MonotonicUs();
  const bool deleted = keyspace_.db(db).Delete(key);
  if (hooks_.on_latency) hooks_.on_latency("eviction-del", clock_.MonotonicUs() - start_us);
  if (!deleted) return;
  if (KeyspaceStats* stats = keyspace_.env().stats) ++stats->evicted_keys;
  if (hooks_.on_evicted) hooks_.on_evicted(db, key);
}

// Over-the-limit time: a period opens when a call ends over the limit
// (running or failed) and closes at the first call that ends under it.
void Evictor::RecordExceeded(EvictResult result, int64_t now_us) {
  KeyspaceStats* stats = keyspace_.env().stats;
  if (stats == nullptr) return;
  if (result != EvictResult::kOk) {
    if (stats->eviction_exceeded_since_us == 0) stats->eviction_exceeded_since_us = now_us;
  } else if (stats->eviction_exceeded_since_us != 0) {
    stats->eviction_exceeded_us +=
        static_cast<uint64_t>(std::max<int64_t>(now_us - stats->eviction_exceeded_since_us, 0));
    stats->eviction_exceeded_since_us = 0;
  }
}

EvictionExceededTimes ExceededTimes(const KeyspaceStats& stats, int64_t now_us) {
  const uint64_t current =
      stats.eviction_exceeded_since_us == 0
          ? 0
          : static_cast<uint64_t>(std::max<int64_t>(now_us - stats.eviction_exceeded_since_us, 0));
  return {(stats.eviction_exceeded_us + current) / 1000, current / 1000};
}

// ---------------------------------------------------------------------------
// NodeEviction
// ---------------------------------------------------------------------------

NodeEviction::NodeEviction(Node& node)
    : node_(node),
      evictor_(node.keyspace(), node.clock(), node.rng(), [this] { return meter_.Used(); }) {
  evictor_.Configure(EvictionSettingsFrom(node.cfg()));
  EvictionHooks hooks;
  hooks.on_evicted = [&node](int db, std::string_view key) {
    SignalModifiedKey(node, db, key);
    NotifyKeyspaceEvent(node, notify::kEvicted, "evicted", key, db);
  };
  hooks.on_latency = [&node](std::string_view event, int64_t duration_us) {
    node.latency().MaybeAdd(std::string(event), node.cfg().latency_monitor_threshold,
                            node.clock().NowMs() / 1000, duration_us / 1000);
  };
  evictor_.set_hooks(std::move(hooks));

  Config& config = node.config();
  // The names are all directives, so registering cannot fail.
  (void)config.OnChange({"maxmemory-policy", "maxmemory-samples", "maxmemory-eviction-tenacity",
                         "lfu-log-factor", "lfu-decay-time"},
                        [this] {
                          evictor_.Configure(EvictionSettingsFrom(node_.cfg()));
                          return Status::Ok();
                        });
  // A lower limit takes effect at once, as in Redis.
  (void)config.OnChange("maxmemory", [this] {
    evictor_.Configure(EvictionSettingsFrom(node_.cfg()));
    const uint64_t max = node_.cfg().maxmemory;
    if (max == 0) return Status::Ok();
    const size_t used = meter_.Used();
    if (max < used) {
      spdlog::warn(
          "WARNING: the new maxmemory value set via CONFIG SET ({}) is smaller than the current "
          "memory usage ({}). This will result in key eviction and/or the inability to accept "
          "new write commands depending on the maxmemory-policy.",
          max, used);
    }
    if (!Paused()) evictor_.Perform();
    return Status::Ok();
  });
}

bool NodeEviction::Paused() {
  const PauseState& pause = node_.pause();
  return pause.kind != PauseState::Kind::kNone && node_.clock().NowMs() < pause.until_ms;
}

bool NodeEviction::RejectForOom(const CommandSpec& cmd) {
  if (evictor_.settings().maxmemory == 0) return false;
  // A paused dataset must stay as it is (Redis's isSafeToPerformEvictions).
  if (Paused()) return false;
  const bool out_of_memory = evictor_.Perform() == EvictResult::kFail;
  return out_of_memory && cmd.has(cmdflag::kDenyOom);
}

void NodeEviction::Cron() {
  meter_.Resync();
  if (evictor_.running() && !Paused()) evictor_.Perform();
}

}  // namespace shoal
