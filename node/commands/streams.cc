// The stream family.

#include "node/commands/families.h"

namespace shoal {

void RegisterStreamCommands(CommandTable& table) { (void)table; }

}  // namespace shoal
