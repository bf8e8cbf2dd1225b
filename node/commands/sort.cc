// SORT and SORT_RO.

#include "node/commands/families.h"

namespace shoal {

void RegisterSortCommands(CommandTable& table) { (void)table; }

}  // namespace shoal
