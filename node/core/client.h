// A connected client, as the command layer sees it (CLIENT LIST fields,
// protocol version, selected db, auth state, reply mode).
#pragma once

#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include "node/core/multi.h"
#include "node/net/session.h"

namespace shoal {

enum class ReplyMode : uint8_t { kOn, kOff, kSkip, kSkipNext };

// CLIENT TRACKING state of one client (node/core/tracking.h).
struct ClientTracking {
  bool on = false;
  bool bcast = false;
  bool optin = false;
  bool optout = false;
  bool noloop = false;
  bool caching = false;       // CLIENT CACHING given for the next command
  bool broken_redir = false;  // the redirect client is gone
  uint64_t redirect = 0;      // 0: no redirection
  std::vector<std::string> prefixes;  // BCAST prefixes
};

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
  // Replication links: a replica connected to this node (after PSYNC), or
  // the session applying this node's master's stream.
  bool replica_link = false;
  bool master_link = false;
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

  // --- Pub/sub (node/core/pubsub.h) -----------------------------------------
  std::unordered_set<std::string> channels;
  std::unordered_set<std::string> patterns;
  std::unordered_set<std::string> shard_channels;
  // Redis's CLIENT_PUBSUB: any subscription puts the client in pub/sub mode.
  bool pubsub() const {
    return !channels.empty() || !patterns.empty() || !shard_channels.empty();
  }
  // When the output buffer first went over the pubsub class's soft limit.
  int64_t obuf_soft_since_ms = 0;
  // The reply buffer while one of this client's commands runs: pushes to the
  // client then go after what the command already wrote, in order.
  std::string* exec_out = nullptr;

  ClientTracking tracking;
  // Blocking commands (node/core/blocking.h): waiting on keys; the held
  // request was already answered (skip it when the transport resumes);
  // blocking not allowed here (MULTI, scripts): answer as if timed out.
  bool blocked = false;
  bool skip_held_command = false;
  bool deny_blocking = false;
};

}  // namespace shoal
