// The reply writer in RESP2 and RESP3, and the reply parser reading it back.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "common/resp/value.h"
#include "common/resp/writer.h"

namespace shoal::resp {
namespace {

std::string Write(int proto, void (*fn)(ReplyWriter&)) {
  std::string out;
  ReplyWriter w(&out, proto);
  fn(w);
  return out;
}

TEST(RespWriter, ScalarsInBothProtocols) {
  EXPECT_EQ(Write(2, [](ReplyWriter& w) { w.Ok(); }), "+OK\r\n");
  EXPECT_EQ(Write(2, [](ReplyWriter& w) { w.Error("ERR x\ny"); }), "-ERR x y\r\n");
  EXPECT_EQ(Write(2, [](ReplyWriter& w) { w.Integer(-42); }), ":-42\r\n");
  EXPECT_EQ(Write(2, [](ReplyWriter& w) { w.Bulk("hi"); }), "$2\r\nhi\r\n");
  EXPECT_EQ(Write(2, [](ReplyWriter& w) { w.Null(); }), "$-1\r\n");
  EXPECT_EQ(Write(3, [](ReplyWriter& w) { w.Null(); }), "_\r\n");
  EXPECT_EQ(Write(2, [](ReplyWriter& w) { w.NullArray(); }), "*-1\r\n");
  EXPECT_EQ(Write(3, [](ReplyWriter& w) { w.NullArray(); }), "_\r\n");
  EXPECT_EQ(Write(2, [](ReplyWriter& w) { w.Bool(true); }), ":1\r\n");
  EXPECT_EQ(Write(3, [](ReplyWriter& w) { w.Bool(false); }), "#f\r\n");
  EXPECT_EQ(Write(2, [](ReplyWriter& w) { w.Double(1.5); }), "$3\r\n1.5\r\n");
  EXPECT_EQ(Write(3, [](ReplyWriter& w) { w.Double(1.5); }), ",1.5\r\n");
  EXPECT_EQ(Write(3, [](ReplyWriter& w) { w.Double(INFINITY); }), ",inf\r\n");
  EXPECT_EQ(Write(3, [](ReplyWriter& w) { w.Double(-INFINITY); }), ",-inf\r\n");
  EXPECT_EQ(Write(3, [](ReplyWriter& w) { w.BigNumber("123456789012345678901234567890"); }),
            "(123456789012345678901234567890\r\n");
  EXPECT_EQ(Write(2, [](ReplyWriter& w) { w.BigNumber("12"); }), "$2\r\n12\r\n");
  EXPECT_EQ(Write(3, [](ReplyWriter& w) { w.Verbatim("txt", "hello"); }),
            "=9\r\ntxt:hello\r\n");
  EXPECT_EQ(Write(2, [](ReplyWriter& w) { w.Verbatim("txt", "hello"); }), "$5\r\nhello\r\n");
}

TEST(RespWriter, AggregatesDegradeInResp2) {
  auto map = [](ReplyWriter& w) {
    w.MapHeader(1);
    w.Bulk("k");
    w.Integer(1);
  };
  EXPECT_EQ(Write(2, map), "*2\r\n$1\r\nk\r\n:1\r\n");
  EXPECT_EQ(Write(3, map), "%1\r\n$1\r\nk\r\n:1\r\n");
  EXPECT_EQ(Write(2, [](ReplyWriter& w) { w.SetHeader(2); }), "*2\r\n");
  EXPECT_EQ(Write(3, [](ReplyWriter& w) { w.SetHeader(2); }), "~2\r\n");
  EXPECT_EQ(Write(3, [](ReplyWriter& w) { w.PushHeader(3); }), ">3\r\n");
  EXPECT_EQ(Write(2, [](ReplyWriter& w) { w.PushHeader(3); }), "*3\r\n");
}

TEST(RespWriter, DoublesUseSeventeenDigits) {
  EXPECT_EQ(FormatDouble(1.1), "1.1000000000000001");
  EXPECT_EQ(FormatDouble(3), "3");
  EXPECT_EQ(FormatDouble(-0.5), "-0.5");
}

TEST(ReplyParser, ReadsBackEveryType) {
  std::string out;
  ReplyWriter w(&out, 3);
  w.ArrayHeader(8);
  w.Status("OK");
  w.Error("ERR bad");
  w.Integer(7);
  w.Bulk("v");
  w.Null();
  w.MapHeader(1);
  w.Bulk("a");
  w.Double(2.5);
  w.SetHeader(1);
  w.Bool(true);
  w.Verbatim("txt", "t");
  Value v;
  size_t consumed = 0;
  ASSERT_EQ(ReplyParser().Parse(out, &consumed, &v), ReplyParser::Result::kDone);
  EXPECT_EQ(consumed, out.size());
  EXPECT_EQ(v.ToString(),
            "[OK, (error) ERR bad, (integer) 7, v, (nil), {a: (double) 2.5}, [(true)], t]");
  // Every strict prefix is incomplete.
  for (size_t i = 0; i < out.size(); ++i) {
    EXPECT_EQ(ReplyParser().Parse(out.substr(0, i), &consumed, &v),
              ReplyParser::Result::kNeedMore)
        << i;
  }
}

}  // namespace
}  // namespace shoal::resp
