// The stream family's command table entries: arity, flags, key specs and
// COMMAND DOCS for every stream command, as Redis 7.0 reports them. The
// handlers live in streams.cc.

#include <string_view>
#include <utility>
#include <vector>

#include "node/commands/streams_table.h"
#include "node/core/command_args.h"

namespace shoal {

namespace {

using namespace cmdflag;  // NOLINT(google-build-using-namespace): table readability
using namespace argdoc;   // NOLINT: builder names read as the docs' vocabulary
namespace acl = aclcat;
namespace kf = keyflag;

constexpr uint64_t kStreamWrite = acl::kWrite | acl::kStream;
constexpr uint64_t kStreamRead = acl::kRead | acl::kStream;
const std::vector<std::string_view> kNondeterministic = {"nondeterministic_output"};

KeySpec KeyAt(int index, uint32_t flags, std::string_view notes = {}) {
  KeySpec s = KeySpec::Range(index, 0, 1, flags);
  s.notes = notes;
  return s;
}

// The STREAMS keys of XREAD/XREADGROUP: after the keyword, half of the
// remaining arguments.
KeySpec StreamsKeys(int keyword_start) {
  KeySpec s;
  s.flags = kf::kRO | kf::kAccess;
  s.begin = KeySpec::Begin::kKeyword;
  s.keyword = "STREAMS";
  s.keyword_start = keyword_start;
  s.last_key = -1;
  s.key_step = 1;
  s.limit = 2;
  return s;
}

CommandSpec StreamSpec(std::string_view name, int arity, uint64_t flags, uint64_t acl_bits,
                       std::vector<KeySpec> keys, CommandHandler handler, std::string_view since,
                       std::string_view summary, std::string_view complexity) {
  return {.name = name,
          .arity = arity,
          .flags = flags,
          .acl = acl_bits,
          .key_specs = std::move(keys),
          .handler = handler,
          .group = "stream",
          .since = since,
          .summary = summary,
          .complexity = complexity};
}

// The trimming clause XADD and XTRIM share.
CommandArg TrimArg() {
  return Block("trim", {OneOf("strategy", {Token("maxlen", "MAXLEN"),
                                           Token("minid", "MINID").Since("6.2.0")}),
                        OneOf("operator", {Token("equal", "="), Token("approximately", "~")})
                            .Optional(),
                        String("threshold"),
                        Integer("count").Token("LIMIT").Since("6.2.0").Optional()});
}

CommandArg StreamsArg() {
  return Block("streams", {Key("key", 0).Multiple(), String("id").Multiple()}).Token("STREAMS");
}

CommandSpec StreamHelpSpec(CommandHandler handler) {
  return {.name = "help",
          .arity = 2,
          .flags = kLoading | kStale,
          .acl = acl::kStream | acl::kSlow,
          .handler = handler,
          .group = "stream",
          .since = "5.0.0",
          .summary = "Show helpful text about the different subcommands",
          .complexity = "O(1)"};
}

CommandSpec GroupSub(std::string_view name, int arity, uint64_t flags, uint32_t key_flags,
                     CommandHandler handler, std::string_view since, std::string_view summary,
                     std::string_view complexity = "O(1)") {
  CommandSpec s = StreamSpec(name, arity, flags, kStreamWrite | acl::kSlow,
                             {KeyAt(2, kf::kRW | key_flags)}, handler, since, summary, complexity);
  s.args = {Key("key", 0), String("groupname")};
  return s;
}

CommandSpec XGroupSpec(const StreamHandlers& h) {
  CommandSpec g{.name = "xgroup",
                .arity = -2,
                .acl = acl::kSlow,
                .group = "stream",
                .since = "5.0.0",
                .summary = "A container for consumer groups commands",
                .complexity = "Depends on subcommand."};
  CommandSpec del = GroupSub("delconsumer", 5, kWrite, kf::kDelete, h.xgroup_delconsumer,
                             "5.0.0", "Delete a consumer from a consumer group.");
  del.args.push_back(String("consumername"));
  CommandSpec createc =
      GroupSub("createconsumer", 5, kWrite | kDenyOom, kf::kInsert, h.xgroup_createconsumer,
               "6.2.0", "Create a consumer in a consumer group.");
  createc.args.push_back(String("consumername"));
  CommandSpec create = GroupSub("create", -5, kWrite | kDenyOom, kf::kInsert, h.xgroup_create,
                                "5.0.0", "Create a consumer group.");
  create.history = {{"7.0.0", "Added the `entries_read` named argument."}};
  create.args.push_back(OneOf("id", {String("id"), Token("new_id", "$")}));
  create.args.push_back(Token("mkstream", "MKSTREAM").Optional());
  create.args.push_back(Integer("entries_read").Token("ENTRIESREAD").Optional());
  CommandSpec destroy =
      GroupSub("destroy", 4, kWrite, kf::kDelete, h.xgroup_destroy, "5.0.0",
               "Destroy a consumer group.",
               "O(N) where N is the number of entries in the group's pending entries list (PEL).");
  CommandSpec setid = GroupSub("setid", -5, kWrite, kf::kUpdate, h.xgroup_setid, "5.0.0",
                               "Set a consumer group to an arbitrary last delivered ID value.");
  setid.history = {{"7.0.0", "Added the optional `entries_read` argument."}};
  setid.args.push_back(OneOf("id", {String("id"), Token("new_id", "$")}));
  setid.args.push_back(Integer("entries_read").Token("ENTRIESREAD").Optional());
  // In the order Redis 7.0 lists them.
  g.subcommands = {std::move(del),   std::move(createc),           std::move(create),
                   std::move(destroy), StreamHelpSpec(h.xgroup_help), std::move(setid)};
  return g;
}

CommandSpec XInfoSpec(const StreamHandlers& h) {
  CommandSpec x{.name = "xinfo",
                .arity = -2,
                .acl = acl::kSlow,
                .group = "stream",
                .since = "5.0.0",
                .summary = "A container for stream introspection commands",
                .complexity = "Depends on subcommand."};
  CommandSpec groups =
      StreamSpec("groups", 3, kReadOnly, kStreamRead | acl::kSlow,
                 {KeyAt(2, kf::kRO | kf::kAccess)}, h.xinfo_groups, "5.0.0",
                 "List the consumer groups of a stream", "O(1)");
  groups.history = {{"7.0.0", "Added the `entries-read` and `lag` fields"}};
  groups.args = {Key("key", 0)};
  CommandSpec stream = StreamSpec("stream", -3, kReadOnly, kStreamRead | acl::kSlow,
                                  {KeyAt(2, kf::kRO | kf::kAccess)}, h.xinfo_stream, "5.0.0",
                                  "Get information about a stream", "O(1)");
  stream.history = {{"6.0.0", "Added the `FULL` modifier."},
                    {"7.0.0",
                     "Added the `max-deleted-entry-id`, `entries-added`, "
                     "`recorded-first-entry-id`, `entries-read` and `lag` fields"}};
  stream.args = {Key("key", 0),
                 Block("full", {Integer("count").Token("COUNT").Optional()})
                     .Token("FULL")
                     .Optional()};
  CommandSpec consumers = StreamSpec("consumers", 4, kReadOnly, kStreamRead | acl::kSlow,
                                     {KeyAt(2, kf::kRO | kf::kAccess)}, h.xinfo_consumers,
                                     "5.0.0", "List the consumers in a consumer group", "O(1)");
  consumers.tips = kNondeterministic;
  consumers.args = {Key("key", 0), String("groupname")};
  x.subcommands = {std::move(groups), StreamHelpSpec(h.xinfo_help), std::move(stream),
                   std::move(consumers)};
  return x;
}

void RegisterStreamEntries(CommandTable& t, const StreamHandlers& h) {
  CommandSpec xadd = StreamSpec(
      "xadd", -5, kWrite | kDenyOom | kFast, kStreamWrite | acl::kFast,
      {KeyAt(1, kf::kRW | kf::kUpdate,
             "UPDATE instead of INSERT because of the optional trimming feature")},
      h.xadd, "5.0.0", "Appends a new entry to a stream",
      "O(1) when adding a new entry, O(N) when trimming where N being the number of entries "
      "evicted.");
  xadd.tips = kNondeterministic;
  xadd.history = {{"6.2.0",
                   "Added the `NOMKSTREAM` option, `MINID` trimming strategy and the `LIMIT` "
                   "option."},
                  {"7.0.0", "Added support for the `<ms>-*` explicit ID form."}};
  xadd.args = {Key("key", 0),
               Token("nomkstream", "NOMKSTREAM").Since("6.2.0").Optional(),
               TrimArg().Optional(),
               OneOf("id_or_auto", {Token("auto_id", "*"), String("id")}),
               Block("field_value", {String("field"), String("value")}).Multiple()};
  t.Add(std::move(xadd));

  CommandSpec xtrim = StreamSpec(
      "xtrim", -4, kWrite, kStreamWrite | acl::kSlow, {KeyAt(1, kf::kRW | kf::kDelete)},
      h.xtrim, "5.0.0", "Trims the stream to (approximately if '~' is passed) a certain size",
      "O(N), with N being the number of evicted entries. Constant times are very small however, "
      "since entries are organized in macro nodes containing multiple entries that can be "
      "released with a single deallocation.");
  xtrim.tips = kNondeterministic;
  xtrim.history = {{"6.2.0", "Added the `MINID` trimming strategy and the `LIMIT` option."}};
  xtrim.args = {Key("key", 0), TrimArg()};
  t.Add(std::move(xtrim));

  CommandSpec xdel = StreamSpec(
      "xdel", -3, kWrite | kFast, kStreamWrite | acl::kFast, {KeyAt(1, kf::kRW | kf::kDelete)},
      h.xdel, "5.0.0",
      "Removes the specified entries from the stream. Returns the number of items actually "
      "deleted, that may be different from the number of IDs passed in case certain IDs do not "
      "exist.",
      "O(1) for each single item to delete in the stream, regardless of the stream size.");
  xdel.args = {Key("key", 0), String("id").Multiple()};
  t.Add(std::move(xdel));

  CommandSpec xlen = StreamSpec("xlen", 2, kReadOnly | kFast, kStreamRead | acl::kFast,
                                {KeyAt(1, kf::kRO)}, h.xlen, "5.0.0",
                                "Return the number of entries in a stream", "O(1)");
  xlen.args = {Key("key", 0)};
  t.Add(std::move(xlen));

  constexpr std::string_view kRangeComplexity =
      "O(N) with N being the number of elements being returned. If N is constant (e.g. always "
      "asking for the first 10 elements with COUNT), you can consider it O(1).";
  CommandSpec xrange = StreamSpec(
      "xrange", -4, kReadOnly, kStreamRead | acl::kSlow, {KeyAt(1, kf::kRO | kf::kAccess)},
      h.xrange, "5.0.0",
      "Return a range of elements in a stream, with IDs matching the specified IDs interval",
      kRangeComplexity);
  xrange.history = {{"6.2.0", "Added exclusive ranges."}};
  xrange.args = {Key("key", 0), String("start"), String("end"),
                 Integer("count").Token("COUNT").Optional()};
  t.Add(std::move(xrange));

  CommandSpec xrevrange = StreamSpec(
      "xrevrange", -4, kReadOnly, kStreamRead | acl::kSlow, {KeyAt(1, kf::kRO | kf::kAccess)},
      h.xrevrange, "5.0.0",
      "Return a range of elements in a stream, with IDs matching the specified IDs interval, in "
      "reverse order (from greater to smaller IDs) compared to XRANGE",
      "O(N) with N being the number of elements returned. If N is constant (e.g. always asking "
      "for the first 10 elements with COUNT), you can consider it O(1).");
  xrevrange.history = {{"6.2.0", "Added exclusive ranges."}};
  xrevrange.args = {Key("key", 0), String("end"), String("start"),
                    Integer("count").Token("COUNT").Optional()};
  t.Add(std::move(xrevrange));

  CommandSpec xsetid = StreamSpec("xsetid", -3, kWrite | kDenyOom | kFast,
                                  kStreamWrite | acl::kFast, {KeyAt(1, kf::kRW | kf::kUpdate)},
                                  h.xsetid, "5.0.0",
                                  "An internal command for replicating stream values", "O(1)");
  xsetid.history = {
      {"7.0.0", "Added the `entries_added` and `max_deleted_entry_id` arguments."}};
  xsetid.args = {Key("key", 0), String("last-id"),
                 Integer("entries_added").Token("ENTRIESADDED").Since("7.0.0").Optional(),
                 String("max_deleted_entry_id").Token("MAXDELETEDID").Since("7.0.0").Optional()};
  t.Add(std::move(xsetid));
}

void RegisterStreamReads(CommandTable& t, const StreamHandlers& h) {
  CommandSpec xread = StreamSpec(
      "xread", -4, kReadOnly | kBlocking, kStreamRead | acl::kSlow | acl::kBlocking,
      {StreamsKeys(1)}, h.xread, "5.0.0",
      "Return never seen elements in multiple streams, with IDs greater than the ones reported "
      "by the caller for each stream. Can block.",
      "For each stream mentioned: O(N) with N being the number of elements being returned, it "
      "means that XREAD-ing with a fixed COUNT is O(1). Note that when the BLOCK option is used, "
      "XADD will pay O(M) time in order to serve the M clients blocked on the stream getting new "
      "data.");
  xread.args = {Integer("count").Token("COUNT").Optional(),
                Integer("milliseconds").Token("BLOCK").Optional(), StreamsArg()};
  t.Add(std::move(xread));

  CommandSpec xreadgroup = StreamSpec(
      "xreadgroup", -7, kWrite | kBlocking, kStreamWrite | acl::kSlow | acl::kBlocking,
      {StreamsKeys(4)}, h.xreadgroup, "5.0.0",
      "Return new entries from a stream using a consumer group, or access the history of the "
      "pending entries for a given consumer. Can block.",
      "For each stream mentioned: O(M) with M being the number of elements returned. If M is "
      "constant (e.g. always asking for the first 10 elements with COUNT), you can consider it "
      "O(1). On the other side when XREADGROUP blocks, XADD will pay the O(N) time in order to "
      "serve the N clients blocked on the stream getting new data.");
  xreadgroup.args = {Block("group_consumer", {String("group"), String("consumer")}).Token("GROUP"),
                     Integer("count").Token("COUNT").Optional(),
                     Integer("milliseconds").Token("BLOCK").Optional(),
                     Token("noack", "NOACK").Optional(), StreamsArg()};
  t.Add(std::move(xreadgroup));
}

void RegisterStreamGroups(CommandTable& t, const StreamHandlers& h) {
  t.Add(XGroupSpec(h));

  CommandSpec xack = StreamSpec(
      "xack", -4, kWrite | kFast, kStreamWrite | acl::kFast, {KeyAt(1, kf::kRW | kf::kUpdate)},
      h.xack, "5.0.0",
      "Marks a pending message as correctly processed, effectively removing it from the pending "
      "entries list of the consumer group. Return value of the command is the number of "
      "messages successfully acknowledged, that is, the IDs we were actually able to resolve in "
      "the PEL.",
      "O(1) for each message ID processed.");
  xack.args = {Key("key", 0), String("group"), String("id").Multiple()};
  t.Add(std::move(xack));

  CommandSpec xpending = StreamSpec(
      "xpending", -3, kReadOnly, kStreamRead | acl::kSlow, {KeyAt(1, kf::kRO | kf::kAccess)},
      h.xpending, "5.0.0",
      "Return information and entries from a stream consumer group pending entries list, that "
      "are messages fetched but never acknowledged.",
      "O(N) with N being the number of elements returned, so asking for a small fixed number of "
      "entries per call is O(1). O(M), where M is the total number of entries scanned when used "
      "with the IDLE filter. When the command returns just the summary and the list of "
      "consumers is small, it runs in O(1) time; otherwise, an additional O(N) time for "
      "iterating every consumer.");
  xpending.tips = kNondeterministic;
  xpending.history = {{"6.2.0", "Added the `IDLE` option and exclusive range intervals."}};
  xpending.args = {Key("key", 0), String("group"),
                   Block("filters", {Integer("min-idle-time").Token("IDLE").Since("6.2.0")
                                         .Optional(),
                                     String("start"), String("end"), Integer("count"),
                                     String("consumer").Optional()})
                       .Optional()};
  t.Add(std::move(xpending));

  CommandSpec xclaim = StreamSpec(
      "xclaim", -6, kWrite | kFast, kStreamWrite | acl::kFast, {KeyAt(1, kf::kRW | kf::kUpdate)},
      h.xclaim, "5.0.0",
      "Changes (or acquires) ownership of a message in a consumer group, as if the message was "
      "delivered to the specified consumer.",
      "O(log N) with N being the number of messages in the PEL of the consumer group.");
  xclaim.tips = kNondeterministic;
  xclaim.args = {Key("key", 0),
                 String("group"),
                 String("consumer"),
                 String("min-idle-time"),
                 String("id").Multiple(),
                 Integer("ms").Token("IDLE").Optional(),
                 UnixTime("unix-time-milliseconds").Token("TIME").Optional(),
                 Integer("count").Token("RETRYCOUNT").Optional(),
                 Token("force", "FORCE").Optional(),
                 Token("justid", "JUSTID").Optional(),
                 String("id").Token("LASTID").Optional()};
  t.Add(std::move(xclaim));

  CommandSpec xautoclaim =
      StreamSpec("xautoclaim", -6, kWrite | kFast, kStreamWrite | acl::kFast,
                 {KeyAt(1, kf::kRW | kf::kDelete)}, h.xautoclaim, "6.2.0",
                 "Changes (or acquires) ownership of messages in a consumer group, as if the "
                 "messages were delivered to the specified consumer.",
                 "O(1) if COUNT is small.");
  xautoclaim.tips = kNondeterministic;
  xautoclaim.history = {{"7.0.0",
                         "Added an element to the reply array, containing deleted entries the "
                         "command cleared from the PEL"}};
  xautoclaim.args = {Key("key", 0),      String("group"), String("consumer"),
                     String("min-idle-time"), String("start"),
                     Integer("count").Token("COUNT").Optional(),
                     Token("justid", "JUSTID").Optional()};
  t.Add(std::move(xautoclaim));

  t.Add(XInfoSpec(h));
}

}  // namespace

void RegisterStreamTable(CommandTable& table, const StreamHandlers& h) {
  RegisterStreamEntries(table, h);
  RegisterStreamReads(table, h);
  RegisterStreamGroups(table, h);
}

}  // namespace shoal
