// MULTI, EXEC, DISCARD, WATCH, UNWATCH.

#include "node/commands/families.h"

namespace shoal {

void RegisterTransactionCommands(CommandTable& table) { (void)table; }

}  // namespace shoal
