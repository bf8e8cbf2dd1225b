// A connected client, as the command layer sees it (CLIENT LIST fields,
// protocol version, selected db, auth state, reply mode).
#pragma once

#include <cstdint>
#include <string>

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
  // Blocking commands (node/core/blocking.h): waiting on keys; the held
  // request was already answered (skip it when the transport resumes);
  // blocking not allowed here (MULTI, scripts): answer as if timed out.
  bool blocked = false;
  bool skip_held_command = false;
  bool deny_blocking = false;
};

}  // namespace shoal
