#include "node/commands/key_ops.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <limits>
#include <utility>

#include "common/strutil.h"
#include "node/core/errors.h"
#include "node/keyspace/access_clock.h"

namespace shoal::keyops {

namespace {

constexpr std::string_view kExpireNxIncompatible =
    "ERR NX and XX, GT or LT options at the same time are not compatible";
constexpr std::string_view kExpireGtLtIncompatible =
    "ERR GT and LT options at the same time are not compatible";
constexpr std::string_view kIntRange =
    "ERR value is out of range, value must between -2147483648 and 2147483647";

}  // namespace

// ---------------------------------------------------------------------------
// Lookups
// ---------------------------------------------------------------------------

Object* FindReadNoTouch(Db& db, KeyspaceStats& stats, std::string_view key, bool notify_miss) {
  Object* value = db.Find(key);
  if (value != nullptr) {
    ++stats.keyspace_hits;
  } else {
    ++stats.keyspace_misses;
    if (notify_miss) db.ReportReadMiss(key);
  }
  return value;
}

// ---------------------------------------------------------------------------
// Expiry
// ---------------------------------------------------------------------------

StatusOr<int> ParseExpireFlags(const std::vector<std::string>& argv, size_t first) {
  int flags = 0;
  for (size_t i = first; i < argv.size(); ++i) {
    const std::string& opt = argv[i];
    if (EqualsIgnoreCase(opt, "nx")) {
      flags |= expireflag::kNx;
    } else if (EqualsIgnoreCase(opt, "xx")) {
      flags |= expireflag::kXx;
    } else if (EqualsIgnoreCase(opt, "gt")) {
      flags |= expireflag::kGt;
    } else if (EqualsIgnoreCase(opt, "lt")) {
      flags |= expireflag::kLt;
    } else {
      return Status::Error("ERR Unsupported option " + opt);
    }
  }
  if ((flags & expireflag::kNx) && (flags & ~expireflag::kNx)) {
    return Status::Error(std::string(kExpireNxIncompatible));
  }
  if ((flags & expireflag::kGt) && (flags & expireflag::kLt)) {
    return Status::Error(std::string(kExpireGtLtIncompatible));
  }
  return flags;
}

StatusOr<int64_t> AbsoluteExpireMs(int64_t amount, bool seconds, int64_t base_ms,
                                   std::string_view command) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  // Negative times are allowed (they expire the key at once); only overflow
  // of the unit conversion or of the addition is an error.
  if (seconds) {
    if (amount > kMax / 1000 || amount < kMin / 1000) {
      return Status::Error(errors::InvalidExpire(command));
    }
    amount *= 1000;
  }
  if (amount > kMax - base_ms) return Status::Error(errors::InvalidExpire(command));
  return amount + base_ms;
}

bool ExpireConditionsHold(int flags, int64_t current_ms, int64_t when_ms) {
  const bool has_ttl = current_ms != -1;
  if ((flags & expireflag::kNx) && has_ttl) return false;
  if ((flags & expireflag::kXx) && !has_ttl) return false;
  // No TTL counts as an infinite one: nothing is greater, everything less.
  if ((flags & expireflag::kGt) && (!has_ttl || when_ms <= current_ms)) return false;
  if ((flags & expireflag::kLt) && has_ttl && when_ms >= current_ms) return false;
  return true;
}

int Expire(Db& db, std::string_view key, int64_t when_ms, int flags, int64_t now_ms,
           bool delete_past) {
  if (db.Find(key) == nullptr) return 0;
  if (flags != 0 && !ExpireConditionsHold(flags, db.GetExpireMs(key), when_ms)) return 0;
  if (when_ms <= now_ms && delete_past) {
    db.Delete(key);
  } else {
    db.SetExpireMs(key, when_ms);
  }
  return 1;
}

int64_t Ttl(Db& db, KeyspaceStats& stats, std::string_view key, int64_t now_ms, TtlUnit unit,
            bool absolute) {
  if (FindReadNoTouch(db, stats, key) == nullptr) return -2;
  const int64_t expire_ms = db.GetExpireMs(key);
  if (expire_ms == -1) return -1;
  int64_t ms = absolute ? expire_ms : expire_ms - now_ms;
  if (ms < 0) ms = 0;
  if (unit == TtlUnit::kMilliseconds) return ms;
  // Rounded to the nearest second; unsigned so that a TTL near INT64_MAX
  // does not overflow the rounding.
  return static_cast<int64_t>((static_cast<uint64_t>(ms) + 500) / 1000);
}

// ---------------------------------------------------------------------------
// Renaming and copying
// ---------------------------------------------------------------------------

StatusOr<bool> Rename(Db& db, std::string_view src, std::string_view dst, bool nx) {
  if (db.Find(src) == nullptr) return Status::Error(std::string(errors::kNoSuchKey));
  // Renaming a key to itself leaves it alone; RENAMENX reports "not renamed".
  if (src == dst) return !nx;
  if (db.Find(dst) != nullptr && nx) return false;
  std::optional<Db::Extracted> moved = db.Extract(src);
  if (!moved) return Status::Error(std::string(errors::kNoSuchKey));
  db.Insert(dst, std::move(moved->value), moved->expire_ms);
  return true;
}

bool Copy(Db& src_db, Db& dst_db, std::string_view src, std::string_view dst, bool replace,
          uint32_t fresh_lru) {
  const Object* value = src_db.FindRead(src);
  if (value == nullptr) return false;
  const int64_t expire_ms = src_db.GetExpireMs(src);
  if (dst_db.Find(dst) != nullptr && !replace) return false;
  // The copy is a new object: it starts with its own access clock.
  Object copy = *value;
  copy.set_lru(fresh_lru);
  dst_db.Insert(dst, std::move(copy), expire_ms);
  return true;
}

bool Move(Db& src_db, Db& dst_db, std::string_view key) {
  if (src_db.Find(key) == nullptr) return false;
  if (dst_db.Find(key) != nullptr) return false;
  std::optional<Db::Extracted> moved = src_db.Extract(key);
  if (!moved) return false;
  dst_db.Insert(key, std::move(moved->value), moved->expire_ms);
  return true;
}

StatusOr<int> ParseDbIndex(std::string_view s) {
  int64_t v;
  if (!ParseInt64(s, &v)) return Status::Error(std::string(errors::kNotInteger));
  if (v < INT_MIN || v > INT_MAX) return Status::Error(std::string(kIntRange));
  return static_cast<int>(v);
}

// ---------------------------------------------------------------------------
// Iteration
// ---------------------------------------------------------------------------

std::vector<std::string> Keys(const Db& db, std::string_view pattern) {
  std::vector<std::string> out;
  const bool all = pattern == "*";
  db.ForEachKey([&](std::string_view key, const Object&) {
    if (all || GlobMatch(pattern, key)) out.emplace_back(key);
  });
  return out;
}

bool ParseScanCursor(std::string_view s, uint64_t* out) {
  if (s.empty()) {
    *out = 0;
    return true;
  }
  if (std::isspace(static_cast<unsigned char>(s[0]))) return false;
  size_t i = 0;
  bool negative = false;
  if (s[0] == '+' || s[0] == '-') {
    negative = s[0] == '-';
    ++i;
  }
  if (i == s.size()) return false;
  uint64_t v = 0;
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    const auto digit = static_cast<uint64_t>(s[i] - '0');
    if (v > (kMax - digit) / 10) return false;
    v = v * 10 + digit;
  }
  // strtoul negates in unsigned arithmetic: "-1" is the largest cursor.
  *out = negative ? 0 - v : v;
  return true;
}

StatusOr<ScanOptions> ParseScanOptions(const std::vector<std::string>& argv, size_t first) {
  ScanOptions opts;
  for (size_t i = first; i < argv.size(); i += 2) {
    const std::string& opt = argv[i];
    const bool has_value = i + 1 < argv.size();
    if (has_value && EqualsIgnoreCase(opt, "count")) {
      int64_t count;
      if (!ParseInt64(argv[i + 1], &count)) return Status::Error(std::string(errors::kNotInteger));
      if (count < 1) return Status::Error(std::string(errors::kSyntax));
      opts.count = static_cast<size_t>(count);
    } else if (has_value && EqualsIgnoreCase(opt, "match")) {
      // "*" matches everything: skip matching altogether.
      opts.pattern = argv[i + 1] == "*" ? std::string() : argv[i + 1];
    } else if (has_value && EqualsIgnoreCase(opt, "type")) {
      opts.type = argv[i + 1];
    } else {
      return Status::Error(std::string(errors::kSyntax));
    }
  }
  return opts;
}

ScanPage Scan(Db& db, uint64_t cursor, const ScanOptions& opts) {
  // Collect first: the scan callback must not modify the table, and dropping
  // an expired key deletes it.
  std::vector<std::pair<std::string, ObjType>> fetched;
  ScanPage page;
  // Db::Scan bounds its work at ten bucket visits per requested key; keep
  // that product from overflowing for absurd COUNTs.
  constexpr size_t kMaxCount = std::numeric_limits<size_t>::max() / 16;
  page.cursor = db.Scan(cursor, std::min(opts.count, kMaxCount),
                        [&](std::string_view key, const Object& value) {
                          fetched.emplace_back(std::string(key), value.type());
                        });
  page.keys.reserve(fetched.size());
  for (auto& [key, type] : fetched) {
    if (!opts.pattern.empty() && !GlobMatch(opts.pattern, key)) continue;
    if (!opts.type.empty() && !EqualsIgnoreCase(opts.type, TypeName(type))) continue;
    if (db.Find(key) == nullptr) continue;
    page.keys.push_back(std::move(key));
  }
  return page;
}

// ---------------------------------------------------------------------------
// OBJECT introspection
// ---------------------------------------------------------------------------

uint32_t LruClock(int64_t now_ms) { return access::LruClock(now_ms); }

uint64_t IdleTimeMs(uint32_t lru, int64_t now_ms) { return access::LruIdleMs(lru, now_ms); }

uint32_t LfuCounter(uint32_t lru, int64_t now_ms, int64_t decay_minutes) {
  return access::LfuDecayed(lru, now_ms,
                            static_cast<int>(std::min<int64_t>(decay_minutes, INT_MAX)));
}

int64_t RefCount(const Object& value, bool shared_integers_enabled) {
  int64_t v;
  if (shared_integers_enabled && value.encoding() == Encoding::kInt && value.AsInteger(&v) &&
      v >= 0 && v < kSharedIntegers) {
    return kSharedRefcount;
  }
  return 1;
}

}  // namespace shoal::keyops
