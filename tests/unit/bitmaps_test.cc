// The bitmap commands, reply by reply as Redis 7.0 answers them, and the
// pure helpers of bit_ops.h.

#include <gtest/gtest.h>

#include <string>

#include "node/commands/bit_ops.h"
#include "tests/unit/harness.h"

namespace shoal {
namespace {

using testing::CommandHarness;

constexpr char kOffsetErr[] = "(error) ERR bit offset is not an integer or out of range";
constexpr char kTypeErr[] =
    "(error) ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not "
    "supported but i64 is.";

TEST(BitmapsTest, SetBitAndGetBit) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"SETBIT", "k", "7", "1"}), "(integer) 0");
  EXPECT_EQ(h.Run({"GET", "k"}), "\x01");
  EXPECT_EQ(h.Run({"SETBIT", "k", "7", "0"}), "(integer) 1");
  EXPECT_EQ(h.Run({"SETBIT", "k", "100", "1"}), "(integer) 0");
  EXPECT_EQ(h.Run({"STRLEN", "k"}), "(integer) 13");
  EXPECT_EQ(h.Run({"GETBIT", "k", "100"}), "(integer) 1");
  EXPECT_EQ(h.Run({"GETBIT", "k", "99"}), "(integer) 0");
  EXPECT_EQ(h.Run({"GETBIT", "k", "10000"}), "(integer) 0");
  EXPECT_EQ(h.Run({"GETBIT", "missing", "3"}), "(integer) 0");
  EXPECT_EQ(h.Run({"OBJECT", "ENCODING", "k"}), "raw");
}

TEST(BitmapsTest, SetBitErrors) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"SETBIT", "k", "-1", "1"}), kOffsetErr);
  EXPECT_EQ(h.Run({"SETBIT", "k", "x", "1"}), kOffsetErr);
  EXPECT_EQ(h.Run({"SETBIT", "k", "4294967296", "1"}), kOffsetErr);  // past 512MB
  EXPECT_EQ(h.Run({"SETBIT", "k", "1", "2"}), "(error) ERR bit is not an integer or out of range");
  EXPECT_EQ(h.Run({"GETBIT", "k", "-1"}), kOffsetErr);
  EXPECT_EQ(h.Run({"EXISTS", "k"}), "(integer) 0");
}

TEST(BitmapsTest, OffsetsLimitedByProtoMaxBulkLen) {
  CommandHarness h({{"proto-max-bulk-len", "1048576"}});
  EXPECT_EQ(h.Run({"SETBIT", "k", "8388608", "1"}), kOffsetErr);
  EXPECT_EQ(h.Run({"SETBIT", "k", "8388607", "1"}), "(integer) 0");
  EXPECT_EQ(h.Run({"STRLEN", "k"}), "(integer) 1048576");
  EXPECT_EQ(h.Run({"BITFIELD", "k", "SET", "u8", "#1048576", "1"}), kOffsetErr);
  EXPECT_EQ(h.Run({"BITFIELD", "k", "GET", "i64", "#9223372036854775807"}), kOffsetErr);
}

TEST(BitmapsTest, IntegerValuesReadAsText) {
  CommandHarness h;
  h.Run({"SET", "n", "1"});  // "1" is 0x31: bits 2, 3 and 7 set
  EXPECT_EQ(h.Run({"GETBIT", "n", "2"}), "(integer) 1");
  EXPECT_EQ(h.Run({"GETBIT", "n", "7"}), "(integer) 1");
  EXPECT_EQ(h.Run({"BITCOUNT", "n"}), "(integer) 3");
  EXPECT_EQ(h.Run({"SETBIT", "n", "6", "1"}), "(integer) 0");
  EXPECT_EQ(h.Run({"GET", "n"}), "3");
  EXPECT_EQ(h.Run({"OBJECT", "ENCODING", "n"}), "raw");
}

TEST(BitmapsTest, BitCount) {
  CommandHarness h;
  h.Put("k", "foobar");
  EXPECT_EQ(h.Run({"BITCOUNT", "k"}), "(integer) 26");
  EXPECT_EQ(h.Run({"BITCOUNT", "k", "0", "0"}), "(integer) 4");
  EXPECT_EQ(h.Run({"BITCOUNT", "k", "1", "1"}), "(integer) 6");
  EXPECT_EQ(h.Run({"BITCOUNT", "k", "1", "1", "BYTE"}), "(integer) 6");
  EXPECT_EQ(h.Run({"BITCOUNT", "k", "5", "30", "BIT"}), "(integer) 17");
  EXPECT_EQ(h.Run({"BITCOUNT", "k", "-2", "-1"}), "(integer) 7");
  EXPECT_EQ(h.Run({"BITCOUNT", "k", "-1", "-2"}), "(integer) 0");
  EXPECT_EQ(h.Run({"BITCOUNT", "k", "0"}), "(error) ERR syntax error");
  EXPECT_EQ(h.Run({"BITCOUNT", "k", "0", "1", "WORD"}), "(error) ERR syntax error");
  EXPECT_EQ(h.Run({"BITCOUNT", "k", "a", "1"}),
            "(error) ERR value is not an integer or out of range");
  // A missing key answers 0 before the arguments are looked at.
  EXPECT_EQ(h.Run({"BITCOUNT", "missing", "0"}), "(integer) 0");
}

TEST(BitmapsTest, BitPos) {
  CommandHarness h;
  h.Put("k", std::string("\xff\xf0\x00", 3));
  EXPECT_EQ(h.Run({"BITPOS", "k", "0"}), "(integer) 12");
  EXPECT_EQ(h.Run({"BITPOS", "k", "1"}), "(integer) 0");
  EXPECT_EQ(h.Run({"BITPOS", "k", "1", "2"}), "(integer) -1");
  EXPECT_EQ(h.Run({"BITPOS", "k", "1", "7", "15", "BIT"}), "(integer) 7");
  EXPECT_EQ(h.Run({"BITPOS", "k", "0", "0", "11", "BIT"}), "(integer) -1");
  h.Put("ones", std::string("\xff\xff", 2));
  EXPECT_EQ(h.Run({"BITPOS", "ones", "0"}), "(integer) 16");
  EXPECT_EQ(h.Run({"BITPOS", "ones", "0", "0", "-1"}), "(integer) -1");
  EXPECT_EQ(h.Run({"BITPOS", "missing", "0"}), "(integer) 0");
  EXPECT_EQ(h.Run({"BITPOS", "missing", "1"}), "(integer) -1");
  EXPECT_EQ(h.Run({"BITPOS", "k", "2"}), "(error) ERR The bit argument must be 1 or 0.");
}

TEST(BitmapsTest, BitOp) {
  CommandHarness h;
  h.Put("a", "abc");
  h.Put("b", "a");
  EXPECT_EQ(h.Run({"BITOP", "AND", "d", "a", "b"}), "(integer) 3");
  EXPECT_EQ(h.Run({"GET", "d"}), std::string("a\0\0", 3));
  EXPECT_EQ(h.Run({"BITOP", "OR", "d", "a", "b"}), "(integer) 3");
  EXPECT_EQ(h.Run({"GET", "d"}), "abc");
  EXPECT_EQ(h.Run({"BITOP", "XOR", "d", "a", "a"}), "(integer) 3");
  EXPECT_EQ(h.Run({"BITOP", "NOT", "d", "b"}), "(integer) 1");
  EXPECT_EQ(h.Run({"GET", "d"}), "\x9e");
  EXPECT_EQ(h.Run({"OBJECT", "ENCODING", "d"}), "raw");
  EXPECT_EQ(h.Run({"BITOP", "NOT", "d", "a", "b"}),
            "(error) ERR BITOP NOT must be called with a single source key.");
  EXPECT_EQ(h.Run({"BITOP", "NAND", "d", "a"}), "(error) ERR syntax error");
  // Only missing sources: the destination goes away.
  EXPECT_EQ(h.Run({"BITOP", "OR", "d", "x", "y"}), "(integer) 0");
  EXPECT_EQ(h.Run({"EXISTS", "d"}), "(integer) 0");
}

TEST(BitmapsTest, BitField) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"BITFIELD", "k", "SET", "i8", "0", "100", "GET", "i8", "0"}),
            "[(integer) 0, (integer) 100]");
  EXPECT_EQ(h.Run({"BITFIELD", "k", "INCRBY", "i8", "0", "100"}), "[(integer) -56]");
  EXPECT_EQ(h.Run({"BITFIELD", "k", "OVERFLOW", "SAT", "INCRBY", "i8", "0", "-100"}),
            "[(integer) -128]");
  EXPECT_EQ(h.Run({"BITFIELD", "k", "OVERFLOW", "FAIL", "INCRBY", "i8", "0", "-1"}), "[(nil)]");
  EXPECT_EQ(h.Run({"BITFIELD", "k", "SET", "u4", "#1", "15", "GET", "u8", "0"}),
            "[(integer) 0, (integer) 143]");
  EXPECT_EQ(h.Run({"BITFIELD", "k", "OVERFLOW", "WRAP", "INCRBY", "u2", "100", "5"}),
            "[(integer) 1]");
  EXPECT_EQ(h.Run({"BITFIELD", "k", "GET", "i64", "0"}), "[(integer) -8142508126285856768]");
  EXPECT_EQ(h.Run({"BITFIELD", "missing", "GET", "u8", "0"}), "[(integer) 0]");
  EXPECT_EQ(h.Run({"BITFIELD", "k"}), "[]");
  EXPECT_EQ(h.Run({"BITFIELD", "k", "GET", "u64", "0"}), kTypeErr);
  EXPECT_EQ(h.Run({"BITFIELD", "k", "GET", "i65", "0"}), kTypeErr);
  EXPECT_EQ(h.Run({"BITFIELD", "k", "GET", "I8", "0"}), kTypeErr);
  EXPECT_EQ(h.Run({"BITFIELD", "k", "OVERFLOW", "MAYBE"}),
            "(error) ERR Invalid OVERFLOW type specified");
  EXPECT_EQ(h.Run({"BITFIELD", "k", "GET", "u8"}), "(error) ERR syntax error");
  EXPECT_EQ(h.Run({"BITFIELD", "k", "SET", "u8", "0", "x"}),
            "(error) ERR value is not an integer or out of range");
  EXPECT_EQ(h.Run({"BITFIELD_RO", "k", "GET", "u8", "0"}), "[(integer) 143]");
  EXPECT_EQ(h.Run({"BITFIELD_RO", "k", "SET", "u8", "0", "1"}),
            "(error) ERR BITFIELD_RO only supports the GET subcommand");
}

TEST(BitOpsTest, FieldOverflow) {
  using bitops::Overflow;
  uint64_t u = 0;
  EXPECT_FALSE(bitops::UnsignedOverflows(250, 5, 8, Overflow::kWrap, &u));
  EXPECT_TRUE(bitops::UnsignedOverflows(250, 6, 8, Overflow::kWrap, &u));
  EXPECT_EQ(u, 0u);
  EXPECT_TRUE(bitops::UnsignedOverflows(250, 10, 8, Overflow::kSat, &u));
  EXPECT_EQ(u, 255u);
  EXPECT_TRUE(bitops::UnsignedOverflows(3, -5, 8, Overflow::kSat, &u));
  EXPECT_EQ(u, 0u);
  int64_t s = 0;
  EXPECT_TRUE(bitops::SignedOverflows(127, 1, 8, Overflow::kWrap, &s));
  EXPECT_EQ(s, -128);
  EXPECT_TRUE(bitops::SignedOverflows(-128, -1, 8, Overflow::kSat, &s));
  EXPECT_EQ(s, -128);
  EXPECT_TRUE(bitops::SignedOverflows(INT64_MAX, 1, 64, Overflow::kWrap, &s));
  EXPECT_EQ(s, INT64_MIN);
}

TEST(BitOpsTest, FieldsAcrossBytes) {
  uint8_t buf[3] = {0, 0, 0};
  bitops::SetBits(buf, 5, 7, 0x55);
  EXPECT_EQ(bitops::GetUnsigned(buf, 5, 7), 0x55u);
  EXPECT_EQ(bitops::GetSigned(buf, 5, 7), 0x55 - 128);
  EXPECT_EQ(buf[0], 0x05);
  EXPECT_EQ(buf[1], 0x50);
}

}  // namespace
}  // namespace shoal
