// The sorted-set value (ObjType::kZSet), with Redis 7.0's two encodings:
//
//   "listpack" — members and scores alternating in (score, member) order in
//                one Listpack, each score written as Redis writes it (the
//                text of d2string, so integral scores become integer
//                entries). Used while the set has at most
//                zset-max-listpack-entries members of at most
//                zset-max-listpack-value bytes.
//   "skiplist" — past either limit: a ZSetIndex (member hash plus an
//                order-statistic B+tree; see zset_index.h). It reports
//                "skiplist" because that is what Redis clients expect; the
//                structure is our own, at about half Redis's bytes per member.
//
// A set converts to skiplist when an insert would cross a limit and never
// converts back, except that freshly built results (the STORE commands) pick
// their encoding from their final size, as Redis's
// zsetConvertToListpackIfNeeded does.
//
// Ranges are expressed as ranks: [begin, end) positions in ascending order;
// ScoreSpan/LexSpan turn a score or lex interval into ranks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/listpack.h"
#include "node/keyspace/object.h"
#include "node/keyspace/types/zset_index.h"

namespace shoal {

struct ZSetLimits {
  size_t max_entries = 128;  // zset-max-listpack-entries
  size_t max_value = 64;     // zset-max-listpack-value
};

// A score interval; "(" makes an end exclusive.
struct ZScoreRange {
  double min = 0;
  double max = 0;
  bool minex = false;
  bool maxex = false;
};

// A lex interval: "-" and "+" are the ends of the order; otherwise "[" or "("
// and the bytes.
struct ZLexRange {
  enum class Bound : uint8_t { kNegInf, kPosInf, kValue };
  Bound min_kind = Bound::kNegInf;
  Bound max_kind = Bound::kPosInf;
  std::string min;
  std::string max;
  bool minex = false;
  bool maxex = false;
};

// Redis's d2string: integral values within +-2^52 as integers, the rest with
// 17 significant digits; "inf", "-inf", "nan". Negative zero is integral and
// prints as "0", so a listpack drops its sign as Redis's does.
std::string ScoreToString(double score);

class ZSetValue : public CollectionValue {
 public:
  // ZADD's in-flags.
  enum AddFlags : int { kIncr = 1, kNx = 2, kXx = 4, kGt = 8, kLt = 16 };
  // What Add did.
  enum class AddResult : uint8_t { kNop, kAdded, kUpdated, kUnchanged, kNan };

  // An empty set, listpack unless `skiplist`. The seed keys the member hash.
  explicit ZSetValue(uint64_t seed, bool skiplist = false);
  ~ZSetValue() override;

  // Whether a set of `size` members, the longest `max_len` bytes, is kept as
  // a listpack.
  static bool FitsListpack(size_t size, size_t max_len, const ZSetLimits& limits);
  // A set holding `items` (distinct members), encoded by its final size.
  static std::unique_ptr<ZSetValue> FromItems(std::vector<std::pair<std::string, double>> items,
                                              const ZSetLimits& limits, uint64_t seed);

  // A set adopting a listpack of member/score pairs (an RDB file's or a DUMP
  // payload's bytes, already validated as a listpack). nullptr unless it
  // holds whole pairs with valid scores. Converts to skiplist past the entry
  // limit, as Redis's loader does.
  static std::unique_ptr<ZSetValue> FromListpack(Listpack lp, const ZSetLimits& limits,
                                                 uint64_t seed);
  // The listpack when that is the encoding, else nullptr (RDB writes it as
  // is; a skiplist is written member by member through Walk).
  const Listpack* listpack() const { return index_ ? nullptr : &lp_; }

  std::unique_ptr<CollectionValue> Clone() const override;
  size_t MemoryUsage() const override;
  Encoding encoding() const override { return index_ ? Encoding::kSkiplist : Encoding::kListpack; }
  size_t Size() const override;

  // --- Members ----------------------------------------------------------------
  std::optional<double> Score(std::string_view member);
  // Redis's zsetAdd. *newscore receives the resulting score unless kNop.
  AddResult Add(std::string_view member, double score, int flags, const ZSetLimits& limits,
                double* newscore);
  bool Remove(std::string_view member);
  // Ascending 0-based rank, or nullopt when absent; *score is set when found.
  std::optional<size_t> Rank(std::string_view member, double* score);

  // --- Ranges -----------------------------------------------------------------
  // Ranks [first, second) of the members within the interval (empty when
  // first >= second).
  std::pair<size_t, size_t> ScoreSpan(const ZScoreRange& range) const;
  std::pair<size_t, size_t> LexSpan(const ZLexRange& range) const;
  using Visitor = std::function<bool(std::string_view member, double score)>;
  // Visits ranks [begin, end) ascending, or descending when reverse; the
  // visitor returns false to stop. Views are valid during the call only.
  void Walk(size_t begin, size_t end, bool reverse, const Visitor& fn) const;
  // Removes ranks [begin, end); returns how many.
  size_t RemoveRanks(size_t begin, size_t end);

  // One ZSCAN step: the listpack in one go (cursor 0 back), the skiplist one
  // hash bucket group at a time.
  uint64_t Scan(uint64_t cursor, const Visitor& fn) const;

  void ConvertToSkiplist();

 private:
  // Listpack helpers.
  Listpack::Pos LpFind(std::string_view member, double* score) const;
  void LpInsert(std::string_view member, double score);
  double LpScore(Listpack::Pos score_pos) const;
  size_t CountPrefix(const std::function<bool(std::string_view, double)>& before) const;

  uint64_t seed_;
  Listpack lp_;
  std::unique_ptr<zset::ZSetIndex> index_;  // set when the encoding is skiplist
};

}  // namespace shoal
