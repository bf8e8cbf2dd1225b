#include "node/commands/families.h"

namespace shoal {

void RegisterAllCommands(CommandTable& table) {
  RegisterConnectionCommands(table);
  RegisterKeyCommands(table);
  RegisterStringCommands(table);
  RegisterServerCommands(table);
  RegisterIntrospectionCommands(table);
}

}  // namespace shoal
