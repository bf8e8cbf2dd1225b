// CLIENT: the container command for connection management (ID, SETNAME,
// GETNAME, LIST, INFO, KILL, PAUSE, UNPAUSE, REPLY, NO-EVICT, SETINFO, ...).
// Replies and error texts follow Redis 7.0; SETINFO follows Redis 7.2.
#include "node/commands/client_cmd.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <type_traits>
#include <vector>

#include "common/strutil.h"
#include "node/core/command_args.h"
#include "node/core/blocking.h"
#include "node/core/errors.h"
#include "node/replication/replication.h"

namespace shoal {

namespace {

// ---------------------------------------------------------------------------
// Error texts of the CLIENT family (Redis 7.0 wording)
// ---------------------------------------------------------------------------

constexpr std::string_view kNoSuchClient = "ERR No such client";
constexpr std::string_view kBadClientId = "ERR client-id should be greater than 0";
constexpr std::string_view kInvalidClientId = "ERR Invalid client ID";
constexpr std::string_view kTimeoutNotInteger = "ERR timeout is not an integer or out of range";
constexpr std::string_view kTimeoutNegative = "ERR timeout is negative";
constexpr std::string_view kPauseMode = "ERR CLIENT PAUSE mode must be WRITE or ALL";
constexpr std::string_view kUnblockReason = "ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR";
constexpr std::string_view kCachingWithoutTracking =
    "ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or "
    "OPTOUT mode enabled";

// Redis's static reply buffer: output beyond it goes to a list of blocks,
// which CLIENT LIST reports as oll/omem.
constexpr size_t kReplyChunkBytes = 16 * 1024;

// ---------------------------------------------------------------------------
// Client types (CLIENT LIST TYPE, CLIENT KILL TYPE)
// ---------------------------------------------------------------------------

enum class ClientType { kNormal, kReplica, kPubSub, kMaster };

std::optional<ClientType> ParseClientType(std::string_view name) {
  if (EqualsIgnoreCase(name, "normal")) return ClientType::kNormal;
  if (EqualsIgnoreCase(name, "slave") || EqualsIgnoreCase(name, "replica")) {
    return ClientType::kReplica;
  }
  if (EqualsIgnoreCase(name, "pubsub")) return ClientType::kPubSub;
  if (EqualsIgnoreCase(name, "master")) return ClientType::kMaster;
  return std::nullopt;
}

// A client with any subscription is a pub/sub one (MONITOR clients are
// normal in Redis too).
ClientType TypeOf(const Client& c) {
  if (c.master_link) return ClientType::kMaster;
  if (c.replica_link) return ClientType::kReplica;
  return c.pubsub() ? ClientType::kPubSub : ClientType::kNormal;
}

std::string UnknownClientType(std::string_view name) {
  return "ERR Unknown client type '" + std::string(name) + "'";
}

// ---------------------------------------------------------------------------
// CLIENT LIST line
// ---------------------------------------------------------------------------

// Flag letters in Redis's order; 'N' when none applies.
std::string ClientFlags(const Client& c) {
  std::string flags;
  if (c.monitor) flags.push_back('O');
  if (c.replica_link && !c.monitor) flags.push_back('S');
  if (c.master_link) flags.push_back('M');
  if (c.pubsub()) flags.push_back('P');
  if (c.multi.active) flags.push_back('x');
  if (c.blocked) flags.push_back('b');
  if (c.tracking.on) flags.push_back('t');
  if (c.tracking.broken_redir) flags.push_back('R');
  if (c.tracking.bcast) flags.push_back('B');
  if (c.multi.dirty_cas) flags.push_back('d');
  if (c.close_asap) flags.push_back('c');
  if (c.info.unix_socket) flags.push_back('U');
  if (c.no_evict) flags.push_back('e');
  if (flags.empty()) flags.push_back('N');
  return flags;
}

struct BufferFigures {
  size_t qbuf = 0, qbuf_free = 0, rbs = 0, rbp = 0;
  size_t obl = 0, oll = 0, omem = 0;
};

// Buffer figures from the transport; all zero for a client without a
// connection (the test harness's clients).
BufferFigures FiguresOf(const Client& c) {
  BufferFigures f;
  if (c.conn == nullptr) return f;
  f.qbuf = c.conn->query_buffer_size();
  f.qbuf_free = c.conn->query_buffer_free();
  f.rbs = f.qbuf + f.qbuf_free;
  f.rbp = f.rbs;
  size_t out = c.conn->output_buffer_size();
  f.obl = std::min(out, kReplyChunkBytes);
  if (out > kReplyChunkBytes) {
    f.omem = out - kReplyChunkBytes;
    f.oll = (f.omem + kReplyChunkBytes - 1) / kReplyChunkBytes;
  }
  return f;
}

// ---------------------------------------------------------------------------
// Argument docs (COMMAND DOCS "arguments", "history", "doc_flags")
// ---------------------------------------------------------------------------

using namespace argdoc;  // NOLINT: builder names read as the docs' vocabulary

constexpr argdoc::DocEntry kClientDocs[] = {
    // SETINFO comes from Redis 7.2, documented the way 7.2 does.
    {"client|setinfo",
     [](CommandSpec& s) {
       s.args = {
           OneOf("attr", {String("libname").Token("LIB-NAME"), String("libver").Token("LIB-VER")})};
     }},
    {"client|list",
     [](CommandSpec& s) {
       s.history = {{"2.8.12", "Added unique client `id` field."},
                    {"5.0.0", "Added optional `TYPE` filter."},
                    {"6.0.0", "Added `user` field."},
                    {"6.2.0",
                     "Added `argv-mem`, `tot-mem`, `laddr` and `redir` fields and the optional "
                     "`ID` filter."},
                    {"7.0.0", "Added `resp`, `multi-mem`, `rbs` and `rbp` fields."},
                    {"7.0.3", "Added `ssub` field."}};
       s.args = {
           OneOf("normal_master_replica_pubsub",
                 {Token("normal", "NORMAL"), Token("master", "MASTER"), Token("replica", "REPLICA"),
                  Token("pubsub", "PUBSUB")})
               .Token("TYPE")
               .Since("5.0.0")
               .Optional(),
           Block("id", {Integer("client-id").Multiple()}).Token("ID").Since("6.2.0").Optional()};
     }},
    {"client|tracking",
     [](CommandSpec& s) {
       s.args = {OneOf("status", {Token("on", "ON"), Token("off", "OFF")}),
                 Integer("client-id").Token("REDIRECT").Optional(),
                 String("prefix").Token("PREFIX").Optional().Multiple().MultipleToken(),
                 Token("bcast", "BCAST").Optional(),
                 Token("optin", "OPTIN").Optional(),
                 Token("optout", "OPTOUT").Optional(),
                 Token("noloop", "NOLOOP").Optional()};
     }},
    {"client|no-evict",
     [](CommandSpec& s) {
       s.args = {OneOf("enabled", {Token("on", "ON"), Token("off", "OFF")})};
     }},
    {"client|caching",
     [](CommandSpec& s) {
       s.args = {OneOf("mode", {Token("yes", "YES"), Token("no", "NO")})};
     }},
    {"client|unblock",
     [](CommandSpec& s) {
       s.args = {Integer("client-id"),
                 OneOf("timeout_error", {Token("timeout", "TIMEOUT"), Token("error", "ERROR")})
                     .Optional()};
     }},
    {"client|kill",
     [](CommandSpec& s) {
       s.history = {{"2.8.12", "Added new filter format."},
                    {"2.8.12", "`ID` option."},
                    {"3.2.0", "Added `master` type in for `TYPE` option."},
                    {"5.0.0",
                     "Replaced `slave` `TYPE` with `replica`. `slave` still supported for backward "
                     "compatibility."},
                    {"6.2.0", "`LADDR` option."}};
       s.args = {
           OneOf("filter",
                 {String("ip:port").DeprecatedSince("2.8.12"),
                  OneOf("new-format",
                        {Integer("client-id").Token("ID").Since("2.8.12").Optional(),
                         OneOf("normal_master_slave_pubsub",
                               {Token("normal", "NORMAL"), Token("master", "MASTER").Since("3.2.0"),
                                Token("slave", "SLAVE"), Token("replica", "REPLICA").Since("5.0.0"),
                                Token("pubsub", "PUBSUB")})
                             .Token("TYPE")
                             .Since("2.8.12")
                             .Optional(),
                         String("username").Token("USER").Optional(),
                         String("ip:port").Token("ADDR").Optional(),
                         String("ip:port").Token("LADDR").Since("6.2.0").Optional(),
                         String("yes/no").Token("SKIPME").Optional()})
                      .Multiple()})};
     }},
    {"client|reply",
     [](CommandSpec& s) {
       s.args = {
           OneOf("on_off_skip", {Token("on", "ON"), Token("off", "OFF"), Token("skip", "SKIP")})};
     }},
    {"client|pause",
     [](CommandSpec& s) {
       s.history = {{"6.2.0", "`CLIENT PAUSE WRITE` mode added along with the `mode` option."}};
       s.args = {
           Integer("timeout"),
           OneOf("mode", {Token("write", "WRITE"), Token("all", "ALL")}).Since("6.2.0").Optional()};
     }},
    {"client|setname", [](CommandSpec& s) { s.args = {String("connection-name")}; }},
};

}  // namespace

bool IsValidClientAttribute(std::string_view value) {
  return std::all_of(value.begin(), value.end(), [](char ch) { return ch >= '!' && ch <= '~'; });
}

std::string FormatClientInfo(const Client& c, int64_t now_ms, std::string_view cmd,
                             uint64_t argv_mem) {
  const BufferFigures f = FiguresOf(c);
  const uint64_t tot_mem = f.rbs + f.obl + f.omem + argv_mem + sizeof(Client);
  const int64_t age = std::max<int64_t>(0, (now_ms - c.created_ms) / 1000);
  const int64_t idle = std::max<int64_t>(0, (now_ms - c.last_interaction_ms) / 1000);
  std::string s;
  s.reserve(320);
  auto field = [&s](std::string_view name, const auto& value) {
    if (!s.empty()) s.push_back(' ');
    s.append(name);
    s.push_back('=');
    if constexpr (std::is_arithmetic_v<std::decay_t<decltype(value)>>) {
      s.append(std::to_string(value));
    } else {
      s.append(value);
    }
  };
  field("id", c.id);
  field("addr", c.info.addr);
  field("laddr", c.info.laddr);
  field("fd", c.info.fd);
  field("name", c.name);
  field("age", age);
  field("idle", idle);
  field("flags", ClientFlags(c));
  field("db", c.db);
  field("sub", c.channels.size());
  field("psub", c.patterns.size());
  field("ssub", c.shard_channels.size());
  field("multi", c.multi.active ? static_cast<int64_t>(c.multi.queue.size()) : -1);
  field("qbuf", f.qbuf);
  field("qbuf-free", f.qbuf_free);
  field("argv-mem", argv_mem);
  field("multi-mem", c.multi.queued_mem);
  field("rbs", f.rbs);
  field("rbp", f.rbp);
  field("obl", f.obl);
  field("oll", f.oll);
  field("omem", f.omem);
  field("tot-mem", tot_mem);
  field("events", std::string_view(f.obl > 0 ? "rw" : "r"));
  field("cmd", cmd);
  field("user", c.user);
  field("redir", c.tracking.on ? static_cast<int64_t>(c.tracking.redirect) : -1);
  field("resp", c.resp);
  return s;
}

void ReplyHelp(resp::ReplyWriter& reply, std::string_view container,
               std::initializer_list<std::string_view> lines) {
  reply.ArrayHeader(lines.size() + 3);
  reply.Status(ToUpper(container) + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
  for (std::string_view line : lines) reply.Status(line);
  reply.Status("HELP");
  reply.Status("    Prints this help.");
}

std::string SubcommandSyntaxError(const std::vector<std::string>& argv) {
  return "ERR unknown subcommand or wrong number of arguments for '" +
         std::string(std::string_view(argv[1]).substr(0, 128)) + "'. Try " + ToUpper(argv[0]) +
         " HELP.";
}

namespace {

// CLIENT LIST lines. The caller is in the middle of this command: its "cmd="
// is this command (last_cmd is only updated once a command returns) and its
// argv-mem the size of this command's arguments; other clients are idle.
std::string ClientLines(CommandContext& ctx, const std::vector<const Client*>& clients) {
  uint64_t own_argv_mem = 0;
  for (const std::string& arg : ctx.argv) own_argv_mem += arg.size();
  std::string out;
  const int64_t now = ctx.now_ms();
  for (const Client* c : clients) {
    if (c == &ctx.client) {
      // Inside EXEC the running command is EXEC, as Redis reports it.
      out += FormatClientInfo(*c, now, c->in_exec ? "exec" : ctx.spec.full_name, own_argv_mem);
    } else {
      out += FormatClientInfo(*c, now, c->last_cmd, c->argv_mem);
    }
    out.push_back('\n');
  }
  return out;
}

// ---------------------------------------------------------------------------
// Simple subcommands
// ---------------------------------------------------------------------------

void CmdClientId(CommandContext& ctx) { ctx.reply.Integer(static_cast<int64_t>(ctx.client.id)); }

void CmdClientSetName(CommandContext& ctx) {
  const std::string& name = ctx.argv[2];
  if (!IsValidClientAttribute(name)) return ctx.reply.Error(kBadClientName);
  ctx.client.name = name;  // an empty name clears it
  ctx.reply.Ok();
}

void CmdClientGetName(CommandContext& ctx) {
  if (ctx.client.name.empty()) return ctx.reply.Null();
  ctx.reply.Bulk(ctx.client.name);
}

void CmdClientInfo(CommandContext& ctx) {
  ctx.reply.Verbatim("txt", ClientLines(ctx, {&ctx.client}));
}

void CmdClientReply(CommandContext& ctx) {
  const std::string& mode = ctx.argv[2];
  if (EqualsIgnoreCase(mode, "on")) {
    ctx.client.reply_mode = ReplyMode::kOn;
    ctx.reply.Ok();
  } else if (EqualsIgnoreCase(mode, "off")) {
    ctx.client.reply_mode = ReplyMode::kOff;
  } else if (EqualsIgnoreCase(mode, "skip")) {
    // The dispatcher turns kSkipNext into kSkip once this command is done,
    // so it is the next command whose reply is dropped.
    if (ctx.client.reply_mode != ReplyMode::kOff) ctx.client.reply_mode = ReplyMode::kSkipNext;
  } else {
    ctx.reply.Error(errors::kSyntax);
  }
}

void CmdClientNoEvict(CommandContext& ctx) {
  const std::string& mode = ctx.argv[2];
  if (EqualsIgnoreCase(mode, "on")) {
    ctx.client.no_evict = true;
  } else if (EqualsIgnoreCase(mode, "off")) {
    ctx.client.no_evict = false;
  } else {
    return ctx.reply.Error(errors::kSyntax);
  }
  ctx.reply.Ok();
}

// CLIENT SETINFO LIB-NAME|LIB-VER <value> (Redis 7.2).
void CmdClientSetInfo(CommandContext& ctx) {
  const std::string& attr = ctx.argv[2];
  const std::string& value = ctx.argv[3];
  std::string* dest = nullptr;
  if (EqualsIgnoreCase(attr, "lib-name")) {
    dest = &ctx.client.lib_name;
  } else if (EqualsIgnoreCase(attr, "lib-ver")) {
    dest = &ctx.client.lib_ver;
  } else {
    return ctx.reply.Error("ERR Unrecognized option '" + attr + "'");
  }
  if (!IsValidClientAttribute(value)) {
    return ctx.reply.Error("ERR " + attr +
                           " cannot contain spaces, newlines or special characters.");
  }
  *dest = value;
  ctx.reply.Ok();
}

// ---------------------------------------------------------------------------
// Client-side caching (node/core/tracking.h)
// ---------------------------------------------------------------------------

void CmdClientGetRedir(CommandContext& ctx) {
  const ClientTracking& t = ctx.client.tracking;
  ctx.reply.Integer(t.on ? static_cast<int64_t>(t.redirect) : -1);
}

void CmdClientTrackingInfo(CommandContext& ctx) {
  const ClientTracking& t = ctx.client.tracking;
  std::vector<std::string_view> flags;
  if (!t.on) flags.push_back("off");
  if (t.on) flags.push_back("on");
  if (t.bcast) flags.push_back("bcast");
  if (t.optin) flags.push_back("optin");
  if (t.optout) flags.push_back("optout");
  if (t.caching && t.optin) flags.push_back("caching-yes");
  if (t.caching && t.optout) flags.push_back("caching-no");
  if (t.noloop) flags.push_back("noloop");
  if (t.broken_redir) flags.push_back("broken_redirect");
  ctx.reply.MapHeader(3);
  ctx.reply.Bulk("flags");
  ctx.reply.SetHeader(flags.size());
  for (std::string_view f : flags) ctx.reply.Bulk(f);
  ctx.reply.Bulk("redirect");
  ctx.reply.Integer(t.on ? static_cast<int64_t>(t.redirect) : -1);
  ctx.reply.Bulk("prefixes");
  ctx.reply.BulkArray(t.prefixes);
}

void CmdClientCaching(CommandContext& ctx) {
  ClientTracking& t = ctx.client.tracking;
  if (!t.on) return ctx.reply.Error(kCachingWithoutTracking);
  const std::string& mode = ctx.argv[2];
  if (EqualsIgnoreCase(mode, "yes")) {
    if (!t.optin) {
      return ctx.reply.Error(
          "ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.");
    }
  } else if (EqualsIgnoreCase(mode, "no")) {
    if (!t.optout) {
      return ctx.reply.Error(
          "ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.");
    }
  } else {
    return ctx.reply.Error(errors::kSyntax);
  }
  t.caching = true;  // for the next command (Tracking::AfterCommand clears it)
  ctx.reply.Ok();
}

// Redis's prefix overlap rule: one prefix of the other (either way).
bool PrefixesOverlap(std::string_view a, std::string_view b) {
  const size_t n = std::min(a.size(), b.size());
  return a.substr(0, n) == b.substr(0, n);
}

// The BCAST prefixes must overlap neither the client's existing ones nor
// each other.
std::optional<std::string> PrefixCollision(const ClientTracking& t,
                                           const std::vector<std::string>& prefixes) {
  constexpr std::string_view kTail = "'. Prefixes for a single client must not overlap.";
  for (size_t i = 0; i < prefixes.size(); ++i) {
    for (const std::string& have : t.prefixes) {
      if (PrefixesOverlap(have, prefixes[i])) {
        return "ERR Prefix '" + prefixes[i] + "' overlaps with an existing prefix '" + have +
               std::string(kTail);
      }
    }
    for (size_t j = i + 1; j < prefixes.size(); ++j) {
      if (PrefixesOverlap(prefixes[i], prefixes[j])) {
        return "ERR Prefix '" + prefixes[i] + "' overlaps with another provided prefix '" +
               prefixes[j] + std::string(kTail);
      }
    }
  }
  return std::nullopt;
}

// Parses CLIENT TRACKING's options (argv[3..]); replies with the error and
// returns nullopt on a bad one.
std::optional<Tracking::Options> ParseTrackingOptions(CommandContext& ctx) {
  Tracking::Options o;
  const std::vector<std::string>& argv = ctx.argv;
  for (size_t j = 3; j < argv.size(); ++j) {
    const bool more = j + 1 < argv.size();
    const std::string& opt = argv[j];
    if (EqualsIgnoreCase(opt, "redirect") && more) {
      ++j;
      if (o.redirect != 0) {
        ctx.reply.Error("ERR A client can only redirect to a single other client");
        return std::nullopt;
      }
      int64_t id = 0;
      if (!ParseInt64(argv[j], &id)) {
        ctx.reply.Error(errors::kNotInteger);
        return std::nullopt;
      }
      if (id <= 0 || ctx.node.FindClient(static_cast<uint64_t>(id)) == nullptr) {
        ctx.reply.Error("ERR The client ID you want redirect to does not exist");
        return std::nullopt;
      }
      o.redirect = static_cast<uint64_t>(id);
    } else if (EqualsIgnoreCase(opt, "bcast")) {
      o.bcast = true;
    } else if (EqualsIgnoreCase(opt, "optin")) {
      o.optin = true;
    } else if (EqualsIgnoreCase(opt, "optout")) {
      o.optout = true;
    } else if (EqualsIgnoreCase(opt, "noloop")) {
      o.noloop = true;
    } else if (EqualsIgnoreCase(opt, "prefix") && more) {
      o.prefixes.push_back(argv[++j]);
    } else {
      ctx.reply.Error(errors::kSyntax);
      return std::nullopt;
    }
  }
  return o;
}

// The checks of CLIENT TRACKING ON, in Redis's order; the error text or
// nullopt.
std::optional<std::string> TrackingOnError(const ClientTracking& t, const Tracking::Options& o) {
  if (!o.bcast && !o.prefixes.empty()) {
    return "ERR PREFIX option requires BCAST mode to be enabled";
  }
  if (t.on && t.bcast != o.bcast) {
    return "ERR You can't switch BCAST mode on/off before disabling tracking for this client, "
           "and then re-enabling it with a different mode.";
  }
  if (o.bcast && (o.optin || o.optout)) return "ERR OPTIN and OPTOUT are not compatible with BCAST";
  if (o.optin && o.optout) return "ERR You can't specify both OPTIN mode and OPTOUT mode";
  if ((o.optin && t.optout) || (o.optout && t.optin)) {
    return "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, "
           "and then re-enabling it with a different mode.";
  }
  if (o.bcast) return PrefixCollision(t, o.prefixes);
  return std::nullopt;
}

// CLIENT TRACKING ON|OFF [REDIRECT id] [PREFIX p ...] [BCAST] [OPTIN]
// [OPTOUT] [NOLOOP]
void CmdClientTracking(CommandContext& ctx) {
  std::optional<Tracking::Options> o = ParseTrackingOptions(ctx);
  if (!o) return;
  const std::string& status = ctx.argv[2];
  if (EqualsIgnoreCase(status, "on")) {
    std::optional<std::string> error = TrackingOnError(ctx.client.tracking, *o);
    if (error) return ctx.reply.Error(*error);
    ctx.node.tracking().Enable(ctx.client, *o);
  } else if (EqualsIgnoreCase(status, "off")) {
    ctx.node.tracking().Disable(ctx.client);
  } else {
    return ctx.reply.Error(errors::kSyntax);
  }
  ctx.reply.Ok();
}

// CLIENT UNBLOCK <id> [TIMEOUT|ERROR]: 1 when the client was blocked on keys
// and has been answered.
void CmdClientUnblock(CommandContext& ctx) {
  if (ctx.argv.size() > 4) {
    return ctx.reply.Error(SubcommandSyntaxError(ctx.argv));
  }
  if (ctx.argv.size() == 4 && !EqualsIgnoreCase(ctx.argv[3], "timeout") &&
      !EqualsIgnoreCase(ctx.argv[3], "error")) {
    return ctx.reply.Error(kUnblockReason);
  }
  int64_t id = 0;
  if (!ParseInt64(ctx.argv[2], &id)) return ctx.reply.Error(errors::kNotInteger);
  const bool with_error = ctx.argv.size() == 4 && EqualsIgnoreCase(ctx.argv[3], "error");
  ctx.reply.Integer(ctx.node.blocking().Unblock(static_cast<uint64_t>(id), with_error) ? 1 : 0);
}

void CmdClientHelp(CommandContext& ctx) {
  ReplyHelp(ctx.reply, ctx.argv[0],
            {
                "CACHING (YES|NO)",
                "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
                "GETREDIR",
                "    Return the client ID we are redirecting to when tracking is enabled.",
                "GETNAME",
                "    Return the name of the current connection.",
                "ID",
                "    Return the ID of the current connection.",
                "INFO",
                "    Return information about the current client connection.",
                "KILL <ip:port>",
                "    Kill connection made from <ip:port>.",
                "KILL <option> <value> [<option> <value> [...]]",
                "    Kill connections. Options are:",
                "    * ADDR (<ip:port>|<unixsocket>:0)",
                "      Kill connections made from the specified address",
                "    * LADDR (<ip:port>|<unixsocket>:0)",
                "      Kill connections made to specified local address",
                "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
                "      Kill connections by type.",
                "    * USER <username>",
                "      Kill connections authenticated by <username>.",
                "    * SKIPME (YES|NO)",
                "      Skip killing current connection (default: yes).",
                "LIST [options ...]",
                "    Return information about client connections. Options:",
                "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
                "      Return clients of specified type.",
                "UNPAUSE",
                "    Stop the current client pause, resuming traffic.",
                "PAUSE <timeout> [WRITE|ALL]",
                "    Suspend all, or just write, clients for <timeout> milliseconds.",
                "REPLY (ON|OFF|SKIP)",
                "    Control the replies sent to the current connection.",
                "SETNAME <name>",
                "    Assign the name <name> to the current connection.",
                "UNBLOCK <clientid> [TIMEOUT|ERROR]",
                "    Unblock the specified blocked client.",
                "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
                "         [OPTIN] [OPTOUT] [NOLOOP]",
                "    Control server assisted client side caching.",
                "TRACKINGINFO",
                "    Report tracking status for the current connection.",
                "NO-EVICT (ON|OFF)",
                "    Protect current client connection from eviction.",
            });
}

// ---------------------------------------------------------------------------
// CLIENT LIST [TYPE type | ID id ...]
// ---------------------------------------------------------------------------

// Which clients CLIENT LIST shows, in client-id order (or the order of the
// IDs asked for).
StatusOr<std::vector<const Client*>> SelectForList(Node& node,
                                                   const std::vector<std::string>& argv) {
  std::vector<const Client*> out;
  if (argv.size() == 2) {
    for (const auto& [id, c] : node.clients()) out.push_back(c.get());
    return out;
  }
  if (argv.size() == 4 && EqualsIgnoreCase(argv[2], "type")) {
    std::optional<ClientType> type = ParseClientType(argv[3]);
    if (!type) return Status::Error(UnknownClientType(argv[3]));
    for (const auto& [id, c] : node.clients()) {
      if (TypeOf(*c) == *type) out.push_back(c.get());
    }
    return out;
  }
  if (argv.size() > 3 && EqualsIgnoreCase(argv[2], "id")) {
    std::vector<int64_t> ids;
    for (size_t i = 3; i < argv.size(); ++i) {
      int64_t id = 0;
      if (!ParseInt64(argv[i], &id)) return Status::Error(std::string(kInvalidClientId));
      ids.push_back(id);
    }
    for (int64_t id : ids) {
      const Client* c = id > 0 ? node.FindClient(static_cast<uint64_t>(id)) : nullptr;
      if (c != nullptr) out.push_back(c);
    }
    return out;
  }
  return Status::Error(std::string(errors::kSyntax));
}

void CmdClientList(CommandContext& ctx) {
  auto clients = SelectForList(ctx.node, ctx.argv);
  if (!clients.ok()) return ctx.reply.Error(clients.status().message());
  ctx.reply.Verbatim("txt", ClientLines(ctx, *clients));
}

// ---------------------------------------------------------------------------
// CLIENT KILL <addr> | CLIENT KILL <filter> <value> ...
// ---------------------------------------------------------------------------

struct KillFilter {
  bool old_form = false;  // CLIENT KILL <addr>: replies +OK / error, may kill the caller
  std::optional<std::string> addr, laddr, user;
  std::optional<ClientType> type;
  uint64_t id = 0;  // 0: any
  bool skip_me = true;
};

StatusOr<KillFilter> ParseKillFilter(const std::vector<std::string>& argv) {
  KillFilter f;
  if (argv.size() == 3) {
    f.old_form = true;
    f.addr = argv[2];
    f.skip_me = false;  // the old form lets a client kill itself
    return f;
  }
  for (size_t i = 2; i < argv.size(); i += 2) {
    const std::string& opt = argv[i];
    if (i + 1 >= argv.size()) return Status::Error(std::string(errors::kSyntax));
    const std::string& value = argv[i + 1];
    if (EqualsIgnoreCase(opt, "id")) {
      int64_t id = 0;
      if (!ParseInt64(value, &id) || id < 1) return Status::Error(std::string(kBadClientId));
      f.id = static_cast<uint64_t>(id);
    } else if (EqualsIgnoreCase(opt, "type")) {
      f.type = ParseClientType(value);
      if (!f.type) return Status::Error(UnknownClientType(value));
    } else if (EqualsIgnoreCase(opt, "addr")) {
      f.addr = value;
    } else if (EqualsIgnoreCase(opt, "laddr")) {
      f.laddr = value;
    } else if (EqualsIgnoreCase(opt, "user")) {
      // Only the default user exists until ACLs arrive.
      if (value != "default") return Status::Error("ERR No such user '" + value + "'");
      f.user = value;
    } else if (EqualsIgnoreCase(opt, "skipme")) {
      if (EqualsIgnoreCase(value, "yes")) {
        f.skip_me = true;
      } else if (EqualsIgnoreCase(value, "no")) {
        f.skip_me = false;
      } else {
        return Status::Error(std::string(errors::kSyntax));
      }
    } else {
      return Status::Error(std::string(errors::kSyntax));
    }
  }
  return f;
}

bool KillMatches(const KillFilter& f, const Client& c, const Client& self) {
  if (f.addr && c.info.addr != *f.addr) return false;
  if (f.laddr && c.info.laddr != *f.laddr) return false;
  if (f.type && TypeOf(c) != *f.type) return false;
  if (f.id != 0 && c.id != f.id) return false;
  if (f.user && c.user != *f.user) return false;
  if (&c == &self && f.skip_me) return false;
  return true;
}

void CmdClientKill(CommandContext& ctx) {
  auto filter = ParseKillFilter(ctx.argv);
  if (!filter.ok()) return ctx.reply.Error(filter.status().message());

  // Collect first: closing a connection may remove its client from the map.
  std::vector<Client*> victims;
  bool kill_self = false;
  for (const auto& [id, c] : ctx.node.clients()) {
    if (!KillMatches(*filter, *c, ctx.client)) continue;
    if (c.get() == &ctx.client) {
      kill_self = true;
    } else if (!c->close_asap) {  // already on its way out
      victims.push_back(c.get());
    }
  }
  const int64_t killed = static_cast<int64_t>(victims.size()) + (kill_self ? 1 : 0);
  for (Client* c : victims) {
    c->close_asap = true;
    if (c->conn != nullptr) c->conn->Close(false);
    // The master link has no connection of its own here: drop it through
    // replication, which reconnects and resumes with a partial resync.
    if (c->master_link) ctx.node.replication().DropMasterLink("killed by CLIENT KILL");
  }
  if (filter->old_form) {
    if (killed == 0) {
      ctx.reply.Error(kNoSuchClient);
    } else {
      ctx.reply.Ok();
    }
  } else {
    ctx.reply.Integer(killed);
  }
  // The caller goes once its reply is flushed.
  if (kill_self) ctx.client.close_asap = true;
}

// ---------------------------------------------------------------------------
// CLIENT PAUSE <timeout> [WRITE|ALL], CLIENT UNPAUSE
// ---------------------------------------------------------------------------

void CmdClientPause(CommandContext& ctx) {
  if (ctx.argv.size() > 4) {
    return ctx.reply.Error(SubcommandSyntaxError(ctx.argv));
  }
  int64_t timeout = 0;
  if (!ParseInt64(ctx.argv[2], &timeout)) return ctx.reply.Error(kTimeoutNotInteger);
  if (timeout < 0) return ctx.reply.Error(kTimeoutNegative);
  PauseState::Kind kind = PauseState::Kind::kAll;
  if (ctx.argv.size() == 4) {
    if (EqualsIgnoreCase(ctx.argv[3], "write")) {
      kind = PauseState::Kind::kWrite;
    } else if (!EqualsIgnoreCase(ctx.argv[3], "all")) {
      return ctx.reply.Error(kPauseMode);
    }
  }
  const int64_t now = ctx.now_ms();
  const int64_t until = timeout > std::numeric_limits<int64_t>::max() - now
                            ? std::numeric_limits<int64_t>::max()
                            : now + timeout;
  // A pause still running is only ever extended and widened, never shortened
  // or narrowed, as Redis does.
  PauseState& pause = ctx.node.pause();
  if (pause.kind != PauseState::Kind::kNone && pause.until_ms > now) {
    pause.kind = std::max(pause.kind, kind);
    pause.until_ms = std::max(pause.until_ms, until);
  } else {
    pause.kind = kind;
    pause.until_ms = until;
  }
  ctx.reply.Ok();
}

void CmdClientUnpause(CommandContext& ctx) {
  ctx.node.UnpauseClients();
  ctx.reply.Ok();
}

// ---------------------------------------------------------------------------
// The table entry
// ---------------------------------------------------------------------------

using namespace cmdflag;  // NOLINT: flag names read as the table's vocabulary
namespace acl = aclcat;

constexpr uint64_t kSubFlags = kNoScript | kLoading | kStale;
constexpr uint64_t kAdminFlags = kAdmin | kNoScript | kLoading | kStale;
constexpr uint64_t kSubAcl = acl::kSlow | acl::kConnection;
constexpr uint64_t kAdminAcl = acl::kAdmin | acl::kSlow | acl::kDangerous | acl::kConnection;

CommandSpec Sub(std::string_view name, int arity, uint64_t flags, uint64_t acl_cats,
                CommandHandler handler, std::string_view since, std::string_view summary,
                std::string_view complexity = "O(1)") {
  return ConnectionCommandSpec(name, arity, flags, acl_cats, handler, since, summary, complexity);
}

}  // namespace

CommandSpec ConnectionCommandSpec(std::string_view name, int arity, uint64_t flags, uint64_t acl,
                                  CommandHandler handler, std::string_view since,
                                  std::string_view summary, std::string_view complexity) {
  return KeylessCommandSpec("connection", name, arity, flags, acl, handler, since, summary,
                            complexity);
}

CommandSpec ClientCommandSpec() {
  constexpr std::string_view kPerClient = "O(N) where N is the number of client connections";
  std::vector<CommandSpec> subs = {
      Sub("caching", 3, kSubFlags, kSubAcl, CmdClientCaching, "6.0.0",
          "Instruct the server about tracking or not keys in the next request"),
      Sub("getname", 2, kSubFlags, kSubAcl, CmdClientGetName, "2.6.9",
          "Get the current connection name"),
      Sub("getredir", 2, kSubFlags, kSubAcl, CmdClientGetRedir, "6.0.0",
          "Get tracking notifications redirection client ID if any"),
      Sub("help", 2, kLoading | kStale, kSubAcl, CmdClientHelp, "5.0.0",
          "Show helpful text about the different subcommands"),
      Sub("id", 2, kSubFlags, kSubAcl, CmdClientId, "5.0.0",
          "Returns the client ID for the current connection"),
      Sub("info", 2, kSubFlags, kSubAcl, CmdClientInfo, "6.2.0",
          "Returns information about the current client connection."),
      Sub("kill", -3, kAdminFlags, kAdminAcl, CmdClientKill, "2.4.0",
          "Kill the connection of a client", kPerClient),
      Sub("list", -2, kAdminFlags, kAdminAcl, CmdClientList, "2.4.0",
          "Get the list of client connections", kPerClient),
      Sub("no-evict", 3, kAdminFlags, kAdminAcl, CmdClientNoEvict, "7.0.0",
          "Set client eviction mode for the current connection"),
      Sub("pause", -3, kAdminFlags, kAdminAcl, CmdClientPause, "2.9.50",
          "Stop processing commands from clients for some time"),
      Sub("reply", 3, kSubFlags, kSubAcl, CmdClientReply, "3.2.0",
          "Instruct the server whether to reply to commands"),
      Sub("setinfo", 4, kSubFlags, kSubAcl, CmdClientSetInfo, "7.2.0",
          "Set client or connection specific info"),
      Sub("setname", 3, kSubFlags, kSubAcl, CmdClientSetName, "2.6.9",
          "Set the current connection name"),
      Sub("tracking", -3, kSubFlags, kSubAcl, CmdClientTracking, "6.0.0",
          "Enable or disable server assisted client side caching support",
          "O(1). Some options may introduce additional complexity."),
      Sub("trackinginfo", 2, kSubFlags, kSubAcl, CmdClientTrackingInfo, "6.2.0",
          "Return information about server assisted client side caching for the current "
          "connection"),
      Sub("unblock", -3, kAdminFlags, kAdminAcl, CmdClientUnblock, "5.0.0",
          "Unblock a client blocked in a blocking command from a different connection",
          "O(log N) where N is the number of client connections"),
      Sub("unpause", 2, kAdminFlags, kAdminAcl, CmdClientUnpause, "6.2.0",
          "Resume processing of clients that were paused",
          "O(N) Where N is the number of paused clients"),
  };
  for (CommandSpec& s : subs) {
    if (s.name == "info" || s.name == "list") s.tips = {"nondeterministic_output"};
  }
  CommandSpec spec{.name = "client",
                   .arity = -2,
                   .acl = acl::kSlow,
                   .group = "connection",
                   .since = "2.4.0",
                   .summary = "A container for client connection commands",
                   .complexity = "Depends on subcommand.",
                   .subcommands = std::move(subs)};
  argdoc::ApplyDocs(kClientDocs, spec);
  return spec;
}

}  // namespace shoal
