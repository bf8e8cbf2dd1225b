// Blocking operations (BLPOP, BLMOVE, BZPOPMIN, XREAD BLOCK, ...): clients
// waiting for keys to receive data.
//
// A command handler that finds nothing to serve calls BlockForKeys with the
// keys it waits on, the type of value that can serve it and its deadline.
// The dispatcher then returns DispatchResult::kPause, so the transport keeps
// the request and reads nothing more from that connection. Commands that add
// data call SignalKeyAsReady (node/core/events.h); after every command the
// dispatcher calls ServeReadyKeys, which re-runs each waiting client's
// command, in the order the clients blocked, for every ready key holding a
// value of the awaited type. The re-run's reply goes to that client's
// connection (Connection::SendAsync) and its connection resumes; a re-run
// that finds nothing again (another client took the data) stays blocked in
// its place. The cron answers clients whose deadline passed with the null
// their command expects.
//
// Behaviour as Redis 7.0: a waited key that is deleted or takes another type
// keeps its clients waiting; a key that becomes a value of the awaited type
// by any path (push, RENAME, MOVE, COPY, RESTORE, SET of a new value) wakes
// them.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "node/keyspace/object.h"

namespace shoal {

class Node;
struct Client;
struct CommandContext;
struct CommandSpec;

// The null a blocking command answers when it may not block (MULTI,
// scripts): a null array (BLPOP, BLMPOP, BZPOPMIN, XREAD; RESP2 "*-1") or a
// null bulk string (BLMOVE, BRPOPLPUSH; RESP2 "$-1"). Both are "_" in RESP3.
// A timeout (or CLIENT UNBLOCK ... TIMEOUT) answers a null array for every
// command, as Redis 7.0 does.
enum class BlockedNull : uint8_t { kArray, kBulk };

// Parses a blocking command's timeout argument (seconds, fractional allowed,
// 0 = forever) into an absolute deadline in ms (0 = none). Writes Redis's
// error and returns false on a bad value ("ERR timeout is not a float or out
// of range", "ERR timeout is negative").
bool ParseBlockTimeout(CommandContext& ctx, std::string_view arg, int64_t* deadline_ms);

// Blocks the calling client on `keys` until one holds a value of `type`, or
// until deadline_ms (0: forever). When blocking is not allowed (the client's
// deny_blocking flag: MULTI, scripts) it answers the timeout null at once
// instead. `rerun_argv`, when not empty, replaces the command re-run when a
// key is ready (e.g. XREAD's "$" resolved to a concrete ID).
void BlockForKeys(CommandContext& ctx, const std::vector<std::string_view>& keys, ObjType type,
                  int64_t deadline_ms, BlockedNull null_kind,
                  std::vector<std::string> rerun_argv = {});

class BlockingManager {
 public:
  explicit BlockingManager(Node& node) : node_(node) {}
  BlockingManager(const BlockingManager&) = delete;
  BlockingManager& operator=(const BlockingManager&) = delete;

  // Records a waited key that received data (or was created).
  void SignalKeyAsReady(int db, std::string_view key);
  // Marks every waited key of database db as ready (SWAPDB brought in a
  // whole new keyspace); serving checks which ones hold data.
  void SignalDb(int db);
  bool HasReadyKeys() const { return !ready_.empty(); }
  // Serves clients blocked on the ready keys, repeating while re-runs make
  // more keys ready (BLMOVE pushing onto a waited key).
  void ServeReadyKeys();
  // Answers the clients whose deadline is at or before now_ms.
  void HandleTimeouts(int64_t now_ms);
  // CLIENT UNBLOCK: answers the client with its timeout null, or with the
  // UNBLOCKED error. Returns false when the client is not blocked.
  bool Unblock(uint64_t client_id, bool with_error);
  // A blocked client disconnected: forget it.
  void OnClientGone(uint64_t client_id);

  size_t blocked_clients() const { return blocked_.size(); }
  // Blocked clients that have a deadline (INFO clients_in_timeout_table).
  size_t clients_with_timeout() const { return deadlines_.size(); }
  // Distinct keys clients wait on.
  size_t blocking_keys() const { return waiting_.size(); }

 private:
  friend void BlockForKeys(CommandContext&, const std::vector<std::string_view>&, ObjType, int64_t,
                           BlockedNull, std::vector<std::string>);
  using DbKey = std::pair<int, std::string>;

  struct Blocked {
    int db = 0;
    std::vector<std::string> keys;
    ObjType type = ObjType::kList;
    std::vector<std::string> argv;
    int64_t deadline_ms = 0;
  };

  void Add(Client& client, Blocked blocked);
  // Removes a client from every structure; returns its record.
  Blocked Remove(uint64_t client_id);
  // Re-runs the command of a client blocked on a ready key. Returns true if
  // it was served (and unblocked).
  bool Rerun(Client& client);
  // Sends bytes to an unblocked client and lets its connection continue.
  void Finish(Client& client, const std::string& reply);
  std::string NullReply(const Client& client, BlockedNull kind) const;

  Node& node_;
  std::unordered_map<uint64_t, Blocked> blocked_;
  // Clients waiting on each key, in the order they blocked.
  std::map<DbKey, std::vector<uint64_t>> waiting_;
  std::set<std::pair<int64_t, uint64_t>> deadlines_;  // (deadline ms, client id)
  std::vector<DbKey> ready_;
  std::set<DbKey> ready_set_;
  // Set while a client's command is being re-run: BlockForKeys then only
  // notes that it blocked again.
  uint64_t rerunning_ = 0;
  bool reblocked_ = false;
  bool serving_ = false;
};

}  // namespace shoal
