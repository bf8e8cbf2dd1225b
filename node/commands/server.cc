// The server command family: INFO, CONFIG, TIME, LASTSAVE, ROLE, MONITOR,
// SHUTDOWN, DEBUG and MEMORY. Replies and error texts are Redis 7.0's.
//
// INFO's text is built by info.cc; this file parses arguments, runs the
// operation and writes the reply.
#include <malloc.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/strutil.h"
#include "node/commands/client_cmd.h"
#include "node/commands/families.h"
#include "node/commands/info.h"
#include "node/commands/key_ops.h"
#include "node/core/command_args.h"
#include "node/core/errors.h"
#include "node/scripting/lua_engine.h"
#include "node/core/node.h"
#include "node/persistence/snapshot.h"
#include "node/replication/replication.h"

namespace shoal {

namespace {

// ---------------------------------------------------------------------------
// Error texts of this family
// ---------------------------------------------------------------------------

constexpr std::string_view kDebugNotAllowed =
    "ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", "
    "you can run it from a local connection, otherwise you need to set this option in the "
    "configuration file, and then restart the server.";
constexpr std::string_view kNoConfigFile = "ERR The server is running without a config file";
constexpr std::string_view kNoShutdownInProgress = "ERR No shutdown in progress.";
constexpr std::string_view kShutdownFailed = "ERR Errors trying to SHUTDOWN. Check logs.";
constexpr std::string_view kBadProtocolType =
    "ERR Wrong protocol type name. Please use one of the following: "
    "string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false";
constexpr std::string_view kResp2NotSupported = "ERR RESP2 is not supported by this command";

// ---------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------

// Loopback TCP and unix socket clients are "local" for enable-debug-command
// and enable-protected-configs.
bool IsLocal(const Client& client) { return client.info.loopback || client.info.unix_socket; }

// Whether small integers are shared objects (see keyops::RefCount): unless
// maxmemory is set with a policy that needs a per-key access clock.
bool SharedIntegers(const ServerConfig& cfg) {
  const bool per_key_clock = cfg.maxmemory_policy.find("lru") != std::string::npos ||
                             cfg.maxmemory_policy.find("lfu") != std::string::npos;
  return cfg.maxmemory == 0 || !per_key_clock;
}

// Keeps the memory peak across CONFIG RESETSTAT.
void CarryPeak(const ServerStats& from, ServerStats& to) {
  to.used_memory_peak = from.used_memory_peak;
}

// ---------------------------------------------------------------------------
// INFO
// ---------------------------------------------------------------------------

void CmdInfo(CommandContext& ctx) {
  const InfoRequest request =
      ParseInfoRequest(std::vector<std::string>(ctx.argv.begin() + 1, ctx.argv.end()));
  ctx.reply.Verbatim("txt", BuildInfo(ctx.node, request, CollectProcessFacts()));
}

// ---------------------------------------------------------------------------
// CONFIG
// ---------------------------------------------------------------------------

void CmdConfigGet(CommandContext& ctx) {
  const std::vector<std::string> patterns(ctx.argv.begin() + 2, ctx.argv.end());
  const auto pairs = ctx.node.config().Get(patterns);
  ctx.reply.MapHeader(pairs.size());
  for (const auto& [name, value] : pairs) {
    ctx.reply.Bulk(name);
    ctx.reply.Bulk(value);
  }
}

void CmdConfigSet(CommandContext& ctx) {
  // CONFIG SET takes directive/value pairs.
  if (ctx.argv.size() % 2 != 0) return ctx.reply.Error(errors::kSyntax);
  std::vector<std::pair<std::string, std::string>> pairs;
  for (size_t i = 2; i + 1 < ctx.argv.size(); i += 2) {
    pairs.emplace_back(ctx.argv[i], ctx.argv[i + 1]);
  }
  SetOptions options;
  options.client_is_local = IsLocal(ctx.client);
  Status st = ctx.node.config().Set(pairs, options);
  if (!st.ok()) return ctx.reply.Error(st.message());
  ctx.reply.Ok();
}

// CONFIG RESETSTAT clears what Redis's resetServerStats,
// resetCommandTableStats and resetErrorTableStats clear: server and keyspace
// counters, instantaneous samples, per-command statistics and latency
// histograms, error counts. The memory peak, the slow log and the latency
// monitor stay.
void ResetStats(Node& node) {
  ServerStats fresh;
  CarryPeak(node.stats(), fresh);
  fresh.last_sample_ms = node.clock().NowMs();
  node.stats() = std::move(fresh);
  node.keyspace_stats() = KeyspaceStats{};
  node.ResetCommandStats();
}

void CmdConfigResetStat(CommandContext& ctx) {
  ResetStats(ctx.node);
  ctx.reply.Ok();
}

void CmdConfigRewrite(CommandContext& ctx) {
  if (ctx.node.config().config_file().empty()) return ctx.reply.Error(kNoConfigFile);
  Status st = ctx.node.config().Rewrite();
  if (!st.ok()) {
    spdlog::warn("CONFIG-REWRITE failed: {}", st.message());
    return ctx.reply.Error(st.message());
  }
  spdlog::info("CONFIG REWRITE executed with success.");
  ctx.reply.Ok();
}

void CmdConfigHelp(CommandContext& ctx) {
  ReplyHelp(
      ctx.reply, ctx.argv[0],
      {"GET <pattern>", "    Return parameters matching the glob-like <pattern> and their values.",
       "SET <directive> <value>", "    Set the configuration <directive> to <value>.", "RESETSTAT",
       "    Reset statistics reported by the INFO command.", "REWRITE",
       "    Rewrite the configuration file."});
}

// ---------------------------------------------------------------------------
// TIME, LASTSAVE, ROLE, MONITOR
// ---------------------------------------------------------------------------

void CmdTime(CommandContext& ctx) {
  const int64_t now_us = ctx.node.clock().NowUs();
  ctx.reply.ArrayHeader(2);
  ctx.reply.Bulk(std::to_string(now_us / 1000000));
  ctx.reply.Bulk(std::to_string(now_us % 1000000));
}

// Nothing is saved yet, so the last save is the moment the node started (as
// after loading an empty data set).
void CmdLastSave(CommandContext& ctx) {
  ctx.reply.Integer(ctx.node.snapshots().last_save_time_s());
}

void CmdRole(CommandContext& ctx) {
  const Replication& repl = ctx.node.replication();
  if (repl.is_replica()) {
    ctx.reply.ArrayHeader(5);
    ctx.reply.Bulk("slave");
    ctx.reply.Bulk(repl.master_host());
    ctx.reply.Integer(repl.master_port());
    ctx.reply.Bulk(repl.link_up() ? "connected" : repl.sync_in_progress() ? "sync" : "connect");
    ctx.reply.Integer(repl.link_up() ? repl.offset() : -1);
    return;
  }
  ctx.reply.ArrayHeader(3);
  ctx.reply.Bulk("master");
  ctx.reply.Integer(repl.offset());
  ctx.reply.ArrayHeader(repl.replicas().size());
  for (const auto& [id, r] : repl.replicas()) {
    ctx.reply.ArrayHeader(3);
    ctx.reply.Bulk(r.ip);
    ctx.reply.Bulk(std::to_string(r.port));
    ctx.reply.Bulk(std::to_string(r.ack_offset));
  }
}

// A client already in monitor mode gets no reply at all, as in Redis.
void CmdMonitor(CommandContext& ctx) {
  if (ctx.client.monitor) return;
  ctx.node.EnableMonitor(ctx.client);
  ctx.reply.Ok();
}

// ---------------------------------------------------------------------------
// SHUTDOWN
// ---------------------------------------------------------------------------

struct ShutdownArgs {
  bool nosave = false;
  bool save = false;
  bool now = false;
  bool force = false;
  bool abort = false;
};

// SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] | ABORT. Flags may repeat; ABORT
// goes alone and NOSAVE excludes SAVE.
StatusOr<ShutdownArgs> ParseShutdownArgs(const std::vector<std::string>& argv) {
  ShutdownArgs a;
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string& w = argv[i];
    if (EqualsIgnoreCase(w, "nosave")) {
      a.nosave = true;
    } else if (EqualsIgnoreCase(w, "save")) {
      a.save = true;
    } else if (EqualsIgnoreCase(w, "now")) {
      a.now = true;
    } else if (EqualsIgnoreCase(w, "force")) {
      a.force = true;
    } else if (EqualsIgnoreCase(w, "abort")) {
      a.abort = true;
    } else {
      return Status::Error(std::string(errors::kSyntax));
    }
  }
  const bool any_flag = a.nosave || a.save || a.now || a.force;
  if ((a.abort && any_flag) || (a.nosave && a.save)) {
    return Status::Error(std::string(errors::kSyntax));
  }
  return a;
}

// On success the process goes away and the connection closes without a
// reply, as Redis's does.
void CmdShutdown(CommandContext& ctx) {
  StatusOr<ShutdownArgs> args = ParseShutdownArgs(ctx.argv);
  if (!args.ok()) return ctx.reply.Error(args.status().message());
  // The shutdown runs to completion inside this call: there is never one in
  // progress to abort.
  if (args->abort) return ctx.reply.Error(kNoShutdownInProgress);
  // During a script past its time limit only SHUTDOWN NOSAVE goes through,
  // and it ends the script.
  if (!ctx.node.busy_reply.empty()) {
    if (!args->nosave) return ctx.reply.Error(ctx.node.busy_reply);
    ctx.node.scripting().AbortForShutdown();
  }
  const bool save = args->save || (!args->nosave && !ctx.node.cfg().save.empty());
  if (!ctx.node.request_shutdown || !ctx.node.request_shutdown(save, args->force)) {
    spdlog::warn("Errors trying to shut down the server. Check the logs for more information.");
    return ctx.reply.Error(kShutdownFailed);
  }
  ctx.client.close_asap = true;
}

// ---------------------------------------------------------------------------
// DEBUG
// ---------------------------------------------------------------------------

// Bytes of Redis's RDB length prefix for a length.
size_t RdbLenBytes(uint64_t len) {
  if (len < (1 << 6)) return 1;
  if (len < (1 << 14)) return 2;
  if (len <= UINT32_MAX) return 5;
  return 9;
}

// Bytes of RDB's integer string encoding of v (INT8/16/32), 0 if it needs
// more than 32 bits.
size_t RdbIntBytes(int64_t v) {
  if (v >= INT8_MIN && v <= INT8_MAX) return 2;
  if (v >= INT16_MIN && v <= INT16_MAX) return 3;
  if (v >= INT32_MIN && v <= INT32_MAX) return 5;
  return 0;
}

// DEBUG OBJECT's serializedlength: the bytes the value takes in an RDB file
// (without LZF compression of long strings). Only strings for now.
size_t SerializedLength(const Object& value) {
  if (!value.is_string()) return 0;
  const std::string s = value.StringValue();
  int64_t v = 0;
  // Integers (and short strings that are canonical integers) are stored
  // in an integer encoding when they fit 32 bits.
  const bool as_int = value.encoding() == Encoding::kInt ||
                      (s.size() <= 11 && ParseInt64(s, &v) && std::to_string(v) == s);
  if (as_int && ParseInt64(s, &v) && RdbIntBytes(v) > 0) return RdbIntBytes(v);
  return RdbLenBytes(s.size()) + s.size();
}

void DebugObject(CommandContext& ctx) {
  const Object* value = ctx.db().Find(ctx.argv[2]);
  if (value == nullptr) return ctx.reply.Error(errors::kNoSuchKey);
  const ServerConfig& cfg = ctx.node.cfg();
  char line[256];
  std::snprintf(
      line, sizeof(line),
      "Value at:%p refcount:%lld encoding:%s serializedlength:%zu lru:%u "
      "lru_seconds_idle:%llu",
      static_cast<const void*>(value),
      static_cast<long long>(keyops::RefCount(*value, SharedIntegers(cfg))),
      std::string(EncodingName(value->encoding())).c_str(), SerializedLength(*value), value->lru(),
      static_cast<unsigned long long>(keyops::IdleTimeMs(value->lru(), ctx.now_ms()) / 1000));
  ctx.reply.Status(line);
}

// Sleeps the data-owning thread: DEBUG SLEEP exists to make the server
// unresponsive for a while (timeouts, failover tests). The argument is
// parsed like strtod, so garbage means zero.
void DebugSleep(CommandContext& ctx) {
  const double seconds = std::strtod(ctx.argv[2].c_str(), nullptr);
  const auto us = static_cast<int64_t>(seconds * 1000000);
  if (us > 0) std::this_thread::sleep_for(std::chrono::microseconds(us));
  ctx.reply.Ok();
}

void DebugSetActiveExpire(CommandContext& ctx) {
  ctx.node.active_expire_enabled = std::atoi(ctx.argv[2].c_str()) != 0;
  ctx.reply.Ok();
}

// DEBUG ERROR <text>: replies with <text> as an error, verbatim.
void DebugError(CommandContext& ctx) { ctx.reply.Error(ctx.argv[2]); }

void DebugLog(CommandContext& ctx) {
  spdlog::warn("DEBUG LOG: {}", ctx.argv[2]);
  ctx.reply.Ok();
}

// DEBUG PROTOCOL <type>: a sample reply of each RESP type, for client tests.
void DebugProtocol(CommandContext& ctx) {
  resp::ReplyWriter& r = ctx.reply;
  const std::string type = ToLower(ctx.argv[2]);
  if (type == "string") return r.Bulk("Hello World");
  if (type == "integer") return r.Integer(12345);
  if (type == "double") return r.Double(3.141);
  if (type == "bignum") return r.BigNumber("1234567999999999999999999999999999999");
  if (type == "null") return r.Null();
  if (type == "true") return r.Bool(true);
  if (type == "false") return r.Bool(false);
  if (type == "verbatim") return r.Verbatim("txt", "This is a verbatim\nstring");
  if (type == "array" || type == "set" || type == "map") {
    if (type == "array") r.ArrayHeader(3);
    if (type == "set") r.SetHeader(3);
    if (type == "map") r.MapHeader(3);
    for (int j = 0; j < 3; ++j) {
      r.Integer(j);
      if (type == "map") r.Bool(j == 1);
    }
    return;
  }
  if (type == "attrib") {
    // Attributes exist only in RESP3; RESP2 clients see the reply alone.
    if (r.protocol() >= 3) {
      r.Raw("|1\r\n");
      r.Bulk("key-popularity");
      r.ArrayHeader(2);
      r.Bulk("key:123");
      r.Integer(90);
    }
    return r.Bulk("Some real reply following the attribute");
  }
  if (type == "push") {
    if (r.protocol() < 3) return r.Error(kResp2NotSupported);
    r.PushHeader(2);
    r.Bulk("server-cpu-usage");
    r.Integer(42);
    return r.Bulk("Some real reply following the push reply");
  }
  r.Error(kBadProtocolType);
}

void DebugHelp(CommandContext& ctx) {
  ReplyHelp(
      ctx.reply, ctx.argv[0],
      {"ERROR <string>",
       "    Return a Redis protocol error with <string> as message. Useful for clients",
       "    unit tests to simulate Redis errors.", "LOG <message>",
       "    Write <message> to the server log.", "OBJECT <key>",
       "    Show low level info about `key` and associated value.", "PROTOCOL <type>",
       "    Reply with a test value of the specified type. <type> can be: string,",
       "    integer, double, bignum, null, array, set, map, attrib, push, verbatim,",
       "    true, false.", "SET-ACTIVE-EXPIRE <0|1>",
       "    Setting it to 0 disables expiring keys in background when they are not",
       "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
       "    default.", "SLEEP <seconds>", "    Stop the server for <seconds>. Decimals allowed."});
}

// DEBUG RELOAD: save, empty the keyspace, load the file back.
void DebugReload(CommandContext& ctx) {
  if (!ctx.node.snapshots().Save().ok()) return ctx.reply.Error("ERR Error trying to save the DB");
  ctx.node.keyspace().FlushAll();
  if (!ctx.node.snapshots().LoadFromDisk()) {
    return ctx.reply.Error("ERR Error trying to load the RDB dump, check server logs.");
  }
  ctx.reply.Ok();
}

struct DebugSubcommand {
  std::string_view name;
  size_t argc;  // exact argument count, including DEBUG and the subcommand
  CommandHandler handler;
};

constexpr DebugSubcommand kDebugSubcommands[] = {
    {"help", 2, DebugHelp},         {"object", 3, DebugObject},
    {"sleep", 3, DebugSleep},       {"set-active-expire", 3, DebugSetActiveExpire},
    {"error", 3, DebugError},       {"log", 3, DebugLog},
    {"protocol", 3, DebugProtocol}, {"reload", 2, DebugReload},
};

// Whether enable-debug-command lets this client run DEBUG: "yes" for
// everyone, "local" for loopback and unix socket clients.
bool DebugAllowed(const Node& node, const Client& client) {
  const std::string& mode = node.cfg().enable_debug_command;
  return mode == "yes" || (mode == "local" && IsLocal(client));
}

void CmdDebug(CommandContext& ctx) {
  if (!DebugAllowed(ctx.node, ctx.client)) return ctx.reply.Error(kDebugNotAllowed);
  for (const DebugSubcommand& sub : kDebugSubcommands) {
    if (EqualsIgnoreCase(ctx.argv[1], sub.name) && ctx.argv.size() == sub.argc) {
      return sub.handler(ctx);
    }
  }
  ctx.reply.Error("ERR unknown subcommand or wrong number of arguments for '" +
                  ctx.argv[1].substr(0, 128) + "'. Try DEBUG HELP.");
}

// ---------------------------------------------------------------------------
// MEMORY
// ---------------------------------------------------------------------------

// The size jemalloc (Redis's allocator) hands out for a request of n bytes:
// 8, then multiples of 16 up to 128, then four classes per power of two.
// MEMORY USAGE reports allocation sizes this way so the numbers compare with
// Redis's.
uint64_t AllocSize(uint64_t n) {
  if (n <= 8) return 8;
  if (n <= 128) return (n + 15) & ~uint64_t{15};
  int lg = 63 - __builtin_clzll(n - 1);  // 2^lg < n <= 2^(lg+1)
  const uint64_t delta = uint64_t{1} << (lg - 2);
  return (n + delta - 1) & ~(delta - 1);
}

// Bytes a key name takes as an sds string: header (by length class), bytes,
// terminator.
uint64_t KeyAllocSize(size_t len) {
  size_t header = 17;
  if (len < 32) {
    header = 1;
  } else if (len < 256) {
    header = 3;
  } else if (len < 65536) {
    header = 5;
  } else if (len <= UINT32_MAX) {
    header = 9;
  }
  return AllocSize(header + len + 1);
}

// The table entry that links a key to its value (key, value, next).
constexpr uint64_t kDictEntrySize = 24;

// MEMORY USAGE key [SAMPLES count]
void CmdMemoryUsage(CommandContext& ctx) {
  const std::vector<std::string>& argv = ctx.argv;
  for (size_t j = 3; j < argv.size(); ++j) {
    if (!EqualsIgnoreCase(argv[j], "samples") || j + 1 >= argv.size()) {
      return ctx.reply.Error(errors::kSyntax);
    }
    int64_t samples = 0;
    if (!ParseInt64(argv[j + 1], &samples)) return ctx.reply.Error(errors::kNotInteger);
    if (samples < 0) return ctx.reply.Error(errors::kSyntax);
    ++j;
  }
  const Object* value = ctx.db().Find(argv[2]);
  if (value == nullptr) return ctx.reply.Null();
  const uint64_t usage = value->MemoryUsage() + KeyAllocSize(argv[2].size()) + kDictEntrySize;
  ctx.reply.Integer(static_cast<int64_t>(usage));
}

void ReplyInt(resp::ReplyWriter& r, std::string_view name, uint64_t v) {
  r.Bulk(name);
  r.Integer(static_cast<int64_t>(v));
}

// Ratios go out with single precision, as Redis keeps them in floats.
void ReplyRatio(resp::ReplyWriter& r, std::string_view name, double v) {
  r.Bulk(name);
  r.Double(static_cast<float>(v));
}

void CmdMemoryStats(CommandContext& ctx) {
  const MemoryOverhead mh = ComputeMemoryOverhead(ctx.node, CollectProcessFacts());
  resp::ReplyWriter& r = ctx.reply;
  r.MapHeader(27 + mh.dbs.size());
  ReplyInt(r, "peak.allocated", mh.peak_allocated);
  ReplyInt(r, "total.allocated", mh.total_allocated);
  ReplyInt(r, "startup.allocated", mh.startup_allocated);
  ReplyInt(r, "replication.backlog", mh.repl_backlog);
  ReplyInt(r, "clients.slaves", mh.clients_slaves);
  ReplyInt(r, "clients.normal", mh.clients_normal);
  ReplyInt(r, "cluster.links", mh.cluster_links);
  ReplyInt(r, "aof.buffer", mh.aof_buffer);
  ReplyInt(r, "lua.caches", mh.lua_caches);
  ReplyInt(r, "functions.caches", mh.functions_caches);
  for (const MemoryOverhead::DbOverhead& db : mh.dbs) {
    r.Bulk("db." + std::to_string(db.db));
    r.MapHeader(3);
    ReplyInt(r, "overhead.hashtable.main", db.main);
    ReplyInt(r, "overhead.hashtable.expires", db.expires);
    ReplyInt(r, "overhead.hashtable.slot-to-keys", 0);
  }
  ReplyInt(r, "overhead.total", mh.overhead_total);
  ReplyInt(r, "keys.count", mh.total_keys);
  ReplyInt(r, "keys.bytes-per-key", mh.bytes_per_key);
  ReplyInt(r, "dataset.bytes", mh.dataset);
  ReplyRatio(r, "dataset.percentage", mh.dataset_perc);
  ReplyRatio(r, "peak.percentage", mh.peak_perc);
  ReplyInt(r, "allocator.allocated", mh.allocator_allocated);
  ReplyInt(r, "allocator.active", mh.allocator_active);
  ReplyInt(r, "allocator.resident", mh.allocator_resident);
  ReplyRatio(r, "allocator-fragmentation.ratio", mh.allocator_frag);
  ReplyInt(r, "allocator-fragmentation.bytes", static_cast<uint64_t>(mh.allocator_frag_bytes));
  ReplyRatio(r, "allocator-rss.ratio", mh.allocator_rss);
  ReplyInt(r, "allocator-rss.bytes", static_cast<uint64_t>(mh.allocator_rss_bytes));
  ReplyRatio(r, "rss-overhead.ratio", mh.rss_extra);
  ReplyInt(r, "rss-overhead.bytes", static_cast<uint64_t>(mh.rss_extra_bytes));
  ReplyRatio(r, "fragmentation", mh.total_frag);
  ReplyInt(r, "fragmentation.bytes", static_cast<uint64_t>(mh.total_frag_bytes));
}

void CmdMemoryDoctor(CommandContext& ctx) {
  const MemoryOverhead mh = ComputeMemoryOverhead(ctx.node, CollectProcessFacts());
  ctx.reply.Verbatim("txt", MemoryDoctorReport(mh, ctx.node.num_clients()));
}

// glibc's own statistics report (an XML document).
void CmdMemoryMallocStats(CommandContext& ctx) {
  char* buf = nullptr;
  size_t len = 0;
  FILE* f = open_memstream(&buf, &len);
  std::string text;
  if (f != nullptr) {
    malloc_info(0, f);
    std::fclose(f);
    text.assign(buf, len);
    std::free(buf);
  }
  if (text.empty()) text = "Stats not supported for the current allocator";
  ctx.reply.Verbatim("txt", text);
}

void CmdMemoryPurge(CommandContext& ctx) {
  malloc_trim(0);
  ctx.reply.Ok();
}

void CmdMemoryHelp(CommandContext& ctx) {
  ReplyHelp(ctx.reply, ctx.argv[0],
            {"DOCTOR", "    Return memory problems reports.", "MALLOC-STATS",
             "    Return internal statistics report from the memory allocator.", "PURGE",
             "    Attempt to purge dirty pages for reclamation by the allocator.", "STATS",
             "    Return information about the memory usage of the server.",
             "USAGE <key> [SAMPLES <count>]",
             "    Return memory in bytes used by <key> and its value. Nested values are",
             "    sampled up to <count> times (default: 5, 0 means sample all)."});
}

// ---------------------------------------------------------------------------
// Registration
// ---------------------------------------------------------------------------

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

using namespace cmdflag;  // NOLINT(google-build-using-namespace): table readability
namespace acl = aclcat;

const std::vector<std::string_view> kNondeterministic = {"nondeterministic_output"};
const std::vector<std::string_view> kAllShardsSpecial = {
    "nondeterministic_output", "request_policy:all_shards", "response_policy:special"};

constexpr uint64_t kAdminAcl = acl::kAdmin | acl::kSlow | acl::kDangerous;
constexpr uint64_t kConfigFlags = kAdmin | kNoScript | kLoading | kStale;

CommandSpec HelpSpec(CommandHandler handler, std::string_view since) {
  return {.name = "help",
          .arity = 2,
          .flags = kLoading | kStale,
          .acl = acl::kSlow,
          .handler = handler,
          .group = "server",
          .since = since,
          .summary = "Show helpful text about the different subcommands",
          .complexity = "O(1)"};
}

// ---------------------------------------------------------------------------
// Argument docs (COMMAND DOCS "arguments", "history", "doc_flags")
// ---------------------------------------------------------------------------

using namespace argdoc;  // NOLINT: builder names read as the docs' vocabulary

constexpr argdoc::DocEntry kServerDocs[] = {
    {"config|get",
     [](CommandSpec& s) {
       s.history = {{"7.0.0", "Added the ability to pass multiple pattern parameters in one call"}};
       s.args = {Block("parameter", {String("parameter")}).Multiple()};
     }},
    {"config|set",
     [](CommandSpec& s) {
       s.history = {{"7.0.0", "Added the ability to set multiple parameters in one call."}};
       s.args = {Block("parameter_value", {String("parameter"), String("value")}).Multiple()};
     }},
    {"debug", [](CommandSpec& s) { s.doc_flags = docflag::kSysCmd; }},
    {"info",
     [](CommandSpec& s) {
       s.history = {{"7.0.0", "Added support for taking multiple section arguments."}};
       s.args = {String("section").Optional().Multiple()};
     }},
    {"memory|usage",
     [](CommandSpec& s) {
       s.args = {Key("key", 0), Integer("count").Token("SAMPLES").Optional()};
     }},
    {"shutdown",
     [](CommandSpec& s) {
       s.history = {{"7.0.0", "Added the `NOW`, `FORCE` and `ABORT` modifiers."}};
       s.args = {
           OneOf("nosave_save", {Token("nosave", "NOSAVE"), Token("save", "SAVE")}).Optional(),
           Token("now", "NOW").Since("7.0.0").Optional(),
           Token("force", "FORCE").Since("7.0.0").Optional(),
           Token("abort", "ABORT").Since("7.0.0").Optional()};
     }},
};

// Adds `spec` to the table together with its argument docs.
void AddDocumented(CommandTable& table, CommandSpec spec) {
  ApplyDocs(kServerDocs, spec);
  table.Add(std::move(spec));
}

void RegisterInfoAndConfig(CommandTable& t) {
  AddDocumented(t, {.name = "info",
                    .arity = -1,
                    .flags = kLoading | kStale,
                    .acl = acl::kSlow | acl::kDangerous,
                    .handler = CmdInfo,
                    .group = "server",
                    .since = "1.0.0",
                    .summary = "Get information and statistics about the server",
                    .complexity = "O(1)",
                    .tips = kAllShardsSpecial});

  CommandSpec config{.name = "config",
                     .arity = -2,
                     .acl = acl::kSlow,
                     .group = "server",
                     .since = "2.0.0",
                     .summary = "A container for server configuration commands",
                     .complexity = "Depends on subcommand."};
  config.subcommands.push_back({.name = "get",
                                .arity = -3,
                                .flags = kConfigFlags,
                                .acl = kAdminAcl,
                                .handler = CmdConfigGet,
                                .group = "server",
                                .since = "2.0.0",
                                .summary = "Get the values of configuration parameters",
                                .complexity = "O(N) when N is the number of configuration "
                                              "parameters provided"});
  config.subcommands.push_back(
      {.name = "set",
       .arity = -4,
       .flags = kConfigFlags,
       .acl = kAdminAcl,
       .handler = CmdConfigSet,
       .group = "server",
       .since = "2.0.0",
       .summary = "Set configuration parameters to the given values",
       .complexity = "O(N) when N is the number of configuration "
                     "parameters provided",
       .tips = {"request_policy:all_nodes", "response_policy:all_succeeded"}});
  config.subcommands.push_back({.name = "resetstat",
                                .arity = 2,
                                .flags = kConfigFlags,
                                .acl = kAdminAcl,
                                .handler = CmdConfigResetStat,
                                .group = "server",
                                .since = "2.0.0",
                                .summary = "Reset the stats returned by INFO",
                                .complexity = "O(1)"});
  config.subcommands.push_back({.name = "rewrite",
                                .arity = 2,
                                .flags = kConfigFlags,
                                .acl = kAdminAcl,
                                .handler = CmdConfigRewrite,
                                .group = "server",
                                .since = "2.8.0",
                                .summary = "Rewrite the configuration file with the in memory "
                                           "configuration",
                                .complexity = "O(1)"});
  config.subcommands.push_back(HelpSpec(CmdConfigHelp, "5.0.0"));
  AddDocumented(t, std::move(config));
}

void RegisterSimpleCommands(CommandTable& t) {
  AddDocumented(t, {.name = "time",
                    .arity = 1,
                    .flags = kLoading | kStale | kFast,
                    .acl = acl::kFast,
                    .handler = CmdTime,
                    .group = "server",
                    .since = "2.6.0",
                    .summary = "Return the current server time",
                    .complexity = "O(1)",
                    .tips = kNondeterministic});
  AddDocumented(t, {.name = "lastsave",
                    .arity = 1,
                    .flags = kLoading | kStale | kFast,
                    .acl = acl::kAdmin | acl::kFast | acl::kDangerous,
                    .handler = CmdLastSave,
                    .group = "server",
                    .since = "1.0.0",
                    .summary = "Get the UNIX time stamp of the last successful save to disk",
                    .complexity = "O(1)",
                    .tips = kNondeterministic});
  AddDocumented(t, {.name = "role",
                    .arity = 1,
                    .flags = kNoScript | kLoading | kStale | kFast,
                    .acl = acl::kAdmin | acl::kFast | acl::kDangerous,
                    .handler = CmdRole,
                    .group = "server",
                    .since = "2.8.12",
                    .summary = "Return the role of the instance in the context of replication",
                    .complexity = "O(1)"});
  AddDocumented(t, {.name = "monitor",
                    .arity = 1,
                    .flags = kAdmin | kNoScript | kLoading | kStale,
                    .acl = kAdminAcl,
                    .handler = CmdMonitor,
                    .group = "server",
                    .since = "1.0.0",
                    .summary = "Listen for all requests received by the server in real time"});
  AddDocumented(
      t, {.name = "shutdown",
          .arity = -1,
          .flags = kAdmin | kNoScript | kLoading | kStale | kNoMulti | kAllowBusy,
          .acl = kAdminAcl,
          .handler = CmdShutdown,
          .group = "server",
          .since = "1.0.0",
          .summary = "Synchronously save the dataset to disk and then shut down the server",
          .complexity = "O(N) when saving, where N is the total number of keys in all databases "
                        "when saving data, otherwise O(1)"});
  AddDocumented(t, {.name = "debug",
                    .arity = -2,
                    .flags = kAdmin | kNoScript | kLoading | kStale,
                    .acl = kAdminAcl,
                    .handler = CmdDebug,
                    .group = "server",
                    .since = "1.0.0",
                    .summary = "A container for debugging commands",
                    .complexity = "Depends on subcommand."});
}

CommandSpec MemorySub(std::string_view name, CommandHandler handler, std::string_view summary,
                      std::string_view complexity, std::vector<std::string_view> tips) {
  return {.name = name,
          .arity = 2,
          .acl = acl::kSlow,
          .handler = handler,
          .group = "server",
          .since = "4.0.0",
          .summary = summary,
          .complexity = complexity,
          .tips = std::move(tips)};
}

void RegisterMemory(CommandTable& t) {
  CommandSpec memory{.name = "memory",
                     .arity = -2,
                     .acl = acl::kSlow,
                     .group = "server",
                     .since = "4.0.0",
                     .summary = "A container for memory diagnostics commands",
                     .complexity = "Depends on subcommand."};
  memory.subcommands.push_back({.name = "usage",
                                .arity = -3,
                                .flags = kReadOnly,
                                .acl = acl::kRead | acl::kSlow,
                                .key_specs = {KeySpec::Range(2, 0, 1, keyflag::kRO)},
                                .handler = CmdMemoryUsage,
                                .group = "server",
                                .since = "4.0.0",
                                .summary = "Estimate the memory usage of a key",
                                .complexity = "O(N) where N is the number of samples."});
  memory.subcommands.push_back(
      MemorySub("stats", CmdMemoryStats, "Show memory usage details", "O(1)", kAllShardsSpecial));
  memory.subcommands.push_back(MemorySub(
      "doctor", CmdMemoryDoctor, "Outputs memory problems report", "O(1)", kAllShardsSpecial));
  memory.subcommands.push_back(
      MemorySub("malloc-stats", CmdMemoryMallocStats, "Show allocator internal stats",
                "Depends on how much memory is allocated, could be slow", kAllShardsSpecial));
  memory.subcommands.push_back(
      MemorySub("purge", CmdMemoryPurge, "Ask the allocator to release memory",
                "Depends on how much memory is allocated, could be slow",
                {"request_policy:all_shards", "response_policy:all_succeeded"}));
  CommandSpec help = HelpSpec(CmdMemoryHelp, "4.0.0");
  memory.subcommands.push_back(std::move(help));
  AddDocumented(t, std::move(memory));
}

#pragma GCC diagnostic pop

}  // namespace

void RegisterServerCommands(CommandTable& table) {
  RegisterInfoAndConfig(table);
  RegisterSimpleCommands(table);
  RegisterMemory(table);
}

}  // namespace shoal
