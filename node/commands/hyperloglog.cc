// PFADD, PFCOUNT, PFMERGE.

#include "node/commands/families.h"

namespace shoal {

void RegisterHyperLogLogCommands(CommandTable& table) { (void)table; }

}  // namespace shoal
