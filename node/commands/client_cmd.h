// The CLIENT container command (client_cmd.cc) and the helpers it shares
// with the rest of the connection family (connection.cc, introspection.cc):
// client-name validation (CLIENT SETNAME, HELLO SETNAME), the CLIENT LIST
// line, and the HELP reply every container command sends.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "common/resp/writer.h"
#include "node/core/command.h"
#include "node/core/node.h"

namespace shoal {

inline constexpr std::string_view kBadClientName =
    "ERR Client names cannot contain spaces, newlines or special characters.";

// Redis accepts only printable ASCII without spaces ('!' to '~') in client
// names and CLIENT SETINFO values, so that CLIENT LIST stays parseable.
bool IsValidClientAttribute(std::string_view value);

// One CLIENT LIST / CLIENT INFO line (without the trailing newline), in the
// field order of Redis 7.0. `cmd` is the last command's full name
// ("client|list"); `argv_mem` the bytes of the arguments being executed (0
// for an idle client); `now_ms` is wall-clock time.
std::string FormatClientInfo(const Client& client, int64_t now_ms, std::string_view cmd,
                             uint64_t argv_mem);

// The HELP reply of a container command: a header naming the command as the
// client typed it (upper-cased), `lines`, then the HELP entry itself. Each
// line is a status reply, as Redis sends them.
void ReplyHelp(resp::ReplyWriter& reply, std::string_view container,
               std::initializer_list<std::string_view> lines);

// "ERR unknown subcommand or wrong number of arguments for 'get'. Try SLOWLOG
// HELP." -- what a container command replies when a subcommand's arguments
// do not fit any of its forms.
std::string SubcommandSyntaxError(const std::vector<std::string>& argv);

// The CLIENT command with all its subcommands, for RegisterConnectionCommands.
CommandSpec ClientCommandSpec();

// A table entry of the "connection" group (no keys).
CommandSpec ConnectionCommandSpec(std::string_view name, int arity, uint64_t flags, uint64_t acl,
                                  CommandHandler handler, std::string_view since,
                                  std::string_view summary, std::string_view complexity = "O(1)");

}  // namespace shoal
