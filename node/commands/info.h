// INFO: the text of each section, built from the Node's state and a snapshot
// of process facts.
//
// Everything the operating system knows (pid, RSS, CPU times, uname) is read
// once per call into ProcessFacts by CollectProcessFacts(); the section
// builders are then pure functions of (Node, ProcessFacts), so tests can pin
// their output. Field names, their order, section titles, CRLF line endings
// and the blank line between sections are Redis 7.0's.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace shoal {

class Node;

// What the process and the machine look like right now.
struct ProcessFacts {
  int64_t pid = 0;
  std::string os;  // "Linux 6.1.0-18-amd64 x86_64", as uname(2) says
  uint64_t rss_bytes = 0;
  uint64_t total_system_memory = 0;
  // CPU times in microseconds: the process, its waited-for children and the
  // calling (data-owning) thread.
  int64_t cpu_sys_us = 0;
  int64_t cpu_user_us = 0;
  int64_t cpu_sys_children_us = 0;
  int64_t cpu_user_children_us = 0;
  int64_t cpu_sys_thread_us = 0;
  int64_t cpu_user_thread_us = 0;
};

// Reads /proc/self/statm, getrusage(2), uname(2) and sysconf(3).
ProcessFacts CollectProcessFacts();

// Which sections one INFO call asked for: Redis 7.0's rules. No argument
// means the default sections; "default" adds them; "all" is every section
// (without module-generated ones), "everything" is every section; any other
// word names one section (case-insensitive). Unknown names select nothing.
struct InfoRequest {
  std::set<std::string> sections;  // lower case
  bool all = false;
  bool everything = false;

  bool Wants(std::string_view section) const;
};
InfoRequest ParseInfoRequest(const std::vector<std::string>& args);

// The INFO reply text for `request` (empty when nothing matched).
std::string BuildInfo(Node& node, const InfoRequest& request, const ProcessFacts& facts);

// Redis's bytesToHuman: "1023B", "1.00K", "991.47K", "11.56M", "23.54G", ...
std::string BytesToHuman(uint64_t n);

// Memory accounting shared by INFO memory, MEMORY STATS and MEMORY DOCTOR,
// with the meaning of Redis's getMemoryOverheadData.
struct MemoryOverhead {
  struct DbOverhead {
    int db = 0;
    uint64_t main = 0;     // the key table
    uint64_t expires = 0;  // the TTL table
  };
  uint64_t peak_allocated = 0;
  uint64_t total_allocated = 0;
  uint64_t startup_allocated = 0;
  uint64_t repl_backlog = 0;
  uint64_t clients_slaves = 0;
  uint64_t clients_normal = 0;
  uint64_t cluster_links = 0;
  uint64_t aof_buffer = 0;
  uint64_t lua_caches = 0;
  uint64_t functions_caches = 0;
  std::vector<DbOverhead> dbs;  // only databases holding keys
  uint64_t overhead_total = 0;
  uint64_t total_keys = 0;
  uint64_t bytes_per_key = 0;
  uint64_t dataset = 0;
  double dataset_perc = 0;
  double peak_perc = 0;
  // Allocator and RSS figures (glibc malloc has no separate "active" and
  // "resident" notions: allocated stands for active, RSS for resident).
  uint64_t allocator_allocated = 0;
  uint64_t allocator_active = 0;
  uint64_t allocator_resident = 0;
  uint64_t rss = 0;
  double allocator_frag = 0;
  int64_t allocator_frag_bytes = 0;
  double allocator_rss = 0;
  int64_t allocator_rss_bytes = 0;
  double rss_extra = 0;
  int64_t rss_extra_bytes = 0;
  double total_frag = 0;
  int64_t total_frag_bytes = 0;
};
MemoryOverhead ComputeMemoryOverhead(Node& node, const ProcessFacts& facts);

// MEMORY DOCTOR's report for these figures, in Redis's words. The
// allocator-internal findings (external fragmentation, allocator RSS) do not
// apply to libc malloc, whose figures are the process's.
std::string MemoryDoctorReport(const MemoryOverhead& mh, size_t num_clients);

}  // namespace shoal
