// clusterctl's command line: sub-commands, options, exit codes.
//
// Exit codes: 0 success (and --help), 1 the operation failed (node
// unreachable, node error), 2 usage error or a sub-command this version does
// not implement yet.
#pragma once

#include <ostream>

namespace shoal::clusterctl {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

// Parses argv (argv[0] is the program name) and runs the chosen sub-command,
// writing results to `out` and diagnostics to `err`. Never calls exit().
int RunClusterctl(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace shoal::clusterctl
