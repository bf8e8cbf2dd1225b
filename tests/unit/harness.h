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

 private:
  ManualClock clock_;
  std::unique_ptr<Node> node_;
  std::unique_ptr<SessionFactory> factory_;
  std::vector<std::unique_ptr<Session>> sessions_;
  size_t current_ = 0;
};

}  // namespace shoal::testing
