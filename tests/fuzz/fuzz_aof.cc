// libFuzzer target: the append-only file loader. Each input is parsed as a
// manifest (ParseAofManifest: arbitrary text), then replayed as the one
// incremental file of a valid manifest through Aof::Load, in a temporary
// directory, with aof-load-truncated on or off (last input byte). Inputs
// that name commands which would stop, fork or reconfigure the process
// (SHUTDOWN, DEBUG, BGSAVE, ...) are skipped: the loader runs whatever the
// file holds, as Redis does, and those are not bugs of the loader.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include <spdlog/spdlog.h>

#include "node/core/node.h"
#include "node/persistence/aof.h"
#include "tests/unit/harness.h"

namespace {

bool ContainsIgnoreCase(std::string_view hay, std::string_view needle) {
  if (needle.size() > hay.size()) return false;
  for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    size_t j = 0;
    while (j < needle.size() && std::tolower(static_cast<unsigned char>(hay[i + j])) == needle[j])
      ++j;
    if (j == needle.size()) return true;
  }
  return false;
}

bool Dangerous(std::string_view input) {
  static constexpr std::string_view kDenied[] = {
      "shutdown", "debug", "save", "bgrewrite", "replicaof", "slaveof", "failover", "sync",
      "monitor", "config", "module", "eval", "fcall", "function", "script", "cluster",
      "client", "sleep", "wait", "acl", "subscribe", "blpop", "brpop", "bzpop", "blmove",
      "blmpop", "bzmpop", "brpoplpush", "xread", "migrate", "latency"};
  for (std::string_view word : kDenied) {
    if (ContainsIgnoreCase(input, word)) return true;
  }
  return false;
}

void WriteFile(const std::string& path, std::string_view bytes) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

struct State {
  State() {
    // The loader logs every bad file; at fuzzing rates that is most of the time.
    spdlog::set_level(spdlog::level::off);
    char tmpl[] = "/tmp/shoal-fuzz-aof.XXXXXX";
    if (mkdtemp(tmpl) == nullptr || chdir(tmpl) != 0) std::abort();
    dir = tmpl;
    h = new shoal::testing::CommandHarness({{"aof-load-truncated", "yes"}});
    const std::string appenddir = h->node().cfg().appenddirname;
    std::filesystem::create_directories(appenddir);
    const std::string name = h->node().cfg().appendfilename;
    incr = appenddir + "/" + name + ".1.incr.aof";
    WriteFile(appenddir + "/" + name + ".manifest",
              "file " + name + ".1.incr.aof seq 1 type i\n");
  }
  std::string dir;
  std::string incr;
  shoal::testing::CommandHarness* h;  // lives as long as the process
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static State* state = new State();
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  (void)shoal::ParseAofManifest(input);
  if (Dangerous(input)) return 0;
  shoal::Node& node = state->h->node();
  const bool truncated_ok = size > 0 && (data[size - 1] & 1);
  (void)state->h->Run({"CONFIG", "SET", "aof-load-truncated", truncated_ok ? "yes" : "no"});
  WriteFile(state->incr, input);
  node.keyspace().FlushAll();
  (void)node.aof().Load();
  node.keyspace().FlushAll();
  return 0;
}
