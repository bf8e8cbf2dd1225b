#include "node/keyspace/object.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace shoal {
namespace {

struct EncodingCase {
  std::string value;
  Encoding expected;
};

// Each expectation was checked with OBJECT ENCODING after SET on
// redis-server 7.0.
TEST(ObjectTest, StringEncodingFollowsRedis) {
  const std::string s44(44, 'a');
  const std::string s45(45, 'a');
  const EncodingCase cases[] = {
      {"0", Encoding::kInt},
      {"-1", Encoding::kInt},
      {"10000", Encoding::kInt},
      {"9223372036854775807", Encoding::kInt},
      {"-9223372036854775808", Encoding::kInt},
      {"9223372036854775808", Encoding::kEmbStr},
      {"-9223372036854775809", Encoding::kEmbStr},
      {"12345678901234567890", Encoding::kEmbStr},
      {"99999999999999999999", Encoding::kEmbStr},
      {"007", Encoding::kEmbStr},
      {"00", Encoding::kEmbStr},
      {"-0", Encoding::kEmbStr},
      {"-007", Encoding::kEmbStr},
      {"+1", Encoding::kEmbStr},
      {" 1", Encoding::kEmbStr},
      {"1 ", Encoding::kEmbStr},
      {"-", Encoding::kEmbStr},
      {"", Encoding::kEmbStr},
      {"1.5", Encoding::kEmbStr},
      {"1e5", Encoding::kEmbStr},
      {s44, Encoding::kEmbStr},
      {s45, Encoding::kRaw},
  };
  for (const auto& c : cases) {
    Object o = Object::String(c.value);
    EXPECT_EQ(o.type(), ObjType::kString);
    EXPECT_EQ(EncodingName(o.encoding()), EncodingName(c.expected)) << "[" << c.value << "]";
    EXPECT_EQ(o.StringValue(), c.value) << "the encoding must be lossless";
    EXPECT_EQ(o.StringLength(), c.value.size());
  }
}

TEST(ObjectTest, AsIntegerAcceptsOnlyCanonicalIntegers) {
  int64_t v = 0;
  EXPECT_TRUE(Object::String("-9223372036854775808").AsInteger(&v));
  EXPECT_EQ(v, INT64_MIN);
  EXPECT_TRUE(Object::RawString("42").AsInteger(&v));
  EXPECT_EQ(v, 42);
  // INCR on these fails with "value is not an integer" in Redis.
  for (const char* bad : {"007", " 1", "+1", "-0", "", "1.5", "9223372036854775808", "abc"}) {
    EXPECT_FALSE(Object::RawString(bad).AsInteger(&v)) << bad;
  }
}

TEST(ObjectTest, IntegerAndRawConstructors) {
  Object i = Object::Integer(-12);
  EXPECT_EQ(i.encoding(), Encoding::kInt);
  EXPECT_EQ(i.StringValue(), "-12");
  EXPECT_EQ(i.StringLength(), 3u);
  Object r = Object::RawString("5");
  EXPECT_EQ(r.encoding(), Encoding::kRaw);
  EXPECT_EQ(r.StringValue(), "5");
}

TEST(ObjectTest, MutableStringTurnsRaw) {
  Object o = Object::String("5");
  ASSERT_EQ(o.encoding(), Encoding::kInt);
  o.MutableString() += "1";  // APPEND: Redis reports raw afterwards
  EXPECT_EQ(o.encoding(), Encoding::kRaw);
  EXPECT_EQ(o.StringValue(), "51");
  Object e = Object::String("ab");
  e.MutableString()[0] = 'x';
  EXPECT_EQ(e.encoding(), Encoding::kRaw);
  EXPECT_EQ(e.StringValue(), "xb");
}

TEST(ObjectTest, Names) {
  EXPECT_EQ(TypeName(ObjType::kString), "string");
  EXPECT_EQ(TypeName(ObjType::kList), "list");
  EXPECT_EQ(TypeName(ObjType::kSet), "set");
  EXPECT_EQ(TypeName(ObjType::kZSet), "zset");
  EXPECT_EQ(TypeName(ObjType::kHash), "hash");
  EXPECT_EQ(TypeName(ObjType::kStream), "stream");
  EXPECT_EQ(EncodingName(Encoding::kRaw), "raw");
  EXPECT_EQ(EncodingName(Encoding::kInt), "int");
  EXPECT_EQ(EncodingName(Encoding::kEmbStr), "embstr");
  EXPECT_EQ(EncodingName(Encoding::kHashtable), "hashtable");
  EXPECT_EQ(EncodingName(Encoding::kListpack), "listpack");
  EXPECT_EQ(EncodingName(Encoding::kQuicklist), "quicklist");
  EXPECT_EQ(EncodingName(Encoding::kIntset), "intset");
  EXPECT_EQ(EncodingName(Encoding::kSkiplist), "skiplist");
  EXPECT_EQ(EncodingName(Encoding::kStream), "stream");
}

TEST(ObjectTest, LruIs24Bits) {
  Object o = Object::String("x");
  o.set_lru(0x1234567);
  EXPECT_EQ(o.lru(), 0x234567u);
}

TEST(ObjectTest, MemoryUsageGrowsWithLongStrings) {
  const size_t small = Object::String("abc").MemoryUsage();
  const size_t big = Object::String(std::string(1000, 'x')).MemoryUsage();
  EXPECT_GE(small, sizeof(Object));
  EXPECT_GE(big, small + 1000);
  EXPECT_EQ(Object::Integer(5).MemoryUsage(), sizeof(Object));
}

// Values of every storage kind (integer, inline up to 31 bytes, heap) survive
// copies, moves and assignment between kinds.
TEST(ObjectTest, CopiesAndMovesEveryStorageKind) {
  const std::vector<Object> samples = {
      Object::Integer(-42), Object::String("short"), Object::String(std::string(31, 'a')),
      Object::String(std::string(32, 'b')), Object::String(std::string(200, 'c')),
      Object::RawString("raw")};
  for (const Object& a : samples) {
    Object copy = a;
    EXPECT_EQ(copy.StringValue(), a.StringValue());
    EXPECT_EQ(copy.encoding(), a.encoding());
    Object moved = std::move(copy);
    EXPECT_EQ(moved.StringValue(), a.StringValue());
    for (const Object& b : samples) {
      Object target = b;
      target = a;
      EXPECT_EQ(target.StringValue(), a.StringValue());
      target = Object(b);
      EXPECT_EQ(target.StringValue(), b.StringValue());
    }
  }
}

TEST(ObjectTest, MutableStringConvertsInlineAndIntegerValues) {
  Object i = Object::Integer(12);
  i.MutableString() += "3";
  EXPECT_EQ(i.StringValue(), "123");
  EXPECT_EQ(i.encoding(), Encoding::kRaw);
  Object s = Object::String("abc");
  s.MutableString().append(40, 'x');
  EXPECT_EQ(s.StringLength(), 43u);
  EXPECT_EQ(s.encoding(), Encoding::kRaw);
  std::string scratch;
  EXPECT_EQ(s.StringBytes(&scratch), "abc" + std::string(40, 'x'));
}

TEST(ObjectTest, ShortValuesNeedNoAllocation) {
  EXPECT_EQ(sizeof(Object), 40u);
  // Up to 32 bytes (the whole payload) live inside the object.
  EXPECT_EQ(Object::String(std::string(32, 'x')).MemoryUsage(), sizeof(Object));
  EXPECT_GT(Object::String(std::string(33, 'x')).MemoryUsage(), sizeof(Object));
  const Object copy = Object::String(std::string(32, 'y'));
  Object moved = copy;
  EXPECT_EQ(moved.StringValue(), std::string(32, 'y'));
  EXPECT_EQ(Object(std::move(moved)).StringLength(), 32u);
  EXPECT_EQ(Object::StringFromView("12345").encoding(), Encoding::kInt);
  EXPECT_EQ(Object::StringFromView(std::string(44, 'x')).encoding(), Encoding::kEmbStr);
  EXPECT_EQ(Object::StringFromView(std::string(45, 'x')).encoding(), Encoding::kRaw);
}

}  // namespace
}  // namespace shoal
