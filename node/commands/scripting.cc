// EVAL, SCRIPT and FUNCTION.

#include "node/commands/families.h"

namespace shoal {

void RegisterScriptingCommands(CommandTable& table) { (void)table; }

}  // namespace shoal
