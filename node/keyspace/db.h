// One logical database (SELECT n): keys organised by hash slot, with TTLs.
//
// Every key lives in the table of its hash slot (CRC16 of the key, or of its
// {hash tag}, mod 16384) in standalone mode too, so COUNTKEYSINSLOT,
// GETKEYSINSLOT and slot migration need no extra index later. Slot tables are
// allocated on first use.
//
// Expiry: lazy on every lookup (an expired key is deleted, and on_expired is
// called, before the lookup answers "absent") plus ActiveExpireCycle, which
// samples keys with a TTL the way Redis's activeExpireCycle does.
//
// Db knows nothing of RESP or clients. All calls happen on the data-owning
// executor; nothing here locks.
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
#include "node/keyspace/access_clock.h"
#include "node/keyspace/object.h"

namespace shoal {

inline constexpr int kNumSlots = 16384;

// Counters the keyspace keeps for INFO stats.
struct KeyspaceStats {
  uint64_t expired_keys = 0;
  uint64_t expired_stale_perc_x100 = 0;  // Redis's expired_stale_perc * 100
  uint64_t expired_time_cap_reached_count = 0;
  uint64_t expire_cycle_cpu_milliseconds = 0;
  uint64_t keyspace_hits = 0;
  uint64_t keyspace_misses = 0;
  // Exact state behind the rounded fields above: Redis's running average of
  // the stale fraction (0..1) and the active-expiry time in microseconds.
  double expired_stale_ratio = 0;
  uint64_t expire_cycle_time_used_us = 0;
  // Eviction (node/core/eviction.h): keys evicted, and the monotonic time
  // spent over maxmemory, as closed periods plus the start of the open one
  // (0 when memory is under the limit).
  uint64_t evicted_keys = 0;
  uint64_t eviction_exceeded_us = 0;
  int64_t eviction_exceeded_since_us = 0;
};

// Environment shared by all databases of one node.
struct KeyspaceEnv {
  Clock* clock = nullptr;
  Rng* rng = nullptr;
  KeyspaceStats* stats = nullptr;
  // Called after a key was removed because its TTL passed (lazily or by the
  // active cycle): the hook for propagating DEL to replicas/AOF and for
  // keyspace notifications. It must not modify the keyspace (it may run in
  // the middle of a SCAN or an expire cycle).
  std::function<void(int db, std::string_view key)> on_expired;
  // Called after a key was created (Redis's dbAdd: a new key, or one
  // written back by RENAME, MOVE, COPY or RESTORE) and after a read lookup
  // found no key. Neither may modify the keyspace.
  std::function<void(int db, std::string_view key)> on_added;
  std::function<void(int db, std::string_view key)> on_read_miss;
  // When false (a replica), expired keys are hidden from reads but never
  // deleted locally; the master's DEL removes them.
  bool delete_expired = true;
  // LRU clock or LFU counter in the values' access bits (access_clock.h).
  AccessTracking access;
};

class Db {
 public:
  Db(int index, KeyspaceEnv* env);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  int index() const { return index_; }

  // --- Lookups (apply lazy expiry) -----------------------------------------
  // nullptr when absent or expired. FindRead counts a keyspace hit/miss and
  // touches the access bits (LRU clock or LFU counter, per env.access); Find
  // does neither (used by writes and by commands
  // like TYPE/EXISTS that Redis does not count... EXISTS does count: callers
  // choose).
  Object* FindRead(std::string_view key);
  Object* Find(std::string_view key);
  bool Exists(std::string_view key) { return Find(key) != nullptr; }
  // Reports a read miss found without FindRead (on_read_miss).
  void ReportReadMiss(std::string_view key);

  // --- Writes ----------------------------------------------------------------
  // Set and Add stamp the value with fresh access bits (as Redis's new
  // objects), except that under LFU an overwritten key keeps its counter (as
  // Replace does); Insert keeps the value's own (RENAME/MOVE/RESTORE carry it).
  // Sets key to value. Removes any TTL unless keep_ttl.
  void Set(std::string_view key, Object value, bool keep_ttl = false);
  // Replaces the value of a key found with Find/FindRead on this db, in
  // place (one lookup instead of two); the TTL stays.
  void Replace(Object* existing, Object value);
  // Adds key only if absent (after lazy expiry). Returns false if it existed.
  bool Add(std::string_view key, Object value);
  // Removes key and its TTL. Returns false if it did not exist.
  bool Delete(std::string_view key);

  // Takes a key out (value and absolute expiry in ms, or -1) for RENAME/MOVE.
  struct Extracted {
    Object value;
    int64_t expire_ms = -1;
  };
  std::optional<Extracted> Extract(std::string_view key);
  // Inserts, replacing any existing key; expire_ms -1 means no TTL.
  void Insert(std::string_view key, Object value, int64_t expire_ms);

  // --- TTLs (absolute Unix time in milliseconds) ---------------------------
  // -1 if the key has no TTL (or does not exist: check existence first).
  int64_t GetExpireMs(std::string_view key) const;
  // Key must exist.
  void SetExpireMs(std::string_view key, int64_t when_ms);
  // Returns true if a TTL was removed.
  bool Persist(std::string_view key);

  // --- Whole-db operations --------------------------------------------------
  size_t Size() const { return size_; }
  size_t ExpiresSize() const;
  // Average TTL in ms of keys with a TTL, as Redis's avg_ttl estimate (0 when
  // unknown).
  int64_t AvgTtlMs() const { return avg_ttl_ms_; }
  void Clear();
  // Exchanges contents with another db (SWAPDB); indexes stay.
  void SwapContents(Db& other);

  // Calls fn for every live key (expired keys are skipped, not deleted).
  void ForEachKey(const std::function<void(std::string_view key, const Object& value)>& fn) const;

  // SCAN: visits roughly `count` keys starting at cursor; returns the next
  // cursor (0 when done). A key present for the whole scan is returned at
  // least once even if tables grow or shrink in between (reverse-binary
  // cursor within a slot table, slot number in the low 14 bits).
  uint64_t Scan(uint64_t cursor, size_t count,
                const std::function<void(std::string_view key, const Object& value)>& fn);

  // A random live key, or nullopt when empty.
  std::optional<std::string> RandomKey();

  // Eviction sampling: calls fn for up to `count` keys taken from a random
  // place among all keys, or among the keys with a TTL when `volatile_only`
  // (runs of neighbouring hash-table entries, as Redis samples; a key may
  // come twice when there are few), with its value and absolute expiry in ms
  // (-1: none). Keys whose TTL just passed may be among them. Changes
  // nothing.
  void SampleKeys(
      size_t count, bool volatile_only,
      const std::function<void(std::string_view key, const Object& value, int64_t expire_ms)>& fn);

  // Warms the cache for lookups of these keys, which are about to come (a
  // pipelined batch of commands). Changes nothing; a hint only.
  void Prefetch(const std::vector<std::string_view>& keys) const;

  // --- Slots -----------------------------------------------------------------
  size_t CountKeysInSlot(int slot) const;
  std::vector<std::string> GetKeysInSlot(int slot, size_t count) const;

  // --- Active expiry -------------------------------------------------------
  // One cycle of sampling expirable keys; stops after time_budget_us of
  // monotonic time. Returns the number of keys expired.
  size_t ActiveExpireCycle(int64_t time_budget_us, int effort = 1);

 private:
  friend class Keyspace;
  void ReportAdded(std::string_view key);
  struct Impl;
  struct ExpireCycleRun;
  // One database's share of an active expire cycle (Keyspace runs several
  // under one budget); FinishExpireCycle records the cycle's stats once.
  size_t RunExpireCycle(ExpireCycleRun& run);
  static void FinishExpireCycle(KeyspaceEnv& env, const ExpireCycleRun& run);

  int index_;
  KeyspaceEnv* env_;
  size_t size_ = 0;
  int64_t avg_ttl_ms_ = 0;
  std::unique_ptr<Impl> impl_;
};

// Hash slot of a key: CRC16 (XMODEM) of the key, or of the part between the
// first '{' and the next '}' when that part is not empty, mod 16384.
int KeyHashSlot(std::string_view key);

// All databases of one node.
class Keyspace {
 public:
  Keyspace(int num_dbs, KeyspaceEnv env);
  // Dbs point at env_: the keyspace stays where it was built.
  Keyspace(const Keyspace&) = delete;
  Keyspace& operator=(const Keyspace&) = delete;
  int num_dbs() const { return static_cast<int>(dbs_.size()); }
  Db& db(int i) { return *dbs_[i]; }
  KeyspaceEnv& env() { return env_; }
  void SwapDbs(int a, int b);
  void FlushAll();
  size_t TotalKeys() const;
  // Runs the active expire cycle over the databases in round-robin, within
  // the time budget (Redis: 25% of a 1/hz period for the slow cycle).
  size_t ActiveExpireCycle(int64_t time_budget_us, int effort = 1);

 private:
  KeyspaceEnv env_;
  std::vector<std::unique_ptr<Db>> dbs_;
  int next_db_ = 0;
};

}  // namespace shoal
