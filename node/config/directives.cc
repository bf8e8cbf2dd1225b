// The directive table: every redis.conf directive Shoal knows, its type,
// bounds, flags and field. Defaults live in ServerConfig's initialisers.
//
// Most entries come from a handful of typed factories (Bool, Int, Memory,
// Enum, String); directives with their own syntax (save, bind,
// client-output-buffer-limit, replicaof, ...) are built in
// special_directives.cc. Bounds and error texts are Redis 7.0's.

#include <algorithm>
#include <climits>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>

#include "common/strutil.h"
#include "node/config/directive.h"
#include "node/config/special_directives.h"

namespace shoal::config_internal {

namespace {

using C = ServerConfig;
using Args = std::vector<std::string>;

constexpr int64_t kIntMin = INT32_MIN;
constexpr int64_t kIntMax = INT32_MAX;
constexpr int64_t kUintMax = UINT32_MAX;
constexpr int64_t kLlongMax = INT64_MAX;

// ---------------------------------------------------------------------------
// Factories
// ---------------------------------------------------------------------------

Directive Bool(std::string_view name, bool C::*field) {
  Directive d = NewDirective(name);
  d.set = [field](C& c, const Args& a, ParseContext&) {
    if (EqualsIgnoreCase(a[0], "yes")) {
      c.*field = true;
    } else if (EqualsIgnoreCase(a[0], "no")) {
      c.*field = false;
    } else {
      return Status::Error("argument must be 'yes' or 'no'");
    }
    return Status::Ok();
  };
  d.get = [field](const C& c) { return std::string(c.*field ? "yes" : "no"); };
  d.rewrite = PlainRewrite(name, d.get);
  return d;
}

// An integer in [min, max], stored in a field of type T (int or int64_t).
template <typename T>
Directive Int(std::string_view name, T C::*field, int64_t min, int64_t max) {
  Directive d = NewDirective(name);
  d.set = [field, min, max](C& c, const Args& a, ParseContext&) {
    int64_t v;
    if (!ParseInt64(a[0], &v)) return Status::Error("argument couldn't be parsed into an integer");
    if (v < min || v > max) return RangeError(min, max);
    c.*field = static_cast<T>(v);
    return Status::Ok();
  };
  d.get = [field](const C& c) { return std::to_string(c.*field); };
  d.rewrite = PlainRewrite(name, d.get);
  return d;
}

// A byte count with optional units, in [min, max] (compared as signed like
// Redis, so huge values wrap negative and fail), shown as plain bytes by
// CONFIG GET and with the largest exact unit by CONFIG REWRITE.
Directive Memory(std::string_view name, int64_t C::*field, int64_t min, int64_t max) {
  Directive d = NewDirective(name);
  d.set = [field, min, max](C& c, const Args& a, ParseContext&) {
    uint64_t u;
    if (!ParseMemory(a[0], &u)) return Status::Error("argument must be a memory value");
    int64_t v = static_cast<int64_t>(u);
    if (v < min || v > max) return RangeError(min, max);
    c.*field = v;
    return Status::Ok();
  };
  d.get = [field](const C& c) { return std::to_string(c.*field); };
  d.rewrite = [name, field](const C& cur, const C& def) {
    return std::vector<RewriteLine>{
        {std::string(name) + " " + FormatMemory(cur.*field), cur.*field != def.*field}};
  };
  return d;
}

// A byte count using the whole unsigned 64-bit range (maxmemory).
Directive Memory(std::string_view name, uint64_t C::*field) {
  Directive d = NewDirective(name);
  d.set = [field](C& c, const Args& a, ParseContext&) {
    uint64_t u;
    if (!ParseMemory(a[0], &u)) return Status::Error("argument must be a memory value");
    c.*field = u;
    return Status::Ok();
  };
  d.get = [field](const C& c) { return std::to_string(c.*field); };
  d.rewrite = [name, field](const C& cur, const C& def) {
    return std::vector<RewriteLine>{
        {std::string(name) + " " + FormatMemory(static_cast<int64_t>(cur.*field)),
         cur.*field != def.*field}};
  };
  return d;
}

// One of a fixed set of names (case-insensitive). synonyms maps an accepted
// name to the one stored (oom-score-adj's "relative" is "yes").
Directive Enum(std::string_view name, std::string C::*field,
               const std::vector<std::string_view>& names,
               const std::vector<std::pair<std::string_view, std::string_view>>& synonyms = {}) {
  Directive d = NewDirective(name);
  d.set = [field, names, synonyms](C& c, const Args& a, ParseContext&) {
    for (std::string_view n : names) {
      if (!EqualsIgnoreCase(a[0], n)) continue;
      c.*field = std::string(n);
      for (const auto& [from, to] : synonyms) {
        if (n == from) c.*field = std::string(to);
      }
      return Status::Ok();
    }
    return EnumError(names);
  };
  d.get = [field](const C& c) { return c.*field; };
  d.rewrite = PlainRewrite(name, d.get);
  return d;
}

// Whether an empty string means "unset": such a directive disappears from the
// file on CONFIG REWRITE instead of being written as "".
enum class Empty { kIsUnset, kIsValue };
using Validator = Status (*)(const std::string&);

Directive String(std::string_view name, std::string C::*field, Empty empty,
                 Validator validate = nullptr) {
  Directive d = NewDirective(name);
  d.set = [field, validate](C& c, const Args& a, ParseContext&) {
    if (validate != nullptr) {
      if (Status st = validate(a[0]); !st.ok()) return st;
    }
    c.*field = a[0];
    return Status::Ok();
  };
  d.get = [field](const C& c) { return c.*field; };
  d.rewrite = [name, field, empty](const C& cur, const C& def) {
    if (empty == Empty::kIsUnset && (cur.*field).empty()) return std::vector<RewriteLine>{};
    return std::vector<RewriteLine>{
        {std::string(name) + " " + Repr(cur.*field), cur.*field != def.*field}};
  };
  return d;
}

// hz: any non-negative int is accepted, then clamped to 1..500 like Redis.
Directive Hz() {
  Directive d = Int("hz", &C::hz, 0, kIntMax);
  SetFn parse = d.set;
  d.set = [parse](C& c, const Args& a, ParseContext& ctx) {
    if (Status st = parse(c, a, ctx); !st.ok()) return st;
    c.hz = c.hz < 1 ? 1 : (c.hz > 500 ? 500 : c.hz);
    return Status::Ok();
  };
  return d;
}

// ---------------------------------------------------------------------------
// Validators
// ---------------------------------------------------------------------------

bool IsBaseName(const std::string& v) { return v.find_first_of("/\\") == std::string::npos; }

Status ValidDbFilename(const std::string& v) {
  if (!IsBaseName(v)) return Status::Error("dbfilename can't be a path, just a filename");
  return Status::Ok();
}

Status ValidAofFilename(const std::string& v) {
  if (v.empty()) return Status::Error("appendfilename can't be empty");
  if (!IsBaseName(v)) return Status::Error("appendfilename can't be a path, just a filename");
  return Status::Ok();
}

Status ValidAofDirname(const std::string& v) {
  if (v.empty()) return Status::Error("appenddirname can't be empty");
  if (!IsBaseName(v)) return Status::Error("appenddirname can't be a path, just a dirname");
  return Status::Ok();
}

Status ValidHostname(const std::string& v) {
  for (char ch : v) {
    bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
              ch == '-' || ch == '.';
    if (!ok) {
      return Status::Error("Hostnames may only contain alphanumeric characters, hyphens or dots");
    }
  }
  return Status::Ok();
}

// proc-title-template: expanded the way Redis checks it, with an empty title
// and a standalone (empty) server mode; "{{" is a literal brace, an unknown
// or unclosed variable is invalid, and so is a title that expands to nothing.
Status ValidProcTitle(const std::string& v) {
  static constexpr std::string_view kEmptyVars[] = {"title", "server-mode"};
  static constexpr std::string_view kOtherVars[] = {"listen-addr", "port", "tls-port", "unixsocket",
                                                    "config-file"};
  auto bad = [] {
    return Status::Error("template format is invalid or contains unknown variables");
  };
  const std::string_view sv = v;
  std::string expanded;
  size_t i = 0;
  while (i < v.size()) {
    size_t open = v.find('{', i);
    expanded += v.substr(i, open == std::string::npos ? std::string::npos : open - i);
    if (open == std::string::npos) break;
    if (open + 1 >= v.size()) return bad();
    if (v[open + 1] == '{') {
      expanded += '{';
      i = open + 2;
      continue;
    }
    size_t close = v.find('}', open + 1);
    if (close == std::string::npos) return bad();
    std::string_view var = sv.substr(open + 1, close - open - 1);
    bool empty =
        std::find(std::begin(kEmptyVars), std::end(kEmptyVars), var) != std::end(kEmptyVars);
    bool other =
        std::find(std::begin(kOtherVars), std::end(kOtherVars), var) != std::end(kOtherVars);
    if (!empty && !other) return bad();
    if (other) expanded += "x";
    i = close + 1;
  }
  if (expanded.find_first_not_of(' ') == std::string::npos) return bad();
  return Status::Ok();
}

// ---------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------

const std::vector<std::string_view> kProtectedAction = {"no", "yes", "local"};

std::vector<Directive> BuildTable() {
  constexpr Empty kUnset = Empty::kIsUnset;
  constexpr Empty kValue = Empty::kIsValue;
  std::vector<Directive> t;
  auto add = [&t](Directive d) { t.push_back(std::move(d)); };

  // Network.
  add(BindDirective());
  add(String("bind-source-addr", &C::bind_source_addr, kUnset));
  add(Bool("protected-mode", &C::protected_mode));
  add(Int("port", &C::port, 0, 65535));
  add(Int("tcp-backlog", &C::tcp_backlog, 0, kIntMax).With(kImmutable));
  add(String("unixsocket", &C::unixsocket, kUnset).With(kImmutable));
  add(UnixSocketPermDirective());
  add(Int("timeout", &C::timeout, 0, kIntMax));
  add(Int("tcp-keepalive", &C::tcp_keepalive, 0, kIntMax));
  add(Int("socket-mark-id", &C::socket_mark_id, 0, kUintMax).With(kImmutable));
  add(Int("admin-port", &C::admin_port, -1, 65535).With(kImmutable));

  // TLS.
  add(Int("tls-port", &C::tls_port, 0, 65535));
  add(String("tls-cert-file", &C::tls_cert_file, kUnset));
  add(String("tls-key-file", &C::tls_key_file, kUnset));
  add(String("tls-key-file-pass", &C::tls_key_file_pass, kUnset).With(kSensitive));
  add(String("tls-client-cert-file", &C::tls_client_cert_file, kUnset));
  add(String("tls-client-key-file", &C::tls_client_key_file, kUnset));
  add(String("tls-client-key-file-pass", &C::tls_client_key_file_pass, kUnset).With(kSensitive));
  add(String("tls-dh-params-file", &C::tls_dh_params_file, kUnset));
  add(String("tls-ca-cert-file", &C::tls_ca_cert_file, kUnset));
  add(String("tls-ca-cert-dir", &C::tls_ca_cert_dir, kUnset));
  add(Enum("tls-auth-clients", &C::tls_auth_clients, {"no", "yes", "optional"}));
  add(Bool("tls-replication", &C::tls_replication));
  add(Bool("tls-cluster", &C::tls_cluster));
  add(String("tls-protocols", &C::tls_protocols, kUnset));
  add(String("tls-ciphers", &C::tls_ciphers, kUnset));
  add(String("tls-ciphersuites", &C::tls_ciphersuites, kUnset));
  add(Bool("tls-prefer-server-ciphers", &C::tls_prefer_server_ciphers));
  add(Bool("tls-session-caching", &C::tls_session_caching));
  add(Int("tls-session-cache-size", &C::tls_session_cache_size, 0, kIntMax));
  add(Int("tls-session-cache-timeout", &C::tls_session_cache_timeout, 0, kIntMax));

  // General.
  add(Bool("daemonize", &C::daemonize).With(kImmutable));
  add(Enum("supervised", &C::supervised, {"upstart", "systemd", "auto", "no"}).With(kImmutable));
  add(String("pidfile", &C::pidfile, kUnset).With(kImmutable));
  add(Enum("loglevel", &C::loglevel, {"debug", "verbose", "notice", "warning"}));
  add(String("logfile", &C::logfile, kValue).With(kImmutable));
  add(Bool("syslog-enabled", &C::syslog_enabled).With(kImmutable));
  add(String("syslog-ident", &C::syslog_ident, kValue).With(kImmutable));
  add(Enum("syslog-facility", &C::syslog_facility,
           {"user", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"})
          .With(kImmutable));
  add(Bool("crash-log-enabled", &C::crash_log_enabled));
  add(Bool("crash-memcheck-enabled", &C::crash_memcheck_enabled));
  add(Int("databases", &C::databases, 1, kIntMax).With(kImmutable));
  add(Bool("always-show-logo", &C::always_show_logo).With(kImmutable));
  add(Bool("set-proc-title", &C::set_proc_title).With(kImmutable));
  add(String("proc-title-template", &C::proc_title_template, kValue, ValidProcTitle));
  add(String("ignore-warnings", &C::ignore_warnings, kValue));
  add(Hz());
  add(Bool("dynamic-hz", &C::dynamic_hz));
  add(Enum("enable-protected-configs", &C::enable_protected_configs, kProtectedAction)
          .With(kImmutable));
  add(Enum("enable-debug-command", &C::enable_debug_command, kProtectedAction).With(kImmutable));
  add(Enum("enable-module-command", &C::enable_module_command, kProtectedAction).With(kImmutable));
  add(Int("shutdown-timeout", &C::shutdown_timeout, 0, kIntMax));
  add(ShutdownOnSignalDirective("shutdown-on-sigint", &C::shutdown_on_sigint));
  add(ShutdownOnSignalDirective("shutdown-on-sigterm", &C::shutdown_on_sigterm));
  add(Enum("propagation-error-behavior", &C::propagation_error_behavior,
           {"ignore", "panic", "panic-on-replicas"}));
  add(Enum("oom-score-adj", &C::oom_score_adj, {"no", "yes", "relative", "absolute"},
           {{"relative", "yes"}}));
  add(OomScoreAdjValuesDirective());
  add(Bool("disable-thp", &C::disable_thp).With(kImmutable));
  add(Bool("jemalloc-bg-thread", &C::jemalloc_bg_thread));
  add(String("server_cpulist", &C::server_cpulist, kUnset).With(kImmutable));
  add(String("bio_cpulist", &C::bio_cpulist, kUnset).With(kImmutable));
  add(String("aof_rewrite_cpulist", &C::aof_rewrite_cpulist, kUnset).With(kImmutable));
  add(String("bgsave_cpulist", &C::bgsave_cpulist, kUnset).With(kImmutable));

  // Snapshotting.
  add(SaveDirective());
  add(Bool("stop-writes-on-bgsave-error", &C::stop_writes_on_bgsave_error));
  add(Bool("rdbcompression", &C::rdbcompression));
  add(Bool("rdbchecksum", &C::rdbchecksum).With(kImmutable));
  add(Enum("sanitize-dump-payload", &C::sanitize_dump_payload, {"no", "yes", "clients"}));
  add(String("dbfilename", &C::dbfilename, kValue, ValidDbFilename).With(kProtected));
  add(Bool("rdb-del-sync-files", &C::rdb_del_sync_files));
  add(Bool("rdb-save-incremental-fsync", &C::rdb_save_incremental_fsync));
  add(DirDirective());

  // Replication.
  add(ReplicaOfDirective());
  add(String("masterauth", &C::masterauth, kUnset).With(kSensitive));
  add(String("masteruser", &C::masteruser, kUnset).With(kSensitive));
  add(Bool("replica-serve-stale-data", &C::replica_serve_stale_data)
          .Alias("slave-serve-stale-data"));
  add(Bool("replica-read-only", &C::replica_read_only).Alias("slave-read-only"));
  add(Bool("repl-diskless-sync", &C::repl_diskless_sync));
  add(Int("repl-diskless-sync-delay", &C::repl_diskless_sync_delay, 0, kIntMax));
  add(Int("repl-diskless-sync-max-replicas", &C::repl_diskless_sync_max_replicas, 0, kIntMax));
  add(Enum("repl-diskless-load", &C::repl_diskless_load, {"disabled", "on-empty-db", "swapdb"}));
  add(Int("repl-ping-replica-period", &C::repl_ping_replica_period, 1, kIntMax)
          .Alias("repl-ping-slave-period"));
  add(Int("repl-timeout", &C::repl_timeout, 1, kIntMax));
  add(Bool("repl-disable-tcp-nodelay", &C::repl_disable_tcp_nodelay));
  add(Memory("repl-backlog-size", &C::repl_backlog_size, 1, kLlongMax));
  add(Int("repl-backlog-ttl", &C::repl_backlog_ttl, 0, kLlongMax));
  add(Int("replica-priority", &C::replica_priority, 0, kIntMax).Alias("slave-priority"));
  add(Bool("replica-announced", &C::replica_announced));
  add(Int("min-replicas-to-write", &C::min_replicas_to_write, 0, kIntMax)
          .Alias("min-slaves-to-write"));
  add(Int("min-replicas-max-lag", &C::min_replicas_max_lag, 0, kIntMax)
          .Alias("min-slaves-max-lag"));
  add(String("replica-announce-ip", &C::replica_announce_ip, kUnset).Alias("slave-announce-ip"));
  add(Int("replica-announce-port", &C::replica_announce_port, 0, 65535)
          .Alias("slave-announce-port"));
  add(Bool("replica-ignore-maxmemory", &C::replica_ignore_maxmemory)
          .Alias("slave-ignore-maxmemory"));
  add(Bool("replica-lazy-flush", &C::replica_lazy_flush).Alias("slave-lazy-flush"));
  add(Bool("replica-ignore-disk-write-errors", &C::replica_ignore_disk_write_errors));

  // Security.
  add(String("requirepass", &C::requirepass, kUnset).With(kSensitive));
  add(String("aclfile", &C::aclfile, kValue).With(kImmutable));
  add(Int("acllog-max-len", &C::acllog_max_len, 0, kLlongMax));
  add(Enum("acl-pubsub-default", &C::acl_pubsub_default, {"allchannels", "resetchannels"}));

  // Clients and memory.
  add(Int("maxclients", &C::maxclients, 1, kUintMax));
  add(Memory("maxmemory", &C::maxmemory));
  add(Enum("maxmemory-policy", &C::maxmemory_policy,
           {"volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl", "allkeys-lru",
            "allkeys-lfu", "allkeys-random", "noeviction"}));
  add(Int("maxmemory-samples", &C::maxmemory_samples, 1, kIntMax));
  add(Int("maxmemory-eviction-tenacity", &C::maxmemory_eviction_tenacity, 0, 100));
  add(MaxmemoryClientsDirective());
  add(Memory("client-query-buffer-limit", &C::client_query_buffer_limit, 1024LL * 1024, kLlongMax));
  add(Memory("proto-max-bulk-len", &C::proto_max_bulk_len, 1024LL * 1024, kLlongMax));
  add(ClientOutputBufferLimitDirective());
  add(Int("tracking-table-max-keys", &C::tracking_table_max_keys, 0, kLlongMax));

  // Lazy freeing.
  add(Bool("lazyfree-lazy-eviction", &C::lazyfree_lazy_eviction));
  add(Bool("lazyfree-lazy-expire", &C::lazyfree_lazy_expire));
  add(Bool("lazyfree-lazy-server-del", &C::lazyfree_lazy_server_del));
  add(Bool("lazyfree-lazy-user-del", &C::lazyfree_lazy_user_del));
  add(Bool("lazyfree-lazy-user-flush", &C::lazyfree_lazy_user_flush));

  // Threads.
  add(Int("io-threads", &C::io_threads, 1, 128).With(kImmutable));
  add(Bool("io-threads-do-reads", &C::io_threads_do_reads).With(kImmutable));

  // Append only file.
  add(Bool("appendonly", &C::appendonly));
  add(String("appendfilename", &C::appendfilename, kValue, ValidAofFilename).With(kImmutable));
  add(String("appenddirname", &C::appenddirname, kValue, ValidAofDirname).With(kImmutable));
  add(Enum("appendfsync", &C::appendfsync, {"everysec", "always", "no"}));
  add(Bool("no-appendfsync-on-rewrite", &C::no_appendfsync_on_rewrite));
  add(Int("auto-aof-rewrite-percentage", &C::auto_aof_rewrite_percentage, 0, kIntMax));
  add(Memory("auto-aof-rewrite-min-size", &C::auto_aof_rewrite_min_size, 0, kLlongMax));
  add(Bool("aof-load-truncated", &C::aof_load_truncated));
  add(Bool("aof-use-rdb-preamble", &C::aof_use_rdb_preamble));
  add(Bool("aof-timestamp-enabled", &C::aof_timestamp_enabled));
  add(Bool("aof-rewrite-incremental-fsync", &C::aof_rewrite_incremental_fsync));
  add(Bool("aof-disable-auto-gc", &C::aof_disable_auto_gc));

  // Scripting and busy commands.
  add(Int("busy-reply-threshold", &C::busy_reply_threshold, 0, kLlongMax).Alias("lua-time-limit"));

  // Cluster.
  add(Bool("cluster-enabled", &C::cluster_enabled).With(kImmutable));
  add(String("cluster-config-file", &C::cluster_config_file, kValue).With(kImmutable));
  add(Int("cluster-node-timeout", &C::cluster_node_timeout, 0, kLlongMax));
  add(Int("cluster-port", &C::cluster_port, 0, 65535).With(kImmutable));
  add(Int("cluster-replica-validity-factor", &C::cluster_replica_validity_factor, 0, kIntMax)
          .Alias("cluster-slave-validity-factor"));
  add(Int("cluster-migration-barrier", &C::cluster_migration_barrier, 0, kIntMax));
  add(Bool("cluster-allow-replica-migration", &C::cluster_allow_replica_migration));
  add(Bool("cluster-require-full-coverage", &C::cluster_require_full_coverage));
  add(Bool("cluster-replica-no-failover", &C::cluster_replica_no_failover)
          .Alias("cluster-slave-no-failover"));
  add(Bool("cluster-allow-reads-when-down", &C::cluster_allow_reads_when_down));
  add(Bool("cluster-allow-pubsubshard-when-down", &C::cluster_allow_pubsubshard_when_down));
  add(Memory("cluster-link-sendbuf-limit", &C::cluster_link_sendbuf_limit));
  add(String("cluster-announce-hostname", &C::cluster_announce_hostname, kUnset, ValidHostname));
  add(String("cluster-announce-ip", &C::cluster_announce_ip, kUnset));
  add(Int("cluster-announce-port", &C::cluster_announce_port, 0, 65535));
  add(Int("cluster-announce-bus-port", &C::cluster_announce_bus_port, 0, 65535));
  add(Int("cluster-announce-tls-port", &C::cluster_announce_tls_port, 0, 65535));
  add(Enum("cluster-preferred-endpoint-type", &C::cluster_preferred_endpoint_type,
           {"ip", "hostname", "unknown-endpoint"}));

  // Slow log, latency, events.
  add(Int("slowlog-log-slower-than", &C::slowlog_log_slower_than, -1, kLlongMax));
  add(Int("slowlog-max-len", &C::slowlog_max_len, 0, kLlongMax));
  add(Int("latency-monitor-threshold", &C::latency_monitor_threshold, 0, kLlongMax));
  add(Bool("latency-tracking", &C::latency_tracking));
  add(LatencyTrackingPercentilesDirective());
  add(NotifyKeyspaceEventsDirective());

  // Compact encodings.
  add(Int("hash-max-listpack-entries", &C::hash_max_listpack_entries, 0, kLlongMax)
          .Alias("hash-max-ziplist-entries"));
  add(Memory("hash-max-listpack-value", &C::hash_max_listpack_value, 0, kLlongMax)
          .Alias("hash-max-ziplist-value"));
  add(Int("list-max-listpack-size", &C::list_max_listpack_size, kIntMin, kIntMax)
          .Alias("list-max-ziplist-size"));
  add(Int("list-compress-depth", &C::list_compress_depth, 0, kIntMax));
  add(Int("set-max-intset-entries", &C::set_max_intset_entries, 0, kLlongMax));
  add(Int("zset-max-listpack-entries", &C::zset_max_listpack_entries, 0, kLlongMax)
          .Alias("zset-max-ziplist-entries"));
  add(Memory("zset-max-listpack-value", &C::zset_max_listpack_value, 0, kLlongMax)
          .Alias("zset-max-ziplist-value"));
  add(Memory("hll-sparse-max-bytes", &C::hll_sparse_max_bytes, 0, kLlongMax));
  add(Memory("stream-node-max-bytes", &C::stream_node_max_bytes, 0, kLlongMax));
  add(Int("stream-node-max-entries", &C::stream_node_max_entries, 0, kLlongMax));

  // Active defragmentation.
  add(Bool("activedefrag", &C::activedefrag));
  add(Memory("active-defrag-ignore-bytes", &C::active_defrag_ignore_bytes, 1, kLlongMax));
  add(Int("active-defrag-threshold-lower", &C::active_defrag_threshold_lower, 0, 1000));
  add(Int("active-defrag-threshold-upper", &C::active_defrag_threshold_upper, 0, 1000));
  add(Int("active-defrag-cycle-min", &C::active_defrag_cycle_min, 1, 99));
  add(Int("active-defrag-cycle-max", &C::active_defrag_cycle_max, 1, 99));
  add(Int("active-defrag-max-scan-fields", &C::active_defrag_max_scan_fields, 1, kLlongMax));

  // Keyspace housekeeping.
  add(Bool("activerehashing", &C::activerehashing));
  add(Int("active-expire-effort", &C::active_expire_effort, 1, 10));
  add(Int("lfu-log-factor", &C::lfu_log_factor, 0, kIntMax));
  add(Int("lfu-decay-time", &C::lfu_decay_time, 0, kIntMax));

  // Hidden testing knobs.
  add(Int("key-load-delay", &C::key_load_delay, kIntMin, kIntMax).With(kHidden));
  add(Int("rdb-key-save-delay", &C::rdb_key_save_delay, kIntMin, kIntMax).With(kHidden));
  add(Int("loading-process-events-interval-bytes", &C::loading_process_events_interval_bytes, 1024,
          kIntMax)
          .With(kHidden));
  return t;
}

}  // namespace

// ---------------------------------------------------------------------------
// Helpers shared with special_directives.cc
// ---------------------------------------------------------------------------

Status RangeError(int64_t min, int64_t max) {
  return Status::Error("argument must be between " + std::to_string(min) + " and " +
                       std::to_string(max) + " inclusive");
}

Status EnumError(const std::vector<std::string_view>& names) {
  std::string msg = "argument(s) must be one of the following: ";
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) msg += ", ";
    msg += names[i];
  }
  return Status::Error(msg);
}

RewriteFn PlainRewrite(std::string_view name, const GetFn& get) {
  return [name, get](const C& cur, const C& def) {
    std::string v = get(cur);
    bool force = v != get(def);
    return std::vector<RewriteLine>{{std::string(name) + " " + v, force}};
  };
}

const std::vector<Directive>& Directives() {
  static const std::vector<Directive> kTable = BuildTable();
  return kTable;
}

int FindDirective(std::string_view name) {
  static const std::unordered_map<std::string, int> kIndex = [] {
    std::unordered_map<std::string, int> index;
    const std::vector<Directive>& table = Directives();
    for (size_t i = 0; i < table.size(); ++i) {
      index.emplace(std::string(table[i].name), static_cast<int>(i));
      if (!table[i].alias.empty()) index.emplace(std::string(table[i].alias), static_cast<int>(i));
    }
    return index;
  }();
  auto it = kIndex.find(ToLower(name));
  return it == kIndex.end() ? -1 : it->second;
}

}  // namespace shoal::config_internal
