// Node: everything one shoal-node owns on its data-owning executor — config,
// keyspace, command table, clients, statistics, slow log, latency monitor.
// No sockets here; the transport reaches it through SessionFactory, gRPC
// through tasks posted to the executor. Several Nodes can live in one process
// (tests do this): there is no global state.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/clock.h"
#include "common/resp/writer.h"
#include "common/rng.h"
#include "node/config/config.h"
#include "node/core/client.h"
#include "node/core/command.h"
#include "node/core/latency.h"
#include "node/core/propagation.h"
#include "node/core/pubsub.h"
#include "node/core/slowlog.h"
#include "node/core/tracking.h"
#include "node/keyspace/db.h"

namespace shoal {

class Aof;
class Replication;
class BlockingManager;
class Snapshotter;
class NodeEviction;
class LuaEngine;

// Per-command statistics (INFO commandstats, latencystats).
struct CommandStats {
  uint64_t calls = 0;
  uint64_t usec = 0;
  uint64_t rejected_calls = 0;
  uint64_t failed_calls = 0;
  LatencyHistogram histogram;
};

struct ServerStats {
  uint64_t total_connections_received = 0;
  uint64_t total_commands_processed = 0;
  uint64_t rejected_connections = 0;
  uint64_t net_input_bytes = 0;
  uint64_t net_output_bytes = 0;
  uint64_t total_error_replies = 0;
  uint64_t unexpected_error_replies = 0;
  uint64_t client_query_buffer_limit_disconnections = 0;
  uint64_t client_output_buffer_limit_disconnections = 0;
  uint64_t total_reads_processed = 0;
  uint64_t used_memory_peak = 0;
  uint64_t total_writes_processed = 0;
  std::map<std::string, uint64_t> error_stats;  // "ERR" -> count (INFO errorstats)
  // Instantaneous ops/sec: samples taken by the cron.
  static constexpr int kSamples = 16;
  int64_t ops_samples[kSamples] = {};
  int sample_index = 0;
  int64_t last_sample_ms = 0;
  uint64_t last_sample_count = 0;
};

// CLIENT PAUSE state.
struct PauseState {
  enum class Kind { kNone, kWrite, kAll } kind = Kind::kNone;
  int64_t until_ms = 0;
};

class Node {
 public:
  struct Options {
    Clock* clock = nullptr;  // required
    uint64_t rng_seed = 0;   // 0: seeded from the clock
  };
  Node(Config config, Options options);
  ~Node();
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  // --- Owned state ---------------------------------------------------------
  Config& config() { return config_; }
  const ServerConfig& cfg() const { return config_.values(); }
  Keyspace& keyspace() { return *keyspace_; }
  const CommandTable& commands() const { return commands_; }
  // Wall-clock time as of the start of the current command (refreshed by the
  // dispatcher and the cron); monotonic time is live.
  Clock& clock() { return cached_clock_; }
  void RefreshClock() { cached_clock_.Refresh(); }
  Rng& rng() { return rng_; }
  ServerStats& stats() { return stats_; }
  KeyspaceStats& keyspace_stats() { return keyspace_stats_; }
  SlowLog& slowlog() { return slowlog_; }
  LatencyMonitor& latency() { return latency_; }
  // Statistics by command full name ("get", "config|get").
  std::unordered_map<std::string, CommandStats>& command_stats() { return command_stats_; }
  // The statistics of one command, found by its id (no name hashing on the
  // hot path).
  CommandStats& StatsFor(const CommandSpec& spec);
  // CONFIG RESETSTAT: zeroes every command's statistics.
  void ResetCommandStats();
  PauseState& pause() { return pause_; }
  // Clients blocked on keys (BLPOP and friends).
  BlockingManager& blocking() { return *blocking_; }
  // RDB snapshots (SAVE, BGSAVE, save points, INFO persistence).
  Snapshotter& snapshots() { return *snapshots_; }
  // The stream of write commands (to the AOF and replicas) and the AOF.
  Propagator& propagator() { return propagator_; }
  Aof& aof() { return *aof_; }
  // Master and replica sides of PSYNC replication.
  Replication& replication() { return *replication_; }
  // maxmemory and eviction (node/core/eviction.h).
  NodeEviction& eviction() { return *eviction_; }
  WatchRegistry& watches() { return watches_; }
  PubSub& pubsub() { return pubsub_; }
  Tracking& tracking() { return *tracking_; }

  const std::string& run_id() const { return run_id_; }
  int64_t start_time_ms() const { return start_time_ms_; }
  int64_t start_time_us_monotonic() const { return start_monotonic_us_; }

  // --- Clients -------------------------------------------------------------
  Client& AddClient(const ConnectionInfo& info, Connection* conn);
  void RemoveClient(uint64_t id);
  Client* FindClient(uint64_t id);
  const std::map<uint64_t, std::unique_ptr<Client>>& clients() const { return clients_; }
  size_t num_clients() const { return clients_.size(); }
  // Clients whose commands were held by CLIENT PAUSE; resumed when it ends.
  void HoldForPause(Client& client);
  void UnpauseClients();
  // MONITOR: puts a client in monitor mode; FeedMonitors sends a command to
  // every monitor (cheap when there is none).
  void EnableMonitor(Client& client);
  void DisableMonitor(Client& client);
  void FeedMonitors(const Client& from, const std::vector<std::string>& argv);

  // --- Lifecycle hooks set by the process (main / tests) -------------------
  // Asks the process to shut down (SHUTDOWN); returns false if it refused.
  std::function<bool(bool save, bool force)> request_shutdown;
  // Ports the transport really bound (for INFO, ROLE, admin).
  int tcp_port = 0;
  int admin_port = 0;
  std::string executable;
  std::string config_file;
  // DEBUG SET-ACTIVE-EXPIRE: the cron's active expiry can be switched off.
  bool active_expire_enabled = true;
  // Changes since the last save (INFO rdb_changes_since_last_save).
  uint64_t dirty = 0;
  // The client whose command is running (nullptr in the cron): NOLOOP and
  // the ordering of invalidations after its reply.
  Client* current_client = nullptr;

  // --- Scripting ------------------------------------------------------------
  // The Lua engine (EVAL scripts and FUNCTION libraries), made on first use.
  LuaEngine& scripting();
  // Set while a script runs past busy-reply-threshold: the -BUSY text the
  // dispatcher answers to commands without the allow-busy flag.
  std::string_view busy_reply;
  // Runs the event loop's ready handlers once, so a long script can let
  // other clients in (set by the process; tests may set their own).
  std::function<void()> poll_events;

  // --- Periodic work -------------------------------------------------------
  // Called hz times a second by the event loop: active expiry, eviction left
  // over, pause expiry, client timeouts, ops/sec sampling.
  void Cron();

  // Rough used memory in bytes (INFO memory, MEMORY STATS).
  size_t UsedMemory() const;

 private:
  Config config_;
  Clock* clock_;
  CachedClock cached_clock_;
  Rng rng_;
  KeyspaceStats keyspace_stats_;
  std::unique_ptr<Keyspace> keyspace_;
  std::unique_ptr<NodeEviction> eviction_;
  std::unique_ptr<LuaEngine> scripting_;
  CommandTable commands_;
  ServerStats stats_;
  SlowLog slowlog_;
  LatencyMonitor latency_;
  std::unordered_map<std::string, CommandStats> command_stats_;
  std::vector<CommandStats*> stats_by_id_;  // into command_stats_ (stable nodes)
  PauseState pause_;
  std::unique_ptr<BlockingManager> blocking_;
  std::unique_ptr<Snapshotter> snapshots_;
  Propagator propagator_;
  std::unique_ptr<Aof> aof_;
  std::unique_ptr<Replication> replication_;
  WatchRegistry watches_;
  PubSub pubsub_;
  std::unique_ptr<Tracking> tracking_;
  std::map<uint64_t, std::unique_ptr<Client>> clients_;
  std::vector<uint64_t> paused_clients_;
  size_t monitors_ = 0;
  uint64_t next_client_id_ = 1;
  std::string run_id_;
  int64_t start_time_ms_ = 0;
  int64_t start_monotonic_us_ = 0;
};

// What a command handler gets.
struct CommandContext {
  Node& node;
  Client& client;
  std::vector<std::string>& argv;
  resp::ReplyWriter& reply;
  const CommandSpec& spec;

  Db& db() { return node.keyspace().db(client.db); }
  int64_t now_ms() { return node.clock().NowMs(); }
};

}  // namespace shoal
