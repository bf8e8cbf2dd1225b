// shoal-node's configuration: redis.conf syntax, CONFIG GET/SET/REWRITE
// semantics and Redis 7.0's directive names, defaults, value formats and
// error texts, so existing redis.conf files, tools and sentinels work as is.
//
// ServerConfig is the plain struct the server reads; Config owns one and
// knows how to load, query, change and persist it through a declarative
// table of directives (directive.h, directives.cc).
//
// Enumerated directives are stored as their canonical lowercase name (for
// example maxmemory_policy == "allkeys-lru"): the table only ever stores one
// of the names listed next to the field.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace shoal {

// One "save <seconds> <changes>" point.
struct SavePoint {
  int64_t seconds = 0;
  int64_t changes = 0;
  bool operator==(const SavePoint&) const = default;
};

// client-output-buffer-limit classes, in the order Redis lists them.
enum class ClientClass { kNormal = 0, kReplica = 1, kPubsub = 2 };
inline constexpr int kNumClientClasses = 3;

struct ClientBufferLimit {
  uint64_t hard_limit_bytes = 0;
  uint64_t soft_limit_bytes = 0;
  int64_t soft_limit_seconds = 0;
  bool operator==(const ClientBufferLimit&) const = default;
};

// The master a replica follows ("replicaof <host> <port>"); empty host: none.
struct ReplicaOf {
  std::string host;
  int port = 0;
  bool enabled() const { return !host.empty(); }
  bool operator==(const ReplicaOf&) const = default;
};

// Bits of shutdown-on-sigint / shutdown-on-sigterm (0 is "default").
inline constexpr int kShutdownSave = 1 << 0;
inline constexpr int kShutdownNoSave = 1 << 1;
inline constexpr int kShutdownNow = 1 << 2;
inline constexpr int kShutdownForce = 1 << 3;

// Bits of notify-keyspace-events; the letters are the directive's syntax.
namespace notify {
inline constexpr int kKeyspace = 1 << 0;  // K
inline constexpr int kKeyevent = 1 << 1;  // E
inline constexpr int kGeneric = 1 << 2;   // g
inline constexpr int kString = 1 << 3;    // $
inline constexpr int kList = 1 << 4;      // l
inline constexpr int kSet = 1 << 5;       // s
inline constexpr int kHash = 1 << 6;      // h
inline constexpr int kZset = 1 << 7;      // z
inline constexpr int kExpired = 1 << 8;   // x
inline constexpr int kEvicted = 1 << 9;   // e
inline constexpr int kStream = 1 << 10;   // t
inline constexpr int kKeyMiss = 1 << 11;  // m
inline constexpr int kModule = 1 << 13;   // d
inline constexpr int kNew = 1 << 14;      // n
// A: every event class except key misses and new keys.
inline constexpr int kAll =
    kGeneric | kString | kList | kSet | kHash | kZset | kExpired | kEvicted | kStream | kModule;
}  // namespace notify

// Every directive's value. Fields are named like the directives ('-' becomes
// '_'); the defaults are Redis 7.0's. Memory sizes are in bytes.
struct ServerConfig {
  // --- Network --------------------------------------------------------------
  std::vector<std::string> bind = {"*", "-::*"};
  std::string bind_source_addr;
  bool protected_mode = true;
  int port = 6379;
  int tcp_backlog = 511;
  std::string unixsocket;
  int unixsocketperm = 0;  // octal mode bits; 0 keeps the umask's
  int timeout = 0;         // seconds idle before a client is closed; 0: never
  int tcp_keepalive = 300;
  int64_t socket_mark_id = 0;
  // The gRPC admin port: -1 means port + 1000, 0 disables it. See
  // EffectiveAdminPort().
  int admin_port = -1;

  // --- TLS (accepted and stored; Shoal speaks plain TCP) -------------------
  int tls_port = 0;
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string tls_key_file_pass;
  std::string tls_client_cert_file;
  std::string tls_client_key_file;
  std::string tls_client_key_file_pass;
  std::string tls_dh_params_file;
  std::string tls_ca_cert_file;
  std::string tls_ca_cert_dir;
  std::string tls_auth_clients = "yes";  // no | yes | optional
  bool tls_replication = false;
  bool tls_cluster = false;
  std::string tls_protocols;
  std::string tls_ciphers;
  std::string tls_ciphersuites;
  bool tls_prefer_server_ciphers = false;
  bool tls_session_caching = true;
  int tls_session_cache_size = 20480;
  int tls_session_cache_timeout = 300;

  // --- General --------------------------------------------------------------
  bool daemonize = false;
  std::string supervised = "no";  // upstart | systemd | auto | no
  std::string pidfile;
  std::string loglevel = "notice";  // debug | verbose | notice | warning
  std::string logfile;
  bool syslog_enabled = false;
  std::string syslog_ident = "redis";
  std::string syslog_facility = "local0";  // user | local0 .. local7
  bool crash_log_enabled = true;
  bool crash_memcheck_enabled = true;
  int databases = 16;
  bool always_show_logo = false;
  bool set_proc_title = true;
  std::string proc_title_template = "{title} {listen-addr} {server-mode}";
  std::string ignore_warnings;
  int hz = 10;  // clamped to 1..500 like Redis
  bool dynamic_hz = true;
  std::string enable_protected_configs = "no";  // no | yes | local
  std::string enable_debug_command = "no";      // no | yes | local
  std::string enable_module_command = "no";     // no | yes | local
  int shutdown_timeout = 10;
  int shutdown_on_sigint = 0;                         // kShutdown* bits
  int shutdown_on_sigterm = 0;                        // kShutdown* bits
  std::string propagation_error_behavior = "ignore";  // ignore | panic | panic-on-replicas
  std::string oom_score_adj = "no";  // no | yes | absolute ("relative" is stored as "yes")
  std::array<int, 3> oom_score_adj_values = {0, 200, 800};
  bool disable_thp = true;
  bool jemalloc_bg_thread = true;
  std::string server_cpulist;
  std::string bio_cpulist;
  std::string aof_rewrite_cpulist;
  std::string bgsave_cpulist;

  // --- Snapshotting ---------------------------------------------------------
  std::vector<SavePoint> save = {{3600, 1}, {300, 100}, {60, 10000}};
  bool stop_writes_on_bgsave_error = true;
  bool rdbcompression = true;
  bool rdbchecksum = true;
  std::string sanitize_dump_payload = "no";  // no | yes | clients
  std::string dbfilename = "dump.rdb";
  bool rdb_del_sync_files = false;
  bool rdb_save_incremental_fsync = true;
  // The working directory: always absolute (Config resolves relative paths).
  std::string dir;

  // --- Replication ----------------------------------------------------------
  ReplicaOf replicaof;
  std::string masterauth;
  std::string masteruser;
  bool replica_serve_stale_data = true;
  bool replica_read_only = true;
  bool repl_diskless_sync = true;
  int repl_diskless_sync_delay = 5;
  int repl_diskless_sync_max_replicas = 0;
  std::string repl_diskless_load = "disabled";  // disabled | on-empty-db | swapdb
  int repl_ping_replica_period = 10;
  int repl_timeout = 60;
  bool repl_disable_tcp_nodelay = false;
  int64_t repl_backlog_size = 1024LL * 1024;
  int64_t repl_backlog_ttl = 3600;
  int replica_priority = 100;
  bool replica_announced = true;
  int min_replicas_to_write = 0;
  int min_replicas_max_lag = 10;
  std::string replica_announce_ip;
  int replica_announce_port = 0;
  bool replica_ignore_maxmemory = true;
  bool replica_lazy_flush = false;
  bool replica_ignore_disk_write_errors = false;

  // --- Security -------------------------------------------------------------
  std::string requirepass;
  std::string aclfile;
  int64_t acllog_max_len = 128;
  std::string acl_pubsub_default = "resetchannels";  // allchannels | resetchannels
  // Raw "rename-command <old> <new>", "user ..." and "loadmodule ..." lines,
  // in file order, for the command table, ACL and modules to apply.
  std::vector<std::pair<std::string, std::string>> rename_command;
  std::vector<std::vector<std::string>> user;
  std::vector<std::vector<std::string>> loadmodule;

  // --- Clients and memory ---------------------------------------------------
  int64_t maxclients = 10000;
  uint64_t maxmemory = 0;
  std::string maxmemory_policy = "noeviction";  // volatile-lru | volatile-lfu |
                                                // volatile-random | volatile-ttl |
                                                // allkeys-lru | allkeys-lfu |
                                                // allkeys-random | noeviction
  int maxmemory_samples = 5;
  int maxmemory_eviction_tenacity = 10;
  // Bytes, or a percentage of maxmemory stored negated (-5 is "5%").
  int64_t maxmemory_clients = 0;
  int64_t client_query_buffer_limit = 1024LL * 1024 * 1024;
  int64_t proto_max_bulk_len = 512LL * 1024 * 1024;
  std::array<ClientBufferLimit, kNumClientClasses> client_output_buffer_limit = {{
      {0, 0, 0},
      {256ULL * 1024 * 1024, 64ULL * 1024 * 1024, 60},
      {32ULL * 1024 * 1024, 8ULL * 1024 * 1024, 60},
  }};
  int64_t tracking_table_max_keys = 1000000;

  // --- Lazy freeing ---------------------------------------------------------
  bool lazyfree_lazy_eviction = false;
  bool lazyfree_lazy_expire = false;
  bool lazyfree_lazy_server_del = false;
  bool lazyfree_lazy_user_del = false;
  bool lazyfree_lazy_user_flush = false;

  // --- Threads --------------------------------------------------------------
  int io_threads = 1;
  bool io_threads_do_reads = false;

  // --- Append only file -----------------------------------------------------
  bool appendonly = false;
  std::string appendfilename = "appendonly.aof";
  std::string appenddirname = "appendonlydir";
  std::string appendfsync = "everysec";  // everysec | always | no
  bool no_appendfsync_on_rewrite = false;
  int auto_aof_rewrite_percentage = 100;
  int64_t auto_aof_rewrite_min_size = 64LL * 1024 * 1024;
  bool aof_load_truncated = true;
  bool aof_use_rdb_preamble = true;
  bool aof_timestamp_enabled = false;
  bool aof_rewrite_incremental_fsync = true;
  bool aof_disable_auto_gc = false;

  // --- Scripting and busy commands -------------------------------------------
  int64_t busy_reply_threshold = 5000;

  // --- Cluster --------------------------------------------------------------
  bool cluster_enabled = false;
  std::string cluster_config_file = "nodes.conf";
  int64_t cluster_node_timeout = 15000;
  int cluster_port = 0;
  int cluster_replica_validity_factor = 10;
  int cluster_migration_barrier = 1;
  bool cluster_allow_replica_migration = true;
  bool cluster_require_full_coverage = true;
  bool cluster_replica_no_failover = false;
  bool cluster_allow_reads_when_down = false;
  bool cluster_allow_pubsubshard_when_down = true;
  uint64_t cluster_link_sendbuf_limit = 0;
  std::string cluster_announce_hostname;
  std::string cluster_announce_ip;
  int cluster_announce_port = 0;
  int cluster_announce_bus_port = 0;
  int cluster_announce_tls_port = 0;
  std::string cluster_preferred_endpoint_type = "ip";  // ip | hostname | unknown-endpoint

  // --- Slow log, latency, events ----------------------------------------------
  int64_t slowlog_log_slower_than = 10000;
  int64_t slowlog_max_len = 128;
  int64_t latency_monitor_threshold = 0;
  bool latency_tracking = true;
  std::vector<double> latency_tracking_info_percentiles = {50.0, 99.0, 99.9};
  int notify_keyspace_events = 0;  // notify::* bits

  // --- Compact encodings ------------------------------------------------------
  int64_t hash_max_listpack_entries = 512;
  int64_t hash_max_listpack_value = 64;
  int list_max_listpack_size = -2;
  int list_compress_depth = 0;
  int64_t set_max_intset_entries = 512;
  int64_t zset_max_listpack_entries = 128;
  int64_t zset_max_listpack_value = 64;
  int64_t hll_sparse_max_bytes = 3000;
  int64_t stream_node_max_bytes = 4096;
  int64_t stream_node_max_entries = 100;

  // --- Active defragmentation (accepted and stored) ---------------------------
  bool activedefrag = false;
  int64_t active_defrag_ignore_bytes = 100LL * 1024 * 1024;
  int active_defrag_threshold_lower = 10;
  int active_defrag_threshold_upper = 100;
  int active_defrag_cycle_min = 1;
  int active_defrag_cycle_max = 25;
  int64_t active_defrag_max_scan_fields = 1000;

  // --- Keyspace housekeeping ----------------------------------------------------
  bool activerehashing = true;
  int active_expire_effort = 1;
  int lfu_log_factor = 10;
  int lfu_decay_time = 1;

  // --- Hidden (testing) directives, answered only by exact CONFIG GET --------
  int key_load_delay = 0;
  int rdb_key_save_delay = 0;
  int loading_process_events_interval_bytes = 2 * 1024 * 1024;

  // The admin (gRPC) port to listen on: admin_port when set, else port + 1000;
  // 0 means no admin server (also when port is 0 or port + 1000 would not be
  // a valid port).
  int EffectiveAdminPort() const;
};

// Options of one CONFIG SET.
struct SetOptions {
  // The client is on a loopback or unix socket connection; allows protected
  // directives when enable-protected-configs is "local".
  bool client_is_local = false;
};

class Config {
 public:
  // What main should do after ParseArgs.
  enum class Action { kRun, kPrintVersion, kPrintHelp };
  using ChangeHook = std::function<Status()>;
  // Lines a subsystem wants CONFIG REWRITE to write for a directive the table
  // does not own (e.g. "user ..." lines from ACL), each a complete line.
  using RewriteProvider = std::function<std::vector<std::string>()>;

  // Defaults, with dir set to the current working directory.
  Config();

  // Loads a whole redis.conf style file and remembers it as the file CONFIG
  // REWRITE writes. On error nothing changes and the message is Redis's fatal
  // text, e.g.
  //   *** FATAL CONFIG FILE ERROR (Shoal 0.1.0) ***
  //   Reading the configuration file, at line 2
  //   >>> 'port "abc"'
  //   argument couldn't be parsed into an integer
  // (Redis prints an empty line before it; so should the caller.) A file that
  // cannot be read gives "Fatal error, can't open config file '<path>': <why>".
  Status LoadFile(const std::string& path);
  // Same for text that does not come from the config file. source_name names
  // the text for include-cycle detection (a file path, or any label).
  Status LoadString(std::string_view text, std::string_view source_name);

  // redis-server's command line: [config-file] [-] [--directive value...].
  // The options are appended to the file (and stdin with "-") and loaded as
  // one text, so line numbers in errors count like Redis's. "-v"/"--version"
  // and "-h"/"--help" as the first argument only set action().
  Status ParseArgs(int argc, char** argv);
  // The same on already split arguments (without the program name);
  // stdin_text is read when "-" is given.
  Status ParseArgs(const std::vector<std::string>& args, std::istream* stdin_text);
  Action action() const { return action_; }

  // CONFIG GET: every directive matching one of the glob patterns (Redis
  // glob, case-insensitive), each once. A pattern without glob characters
  // is an exact lookup and answers under the name as given; aliases are
  // names of their own. Hidden directives answer only exact lookups.
  std::vector<std::pair<std::string, std::string>> Get(
      const std::vector<std::string>& patterns) const;

  // CONFIG SET of several directives at once: all are validated and parsed
  // before anything changes, so on error nothing does. Then the hooks of the
  // directives whose value changed run; if one fails every value is restored
  // and the hooks that ran are run again. Errors are complete client texts,
  // e.g. "ERR CONFIG SET failed (possibly related to argument 'port') -
  // argument couldn't be parsed into an integer".
  Status Set(const std::vector<std::pair<std::string, std::string>>& pairs,
             const SetOptions& options = {});

  // Registers a hook run after a CONFIG SET changed one of the named
  // directives (a hook shared by several directives runs once per SET). It
  // sees the new values; an error (its message is the reason shown to the
  // client) undoes the whole SET. Fails for an unknown directive name.
  Status OnChange(const std::vector<std::string>& names, ChangeHook hook);
  Status OnChange(std::string_view name, ChangeHook hook);
  // A hook run after any CONFIG SET that changed something.
  void OnAnyChange(ChangeHook hook);
  // Lets CONFIG REWRITE write (and own) lines of a directive outside the table.
  void OnRewrite(std::string_view directive, RewriteProvider provider);

  // CONFIG REWRITE: rewrites the loaded config file like Redis: comments,
  // unknown-to-us lines and order are kept; each directive's old lines are
  // reused in place for its current value, extra old lines are dropped, and
  // non-default directives not yet in the file are appended after a
  // "# Generated by CONFIG REWRITE" line. Written to a temporary file that
  // then replaces the old one.
  Status Rewrite();

  const ServerConfig& values() const { return values_; }
  // Direct access for the server (e.g. REPLICAOF); no hooks run.
  ServerConfig& mutable_values() { return values_; }
  // Absolute path of the loaded config file; empty when there is none.
  std::string config_file() const { return config_file_; }

  // Whether a directive's value must be hidden from logs (requirepass...).
  static bool IsSensitive(std::string_view name);
  // Whether name is a directive or an alias of one.
  static bool IsKnown(std::string_view name);

 private:
  struct Hook {
    std::vector<int> directives;  // indexes into the table; empty: any
    ChangeHook fn;
  };
  struct LoadState;

  Status LoadText(std::string_view text, LoadState& state);
  Status LoadLine(std::string_view line, LoadState& state);
  Status Include(const std::string& pattern, LoadState& state);
  Status LoadIncludedFile(const std::string& path, LoadState& state);
  Status RunHooks(const std::vector<int>& changed, ServerConfig old_values);

  ServerConfig values_;
  std::string config_file_;
  Action action_ = Action::kRun;
  std::vector<Hook> hooks_;
  std::vector<std::pair<std::string, RewriteProvider>> rewrite_providers_;
};

}  // namespace shoal
