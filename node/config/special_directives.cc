// Directives whose syntax is not a single typed value. Each keeps Redis
// 7.0's parsing quirks and error texts, since scripts and tests compare them.

#include "node/config/special_directives.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

#include "common/strutil.h"

namespace shoal::config_internal {

namespace {

using C = ServerConfig;
using Args = std::vector<std::string>;

// strtoll-style integer as Redis parses save points, buffer-limit seconds,
// oom scores and ports: the whole string must be consumed; "" is 0.
bool ParseLooseInt(const std::string& s, int64_t* out) {
  char* end = nullptr;
  int64_t v = std::strtoll(s.c_str(), &end, 10);
  if (*end != '\0') return false;
  *out = v;
  return true;
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return out;
}

// ---------------------------------------------------------------------------
// client-output-buffer-limit helpers
// ---------------------------------------------------------------------------

// The class a name selects, or -1. "master" is a client type but has no
// limits of its own.
int ClientClassByName(std::string_view name) {
  if (EqualsIgnoreCase(name, "normal")) return static_cast<int>(ClientClass::kNormal);
  if (EqualsIgnoreCase(name, "slave") || EqualsIgnoreCase(name, "replica")) {
    return static_cast<int>(ClientClass::kReplica);
  }
  if (EqualsIgnoreCase(name, "pubsub")) return static_cast<int>(ClientClass::kPubsub);
  return -1;
}

// CONFIG GET says "slave", CONFIG REWRITE writes "replica", as Redis.
constexpr std::string_view kClassGetNames[kNumClientClasses] = {"normal", "slave", "pubsub"};
constexpr std::string_view kClassRewriteNames[kNumClientClasses] = {"normal", "replica", "pubsub"};

Status SetClientOutputBufferLimit(C& c, const Args& a, ParseContext&) {
  if (a.size() % 4 != 0) {
    return Status::Error("Wrong number of arguments in buffer limit configuration.");
  }
  // Validate every class before changing any.
  auto limits = c.client_output_buffer_limit;
  for (size_t i = 0; i < a.size(); i += 4) {
    int cls = ClientClassByName(a[i]);
    if (cls < 0) {
      return Status::Error("Invalid client class specified in buffer limit configuration.");
    }
    ClientBufferLimit l;
    int64_t secs;
    if (!ParseMemory(a[i + 1], &l.hard_limit_bytes) ||
        !ParseMemory(a[i + 2], &l.soft_limit_bytes) || !ParseLooseInt(a[i + 3], &secs) ||
        secs < 0) {
      return Status::Error(
          "Error in hard, soft or soft_seconds setting in buffer limit configuration.");
    }
    l.soft_limit_seconds = secs;
    limits[static_cast<size_t>(cls)] = l;
  }
  c.client_output_buffer_limit = limits;
  return Status::Ok();
}

std::string GetClientOutputBufferLimit(const C& c) {
  std::vector<std::string> parts;
  for (int i = 0; i < kNumClientClasses; ++i) {
    const ClientBufferLimit& l = c.client_output_buffer_limit[static_cast<size_t>(i)];
    parts.push_back(std::string(kClassGetNames[i]) + " " + std::to_string(l.hard_limit_bytes) +
                    " " + std::to_string(l.soft_limit_bytes) + " " +
                    std::to_string(l.soft_limit_seconds));
  }
  return Join(parts, " ");
}

// ---------------------------------------------------------------------------
// notify-keyspace-events helpers
// ---------------------------------------------------------------------------

// The class letters in the order Redis prints them.
struct EventClass {
  char letter;
  int flag;
};
constexpr EventClass kTypeClasses[] = {
    {'g', notify::kGeneric}, {'$', notify::kString},  {'l', notify::kList},
    {'s', notify::kSet},     {'h', notify::kHash},    {'z', notify::kZset},
    {'x', notify::kExpired}, {'e', notify::kEvicted}, {'t', notify::kStream},
    {'d', notify::kModule},  {'n', notify::kNew},
};
constexpr EventClass kTargetClasses[] = {
    {'K', notify::kKeyspace}, {'E', notify::kKeyevent}, {'m', notify::kKeyMiss}};

bool ParseKeyspaceEvents(std::string_view s, int* out) {
  int flags = 0;
  for (char ch : s) {
    if (ch == 'A') {
      flags |= notify::kAll;
      continue;
    }
    bool found = false;
    for (const EventClass& e : kTypeClasses) {
      if (e.letter == ch) flags |= e.flag, found = true;
    }
    for (const EventClass& e : kTargetClasses) {
      if (e.letter == ch) flags |= e.flag, found = true;
    }
    if (!found) return false;
  }
  *out = flags;
  return true;
}

// Redis prints "A" for the whole set and then only the target letters, so
// "n" is not shown next to "A" (a quirk kept for identical CONFIG GET).
std::string FormatKeyspaceEvents(int flags) {
  std::string out;
  if ((flags & notify::kAll) == notify::kAll) {
    out = "A";
  } else {
    for (const EventClass& e : kTypeClasses) {
      if ((flags & e.flag) != 0) out.push_back(e.letter);
    }
  }
  for (const EventClass& e : kTargetClasses) {
    if ((flags & e.flag) != 0) out.push_back(e.letter);
  }
  return out;
}

// ---------------------------------------------------------------------------
// dir helpers
// ---------------------------------------------------------------------------

// Resolves a new working directory like chdir() + getcwd() would, relative
// to the current "dir", without changing the process's directory: several
// nodes may share a process, and the server applies the change itself.
Status ResolveDir(const std::string& current, const std::string& arg, std::string* out) {
  namespace fs = std::filesystem;
  if (arg.empty()) return Status::Error(std::generic_category().message(ENOENT));
  std::error_code ec;
  fs::path p(arg);
  if (p.is_relative()) {
    fs::path base = current.empty() ? fs::current_path(ec) : fs::path(current);
    if (ec) return Status::Error(ec.message());
    p = base / p;
  }
  fs::path canon = fs::canonical(p, ec);
  if (ec) return Status::Error(ec.message());
  if (!fs::is_directory(canon, ec)) return Status::Error(std::generic_category().message(ENOTDIR));
  if (::access(canon.c_str(), X_OK) != 0) {
    return Status::Error(std::generic_category().message(errno));
  }
  *out = canon.string();
  return Status::Ok();
}

}  // namespace

// ---------------------------------------------------------------------------
// The directives
// ---------------------------------------------------------------------------

Directive BindDirective() {
  constexpr size_t kMaxBindAddresses = 16;
  Directive d = NewDirective("bind", kMultiArg);
  d.set = [](C& c, const Args& a, ParseContext&) {
    if (a.size() > kMaxBindAddresses) return Status::Error("Too many bind addresses specified.");
    // A single "" means no address at all.
    if (a.size() == 1 && a[0].empty()) {
      c.bind.clear();
    } else {
      c.bind = a;
    }
    return Status::Ok();
  };
  d.get = [](const C& c) { return Join(c.bind, " "); };
  // The default is left out of the file entirely; an empty list is "".
  d.rewrite = [](const C& cur, const C& def) {
    if (cur.bind == def.bind) return std::vector<RewriteLine>{};
    std::string addrs = cur.bind.empty() ? "\"\"" : Join(cur.bind, " ");
    return std::vector<RewriteLine>{{"bind " + addrs, true}};
  };
  return d;
}

Directive UnixSocketPermDirective() {
  Directive d = NewDirective("unixsocketperm", kImmutable);
  d.set = [](C& c, const Args& a, ParseContext&) {
    char* end = nullptr;
    errno = 0;
    int64_t v = std::strtoll(a[0].c_str(), &end, 8);
    if (errno != 0 || *end != '\0') {
      return Status::Error("argument couldn't be parsed as an octal number");
    }
    if (v < 0 || v > 0777) return Status::Error("argument must be between 0 and 777 inclusive");
    c.unixsocketperm = static_cast<int>(v);
    return Status::Ok();
  };
  d.get = [](const C& c) {
    char buf[16];
    std::snprintf(buf, sizeof(buf), "%o", static_cast<unsigned>(c.unixsocketperm));
    return std::string(buf);
  };
  d.rewrite = PlainRewrite("unixsocketperm", d.get);
  return d;
}

Directive SaveDirective() {
  Directive d = NewDirective("save", kMultiArg);
  d.set = [](C& c, const Args& a, ParseContext& ctx) {
    // A single "" is an empty list: no snapshots.
    const bool clear = a.size() == 1 && a[0].empty();
    const size_t n = clear ? 0 : a.size();
    if (n % 2 != 0) return Status::Error("Invalid save parameters");
    std::vector<SavePoint> points;
    for (size_t i = 0; i < n; i += 2) {
      SavePoint p;
      if (!ParseLooseInt(a[i], &p.seconds) || !ParseLooseInt(a[i + 1], &p.changes) ||
          p.seconds < 1 || p.changes < 0) {
        return Status::Error("Invalid save parameters");
      }
      points.push_back(p);
    }
    // In a file the first save line replaces the defaults and later ones add
    // to it; CONFIG SET always replaces.
    if (clear || !ctx.loading || !ctx.save_seen) c.save.clear();
    c.save.insert(c.save.end(), points.begin(), points.end());
    if (ctx.loading) ctx.save_seen = true;
    return Status::Ok();
  };
  d.get = [](const C& c) {
    std::vector<std::string> parts;
    for (const SavePoint& p : c.save) {
      parts.push_back(std::to_string(p.seconds) + " " + std::to_string(p.changes));
    }
    return Join(parts, " ");
  };
  // Always written, one line per point, so the defaults never come back
  // unnoticed on restart.
  d.rewrite = [](const C& cur, const C&) {
    std::vector<RewriteLine> lines;
    if (cur.save.empty()) lines.push_back({"save \"\"", true});
    for (const SavePoint& p : cur.save) {
      lines.push_back(
          {"save " + std::to_string(p.seconds) + " " + std::to_string(p.changes), true});
    }
    return lines;
  };
  return d;
}

Directive DirDirective() {
  Directive d = NewDirective("dir", kProtected);
  d.set = [](C& c, const Args& a, ParseContext&) { return ResolveDir(c.dir, a[0], &c.dir); };
  d.get = [](const C& c) { return c.dir; };
  // Always written: the default is wherever the process happened to start.
  d.rewrite = [](const C& cur, const C&) {
    if (cur.dir.empty()) return std::vector<RewriteLine>{};
    return std::vector<RewriteLine>{{"dir " + Repr(cur.dir), true}};
  };
  return d;
}

Directive ReplicaOfDirective() {
  // Immutable for CONFIG SET: the REPLICAOF command changes it at runtime.
  Directive d = NewDirective("replicaof", kMultiArg | kImmutable);
  d.alias = "slaveof";
  d.set = [](C& c, const Args& a, ParseContext&) {
    if (a.size() != 2) return Status::Error("wrong number of arguments");
    if (EqualsIgnoreCase(a[0], "no") && EqualsIgnoreCase(a[1], "one")) {
      c.replicaof = ReplicaOf{};
      return Status::Ok();
    }
    int64_t port;
    if (!ParseLooseInt(a[1], &port) || port < 0 || port > 65535) {
      return Status::Error("Invalid master port");
    }
    c.replicaof = ReplicaOf{a[0], static_cast<int>(port)};
    return Status::Ok();
  };
  d.get = [](const C& c) {
    if (!c.replicaof.enabled()) return std::string();
    return c.replicaof.host + " " + std::to_string(c.replicaof.port);
  };
  d.rewrite = [](const C& cur, const C&) {
    if (!cur.replicaof.enabled() || cur.cluster_enabled) return std::vector<RewriteLine>{};
    return std::vector<RewriteLine>{
        {"replicaof " + cur.replicaof.host + " " + std::to_string(cur.replicaof.port), true}};
  };
  return d;
}

Directive MaxmemoryClientsDirective() {
  Directive d = NewDirective("maxmemory-clients");
  d.set = [](C& c, const Args& a, ParseContext&) {
    const std::string& s = a[0];
    uint64_t bytes;
    int64_t v;
    if (ParseMemory(s, &bytes)) {
      v = static_cast<int64_t>(bytes);  // wraps like Redis: huge values read as percentages
    } else if (s.size() > 1 && s.back() == '%' && ParseInt64(s.substr(0, s.size() - 1), &v) &&
               v >= 0) {
      v = -v;  // a percentage of maxmemory is stored negated
    } else {
      return Status::Error("argument must be a memory or percent value");
    }
    if (v < -100) return Status::Error("percentage argument must be less or equal to 100");
    c.maxmemory_clients = v;
    return Status::Ok();
  };
  d.get = [](const C& c) {
    int64_t v = c.maxmemory_clients;
    return v < 0 ? std::to_string(-v) + "%" : std::to_string(v);
  };
  d.rewrite = [](const C& cur, const C& def) {
    int64_t v = cur.maxmemory_clients;
    std::string text = v < 0 ? std::to_string(-v) + "%" : FormatMemory(v);
    return std::vector<RewriteLine>{{"maxmemory-clients " + text, v != def.maxmemory_clients}};
  };
  return d;
}

Directive ClientOutputBufferLimitDirective() {
  Directive d = NewDirective("client-output-buffer-limit", kMultiArg);
  d.set = SetClientOutputBufferLimit;
  d.get = GetClientOutputBufferLimit;
  // One line per class that differs from its default.
  d.rewrite = [](const C& cur, const C& def) {
    std::vector<RewriteLine> lines;
    for (size_t i = 0; i < kNumClientClasses; ++i) {
      const ClientBufferLimit& l = cur.client_output_buffer_limit[i];
      std::string text = "client-output-buffer-limit " + std::string(kClassRewriteNames[i]) + " " +
                         FormatMemory(static_cast<int64_t>(l.hard_limit_bytes)) + " " +
                         FormatMemory(static_cast<int64_t>(l.soft_limit_bytes)) + " " +
                         std::to_string(l.soft_limit_seconds);
      lines.push_back({std::move(text), !(l == def.client_output_buffer_limit[i])});
    }
    return lines;
  };
  return d;
}

Directive OomScoreAdjValuesDirective() {
  Directive d = NewDirective("oom-score-adj-values", kMultiArg);
  d.set = [](C& c, const Args& a, ParseContext&) {
    if (a.size() != c.oom_score_adj_values.size()) {
      return Status::Error("wrong number of arguments");
    }
    std::array<int, 3> values;
    for (size_t i = 0; i < a.size(); ++i) {
      int64_t v;
      if (!ParseLooseInt(a[i], &v) || v < -2000 || v > 2000) {
        return Status::Error(
            "Invalid oom-score-adj-values, elements must be between -2000 and 2000.");
      }
      values[i] = static_cast<int>(v);
    }
    c.oom_score_adj_values = values;
    return Status::Ok();
  };
  d.get = [](const C& c) {
    const auto& v = c.oom_score_adj_values;
    return std::to_string(v[0]) + " " + std::to_string(v[1]) + " " + std::to_string(v[2]);
  };
  d.rewrite = PlainRewrite("oom-score-adj-values", d.get);
  return d;
}

Directive LatencyTrackingPercentilesDirective() {
  Directive d = NewDirective("latency-tracking-info-percentiles", kMultiArg);
  d.set = [](C& c, const Args& a, ParseContext&) {
    std::vector<double> values;
    const bool clear = a.size() == 1 && a[0].empty();
    for (size_t i = 0; !clear && i < a.size(); ++i) {
      double v;
      if (!ParseDouble(a[i], &v)) {
        return Status::Error("Invalid latency-tracking-info-percentiles parameters");
      }
      if (v < 0.0 || v > 100.0) {
        return Status::Error(
            "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]");
      }
      values.push_back(v);
    }
    c.latency_tracking_info_percentiles = std::move(values);
    return Status::Ok();
  };
  d.get = [](const C& c) {
    std::vector<std::string> parts;
    for (double v : c.latency_tracking_info_percentiles) parts.push_back(FormatDouble(v));
    return Join(parts, " ");
  };
  d.rewrite = [get = d.get](const C& cur, const C& def) {
    std::string v = get(cur);
    return std::vector<RewriteLine>{
        {"latency-tracking-info-percentiles " + (v.empty() ? "\"\"" : v), v != get(def)}};
  };
  return d;
}

Directive NotifyKeyspaceEventsDirective() {
  Directive d = NewDirective("notify-keyspace-events");
  d.set = [](C& c, const Args& a, ParseContext&) {
    if (!ParseKeyspaceEvents(a[0], &c.notify_keyspace_events)) {
      return Status::Error("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
    }
    return Status::Ok();
  };
  d.get = [](const C& c) { return FormatKeyspaceEvents(c.notify_keyspace_events); };
  d.rewrite = [](const C& cur, const C& def) {
    return std::vector<RewriteLine>{
        {"notify-keyspace-events " + Repr(FormatKeyspaceEvents(cur.notify_keyspace_events)),
         cur.notify_keyspace_events != def.notify_keyspace_events}};
  };
  return d;
}

Directive ShutdownOnSignalDirective(std::string_view name, int ServerConfig::*field) {
  static const std::vector<std::string_view> kNames = {"default", "save", "nosave", "now", "force"};
  static constexpr int kFlags[] = {0, kShutdownSave, kShutdownNoSave, kShutdownNow, kShutdownForce};
  Directive d = NewDirective(name, kMultiArg);
  d.set = [field](C& c, const Args& a, ParseContext&) {
    if (a.empty()) return EnumError(kNames);
    int flags = 0;
    for (const std::string& arg : a) {
      size_t i = 0;
      while (i < kNames.size() && !EqualsIgnoreCase(arg, kNames[i])) ++i;
      if (i == kNames.size()) return EnumError(kNames);
      flags |= kFlags[i];
    }
    if ((flags & kShutdownSave) != 0 && (flags & kShutdownNoSave) != 0) {
      return Status::Error("shutdown options SAVE and NOSAVE can't be used simultaneously");
    }
    c.*field = flags;
    return Status::Ok();
  };
  d.get = [field](const C& c) {
    int flags = c.*field;
    if (flags == 0) return std::string("default");
    std::vector<std::string> parts;
    for (size_t i = 1; i < kNames.size(); ++i) {
      if ((flags & kFlags[i]) != 0) parts.emplace_back(kNames[i]);
    }
    return Join(parts, " ");
  };
  d.rewrite = PlainRewrite(name, d.get);
  return d;
}

}  // namespace shoal::config_internal
