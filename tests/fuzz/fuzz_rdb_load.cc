// libFuzzer target: rdb::Load of arbitrary bytes into a fresh keyspace. The
// loader must report a bad file as a Status, never crash, leak or read out
// of bounds. Everything it loads is serialized again, so the writer also
// sees whatever values the loader accepted.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/clock.h"
#include "common/rng.h"
#include "node/config/config.h"
#include "node/keyspace/db.h"
#include "node/persistence/rdb.h"

namespace {

struct State {
  shoal::ManualClock clock;
  shoal::Rng rng{1};
  shoal::KeyspaceStats stats;
  shoal::Config config;
};

shoal::KeyspaceEnv MakeEnv(State& s) {
  shoal::KeyspaceEnv env;
  env.clock = &s.clock;
  env.rng = &s.rng;
  env.stats = &s.stats;
  return env;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static State* state = new State();  // one per process: the fuzzer never exits cleanly
  const shoal::ServerConfig& cfg = state->config.values();
  shoal::Keyspace keyspace(cfg.databases, MakeEnv(*state));
  const std::string_view image(reinterpret_cast<const char*>(data), size);
  // Half of the runs keep expired keys (the replica path), half drop them.
  const bool keep_expired = size > 0 && (data[size - 1] & 1);
  auto stats = shoal::rdb::Load(image, keyspace, cfg, state->clock.NowMs(), keep_expired);
  if (stats.ok()) {
    shoal::rdb::SaveOptions opts;
    opts.now_ms = state->clock.NowMs();
    (void)shoal::rdb::Serialize(keyspace, cfg, opts);
  }
  return 0;
}
