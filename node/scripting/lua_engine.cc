#include "node/scripting/lua_engine.h"

#include <spdlog/spdlog.h>
#include <strings.h>

#include <algorithm>
#include <cctype>
#include <lua.hpp>

#include "common/sha1.h"
#include "common/strutil.h"
#include "node/core/errors.h"
#include "node/core/node.h"
#include "node/scripting/lua_api.h"
#include "node/scripting/lua_convert.h"

namespace shoal {

namespace {

constexpr std::string_view kBusyEval =
    "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.";
constexpr std::string_view kBusyFunction =
    "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.";
constexpr int64_t kLoadTimeoutUs = 500'000;
constexpr std::string_view kNoScript = "NOSCRIPT No matching script. Please use EVAL.";
constexpr std::string_view kWriteFromRo =
    "ERR Can not execute a script with write flag using *_ro command.";
constexpr std::string_view kUnkillable =
    "UNKILLABLE Sorry the script already executed write commands against the dataset. You can "
    "either wait the script termination or kill the server in a hard way using the SHUTDOWN "
    "NOSAVE command.";

// Names of libraries and functions: letters, digits and underscores.
bool ValidName(std::string_view name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

struct FlagName {
  uint64_t flag;
  std::string_view name;
};
constexpr FlagName kFlagNames[] = {{fnflag::kNoWrites, "no-writes"},
                                   {fnflag::kAllowOom, "allow-oom"},
                                   {fnflag::kAllowStale, "allow-stale"},
                                   {fnflag::kNoCluster, "no-cluster"},
                                   {fnflag::kAllowCrossSlot, "allow-cross-slot-keys"}};

bool ParseFlag(std::string_view name, uint64_t* flags) {
  for (const FlagName& f : kFlagNames) {
    if (f.name == name) {
      *flags |= f.flag;
      return true;
    }
  }
  return false;
}

// The shebang line of a script or library ("#!lua name=lib flags=no-writes"):
// engine name, then key=value fields.
struct Shebang {
  std::string engine;
  std::vector<std::string> fields;
  size_t line_end = 0;  // index of the '\n' ending the line
};

bool ParseShebang(std::string_view code, Shebang* out) {
  size_t eol = code.find('\n');
  if (eol == std::string_view::npos) return false;
  std::vector<std::string> parts;
  std::string_view line = code.substr(2, eol - 2);
  while (!line.empty()) {
    size_t start = line.find_first_not_of(" \t\r");
    if (start == std::string_view::npos) break;
    line.remove_prefix(start);
    size_t end = line.find_first_of(" \t\r");
    parts.emplace_back(line.substr(0, end));
    if (end == std::string_view::npos) break;
    line.remove_prefix(end);
  }
  if (parts.empty()) return false;
  out->engine = parts[0];
  out->fields.assign(parts.begin() + 1, parts.end());
  out->line_end = eol;
  return true;
}

// Pushes an array of strings as a Lua table.
void PushStringArray(lua_State* L, const std::vector<std::string>& argv, size_t from,
                     size_t count) {
  lua_createtable(L, static_cast<int>(count), 0);
  for (size_t i = 0; i < count; ++i) {
    lua_pushlstring(L, argv[from + i].data(), argv[from + i].size());
    lua_rawseti(L, -2, static_cast<int>(i + 1));
  }
}

}  // namespace

// What the hook and redis.call need to know about the running script.
struct LuaEngine::Run {
  std::string funcname;  // the SHA-1 for EVAL, the function name for FCALL
  bool is_eval = true;
  bool read_only = false;  // *_RO command or a no-writes script
  bool dirty = false;      // a write command ran: SCRIPT KILL refuses
  bool timed_out = false;  // past busy-reply-threshold
  bool killed = false;
  int resp = 2;  // redis.setresp
  int64_t start_us = 0;
  const std::vector<std::string>* argv = nullptr;
};

struct LuaEngine::PendingLibrary {
  std::string name;
  std::string code;
  std::map<std::string, Function> functions;
};

LuaEngine::LuaEngine(Node& node) : node_(node), rand_state_(0x1234ABCD330EULL) {
  eval_ = lua::NewSandboxedState(this, false);
  func_ = lua::NewSandboxedState(this, true);
  script_client_.authenticated = true;
  script_client_.name = "";
  script_client_.info.addr = "lua";  // as MONITOR shows it
}

LuaEngine::~LuaEngine() {
  if (eval_) lua_close(eval_);
  if (func_) lua_close(func_);
}

int LuaEngine::ScriptProtocol() const { return run_ ? run_->resp : 2; }

void LuaEngine::SetScriptProtocol(int resp) {
  if (run_) run_->resp = resp;
}

bool LuaEngine::CommandExists(const char* name) const {
  return node_.commands().Find(name) != nullptr;
}

// ---------------------------------------------------------------------------
// EVAL scripts
// ---------------------------------------------------------------------------

// The script flags of a body with a shebang (flags=no-writes,...). Bodies
// without one run in compatibility mode: writes are checked per command.
static bool ScriptFlags(std::string_view body, uint64_t* flags, std::string* error) {
  *flags = 0;
  if (body.substr(0, 2) != "#!") return false;
  Shebang sb;
  if (!ParseShebang(body, &sb)) return true;
  for (const std::string& f : sb.fields) {
    if (f.rfind("flags=", 0) != 0) continue;
    std::string_view list = std::string_view(f).substr(6);
    while (!list.empty()) {
      size_t comma = list.find(',');
      std::string_view one = list.substr(0, comma);
      if (!one.empty() && !ParseFlag(one, flags)) {
        *error = "ERR Unexpected flag in script shebang: " + std::string(one);
      }
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
  }
  return true;
}

Status LuaEngine::Compile(std::string_view sha, std::string_view body) {
  std::string_view code = body;
  std::string shebang_kept;
  if (body.substr(0, 2) == "#!") {
    Shebang sb;
    if (!ParseShebang(body, &sb)) return Status::Error("ERR Invalid script shebang");
    if (sb.engine != "lua") {
      return Status::Error("ERR Unexpected engine in script shebang: #!" + sb.engine);
    }
    for (const std::string& f : sb.fields) {
      if (f.rfind("flags=", 0) != 0) {
        return Status::Error("ERR Unknown lua shebang option: " + f);
      }
    }
    uint64_t flags = 0;
    std::string flag_error;
    ScriptFlags(body, &flags, &flag_error);
    if (!flag_error.empty()) return Status::Error(flag_error);
    // The line itself is dropped but its newline kept, so line numbers in
    // errors still count from the top of the script.
    code = body.substr(sb.line_end);
  }
  if (luaL_loadbuffer(eval_, code.data(), code.size(), "@user_script") != 0) {
    std::string msg = lua_tostring(eval_, -1);
    lua_pop(eval_, 1);
    return Status::Error("ERR Error compiling script (new function): " + msg);
  }
  std::string key = "f_" + std::string(sha);
  lua_setfield(eval_, LUA_REGISTRYINDEX, key.c_str());
  scripts_[std::string(sha)] = Script{std::string(body)};
  return Status::Ok();
}

StatusOr<std::string> LuaEngine::LoadScript(std::string_view body) {
  std::string sha = Sha1Hex(body);
  if (scripts_.count(sha) == 0) {
    if (Status st = Compile(sha, body); !st.ok()) return st;
  }
  return sha;
}

bool LuaEngine::ScriptExists(std::string_view sha) const {
  std::string lower(sha);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return scripts_.count(lower) != 0;
}

void LuaEngine::FlushScripts() {
  lua_close(eval_);
  eval_ = lua::NewSandboxedState(this, false);
  scripts_.clear();
}

bool LuaEngine::ParseNumKeys(CommandContext& ctx, int64_t* numkeys) {
  int64_t parsed = 0;
  const int64_t* n = ParseInt64(ctx.argv[2], &parsed) ? &parsed : nullptr;
  if (!n) {
    ctx.reply.Error(ctx.spec.name.rfind("fcall", 0) == 0 ? "ERR Bad number of keys provided"
                                                         : errors::kNotInteger);
    return false;
  }
  if (*n > static_cast<int64_t>(ctx.argv.size()) - 3) {
    ctx.reply.Error("ERR Number of keys can't be greater than number of args");
    return false;
  }
  if (*n < 0) {
    ctx.reply.Error("ERR Number of keys can't be negative");
    return false;
  }
  *numkeys = *n;
  return true;
}

void LuaEngine::Eval(CommandContext& ctx, bool by_sha, bool read_only) {
  // EVAL skips the dispatcher's MONITOR feed so that it shows before the
  // commands the script runs.
  node_.FeedMonitors(ctx.client, ctx.argv);
  int64_t numkeys = 0;
  if (!ParseNumKeys(ctx, &numkeys)) return;
  std::string sha;
  if (by_sha) {
    sha = ctx.argv[1];
    for (char& c : sha) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (sha.size() != 40 || scripts_.count(sha) == 0) return ctx.reply.Error(kNoScript);
  } else {
    sha = Sha1Hex(ctx.argv[1]);
    if (scripts_.count(sha) == 0) {
      if (Status st = Compile(sha, ctx.argv[1]); !st.ok()) return ctx.reply.Error(st.message());
    }
  }
  uint64_t flags = 0;
  std::string flag_error;
  bool has_shebang = ScriptFlags(scripts_[sha].body, &flags, &flag_error);
  if (!flag_error.empty()) return ctx.reply.Error(flag_error);
  if (has_shebang && read_only && !(flags & fnflag::kNoWrites)) {
    return ctx.reply.Error(kWriteFromRo);
  }

  Run run;
  run.funcname = sha;
  run.is_eval = true;
  run.read_only = read_only || (flags & fnflag::kNoWrites);
  run.argv = &ctx.argv;
  lua_State* L = eval_;
  const size_t nk = static_cast<size_t>(numkeys);
  PushStringArray(L, ctx.argv, 3, nk);
  lua::SetProtectedGlobal(L, "KEYS");
  PushStringArray(L, ctx.argv, 3 + nk, ctx.argv.size() - 3 - nk);
  lua::SetProtectedGlobal(L, "ARGV");
  lua::PushErrorHandler(L);
  lua_getfield(L, LUA_REGISTRYINDEX, ("f_" + sha).c_str());
  RunFunction(L, ctx, 0, run);
}

// ---------------------------------------------------------------------------
// Running a script or function
// ---------------------------------------------------------------------------

void LuaEngine::RunFunction(lua_State* L, CommandContext& ctx, int nargs, Run& run) {
  const int handler = lua_gettop(L) - nargs - 1;
  script_client_.db = ctx.client.db;
  script_client_.resp = 2;
  script_client_.user = ctx.client.user;
  run.start_us = node_.clock().MonotonicUs();
  run_ = &run;
  lua::InstallHook(L);
  int rc = lua_pcall(L, nargs, 1, handler);
  lua::RemoveHook(L);
  run_ = nullptr;
  node_.busy_reply = {};
  if (rc != 0) {
    ctx.reply.Error(lua::ErrorText(L, run.funcname));
  } else {
    lua::WriteValue(L, -1, ctx.reply, run.resp);
  }
  lua_pop(L, 2);  // the result (or error) and the handler
  lua_gc(L, LUA_GCSTEP, 1);
}

std::string LuaEngine::CallFromScript(std::vector<std::string>& argv) {
  std::string out;
  resp::ReplyWriter reply(&out, run_->resp);
  bool unknown_sub = false;
  const CommandSpec* cmd = node_.commands().Resolve(argv, &unknown_sub);
  if (cmd == nullptr || unknown_sub) return "-ERR Unknown Redis command called from script\r\n";
  const int argc = static_cast<int>(argv.size());
  if ((cmd->arity > 0 && argc != cmd->arity) || (cmd->arity < 0 && argc < -cmd->arity)) {
    return "-ERR Wrong number of args calling Redis command from script\r\n";
  }
  if (cmd->has(cmdflag::kNoScript)) {
    return "-ERR This Redis command is not allowed from script\r\n";
  }
  if (cmd->has(cmdflag::kWrite)) {
    if (run_->read_only) return "-ERR Write commands are not allowed from read-only scripts.\r\n";
    run_->dirty = true;
  }
  if (!cmd->has(cmdflag::kSkipMonitor | cmdflag::kAdmin)) node_.FeedMonitors(script_client_, argv);
  Clock& clock = node_.clock();
  const int64_t start_us = clock.MonotonicUs();
  script_client_.resp = run_->resp;
  CommandContext ctx{node_, script_client_, argv, reply, *cmd};
  cmd->handler(ctx);
  const int64_t duration_us = clock.MonotonicUs() - start_us;
  CommandStats& stats = node_.StatsFor(*cmd);
  ++stats.calls;
  stats.usec += static_cast<uint64_t>(duration_us);
  const bool failed = !out.empty() && out[0] == '-';
  if (failed) {
    ++stats.failed_calls;
  } else if (cmd->has(cmdflag::kWrite)) {
    ++node_.dirty;
  }
  return out;
}

void LuaEngine::OnHook(lua_State* L) {
  if (on_tick) on_tick();
  if (run_ == nullptr) {
    // A library body that runs too long (FUNCTION LOAD) is stopped, as in
    // Redis, after 500 ms.
    if (loading_ != nullptr && node_.clock().MonotonicUs() - load_start_us_ > kLoadTimeoutUs) {
      lua::HookEveryLine(L);
      lua::PushError(L, "FUNCTION LOAD timeout");
      lua_error(L);
    }
    return;
  }
  Run& run = *run_;
  if (!run.killed) {
    const int64_t threshold = node_.cfg().busy_reply_threshold;
    const int64_t elapsed_ms = (node_.clock().MonotonicUs() - run.start_us) / 1000;
    if (!run.timed_out && threshold > 0 && elapsed_ms >= threshold) {
      run.timed_out = true;
      node_.busy_reply = run.is_eval ? kBusyEval : kBusyFunction;
      spdlog::warn(
          "Slow script detected: still in execution after {} milliseconds. You can try "
          "killing the script using the {} command. Script name is: {}.",
          elapsed_ms, run.is_eval ? "SCRIPT KILL" : "FUNCTION KILL", run.funcname);
    }
    // Let the event loop answer other clients (BUSY, or SCRIPT KILL).
    if (run.timed_out && node_.poll_events) node_.poll_events();
  }
  if (run.killed) {
    spdlog::warn("Lua script killed by user with SCRIPT KILL.");
    lua::HookEveryLine(L);
    lua::PushError(L, "Script killed by user with SCRIPT KILL...");
    lua_error(L);
  }
}

LuaEngine::MemoryInfo LuaEngine::Memory() const {
  auto vm_bytes = [](lua_State* L) {
    return static_cast<uint64_t>(lua_gc(L, LUA_GCCOUNT, 0)) * 1024 +
           static_cast<uint64_t>(lua_gc(L, LUA_GCCOUNTB, 0));
  };
  MemoryInfo m;
  m.vm_eval = vm_bytes(eval_);
  m.vm_functions = vm_bytes(func_);
  for (const auto& [sha, script] : scripts_) m.scripts_eval += sha.size() + script.body.size() + 64;
  for (const auto& [name, lib] : libraries_) {
    m.functions += name.size() + lib->code.size() + 64;
    for (const auto& [fname, fn] : lib->functions) {
      m.functions += fname.size() + fn.description.size() + 64;
    }
  }
  m.cached_scripts = scripts_.size();
  m.functions_count = function_owner_.size();
  m.libraries = libraries_.size();
  return m;
}

Status LuaEngine::Kill(bool is_eval) {
  if (run_ == nullptr) return Status::Error("NOTBUSY No scripts in execution right now.");
  if (run_->dirty) return Status::Error(std::string(kUnkillable));
  if (is_eval && !run_->is_eval) return Status::Error(std::string(kBusyFunction));
  if (!is_eval && run_->is_eval) return Status::Error(std::string(kBusyEval));
  run_->killed = true;
  return Status::Ok();
}

void LuaEngine::AbortForShutdown() {
  if (run_) run_->killed = true;
}

// ---------------------------------------------------------------------------
// Functions
// ---------------------------------------------------------------------------

namespace {

// The library name from a "#!lua name=<lib>" first line, with Redis's errors.
StatusOr<std::string> ParseLibraryMetadata(std::string_view code, Shebang* sb) {
  if (code.substr(0, 2) != "#!") return Status::Error("ERR Missing library metadata");
  if (!ParseShebang(code, sb)) return Status::Error("ERR Invalid library metadata");
  std::string name;
  bool has_name = false;
  for (const std::string& f : sb->fields) {
    if (f.size() >= 5 && strcasecmp(f.substr(0, 5).c_str(), "name=") == 0) {
      if (has_name) {
        return Status::Error("ERR Invalid metadata value, name argument was given multiple times");
      }
      name = f.substr(5);
      has_name = true;
      continue;
    }
    return Status::Error("ERR Invalid metadata value given: " + f);
  }
  if (!has_name) return Status::Error("ERR Library name was not given");
  if (!ValidName(name)) {
    return Status::Error(
        "ERR Library names can only contain letters, numbers, or underscores(_) and must be at "
        "least one character long");
  }
  return name;
}

}  // namespace

StatusOr<std::string> LuaEngine::LoadLibrary(std::string_view code, bool replace) {
  Shebang sb;
  StatusOr<std::string> parsed = ParseLibraryMetadata(code, &sb);
  if (!parsed.ok()) return parsed.status();
  const std::string name = *parsed;
  if (strcasecmp(sb.engine.c_str(), "lua") != 0) {
    return Status::Error("ERR Engine '" + sb.engine + "' not found");
  }
  if (libraries_.count(name) && !replace) {
    return Status::Error("ERR Library '" + name + "' already exists");
  }
  PendingLibrary pending{name, std::string(code), {}};
  std::string_view body = code.substr(sb.line_end);
  Status result = Status::Ok();
  if (luaL_loadbuffer(func_, body.data(), body.size(), "@user_function") != 0) {
    result = Status::Error(std::string("ERR Error compiling function: ") + lua_tostring(func_, -1));
    lua_pop(func_, 1);
  } else {
    loading_ = &pending;
    load_start_us_ = node_.clock().MonotonicUs();
    lua::UseLoadGlobals(func_, true);
    lua::InstallHook(func_);
    int rc = lua_pcall(func_, 0, 0, 0);
    lua::RemoveHook(func_);
    lua::UseLoadGlobals(func_, false);
    if (rc != 0) {
      std::string msg;
      if (lua_istable(func_, -1)) {
        lua_pushstring(func_, "err");
        lua_rawget(func_, -2);
        msg = lua_type(func_, -1) == LUA_TSTRING ? lua_tostring(func_, -1) : "";
        lua_pop(func_, 1);
      } else {
        msg = std::string("ERR ") + (lua_tostring(func_, -1) ? lua_tostring(func_, -1) : "");
      }
      lua_pop(func_, 1);
      result = Status::Error("ERR Error registering functions: " + msg);
    }
    loading_ = nullptr;
  }
  if (result.ok()) result = ValidateLibraryLoad(pending, replace);
  if (!result.ok()) {
    for (auto& [fname, fn] : pending.functions) luaL_unref(func_, LUA_REGISTRYINDEX, fn.ref);
    return result;
  }
  if (auto old = libraries_.find(name); old != libraries_.end()) {
    for (auto& [fname, fn] : old->second->functions) {
      luaL_unref(func_, LUA_REGISTRYINDEX, fn.ref);
      function_owner_.erase(fname);
    }
    libraries_.erase(old);
  }
  auto lib = std::make_unique<Library>();
  lib->name = name;
  lib->code = std::move(pending.code);
  lib->functions = std::move(pending.functions);
  for (auto& [fname, fn] : lib->functions) function_owner_[fname] = lib.get();
  libraries_[name] = std::move(lib);
  return name;
}

Status LuaEngine::ValidateLibraryLoad(PendingLibrary& pending, bool replace) {
  if (pending.functions.empty()) return Status::Error("ERR No functions registered");
  for (auto& [fname, fn] : pending.functions) {
    auto owner = function_owner_.find(fname);
    if (owner != function_owner_.end() && owner->second->name != pending.name) {
      return Status::Error("ERR Function " + fname + " already exists");
    }
  }
  return Status::Ok();
}

namespace {

[[noreturn]] void RaiseRegisterError(lua_State* L, std::string_view msg) {
  lua::PushError(L, msg);
  lua_error(L);
  __builtin_unreachable();
}

// register_function{function_name=..., callback=..., flags={...},
// description=...}: fills fn from the table at index 1.
void ParseRegisterTable(lua_State* L, std::string* name, std::string* description,
                        uint64_t* flags) {
  bool has_name = false, has_callback = false;
  lua_pushnil(L);
  while (lua_next(L, 1) != 0) {
    const char* key = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "";
    std::string_view k = key;
    if (k == "function_name") {
      if (lua_type(L, -1) != LUA_TSTRING) {
        RaiseRegisterError(L,
                           "function_name argument given to redis.register_function must "
                           "be a string");
      }
      *name = lua_tostring(L, -1);
      has_name = true;
    } else if (k == "description") {
      if (lua_type(L, -1) != LUA_TSTRING) {
        RaiseRegisterError(L,
                           "description argument given to redis.register_function must be "
                           "a string");
      }
      *description = lua_tostring(L, -1);
    } else if (k == "callback") {
      if (lua_type(L, -1) != LUA_TFUNCTION) {
        RaiseRegisterError(L,
                           "callback argument given to redis.register_function must be a "
                           "function");
      }
      has_callback = true;
    } else if (k == "flags") {
      if (lua_type(L, -1) != LUA_TTABLE) {
        RaiseRegisterError(L,
                           "flags argument to redis.register_function must be a table "
                           "representing function flags");
      }
      for (int i = 1;; ++i) {
        lua_rawgeti(L, -1, i);
        if (lua_isnil(L, -1)) {
          lua_pop(L, 1);
          break;
        }
        const char* flag = lua_tostring(L, -1);
        if (flag == nullptr || !ParseFlag(flag, flags)) {
          RaiseRegisterError(L, "unknown flag given");
        }
        lua_pop(L, 1);
      }
    } else {
      RaiseRegisterError(L, "unknown argument given to redis.register_function");
    }
    lua_pop(L, 1);
  }
  if (!has_name) {
    RaiseRegisterError(L, "redis.register_function must get a function name argument");
  }
  if (!has_callback) {
    RaiseRegisterError(L, "redis.register_function must get a callback argument");
  }
}

}  // namespace

int LuaEngine::RegisterFunction(lua_State* L) {
  if (loading_ == nullptr) {
    RaiseRegisterError(L, "redis.register_function can only be called on FUNCTION LOAD command");
  }
  Function fn;
  const int argc = lua_gettop(L);
  if (argc == 2) {
    if (lua_type(L, 1) != LUA_TSTRING) {
      RaiseRegisterError(L,
                         "function name argument given to redis.register_function must be a "
                         "string");
    }
    if (lua_type(L, 2) != LUA_TFUNCTION) {
      RaiseRegisterError(L,
                         "callback argument given to redis.register_function must be a "
                         "function");
    }
    fn.name = lua_tostring(L, 1);
    lua_pushvalue(L, 2);
  } else if (argc == 1 && lua_type(L, 1) == LUA_TTABLE) {
    ParseRegisterTable(L, &fn.name, &fn.description, &fn.flags);
    lua_getfield(L, 1, "callback");
  } else {
    RaiseRegisterError(L, "wrong number of arguments to redis.register_function");
  }
  if (!ValidName(fn.name)) {
    // Redis 7.0 words this error as for library names.
    RaiseRegisterError(L,
                       "Library names can only contain letters, numbers, or underscores(_) "
                       "and must be at least one character long");
  }
  if (loading_->functions.count(fn.name)) {
    RaiseRegisterError(L, "Function already exists in the library");
  }
  fn.ref = luaL_ref(L, LUA_REGISTRYINDEX);  // pops the callback
  std::string name = fn.name;
  loading_->functions.emplace(std::move(name), std::move(fn));
  return 0;
}

Status LuaEngine::DeleteLibrary(std::string_view name) {
  auto it = libraries_.find(std::string(name));
  if (it == libraries_.end()) return Status::Error("ERR Library not found");
  for (auto& [fname, fn] : it->second->functions) {
    luaL_unref(func_, LUA_REGISTRYINDEX, fn.ref);
    function_owner_.erase(fname);
  }
  libraries_.erase(it);
  return Status::Ok();
}

void LuaEngine::FlushFunctions() {
  function_owner_.clear();
  libraries_.clear();
  lua_close(func_);
  func_ = lua::NewSandboxedState(this, true);
}

size_t LuaEngine::num_functions() const { return function_owner_.size(); }

std::vector<std::string> LuaEngine::LibraryCodes() const {
  std::vector<std::string> codes;
  for (const auto& [name, lib] : libraries_) codes.push_back(lib->code);
  return codes;
}

Status LuaEngine::RestoreLibraries(const std::vector<std::string>& codes, RestorePolicy policy) {
  if (policy == RestorePolicy::kAppend) {
    for (const std::string& code : codes) {
      Shebang sb;
      if (code.substr(0, 2) != "#!" || !ParseShebang(code, &sb)) continue;
      for (const std::string& f : sb.fields) {
        if (f.size() > 5 && strcasecmp(f.substr(0, 5).c_str(), "name=") == 0 &&
            libraries_.count(f.substr(5))) {
          return Status::Error("ERR Library " + f.substr(5) + " already exists");
        }
      }
    }
  }
  const std::vector<std::string> before = LibraryCodes();
  if (policy == RestorePolicy::kFlush) FlushFunctions();
  for (const std::string& code : codes) {
    StatusOr<std::string> loaded = LoadLibrary(code, policy == RestorePolicy::kReplace);
    if (!loaded.ok()) {
      // Back to the libraries as they were: they all loaded before.
      FlushFunctions();
      for (const std::string& old : before) (void)LoadLibrary(old, false);
      return loaded.status();
    }
  }
  return Status::Ok();
}

void LuaEngine::FCall(CommandContext& ctx, bool read_only) {
  node_.FeedMonitors(ctx.client, ctx.argv);
  auto owner = function_owner_.find(ctx.argv[1]);
  if (owner == function_owner_.end()) return ctx.reply.Error("ERR Function not found");
  const Function& fn = owner->second->functions.at(ctx.argv[1]);
  int64_t numkeys = 0;
  if (!ParseNumKeys(ctx, &numkeys)) return;
  if (read_only && !(fn.flags & fnflag::kNoWrites)) return ctx.reply.Error(kWriteFromRo);
  Run run;
  run.funcname = fn.name;
  run.is_eval = false;
  run.read_only = read_only || (fn.flags & fnflag::kNoWrites);
  run.argv = &ctx.argv;
  lua_State* L = func_;
  const size_t nk = static_cast<size_t>(numkeys);
  lua::PushErrorHandler(L);
  lua_rawgeti(L, LUA_REGISTRYINDEX, fn.ref);
  PushStringArray(L, ctx.argv, 3, nk);
  PushStringArray(L, ctx.argv, 3 + nk, ctx.argv.size() - 3 - nk);
  RunFunction(L, ctx, 2, run);
}

void LuaEngine::ListLibraries(resp::ReplyWriter& reply, std::string_view pattern,
                              bool pattern_given, bool with_code) const {
  std::vector<const Library*> libs;
  for (const auto& [name, lib] : libraries_) {
    if (!pattern_given || GlobMatch(pattern, name)) libs.push_back(lib.get());
  }
  reply.ArrayHeader(libs.size());
  for (const Library* lib : libs) {
    reply.MapHeader(with_code ? 4 : 3);
    reply.Bulk("library_name");
    reply.Bulk(lib->name);
    reply.Bulk("engine");
    reply.Bulk("LUA");
    reply.Bulk("functions");
    reply.ArrayHeader(lib->functions.size());
    for (const auto& [fname, fn] : lib->functions) {
      reply.MapHeader(3);
      reply.Bulk("name");
      reply.Bulk(fn.name);
      reply.Bulk("description");
      if (fn.description.empty()) {
        reply.Null();
      } else {
        reply.Bulk(fn.description);
      }
      reply.Bulk("flags");
      size_t n = 0;
      for (const FlagName& f : kFlagNames) n += (fn.flags & f.flag) ? 1 : 0;
      reply.SetHeader(n);
      for (const FlagName& f : kFlagNames) {
        if (fn.flags & f.flag) reply.Status(f.name);
      }
    }
    if (with_code) {
      reply.Bulk("library_code");
      reply.Bulk(lib->code);
    }
  }
}

void LuaEngine::Stats(resp::ReplyWriter& reply) const {
  reply.MapHeader(2);
  reply.Bulk("running_script");
  if (run_ == nullptr || run_->is_eval) {
    reply.Null();
  } else {
    reply.MapHeader(3);
    reply.Bulk("name");
    reply.Bulk(run_->funcname);
    reply.Bulk("command");
    reply.BulkArray(*run_->argv);
    reply.Bulk("duration_ms");
    reply.Integer((node_.clock().MonotonicUs() - run_->start_us) / 1000);
  }
  reply.Bulk("engines");
  reply.MapHeader(1);
  reply.Bulk("LUA");
  reply.MapHeader(2);
  reply.Bulk("libraries_count");
  reply.Integer(static_cast<int64_t>(libraries_.size()));
  reply.Bulk("functions_count");
  reply.Integer(static_cast<int64_t>(function_owner_.size()));
}

}  // namespace shoal
