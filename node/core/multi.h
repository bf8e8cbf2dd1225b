// Transaction state (MULTI ... EXEC) and the WATCH registry.
//
// A client in MULTI has its commands queued by the dispatcher instead of run;
// EXEC runs the queue through the same call path as any command. Two flags
// decide what EXEC does instead:
//
//   dirty_exec — a command was rejected while queueing (unknown command,
//                arity, ...): EXEC answers EXECABORT and runs nothing;
//   dirty_cas  — a key the client WATCHes changed (or expired) since WATCH:
//                EXEC answers a null array and runs nothing.
//
// The registry maps (db, key) to the clients watching it, so that
// SignalModifiedKey — called by every data command after a change — marks
// exactly those clients, and costs one emptiness test when nobody watches.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace shoal {

struct Client;
struct CommandSpec;
class Db;
class Keyspace;

// One command accepted between MULTI and EXEC.
struct QueuedCommand {
  const CommandSpec* cmd = nullptr;
  std::vector<std::string> argv;
};

struct MultiState {
  bool active = false;      // between MULTI and EXEC/DISCARD (CLIENT LIST flag 'x')
  bool dirty_exec = false;  // a command was rejected while queueing
  bool dirty_cas = false;   // a watched key changed (CLIENT LIST flag 'd')
  std::vector<QueuedCommand> queue;
  // Redis's multi-mem: argument bytes plus one pointer per argument.
  uint64_t queued_mem = 0;
  uint64_t queued_flags = 0;  // union of the queued commands' cmdflag bits
};

// One key a client WATCHes. `expired` records that the key was already
// logically expired at WATCH time, so that its deletion by expiry is not a
// change (it was absent for the client all along).
struct WatchedKey {
  int db = 0;
  std::string key;
  bool expired = false;
};

class WatchRegistry {
 public:
  // Adds key to the client's watch list (again is a no-op).
  void Watch(Client& client, Db& db, std::string_view key, int64_t now_ms);
  // UNWATCH, EXEC, DISCARD, disconnect.
  void UnwatchAll(Client& client);
  // A key of `db` changed: its watchers' transactions fail.
  void Touch(Db& db, std::string_view key);
  // FLUSHDB/FLUSHALL (replaced_with nullptr) and SWAPDB: every watched key of
  // `emptied` that exists there or in `replaced_with` counts as changed.
  // Called before the contents go.
  void TouchAllInDb(Db& emptied, Db* replaced_with, int64_t now_ms);
  // Whether some watched key of the client has expired since WATCH (EXEC
  // checks this because an expired key may still sit unaccessed in memory).
  static bool AnyWatchedKeyExpired(Client& client, Keyspace& keyspace, int64_t now_ms);

  bool empty() const { return watched_ == 0; }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  using KeyMap = std::unordered_map<std::string, std::vector<Client*>, Hash, std::equal_to<>>;

  KeyMap& DbMap(int db);

  std::vector<KeyMap> by_db_;
  size_t watched_ = 0;  // (client, key) pairs registered
};

// Drops a client's MULTI state (DISCARD, EXEC, RESET); WATCHes stay.
void ResetMultiState(MultiState& multi);

}  // namespace shoal
