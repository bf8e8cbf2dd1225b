// The hash command family, checked reply by reply against Redis 7.0, with the
// listpack -> hashtable conversions at each of their triggers.

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "node/core/node.h"
#include "node/core/propagation.h"
#include "node/keyspace/types/hash.h"
#include "tests/unit/harness.h"

namespace shoal {
namespace {

using testing::CommandHarness;

constexpr char kWrongType[] =
    "(error) WRONGTYPE Operation against a key holding the wrong kind of value";
constexpr char kSyntax[] = "(error) ERR syntax error";
constexpr char kNotInt[] = "(error) ERR value is not an integer or out of range";

std::string Encoding(CommandHarness& h, const std::string& key) {
  return h.Run({"OBJECT", "ENCODING", key});
}

std::string Arity(const std::string& cmd) {
  return "(error) ERR wrong number of arguments for '" + cmd + "' command";
}

// ===========================================================================
// Basic reads and writes
// ===========================================================================

TEST(HashesTest, SetGetAndCounts) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"HSET", "h", "a", "1", "b", "2"}), "(integer) 2");
  EXPECT_EQ(h.Run({"HSET", "h", "a", "10", "c", "3"}), "(integer) 1");
  EXPECT_EQ(h.Run({"HGET", "h", "a"}), "10");
  EXPECT_EQ(h.Run({"HGET", "h", "zz"}), "(nil)");
  EXPECT_EQ(h.Run({"HGET", "missing", "a"}), "(nil)");
  EXPECT_EQ(h.Run({"HLEN", "h"}), "(integer) 3");
  EXPECT_EQ(h.Run({"HLEN", "missing"}), "(integer) 0");
  EXPECT_EQ(h.Run({"HEXISTS", "h", "b"}), "(integer) 1");
  EXPECT_EQ(h.Run({"HEXISTS", "h", "x"}), "(integer) 0");
  EXPECT_EQ(h.Run({"HEXISTS", "missing", "x"}), "(integer) 0");
  EXPECT_EQ(h.Run({"HSTRLEN", "h", "a"}), "(integer) 2");
  EXPECT_EQ(h.Run({"HSTRLEN", "h", "x"}), "(integer) 0");
  EXPECT_EQ(h.Run({"HSTRLEN", "missing", "x"}), "(integer) 0");
  EXPECT_EQ(h.Run({"TYPE", "h"}), "hash");
  EXPECT_EQ(Encoding(h, "h"), "listpack");
  // Listpacks keep insertion order; an update stays in place.
  EXPECT_EQ(h.Run({"HGETALL", "h"}), "[a, 10, b, 2, c, 3]");
  EXPECT_EQ(h.Run({"HKEYS", "h"}), "[a, b, c]");
  EXPECT_EQ(h.Run({"HVALS", "h"}), "[10, 2, 3]");
  EXPECT_EQ(h.Run({"HGETALL", "missing"}), "[]");
  EXPECT_EQ(h.Run({"HKEYS", "missing"}), "[]");
  EXPECT_EQ(h.Run({"HVALS", "missing"}), "[]");
  EXPECT_EQ(h.Run({"HMGET", "h", "a", "x", "c"}), "[10, (nil), 3]");
  EXPECT_EQ(h.Run({"HMGET", "missing", "a", "b"}), "[(nil), (nil)]");
}

TEST(HashesTest, BinaryAndEmptyStrings) {
  CommandHarness h;
  const std::string bin("a\0b\r\n", 5);
  EXPECT_EQ(h.Run({"HSET", "h", bin, "", "", bin}), "(integer) 2");
  EXPECT_EQ(h.Run({"HGET", "h", bin}), "");
  EXPECT_EQ(h.Run({"HGET", "h", ""}), bin);
  EXPECT_EQ(h.RunRaw({"HGET", "h", ""}), "$5\r\n" + bin + "\r\n");
  EXPECT_EQ(h.Run({"HSTRLEN", "h", ""}), "(integer) 5");
}

TEST(HashesTest, IntegerLookingValuesRoundTrip) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"HSET", "h", "1", "-9223372036854775808", "2", "007", "3", "-0"}),
            "(integer) 3");
  EXPECT_EQ(h.Run({"HGET", "h", "1"}), "-9223372036854775808");
  EXPECT_EQ(h.Run({"HGET", "h", "2"}), "007");
  EXPECT_EQ(h.Run({"HGET", "h", "3"}), "-0");
  EXPECT_EQ(h.Run({"HSTRLEN", "h", "1"}), "(integer) 20");
  EXPECT_EQ(h.Run({"HKEYS", "h"}), "[1, 2, 3]");
}

TEST(HashesTest, HMSetRepliesOk) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"HMSET", "h", "a", "1", "b", "2"}), "OK");
  EXPECT_EQ(h.Run({"HMSET", "h", "a", "3"}), "OK");
  EXPECT_EQ(h.Run({"HGETALL", "h"}), "[a, 3, b, 2]");
}

TEST(HashesTest, HSetNx) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"HSETNX", "h", "a", "1"}), "(integer) 1");
  EXPECT_EQ(h.Run({"HSETNX", "h", "a", "2"}), "(integer) 0");
  EXPECT_EQ(h.Run({"HGET", "h", "a"}), "1");
}

TEST(HashesTest, HDelRemovesKeyWhenEmpty) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"HDEL", "missing", "a"}), "(integer) 0");
  h.Run({"HSET", "h", "a", "1", "b", "2", "c", "3"});
  EXPECT_EQ(h.Run({"HDEL", "h", "a", "x", "a"}), "(integer) 1");
  EXPECT_EQ(h.Run({"HGETALL", "h"}), "[b, 2, c, 3]");
  EXPECT_EQ(h.Run({"HDEL", "h", "b", "c", "d"}), "(integer) 2");
  EXPECT_EQ(h.Run({"EXISTS", "h"}), "(integer) 0");
  // The same for the hashtable encoding.
  h.Run({"HSET", "t", "a", "1", "b", std::string(100, 'x')});
  EXPECT_EQ(Encoding(h, "t"), "hashtable");
  EXPECT_EQ(h.Run({"HDEL", "t", "a", "b"}), "(integer) 2");
  EXPECT_EQ(h.Run({"EXISTS", "t"}), "(integer) 0");
}

TEST(HashesTest, Resp3Shapes) {
  CommandHarness h;
  h.Run({"HELLO", "3"});
  h.Run({"HSET", "h", "a", "1", "b", "2"});
  EXPECT_EQ(h.RunRaw({"HGETALL", "h"}), "%2\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n");
  EXPECT_EQ(h.RunRaw({"HGETALL", "missing"}), "%0\r\n");
  EXPECT_EQ(h.RunRaw({"HKEYS", "missing"}), "*0\r\n");
  EXPECT_EQ(h.RunRaw({"HGET", "h", "x"}), "_\r\n");
  EXPECT_EQ(h.RunRaw({"HRANDFIELD", "missing"}), "_\r\n");
  EXPECT_EQ(h.Run({"HRANDFIELD", "h", "5", "WITHVALUES"}), "[[a, 1], [b, 2]]");
  EXPECT_EQ(h.Run({"HRANDFIELD", "h", "-3", "WITHVALUES"}).substr(0, 2), "[[");
  EXPECT_EQ(h.Run({"HRANDFIELD", "h", "5"}), "[a, b]");
}

// ===========================================================================
// Errors: arity, WRONGTYPE on every command
// ===========================================================================

TEST(HashesTest, ArityErrors) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"HSET", "h", "a"}), Arity("hset"));
  EXPECT_EQ(h.Run({"HSET", "h", "a", "1", "b"}), Arity("hset"));
  EXPECT_EQ(h.Run({"HMSET", "h", "a", "1", "b"}), Arity("hmset"));
  EXPECT_EQ(h.Run({"HSETNX", "h", "a"}), Arity("hsetnx"));
  EXPECT_EQ(h.Run({"HGET", "h"}), Arity("hget"));
  EXPECT_EQ(h.Run({"HMGET", "h"}), Arity("hmget"));
  EXPECT_EQ(h.Run({"HDEL", "h"}), Arity("hdel"));
  EXPECT_EQ(h.Run({"HLEN"}), Arity("hlen"));
  EXPECT_EQ(h.Run({"HGETALL", "a", "b"}), Arity("hgetall"));
  EXPECT_EQ(h.Run({"HKEYS"}), Arity("hkeys"));
  EXPECT_EQ(h.Run({"HVALS"}), Arity("hvals"));
  EXPECT_EQ(h.Run({"HEXISTS", "h"}), Arity("hexists"));
  EXPECT_EQ(h.Run({"HSTRLEN", "h"}), Arity("hstrlen"));
  EXPECT_EQ(h.Run({"HINCRBY", "h", "f"}), Arity("hincrby"));
  EXPECT_EQ(h.Run({"HINCRBYFLOAT", "h", "f"}), Arity("hincrbyfloat"));
  EXPECT_EQ(h.Run({"HRANDFIELD"}), Arity("hrandfield"));
  EXPECT_EQ(h.Run({"HSCAN", "h"}), Arity("hscan"));
  EXPECT_EQ(h.Run({"EXISTS", "h"}), "(integer) 0");
}

TEST(HashesTest, WrongTypeOnEveryCommand) {
  CommandHarness h;
  h.Put("s", "v");
  const std::vector<std::vector<std::string>> calls = {
      {"HSET", "s", "a", "1"},        {"HMSET", "s", "a", "1"},
      {"HSETNX", "s", "a", "1"},      {"HGET", "s", "a"},
      {"HMGET", "s", "a"},            {"HGETALL", "s"},
      {"HDEL", "s", "a"},             {"HEXISTS", "s", "a"},
      {"HLEN", "s"},                  {"HKEYS", "s"},
      {"HVALS", "s"},                 {"HINCRBY", "s", "a", "1"},
      {"HINCRBYFLOAT", "s", "a", "1"}, {"HSTRLEN", "s", "a"},
      {"HRANDFIELD", "s"},            {"HRANDFIELD", "s", "2"},
      {"HRANDFIELD", "s", "-2", "WITHVALUES"}, {"HSCAN", "s", "0"},
  };
  for (const auto& call : calls) EXPECT_EQ(h.Run(call), kWrongType) << call[0];
  EXPECT_EQ(h.Run({"GET", "s"}), "v");
}

// ===========================================================================
// Counters
// ===========================================================================

TEST(HashesTest, HIncrBy) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"HINCRBY", "h", "n", "5"}), "(integer) 5");
  EXPECT_EQ(h.Run({"HINCRBY", "h", "n", "-7"}), "(integer) -2");
  EXPECT_EQ(h.Run({"HGET", "h", "n"}), "-2");
  EXPECT_EQ(h.Run({"HINCRBY", "h", "n", "x"}), kNotInt);
  EXPECT_EQ(h.Run({"HINCRBY", "h", "n", "1.5"}), kNotInt);
  h.Run({"HSET", "h", "s", "abc", "z", "007", "big", "9223372036854775807"});
  EXPECT_EQ(h.Run({"HINCRBY", "h", "s", "1"}), "(error) ERR hash value is not an integer");
  EXPECT_EQ(h.Run({"HINCRBY", "h", "z", "1"}), "(error) ERR hash value is not an integer");
  EXPECT_EQ(h.Run({"HINCRBY", "h", "big", "1"}),
            "(error) ERR increment or decrement would overflow");
  EXPECT_EQ(h.Run({"HINCRBY", "h", "big", "0"}), "(integer) 9223372036854775807");
  // The increment is parsed before the key is looked at.
  h.Put("str", "v");
  EXPECT_EQ(h.Run({"HINCRBY", "str", "f", "x"}), kNotInt);
}

TEST(HashesTest, HIncrByFloat) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"HINCRBYFLOAT", "h", "f", "10.5"}), "10.5");
  EXPECT_EQ(h.Run({"HINCRBYFLOAT", "h", "f", "0.1"}), "10.6");
  EXPECT_EQ(h.Run({"HINCRBYFLOAT", "h", "f", "-10.6"}), "0");
  EXPECT_EQ(h.Run({"HINCRBYFLOAT", "h", "f", "5.0e3"}), "5000");
  EXPECT_EQ(h.Run({"HINCRBYFLOAT", "h", "f", "abc"}), "(error) ERR value is not a valid float");
  EXPECT_EQ(h.Run({"HINCRBYFLOAT", "h", "f", "nan"}), "(error) ERR value is not a valid float");
  EXPECT_EQ(h.Run({"HINCRBYFLOAT", "h", "f", "inf"}), "(error) ERR value is NaN or Infinity");
  h.Put("str", "v");
  EXPECT_EQ(h.Run({"HINCRBYFLOAT", "str", "f", "inf"}), "(error) ERR value is NaN or Infinity");
  EXPECT_EQ(h.Run({"HINCRBYFLOAT", "missing", "f", "-inf"}),
            "(error) ERR value is NaN or Infinity");
  EXPECT_EQ(h.Run({"EXISTS", "missing"}), "(integer) 0");
  h.Run({"HSET", "h", "s", "abc", "big", "1e4932"});
  EXPECT_EQ(h.Run({"HINCRBYFLOAT", "h", "s", "1"}), "(error) ERR hash value is not a float");
  EXPECT_EQ(h.Run({"HINCRBYFLOAT", "h", "big", "1e4932"}),
            "(error) ERR increment would produce NaN or Infinity");
  EXPECT_EQ(h.Run({"HINCRBY", "h", "f", "1"}), "(integer) 5001");
}

TEST(HashesTest, HIncrByFloatPropagatesAsHSet) {
  CommandHarness h;
  h.Run({"HINCRBYFLOAT", "h", "f", "1.50"});
  Db& db = h.node().keyspace().db(0);
  const std::vector<std::vector<std::string>> out =
      RewriteForPropagation(db, {"HINCRBYFLOAT", "h", "f", "1.50"}, 0);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], (std::vector<std::string>{"HSET", "h", "f", "1.5"}));
  EXPECT_EQ(RewriteForPropagation(db, {"HINCRBY", "h", "g", "1"}, 0).size(), 1u);
}

// ===========================================================================
// Encoding conversions
// ===========================================================================

TEST(HashesTest, ConvertsByEntryCount) {
  CommandHarness h({{"hash-max-listpack-entries", "4"}});
  h.Run({"HSET", "h", "a", "1", "b", "2", "c", "3", "d", "4"});
  EXPECT_EQ(Encoding(h, "h"), "listpack");
  h.Run({"HSET", "h", "a", "5"});  // an update adds nothing
  EXPECT_EQ(Encoding(h, "h"), "listpack");
  h.Run({"HSET", "h", "e", "5"});
  EXPECT_EQ(Encoding(h, "h"), "hashtable");
  EXPECT_EQ(h.Run({"HLEN", "h"}), "(integer) 5");
  EXPECT_EQ(h.Run({"HGET", "h", "a"}), "5");
  // Never back to a listpack, even when small again.
  h.Run({"HDEL", "h", "a", "b", "c", "d"});
  EXPECT_EQ(Encoding(h, "h"), "hashtable");
  EXPECT_EQ(h.Run({"HGETALL", "h"}), "[e, 5]");
}

TEST(HashesTest, ConvertsByEntryCountOnEveryWriter) {
  CommandHarness h({{"hash-max-listpack-entries", "1"}});
  h.Run({"HSETNX", "a", "x", "1"});
  EXPECT_EQ(Encoding(h, "a"), "listpack");
  h.Run({"HSETNX", "a", "y", "1"});
  EXPECT_EQ(Encoding(h, "a"), "hashtable");
  h.Run({"HINCRBY", "b", "x", "1"});
  h.Run({"HINCRBY", "b", "y", "1"});
  EXPECT_EQ(Encoding(h, "b"), "hashtable");
  h.Run({"HINCRBYFLOAT", "c", "x", "1"});
  h.Run({"HINCRBYFLOAT", "c", "y", "1"});
  EXPECT_EQ(Encoding(h, "c"), "hashtable");
  h.Run({"HMSET", "d", "x", "1", "y", "2"});
  EXPECT_EQ(Encoding(h, "d"), "hashtable");
}

TEST(HashesTest, ConvertsByFieldAndValueLength) {
  CommandHarness h;
  const std::string at_limit(64, 'x');
  const std::string over(65, 'y');
  h.Run({"HSET", "ok", at_limit, at_limit});
  EXPECT_EQ(Encoding(h, "ok"), "listpack");
  h.Run({"HSET", "field", over, "1"});
  EXPECT_EQ(Encoding(h, "field"), "hashtable");
  h.Run({"HSET", "value", "f", over});
  EXPECT_EQ(Encoding(h, "value"), "hashtable");
  EXPECT_EQ(h.Run({"HGET", "value", "f"}), over);
  // HSET checks every argument before writing any.
  h.Run({"HSET", "multi", "a", "1", "b", over});
  EXPECT_EQ(Encoding(h, "multi"), "hashtable");
  // HSETNX converts only when it sets.
  h.Run({"HSET", "nx", "a", "1"});
  EXPECT_EQ(h.Run({"HSETNX", "nx", "a", over}), "(integer) 0");
  EXPECT_EQ(Encoding(h, "nx"), "listpack");
  EXPECT_EQ(h.Run({"HSETNX", "nx", "b", over}), "(integer) 1");
  EXPECT_EQ(Encoding(h, "nx"), "hashtable");
  // HINCRBY with a long field; HINCRBYFLOAT with a long result.
  h.Run({"HINCRBY", "incr", over, "1"});
  EXPECT_EQ(Encoding(h, "incr"), "hashtable");
  h.Run({"HSET", "fl", "x", "1"});
  h.Run({"HINCRBYFLOAT", "fl", "x", "1e400"});
  EXPECT_EQ(Encoding(h, "fl"), "hashtable");
  EXPECT_EQ(h.Run({"HSTRLEN", "fl", "x"}), "(integer) 401");
}

TEST(HashesTest, ThresholdConfigChanges) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"CONFIG", "SET", "hash-max-listpack-value", "3"}), "OK");
  h.Run({"HSET", "a", "f", "123"});
  EXPECT_EQ(Encoding(h, "a"), "listpack");
  h.Run({"HSET", "a", "f", "1234"});
  EXPECT_EQ(Encoding(h, "a"), "hashtable");
  EXPECT_EQ(h.Run({"CONFIG", "SET", "hash-max-ziplist-entries", "0"}), "OK");
  h.Run({"HSET", "b", "f", "1"});
  EXPECT_EQ(Encoding(h, "b"), "hashtable");
  EXPECT_EQ(h.Run({"CONFIG", "SET", "hash-max-listpack-entries", "512"}), "OK");
  EXPECT_EQ(h.Run({"CONFIG", "SET", "hash-max-listpack-value", "64"}), "OK");
  h.Run({"HSET", "c", "f", "1234"});
  EXPECT_EQ(Encoding(h, "c"), "listpack");
  // An existing hashtable stays one.
  EXPECT_EQ(Encoding(h, "b"), "hashtable");
}

TEST(HashesTest, LargeHashtableReadsEverything) {
  CommandHarness h;
  std::vector<std::string> args = {"HSET", "h"};
  for (int i = 0; i < 1000; ++i) {
    args.push_back("f" + std::to_string(i));
    args.push_back("v" + std::to_string(i));
  }
  EXPECT_EQ(h.Run(args), "(integer) 1000");
  EXPECT_EQ(Encoding(h, "h"), "hashtable");
  resp::Value all = h.RunValue({"HGETALL", "h"});
  ASSERT_EQ(all.elems.size(), 2000u);
  std::set<std::string> fields;
  for (size_t i = 0; i < all.elems.size(); i += 2) {
    EXPECT_EQ(all.elems[i].str.substr(1), all.elems[i + 1].str.substr(1));
    fields.insert(all.elems[i].str);
  }
  EXPECT_EQ(fields.size(), 1000u);
  EXPECT_EQ(h.Run({"HGET", "h", "f999"}), "v999");
  EXPECT_EQ(h.Run({"HINCRBY", "h", "f7", "1"}), "(error) ERR hash value is not an integer");
  h.Run({"HSET", "h", "f7", "41"});
  EXPECT_EQ(h.Run({"HINCRBY", "h", "f7", "1"}), "(integer) 42");
  EXPECT_EQ(h.Run({"HSTRLEN", "h", "f7"}), "(integer) 2");
}

// ===========================================================================
// HRANDFIELD
// ===========================================================================

TEST(HashesTest, HRandFieldArguments) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"HRANDFIELD", "missing"}), "(nil)");
  EXPECT_EQ(h.Run({"HRANDFIELD", "missing", "3"}), "[]");
  EXPECT_EQ(h.Run({"HRANDFIELD", "missing", "-3", "WITHVALUES"}), "[]");
  h.Run({"HSET", "h", "a", "1", "b", "2", "c", "3"});
  EXPECT_EQ(h.Run({"HRANDFIELD", "h", "0"}), "[]");
  EXPECT_EQ(h.Run({"HRANDFIELD", "h", "x"}), kNotInt);
  EXPECT_EQ(h.Run({"HRANDFIELD", "h", "1", "foo"}), kSyntax);
  EXPECT_EQ(h.Run({"HRANDFIELD", "h", "1", "withvalues", "x"}), kSyntax);
  EXPECT_EQ(h.Run({"HRANDFIELD", "h", "-9223372036854775808"}),
            "(error) ERR value is out of range, value must between -9223372036854775807 and "
            "9223372036854775807");
  EXPECT_EQ(h.Run({"HRANDFIELD", "h", "-4611686018427387904", "WITHVALUES"}),
            "(error) ERR value is out of range");
  EXPECT_EQ(h.Run({"HRANDFIELD", "h", "4611686018427387904", "WITHVALUES"}),
            "(error) ERR value is out of range");
  // Arguments are checked before the key.
  h.Put("s", "v");
  EXPECT_EQ(h.Run({"HRANDFIELD", "s", "x"}), kNotInt);
}

// Checks an HRANDFIELD reply: distinct (or not) fields of h with values.
void CheckPicks(CommandHarness& h, const std::string& key, int64_t count, size_t expect_len,
                size_t hash_size) {
  resp::Value v = h.RunValue({"HRANDFIELD", key, std::to_string(count), "WITHVALUES"});
  ASSERT_EQ(v.elems.size(), expect_len * 2) << count;
  std::set<std::string> seen;
  for (size_t i = 0; i < v.elems.size(); i += 2) {
    EXPECT_EQ("v" + v.elems[i].str.substr(1), v.elems[i + 1].str);
    seen.insert(v.elems[i].str);
  }
  if (count > 0) {
    EXPECT_EQ(seen.size(), expect_len);
  }
  EXPECT_LE(seen.size(), hash_size);
}

TEST(HashesTest, HRandFieldCountsOnBothEncodings) {
  CommandHarness h;
  std::vector<std::string> small = {"HSET", "small"};
  std::vector<std::string> big = {"HSET", "big"};
  for (int i = 0; i < 600; ++i) {
    if (i < 20) {
      small.push_back("f" + std::to_string(i));
      small.push_back("v" + std::to_string(i));
    }
    big.push_back("f" + std::to_string(i));
    big.push_back("v" + std::to_string(i));
  }
  h.Run(small);
  h.Run(big);
  ASSERT_EQ(Encoding(h, "small"), "listpack");
  ASSERT_EQ(Encoding(h, "big"), "hashtable");
  for (int64_t count : {1, 5, 19, 20, 25, -1, -5, -40}) {
    CheckPicks(h, "small", count, count > 0 ? std::min<size_t>(count, 20) : -count, 20);
  }
  for (int64_t count : {1, 10, 250, 599, 600, 1000, -1, -1000}) {
    CheckPicks(h, "big", count, count > 0 ? std::min<size_t>(count, 600) : -count, 600);
  }
  // Without WITHVALUES: plain fields.
  resp::Value v = h.RunValue({"HRANDFIELD", "big", "-3"});
  ASSERT_EQ(v.elems.size(), 3u);
  EXPECT_EQ(v.elems[0].str[0], 'f');
  // A single pick reaches every field eventually.
  std::set<std::string> fields;
  for (int i = 0; i < 2000 && fields.size() < 20; ++i) fields.insert(h.Run({"HRANDFIELD", "small"}));
  EXPECT_EQ(fields.size(), 20u);
}

TEST(HashesTest, HRandFieldListpackKeepsOrder) {
  CommandHarness h;
  h.Run({"HSET", "h", "a", "1", "b", "2", "c", "3", "d", "4", "e", "5"});
  for (int i = 0; i < 20; ++i) {
    resp::Value v = h.RunValue({"HRANDFIELD", "h", "3"});
    ASSERT_EQ(v.elems.size(), 3u);
    EXPECT_LT(v.elems[0].str, v.elems[1].str);
    EXPECT_LT(v.elems[1].str, v.elems[2].str);
  }
}

// ===========================================================================
// HSCAN
// ===========================================================================

TEST(HashesTest, HScanListpackReturnsAllAtOnce) {
  CommandHarness h;
  h.Run({"HSET", "h", "a", "1", "b", "2", "ab", "3"});
  EXPECT_EQ(h.Run({"HSCAN", "h", "0"}), "[0, [a, 1, b, 2, ab, 3]]");
  EXPECT_EQ(h.Run({"HSCAN", "h", "123", "COUNT", "1"}), "[0, [a, 1, b, 2, ab, 3]]");
  EXPECT_EQ(h.Run({"HSCAN", "h", "0", "MATCH", "a*"}), "[0, [a, 1, ab, 3]]");
  EXPECT_EQ(h.Run({"HSCAN", "h", "0", "MATCH", "*"}), "[0, [a, 1, b, 2, ab, 3]]");
}

TEST(HashesTest, HScanArguments) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"HSCAN", "missing", "x"}), "(error) ERR invalid cursor");
  // A missing key answers before the options are read.
  EXPECT_EQ(h.Run({"HSCAN", "missing", "0", "foo"}), "[0, []]");
  h.Run({"HSET", "h", "a", "1"});
  EXPECT_EQ(h.Run({"HSCAN", "h", "0", "COUNT", "0"}), kSyntax);
  EXPECT_EQ(h.Run({"HSCAN", "h", "0", "COUNT", "x"}), kNotInt);
  EXPECT_EQ(h.Run({"HSCAN", "h", "0", "MATCH"}), kSyntax);
  EXPECT_EQ(h.Run({"HSCAN", "h", "0", "TYPE", "string"}), kSyntax);
  EXPECT_EQ(h.Run({"HSCAN", "h", "18446744073709551616"}), "(error) ERR invalid cursor");
  EXPECT_EQ(h.Run({"HSCAN", "h", "-1"}), "[0, [a, 1]]");
}

TEST(HashesTest, HScanHashtableVisitsEverything) {
  CommandHarness h;
  std::vector<std::string> args = {"HSET", "h"};
  for (int i = 0; i < 2000; ++i) {
    args.push_back("f" + std::to_string(i));
    args.push_back("v" + std::to_string(i));
  }
  h.Run(args);
  std::set<std::string> seen;
  std::string cursor = "0";
  int calls = 0;
  do {
    resp::Value v = h.RunValue({"HSCAN", "h", cursor, "COUNT", "20", "MATCH", "f1*"});
    ASSERT_EQ(v.elems.size(), 2u);
    cursor = v.elems[0].str;
    for (size_t i = 0; i < v.elems[1].elems.size(); i += 2) {
      const std::string& f = v.elems[1].elems[i].str;
      EXPECT_EQ(f[1], '1');
      EXPECT_EQ("v" + f.substr(1), v.elems[1].elems[i + 1].str);
      seen.insert(f);
    }
  } while (cursor != "0" && ++calls < 10000);
  EXPECT_EQ(cursor, "0");
  EXPECT_EQ(seen.size(), 1111u);  // f1, f10-f19, f100-f199, f1000-f1999
  EXPECT_GT(calls, 10);
}

// ===========================================================================
// The value class directly
// ===========================================================================

TEST(HashValueTest, CloneKeepsEncodingAndContents) {
  HashLimits limits;
  limits.max_entries = 2;
  HashValue lp;
  lp.Set("a", "1", limits);
  HashValue table;
  for (const char* f : {"a", "b", "c"}) table.Set(f, f, limits);
  ASSERT_EQ(lp.encoding(), Encoding::kListpack);
  ASSERT_EQ(table.encoding(), Encoding::kHashtable);
  EXPECT_EQ(lp.table(), nullptr);
  ASSERT_NE(table.table(), nullptr);
  std::unique_ptr<CollectionValue> lp_copy = lp.Clone();
  std::unique_ptr<CollectionValue> table_copy = table.Clone();
  EXPECT_EQ(lp_copy->encoding(), Encoding::kListpack);
  EXPECT_EQ(table_copy->encoding(), Encoding::kHashtable);
  table.Delete("a");
  EXPECT_EQ(table_copy->Size(), 3u);
  EXPECT_EQ(static_cast<HashValue&>(*table_copy).Get("a"), "a");
  EXPECT_EQ(static_cast<HashValue&>(*lp_copy).Get("a"), "1");
  EXPECT_GT(table.MemoryUsage(), lp.MemoryUsage());
}

TEST(HashValueTest, FromListpackChecksPairsAndLimits) {
  HashLimits limits;
  limits.max_entries = 2;
  std::string error;
  Listpack odd;
  odd.Append("a");
  EXPECT_EQ(HashValue::FromListpack(std::move(odd), limits, &error), nullptr);
  EXPECT_EQ(HashValue::FromListpack(Listpack(), limits, &error), nullptr);
  Listpack dup;
  for (const char* s : {"a", "1", "a", "2"}) dup.Append(s);
  EXPECT_EQ(HashValue::FromListpack(std::move(dup), limits, &error), nullptr);
  EXPECT_EQ(error, "hash listpack with a repeated field");
  Listpack ok;
  for (const char* s : {"a", "1", "b", "2"}) ok.Append(s);
  std::unique_ptr<HashValue> h = HashValue::FromListpack(ok, limits, &error);
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->encoding(), Encoding::kListpack);
  EXPECT_EQ(h->Get("b"), "2");
  ok.Append("c");
  ok.Append("3");
  h = HashValue::FromListpack(std::move(ok), limits, &error);
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->encoding(), Encoding::kHashtable);
  EXPECT_EQ(h->Size(), 3u);
}

TEST(HashesTest, CopyDuplicatesBothEncodings) {
  CommandHarness h;
  h.Run({"HSET", "small", "a", "1"});
  h.Run({"HSET", "big", "a", std::string(100, 'x')});
  EXPECT_EQ(h.Run({"COPY", "small", "small2"}), "(integer) 1");
  EXPECT_EQ(h.Run({"COPY", "big", "big2"}), "(integer) 1");
  h.Run({"HDEL", "big", "a"});
  EXPECT_EQ(Encoding(h, "small2"), "listpack");
  EXPECT_EQ(Encoding(h, "big2"), "hashtable");
  EXPECT_EQ(h.Run({"HSTRLEN", "big2", "a"}), "(integer) 100");
}

// ===========================================================================
// Memory
// ===========================================================================

TEST(HashesTest, MemoryUsageGrowsWithTheHash) {
  CommandHarness h;
  h.Run({"HSET", "h", "a", "1"});
  const resp::Value small = h.RunValue({"MEMORY", "USAGE", "h"});
  std::vector<std::string> args = {"HSET", "h"};
  for (int i = 0; i < 1000; ++i) {
    args.push_back("field:" + std::to_string(i));
    args.push_back("value:" + std::to_string(i));
  }
  h.Run(args);
  const resp::Value big = h.RunValue({"MEMORY", "USAGE", "h"});
  EXPECT_GT(big.integer, small.integer + 1000 * 24);
  EXPECT_LT(big.integer, 1000 * 80);
}

}  // namespace
}  // namespace shoal
