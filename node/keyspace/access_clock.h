// The 24 bits every Object keeps about its last accesses (Object::lru()), in
// the two layouts Redis uses, chosen by the maxmemory-policy:
//
//   LRU (every policy but the *-lfu ones):
//     bits 0..23  the LRU clock at the last access: Unix seconds mod 2^24.
//
//   LFU (allkeys-lfu, volatile-lfu):
//     bits 8..23  the minute (Unix minutes mod 2^16) the counter was last
//                 decremented or incremented;
//     bits 0..7   a logarithmic access counter. A new object starts at 5
//                 (so it is not evicted before it had a chance to be used);
//                 each access increments it with probability
//                 1 / ((counter - 5) * lfu-log-factor + 1), and it loses one
//                 per lfu-decay-time minutes without access.
//
// Pure functions of their inputs (time and a random draw are passed in), so
// the keyspace, the evictor and OBJECT FREQ/IDLETIME agree and tests can pin
// the arithmetic.
#pragma once

#include <cstdint>

#include "common/rng.h"

namespace shoal {

// How reads and writes stamp the access bits. The node keeps this in sync with
// maxmemory-policy, lfu-log-factor and lfu-decay-time.
struct AccessTracking {
  bool lfu = false;
  int lfu_log_factor = 10;
  int lfu_decay_time = 1;  // minutes per decrement; 0 never decays
};

namespace access {

inline constexpr uint32_t kLruClockMax = (1U << 24) - 1;
inline constexpr uint32_t kLfuInitCounter = 5;
inline constexpr uint32_t kLfuMaxCounter = 255;

// --- LRU ---------------------------------------------------------------------

inline uint32_t LruClock(int64_t now_ms) {
  return static_cast<uint32_t>(now_ms / 1000) & kLruClockMax;
}

// Milliseconds since the stamped access, allowing for one wrap of the 24-bit
// clock (about 194 days), at one-second resolution.
inline uint64_t LruIdleMs(uint32_t lru, int64_t now_ms) {
  const uint32_t clock = LruClock(now_ms);
  lru &= kLruClockMax;
  const uint64_t ticks = clock >= lru ? clock - lru : clock + (kLruClockMax - lru);
  return ticks * 1000;
}

// --- LFU ---------------------------------------------------------------------

inline uint32_t LfuMinutes(int64_t now_ms) {
  return static_cast<uint32_t>((now_ms / 1000 / 60) & 0xFFFF);
}

// The counter after applying the decay due since its last stamp.
inline uint32_t LfuDecayed(uint32_t bits, int64_t now_ms, int decay_time) {
  const uint32_t last = (bits >> 8) & 0xFFFF;
  const uint32_t counter = bits & 0xFF;
  if (decay_time <= 0) return counter;
  const uint32_t now = LfuMinutes(now_ms);
  const uint32_t elapsed = now >= last ? now - last : 0xFFFF - last + now;
  const uint32_t periods = elapsed / static_cast<uint32_t>(decay_time);
  return periods >= counter ? 0 : counter - periods;
}

// One access's increment: counter + 1 when the draw r (uniform in [0, 1))
// falls under 1 / ((counter - 5) * log_factor + 1), counters at or below the
// initial value always growing; saturates at 255.
inline uint32_t LfuLogIncr(uint32_t counter, int log_factor, double r) {
  if (counter >= kLfuMaxCounter) return kLfuMaxCounter;
  const double base = counter > kLfuInitCounter ? counter - kLfuInitCounter : 0;
  const double p = 1.0 / (base * log_factor + 1);
  return r < p ? counter + 1 : counter;
}

inline uint32_t LfuStamp(uint32_t counter, int64_t now_ms) {
  return (LfuMinutes(now_ms) << 8) | (counter & 0xFF);
}

// --- Both layouts ------------------------------------------------------------

// The bits of a newly created value.
inline uint32_t Fresh(const AccessTracking& t, int64_t now_ms) {
  return t.lfu ? LfuStamp(kLfuInitCounter, now_ms) : LruClock(now_ms);
}

// The bits after one access: the current LRU clock, or the decayed counter
// incremented once (Redis's updateLFU).
inline uint32_t Touched(const AccessTracking& t, uint32_t bits, int64_t now_ms, Rng& rng) {
  if (!t.lfu) return LruClock(now_ms);
  const uint32_t counter = LfuDecayed(bits, now_ms, t.lfu_decay_time);
  return LfuStamp(LfuLogIncr(counter, t.lfu_log_factor, rng.NextDouble()), now_ms);
}

}  // namespace access
}  // namespace shoal
