// libFuzzer target: the RESP request parser. The input is parsed as a
// stream of requests twice: all at once, and fed in pieces whose sizes come
// from the input itself (the way bytes arrive from a socket). Both must give
// the same commands and the same error, and nothing may crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "common/resp/parser.h"

namespace {

struct Outcome {
  std::vector<std::vector<std::string>> commands;
  std::string error;
};

// Feeds `input` in chunks of `step` bytes (0: all at once), keeping the
// unconsumed tail as a connection's query buffer does. Bounded: every
// iteration either consumes bytes, appends a chunk, or stops.
Outcome ParseAll(std::string_view input, size_t step, bool unauthenticated) {
  shoal::resp::ParserLimits limits;
  limits.unauthenticated = unauthenticated;
  limits.max_bulk_len = 1 << 20;
  shoal::resp::RequestParser parser(limits);
  Outcome out;
  std::string buffer;
  size_t fed = 0;
  for (size_t guard = 0; guard < 4 * input.size() + 16; ++guard) {
    if (fed == input.size() && buffer.empty()) break;
    size_t consumed = 0;
    std::vector<std::string> args;
    const auto r = parser.Parse(buffer, &consumed, &args);
    if (consumed > buffer.size()) std::abort();
    buffer.erase(0, consumed);
    if (r == shoal::resp::RequestParser::Result::kError) {
      out.error = parser.error();
      break;
    }
    if (r == shoal::resp::RequestParser::Result::kCommand) {
      if (args.empty()) std::abort();
      out.commands.push_back(std::move(args));
      continue;
    }
    if (consumed > 0 && !buffer.empty()) continue;  // skipped an empty request
    if (fed == input.size()) break;  // need more, and nothing is left
    const size_t n = step == 0 ? input.size() - fed : std::min(step, input.size() - fed);
    buffer.append(input.substr(fed, n));
    fed += n;
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t step = 1 + data[0] % 7;
  const bool unauthenticated = data[0] & 0x80;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  const Outcome whole = ParseAll(input, 0, unauthenticated);
  const Outcome split = ParseAll(input, step, unauthenticated);
  if (whole.commands != split.commands || whole.error != split.error) std::abort();
  std::vector<std::string> args;
  (void)shoal::resp::SplitArgs(input, &args);
  return 0;
}
