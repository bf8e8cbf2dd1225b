// LPUSH, BLPOP and the rest of the list family.

#include "node/commands/families.h"

namespace shoal {

void RegisterListCommands(CommandTable& table) { (void)table; }

}  // namespace shoal
