// The list family: LZF, the quicklist value (node fill and compression as
// Redis 7.0 lays them out), and the commands through the dispatcher.

#include <gtest/gtest.h>

#include <deque>
#include <random>
#include <string>
#include <vector>

#include "common/lzf.h"
#include "node/keyspace/types/list.h"
#include "tests/unit/harness.h"

namespace shoal {
namespace {

using testing::CommandHarness;

// ---------------------------------------------------------------------------
// LZF
// ---------------------------------------------------------------------------

std::string Compress(const std::string& in) {
  std::string out(in.size() + in.size() / 16 + 64, '\0');
  out.resize(LzfCompress(in.data(), in.size(), out.data(), out.size()));
  return out;
}

std::string Decompress(const std::string& in, size_t size) {
  std::string out(size, '\0');
  out.resize(LzfDecompress(in.data(), in.size(), out.data(), out.size()));
  return out;
}

TEST(LzfTest, RoundTripsRepetitiveAndRandomData) {
  std::mt19937 rng(7);
  std::vector<std::string> inputs = {"a", "ab", "abc", std::string(10000, 'x'),
                                     "hello hello hello hello hello world"};
  std::string random(5000, '\0');
  for (char& c : random) c = static_cast<char>(rng());
  inputs.push_back(random);
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "item:" + std::to_string(i % 97) + ",";
  inputs.push_back(text);
  for (const std::string& in : inputs) {
    std::string packed = Compress(in);
    ASSERT_FALSE(packed.empty()) << in.size();
    EXPECT_EQ(Decompress(packed, in.size()), in);
  }
  EXPECT_LT(Compress(std::string(10000, 'x')).size(), 200u);
}

TEST(LzfTest, KnownEncoding) {
  // "aaaaaaaa": a literal 'a', then a back reference of 7 bytes at distance 1.
  const std::string packed = Compress("aaaaaaaa");
  EXPECT_EQ(packed, std::string("\x00"
                                "a"
                                "\xa0\x00",
                                4));
  EXPECT_EQ(Decompress(packed, 8), "aaaaaaaa");
  // A decoder written from the format must accept liblzf's literal chunks.
  EXPECT_EQ(Decompress(std::string("\x02xyz", 4), 3), "xyz");
}

TEST(LzfTest, RefusesWhenOutputTooSmall) {
  std::string in = "0123456789abcdef";
  std::string out(8, '\0');
  EXPECT_EQ(LzfCompress(in.data(), in.size(), out.data(), out.size()), 0u);
  EXPECT_EQ(LzfCompress(in.data(), 0, out.data(), out.size()), 0u);
  std::string packed = Compress(std::string(100, 'q'));
  std::string small(50, '\0');
  EXPECT_EQ(LzfDecompress(packed.data(), packed.size(), small.data(), small.size()), 0u);
}

TEST(LzfTest, MalformedInputIsRejected) {
  // Literal run longer than the input.
  EXPECT_EQ(Decompress(std::string("\x05"
                                   "ab",
                                   3),
                       100),
            "");
  // Back reference before the start of the output.
  EXPECT_EQ(Decompress(std::string("\x00"
                                   "a"
                                   "\x20\x05",
                                   4),
                       100),
            "");
  // Truncated back reference (missing offset byte / length byte).
  EXPECT_EQ(Decompress(std::string("\x00"
                                   "a"
                                   "\x20",
                                   3),
                       100),
            "");
  EXPECT_EQ(Decompress(std::string("\x00"
                                   "a"
                                   "\xe0",
                                   3),
                       100),
            "");
  // Random garbage never reads or writes out of bounds (checked by the
  // sanitizer builds) and either fails or yields at most out_len bytes.
  std::mt19937 rng(11);
  for (int i = 0; i < 2000; ++i) {
    std::string junk(rng() % 64, '\0');
    for (char& c : junk) c = static_cast<char>(rng());
    std::string out(rng() % 128, '\0');
    size_t n = LzfDecompress(junk.data(), junk.size(), out.data(), out.size());
    EXPECT_LE(n, out.size());
  }
  // Every truncation of a valid stream is handled.
  std::string packed = Compress("abcabcabcabcabcabcabcabc-xyzxyzxyzxyz");
  for (size_t cut = 0; cut < packed.size(); ++cut) {
    std::string out(64, '\0');
    EXPECT_LE(LzfDecompress(packed.data(), cut, out.data(), out.size()), out.size());
  }
}

// ---------------------------------------------------------------------------
// Quicklist layout (node counts measured on redis-server 7.0 with DEBUG OBJECT)
// ---------------------------------------------------------------------------

size_t NodesAfterPushes(int fill, int depth, bool tail, size_t n, const std::string& v) {
  ListValue list(fill, depth);
  for (size_t i = 0; i < n; ++i) list.Push(tail ? ListValue::End::kTail : ListValue::End::kHead, v);
  EXPECT_EQ(list.Size(), n);
  return list.Nodes().size();
}

TEST(ListValueTest, NodeFillMatchesRedis) {
  {
    ListValue list(4, 0);
    for (int i = 0; i < 10; ++i) list.Push(ListValue::End::kTail, std::to_string(i));
    ASSERT_EQ(list.Nodes().size(), 3u);
    EXPECT_EQ(list.Nodes()[0].count, 4u);
    EXPECT_EQ(list.Nodes()[2].count, 2u);
  }
  EXPECT_EQ(NodesAfterPushes(-1, 0, true, 100, std::string(100, 'x')), 3u);
  EXPECT_EQ(NodesAfterPushes(-1, 0, true, 100, std::string(250, 'y')), 7u);
  EXPECT_EQ(NodesAfterPushes(-2, 0, true, 300, std::string(60, 'z')), 3u);
  EXPECT_EQ(NodesAfterPushes(-1, 0, true, 3, std::string(5000, 'w')), 3u);
  EXPECT_EQ(NodesAfterPushes(3, 0, false, 5, std::string(3000, 'a')), 3u);
  EXPECT_EQ(NodesAfterPushes(5, 0, true, 5, std::string(4000, 'b')), 3u);
  EXPECT_EQ(NodesAfterPushes(-1, 1, true, 200, std::string(100, 'c')), 6u);
  EXPECT_EQ(NodesAfterPushes(-5, 0, true, 200, std::string(1000, 'd')), 4u);
  EXPECT_EQ(NodesAfterPushes(-3, 0, true, 3000, std::string(10, 'e')), 3u);
}

TEST(ListValueTest, InteriorNodesAreCompressedBeyondDepth) {
  ListValue list(-1, 1);
  std::string v(100, 'c');
  for (int i = 0; i < 200; ++i) list.Push(ListValue::End::kTail, v + std::to_string(i));
  auto nodes = list.Nodes();
  ASSERT_EQ(nodes.size(), 6u);
  EXPECT_FALSE(nodes.front().compressed);
  EXPECT_FALSE(nodes.back().compressed);
  for (size_t i = 1; i + 1 < nodes.size(); ++i) {
    EXPECT_TRUE(nodes[i].compressed) << i;
    EXPECT_LT(nodes[i].compressed_bytes, nodes[i].bytes);
  }
  EXPECT_EQ(*list.Index(100), v + "100");
  // The compressed bytes are the node's listpack in LZF form.
  std::string_view packed = list.NodeCompressedBytes(2);
  std::string plain(nodes[2].bytes, '\0');
  ASSERT_EQ(LzfDecompress(packed.data(), packed.size(), plain.data(), plain.size()), plain.size());
  EXPECT_EQ(plain, std::string(list.NodeListpack(2).data()));
  EXPECT_TRUE(list.NodeCompressedBytes(0).empty());
  EXPECT_EQ(list.Range(98, 101).size(), 4u);
  ListValue depth0(-1, 0);
  for (int i = 0; i < 200; ++i) depth0.Push(ListValue::End::kTail, v);
  for (const auto& n : depth0.Nodes()) EXPECT_FALSE(n.compressed);
}

// Random edits against a std::deque model, across fills and depths: every
// operation keeps the contents, and the layout keeps Redis's invariants.
TEST(ListValueTest, RandomEditsMatchModel) {
  std::mt19937 rng(3);
  for (int fill : {2, 5, -1, -2}) {
    for (int depth : {0, 1, 2}) {
      ListValue list(fill, depth);
      std::deque<std::string> model;
      for (int step = 0; step < 3000; ++step) {
        const std::string v = std::string(rng() % 300, 'a' + static_cast<char>(rng() % 3)) +
                              std::to_string(rng() % 20);
        const int op = static_cast<int>(rng() % 8);
        if (op <= 1 || model.empty()) {
          if (rng() % 2) {
            list.Push(ListValue::End::kHead, v);
            model.push_front(v);
          } else {
            list.Push(ListValue::End::kTail, v);
            model.push_back(v);
          }
        } else if (op == 2) {
          EXPECT_EQ(*list.Pop(ListValue::End::kHead), model.front());
          model.pop_front();
        } else if (op == 3) {
          size_t i = rng() % model.size();
          list.Set(i, v);
          model[i] = v;
        } else if (op == 4) {
          const std::string pivot = model[rng() % model.size()];
          const bool after = rng() % 2;
          ASSERT_TRUE(list.Insert(pivot, v, after));
          auto it = std::find(model.begin(), model.end(), pivot);
          model.insert(after ? it + 1 : it, v);
        } else if (op == 5) {
          const std::string target = model[rng() % model.size()];
          const int64_t count = static_cast<int64_t>(rng() % 5) - 2;
          size_t removed = list.Remove(target, count);
          size_t expect = 0;
          if (count >= 0) {
            for (auto it = model.begin();
                 it != model.end() && (count == 0 || expect < size_t(count));) {
              if (*it == target) {
                it = model.erase(it);
                ++expect;
              } else {
                ++it;
              }
            }
          } else {
            for (size_t i = model.size(); i-- > 0 && expect < size_t(-count);) {
              if (model[i] == target) {
                model.erase(model.begin() + static_cast<long>(i));
                ++expect;
              }
            }
          }
          EXPECT_EQ(removed, expect);
        } else if (op == 6 && model.size() > 10) {
          size_t start = rng() % 3;
          size_t n = rng() % 4;
          list.DeleteRange(start, n);
          model.erase(model.begin() + static_cast<long>(start),
                      model.begin() + static_cast<long>(std::min(start + n, model.size())));
        } else if (!model.empty()) {
          size_t i = rng() % model.size();
          EXPECT_EQ(*list.Index(i), model[i]);
        }
        ASSERT_EQ(list.Size(), model.size());
      }
      std::vector<std::string> all =
          model.empty() ? std::vector<std::string>{} : list.Range(0, model.size() - 1);
      ASSERT_EQ(all, std::vector<std::string>(model.begin(), model.end()))
          << "fill " << fill << " depth " << depth;
      auto nodes = list.Nodes();
      size_t total = 0;
      for (size_t i = 0; i < nodes.size(); ++i) {
        total += nodes[i].count;
        EXPECT_GT(nodes[i].count, 0u);
        const bool within_depth = i < size_t(depth) || i + size_t(depth) >= nodes.size();
        if (depth == 0 || within_depth) {
          EXPECT_FALSE(nodes[i].compressed) << i;
        }
      }
      EXPECT_EQ(total, model.size());
      // A clone is deep and equal.
      auto copy = list.Clone();
      EXPECT_EQ(copy->Size(), list.Size());
    }
  }
}

// ---------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------

TEST(ListCommandsTest, PushPopAndRange) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"LPUSH", "k", "a", "b"}), "(integer) 2");
  EXPECT_EQ(h.Run({"RPUSH", "k", "c"}), "(integer) 3");
  EXPECT_EQ(h.Run({"LRANGE", "k", "0", "-1"}), "[b, a, c]");
  EXPECT_EQ(h.Run({"OBJECT", "ENCODING", "k"}), "quicklist");
  EXPECT_EQ(h.Run({"LPUSHX", "nokey", "a"}), "(integer) 0");
  EXPECT_EQ(h.Run({"EXISTS", "nokey"}), "(integer) 0");
  EXPECT_EQ(h.Run({"LPOP", "k"}), "b");
  EXPECT_EQ(h.Run({"RPOP", "k", "5"}), "[c, a]");
  EXPECT_EQ(h.Run({"EXISTS", "k"}), "(integer) 0");
  EXPECT_EQ(h.Run({"LPOP", "k"}), "(nil)");
  EXPECT_EQ(h.RunRaw({"LPOP", "k", "1"}), "*-1\r\n");
  EXPECT_EQ(h.Run({"LPOP", "k", "-1"}), "(error) ERR value is out of range, must be positive");
  EXPECT_EQ(h.Run({"LPOP", "k", "1", "2"}),
            "(error) ERR wrong number of arguments for 'lpop' command");
}

TEST(ListCommandsTest, WrongTypeOnEveryCommand) {
  CommandHarness h;
  h.Put("s", "v");
  const std::vector<std::vector<std::string>> cmds = {
      {"LPUSH", "s", "a"},
      {"RPUSH", "s", "a"},
      {"LPUSHX", "s", "a"},
      {"RPUSHX", "s", "a"},
      {"LPOP", "s"},
      {"RPOP", "s", "2"},
      {"LLEN", "s"},
      {"LRANGE", "s", "0", "1"},
      {"LINDEX", "s", "0"},
      {"LSET", "s", "0", "v"},
      {"LINSERT", "s", "BEFORE", "a", "b"},
      {"LREM", "s", "0", "a"},
      {"LTRIM", "s", "0", "1"},
      {"LPOS", "s", "a"},
      {"LMOVE", "s", "d", "LEFT", "LEFT"},
      {"RPOPLPUSH", "s", "d"},
      {"LMPOP", "1", "s", "LEFT"},
      {"BLPOP", "s", "0"},
      {"BRPOP", "s", "0"},
      {"BLMOVE", "s", "d", "LEFT", "RIGHT", "0"},
      {"BRPOPLPUSH", "s", "d", "0"},
      {"BLMPOP", "0", "1", "s", "LEFT"},
  };
  for (const auto& cmd : cmds) {
    EXPECT_EQ(h.Run(cmd),
              "(error) WRONGTYPE Operation against a key holding the wrong kind of value")
        << cmd[0];
  }
}

TEST(ListCommandsTest, EditsInTheMiddle) {
  CommandHarness h;
  h.Run({"RPUSH", "k", "a", "b", "a", "c", "a"});
  EXPECT_EQ(h.Run({"LSET", "k", "-1", "z"}), "OK");
  EXPECT_EQ(h.Run({"LSET", "k", "9", "z"}), "(error) ERR index out of range");
  EXPECT_EQ(h.Run({"LSET", "nokey", "0", "z"}), "(error) ERR no such key");
  EXPECT_EQ(h.Run({"LINSERT", "k", "AFTER", "b", "x"}), "(integer) 6");
  EXPECT_EQ(h.Run({"LINSERT", "k", "BEFORE", "nothere", "x"}), "(integer) -1");
  EXPECT_EQ(h.Run({"LINSERT", "k", "UP", "b", "x"}), "(error) ERR syntax error");
  EXPECT_EQ(h.Run({"LREM", "k", "-1", "a"}), "(integer) 1");
  EXPECT_EQ(h.Run({"LRANGE", "k", "0", "-1"}), "[a, b, x, c, z]");
  EXPECT_EQ(h.Run({"LPOS", "k", "x"}), "(integer) 2");
  EXPECT_EQ(h.Run({"LPOS", "k", "x", "RANK", "0"}),
            "(error) ERR RANK can't be zero: use 1 to start from the first match, 2 from the "
            "second ... or use negative to start from the end of the list");
  EXPECT_EQ(h.Run({"LTRIM", "k", "1", "-2"}), "OK");
  EXPECT_EQ(h.Run({"LRANGE", "k", "0", "-1"}), "[b, x, c]");
  EXPECT_EQ(h.Run({"LTRIM", "k", "5", "1"}), "OK");
  EXPECT_EQ(h.Run({"EXISTS", "k"}), "(integer) 0");
}

TEST(ListCommandsTest, MoveAndMpop) {
  CommandHarness h;
  h.Run({"RPUSH", "a", "1", "2", "3"});
  EXPECT_EQ(h.Run({"LMOVE", "a", "a", "LEFT", "RIGHT"}), "1");
  EXPECT_EQ(h.Run({"LRANGE", "a", "0", "-1"}), "[2, 3, 1]");
  EXPECT_EQ(h.Run({"RPOPLPUSH", "a", "b"}), "1");
  EXPECT_EQ(h.Run({"LMPOP", "2", "nokey", "a", "RIGHT", "COUNT", "9"}), "[a, [3, 2]]");
  EXPECT_EQ(h.Run({"EXISTS", "a"}), "(integer) 0");
  EXPECT_EQ(h.Run({"LMPOP", "0", "a", "LEFT"}), "(error) ERR numkeys should be greater than 0");
  EXPECT_EQ(h.Run({"LMPOP", "1", "a", "LEFT", "COUNT", "0"}),
            "(error) ERR count should be greater than 0");
  EXPECT_EQ(h.RunRaw({"LMPOP", "1", "a", "LEFT"}), "*-1\r\n");
}

TEST(ListCommandsTest, NodeSplittingThroughConfig) {
  CommandHarness h({{"list-max-listpack-size", "2"}, {"list-compress-depth", "1"}});
  for (int i = 0; i < 20; ++i) h.Run({"RPUSH", "k", std::string(60, 'a') + std::to_string(i)});
  Object* obj = h.node().keyspace().db(0).Find("k");
  ASSERT_NE(obj, nullptr);
  const ListValue& list = obj->As<ListValue>();
  EXPECT_EQ(list.Nodes().size(), 10u);
  EXPECT_TRUE(list.Nodes()[5].compressed);
  EXPECT_EQ(h.Run({"LINDEX", "k", "11"}), std::string(60, 'a') + "11");
  EXPECT_EQ(h.Run({"LINSERT", "k", "AFTER", std::string(60, 'a') + "11", "new"}), "(integer) 21");
  EXPECT_EQ(h.Run({"LINDEX", "k", "12"}), "new");
}

}  // namespace
}  // namespace shoal
