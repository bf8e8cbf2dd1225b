// The sorted-set command family, reply by reply as Redis 7.0 answers, with
// the encoding conversions at the listpack limits.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/unit/harness.h"

namespace shoal {
namespace {

using testing::CommandHarness;

constexpr char kSyntax[] = "(error) ERR syntax error";
constexpr char kNotInt[] = "(error) ERR value is not an integer or out of range";
constexpr char kNotFloat[] = "(error) ERR value is not a valid float";
constexpr char kWrongType[] =
    "(error) WRONGTYPE Operation against a key holding the wrong kind of value";
constexpr char kRangeNotFloat[] = "(error) ERR min or max is not a float";
constexpr char kLexInvalid[] = "(error) ERR min or max not valid string range item";

std::string Encoding(CommandHarness& h, const std::string& key) {
  return h.Run({"OBJECT", "ENCODING", key});
}

// ===========================================================================
// ZADD / ZINCRBY
// ===========================================================================

TEST(ZSetsTest, ZAddBasicsAndOptions) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"ZADD", "z", "1", "a", "2", "b"}), "(integer) 2");
  EXPECT_EQ(h.Run({"ZADD", "z", "3", "a", "4", "c"}), "(integer) 1");
  EXPECT_EQ(h.Run({"ZADD", "z", "CH", "5", "a", "4", "c", "1", "d"}), "(integer) 2");
  EXPECT_EQ(h.Run({"ZADD", "z", "NX", "9", "a", "9", "e"}), "(integer) 1");
  EXPECT_EQ(h.Run({"ZSCORE", "z", "a"}), "5");
  EXPECT_EQ(h.Run({"ZADD", "z", "XX", "CH", "6", "a", "6", "nope"}), "(integer) 1");
  EXPECT_EQ(h.Run({"ZSCORE", "z", "nope"}), "(nil)");
  EXPECT_EQ(h.Run({"ZADD", "z", "GT", "CH", "1", "a", "100", "b"}), "(integer) 1");
  EXPECT_EQ(h.Run({"ZADD", "z", "LT", "CH", "1", "a", "200", "b"}), "(integer) 1");
  EXPECT_EQ(h.Run({"ZRANGE", "z", "0", "-1", "WITHSCORES"}), "[a, 1, d, 1, c, 4, e, 9, b, 100]");
}

TEST(ZSetsTest, ZAddErrors) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"ZADD", "z", "NX", "XX", "1", "a"}),
            "(error) ERR XX and NX options at the same time are not compatible");
  const std::string gtlt =
      "(error) ERR GT, LT, and/or NX options at the same time are not compatible";
  EXPECT_EQ(h.Run({"ZADD", "z", "GT", "LT", "1", "a"}), gtlt);
  EXPECT_EQ(h.Run({"ZADD", "z", "NX", "GT", "1", "a"}), gtlt);
  EXPECT_EQ(h.Run({"ZADD", "z", "INCR", "1", "a", "2", "b"}),
            "(error) ERR INCR option supports a single increment-element pair");
  EXPECT_EQ(h.Run({"ZADD", "z", "1", "a", "2"}), kSyntax);
  EXPECT_EQ(h.Run({"ZADD", "z", "NX", "CH"}), kSyntax);
  EXPECT_EQ(h.Run({"ZADD", "z", "1", "a", "x", "b"}), kNotFloat);
  EXPECT_EQ(h.Run({"ZADD", "z", "nan", "a"}), kNotFloat);
  // Nothing was written by the failed calls.
  EXPECT_EQ(h.Run({"EXISTS", "z"}), "(integer) 0");
  EXPECT_EQ(h.Run({"ZADD", "z"}), "(error) ERR wrong number of arguments for 'zadd' command");
  h.Put("s", "v");
  EXPECT_EQ(h.Run({"ZADD", "s", "1", "a"}), kWrongType);
}

TEST(ZSetsTest, ZAddIncrAndZIncrBy) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"ZADD", "z", "INCR", "1.5", "a"}), "1.5");
  EXPECT_EQ(h.Run({"ZINCRBY", "z", "2", "a"}), "3.5");
  EXPECT_EQ(h.Run({"ZADD", "z", "NX", "INCR", "1", "a"}), "(nil)");
  EXPECT_EQ(h.Run({"ZADD", "z", "XX", "INCR", "1", "b"}), "(nil)");
  EXPECT_EQ(h.Run({"ZADD", "z", "GT", "INCR", "-1", "a"}), "(nil)");
  EXPECT_EQ(h.Run({"ZADD", "nokey", "XX", "INCR", "1", "a"}), "(nil)");
  EXPECT_EQ(h.Run({"ZINCRBY", "z", "+inf", "a"}), "inf");
  EXPECT_EQ(h.Run({"ZINCRBY", "z", "-inf", "a"}),
            "(error) ERR resulting score is not a number (NaN)");
  EXPECT_EQ(h.Run({"ZINCRBY", "z", "x", "a"}), kNotFloat);
  EXPECT_EQ(h.Run({"ZINCRBY", "z", "1"}),
            "(error) ERR wrong number of arguments for 'zincrby' command");
}

TEST(ZSetsTest, ScoreFormatting) {
  CommandHarness h;
  struct Case {
    const char* in;
    const char* out;
  };
  const Case cases[] = {
      {"1", "1"},
      {"-3", "-3"},
      {"1.5", "1.5"},
      {"0.1", "0.10000000000000001"},
      {"1e20", "1e+20"},
      {"+inf", "inf"},
      {"-inf", "-inf"},
      {"inf", "inf"},
      {"3.0", "3"},
      {"123456789.125", "123456789.125"},
      {"-0", "0"},  // a listpack stores integral scores as integers
      {"1.7976931348623157e308", "1.7976931348623157e+308"},
  };
  for (const Case& c : cases) {
    h.Run({"DEL", "z"});
    EXPECT_EQ(h.Run({"ZADD", "z", c.in, "m"}), "(integer) 1") << c.in;
    EXPECT_EQ(h.Run({"ZSCORE", "z", "m"}), c.out) << c.in;
  }
  // RESP3 replies with doubles.
  h.Run({"HELLO", "3"});
  EXPECT_EQ(h.RunRaw({"ZSCORE", "z", "m"}), ",1.7976931348623157e+308\r\n");
  EXPECT_EQ(h.RunRaw({"ZINCRBY", "z", "-inf", "m"}), ",-inf\r\n");
}

// ===========================================================================
// Reads
// ===========================================================================

TEST(ZSetsTest, ScoreCardRank) {
  CommandHarness h;
  h.Run({"ZADD", "z", "1", "a", "2", "b", "3", "c"});
  EXPECT_EQ(h.Run({"ZCARD", "z"}), "(integer) 3");
  EXPECT_EQ(h.Run({"ZCARD", "nokey"}), "(integer) 0");
  EXPECT_EQ(h.Run({"ZMSCORE", "z", "a", "x", "c"}), "[1, (nil), 3]");
  EXPECT_EQ(h.Run({"ZMSCORE", "nokey", "a"}), "[(nil)]");
  EXPECT_EQ(h.Run({"ZRANK", "z", "c"}), "(integer) 2");
  EXPECT_EQ(h.Run({"ZREVRANK", "z", "c"}), "(integer) 0");
  EXPECT_EQ(h.Run({"ZRANK", "z", "x"}), "(nil)");
  EXPECT_EQ(h.Run({"ZRANK", "nokey", "x"}), "(nil)");
  h.Put("s", "v");
  for (const std::vector<std::string>& cmd :
       std::vector<std::vector<std::string>>{{"ZCARD", "s"},
                                             {"ZSCORE", "s", "a"},
                                             {"ZMSCORE", "s", "a"},
                                             {"ZRANK", "s", "a"},
                                             {"ZREVRANK", "s", "a"},
                                             {"ZRANGE", "s", "0", "1"},
                                             {"ZCOUNT", "s", "0", "1"},
                                             {"ZLEXCOUNT", "s", "-", "+"},
                                             {"ZREM", "s", "a"},
                                             {"ZPOPMIN", "s"},
                                             {"ZRANDMEMBER", "s"},
                                             {"ZSCAN", "s", "0"},
                                             {"ZINCRBY", "s", "1", "a"},
                                             {"ZREMRANGEBYRANK", "s", "0", "1"},
                                             {"ZREMRANGEBYSCORE", "s", "0", "1"},
                                             {"ZREMRANGEBYLEX", "s", "-", "+"},
                                             {"ZUNION", "1", "s"},
                                             {"ZINTERCARD", "1", "s"},
                                             {"ZRANGESTORE", "d", "s", "0", "1"},
                                             {"ZMPOP", "1", "s", "MIN"},
                                             {"BZPOPMIN", "s", "0"},
                                             {"BZMPOP", "0", "1", "s", "MIN"}}) {
    EXPECT_EQ(h.Run(cmd), kWrongType) << cmd[0];
  }
}

TEST(ZSetsTest, RangeByRank) {
  CommandHarness h;
  h.Run({"ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d"});
  EXPECT_EQ(h.Run({"ZRANGE", "z", "1", "2"}), "[b, c]");
  EXPECT_EQ(h.Run({"ZRANGE", "z", "-2", "100", "WITHSCORES"}), "[c, 3, d, 4]");
  EXPECT_EQ(h.Run({"ZRANGE", "z", "3", "1"}), "[]");
  EXPECT_EQ(h.Run({"ZRANGE", "z", "0", "1", "REV"}), "[d, c]");
  EXPECT_EQ(h.Run({"ZREVRANGE", "z", "0", "-1"}), "[d, c, b, a]");
  EXPECT_EQ(h.Run({"ZRANGE", "nokey", "0", "-1"}), "[]");
  EXPECT_EQ(h.Run({"ZRANGE", "z", "a", "1"}), kNotInt);
  EXPECT_EQ(h.Run({"ZRANGE", "z", "0", "1", "LIMIT", "0", "1"}),
            "(error) ERR syntax error, LIMIT is only supported in combination with either "
            "BYSCORE or BYLEX");
  EXPECT_EQ(h.Run({"ZRANGE", "z", "0", "1", "FOO"}), kSyntax);
  h.Run({"HELLO", "3"});
  EXPECT_EQ(h.Run({"ZRANGE", "z", "0", "1", "WITHSCORES"}), "[[a, (double) 1], [b, (double) 2]]");
}

TEST(ZSetsTest, RangeByScore) {
  CommandHarness h;
  h.Run({"ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "-inf", "m", "inf", "p"});
  EXPECT_EQ(h.Run({"ZRANGEBYSCORE", "z", "(1", "3"}), "[b, c]");
  EXPECT_EQ(h.Run({"ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "1", "2"}), "[a, b]");
  EXPECT_EQ(h.Run({"ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "-1", "2"}), "[]");
  EXPECT_EQ(h.Run({"ZREVRANGEBYSCORE", "z", "3", "(1", "WITHSCORES"}), "[c, 3, b, 2]");
  EXPECT_EQ(h.Run({"ZRANGE", "z", "4", "(1", "BYSCORE", "REV", "LIMIT", "1", "5"}), "[c, b]");
  EXPECT_EQ(h.Run({"ZRANGEBYSCORE", "z", "3", "1"}), "[]");
  EXPECT_EQ(h.Run({"ZRANGEBYSCORE", "z", "(2", "(2"}), "[]");
  EXPECT_EQ(h.Run({"ZRANGEBYSCORE", "z", "x", "1"}), kRangeNotFloat);
  EXPECT_EQ(h.Run({"ZRANGEBYSCORE", "z", "nan", "1"}), kRangeNotFloat);
  EXPECT_EQ(h.Run({"ZCOUNT", "z", "-inf", "(2"}), "(integer) 2");
  EXPECT_EQ(h.Run({"ZCOUNT", "z", "(2", "x"}), kRangeNotFloat);
  EXPECT_EQ(h.Run({"ZCOUNT", "nokey", "0", "1"}), "(integer) 0");
}

TEST(ZSetsTest, RangeByLex) {
  CommandHarness h;
  h.Run({"ZADD", "z", "0", "a", "0", "b", "0", "c", "0", "d"});
  EXPECT_EQ(h.Run({"ZRANGEBYLEX", "z", "-", "+"}), "[a, b, c, d]");
  EXPECT_EQ(h.Run({"ZRANGEBYLEX", "z", "(a", "[c"}), "[b, c]");
  EXPECT_EQ(h.Run({"ZREVRANGEBYLEX", "z", "+", "(b", "LIMIT", "0", "1"}), "[d]");
  EXPECT_EQ(h.Run({"ZRANGE", "z", "[b", "[c", "BYLEX"}), "[b, c]");
  EXPECT_EQ(h.Run({"ZRANGEBYLEX", "z", "+", "-"}), "[]");
  EXPECT_EQ(h.Run({"ZRANGEBYLEX", "z", "a", "+"}), kLexInvalid);
  EXPECT_EQ(h.Run({"ZRANGE", "z", "-", "+", "BYLEX", "WITHSCORES"}),
            "(error) ERR syntax error, WITHSCORES not supported in combination with BYLEX");
  EXPECT_EQ(h.Run({"ZLEXCOUNT", "z", "[b", "+"}), "(integer) 3");
  EXPECT_EQ(h.Run({"ZLEXCOUNT", "z", "b", "+"}), kLexInvalid);
}

// ===========================================================================
// Writes that remove
// ===========================================================================

TEST(ZSetsTest, ZRemDeletesEmptyKey) {
  CommandHarness h;
  h.Run({"ZADD", "z", "1", "a", "2", "b"});
  EXPECT_EQ(h.Run({"ZREM", "z", "a", "x"}), "(integer) 1");
  EXPECT_EQ(h.Run({"ZREM", "nokey", "a"}), "(integer) 0");
  EXPECT_EQ(h.Run({"ZREM", "z", "b"}), "(integer) 1");
  EXPECT_EQ(h.Run({"EXISTS", "z"}), "(integer) 0");
}

TEST(ZSetsTest, RemRange) {
  CommandHarness h;
  h.Run({"ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"});
  EXPECT_EQ(h.Run({"ZREMRANGEBYRANK", "z", "0", "0"}), "(integer) 1");
  EXPECT_EQ(h.Run({"ZREMRANGEBYSCORE", "z", "(2", "3"}), "(integer) 1");
  EXPECT_EQ(h.Run({"ZREMRANGEBYLEX", "z", "[d", "[d"}), "(integer) 1");
  EXPECT_EQ(h.Run({"ZRANGE", "z", "0", "-1"}), "[b, e]");
  EXPECT_EQ(h.Run({"ZREMRANGEBYRANK", "z", "x", "1"}), kNotInt);
  EXPECT_EQ(h.Run({"ZREMRANGEBYSCORE", "z", "x", "1"}), kRangeNotFloat);
  EXPECT_EQ(h.Run({"ZREMRANGEBYLEX", "z", "x", "+"}), kLexInvalid);
  EXPECT_EQ(h.Run({"ZREMRANGEBYRANK", "nokey", "0", "1"}), "(integer) 0");
  EXPECT_EQ(h.Run({"ZREMRANGEBYRANK", "z", "0", "-1"}), "(integer) 2");
  EXPECT_EQ(h.Run({"EXISTS", "z"}), "(integer) 0");
}

TEST(ZSetsTest, Pops) {
  CommandHarness h;
  h.Run({"ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d"});
  EXPECT_EQ(h.Run({"ZPOPMIN", "z"}), "[a, 1]");
  EXPECT_EQ(h.Run({"ZPOPMAX", "z", "2"}), "[d, 4, c, 3]");
  EXPECT_EQ(h.Run({"ZPOPMIN", "z", "0"}), "[]");
  EXPECT_EQ(h.Run({"ZPOPMIN", "z", "-1"}), "(error) ERR value is out of range, must be positive");
  EXPECT_EQ(h.Run({"ZPOPMIN", "z", "1", "2"}), kSyntax);
  EXPECT_EQ(h.Run({"ZPOPMIN", "nokey"}), "[]");
  EXPECT_EQ(h.Run({"ZPOPMIN", "z", "5"}), "[b, 2]");
  EXPECT_EQ(h.Run({"EXISTS", "z"}), "(integer) 0");
  h.Run({"ZADD", "z", "1", "a", "2", "b", "3", "c"});
  EXPECT_EQ(h.Run({"ZMPOP", "2", "nokey", "z", "MAX", "COUNT", "2"}), "[z, [[c, 3], [b, 2]]]");
  EXPECT_EQ(h.Run({"ZMPOP", "1", "nokey", "MIN"}), "(nil)");
  EXPECT_EQ(h.Run({"ZMPOP", "0", "z", "MIN"}), "(error) ERR numkeys should be greater than 0");
  EXPECT_EQ(h.Run({"ZMPOP", "1", "z", "MIN", "COUNT", "0"}),
            "(error) ERR count should be greater than 0");
  EXPECT_EQ(h.Run({"ZMPOP", "1", "z", "SIDE"}), kSyntax);
  h.Run({"HELLO", "3"});
  EXPECT_EQ(h.Run({"ZPOPMIN", "z", "1"}), "[[a, (double) 1]]");
  EXPECT_EQ(h.Run({"EXISTS", "z"}), "(integer) 0");
}

TEST(ZSetsTest, BlockingPopsServeReadyKeysOrTimeOut) {
  CommandHarness h;
  h.Run({"ZADD", "z", "1", "a", "2", "b"});
  EXPECT_EQ(h.Run({"BZPOPMIN", "nokey", "z", "0"}), "[z, a, 1]");
  EXPECT_EQ(h.Run({"BZPOPMAX", "z", "0"}), "[z, b, 2]");
  EXPECT_EQ(h.Run({"BZPOPMIN", "z", "-1"}), "(error) ERR timeout is negative");
  EXPECT_EQ(h.Run({"BZPOPMIN", "z", "x"}), "(error) ERR timeout is not a float or out of range");
  // Nothing to pop: the client waits, and the timeout answers nil.
  const size_t waiter = h.NewRecordingClient();
  h.Use(waiter);
  EXPECT_EQ(h.RunRaw({"BZPOPMIN", "z", "0.1"}), "");
  h.clock().AdvanceMs(200);
  h.node().Cron();
  EXPECT_EQ(h.connection(waiter).Take(), "*-1\r\n");
  // A ZADD serves a waiting client.
  EXPECT_EQ(h.RunRaw({"BZMPOP", "0", "1", "z", "MIN"}), "");
  h.Use(0);
  h.Run({"ZADD", "z", "1", "a"});
  EXPECT_EQ(h.connection(waiter).Take(),
            "*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n");
  h.Run({"ZADD", "z", "1", "a"});
  EXPECT_EQ(h.Run({"BZMPOP", "0", "1", "z", "MIN", "COUNT", "3"}), "[z, [[a, 1]]]");
}

// ===========================================================================
// Set operations and stores
// ===========================================================================

TEST(ZSetsTest, UnionInterDiff) {
  CommandHarness h;
  h.Run({"ZADD", "a", "1", "x", "2", "y"});
  h.Run({"ZADD", "b", "10", "y", "20", "z"});
  EXPECT_EQ(h.Run({"ZUNION", "2", "a", "b", "WITHSCORES"}), "[x, 1, y, 12, z, 20]");
  EXPECT_EQ(h.Run({"ZUNION", "2", "a", "b", "WEIGHTS", "2", "1", "AGGREGATE", "MIN"}), "[x, y, z]");
  EXPECT_EQ(h.Run({"ZINTER", "2", "a", "b", "AGGREGATE", "MAX", "WITHSCORES"}), "[y, 10]");
  EXPECT_EQ(h.Run({"ZDIFF", "2", "a", "b", "WITHSCORES"}), "[x, 1]");
  EXPECT_EQ(h.Run({"ZINTERCARD", "2", "a", "b"}), "(integer) 1");
  EXPECT_EQ(h.Run({"ZINTERCARD", "2", "a", "b", "LIMIT", "-1"}),
            "(error) ERR LIMIT can't be negative");
  EXPECT_EQ(h.Run({"ZUNION", "0", "a"}),
            "(error) ERR at least 1 input key is needed for 'zunion' command");
  EXPECT_EQ(h.Run({"ZUNION", "3", "a", "b"}), kSyntax);
  EXPECT_EQ(h.Run({"ZUNION", "2", "a", "b", "WEIGHTS", "1", "x"}),
            "(error) ERR weight value is not a float");
  EXPECT_EQ(h.Run({"ZUNION", "2", "a", "b", "AGGREGATE", "AVG"}), kSyntax);
  EXPECT_EQ(h.Run({"ZDIFF", "2", "a", "b", "WEIGHTS", "1", "1"}), kSyntax);
  EXPECT_EQ(h.Run({"ZUNIONSTORE", "d", "2", "a", "b"}), "(integer) 3");
  EXPECT_EQ(h.Run({"ZRANGE", "d", "0", "-1", "WITHSCORES"}), "[x, 1, y, 12, z, 20]");
  EXPECT_EQ(h.Run({"ZINTERSTORE", "d", "2", "a", "nokey"}), "(integer) 0");
  EXPECT_EQ(h.Run({"EXISTS", "d"}), "(integer) 0");
  EXPECT_EQ(h.Run({"ZDIFFSTORE", "d", "2", "a", "b"}), "(integer) 1");
  EXPECT_EQ(h.Run({"ZUNIONSTORE", "d", "1", "a", "WITHSCORES"}), kSyntax);
  EXPECT_EQ(h.Run({"ZRANGESTORE", "d", "a", "0", "0"}), "(integer) 1");
  EXPECT_EQ(h.Run({"ZRANGE", "d", "0", "-1"}), "[x]");
  EXPECT_EQ(h.Run({"ZRANGESTORE", "d", "a", "5", "6"}), "(integer) 0");
  EXPECT_EQ(h.Run({"EXISTS", "d"}), "(integer) 0");
}

TEST(ZSetsTest, RandMemberAndScan) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"ZRANDMEMBER", "nokey"}), "(nil)");
  EXPECT_EQ(h.Run({"ZRANDMEMBER", "nokey", "3"}), "[]");
  h.Run({"ZADD", "z", "1", "a", "2", "b", "3", "c"});
  EXPECT_EQ(h.Run({"ZRANDMEMBER", "z", "5", "WITHSCORES"}), "[c, 3, b, 2, a, 1]");
  EXPECT_EQ(h.RunValue({"ZRANDMEMBER", "z", "-7"}).elems.size(), 7u);
  EXPECT_EQ(h.RunValue({"ZRANDMEMBER", "z", "2"}).elems.size(), 2u);
  EXPECT_EQ(h.Run({"ZRANDMEMBER", "z", "1", "SCORES"}), kSyntax);
  EXPECT_EQ(h.Run({"ZSCAN", "z", "0"}), "[0, [a, 1, b, 2, c, 3]]");
  EXPECT_EQ(h.Run({"ZSCAN", "z", "0", "MATCH", "b"}), "[0, [b, 2]]");
  EXPECT_EQ(h.Run({"ZSCAN", "z", "x"}), "(error) ERR invalid cursor");
  EXPECT_EQ(h.Run({"ZSCAN", "nokey", "0"}), "[0, []]");
  EXPECT_EQ(h.RunValue({"ZRANDMEMBER", "z", "-4", "WITHSCORES"}).elems.size(), 8u);
  h.Run({"HELLO", "3"});
  const resp::Value pairs = h.RunValue({"ZRANDMEMBER", "z", "-4", "WITHSCORES"});
  ASSERT_EQ(pairs.elems.size(), 4u);
  for (const resp::Value& p : pairs.elems) {
    ASSERT_EQ(p.elems.size(), 2u);
    EXPECT_EQ(p.elems[1].type, resp::Value::Type::kDouble);
  }
}

// ===========================================================================
// Encodings
// ===========================================================================

TEST(ZSetsTest, ConvertsAtEntryLimitAndStoresConvertBack) {
  CommandHarness h;
  for (int i = 0; i < 128; ++i) h.Run({"ZADD", "z", std::to_string(i), "m" + std::to_string(i)});
  EXPECT_EQ(Encoding(h, "z"), "listpack");
  h.Run({"ZADD", "z", "500", "extra"});
  EXPECT_EQ(Encoding(h, "z"), "skiplist");
  h.Run({"ZREMRANGEBYRANK", "z", "0", "-3"});
  EXPECT_EQ(Encoding(h, "z"), "skiplist");  // never converts back on its own
  EXPECT_EQ(h.Run({"ZRANGE", "z", "0", "-1", "WITHSCORES"}), "[m127, 127, extra, 500]");
  h.Run({"ZUNIONSTORE", "u", "1", "z"});
  EXPECT_EQ(Encoding(h, "u"), "listpack");
  h.Run({"ZRANGESTORE", "r", "z", "0", "-1"});
  EXPECT_EQ(Encoding(h, "r"), "listpack");
}

TEST(ZSetsTest, ConvertsAtValueLimitAndFollowsConfig) {
  CommandHarness h;
  h.Run({"ZADD", "z", "1", std::string(64, 'x')});
  EXPECT_EQ(Encoding(h, "z"), "listpack");
  h.Run({"ZADD", "z", "1", std::string(65, 'y')});
  EXPECT_EQ(Encoding(h, "z"), "skiplist");
  h.Run({"ZADD", "w", "1", std::string(65, 'y')});
  EXPECT_EQ(Encoding(h, "w"), "skiplist");
  h.Run({"CONFIG", "SET", "zset-max-listpack-entries", "0"});
  h.Run({"ZADD", "e", "1", "a"});
  EXPECT_EQ(Encoding(h, "e"), "skiplist");
  h.Run({"CONFIG", "SET", "zset-max-listpack-entries", "2"});
  h.Run({"ZADD", "f", "1", "a", "2", "b"});
  EXPECT_EQ(Encoding(h, "f"), "listpack");
  h.Run({"ZADD", "f", "3", "c"});
  EXPECT_EQ(Encoding(h, "f"), "skiplist");
}

TEST(ZSetsTest, SkiplistEncodingAnswersLikeListpack) {
  CommandHarness h;
  std::vector<std::string> add = {"ZADD", "big"};
  for (int i = 0; i < 300; ++i) {
    add.push_back(std::to_string(i % 10));
    add.push_back("e" + std::to_string(1000 + i));
  }
  h.Run(add);
  EXPECT_EQ(Encoding(h, "big"), "skiplist");
  EXPECT_EQ(h.Run({"ZCARD", "big"}), "(integer) 300");
  EXPECT_EQ(h.Run({"ZRANGE", "big", "0", "2"}), "[e1000, e1010, e1020]");
  EXPECT_EQ(h.Run({"ZREVRANGE", "big", "0", "1", "WITHSCORES"}), "[e1299, 9, e1289, 9]");
  EXPECT_EQ(h.Run({"ZRANK", "big", "e1001"}), "(integer) 30");
  EXPECT_EQ(h.Run({"ZCOUNT", "big", "(2", "4"}), "(integer) 60");
  EXPECT_EQ(h.Run({"ZRANGEBYSCORE", "big", "5", "5", "LIMIT", "28", "5"}), "[e1285, e1295]");
  EXPECT_EQ(h.Run({"ZREMRANGEBYSCORE", "big", "0", "8"}), "(integer) 270");
  EXPECT_EQ(h.Run({"ZPOPMIN", "big"}), "[e1009, 9]");
  EXPECT_EQ(h.Run({"ZSCORE", "big", "e1299"}), "9");
  EXPECT_EQ(h.Run({"ZINCRBY", "big", "-100", "e1299"}), "-91");
  EXPECT_EQ(h.Run({"ZRANGE", "big", "0", "0"}), "[e1299]");
}

}  // namespace
}  // namespace shoal
