// Internal to node/config: the declarative directive table and the redis.conf
// text helpers it is built on. Users of the configuration include config.h.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "node/config/config.h"

namespace shoal::config_internal {

// ---------------------------------------------------------------------------
// The directive table
// ---------------------------------------------------------------------------

enum DirectiveFlag : uint32_t {
  kImmutable = 1u << 0,  // not settable by CONFIG SET
  kProtected = 1u << 1,  // CONFIG SET only as enable-protected-configs allows
  kSensitive = 1u << 2,  // the value is a secret: never log it
  kHidden = 1u << 3,     // CONFIG GET answers it only when asked by exact name
  kMultiArg = 1u << 4,   // takes several arguments (save, bind, ...)
};

// State shared by the directives of one load (file, includes and command
// line options together) or of one CONFIG SET.
struct ParseContext {
  bool loading = false;  // from a file or the command line, not CONFIG SET
  // A "save" line of this load replaced the defaults already; later ones
  // append, which is how "save 900 1" / "save 300 10" lines add up.
  bool save_seen = false;
};

// One line CONFIG REWRITE wants for a directive. force: write it even when
// the file has no line for the directive yet (the value is not the default).
struct RewriteLine {
  std::string text;
  bool force = false;
};

// Parses the arguments (exactly one unless kMultiArg) into the config. The
// error message is Redis's bare reason, e.g. "argument must be 'yes' or 'no'".
using SetFn =
    std::function<Status(ServerConfig&, const std::vector<std::string>& args, ParseContext& ctx)>;
// The CONFIG GET text of the value.
using GetFn = std::function<std::string(const ServerConfig&)>;
// The lines CONFIG REWRITE writes; none means the directive must not appear
// (for example an unset password).
using RewriteFn =
    std::function<std::vector<RewriteLine>(const ServerConfig& cur, const ServerConfig& defaults)>;

struct Directive {
  std::string_view name;
  std::string_view alias;  // an old name that still works ("slaveof"), or empty
  uint32_t flags = 0;
  SetFn set;
  GetFn get;
  RewriteFn rewrite;

  bool has(uint32_t flag) const { return (flags & flag) != 0; }
  // Builder helpers so table entries read as one line.
  Directive Alias(std::string_view a) && {
    alias = a;
    return std::move(*this);
  }
  Directive With(uint32_t f) && {
    flags |= f;
    return std::move(*this);
  }
};

// A directive with a name and flags; the factories fill in the functions.
inline Directive NewDirective(std::string_view name, uint32_t flags = 0) {
  Directive d;
  d.name = name;
  d.flags = flags;
  return d;
}

// Every directive, in the order CONFIG REWRITE appends new lines. Built once;
// never changes.
const std::vector<Directive>& Directives();
// Index of the directive named name or aliased so (case-insensitive); -1 if
// there is none.
int FindDirective(std::string_view name);

// ---------------------------------------------------------------------------
// redis.conf text helpers (syntax.cc)
// ---------------------------------------------------------------------------

// Splits a line into arguments like Redis's sdssplitargs: blanks separate;
// "double quotes" with \n \r \t \b \a \xHH and \<any> escapes; 'single
// quotes' with \' only. A closing quote must be followed by a blank or the
// end. Returns nullopt on unbalanced quotes.
std::optional<std::vector<std::string>> SplitArgs(std::string_view line);
// Quotes s so that SplitArgs gives it back (Redis's sdscatrepr).
std::string Repr(std::string_view s);
// Removes leading and trailing spaces, tabs, CR and LF.
std::string_view TrimLine(std::string_view s);
// Splits on every single space, keeping empty fields ("a  b" is a, "", b);
// an empty string gives no fields. CONFIG SET splits multi-argument values so.
std::vector<std::string> SplitOnSpaces(std::string_view s);
// Redis's memtoull: digits then an optional unit b, k (1000), kb (1024), m,
// mb, g, gb (any case). "", "mb" parse as 0 like in Redis.
bool ParseMemory(std::string_view s, uint64_t* out);
// The most compact unit form that is exact: 1gb, 64mb, 3kb, or plain bytes.
std::string FormatMemory(int64_t bytes);
// A double without trailing zeros (99.9, 50).
std::string FormatDouble(double v);

}  // namespace shoal::config_internal
