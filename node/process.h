// shoal-node as a process: configuration from argv, logging, daemonizing,
// the pidfile, the event loop with its cron, the client listener, the gRPC
// admin server, signals and a clean shutdown.
#pragma once

namespace shoal {

// Runs shoal-node; returns the process exit code.
int RunNode(int argc, char** argv);

}  // namespace shoal
