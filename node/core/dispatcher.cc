#include "node/core/dispatcher.h"

#include "node/persistence/aof.h"
#include "node/persistence/snapshot.h"
#include "node/replication/replication.h"

#include <spdlog/spdlog.h>

#include "node/core/blocking.h"
#include "node/core/errors.h"
#include "node/core/eviction.h"

namespace shoal {

const char kProtectedModeRefusal[] =
    "-DENIED Redis is running in protected mode because protected mode is enabled and no "
    "password is set for the default user. In this mode connections are only accepted from the "
    "loopback interface. If you want to connect from external computers to Redis you may adopt "
    "one of the following solutions: 1) Just disable protected mode sending the command 'CONFIG "
    "SET protected-mode no' from the loopback interface by connecting to Redis from the same host "
    "the server is running, however MAKE SURE Redis is not publicly accessible from internet if "
    "you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just "
    "disable the protected mode by editing the Redis configuration file, and setting the "
    "protected mode option to 'no', and then restarting the server. 3) If you started the server "
    "manually just for testing, restart it with the '--protected-mode no' option. 4) Set up an "
    "authentication password for the default user. NOTE: You only need to do one of the above "
    "things in order for the server to start accepting connections from the outside.\r\n";

namespace {

constexpr std::string_view kNotInTransaction = "ERR Command not allowed inside a transaction";

bool IsExec(const CommandSpec& cmd) { return cmd.full_name == "exec"; }

// Commands that act on the transaction itself (or end the connection) run
// at once inside MULTI instead of being queued.
bool RunsInsideMulti(const CommandSpec& cmd) {
  const std::string& n = cmd.full_name;
  return n == "exec" || n == "discard" || n == "multi" || n == "watch" || n == "quit" ||
         n == "reset";
}

// EXEC refused by a generic check: "EXECABORT Transaction discarded because
// of: <the error without its ERR prefix>".
std::string ExecAbortError(std::string_view error) {
  if (error.substr(0, 4) == "ERR ") error.remove_prefix(4);
  return "EXECABORT Transaction discarded because of: " + std::string(error);
}

}  // namespace

void CountErrorReply(Node& node, std::string_view error_text) {
  ServerStats& stats = node.stats();
  ++stats.total_error_replies;
  std::string_view code = error_text.substr(0, error_text.find(' '));
  // Redis caps the number of distinct error codes it tracks (128).
  if (stats.error_stats.size() < 128 || stats.error_stats.count(std::string(code))) {
    ++stats.error_stats[std::string(code)];
  }
}

// ---------------------------------------------------------------------------
// Sessions
// ---------------------------------------------------------------------------

std::unique_ptr<Session> NodeSessionFactory::Open(const ConnectionInfo& info, Connection* conn,
                                                  std::string* refusal) {
  const ServerConfig& cfg = node_.cfg();
  if (node_.num_clients() >= static_cast<size_t>(cfg.maxclients)) {
    ++node_.stats().rejected_connections;
    *refusal = "-ERR max number of clients reached\r\n";
    return nullptr;
  }
  if (cfg.protected_mode && cfg.requirepass.empty() && !info.loopback) {
    ++node_.stats().rejected_connections;
    *refusal = kProtectedModeRefusal;
    return nullptr;
  }
  ++node_.stats().total_connections_received;
  Client& client = node_.AddClient(info, conn);
  return std::make_unique<ClientSession>(node_, client);
}

ClientSession::ClientSession(Node& node, Client& client) : node_(node), client_(client) {}

ClientSession::~ClientSession() { OnClosed(); }

void ClientSession::OnClosed() {
  if (closed_) return;
  closed_ = true;
  node_.replication().OnClientClosed(client_.id);
  node_.watches().UnwatchAll(client_);
  node_.RemoveClient(client_.id);
}

void ClientSession::AccountIo(size_t read, size_t written) {
  ServerStats& stats = node_.stats();
  stats.net_input_bytes += read;
  stats.net_output_bytes += written;
  if (read) ++stats.total_reads_processed;
  if (written) ++stats.total_writes_processed;
}

void ClientSession::OnOutputLimit() { ++node_.stats().client_output_buffer_limit_disconnections; }

resp::ParserLimits ClientSession::parser_limits() const {
  resp::ParserLimits limits;
  limits.max_bulk_len = node_.cfg().proto_max_bulk_len;
  limits.unauthenticated = !client_.authenticated && !node_.cfg().requirepass.empty();
  return limits;
}

void ClientSession::Prefetch(const std::vector<std::string>* batch, size_t n) {
  // The keys at the fixed positions of each command (first..last by step);
  // commands with movable keys are left alone.
  prefetch_keys_.clear();
  for (size_t i = 0; i < n; ++i) {
    const std::vector<std::string>& argv = batch[i];
    if (argv.empty()) continue;
    const CommandSpec* cmd = node_.commands().Find(argv[0]);
    if (cmd == nullptr || cmd->first_key <= 0 || cmd->has(cmdflag::kMovableKeys)) continue;
    const int argc = static_cast<int>(argv.size());
    int last = cmd->last_key < 0 ? argc + cmd->last_key : cmd->last_key;
    last = std::min(last, argc - 1);
    for (int k = cmd->first_key; k <= last; k += std::max(cmd->key_step, 1)) {
      prefetch_keys_.push_back(argv[k]);
    }
  }
  node_.keyspace().db(client_.db).Prefetch(prefetch_keys_);
}

bool ClientSession::BeforeWrite() { return node_.aof().ReadyForReplies(); }

void ClientSession::WhenWritable(std::function<void()> retry) {
  node_.aof().AfterSync(std::move(retry));
}

void ClientSession::OnProtocolError(const std::string& error) {
  spdlog::debug("Protocol error ({}) from client: id={} addr={}", error, client_.id,
                client_.info.addr);
  CountErrorReply(node_, error);
}

void ClientSession::Reject(const CommandSpec* cmd, resp::ReplyWriter& reply,
                           std::string_view error) {
  if (cmd != nullptr) ++node_.StatsFor(*cmd).rejected_calls;
  // A command refused while queueing dooms the transaction; EXEC refused
  // ends it on the spot.
  if (client_.multi.active) client_.multi.dirty_exec = true;
  if (cmd != nullptr && IsExec(*cmd)) {
    std::string abort = ExecAbortError(error);
    CountErrorReply(node_, abort);
    reply.Error(abort);
    ResetMultiState(client_.multi);
    node_.watches().UnwatchAll(client_);
    node_.FeedMonitors(client_, *argv_);
    return;
  }
  CountErrorReply(node_, error);
  reply.Error(error);
}

void ClientSession::Queue(const CommandSpec& cmd, std::vector<std::string>& argv,
                          resp::ReplyWriter& reply) {
  MultiState& multi = client_.multi;
  client_.last_cmd = cmd.full_name;
  // A doomed transaction keeps answering QUEUED but stores nothing.
  if (!multi.dirty_exec && !multi.dirty_cas) {
    for (const std::string& arg : argv) multi.queued_mem += arg.size() + sizeof(void*);
    multi.queued_flags |= cmd.flags;
    multi.queue.push_back({&cmd, std::move(argv)});
  }
  reply.Status("QUEUED");
}

namespace {

// What Redis lets a RESP2 client in pub/sub mode run.
bool AllowedInPubSubMode(const CommandSpec& cmd) {
  static constexpr std::string_view kAllowed[] = {
      "subscribe", "ssubscribe", "psubscribe", "unsubscribe", "sunsubscribe",
      "punsubscribe", "ping", "quit", "reset"};
  for (std::string_view name : kAllowed) {
    if (cmd.full_name == name) return true;
  }
  return false;
}

}  // namespace

bool ClientSession::Admit(const CommandSpec* cmd, bool unknown_sub,
                          std::vector<std::string>& argv, resp::ReplyWriter& reply,
                          DispatchResult* result) {
  if (cmd == nullptr) {
    Reject(nullptr, reply, errors::UnknownCommand(argv[0], argv.data() + 1, argv.size() - 1));
    return false;
  }
  if (unknown_sub) {
    Reject(nullptr, reply, errors::UnknownSubcommand(argv[1], cmd->name));
    return false;
  }
  const int argc = static_cast<int>(argv.size());
  if ((cmd->arity > 0 && argc != cmd->arity) || (cmd->arity < 0 && argc < -cmd->arity)) {
    Reject(cmd, reply, errors::WrongArity(cmd->full_name));
    return false;
  }
  const ServerConfig& cfg = node_.cfg();
  if (!client_.authenticated && !cfg.requirepass.empty() && !cmd->has(cmdflag::kNoAuth)) {
    Reject(cmd, reply, errors::kNoAuth);
    return false;
  }
  // A script past busy-reply-threshold lets the loop run: only allow-busy
  // commands (SCRIPT KILL, FUNCTION KILL, SHUTDOWN, ...) get through.
  if (!node_.busy_reply.empty() && !cmd->has(cmdflag::kAllowBusy)) {
    Reject(cmd, reply, node_.busy_reply);
    return false;
  }
  // A read-only replica takes writes only from its master's stream.
  if (cmd->has(cmdflag::kWrite) && node_.cfg().replica_read_only) {
    const Replication& repl = node_.replication();
    if (repl.is_replica() && !repl.applying_master_stream()) {
      Reject(cmd, reply, errors::kReadOnlyReplica);
      return false;
    }
  }
  // A failed background save stops writes while save points are configured
  // (stop-writes-on-bgsave-error).
  if (cmd->has(cmdflag::kWrite) && node_.snapshots().WritesRefused()) {
    Reject(cmd, reply, errors::kMisconf);
    return false;
  }
  // maxmemory: evict first; refuse commands that may grow the dataset when
  // nothing more can go.
  if (node_.eviction().RejectForOom(*cmd)) {
    Reject(cmd, reply, errors::kOom);
    return false;
  }
  if (client_.multi.active && cmd->has(cmdflag::kNoMulti)) {
    Reject(cmd, reply, kNotInTransaction);
    return false;
  }
  // A RESP2 connection in pub/sub mode can only (un)subscribe, PING, QUIT
  // and RESET; RESP3 multiplexes pushes and replies, so anything goes.
  if (client_.resp == 2 && client_.pubsub() && !AllowedInPubSubMode(*cmd)) {
    Reject(cmd, reply, errors::NotInPubSubContext(cmd->full_name));
    return false;
  }
  // CLIENT PAUSE: hold the command until the pause ends. Redis holds every
  // command under ALL, and writes (or commands that may replicate) under
  // WRITE.
  PauseState& pause = node_.pause();
  if (pause.kind != PauseState::Kind::kNone) {
    if (node_.clock().NowMs() >= pause.until_ms) {
      node_.UnpauseClients();
    } else if (pause.kind == PauseState::Kind::kAll ||
               cmd->has(cmdflag::kWrite | cmdflag::kMayReplicate) ||
               (IsExec(*cmd) &&
                (client_.multi.queued_flags & (cmdflag::kWrite | cmdflag::kMayReplicate)))) {
      node_.HoldForPause(client_);
      *result = DispatchResult::kPause;
      return false;
    }
  }
  return true;
}

void ClientSession::Call(const CommandSpec& cmd, std::vector<std::string>& argv,
                         resp::ReplyWriter& reply) {
  RunCommand(node_, client_, cmd, argv, reply);
}

void RunCommand(Node& node, Client& client, const CommandSpec& cmd, std::vector<std::string>& argv,
                resp::ReplyWriter& reply) {
  std::string* out = reply.buffer();
  const size_t reply_start = out->size();

  Clock& clock = node.clock();
  const int64_t start_us = clock.MonotonicUs();
  // Inside EXEC the client's last command stays "exec", as in Redis.
  if (!client.in_exec) client.last_cmd = cmd.full_name;
  CommandContext ctx{node, client, argv, reply, cmd};
  // Messages and invalidations for this client while its command runs go
  // into its reply stream, in order.
  // (EXEC runs its queue through here too: the outer values come back.)
  Client* const outer_client = node.current_client;
  std::string* const outer_out = client.exec_out;
  node.current_client = &client;
  client.exec_out = out;
  cmd.handler(ctx);
  node.tracking().AfterCommand(client, cmd, argv);
  client.exec_out = outer_out;
  node.current_client = outer_client;
  const int64_t duration_us = clock.MonotonicUs() - start_us;
  // A command that blocked is counted once, when it is served.
  if (client.blocked) return;
  // Monitors see a command once it ran, so a transaction shows as MULTI,
  // its commands, then EXEC.
  if (!cmd.has(cmdflag::kSkipMonitor | cmdflag::kAdmin)) node.FeedMonitors(client, argv);

  CommandStats& stats = node.StatsFor(cmd);
  ++stats.calls;
  stats.usec += static_cast<uint64_t>(duration_us);
  stats.histogram.Record(static_cast<uint64_t>(duration_us));
  const bool failed = out->size() > reply_start && (*out)[reply_start] == '-';
  if (failed) {
    ++stats.failed_calls;
    size_t eol = out->find('\r', reply_start);
    CountErrorReply(node, std::string_view(*out).substr(reply_start + 1, eol - reply_start - 1));
  } else if (cmd.has(cmdflag::kWrite)) {
    // Changes since the last save. Approximate until write commands report
    // how many changes they made (persistence counts them exactly).
    ++node.dirty;
    Propagator& propagator = node.propagator();
    if (propagator.active()) {
      propagator.PropagateCommand(node.keyspace().db(client.db), client.db, argv, clock.NowMs());
    }
  }
  ++node.stats().total_commands_processed;

  const ServerConfig& cfg = node.cfg();
  if (!cmd.has(cmdflag::kSkipSlowlog)) {
    node.slowlog().MaybeAdd(cfg.slowlog_log_slower_than, cfg.slowlog_max_len, clock.NowMs() / 1000,
                            duration_us, argv, client.info.addr, client.name);
  }
  node.latency().MaybeAdd(cmd.has(cmdflag::kFast) ? "fast-command" : "command",
                          cfg.latency_monitor_threshold, clock.NowMs() / 1000,
                          static_cast<uint64_t>(duration_us / 1000));
  ++client.commands_processed;
}

DispatchResult ClientSession::OnCommand(std::vector<std::string>& argv, std::string* out) {
  // A blocking command answered while its request was held: the transport
  // re-presents the request when it resumes; it has already run.
  if (client_.skip_held_command) {
    client_.skip_held_command = false;
    return DispatchResult::kDone;
  }
  node_.RefreshClock();
  client_.last_interaction_ms = node_.clock().NowMs();
  // CLIENT REPLY SKIP drops the reply of the command after it.
  if (client_.reply_mode == ReplyMode::kSkipNext) client_.reply_mode = ReplyMode::kSkip;
  const size_t reply_start = out->size();
  resp::ReplyWriter reply(out, client_.resp);

  bool unknown_sub = false;
  const CommandSpec* cmd = node_.commands().Resolve(argv, &unknown_sub);
  DispatchResult result = DispatchResult::kDone;
  argv_ = &argv;
  if (Admit(cmd, unknown_sub, argv, reply, &result)) {
    if (client_.multi.active && !RunsInsideMulti(*cmd)) {
      Queue(*cmd, argv, reply);
    } else {
      Call(*cmd, argv, reply);
    }
  }
  // Clients waiting on keys this command filled are served right after it.
  BlockingManager& blocking = node_.blocking();
  if (blocking.HasReadyKeys()) blocking.ServeReadyKeys();
  if (client_.blocked) result = DispatchResult::kPause;
  if (result == DispatchResult::kPause) return result;

  // As in Redis, whether a reply is dropped depends on the mode when the
  // reply is produced: CLIENT REPLY ON answers +OK even after OFF.
  if (client_.reply_mode == ReplyMode::kOff || client_.reply_mode == ReplyMode::kSkip) {
    out->resize(reply_start);
  }
  if (client_.reply_mode == ReplyMode::kSkip) client_.reply_mode = ReplyMode::kOn;
  return client_.close_asap ? DispatchResult::kClose : DispatchResult::kDone;
}

}  // namespace shoal
