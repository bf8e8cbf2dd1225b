// String helpers shared by the node, the sentinel and the CLI.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace shoal {

// Parses a signed 64-bit integer with Redis's strict rules (string2ll): no
// spaces, no '+', no leading zeros ("0" itself is fine, "-0" is not).
bool ParseInt64(std::string_view s, int64_t* out);
// Same, for values that must fit an unsigned 64-bit integer.
bool ParseUint64(std::string_view s, uint64_t* out);
// Parses a double like Redis's getDoubleFromObject: the whole string, no
// leading space, no NaN; "inf", "-inf", "+inf" are accepted.
bool ParseDouble(std::string_view s, double* out);
// Same with long double precision (INCRBYFLOAT).
bool ParseLongDouble(std::string_view s, long double* out);

// Quotes a string the way Redis's sdscatrepr does: "..." with \\ \" \n \r \t
// \a \b escapes and \xHH for other non-printable bytes.
std::string QuoteRepr(std::string_view s);

bool EqualsIgnoreCase(std::string_view a, std::string_view b);
std::string ToLower(std::string_view s);
std::string ToUpper(std::string_view s);

// Glob-style matching as Redis's KEYS/SCAN MATCH/CONFIG GET: '*', '?',
// '[abc]', '[^a]', '[a-z]', '\x' escapes.
bool GlobMatch(std::string_view pattern, std::string_view str, bool nocase = false);

}  // namespace shoal
