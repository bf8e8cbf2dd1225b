#include "node/keyspace/types/zset.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace shoal {

namespace {

// Reads a listpack score the way Redis's zzlGetScore does.
double EntryScore(const Listpack::Entry& e) {
  if (e.is_int) return static_cast<double>(e.int_value);
  std::string buf(e.str);
  return std::strtod(buf.c_str(), nullptr);
}

bool ScoreBelowMin(const ZScoreRange& r, double s) { return r.minex ? s <= r.min : s < r.min; }
bool ScoreNotAboveMax(const ZScoreRange& r, double s) { return r.maxex ? s < r.max : s <= r.max; }

// Both predicates below in one: `below` asks "before the min end" (an
// exclusive end counting m == end as before), else "not after the max end".
// "+" is after every member and "-" before, so for either question a "+" end
// answers true and a "-" end false.
bool LexBeyond(ZLexRange::Bound kind, const std::string& end, bool exclusive, std::string_view m,
               bool below) {
  if (kind != ZLexRange::Bound::kValue) return kind == ZLexRange::Bound::kPosInf;
  return below ? (exclusive ? m <= end : m < end) : (exclusive ? m < end : m <= end);
}

bool LexBelowMin(const ZLexRange& r, std::string_view m) {
  return LexBeyond(r.min_kind, r.min, r.minex, m, true);
}
bool LexNotAboveMax(const ZLexRange& r, std::string_view m) {
  return LexBeyond(r.max_kind, r.max, r.maxex, m, false);
}

}  // namespace

std::string ScoreToString(double score) {
  if (std::isnan(score)) return "nan";
  if (std::isinf(score)) return score > 0 ? "inf" : "-inf";
  // Within +-2^52 a double that equals its integer cast prints as that
  // integer; elsewhere %.17g.
  if (score > -4503599627370495.0 && score < 4503599627370496.0 &&
      score == static_cast<double>(static_cast<long long>(score))) {
    return std::to_string(static_cast<long long>(score));
  }
  char buf[64];
  const int n = std::snprintf(buf, sizeof(buf), "%.17g", score);
  return std::string(buf, static_cast<size_t>(n));
}

ZSetValue::ZSetValue(uint64_t seed, bool skiplist) : seed_(seed) {
  if (skiplist) index_ = std::make_unique<zset::ZSetIndex>(seed_);
}

ZSetValue::~ZSetValue() = default;

bool ZSetValue::FitsListpack(size_t size, size_t max_len, const ZSetLimits& limits) {
  return size <= limits.max_entries && max_len <= limits.max_value;
}

std::unique_ptr<ZSetValue> ZSetValue::FromItems(std::vector<std::pair<std::string, double>> items,
                                                const ZSetLimits& limits, uint64_t seed) {
  size_t max_len = 0;
  for (const auto& it : items) max_len = std::max(max_len, it.first.size());
  const bool skiplist = !FitsListpack(items.size(), max_len, limits);
  auto z = std::make_unique<ZSetValue>(seed, skiplist);
  if (skiplist) {
    for (const auto& it : items) z->index_->Insert(it.first, it.second);
    return z;
  }
  std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second < b.second : a.first < b.first;
  });
  for (const auto& it : items) {
    z->lp_.Append(it.first);
    z->lp_.Append(ScoreToString(it.second));
  }
  return z;
}

std::unique_ptr<ZSetValue> ZSetValue::FromListpack(Listpack lp, const ZSetLimits& limits,
                                                   uint64_t seed) {
  size_t entries = 0;
  for (Listpack::Pos p = lp.First(); p != Listpack::kEnd; p = lp.Next(p), ++entries) {
    if (entries % 2 == 0) continue;
    const Listpack::Entry e = lp.Get(p);
    if (e.is_int) continue;
    // A score entry must read fully as a number (Redis's zzlStrtod).
    const std::string text(e.str);
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || std::isnan(v)) return nullptr;
  }
  if (entries % 2 != 0) return nullptr;
  auto z = std::make_unique<ZSetValue>(seed);
  z->lp_ = std::move(lp);
  if (entries / 2 > limits.max_entries) z->ConvertToSkiplist();
  return z;
}

std::unique_ptr<CollectionValue> ZSetValue::Clone() const {
  auto z = std::make_unique<ZSetValue>(seed_, index_ != nullptr);
  if (!index_) {
    z->lp_ = lp_;
    return z;
  }
  index_->Walk(0, index_->size(), false, [&z](const zset::ZNode* n) {
    z->index_->Insert(n->member(), n->score);
    return true;
  });
  return z;
}

size_t ZSetValue::MemoryUsage() const {
  size_t bytes = sizeof(ZSetValue);
  if (index_) return bytes + sizeof(zset::ZSetIndex) + index_->allocated_bytes();
  return bytes + lp_.allocated_bytes();
}

size_t ZSetValue::Size() const { return index_ ? index_->size() : lp_.size() / 2; }

// ---------------------------------------------------------------------------
// Listpack helpers
// ---------------------------------------------------------------------------

double ZSetValue::LpScore(Listpack::Pos score_pos) const { return EntryScore(lp_.Get(score_pos)); }

Listpack::Pos ZSetValue::LpFind(std::string_view member, double* score) const {
  for (Listpack::Pos p = lp_.First(); p != Listpack::kEnd; p = lp_.Next(lp_.Next(p))) {
    if (lp_.Get(p).Equals(member)) {
      if (score != nullptr) *score = LpScore(lp_.Next(p));
      return p;
    }
  }
  return Listpack::kEnd;
}

// Inserts before the first pair ordered after (score, member), as zzlInsert.
void ZSetValue::LpInsert(std::string_view member, double score) {
  const std::string text = ScoreToString(score);
  for (Listpack::Pos p = lp_.First(); p != Listpack::kEnd; p = lp_.Next(lp_.Next(p))) {
    const double s = LpScore(lp_.Next(p));
    if (s > score || (s == score && lp_.GetString(p) > member)) {
      const Listpack::Pos at = lp_.InsertBefore(p, member);
      lp_.InsertAfter(at, text);
      return;
    }
  }
  lp_.Append(member);
  lp_.Append(text);
}

size_t ZSetValue::CountPrefix(const std::function<bool(std::string_view, double)>& before) const {
  size_t n = 0;
  for (Listpack::Pos p = lp_.First(); p != Listpack::kEnd; p = lp_.Next(lp_.Next(p))) {
    const std::string m = lp_.GetString(p);
    if (!before(m, LpScore(lp_.Next(p)))) break;
    ++n;
  }
  return n;
}

void ZSetValue::ConvertToSkiplist() {
  if (index_) return;
  auto index = std::make_unique<zset::ZSetIndex>(seed_);
  for (Listpack::Pos p = lp_.First(); p != Listpack::kEnd; p = lp_.Next(lp_.Next(p))) {
    index->Insert(lp_.GetString(p), LpScore(lp_.Next(p)));
  }
  index_ = std::move(index);
  lp_.Clear();
  lp_ = Listpack();
}

// ---------------------------------------------------------------------------
// Members
// ---------------------------------------------------------------------------

std::optional<double> ZSetValue::Score(std::string_view member) {
  if (index_) {
    const zset::ZNode* n = index_->Find(member);
    if (n == nullptr) return std::nullopt;
    return n->score;
  }
  double score = 0;
  if (LpFind(member, &score) == Listpack::kEnd) return std::nullopt;
  return score;
}

ZSetValue::AddResult ZSetValue::Add(std::string_view member, double score, int flags,
                                    const ZSetLimits& limits, double* newscore) {
  if (std::isnan(score)) return AddResult::kNan;
  const std::optional<double> cur = Score(member);
  if (cur) {
    if (flags & kNx) return AddResult::kNop;
    if (flags & kIncr) {
      score += *cur;
      if (std::isnan(score)) return AddResult::kNan;
    }
    if (((flags & kLt) && score >= *cur) || ((flags & kGt) && score <= *cur)) {
      return AddResult::kNop;
    }
    if (newscore != nullptr) *newscore = score;
    if (score == *cur) return AddResult::kUnchanged;
    if (index_) {
      index_->UpdateScore(index_->Find(member), score);
    } else {
      lp_.DeleteRange(LpFind(member, nullptr), 2);
      LpInsert(member, score);
    }
    return AddResult::kUpdated;
  }
  if (flags & kXx) return AddResult::kNop;
  if (!index_ && (Size() + 1 > limits.max_entries || member.size() > limits.max_value)) {
    ConvertToSkiplist();
  }
  if (index_) {
    index_->Insert(member, score);
  } else {
    LpInsert(member, score);
  }
  if (newscore != nullptr) *newscore = score;
  return AddResult::kAdded;
}

bool ZSetValue::Remove(std::string_view member) {
  if (index_) return index_->Erase(member);
  const Listpack::Pos p = LpFind(member, nullptr);
  if (p == Listpack::kEnd) return false;
  lp_.DeleteRange(p, 2);
  return true;
}

std::optional<size_t> ZSetValue::Rank(std::string_view member, double* score) {
  if (index_) {
    const zset::ZNode* n = index_->Find(member);
    if (n == nullptr) return std::nullopt;
    if (score != nullptr) *score = n->score;
    return index_->Rank(n);
  }
  size_t rank = 0;
  for (Listpack::Pos p = lp_.First(); p != Listpack::kEnd; p = lp_.Next(lp_.Next(p)), ++rank) {
    if (lp_.Get(p).Equals(member)) {
      if (score != nullptr) *score = LpScore(lp_.Next(p));
      return rank;
    }
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// Ranges
// ---------------------------------------------------------------------------

std::pair<size_t, size_t> ZSetValue::ScoreSpan(const ZScoreRange& r) const {
  auto below = [&r](std::string_view, double s) { return ScoreBelowMin(r, s); };
  auto not_above = [&r](std::string_view, double s) { return ScoreNotAboveMax(r, s); };
  if (index_) {
    return {index_->CountBefore([&](const zset::ZNode* n) { return below({}, n->score); }),
            index_->CountBefore([&](const zset::ZNode* n) { return not_above({}, n->score); })};
  }
  return {CountPrefix(below), CountPrefix(not_above)};
}

std::pair<size_t, size_t> ZSetValue::LexSpan(const ZLexRange& r) const {
  auto below = [&r](std::string_view m, double) { return LexBelowMin(r, m); };
  auto not_above = [&r](std::string_view m, double) { return LexNotAboveMax(r, m); };
  if (index_) {
    return {index_->CountBefore([&](const zset::ZNode* n) { return below(n->member(), 0); }),
            index_->CountBefore([&](const zset::ZNode* n) { return not_above(n->member(), 0); })};
  }
  return {CountPrefix(below), CountPrefix(not_above)};
}

void ZSetValue::Walk(size_t begin, size_t end, bool reverse, const Visitor& fn) const {
  end = std::min(end, Size());
  if (begin >= end) return;
  if (index_) {
    index_->Walk(begin, end, reverse,
                 [&fn](const zset::ZNode* n) { return fn(n->member(), n->score); });
    return;
  }
  Listpack::Pos p = lp_.Seek(static_cast<int64_t>(2 * (reverse ? end - 1 : begin)));
  for (size_t left = end - begin; left > 0 && p != Listpack::kEnd; --left) {
    const Listpack::Pos sp = lp_.Next(p);
    const std::string m = lp_.GetString(p);
    if (!fn(m, LpScore(sp))) return;
    p = reverse ? lp_.Prev(p) : lp_.Next(sp);
    if (reverse && p != Listpack::kEnd) p = lp_.Prev(p);
  }
}

size_t ZSetValue::RemoveRanks(size_t begin, size_t end) {
  end = std::min(end, Size());
  if (begin >= end) return 0;
  const size_t n = end - begin;
  if (!index_) {
    lp_.DeleteRange(lp_.Seek(static_cast<int64_t>(2 * begin)), 2 * n);
    return n;
  }
  std::vector<std::string> doomed;
  doomed.reserve(n);
  index_->Walk(begin, end, false, [&doomed](const zset::ZNode* node) {
    doomed.emplace_back(node->member());
    return true;
  });
  for (const std::string& m : doomed) index_->Erase(m);
  return n;
}

uint64_t ZSetValue::Scan(uint64_t cursor, const Visitor& fn) const {
  if (index_) {
    return index_->Scan(cursor, [&fn](const zset::ZNode* n) { fn(n->member(), n->score); });
  }
  Walk(0, Size(), false, fn);
  return 0;
}

}  // namespace shoal
