#include "node/core/dispatcher.h"

#include <spdlog/spdlog.h>

#include "node/core/errors.h"

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

void ClientSession::OnProtocolError(const std::string& error) {
  spdlog::debug("Protocol error ({}) from client: id={} addr={}", error, client_.id,
                client_.info.addr);
  CountErrorReply(node_, error);
}

void ClientSession::Reject(const CommandSpec* cmd, resp::ReplyWriter& reply,
                           std::string_view error) {
  if (cmd != nullptr) ++node_.StatsFor(*cmd).rejected_calls;
  CountErrorReply(node_, error);
  reply.Error(error);
}

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
  // CLIENT PAUSE: hold the command until the pause ends. Redis holds every
  // command under ALL, and writes (or commands that may replicate) under
  // WRITE.
  PauseState& pause = node_.pause();
  if (pause.kind != PauseState::Kind::kNone) {
    if (node_.clock().NowMs() >= pause.until_ms) {
      node_.UnpauseClients();
    } else if (pause.kind == PauseState::Kind::kAll ||
               cmd->has(cmdflag::kWrite | cmdflag::kMayReplicate)) {
      node_.HoldForPause(client_);
      *result = DispatchResult::kPause;
      return false;
    }
  }
  return true;
}

void ClientSession::Call(const CommandSpec& cmd, std::vector<std::string>& argv,
                         resp::ReplyWriter& reply) {
  std::string* out = reply.buffer();
  const size_t reply_start = out->size();
  if (!cmd.has(cmdflag::kSkipMonitor | cmdflag::kAdmin)) node_.FeedMonitors(client_, argv);

  Clock& clock = node_.clock();
  const int64_t start_us = clock.MonotonicUs();
  client_.last_cmd = cmd.full_name;
  CommandContext ctx{node_, client_, argv, reply, cmd};
  cmd.handler(ctx);
  const int64_t duration_us = clock.MonotonicUs() - start_us;

  CommandStats& stats = node_.StatsFor(cmd);
  ++stats.calls;
  stats.usec += static_cast<uint64_t>(duration_us);
  stats.histogram.Record(static_cast<uint64_t>(duration_us));
  const bool failed = out->size() > reply_start && (*out)[reply_start] == '-';
  if (failed) {
    ++stats.failed_calls;
    size_t eol = out->find('\r', reply_start);
    CountErrorReply(node_, std::string_view(*out).substr(reply_start + 1, eol - reply_start - 1));
  } else if (cmd.has(cmdflag::kWrite)) {
    // Changes since the last save. Approximate until write commands report
    // how many changes they made (persistence counts them exactly).
    ++node_.dirty;
  }
  ++node_.stats().total_commands_processed;

  const ServerConfig& cfg = node_.cfg();
  if (!cmd.has(cmdflag::kSkipSlowlog)) {
    node_.slowlog().MaybeAdd(cfg.slowlog_log_slower_than, cfg.slowlog_max_len,
                             clock.NowMs() / 1000, duration_us, argv, client_.info.addr,
                             client_.name);
  }
  node_.latency().MaybeAdd(cmd.has(cmdflag::kFast) ? "fast-command" : "command",
                           cfg.latency_monitor_threshold, clock.NowMs() / 1000,
                           static_cast<uint64_t>(duration_us / 1000));
  ++client_.commands_processed;
}

DispatchResult ClientSession::OnCommand(std::vector<std::string>& argv, std::string* out) {
  node_.RefreshClock();
  client_.last_interaction_ms = node_.clock().NowMs();
  // CLIENT REPLY SKIP drops the reply of the command after it.
  if (client_.reply_mode == ReplyMode::kSkipNext) client_.reply_mode = ReplyMode::kSkip;
  const size_t reply_start = out->size();
  resp::ReplyWriter reply(out, client_.resp);

  bool unknown_sub = false;
  const CommandSpec* cmd = node_.commands().Resolve(argv, &unknown_sub);
  DispatchResult result = DispatchResult::kDone;
  if (Admit(cmd, unknown_sub, argv, reply, &result)) Call(*cmd, argv, reply);
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
