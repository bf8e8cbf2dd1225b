#include "node/core/events.h"

#include "node/core/blocking.h"
#include "node/core/node.h"

namespace shoal {

void NotifyKeyspaceEvent(Node& node, int type, std::string_view event, std::string_view key,
                         int db) {
  (void)node, (void)type, (void)event, (void)key, (void)db;
}

void SignalModifiedKey(Node& node, int db, std::string_view key) {
  (void)node, (void)db, (void)key;
}

void SignalKeyAsReady(Node& node, int db, std::string_view key) {
  node.blocking().SignalKeyAsReady(db, key);
}

}  // namespace shoal
