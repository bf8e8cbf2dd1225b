#include "node/core/monitor.h"

#include <cctype>
#include <cstdio>

#include "common/strutil.h"
#include "node/core/node.h"

namespace shoal {

std::string FormatMonitorLine(int64_t now_us, int db, std::string_view addr,
                              const std::vector<std::string>& argv) {
  char head[64];
  std::snprintf(head, sizeof(head), "+%lld.%06lld [%d ", static_cast<long long>(now_us / 1000000),
                static_cast<long long>(now_us % 1000000), db);
  std::string line = head;
  line += addr;
  line += "]";
  for (const std::string& arg : argv) {
    line.push_back(' ');
    line += QuoteRepr(arg);
  }
  line += "\r\n";
  return line;
}

void Node::EnableMonitor(Client& client) {
  if (!client.monitor) ++monitors_;
  client.monitor = true;
}

void Node::DisableMonitor(Client& client) {
  if (client.monitor) --monitors_;
  client.monitor = false;
}

void Node::FeedMonitors(const Client& from, const std::vector<std::string>& argv) {
  if (monitors_ == 0) return;
  std::string addr = from.info.unix_socket ? "unix:" + from.info.laddr : from.info.addr;
  std::string line = FormatMonitorLine(cached_clock_.NowUs(), from.db, addr, argv);
  for (const auto& [id, c] : clients_) {
    if (c->monitor && c->conn != nullptr && c.get() != &from) c->conn->SendAsync(line);
  }
}

}  // namespace shoal
