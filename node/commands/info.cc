#include "node/commands/info.h"

#include "node/core/eviction.h"
#include "node/core/blocking.h"
#include "node/core/memory.h"

#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <utility>

#include "common/strutil.h"
#include "node/commands/key_ops.h"
#include "node/core/node.h"
#include "node/persistence/aof.h"
#include "node/persistence/snapshot.h"
#include "node/replication/replication.h"
#include "node/core/version.h"
#include "node/scripting/lua_engine.h"

namespace shoal {

namespace {

// ---------------------------------------------------------------------------
// Line helpers
// ---------------------------------------------------------------------------

void Field(std::string* out, std::string_view name, std::string_view value) {
  out->append(name);
  out->push_back(':');
  out->append(value);
  out->append("\r\n");
}

void Field(std::string* out, std::string_view name, int64_t value) {
  Field(out, name, std::to_string(value));
}

void UField(std::string* out, std::string_view name, uint64_t value) {
  Field(out, name, std::to_string(value));
}

// "%.2f" and friends.
std::string Fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.*f", decimals, v);
  return buf;
}

// getrusage's "%ld.%06ld" seconds.
std::string CpuSeconds(int64_t us) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%" PRId64 ".%06" PRId64, us / 1000000, us % 1000000);
  return buf;
}

int64_t TimevalUs(const timeval& tv) {
  return static_cast<int64_t>(tv.tv_sec) * 1000000 + static_cast<int64_t>(tv.tv_usec);
}

uint64_t UpdatePeak(ServerStats& stats, uint64_t used) {
  if (used > stats.used_memory_peak) stats.used_memory_peak = used;
  return stats.used_memory_peak;
}

int64_t DirtyCount(const Node& node) { return static_cast<int64_t>(node.dirty); }

// Size of a hash table of n entries the way Redis's dict grows: the next
// power of two, at least 4 buckets.
uint64_t DictBuckets(uint64_t n) {
  if (n == 0) return 0;
  uint64_t size = 4;
  while (size < n) size <<= 1;
  return size;
}

// Bytes one table of n entries costs beyond the keys and values: an entry
// (key, value, next) per key and a pointer per bucket.
uint64_t DictOverhead(uint64_t n) { return n * 24 + DictBuckets(n) * 8; }

// ---------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------

void ServerSection(Node& node, const ProcessFacts& facts, std::string* out) {
  const ServerConfig& cfg = node.cfg();
  const int64_t now_us = node.clock().NowUs();
  const int64_t uptime_s = (node.clock().NowMs() - node.start_time_ms()) / 1000;
  Field(out, "redis_version", kRedisCompatVersion);
  Field(out, "redis_git_sha1", "00000000");
  Field(out, "redis_git_dirty", "0");
  Field(out, "redis_build_id", "0");
  Field(out, "redis_mode", cfg.cluster_enabled ? "cluster" : "standalone");
  Field(out, "os", facts.os);
  Field(out, "arch_bits", static_cast<int64_t>(sizeof(void*) * 8));
  Field(out, "monotonic_clock", "POSIX clock_gettime");
  Field(out, "multiplexing_api", "epoll");
  Field(out, "atomicvar_api", "c11-builtin");
#ifdef __GNUC__
  Field(out, "gcc_version",
        std::to_string(__GNUC__) + "." + std::to_string(__GNUC_MINOR__) + "." +
            std::to_string(__GNUC_PATCHLEVEL__));
#else
  Field(out, "gcc_version", "0.0.0");
#endif
  Field(out, "process_id", facts.pid);
  Field(out, "process_supervised", "no");
  Field(out, "run_id", node.run_id());
  Field(out, "tcp_port", static_cast<int64_t>(node.tcp_port));
  Field(out, "server_time_usec", now_us);
  Field(out, "uptime_in_seconds", uptime_s);
  Field(out, "uptime_in_days", uptime_s / 86400);
  Field(out, "hz", static_cast<int64_t>(cfg.hz));
  Field(out, "configured_hz", static_cast<int64_t>(cfg.hz));
  Field(out, "lru_clock", static_cast<int64_t>(keyops::LruClock(node.clock().NowMs())));
  Field(out, "executable", node.executable);
  Field(out, "config_file", node.config_file);
  Field(out, "io_threads_active", "0");
  Field(out, "shoal_version", SHOAL_VERSION);
}

void ClientsSection(Node& node, std::string* out) {
  uint64_t max_in = 0;
  uint64_t max_out = 0;
  for (const auto& [id, client] : node.clients()) {
    if (client->conn == nullptr) continue;
    max_in = std::max<uint64_t>(max_in, client->conn->query_buffer_size());
    max_out = std::max<uint64_t>(max_out, client->conn->output_buffer_size());
  }
  UField(out, "connected_clients", node.num_clients());
  Field(out, "cluster_connections", "0");
  Field(out, "maxclients", node.cfg().maxclients);
  UField(out, "client_recent_max_input_buffer", max_in);
  UField(out, "client_recent_max_output_buffer", max_out);
  UField(out, "blocked_clients", node.blocking().blocked_clients());
  UField(out, "tracking_clients", node.tracking().num_clients());
  UField(out, "clients_in_timeout_table", node.blocking().clients_with_timeout());
}

// The first half of the memory section: usage, peak, dataset, system and
// scripting figures.
void MemoryUsageFields(Node& node, const MemoryOverhead& mh, const ProcessFacts& facts,
                       std::string* out) {
  UField(out, "used_memory", mh.total_allocated);
  Field(out, "used_memory_human", BytesToHuman(mh.total_allocated));
  UField(out, "used_memory_rss", mh.rss);
  Field(out, "used_memory_rss_human", BytesToHuman(mh.rss));
  UField(out, "used_memory_peak", mh.peak_allocated);
  Field(out, "used_memory_peak_human", BytesToHuman(mh.peak_allocated));
  Field(out, "used_memory_peak_perc", Fixed(mh.peak_perc, 2) + "%");
  UField(out, "used_memory_overhead", mh.overhead_total);
  UField(out, "used_memory_startup", mh.startup_allocated);
  UField(out, "used_memory_dataset", mh.dataset);
  Field(out, "used_memory_dataset_perc", Fixed(mh.dataset_perc, 2) + "%");
  UField(out, "allocator_allocated", mh.allocator_allocated);
  UField(out, "allocator_active", mh.allocator_active);
  UField(out, "allocator_resident", mh.allocator_resident);
  UField(out, "total_system_memory", facts.total_system_memory);
  Field(out, "total_system_memory_human", BytesToHuman(facts.total_system_memory));
  const LuaEngine::MemoryInfo lua = node.scripting().Memory();
  UField(out, "used_memory_lua", lua.vm_eval);
  UField(out, "used_memory_vm_eval", lua.vm_eval);
  Field(out, "used_memory_lua_human", BytesToHuman(lua.vm_eval));
  UField(out, "used_memory_scripts_eval", lua.scripts_eval);
  UField(out, "number_of_cached_scripts", lua.cached_scripts);
  UField(out, "number_of_functions", lua.functions_count);
  UField(out, "number_of_libraries", lua.libraries);
  UField(out, "used_memory_vm_functions", lua.vm_functions);
  UField(out, "used_memory_vm_total", lua.vm_eval + lua.vm_functions);
  Field(out, "used_memory_vm_total_human", BytesToHuman(lua.vm_eval + lua.vm_functions));
  UField(out, "used_memory_functions", lua.functions);
  UField(out, "used_memory_scripts", lua.scripts_eval + lua.functions);
  Field(out, "used_memory_scripts_human", BytesToHuman(lua.scripts_eval + lua.functions));
}

void MemorySection(Node& node, const ProcessFacts& facts, std::string* out) {
  const MemoryOverhead mh = ComputeMemoryOverhead(node, facts);
  const ServerConfig& cfg = node.cfg();
  MemoryUsageFields(node, mh, facts, out);
  UField(out, "maxmemory", cfg.maxmemory);
  Field(out, "maxmemory_human", BytesToHuman(cfg.maxmemory));
  Field(out, "maxmemory_policy", cfg.maxmemory_policy);
  Field(out, "allocator_frag_ratio", Fixed(mh.allocator_frag, 2));
  Field(out, "allocator_frag_bytes", mh.allocator_frag_bytes);
  Field(out, "allocator_rss_ratio", Fixed(mh.allocator_rss, 2));
  Field(out, "allocator_rss_bytes", mh.allocator_rss_bytes);
  Field(out, "rss_overhead_ratio", Fixed(mh.rss_extra, 2));
  Field(out, "rss_overhead_bytes", mh.rss_extra_bytes);
  Field(out, "mem_fragmentation_ratio", Fixed(mh.total_frag, 2));
  Field(out, "mem_fragmentation_bytes", mh.total_frag_bytes);
  Field(out, "mem_not_counted_for_evict", "0");
  UField(out, "mem_replication_backlog", mh.repl_backlog);
  Field(out, "mem_total_replication_buffers", "0");
  UField(out, "mem_clients_slaves", mh.clients_slaves);
  UField(out, "mem_clients_normal", mh.clients_normal);
  UField(out, "mem_cluster_links", mh.cluster_links);
  UField(out, "mem_aof_buffer", mh.aof_buffer);
  Field(out, "mem_allocator", AllocatorName());
  Field(out, "active_defrag_running", "0");
  Field(out, "lazyfree_pending_objects", "0");
  Field(out, "lazyfreed_objects", "0");
}

void PersistenceSection(Node& node, std::string* out) {
  const ServerConfig& cfg = node.cfg();
  for (const char* name : {"loading", "async_loading", "current_cow_peak", "current_cow_size",
                           "current_cow_size_age"}) {
    Field(out, name, "0");
  }
  Field(out, "current_fork_perc", "0.00");
  Field(out, "current_save_keys_processed", "0");
  Field(out, "current_save_keys_total", "0");
  Field(out, "rdb_changes_since_last_save", DirtyCount(node));
  const Snapshotter& snap = node.snapshots();
  Field(out, "rdb_bgsave_in_progress", snap.in_progress() ? "1" : "0");
  Field(out, "rdb_last_save_time", snap.last_save_time_s());
  Field(out, "rdb_last_bgsave_status", snap.last_bgsave_ok() ? "ok" : "err");
  Field(out, "rdb_last_bgsave_time_sec", snap.last_bgsave_time_sec());
  Field(out, "rdb_current_bgsave_time_sec", snap.current_bgsave_time_sec());
  UField(out, "rdb_saves", snap.saves());
  Field(out, "rdb_last_cow_size", "0");
  UField(out, "rdb_last_load_keys_expired", snap.keys_expired_on_load());
  UField(out, "rdb_last_load_keys_loaded", snap.keys_loaded());
  const Aof& aof = node.aof();
  Field(out, "aof_enabled", cfg.appendonly ? "1" : "0");
  Field(out, "aof_rewrite_in_progress", aof.rewrite_in_progress() ? "1" : "0");
  Field(out, "aof_rewrite_scheduled", aof.rewrite_scheduled() ? "1" : "0");
  Field(out, "aof_last_rewrite_time_sec", aof.last_rewrite_secs());
  Field(out, "aof_current_rewrite_time_sec", "-1");
  Field(out, "aof_last_bgrewrite_status", aof.last_rewrite_ok() ? "ok" : "err");
  UField(out, "aof_rewrites", aof.rewrites());
  Field(out, "aof_rewrites_consecutive_failures", "0");
  Field(out, "aof_last_write_status", aof.last_write_ok() ? "ok" : "err");
  Field(out, "aof_last_cow_size", "0");
  Field(out, "module_fork_in_progress", "0");
  Field(out, "module_fork_last_cow_size", "0");
  if (cfg.appendonly) {
    UField(out, "aof_current_size", aof.current_size());
    UField(out, "aof_base_size", aof.base_size());
    Field(out, "aof_pending_rewrite", "0");
    Field(out, "aof_buffer_length", "0");
    Field(out, "aof_pending_bio_fsync", "0");
    Field(out, "aof_delayed_fsync", "0");
  }
}

// Fields of the stats section Shoal has no subsystem for yet, in Redis's
// order, after keyspace_misses.
constexpr const char* kMiscZeros[] = {"latest_fork_usec",
                                      "total_forks",
                                      "migrate_cached_sockets",
                                      "slave_expires_tracked_keys",
                                      "active_defrag_hits",
                                      "active_defrag_misses",
                                      "active_defrag_key_hits",
                                      "active_defrag_key_misses",
                                      "total_active_defrag_time",
                                      "current_active_defrag_time"};

void StatsSection(Node& node, std::string* out) {
  const ServerStats& s = node.stats();
  const KeyspaceStats& ks = node.keyspace_stats();
  int64_t ops_sum = 0;
  for (int64_t v : s.ops_samples) ops_sum += v;
  UField(out, "total_connections_received", s.total_connections_received);
  UField(out, "total_commands_processed", s.total_commands_processed);
  Field(out, "instantaneous_ops_per_sec", ops_sum / ServerStats::kSamples);
  UField(out, "total_net_input_bytes", s.net_input_bytes);
  UField(out, "total_net_output_bytes", s.net_output_bytes);
  Field(out, "total_net_repl_input_bytes", "0");
  Field(out, "total_net_repl_output_bytes", "0");
  Field(out, "instantaneous_input_kbps", "0.00");
  Field(out, "instantaneous_output_kbps", "0.00");
  Field(out, "instantaneous_input_repl_kbps", "0.00");
  Field(out, "instantaneous_output_repl_kbps", "0.00");
  UField(out, "rejected_connections", s.rejected_connections);
  UField(out, "sync_full", node.replication().sync_full());
  UField(out, "sync_partial_ok", node.replication().sync_partial_ok());
  UField(out, "sync_partial_err", node.replication().sync_partial_err());
  UField(out, "expired_keys", ks.expired_keys);
  Field(out, "expired_stale_perc", Fixed(ks.expired_stale_perc_x100 / 100.0, 2));
  UField(out, "expired_time_cap_reached_count", ks.expired_time_cap_reached_count);
  UField(out, "expire_cycle_cpu_milliseconds", ks.expire_cycle_cpu_milliseconds);
  UField(out, "evicted_keys", ks.evicted_keys);
  Field(out, "evicted_clients", "0");  // client eviction (maxmemory-clients) is not done yet
  const EvictionExceededTimes exceeded = ExceededTimes(ks, node.clock().MonotonicUs());
  UField(out, "total_eviction_exceeded_time", exceeded.total_ms);
  UField(out, "current_eviction_exceeded_time", exceeded.current_ms);
  UField(out, "keyspace_hits", ks.keyspace_hits);
  UField(out, "keyspace_misses", ks.keyspace_misses);
  PubSub& pubsub = node.pubsub();
  UField(out, "pubsub_channels", pubsub.num_channels(PubSub::Scope::kGlobal));
  UField(out, "pubsub_patterns", pubsub.num_patterns());
  UField(out, "pubsubshard_channels", pubsub.num_channels(PubSub::Scope::kShard));
  for (const char* name : kMiscZeros) Field(out, name, "0");
  Tracking& tracking = node.tracking();
  UField(out, "tracking_total_keys", tracking.total_keys());
  UField(out, "tracking_total_items", tracking.total_items());
  UField(out, "tracking_total_prefixes", tracking.total_prefixes());
  UField(out, "unexpected_error_replies", s.unexpected_error_replies);
  UField(out, "total_error_replies", s.total_error_replies);
  Field(out, "dump_payload_sanitizations", "0");
  UField(out, "total_reads_processed", s.total_reads_processed);
  UField(out, "total_writes_processed", s.total_writes_processed);
  Field(out, "io_threaded_reads_processed", "0");
  Field(out, "io_threaded_writes_processed", "0");
  Field(out, "reply_buffer_shrinks", "0");
  Field(out, "reply_buffer_expands", "0");
}

void ReplicationSection(Node& node, std::string* out) {
  const Replication& repl = node.replication();
  const ServerConfig& cfg = node.cfg();
  if (repl.is_replica()) {
    Field(out, "role", "slave");
    Field(out, "master_host", repl.master_host());
    Field(out, "master_port", repl.master_port());
    Field(out, "master_link_status", repl.link_up() ? "up" : "down");
    Field(out, "master_last_io_seconds_ago", repl.link_up() ? repl.last_io_seconds_ago() : -1);
    Field(out, "master_sync_in_progress", repl.sync_in_progress() ? "1" : "0");
    Field(out, "slave_read_repl_offset", repl.offset());
    Field(out, "slave_repl_offset", repl.offset());
    Field(out, "slave_priority", cfg.replica_priority);
    Field(out, "slave_read_only", cfg.replica_read_only ? "1" : "0");
    Field(out, "replica_announced", cfg.replica_announced ? "1" : "0");
  } else {
    Field(out, "role", "master");
  }
  Field(out, "connected_slaves", static_cast<int64_t>(repl.replicas().size()));
  int n = 0;
  const int64_t now_s = node.clock().NowMs() / 1000;
  for (const auto& [id, r] : repl.replicas()) {
    Field(out, "slave" + std::to_string(n++),
          "ip=" + r.ip + ",port=" + std::to_string(r.port) + ",state=online,offset=" +
              std::to_string(r.ack_offset) + ",lag=" + std::to_string(now_s - r.last_ack_ms / 1000));
  }
  Field(out, "master_failover_state", "no-failover");
  Field(out, "master_replid", repl.replid());
  Field(out, "master_replid2", repl.replid2());
  Field(out, "master_repl_offset", repl.offset());
  Field(out, "second_repl_offset", repl.second_offset());
  const ReplicationBacklog& backlog = repl.backlog();
  const bool active = backlog.histlen() > 0 || !repl.replicas().empty() || repl.is_replica();
  Field(out, "repl_backlog_active", active ? "1" : "0");
  Field(out, "repl_backlog_size", cfg.repl_backlog_size);
  Field(out, "repl_backlog_first_byte_offset", active ? backlog.first_offset() : 0);
  UField(out, "repl_backlog_histlen", backlog.histlen());
}

void CpuSection(const ProcessFacts& facts, std::string* out) {
  Field(out, "used_cpu_sys", CpuSeconds(facts.cpu_sys_us));
  Field(out, "used_cpu_user", CpuSeconds(facts.cpu_user_us));
  Field(out, "used_cpu_sys_children", CpuSeconds(facts.cpu_sys_children_us));
  Field(out, "used_cpu_user_children", CpuSeconds(facts.cpu_user_children_us));
  Field(out, "used_cpu_sys_main_thread", CpuSeconds(facts.cpu_sys_thread_us));
  Field(out, "used_cpu_user_main_thread", CpuSeconds(facts.cpu_user_thread_us));
}

// Command statistics sorted by name, so the output is stable.
std::vector<std::pair<std::string, const CommandStats*>> SortedCommandStats(Node& node) {
  std::vector<std::pair<std::string, const CommandStats*>> sorted;
  for (const auto& [name, stats] : node.command_stats()) sorted.emplace_back(name, &stats);
  std::sort(sorted.begin(), sorted.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return sorted;
}

void CommandStatsSection(Node& node, std::string* out) {
  for (const auto& [name, st] : SortedCommandStats(node)) {
    if (st->calls == 0 && st->failed_calls == 0 && st->rejected_calls == 0) continue;
    double per_call =
        st->calls ? static_cast<double>(st->usec) / static_cast<double>(st->calls) : 0.0;
    char buf[256];
    std::snprintf(buf, sizeof(buf),
                  "calls=%" PRIu64 ",usec=%" PRIu64 ",usec_per_call=%.2f,rejected_calls=%" PRIu64
                  ",failed_calls=%" PRIu64,
                  st->calls, st->usec, per_call, st->rejected_calls, st->failed_calls);
    Field(out, "cmdstat_" + name, buf);
  }
}

void ErrorStatsSection(Node& node, std::string* out) {
  for (const auto& [code, count] : node.stats().error_stats) {
    Field(out, "errorstat_" + code, "count=" + std::to_string(count));
  }
}

// A percentile's name as Redis prints it: "%f" without trailing zeros (50,
// 99, 99.9).
std::string PercentileName(double p) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%f", p);
  std::string s = buf;
  if (s.find('.') != std::string::npos) {
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
  }
  return s;
}

void LatencyStatsSection(Node& node, std::string* out) {
  const ServerConfig& cfg = node.cfg();
  if (!cfg.latency_tracking) return;
  for (const auto& [name, st] : SortedCommandStats(node)) {
    if (st->histogram.count() == 0) continue;
    std::string value;
    for (double p : cfg.latency_tracking_info_percentiles) {
      if (!value.empty()) value.push_back(',');
      value += "p" + PercentileName(p) + "=" + Fixed(st->histogram.Percentile(p), 3);
    }
    Field(out, "latency_percentiles_usec_" + name, value);
  }
}

void ClusterSection(Node& node, std::string* out) {
  Field(out, "cluster_enabled", node.cfg().cluster_enabled ? "1" : "0");
}

void KeyspaceSection(Node& node, std::string* out) {
  Keyspace& ks = node.keyspace();
  for (int i = 0; i < ks.num_dbs(); ++i) {
    Db& db = ks.db(i);
    const size_t keys = db.Size();
    const size_t expires = db.ExpiresSize();
    if (keys == 0 && expires == 0) continue;
    Field(out, "db" + std::to_string(i),
          "keys=" + std::to_string(keys) + ",expires=" + std::to_string(expires) +
              ",avg_ttl=" + std::to_string(db.AvgTtlMs()));
  }
}

// The sections in output order. `in_default` marks the ones INFO without
// arguments prints; `alias` is a second name selecting the section.
struct SectionDef {
  std::string_view name;
  std::string_view title;
  bool in_default;
  std::string_view alias;
};

constexpr SectionDef kSections[] = {
    {"server", "Server", true, ""},
    {"clients", "Clients", true, ""},
    {"memory", "Memory", true, ""},
    {"persistence", "Persistence", true, ""},
    {"stats", "Stats", true, ""},
    {"replication", "Replication", true, ""},
    {"cpu", "CPU", true, ""},
    // The list of loaded modules: "module_list" in the default set, also
    // selected by "modules".
    {"module_list", "Modules", true, "modules"},
    {"commandstats", "Commandstats", false, ""},
    {"errorstats", "Errorstats", true, ""},
    {"latencystats", "Latencystats", false, ""},
    {"cluster", "Cluster", true, ""},
    {"keyspace", "Keyspace", true, ""},
};

void AppendSection(Node& node, const ProcessFacts& facts, std::string_view name, std::string* out) {
  if (name == "server") return ServerSection(node, facts, out);
  if (name == "clients") return ClientsSection(node, out);
  if (name == "memory") return MemorySection(node, facts, out);
  if (name == "persistence") return PersistenceSection(node, out);
  if (name == "stats") return StatsSection(node, out);
  if (name == "replication") return ReplicationSection(node, out);
  if (name == "cpu") return CpuSection(facts, out);
  if (name == "commandstats") return CommandStatsSection(node, out);
  if (name == "errorstats") return ErrorStatsSection(node, out);
  if (name == "latencystats") return LatencyStatsSection(node, out);
  if (name == "cluster") return ClusterSection(node, out);
  if (name == "keyspace") return KeyspaceSection(node, out);
  // module_list: no modules are ever loaded.
}

uint64_t ReadRss() {
  std::ifstream statm("/proc/self/statm");
  uint64_t size = 0;
  uint64_t resident = 0;
  if (!(statm >> size >> resident)) return 0;
  return resident * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

// MEMORY DOCTOR's findings, in the order the report lists them.
constexpr std::string_view kDoctorBigPeak =
    " * Memory peak: this node once used more than 1.5 times the memory it uses now. "
    "Allocators seldom return memory after a peak, so a high fragmentation ratio is expected "
    "and harmless: the space is reused as data grows. MEMORY PURGE may give some of it back; "
    "otherwise only a restart will.\n\n";
constexpr std::string_view kDoctorHighFrag =
    " * High RSS overhead: the resident set is more than 1.4 times the memory allocated for "
    "data, because of a past peak (see above) or a workload that fragments the allocator.\n\n";
constexpr std::string_view kDoctorBigClientBuf =
    " * Large client buffers: output buffers hold more than 200 KB per client on average. "
    "Slow Pub/Sub subscribers, very large replies and very long pipelines are the usual causes; "
    "CLIENT LIST shows which clients hold the memory.\n\n";

constexpr uint64_t kDoctorMinAllocated = 5 * 1024 * 1024;  // below: "empty"
constexpr int64_t kDoctorFragBytes = 10 * 1024 * 1024;
constexpr uint64_t kDoctorClientBuf = 200 * 1024;  // per client, on average

}  // namespace

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

ProcessFacts CollectProcessFacts() {
  ProcessFacts f;
  f.pid = static_cast<int64_t>(getpid());
  struct utsname name;
  if (uname(&name) == 0) {
    f.os = std::string(name.sysname) + " " + name.release + " " + name.machine;
  }
  f.rss_bytes = ReadRss();
  const int64_t pages = sysconf(_SC_PHYS_PAGES);
  const int64_t page_size = sysconf(_SC_PAGESIZE);
  if (pages > 0 && page_size > 0) {
    f.total_system_memory = static_cast<uint64_t>(pages) * static_cast<uint64_t>(page_size);
  }
  struct rusage ru;
  if (getrusage(RUSAGE_SELF, &ru) == 0) {
    f.cpu_sys_us = TimevalUs(ru.ru_stime);
    f.cpu_user_us = TimevalUs(ru.ru_utime);
  }
  if (getrusage(RUSAGE_CHILDREN, &ru) == 0) {
    f.cpu_sys_children_us = TimevalUs(ru.ru_stime);
    f.cpu_user_children_us = TimevalUs(ru.ru_utime);
  }
#ifdef RUSAGE_THREAD
  if (getrusage(RUSAGE_THREAD, &ru) == 0) {
    f.cpu_sys_thread_us = TimevalUs(ru.ru_stime);
    f.cpu_user_thread_us = TimevalUs(ru.ru_utime);
  }
#endif
  return f;
}

bool InfoRequest::Wants(std::string_view section) const {
  return all || everything || sections.count(std::string(section)) > 0;
}

InfoRequest ParseInfoRequest(const std::vector<std::string>& args) {
  InfoRequest req;
  auto add_defaults = [&req] {
    for (const SectionDef& s : kSections) {
      if (s.in_default) req.sections.emplace(s.name);
    }
  };
  if (args.empty()) add_defaults();
  for (const std::string& arg : args) {
    std::string word = ToLower(arg);
    if (word == "default") {
      add_defaults();
    } else if (word == "all") {
      req.all = true;
    } else if (word == "everything") {
      req.everything = true;
      req.all = true;
    } else {
      req.sections.insert(std::move(word));
    }
  }
  return req;
}

std::string BuildInfo(Node& node, const InfoRequest& request, const ProcessFacts& facts) {
  std::string out;
  int printed = 0;
  for (const SectionDef& s : kSections) {
    if (!request.Wants(s.name) && (s.alias.empty() || !request.Wants(s.alias))) continue;
    if (printed++ > 0) out.append("\r\n");
    out.append("# ");
    out.append(s.title);
    out.append("\r\n");
    AppendSection(node, facts, s.name, &out);
  }
  return out;
}

std::string BytesToHuman(uint64_t n) {
  static constexpr const char* kUnits[] = {"K", "M", "G", "T", "P"};
  if (n < 1024) return std::to_string(n) + "B";
  double limit = 1024.0;
  for (const char* unit : kUnits) {
    if (static_cast<double>(n) < limit * 1024.0) {
      return Fixed(static_cast<double>(n) / limit, 2) + unit;
    }
    limit *= 1024.0;
  }
  return std::to_string(n) + "B";
}

MemoryOverhead ComputeMemoryOverhead(Node& node, const ProcessFacts& facts) {
  MemoryOverhead mh;
  mh.total_allocated = node.UsedMemory();
  mh.peak_allocated = UpdatePeak(node.stats(), mh.total_allocated);
  for (const auto& [id, client] : node.clients()) {
    if (client->conn == nullptr) continue;
    mh.clients_normal += client->conn->query_buffer_size() + client->conn->output_buffer_size();
  }
  mh.overhead_total = mh.startup_allocated + mh.repl_backlog + mh.clients_slaves +
                      mh.clients_normal + mh.cluster_links + mh.aof_buffer + mh.lua_caches +
                      mh.functions_caches;
  Keyspace& ks = node.keyspace();
  for (int i = 0; i < ks.num_dbs(); ++i) {
    Db& db = ks.db(i);
    if (db.Size() == 0) continue;
    MemoryOverhead::DbOverhead d{i, DictOverhead(db.Size()), DictOverhead(db.ExpiresSize())};
    mh.overhead_total += d.main + d.expires;
    mh.total_keys += db.Size();
    mh.dbs.push_back(d);
  }
  const uint64_t net_usage =
      mh.total_allocated > mh.startup_allocated ? mh.total_allocated - mh.startup_allocated : 1;
  mh.dataset = mh.total_allocated > mh.overhead_total ? mh.total_allocated - mh.overhead_total : 0;
  mh.dataset_perc = static_cast<double>(mh.dataset) * 100.0 / static_cast<double>(net_usage);
  mh.bytes_per_key = mh.total_keys ? net_usage / mh.total_keys : 0;
  mh.peak_perc = mh.peak_allocated ? static_cast<double>(mh.total_allocated) * 100.0 /
                                         static_cast<double>(mh.peak_allocated)
                                   : 0;

  mh.rss = facts.rss_bytes;
  mh.allocator_allocated = mh.total_allocated;
  mh.allocator_active = mh.total_allocated;
  mh.allocator_resident = mh.rss;
  auto ratio = [](uint64_t a, uint64_t b) {
    return b ? static_cast<double>(a) / static_cast<double>(b) : 0.0;
  };
  auto diff = [](uint64_t a, uint64_t b) {
    return static_cast<int64_t>(a) - static_cast<int64_t>(b);
  };
  mh.allocator_frag = ratio(mh.allocator_active, mh.allocator_allocated);
  mh.allocator_frag_bytes = diff(mh.allocator_active, mh.allocator_allocated);
  mh.allocator_rss = ratio(mh.allocator_resident, mh.allocator_active);
  mh.allocator_rss_bytes = diff(mh.allocator_resident, mh.allocator_active);
  mh.rss_extra = ratio(mh.rss, mh.allocator_resident);
  mh.rss_extra_bytes = diff(mh.rss, mh.allocator_resident);
  mh.total_frag = ratio(mh.rss, mh.total_allocated);
  mh.total_frag_bytes = diff(mh.rss, mh.total_allocated);
  return mh;
}

std::string MemoryDoctorReport(const MemoryOverhead& mh, size_t num_clients) {
  if (mh.total_allocated < kDoctorMinAllocated) {
    return "This node holds too little data (under 5 MB) for a memory diagnosis.\n";
  }
  std::string findings;
  if (static_cast<double>(mh.peak_allocated) / static_cast<double>(mh.total_allocated) > 1.5) {
    findings += kDoctorBigPeak;
  }
  if (mh.total_frag > 1.4 && mh.total_frag_bytes > kDoctorFragBytes) findings += kDoctorHighFrag;
  if (num_clients > 0 && mh.clients_normal / num_clients > kDoctorClientBuf) {
    findings += kDoctorBigClientBuf;
  }
  if (findings.empty()) {
    return "No memory problem found on this node.\n";
  }
  return "Memory findings on this node:\n\n" + findings;
}

}  // namespace shoal
