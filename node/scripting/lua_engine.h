// Lua scripting: EVAL scripts and FUNCTION libraries, as Redis 7.0 runs them.
//
// Two Lua 5.1 states per node, as in Redis: one for EVAL scripts (cached by
// the SHA-1 of their body) and one for function libraries. Both are
// sandboxed the same way: the globals table is a read-only proxy (writes
// fail with "Attempt to modify a readonly table", reads of missing names
// with "Script attempted to access nonexistent global variable"), there is
// no os/io/loadfile/dofile, loadstring refuses bytecode, and math.random is
// Redis's deterministic 48-bit generator.
//
// redis.call / redis.pcall run commands through the node's command table on
// a script client whose database starts as the caller's (SELECT inside a
// script does not leak out), after the checks Redis makes for scripts
// (unknown command, arity, noscript flag, writes from read-only scripts).
//
// Long scripts. The node is single-threaded, so a script that runs past
// busy-reply-threshold must let the event loop serve other clients: a Lua
// count hook checks the elapsed time and, once past the threshold, sets
// Node::busy_reply (the dispatcher then answers -BUSY to every command
// without the allow-busy flag) and calls Node::poll_events, which runs the
// ready handlers of the event loop once. SCRIPT KILL / FUNCTION KILL
// arriving that way set a flag that the hook turns into a Lua error on its
// next call; SHUTDOWN NOSAVE aborts the script the same way.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/resp/writer.h"
#include "common/status.h"
#include "node/core/client.h"

struct lua_State;

namespace shoal {

class Node;
struct CommandContext;

class LuaEngine {
 public:
  explicit LuaEngine(Node& node);
  ~LuaEngine();
  LuaEngine(const LuaEngine&) = delete;
  LuaEngine& operator=(const LuaEngine&) = delete;

  // --- EVAL family ---------------------------------------------------------
  // EVAL / EVALSHA / EVAL_RO / EVALSHA_RO: parses numkeys, runs, replies.
  void Eval(CommandContext& ctx, bool by_sha, bool read_only);
  // SCRIPT LOAD: compiles and caches; returns the SHA-1 or the compile error.
  StatusOr<std::string> LoadScript(std::string_view body);
  bool ScriptExists(std::string_view sha) const;
  // SCRIPT FLUSH: drops every cached script (a fresh Lua state).
  void FlushScripts();
  size_t num_scripts() const { return scripts_.size(); }

  // --- Functions -----------------------------------------------------------
  // FUNCTION LOAD: returns the library name.
  StatusOr<std::string> LoadLibrary(std::string_view code, bool replace);
  Status DeleteLibrary(std::string_view name);
  void FlushFunctions();
  void FCall(CommandContext& ctx, bool read_only);
  void ListLibraries(resp::ReplyWriter& reply, std::string_view pattern, bool pattern_given,
                     bool with_code) const;
  void Stats(resp::ReplyWriter& reply) const;
  size_t num_functions() const;
  // FUNCTION DUMP: every library's code, by library name.
  std::vector<std::string> LibraryCodes() const;
  // FUNCTION RESTORE with the libraries of a payload; all or nothing.
  enum class RestorePolicy { kFlush, kAppend, kReplace };
  Status RestoreLibraries(const std::vector<std::string>& codes, RestorePolicy policy);
  size_t num_libraries() const { return libraries_.size(); }

  // --- INFO memory ---------------------------------------------------------
  struct MemoryInfo {
    uint64_t vm_eval = 0;       // the EVAL Lua state
    uint64_t vm_functions = 0;  // the functions Lua state
    uint64_t scripts_eval = 0;  // cached script bodies and their entries
    uint64_t functions = 0;     // library code and function entries
    size_t cached_scripts = 0;
    size_t functions_count = 0;
    size_t libraries = 0;
  };
  MemoryInfo Memory() const;

  // --- Long scripts --------------------------------------------------------
  // SCRIPT KILL (is_eval) / FUNCTION KILL: the error text, or OK.
  Status Kill(bool is_eval);
  // SHUTDOWN NOSAVE while a script runs: abort it whatever it did.
  void AbortForShutdown();
  bool running() const { return run_ != nullptr; }
  // Called at every hook tick before the time check. Tests move a manual
  // clock with it; unset in the server.
  std::function<void()> on_tick;

  // Called from the Lua C functions (they find the engine in the registry).
  struct Run;
  Run* current_run() { return run_; }
  // Runs one command for redis.call / redis.pcall; returns the RESP reply.
  std::string CallFromScript(std::vector<std::string>& argv);
  // The count hook: time check, event polling, kill.
  void OnHook(lua_State* L);
  // register_function during FUNCTION LOAD.
  int RegisterFunction(lua_State* L);
  Node& node() { return node_; }
  int ScriptProtocol() const;
  void SetScriptProtocol(int resp);
  bool CommandExists(const char* name) const;
  uint64_t& rand_state() { return rand_state_; }

 private:
  struct Script {
    std::string body;
  };
  struct Function {
    std::string name;
    std::string description;
    uint64_t flags = 0;  // kNoWrites, ...
    int ref = 0;         // the callback, in the Lua registry
  };
  struct Library {
    std::string name;
    std::string code;
    std::map<std::string, Function> functions;
  };
  struct PendingLibrary;

  // Compiles body into the script cache (the function is kept in the Lua
  // registry under "f_<sha>").
  Status Compile(std::string_view sha, std::string_view body);
  // Runs the function on top of L's stack (with nargs arguments below it)
  // and writes its reply or error. funcname names it in errors.
  void RunFunction(lua_State* L, CommandContext& ctx, int nargs, Run& run);
  void WriteError(lua_State* L, CommandContext& ctx, const Run& run);
  bool ParseNumKeys(CommandContext& ctx, int64_t* numkeys);
  Status ValidateLibraryLoad(PendingLibrary& pending, bool replace);

  Node& node_;
  lua_State* eval_ = nullptr;
  lua_State* func_ = nullptr;
  std::map<std::string, Script> scripts_;  // by SHA-1
  std::map<std::string, std::unique_ptr<Library>> libraries_;
  std::map<std::string, Library*> function_owner_;  // function name -> library
  PendingLibrary* loading_ = nullptr;               // during FUNCTION LOAD
  int64_t load_start_us_ = 0;
  Run* run_ = nullptr;
  Client script_client_;
  uint64_t rand_state_;
};

// Function flags (register_function's flags table).
namespace fnflag {
enum : uint64_t {
  kNoWrites = 1 << 0,
  kAllowOom = 1 << 1,
  kAllowStale = 1 << 2,
  kNoCluster = 1 << 3,
  kAllowCrossSlot = 1 << 4,
};
}  // namespace fnflag

}  // namespace shoal
