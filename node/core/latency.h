// Latency tracking: the LATENCY monitor's per-event samples, and per-command
// latency histograms (INFO latencystats, LATENCY HISTOGRAM).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace shoal {

// A log-linear histogram of microsecond latencies: for each power of two, 16
// linear sub-buckets (about 6% precision), like an HDR histogram's layout.
class LatencyHistogram {
 public:
  void Record(uint64_t usec);
  uint64_t count() const { return count_; }
  // Value (usec) at or below which `percentile` (0-100) of samples fall.
  double Percentile(double percentile) const;
  // Cumulative counts at power-of-two upper bounds, as LATENCY HISTOGRAM
  // reports ({1: n, 2: n, 4: n, ...}), only up to the largest bucket in use.
  std::vector<std::pair<uint64_t, uint64_t>> PowerOfTwoBuckets() const;
  void Reset();

 private:
  static constexpr int kSub = 16;
  static constexpr int kMaxExp = 40;
  static int BucketOf(uint64_t usec);
  static double BucketUpper(int bucket);
  std::array<uint64_t, kMaxExp * kSub> buckets_{};
  uint64_t count_ = 0;
};

struct LatencySample {
  int64_t time_s;
  uint32_t latency_ms;
};

struct LatencyEvent {
  std::vector<LatencySample> samples;  // ring, at most kMaxSamples
  size_t next = 0;
  uint32_t max_ms = 0;
};

class LatencyMonitor {
 public:
  static constexpr size_t kMaxSamples = 160;
  // Records an event if latency_ms >= threshold_ms and threshold_ms > 0.
  void MaybeAdd(const std::string& event, int64_t threshold_ms, int64_t now_s,
                uint64_t latency_ms);
  const std::map<std::string, LatencyEvent>& events() const { return events_; }
  // Samples of one event, oldest first.
  std::vector<LatencySample> History(const std::string& event) const;
  // Resets the named events (all when empty); returns how many were reset.
  size_t Reset(const std::vector<std::string>& names);

 private:
  std::map<std::string, LatencyEvent> events_;
};

}  // namespace shoal
