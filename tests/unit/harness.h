// Command tests that read like a redis-cli session:
//
//   CommandHarness h;
//   EXPECT_EQ(h.Run({"SET", "k", "v"}), "OK");
//   h.clock().AdvanceMs(1500);
//   EXPECT_EQ(h.Run({"GET", "k"}), "(nil)");
//
// Run returns the reply rendered by resp::Value::ToString ("OK", "v",
// "(integer) 1", "(nil)", "(error) ERR ...", "[a, b]", "{k: v}"); RunValue
// returns the parsed reply; RunRaw the exact bytes. Commands go through the
// real dispatcher (arity, auth and every generic check) with a ManualClock.
#pragma once

#include <initializer_list>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "common/resp/value.h"
#include "node/config/config.h"
#include "node/core/node.h"
#include "node/net/session.h"

namespace shoal::testing {

// A connection that records what the command layer sends outside a command's
// own reply (MONITOR lines, pub/sub messages, invalidations, a blocked
// client's answer), how often it was resumed, and reports a settable output
// buffer size, so tests can drive client-output-buffer-limit.
class RecordingConnection final : public Connection {
 public:
  void Close(bool) override { closed = true; }
  void Resume() override { ++resumes; }
  void SendAsync(const std::string& bytes) override { sent += bytes; }
  size_t query_buffer_size() const override { return 0; }
  size_t query_buffer_free() const override { return 0; }
  size_t output_buffer_size() const override { return output_buffer; }
  size_t output_buffer_peak() const override { return output_buffer; }
  // Returns and clears what was sent.
  std::string Take() { return std::exchange(sent, {}); }

  std::string sent;
  size_t output_buffer = 0;
  int resumes = 0;
  bool closed = false;
};

class CommandHarness {
 public:
  // Extra config directives applied before the node starts, e.g.
  // {{"requirepass", "secret"}}.
  explicit CommandHarness(std::initializer_list<std::pair<std::string, std::string>> config = {})
      : CommandHarness(std::vector<std::pair<std::string, std::string>>(config)) {}
  explicit CommandHarness(std::vector<std::pair<std::string, std::string>> config);
  ~CommandHarness();

  std::string Run(std::vector<std::string> argv) { return RunValue(std::move(argv)).ToString(); }
  resp::Value RunValue(std::vector<std::string> argv);
  std::string RunRaw(std::vector<std::string> argv);

  // Writes a string key straight into the keyspace, so a test need not depend
  // on the strings family to set up data.
  void Put(const std::string& key, const std::string& value, int db = 0);

  ManualClock& clock() { return clock_; }
  Node& node() { return *node_; }
  Client& client();
  // Opens another client on the same node; Use() switches the current one.
  size_t NewClient();
  void Use(size_t index);
  // Opens a client on a RecordingConnection; Pushed() returns (and clears)
  // what it was sent out of band. RunRaw on it returns "" while its command
  // is blocked.
  size_t NewCapturingClient();
  size_t NewRecordingClient() { return NewCapturingClient(); }
  std::string Pushed(size_t index);
  RecordingConnection& connection(size_t index) { return *connections_[index]; }
  // Disconnects client `index` (as the transport does when the peer goes).
  void Disconnect(size_t index);

 private:
  ManualClock clock_;
  std::unique_ptr<Node> node_;
  std::unique_ptr<SessionFactory> factory_;
  std::vector<std::unique_ptr<Session>> sessions_;
  std::vector<std::unique_ptr<RecordingConnection>> connections_;  // by client index
  size_t current_ = 0;
};

}  // namespace shoal::testing
