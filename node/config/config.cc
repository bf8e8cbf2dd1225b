// Config: loading redis.conf text and the command line, CONFIG GET and
// CONFIG SET over the directive table. CONFIG REWRITE is in rewrite.cc.

#include "node/config/config.h"

#include <glob.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <unordered_set>

#include "common/strutil.h"
#include "node/config/directive.h"

namespace shoal {

using config_internal::Directive;
using config_internal::Directives;
using config_internal::FindDirective;
using config_internal::ParseContext;
using config_internal::SplitArgs;

namespace {

// Includes nest at most this deep, which also stops include cycles.
constexpr size_t kMaxIncludeDepth = 16;

std::string Banner() {
  return std::string("*** FATAL CONFIG FILE ERROR (Shoal ") + SHOAL_VERSION + ") ***";
}

std::string FatalAtLine(int line_number, std::string_view line, std::string_view reason) {
  return Banner() + "\nReading the configuration file, at line " + std::to_string(line_number) +
         "\n>>> '" + std::string(line) + "'\n" + std::string(reason);
}

// Reads a whole file; the error is the text Redis prints when it cannot.
Status ReadConfigFile(const std::string& path, std::string* out) {
  auto fail = [&path](int err) {
    return Status::Error("Fatal error, can't open config file '" + path +
                         "': " + std::strerror(err));
  };
  if (path.empty()) return fail(ENOENT);
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return fail(EISDIR);
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(errno);
  std::ostringstream buf;
  buf << in.rdbuf();
  *out = buf.str();
  return Status::Ok();
}

std::string AbsolutePath(const std::string& path) {
  if (path.empty()) return path;
  std::error_code ec;
  std::filesystem::path abs = std::filesystem::absolute(path, ec);
  return ec ? path : abs.lexically_normal().string();
}

// Directives Redis 7.0 still accepts in files and ignores.
bool IsDeprecated(std::string_view name, size_t argc) {
  return argc == 2 && (name == "list-max-ziplist-entries" || name == "list-max-ziplist-value" ||
                       name == "lua-replicate-commands");
}

bool HasGlobChars(std::string_view s) { return s.find_first_of("*?[") != std::string_view::npos; }

std::string SetFailed(std::string_view name, std::string_view reason) {
  std::string msg =
      "ERR CONFIG SET failed (possibly related to argument '" + std::string(name) + "')";
  if (!reason.empty()) msg += " - " + std::string(reason);
  return msg;
}

}  // namespace

int ServerConfig::EffectiveAdminPort() const {
  if (admin_port >= 0) return admin_port;
  if (port == 0 || port + 1000 > 65535) return 0;
  return port + 1000;
}

// The state of one load: a working copy committed only when everything
// parsed, so a failed load changes nothing.
struct Config::LoadState {
  ServerConfig values;
  ParseContext ctx{.loading = true};
  std::vector<std::string> sources;  // the include chain, outermost first
  // The error being returned is already a whole message (it came from an
  // included file), not a reason to attach to the current line.
  bool error_is_complete = false;
};

Config::Config() {
  std::error_code ec;
  std::filesystem::path cwd = std::filesystem::current_path(ec);
  if (!ec) values_.dir = cwd.string();
}

// ---------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------

Status Config::LoadFile(const std::string& path) {
  std::string abs = AbsolutePath(path);
  std::string text;
  if (Status st = ReadConfigFile(abs, &text); !st.ok()) return st;
  if (Status st = LoadString(text, abs); !st.ok()) return st;
  config_file_ = abs;
  return Status::Ok();
}

Status Config::LoadString(std::string_view text, std::string_view source_name) {
  LoadState state;
  state.values = values_;
  state.sources.emplace_back(source_name);
  if (Status st = LoadText(text, state); !st.ok()) return st;
  // Checks over the whole result, reported without a line like Redis does.
  if (state.values.cluster_enabled && state.values.replicaof.enabled()) {
    return Status::Error(Banner() + "\nreplicaof directive not allowed in cluster mode");
  }
  values_ = std::move(state.values);
  return Status::Ok();
}

Status Config::LoadText(std::string_view text, LoadState& state) {
  int line_number = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = config_internal::TrimLine(text.substr(pos, nl - pos));
    pos = nl + 1;
    ++line_number;
    if (line.empty() || line[0] == '#') continue;
    if (Status st = LoadLine(line, state); !st.ok()) {
      // Errors from included files arrive complete, with their own line.
      if (state.error_is_complete) return st;
      return Status::Error(FatalAtLine(line_number, line, st.message()));
    }
  }
  return Status::Ok();
}

Status Config::LoadLine(std::string_view line, LoadState& state) {
  std::optional<std::vector<std::string>> argv = SplitArgs(line);
  if (!argv) return Status::Error("Unbalanced quotes in configuration line");
  if (argv->empty()) return Status::Ok();
  const std::string name = ToLower((*argv)[0]);
  const size_t argc = argv->size();

  if (int idx = FindDirective(name); idx >= 0) {
    const Directive& d = Directives()[static_cast<size_t>(idx)];
    if (!d.has(config_internal::kMultiArg) && argc != 2) {
      return Status::Error("wrong number of arguments");
    }
    std::vector<std::string> args(argv->begin() + 1, argv->end());
    // "save '3600 1 300 100'" and --save "3600 1" pass several values as one
    // argument: split it again (but keep a lone "" as is).
    if (d.has(config_internal::kMultiArg) && args.size() == 1 && !args[0].empty()) {
      args = SplitArgs(args[0]).value_or(std::vector<std::string>{});
    }
    return d.set(state.values, args, state.ctx);
  }
  if (IsDeprecated(name, argc)) return Status::Ok();
  if (name == "include" && argc == 2) return Include((*argv)[1], state);
  if (name == "rename-command" && argc == 3) {
    state.values.rename_command.emplace_back((*argv)[1], (*argv)[2]);
    return Status::Ok();
  }
  if (name == "user" && argc >= 2) {
    state.values.user.emplace_back(argv->begin() + 1, argv->end());
    return Status::Ok();
  }
  if (name == "loadmodule" && argc >= 2) {
    state.values.loadmodule.emplace_back(argv->begin() + 1, argv->end());
    return Status::Ok();
  }
  if (name == "sentinel") {
    // A bare "sentinel" selects sentinel mode on the command line; there is
    // nothing to do here. Sentinel state needs the sentinel binary.
    if (argc == 1) return Status::Ok();
    return Status::Error("sentinel directive while not in sentinel mode");
  }
  return Status::Error("Bad directive or wrong number of arguments");
}

// include <path>: a path with * ? or [ is a glob, and matching nothing is
// fine (an empty conf.d); a plain path must exist. Relative paths are from
// the process's working directory, as in Redis.
Status Config::Include(const std::string& pattern, LoadState& state) {
  if (state.sources.size() > kMaxIncludeDepth) {
    return Status::Error("Too many nested include directives");
  }
  if (!HasGlobChars(pattern)) return LoadIncludedFile(pattern, state);
  glob_t g{};
  int rc = ::glob(pattern.c_str(), 0, nullptr, &g);
  std::vector<std::string> paths;
  if (rc == 0) paths.assign(g.gl_pathv, g.gl_pathv + g.gl_pathc);
  ::globfree(&g);
  for (const std::string& path : paths) {
    if (Status st = LoadIncludedFile(path, state); !st.ok()) return st;
  }
  return Status::Ok();
}

Status Config::LoadIncludedFile(const std::string& path, LoadState& state) {
  std::string abs = AbsolutePath(path);
  if (std::find(state.sources.begin(), state.sources.end(), abs) != state.sources.end()) {
    return Status::Error("Config file '" + path + "' includes itself");
  }
  std::string text;
  Status st = ReadConfigFile(path, &text);
  if (st.ok()) {
    state.sources.push_back(abs);
    st = LoadText(text, state);
    state.sources.pop_back();
  }
  state.error_is_complete = !st.ok();
  return st;
}

// ---------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------

Status Config::ParseArgs(int argc, char** argv) {
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
  return ParseArgs(args, &std::cin);
}

Status Config::ParseArgs(const std::vector<std::string>& args, std::istream* stdin_text) {
  action_ = Action::kRun;
  if (!args.empty() && (args[0] == "-v" || args[0] == "--version")) {
    action_ = Action::kPrintVersion;
    return Status::Ok();
  }
  if (!args.empty() && (args[0] == "-h" || args[0] == "--help")) {
    action_ = Action::kPrintHelp;
    return Status::Ok();
  }
  size_t j = 0;
  bool has_file = false;
  std::string file;
  if (!args.empty() && (args[0].empty() || args[0][0] != '-')) {
    has_file = true;
    file = AbsolutePath(args[0]);
    j = 1;
  }
  // Options become "name value..." lines appended to the file, values quoted
  // so they reach the directive unchanged. A "--name" followed by a value
  // that starts with "--" takes it as its value, except --save (for
  // generated command lines that pass "--save" with nothing).
  bool from_stdin = false;
  bool name_has_value = true;
  std::string options;
  for (; j < args.size(); ++j) {
    const std::string& a = args[j];
    const bool last = j + 1 == args.size();
    if (a == "-" && (j == 0 || last)) {
      from_stdin = true;
    } else if (name_has_value && a.rfind("--", 0) == 0) {
      if (!options.empty()) options += "\n";
      options += a.substr(2) + " ";
      std::optional<std::vector<std::string>> words = SplitArgs(a);
      name_has_value = !(words && words->size() == 1);
      if (!name_has_value && EqualsIgnoreCase(a, "--save")) {
        const bool next_is_option = !last && args[j + 1].rfind("--", 0) == 0;
        if (next_is_option || last) options += "\"\"";
        if (next_is_option) name_has_value = true;
      }
    } else {
      options += config_internal::Repr(a) + " ";
      name_has_value = true;
    }
  }

  std::string text;
  if (has_file) {
    if (Status st = ReadConfigFile(file, &text); !st.ok()) return st;
  }
  if (from_stdin && stdin_text != nullptr) {
    text.append(std::istreambuf_iterator<char>(*stdin_text), std::istreambuf_iterator<char>());
  }
  text += "\n" + options;
  if (Status st = LoadString(text, file.empty() ? "command line" : file); !st.ok()) return st;
  config_file_ = file;
  return Status::Ok();
}

// ---------------------------------------------------------------------------
// CONFIG GET
// ---------------------------------------------------------------------------

std::vector<std::pair<std::string, std::string>> Config::Get(
    const std::vector<std::string>& patterns) const {
  std::vector<std::pair<std::string, std::string>> out;
  std::unordered_set<std::string> seen;  // lowercase names already answered
  const std::vector<Directive>& table = Directives();
  for (const std::string& pattern : patterns) {
    if (!HasGlobChars(pattern)) {
      int idx = FindDirective(pattern);
      if (idx < 0 || !seen.insert(ToLower(pattern)).second) continue;
      out.emplace_back(pattern, table[static_cast<size_t>(idx)].get(values_));
      continue;
    }
    for (const Directive& d : table) {
      if (d.has(config_internal::kHidden)) continue;
      for (std::string_view name : {d.name, d.alias}) {
        if (name.empty() || !GlobMatch(pattern, name, /*nocase=*/true)) continue;
        if (!seen.insert(std::string(name)).second) continue;
        out.emplace_back(std::string(name), d.get(values_));
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// CONFIG SET
// ---------------------------------------------------------------------------

Status Config::Set(const std::vector<std::pair<std::string, std::string>>& pairs,
                   const SetOptions& options) {
  const std::vector<Directive>& table = Directives();
  const bool protected_allowed =
      values_.enable_protected_configs == "yes" ||
      (values_.enable_protected_configs == "local" && options.client_is_local);

  // 1. Names: the first problem in argument order is the one reported.
  std::vector<int> indexes;
  for (const auto& [name, value] : pairs) {
    int idx = FindDirective(name);
    if (idx < 0) {
      return Status::Error("ERR Unknown option or number of arguments for CONFIG SET - '" + name +
                           "'");
    }
    const Directive& d = table[static_cast<size_t>(idx)];
    if (d.has(config_internal::kImmutable)) {
      return Status::Error(SetFailed(name, "can't set immutable config"));
    }
    if (d.has(config_internal::kProtected) && !protected_allowed) {
      return Status::Error(SetFailed(name, "can't set protected config"));
    }
    if (std::find(indexes.begin(), indexes.end(), idx) != indexes.end()) {
      return Status::Error(SetFailed(name, "duplicate parameter"));
    }
    indexes.push_back(idx);
  }

  // 2. Values, parsed into a copy.
  ServerConfig next = values_;
  ParseContext ctx;
  for (size_t i = 0; i < pairs.size(); ++i) {
    const Directive& d = table[static_cast<size_t>(indexes[i])];
    const std::string& value = pairs[i].second;
    std::vector<std::string> args = d.has(config_internal::kMultiArg)
                                        ? config_internal::SplitOnSpaces(value)
                                        : std::vector<std::string>{value};
    if (Status st = d.set(next, args, ctx); !st.ok()) {
      return Status::Error(SetFailed(pairs[i].first, st.message()));
    }
  }

  // 3. Commit, then let the server apply what changed.
  std::vector<int> changed;
  for (int idx : indexes) {
    const Directive& d = table[static_cast<size_t>(idx)];
    if (d.get(next) != d.get(values_)) changed.push_back(idx);
  }
  ServerConfig old = std::exchange(values_, std::move(next));
  return RunHooks(changed, std::move(old));
}

Status Config::RunHooks(const std::vector<int>& changed, ServerConfig old_values) {
  // Each hook once, in the order its first changed directive was given.
  std::vector<std::pair<size_t, int>> to_run;  // hook index, directive that triggered it
  for (int idx : changed) {
    for (size_t h = 0; h < hooks_.size(); ++h) {
      const std::vector<int>& watched = hooks_[h].directives;
      bool fires =
          watched.empty() || std::find(watched.begin(), watched.end(), idx) != watched.end();
      bool queued =
          std::any_of(to_run.begin(), to_run.end(), [h](const auto& r) { return r.first == h; });
      if (fires && !queued) to_run.emplace_back(h, idx);
    }
  }
  for (size_t i = 0; i < to_run.size(); ++i) {
    Status st = hooks_[to_run[i].first].fn();
    if (st.ok()) continue;
    // Undo: old values back, and the hooks that ran apply them again.
    values_ = std::move(old_values);
    for (size_t k = 0; k <= i; ++k) {
      Status ignored = hooks_[to_run[k].first].fn();
      (void)ignored;
    }
    const Directive& d = Directives()[static_cast<size_t>(to_run[i].second)];
    return Status::Error(SetFailed(d.name, st.message()));
  }
  return Status::Ok();
}

Status Config::OnChange(const std::vector<std::string>& names, ChangeHook hook) {
  Hook h;
  for (const std::string& name : names) {
    int idx = FindDirective(name);
    if (idx < 0) return Status::Error("ERR unknown config directive '" + name + "'");
    h.directives.push_back(idx);
  }
  if (h.directives.empty()) return Status::Error("ERR no config directive to watch");
  h.fn = std::move(hook);
  hooks_.push_back(std::move(h));
  return Status::Ok();
}

Status Config::OnChange(std::string_view name, ChangeHook hook) {
  return OnChange(std::vector<std::string>{std::string(name)}, std::move(hook));
}

void Config::OnAnyChange(ChangeHook hook) { hooks_.push_back(Hook{{}, std::move(hook)}); }

void Config::OnRewrite(std::string_view directive, RewriteProvider provider) {
  rewrite_providers_.emplace_back(ToLower(directive), std::move(provider));
}

bool Config::IsSensitive(std::string_view name) {
  int idx = FindDirective(name);
  return idx >= 0 && Directives()[static_cast<size_t>(idx)].has(config_internal::kSensitive);
}

bool Config::IsKnown(std::string_view name) { return FindDirective(name) >= 0; }

}  // namespace shoal
