// SLOWLOG: the last N commands slower than slowlog-log-slower-than.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace shoal {

struct SlowLogEntry {
  uint64_t id = 0;
  int64_t timestamp_s = 0;
  int64_t duration_us = 0;
  std::vector<std::string> argv;  // shortened as Redis does
  std::string client_addr;
  std::string client_name;
};

class SlowLog {
 public:
  // Records the call if duration_us >= threshold_us (threshold < 0 disables),
  // keeping at most max_len entries, newest first.
  void MaybeAdd(int64_t threshold_us, size_t max_len, int64_t now_s, int64_t duration_us,
                const std::vector<std::string>& argv, const std::string& addr,
                const std::string& name);
  const std::deque<SlowLogEntry>& entries() const { return entries_; }
  void Reset() { entries_.clear(); }
  void Trim(size_t max_len);

 private:
  std::deque<SlowLogEntry> entries_;
  uint64_t next_id_ = 0;
};

}  // namespace shoal
