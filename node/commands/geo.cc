// The geo family.

#include "node/commands/families.h"

namespace shoal {

void RegisterGeoCommands(CommandTable& table) { (void)table; }

}  // namespace shoal
