// The string command family, checked reply by reply against Redis 7.0, plus
// the pure helpers of string_ops.h.

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "node/commands/string_ops.h"
#include "node/core/node.h"
#include "tests/unit/harness.h"

namespace shoal {
namespace {

using testing::CommandHarness;

constexpr char kSyntax[] = "(error) ERR syntax error";
constexpr char kNotInt[] = "(error) ERR value is not an integer or out of range";
constexpr char kNotFloat[] = "(error) ERR value is not a valid float";
constexpr char kOverflow[] = "(error) ERR increment or decrement would overflow";
constexpr char kTooLong[] = "(error) ERR string exceeds maximum allowed size (proto-max-bulk-len)";

// The smallest proto-max-bulk-len Redis accepts: 1MB.
std::vector<std::pair<std::string, std::string>> SmallBulkLimit() {
  return {{"proto-max-bulk-len", "1048576"}};
}

std::string Encoding(CommandHarness& h, const std::string& key) {
  return h.Run({"OBJECT", "ENCODING", key});
}

// ===========================================================================
// GET / SET
// ===========================================================================

TEST(StringsTest, GetAndSet) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"GET", "k"}), "(nil)");
  EXPECT_EQ(h.RunRaw({"GET", "k"}), "$-1\r\n");
  EXPECT_EQ(h.RunRaw({"SET", "k", "v"}), "+OK\r\n");
  EXPECT_EQ(h.RunRaw({"GET", "k"}), "$1\r\nv\r\n");
  EXPECT_EQ(h.Run({"SET", "k", ""}), "OK");
  EXPECT_EQ(h.RunRaw({"GET", "k"}), "$0\r\n\r\n");
  std::string binary("a\0b\r\n", 5);
  EXPECT_EQ(h.Run({"SET", "k", binary}), "OK");
  EXPECT_EQ(h.Run({"GET", "k"}), binary);
}

TEST(StringsTest, ArityErrors) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"GET"}), "(error) ERR wrong number of arguments for 'get' command");
  EXPECT_EQ(h.Run({"GET", "a", "b"}), "(error) ERR wrong number of arguments for 'get' command");
  EXPECT_EQ(h.Run({"SET", "k"}), "(error) ERR wrong number of arguments for 'set' command");
  EXPECT_EQ(h.Run({"GETEX"}), "(error) ERR wrong number of arguments for 'getex' command");
  EXPECT_EQ(h.Run({"INCRBY", "k"}), "(error) ERR wrong number of arguments for 'incrby' command");
  EXPECT_EQ(h.Run({"SETRANGE", "a", "b"}),
            "(error) ERR wrong number of arguments for 'setrange' command");
  EXPECT_EQ(h.Run({"LCS", "a"}), "(error) ERR wrong number of arguments for 'lcs' command");
  // MSET's pairs are checked by the command itself, with the same text.
  EXPECT_EQ(h.Run({"MSET", "a"}), "(error) ERR wrong number of arguments for 'mset' command");
  EXPECT_EQ(h.Run({"MSET", "a", "b", "c"}),
            "(error) ERR wrong number of arguments for 'mset' command");
  EXPECT_EQ(h.Run({"MSETNX", "a", "b", "c"}),
            "(error) ERR wrong number of arguments for 'msetnx' command");
  EXPECT_EQ(h.Run({"EXISTS", "a"}), "(integer) 0");
}

TEST(StringsTest, SetNxXx) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"SET", "k", "v", "XX"}), "(nil)");
  EXPECT_EQ(h.Run({"EXISTS", "k"}), "(integer) 0");
  EXPECT_EQ(h.Run({"SET", "k", "v1", "nx"}), "OK");
  EXPECT_EQ(h.Run({"SET", "k", "v2", "NX"}), "(nil)");
  EXPECT_EQ(h.Run({"GET", "k"}), "v1");
  EXPECT_EQ(h.Run({"SET", "k", "v3", "xX"}), "OK");
  EXPECT_EQ(h.Run({"GET", "k"}), "v3");
  // Repeating an option is fine, contradicting one is not.
  EXPECT_EQ(h.Run({"SET", "k", "v4", "XX", "XX"}), "OK");
  EXPECT_EQ(h.Run({"SET", "k", "v", "NX", "XX"}), kSyntax);
  EXPECT_EQ(h.Run({"SET", "k", "v", "XX", "NX"}), kSyntax);
  EXPECT_EQ(h.Run({"SET", "k", "v", "bogus"}), kSyntax);
  EXPECT_EQ(h.Run({"SET", "k", "v", "PERSIST"}), kSyntax);
  EXPECT_EQ(h.Run({"GET", "k"}), "v4");
}

TEST(StringsTest, SetNxWithRedisNullInResp3) {
  CommandHarness h;
  h.client().resp = 3;
  EXPECT_EQ(h.RunRaw({"SET", "k", "v", "XX"}), "_\r\n");
  EXPECT_EQ(h.RunRaw({"GET", "k"}), "_\r\n");
}

TEST(StringsTest, SetWithRelativeExpiry) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"SET", "k", "v", "EX", "10"}), "OK");
  EXPECT_EQ(h.Run({"TTL", "k"}), "(integer) 10");
  h.clock().AdvanceMs(10000);
  EXPECT_EQ(h.Run({"GET", "k"}), "v");
  // Redis expires a key once now is past its time, not at it.
  h.clock().AdvanceMs(1);
  EXPECT_EQ(h.Run({"GET", "k"}), "(nil)");

  EXPECT_EQ(h.Run({"SET", "k", "v", "PX", "1500"}), "OK");
  EXPECT_EQ(h.Run({"PTTL", "k"}), "(integer) 1500");
  h.clock().AdvanceMs(1501);
  EXPECT_EQ(h.Run({"EXISTS", "k"}), "(integer) 0");

  // The last of repeated expiries wins.
  EXPECT_EQ(h.Run({"SET", "k", "v", "EX", "10", "ex", "20"}), "OK");
  EXPECT_EQ(h.Run({"TTL", "k"}), "(integer) 20");
}

TEST(StringsTest, SetWithAbsoluteExpiry) {
  CommandHarness h;
  const int64_t now_ms = h.clock().NowMs();
  EXPECT_EQ(h.Run({"SET", "k", "v", "PXAT", std::to_string(now_ms + 2000)}), "OK");
  EXPECT_EQ(h.Run({"PEXPIRETIME", "k"}), "(integer) " + std::to_string(now_ms + 2000));
  h.clock().AdvanceMs(2001);
  EXPECT_EQ(h.Run({"GET", "k"}), "(nil)");

  const int64_t now_s = h.clock().NowMs() / 1000;
  EXPECT_EQ(h.Run({"SET", "k", "v", "EXAT", std::to_string(now_s + 100)}), "OK");
  EXPECT_EQ(h.Run({"EXPIRETIME", "k"}), "(integer) " + std::to_string(now_s + 100));

  // A time already past: the key is set and gone at once.
  EXPECT_EQ(h.Run({"SET", "k", "v", "PXAT", "1"}), "OK");
  EXPECT_EQ(h.Run({"EXISTS", "k"}), "(integer) 0");
  EXPECT_EQ(h.Run({"SET", "k", "v", "EXAT", "1"}), "OK");
  EXPECT_EQ(h.Run({"GET", "k"}), "(nil)");
  // EXAT's seconds fit in milliseconds: accepted.
  EXPECT_EQ(h.Run({"SET", "k", "v", "EXAT", "9223372036854775"}), "OK");
}

TEST(StringsTest, SetExpiryErrors) {
  CommandHarness h;
  const std::string invalid = "(error) ERR invalid expire time in 'set' command";
  EXPECT_EQ(h.Run({"SET", "k", "v", "EX", "0"}), invalid);
  EXPECT_EQ(h.Run({"SET", "k", "v", "EX", "-1"}), invalid);
  EXPECT_EQ(h.Run({"SET", "k", "v", "PX", "0"}), invalid);
  EXPECT_EQ(h.Run({"SET", "k", "v", "EXAT", "0"}), invalid);
  EXPECT_EQ(h.Run({"SET", "k", "v", "PXAT", "-5"}), invalid);
  // Seconds that overflow once turned into milliseconds, or once now is added.
  EXPECT_EQ(h.Run({"SET", "k", "v", "EX", "9223372036854776"}), invalid);
  EXPECT_EQ(h.Run({"SET", "k", "v", "EX", "9223372036854775"}), invalid);
  EXPECT_EQ(h.Run({"SET", "k", "v", "PX", "9223372036854775807"}), invalid);
  EXPECT_EQ(h.Run({"SET", "k", "v", "EX", "abc"}), kNotInt);
  EXPECT_EQ(h.Run({"SET", "k", "v", "EX", "1.5"}), kNotInt);
  EXPECT_EQ(h.Run({"SET", "k", "v", "EX", "NX"}), kNotInt);
  EXPECT_EQ(h.Run({"SET", "k", "v", "EX"}), kSyntax);
  EXPECT_EQ(h.Run({"SET", "k", "v", "EX", "10", "PX", "100"}), kSyntax);
  EXPECT_EQ(h.Run({"SET", "k", "v", "EXAT", "10", "PXAT", "100"}), kSyntax);
  EXPECT_EQ(h.Run({"SET", "k", "v", "KEEPTTL", "EX", "10"}), kSyntax);
  EXPECT_EQ(h.Run({"SET", "k", "v", "EX", "10", "KEEPTTL"}), kSyntax);
  // Option errors come before the expiry check, which comes before NX/XX.
  EXPECT_EQ(h.Run({"SET", "k", "v", "EX", "0", "bogus"}), kSyntax);
  EXPECT_EQ(h.Run({"SET", "k", "v", "XX", "EX", "0"}), invalid);
  EXPECT_EQ(h.Run({"EXISTS", "k"}), "(integer) 0");
}

TEST(StringsTest, SetKeepTtlAndTtlClearing) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"SET", "k", "v", "EX", "100"}), "OK");
  EXPECT_EQ(h.Run({"SET", "k", "v2", "KEEPTTL"}), "OK");
  EXPECT_EQ(h.Run({"TTL", "k"}), "(integer) 100");
  EXPECT_EQ(h.Run({"SET", "k", "v3", "keepttl", "KEEPTTL", "XX"}), "OK");
  EXPECT_EQ(h.Run({"TTL", "k"}), "(integer) 100");
  EXPECT_EQ(h.Run({"GET", "k"}), "v3");
  // A SET without KEEPTTL drops the TTL.
  EXPECT_EQ(h.Run({"SET", "k", "v4"}), "OK");
  EXPECT_EQ(h.Run({"TTL", "k"}), "(integer) -1");
}

TEST(StringsTest, SetGet) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"SET", "k", "v1", "GET"}), "(nil)");
  EXPECT_EQ(h.Run({"GET", "k"}), "v1");
  EXPECT_EQ(h.Run({"SET", "k", "v2", "GET"}), "v1");
  EXPECT_EQ(h.Run({"SET", "k", "v3", "get", "GET"}), "v2");
  // With NX the old value is returned and nothing is written.
  EXPECT_EQ(h.Run({"SET", "k", "v4", "NX", "GET"}), "v3");
  EXPECT_EQ(h.Run({"GET", "k"}), "v3");
  EXPECT_EQ(h.Run({"SET", "n", "v", "NX", "GET"}), "(nil)");
  EXPECT_EQ(h.Run({"GET", "n"}), "v");
  EXPECT_EQ(h.Run({"SET", "x", "v", "XX", "GET"}), "(nil)");
  EXPECT_EQ(h.Run({"EXISTS", "x"}), "(integer) 0");
  EXPECT_EQ(h.Run({"SET", "k", "v5", "XX", "GET", "EX", "50"}), "v3");
  EXPECT_EQ(h.Run({"TTL", "k"}), "(integer) 50");
  // The old value is returned even when the new expiry removes the key.
  EXPECT_EQ(h.Run({"SET", "k", "v6", "GET", "PXAT", "1"}), "v5");
  EXPECT_EQ(h.Run({"GET", "k"}), "(nil)");
}

// TODO(strings): WRONGTYPE paths (GET, SET ... GET without writing, GETSET,
// GETDEL, GETEX, INCR*, APPEND, STRLEN, GETRANGE, SETRANGE, LCS's "ERR The
// specified keys must contain string values", MGET's nil) need a non-string
// value; Object cannot build one yet.

// ===========================================================================
// SETNX / SETEX / PSETEX
// ===========================================================================

TEST(StringsTest, SetNx) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"SETNX", "k", "v"}), "(integer) 1");
  EXPECT_EQ(h.Run({"SETNX", "k", "w"}), "(integer) 0");
  EXPECT_EQ(h.Run({"GET", "k"}), "v");
  // An expired key counts as absent.
  EXPECT_EQ(h.Run({"PEXPIRE", "k", "10"}), "(integer) 1");
  h.clock().AdvanceMs(11);
  EXPECT_EQ(h.Run({"SETNX", "k", "w"}), "(integer) 1");
  EXPECT_EQ(h.Run({"GET", "k"}), "w");
}

TEST(StringsTest, SetExAndPSetEx) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"SETEX", "k", "10", "v"}), "OK");
  EXPECT_EQ(h.Run({"TTL", "k"}), "(integer) 10");
  EXPECT_EQ(h.Run({"GET", "k"}), "v");
  EXPECT_EQ(h.Run({"PSETEX", "k", "1500", "w"}), "OK");
  EXPECT_EQ(h.Run({"PTTL", "k"}), "(integer) 1500");
  h.clock().AdvanceMs(1501);
  EXPECT_EQ(h.Run({"GET", "k"}), "(nil)");

  EXPECT_EQ(h.Run({"SETEX", "k", "0", "v"}), "(error) ERR invalid expire time in 'setex' command");
  EXPECT_EQ(h.Run({"SETEX", "k", "-5", "v"}), "(error) ERR invalid expire time in 'setex' command");
  EXPECT_EQ(h.Run({"PSETEX", "k", "0", "v"}),
            "(error) ERR invalid expire time in 'psetex' command");
  EXPECT_EQ(h.Run({"SETEX", "k", "x", "v"}), kNotInt);
  EXPECT_EQ(h.Run({"EXISTS", "k"}), "(integer) 0");
}

// ===========================================================================
// GETSET / GETDEL / GETEX
// ===========================================================================

TEST(StringsTest, GetSet) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"GETSET", "k", "v"}), "(nil)");
  EXPECT_EQ(h.Run({"GET", "k"}), "v");
  EXPECT_EQ(h.Run({"EXPIRE", "k", "100"}), "(integer) 1");
  EXPECT_EQ(h.Run({"GETSET", "k", "12"}), "v");
  EXPECT_EQ(h.Run({"TTL", "k"}), "(integer) -1");
  EXPECT_EQ(Encoding(h, "k"), "int");
  EXPECT_EQ(h.Run({"GETSET", "k", "abc"}), "12");
  EXPECT_EQ(Encoding(h, "k"), "embstr");
}

TEST(StringsTest, GetDel) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"GETDEL", "k"}), "(nil)");
  EXPECT_EQ(h.Run({"SET", "k", "v"}), "OK");
  EXPECT_EQ(h.Run({"GETDEL", "k"}), "v");
  EXPECT_EQ(h.Run({"EXISTS", "k"}), "(integer) 0");
  EXPECT_EQ(h.Run({"GETDEL", "k"}), "(nil)");
}

TEST(StringsTest, GetExSetsAndRemovesTtl) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"SET", "k", "v"}), "OK");
  EXPECT_EQ(h.Run({"GETEX", "k"}), "v");
  EXPECT_EQ(h.Run({"TTL", "k"}), "(integer) -1");
  EXPECT_EQ(h.Run({"GETEX", "k", "EX", "10", "ex", "20"}), "v");
  EXPECT_EQ(h.Run({"TTL", "k"}), "(integer) 20");
  EXPECT_EQ(h.Run({"GETEX", "k", "PX", "5000"}), "v");
  EXPECT_EQ(h.Run({"PTTL", "k"}), "(integer) 5000");
  EXPECT_EQ(h.Run({"GETEX", "k", "PERSIST"}), "v");
  EXPECT_EQ(h.Run({"TTL", "k"}), "(integer) -1");

  const int64_t now_ms = h.clock().NowMs();
  EXPECT_EQ(h.Run({"GETEX", "k", "PXAT", std::to_string(now_ms + 300)}), "v");
  EXPECT_EQ(h.Run({"PTTL", "k"}), "(integer) 300");
  EXPECT_EQ(h.Run({"GETEX", "k", "EXAT", std::to_string(now_ms / 1000 + 50)}), "v");
  EXPECT_EQ(h.Run({"EXPIRETIME", "k"}), "(integer) " + std::to_string(now_ms / 1000 + 50));
  h.clock().AdvanceMs(50'001);
  EXPECT_EQ(h.Run({"GETEX", "k"}), "(nil)");
}

TEST(StringsTest, GetExPastAbsoluteTimeDeletes) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"SET", "k", "v"}), "OK");
  EXPECT_EQ(h.Run({"GETEX", "k", "PXAT", "1"}), "v");
  EXPECT_EQ(h.Run({"EXISTS", "k"}), "(integer) 0");
  EXPECT_EQ(h.Run({"SET", "k", "v"}), "OK");
  EXPECT_EQ(h.Run({"GETEX", "k", "EXAT", std::to_string(h.clock().NowMs() / 1000)}), "v");
  EXPECT_EQ(h.Run({"EXISTS", "k"}), "(integer) 0");
}

TEST(StringsTest, GetExErrors) {
  CommandHarness h;
  // A missing key answers nil before the time is checked.
  EXPECT_EQ(h.Run({"GETEX", "nokey", "EX", "0"}), "(nil)");
  EXPECT_EQ(h.Run({"SET", "k", "v", "EX", "100"}), "OK");
  EXPECT_EQ(h.Run({"GETEX", "k", "EX", "0"}), "(error) ERR invalid expire time in 'getex' command");
  EXPECT_EQ(h.Run({"GETEX", "k", "PX", "-1"}),
            "(error) ERR invalid expire time in 'getex' command");
  EXPECT_EQ(h.Run({"GETEX", "k", "EX", "x"}), kNotInt);
  EXPECT_EQ(h.Run({"GETEX", "k", "EX"}), kSyntax);
  EXPECT_EQ(h.Run({"GETEX", "k", "PERSIST", "EX", "10"}), kSyntax);
  EXPECT_EQ(h.Run({"GETEX", "k", "EX", "10", "PERSIST"}), kSyntax);
  EXPECT_EQ(h.Run({"GETEX", "k", "EX", "10", "PX", "10"}), kSyntax);
  // SET's options are not GETEX's.
  EXPECT_EQ(h.Run({"GETEX", "k", "KEEPTTL"}), kSyntax);
  EXPECT_EQ(h.Run({"GETEX", "k", "NX"}), kSyntax);
  EXPECT_EQ(h.Run({"GETEX", "k", "GET"}), kSyntax);
  EXPECT_EQ(h.Run({"TTL", "k"}), "(integer) 100");
}

// ===========================================================================
// MGET / MSET / MSETNX
// ===========================================================================

TEST(StringsTest, MGetAndMSet) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"MSET", "a", "1", "b", "2", "a", "3"}), "OK");
  EXPECT_EQ(h.Run({"MGET", "a", "b", "c"}), "[3, 2, (nil)]");
  EXPECT_EQ(h.RunRaw({"MGET", "c", "b"}), "*2\r\n$-1\r\n$1\r\n2\r\n");
  h.client().resp = 3;
  EXPECT_EQ(h.RunRaw({"MGET", "c", "b"}), "*2\r\n_\r\n$1\r\n2\r\n");
  h.client().resp = 2;
  // MSET drops TTLs like SET.
  EXPECT_EQ(h.Run({"EXPIRE", "a", "100"}), "(integer) 1");
  EXPECT_EQ(h.Run({"MSET", "a", "x"}), "OK");
  EXPECT_EQ(h.Run({"TTL", "a"}), "(integer) -1");
}

TEST(StringsTest, MSetNxIsAllOrNothing) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"MSET", "x", "1", "y", "2"}), "OK");
  EXPECT_EQ(h.Run({"MSETNX", "x", "9", "z", "9"}), "(integer) 0");
  EXPECT_EQ(h.Run({"MGET", "x", "z"}), "[1, (nil)]");
  EXPECT_EQ(h.Run({"MSETNX", "z", "9", "w", "8"}), "(integer) 1");
  EXPECT_EQ(h.Run({"MGET", "z", "w"}), "[9, 8]");
  // The same key twice: both absent, the last value wins.
  EXPECT_EQ(h.Run({"MSETNX", "a", "1", "a", "2"}), "(integer) 1");
  EXPECT_EQ(h.Run({"GET", "a"}), "2");
}

// ===========================================================================
// Counters
// ===========================================================================

TEST(StringsTest, IncrDecr) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"INCR", "n"}), "(integer) 1");
  EXPECT_EQ(h.Run({"INCR", "n"}), "(integer) 2");
  EXPECT_EQ(h.Run({"DECR", "n"}), "(integer) 1");
  EXPECT_EQ(h.Run({"DECR", "m"}), "(integer) -1");
  EXPECT_EQ(h.Run({"INCRBY", "n", "100"}), "(integer) 101");
  EXPECT_EQ(h.Run({"INCRBY", "n", "-200"}), "(integer) -99");
  EXPECT_EQ(h.Run({"DECRBY", "n", "1"}), "(integer) -100");
  EXPECT_EQ(h.Run({"DECRBY", "n", "-100"}), "(integer) 0");
  EXPECT_EQ(h.Run({"GET", "n"}), "0");
  EXPECT_EQ(Encoding(h, "n"), "int");
  // A counter stored as text is accepted and becomes int.
  EXPECT_EQ(h.Run({"APPEND", "t", "41"}), "(integer) 2");
  EXPECT_EQ(h.Run({"APPEND", "t", "0"}), "(integer) 3");
  EXPECT_EQ(Encoding(h, "t"), "raw");
  EXPECT_EQ(h.Run({"INCR", "t"}), "(integer) 411");
  EXPECT_EQ(Encoding(h, "t"), "int");
}

TEST(StringsTest, IncrKeepsTtl) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"SET", "n", "5", "EX", "100"}), "OK");
  EXPECT_EQ(h.Run({"INCR", "n"}), "(integer) 6");
  EXPECT_EQ(h.Run({"INCRBYFLOAT", "n", "0.5"}), "6.5");
  EXPECT_EQ(h.Run({"TTL", "n"}), "(integer) 100");
}

TEST(StringsTest, IncrErrors) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"SET", "big", "9223372036854775807"}), "OK");
  EXPECT_EQ(h.Run({"INCR", "big"}), kOverflow);
  EXPECT_EQ(h.Run({"INCRBY", "big", "1"}), kOverflow);
  EXPECT_EQ(h.Run({"GET", "big"}), "9223372036854775807");
  EXPECT_EQ(h.Run({"SET", "small", "-9223372036854775808"}), "OK");
  EXPECT_EQ(h.Run({"DECR", "small"}), kOverflow);
  EXPECT_EQ(h.Run({"INCRBY", "small", "9223372036854775807"}), "(integer) -1");
  EXPECT_EQ(h.Run({"DECRBY", "z", "9223372036854775807"}), "(integer) -9223372036854775807");
  EXPECT_EQ(h.Run({"DECRBY", "z", "2"}), kOverflow);
  // -INT64_MIN is checked before the key is even looked at.
  EXPECT_EQ(h.Run({"DECRBY", "nokey", "-9223372036854775808"}),
            "(error) ERR decrement would overflow");

  for (const char* bad : {"1.5", " 1", "abc", "12345678901234567890", "", "01"}) {
    EXPECT_EQ(h.Run({"SET", "s", bad}), "OK");
    EXPECT_EQ(h.Run({"INCR", "s"}), kNotInt) << bad;
  }
  for (const char* bad : {"01", "+1", "-0", "x", "1e3", "9223372036854775808"}) {
    EXPECT_EQ(h.Run({"INCRBY", "n", bad}), kNotInt) << bad;
    EXPECT_EQ(h.Run({"DECRBY", "n", bad}), kNotInt) << bad;
  }
  EXPECT_EQ(h.Run({"EXISTS", "n"}), "(integer) 0");
}

TEST(StringsTest, IncrByFloatFormatting) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"SET", "f", "10.5"}), "OK");
  EXPECT_EQ(h.Run({"INCRBYFLOAT", "f", "0.1"}), "10.6");
  EXPECT_EQ(h.Run({"SET", "g", "3.0e3"}), "OK");
  EXPECT_EQ(h.Run({"INCRBYFLOAT", "g", "1"}), "3001");
  EXPECT_EQ(h.Run({"INCRBYFLOAT", "g", "1e2"}), "3101");
  EXPECT_EQ(h.Run({"INCRBYFLOAT", "g", "-3101"}), "0");
  EXPECT_EQ(h.Run({"INCRBYFLOAT", "x", "1.5e-10"}), "0.00000000015");
  EXPECT_EQ(h.Run({"INCRBYFLOAT", "y", "0.1"}), "0.1");
  EXPECT_EQ(h.Run({"INCRBYFLOAT", "y", "0.2"}), "0.3");
  EXPECT_EQ(h.Run({"INCRBYFLOAT", "nz", "-0.0"}), "0");
  EXPECT_EQ(h.Run({"INCRBYFLOAT", "neg", "-2.25"}), "-2.25");
  EXPECT_EQ(h.Run({"SET", "i", "10"}), "OK");
  EXPECT_EQ(h.Run({"INCRBYFLOAT", "i", "5.0e3"}), "5010");
  EXPECT_EQ(h.Run({"INCRBYFLOAT", "h", "1e300"}),
            "10000000000000000000089973240795591938705239442732907479382600823212656465961809"
            "35755849152083750497190350372508614274835903592556184672983913096260520748646287"
            "32713564184365329408425510760601678972665293237003055138294762099454029477278188"
            "9620606179267611627097410650567187386105690089424915104006144");
  EXPECT_EQ(h.RunRaw({"INCRBYFLOAT", "r", "1.25"}), "$4\r\n1.25\r\n");
}

TEST(StringsTest, IncrByFloatErrors) {
  CommandHarness h;
  // 1e308 is no long double: the nearest one prints as 308 digits.
  const std::string big = h.Run({"INCRBYFLOAT", "h", "1e308"});
  EXPECT_EQ(big.size(), 308u);
  EXPECT_EQ(big.substr(0, 21), "999999999999999999966");
  EXPECT_EQ(h.Run({"INCRBYFLOAT", "h", "inf"}),
            "(error) ERR increment would produce NaN or Infinity");
  EXPECT_EQ(h.Run({"INCRBYFLOAT", "h", "abc"}), kNotFloat);
  EXPECT_EQ(h.Run({"INCRBYFLOAT", "h", " 1"}), kNotFloat);
  EXPECT_EQ(h.Run({"INCRBYFLOAT", "h", "nan"}), kNotFloat);
  EXPECT_EQ(h.Run({"INCRBYFLOAT", "h", ""}), kNotFloat);
  EXPECT_EQ(h.Run({"SET", "z", "abc"}), "OK");
  EXPECT_EQ(h.Run({"INCRBYFLOAT", "z", "1"}), kNotFloat);
  EXPECT_EQ(h.Run({"GET", "z"}), "abc");
}

// ===========================================================================
// APPEND / STRLEN / GETRANGE / SETRANGE
// ===========================================================================

TEST(StringsTest, AppendAndStrlen) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"STRLEN", "k"}), "(integer) 0");
  EXPECT_EQ(h.Run({"APPEND", "k", "hello"}), "(integer) 5");
  EXPECT_EQ(h.Run({"APPEND", "k", " world"}), "(integer) 11");
  EXPECT_EQ(h.Run({"GET", "k"}), "hello world");
  EXPECT_EQ(h.Run({"STRLEN", "k"}), "(integer) 11");
  EXPECT_EQ(h.Run({"SET", "n", "-123"}), "OK");
  EXPECT_EQ(h.Run({"STRLEN", "n"}), "(integer) 4");
  // APPEND keeps the TTL.
  EXPECT_EQ(h.Run({"EXPIRE", "k", "100"}), "(integer) 1");
  EXPECT_EQ(h.Run({"APPEND", "k", "!"}), "(integer) 12");
  EXPECT_EQ(h.Run({"TTL", "k"}), "(integer) 100");
}

TEST(StringsTest, AppendBeyondProtoMaxBulkLen) {
  CommandHarness h(SmallBulkLimit());
  EXPECT_EQ(h.Run({"SETRANGE", "k", "1048575", "x"}), "(integer) 1048576");
  EXPECT_EQ(h.Run({"APPEND", "k", "y"}), kTooLong);
  EXPECT_EQ(h.Run({"APPEND", "k", ""}), "(integer) 1048576");
  EXPECT_EQ(h.Run({"STRLEN", "k"}), "(integer) 1048576");
}

struct RangeCase {
  const char* start;
  const char* end;
  const char* want;
};

TEST(StringsTest, GetRange) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"SET", "s", "hello"}), "OK");
  const RangeCase cases[] = {
      {"0", "-1", "hello"},
      {"-3", "-1", "llo"},
      {"-1", "-3", ""},
      {"0", "100", "hello"},
      {"-100", "-1", "hello"},
      {"-100", "-200", ""},
      {"2", "1", ""},
      {"5", "10", ""},
      {"4", "4", "o"},
      {"-1", "-1", "o"},
      {"0", "0", "h"},
      {"3", "-100", ""},
      {"-9223372036854775808", "9223372036854775807", "hello"},
  };
  for (const RangeCase& c : cases) {
    EXPECT_EQ(h.Run({"GETRANGE", "s", c.start, c.end}), c.want) << c.start << " " << c.end;
    EXPECT_EQ(h.Run({"SUBSTR", "s", c.start, c.end}), c.want) << c.start << " " << c.end;
  }
  EXPECT_EQ(h.RunRaw({"GETRANGE", "s", "2", "1"}), "$0\r\n\r\n");
  EXPECT_EQ(h.RunRaw({"GETRANGE", "nokey", "0", "-1"}), "$0\r\n\r\n");
  EXPECT_EQ(h.Run({"GETRANGE", "s", "x", "1"}), kNotInt);
  EXPECT_EQ(h.Run({"GETRANGE", "s", "1", "y"}), kNotInt);
  EXPECT_EQ(h.Run({"SET", "e", ""}), "OK");
  EXPECT_EQ(h.RunRaw({"GETRANGE", "e", "0", "-1"}), "$0\r\n\r\n");
  EXPECT_EQ(h.Run({"SET", "i", "12345"}), "OK");
  EXPECT_EQ(h.Run({"GETRANGE", "i", "1", "2"}), "23");
  EXPECT_EQ(Encoding(h, "i"), "int");
}

TEST(StringsTest, SetRange) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"SET", "s", "hello world"}), "OK");
  EXPECT_EQ(h.Run({"SETRANGE", "s", "6", "redis"}), "(integer) 11");
  EXPECT_EQ(h.Run({"GET", "s"}), "hello redis");
  EXPECT_EQ(h.Run({"SETRANGE", "s", "9", "xyz"}), "(integer) 12");
  EXPECT_EQ(h.Run({"GET", "s"}), "hello redxyz");
  // Past the end: zero padding.
  EXPECT_EQ(h.Run({"SETRANGE", "p", "3", "ab"}), "(integer) 5");
  EXPECT_EQ(h.Run({"GET", "p"}), std::string("\0\0\0ab", 5));
  EXPECT_EQ(Encoding(h, "p"), "raw");
  // Writing nothing: the length, and no key created.
  EXPECT_EQ(h.Run({"SETRANGE", "nokey", "0", ""}), "(integer) 0");
  EXPECT_EQ(h.Run({"SETRANGE", "nokey", "5", ""}), "(integer) 0");
  EXPECT_EQ(h.Run({"EXISTS", "nokey"}), "(integer) 0");
  EXPECT_EQ(h.Run({"SETRANGE", "s", "100", ""}), "(integer) 12");
  // SETRANGE keeps the TTL.
  EXPECT_EQ(h.Run({"EXPIRE", "s", "100"}), "(integer) 1");
  EXPECT_EQ(h.Run({"SETRANGE", "s", "0", "H"}), "(integer) 12");
  EXPECT_EQ(h.Run({"TTL", "s"}), "(integer) 100");
  EXPECT_EQ(h.Run({"GET", "s"}), "Hello redxyz");
}

TEST(StringsTest, SetRangeErrors) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"SET", "s", "hello"}), "OK");
  EXPECT_EQ(h.Run({"SETRANGE", "s", "-1", "x"}), "(error) ERR offset is out of range");
  EXPECT_EQ(h.Run({"SETRANGE", "s", "-1", ""}), "(error) ERR offset is out of range");
  EXPECT_EQ(h.Run({"SETRANGE", "s", "x", "y"}), kNotInt);
  // 512MB is the default limit.
  EXPECT_EQ(h.Run({"SETRANGE", "s", "536870912", "x"}), kTooLong);
  EXPECT_EQ(h.Run({"SETRANGE", "s", "536870911", "xy"}), kTooLong);
  EXPECT_EQ(h.Run({"SETRANGE", "s", "9223372036854775807", "x"}), kTooLong);
  EXPECT_EQ(h.Run({"SETRANGE", "nokey", "536870912", "x"}), kTooLong);
  EXPECT_EQ(h.Run({"SETRANGE", "nokey", "536870912", ""}), "(integer) 0");
  EXPECT_EQ(h.Run({"EXISTS", "nokey"}), "(integer) 0");
  EXPECT_EQ(h.Run({"GET", "s"}), "hello");
}

TEST(StringsTest, SetRangeHonoursConfiguredLimit) {
  CommandHarness h(SmallBulkLimit());
  EXPECT_EQ(h.Run({"SETRANGE", "k", "1048576", "x"}), kTooLong);
  EXPECT_EQ(h.Run({"SETRANGE", "k", "1048575", "x"}), "(integer) 1048576");
  EXPECT_EQ(h.Run({"SETRANGE", "k", "1048575", "xy"}), kTooLong);
}

// ===========================================================================
// Encodings
// ===========================================================================

TEST(StringsTest, EncodingsFollowRedis) {
  CommandHarness h;
  const std::string s44(44, 'a');
  const std::string s45(45, 'a');
  EXPECT_EQ(h.Run({"MSET", "i", "12345", "e", s44, "r", s45, "neg", "-5", "lz", "012"}), "OK");
  EXPECT_EQ(Encoding(h, "i"), "int");
  EXPECT_EQ(Encoding(h, "e"), "embstr");
  EXPECT_EQ(Encoding(h, "r"), "raw");
  EXPECT_EQ(Encoding(h, "neg"), "int");
  EXPECT_EQ(Encoding(h, "lz"), "embstr");

  // APPEND to a missing key stores like SET; to an existing one, raw.
  EXPECT_EQ(h.Run({"APPEND", "a1", "12"}), "(integer) 2");
  EXPECT_EQ(Encoding(h, "a1"), "int");
  EXPECT_EQ(h.Run({"APPEND", "a2", "hello"}), "(integer) 5");
  EXPECT_EQ(Encoding(h, "a2"), "embstr");
  EXPECT_EQ(h.Run({"APPEND", "a1", "3"}), "(integer) 3");
  EXPECT_EQ(Encoding(h, "a1"), "raw");
  EXPECT_EQ(h.Run({"SET", "a3", "10"}), "OK");
  EXPECT_EQ(h.Run({"APPEND", "a3", ""}), "(integer) 2");
  EXPECT_EQ(Encoding(h, "a3"), "raw");

  // SETRANGE on an int turns it raw; an empty write leaves it alone.
  EXPECT_EQ(h.Run({"SETRANGE", "i", "0", ""}), "(integer) 5");
  EXPECT_EQ(Encoding(h, "i"), "int");
  EXPECT_EQ(h.Run({"SETRANGE", "i", "0", "9"}), "(integer) 5");
  EXPECT_EQ(Encoding(h, "i"), "raw");
  EXPECT_EQ(h.Run({"GET", "i"}), "92345");

  // Counters are int; INCRBYFLOAT stores text.
  EXPECT_EQ(h.Run({"INCR", "i"}), "(integer) 92346");
  EXPECT_EQ(Encoding(h, "i"), "int");
  EXPECT_EQ(h.Run({"INCRBYFLOAT", "i", "0.5"}), "92346.5");
  EXPECT_EQ(Encoding(h, "i"), "embstr");
  // A whole-number result stays text too, as in Redis.
  EXPECT_EQ(h.Run({"INCRBYFLOAT", "i", "0.5"}), "92347");
  EXPECT_EQ(Encoding(h, "i"), "embstr");
  EXPECT_EQ(h.Run({"SETEX", "x", "100", "77"}), "OK");
  EXPECT_EQ(Encoding(h, "x"), "int");
}

// ===========================================================================
// LCS
// ===========================================================================

TEST(StringsTest, LcsStringAndLen) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"MSET", "key1", "ohmytext", "key2", "mynewtext"}), "OK");
  EXPECT_EQ(h.Run({"LCS", "key1", "key2"}), "mytext");
  EXPECT_EQ(h.Run({"LCS", "key1", "key2", "LEN"}), "(integer) 6");
  EXPECT_EQ(h.Run({"LCS", "key1", "key2", "len", "WITHMATCHLEN"}), "(integer) 6");
  EXPECT_EQ(h.RunRaw({"LCS", "a", "b"}), "$0\r\n\r\n");
  EXPECT_EQ(h.Run({"LCS", "key1", "nokey", "LEN"}), "(integer) 0");
  EXPECT_EQ(h.Run({"SET", "n", "12345"}), "OK");
  EXPECT_EQ(h.Run({"SET", "m", "2x4"}), "OK");
  EXPECT_EQ(h.Run({"LCS", "n", "m"}), "24");
}

// "[[a0, a1], [b0, b1]]" (+ ", len") as the harness renders one IDX match.
std::string Match(int a0, int a1, int b0, int b1, int len = -1) {
  auto i = [](int v) { return "(integer) " + std::to_string(v); };
  std::string m = "[[" + i(a0) + ", " + i(a1) + "], [" + i(b0) + ", " + i(b1) + "]";
  if (len >= 0) m += ", " + i(len);
  return m + "]";
}

TEST(StringsTest, LcsIdx) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"MSET", "key1", "ohmytext", "key2", "mynewtext"}), "OK");
  EXPECT_EQ(h.Run({"LCS", "key1", "key2", "IDX"}),
            "[matches, [" + Match(4, 7, 5, 8) + ", " + Match(2, 3, 0, 1) + "], len, (integer) 6]");
  EXPECT_EQ(h.Run({"LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN"}),
            "[matches, [" + Match(4, 7, 5, 8, 4) + "], len, (integer) 6]");
  EXPECT_EQ(
      h.Run({"LCS", "key1", "key2", "idx", "withmatchlen", "minmatchlen", "-5"}),
      "[matches, [" + Match(4, 7, 5, 8, 4) + ", " + Match(2, 3, 0, 1, 2) + "], len, (integer) 6]");
  EXPECT_EQ(h.Run({"LCS", "a", "b", "IDX"}), "[matches, [], len, (integer) 0]");
}

TEST(StringsTest, LcsIdxRawRepliesInResp2AndResp3) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"MSET", "key1", "ohmytext", "key2", "mynewtext"}), "OK");
  const std::string body =
      "$7\r\nmatches\r\n*2\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n*3\r\n*2\r\n:2\r\n"
      ":3\r\n*2\r\n:0\r\n:1\r\n:2\r\n$3\r\nlen\r\n:6\r\n";
  EXPECT_EQ(h.RunRaw({"LCS", "key1", "key2", "IDX", "WITHMATCHLEN"}), "*4\r\n" + body);
  h.client().resp = 3;
  EXPECT_EQ(h.RunRaw({"LCS", "key1", "key2", "IDX", "WITHMATCHLEN"}), "%2\r\n" + body);
  EXPECT_EQ(h.RunRaw({"LCS", "a", "b", "IDX"}), "%2\r\n$7\r\nmatches\r\n*0\r\n$3\r\nlen\r\n:0\r\n");
  EXPECT_EQ(h.Run({"LCS", "key1", "key2", "IDX", "MINMATCHLEN", "3"}),
            "{matches: [" + Match(4, 7, 5, 8) + "], len: (integer) 6}");
}

TEST(StringsTest, LcsErrors) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"MSET", "key1", "ohmytext", "key2", "mynewtext"}), "OK");
  EXPECT_EQ(h.Run({"LCS", "key1", "key2", "IDX", "LEN"}),
            "(error) ERR If you want both the length and indexes, please just use IDX.");
  EXPECT_EQ(h.Run({"LCS", "key1", "key2", "MINMATCHLEN"}), kSyntax);
  EXPECT_EQ(h.Run({"LCS", "key1", "key2", "MINMATCHLEN", "x"}), kNotInt);
  EXPECT_EQ(h.Run({"LCS", "key1", "key2", "foo"}), kSyntax);
}

TEST(StringsTest, LcsTableLimitedByProtoMaxBulkLen) {
  CommandHarness h(SmallBulkLimit());
  // (512 + 1) * (512 + 1) * 4 bytes is just over 1MB.
  EXPECT_EQ(h.Run({"MSET", "a", std::string(512, 'a'), "b", std::string(512, 'a')}), "OK");
  EXPECT_EQ(h.Run({"LCS", "a", "b", "LEN"}),
            "(error) ERR Insufficient memory, transient memory for LCS exceeds "
            "proto-max-bulk-len");
  EXPECT_EQ(h.Run({"SET", "b", std::string(510, 'a')}), "OK");
  EXPECT_EQ(h.Run({"LCS", "a", "b", "LEN"}), "(integer) 510");
}

// ===========================================================================
// Command table
// ===========================================================================

TEST(StringsTest, CommandTableEntries) {
  CommandHarness h;
  const CommandTable& table = h.node().commands();
  struct Want {
    const char* name;
    int arity;
    int first, last, step;
    uint64_t flags;
  };
  const Want wants[] = {
      {"get", 2, 1, 1, 1, cmdflag::kReadOnly | cmdflag::kFast},
      {"set", -3, 1, 1, 1, cmdflag::kWrite | cmdflag::kDenyOom},
      {"getex", -2, 1, 1, 1, cmdflag::kWrite | cmdflag::kFast},
      {"mget", -2, 1, -1, 1, cmdflag::kReadOnly | cmdflag::kFast},
      {"mset", -3, 1, -1, 2, cmdflag::kWrite | cmdflag::kDenyOom},
      {"msetnx", -3, 1, -1, 2, cmdflag::kWrite | cmdflag::kDenyOom},
      {"incrbyfloat", 3, 1, 1, 1, cmdflag::kWrite | cmdflag::kDenyOom | cmdflag::kFast},
      {"getrange", 4, 1, 1, 1, cmdflag::kReadOnly},
      {"substr", 4, 1, 1, 1, cmdflag::kReadOnly},
      {"lcs", -3, 1, 2, 1, cmdflag::kReadOnly},
  };
  for (const Want& w : wants) {
    const CommandSpec* spec = table.Find(w.name);
    ASSERT_NE(spec, nullptr) << w.name;
    EXPECT_EQ(spec->arity, w.arity) << w.name;
    EXPECT_EQ(spec->first_key, w.first) << w.name;
    EXPECT_EQ(spec->last_key, w.last) << w.name;
    EXPECT_EQ(spec->key_step, w.step) << w.name;
    EXPECT_EQ(spec->flags, w.flags) << w.name;
    EXPECT_EQ(spec->group, "string") << w.name;
  }
  const char* all[] = {"get",      "set",      "setnx",  "setex",  "psetex",      "getset",
                       "getdel",   "getex",    "mget",   "mset",   "msetnx",      "incr",
                       "decr",     "incrby",   "decrby", "append", "incrbyfloat", "strlen",
                       "getrange", "setrange", "substr", "lcs"};
  for (const char* name : all) EXPECT_NE(table.Find(name), nullptr) << name;
}

// ===========================================================================
// Pure helpers
// ===========================================================================

TEST(StringOpsTest, FormatLongDouble) {
  using stringops::FormatLongDouble;
  EXPECT_EQ(FormatLongDouble(0), "0");
  EXPECT_EQ(FormatLongDouble(-0.0L), "0");
  EXPECT_EQ(FormatLongDouble(10.6L), "10.6");
  EXPECT_EQ(FormatLongDouble(3001), "3001");
  EXPECT_EQ(FormatLongDouble(-2.5L), "-2.5");
  EXPECT_EQ(FormatLongDouble(1e-20L), "0");
  EXPECT_EQ(FormatLongDouble(-1e-20L), "0");
  EXPECT_EQ(FormatLongDouble(0.1L + 0.2L), "0.3");
}

TEST(StringOpsTest, SliceRange) {
  using stringops::SliceRange;
  EXPECT_EQ(SliceRange("", 0, -1), "");
  EXPECT_EQ(SliceRange("", 0, 0), "");
  EXPECT_EQ(SliceRange("abc", 1, 1), "b");
  EXPECT_EQ(SliceRange("abc", -2, 5), "bc");
  // Both clamp to index 0, as in Redis.
  EXPECT_EQ(SliceRange("abc", INT64_MIN, INT64_MIN), "a");
  EXPECT_EQ(SliceRange("abc", INT64_MAX, INT64_MAX), "");
  EXPECT_EQ(SliceRange("abc", INT64_MIN, 0), "a");
}

TEST(StringOpsTest, ParseExpiryOptions) {
  using stringops::Condition;
  using stringops::Expiry;
  using stringops::OptionGrammar;
  using stringops::ParseExpiryOptions;
  std::vector<std::string> argv = {"set", "k", "v", "nx", "GET", "px", "100"};
  auto opts = ParseExpiryOptions(argv, 3, OptionGrammar::kSet);
  ASSERT_TRUE(opts.ok());
  EXPECT_EQ(opts->condition, Condition::kNx);
  EXPECT_TRUE(opts->get);
  EXPECT_EQ(opts->expiry, Expiry::kPx);
  EXPECT_EQ(opts->expire_arg, "100");
  EXPECT_TRUE(opts->has_time());

  argv = {"getex", "k", "PERSIST", "persist"};
  opts = ParseExpiryOptions(argv, 2, OptionGrammar::kGetEx);
  ASSERT_TRUE(opts.ok());
  EXPECT_EQ(opts->expiry, Expiry::kPersist);
  EXPECT_FALSE(opts->has_time());

  argv = {"getex", "k", "EXAT", "5", "PXAT", "5"};
  EXPECT_EQ(ParseExpiryOptions(argv, 2, OptionGrammar::kGetEx).status().message(),
            "ERR syntax error");
}

TEST(StringOpsTest, AbsoluteExpireMs) {
  using stringops::AbsoluteExpireMs;
  using stringops::Expiry;
  EXPECT_EQ(*AbsoluteExpireMs(Expiry::kEx, "2", 1000, "set"), 3000);
  EXPECT_EQ(*AbsoluteExpireMs(Expiry::kPx, "2", 1000, "set"), 1002);
  EXPECT_EQ(*AbsoluteExpireMs(Expiry::kExAt, "2", 1000, "set"), 2000);
  EXPECT_EQ(*AbsoluteExpireMs(Expiry::kPxAt, "2", 1000, "set"), 2);
  EXPECT_EQ(*AbsoluteExpireMs(Expiry::kPxAt, "9223372036854775807", 1000, "set"), INT64_MAX);
  EXPECT_EQ(AbsoluteExpireMs(Expiry::kPx, "9223372036854775807", 1, "getex").status().message(),
            "ERR invalid expire time in 'getex' command");
  EXPECT_EQ(AbsoluteExpireMs(Expiry::kEx, "-0", 1, "set").status().message(),
            "ERR value is not an integer or out of range");
}

TEST(StringOpsTest, CheckStringLength) {
  using stringops::CheckStringLength;
  EXPECT_TRUE(CheckStringLength(10, 10, 20).ok());
  EXPECT_FALSE(CheckStringLength(10, 11, 20).ok());
  EXPECT_FALSE(CheckStringLength(UINT64_MAX, 1, UINT64_MAX).ok());
}

TEST(StringOpsTest, ComputeLcs) {
  using stringops::ComputeLcs;
  auto r = ComputeLcs("abcde", "ace", true, true, 0, 1 << 20);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->length, 3u);
  EXPECT_EQ(r->subsequence, "ace");
  ASSERT_EQ(r->matches.size(), 3u);
  EXPECT_EQ(r->matches[0].a_start, 4u);
  EXPECT_EQ(r->matches[0].b_start, 2u);
  EXPECT_EQ(r->matches[2].a_start, 0u);
  EXPECT_EQ(r->matches[2].len(), 1u);

  r = ComputeLcs("xabcy", "zabcw", false, true, 2, 1 << 20);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->matches.size(), 1u);
  EXPECT_EQ(r->matches[0].a_start, 1u);
  EXPECT_EQ(r->matches[0].a_end, 3u);
  EXPECT_EQ(r->matches[0].len(), 3u);

  // (3 + 1) * (3 + 1) cells of 4 bytes = 64 bytes.
  EXPECT_TRUE(ComputeLcs("abc", "abc", false, false, 0, 64).ok());
  EXPECT_EQ(ComputeLcs("abc", "abc", false, false, 0, 63).status().message(),
            stringops::kLcsTableTooBig);
}

}  // namespace
}  // namespace shoal
