#include "node/scripting/lua_api.h"

#include <spdlog/spdlog.h>

#include <cmath>
#include <cstdio>
#include <lua.hpp>
#include <string>
#include <vector>

#include "common/resp/value.h"
#include "common/sha1.h"
#include "node/core/version.h"
#include "node/scripting/lua_convert.h"
#include "node/scripting/lua_engine.h"
#include "node/scripting/lua_libs.h"

// Debian's lua-cjson-dev and lua-bitop-dev: the same library versions Redis
// bundles (cjson 2.1.0, LuaBitOp 1.0.2), linked statically.
extern "C" {
int luaopen_cjson(lua_State* L);
int luaopen_bit(lua_State* L);
}

namespace shoal::lua {

namespace {

// Registry keys.
constexpr char kEngineKey[] = "shoal.engine";
constexpr char kRealGlobalsKey[] = "shoal.globals";
constexpr char kErrorHandlerKey[] = "shoal.err_handler";
// What the read-only globals proxy reads from: the real globals, or the
// library API while FUNCTION LOAD runs a library's body.
constexpr char kGlobalsSourceKey[] = "shoal.globals_source";
constexpr char kLoadApiKey[] = "shoal.load_api";
constexpr int kHookInstructions = 100000;

LuaEngine* EngineOf(lua_State* L) {
  lua_getfield(L, LUA_REGISTRYINDEX, kEngineKey);
  auto* engine = static_cast<LuaEngine*>(lua_touserdata(L, -1));
  lua_pop(L, 1);
  return engine;
}

[[noreturn]] void RaiseError(lua_State* L, std::string_view message) {
  PushError(L, message);
  lua_error(L);
  __builtin_unreachable();
}

// --- redis.call / redis.pcall ---------------------------------------------

int CallCommand(lua_State* L, bool raise) {
  LuaEngine* engine = EngineOf(L);
  if (engine->current_run() == nullptr) {
    RaiseError(L, "redis.call/pcall can only be called inside a script invocation");
  }
  const int argc = lua_gettop(L);
  if (argc == 0) RaiseError(L, "Please specify at least one argument for this redis lib call");
  std::vector<std::string> argv;
  argv.reserve(argc);
  for (int i = 1; i <= argc; ++i) {
    int type = lua_type(L, i);
    if (type == LUA_TNUMBER) {
      char buf[64];
      int n = std::snprintf(buf, sizeof(buf), "%.17g", static_cast<double>(lua_tonumber(L, i)));
      argv.emplace_back(buf, n);
    } else if (type == LUA_TSTRING) {
      size_t len = 0;
      const char* s = lua_tolstring(L, i, &len);
      argv.emplace_back(s, len);
    } else {
      RaiseError(L, "Lua redis lib command arguments must be strings or integers");
    }
  }
  std::string out = engine->CallFromScript(argv);
  resp::ReplyParser parser;
  resp::Value value;
  size_t consumed = 0;
  if (parser.Parse(out, &consumed, &value) != resp::ReplyParser::Result::kDone) {
    value = resp::Value();  // no reply (e.g. CLIENT REPLY OFF): nil
  }
  PushReply(L, value, engine->ScriptProtocol());
  if (value.is_error() && raise) lua_error(L);
  return 1;
}

int RedisCall(lua_State* L) { return CallCommand(L, true); }
int RedisPcall(lua_State* L) { return CallCommand(L, false); }

// --- The rest of the redis table ------------------------------------------

int RedisSha1Hex(lua_State* L) {
  if (lua_gettop(L) != 1) RaiseError(L, "wrong number of arguments");
  size_t len = 0;
  const char* s = lua_tolstring(L, 1, &len);
  std::string hex = Sha1Hex(std::string_view(s ? s : "", s ? len : 0));
  lua_pushlstring(L, hex.data(), hex.size());
  return 1;
}

int RedisErrorReply(lua_State* L) {
  if (lua_gettop(L) != 1 || lua_type(L, -1) != LUA_TSTRING) {
    PushError(L, "wrong number or type of arguments");
    return 1;
  }
  std::string err = lua_tostring(L, -1);
  if (err.empty() || err[0] != '-') err.insert(0, "-");
  PushError(L, err);
  return 1;
}

int RedisStatusReply(lua_State* L) {
  if (lua_gettop(L) != 1 || lua_type(L, -1) != LUA_TSTRING) {
    PushError(L, "wrong number or type of arguments");
    return 1;
  }
  lua_newtable(L);
  lua_pushvalue(L, 1);
  lua_setfield(L, -2, "ok");
  return 1;
}

int RedisLog(lua_State* L) {
  int argc = lua_gettop(L);
  if (argc < 2) RaiseError(L, "redis.log() requires two arguments or more.");
  if (!lua_isnumber(L, 1)) RaiseError(L, "First argument must be a number (log level).");
  int level = static_cast<int>(lua_tonumber(L, 1));
  if (level < 0 || level > 3) RaiseError(L, "Invalid debug level.");
  std::string msg;
  for (int i = 2; i <= argc; ++i) {
    size_t len = 0;
    const char* s = lua_tolstring(L, i, &len);
    if (s == nullptr) continue;
    if (!msg.empty()) msg.push_back(' ');
    msg.append(s, len);
  }
  static constexpr spdlog::level::level_enum kLevels[] = {
      spdlog::level::debug, spdlog::level::debug, spdlog::level::info, spdlog::level::warn};
  spdlog::log(kLevels[level], "{}", msg);
  return 0;
}

int RedisSetResp(lua_State* L) {
  LuaEngine* engine = EngineOf(L);
  if (engine->current_run() == nullptr) {
    RaiseError(L, "redis.setresp can only be called inside a script invocation");
  }
  if (lua_gettop(L) != 1) RaiseError(L, "redis.setresp() requires one argument.");
  int resp = static_cast<int>(lua_tonumber(L, 1));
  if (resp != 2 && resp != 3) RaiseError(L, "RESP version must be 2 or 3.");
  engine->SetScriptProtocol(resp);
  return 0;
}

int RedisSetRepl(lua_State* L) {
  if (lua_gettop(L) != 1) RaiseError(L, "redis.set_repl() requires one argument.");
  int flags = static_cast<int>(lua_tonumber(L, 1));
  if (flags < 0 || flags > 3) {
    RaiseError(L, "Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.");
  }
  return 0;  // Shoal replicates a script's effects; the choice is accepted
}

int RedisTrue(lua_State* L) {
  lua_pushboolean(L, 1);
  return 1;
}

int RedisFalse(lua_State* L) {
  lua_pushboolean(L, 0);
  return 1;
}

int RedisNoop(lua_State* L) { return 0; }

int RedisAclCheckCmd(lua_State* L) {
  LuaEngine* engine = EngineOf(L);
  if (lua_gettop(L) < 1) {
    RaiseError(L, "Please specify at least one argument for this redis lib call");
  }
  const char* name = lua_tostring(L, 1);
  if (name == nullptr || !engine->CommandExists(name)) {
    RaiseError(L, "Invalid command passed to redis.acl_check_cmd()");
  }
  lua_pushboolean(L, 1);  // every user may run every command (no ACL rules yet)
  return 1;
}

int RedisRegisterFunction(lua_State* L) { return EngineOf(L)->RegisterFunction(L); }

// --- math.random, as Redis: a 48-bit linear congruential generator --------

int32_t NextRand(uint64_t& x) {
  x = (0x5DEECE66DULL * x + 0xB) & ((1ULL << 48) - 1);
  return static_cast<int32_t>(x >> 17);
}

int MathRandom(lua_State* L) {
  constexpr int32_t kMax = 2147483647;
  double r = static_cast<double>(NextRand(EngineOf(L)->rand_state()) % kMax) / kMax;
  switch (lua_gettop(L)) {
    case 0:
      lua_pushnumber(L, r);
      break;
    case 1: {
      int u = luaL_checkint(L, 1);
      luaL_argcheck(L, 1 <= u, 1, "interval is empty");
      lua_pushnumber(L, std::floor(r * u) + 1);
      break;
    }
    case 2: {
      int l = luaL_checkint(L, 1);
      int u = luaL_checkint(L, 2);
      luaL_argcheck(L, l <= u, 2, "interval is empty");
      lua_pushnumber(L, std::floor(r * (u - l + 1)) + l);
      break;
    }
    default:
      return luaL_error(L, "wrong number of arguments");
  }
  return 1;
}

int MathRandomSeed(lua_State* L) {
  auto seed = static_cast<uint32_t>(luaL_checkint(L, 1));
  EngineOf(L)->rand_state() = (static_cast<uint64_t>(seed) << 16) | 0x330E;
  return 0;
}

// loadstring that refuses precompiled chunks (they can crash the VM): the
// error is the one the parser gives for the escape byte that starts them.
int SafeLoadString(lua_State* L) {
  size_t len = 0;
  const char* s = luaL_checklstring(L, 1, &len);
  const char* chunkname = luaL_optstring(L, 2, s);
  if (len > 0 && s[0] == LUA_SIGNATURE[0]) {
    std::string id(chunkname, strcspn(chunkname, "\r\n"));
    if (id.size() > 40) id = id.substr(0, 40) + "...";
    lua_pushnil(L);
    lua_pushfstring(L, "[string \"%s\"]:1: unexpected symbol near 'char(27)'", id.c_str());
    return 2;
  }
  if (luaL_loadbuffer(L, s, len, chunkname) != 0) {
    lua_pushnil(L);
    lua_insert(L, -2);
    return 2;
  }
  return 1;
}

// --- Read-only globals ----------------------------------------------------

// __index of a read-only proxy: upvalue 1 is the table it fronts, or nil to
// read the current globals source from the registry.
int GlobalsIndex(lua_State* L) {
  if (lua_isnil(L, lua_upvalueindex(1))) {
    lua_getfield(L, LUA_REGISTRYINDEX, kGlobalsSourceKey);
  } else {
    lua_pushvalue(L, lua_upvalueindex(1));
  }
  lua_pushvalue(L, 2);
  lua_rawget(L, -2);
  if (!lua_isnil(L, -1)) return 1;
  const char* name = lua_tostring(L, 2);
  return luaL_error(L, "Script attempted to access nonexistent global variable '%s'",
                    name ? name : "?");
}

int ReadonlyNewIndex(lua_State* L) { return luaL_error(L, "Attempt to modify a readonly table"); }

void SetFunction(lua_State* L, const char* name, lua_CFunction fn) {
  lua_pushcfunction(L, fn);
  lua_setfield(L, -2, name);
}

void SetNumber(lua_State* L, const char* name, lua_Number n) {
  lua_pushnumber(L, n);
  lua_setfield(L, -2, name);
}

// The `redis` table, left in the globals.
void RegisterRedisTable(lua_State* L) {
  lua_newtable(L);
  SetFunction(L, "call", RedisCall);
  SetFunction(L, "pcall", RedisPcall);
  SetFunction(L, "log", RedisLog);
  SetFunction(L, "sha1hex", RedisSha1Hex);
  SetFunction(L, "error_reply", RedisErrorReply);
  SetFunction(L, "status_reply", RedisStatusReply);
  SetFunction(L, "setresp", RedisSetResp);
  SetFunction(L, "set_repl", RedisSetRepl);
  SetFunction(L, "replicate_commands", RedisTrue);
  SetFunction(L, "breakpoint", RedisFalse);
  SetFunction(L, "debug", RedisNoop);
  SetFunction(L, "acl_check_cmd", RedisAclCheckCmd);
  SetNumber(L, "LOG_DEBUG", 0);
  SetNumber(L, "LOG_VERBOSE", 1);
  SetNumber(L, "LOG_NOTICE", 2);
  SetNumber(L, "LOG_WARNING", 3);
  SetNumber(L, "REPL_NONE", 0);
  SetNumber(L, "REPL_AOF", 1);
  SetNumber(L, "REPL_SLAVE", 2);
  SetNumber(L, "REPL_REPLICA", 2);
  SetNumber(L, "REPL_ALL", 3);
  lua_pushstring(L, kRedisCompatVersion);
  lua_setfield(L, -2, "REDIS_VERSION");
  int major = 0, minor = 0, patch = 0;
  std::sscanf(kRedisCompatVersion, "%d.%d.%d", &major, &minor, &patch);
  SetNumber(L, "REDIS_VERSION_NUM", (major << 16) | (minor << 8) | patch);
  lua_setglobal(L, "redis");
}

void OpenLibraries(lua_State* L) {
  const luaL_Reg libs[] = {{"", luaopen_base},
                           {LUA_TABLIBNAME, luaopen_table},
                           {LUA_STRLIBNAME, luaopen_string},
                           {LUA_MATHLIBNAME, luaopen_math},
                           {LUA_DBLIBNAME, luaopen_debug},
                           {"bit", luaopen_bit}};
  for (const luaL_Reg& lib : libs) {
    lua_pushcfunction(L, lib.func);
    lua_pushstring(L, lib.name);
    lua_call(L, 1, 0);
  }
  // This cjson build returns its table without setting the global.
  lua_pushcfunction(L, luaopen_cjson);
  lua_call(L, 0, 1);
  lua_setglobal(L, "cjson");
  lua_pushcfunction(L, OpenMsgpack);
  lua_call(L, 0, 1);
  lua_setglobal(L, "cmsgpack");
  lua_pushcfunction(L, OpenStruct);
  lua_call(L, 0, 1);
  lua_setglobal(L, "struct");
  // No file access from scripts.
  lua_pushnil(L);
  lua_setglobal(L, "loadfile");
  lua_pushnil(L);
  lua_setglobal(L, "dofile");
  lua_pushcfunction(L, SafeLoadString);
  lua_setglobal(L, "loadstring");
  lua_getglobal(L, "math");
  SetFunction(L, "random", MathRandom);
  SetFunction(L, "randomseed", MathRandomSeed);
  lua_pop(L, 1);
}

// The error handler, in Lua as in Redis: it needs debug.getinfo of the
// frame that raised the error.
constexpr char kErrorHandler[] = R"(
local dbg = debug
return function(err)
  local i = dbg.getinfo(2, 'nSl')
  if i and i.what == 'C' then
    i = dbg.getinfo(3, 'nSl')
  end
  if type(err) ~= 'table' then
    err = {err = 'ERR ' .. tostring(err)}
  end
  if i then
    err['source'] = i.source
    err['line'] = i.currentline
  end
  return err
end
)";

// Pushes an empty read-only proxy whose reads go to the table at `target`
// (nil: the registry's globals source); missing names are an error.
void PushReadonlyProxy(lua_State* L, int target) {
  target = target < 0 ? lua_gettop(L) + 1 + target : target;
  lua_newtable(L);  // proxy
  lua_newtable(L);  // its metatable
  lua_pushvalue(L, target);
  lua_pushcclosure(L, GlobalsIndex, 1);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, ReadonlyNewIndex);
  lua_setfield(L, -2, "__newindex");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, -2);
}

// The globals a library body sees while FUNCTION LOAD runs it: only a
// reduced `redis` table (register_function, log and constants).
void BuildLoadApi(lua_State* L) {
  lua_newtable(L);  // the API's globals
  lua_newtable(L);  // the reduced redis table
  SetFunction(L, "register_function", RedisRegisterFunction);
  SetFunction(L, "log", RedisLog);
  SetNumber(L, "LOG_DEBUG", 0);
  SetNumber(L, "LOG_VERBOSE", 1);
  SetNumber(L, "LOG_NOTICE", 2);
  SetNumber(L, "LOG_WARNING", 3);
  lua_pushstring(L, kRedisCompatVersion);
  lua_setfield(L, -2, "REDIS_VERSION");
  lua_getglobal(L, "redis");
  lua_getfield(L, -1, "REDIS_VERSION_NUM");
  lua_setfield(L, -3, "REDIS_VERSION_NUM");
  lua_pop(L, 1);
  PushReadonlyProxy(L, -1);
  lua_setfield(L, -3, "redis");
  lua_pop(L, 1);
  lua_setfield(L, LUA_REGISTRYINDEX, kLoadApiKey);
}

// Replaces the globals table with an empty proxy whose reads go to the real
// table (missing names are an error) and whose writes fail.
void LockGlobals(lua_State* L) {
  lua_pushvalue(L, LUA_GLOBALSINDEX);  // real
  lua_pushvalue(L, -1);
  lua_setfield(L, LUA_REGISTRYINDEX, kRealGlobalsKey);
  lua_pushvalue(L, -1);
  lua_setfield(L, LUA_REGISTRYINDEX, kGlobalsSourceKey);
  lua_newtable(L);  // proxy
  lua_newtable(L);  // its metatable
  lua_pushnil(L);
  lua_pushcclosure(L, GlobalsIndex, 1);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, ReadonlyNewIndex);
  lua_setfield(L, -2, "__newindex");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, -2);
  // _G in the real table names the proxy, so _G.x = 1 fails too.
  lua_pushvalue(L, -1);
  lua_setfield(L, -3, "_G");
  lua_replace(L, LUA_GLOBALSINDEX);
  lua_pop(L, 1);
}

int Hook(lua_State* L, lua_Debug*) {
  EngineOf(L)->OnHook(L);
  return 0;
}

void HookThunk(lua_State* L, lua_Debug* ar) { Hook(L, ar); }

}  // namespace

lua_State* NewSandboxedState(LuaEngine* engine, bool functions) {
  lua_State* L = luaL_newstate();
  lua_pushlightuserdata(L, engine);
  lua_setfield(L, LUA_REGISTRYINDEX, kEngineKey);
  OpenLibraries(L);
  RegisterRedisTable(L);
  if (functions) BuildLoadApi(L);
  if (luaL_loadbuffer(L, kErrorHandler, sizeof(kErrorHandler) - 1, "@err_handler") == 0) {
    lua_call(L, 0, 1);
    lua_setfield(L, LUA_REGISTRYINDEX, kErrorHandlerKey);
  }
  LockGlobals(L);
  return L;
}

void UseLoadGlobals(lua_State* L, bool load) {
  lua_getfield(L, LUA_REGISTRYINDEX, load ? kLoadApiKey : kRealGlobalsKey);
  lua_setfield(L, LUA_REGISTRYINDEX, kGlobalsSourceKey);
}

void PushErrorHandler(lua_State* L) { lua_getfield(L, LUA_REGISTRYINDEX, kErrorHandlerKey); }

void SetProtectedGlobal(lua_State* L, const char* name) {
  lua_getfield(L, LUA_REGISTRYINDEX, kRealGlobalsKey);
  lua_insert(L, -2);
  lua_setfield(L, -2, name);
  lua_pop(L, 1);
}

void PushError(lua_State* L, std::string_view message) {
  std::string code = "ERR";
  std::string msg(message);
  if (!msg.empty() && msg[0] == '-') {
    size_t space = msg.find(' ');
    if (space == std::string::npos) {
      msg.erase(0, 1);
    } else {
      code = msg.substr(1, space - 1);
      msg.erase(0, space + 1);
    }
  }
  while (!msg.empty() && (msg.back() == '\r' || msg.back() == '\n')) msg.pop_back();
  std::string full = code + " " + msg;
  lua_newtable(L);
  lua_pushlstring(L, full.data(), full.size());
  lua_setfield(L, -2, "err");
}

std::string ErrorText(lua_State* L, std::string_view funcname) {
  if (lua_type(L, -1) != LUA_TTABLE) {
    const char* s = lua_tostring(L, -1);
    return std::string("ERR ") + (s ? s : "unknown error");
  }
  // Raw lookups: this runs outside any protected call.
  lua_pushstring(L, "err");
  lua_rawget(L, -2);
  const char* err = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : nullptr;
  std::string text = err ? err : "ERR unknown error";
  lua_pop(L, 1);
  lua_pushstring(L, "source");
  lua_rawget(L, -2);
  lua_pushstring(L, "line");
  lua_rawget(L, -3);
  if (lua_type(L, -2) == LUA_TSTRING && lua_type(L, -1) == LUA_TNUMBER) {
    text += " script: " + std::string(funcname) + ", on " + lua_tostring(L, -2) + ":" +
            std::to_string(static_cast<long long>(lua_tonumber(L, -1))) + ".";
  }
  lua_pop(L, 2);
  return text;
}

void InstallHook(lua_State* L) { lua_sethook(L, HookThunk, LUA_MASKCOUNT, kHookInstructions); }
void RemoveHook(lua_State* L) { lua_sethook(L, nullptr, 0, 0); }
void HookEveryLine(lua_State* L) { lua_sethook(L, HookThunk, LUA_MASKLINE, 0); }

}  // namespace shoal::lua
