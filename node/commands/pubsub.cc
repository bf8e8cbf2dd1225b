// Publish/subscribe.

#include "node/commands/families.h"

namespace shoal {

void RegisterPubSubCommands(CommandTable& table) { (void)table; }

}  // namespace shoal
