// The stream family's table entries (streams_table.cc) take the handlers
// from streams.cc, so the docs and the command code stay in files of their
// own.
#pragma once

#include "node/core/command.h"

namespace shoal {

struct StreamHandlers {
  CommandHandler xack;
  CommandHandler xadd;
  CommandHandler xautoclaim;
  CommandHandler xclaim;
  CommandHandler xdel;
  CommandHandler xgroup_create;
  CommandHandler xgroup_createconsumer;
  CommandHandler xgroup_delconsumer;
  CommandHandler xgroup_destroy;
  CommandHandler xgroup_help;
  CommandHandler xgroup_setid;
  CommandHandler xinfo_consumers;
  CommandHandler xinfo_groups;
  CommandHandler xinfo_help;
  CommandHandler xinfo_stream;
  CommandHandler xlen;
  CommandHandler xpending;
  CommandHandler xrange;
  CommandHandler xread;
  CommandHandler xreadgroup;
  CommandHandler xrevrange;
  CommandHandler xsetid;
  CommandHandler xtrim;
};

void RegisterStreamTable(CommandTable& table, const StreamHandlers& h);

}  // namespace shoal
