// A connected client, as the command layer sees it (CLIENT LIST fields,
// protocol version, selected db, auth state, reply mode).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "node/core/multi.h"
#include "node/net/session.h"

namespace shoal {

enum class ReplyMode : uint8_t { kOn, kOff, kSkip, kSkipNext };

struct Client {
  uint64_t id = 0;
  Connection* conn = nullptr;  // nullptr for the test harness's fake client
  ConnectionInfo info;
  std::string name;
  std::string lib_name;
  std::string lib_ver;
  std::string user = "default";
  int db = 0;
  int resp = 2;
  bool authenticated = false;
  ReplyMode reply_mode = ReplyMode::kOn;
  bool no_evict = false;
  bool monitor = false;
  bool close_asap = false;
  int64_t created_ms = 0;
  int64_t last_interaction_ms = 0;
  std::string last_cmd = "NULL";  // "client|list" style, as CLIENT LIST cmd=
  uint64_t argv_mem = 0;
  uint64_t commands_processed = 0;
  MultiState multi;                      // MULTI ... EXEC
  std::vector<WatchedKey> watched_keys;  // WATCH (registered in Node::watches())
  // True while EXEC runs the queue: blocking commands must answer as if
  // their timeout had passed instead of blocking.
  bool in_exec = false;
};

}  // namespace shoal
