#include "node/core/errors.h"

#include <algorithm>
#include <cctype>

namespace shoal::errors {

namespace {

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Redis shortens long names in error messages to 128 bytes.
std::string Truncated(std::string_view s) { return std::string(s.substr(0, 128)); }

}  // namespace

std::string WrongArity(std::string_view full_name) {
  return "ERR wrong number of arguments for '" + std::string(full_name) + "' command";
}

std::string UnknownCommand(std::string_view name, const std::string* args, size_t nargs) {
  std::string msg = "ERR unknown command '" + Truncated(name) + "', with args beginning with: ";
  // As Redis: arguments are added while the list is under 128 bytes, each cut
  // to the room left.
  std::string list;
  for (size_t i = 0; i < nargs && list.size() < 128; ++i) {
    list += "'" + std::string(std::string_view(args[i]).substr(0, 128 - list.size())) + "' ";
  }
  return msg + list;
}

std::string UnknownSubcommand(std::string_view sub, std::string_view container) {
  return "ERR unknown subcommand '" + Truncated(sub) + "'. Try " + Upper(container) + " HELP.";
}

std::string InvalidExpire(std::string_view command) {
  return "ERR invalid expire time in '" + std::string(command) + "' command";
}

std::string NotInPubSubContext(std::string_view full_name) {
  return "ERR Can't execute '" + std::string(full_name) +
         "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this "
         "context";
}

}  // namespace shoal::errors
