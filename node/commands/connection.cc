// The connection family: PING, ECHO, QUIT, RESET, SELECT, AUTH, HELLO and the
// CLIENT container (client_cmd.cc). Replies and error texts follow Redis 7.0.
#include <limits>
#include <optional>
#include <string>

#include "common/strutil.h"
#include "node/commands/client_cmd.h"
#include "node/commands/families.h"
#include "node/core/command_args.h"
#include "node/core/errors.h"
#include "node/core/node.h"
#include "node/core/version.h"

namespace shoal {

namespace {

// ---------------------------------------------------------------------------
// Error texts of the connection family (Redis 7.0 wording)
// ---------------------------------------------------------------------------

constexpr std::string_view kNoProto = "NOPROTO unsupported protocol version";
constexpr std::string_view kBadProtoVersion =
    "ERR Protocol version is not an integer or out of range";
constexpr std::string_view kHelloNoAuth =
    "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO "
    "AUTH <user> <pass> option can be used to authenticate the client and select the RESP "
    "protocol version at the same time";
constexpr std::string_view kSelectInCluster = "ERR SELECT is not allowed in cluster mode";

// ---------------------------------------------------------------------------
// Authentication
// ---------------------------------------------------------------------------

// Until ACLs arrive there is one user, "default", whose password is
// requirepass; with no requirepass it takes any password (nopass).
bool CheckCredentials(const ServerConfig& cfg, std::string_view user, std::string_view pass) {
  if (user != "default") return false;
  return cfg.requirepass.empty() || pass == cfg.requirepass;
}

// Authenticates the client on success; a failed attempt leaves an earlier
// authentication in place, as Redis does.
bool Authenticate(CommandContext& ctx, std::string_view user, std::string_view pass) {
  if (!CheckCredentials(ctx.node.cfg(), user, pass)) return false;
  ctx.client.user = std::string(user);
  ctx.client.authenticated = true;
  return true;
}

// ---------------------------------------------------------------------------
// PING, ECHO, QUIT, SELECT
// ---------------------------------------------------------------------------

void CmdPing(CommandContext& ctx) {
  if (ctx.argv.size() > 2) return ctx.reply.Error(errors::WrongArity("ping"));
  // A RESP2 subscriber's replies must look like messages: ["pong", arg].
  if (ctx.client.pubsub() && ctx.client.resp == 2) {
    ctx.reply.ArrayHeader(2);
    ctx.reply.Bulk("pong");
    return ctx.reply.Bulk(ctx.argv.size() == 2 ? std::string_view(ctx.argv[1]) : "");
  }
  if (ctx.argv.size() == 1) return ctx.reply.Status("PONG");
  ctx.reply.Bulk(ctx.argv[1]);
}

void CmdEcho(CommandContext& ctx) { ctx.reply.Bulk(ctx.argv[1]); }

// The transport closes the connection once this reply is flushed.
void CmdQuit(CommandContext& ctx) {
  ctx.reply.Ok();
  ctx.client.close_asap = true;
}

void CmdSelect(CommandContext& ctx) {
  int64_t id = 0;
  if (!ParseInt64(ctx.argv[1], &id) || id < std::numeric_limits<int>::min() ||
      id > std::numeric_limits<int>::max()) {
    return ctx.reply.Error(errors::kNotInteger);
  }
  if (ctx.node.cfg().cluster_enabled && id != 0) return ctx.reply.Error(kSelectInCluster);
  if (id < 0 || id >= ctx.node.cfg().databases) {
    return ctx.reply.Error(errors::kDbIndexOutOfRange);
  }
  ctx.client.db = static_cast<int>(id);
  ctx.reply.Ok();
}

// ---------------------------------------------------------------------------
// RESET
// ---------------------------------------------------------------------------

// Back to the state of a fresh connection: db 0, RESP2, default user (not
// authenticated if a password is required), no name, replies on, eviction
// allowed, out of MONITOR, no subscriptions, no tracking. Library name and
// version stay, as in Redis.
void CmdReset(CommandContext& ctx) {
  Client& c = ctx.client;
  ctx.node.DisableMonitor(c);
  ResetMultiState(c.multi);
  ctx.node.watches().UnwatchAll(c);
  ctx.node.pubsub().RemoveClient(c);
  ctx.node.tracking().Disable(c);
  c.db = 0;
  c.resp = 2;
  c.user = "default";
  c.authenticated = ctx.node.cfg().requirepass.empty();
  c.name.clear();
  c.no_evict = false;
  c.reply_mode = ReplyMode::kOn;
  ctx.reply.Status("RESET");
}

// ---------------------------------------------------------------------------
// AUTH [user] password
// ---------------------------------------------------------------------------

void CmdAuth(CommandContext& ctx) {
  if (ctx.argv.size() > 3) return ctx.reply.Error(errors::kSyntax);
  std::string_view user = "default";
  std::string_view pass;
  if (ctx.argv.size() == 2) {
    // The one-argument form errors when there is no password to check, so
    // that a misconfigured client notices.
    if (ctx.node.cfg().requirepass.empty()) return ctx.reply.Error(errors::kAuthNotConfigured);
    pass = ctx.argv[1];
  } else {
    user = ctx.argv[1];
    pass = ctx.argv[2];
  }
  if (!Authenticate(ctx, user, pass)) return ctx.reply.Error(errors::kWrongPass);
  ctx.reply.Ok();
}

// ---------------------------------------------------------------------------
// HELLO [protover [AUTH user pass] [SETNAME name]]
// ---------------------------------------------------------------------------

struct HelloArgs {
  int protocol = 0;  // 0: keep the current one
  std::optional<std::string> user, pass, name;
};

StatusOr<HelloArgs> ParseHello(const std::vector<std::string>& argv) {
  HelloArgs args;
  if (argv.size() < 2) return args;
  int64_t ver = 0;
  if (!ParseInt64(argv[1], &ver)) return Status::Error(std::string(kBadProtoVersion));
  if (ver < 2 || ver > 3) return Status::Error(std::string(kNoProto));
  args.protocol = static_cast<int>(ver);
  for (size_t i = 2; i < argv.size(); ++i) {
    const size_t more = argv.size() - 1 - i;
    if (EqualsIgnoreCase(argv[i], "auth") && more >= 2) {
      args.user = argv[i + 1];
      args.pass = argv[i + 2];
      i += 2;
    } else if (EqualsIgnoreCase(argv[i], "setname") && more >= 1) {
      args.name = argv[i + 1];
      i += 1;
    } else {
      return Status::Error("ERR Syntax error in HELLO option '" + argv[i] + "'");
    }
  }
  return args;
}

void ReplyHello(CommandContext& ctx) {
  const ServerConfig& cfg = ctx.node.cfg();
  resp::ReplyWriter& r = ctx.reply;
  r.MapHeader(7);
  r.Bulk("server");
  r.Bulk("redis");
  r.Bulk("version");
  r.Bulk(kRedisCompatVersion);
  r.Bulk("proto");
  r.Integer(ctx.client.resp);
  r.Bulk("id");
  r.Integer(static_cast<int64_t>(ctx.client.id));
  r.Bulk("mode");
  r.Bulk(cfg.cluster_enabled ? "cluster" : "standalone");
  r.Bulk("role");
  r.Bulk(cfg.replicaof.enabled() ? "replica" : "master");
  r.Bulk("modules");
  r.ArrayHeader(0);
}

void CmdHello(CommandContext& ctx) {
  auto args = ParseHello(ctx.argv);
  if (!args.ok()) return ctx.reply.Error(args.status().message());
  if (args->user && !Authenticate(ctx, *args->user, *args->pass)) {
    return ctx.reply.Error(errors::kWrongPass);
  }
  const bool auth_required = !ctx.node.cfg().requirepass.empty();
  if (auth_required && !ctx.client.authenticated) return ctx.reply.Error(kHelloNoAuth);
  if (args->name) {
    if (!IsValidClientAttribute(*args->name)) return ctx.reply.Error(kBadClientName);
    ctx.client.name = *args->name;
  }
  // The reply to HELLO itself is already in the new protocol.
  if (args->protocol != 0) {
    ctx.client.resp = args->protocol;
    ctx.reply.set_protocol(args->protocol);
  }
  ReplyHello(ctx);
}

// ---------------------------------------------------------------------------
// Registration
// ---------------------------------------------------------------------------

using namespace cmdflag;  // NOLINT: flag names read as the table's vocabulary
namespace acl = aclcat;

// The flags Redis gives the commands a client may send before it has
// authenticated (and while a script is busy).
constexpr uint64_t kPreAuthFlags = kNoScript | kLoading | kStale | kFast | kNoAuth | kAllowBusy;
constexpr uint64_t kConnAcl = acl::kFast | acl::kConnection;

CommandSpec Simple(std::string_view name, int arity, uint64_t flags, CommandHandler handler,
                   std::string_view since, std::string_view summary,
                   std::string_view complexity = "O(1)") {
  return ConnectionCommandSpec(name, arity, flags, kConnAcl, handler, since, summary, complexity);
}

// ---------------------------------------------------------------------------
// Argument docs (COMMAND DOCS "arguments", "history", "doc_flags")
// ---------------------------------------------------------------------------

using namespace argdoc;  // NOLINT: builder names read as the docs' vocabulary

constexpr argdoc::DocEntry kConnectionDocs[] = {
    {"auth",
     [](CommandSpec& s) {
       s.history = {{"6.0.0", "Added ACL style (username and password)."}};
       s.args = {String("username").Since("6.0.0").Optional(), String("password")};
     }},
    {"echo", [](CommandSpec& s) { s.args = {String("message")}; }},
    {"hello",
     [](CommandSpec& s) {
       s.history = {{"6.2.0",
                     "`protover` made optional; when called without arguments the command reports "
                     "the current connection's context."}};
       s.args = {
           Block("arguments", {Integer("protover"),
                               Block("username_password", {String("username"), String("password")})
                                   .Token("AUTH")
                                   .Optional(),
                               String("clientname").Token("SETNAME").Optional()})
               .Optional()};
     }},
    {"ping", [](CommandSpec& s) { s.args = {String("message").Optional()}; }},
    {"select", [](CommandSpec& s) { s.args = {Integer("index")}; }},
};

// Adds `spec` to the table together with its argument docs.
void AddDocumented(CommandTable& table, CommandSpec spec) {
  ApplyDocs(kConnectionDocs, spec);
  table.Add(std::move(spec));
}

}  // namespace

void RegisterConnectionCommands(CommandTable& table) {
  CommandSpec ping = Simple("ping", -1, kFast, CmdPing, "1.0.0", "Ping the server");
  ping.tips = {"request_policy:all_shards", "response_policy:all_succeeded"};
  AddDocumented(table, std::move(ping));
  AddDocumented(table, Simple("echo", 2, kLoading | kStale | kFast, CmdEcho, "1.0.0",
                              "Echo the given string"));
  AddDocumented(table, Simple("quit", -1, kPreAuthFlags, CmdQuit, "1.0.0", "Close the connection"));
  AddDocumented(table,
                Simple("reset", 1, kPreAuthFlags, CmdReset, "6.2.0", "Reset the connection"));
  AddDocumented(table, Simple("select", 2, kLoading | kStale | kFast, CmdSelect, "1.0.0",
                              "Change the selected database for the current connection"));
  AddDocumented(table,
                Simple("auth", -2, kPreAuthFlags, CmdAuth, "1.0.0", "Authenticate to the server",
                       "O(N) where N is the number of passwords defined for the user"));
  AddDocumented(table,
                Simple("hello", -1, kPreAuthFlags, CmdHello, "6.0.0", "Handshake with Redis"));
  AddDocumented(table, ClientCommandSpec());
}

}  // namespace shoal
