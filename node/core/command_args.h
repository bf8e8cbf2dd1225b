// Builders for the argument docs of the command table (COMMAND DOCS
// "arguments"), so each family's table reads as one expression per argument:
//
//   .args = {Key("key", 0), OneOf("condition", {Token("nx", "NX"), Token("xx", "XX")})
//                               .Optional()}
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "node/core/command.h"

namespace shoal::argdoc {

inline CommandArg Typed(std::string_view name, CommandArg::Type type) {
  CommandArg a;
  a.name = name;
  a.type = type;
  return a;
}

inline CommandArg String(std::string_view name) { return Typed(name, CommandArg::Type::kString); }
inline CommandArg Integer(std::string_view name) { return Typed(name, CommandArg::Type::kInteger); }
inline CommandArg Double(std::string_view name) { return Typed(name, CommandArg::Type::kDouble); }
inline CommandArg Pattern(std::string_view name) { return Typed(name, CommandArg::Type::kPattern); }
inline CommandArg UnixTime(std::string_view name) {
  return Typed(name, CommandArg::Type::kUnixTime);
}

// A key argument; key_spec_index points into the command's key_specs.
inline CommandArg Key(std::string_view name, int key_spec_index) {
  CommandArg a = Typed(name, CommandArg::Type::kKey);
  a.key_spec_index = key_spec_index;
  return a;
}

// A bare keyword such as NX.
inline CommandArg Token(std::string_view name, std::string_view token) {
  return Typed(name, CommandArg::Type::kPureToken).Token(token);
}

// Exactly one of `args`.
inline CommandArg OneOf(std::string_view name, std::vector<CommandArg> args) {
  CommandArg a = Typed(name, CommandArg::Type::kOneOf);
  a.args = std::move(args);
  return a;
}

// All of `args`, in order.
inline CommandArg Block(std::string_view name, std::vector<CommandArg> args) {
  CommandArg a = Typed(name, CommandArg::Type::kBlock);
  a.args = std::move(args);
  return a;
}

// The argument docs and history of one command, by full name ("set",
// "config|get"), kept next to the family's registrations.
struct DocEntry {
  std::string_view full_name;
  void (*fill)(CommandSpec& spec);
};

// Runs the entry matching `spec` (and, recursively, each subcommand's).
inline void ApplyDocs(std::span<const DocEntry> entries, CommandSpec& spec,
                      std::string_view parent = {}) {
  std::string full(spec.name);
  if (!parent.empty()) full = std::string(parent) + "|" + full;
  for (const DocEntry& e : entries) {
    if (e.full_name == full) e.fill(spec);
  }
  for (CommandSpec& sub : spec.subcommands) ApplyDocs(entries, sub, full);
}

}  // namespace shoal::argdoc
