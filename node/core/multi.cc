#include "node/core/multi.h"

#include <algorithm>

#include "node/core/client.h"
#include "node/keyspace/db.h"

namespace shoal {

namespace {

// Whether the key is in the db's tables, expired or not, without the lazy
// expiry a lookup would do (a key with a TTL is in the expires table; one
// without a TTL cannot expire, so Find on it changes nothing).
bool PhysicallyPresent(Db& db, std::string_view key) {
  return db.GetExpireMs(key) != -1 || db.Find(key) != nullptr;
}

// Present, but with its TTL passed: absent for every reader.
bool LogicallyExpired(const Db& db, std::string_view key, int64_t now_ms) {
  const int64_t when = db.GetExpireMs(key);
  return when != -1 && when <= now_ms;
}

WatchedKey* FindWatched(Client& client, int db, std::string_view key) {
  for (WatchedKey& wk : client.watched_keys) {
    if (wk.db == db && wk.key == key) return &wk;
  }
  return nullptr;
}

}  // namespace

void ResetMultiState(MultiState& multi) {
  multi.active = false;
  multi.dirty_exec = false;
  multi.dirty_cas = false;
  multi.queue.clear();
  multi.queue.shrink_to_fit();
  multi.queued_mem = 0;
  multi.queued_flags = 0;
}

WatchRegistry::KeyMap& WatchRegistry::DbMap(int db) {
  if (by_db_.size() <= static_cast<size_t>(db)) by_db_.resize(static_cast<size_t>(db) + 1);
  return by_db_[static_cast<size_t>(db)];
}

void WatchRegistry::Watch(Client& client, Db& db, std::string_view key, int64_t now_ms) {
  if (FindWatched(client, db.index(), key) != nullptr) return;
  KeyMap& map = DbMap(db.index());
  auto it = map.find(key);
  if (it == map.end()) it = map.emplace(std::string(key), std::vector<Client*>()).first;
  it->second.push_back(&client);
  client.watched_keys.push_back({db.index(), std::string(key), LogicallyExpired(db, key, now_ms)});
  ++watched_;
}

void WatchRegistry::UnwatchAll(Client& client) {
  for (const WatchedKey& wk : client.watched_keys) {
    KeyMap& map = DbMap(wk.db);
    auto it = map.find(wk.key);
    if (it == map.end()) continue;
    std::vector<Client*>& clients = it->second;
    clients.erase(std::remove(clients.begin(), clients.end(), &client), clients.end());
    if (clients.empty()) map.erase(it);
    --watched_;
  }
  client.watched_keys.clear();
}

void WatchRegistry::Touch(Db& db, std::string_view key) {
  if (watched_ == 0 || by_db_.size() <= static_cast<size_t>(db.index())) return;
  KeyMap& map = by_db_[static_cast<size_t>(db.index())];
  auto it = map.find(key);
  if (it == map.end()) return;
  // Looked up once, and only for watchers of an already expired key.
  int present = -1;
  for (Client* c : it->second) {
    WatchedKey* wk = FindWatched(*c, db.index(), key);
    if (wk != nullptr && wk->expired) {
      if (present == -1) present = PhysicallyPresent(db, key) ? 1 : 0;
      // The expired key was deleted: no change the client could have seen.
      if (present == 0) {
        wk->expired = false;
        continue;
      }
    }
    c->multi.dirty_cas = true;
  }
}

void WatchRegistry::TouchAllInDb(Db& emptied, Db* replaced_with, int64_t now_ms) {
  if (watched_ == 0 || by_db_.size() <= static_cast<size_t>(emptied.index())) return;
  const KeyMap& map = by_db_[static_cast<size_t>(emptied.index())];
  for (const auto& [key, clients] : map) {
    const bool in_emptied = PhysicallyPresent(emptied, key);
    const bool in_replacement = replaced_with != nullptr && PhysicallyPresent(*replaced_with, key);
    if (!in_emptied && !in_replacement) continue;
    const bool replacement_expired =
        in_replacement && LogicallyExpired(*replaced_with, key, now_ms);
    for (Client* c : clients) {
      WatchedKey* wk = FindWatched(*c, emptied.index(), key);
      if (wk != nullptr && wk->expired) {
        // Absent before (expired) and absent or still expired after.
        if (!in_replacement) {
          wk->expired = false;
          continue;
        }
        if (replacement_expired) continue;
      } else if (wk != nullptr && !in_emptied && replacement_expired) {
        // Absent before, and an already expired key takes its place.
        wk->expired = true;
        continue;
      }
      c->multi.dirty_cas = true;
    }
  }
}

bool WatchRegistry::AnyWatchedKeyExpired(Client& client, Keyspace& keyspace, int64_t now_ms) {
  for (const WatchedKey& wk : client.watched_keys) {
    if (wk.expired) continue;
    if (LogicallyExpired(keyspace.db(wk.db), wk.key, now_ms)) return true;
  }
  return false;
}

}  // namespace shoal
