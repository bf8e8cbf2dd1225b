#include "node/core/events.h"

#include <string>

#include "node/core/blocking.h"
#include "node/core/node.h"
#include "node/core/pubsub.h"

namespace shoal {

// Redis's notifyKeyspaceEvent: nothing unless the event's class is enabled;
// then `<event>` on __keyspace@<db>__:<key> (K) and `<key>` on
// __keyevent@<db>__:<event> (E).
void NotifyKeyspaceEvent(Node& node, int type, std::string_view event, std::string_view key,
                         int db) {
  const int flags = node.cfg().notify_keyspace_events;
  if ((flags & type) == 0) return;
  const std::string db_text = std::to_string(db);
  if (flags & notify::kKeyspace) {
    std::string channel = "__keyspace@" + db_text + "__:";
    channel.append(key);
    PublishMessage(node, channel, event);
  }
  if (flags & notify::kKeyevent) {
    std::string channel = "__keyevent@" + db_text + "__:";
    channel.append(event);
    PublishMessage(node, channel, key);
  }
}

// WATCH and client-side caching both hang off this one call.
void SignalModifiedKey(Node& node, int db, std::string_view key) {
  WatchRegistry& watches = node.watches();
  if (!watches.empty()) watches.Touch(node.keyspace().db(db), key);
  // Tracking is keyed by name across databases, as in Redis.
  node.tracking().InvalidateKey(key);
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

void SignalKeyAsReady(Node& node, int db, std::string_view key) {
  node.blocking().SignalKeyAsReady(db, key);
}

void SignalSwappedDbs(Node& node, int a, int b) {
  WatchRegistry& watches = node.watches();
  if (watches.empty()) return;
  Keyspace& keyspace = node.keyspace();
  const int64_t now_ms = node.clock().NowMs();
  watches.TouchAllInDb(keyspace.db(a), &keyspace.db(b), now_ms);
  watches.TouchAllInDb(keyspace.db(b), &keyspace.db(a), now_ms);
}


}  // namespace shoal
