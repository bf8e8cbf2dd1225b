#include "node/commands/string_ops.h"

#include <algorithm>
#include <cstdio>
#include <limits>

#include "common/strutil.h"
#include "node/core/errors.h"

namespace shoal::stringops {

namespace {

Status Err(std::string_view text) { return Status::Error(std::string(text)); }

// The expiry form an EX/PX/EXAT/PXAT keyword names; kNone for anything else.
Expiry TimedExpiry(std::string_view opt) {
  if (EqualsIgnoreCase(opt, "ex")) return Expiry::kEx;
  if (EqualsIgnoreCase(opt, "px")) return Expiry::kPx;
  if (EqualsIgnoreCase(opt, "exat")) return Expiry::kExAt;
  if (EqualsIgnoreCase(opt, "pxat")) return Expiry::kPxAt;
  return Expiry::kNone;
}

// An option may repeat itself but not contradict an earlier one: Redis keeps
// one flag bit per option and each option is refused only when a *different*
// incompatible bit is already set.
bool Compatible(Expiry current, Expiry wanted) {
  return current == Expiry::kNone || current == wanted;
}

}  // namespace

// ---------------------------------------------------------------------------
// SET / GETEX options
// ---------------------------------------------------------------------------

StatusOr<ExpiryOptions> ParseExpiryOptions(const std::vector<std::string>& argv, size_t first,
                                           OptionGrammar grammar) {
  ExpiryOptions opts;
  const bool is_set = grammar == OptionGrammar::kSet;
  for (size_t j = first; j < argv.size(); ++j) {
    const std::string_view opt = argv[j];
    const bool has_next = j + 1 < argv.size();
    const Expiry timed = TimedExpiry(opt);
    if (is_set && EqualsIgnoreCase(opt, "nx") && opts.condition != Condition::kXx) {
      opts.condition = Condition::kNx;
    } else if (is_set && EqualsIgnoreCase(opt, "xx") && opts.condition != Condition::kNx) {
      opts.condition = Condition::kXx;
    } else if (is_set && EqualsIgnoreCase(opt, "get")) {
      opts.get = true;
    } else if (is_set && EqualsIgnoreCase(opt, "keepttl") &&
               Compatible(opts.expiry, Expiry::kKeepTtl)) {
      opts.expiry = Expiry::kKeepTtl;
    } else if (!is_set && EqualsIgnoreCase(opt, "persist") &&
               Compatible(opts.expiry, Expiry::kPersist)) {
      opts.expiry = Expiry::kPersist;
    } else if (timed != Expiry::kNone && has_next && Compatible(opts.expiry, timed)) {
      opts.expiry = timed;
      opts.expire_arg = argv[++j];
    } else {
      return Err(errors::kSyntax);
    }
  }
  return opts;
}

StatusOr<int64_t> AbsoluteExpireMs(Expiry expiry, std::string_view arg, int64_t now_ms,
                                   std::string_view command) {
  int64_t ms = 0;
  if (!ParseInt64(arg, &ms)) return Err(errors::kNotInteger);
  const bool seconds = expiry == Expiry::kEx || expiry == Expiry::kExAt;
  const bool relative = expiry == Expiry::kEx || expiry == Expiry::kPx;
  const Status invalid = Status::Error(errors::InvalidExpire(command));
  if (ms <= 0 || (seconds && ms > std::numeric_limits<int64_t>::max() / 1000)) return invalid;
  if (seconds) ms *= 1000;
  // Redis lets the addition wrap and then rejects the non-positive result; an
  // overflow check says the same without relying on wrapping.
  if (relative && __builtin_add_overflow(ms, now_ms, &ms)) return invalid;
  if (ms <= 0) return invalid;
  return ms;
}

// ---------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------

StatusOr<int64_t> AddChecked(int64_t value, int64_t delta) {
  int64_t sum = 0;
  if (__builtin_add_overflow(value, delta, &sum)) return Err(errors::kOverflow);
  return sum;
}

std::string FormatLongDouble(long double value) {
  // 17 digits after the point keep most short decimal inputs printing back
  // exactly as typed with 80-bit (or wider) long doubles.
  const int needed = std::snprintf(nullptr, 0, "%.17Lf", value);
  if (needed <= 0) return std::string();
  std::string text(static_cast<size_t>(needed) + 1, '\0');
  std::snprintf(text.data(), text.size(), "%.17Lf", value);
  text.resize(static_cast<size_t>(needed));
  if (text.find('.') != std::string::npos) {
    size_t end = text.find_last_not_of('0');
    if (text[end] == '.') --end;
    text.resize(end + 1);
  }
  if (text == "-0") text = "0";
  return text;
}

// ---------------------------------------------------------------------------
// Ranges and lengths
// ---------------------------------------------------------------------------

std::string_view SliceRange(std::string_view s, int64_t start, int64_t end) {
  const int64_t len = static_cast<int64_t>(s.size());
  // Both from the end and reversed: nothing, whatever the length.
  if (start < 0 && end < 0 && start > end) return {};
  if (start < 0) start += len;
  if (end < 0) end += len;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= len) end = len - 1;
  if (len == 0 || start > end) return {};
  return s.substr(static_cast<size_t>(start), static_cast<size_t>(end - start + 1));
}

Status CheckStringLength(uint64_t size, uint64_t append, uint64_t max_bulk_len) {
  uint64_t total = 0;
  if (__builtin_add_overflow(size, append, &total) || total > max_bulk_len) {
    return Err(errors::kStringTooLong);
  }
  return Status::Ok();
}

// ---------------------------------------------------------------------------
// LCS
// ---------------------------------------------------------------------------

namespace {

// table[i * (blen + 1) + j] is the LCS length of a[0..i) and b[0..j).
class LcsTable {
 public:
  LcsTable(std::string_view a, std::string_view b)
      : width_(b.size() + 1), cells_((a.size() + 1) * (b.size() + 1), 0) {
    for (size_t i = 1; i <= a.size(); ++i) {
      for (size_t j = 1; j <= b.size(); ++j) {
        if (a[i - 1] == b[j - 1]) {
          cell(i, j) = at(i - 1, j - 1) + 1;
        } else {
          cell(i, j) = std::max(at(i - 1, j), at(i, j - 1));
        }
      }
    }
  }
  uint32_t at(size_t i, size_t j) const { return cells_[i * width_ + j]; }

 private:
  uint32_t& cell(size_t i, size_t j) { return cells_[i * width_ + j]; }
  size_t width_;
  std::vector<uint32_t> cells_;
};

// Walks the table back from the end, rebuilding the subsequence and the runs
// of contiguous matches the way Redis does, so ties break identically.
void Backtrack(const LcsTable& table, std::string_view a, std::string_view b, int64_t min_match_len,
               bool want_matches, LcsResult* out) {
  const uint32_t alen = static_cast<uint32_t>(a.size());
  out->subsequence.assign(out->length, '\0');
  uint32_t idx = out->length;
  bool in_run = false;
  LcsMatch run;
  uint32_t i = alen;
  uint32_t j = static_cast<uint32_t>(b.size());
  while (i > 0 && j > 0) {
    bool emit = false;
    if (a[i - 1] == b[j - 1]) {
      out->subsequence[idx - 1] = a[i - 1];
      if (!in_run) {
        in_run = true;
        run = LcsMatch{i - 1, i - 1, j - 1, j - 1};
      } else {
        // Moving diagonally always extends the current run backwards.
        --run.a_start;
        --run.b_start;
      }
      // A run touching the start of either string cannot grow further.
      if (run.a_start == 0 || run.b_start == 0) emit = true;
      --idx;
      --i;
      --j;
    } else {
      if (table.at(i - 1, j) > table.at(i, j - 1)) {
        --i;
      } else {
        --j;
      }
      emit = in_run;
    }
    if (emit) {
      if (want_matches && static_cast<int64_t>(run.len()) >= min_match_len) {
        out->matches.push_back(run);
      }
      in_run = false;
    }
  }
}

}  // namespace

StatusOr<LcsResult> ComputeLcs(std::string_view a, std::string_view b, bool want_subsequence,
                               bool want_matches, int64_t min_match_len, uint64_t max_table_bytes) {
  constexpr uint64_t kMaxLen = std::numeric_limits<uint32_t>::max() - 1;
  if (a.size() >= kMaxLen || b.size() >= kMaxLen) return Err(kLcsTooLong);
  const uint64_t cells = (uint64_t{a.size()} + 1) * (uint64_t{b.size()} + 1);
  if (cells > max_table_bytes / sizeof(uint32_t)) return Err(kLcsTableTooBig);

  LcsTable table(a, b);
  LcsResult result;
  result.length = table.at(a.size(), b.size());
  if (want_subsequence || want_matches) {
    Backtrack(table, a, b, min_match_len, want_matches, &result);
  }
  return result;
}

}  // namespace shoal::stringops
