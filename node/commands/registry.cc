#include "node/commands/families.h"

namespace shoal {

void RegisterAllCommands(CommandTable& table) {
  RegisterConnectionCommands(table);
  RegisterKeyCommands(table);
  RegisterStringCommands(table);
  RegisterServerCommands(table);
  RegisterIntrospectionCommands(table);
  RegisterListCommands(table);
  RegisterHashCommands(table);
  RegisterSetCommands(table);
  RegisterSortedSetCommands(table);
  RegisterSortCommands(table);
  RegisterPubSubCommands(table);
  RegisterTransactionCommands(table);
  RegisterScriptingCommands(table);
  RegisterStreamCommands(table);
  RegisterHyperLogLogCommands(table);
  RegisterBitmapCommands(table);
  RegisterGeoCommands(table);
  RegisterPersistenceCommands(table);
  RegisterReplicationCommands(table);
}

}  // namespace shoal
