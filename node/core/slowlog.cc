#include "node/core/slowlog.h"

#include <algorithm>

namespace shoal {

namespace {

// Redis keeps at most 32 arguments (the last slot says how many more there
// were) and at most 128 bytes of each.
constexpr size_t kMaxArgc = 32;
constexpr size_t kMaxArgLen = 128;

std::vector<std::string> Shorten(const std::vector<std::string>& argv) {
  std::vector<std::string> out;
  size_t n = std::min(argv.size(), kMaxArgc);
  for (size_t i = 0; i < n; ++i) {
    if (n != argv.size() && i == n - 1) {
      out.push_back("... (" + std::to_string(argv.size() - kMaxArgc + 1) + " more arguments)");
      break;
    }
    const std::string& a = argv[i];
    if (a.size() > kMaxArgLen) {
      out.push_back(a.substr(0, kMaxArgLen) + "... (" + std::to_string(a.size() - kMaxArgLen) +
                    " more bytes)");
    } else {
      out.push_back(a);
    }
  }
  return out;
}

}  // namespace

void SlowLog::MaybeAdd(int64_t threshold_us, size_t max_len, int64_t now_s, int64_t duration_us,
                       const std::vector<std::string>& argv, const std::string& addr,
                       const std::string& name) {
  if (threshold_us < 0 || duration_us < threshold_us) return;
  SlowLogEntry e;
  e.id = next_id_++;
  e.timestamp_s = now_s;
  e.duration_us = duration_us;
  e.argv = Shorten(argv);
  e.client_addr = addr;
  e.client_name = name;
  entries_.push_front(std::move(e));
  Trim(max_len);
}

void SlowLog::Trim(size_t max_len) {
  while (entries_.size() > max_len) entries_.pop_back();
}

}  // namespace shoal
