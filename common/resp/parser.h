// Incremental parser for client requests: RESP multibulk ("*2\r\n$3\r\nGET...")
// and inline commands ("GET key\r\n", telnet style). No I/O, no event-library
// types: it takes bytes and says "need more", "command ready" or "protocol
// error", and how many bytes it consumed. Partially received arguments are
// kept inside the parser, so callers may drop consumed bytes at once and a
// large value is never re-scanned.
//
// Limits and error texts follow Redis 7.0 (networking.c): an error means the
// connection must get the error reply and be closed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace shoal::resp {

struct ParserLimits {
  int64_t max_bulk_len = 512LL * 1024 * 1024;    // proto-max-bulk-len
  int64_t max_multibulk_len = 2147483647;         // INT_MAX, as Redis
  size_t max_inline_len = 64 * 1024;             // PROTO_INLINE_MAX_SIZE
  // Before AUTH succeeds Redis accepts at most 10 arguments of 16 KiB each.
  bool unauthenticated = false;
};

class RequestParser {
 public:
  enum class Result { kNeedMore, kCommand, kError };

  explicit RequestParser(ParserLimits limits = {}) : limits_(limits) {}

  void set_limits(const ParserLimits& limits) { limits_ = limits; }
  const ParserLimits& limits() const { return limits_; }

  // Parses at most one command from `data`. *consumed is set to the number of
  // bytes used (also on kNeedMore: completed arguments are kept internally).
  // On kCommand, *args holds the arguments (never empty: empty requests are
  // skipped). On kError, error() holds the reply text ("ERR Protocol error:
  // ..."), and the parser must not be used again.
  Result Parse(std::string_view data, size_t* consumed, std::vector<std::string>* args);

  const std::string& error() const { return error_; }
  // True while a command is partially received (for the query buffer limit).
  bool in_progress() const { return multibulk_left_ > 0; }
  // Bytes held in partially received arguments.
  size_t pending_bytes() const { return pending_bytes_; }
  // Whether the last command was sent inline (Redis answers some errors
  // differently for inline requests).
  bool last_was_inline() const { return last_inline_; }

 private:
  Result ParseInline(std::string_view data, size_t* consumed, std::vector<std::string>* args);
  Result ParseMultibulk(std::string_view data, size_t* consumed, std::vector<std::string>* args);
  Result Fail(std::string message);

  ParserLimits limits_;
  std::string error_;
  int64_t multibulk_left_ = 0;  // arguments still to read in this command
  int64_t bulk_len_ = -1;       // length of the argument being read, -1: header next
  std::vector<std::string> partial_;  // argument buffers, reused; nargs_ in use
  size_t nargs_ = 0;
  size_t pending_bytes_ = 0;
  bool last_inline_ = false;
};

// Splits a line into arguments like Redis's sdssplitargs: spaces separate,
// "double quotes" understand \n \r \t \b \a \\ \" and \xHH, 'single quotes'
// understand \'. A closing quote must be followed by a space or the end.
// Returns false on unbalanced quotes.
bool SplitArgs(std::string_view line, std::vector<std::string>* out);

}  // namespace shoal::resp
