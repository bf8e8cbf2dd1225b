#include "node/core/events.h"

#include <string>

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

// WATCH (later) and client-side caching both hang off this one call.
void SignalModifiedKey(Node& node, int db, std::string_view key) {
  (void)db;  // tracking is keyed by name across databases, as in Redis
  node.tracking().InvalidateKey(key);
}

void SignalKeyAsReady(Node& node, int db, std::string_view key) { (void)node, (void)db, (void)key; }

}  // namespace shoal
