// The Lua side of scripting: a sandboxed state with Redis's libraries (base,
// table, string, math, debug, cjson, bit) and the `redis` table.
#pragma once

#include <string>
#include <string_view>

struct lua_State;

namespace shoal {

class LuaEngine;

namespace lua {

// A new state for EVAL scripts (functions=false) or for function libraries
// (functions=true: redis.register_function is available). The globals table
// is a read-only proxy after this returns.
lua_State* NewSandboxedState(LuaEngine* engine, bool functions);

// While a library body runs (FUNCTION LOAD), globals resolve to the library
// API only (load=true); afterwards to the full globals again.
void UseLoadGlobals(lua_State* L, bool load);

// Pushes the error handler that turns any error into a table {err=...,
// source=..., line=...} as Redis's __redis__err__handler does.
void PushErrorHandler(lua_State* L);

// Sets a global on the real globals table behind the read-only proxy
// (KEYS and ARGV before each EVAL). Pops the value.
void SetProtectedGlobal(lua_State* L, const char* name);

// Pushes {err = "<code> <message>"} as Redis's luaPushError: a leading '-'
// introduces the code, otherwise the code is ERR.
void PushError(lua_State* L, std::string_view message);

// The message of an error value on top of the stack, with Redis's
// " script: <name>, on <source>:<line>." suffix when the error carries its
// position.
std::string ErrorText(lua_State* L, std::string_view funcname);

// The count hook installed while a script runs.
void InstallHook(lua_State* L);
void RemoveHook(lua_State* L);
// After a kill the hook runs on every line so pcall cannot swallow it.
void HookEveryLine(lua_State* L);

}  // namespace lua
}  // namespace shoal
