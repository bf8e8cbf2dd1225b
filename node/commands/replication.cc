// REPLICAOF, PSYNC, WAIT, ROLE, FAILOVER.

#include "node/commands/families.h"

namespace shoal {

void RegisterReplicationCommands(CommandTable& table) { (void)table; }

}  // namespace shoal
