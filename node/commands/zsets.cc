// The sorted-set family.

#include "node/commands/families.h"

namespace shoal {

void RegisterSortedSetCommands(CommandTable& table) { (void)table; }

}  // namespace shoal
