// One registration function per command family, each at the bottom of its own
// file; RegisterAllCommands (registry.cc) calls them all.
#pragma once

#include "node/core/command.h"

namespace shoal {

void RegisterConnectionCommands(CommandTable& table);    // connection.cc
void RegisterKeyCommands(CommandTable& table);           // keys.cc
void RegisterStringCommands(CommandTable& table);        // strings.cc
void RegisterServerCommands(CommandTable& table);        // server.cc
void RegisterIntrospectionCommands(CommandTable& table); // introspection.cc
void RegisterListCommands(CommandTable& table);          // lists.cc
void RegisterHashCommands(CommandTable& table);          // hashes.cc
void RegisterSetCommands(CommandTable& table);           // sets.cc
void RegisterSortedSetCommands(CommandTable& table);     // zsets.cc
void RegisterSortCommands(CommandTable& table);          // sort.cc
void RegisterPubSubCommands(CommandTable& table);        // pubsub.cc
void RegisterTransactionCommands(CommandTable& table);   // transactions.cc
void RegisterScriptingCommands(CommandTable& table);     // scripting.cc
void RegisterStreamCommands(CommandTable& table);        // streams.cc
void RegisterHyperLogLogCommands(CommandTable& table);   // hyperloglog.cc
void RegisterBitmapCommands(CommandTable& table);        // bitmaps.cc
void RegisterGeoCommands(CommandTable& table);           // geo.cc
void RegisterPersistenceCommands(CommandTable& table);   // persistence.cc
void RegisterReplicationCommands(CommandTable& table);   // replication.cc

}  // namespace shoal
