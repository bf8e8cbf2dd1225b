// Regression tests found with the fuzz seeds (tests/fuzz/corpus): a stream
// with no entries is a valid key in Redis 7.0 (XGROUP CREATE ... MKSTREAM,
// XADD ... MAXLEN 0, XDEL of every entry), so it must survive SAVE and
// start-up, and DUMP/RESTORE. Only empty lists, sets, sorted sets and hashes
// are invalid in an RDB file.
#include <gtest/gtest.h>

#include <string>

#include "common/clock.h"
#include "common/rng.h"
#include "node/config/config.h"
#include "node/keyspace/db.h"
#include "node/persistence/rdb.h"
#include "tests/unit/harness.h"

namespace shoal {
namespace {

TEST(RdbEmptyStreamTest, DumpOfAnEmptyStreamRestores) {
  testing::CommandHarness h;
  ASSERT_EQ(h.Run({"XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"}), "OK");
  ASSERT_EQ(h.Run({"XLEN", "s"}), "(integer) 0");
  const resp::Value payload = h.RunValue({"DUMP", "s"});
  ASSERT_EQ(payload.type, resp::Value::Type::kBulk);
  EXPECT_EQ(h.Run({"RESTORE", "s2", "0", payload.str}), "OK");  // Redis 7.0: OK
  EXPECT_EQ(h.Run({"TYPE", "s2"}), "stream");
  EXPECT_EQ(h.Run({"XINFO", "GROUPS", "s2"}), h.Run({"XINFO", "GROUPS", "s"}));
}

TEST(RdbEmptyStreamTest, SnapshotWithAnEmptyStreamLoads) {
  testing::CommandHarness h;
  ASSERT_EQ(h.Run({"XADD", "s", "MAXLEN", "0", "5-1", "f", "v"}), "5-1");
  ASSERT_EQ(h.Run({"EXISTS", "s"}), "(integer) 1");
  h.Put("str", "v");
  rdb::SaveOptions opts;
  opts.now_ms = h.clock().NowMs();
  const std::string image = rdb::Serialize(h.node().keyspace(), h.node().cfg(), opts);

  ManualClock clock;
  Rng rng(1);
  KeyspaceStats stats;
  KeyspaceEnv env;
  env.clock = &clock;
  env.rng = &rng;
  env.stats = &stats;
  Keyspace keyspace(h.node().cfg().databases, std::move(env));
  StatusOr<rdb::LoadStats> loaded =
      rdb::Load(image, keyspace, h.node().cfg(), clock.NowMs(), false);
  // Today: "empty collection for key 's' at offset ...": a server that saved
  // an empty stream cannot start from its own dump.rdb.
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(loaded->keys_loaded, 2u);
}

}  // namespace
}  // namespace shoal
