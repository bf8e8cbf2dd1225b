// The request parser: multibulk and inline requests, incremental input at
// every split point, limits and Redis's protocol error texts.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/resp/parser.h"

namespace shoal::resp {
namespace {

using Args = std::vector<std::string>;

// Feeds `input` to a parser in chunks cut at the given points, like a socket
// would deliver it, and returns every command parsed (or the error).
struct Fed {
  std::vector<Args> commands;
  std::string error;
};

Fed Feed(const std::string& input, const std::vector<size_t>& cuts, ParserLimits limits = {}) {
  RequestParser parser(limits);
  Fed fed;
  std::string buffer;
  size_t prev = 0;
  std::vector<size_t> points = cuts;
  points.push_back(input.size());
  for (size_t cut : points) {
    buffer.append(input, prev, cut - prev);
    prev = cut;
    for (int guard = 0; guard < 10000; ++guard) {
      size_t consumed = 0;
      Args args;
      auto r = parser.Parse(buffer, &consumed, &args);
      buffer.erase(0, consumed);
      if (r == RequestParser::Result::kError) {
        fed.error = parser.error();
        return fed;
      }
      if (r == RequestParser::Result::kNeedMore) break;
      fed.commands.push_back(args);
    }
  }
  return fed;
}

Fed FeedAll(const std::string& input, ParserLimits limits = {}) { return Feed(input, {}, limits); }

TEST(RespParser, ParsesOneMultibulk) {
  Fed f = FeedAll("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n");
  ASSERT_EQ(f.commands.size(), 1u);
  EXPECT_EQ(f.commands[0], (Args{"SET", "k", "hello"}));
}

TEST(RespParser, ParsesPipelineAndBinarySafeValues) {
  std::string bin("a\0b\r\nc", 6);
  std::string input = "*2\r\n$4\r\nECHO\r\n$6\r\n" + bin + "\r\n*1\r\n$4\r\nPING\r\n";
  Fed f = FeedAll(input);
  ASSERT_EQ(f.commands.size(), 2u);
  EXPECT_EQ(f.commands[0][1], bin);
  EXPECT_EQ(f.commands[1], (Args{"PING"}));
}

TEST(RespParser, EverySplitPointYieldsTheSameCommands) {
  const std::string input =
      "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$10\r\n0123456789\r\n"
      "PING\r\n"
      "*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n"
      "set \"a b\" 'c d'\n"
      "*0\r\n"
      "*1\r\n$4\r\nQUIT\r\n";
  const std::vector<Args> want = {
      {"SET", "key", "0123456789"}, {"PING"}, {"GET", "key"}, {"set", "a b", "c d"}, {"QUIT"}};
  ASSERT_EQ(FeedAll(input).commands, want);
  for (size_t i = 1; i < input.size(); ++i) {
    Fed f = Feed(input, {i});
    EXPECT_TRUE(f.error.empty()) << "split at " << i << ": " << f.error;
    EXPECT_EQ(f.commands, want) << "split at " << i;
  }
  // Byte by byte.
  std::vector<size_t> every;
  for (size_t i = 1; i < input.size(); ++i) every.push_back(i);
  EXPECT_EQ(Feed(input, every).commands, want);
}

TEST(RespParser, InlineCommandsAndQuotes) {
  Fed f = FeedAll("SET k \"v\\x41\\n\"\r\n\r\nGET   k\n");
  ASSERT_EQ(f.commands.size(), 2u);
  EXPECT_EQ(f.commands[0], (Args{"SET", "k", "vA\n"}));
  EXPECT_EQ(f.commands[1], (Args{"GET", "k"}));
}

TEST(RespParser, ProtocolErrorsUseRedisTexts) {
  EXPECT_EQ(FeedAll("*abc\r\n").error, "ERR Protocol error: invalid multibulk length");
  EXPECT_EQ(FeedAll("*1\r\n$-5\r\n").error, "ERR Protocol error: invalid bulk length");
  EXPECT_EQ(FeedAll("*1\r\n+foo\r\n").error, "ERR Protocol error: expected '$', got '+'");
  EXPECT_EQ(FeedAll("SET \"unterminated\r\n").error,
            "ERR Protocol error: unbalanced quotes in request");
  EXPECT_EQ(FeedAll(std::string(70 * 1024, 'a')).error,
            "ERR Protocol error: too big inline request");
  EXPECT_EQ(FeedAll("*1\r\n$" + std::string(70 * 1024, '1')).error,
            "ERR Protocol error: too big bulk count string");
  EXPECT_EQ(FeedAll("*" + std::string(70 * 1024, '1')).error,
            "ERR Protocol error: too big mbulk count string");
}

TEST(RespParser, BulkLengthLimit) {
  ParserLimits limits;
  limits.max_bulk_len = 10;
  EXPECT_EQ(FeedAll("*1\r\n$11\r\n", limits).error, "ERR Protocol error: invalid bulk length");
  EXPECT_TRUE(FeedAll("*1\r\n$10\r\n0123456789\r\n", limits).error.empty());
}

TEST(RespParser, UnauthenticatedLimits) {
  ParserLimits limits;
  limits.unauthenticated = true;
  EXPECT_EQ(FeedAll("*11\r\n", limits).error,
            "ERR Protocol error: unauthenticated multibulk length");
  EXPECT_EQ(FeedAll("*1\r\n$16385\r\n", limits).error,
            "ERR Protocol error: unauthenticated bulk length");
}

TEST(RespParser, LargeValueArrivesInPiecesWithoutRescanning) {
  std::string value(1 << 20, 'x');
  std::string input = "*2\r\n$4\r\nECHO\r\n$" + std::to_string(value.size()) + "\r\n" + value +
                      "\r\n";
  RequestParser parser;
  std::string buffer;
  Args args;
  size_t fed = 0;
  size_t max_buffer = 0;
  bool done = false;
  while (fed < input.size() && !done) {
    size_t n = std::min<size_t>(4096, input.size() - fed);
    buffer.append(input, fed, n);
    fed += n;
    size_t consumed = 0;
    auto r = parser.Parse(buffer, &consumed, &args);
    buffer.erase(0, consumed);
    max_buffer = std::max(max_buffer, buffer.size());
    done = r == RequestParser::Result::kCommand;
  }
  ASSERT_TRUE(done);
  EXPECT_EQ(args[1].size(), value.size());
  // Consumed bytes are released as they arrive.
  EXPECT_LE(max_buffer, 4096u);
}

TEST(SplitArgs, MatchesRedisRules) {
  Args out;
  EXPECT_TRUE(SplitArgs("a 'b c' \"d\\te\"", &out));
  EXPECT_EQ(out, (Args{"a", "b c", "d\te"}));
  EXPECT_FALSE(SplitArgs("\"abc\"def", &out));  // closing quote must be followed by space
  EXPECT_FALSE(SplitArgs("'abc", &out));
  EXPECT_TRUE(SplitArgs("   ", &out));
  EXPECT_TRUE(out.empty());
  // Form feed and vertical tab separate nothing inside an argument.
  EXPECT_TRUE(SplitArgs(" \f a\fb\vc ", &out));
  EXPECT_EQ(out, (Args{"a\fb\vc"}));
  EXPECT_TRUE(SplitArgs("'it\\'s'", &out));
  EXPECT_EQ(out, (Args{"it's"}));
}

}  // namespace
}  // namespace shoal::resp
