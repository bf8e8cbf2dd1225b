// Eviction: keeping the dataset under maxmemory by deleting keys the
// maxmemory-policy chooses, as Redis 7.0 does.
//
//   noeviction        never delete; writes are refused while over the limit
//   allkeys-lru       the least recently used key
//   allkeys-lfu       the least frequently used key
//   allkeys-random    any key
//   volatile-lru      like allkeys-*, but only among keys with a TTL; when
//   volatile-lfu      none is left, writes are refused as under noeviction
//   volatile-random
//   volatile-ttl      the key with a TTL closest to expiring
//
// LRU, LFU and TTL are approximated the way Redis approximates them: each
// pick samples maxmemory-samples keys per database and offers them to a small
// pool that keeps the best victims seen so far across picks; the best entry
// that still exists is deleted. The access bits a key carries are described
// in node/keyspace/access_clock.h.
//
// One Perform() call (before every command while maxmemory is set, and after
// CONFIG SET maxmemory) deletes keys until enough memory is freed, but stops
// after a time budget set by maxmemory-eviction-tenacity; the node's cron
// then keeps going until memory is under the limit.
//
// Evictor works on a Keyspace with an injected clock, random source and
// memory reading, so tests drive it without a server. NodeEviction wires one
// into a Node: config hooks, notifications, latency events, the dispatcher's
// OOM check and the cron.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/rng.h"
#include "node/config/config.h"
#include "node/core/command.h"
#include "node/core/memory.h"
#include "node/keyspace/db.h"

namespace shoal {

class Node;

enum class EvictionPolicy : uint8_t {
  kNoEviction,
  kAllKeysLru,
  kAllKeysLfu,
  kAllKeysRandom,
  kVolatileLru,
  kVolatileLfu,
  kVolatileRandom,
  kVolatileTtl,
};

// A maxmemory-policy name ("allkeys-lru"); nullopt for anything else.
std::optional<EvictionPolicy> ParseEvictionPolicy(std::string_view name);
bool IsVolatilePolicy(EvictionPolicy p);
bool IsLfuPolicy(EvictionPolicy p);

struct EvictionSettings {
  uint64_t maxmemory = 0;  // bytes; 0: no limit
  EvictionPolicy policy = EvictionPolicy::kNoEviction;
  int samples = 5;
  int tenacity = 10;
  AccessTracking access;  // access.lfu follows the policy
};

EvictionSettings EvictionSettingsFrom(const ServerConfig& cfg);

// The time one Perform() call may spend deleting, by tenacity (0..100):
// linear up to 500 us at 10, then 15% more per step (about two minutes at
// 99); -1 (no limit) at 100.
int64_t EvictionTimeLimitUs(int tenacity);

// ---------------------------------------------------------------------------
// The candidate pool
// ---------------------------------------------------------------------------

// The best victims seen in recent samples, kept across picks so a good
// candidate found once is not forgotten. A higher score means a better victim
// (idle time, inverted frequency, or inverted expiry time).
class EvictionPool {
 public:
  static constexpr size_t kCapacity = 16;
  struct Entry {
    uint64_t score = 0;
    int db = 0;
    std::string key;
  };

  // Keeps the candidate if there is room or it scores above the worst entry
  // (which then leaves). A key already in the pool takes the new score.
  void Offer(uint64_t score, int db, std::string_view key);
  // Moves the best entry out; false when empty.
  bool PopBest(Entry* out);
  // Ascending by score.
  const std::vector<Entry>& entries() const { return entries_; }
  size_t size() const { return entries_.size(); }
  void Clear() { entries_.clear(); }

 private:
  std::vector<Entry> entries_;
};

// ---------------------------------------------------------------------------
// Evictor
// ---------------------------------------------------------------------------

enum class EvictResult {
  kOk,       // under the limit (or no limit)
  kRunning,  // still over, out of time for this call; call again soon
  kFail,     // over the limit and nothing (more) may be evicted
};

struct EvictionHooks {
  // After a key was evicted: notifications, WATCH, propagation.
  std::function<void(int db, std::string_view key)> on_evicted;
  // Latency events "eviction-del" (one deletion) and "eviction-cycle" (one
  // Perform call that deleted something), in microseconds.
  std::function<void(std::string_view event, int64_t duration_us)> on_latency;
};

class Evictor {
 public:
  // used_memory reads the bytes that count against maxmemory.
  Evictor(Keyspace& keyspace, const Clock& clock, Rng& rng, std::function<size_t()> used_memory);

  // Takes new settings, and makes the keyspace stamp access bits to match.
  void Configure(const EvictionSettings& settings);
  const EvictionSettings& settings() const { return settings_; }
  void set_hooks(EvictionHooks hooks) { hooks_ = std::move(hooks); }

  // Evicts until used memory is at most maxmemory or the time budget is
  // spent (Redis's performEvictions), and keeps the over-the-limit time
  // statistics.
  EvictResult Perform();
  // The last Perform() ran out of time while still over the limit.
  bool running() const { return running_; }

  // The key the policy would evict next, removed from the pool but not
  // deleted; false when no key is eligible (or the policy is noeviction).
  bool PickVictim(int* db, std::string* key);
  const EvictionPool& pool() const { return pool_; }

 private:
  EvictResult EvictUntilUnder(int64_t start_us);
  bool PickFromPool(int* db, std::string* key);
  bool PickRandom(int* db, std::string* key);
  // Samples every database into the pool; returns how many keys were
  // eligible in all (0: nothing to evict).
  size_t Populate();
  uint64_t Score(const Object& value, int64_t expire_ms, int64_t now_ms) const;
  bool StillEligible(const EvictionPool::Entry& e);
  void Evict(int db, const std::string& key);
  void RecordExceeded(EvictResult result, int64_t now_us);

  Keyspace& keyspace_;
  const Clock& clock_;
  Rng& rng_;
  std::function<size_t()> used_memory_;
  EvictionSettings settings_;
  EvictionHooks hooks_;
  EvictionPool pool_;
  int next_db_ = 0;  // random policies visit the databases in turn
  bool running_ = false;
};

// INFO stats' total_eviction_exceeded_time and current_eviction_exceeded_time
// (milliseconds) at monotonic time now_us.
struct EvictionExceededTimes {
  uint64_t total_ms = 0;
  uint64_t current_ms = 0;
};
EvictionExceededTimes ExceededTimes(const KeyspaceStats& stats, int64_t now_us);

// ---------------------------------------------------------------------------
// A node's eviction
// ---------------------------------------------------------------------------

class NodeEviction {
 public:
  // Registers the config hooks on node.config(); node must outlive this.
  explicit NodeEviction(Node& node);
  NodeEviction(const NodeEviction&) = delete;
  NodeEviction& operator=(const NodeEviction&) = delete;

  Evictor& evictor() { return evictor_; }
  // Before every command (Redis's processCommand): evicts as needed, and
  // says whether this command must be refused with the OOM error.
  bool RejectForOom(const CommandSpec& cmd);
  // From the cron: refreshes the memory reading and resumes an eviction that
  // ran out of time.
  void Cron();
  // What counts against maxmemory (cheap; see AllocationMeter).
  size_t UsedMemory() const { return meter_.Used(); }

 private:
  bool Paused();

  Node& node_;
  AllocationMeter meter_;
  Evictor evictor_;
};

}  // namespace shoal
