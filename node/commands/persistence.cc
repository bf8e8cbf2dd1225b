// SAVE, BGSAVE, BGREWRITEAOF, DUMP, RESTORE.

#include "node/commands/families.h"

namespace shoal {

void RegisterPersistenceCommands(CommandTable& table) { (void)table; }

}  // namespace shoal
