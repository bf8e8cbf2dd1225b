// Server-assisted client-side caching (CLIENT TRACKING), as Redis 7.0 does
// it.
//
// Default mode: the keys a tracking client reads are remembered (key ->
// client ids); when such a key is modified (SignalModifiedKey) each of those
// clients gets one invalidation message and the key is forgotten.
// BCAST mode: nothing is remembered per client; a modified key matching a
// registered prefix is collected and every client of that prefix gets the
// collected keys in one message when the current command is done.
//
// Messages are RESP3 pushes `>2 invalidate [keys]` on the client's own
// connection, or, for a client that redirects to another one, a pub/sub
// message on __redis__:invalidate to that client when it speaks RESP2 and is
// in pub/sub mode. Invalidations for the client whose command caused them are
// held until that command's reply is written.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "node/core/client.h"
#include "node/core/command.h"

namespace shoal {

class Node;

class Tracking {
 public:
  explicit Tracking(Node& node) : node_(node) {}
  Tracking(const Tracking&) = delete;
  Tracking& operator=(const Tracking&) = delete;

  struct Options {
    uint64_t redirect = 0;
    bool bcast = false;
    bool optin = false;
    bool optout = false;
    bool noloop = false;
    std::vector<std::string> prefixes;
  };
  // CLIENT TRACKING ON, options already validated. Turning it on again
  // replaces the mode flags and adds prefixes.
  void Enable(Client& client, const Options& options);
  // CLIENT TRACKING OFF, RESET, and a closing client.
  void Disable(Client& client);

  // After each top-level command: remembers the keys a read command touched,
  // delivers the invalidations held for the client that ran it, sends the
  // collected BCAST invalidations, and clears CLIENT CACHING's one-shot flag
  // (kept across CLIENT subcommands, as in Redis).
  void AfterCommand(Client& client, const CommandSpec& spec, const std::vector<std::string>& argv);
  // BCAST messages for keys modified outside any command (active expiry).
  void FlushBroadcasts();

  // A key was modified (SignalModifiedKey); `broadcast` also queues it for
  // the BCAST clients of matching prefixes.
  void InvalidateKey(std::string_view key, bool broadcast = true);
  // FLUSHDB / FLUSHALL: every tracking client gets a null invalidation and
  // the table is emptied.
  void InvalidateAll();

  // INFO figures.
  size_t num_clients() const { return clients_; }
  size_t total_keys() const { return table_.size(); }
  size_t total_items() const { return items_; }
  size_t total_prefixes() const { return prefixes_.size(); }

 private:
  struct PrefixState {
    std::unordered_set<uint64_t> clients;
    // Keys modified since the last broadcast, with the id of the client
    // that modified each (0: none), for NOLOOP.
    std::map<std::string, uint64_t> keys;
  };

  // tracking-table-max-keys: forgets (invalidating) keys while the table is
  // over the limit, with an effort that grows while it stays over it.
  void LimitTable();
  void RememberKeys(Client& client, const CommandSpec& spec, const std::vector<std::string>& argv);
  // Sends one invalidation to `target` (or its redirect). `value` is the
  // encoded key array, or the encoded null for a flush.
  void Send(Client& target, const std::string& value);
  std::string KeyArray(int resp, const std::vector<std::string_view>& keys) const;

  Node& node_;
  size_t clients_ = 0;
  std::unordered_map<std::string, std::unordered_set<uint64_t>> table_;
  size_t items_ = 0;
  std::map<std::string, PrefixState, std::less<>> prefixes_;
  // Invalidations for the client whose command is running: a key, or
  // nullopt for a flush.
  std::vector<std::optional<std::string>> pending_;
  int over_limit_runs_ = 0;
};

}  // namespace shoal
