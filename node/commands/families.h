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

}  // namespace shoal
