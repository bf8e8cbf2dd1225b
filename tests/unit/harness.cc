#include "tests/unit/harness.h"

#include <stdexcept>

#include "common/resp/parser.h"
#include "node/core/dispatcher.h"

namespace shoal::testing {

namespace {

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

}  // namespace

CommandHarness::CommandHarness(std::vector<std::pair<std::string, std::string>> config) {
  Config cfg;
  std::string text;
  for (const auto& [name, value] : config) text += name + " " + Quote(value) + "\n";
  Status st = cfg.LoadString(text, "harness");
  if (!st.ok()) throw std::runtime_error("harness config: " + st.message());
  Node::Options options;
  options.clock = &clock_;
  options.rng_seed = 42;
  node_ = std::make_unique<Node>(std::move(cfg), options);
  factory_ = std::make_unique<NodeSessionFactory>(*node_);
  NewClient();
  Use(0);
}

CommandHarness::~CommandHarness() {
  sessions_.clear();
}

size_t CommandHarness::NewClient() {
  ConnectionInfo info;
  info.addr = "127.0.0.1:" + std::to_string(40000 + sessions_.size());
  info.laddr = "127.0.0.1:6379";
  info.loopback = true;
  std::string refusal;
  auto session = factory_->Open(info, nullptr, &refusal);
  if (!session) throw std::runtime_error("harness: connection refused: " + refusal);
  sessions_.push_back(std::move(session));
  connections_.emplace_back();
  return sessions_.size() - 1;
}

void CommandHarness::Disconnect(size_t index) { sessions_[index]->OnClosed(); }

void CommandHarness::Use(size_t index) { current_ = index; }

size_t CommandHarness::NewCapturingClient() {
  size_t index = NewClient();
  connections_[index] = std::make_unique<RecordingConnection>();
  static_cast<ClientSession*>(sessions_[index].get())->client().conn = connections_[index].get();
  return index;
}

std::string CommandHarness::Pushed(size_t index) {
  if (connections_[index] == nullptr) return "";
  std::string out;
  out.swap(connections_[index]->sent);
  return out;
}

void CommandHarness::Put(const std::string& key, const std::string& value, int db) {
  node_->keyspace().db(db).Set(key, Object::String(value));
}

Client& CommandHarness::client() {
  return static_cast<ClientSession*>(sessions_[current_].get())->client();
}

std::string CommandHarness::RunRaw(std::vector<std::string> argv) {
  std::string out;
  if (client().skip_held_command) {
    // A blocked command was answered asynchronously: the transport presents
    // the held request once more before the next one, as on Resume().
    std::vector<std::string> held{"held"};
    sessions_[current_]->OnCommand(held, &out);
  }
  sessions_[current_]->OnCommand(argv, &out);
  return out;
}

resp::Value CommandHarness::RunValue(std::vector<std::string> argv) {
  std::string raw = RunRaw(std::move(argv));
  resp::Value value;
  if (raw.empty()) return value;  // no reply (CLIENT REPLY OFF): renders "(nil)"
  size_t consumed = 0;
  resp::ReplyParser parser;
  if (parser.Parse(raw, &consumed, &value) != resp::ReplyParser::Result::kDone) {
    throw std::runtime_error("harness: unparsable reply: " + raw);
  }
  return value;
}

}  // namespace shoal::testing
