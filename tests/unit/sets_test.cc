// The set family, reply by reply as Redis 7.0 gives them, plus SetValue's
// encodings and conversions.

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "common/resp/value.h"
#include "node/keyspace/types/set.h"
#include "tests/unit/harness.h"

namespace shoal {
namespace {

using testing::CommandHarness;

constexpr char kWrongType[] =
    "(error) WRONGTYPE Operation against a key holding the wrong kind of value";
constexpr char kSyntax[] = "(error) ERR syntax error";

std::string Encoding(CommandHarness& h, const std::string& key) {
  return h.Run({"OBJECT", "ENCODING", key});
}

// The elements of an array or set reply, as a set.
std::set<std::string> Members(const resp::Value& v) {
  std::set<std::string> out;
  for (const resp::Value& e : v.elems) out.insert(e.str);
  return out;
}

std::set<std::string> Members(CommandHarness& h, std::vector<std::string> argv) {
  return Members(h.RunValue(std::move(argv)));
}

std::vector<std::string> Sadd(const std::string& key, int from, int to, const std::string& prefix) {
  std::vector<std::string> argv = {"SADD", key};
  for (int i = from; i < to; ++i) argv.push_back(prefix + std::to_string(i));
  return argv;
}

// ===========================================================================
// SetValue
// ===========================================================================

TEST(SetValueTest, EncodingFollowsFirstMember) {
  EXPECT_EQ(SetValue::CreateFor("12")->encoding(), Encoding::kIntset);
  EXPECT_EQ(SetValue::CreateFor("a")->encoding(), Encoding::kHashtable);
  EXPECT_EQ(SetValue::CreateFor("012")->encoding(), Encoding::kHashtable);
  EXPECT_EQ(SetValue::CreateFor("9223372036854775808")->encoding(), Encoding::kHashtable);
}

TEST(SetValueTest, ConvertsAtLimitAndNeverBack) {
  auto set = SetValue::CreateIntSet();
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(set->Add(std::to_string(i), 3));
  EXPECT_EQ(set->encoding(), Encoding::kIntset);
  EXPECT_TRUE(set->Add("3", 3));
  EXPECT_EQ(set->encoding(), Encoding::kHashtable);
  EXPECT_TRUE(set->Remove("3"));
  EXPECT_EQ(set->encoding(), Encoding::kHashtable);
  EXPECT_TRUE(set->Contains("2"));
  EXPECT_FALSE(set->Contains("3"));
}

TEST(SetValueTest, IntSetBytesRoundTripAndClone) {
  auto set = SetValue::CreateIntSet();
  set->Add("5", 512);
  set->Add("-70000", 512);
  ASSERT_NE(set->intset(), nullptr);
  StatusOr<std::unique_ptr<SetValue>> back = SetValue::FromIntSetBytes(set->intset()->Bytes());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ((*back)->Members(), (std::vector<std::string>{"-70000", "5"}));
  EXPECT_FALSE(SetValue::FromIntSetBytes("bogus").ok());
  auto clone = set->Clone();
  EXPECT_EQ(clone->Size(), 2u);
  set->Add("x", 512);
  auto table_clone = set->Clone();
  EXPECT_EQ(table_clone->encoding(), Encoding::kHashtable);
  EXPECT_EQ(table_clone->Size(), 3u);
}

// ===========================================================================
// SADD / SREM / SCARD / SISMEMBER / SMISMEMBER / SMEMBERS
// ===========================================================================

TEST(SetsTest, AddRemoveAndQuery) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"SADD", "s", "a", "b", "a"}), "(integer) 2");
  EXPECT_EQ(h.Run({"SADD", "s", "b", "c"}), "(integer) 1");
  EXPECT_EQ(h.Run({"SCARD", "s"}), "(integer) 3");
  EXPECT_EQ(h.Run({"SISMEMBER", "s", "a"}), "(integer) 1");
  EXPECT_EQ(h.Run({"SISMEMBER", "s", "z"}), "(integer) 0");
  EXPECT_EQ(h.Run({"SMISMEMBER", "s", "a", "z", "c"}), "[(integer) 1, (integer) 0, (integer) 1]");
  EXPECT_EQ(Members(h, {"SMEMBERS", "s"}), (std::set<std::string>{"a", "b", "c"}));
  EXPECT_EQ(h.Run({"SREM", "s", "a", "z"}), "(integer) 1");
  EXPECT_EQ(h.Run({"SREM", "s", "b", "c", "a"}), "(integer) 2");
  EXPECT_EQ(h.Run({"EXISTS", "s"}), "(integer) 0");
  EXPECT_EQ(h.Run({"SADD", "e", ""}), "(integer) 1");
  EXPECT_EQ(h.Run({"SMEMBERS", "e"}), "[]");  // one empty member renders as such
  EXPECT_EQ(h.Run({"SCARD", "e"}), "(integer) 1");
}

TEST(SetsTest, MissingKey) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"SCARD", "no"}), "(integer) 0");
  EXPECT_EQ(h.Run({"SISMEMBER", "no", "a"}), "(integer) 0");
  EXPECT_EQ(h.Run({"SMISMEMBER", "no", "a", "b"}), "[(integer) 0, (integer) 0]");
  EXPECT_EQ(h.Run({"SMEMBERS", "no"}), "[]");
  EXPECT_EQ(h.Run({"SREM", "no", "a"}), "(integer) 0");
  EXPECT_EQ(h.Run({"SPOP", "no"}), "(nil)");
  EXPECT_EQ(h.Run({"SPOP", "no", "3"}), "[]");
  EXPECT_EQ(h.Run({"SRANDMEMBER", "no"}), "(nil)");
  EXPECT_EQ(h.Run({"SRANDMEMBER", "no", "3"}), "[]");
  EXPECT_EQ(h.Run({"SMOVE", "no", "d", "a"}), "(integer) 0");
  EXPECT_EQ(h.Run({"SINTER", "no"}), "[]");
  EXPECT_EQ(h.Run({"SUNION", "no"}), "[]");
  EXPECT_EQ(h.Run({"SDIFF", "no"}), "[]");
  EXPECT_EQ(h.Run({"SINTERCARD", "1", "no"}), "(integer) 0");
  EXPECT_EQ(h.Run({"SSCAN", "no", "0"}), "[0, []]");
  EXPECT_EQ(h.Run({"SSCAN", "no", "0", "COUNT", "0"}), "[0, []]");  // options unchecked
}

TEST(SetsTest, WrongTypeOnEveryCommand) {
  CommandHarness h;
  h.Put("str", "x");
  h.Run({"SADD", "s", "1"});
  const std::vector<std::vector<std::string>> cmds = {
      {"SADD", "str", "a"},
      {"SREM", "str", "a"},
      {"SCARD", "str"},
      {"SISMEMBER", "str", "a"},
      {"SMISMEMBER", "str", "a"},
      {"SMEMBERS", "str"},
      {"SPOP", "str"},
      {"SPOP", "str", "2"},
      {"SRANDMEMBER", "str"},
      {"SRANDMEMBER", "str", "2"},
      {"SMOVE", "str", "s", "1"},
      {"SMOVE", "s", "str", "1"},
      {"SINTER", "s", "str"},
      {"SINTER", "no", "str"},  // every key is checked, even after a missing one
      {"SINTERCARD", "2", "no", "str"},
      {"SINTERSTORE", "d", "no", "str"},
      {"SUNION", "s", "str"},
      {"SUNIONSTORE", "d", "s", "str"},
      {"SDIFF", "no", "str"},
      {"SDIFFSTORE", "d", "s", "str"},
      {"SSCAN", "str", "0"},
  };
  for (const auto& cmd : cmds) EXPECT_EQ(h.Run(cmd), kWrongType) << cmd[0];
  EXPECT_EQ(h.Run({"SMEMBERS", "s"}), "[1]");  // SMOVE to a wrong type moved nothing
  EXPECT_EQ(h.Run({"SMOVE", "no", "str", "1"}), "(integer) 0");  // missing source first
  EXPECT_EQ(h.Run({"EXISTS", "d"}), "(integer) 0");
}

TEST(SetsTest, Arity) {
  CommandHarness h;
  const std::vector<std::vector<std::string>> cmds = {
      {"SADD", "k"},
      {"SREM", "k"},
      {"SCARD"},
      {"SISMEMBER", "k"},
      {"SMISMEMBER", "k"},
      {"SMEMBERS"},
      {"SPOP"},
      {"SRANDMEMBER"},
      {"SMOVE", "a", "b"},
      {"SINTER"},
      {"SINTERCARD", "1"},
      {"SINTERSTORE", "d"},
      {"SUNION"},
      {"SUNIONSTORE", "d"},
      {"SDIFF"},
      {"SDIFFSTORE", "d"},
      {"SSCAN", "k"},
  };
  for (const auto& cmd : cmds) {
    std::string name = cmd[0];
    for (char& c : name) c = static_cast<char>(std::tolower(c));
    EXPECT_EQ(h.Run(cmd), "(error) ERR wrong number of arguments for '" + name + "' command");
  }
  EXPECT_EQ(h.Run({"SPOP", "k", "1", "2"}), kSyntax);
  EXPECT_EQ(h.Run({"SRANDMEMBER", "k", "1", "2"}), kSyntax);
}

// ===========================================================================
// Encodings
// ===========================================================================

TEST(SetsTest, IntsetWidthUpgrades) {
  CommandHarness h;
  h.Run({"SADD", "s", "1", "-32768", "32767"});
  EXPECT_EQ(Encoding(h, "s"), "intset");
  const std::string small = h.Run({"MEMORY", "USAGE", "s"});
  h.Run({"SADD", "s", "2147483647"});
  h.Run({"SADD", "s", "-9223372036854775808"});
  EXPECT_EQ(Encoding(h, "s"), "intset");
  EXPECT_NE(h.Run({"MEMORY", "USAGE", "s"}), small);
  EXPECT_EQ(h.Run({"SMEMBERS", "s"}),
            "[-9223372036854775808, -32768, 1, 32767, 2147483647]");  // sorted, as Redis
  EXPECT_EQ(h.Run({"SISMEMBER", "s", "2147483647"}), "(integer) 1");
}

TEST(SetsTest, NonCanonicalIntegersAreStrings) {
  CommandHarness h;
  for (const char* m : {"01", "+1", "1.0", " 1", "-0", "9223372036854775808"}) {
    h.Run({"DEL", "s"});
    h.Run({"SADD", "s", m});
    EXPECT_EQ(Encoding(h, "s"), "hashtable") << m;
  }
  h.Run({"SADD", "i", "1"});
  h.Run({"SADD", "i", "01"});
  EXPECT_EQ(Encoding(h, "i"), "hashtable");
  EXPECT_EQ(h.Run({"SCARD", "i"}), "(integer) 2");
}

TEST(SetsTest, ConversionByCountAndByMember) {
  CommandHarness h;
  h.Run(Sadd("n", 0, 512, ""));
  EXPECT_EQ(Encoding(h, "n"), "intset");
  h.Run({"SADD", "n", "512"});  // the 513th member
  EXPECT_EQ(Encoding(h, "n"), "hashtable");
  EXPECT_EQ(h.Run({"SCARD", "n"}), "(integer) 513");
  h.Run({"SREM", "n", "512", "511"});
  EXPECT_EQ(Encoding(h, "n"), "hashtable");  // never back

  h.Run({"SADD", "m", "1", "2"});
  h.Run({"SADD", "m", "x"});
  EXPECT_EQ(Encoding(h, "m"), "hashtable");
  EXPECT_EQ(Members(h, {"SMEMBERS", "m"}), (std::set<std::string>{"1", "2", "x"}));
  h.Run({"SREM", "m", "x"});
  EXPECT_EQ(Encoding(h, "m"), "hashtable");
  // A first member that is not an integer makes a hashtable at once.
  h.Run({"SADD", "a", "x", "1"});
  EXPECT_EQ(Encoding(h, "a"), "hashtable");
}

TEST(SetsTest, ConfigThresholdChanges) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"CONFIG", "SET", "set-max-intset-entries", "3"}), "OK");
  h.Run({"SADD", "s", "1", "2", "3"});
  EXPECT_EQ(Encoding(h, "s"), "intset");
  h.Run({"SADD", "t", "1", "2", "3", "4"});
  EXPECT_EQ(Encoding(h, "t"), "hashtable");
  // Raising the limit leaves existing sets as they are; lowering it acts on
  // the next add only.
  h.Run({"CONFIG", "SET", "set-max-intset-entries", "1"});
  EXPECT_EQ(Encoding(h, "s"), "intset");
  h.Run({"SADD", "s", "1"});  // not added: no conversion
  EXPECT_EQ(Encoding(h, "s"), "intset");
  h.Run({"SADD", "s", "4"});
  EXPECT_EQ(Encoding(h, "s"), "hashtable");
  h.Run({"CONFIG", "SET", "set-max-intset-entries", "0"});
  h.Run({"SADD", "z", "1"});
  EXPECT_EQ(Encoding(h, "z"), "hashtable");
}

TEST(SetsTest, HashtableEncodingWithManyMembers) {
  CommandHarness h;
  h.Run(Sadd("s", 0, 5000, "m"));
  EXPECT_EQ(Encoding(h, "s"), "hashtable");
  EXPECT_EQ(h.Run({"SCARD", "s"}), "(integer) 5000");
  EXPECT_EQ(h.Run({"SISMEMBER", "s", "m4999"}), "(integer) 1");
  std::vector<std::string> rem = Sadd("s", 0, 4990, "m");
  rem[0] = "SREM";
  EXPECT_EQ(h.Run(rem), "(integer) 4990");
  EXPECT_EQ(Members(h, {"SMEMBERS", "s"}).size(), 10u);
}

// ===========================================================================
// SPOP / SRANDMEMBER
// ===========================================================================

TEST(SetsTest, SpopSingleAndCount) {
  CommandHarness h;
  h.Run({"SADD", "s", "a", "b", "c"});
  const std::string one = h.Run({"SPOP", "s"});
  EXPECT_TRUE(one == "a" || one == "b" || one == "c");
  EXPECT_EQ(h.Run({"SISMEMBER", "s", one}), "(integer) 0");
  EXPECT_EQ(h.Run({"SPOP", "s", "0"}), "[]");
  EXPECT_EQ(Members(h, {"SPOP", "s", "5"}).size(), 2u);  // whole set, key deleted
  EXPECT_EQ(h.Run({"EXISTS", "s"}), "(integer) 0");
  h.Run({"SADD", "s", "x"});
  h.Run({"SPOP", "s"});
  EXPECT_EQ(h.Run({"EXISTS", "s"}), "(integer) 0");
  EXPECT_EQ(h.Run({"SPOP", "s", "-1"}), "(error) ERR value is out of range, must be positive");
  EXPECT_EQ(h.Run({"SPOP", "s", "x"}), "(error) ERR value is out of range, must be positive");
}

TEST(SetsTest, SpopCountReturnsDistinctAndRemoves) {
  CommandHarness h;
  for (const char* prefix : {"", "m"}) {  // intset and hashtable
    h.Run({"DEL", "s"});
    h.Run(Sadd("s", 0, 100, prefix));
    for (const char* count : {"10", "90"}) {  // both of Redis's strategies
      h.Run({"DEL", "s"});
      h.Run(Sadd("s", 0, 100, prefix));
      resp::Value popped = h.RunValue({"SPOP", "s", count});
      const size_t n = std::stoul(count);
      ASSERT_EQ(popped.elems.size(), n);
      std::set<std::string> distinct = Members(popped);
      EXPECT_EQ(distinct.size(), n);
      EXPECT_EQ(h.Run({"SCARD", "s"}), "(integer) " + std::to_string(100 - n));
      std::set<std::string> left = Members(h, {"SMEMBERS", "s"});
      for (const std::string& m : distinct) EXPECT_EQ(left.count(m), 0u);
    }
  }
}

TEST(SetsTest, SpopRebuildPicksEncodingAfresh) {
  CommandHarness h;
  h.Run(Sadd("s", 0, 20, ""));
  h.Run({"SADD", "s", "x"});
  h.Run({"SREM", "s", "x"});
  EXPECT_EQ(Encoding(h, "s"), "hashtable");
  // Few survivors: the set is rebuilt from them, as an intset (as in Redis).
  EXPECT_EQ(Members(h, {"SPOP", "s", "18"}).size(), 18u);
  EXPECT_EQ(Encoding(h, "s"), "intset");
  EXPECT_EQ(h.Run({"SCARD", "s"}), "(integer) 2");
}

TEST(SetsTest, SrandmemberCounts) {
  CommandHarness h;
  for (const char* prefix : {"", "m"}) {
    h.Run({"DEL", "s"});
    h.Run(Sadd("s", 0, 30, prefix));
    for (const char* count : {"5", "20", "29"}) {
      resp::Value v = h.RunValue({"SRANDMEMBER", "s", count});
      EXPECT_EQ(v.type, resp::Value::Type::kArray);
      EXPECT_EQ(v.elems.size(), std::stoul(count));
      EXPECT_EQ(Members(v).size(), std::stoul(count));  // distinct
    }
    EXPECT_EQ(Members(h, {"SRANDMEMBER", "s", "30"}).size(), 30u);
    EXPECT_EQ(h.RunValue({"SRANDMEMBER", "s", "100"}).elems.size(), 30u);
    resp::Value rep = h.RunValue({"SRANDMEMBER", "s", "-100"});
    EXPECT_EQ(rep.elems.size(), 100u);  // repeats allowed
    EXPECT_LE(Members(rep).size(), 30u);
    EXPECT_EQ(h.Run({"SRANDMEMBER", "s", "0"}), "[]");
    EXPECT_EQ(h.Run({"SCARD", "s"}), "(integer) 30");
  }
  EXPECT_EQ(h.Run({"SRANDMEMBER", "s", "x"}),
            "(error) ERR value is not an integer or out of range");
  EXPECT_EQ(h.Run({"SRANDMEMBER", "s", "-9223372036854775808"}),
            "(error) ERR value is out of range, value must between -9223372036854775807 and "
            "9223372036854775807");
}

// ===========================================================================
// SMOVE
// ===========================================================================

TEST(SetsTest, Smove) {
  CommandHarness h;
  h.Run({"SADD", "a", "1", "2"});
  EXPECT_EQ(h.Run({"SMOVE", "a", "b", "1"}), "(integer) 1");
  EXPECT_EQ(Encoding(h, "b"), "intset");
  EXPECT_EQ(h.Run({"SMOVE", "a", "b", "9"}), "(integer) 0");
  EXPECT_EQ(h.Run({"SMOVE", "a", "a", "2"}), "(integer) 1");
  EXPECT_EQ(h.Run({"SMOVE", "a", "a", "9"}), "(integer) 0");
  h.Run({"SADD", "b", "2"});
  EXPECT_EQ(h.Run({"SMOVE", "a", "b", "2"}), "(integer) 1");  // already in dst
  EXPECT_EQ(h.Run({"EXISTS", "a"}), "(integer) 0");
  EXPECT_EQ(h.Run({"SMEMBERS", "b"}), "[1, 2]");
  EXPECT_EQ(h.Run({"SMOVE", "b", "c", "x"}), "(integer) 0");
  h.Run({"SADD", "b", "x"});
  EXPECT_EQ(h.Run({"SMOVE", "b", "c", "x"}), "(integer) 1");
  EXPECT_EQ(Encoding(h, "c"), "hashtable");
}

// ===========================================================================
// SINTER / SINTERCARD / SUNION / SDIFF and their STORE forms
// ===========================================================================

TEST(SetsTest, Algebra) {
  CommandHarness h;
  h.Run({"SADD", "a", "1", "2", "3", "4"});
  h.Run({"SADD", "b", "3", "4", "5"});
  h.Run({"SADD", "c", "4", "x"});
  EXPECT_EQ(h.Run({"SINTER", "a", "b"}), "[3, 4]");
  EXPECT_EQ(h.Run({"SINTER", "a", "b", "c"}), "[4]");
  EXPECT_EQ(h.Run({"SINTER", "a", "a"}), "[1, 2, 3, 4]");
  EXPECT_EQ(h.Run({"SINTER", "a", "no"}), "[]");
  EXPECT_EQ(h.Run({"SUNION", "a", "b", "no"}), "[1, 2, 3, 4, 5]");
  EXPECT_EQ(Members(h, {"SUNION", "a", "c"}), (std::set<std::string>{"1", "2", "3", "4", "x"}));
  EXPECT_EQ(h.Run({"SDIFF", "a", "b"}), "[1, 2]");
  EXPECT_EQ(h.Run({"SDIFF", "a", "no", "c"}), "[1, 2, 3]");
  EXPECT_EQ(h.Run({"SDIFF", "a", "a"}), "[]");
  EXPECT_EQ(h.Run({"SDIFF", "no", "a"}), "[]");
}

TEST(SetsTest, StoreFormsAndResultEncoding) {
  CommandHarness h;
  h.Run({"SADD", "a", "1", "2", "3", "x"});
  h.Run({"SADD", "b", "2", "3", "x"});
  h.Run({"SADD", "n", "7"});
  EXPECT_EQ(h.Run({"SINTERSTORE", "d", "a", "b"}), "(integer) 3");
  EXPECT_EQ(Encoding(h, "d"), "hashtable");
  EXPECT_EQ(h.Run({"SDIFFSTORE", "d", "a", "b"}), "(integer) 1");
  EXPECT_EQ(Encoding(h, "d"), "intset");  // only "1": integers make an intset
  EXPECT_EQ(h.Run({"SUNIONSTORE", "d", "n", "d"}), "(integer) 2");
  EXPECT_EQ(h.Run({"SMEMBERS", "d"}), "[1, 7]");
  EXPECT_EQ(Encoding(h, "d"), "intset");
  // A STORE replaces any value and drops its TTL.
  h.Put("str", "v");
  h.Run({"EXPIRE", "str", "100"});
  EXPECT_EQ(h.Run({"SUNIONSTORE", "str", "n"}), "(integer) 1");
  EXPECT_EQ(h.Run({"TTL", "str"}), "(integer) -1");
  EXPECT_EQ(h.Run({"TYPE", "str"}), "set");
  // An empty result deletes the destination.
  EXPECT_EQ(h.Run({"SINTERSTORE", "d", "a", "no"}), "(integer) 0");
  EXPECT_EQ(h.Run({"EXISTS", "d"}), "(integer) 0");
  h.Run({"SADD", "d", "1"});
  EXPECT_EQ(h.Run({"SDIFFSTORE", "d", "n", "n"}), "(integer) 0");
  EXPECT_EQ(h.Run({"EXISTS", "d"}), "(integer) 0");
  // Large integer results convert exactly as SADD would.
  h.Run({"CONFIG", "SET", "set-max-intset-entries", "2"});
  EXPECT_EQ(h.Run({"SUNIONSTORE", "d", "n", "a"}), "(integer) 5");
  EXPECT_EQ(Encoding(h, "d"), "hashtable");
}

TEST(SetsTest, SinterCard) {
  CommandHarness h;
  h.Run(Sadd("a", 0, 10, ""));
  h.Run(Sadd("b", 5, 15, ""));
  EXPECT_EQ(h.Run({"SINTERCARD", "2", "a", "b"}), "(integer) 5");
  EXPECT_EQ(h.Run({"SINTERCARD", "2", "a", "b", "LIMIT", "3"}), "(integer) 3");
  EXPECT_EQ(h.Run({"SINTERCARD", "2", "a", "b", "limit", "0"}), "(integer) 5");
  EXPECT_EQ(h.Run({"SINTERCARD", "1", "a"}), "(integer) 10");
  EXPECT_EQ(h.Run({"SINTERCARD", "2", "a", "no"}), "(integer) 0");
  EXPECT_EQ(h.Run({"SINTERCARD", "0", "a"}), "(error) ERR numkeys should be greater than 0");
  EXPECT_EQ(h.Run({"SINTERCARD", "x", "a"}), "(error) ERR numkeys should be greater than 0");
  EXPECT_EQ(h.Run({"SINTERCARD", "3", "a", "b"}),
            "(error) ERR Number of keys can't be greater than number of args");
  EXPECT_EQ(h.Run({"SINTERCARD", "1", "a", "LIMIT", "-1"}), "(error) ERR LIMIT can't be negative");
  EXPECT_EQ(h.Run({"SINTERCARD", "1", "a", "LIMIT", "x"}), "(error) ERR LIMIT can't be negative");
  EXPECT_EQ(h.Run({"SINTERCARD", "1", "a", "LIMIT"}), kSyntax);
  EXPECT_EQ(h.Run({"SINTERCARD", "1", "a", "foo"}), kSyntax);
}

// ===========================================================================
// SSCAN
// ===========================================================================

TEST(SetsTest, SscanIntsetAllAtOnce) {
  CommandHarness h;
  h.Run(Sadd("s", 0, 100, ""));
  resp::Value v = h.RunValue({"SSCAN", "s", "0", "COUNT", "5"});
  EXPECT_EQ(v.elems[0].str, "0");
  EXPECT_EQ(v.elems[1].elems.size(), 100u);
  EXPECT_EQ(h.Run({"SSCAN", "s", "0", "MATCH", "1?"}),
            "[0, [10, 11, 12, 13, 14, 15, 16, 17, 18, 19]]");
}

TEST(SetsTest, SscanHashtableCoversEverything) {
  CommandHarness h;
  h.Run(Sadd("s", 0, 1000, "m"));
  std::set<std::string> seen;
  std::string cursor = "0";
  int calls = 0;
  do {
    resp::Value v = h.RunValue({"SSCAN", "s", cursor, "COUNT", "20"});
    ASSERT_EQ(v.elems.size(), 2u);
    cursor = v.elems[0].str;
    for (const auto& m : v.elems[1].elems) seen.insert(m.str);
    // Grow the set meanwhile: the original members must still all be seen.
    h.Run(Sadd("s", 1000 + calls * 10, 1010 + calls * 10, "new"));
    ASSERT_LT(++calls, 10000);
  } while (cursor != "0");
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(seen.count("m" + std::to_string(i)), 1u) << i;
  EXPECT_GT(calls, 10);
  resp::Value matched = h.RunValue({"SSCAN", "s", "0", "MATCH", "m99*", "COUNT", "100000"});
  EXPECT_EQ(Members(matched.elems[1]),
            (std::set<std::string>{"m99", "m990", "m991", "m992", "m993", "m994", "m995", "m996",
                                   "m997", "m998", "m999"}));
}

TEST(SetsTest, SscanErrors) {
  CommandHarness h;
  h.Run({"SADD", "s", "a"});
  EXPECT_EQ(h.Run({"SSCAN", "s", "x"}), "(error) ERR invalid cursor");
  EXPECT_EQ(h.Run({"SSCAN", "no", "x"}), "(error) ERR invalid cursor");
  EXPECT_EQ(h.Run({"SSCAN", "s", "0", "COUNT", "0"}), kSyntax);
  EXPECT_EQ(h.Run({"SSCAN", "s", "0", "COUNT", "x"}),
            "(error) ERR value is not an integer or out of range");
  EXPECT_EQ(h.Run({"SSCAN", "s", "0", "TYPE", "set"}), kSyntax);
  EXPECT_EQ(h.Run({"SSCAN", "s", "0", "MATCH"}), kSyntax);
}

// ===========================================================================
// RESP3 reply types
// ===========================================================================

TEST(SetsTest, Resp3ReplyTypes) {
  CommandHarness h;
  h.Run({"HELLO", "3"});
  h.Run({"SADD", "s", "1", "2"});
  EXPECT_EQ(h.RunRaw({"SMEMBERS", "s"}), "~2\r\n$1\r\n1\r\n$1\r\n2\r\n");
  EXPECT_EQ(h.RunRaw({"SINTER", "s", "no"}), "~0\r\n");
  EXPECT_EQ(h.RunRaw({"SUNION", "s"}), "~2\r\n$1\r\n1\r\n$1\r\n2\r\n");
  EXPECT_EQ(h.RunRaw({"SDIFF", "no"}), "~0\r\n");
  EXPECT_EQ(h.RunRaw({"SPOP", "no", "1"}), "~0\r\n");
  EXPECT_EQ(h.RunRaw({"SRANDMEMBER", "s", "5"}), "*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
  EXPECT_EQ(h.RunRaw({"SRANDMEMBER", "no", "5"}), "*0\r\n");
  EXPECT_EQ(h.RunRaw({"SPOP", "no"}), "_\r\n");
  EXPECT_EQ(h.RunRaw({"SSCAN", "s", "0"}), "*2\r\n$1\r\n0\r\n*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
  EXPECT_EQ(h.RunRaw({"SPOP", "s", "2"}).substr(0, 4), "~2\r\n");
}

}  // namespace
}  // namespace shoal
