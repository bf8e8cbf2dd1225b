// EVAL, SCRIPT and FUNCTION: argument parsing and replies. The Lua engine
// itself (states, sandbox, conversions, long-script handling) lives in
// node/scripting/.

#include "common/strutil.h"
#include "node/commands/client_cmd.h"
#include "node/commands/families.h"
#include "node/core/command_args.h"
#include "node/core/errors.h"
#include "node/core/node.h"
#include "node/scripting/function_dump.h"
#include "node/scripting/lua_engine.h"

namespace shoal {

namespace {

using namespace argdoc;  // NOLINT: table builders

// ---------------------------------------------------------------------------
// EVAL family and FCALL
// ---------------------------------------------------------------------------

void CmdEval(CommandContext& ctx) { ctx.node.scripting().Eval(ctx, false, false); }
void CmdEvalSha(CommandContext& ctx) { ctx.node.scripting().Eval(ctx, true, false); }
void CmdEvalRo(CommandContext& ctx) { ctx.node.scripting().Eval(ctx, false, true); }
void CmdEvalShaRo(CommandContext& ctx) { ctx.node.scripting().Eval(ctx, true, true); }
void CmdFCall(CommandContext& ctx) { ctx.node.scripting().FCall(ctx, false); }
void CmdFCallRo(CommandContext& ctx) { ctx.node.scripting().FCall(ctx, true); }

// ---------------------------------------------------------------------------
// SCRIPT
// ---------------------------------------------------------------------------

// FLUSH [ASYNC|SYNC]: both flush at once (the cache is small).
bool ParseFlushMode(CommandContext& ctx, std::string_view error) {
  if (ctx.argv.size() == 2) return true;
  if (ctx.argv.size() == 3 &&
      (EqualsIgnoreCase(ctx.argv[2], "async") || EqualsIgnoreCase(ctx.argv[2], "sync"))) {
    return true;
  }
  ctx.reply.Error(error);
  return false;
}

void CmdScriptFlush(CommandContext& ctx) {
  if (!ParseFlushMode(ctx, "ERR SCRIPT FLUSH only support SYNC|ASYNC option")) return;
  ctx.node.scripting().FlushScripts();
  ctx.reply.Ok();
}

void CmdScriptExists(CommandContext& ctx) {
  ctx.reply.ArrayHeader(ctx.argv.size() - 2);
  for (size_t i = 2; i < ctx.argv.size(); ++i) {
    ctx.reply.Integer(ctx.node.scripting().ScriptExists(ctx.argv[i]) ? 1 : 0);
  }
}

void CmdScriptLoad(CommandContext& ctx) {
  StatusOr<std::string> sha = ctx.node.scripting().LoadScript(ctx.argv[2]);
  if (!sha.ok()) return ctx.reply.Error(sha.status().message());
  ctx.reply.Bulk(*sha);
}

void CmdScriptKill(CommandContext& ctx) {
  Status st = ctx.node.scripting().Kill(true);
  if (!st.ok()) return ctx.reply.Error(st.message());
  ctx.reply.Ok();
}

// The Lua debugger is not offered: NO is accepted, YES/SYNC refused.
void CmdScriptDebug(CommandContext& ctx) {
  const std::string& mode = ctx.argv[2];
  if (EqualsIgnoreCase(mode, "no")) return ctx.reply.Ok();
  if (EqualsIgnoreCase(mode, "yes") || EqualsIgnoreCase(mode, "sync")) {
    return ctx.reply.Error("ERR The Lua debugger is not available in this server");
  }
  ctx.reply.Error("ERR Use SCRIPT DEBUG YES/SYNC/NO");
}

void CmdScriptHelp(CommandContext& ctx) {
  ReplyHelp(ctx.reply, ctx.argv[0],
            {
                "DEBUG (YES|SYNC|NO)",
                "    Set the debug mode for subsequent scripts executed.",
                "EXISTS <sha1> [<sha1> ...]",
                "    Return information about the existence of the scripts in the script cache.",
                "FLUSH [ASYNC|SYNC]",
                "    Flush the Lua scripts cache. Very dangerous on replicas.",
                "    When called without the optional mode argument, the behavior is determined "
                "by the",
                "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
                "    * ASYNC: Asynchronously flush the scripts cache.",
                "    * SYNC: Synchronously flush the scripts cache.",
                "KILL",
                "    Kill the currently executing Lua script.",
                "LOAD <script>",
                "    Load a script into the scripts cache without executing it.",
            });
}

// ---------------------------------------------------------------------------
// FUNCTION
// ---------------------------------------------------------------------------

void CmdFunctionLoad(CommandContext& ctx) {
  bool replace = false;
  size_t i = 2;
  for (; i + 1 < ctx.argv.size(); ++i) {
    if (EqualsIgnoreCase(ctx.argv[i], "replace")) {
      replace = true;
    } else {
      return ctx.reply.Error("ERR Unknown option given: " + ctx.argv[i]);
    }
  }
  if (i != ctx.argv.size() - 1) return ctx.reply.Error("ERR Function code was not given");
  StatusOr<std::string> name = ctx.node.scripting().LoadLibrary(ctx.argv[i], replace);
  if (!name.ok()) return ctx.reply.Error(name.status().message());
  ctx.reply.Bulk(*name);
}

void CmdFunctionDelete(CommandContext& ctx) {
  Status st = ctx.node.scripting().DeleteLibrary(ctx.argv[2]);
  if (!st.ok()) return ctx.reply.Error(st.message());
  ctx.reply.Ok();
}

void CmdFunctionFlush(CommandContext& ctx) {
  if (!ParseFlushMode(ctx, "ERR FUNCTION FLUSH only supports SYNC|ASYNC option")) return;
  ctx.node.scripting().FlushFunctions();
  ctx.reply.Ok();
}

void CmdFunctionList(CommandContext& ctx) {
  bool with_code = false;
  bool pattern_given = false;
  std::string pattern;
  for (size_t i = 2; i < ctx.argv.size(); ++i) {
    const std::string& arg = ctx.argv[i];
    if (EqualsIgnoreCase(arg, "withcode") && !with_code) {
      with_code = true;
    } else if (EqualsIgnoreCase(arg, "libraryname") && !pattern_given) {
      if (i + 1 >= ctx.argv.size()) {
        return ctx.reply.Error("ERR library name argument was not given");
      }
      pattern = ctx.argv[++i];
      pattern_given = true;
    } else {
      return ctx.reply.Error("ERR Unknown argument " + arg);
    }
  }
  ctx.node.scripting().ListLibraries(ctx.reply, pattern, pattern_given, with_code);
}

void CmdFunctionStats(CommandContext& ctx) { ctx.node.scripting().Stats(ctx.reply); }

void CmdFunctionKill(CommandContext& ctx) {
  Status st = ctx.node.scripting().Kill(false);
  if (!st.ok()) return ctx.reply.Error(st.message());
  ctx.reply.Ok();
}

void CmdFunctionDump(CommandContext& ctx) {
  ctx.reply.Bulk(EncodeFunctionPayload(ctx.node.scripting().LibraryCodes()));
}

void CmdFunctionRestore(CommandContext& ctx) {
  if (ctx.argv.size() > 4) {
    return ctx.reply.Error(
        "ERR unknown subcommand or wrong number of arguments for 'restore'. Try FUNCTION HELP.");
  }
  using Policy = LuaEngine::RestorePolicy;
  Policy policy = Policy::kAppend;
  if (ctx.argv.size() == 4) {
    const std::string& p = ctx.argv[3];
    if (EqualsIgnoreCase(p, "flush")) {
      policy = Policy::kFlush;
    } else if (EqualsIgnoreCase(p, "append")) {
      policy = Policy::kAppend;
    } else if (EqualsIgnoreCase(p, "replace")) {
      policy = Policy::kReplace;
    } else {
      return ctx.reply.Error(
          "ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.");
    }
  }
  StatusOr<std::vector<std::string>> codes = DecodeFunctionPayload(ctx.argv[2]);
  if (!codes.ok()) return ctx.reply.Error(codes.status().message());
  Status st = ctx.node.scripting().RestoreLibraries(*codes, policy);
  if (!st.ok()) return ctx.reply.Error(st.message());
  ctx.reply.Ok();
}

void CmdFunctionHelp(CommandContext& ctx) {
  ReplyHelp(
      ctx.reply, ctx.argv[0],
      {
          "LOAD [REPLACE] <FUNCTION CODE>",
          "    Create a new library with the given library name and code.",
          "DELETE <LIBRARY NAME>",
          "    Delete the given library.",
          "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
          "    Return general information on all the libraries:",
          "    * Library name",
          "    * The engine used to run the Library",
          "    * Library description",
          "    * Functions list",
          "    * Library code (if WITHCODE is given)",
          "    It also possible to get only function that matches a pattern using LIBRARYNAME "
          "argument.",
          "STATS",
          "    Return information about the current function running:",
          "    * Function name",
          "    * Command used to run the function",
          "    * Duration in MS that the function is running",
          "    If no function is running, return nil",
          "    In addition, returns a list of available engines.",
          "KILL",
          "    Kill the current running function.",
          "FLUSH [ASYNC|SYNC]",
          "    Delete all the libraries.",
          "    When called without the optional mode argument, the behavior is determined by "
          "the",
          "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
          "    * ASYNC: Asynchronously flush the libraries.",
          "    * SYNC: Synchronously flush the libraries.",
          "DUMP",
          "    Return a serialized payload representing the current libraries, can be "
          "restored using FUNCTION RESTORE command",
          "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
          "    Restore the libraries represented by the given payload, it is possible to give "
          "a restore policy to",
          "    control how to handle existing libraries (default APPEND):",
          "    * FLUSH: delete all existing libraries.",
          "    * APPEND: appends the restored libraries to the existing libraries. On "
          "collision, abort.",
          "    * REPLACE: appends the restored libraries to the existing libraries, On "
          "collision, replace the old",
          "      libraries with the new libraries (notice that even on this option there is a "
          "chance of failure",
          "      in case of functions name collision with another library).",
      });
}

// ---------------------------------------------------------------------------
// Table
// ---------------------------------------------------------------------------

using namespace cmdflag;  // NOLINT: table flags
namespace acl = aclcat;
namespace kf = keyflag;

const std::vector<std::string_view> kAllNodesSucceed = {"request_policy:all_nodes",
                                                        "response_policy:all_succeeded"};
const std::vector<std::string_view> kAllShardsSucceed = {"request_policy:all_shards",
                                                         "response_policy:all_succeeded"};
const std::vector<std::string_view> kOneSucceeded = {"request_policy:all_shards",
                                                     "response_policy:one_succeeded"};

// EVAL, EVALSHA, FCALL and their _RO forms share one shape.
CommandSpec ScriptRunSpec(std::string_view name, std::string_view first_arg, bool read_only,
                          bool notes, CommandHandler handler, std::string_view since,
                          std::string_view summary, std::string_view complexity) {
  KeySpec keys = KeySpec::KeyNum(
      2, 0, 1, 1, read_only ? kf::kRO | kf::kAccess : kf::kRW | kf::kAccess | kf::kUpdate);
  if (notes) {
    keys.notes = read_only
                     ? "We cannot tell how the keys will be used so we assume the worst, RO and "
                       "ACCESS"
                     : "We cannot tell how the keys will be used so we assume the worst, RW and "
                       "UPDATE";
  }
  CommandSpec spec{.name = name,
                   .arity = -3,
                   .flags = (read_only ? uint64_t{kReadOnly} : uint64_t{0}) | kNoScript | kStale |
                            kSkipMonitor | kNoMandatoryKeys,
                   .acl = acl::kSlow | acl::kScripting,
                   .key_specs = {keys},
                   .handler = handler,
                   .group = "scripting",
                   .since = since,
                   .summary = summary,
                   .complexity = complexity};
  spec.args = {String(first_arg), Integer("numkeys"), Key("key", 0).Optional().Multiple(),
               String("arg").Optional().Multiple()};
  return spec;
}

CommandSpec Sub(std::string_view name, int arity, uint64_t flags, uint64_t acl_cats,
                CommandHandler handler, std::string_view since, std::string_view summary,
                std::string_view complexity, std::vector<std::string_view> tips = {}) {
  return KeylessCommandSpec("scripting", name, arity, flags,
                            acl_cats | acl::kSlow | acl::kScripting, handler, since, summary,
                            complexity, std::move(tips));
}

CommandArg FlushModeArg() {
  return OneOf("async", {Token("async", "ASYNC"), Token("sync", "SYNC")}).Optional();
}

void RegisterScript(CommandTable& t) {
  CommandSpec script = KeylessCommandSpec(
      "scripting", "script", -2, 0, acl::kSlow, nullptr, "2.6.0",
      "A container for Lua scripts management commands", "Depends on subcommand.");
  CommandSpec flush = Sub("flush", -2, kNoScript, 0, CmdScriptFlush, "2.6.0",
                          "Remove all the scripts from the script cache.",
                          "O(N) with N being the number of scripts in cache", kAllNodesSucceed);
  flush.history = {{"6.2.0", "Added the `ASYNC` and `SYNC` flushing mode modifiers."}};
  flush.args = {FlushModeArg().Since("6.2.0")};
  script.subcommands.push_back(std::move(flush));
  CommandSpec exists = Sub("exists", -3, kNoScript, 0, CmdScriptExists, "2.6.0",
                           "Check existence of scripts in the script cache.",
                           "O(N) with N being the number of scripts to check (so checking a "
                           "single script is an O(1) operation).",
                           {"request_policy:all_shards", "response_policy:agg_logical_and"});
  exists.args = {String("sha1").Multiple()};
  script.subcommands.push_back(std::move(exists));
  CommandSpec debug = Sub("debug", 3, kNoScript, 0, CmdScriptDebug, "3.2.0",
                          "Set the debug mode for executed scripts.", "O(1)");
  debug.args = {OneOf("mode", {Token("yes", "YES"), Token("sync", "SYNC"), Token("no", "NO")})};
  script.subcommands.push_back(std::move(debug));
  script.subcommands.push_back(Sub("help", 2, kLoading | kStale, 0, CmdScriptHelp, "5.0.0",
                                   "Show helpful text about the different subcommands", "O(1)"));
  CommandSpec load =
      Sub("load", 3, kNoScript | kStale, 0, CmdScriptLoad, "2.6.0",
          "Load the specified Lua script into the script cache.",
          "O(N) with N being the length in bytes of the script body.", kAllNodesSucceed);
  load.args = {String("script")};
  script.subcommands.push_back(std::move(load));
  script.subcommands.push_back(Sub("kill", 2, kNoScript | kAllowBusy, 0, CmdScriptKill, "2.6.0",
                                   "Kill the script currently in execution.", "O(1)",
                                   kOneSucceeded));
  t.Add(std::move(script));
}

void RegisterFunction(CommandTable& t) {
  CommandSpec fn =
      KeylessCommandSpec("scripting", "function", -2, 0, acl::kSlow, nullptr, "7.0.0",
                         "A container for function commands", "Depends on subcommand.");
  fn.subcommands.push_back(Sub("dump", 2, kNoScript, 0, CmdFunctionDump, "7.0.0",
                               "Dump all functions into a serialized binary payload",
                               "O(N) where N is the number of functions"));
  CommandSpec flush = Sub("flush", -2, kWrite | kNoScript, acl::kWrite, CmdFunctionFlush, "7.0.0",
                          "Deleting all functions",
                          "O(N) where N is the number of functions deleted", kAllShardsSucceed);
  flush.args = {FlushModeArg()};
  fn.subcommands.push_back(std::move(flush));
  CommandSpec restore =
      Sub("restore", -3, kWrite | kDenyOom | kNoScript, acl::kWrite, CmdFunctionRestore, "7.0.0",
          "Restore all the functions on the given payload",
          "O(N) where N is the number of functions on the payload", kAllShardsSucceed);
  restore.args = {String("serialized-value"),
                  OneOf("policy", {Token("flush", "FLUSH"), Token("append", "APPEND"),
                                   Token("replace", "REPLACE")})
                      .Optional()};
  fn.subcommands.push_back(std::move(restore));
  CommandSpec list =
      Sub("list", -2, kNoScript, 0, CmdFunctionList, "7.0.0",
          "List information about all the functions", "O(N) where N is the number of functions",
          {"nondeterministic_output_order"});
  list.args = {String("library-name-pattern").Token("LIBRARYNAME").Optional(),
               Token("withcode", "WITHCODE").Optional()};
  fn.subcommands.push_back(std::move(list));
  fn.subcommands.push_back(Sub("help", 2, kLoading | kStale, 0, CmdFunctionHelp, "7.0.0",
                               "Show helpful text about the different subcommands", "O(1)"));
  CommandSpec load =
      Sub("load", -3, kWrite | kDenyOom | kNoScript, acl::kWrite, CmdFunctionLoad, "7.0.0",
          "Create a function with the given arguments (name, code, description)",
          "O(1) (considering compilation time is redundant)", kAllShardsSucceed);
  load.args = {Token("replace", "REPLACE").Optional(), String("function-code")};
  fn.subcommands.push_back(std::move(load));
  fn.subcommands.push_back(Sub("kill", 2, kNoScript | kAllowBusy, 0, CmdFunctionKill, "7.0.0",
                               "Kill the function currently in execution.", "O(1)", kOneSucceeded));
  CommandSpec del = Sub("delete", 3, kWrite | kNoScript, acl::kWrite, CmdFunctionDelete, "7.0.0",
                        "Delete a function by name", "O(1)", kAllShardsSucceed);
  del.args = {String("library-name")};
  fn.subcommands.push_back(std::move(del));
  fn.subcommands.push_back(Sub(
      "stats", 2, kNoScript | kAllowBusy, 0, CmdFunctionStats, "7.0.0",
      "Return information about the function currently running (name, description, duration)",
      "O(1)", {"nondeterministic_output", "request_policy:all_shards", "response_policy:special"}));
  t.Add(std::move(fn));
}

}  // namespace

void RegisterScriptingCommands(CommandTable& table) {
  constexpr std::string_view kScriptComplexity = "Depends on the script that is executed.";
  constexpr std::string_view kFunctionComplexity = "Depends on the function that is executed.";
  table.Add(ScriptRunSpec("eval", "script", false, true, CmdEval, "2.6.0",
                          "Execute a Lua script server side", kScriptComplexity));
  table.Add(ScriptRunSpec("evalsha", "sha1", false, false, CmdEvalSha, "2.6.0",
                          "Execute a Lua script server side", kScriptComplexity));
  table.Add(ScriptRunSpec("eval_ro", "script", true, true, CmdEvalRo, "7.0.0",
                          "Execute a read-only Lua script server side", kScriptComplexity));
  table.Add(ScriptRunSpec("evalsha_ro", "sha1", true, false, CmdEvalShaRo, "7.0.0",
                          "Execute a read-only Lua script server side", kScriptComplexity));
  table.Add(ScriptRunSpec("fcall", "function", false, true, CmdFCall, "7.0.0", "Invoke a function",
                          kFunctionComplexity));
  table.Add(ScriptRunSpec("fcall_ro", "function", true, true, CmdFCallRo, "7.0.0",
                          "Invoke a read-only function", kFunctionComplexity));
  RegisterScript(table);
  RegisterFunction(table);
}

}  // namespace shoal
