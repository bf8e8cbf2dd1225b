#include "node/keyspace/db.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "common/compact_key.h"
#include "common/crc16.h"
#include "common/dict.h"

namespace shoal {
namespace {

constexpr int kSlotBits = 14;
static_assert(kNumSlots == 1 << kSlotBits, "slot numbers fill the low bits of a SCAN cursor");

// Redis's activeExpireCycle tuning (expire.c), before active-expire-effort.
constexpr size_t kExpireKeysPerLoop = 20;
constexpr uint64_t kExpireAcceptableStalePerc = 10;
// Buckets visited per sampled key before a loop gives up on a sparse table.
constexpr size_t kExpireBucketsPerKey = 20;
// RANDOMKEY tries before settling for a key that is only logically expired
// (a replica never deletes those itself, so the loop could otherwise spin).
constexpr int kRandomKeyMaxTries = 100;

// Keys up to 31 bytes live inside their node (see CompactKey).
using SlotTable = Dict<CompactKey, Object>;
using KeyNode = SlotTable::Node;

// The expiry index refers to the key's node in its slot table rather than
// copying the key: a volatile key costs one {pointer, when, next} node, like
// Redis's expires dict sharing the key's sds. Lookups by name hash the same
// bytes the node's key holds.
struct KeyNodeHash {
  DictHash base;
  uint64_t operator()(const KeyNode* n) const { return base(n->key); }
  uint64_t operator()(std::string_view key) const { return base(key); }
};
struct KeyNodeEq {
  // A key has exactly one node, so identity is equality.
  bool operator()(const KeyNode* a, const KeyNode* b) const { return a == b; }
  bool operator()(const KeyNode* a, std::string_view key) const { return a->key == key; }
};
using ExpireTable = Dict<const KeyNode*, int64_t, KeyNodeHash, KeyNodeEq>;

// Slots are grouped in blocks with a key count per block, so finding the next
// non-empty slot (SCAN) or the slot of the n-th key (RANDOMKEY) skips empty
// stretches a block at a time while a write touches a single counter.
constexpr int kSlotsPerBlock = 128;
constexpr int kSlotBlocks = kNumSlots / kSlotsPerBlock;

// Eviction sampling (Redis's dictGetSomeKeys idea): up to `count` entries of
// consecutive buckets from a random one, in the table's SCAN order, stopping
// at the end of that order. Far cheaper than independent random draws (one
// random probe instead of one per key plus the empty buckets), and random
// enough: which keys share a bucket run is itself down to the hash. Returns
// how many entries fn saw.
template <typename Table, typename Fn>
size_t SampleRun(Table& table, size_t count, Rng& rng, Fn&& fn) {
  if (table.Empty() || count == 0) return 0;
  size_t seen = 0;
  uint64_t cursor = rng.Next();
  // Bounded like SCAN's own work on sparse tables.
  for (size_t steps = 0; seen < count && steps < count * 10; ++steps) {
    cursor = table.Scan(cursor, [&](const auto& key, auto& value) {
      if (seen < count) {
        fn(key, value);
        ++seen;
      }
    });
    if (cursor == 0) break;
  }
  return seen;
}

}  // namespace

// ---------------------------------------------------------------------------
// Db::Impl: the tables and the primitives every public operation builds on.
// ---------------------------------------------------------------------------
struct Db::Impl {
  explicit Impl(uint64_t seed) : hash(seed), expires(KeyNodeHash{DictHash(seed)}) {}

  // The slot tables sit in one array (about 1 MiB per database that holds a
  // key): a lookup goes straight from the slot number to its table, one
  // dependent cache miss fewer than a table allocated per slot.
  struct Slots {
    explicit Slots(const DictHash& hash) {
      tables.reserve(kNumSlots);
      for (int i = 0; i < kNumSlots; ++i) tables.emplace_back(hash);
    }
    std::vector<SlotTable> tables;
    uint64_t block_keys[kSlotBlocks] = {};
  };

  SlotTable* Table(int slot) const { return slots ? &slots->tables[slot] : nullptr; }

  KeyNode* Lookup(int slot, std::string_view key) {
    SlotTable* t = Table(slot);
    return t ? t->FindNode(key) : nullptr;
  }
  const KeyNode* Lookup(int slot, std::string_view key) const {
    const SlotTable* t = Table(slot);
    return t ? t->FindNode(key) : nullptr;
  }

  // True when the key has a TTL that lies in the past (Redis: now > when).
  bool IsExpired(std::string_view key, int64_t now_ms) const {
    if (expires.Empty()) return false;
    const int64_t* when = expires.Find(key);
    return when != nullptr && now_ms > *when;
  }

  // The slot's table, allocating the slot index and the table on first use.
  SlotTable& MutableTable(int slot) {
    if (!slots) slots = std::make_unique<Slots>(hash);
    return slots->tables[slot];
  }

  void CountAdded(Db& db, int slot) {
    ++slots->block_keys[slot / kSlotsPerBlock];
    ++db.size_;
  }

  // The key must be absent.
  KeyNode* AddNode(Db& db, int slot, std::string_view key, Object value) {
    KeyNode* node = MutableTable(slot).TryEmplace(key, std::move(value)).first;
    CountAdded(db, slot);
    return node;
  }

  // Removes a present key and its TTL. `key` may view the node's own key.
  void RemoveKey(Db& db, int slot, std::string_view key) {
    if (!expires.Empty()) expires.Erase(key);
    Table(slot)->Erase(key);
    --slots->block_keys[slot / kSlotsPerBlock];
    --db.size_;
  }

  // Removes a key whose TTL passed and reports it.
  void ExpireKey(Db& db, int slot, std::string_view key) {
    std::string name(key);  // `key` may point into the node about to be freed
    RemoveKey(db, slot, key);
    if (db.env_->stats) ++db.env_->stats->expired_keys;
    if (db.env_->on_expired) db.env_->on_expired(db.index_, name);
  }

  // The key's node whatever its TTL, after deleting it (and reporting it)
  // if it has expired and the env allows deletion. *hidden tells whether the
  // returned node is expired (and so must look absent to readers).
  KeyNode* LookupAfterExpiry(Db& db, int slot, std::string_view key, bool* hidden) {
    *hidden = false;
    KeyNode* node = Lookup(slot, key);
    if (node == nullptr || expires.Empty()) return node;
    if (!IsExpired(key, db.env_->clock->NowMs())) return node;
    if (db.env_->delete_expired) {
      ExpireKey(db, slot, key);
      return nullptr;
    }
    *hidden = true;
    return node;
  }

  // The key's node if it exists and is live.
  KeyNode* FindLive(Db& db, std::string_view key) {
    bool hidden;
    KeyNode* node = LookupAfterExpiry(db, KeyHashSlot(key), key, &hidden);
    return hidden ? nullptr : node;
  }

  size_t SlotSize(int slot) const {
    const SlotTable* t = Table(slot);
    return t ? t->Size() : 0;
  }

  // First slot >= from holding a key, or -1.
  int NextNonEmptySlot(int from) const {
    if (!slots) return -1;
    int slot = std::max(from, 0);
    while (slot < kNumSlots) {
      if (slots->block_keys[slot / kSlotsPerBlock] == 0) {
        slot = (slot / kSlotsPerBlock + 1) * kSlotsPerBlock;
      } else if (SlotSize(slot) > 0) {
        return slot;
      } else {
        ++slot;
      }
    }
    return -1;
  }

  // The slot holding the key of the given rank when keys are counted in slot
  // order from 0; rank must be below the db's size.
  int SlotOfRank(uint64_t rank) const {
    int block = 0;
    while (block < kSlotBlocks - 1 && rank >= slots->block_keys[block]) {
      rank -= slots->block_keys[block++];
    }
    int slot = block * kSlotsPerBlock;
    while (slot < kNumSlots - 1 && rank >= SlotSize(slot)) rank -= SlotSize(slot++);
    return slot;
  }

  DictHash hash;
  std::unique_ptr<Slots> slots;  // null until the first key
  ExpireTable expires;
  uint64_t expires_cursor = 0;  // where the active cycle resumes sampling
};

// One active expire cycle's budget and running totals (Redis keeps these in
// activeExpireCycle's locals and statics).
struct Db::ExpireCycleRun {
  ExpireCycleRun(const Clock& c, int64_t budget, int effort_level) : clock(c), budget_us(budget) {
    // active-expire-effort 1..10 scales the sample size up and the tolerated
    // stale share down, as in Redis.
    const int effort = std::clamp(effort_level, 1, 10) - 1;
    keys_per_loop = kExpireKeysPerLoop + kExpireKeysPerLoop / 4 * effort;
    acceptable_stale_perc = kExpireAcceptableStalePerc - effort;
    start_us = clock.MonotonicUs();
  }
  bool OutOfTime() const { return clock.MonotonicUs() - start_us > budget_us; }

  const Clock& clock;
  int64_t budget_us;
  int64_t start_us;
  size_t keys_per_loop;
  uint64_t acceptable_stale_perc;
  uint64_t total_sampled = 0;
  uint64_t total_expired = 0;
  bool time_cap_reached = false;
};

// ---------------------------------------------------------------------------
// Lookups and writes
// ---------------------------------------------------------------------------
Db::Db(int index, KeyspaceEnv* env)
    : index_(index),
      env_(env),
      impl_(std::make_unique<Impl>(env->rng ? env->rng->Next() : DictHash::kDefaultSeed)) {}

Db::~Db() = default;

Object* Db::FindRead(std::string_view key) {
  KeyNode* node = impl_->FindLive(*this, key);
  if (env_->stats) ++(node ? env_->stats->keyspace_hits : env_->stats->keyspace_misses);
  if (node == nullptr) {
    ReportReadMiss(key);
    return nullptr;
  }
  Object& value = node->value;
  value.set_lru(access::Touched(env_->access, value.lru(), env_->clock->NowMs(), *env_->rng));
  return &value;
}

Object* Db::Find(std::string_view key) {
  KeyNode* node = impl_->FindLive(*this, key);
  return node ? &node->value : nullptr;
}

void Db::Set(std::string_view key, Object value, bool keep_ttl) {
  value.set_lru(access::Fresh(env_->access, env_->clock->NowMs()));
  const int slot = KeyHashSlot(key);
  // One probe for the common cases (a new key, or a key without a TTL):
  // TryEmplace moves the value in only when it inserts.
  auto [node, inserted] = impl_->MutableTable(slot).TryEmplace(key, std::move(value));
  if (inserted) {
    impl_->CountAdded(*this, slot);
    ReportAdded(key);
    return;
  }
  // NOLINTBEGIN(bugprone-use-after-move): TryEmplace left `value` alone.
  if (!impl_->expires.Empty() && impl_->IsExpired(key, env_->clock->NowMs())) {
    if (env_->delete_expired) {
      impl_->ExpireKey(*this, slot, key);
      impl_->AddNode(*this, slot, key, std::move(value));
      ReportAdded(key);
      return;
    }
    // A hidden key (expired but not deletable here) is overwritten in place:
    // on a replica the write comes from the master, which sees the key.
  }
  // An overwrite keeps the key's access frequency (Redis's dbSetValue).
  if (env_->access.lfu) value.set_lru(node->value.lru());
  node->value = std::move(value);
  // NOLINTEND(bugprone-use-after-move)
  if (!keep_ttl && !impl_->expires.Empty()) impl_->expires.Erase(key);
}

void Db::Replace(Object* existing, Object value) {
  value.set_lru(env_->access.lfu ? existing->lru()
                                 : access::Fresh(env_->access, env_->clock->NowMs()));
  *existing = std::move(value);
}

bool Db::Add(std::string_view key, Object value) {
  const int slot = KeyHashSlot(key);
  bool hidden;
  if (impl_->LookupAfterExpiry(*this, slot, key, &hidden) != nullptr) {
    if (!hidden) return false;
    impl_->RemoveKey(*this, slot, key);  // absent as far as callers know
  }
  value.set_lru(access::Fresh(env_->access, env_->clock->NowMs()));
  impl_->AddNode(*this, slot, key, std::move(value));
  ReportAdded(key);
  return true;
}

bool Db::Delete(std::string_view key) {
  const int slot = KeyHashSlot(key);
  bool hidden;
  if (impl_->LookupAfterExpiry(*this, slot, key, &hidden) == nullptr) return false;
  // A hidden key goes when the master says so, but it did not exist as far as
  // the reply is concerned.
  impl_->RemoveKey(*this, slot, key);
  return !hidden;
}

std::optional<Db::Extracted> Db::Extract(std::string_view key) {
  const int slot = KeyHashSlot(key);
  bool hidden;
  KeyNode* node = impl_->LookupAfterExpiry(*this, slot, key, &hidden);
  if (node == nullptr || hidden) return std::nullopt;
  Extracted out{std::move(node->value), GetExpireMs(key)};
  impl_->RemoveKey(*this, slot, key);
  return out;
}

void Db::Insert(std::string_view key, Object value, int64_t expire_ms) {
  const int slot = KeyHashSlot(key);
  if (impl_->Lookup(slot, key) != nullptr) impl_->RemoveKey(*this, slot, key);
  KeyNode* node = impl_->AddNode(*this, slot, key, std::move(value));
  if (expire_ms != -1) impl_->expires.InsertOrAssign(node, expire_ms);
  ReportAdded(key);
}

void Db::ReportAdded(std::string_view key) {
  if (env_->on_added) env_->on_added(index_, key);
}

void Db::ReportReadMiss(std::string_view key) {
  if (env_->on_read_miss) env_->on_read_miss(index_, key);
}

// ---------------------------------------------------------------------------
// TTLs
// ---------------------------------------------------------------------------
int64_t Db::GetExpireMs(std::string_view key) const {
  if (impl_->expires.Empty()) return -1;
  const int64_t* when = impl_->expires.Find(key);
  return when ? *when : -1;
}

void Db::SetExpireMs(std::string_view key, int64_t when_ms) {
  KeyNode* node = impl_->Lookup(KeyHashSlot(key), key);
  if (node != nullptr) impl_->expires.InsertOrAssign(node, when_ms);
}

bool Db::Persist(std::string_view key) { return impl_->expires.Erase(key); }

size_t Db::ExpiresSize() const { return impl_->expires.Size(); }

void Db::Prefetch(const std::vector<std::string_view>& keys) const {
  if (!impl_->slots || keys.empty()) return;
  // Stage by stage over all keys, so the misses of different keys overlap:
  // slot table, bucket cell, first node of the chain, then the value bytes.
  constexpr size_t kMax = 64;
  const size_t n = std::min(keys.size(), kMax);
  const SlotTable* tables[kMax];
  uint64_t hashes[kMax];
  for (size_t i = 0; i < n; ++i) {
    tables[i] = impl_->Table(KeyHashSlot(keys[i]));
    __builtin_prefetch(tables[i]);
  }
  for (size_t i = 0; i < n; ++i) {
    hashes[i] = tables[i]->HashOf(keys[i]);
    tables[i]->PrefetchBucket(hashes[i]);
  }
  const KeyNode* heads[kMax];
  for (size_t i = 0; i < n; ++i) heads[i] = tables[i]->PrefetchChainHead(hashes[i]);
  for (size_t i = 0; i < n; ++i) {
    if (heads[i] != nullptr && heads[i]->key == keys[i]) heads[i]->value.PrefetchData();
  }
}

// ---------------------------------------------------------------------------
// Whole-db operations
// ---------------------------------------------------------------------------
void Db::Clear() {
  impl_->expires.Clear();  // first: it points into the slot tables
  impl_->slots.reset();
  impl_->expires_cursor = 0;
  size_ = 0;
  avg_ttl_ms_ = 0;
}

void Db::SwapContents(Db& other) {
  std::swap(impl_, other.impl_);
  std::swap(size_, other.size_);
  std::swap(avg_ttl_ms_, other.avg_ttl_ms_);
}

void Db::ForEachKey(
    const std::function<void(std::string_view key, const Object& value)>& fn) const {
  if (size_ == 0) return;
  const Impl& impl = *impl_;
  const int64_t now = impl.expires.Empty() ? 0 : env_->clock->NowMs();
  for (int slot = impl.NextNonEmptySlot(0); slot >= 0; slot = impl.NextNonEmptySlot(slot + 1)) {
    std::as_const(*impl.Table(slot)).ForEach([&](const CompactKey& key, const Object& value) {
      if (!impl.IsExpired(key, now)) fn(key, value);
    });
  }
}

uint64_t Db::Scan(uint64_t cursor, size_t count,
                  const std::function<void(std::string_view key, const Object& value)>& fn) {
  if (size_ == 0) return 0;
  int slot = static_cast<int>(cursor & (kNumSlots - 1));
  uint64_t inner = cursor >> kSlotBits;
  const SlotTable* table = impl_->Table(slot);
  if (table == nullptr || table->Empty()) {
    // Everything the slot held is gone, so restarting at the next non-empty
    // slot cannot miss a key that was present all along.
    slot = impl_->NextNonEmptySlot(slot);
    inner = 0;
    if (slot < 0) return 0;
  }
  count = std::max<size_t>(count, 1);
  // Like Redis, bound the work on sparse tables: at most 10 bucket visits per
  // requested key.
  size_t steps_left = count * 10;
  size_t emitted = 0;
  std::vector<std::pair<const CompactKey*, const Object*>> batch;
  while (emitted < count && steps_left-- > 0) {
    batch.clear();
    inner = impl_->Table(slot)->Scan(
        inner, [&](const CompactKey& key, Object& value) { batch.emplace_back(&key, &value); });
    // Expired keys are filtered (and deleted where allowed) after the bucket
    // walk: the dict must not change under its own Scan.
    const int64_t now = impl_->expires.Empty() ? 0 : env_->clock->NowMs();
    for (const auto& [key, value] : batch) {
      if (impl_->IsExpired(*key, now)) {
        if (env_->delete_expired) impl_->ExpireKey(*this, slot, *key);
        continue;
      }
      fn(*key, *value);
      ++emitted;
    }
    if (inner == 0) {
      slot = impl_->NextNonEmptySlot(slot + 1);
      if (slot < 0) return 0;
    }
  }
  return (inner << kSlotBits) | static_cast<uint64_t>(slot);
}

std::optional<std::string> Db::RandomKey() {
  const int64_t now = impl_->expires.Empty() ? 0 : env_->clock->NowMs();
  Rng& rng = *env_->rng;
  // With delete_expired every failed try removes a key, so the loop ends. A
  // replica cannot delete, so it gives up after a bounded number of tries and
  // returns a key that may be logically expired (Redis does the same when all
  // keys are volatile; we bound every case).
  for (int tries = 0; size_ > 0;) {
    const int slot = impl_->SlotOfRank(rng.Uniform(size_));
    const KeyNode* node = impl_->Table(slot)->RandomNode(rng);
    if (!impl_->IsExpired(node->key, now)) return node->key.str();
    if (env_->delete_expired) {
      impl_->ExpireKey(*this, slot, node->key);
      continue;
    }
    if (++tries >= kRandomKeyMaxTries) return node->key.str();
  }
  return std::nullopt;
}

void Db::SampleKeys(
    size_t count, bool volatile_only,
    const std::function<void(std::string_view key, const Object& value, int64_t expire_ms)>& fn) {
  Rng& rng = *env_->rng;
  ExpireTable& expires = impl_->expires;
  size_t got = 0;
  if (volatile_only) {
    // The expiry index names each key's node directly. A start near the end
    // of the table's cursor order may yield few keys: start again elsewhere.
    for (size_t tries = 0; got < count && tries < count + 4 && !expires.Empty(); ++tries) {
      got += SampleRun(expires, count - got, rng, [&](const KeyNode* node, int64_t when) {
        fn(node->key, node->value, when);
      });
    }
    // Runs can all miss a sparse table; one direct draw always finds a key.
    if (got == 0 && !expires.Empty()) {
      const auto* entry = expires.RandomNode(rng);
      fn(entry->key->key, entry->key->value, entry->value);
    }
    return;
  }
  if (size_ == 0) return;
  auto emit = [&](const CompactKey& key, const Object& value) {
    const int64_t* when = expires.Empty() ? nullptr : expires.Find(key.view());
    fn(key, value, when ? *when : -1);
  };
  // A slot weighted by its key count, then runs through it and the slots
  // after it (wrapping around) until enough keys were seen.
  int slot = impl_->SlotOfRank(rng.Uniform(size_));
  for (size_t tables = 0; got < count && tables < 4 * count + 4; ++tables) {
    got += SampleRun(*impl_->Table(slot), count - got, rng,
                     [&](const CompactKey& key, Object& value) { emit(key, value); });
    slot = impl_->NextNonEmptySlot(slot + 1);
    if (slot < 0) slot = impl_->NextNonEmptySlot(0);
  }
  if (got == 0) {
    const KeyNode* node = impl_->Table(slot)->RandomNode(rng);
    emit(node->key, node->value);
  }
}

// ---------------------------------------------------------------------------
// Slots
// ---------------------------------------------------------------------------
size_t Db::CountKeysInSlot(int slot) const {
  if (slot < 0 || slot >= kNumSlots) return 0;
  const SlotTable* table = impl_->Table(slot);
  return table ? table->Size() : 0;
}

std::vector<std::string> Db::GetKeysInSlot(int slot, size_t count) const {
  std::vector<std::string> keys;
  if (slot < 0 || slot >= kNumSlots || count == 0) return keys;
  const SlotTable* table = impl_->Table(slot);
  if (table == nullptr) return keys;
  table->ForEach([&](const CompactKey& key, const Object&) {
    keys.push_back(key.str());
    return keys.size() < count;
  });
  return keys;
}

int KeyHashSlot(std::string_view key) {
  const size_t open = key.find('{');
  if (open != std::string_view::npos) {
    const size_t close = key.find('}', open + 1);
    if (close != std::string_view::npos && close != open + 1) {
      key = key.substr(open + 1, close - open - 1);
    }
  }
  return Crc16(key) & (kNumSlots - 1);
}

// ---------------------------------------------------------------------------
// Active expiry
// ---------------------------------------------------------------------------
size_t Db::ActiveExpireCycle(int64_t time_budget_us, int effort) {
  // A replica never expires keys on its own; its master's DELs do.
  if (!env_->delete_expired) return 0;
  ExpireCycleRun run(*env_->clock, time_budget_us, effort);
  const size_t expired = RunExpireCycle(run);
  FinishExpireCycle(*env_, run);
  return expired;
}

// Redis's loop: sample keys_per_loop volatile keys by walking the expiry
// table's buckets from a persistent cursor, expire the dead ones, and go again
// while more than acceptable_stale_perc of the sample was dead; stop when the
// time budget is spent.
size_t Db::RunExpireCycle(ExpireCycleRun& run) {
  ExpireTable& expires = impl_->expires;
  size_t expired_total = 0;
  // Each repeated loop expires at least one key, so this bound only matters
  // when sampling keeps finding empty buckets and the clock stands still.
  const size_t max_loops = expires.Size() + 1000;
  std::vector<std::pair<const KeyNode*, int64_t>> batch;
  for (size_t loop = 0; loop < max_loops && !run.time_cap_reached; ++loop) {
    size_t num = expires.Size();
    if (num == 0) {
      avg_ttl_ms_ = 0;
      break;
    }
    // Nothing else walks this table while the node is idle, so the cycle
    // finishes a pending resize a little at a time, as Redis's cron does.
    if (expires.IsRehashing()) expires.RehashSteps(run.keys_per_loop);
    // Under 1% fill sampling is too expensive; the table will shrink first.
    const size_t buckets = expires.BucketCount();
    if (buckets > 4 && num * 100 / buckets < 1) break;
    const int64_t now = env_->clock->NowMs();
    num = std::min(num, run.keys_per_loop);
    uint64_t sampled = 0;
    uint64_t expired = 0;
    int64_t ttl_sum = 0;
    int64_t ttl_samples = 0;
    for (size_t checked = 0; sampled < num && checked < num * kExpireBucketsPerKey; ++checked) {
      batch.clear();
      impl_->expires_cursor =
          expires.Scan(impl_->expires_cursor,
                       [&](const KeyNode* node, int64_t when) { batch.emplace_back(node, when); });
      for (const auto& [node, when] : batch) {
        ++sampled;
        if (now > when) {
          impl_->ExpireKey(*this, KeyHashSlot(node->key), node->key);
          ++expired;
        } else if (when - now > 0) {
          ttl_sum += when - now;
          ++ttl_samples;
        }
      }
    }
    expired_total += expired;
    run.total_expired += expired;
    run.total_sampled += sampled;
    if (ttl_samples > 0) {
      // Running average weighting the new estimate 2%, in Redis's integer
      // arithmetic (seeded with the first estimate).
      const int64_t avg = ttl_sum / ttl_samples;
      if (avg_ttl_ms_ == 0) avg_ttl_ms_ = avg;
      avg_ttl_ms_ = (avg_ttl_ms_ / 50) * 49 + (avg / 50);
    }
    if (run.OutOfTime()) {
      run.time_cap_reached = true;
      if (env_->stats) ++env_->stats->expired_time_cap_reached_count;
      break;
    }
    if (sampled != 0 && expired * 100 / sampled <= run.acceptable_stale_perc) break;
  }
  return expired_total;
}

void Db::FinishExpireCycle(KeyspaceEnv& env, const ExpireCycleRun& run) {
  if (env.stats == nullptr) return;
  KeyspaceStats& stats = *env.stats;
  const int64_t elapsed = run.clock.MonotonicUs() - run.start_us;
  stats.expire_cycle_time_used_us += static_cast<uint64_t>(std::max<int64_t>(elapsed, 0));
  stats.expire_cycle_cpu_milliseconds = stats.expire_cycle_time_used_us / 1000;
  const double current =
      run.total_sampled ? static_cast<double>(run.total_expired) / run.total_sampled : 0.0;
  stats.expired_stale_ratio = current * 0.05 + stats.expired_stale_ratio * 0.95;
  stats.expired_stale_perc_x100 =
      static_cast<uint64_t>(std::llround(stats.expired_stale_ratio * 100 * 100));
}

// ---------------------------------------------------------------------------
// Keyspace
// ---------------------------------------------------------------------------
Keyspace::Keyspace(int num_dbs, KeyspaceEnv env) : env_(std::move(env)) {
  dbs_.reserve(static_cast<size_t>(num_dbs));
  for (int i = 0; i < num_dbs; ++i) dbs_.push_back(std::make_unique<Db>(i, &env_));
}

void Keyspace::SwapDbs(int a, int b) {
  if (a != b) dbs_[a]->SwapContents(*dbs_[b]);
}

void Keyspace::FlushAll() {
  for (auto& db : dbs_) db->Clear();
}

size_t Keyspace::TotalKeys() const {
  size_t total = 0;
  for (const auto& db : dbs_) total += db->Size();
  return total;
}

size_t Keyspace::ActiveExpireCycle(int64_t time_budget_us, int effort) {
  if (!env_.delete_expired || dbs_.empty()) return 0;
  Db::ExpireCycleRun run(*env_.clock, time_budget_us, effort);
  size_t expired = 0;
  // Resume after the db where the last cycle stopped, so a db with many
  // expiring keys cannot starve the ones after it.
  for (size_t i = 0; i < dbs_.size() && !run.time_cap_reached; ++i) {
    Db& db = *dbs_[static_cast<size_t>(next_db_)];
    next_db_ = (next_db_ + 1) % num_dbs();
    expired += db.RunExpireCycle(run);
  }
  Db::FinishExpireCycle(env_, run);
  return expired;
}

}  // namespace shoal
