#include "node/core/events.h"

#include "node/core/node.h"

namespace shoal {

void NotifyKeyspaceEvent(Node& node, int type, std::string_view event, std::string_view key,
                         int db) {
  (void)node, (void)type, (void)event, (void)key, (void)db;
}

void SignalModifiedKey(Node& node, int db, std::string_view key) {
  WatchRegistry& watches = node.watches();
  if (!watches.empty()) watches.Touch(node.keyspace().db(db), key);
}

void SignalFlushedDb(Node& node, int db) {
  WatchRegistry& watches = node.watches();
  if (watches.empty()) return;
  Keyspace& keyspace = node.keyspace();
  const int64_t now_ms = node.clock().NowMs();
  for (int i = 0; i < keyspace.num_dbs(); ++i) {
    if (db == -1 || db == i) watches.TouchAllInDb(keyspace.db(i), nullptr, now_ms);
  }
}

void SignalSwappedDbs(Node& node, int a, int b) {
  WatchRegistry& watches = node.watches();
  if (watches.empty()) return;
  Keyspace& keyspace = node.keyspace();
  const int64_t now_ms = node.clock().NowMs();
  watches.TouchAllInDb(keyspace.db(a), &keyspace.db(b), now_ms);
  watches.TouchAllInDb(keyspace.db(b), &keyspace.db(a), now_ms);
}

void SignalKeyAsReady(Node& node, int db, std::string_view key) {
  (void)node, (void)db, (void)key;
}

}  // namespace shoal
