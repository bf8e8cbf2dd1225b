// The generic keyspace commands, driven through the dispatcher like a
// redis-cli session. Expected replies are Redis 7.0's.

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "common/strutil.h"
#include "node/commands/key_ops.h"
#include "tests/unit/harness.h"

namespace shoal {
namespace {

using testing::CommandHarness;
using Directives = std::vector<std::pair<std::string, std::string>>;

// The value of a string key, or "(absent)".
std::string Get(CommandHarness& h, const std::string& key, int db = 0) {
  const Object* o = h.node().keyspace().db(db).Find(key);
  return o == nullptr ? "(absent)" : o->StringValue();
}

// ---------------------------------------------------------------------------
// DEL, UNLINK, EXISTS, TYPE, TOUCH
// ---------------------------------------------------------------------------

TEST(KeysTest, DelCountsRemovedKeysOnce) {
  CommandHarness h;
  h.Put("a", "1");
  h.Put("b", "2");
  EXPECT_EQ(h.Run({"DEL", "a", "a", "b", "missing"}), "(integer) 2");
  EXPECT_EQ(Get(h, "a"), "(absent)");
  EXPECT_EQ(h.Run({"DEL", "a"}), "(integer) 0");
}

TEST(KeysTest, UnlinkBehavesLikeDel) {
  CommandHarness h;
  h.Put("a", "1");
  h.Put("b", "2");
  EXPECT_EQ(h.Run({"UNLINK", "a", "b", "c"}), "(integer) 2");
  EXPECT_EQ(h.Run({"DBSIZE"}), "(integer) 0");
}

TEST(KeysTest, DelDoesNotCountExpiredKeys) {
  CommandHarness h;
  h.Put("a", "1");
  EXPECT_EQ(h.Run({"PEXPIRE", "a", "100"}), "(integer) 1");
  h.clock().AdvanceMs(101);
  EXPECT_EQ(h.Run({"DEL", "a"}), "(integer) 0");
}

TEST(KeysTest, ExistsCountsDuplicates) {
  CommandHarness h;
  h.Put("a", "1");
  EXPECT_EQ(h.Run({"EXISTS", "a", "a", "b", "a"}), "(integer) 3");
  EXPECT_EQ(h.Run({"EXISTS", "b"}), "(integer) 0");
}

TEST(KeysTest, TypeReportsNoneForMissingKeys) {
  CommandHarness h;
  h.Put("a", "hello");
  EXPECT_EQ(h.Run({"TYPE", "a"}), "string");
  EXPECT_EQ(h.Run({"TYPE", "nokey"}), "none");
  EXPECT_EQ(h.RunRaw({"TYPE", "a"}), "+string\r\n");
}

TEST(KeysTest, TouchCountsExistingKeysAndResetsIdleTime) {
  CommandHarness h;
  h.Put("a", "1");
  h.Put("b", "hello");
  h.clock().AdvanceMs(10'000);
  EXPECT_EQ(h.Run({"OBJECT", "IDLETIME", "b"}), "(integer) 10");
  EXPECT_EQ(h.Run({"TOUCH", "a", "b", "c", "b"}), "(integer) 3");
  EXPECT_EQ(h.Run({"OBJECT", "IDLETIME", "b"}), "(integer) 0");
}

// ---------------------------------------------------------------------------
// EXPIRE family
// ---------------------------------------------------------------------------

TEST(KeysTest, ExpireSetsTtlAndKeyExpires) {
  CommandHarness h;
  h.Put("k", "v");
  EXPECT_EQ(h.Run({"EXPIRE", "k", "10"}), "(integer) 1");
  EXPECT_EQ(h.Run({"TTL", "k"}), "(integer) 10");
  EXPECT_EQ(h.Run({"PTTL", "k"}), "(integer) 10000");
  h.clock().AdvanceMs(9'999);
  EXPECT_EQ(h.Run({"PTTL", "k"}), "(integer) 1");
  EXPECT_EQ(h.Run({"EXISTS", "k"}), "(integer) 1");
  h.clock().AdvanceMs(2);
  EXPECT_EQ(h.Run({"EXISTS", "k"}), "(integer) 0");
  EXPECT_EQ(h.Run({"TTL", "k"}), "(integer) -2");
}

TEST(KeysTest, TtlRoundsToNearestSecond) {
  CommandHarness h;
  h.Put("k", "v");
  EXPECT_EQ(h.Run({"PEXPIRE", "k", "2500"}), "(integer) 1");
  EXPECT_EQ(h.Run({"TTL", "k"}), "(integer) 3");
  h.clock().AdvanceMs(1);
  EXPECT_EQ(h.Run({"TTL", "k"}), "(integer) 2");
  EXPECT_EQ(h.Run({"PTTL", "k"}), "(integer) 2499");
}

TEST(KeysTest, TtlOfMissingAndPersistentKeys) {
  CommandHarness h;
  h.Put("k", "v");
  for (const char* cmd : {"TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME"}) {
    EXPECT_EQ(h.Run({cmd, "k"}), "(integer) -1") << cmd;
    EXPECT_EQ(h.Run({cmd, "nokey"}), "(integer) -2") << cmd;
  }
}

TEST(KeysTest, PexpireAndUnits) {
  CommandHarness h;
  h.Put("k", "v");
  EXPECT_EQ(h.Run({"PEXPIRE", "k", "1500"}), "(integer) 1");
  EXPECT_EQ(h.Run({"PEXPIRETIME", "k"}), "(integer) 1700000001500");
  EXPECT_EQ(h.Run({"EXPIRETIME", "k"}), "(integer) 1700000002");
  EXPECT_EQ(h.Run({"EXPIREAT", "k", "1700000100"}), "(integer) 1");
  EXPECT_EQ(h.Run({"TTL", "k"}), "(integer) 100");
  EXPECT_EQ(h.Run({"EXPIRETIME", "k"}), "(integer) 1700000100");
  EXPECT_EQ(h.Run({"PEXPIREAT", "k", "1700000000250"}), "(integer) 1");
  EXPECT_EQ(h.Run({"PTTL", "k"}), "(integer) 250");
  EXPECT_EQ(h.Run({"PEXPIRETIME", "k"}), "(integer) 1700000000250");
}

TEST(KeysTest, ExpireOnMissingKeyReturnsZero) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"EXPIRE", "nokey", "10"}), "(integer) 0");
  EXPECT_EQ(h.Run({"PEXPIREAT", "nokey", "1"}), "(integer) 0");
  EXPECT_EQ(h.Run({"EXPIRE", "nokey", "10", "NX"}), "(integer) 0");
}

TEST(KeysTest, TimeInThePastDeletesTheKey) {
  CommandHarness h;
  h.Put("a", "1");
  h.Put("b", "1");
  h.Put("c", "1");
  h.Put("d", "1");
  EXPECT_EQ(h.Run({"PEXPIREAT", "a", "1699999999999"}), "(integer) 1");
  EXPECT_EQ(h.Run({"EXPIRE", "b", "-5"}), "(integer) 1");
  EXPECT_EQ(h.Run({"EXPIRE", "c", "0"}), "(integer) 1");
  // Exactly now counts as the past.
  EXPECT_EQ(h.Run({"PEXPIREAT", "d", "1700000000000"}), "(integer) 1");
  EXPECT_EQ(h.Run({"DBSIZE"}), "(integer) 0");
}

TEST(KeysTest, ExpireOptionMatrixWithoutTtl) {
  CommandHarness h;
  h.Put("k", "v");
  EXPECT_EQ(h.Run({"EXPIRE", "k", "100", "XX"}), "(integer) 0");
  EXPECT_EQ(h.Run({"EXPIRE", "k", "100", "GT"}), "(integer) 0");  // no TTL is infinite
  EXPECT_EQ(h.Run({"TTL", "k"}), "(integer) -1");
  EXPECT_EQ(h.Run({"EXPIRE", "k", "100", "LT"}), "(integer) 1");
  EXPECT_EQ(h.Run({"TTL", "k"}), "(integer) 100");
  EXPECT_EQ(h.Run({"PERSIST", "k"}), "(integer) 1");
  EXPECT_EQ(h.Run({"EXPIRE", "k", "100", "NX"}), "(integer) 1");
  EXPECT_EQ(h.Run({"TTL", "k"}), "(integer) 100");
}

TEST(KeysTest, ExpireOptionMatrixWithTtl) {
  CommandHarness h;
  h.Put("k", "v");
  ASSERT_EQ(h.Run({"EXPIRE", "k", "100"}), "(integer) 1");
  EXPECT_EQ(h.Run({"EXPIRE", "k", "200", "NX"}), "(integer) 0");
  EXPECT_EQ(h.Run({"EXPIRE", "k", "200", "XX"}), "(integer) 1");
  EXPECT_EQ(h.Run({"TTL", "k"}), "(integer) 200");
  EXPECT_EQ(h.Run({"EXPIRE", "k", "150", "GT"}), "(integer) 0");
  EXPECT_EQ(h.Run({"EXPIRE", "k", "200", "GT"}), "(integer) 0");  // equal is not greater
  EXPECT_EQ(h.Run({"EXPIRE", "k", "300", "gt"}), "(integer) 1");
  EXPECT_EQ(h.Run({"EXPIRE", "k", "300", "LT"}), "(integer) 0");  // equal is not less
  EXPECT_EQ(h.Run({"EXPIRE", "k", "400", "LT"}), "(integer) 0");
  EXPECT_EQ(h.Run({"EXPIRE", "k", "50", "lt"}), "(integer) 1");
  EXPECT_EQ(h.Run({"EXPIRE", "k", "60", "XX", "GT"}), "(integer) 1");
  EXPECT_EQ(h.Run({"EXPIRE", "k", "40", "XX", "LT"}), "(integer) 1");
  EXPECT_EQ(h.Run({"TTL", "k"}), "(integer) 40");
  // Options are checked before the past-time deletion.
  EXPECT_EQ(h.Run({"EXPIRE", "k", "-1", "GT"}), "(integer) 0");
  EXPECT_EQ(h.Run({"EXPIRE", "k", "-1", "NX"}), "(integer) 0");
  EXPECT_EQ(h.Run({"EXISTS", "k"}), "(integer) 1");
  EXPECT_EQ(h.Run({"EXPIRE", "k", "-1", "LT"}), "(integer) 1");
  EXPECT_EQ(h.Run({"EXISTS", "k"}), "(integer) 0");
}

TEST(KeysTest, ExpireOptionErrors) {
  CommandHarness h;
  h.Put("k", "v");
  const std::string nx_error =
      "(error) ERR NX and XX, GT or LT options at the same time are not compatible";
  EXPECT_EQ(h.Run({"EXPIRE", "k", "10", "NX", "XX"}), nx_error);
  EXPECT_EQ(h.Run({"EXPIRE", "k", "10", "NX", "GT"}), nx_error);
  EXPECT_EQ(h.Run({"PEXPIRE", "k", "10", "LT", "NX"}), nx_error);
  EXPECT_EQ(h.Run({"EXPIREAT", "k", "10", "GT", "LT"}),
            "(error) ERR GT and LT options at the same time are not compatible");
  EXPECT_EQ(h.Run({"EXPIRE", "k", "10", "foo"}), "(error) ERR Unsupported option foo");
  // Options are parsed before the time.
  EXPECT_EQ(h.Run({"EXPIRE", "k", "abc", "Bar"}), "(error) ERR Unsupported option Bar");
  EXPECT_EQ(h.Run({"EXPIRE", "k", "abc", "NX"}),
            "(error) ERR value is not an integer or out of range");
  EXPECT_EQ(h.Run({"PEXPIREAT", "k", "1.5"}),
            "(error) ERR value is not an integer or out of range");
  EXPECT_EQ(h.Run({"TTL", "k"}), "(integer) -1");
}

TEST(KeysTest, ExpireOverflowIsAnError) {
  CommandHarness h;
  h.Put("k", "v");
  EXPECT_EQ(h.Run({"EXPIRE", "k", "9223372036854775807"}),
            "(error) ERR invalid expire time in 'expire' command");
  EXPECT_EQ(h.Run({"EXPIRE", "k", "-9223372036854775808"}),
            "(error) ERR invalid expire time in 'expire' command");
  EXPECT_EQ(h.Run({"PEXPIRE", "k", "9223372036854775807"}),
            "(error) ERR invalid expire time in 'pexpire' command");
  EXPECT_EQ(h.Run({"EXPIREAT", "k", "9223372036854776"}),
            "(error) ERR invalid expire time in 'expireat' command");
  // Even for a missing key: the time is checked first.
  EXPECT_EQ(h.Run({"expire", "nokey", "9223372036854775807"}),
            "(error) ERR invalid expire time in 'expire' command");
  EXPECT_EQ(h.Run({"EXPIREAT", "k", "9223372036854775"}), "(integer) 1");
  EXPECT_EQ(h.Run({"EXPIRETIME", "k"}), "(integer) 9223372036854775");
  EXPECT_EQ(h.Run({"PEXPIREAT", "k", "9223372036854775807"}), "(integer) 1");
  EXPECT_EQ(h.Run({"PEXPIRETIME", "k"}), "(integer) 9223372036854775807");
  // Rounding a TTL this close to INT64_MAX must not overflow.
  EXPECT_EQ(h.Run({"EXPIRETIME", "k"}), "(integer) 9223372036854776");
  EXPECT_EQ(h.Run({"PTTL", "k"}), "(integer) 9223370336854775807");
}

TEST(KeysTest, PersistRemovesTtl) {
  CommandHarness h;
  h.Put("k", "v");
  EXPECT_EQ(h.Run({"PERSIST", "k"}), "(integer) 0");
  EXPECT_EQ(h.Run({"PERSIST", "nokey"}), "(integer) 0");
  EXPECT_EQ(h.Run({"EXPIRE", "k", "10"}), "(integer) 1");
  EXPECT_EQ(h.Run({"PERSIST", "k"}), "(integer) 1");
  EXPECT_EQ(h.Run({"TTL", "k"}), "(integer) -1");
  h.clock().AdvanceMs(20'000);
  EXPECT_EQ(h.Run({"EXISTS", "k"}), "(integer) 1");
}

TEST(KeysTest, ExpiryArithmeticHelpers) {
  using keyops::ExpireConditionsHold;
  namespace f = keyops::expireflag;
  EXPECT_TRUE(ExpireConditionsHold(0, -1, 5));
  EXPECT_TRUE(ExpireConditionsHold(f::kNx, -1, 5));
  EXPECT_FALSE(ExpireConditionsHold(f::kNx, 10, 5));
  EXPECT_FALSE(ExpireConditionsHold(f::kXx, -1, 5));
  EXPECT_TRUE(ExpireConditionsHold(f::kXx, 10, 5));
  EXPECT_FALSE(ExpireConditionsHold(f::kGt, -1, 5));
  EXPECT_FALSE(ExpireConditionsHold(f::kGt, 10, 10));
  EXPECT_TRUE(ExpireConditionsHold(f::kGt, 10, 11));
  EXPECT_TRUE(ExpireConditionsHold(f::kLt, -1, 5));
  EXPECT_FALSE(ExpireConditionsHold(f::kLt, 10, 10));
  EXPECT_TRUE(ExpireConditionsHold(f::kLt, 10, 9));
  EXPECT_FALSE(ExpireConditionsHold(f::kXx | f::kLt, -1, 5));

  auto at = keyops::AbsoluteExpireMs(2, true, 1000, "expire");
  ASSERT_TRUE(at.ok());
  EXPECT_EQ(*at, 3000);
  EXPECT_FALSE(keyops::AbsoluteExpireMs(INT64_MAX - 999, false, 1000, "pexpire").ok());
  EXPECT_TRUE(keyops::AbsoluteExpireMs(INT64_MAX - 1000, false, 1000, "pexpire").ok());
}

// ---------------------------------------------------------------------------
// KEYS, SCAN, RANDOMKEY, DBSIZE
// ---------------------------------------------------------------------------

std::set<std::string> AsSet(const resp::Value& v) {
  std::set<std::string> out;
  for (const auto& e : v.elems) out.insert(e.str);
  return out;
}

TEST(KeysTest, KeysMatchesGlobAndSkipsExpired) {
  CommandHarness h;
  for (const char* k : {"one", "two", "three", "four", "h?llo", "hello"}) h.Put(k, "x");
  EXPECT_EQ(AsSet(h.RunValue({"KEYS", "t*"})), (std::set<std::string>{"two", "three"}));
  EXPECT_EQ(AsSet(h.RunValue({"KEYS", "*o"})), (std::set<std::string>{"two", "h?llo", "hello"}));
  EXPECT_EQ(AsSet(h.RunValue({"KEYS", "h\\?llo"})), (std::set<std::string>{"h?llo"}));
  EXPECT_EQ(AsSet(h.RunValue({"KEYS", "[ot]*"})), (std::set<std::string>{"one", "two", "three"}));
  EXPECT_EQ(h.RunValue({"KEYS", "*"}).elems.size(), 6u);
  EXPECT_EQ(h.Run({"KEYS", "nomatch*"}), "[]");
  EXPECT_EQ(h.Run({"PEXPIRE", "one", "10"}), "(integer) 1");
  h.clock().AdvanceMs(11);
  EXPECT_EQ(h.RunValue({"KEYS", "*"}).elems.size(), 5u);
}

// Runs a full SCAN with the given extra arguments; every reply is checked for
// shape. Returns every key seen (with repeats collapsed) and the number of
// calls made.
std::set<std::string> FullScan(CommandHarness& h, std::vector<std::string> extra,
                               size_t* calls = nullptr) {
  std::set<std::string> seen;
  std::string cursor = "0";
  size_t n = 0;
  const size_t kMaxCalls = 100'000;  // bound: a broken cursor must not hang the test
  do {
    std::vector<std::string> argv = {"SCAN", cursor};
    argv.insert(argv.end(), extra.begin(), extra.end());
    resp::Value reply = h.RunValue(argv);
    EXPECT_EQ(reply.type, resp::Value::Type::kArray) << reply.ToString();
    if (reply.elems.size() != 2) break;
    cursor = reply.elems[0].str;
    for (const auto& key : reply.elems[1].elems) seen.insert(key.str);
  } while (cursor != "0" && ++n < kMaxCalls);
  EXPECT_LT(n, kMaxCalls);
  if (calls != nullptr) *calls = n + 1;
  return seen;
}

TEST(KeysTest, ScanReturnsEveryKeyAtLeastOnce) {
  CommandHarness h;
  std::set<std::string> all;
  for (int i = 0; i < 5000; ++i) {
    std::string k = "key:" + std::to_string(i);
    h.Put(k, "v");
    all.insert(k);
  }
  size_t calls = 0;
  EXPECT_EQ(FullScan(h, {"COUNT", "10"}, &calls), all);
  EXPECT_GT(calls, 100u);  // COUNT really limits the page size
  EXPECT_EQ(FullScan(h, {}), all);
  EXPECT_EQ(FullScan(h, {"COUNT", "1000"}), all);
}

TEST(KeysTest, ScanSurvivesGrowthDuringIteration) {
  CommandHarness h;
  std::set<std::string> initial;
  for (int i = 0; i < 500; ++i) {
    std::string k = "k" + std::to_string(i);
    h.Put(k, "v");
    initial.insert(k);
  }
  std::set<std::string> seen;
  std::string cursor = "0";
  int added = 0;
  for (int n = 0; n < 100'000; ++n) {
    resp::Value reply = h.RunValue({"SCAN", cursor, "COUNT", "7"});
    ASSERT_EQ(reply.elems.size(), 2u);
    cursor = reply.elems[0].str;
    for (const auto& key : reply.elems[1].elems) seen.insert(key.str);
    // Grow the keyspace between calls so tables rehash mid-scan.
    for (int j = 0; j < 20; ++j, ++added) h.Put("new" + std::to_string(added), "v");
    if (cursor == "0") break;
  }
  EXPECT_EQ(cursor, "0");
  for (const auto& k : initial) EXPECT_TRUE(seen.count(k)) << k;
}

TEST(KeysTest, ScanMatchAndType) {
  CommandHarness h;
  for (int i = 0; i < 100; ++i) h.Put((i % 2 ? "odd:" : "even:") + std::to_string(i), "v");
  std::set<std::string> odd = FullScan(h, {"MATCH", "odd:*", "COUNT", "5"});
  EXPECT_EQ(odd.size(), 50u);
  for (const auto& k : odd) EXPECT_EQ(k.rfind("odd:", 0), 0u) << k;
  EXPECT_EQ(FullScan(h, {"TYPE", "string"}).size(), 100u);
  EXPECT_EQ(FullScan(h, {"type", "STRING", "match", "even:1*"}).size(), 5u);  // 10..18
  EXPECT_EQ(FullScan(h, {"TYPE", "list"}).size(), 0u);
  EXPECT_EQ(FullScan(h, {"TYPE", "nosuchtype"}).size(), 0u);
  EXPECT_EQ(FullScan(h, {"MATCH", "*"}).size(), 100u);
}

TEST(KeysTest, ScanSkipsExpiredKeys) {
  CommandHarness h;
  h.Put("live", "v");
  h.Put("dead", "v");
  EXPECT_EQ(h.Run({"PEXPIRE", "dead", "5"}), "(integer) 1");
  h.clock().AdvanceMs(6);
  EXPECT_EQ(FullScan(h, {}), (std::set<std::string>{"live"}));
}

TEST(KeysTest, ScanWithHugeCountReturnsEverything) {
  CommandHarness h;
  for (int i = 0; i < 300; ++i) h.Put("k" + std::to_string(i), "v");
  resp::Value reply = h.RunValue({"SCAN", "0", "COUNT", "9223372036854775807"});
  ASSERT_EQ(reply.elems.size(), 2u);
  EXPECT_EQ(reply.elems[0].str, "0");
  EXPECT_EQ(reply.elems[1].elems.size(), 300u);
}

TEST(KeysTest, ScanOnEmptyDb) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"SCAN", "0"}), "[0, []]");
}

TEST(KeysTest, ScanCursorParsing) {
  CommandHarness h;
  h.Put("k", "v");
  // strtoul rules: an empty string is 0, signs and leading zeros are fine.
  EXPECT_EQ(h.Run({"SCAN", ""}), "[0, [k]]");
  EXPECT_EQ(h.Run({"SCAN", "+0"}), "[0, [k]]");
  EXPECT_EQ(h.Run({"SCAN", "00"}), "[0, [k]]");
  EXPECT_EQ(h.RunValue({"SCAN", "-1"}).type, resp::Value::Type::kArray);
  for (const char* bad : {" 0", "abc", "1x", "18446744073709551616", "-", "0x10"}) {
    EXPECT_EQ(h.Run({"SCAN", bad}), "(error) ERR invalid cursor") << bad;
  }
  uint64_t c = 0;
  ASSERT_TRUE(keyops::ParseScanCursor("-1", &c));
  EXPECT_EQ(c, UINT64_MAX);
  ASSERT_TRUE(keyops::ParseScanCursor("18446744073709551615", &c));
  EXPECT_EQ(c, UINT64_MAX);
}

TEST(KeysTest, ScanOptionErrors) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"SCAN", "0", "COUNT", "0"}), "(error) ERR syntax error");
  EXPECT_EQ(h.Run({"SCAN", "0", "COUNT", "-1"}), "(error) ERR syntax error");
  EXPECT_EQ(h.Run({"SCAN", "0", "COUNT", "x"}),
            "(error) ERR value is not an integer or out of range");
  EXPECT_EQ(h.Run({"SCAN", "0", "COUNT"}), "(error) ERR syntax error");
  EXPECT_EQ(h.Run({"SCAN", "0", "MATCH"}), "(error) ERR syntax error");
  EXPECT_EQ(h.Run({"SCAN", "0", "TYPE"}), "(error) ERR syntax error");
  EXPECT_EQ(h.Run({"SCAN", "0", "foo", "bar"}), "(error) ERR syntax error");
  // The cursor is checked before the options.
  EXPECT_EQ(h.Run({"SCAN", "x", "foo"}), "(error) ERR invalid cursor");
}

TEST(KeysTest, RandomKey) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"RANDOMKEY"}), "(nil)");
  h.Put("a", "1");
  h.Put("b", "1");
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) seen.insert(h.Run({"RANDOMKEY"}));
  EXPECT_EQ(seen, (std::set<std::string>{"a", "b"}));
  EXPECT_EQ(h.Run({"PEXPIRE", "a", "1"}), "(integer) 1");
  h.clock().AdvanceMs(2);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(h.Run({"RANDOMKEY"}), "b");
}

TEST(KeysTest, DbSizeCountsCurrentDb) {
  CommandHarness h;
  h.Put("a", "1");
  h.Put("b", "1", 1);
  EXPECT_EQ(h.Run({"DBSIZE"}), "(integer) 1");
  h.client().db = 1;
  EXPECT_EQ(h.Run({"DBSIZE"}), "(integer) 1");
  h.client().db = 2;
  EXPECT_EQ(h.Run({"DBSIZE"}), "(integer) 0");
}

// ---------------------------------------------------------------------------
// RENAME, RENAMENX, COPY, MOVE, SWAPDB
// ---------------------------------------------------------------------------

TEST(KeysTest, RenameMovesValueAndTtl) {
  CommandHarness h;
  h.Put("a", "hello");
  EXPECT_EQ(h.Run({"PEXPIRE", "a", "5000"}), "(integer) 1");
  EXPECT_EQ(h.Run({"RENAME", "a", "b"}), "OK");
  EXPECT_EQ(Get(h, "a"), "(absent)");
  EXPECT_EQ(Get(h, "b"), "hello");
  EXPECT_EQ(h.Run({"PTTL", "b"}), "(integer) 5000");
  h.clock().AdvanceMs(5001);
  EXPECT_EQ(h.Run({"EXISTS", "b"}), "(integer) 0");
}

TEST(KeysTest, RenameOverwritesTargetAndItsTtl) {
  CommandHarness h;
  h.Put("a", "1");
  h.Put("b", "2");
  EXPECT_EQ(h.Run({"EXPIRE", "b", "100"}), "(integer) 1");
  EXPECT_EQ(h.Run({"RENAME", "a", "b"}), "OK");
  EXPECT_EQ(Get(h, "b"), "1");
  EXPECT_EQ(h.Run({"TTL", "b"}), "(integer) -1");
  EXPECT_EQ(h.Run({"DBSIZE"}), "(integer) 1");
}

TEST(KeysTest, RenameErrorsAndSelfRename) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"RENAME", "nokey", "x"}), "(error) ERR no such key");
  EXPECT_EQ(h.Run({"RENAME", "nokey", "nokey"}), "(error) ERR no such key");
  EXPECT_EQ(h.Run({"RENAMENX", "nokey", "x"}), "(error) ERR no such key");
  h.Put("k", "v");
  EXPECT_EQ(h.Run({"EXPIRE", "k", "100"}), "(integer) 1");
  EXPECT_EQ(h.Run({"RENAME", "k", "k"}), "OK");
  EXPECT_EQ(Get(h, "k"), "v");
  EXPECT_EQ(h.Run({"TTL", "k"}), "(integer) 100");
  EXPECT_EQ(h.Run({"RENAMENX", "k", "k"}), "(integer) 0");
}

TEST(KeysTest, RenameNx) {
  CommandHarness h;
  h.Put("a", "1");
  h.Put("b", "2");
  EXPECT_EQ(h.Run({"RENAMENX", "a", "b"}), "(integer) 0");
  EXPECT_EQ(Get(h, "a"), "1");
  EXPECT_EQ(h.Run({"EXPIRE", "a", "50"}), "(integer) 1");
  EXPECT_EQ(h.Run({"RENAMENX", "a", "c"}), "(integer) 1");
  EXPECT_EQ(Get(h, "c"), "1");
  EXPECT_EQ(h.Run({"TTL", "c"}), "(integer) 50");
  EXPECT_EQ(h.Run({"EXISTS", "a"}), "(integer) 0");
}

TEST(KeysTest, RenameOfExpiredKeyFails) {
  CommandHarness h;
  h.Put("a", "1");
  EXPECT_EQ(h.Run({"PEXPIRE", "a", "10"}), "(integer) 1");
  h.clock().AdvanceMs(11);
  EXPECT_EQ(h.Run({"RENAME", "a", "b"}), "(error) ERR no such key");
}

TEST(KeysTest, CopyWithinDb) {
  CommandHarness h;
  h.Put("a", "hello");
  EXPECT_EQ(h.Run({"EXPIRE", "a", "100"}), "(integer) 1");
  EXPECT_EQ(h.Run({"COPY", "a", "b"}), "(integer) 1");
  EXPECT_EQ(Get(h, "b"), "hello");
  EXPECT_EQ(h.Run({"TTL", "b"}), "(integer) 100");
  EXPECT_EQ(h.Run({"COPY", "nokey", "c"}), "(integer) 0");
  // The copy is independent of the source.
  h.node().keyspace().db(0).Find("a")->MutableString() = "changed";
  EXPECT_EQ(Get(h, "b"), "hello");
  EXPECT_EQ(h.Run({"OBJECT", "ENCODING", "b"}), "embstr");
}

TEST(KeysTest, CopyReplace) {
  CommandHarness h;
  h.Put("a", "1");
  h.Put("b", "2");
  EXPECT_EQ(h.Run({"EXPIRE", "b", "100"}), "(integer) 1");
  EXPECT_EQ(h.Run({"COPY", "a", "b"}), "(integer) 0");
  EXPECT_EQ(Get(h, "b"), "2");
  EXPECT_EQ(h.Run({"COPY", "a", "b", "replace"}), "(integer) 1");
  EXPECT_EQ(Get(h, "b"), "1");
  EXPECT_EQ(h.Run({"TTL", "b"}), "(integer) -1");  // the source had no TTL
}

TEST(KeysTest, CopyToOtherDb) {
  CommandHarness h;
  h.Put("a", "1");
  EXPECT_EQ(h.Run({"COPY", "a", "a", "DB", "3"}), "(integer) 1");
  EXPECT_EQ(Get(h, "a", 3), "1");
  EXPECT_EQ(Get(h, "a", 0), "1");
  EXPECT_EQ(h.Run({"COPY", "a", "a", "DB", "3"}), "(integer) 0");
  h.Put("a", "2");
  EXPECT_EQ(h.Run({"COPY", "a", "a", "REPLACE", "DB", "3"}), "(integer) 1");
  EXPECT_EQ(Get(h, "a", 3), "2");
  // From another db back to db 0 (the source is the client's db).
  h.client().db = 3;
  EXPECT_EQ(h.Run({"COPY", "a", "z", "DB", "0"}), "(integer) 1");
  EXPECT_EQ(Get(h, "z", 0), "2");
}

TEST(KeysTest, CopyErrors) {
  CommandHarness h;
  h.Put("a", "1");
  const std::string same = "(error) ERR source and destination objects are the same";
  EXPECT_EQ(h.Run({"COPY", "a", "a"}), same);
  EXPECT_EQ(h.Run({"COPY", "a", "a", "DB", "0"}), same);
  EXPECT_EQ(h.Run({"COPY", "nokey", "nokey"}), same);
  EXPECT_EQ(h.Run({"COPY", "a", "b", "DB", "16"}), "(error) ERR DB index is out of range");
  EXPECT_EQ(h.Run({"COPY", "a", "b", "DB", "-1"}), "(error) ERR DB index is out of range");
  EXPECT_EQ(h.Run({"COPY", "a", "b", "DB", "x"}),
            "(error) ERR value is not an integer or out of range");
  EXPECT_EQ(h.Run({"COPY", "a", "b", "DB", "99999999999"}),
            "(error) ERR value is out of range, value must between -2147483648 and 2147483647");
  EXPECT_EQ(h.Run({"COPY", "a", "b", "DB"}), "(error) ERR syntax error");
  EXPECT_EQ(h.Run({"COPY", "a", "b", "foo"}), "(error) ERR syntax error");
  EXPECT_EQ(h.Run({"DBSIZE"}), "(integer) 1");
}

TEST(KeysTest, MoveBetweenDbs) {
  CommandHarness h;
  h.Put("a", "1");
  EXPECT_EQ(h.Run({"PEXPIRE", "a", "3000"}), "(integer) 1");
  EXPECT_EQ(h.Run({"MOVE", "a", "1"}), "(integer) 1");
  EXPECT_EQ(Get(h, "a", 0), "(absent)");
  EXPECT_EQ(Get(h, "a", 1), "1");
  h.client().db = 1;
  EXPECT_EQ(h.Run({"PTTL", "a"}), "(integer) 3000");
  EXPECT_EQ(h.Run({"MOVE", "nokey", "0"}), "(integer) 0");
  // The target already holds the key: nothing moves.
  h.Put("a", "0", 0);
  EXPECT_EQ(h.Run({"MOVE", "a", "0"}), "(integer) 0");
  EXPECT_EQ(Get(h, "a", 0), "0");
  EXPECT_EQ(Get(h, "a", 1), "1");
}

TEST(KeysTest, MoveErrors) {
  CommandHarness h;
  h.Put("a", "1");
  EXPECT_EQ(h.Run({"MOVE", "a", "0"}), "(error) ERR source and destination objects are the same");
  EXPECT_EQ(h.Run({"MOVE", "nokey", "0"}),
            "(error) ERR source and destination objects are the same");
  EXPECT_EQ(h.Run({"MOVE", "a", "16"}), "(error) ERR DB index is out of range");
  EXPECT_EQ(h.Run({"MOVE", "a", "-1"}), "(error) ERR DB index is out of range");
  EXPECT_EQ(h.Run({"MOVE", "a", "abc"}), "(error) ERR value is not an integer or out of range");
  EXPECT_EQ(h.Run({"MOVE", "a", " 1"}), "(error) ERR value is not an integer or out of range");
  EXPECT_EQ(h.Run({"MOVE", "a", "99999999999"}),
            "(error) ERR value is out of range, value must between -2147483648 and 2147483647");
}

TEST(KeysTest, SwapDb) {
  CommandHarness h;
  h.Put("a", "in0", 0);
  h.Put("b", "in1", 1);
  EXPECT_EQ(h.Run({"EXPIRE", "a", "100"}), "(integer) 1");
  EXPECT_EQ(h.Run({"SWAPDB", "0", "1"}), "OK");
  EXPECT_EQ(Get(h, "b", 0), "in1");
  EXPECT_EQ(Get(h, "a", 1), "in0");
  EXPECT_EQ(h.Run({"EXISTS", "a"}), "(integer) 0");
  h.client().db = 1;
  EXPECT_EQ(h.Run({"TTL", "a"}), "(integer) 100");
  EXPECT_EQ(h.Run({"SWAPDB", "1", "1"}), "OK");
  EXPECT_EQ(Get(h, "a", 1), "in0");
}

TEST(KeysTest, SwapDbErrors) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"SWAPDB", "a", "1"}), "(error) ERR invalid first DB index");
  EXPECT_EQ(h.Run({"SWAPDB", "a", "b"}), "(error) ERR invalid first DB index");
  EXPECT_EQ(h.Run({"SWAPDB", "1", "b"}), "(error) ERR invalid second DB index");
  EXPECT_EQ(h.Run({"SWAPDB", "99999999999", "1"}), "(error) ERR invalid first DB index");
  EXPECT_EQ(h.Run({"SWAPDB", "1", "99999999999"}), "(error) ERR invalid second DB index");
  EXPECT_EQ(h.Run({"SWAPDB", "1", "16"}), "(error) ERR DB index is out of range");
  EXPECT_EQ(h.Run({"SWAPDB", "-1", "0"}), "(error) ERR DB index is out of range");
  EXPECT_EQ(h.Run({"SWAPDB", "99", "99"}), "(error) ERR DB index is out of range");
}

TEST(KeysTest, DbIndexLimitFollowsDatabasesConfig) {
  CommandHarness h(Directives{{"databases", "4"}});
  h.Put("a", "1");
  EXPECT_EQ(h.Run({"MOVE", "a", "3"}), "(integer) 1");
  EXPECT_EQ(h.Run({"MOVE", "a", "4"}), "(error) ERR DB index is out of range");
  EXPECT_EQ(h.Run({"SWAPDB", "0", "4"}), "(error) ERR DB index is out of range");
}

// ---------------------------------------------------------------------------
// FLUSHDB, FLUSHALL
// ---------------------------------------------------------------------------

TEST(KeysTest, FlushDbClearsOnlyCurrentDb) {
  CommandHarness h;
  h.Put("a", "1", 0);
  h.Put("b", "1", 1);
  EXPECT_EQ(h.Run({"FLUSHDB"}), "OK");
  EXPECT_EQ(h.Run({"DBSIZE"}), "(integer) 0");
  EXPECT_EQ(Get(h, "b", 1), "1");
  h.client().db = 1;
  EXPECT_EQ(h.Run({"FLUSHDB", "async"}), "OK");
  EXPECT_EQ(Get(h, "b", 1), "(absent)");
  EXPECT_EQ(h.Run({"FLUSHDB", "SYNC"}), "OK");
}

TEST(KeysTest, FlushAllClearsEveryDb) {
  CommandHarness h;
  for (int db = 0; db < 16; ++db) h.Put("k", "v", db);
  EXPECT_EQ(h.Run({"FLUSHALL", "ASYNC"}), "OK");
  for (int db = 0; db < 16; ++db) EXPECT_EQ(Get(h, "k", db), "(absent)") << db;
  h.Put("k", "v", 5);
  EXPECT_EQ(h.Run({"FLUSHALL"}), "OK");
  EXPECT_EQ(Get(h, "k", 5), "(absent)");
  EXPECT_EQ(h.Run({"flushall", "sync"}), "OK");
}

TEST(KeysTest, FlushOptionErrors) {
  CommandHarness h;
  h.Put("k", "v");
  EXPECT_EQ(h.Run({"FLUSHDB", "foo"}), "(error) ERR syntax error");
  EXPECT_EQ(h.Run({"FLUSHALL", "foo"}), "(error) ERR syntax error");
  EXPECT_EQ(h.Run({"FLUSHALL", "SYNC", "ASYNC"}), "(error) ERR syntax error");
  EXPECT_EQ(h.Run({"FLUSHDB", "ASYNC", "ASYNC"}), "(error) ERR syntax error");
  EXPECT_EQ(Get(h, "k"), "v");
}

// ---------------------------------------------------------------------------
// OBJECT
// ---------------------------------------------------------------------------

TEST(KeysTest, ObjectEncoding) {
  CommandHarness h;
  h.Put("int", "12345");
  h.Put("emb", "hello");
  h.Put("raw", std::string(45, 'x'));
  EXPECT_EQ(h.Run({"OBJECT", "ENCODING", "int"}), "int");
  EXPECT_EQ(h.Run({"OBJECT", "encoding", "emb"}), "embstr");
  EXPECT_EQ(h.Run({"object", "Encoding", "raw"}), "raw");
  EXPECT_EQ(h.Run({"OBJECT", "ENCODING", "nokey"}), "(nil)");
}

TEST(KeysTest, ObjectRefCount) {
  CommandHarness h;
  h.Put("small", "9999");
  h.Put("zero", "0");
  h.Put("big", "10000");
  h.Put("neg", "-1");
  h.Put("str", "hello");
  EXPECT_EQ(h.Run({"OBJECT", "REFCOUNT", "small"}), "(integer) 2147483647");
  EXPECT_EQ(h.Run({"OBJECT", "REFCOUNT", "zero"}), "(integer) 2147483647");
  EXPECT_EQ(h.Run({"OBJECT", "REFCOUNT", "big"}), "(integer) 1");
  EXPECT_EQ(h.Run({"OBJECT", "REFCOUNT", "neg"}), "(integer) 1");
  EXPECT_EQ(h.Run({"OBJECT", "REFCOUNT", "str"}), "(integer) 1");
  EXPECT_EQ(h.Run({"OBJECT", "REFCOUNT", "nokey"}), "(nil)");
}

TEST(KeysTest, ObjectRefCountWithoutSharedIntegers) {
  // An LRU policy with a memory limit gives every key its own object.
  CommandHarness h({{"maxmemory", "100mb"}, {"maxmemory-policy", "allkeys-lru"}});
  h.Put("small", "5");
  EXPECT_EQ(h.Run({"OBJECT", "REFCOUNT", "small"}), "(integer) 1");
}

TEST(KeysTest, ObjectIdleTime) {
  CommandHarness h;
  h.Put("k", "v");
  EXPECT_EQ(h.Run({"OBJECT", "IDLETIME", "k"}), "(integer) 0");
  h.clock().AdvanceMs(5'000);
  EXPECT_EQ(h.Run({"OBJECT", "IDLETIME", "k"}), "(integer) 5");
  // Commands that do not count as access leave the clock alone.
  EXPECT_EQ(h.Run({"TTL", "k"}), "(integer) -1");
  EXPECT_EQ(h.Run({"TYPE", "k"}), "string");
  EXPECT_EQ(h.Run({"EXISTS", "k"}), "(integer) 1");
  EXPECT_EQ(h.Run({"OBJECT", "IDLETIME", "k"}), "(integer) 5");
  EXPECT_EQ(h.Run({"OBJECT", "IDLETIME", "nokey"}), "(nil)");
  EXPECT_EQ(h.Run({"OBJECT", "FREQ", "k"}),
            "(error) ERR An LFU maxmemory policy is not selected, access frequency not tracked. "
            "Please note that when switching between policies at runtime LRU and LFU data will "
            "take some time to adjust.");
  EXPECT_EQ(h.Run({"OBJECT", "FREQ", "nokey"}), "(nil)");
}

TEST(KeysTest, ObjectUnderLfuPolicy) {
  CommandHarness h(Directives{{"maxmemory-policy", "allkeys-lfu"}});
  h.Put("k", "v");
  EXPECT_EQ(h.Run({"OBJECT", "IDLETIME", "k"}),
            "(error) ERR An LFU maxmemory policy is selected, idle time not tracked. Please note "
            "that when switching between policies at runtime LRU and LFU data will take some "
            "time to adjust.");
  EXPECT_EQ(h.RunValue({"OBJECT", "FREQ", "k"}).type, resp::Value::Type::kInteger);
  EXPECT_EQ(h.Run({"OBJECT", "FREQ", "nokey"}), "(nil)");
}

TEST(KeysTest, LruAndLfuClockArithmetic) {
  const int64_t now_ms = 1'700'000'000'000;
  const uint32_t clock = keyops::LruClock(now_ms);
  EXPECT_EQ(keyops::IdleTimeMs(clock, now_ms), 0u);
  EXPECT_EQ(keyops::IdleTimeMs(clock, now_ms + 7'500), 7'000u);
  // The 24-bit clock wraps: an object touched just before the wrap.
  const int64_t wrap_ms = int64_t{1 << 24} * 1000 * 101;  // clock reads 0 here
  EXPECT_EQ(keyops::LruClock(wrap_ms), 0u);
  EXPECT_EQ(keyops::IdleTimeMs(keyops::kLruClockMax - 2, wrap_ms + 1000), 3'000u);

  const auto minute = static_cast<uint32_t>((now_ms / 60'000) & 0xFFFF);
  const uint32_t lfu = (minute << 8) | 10;
  EXPECT_EQ(keyops::LfuCounter(lfu, now_ms, 1), 10u);
  EXPECT_EQ(keyops::LfuCounter(lfu, now_ms + 3 * 60'000, 1), 7u);
  EXPECT_EQ(keyops::LfuCounter(lfu, now_ms + 4 * 60'000, 2), 8u);
  EXPECT_EQ(keyops::LfuCounter(lfu, now_ms + 60 * 60'000, 1), 0u);
  EXPECT_EQ(keyops::LfuCounter(lfu, now_ms + 60 * 60'000, 0), 10u);  // decay disabled
}

TEST(KeysTest, ObjectHelp) {
  CommandHarness h;
  resp::Value help = h.RunValue({"OBJECT", "HELP"});
  ASSERT_EQ(help.elems.size(), 15u);
  EXPECT_EQ(help.elems[0].type, resp::Value::Type::kStatus);
  EXPECT_EQ(help.elems[0].str, "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
  EXPECT_EQ(help.elems[1].str, "ENCODING <key>");
  EXPECT_EQ(help.elems[13].str, "HELP");
  EXPECT_EQ(help.elems[14].str, "    Prints this help.");
  EXPECT_EQ(h.RunRaw({"object", "help"}).substr(0, 21), "*15\r\n+OBJECT <subcomm");
}

TEST(KeysTest, ObjectSubcommandErrors) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"OBJECT", "foo"}), "(error) ERR unknown subcommand 'foo'. Try OBJECT HELP.");
  EXPECT_EQ(h.Run({"OBJECT"}), "(error) ERR wrong number of arguments for 'object' command");
  EXPECT_EQ(h.Run({"OBJECT", "ENCODING"}),
            "(error) ERR wrong number of arguments for 'object|encoding' command");
  EXPECT_EQ(h.Run({"OBJECT", "ENCODING", "a", "b"}),
            "(error) ERR wrong number of arguments for 'object|encoding' command");
  EXPECT_EQ(h.Run({"OBJECT", "HELP", "x"}),
            "(error) ERR wrong number of arguments for 'object|help' command");
}

// ---------------------------------------------------------------------------
// Protocol details
// ---------------------------------------------------------------------------

TEST(KeysTest, Resp3Replies) {
  CommandHarness h;
  h.client().resp = 3;
  EXPECT_EQ(h.RunRaw({"OBJECT", "ENCODING", "nokey"}), "_\r\n");
  EXPECT_EQ(h.RunRaw({"RANDOMKEY"}), "_\r\n");
  h.Put("k", "v");
  EXPECT_EQ(h.RunRaw({"SCAN", "0"}), "*2\r\n$1\r\n0\r\n*1\r\n$1\r\nk\r\n");
  EXPECT_EQ(h.RunRaw({"TYPE", "k"}), "+string\r\n");
  EXPECT_EQ(h.RunRaw({"TTL", "k"}), ":-1\r\n");
}

TEST(KeysTest, Resp2NullReplies) {
  CommandHarness h;
  EXPECT_EQ(h.RunRaw({"OBJECT", "ENCODING", "nokey"}), "$-1\r\n");
  EXPECT_EQ(h.RunRaw({"RANDOMKEY"}), "$-1\r\n");
}

TEST(KeysTest, ArityErrors) {
  CommandHarness h;
  const std::vector<std::vector<std::string>> calls = {
      {"DEL"},
      {"UNLINK"},
      {"EXISTS"},
      {"TYPE"},
      {"TYPE", "a", "b"},
      {"EXPIRE", "k"},
      {"PEXPIRE", "k"},
      {"EXPIREAT", "k"},
      {"PEXPIREAT", "k"},
      {"TTL"},
      {"PTTL", "a", "b"},
      {"EXPIRETIME"},
      {"PEXPIRETIME"},
      {"PERSIST"},
      {"KEYS"},
      {"KEYS", "a", "b"},
      {"SCAN"},
      {"RANDOMKEY", "x"},
      {"RENAME", "a"},
      {"RENAMENX", "a"},
      {"COPY", "a"},
      {"MOVE", "a"},
      {"SWAPDB", "0"},
      {"TOUCH"},
      {"DBSIZE", "x"},
  };
  for (const auto& argv : calls) {
    EXPECT_EQ(h.Run(argv),
              "(error) ERR wrong number of arguments for '" + ToLower(argv[0]) + "' command")
        << argv[0];
  }
}

TEST(KeysTest, CommandTableEntries) {
  CommandHarness h;
  const CommandTable& table = h.node().commands();
  struct Expect {
    const char* name;
    int arity;
    int first, last, step;
  };
  for (const Expect& e : std::vector<Expect>{{"del", -2, 1, -1, 1},
                                             {"exists", -2, 1, -1, 1},
                                             {"expire", -3, 1, 1, 1},
                                             {"rename", 3, 1, 2, 1},
                                             {"copy", -3, 1, 2, 1},
                                             {"keys", 2, 0, 0, 0},
                                             {"swapdb", 3, 0, 0, 0},
                                             {"flushall", -1, 0, 0, 0}}) {
    const CommandSpec* spec = table.Find(e.name);
    ASSERT_NE(spec, nullptr) << e.name;
    EXPECT_EQ(spec->arity, e.arity) << e.name;
    EXPECT_EQ(spec->first_key, e.first) << e.name;
    EXPECT_EQ(spec->last_key, e.last) << e.name;
    EXPECT_EQ(spec->key_step, e.step) << e.name;
  }
  const CommandSpec* object = table.Find("object");
  ASSERT_NE(object, nullptr);
  EXPECT_EQ(object->subcommands.size(), 5u);
  EXPECT_TRUE(table.Find("ttl")->has(cmdflag::kReadOnly | cmdflag::kFast));
  EXPECT_TRUE(table.Find("copy")->has(cmdflag::kDenyOom));
}

}  // namespace
}  // namespace shoal
