// The server command family (INFO, CONFIG, TIME, LASTSAVE, ROLE, MONITOR,
// SHUTDOWN, DEBUG, MEMORY), driven through the dispatcher like a redis-cli
// session. Expected replies are Redis 7.0's.

#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "node/commands/info.h"
#include "node/core/monitor.h"
#include "node/core/version.h"
#include "tests/unit/harness.h"

namespace shoal {
namespace {

using testing::CommandHarness;
using Directives = std::vector<std::pair<std::string, std::string>>;

// The INFO text for the given arguments.
std::string Info(CommandHarness& h, std::vector<std::string> sections = {}) {
  std::vector<std::string> argv = {"INFO"};
  argv.insert(argv.end(), sections.begin(), sections.end());
  resp::Value v = h.RunValue(argv);
  EXPECT_FALSE(v.is_error()) << v.str;
  return v.str;
}

// Section titles in output order.
std::vector<std::string> Titles(const std::string& info) {
  std::vector<std::string> titles;
  std::istringstream in(info);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("# ", 0) == 0) titles.push_back(line.substr(2, line.size() - 3));
  }
  return titles;
}

// Field names of one section, in order.
std::vector<std::string> FieldNames(const std::string& info, const std::string& title) {
  std::vector<std::string> names;
  std::istringstream in(info);
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("# ", 0) == 0) {
      inside = line == "# " + title;
      continue;
    }
    if (inside && !line.empty()) names.push_back(line.substr(0, line.find(':')));
  }
  return names;
}

// name -> value of every field.
std::map<std::string, std::string> Fields(const std::string& info) {
  std::map<std::string, std::string> fields;
  std::istringstream in(info);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    size_t colon = line.find(':');
    fields[line.substr(0, colon)] = line.substr(colon + 1);
  }
  return fields;
}

std::vector<std::string> Split(const std::string& words) {
  std::vector<std::string> out;
  std::istringstream in(words);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// ---------------------------------------------------------------------------
// INFO: sections and fields
// ---------------------------------------------------------------------------

TEST(ServerInfoTest, DefaultSectionsInRedisOrder) {
  CommandHarness h;
  const std::vector<std::string> expected = {"Server",     "Clients",     "Memory",  "Persistence",
                                             "Stats",      "Replication", "CPU",     "Modules",
                                             "Errorstats", "Cluster",     "Keyspace"};
  EXPECT_EQ(Titles(Info(h)), expected);
  EXPECT_EQ(Titles(Info(h, {"default"})), expected);
}

TEST(ServerInfoTest, AllAndEverythingAddCommandAndLatencyStats) {
  CommandHarness h;
  const std::vector<std::string> expected = {
      "Server",  "Clients",      "Memory",     "Persistence",  "Stats",   "Replication", "CPU",
      "Modules", "Commandstats", "Errorstats", "Latencystats", "Cluster", "Keyspace"};
  EXPECT_EQ(Titles(Info(h, {"all"})), expected);
  EXPECT_EQ(Titles(Info(h, {"everything"})), expected);
  EXPECT_EQ(Titles(Info(h, {"EVERYTHING"})), expected);
}

TEST(ServerInfoTest, FieldNamesMatchRedis70) {
  CommandHarness h;
  const std::string info = Info(h, {"everything"});
  EXPECT_EQ(FieldNames(info, "Server"),
            Split("redis_version redis_git_sha1 redis_git_dirty redis_build_id redis_mode os "
                  "arch_bits monotonic_clock multiplexing_api atomicvar_api gcc_version "
                  "process_id process_supervised run_id tcp_port server_time_usec "
                  "uptime_in_seconds uptime_in_days hz configured_hz lru_clock executable "
                  "config_file io_threads_active shoal_version"));
  EXPECT_EQ(FieldNames(info, "Clients"),
            Split("connected_clients cluster_connections maxclients "
                  "client_recent_max_input_buffer client_recent_max_output_buffer "
                  "blocked_clients tracking_clients clients_in_timeout_table"));
  EXPECT_EQ(
      FieldNames(info, "Memory"),
      Split("used_memory used_memory_human used_memory_rss used_memory_rss_human "
            "used_memory_peak used_memory_peak_human used_memory_peak_perc used_memory_overhead "
            "used_memory_startup used_memory_dataset used_memory_dataset_perc "
            "allocator_allocated allocator_active allocator_resident total_system_memory "
            "total_system_memory_human used_memory_lua used_memory_vm_eval used_memory_lua_human "
            "used_memory_scripts_eval number_of_cached_scripts number_of_functions "
            "number_of_libraries used_memory_vm_functions used_memory_vm_total "
            "used_memory_vm_total_human used_memory_functions used_memory_scripts "
            "used_memory_scripts_human maxmemory maxmemory_human maxmemory_policy "
            "allocator_frag_ratio allocator_frag_bytes allocator_rss_ratio allocator_rss_bytes "
            "rss_overhead_ratio rss_overhead_bytes mem_fragmentation_ratio "
            "mem_fragmentation_bytes mem_not_counted_for_evict mem_replication_backlog "
            "mem_total_replication_buffers mem_clients_slaves mem_clients_normal "
            "mem_cluster_links mem_aof_buffer mem_allocator active_defrag_running "
            "lazyfree_pending_objects lazyfreed_objects"));
  EXPECT_EQ(
      FieldNames(info, "Persistence"),
      Split("loading async_loading current_cow_peak current_cow_size current_cow_size_age "
            "current_fork_perc current_save_keys_processed current_save_keys_total "
            "rdb_changes_since_last_save rdb_bgsave_in_progress rdb_last_save_time "
            "rdb_last_bgsave_status rdb_last_bgsave_time_sec rdb_current_bgsave_time_sec "
            "rdb_saves rdb_last_cow_size rdb_last_load_keys_expired rdb_last_load_keys_loaded "
            "aof_enabled aof_rewrite_in_progress aof_rewrite_scheduled aof_last_rewrite_time_sec "
            "aof_current_rewrite_time_sec aof_last_bgrewrite_status aof_rewrites "
            "aof_rewrites_consecutive_failures aof_last_write_status aof_last_cow_size "
            "module_fork_in_progress module_fork_last_cow_size"));
  EXPECT_EQ(
      FieldNames(info, "Stats"),
      Split("total_connections_received total_commands_processed instantaneous_ops_per_sec "
            "total_net_input_bytes total_net_output_bytes total_net_repl_input_bytes "
            "total_net_repl_output_bytes instantaneous_input_kbps instantaneous_output_kbps "
            "instantaneous_input_repl_kbps instantaneous_output_repl_kbps rejected_connections "
            "sync_full sync_partial_ok sync_partial_err expired_keys expired_stale_perc "
            "expired_time_cap_reached_count expire_cycle_cpu_milliseconds evicted_keys "
            "evicted_clients total_eviction_exceeded_time current_eviction_exceeded_time "
            "keyspace_hits keyspace_misses pubsub_channels pubsub_patterns pubsubshard_channels "
            "latest_fork_usec total_forks migrate_cached_sockets slave_expires_tracked_keys "
            "active_defrag_hits active_defrag_misses active_defrag_key_hits "
            "active_defrag_key_misses total_active_defrag_time current_active_defrag_time "
            "tracking_total_keys tracking_total_items tracking_total_prefixes "
            "unexpected_error_replies total_error_replies dump_payload_sanitizations "
            "total_reads_processed total_writes_processed io_threaded_reads_processed "
            "io_threaded_writes_processed reply_buffer_shrinks reply_buffer_expands"));
  EXPECT_EQ(FieldNames(info, "Replication"),
            Split("role connected_slaves master_failover_state master_replid master_replid2 "
                  "master_repl_offset second_repl_offset repl_backlog_active repl_backlog_size "
                  "repl_backlog_first_byte_offset repl_backlog_histlen"));
  EXPECT_EQ(FieldNames(info, "CPU"),
            Split("used_cpu_sys used_cpu_user used_cpu_sys_children used_cpu_user_children "
                  "used_cpu_sys_main_thread used_cpu_user_main_thread"));
  EXPECT_EQ(FieldNames(info, "Cluster"), Split("cluster_enabled"));
  EXPECT_TRUE(FieldNames(info, "Modules").empty());
}

TEST(ServerInfoTest, ServerAndReplicationValues) {
  CommandHarness h;
  h.clock().AdvanceMs(90'500);
  auto f = Fields(Info(h, {"server", "replication", "cluster"}));
  EXPECT_EQ(f["redis_version"], kRedisCompatVersion);
  EXPECT_EQ(f["shoal_version"], SHOAL_VERSION);
  EXPECT_EQ(f["redis_mode"], "standalone");
  EXPECT_EQ(f["multiplexing_api"], "epoll");
  EXPECT_EQ(f["arch_bits"], "64");
  EXPECT_EQ(f["run_id"], h.node().run_id());
  EXPECT_EQ(f["server_time_usec"], std::to_string(h.clock().NowUs()));
  EXPECT_EQ(f["uptime_in_seconds"], "90");
  EXPECT_EQ(f["uptime_in_days"], "0");
  EXPECT_EQ(f["hz"], "10");
  EXPECT_EQ(f["lru_clock"], std::to_string((h.clock().NowMs() / 1000) & 0xFFFFFF));
  EXPECT_EQ(f["role"], "master");
  EXPECT_EQ(f["master_failover_state"], "no-failover");
  EXPECT_TRUE(std::regex_match(f["master_replid"], std::regex("[0-9a-f]{40}")));
  EXPECT_EQ(f["master_replid2"], std::string(40, '0'));
  EXPECT_EQ(f["second_repl_offset"], "-1");
  EXPECT_EQ(f["repl_backlog_size"], "1048576");
  EXPECT_EQ(f["cluster_enabled"], "0");
}

TEST(ServerInfoTest, MemoryAndCpuValues) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"CONFIG", "SET", "maxmemory", "100mb", "maxmemory-policy", "allkeys-lru"}),
            "OK");
  auto f = Fields(Info(h, {"memory", "cpu"}));
  EXPECT_GT(std::stoull(f["used_memory"]), 0u);
  EXPECT_GE(std::stoull(f["used_memory_peak"]), std::stoull(f["used_memory"]));
  EXPECT_GT(std::stoull(f["used_memory_rss"]), 0u);
  EXPECT_EQ(f["maxmemory"], "104857600");
  EXPECT_EQ(f["maxmemory_human"], "100.00M");
  EXPECT_EQ(f["maxmemory_policy"], "allkeys-lru");
  EXPECT_EQ(f["mem_allocator"], "libc");
  EXPECT_TRUE(std::regex_match(f["used_memory_peak_perc"], std::regex("[0-9]+\\.[0-9]{2}%")));
  EXPECT_TRUE(std::regex_match(f["used_cpu_user"], std::regex("[0-9]+\\.[0-9]{6}")));
  EXPECT_TRUE(std::regex_match(f["used_cpu_sys_children"], std::regex("[0-9]+\\.[0-9]{6}")));
}

TEST(ServerInfoTest, CrlfLinesAndBlankLineBetweenSections) {
  CommandHarness h;
  resp::Value v = h.RunValue({"INFO", "clients", "cluster"});
  EXPECT_EQ(v.type, resp::Value::Type::kBulk);
  EXPECT_EQ(v.str.rfind("# Clients\r\nconnected_clients:1\r\n", 0), 0u) << v.str;
  EXPECT_NE(v.str.find("clients_in_timeout_table:0\r\n\r\n# Cluster\r\ncluster_enabled:0\r\n"),
            std::string::npos)
      << v.str;
  EXPECT_EQ(v.str.back(), '\n');
  EXPECT_EQ(v.str.find("\r\n\r\n\r\n"), std::string::npos);
  // Every line feed is part of a CRLF.
  for (size_t i = 0; i < v.str.size(); ++i) {
    if (v.str[i] == '\n') {
      EXPECT_EQ(v.str[i - 1], '\r') << i;
    }
  }
}

TEST(ServerInfoTest, SeveralSectionsAndUnknownSections) {
  CommandHarness h;
  EXPECT_EQ(Titles(Info(h, {"server", "CLIENTS"})),
            (std::vector<std::string>{"Server", "Clients"}));
  // Output order is INFO's, not the order asked.
  EXPECT_EQ(Titles(Info(h, {"keyspace", "cpu"})), (std::vector<std::string>{"CPU", "Keyspace"}));
  EXPECT_EQ(Info(h, {"cluster", "Cluster"}), "# Cluster\r\ncluster_enabled:0\r\n");
  EXPECT_EQ(Info(h, {"nosuchsection"}), "");
  EXPECT_EQ(h.RunRaw({"INFO", "nosuchsection"}), "$0\r\n\r\n");
  EXPECT_EQ(Titles(Info(h, {"cpu", "nosuchsection"})), (std::vector<std::string>{"CPU"}));
  EXPECT_EQ(Info(h, {"modules"}), "# Modules\r\n");
  EXPECT_EQ(Titles(Info(h, {"default", "commandstats"})).size(), 12u);
}

TEST(ServerInfoTest, Resp3RepliesWithVerbatimText) {
  CommandHarness h;
  h.client().resp = 3;
  EXPECT_EQ(h.RunRaw({"INFO", "cluster"}), "=34\r\ntxt:# Cluster\r\ncluster_enabled:0\r\n\r\n");
}

TEST(ServerInfoTest, KeyspaceCountsKeysAndExpires) {
  CommandHarness h;
  EXPECT_EQ(Info(h, {"keyspace"}), "# Keyspace\r\n");
  h.Put("a", "1");
  h.Put("b", "2");
  h.Put("c", "3", 3);
  h.node().keyspace().db(0).SetExpireMs("a", h.clock().NowMs() + 100'000);
  auto f = Fields(Info(h, {"keyspace"}));
  EXPECT_TRUE(std::regex_match(f["db0"], std::regex("keys=2,expires=1,avg_ttl=[0-9]+")))
      << f["db0"];
  EXPECT_EQ(f["db3"], "keys=1,expires=0,avg_ttl=0");
  EXPECT_EQ(f.count("db1"), 0u);
}

TEST(ServerInfoTest, CommandStatsCountCallsAndFailures) {
  CommandHarness h;
  h.Run({"TIME"});
  h.Run({"TIME"});
  h.Run({"CONFIG", "GET", "port"});
  h.Run({"CONFIG", "SET", "port"});              // wrong arity: rejected
  h.Run({"CONFIG", "SET", "maxmemory", "abc"});  // fails in the handler
  auto f = Fields(Info(h, {"commandstats"}));
  EXPECT_TRUE(std::regex_match(
      f["cmdstat_time"],
      std::regex("calls=2,usec=[0-9]+,usec_per_call=[0-9]+\\.[0-9]{2},rejected_calls=0,"
                 "failed_calls=0")))
      << f["cmdstat_time"];
  EXPECT_TRUE(std::regex_search(f["cmdstat_config|get"], std::regex("^calls=1,")));
  EXPECT_TRUE(std::regex_search(f["cmdstat_config|set"],
                                std::regex("^calls=1,.*rejected_calls=1,failed_calls=1$")))
      << f["cmdstat_config|set"];
  EXPECT_EQ(f.count("cmdstat_get"), 0u);
}

TEST(ServerInfoTest, ErrorStatsCountByErrorCode) {
  CommandHarness h;
  EXPECT_EQ(Info(h, {"errorstats"}), "# Errorstats\r\n");
  h.Run({"NOSUCHCOMMAND"});
  h.Run({"CONFIG", "SET", "maxmemory", "abc"});
  auto f = Fields(Info(h, {"errorstats", "stats"}));
  EXPECT_EQ(f["errorstat_ERR"], "count=2");
  EXPECT_EQ(f["total_error_replies"], "2");
}

TEST(ServerInfoTest, LatencyStatsPrintConfiguredPercentiles) {
  CommandHarness h;
  h.Run({"TIME"});
  auto f = Fields(Info(h, {"latencystats"}));
  EXPECT_TRUE(std::regex_match(
      f["latency_percentiles_usec_time"],
      std::regex("p50=[0-9]+\\.[0-9]{3},p99=[0-9]+\\.[0-9]{3},p99\\.9=[0-9]+\\.[0-9]{3}")))
      << f["latency_percentiles_usec_time"];
  EXPECT_EQ(h.Run({"CONFIG", "SET", "latency-tracking-info-percentiles", "50 100"}), "OK");
  f = Fields(Info(h, {"latencystats"}));
  EXPECT_TRUE(
      std::regex_match(f["latency_percentiles_usec_time"], std::regex("p50=[0-9.]+,p100=[0-9.]+")));
  EXPECT_EQ(h.Run({"CONFIG", "SET", "latency-tracking", "no"}), "OK");
  EXPECT_EQ(Info(h, {"latencystats"}), "# Latencystats\r\n");
}

TEST(ServerInfoTest, StatsFollowTheNode) {
  CommandHarness h;
  h.node().keyspace_stats().keyspace_hits = 7;
  h.node().keyspace_stats().keyspace_misses = 3;
  h.node().keyspace_stats().expired_stale_perc_x100 = 1250;
  h.Run({"TIME"});
  auto f = Fields(Info(h, {"stats"}));
  EXPECT_EQ(f["keyspace_hits"], "7");
  EXPECT_EQ(f["keyspace_misses"], "3");
  EXPECT_EQ(f["expired_stale_perc"], "12.50");
  EXPECT_EQ(f["total_commands_processed"], "1");
  EXPECT_EQ(f["total_connections_received"], "1");
  EXPECT_EQ(f["instantaneous_input_kbps"], "0.00");
}

TEST(ServerInfoTest, BytesToHumanFollowsRedis) {
  EXPECT_EQ(BytesToHuman(0), "0B");
  EXPECT_EQ(BytesToHuman(1023), "1023B");
  EXPECT_EQ(BytesToHuman(1024), "1.00K");
  EXPECT_EQ(BytesToHuman(1015264), "991.47K");
  EXPECT_EQ(BytesToHuman(12120064), "11.56M");
  EXPECT_EQ(BytesToHuman(25276063744ULL), "23.54G");
  EXPECT_EQ(BytesToHuman(1ULL << 40), "1.00T");
  EXPECT_EQ(BytesToHuman(1ULL << 50), "1.00P");
  EXPECT_EQ(BytesToHuman(1ULL << 60), "1152921504606846976B");
}

TEST(ServerInfoTest, ParseInfoRequest) {
  InfoRequest none = ParseInfoRequest({});
  EXPECT_TRUE(none.Wants("server"));
  EXPECT_TRUE(none.Wants("module_list"));
  EXPECT_FALSE(none.Wants("commandstats"));
  InfoRequest some = ParseInfoRequest({"CPU", "foo"});
  EXPECT_TRUE(some.Wants("cpu"));
  EXPECT_TRUE(some.Wants("foo"));
  EXPECT_FALSE(some.Wants("server"));
  InfoRequest all = ParseInfoRequest({"all"});
  EXPECT_TRUE(all.all);
  EXPECT_FALSE(all.everything);
  EXPECT_TRUE(all.Wants("latencystats"));
}

// ---------------------------------------------------------------------------
// CONFIG
// ---------------------------------------------------------------------------

TEST(ServerConfigTest, GetSetRoundTrip) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"CONFIG", "GET", "maxmemory"}), "[maxmemory, 0]");
  EXPECT_EQ(h.Run({"CONFIG", "SET", "maxmemory", "1mb", "timeout", "30"}), "OK");
  EXPECT_EQ(h.Run({"CONFIG", "GET", "maxmemory", "timeout"}), "[maxmemory, 1048576, timeout, 30]");
  EXPECT_EQ(h.node().cfg().timeout, 30);
  EXPECT_EQ(h.Run({"CONFIG", "GET", "nosuchdirective"}), "[]");
  h.client().resp = 3;
  EXPECT_EQ(h.RunRaw({"CONFIG", "GET", "maxmemory"}), "%1\r\n$9\r\nmaxmemory\r\n$7\r\n1048576\r\n");
}

TEST(ServerConfigTest, SetErrorsAreRedisTexts) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"CONFIG", "SET", "maxmemory", "10", "timeout"}), "(error) ERR syntax error");
  EXPECT_EQ(h.Run({"CONFIG", "SET", "maxmemory"}),
            "(error) ERR wrong number of arguments for 'config|set' command");
  EXPECT_EQ(h.Run({"CONFIG", "GET"}),
            "(error) ERR wrong number of arguments for 'config|get' command");
  EXPECT_EQ(h.Run({"CONFIG", "SET", "foo", "bar"}),
            "(error) ERR Unknown option or number of arguments for CONFIG SET - 'foo'");
  EXPECT_EQ(h.Run({"CONFIG", "SET", "maxmemory", "abc"}),
            "(error) ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument "
            "must be a memory value");
  EXPECT_EQ(h.Run({"CONFIG", "SET", "daemonize", "yes"}),
            "(error) ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set "
            "immutable config");
  EXPECT_EQ(h.Run({"CONFIG", "NOSUCH"}),
            "(error) ERR unknown subcommand 'NOSUCH'. Try CONFIG HELP.");
}

TEST(ServerConfigTest, RewriteWithoutConfigFile) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"CONFIG", "REWRITE"}),
            "(error) ERR The server is running without a config file");
}

TEST(ServerConfigTest, HelpListsSubcommands) {
  CommandHarness h;
  resp::Value help = h.RunValue({"config", "help"});
  ASSERT_EQ(help.elems.size(), 11u);
  EXPECT_EQ(help.elems[0].str, "CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
  EXPECT_EQ(help.elems[1].str, "GET <pattern>");
  EXPECT_EQ(help.elems[10].str, "    Prints this help.");
}

TEST(ServerConfigTest, ResetStatClearsCounters) {
  CommandHarness h;
  h.Run({"TIME"});
  h.Run({"NOSUCHCOMMAND"});
  h.node().keyspace_stats().keyspace_hits = 5;
  EXPECT_EQ(h.Run({"CONFIG", "RESETSTAT"}), "OK");
  auto f = Fields(Info(h, {"stats", "commandstats", "errorstats"}));
  EXPECT_EQ(f["keyspace_hits"], "0");
  EXPECT_EQ(f["total_error_replies"], "0");
  EXPECT_EQ(f["total_connections_received"], "0");
  // RESETSTAT itself ran after the reset, as in Redis.
  EXPECT_EQ(f["total_commands_processed"], "1");
  EXPECT_EQ(f.count("cmdstat_time"), 0u);
  EXPECT_EQ(f.count("errorstat_ERR"), 0u);
  EXPECT_TRUE(std::regex_search(f["cmdstat_config|resetstat"], std::regex("^calls=1,")));
}

// ---------------------------------------------------------------------------
// TIME, LASTSAVE, ROLE, MONITOR
// ---------------------------------------------------------------------------

TEST(ServerSimpleTest, TimeIsSecondsAndMicroseconds) {
  CommandHarness h;
  h.clock().SetUs(1'795'307'174'133'841);
  EXPECT_EQ(h.Run({"TIME"}), "[1795307174, 133841]");
  EXPECT_EQ(h.RunRaw({"TIME"}), "*2\r\n$10\r\n1795307174\r\n$6\r\n133841\r\n");
  EXPECT_EQ(h.Run({"TIME", "x"}), "(error) ERR wrong number of arguments for 'time' command");
}

TEST(ServerSimpleTest, LastSaveIsStartTime) {
  CommandHarness h;
  const int64_t start_s = h.clock().NowMs() / 1000;
  h.clock().AdvanceMs(5000);
  EXPECT_EQ(h.Run({"LASTSAVE"}), "(integer) " + std::to_string(start_s));
}

TEST(ServerSimpleTest, RoleOfAMaster) {
  CommandHarness h;
  EXPECT_EQ(h.RunRaw({"ROLE"}), "*3\r\n$6\r\nmaster\r\n:0\r\n*0\r\n");
}

TEST(ServerSimpleTest, MonitorSwitchesTheClientOnce) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"MONITOR"}), "OK");
  EXPECT_TRUE(h.client().monitor);
  EXPECT_EQ(h.RunRaw({"MONITOR"}), "");
}

TEST(ServerSimpleTest, MonitorLineQuotesLikeRedis) {
  EXPECT_EQ(FormatMonitorLine(1339518083107412, 0, "127.0.0.1:60866", {"keys", "*"}),
            "+1339518083.107412 [0 127.0.0.1:60866] \"keys\" \"*\"\r\n");
  EXPECT_EQ(FormatMonitorLine(1000000000000005, 3, "unix:/tmp/s.sock",
                              {"set", "a b", std::string("\x00\xff\r\n\t\"\\", 7)}),
            "+1000000000.000005 [3 unix:/tmp/s.sock] \"set\" \"a b\" "
            "\"\\x00\\xff\\r\\n\\t\\\"\\\\\"\r\n");
}

// ---------------------------------------------------------------------------
// SHUTDOWN
// ---------------------------------------------------------------------------

struct ShutdownCall {
  int calls = 0;
  bool save = false;
  bool force = false;
};

void HookShutdown(CommandHarness& h, ShutdownCall* call, bool accept = true) {
  h.node().request_shutdown = [call, accept](bool save, bool force) {
    ++call->calls;
    call->save = save;
    call->force = force;
    return accept;
  };
}

TEST(ServerShutdownTest, HookGetsFlagsAndConnectionClosesSilently) {
  CommandHarness h;
  ShutdownCall call;
  HookShutdown(h, &call);
  EXPECT_EQ(h.RunRaw({"SHUTDOWN", "NOSAVE", "force", "now"}), "");
  EXPECT_EQ(call.calls, 1);
  EXPECT_FALSE(call.save);
  EXPECT_TRUE(call.force);
  EXPECT_TRUE(h.client().close_asap);
}

TEST(ServerShutdownTest, SavesWhenSavePointsOrSaveFlag) {
  CommandHarness h;
  ShutdownCall call;
  HookShutdown(h, &call);
  EXPECT_EQ(h.RunRaw({"SHUTDOWN"}), "");
  EXPECT_TRUE(call.save);  // the default save points
  EXPECT_FALSE(call.force);

  CommandHarness nosave(Directives{{"save", ""}});
  ShutdownCall call2;
  HookShutdown(nosave, &call2);
  EXPECT_EQ(nosave.RunRaw({"SHUTDOWN"}), "");
  EXPECT_FALSE(call2.save);
  EXPECT_EQ(nosave.RunRaw({"SHUTDOWN", "SAVE"}), "");
  EXPECT_TRUE(call2.save);
}

TEST(ServerShutdownTest, ErrorsAsRedis) {
  CommandHarness h;
  ShutdownCall call;
  HookShutdown(h, &call, /*accept=*/false);
  EXPECT_EQ(h.Run({"SHUTDOWN", "foo"}), "(error) ERR syntax error");
  EXPECT_EQ(h.Run({"SHUTDOWN", "NOSAVE", "SAVE"}), "(error) ERR syntax error");
  EXPECT_EQ(h.Run({"SHUTDOWN", "ABORT", "NOW"}), "(error) ERR syntax error");
  EXPECT_EQ(h.Run({"SHUTDOWN", "ABORT"}), "(error) ERR No shutdown in progress.");
  EXPECT_EQ(call.calls, 0);
  EXPECT_EQ(h.Run({"SHUTDOWN", "NOSAVE"}), "(error) ERR Errors trying to SHUTDOWN. Check logs.");
  EXPECT_EQ(call.calls, 1);
  EXPECT_FALSE(h.client().close_asap);
}

TEST(ServerShutdownTest, NoHookRefuses) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"SHUTDOWN"}), "(error) ERR Errors trying to SHUTDOWN. Check logs.");
}

// ---------------------------------------------------------------------------
// DEBUG
// ---------------------------------------------------------------------------

constexpr char kDebugRefused[] =
    "(error) ERR DEBUG command not allowed. If the enable-debug-command option is set to "
    "\"local\", you can run it from a local connection, otherwise you need to set this option "
    "in the configuration file, and then restart the server.";

TEST(ServerDebugTest, RefusedByDefault) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"DEBUG", "SLEEP", "0"}), kDebugRefused);
  EXPECT_EQ(h.Run({"DEBUG"}), "(error) ERR wrong number of arguments for 'debug' command");
}

TEST(ServerDebugTest, LocalAllowsOnlyLocalClients) {
  CommandHarness h(Directives{{"enable-debug-command", "local"}});
  EXPECT_EQ(h.Run({"DEBUG", "SLEEP", "0"}), "OK");
  h.client().info.loopback = false;
  EXPECT_EQ(h.Run({"DEBUG", "SLEEP", "0"}), kDebugRefused);
  h.client().info.unix_socket = true;
  EXPECT_EQ(h.Run({"DEBUG", "SLEEP", "0"}), "OK");
}

TEST(ServerDebugTest, YesAllowsEveryone) {
  CommandHarness h(Directives{{"enable-debug-command", "yes"}});
  h.client().info.loopback = false;
  EXPECT_EQ(h.Run({"DEBUG", "SLEEP", "0"}), "OK");
  EXPECT_EQ(h.Run({"DEBUG", "sleep", "abc"}), "OK");
  EXPECT_EQ(h.Run({"DEBUG", "SET-ACTIVE-EXPIRE", "0"}), "OK");
  EXPECT_EQ(h.Run({"DEBUG", "SET-ACTIVE-EXPIRE", "1"}), "OK");
}

TEST(ServerDebugTest, ObjectLine) {
  CommandHarness h(Directives{{"enable-debug-command", "yes"}});
  h.Put("foo", "bar");
  h.Put("n", "123");
  h.Put("big", "12345678901234");
  h.clock().AdvanceMs(3000);
  EXPECT_TRUE(std::regex_match(
      h.Run({"DEBUG", "OBJECT", "foo"}),
      std::regex("Value at:0x[0-9a-f]+ refcount:1 encoding:embstr serializedlength:4 "
                 "lru:[0-9]+ lru_seconds_idle:[0-9]+")))
      << h.Run({"DEBUG", "OBJECT", "foo"});
  EXPECT_TRUE(std::regex_match(h.Run({"DEBUG", "OBJECT", "n"}),
                               std::regex("Value at:0x[0-9a-f]+ refcount:2147483647 encoding:int "
                                          "serializedlength:2 lru:[0-9]+ lru_seconds_idle:[0-9]+")))
      << h.Run({"DEBUG", "OBJECT", "n"});
  EXPECT_TRUE(std::regex_search(h.Run({"DEBUG", "OBJECT", "big"}),
                                std::regex("encoding:int serializedlength:15 ")))
      << h.Run({"DEBUG", "OBJECT", "big"});
  EXPECT_EQ(h.Run({"DEBUG", "OBJECT", "nokey"}), "(error) ERR no such key");
}

TEST(ServerDebugTest, UnknownSubcommandOrWrongArity) {
  CommandHarness h(Directives{{"enable-debug-command", "yes"}});
  EXPECT_EQ(h.Run({"DEBUG", "foo"}),
            "(error) ERR unknown subcommand or wrong number of arguments for 'foo'. Try DEBUG "
            "HELP.");
  EXPECT_EQ(h.Run({"DEBUG", "object"}),
            "(error) ERR unknown subcommand or wrong number of arguments for 'object'. Try DEBUG "
            "HELP.");
  resp::Value help = h.RunValue({"DEBUG", "HELP"});
  ASSERT_FALSE(help.elems.empty());
  EXPECT_EQ(help.elems[0].str, "DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
}

TEST(ServerDebugTest, ErrorAndProtocol) {
  CommandHarness h(Directives{{"enable-debug-command", "yes"}});
  EXPECT_EQ(h.RunRaw({"DEBUG", "ERROR", "FOO bar"}), "-FOO bar\r\n");
  EXPECT_EQ(h.RunRaw({"DEBUG", "PROTOCOL", "map"}), "*6\r\n:0\r\n:0\r\n:1\r\n:1\r\n:2\r\n:0\r\n");
  EXPECT_EQ(h.RunRaw({"DEBUG", "PROTOCOL", "push"}),
            "-ERR RESP2 is not supported by this command\r\n");
  EXPECT_EQ(h.RunRaw({"DEBUG", "PROTOCOL", "attrib"}),
            "$39\r\nSome real reply following the attribute\r\n");
  h.client().resp = 3;
  EXPECT_EQ(h.RunRaw({"DEBUG", "PROTOCOL", "map"}), "%3\r\n:0\r\n#f\r\n:1\r\n#t\r\n:2\r\n#f\r\n");
  EXPECT_EQ(h.RunRaw({"DEBUG", "PROTOCOL", "verbatim"}),
            "=29\r\ntxt:This is a verbatim\nstring\r\n");
  EXPECT_EQ(h.RunRaw({"DEBUG", "PROTOCOL", "attrib"}),
            "|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n"
            "$39\r\nSome real reply following the attribute\r\n");
  EXPECT_EQ(h.Run({"DEBUG", "PROTOCOL", "nope"}),
            "(error) ERR Wrong protocol type name. Please use one of the following: "
            "string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false");
}

// ---------------------------------------------------------------------------
// MEMORY
// ---------------------------------------------------------------------------

TEST(ServerMemoryTest, UsageOfMissingAndPresentKeys) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"MEMORY", "USAGE", "nokey"}), "(nil)");
  h.Put("foo", "bar");
  resp::Value v = h.RunValue({"MEMORY", "USAGE", "foo"});
  ASSERT_EQ(v.type, resp::Value::Type::kInteger);
  EXPECT_GT(v.integer, 3);
  EXPECT_EQ(h.Run({"MEMORY", "USAGE", "foo", "SAMPLES", "0"}), v.ToString());
  h.Put("long", std::string(200, 'x'));
  EXPECT_GT(h.RunValue({"MEMORY", "USAGE", "long"}).integer, v.integer + 150);
}

TEST(ServerMemoryTest, UsageSyntaxErrors) {
  CommandHarness h;
  h.Put("foo", "bar");
  EXPECT_EQ(h.Run({"MEMORY", "USAGE", "foo", "SAMPLES"}), "(error) ERR syntax error");
  EXPECT_EQ(h.Run({"MEMORY", "USAGE", "foo", "bar"}), "(error) ERR syntax error");
  EXPECT_EQ(h.Run({"MEMORY", "USAGE", "foo", "SAMPLES", "-1"}), "(error) ERR syntax error");
  EXPECT_EQ(h.Run({"MEMORY", "USAGE", "foo", "SAMPLES", "x"}),
            "(error) ERR value is not an integer or out of range");
  EXPECT_EQ(h.Run({"MEMORY", "USAGE"}),
            "(error) ERR wrong number of arguments for 'memory|usage' command");
  EXPECT_EQ(h.Run({"MEMORY", "FOO"}), "(error) ERR unknown subcommand 'FOO'. Try MEMORY HELP.");
}

TEST(ServerMemoryTest, StatsFieldNames) {
  CommandHarness h;
  h.Put("a", "1");
  h.client().resp = 3;
  resp::Value v = h.RunValue({"MEMORY", "STATS"});
  ASSERT_EQ(v.type, resp::Value::Type::kMap);
  std::vector<std::string> names;
  for (size_t i = 0; i < v.elems.size(); i += 2) names.push_back(v.elems[i].str);
  EXPECT_EQ(names,
            Split("peak.allocated total.allocated startup.allocated replication.backlog "
                  "clients.slaves clients.normal cluster.links aof.buffer lua.caches "
                  "functions.caches db.0 overhead.total keys.count keys.bytes-per-key "
                  "dataset.bytes dataset.percentage peak.percentage allocator.allocated "
                  "allocator.active allocator.resident allocator-fragmentation.ratio "
                  "allocator-fragmentation.bytes allocator-rss.ratio allocator-rss.bytes "
                  "rss-overhead.ratio rss-overhead.bytes fragmentation fragmentation.bytes"));
  const resp::Value& db0 = v.elems[21];
  ASSERT_EQ(db0.type, resp::Value::Type::kMap);
  ASSERT_EQ(db0.elems.size(), 6u);
  EXPECT_EQ(db0.elems[0].str, "overhead.hashtable.main");
  EXPECT_EQ(v.elems[25].integer, 1);                        // keys.count
  EXPECT_EQ(v.elems[31].type, resp::Value::Type::kDouble);  // dataset.percentage
}

TEST(ServerMemoryTest, DoctorReportFindings) {
  MemoryOverhead mh;
  mh.total_allocated = 1 << 20;
  EXPECT_EQ(MemoryDoctorReport(mh, 1).rfind("This node holds too little data", 0), 0u);
  mh.total_allocated = 100 << 20;
  mh.peak_allocated = 100 << 20;
  mh.total_frag = 1.2;
  EXPECT_EQ(MemoryDoctorReport(mh, 1), "No memory problem found on this node.\n");
  mh.peak_allocated = 200 << 20;
  mh.total_frag = 2.0;
  mh.total_frag_bytes = 100 << 20;
  const std::string report = MemoryDoctorReport(mh, 1);
  EXPECT_EQ(report.rfind("Memory findings on this node:\n\n * Memory peak:", 0), 0u);
  EXPECT_NE(report.find("\n\n * High RSS overhead:"), std::string::npos);
  EXPECT_EQ(report.find("Large client buffers"), std::string::npos);
}

TEST(ServerMemoryTest, DoctorPurgeMallocStatsHelp) {
  CommandHarness h;
  EXPECT_TRUE(std::regex_search(h.RunValue({"MEMORY", "DOCTOR"}).str,
                                std::regex("^(This node|No memory|Memory findings)")));
  EXPECT_EQ(h.Run({"MEMORY", "PURGE"}), "OK");
  EXPECT_FALSE(h.RunValue({"MEMORY", "MALLOC-STATS"}).str.empty());
  resp::Value help = h.RunValue({"MEMORY", "HELP"});
  ASSERT_EQ(help.elems.size(), 14u);
  EXPECT_EQ(help.elems[9].str, "USAGE <key> [SAMPLES <count>]");
}

}  // namespace
}  // namespace shoal
