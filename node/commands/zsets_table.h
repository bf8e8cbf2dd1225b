// The sorted-set family's command table entries: arity, flags, ACL
// categories, key specs and COMMAND DOCS, exactly as Redis 7.0 declares them.
// Handlers are attached by RegisterSortedSetCommands (zsets.cc).
#pragma once

#include <string_view>

#include "node/core/command.h"

namespace shoal {

// The entry for one sorted-set command ("zadd", "bzpopmin", ...), without a
// handler. An unknown name yields a spec with only the name set.
CommandSpec SortedSetCommandSpec(std::string_view name);

}  // namespace shoal
