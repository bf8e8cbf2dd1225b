#include "node/core/latency.h"

#include <algorithm>
#include <bit>

namespace shoal {

// Bucket layout: values below kSub map one-to-one; above, exponent e (the
// position of the highest bit beyond the sub-bucket bits) and the next 4
// bits pick the bucket.
int LatencyHistogram::BucketOf(uint64_t usec) {
  if (usec < kSub) return static_cast<int>(usec);
  int msb = 63 - std::countl_zero(usec);  // >= 4
  int shift = msb - 4;
  int sub = static_cast<int>((usec >> shift) & (kSub - 1));
  int bucket = (shift + 1) * kSub + sub;
  return std::min(bucket, kMaxExp * kSub - 1);
}

double LatencyHistogram::BucketUpper(int bucket) {
  if (bucket < kSub) return bucket;
  int shift = bucket / kSub - 1;
  uint64_t sub = static_cast<uint64_t>(bucket % kSub) | kSub;
  return static_cast<double>(((sub + 1) << shift) - 1);
}

void LatencyHistogram::Record(uint64_t usec) {
  ++buckets_[BucketOf(usec)];
  ++count_;
}

double LatencyHistogram::Percentile(double percentile) const {
  if (count_ == 0) return 0;
  uint64_t target = static_cast<uint64_t>(percentile / 100.0 * static_cast<double>(count_) + 0.5);
  target = std::clamp<uint64_t>(target, 1, count_);
  uint64_t seen = 0;
  for (int b = 0; b < kMaxExp * kSub; ++b) {
    seen += buckets_[b];
    if (seen >= target) return BucketUpper(b);
  }
  return BucketUpper(kMaxExp * kSub - 1);
}

std::vector<std::pair<uint64_t, uint64_t>> LatencyHistogram::PowerOfTwoBuckets() const {
  std::vector<std::pair<uint64_t, uint64_t>> out;
  if (count_ == 0) return out;
  uint64_t seen = 0;
  int b = 0;
  for (uint64_t bound = 1; seen < count_ && bound < (1ULL << 40); bound <<= 1) {
    while (b < kMaxExp * kSub && BucketUpper(b) <= static_cast<double>(bound)) seen += buckets_[b++];
    out.emplace_back(bound, seen);
  }
  return out;
}

void LatencyHistogram::Reset() {
  buckets_.fill(0);
  count_ = 0;
}

void LatencyMonitor::MaybeAdd(const std::string& event, int64_t threshold_ms, int64_t now_s,
                              uint64_t latency_ms) {
  if (threshold_ms <= 0 || static_cast<int64_t>(latency_ms) < threshold_ms) return;
  LatencyEvent& ev = events_[event];
  uint32_t ms = static_cast<uint32_t>(latency_ms);
  ev.max_ms = std::max(ev.max_ms, ms);
  // Samples within the same second are merged, keeping the highest.
  if (!ev.samples.empty()) {
    size_t last = (ev.next + ev.samples.size() - 1) % ev.samples.size();
    if (ev.samples.size() < kMaxSamples) last = ev.samples.size() - 1;
    if (ev.samples[last].time_s == now_s) {
      ev.samples[last].latency_ms = std::max(ev.samples[last].latency_ms, ms);
      return;
    }
  }
  if (ev.samples.size() < kMaxSamples) {
    ev.samples.push_back({now_s, ms});
  } else {
    ev.samples[ev.next] = {now_s, ms};
    ev.next = (ev.next + 1) % kMaxSamples;
  }
}

std::vector<LatencySample> LatencyMonitor::History(const std::string& event) const {
  auto it = events_.find(event);
  if (it == events_.end()) return {};
  const LatencyEvent& ev = it->second;
  if (ev.samples.size() < kMaxSamples) return ev.samples;
  std::vector<LatencySample> out;
  for (size_t i = 0; i < ev.samples.size(); ++i) {
    out.push_back(ev.samples[(ev.next + i) % ev.samples.size()]);
  }
  return out;
}

size_t LatencyMonitor::Reset(const std::vector<std::string>& names) {
  if (names.empty()) {
    size_t n = events_.size();
    events_.clear();
    return n;
  }
  size_t n = 0;
  for (const auto& name : names) n += events_.erase(name);
  return n;
}

}  // namespace shoal
