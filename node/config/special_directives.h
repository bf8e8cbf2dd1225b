// Internal to node/config: directives with a syntax of their own, and the
// helpers the typed factories in directives.cc share with them.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "node/config/directive.h"

namespace shoal::config_internal {

// "argument must be between <min> and <max> inclusive".
Status RangeError(int64_t min, int64_t max);
// "argument(s) must be one of the following: a, b, c".
Status EnumError(const std::vector<std::string_view>& names);
// One "<name> <get(cur)>" line, forced when it differs from the default.
RewriteFn PlainRewrite(std::string_view name, const GetFn& get);

Directive BindDirective();                        // bind <addr> [<addr> ...]
Directive UnixSocketPermDirective();              // unixsocketperm <octal>
Directive SaveDirective();                        // save <secs> <changes> [...] | save ""
Directive DirDirective();                         // dir <path>
Directive ReplicaOfDirective();                   // replicaof <host> <port> | no one
Directive MaxmemoryClientsDirective();            // maxmemory-clients <bytes> | <n>%
Directive ClientOutputBufferLimitDirective();     // <class> <hard> <soft> <secs> [...]
Directive OomScoreAdjValuesDirective();           // <replica> <master> <bg-child>
Directive LatencyTrackingPercentilesDirective();  // <p> [<p> ...] | ""
Directive NotifyKeyspaceEventsDirective();        // e.g. KEA
Directive ShutdownOnSignalDirective(std::string_view name, int ServerConfig::*field);

}  // namespace shoal::config_internal
