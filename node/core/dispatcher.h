// The dispatcher: every generic check a command goes through before its
// handler runs, driven by the command table's flags (lookup, arity, auth,
// CLIENT PAUSE, OOM; later cluster slots, MULTI queueing, loading, read-only
// replica), then the call itself with its statistics, slow log, latency
// monitor and MONITOR feed. Handlers never repeat these checks.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "node/core/node.h"
#include "node/net/session.h"

namespace shoal {

// One connected client's view of the node.
class ClientSession final : public Session {
 public:
  ClientSession(Node& node, Client& client);
  ~ClientSession() override;

  DispatchResult OnCommand(std::vector<std::string>& argv, std::string* out) override;
  resp::ParserLimits parser_limits() const override;
  void Prefetch(const std::vector<std::string>* batch, size_t n) override;
  void OnProtocolError(const std::string& error) override;
  void OnClosed() override;
  void AccountIo(size_t read, size_t written) override;
  void OnOutputLimit() override;
  bool BeforeWrite() override;
  void WhenWritable(std::function<void()> retry) override;

  Client& client() { return client_; }

 private:
  // Runs the generic checks; returns false after writing the rejection.
  bool Admit(const CommandSpec* cmd, bool unknown_sub, std::vector<std::string>& argv,
             resp::ReplyWriter& reply, DispatchResult* result);
  void Call(const CommandSpec& cmd, std::vector<std::string>& argv, resp::ReplyWriter& reply);
  // MULTI: stores the command for EXEC and answers +QUEUED.
  void Queue(const CommandSpec& cmd, std::vector<std::string>& argv, resp::ReplyWriter& reply);
  void Reject(const CommandSpec* cmd, resp::ReplyWriter& reply, std::string_view error);

  Node& node_;
  Client& client_;
  bool closed_ = false;
  std::vector<std::string_view> prefetch_keys_;
  std::vector<std::string>* argv_ = nullptr;  // the command being dispatched
};

class NodeSessionFactory final : public SessionFactory {
 public:
  explicit NodeSessionFactory(Node& node) : node_(node) {}
  std::unique_ptr<Session> Open(const ConnectionInfo& info, Connection* conn,
                                std::string* refusal) override;

 private:
  Node& node_;
};

// The DENIED reply protected mode sends to non-loopback clients.
extern const char kProtectedModeRefusal[];

// Runs one admitted command: the handler, then statistics, MONITOR feed,
// slow log and latency monitor. EXEC runs its queue through here too, and a
// blocked client's command is re-run through here when it can be served.
void RunCommand(Node& node, Client& client, const CommandSpec& cmd,
                std::vector<std::string>& argv, resp::ReplyWriter& reply);

// Counts an error reply in INFO errorstats (by its first word).
void CountErrorReply(Node& node, std::string_view error_text);

}  // namespace shoal
