// Pure helpers behind the string commands (strings.cc): option parsing,
// expiry arithmetic, range slicing, number formatting and the LCS algorithm.
// Nothing here touches the keyspace or writes RESP, so every rule can be
// tested on its own and the command handlers stay short.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace shoal::stringops {

// ---------------------------------------------------------------------------
// Error texts specific to the string commands (Redis 7.0 wording)
// ---------------------------------------------------------------------------

inline constexpr std::string_view kNanOrInfinity = "ERR increment would produce NaN or Infinity";
inline constexpr std::string_view kDecrementOverflow = "ERR decrement would overflow";
inline constexpr std::string_view kOffsetOutOfRange = "ERR offset is out of range";
inline constexpr std::string_view kLcsNotStrings =
    "ERR The specified keys must contain string values";
inline constexpr std::string_view kLcsLenAndIdx =
    "ERR If you want both the length and indexes, please just use IDX.";
inline constexpr std::string_view kLcsTooLong = "ERR String too long for LCS";
inline constexpr std::string_view kLcsTableTooBig =
    "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len";

// ---------------------------------------------------------------------------
// SET / GETEX options
// ---------------------------------------------------------------------------

enum class Condition : uint8_t { kNone, kNx, kXx };
enum class Expiry : uint8_t { kNone, kEx, kPx, kExAt, kPxAt, kKeepTtl, kPersist };

struct ExpiryOptions {
  Condition condition = Condition::kNone;
  Expiry expiry = Expiry::kNone;
  bool get = false;             // SET ... GET
  std::string_view expire_arg;  // the number after EX/PX/EXAT/PXAT

  // True when expire_arg holds a time to apply.
  bool has_time() const {
    return expiry == Expiry::kEx || expiry == Expiry::kPx || expiry == Expiry::kExAt ||
           expiry == Expiry::kPxAt;
  }
};

// Which command's option grammar applies: SET takes NX|XX|GET|KEEPTTL and the
// four expiry forms; GETEX takes PERSIST and the four expiry forms.
enum class OptionGrammar : uint8_t { kSet, kGetEx };

// Parses argv[first..] as Redis's parseExtendedStringArgumentsOrReply does.
// Options are case-insensitive; repeating an option is allowed (the last
// expiry value wins), mixing two different expiry forms, NX with XX, or
// KEEPTTL/PERSIST with a time is "ERR syntax error", as is an expiry keyword
// without a following argument.
StatusOr<ExpiryOptions> ParseExpiryOptions(const std::vector<std::string>& argv, size_t first,
                                           OptionGrammar grammar);

// Turns the time argument of `expiry` (EX/PX/EXAT/PXAT) into an absolute Unix
// time in milliseconds. Errors: "ERR value is not an integer or out of range"
// when it is not an integer; "ERR invalid expire time in '<command>' command"
// when it is not positive or the conversion to absolute ms overflows.
StatusOr<int64_t> AbsoluteExpireMs(Expiry expiry, std::string_view arg, int64_t now_ms,
                                   std::string_view command);

// ---------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------

// value + delta, or "ERR increment or decrement would overflow".
StatusOr<int64_t> AddChecked(int64_t value, int64_t delta);

// Formats an INCRBYFLOAT result as Redis does: fixed notation with 17 digits
// after the point, trailing zeros (and a bare point) removed, "-0" as "0".
std::string FormatLongDouble(long double value);

// ---------------------------------------------------------------------------
// Ranges and lengths
// ---------------------------------------------------------------------------

// GETRANGE's slice of s: negative indexes count from the end, the range is
// clamped to the string, and an empty slice results when start > end.
std::string_view SliceRange(std::string_view s, int64_t start, int64_t end);

// Whether a string of `size` bytes grown by `append` more stays within
// proto-max-bulk-len; else "ERR string exceeds maximum allowed size ...".
Status CheckStringLength(uint64_t size, uint64_t append, uint64_t max_bulk_len);

// ---------------------------------------------------------------------------
// LCS
// ---------------------------------------------------------------------------

// One run of matching bytes: a[a_start..a_end] == b[b_start..b_end].
struct LcsMatch {
  uint32_t a_start = 0;
  uint32_t a_end = 0;
  uint32_t b_start = 0;
  uint32_t b_end = 0;
  uint32_t len() const { return a_end - a_start + 1; }
};

struct LcsResult {
  uint32_t length = 0;            // length of the longest common subsequence
  std::string subsequence;        // filled when asked for
  std::vector<LcsMatch> matches;  // filled when asked for; from the end backwards
};

// Computes the longest common subsequence of a and b with the classic
// dynamic-programming table. `want_subsequence` fills the text,
// `want_matches` the runs at least `min_match_len` long (in the order Redis
// reports them: last run first). Fails when the table would exceed
// `max_table_bytes` (proto-max-bulk-len) or the strings are too long.
StatusOr<LcsResult> ComputeLcs(std::string_view a, std::string_view b, bool want_subsequence,
                               bool want_matches, int64_t min_match_len, uint64_t max_table_bytes);

}  // namespace shoal::stringops
