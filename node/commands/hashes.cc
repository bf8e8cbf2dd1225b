// The hash family.

#include "node/commands/families.h"

namespace shoal {

void RegisterHashCommands(CommandTable& table) { (void)table; }

}  // namespace shoal
