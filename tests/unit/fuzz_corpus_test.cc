// The checked-in fuzz seeds (tests/fuzz/corpus) are real files written by
// redis-server and shoal-node. Besides seeding the fuzzers they are a
// compatibility check: the types Shoal stores must load from both servers'
// snapshots and restore from both servers' DUMP payloads, and a restored
// restored value must dump and restore again unchanged.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/rng.h"
#include "node/config/config.h"
#include "node/keyspace/db.h"
#include "node/persistence/rdb.h"
#include "tests/unit/harness.h"

namespace shoal {
namespace {

namespace fs = std::filesystem;

fs::path CorpusDir(const std::string& target) {
  return fs::path(SHOAL_FUZZ_CORPUS_DIR) / target;
}

std::string ReadAll(const fs::path& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Seeds of the types Shoal stores today (strings and streams).
bool Supported(const std::string& name) {
  return name.find("string") != std::string::npos || name.find("stream") != std::string::npos ||
         name.find("-s_") != std::string::npos || name.find("-x_") != std::string::npos ||
         name == "shoal-all";
}

std::vector<fs::path> Seeds(const std::string& target, const std::string& suffix) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(CorpusDir(target))) {
    const std::string name = e.path().filename().string();
    if (Supported(name) && name.size() >= suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      out.push_back(e.path());
    }
  }
  return out;
}

TEST(FuzzCorpusTest, SnapshotsOfSupportedTypesLoad) {
  ManualClock clock;
  Rng rng(1);
  KeyspaceStats stats;
  Config config;
  const std::vector<fs::path> seeds = Seeds("rdb_load", "");
  ASSERT_GE(seeds.size(), 5u);
  for (const fs::path& path : seeds) {
    SCOPED_TRACE(path.filename().string());
    KeyspaceEnv env;
    env.clock = &clock;
    env.rng = &rng;
    env.stats = &stats;
    Keyspace keyspace(config.values().databases, std::move(env));
    StatusOr<rdb::LoadStats> loaded =
        rdb::Load(ReadAll(path), keyspace, config.values(), clock.NowMs(), false);
    EXPECT_TRUE(loaded.ok()) << loaded.status().message();
    if (loaded.ok()) {
      EXPECT_GT(loaded->keys_loaded, 0u);
    }
  }
}

TEST(FuzzCorpusTest, DumpPayloadsOfSupportedTypesRestoreAndDumpBack) {
  testing::CommandHarness h;
  const std::vector<fs::path> seeds = Seeds("restore", "-payload");
  ASSERT_GE(seeds.size(), 20u);
  for (const fs::path& path : seeds) {
    SCOPED_TRACE(path.filename().string());
    const std::string payload = ReadAll(path).substr(1);  // byte 0: the fuzzer's mode
    const std::string reply = h.Run({"RESTORE", "k", "0", payload, "REPLACE"});
    EXPECT_EQ(reply, "OK");
    if (reply != "OK") continue;
    // Shoal's LZF output differs from liblzf's, so DUMP need not give the
    // same bytes; it must give a payload that restores to the same value.
    const resp::Value dumped = h.RunValue({"DUMP", "k"});
    ASSERT_EQ(dumped.type, resp::Value::Type::kBulk);
    ASSERT_EQ(h.Run({"RESTORE", "k2", "0", dumped.str, "REPLACE"}), "OK");
    const resp::Value again = h.RunValue({"DUMP", "k2"});
    EXPECT_TRUE(again.str == dumped.str) << "DUMP of a restored DUMP differs";
  }
}

}  // namespace
}  // namespace shoal
