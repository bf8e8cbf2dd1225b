// Table entries of the sorted-set commands, one fill function per command.
// The texts are Redis 7.0's COMMAND DOCS, which clients and tools compare
// byte for byte.

#include "node/commands/zsets_table.h"

#include "node/core/command_args.h"

namespace shoal {

namespace {

using namespace argdoc;  // NOLINT: builder names read as the docs' vocabulary
namespace cf = cmdflag;
namespace acl = aclcat;
namespace kf = keyflag;

struct SpecEntry {
  std::string_view name;
  void (*fill)(CommandSpec& spec);
};

void FillBzmpop(CommandSpec& s) {
  s.arity = -5;
  s.flags = cf::kWrite | cf::kBlocking;
  s.acl = acl::kWrite | acl::kSortedSet | acl::kSlow | acl::kBlocking;
  s.key_specs = {KeySpec::KeyNum(2, 0, 1, 1, kf::kRW | kf::kAccess | kf::kDelete)};
  s.group = "sorted-set";
  s.since = "7.0.0";
  s.summary =
      "Remove and return members with scores in a sorted set or block until one is available";
  s.complexity =
      "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements "
      "in the sorted set, and M being the number of elements popped.";
  s.args = {Double("timeout"), Integer("numkeys"), Key("key", 0).Multiple(),
            OneOf("where", {Token("min", "MIN"), Token("max", "MAX")}),
            Integer("count").Token("COUNT").Optional()};
}

void FillBzpopmax(CommandSpec& s) {
  s.arity = -3;
  s.flags = cf::kWrite | cf::kNoScript | cf::kBlocking | cf::kFast;
  s.acl = acl::kWrite | acl::kSortedSet | acl::kFast | acl::kBlocking;
  s.key_specs = {KeySpec::Range(1, -2, 1, kf::kRW | kf::kAccess | kf::kDelete)};
  s.group = "sorted-set";
  s.since = "5.0.0";
  s.summary =
      "Remove and return the member with the highest score from one or more sorted sets, or block "
      "until one is available";
  s.complexity = "O(log(N)) with N being the number of elements in the sorted set.";
  s.history = {{"6.0.0", "`timeout` is interpreted as a double instead of an integer."}};
  s.args = {Key("key", 0).Multiple(), Double("timeout")};
}

void FillBzpopmin(CommandSpec& s) {
  s.arity = -3;
  s.flags = cf::kWrite | cf::kNoScript | cf::kBlocking | cf::kFast;
  s.acl = acl::kWrite | acl::kSortedSet | acl::kFast | acl::kBlocking;
  s.key_specs = {KeySpec::Range(1, -2, 1, kf::kRW | kf::kAccess | kf::kDelete)};
  s.group = "sorted-set";
  s.since = "5.0.0";
  s.summary =
      "Remove and return the member with the lowest score from one or more sorted sets, or block "
      "until one is available";
  s.complexity = "O(log(N)) with N being the number of elements in the sorted set.";
  s.history = {{"6.0.0", "`timeout` is interpreted as a double instead of an integer."}};
  s.args = {Key("key", 0).Multiple(), Double("timeout")};
}

void FillZadd(CommandSpec& s) {
  s.arity = -4;
  s.flags = cf::kWrite | cf::kDenyOom | cf::kFast;
  s.acl = acl::kWrite | acl::kSortedSet | acl::kFast;
  s.key_specs = {KeySpec::Range(1, 0, 1, kf::kRW | kf::kUpdate)};
  s.group = "sorted-set";
  s.since = "1.2.0";
  s.summary = "Add one or more members to a sorted set, or update its score if it already exists";
  s.complexity =
      "O(log(N)) for each item added, where N is the number of elements in the sorted set.";
  s.history = {{"2.4.0", "Accepts multiple elements."},
               {"3.0.2", "Added the `XX`, `NX`, `CH` and `INCR` options."},
               {"6.2.0", "Added the `GT` and `LT` options."}};
  s.args = {Key("key", 0),
            OneOf("condition", {Token("nx", "NX"), Token("xx", "XX")}).Since("3.0.2").Optional(),
            OneOf("comparison", {Token("gt", "GT"), Token("lt", "LT")}).Since("6.2.0").Optional(),
            Token("change", "CH").Since("3.0.2").Optional(),
            Token("increment", "INCR").Since("3.0.2").Optional(),
            Block("score_member", {Double("score"), String("member")}).Multiple()};
}

void FillZcard(CommandSpec& s) {
  s.arity = 2;
  s.flags = cf::kReadOnly | cf::kFast;
  s.acl = acl::kRead | acl::kSortedSet | acl::kFast;
  s.key_specs = {KeySpec::Range(1, 0, 1, kf::kRO)};
  s.group = "sorted-set";
  s.since = "1.2.0";
  s.summary = "Get the number of members in a sorted set";
  s.complexity = "O(1)";
  s.args = {Key("key", 0)};
}

void FillZcount(CommandSpec& s) {
  s.arity = 4;
  s.flags = cf::kReadOnly | cf::kFast;
  s.acl = acl::kRead | acl::kSortedSet | acl::kFast;
  s.key_specs = {KeySpec::Range(1, 0, 1, kf::kRO | kf::kAccess)};
  s.group = "sorted-set";
  s.since = "2.0.0";
  s.summary = "Count the members in a sorted set with scores within the given values";
  s.complexity = "O(log(N)) with N being the number of elements in the sorted set.";
  s.args = {Key("key", 0), Double("min"), Double("max")};
}

void FillZdiff(CommandSpec& s) {
  s.arity = -3;
  s.flags = cf::kReadOnly;
  s.acl = acl::kRead | acl::kSortedSet | acl::kSlow;
  s.key_specs = {KeySpec::KeyNum(1, 0, 1, 1, kf::kRO | kf::kAccess)};
  s.group = "sorted-set";
  s.since = "6.2.0";
  s.summary = "Subtract multiple sorted sets";
  s.complexity =
      "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is "
      "the size of the first set, and K is the size of the result set.";
  s.args = {Integer("numkeys"), Key("key", 0).Multiple(),
            Token("withscores", "WITHSCORES").Optional()};
}

void FillZdiffstore(CommandSpec& s) {
  s.arity = -4;
  s.flags = cf::kWrite | cf::kDenyOom;
  s.acl = acl::kWrite | acl::kSortedSet | acl::kSlow;
  s.key_specs = {KeySpec::Range(1, 0, 1, kf::kOW | kf::kUpdate),
                 KeySpec::KeyNum(2, 0, 1, 1, kf::kRO | kf::kAccess)};
  s.group = "sorted-set";
  s.since = "6.2.0";
  s.summary = "Subtract multiple sorted sets and store the resulting sorted set in a new key";
  s.complexity =
      "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is "
      "the size of the first set, and K is the size of the result set.";
  s.args = {Key("destination", 0), Integer("numkeys"), Key("key", 1).Multiple()};
}

void FillZincrby(CommandSpec& s) {
  s.arity = 4;
  s.flags = cf::kWrite | cf::kDenyOom | cf::kFast;
  s.acl = acl::kWrite | acl::kSortedSet | acl::kFast;
  s.key_specs = {KeySpec::Range(1, 0, 1, kf::kRW | kf::kAccess | kf::kUpdate)};
  s.group = "sorted-set";
  s.since = "1.2.0";
  s.summary = "Increment the score of a member in a sorted set";
  s.complexity = "O(log(N)) where N is the number of elements in the sorted set.";
  s.args = {Key("key", 0), Integer("increment"), String("member")};
}

void FillZinter(CommandSpec& s) {
  s.arity = -3;
  s.flags = cf::kReadOnly;
  s.acl = acl::kRead | acl::kSortedSet | acl::kSlow;
  s.key_specs = {KeySpec::KeyNum(1, 0, 1, 1, kf::kRO | kf::kAccess)};
  s.group = "sorted-set";
  s.since = "6.2.0";
  s.summary = "Intersect multiple sorted sets";
  s.complexity =
      "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the "
      "number of input sorted sets and M being the number of elements in the resulting sorted set.";
  s.args = {Integer("numkeys"), Key("key", 0).Multiple(),
            Integer("weight").Token("WEIGHTS").Optional().Multiple(),
            OneOf("aggregate", {Token("sum", "SUM"), Token("min", "MIN"), Token("max", "MAX")})
                .Token("AGGREGATE")
                .Optional(),
            Token("withscores", "WITHSCORES").Optional()};
}

void FillZintercard(CommandSpec& s) {
  s.arity = -3;
  s.flags = cf::kReadOnly;
  s.acl = acl::kRead | acl::kSortedSet | acl::kSlow;
  s.key_specs = {KeySpec::KeyNum(1, 0, 1, 1, kf::kRO | kf::kAccess)};
  s.group = "sorted-set";
  s.since = "7.0.0";
  s.summary = "Intersect multiple sorted sets and return the cardinality of the result";
  s.complexity =
      "O(N*K) worst case with N being the smallest input sorted set, K being the number of input "
      "sorted sets.";
  s.args = {Integer("numkeys"), Key("key", 0).Multiple(),
            Integer("limit").Token("LIMIT").Optional()};
}

void FillZinterstore(CommandSpec& s) {
  s.arity = -4;
  s.flags = cf::kWrite | cf::kDenyOom;
  s.acl = acl::kWrite | acl::kSortedSet | acl::kSlow;
  s.key_specs = {KeySpec::Range(1, 0, 1, kf::kOW | kf::kUpdate),
                 KeySpec::KeyNum(2, 0, 1, 1, kf::kRO | kf::kAccess)};
  s.group = "sorted-set";
  s.since = "2.0.0";
  s.summary = "Intersect multiple sorted sets and store the resulting sorted set in a new key";
  s.complexity =
      "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the "
      "number of input sorted sets and M being the number of elements in the resulting sorted set.";
  s.args = {Key("destination", 0), Integer("numkeys"), Key("key", 1).Multiple(),
            Integer("weight").Token("WEIGHTS").Optional().Multiple(),
            OneOf("aggregate", {Token("sum", "SUM"), Token("min", "MIN"), Token("max", "MAX")})
                .Token("AGGREGATE")
                .Optional()};
}

void FillZlexcount(CommandSpec& s) {
  s.arity = 4;
  s.flags = cf::kReadOnly | cf::kFast;
  s.acl = acl::kRead | acl::kSortedSet | acl::kFast;
  s.key_specs = {KeySpec::Range(1, 0, 1, kf::kRO | kf::kAccess)};
  s.group = "sorted-set";
  s.since = "2.8.9";
  s.summary = "Count the number of members in a sorted set between a given lexicographical range";
  s.complexity = "O(log(N)) with N being the number of elements in the sorted set.";
  s.args = {Key("key", 0), String("min"), String("max")};
}

void FillZmpop(CommandSpec& s) {
  s.arity = -4;
  s.flags = cf::kWrite;
  s.acl = acl::kWrite | acl::kSortedSet | acl::kSlow;
  s.key_specs = {KeySpec::KeyNum(1, 0, 1, 1, kf::kRW | kf::kAccess | kf::kDelete)};
  s.group = "sorted-set";
  s.since = "7.0.0";
  s.summary = "Remove and return members with scores in a sorted set";
  s.complexity =
      "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements "
      "in the sorted set, and M being the number of elements popped.";
  s.args = {Integer("numkeys"), Key("key", 0).Multiple(),
            OneOf("where", {Token("min", "MIN"), Token("max", "MAX")}),
            Integer("count").Token("COUNT").Optional()};
}

void FillZmscore(CommandSpec& s) {
  s.arity = -3;
  s.flags = cf::kReadOnly | cf::kFast;
  s.acl = acl::kRead | acl::kSortedSet | acl::kFast;
  s.key_specs = {KeySpec::Range(1, 0, 1, kf::kRO | kf::kAccess)};
  s.group = "sorted-set";
  s.since = "6.2.0";
  s.summary = "Get the score associated with the given members in a sorted set";
  s.complexity = "O(N) where N is the number of members being requested.";
  s.args = {Key("key", 0), String("member").Multiple()};
}

void FillZpopmax(CommandSpec& s) {
  s.arity = -2;
  s.flags = cf::kWrite | cf::kFast;
  s.acl = acl::kWrite | acl::kSortedSet | acl::kFast;
  s.key_specs = {KeySpec::Range(1, 0, 1, kf::kRW | kf::kAccess | kf::kDelete)};
  s.group = "sorted-set";
  s.since = "5.0.0";
  s.summary = "Remove and return members with the highest scores in a sorted set";
  s.complexity =
      "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number "
      "of elements popped.";
  s.args = {Key("key", 0), Integer("count").Optional()};
}

void FillZpopmin(CommandSpec& s) {
  s.arity = -2;
  s.flags = cf::kWrite | cf::kFast;
  s.acl = acl::kWrite | acl::kSortedSet | acl::kFast;
  s.key_specs = {KeySpec::Range(1, 0, 1, kf::kRW | kf::kAccess | kf::kDelete)};
  s.group = "sorted-set";
  s.since = "5.0.0";
  s.summary = "Remove and return members with the lowest scores in a sorted set";
  s.complexity =
      "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number "
      "of elements popped.";
  s.args = {Key("key", 0), Integer("count").Optional()};
}

void FillZrandmember(CommandSpec& s) {
  s.arity = -2;
  s.flags = cf::kReadOnly;
  s.acl = acl::kRead | acl::kSortedSet | acl::kSlow;
  s.key_specs = {KeySpec::Range(1, 0, 1, kf::kRO | kf::kAccess)};
  s.tips = {"nondeterministic_output"};
  s.group = "sorted-set";
  s.since = "6.2.0";
  s.summary = "Get one or multiple random elements from a sorted set";
  s.complexity = "O(N) where N is the number of elements returned";
  s.args = {Key("key", 0),
            Block("options", {Integer("count"), Token("withscores", "WITHSCORES").Optional()})
                .Optional()};
}

void FillZrange(CommandSpec& s) {
  s.arity = -4;
  s.flags = cf::kReadOnly;
  s.acl = acl::kRead | acl::kSortedSet | acl::kSlow;
  s.key_specs = {KeySpec::Range(1, 0, 1, kf::kRO | kf::kAccess)};
  s.group = "sorted-set";
  s.since = "1.2.0";
  s.summary = "Return a range of members in a sorted set";
  s.complexity =
      "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
      "elements returned.";
  s.history = {{"6.2.0", "Added the `REV`, `BYSCORE`, `BYLEX` and `LIMIT` options."}};
  s.args = {Key("key", 0),
            String("start"),
            String("stop"),
            OneOf("sortby", {Token("byscore", "BYSCORE"), Token("bylex", "BYLEX")})
                .Since("6.2.0")
                .Optional(),
            Token("rev", "REV").Since("6.2.0").Optional(),
            Block("offset_count", {Integer("offset"), Integer("count")})
                .Token("LIMIT")
                .Since("6.2.0")
                .Optional(),
            Token("withscores", "WITHSCORES").Optional()};
}

void FillZrangebylex(CommandSpec& s) {
  s.arity = -4;
  s.flags = cf::kReadOnly;
  s.acl = acl::kRead | acl::kSortedSet | acl::kSlow;
  s.key_specs = {KeySpec::Range(1, 0, 1, kf::kRO | kf::kAccess)};
  s.group = "sorted-set";
  s.since = "2.8.9";
  s.summary = "Return a range of members in a sorted set, by lexicographical range";
  s.complexity =
      "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
      "elements being returned. If M is constant (e.g. always asking for the first 10 elements "
      "with LIMIT), you can consider it O(log(N)).";
  s.doc_flags = docflag::kDeprecated;
  s.deprecated_since = "6.2.0";
  s.replaced_by = "`ZRANGE` with the `BYLEX` argument";
  s.args = {Key("key", 0), String("min"), String("max"),
            Block("offset_count", {Integer("offset"), Integer("count")}).Token("LIMIT").Optional()};
}

void FillZrangebyscore(CommandSpec& s) {
  s.arity = -4;
  s.flags = cf::kReadOnly;
  s.acl = acl::kRead | acl::kSortedSet | acl::kSlow;
  s.key_specs = {KeySpec::Range(1, 0, 1, kf::kRO | kf::kAccess)};
  s.group = "sorted-set";
  s.since = "1.0.5";
  s.summary = "Return a range of members in a sorted set, by score";
  s.complexity =
      "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
      "elements being returned. If M is constant (e.g. always asking for the first 10 elements "
      "with LIMIT), you can consider it O(log(N)).";
  s.history = {{"2.0.0", "Added the `WITHSCORES` modifier."}};
  s.doc_flags = docflag::kDeprecated;
  s.deprecated_since = "6.2.0";
  s.replaced_by = "`ZRANGE` with the `BYSCORE` argument";
  s.args = {Key("key", 0), Double("min"), Double("max"),
            Token("withscores", "WITHSCORES").Since("2.0.0").Optional(),
            Block("offset_count", {Integer("offset"), Integer("count")}).Token("LIMIT").Optional()};
}

void FillZrangestore(CommandSpec& s) {
  s.arity = -5;
  s.flags = cf::kWrite | cf::kDenyOom;
  s.acl = acl::kWrite | acl::kSortedSet | acl::kSlow;
  s.key_specs = {KeySpec::Range(1, 0, 1, kf::kOW | kf::kUpdate),
                 KeySpec::Range(2, 0, 1, kf::kRO | kf::kAccess)};
  s.group = "sorted-set";
  s.since = "6.2.0";
  s.summary = "Store a range of members from sorted set into another key";
  s.complexity =
      "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
      "elements stored into the destination key.";
  s.args = {Key("dst", 0),
            Key("src", 1),
            String("min"),
            String("max"),
            OneOf("sortby", {Token("byscore", "BYSCORE"), Token("bylex", "BYLEX")}).Optional(),
            Token("rev", "REV").Optional(),
            Block("offset_count", {Integer("offset"), Integer("count")}).Token("LIMIT").Optional()};
}

void FillZrank(CommandSpec& s) {
  s.arity = 3;
  s.flags = cf::kReadOnly | cf::kFast;
  s.acl = acl::kRead | acl::kSortedSet | acl::kFast;
  s.key_specs = {KeySpec::Range(1, 0, 1, kf::kRO | kf::kAccess)};
  s.group = "sorted-set";
  s.since = "2.0.0";
  s.summary = "Determine the index of a member in a sorted set";
  s.complexity = "O(log(N))";
  s.args = {Key("key", 0), String("member")};
}

void FillZrem(CommandSpec& s) {
  s.arity = -3;
  s.flags = cf::kWrite | cf::kFast;
  s.acl = acl::kWrite | acl::kSortedSet | acl::kFast;
  s.key_specs = {KeySpec::Range(1, 0, 1, kf::kRW | kf::kDelete)};
  s.group = "sorted-set";
  s.since = "1.2.0";
  s.summary = "Remove one or more members from a sorted set";
  s.complexity =
      "O(M*log(N)) with N being the number of elements in the sorted set and M the number of "
      "elements to be removed.";
  s.history = {{"2.4.0", "Accepts multiple elements."}};
  s.args = {Key("key", 0), String("member").Multiple()};
}

void FillZremrangebylex(CommandSpec& s) {
  s.arity = 4;
  s.flags = cf::kWrite;
  s.acl = acl::kWrite | acl::kSortedSet | acl::kSlow;
  s.key_specs = {KeySpec::Range(1, 0, 1, kf::kRW | kf::kDelete)};
  s.group = "sorted-set";
  s.since = "2.8.9";
  s.summary = "Remove all members in a sorted set between the given lexicographical range";
  s.complexity =
      "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
      "elements removed by the operation.";
  s.args = {Key("key", 0), String("min"), String("max")};
}

void FillZremrangebyrank(CommandSpec& s) {
  s.arity = 4;
  s.flags = cf::kWrite;
  s.acl = acl::kWrite | acl::kSortedSet | acl::kSlow;
  s.key_specs = {KeySpec::Range(1, 0, 1, kf::kRW | kf::kDelete)};
  s.group = "sorted-set";
  s.since = "2.0.0";
  s.summary = "Remove all members in a sorted set within the given indexes";
  s.complexity =
      "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
      "elements removed by the operation.";
  s.args = {Key("key", 0), Integer("start"), Integer("stop")};
}

void FillZremrangebyscore(CommandSpec& s) {
  s.arity = 4;
  s.flags = cf::kWrite;
  s.acl = acl::kWrite | acl::kSortedSet | acl::kSlow;
  s.key_specs = {KeySpec::Range(1, 0, 1, kf::kRW | kf::kDelete)};
  s.group = "sorted-set";
  s.since = "1.2.0";
  s.summary = "Remove all members in a sorted set within the given scores";
  s.complexity =
      "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
      "elements removed by the operation.";
  s.args = {Key("key", 0), Double("min"), Double("max")};
}

void FillZrevrange(CommandSpec& s) {
  s.arity = -4;
  s.flags = cf::kReadOnly;
  s.acl = acl::kRead | acl::kSortedSet | acl::kSlow;
  s.key_specs = {KeySpec::Range(1, 0, 1, kf::kRO | kf::kAccess)};
  s.group = "sorted-set";
  s.since = "1.2.0";
  s.summary =
      "Return a range of members in a sorted set, by index, with scores ordered from high to low";
  s.complexity =
      "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
      "elements returned.";
  s.doc_flags = docflag::kDeprecated;
  s.deprecated_since = "6.2.0";
  s.replaced_by = "`ZRANGE` with the `REV` argument";
  s.args = {Key("key", 0), Integer("start"), Integer("stop"),
            Token("withscores", "WITHSCORES").Optional()};
}

void FillZrevrangebylex(CommandSpec& s) {
  s.arity = -4;
  s.flags = cf::kReadOnly;
  s.acl = acl::kRead | acl::kSortedSet | acl::kSlow;
  s.key_specs = {KeySpec::Range(1, 0, 1, kf::kRO | kf::kAccess)};
  s.group = "sorted-set";
  s.since = "2.8.9";
  s.summary =
      "Return a range of members in a sorted set, by lexicographical range, ordered from higher to "
      "lower strings.";
  s.complexity =
      "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
      "elements being returned. If M is constant (e.g. always asking for the first 10 elements "
      "with LIMIT), you can consider it O(log(N)).";
  s.doc_flags = docflag::kDeprecated;
  s.deprecated_since = "6.2.0";
  s.replaced_by = "`ZRANGE` with the `REV` and `BYLEX` arguments";
  s.args = {Key("key", 0), String("max"), String("min"),
            Block("offset_count", {Integer("offset"), Integer("count")}).Token("LIMIT").Optional()};
}

void FillZrevrangebyscore(CommandSpec& s) {
  s.arity = -4;
  s.flags = cf::kReadOnly;
  s.acl = acl::kRead | acl::kSortedSet | acl::kSlow;
  s.key_specs = {KeySpec::Range(1, 0, 1, kf::kRO | kf::kAccess)};
  s.group = "sorted-set";
  s.since = "2.2.0";
  s.summary =
      "Return a range of members in a sorted set, by score, with scores ordered from high to low";
  s.complexity =
      "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
      "elements being returned. If M is constant (e.g. always asking for the first 10 elements "
      "with LIMIT), you can consider it O(log(N)).";
  s.history = {{"2.1.6", "`min` and `max` can be exclusive."}};
  s.doc_flags = docflag::kDeprecated;
  s.deprecated_since = "6.2.0";
  s.replaced_by = "`ZRANGE` with the `REV` and `BYSCORE` arguments";
  s.args = {Key("key", 0), Double("max"), Double("min"),
            Token("withscores", "WITHSCORES").Optional(),
            Block("offset_count", {Integer("offset"), Integer("count")}).Token("LIMIT").Optional()};
}

void FillZrevrank(CommandSpec& s) {
  s.arity = 3;
  s.flags = cf::kReadOnly | cf::kFast;
  s.acl = acl::kRead | acl::kSortedSet | acl::kFast;
  s.key_specs = {KeySpec::Range(1, 0, 1, kf::kRO | kf::kAccess)};
  s.group = "sorted-set";
  s.since = "2.0.0";
  s.summary =
      "Determine the index of a member in a sorted set, with scores ordered from high to low";
  s.complexity = "O(log(N))";
  s.args = {Key("key", 0), String("member")};
}

void FillZscan(CommandSpec& s) {
  s.arity = -3;
  s.flags = cf::kReadOnly;
  s.acl = acl::kRead | acl::kSortedSet | acl::kSlow;
  s.key_specs = {KeySpec::Range(1, 0, 1, kf::kRO | kf::kAccess)};
  s.tips = {"nondeterministic_output"};
  s.group = "sorted-set";
  s.since = "2.8.0";
  s.summary = "Incrementally iterate sorted sets elements and associated scores";
  s.complexity =
      "O(1) for every call. O(N) for a complete iteration, including enough command calls for the "
      "cursor to return back to 0. N is the number of elements inside the collection..";
  s.args = {Key("key", 0), Integer("cursor"), Pattern("pattern").Token("MATCH").Optional(),
            Integer("count").Token("COUNT").Optional()};
}

void FillZscore(CommandSpec& s) {
  s.arity = 3;
  s.flags = cf::kReadOnly | cf::kFast;
  s.acl = acl::kRead | acl::kSortedSet | acl::kFast;
  s.key_specs = {KeySpec::Range(1, 0, 1, kf::kRO | kf::kAccess)};
  s.group = "sorted-set";
  s.since = "1.2.0";
  s.summary = "Get the score associated with the given member in a sorted set";
  s.complexity = "O(1)";
  s.args = {Key("key", 0), String("member")};
}

void FillZunion(CommandSpec& s) {
  s.arity = -3;
  s.flags = cf::kReadOnly;
  s.acl = acl::kRead | acl::kSortedSet | acl::kSlow;
  s.key_specs = {KeySpec::KeyNum(1, 0, 1, 1, kf::kRO | kf::kAccess)};
  s.group = "sorted-set";
  s.since = "6.2.0";
  s.summary = "Add multiple sorted sets";
  s.complexity =
      "O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being "
      "the number of elements in the resulting sorted set.";
  s.args = {Integer("numkeys"), Key("key", 0).Multiple(),
            Integer("weight").Token("WEIGHTS").Optional().Multiple(),
            OneOf("aggregate", {Token("sum", "SUM"), Token("min", "MIN"), Token("max", "MAX")})
                .Token("AGGREGATE")
                .Optional(),
            Token("withscores", "WITHSCORES").Optional()};
}

void FillZunionstore(CommandSpec& s) {
  s.arity = -4;
  s.flags = cf::kWrite | cf::kDenyOom;
  s.acl = acl::kWrite | acl::kSortedSet | acl::kSlow;
  s.key_specs = {KeySpec::Range(1, 0, 1, kf::kOW | kf::kUpdate),
                 KeySpec::KeyNum(2, 0, 1, 1, kf::kRO | kf::kAccess)};
  s.group = "sorted-set";
  s.since = "2.0.0";
  s.summary = "Add multiple sorted sets and store the resulting sorted set in a new key";
  s.complexity =
      "O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being "
      "the number of elements in the resulting sorted set.";
  s.args = {Key("destination", 0), Integer("numkeys"), Key("key", 1).Multiple(),
            Integer("weight").Token("WEIGHTS").Optional().Multiple(),
            OneOf("aggregate", {Token("sum", "SUM"), Token("min", "MIN"), Token("max", "MAX")})
                .Token("AGGREGATE")
                .Optional()};
}

constexpr SpecEntry kSpecs[] = {
    {"bzmpop", FillBzmpop},
    {"bzpopmax", FillBzpopmax},
    {"bzpopmin", FillBzpopmin},
    {"zadd", FillZadd},
    {"zcard", FillZcard},
    {"zcount", FillZcount},
    {"zdiff", FillZdiff},
    {"zdiffstore", FillZdiffstore},
    {"zincrby", FillZincrby},
    {"zinter", FillZinter},
    {"zintercard", FillZintercard},
    {"zinterstore", FillZinterstore},
    {"zlexcount", FillZlexcount},
    {"zmpop", FillZmpop},
    {"zmscore", FillZmscore},
    {"zpopmax", FillZpopmax},
    {"zpopmin", FillZpopmin},
    {"zrandmember", FillZrandmember},
    {"zrange", FillZrange},
    {"zrangebylex", FillZrangebylex},
    {"zrangebyscore", FillZrangebyscore},
    {"zrangestore", FillZrangestore},
    {"zrank", FillZrank},
    {"zrem", FillZrem},
    {"zremrangebylex", FillZremrangebylex},
    {"zremrangebyrank", FillZremrangebyrank},
    {"zremrangebyscore", FillZremrangebyscore},
    {"zrevrange", FillZrevrange},
    {"zrevrangebylex", FillZrevrangebylex},
    {"zrevrangebyscore", FillZrevrangebyscore},
    {"zrevrank", FillZrevrank},
    {"zscan", FillZscan},
    {"zscore", FillZscore},
    {"zunion", FillZunion},
    {"zunionstore", FillZunionstore},
};

}  // namespace

CommandSpec SortedSetCommandSpec(std::string_view name) {
  CommandSpec spec;
  spec.name = name;
  for (const SpecEntry& e : kSpecs) {
    if (e.name == name) e.fill(spec);
  }
  return spec;
}

}  // namespace shoal
