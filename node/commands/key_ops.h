// Keyspace operations behind the generic key commands (keys.cc): argument
// parsing and data logic that return values or Status and never write RESP,
// so they can be reasoned about (and tested) apart from reply building.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "node/keyspace/db.h"

namespace shoal::keyops {

// ---------------------------------------------------------------------------
// Lookups
// ---------------------------------------------------------------------------

// A read lookup that counts a keyspace hit or miss but leaves the access clock
// alone: Redis's LOOKUP_NOTOUCH, used by TYPE, EXISTS, TTL and OBJECT so that
// asking about a key does not make it look recently used. A miss fires the
// "keymiss" keyspace event unless `notify_miss` is false (OBJECT: Redis's
// LOOKUP_NONOTIFY).
Object* FindReadNoTouch(Db& db, KeyspaceStats& stats, std::string_view key,
                        bool notify_miss = true);

// ---------------------------------------------------------------------------
// Expiry
// ---------------------------------------------------------------------------

// EXPIRE's NX|XX|GT|LT options.
namespace expireflag {
enum : int { kNx = 1, kXx = 2, kGt = 4, kLt = 8 };
}

// Parses the options after the time argument (argv[3..]). Errors are the
// exact Redis texts for unknown and incompatible options.
StatusOr<int> ParseExpireFlags(const std::vector<std::string>& argv, size_t first);

// Turns EXPIRE's argument into an absolute Unix time in ms: `amount` is in
// seconds when `seconds`, added to `base_ms` (0 for the *AT forms). Fails with
// "invalid expire time in '<command>' command" when the arithmetic overflows.
StatusOr<int64_t> AbsoluteExpireMs(int64_t amount, bool seconds, int64_t base_ms,
                                   std::string_view command);

// Whether the NX|XX|GT|LT conditions allow replacing `current_ms` (-1: no
// TTL, which GT and LT treat as an infinite TTL) with `when_ms`.
bool ExpireConditionsHold(int flags, int64_t current_ms, int64_t when_ms);

// Sets key's TTL to when_ms if the conditions hold. A time not in the future
// deletes the key instead (unless `delete_past` is false, as on a replica,
// which keeps the key for its master's DEL). Returns 1 if the key was changed
// or deleted, 0 if it is missing or the conditions failed.
int Expire(Db& db, std::string_view key, int64_t when_ms, int flags, int64_t now_ms,
           bool delete_past);

// TTL/PTTL/EXPIRETIME/PEXPIRETIME: -2 for a missing key, -1 without TTL,
// else the remaining time (or the absolute time) in ms or rounded seconds.
enum class TtlUnit { kSeconds, kMilliseconds };
int64_t Ttl(Db& db, KeyspaceStats& stats, std::string_view key, int64_t now_ms, TtlUnit unit,
            bool absolute);

// ---------------------------------------------------------------------------
// Renaming and copying
// ---------------------------------------------------------------------------

// RENAME / RENAMENX. The value keeps its TTL (and its access clock). Returns
// true when renamed; false only for NX when the target exists or when NX is
// asked to rename a key to itself. "ERR no such key" when src is missing.
StatusOr<bool> Rename(Db& db, std::string_view src, std::string_view dst, bool nx);

// COPY: duplicates src (with its TTL) into dst_db under dst. Returns false if
// src is missing or dst exists without `replace`. The caller rejects the same
// key in the same db beforehand.
bool Copy(Db& src_db, Db& dst_db, std::string_view src, std::string_view dst, bool replace,
          uint32_t fresh_lru);

// MOVE: moves key (with its TTL) from src_db to dst_db unless dst_db already
// holds it. Returns true when moved.
bool Move(Db& src_db, Db& dst_db, std::string_view key);

// Parses a database index the way MOVE and COPY do: an integer that fits a C
// int, with Redis's two error texts. Whether the db exists is the caller's
// check.
StatusOr<int> ParseDbIndex(std::string_view s);

// ---------------------------------------------------------------------------
// Iteration
// ---------------------------------------------------------------------------

// KEYS: every live key matching a glob pattern.
std::vector<std::string> Keys(const Db& db, std::string_view pattern);

// Parses a SCAN cursor as Redis does (C strtoul in base 10): an optional sign
// ("-1" wraps around), no leading space, digits to the end. The empty string
// is cursor 0. Returns false on anything else and on overflow.
bool ParseScanCursor(std::string_view s, uint64_t* out);

struct ScanOptions {
  size_t count = 10;
  std::string pattern;  // empty: match everything
  std::string type;     // empty: any type; compared case-insensitively
};

// Parses SCAN's options starting at argv[first].
StatusOr<ScanOptions> ParseScanOptions(const std::vector<std::string>& argv, size_t first);

struct ScanPage {
  uint64_t cursor = 0;
  std::vector<std::string> keys;
};

// One SCAN step: fetches about opts.count keys from the cursor, then drops the
// ones that do not match the pattern or type, or that turn out to be expired
// (which deletes them, as Redis's SCAN does).
ScanPage Scan(Db& db, uint64_t cursor, const ScanOptions& opts);

// ---------------------------------------------------------------------------
// OBJECT introspection
// ---------------------------------------------------------------------------

// Redis keeps an object's last access as a 24-bit clock in seconds and
// reports idle time as the clock difference, wrapping around the 24 bits.
inline constexpr uint32_t kLruClockMax = (1U << 24) - 1;
uint32_t LruClock(int64_t now_ms);
uint64_t IdleTimeMs(uint32_t lru, int64_t now_ms);

// Under an LFU policy the same 24 bits hold the minute of the last decrement
// (16 bits) and a logarithmic counter (8 bits); the counter loses one per
// `decay_minutes` elapsed (Redis's LFUDecrAndReturn).
uint32_t LfuCounter(uint32_t lru, int64_t now_ms, int64_t decay_minutes);

// Redis shares one object among all keys holding the small integers 0..9999
// (unless the eviction policy needs per-key LRU/LFU data) and reports the
// shared objects' reference count as INT_MAX.
inline constexpr int64_t kSharedIntegers = 10000;
inline constexpr int64_t kSharedRefcount = 2147483647;
int64_t RefCount(const Object& value, bool shared_integers_enabled);

}  // namespace shoal::keyops
