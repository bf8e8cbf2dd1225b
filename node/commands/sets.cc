// The set family.

#include "node/commands/families.h"

namespace shoal {

void RegisterSetCommands(CommandTable& table) { (void)table; }

}  // namespace shoal
