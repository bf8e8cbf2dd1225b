// Time is injected. Core logic takes a Clock& and never reads the system clock
// itself, so tests can drive expiry, timeouts and state machines with a
// ManualClock.
#pragma once

#include <chrono>
#include <cstdint>

namespace shoal {

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall-clock time in microseconds since the Unix epoch (what Redis calls
  // ustime(); expiry times are absolute wall-clock milliseconds).
  virtual int64_t NowUs() const = 0;
  // Monotonic time in microseconds, for durations (latency, timeouts).
  virtual int64_t MonotonicUs() const = 0;

  int64_t NowMs() const { return NowUs() / 1000; }
  int64_t MonotonicMs() const { return MonotonicUs() / 1000; }
};

class SystemClock final : public Clock {
 public:
  int64_t NowUs() const override {
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
  }
  int64_t MonotonicUs() const override {
    using namespace std::chrono;
    return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
  }
};

// Wall-clock time read once per command, as Redis caches server.mstime: every
// expiry decision within one command sees the same "now", and the hot path
// reads the system clock once instead of at each lookup. Monotonic time (for
// durations and time budgets) is always read live.
class CachedClock final : public Clock {
 public:
  explicit CachedClock(const Clock* source) : source_(source) { Refresh(); }
  void Refresh() { now_us_ = source_->NowUs(); }
  int64_t NowUs() const override { return now_us_; }
  int64_t MonotonicUs() const override { return source_->MonotonicUs(); }

 private:
  const Clock* source_;
  int64_t now_us_ = 0;
};

// A clock that moves only when told to. Starts at a fixed, realistic date so
// that absolute expiry arithmetic looks like production.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t start_us = 1'700'000'000'000'000) : now_us_(start_us) {}
  int64_t NowUs() const override { return now_us_; }
  int64_t MonotonicUs() const override { return now_us_; }
  void AdvanceMs(int64_t ms) { now_us_ += ms * 1000; }
  void AdvanceUs(int64_t us) { now_us_ += us; }
  void SetUs(int64_t us) { now_us_ = us; }

 private:
  int64_t now_us_;
};

}  // namespace shoal
