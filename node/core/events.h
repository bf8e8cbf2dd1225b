// What data commands announce after they change the keyspace, in one place so
// each subsystem that cares hooks in here instead of into every command:
//
//   NotifyKeyspaceEvent — keyspace notifications (notify-keyspace-events,
//                         __keyspace@N__ / __keyevent@N__ channels);
//   SignalModifiedKey   — WATCH invalidation and client-side caching;
//   SignalKeyAsReady    — a key that blocked clients may wait on (a list,
//                         sorted set or stream) received elements.
//
// Commands call them as Redis's commands call notifyKeyspaceEvent,
// signalModifiedKey and signalKeyAsReady: after the change, with the event
// names Redis uses ("lpush", "hset", "del", ...).
#pragma once

#include <string_view>

#include "node/config/config.h"

namespace shoal {

class Node;

void NotifyKeyspaceEvent(Node& node, int type, std::string_view event, std::string_view key,
                         int db);
void SignalModifiedKey(Node& node, int db, std::string_view key);
void SignalKeyAsReady(Node& node, int db, std::string_view key);

// FLUSHDB (db) or FLUSHALL (db -1), before the keys go, and SWAPDB, before
// the swap: the keys that disappear or change count as modified for WATCH.
void SignalFlushedDb(Node& node, int db);
void SignalSwappedDbs(Node& node, int a, int b);

}  // namespace shoal
