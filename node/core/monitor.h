// MONITOR: every command, as a status line, sent to clients in monitor mode.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace shoal {

// `+1339518083.107412 [0 127.0.0.1:60866] "keys" "*"` (with CRLF).
std::string FormatMonitorLine(int64_t now_us, int db, std::string_view addr,
                              const std::vector<std::string>& argv);

}  // namespace shoal
