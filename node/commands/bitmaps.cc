// SETBIT, BITCOUNT, BITFIELD and friends.

#include "node/commands/families.h"

namespace shoal {

void RegisterBitmapCommands(CommandTable& table) { (void)table; }

}  // namespace shoal
