// REPLICAOF/SLAVEOF, the internal REPLCONF and PSYNC commands a replica
// sends its master, and WAIT.

#include <string>

#include "common/strutil.h"
#include "node/commands/families.h"
#include "node/core/command.h"
#include "node/core/command_args.h"
#include "node/core/errors.h"
#include "node/core/node.h"
#include "node/replication/replication.h"

namespace shoal {

namespace {

void CmdReplicaOf(CommandContext& ctx) {
  Replication& repl = ctx.node.replication();
  if (EqualsIgnoreCase(ctx.argv[1], "no") && EqualsIgnoreCase(ctx.argv[2], "one")) {
    if (repl.is_replica()) (void)repl.SetMaster("", 0);
    ctx.node.config().mutable_values().replicaof = {};
    ctx.reply.Ok();
    return;
  }
  int64_t port;
  if (!ParseInt64(ctx.argv[2], &port) || port < 0 || port > 65535) {
    ctx.reply.Error("ERR Invalid master port");
    return;
  }
  if (repl.is_replica() && repl.master_host() == ctx.argv[1] && repl.master_port() == port) {
    ctx.reply.Status("OK Already connected to specified master");
    return;
  }
  (void)repl.SetMaster(ctx.argv[1], static_cast<int>(port));
  ctx.node.config().mutable_values().replicaof = {ctx.argv[1], static_cast<int>(port)};
  ctx.reply.Ok();
}

void CmdReplConf(CommandContext& ctx) {
  if (ctx.argv.size() % 2 == 0) {
    ctx.reply.Error(errors::kSyntax);
    return;
  }
  Replication& repl = ctx.node.replication();
  bool ack = false;
  for (size_t i = 1; i + 1 < ctx.argv.size(); i += 2) {
    std::string option = ctx.argv[i];
    for (char& c : option) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (option == "listening-port" || option == "ack" || option == "ip-address" ||
        option == "capa" || option == "getack" || option == "rdb-only" ||
        option == "rdb-filter-only") {
      repl.OnReplConf(ctx.client, option, ctx.argv[i + 1]);
      ack = ack || option == "ack";
    } else {
      ctx.reply.Error("ERR Unrecognized REPLCONF option: " + ctx.argv[i]);
      return;
    }
  }
  // A replica's ACKs get no reply.
  if (!ack) ctx.reply.Ok();
}

void CmdPsync(CommandContext& ctx) {
  if (ctx.node.replication().is_replica() && !ctx.node.replication().link_up()) {
    ctx.reply.Error("NOMASTERLINK Can't SYNC while not connected with my master");
    return;
  }
  int64_t offset;
  if (!ParseInt64(ctx.argv[2], &offset)) offset = -1;
  ctx.reply.Raw(ctx.node.replication().HandlePsync(ctx.client, ctx.argv[1], offset));
}

void CmdSync(CommandContext& ctx) {
  // The pre-PSYNC form: always a full sync, without the +FULLRESYNC line.
  std::string out = ctx.node.replication().HandlePsync(ctx.client, "?", -1);
  ctx.reply.Raw(out.substr(out.find("\r\n") + 2));
}

// WAIT: the number of replicas that acknowledged everything written so far.
// Shoal answers at once with the replicas that already did; it asks the
// others for an acknowledgement, which later WAITs see.
void CmdWait(CommandContext& ctx) {
  int64_t num, timeout;
  if (!ParseInt64(ctx.argv[1], &num) || !ParseInt64(ctx.argv[2], &timeout)) {
    ctx.reply.Error(errors::kNotInteger);
    return;
  }
  if (timeout < 0) {
    ctx.reply.Error("ERR timeout is negative");
    return;
  }
  Replication& repl = ctx.node.replication();
  if (repl.is_replica()) {
    ctx.reply.Error("ERR WAIT cannot be used with replica instances. Please also note that "
                    "since Redis 4.0 if a replica is configured to be writable (which is not "
                    "the default) writes to replicas are just local and are not propagated.");
    return;
  }
  const int acked = repl.CountAcked(repl.offset());
  if (acked < num) repl.RequestAcks();
  ctx.reply.Integer(acked);
}

using namespace cmdflag;  // NOLINT(google-build-using-namespace): table readability
using namespace argdoc;   // NOLINT: builder names read as the docs' vocabulary
namespace acl = aclcat;

constexpr uint64_t kAdminAcl = acl::kAdmin | acl::kSlow | acl::kDangerous;

CommandSpec ReplicaOfSpec(std::string_view name, std::string_view since) {
  CommandSpec s{.name = name,
                .arity = 3,
                .flags = kAdmin | kNoScript | kStale | kNoAsyncLoading,
                .acl = kAdminAcl,
                .handler = CmdReplicaOf,
                .group = "server",
                .since = since,
                .summary = "Make the server a replica of another instance, or promote it as "
                           "master.",
                .complexity = "O(1)"};
  s.args = {OneOf("args", {Block("host-port", {String("host"), Integer("port")}),
                           Block("no-one", {Token("no", "NO"), Token("one", "ONE")})})};
  return s;
}

}  // namespace

void RegisterReplicationCommands(CommandTable& table) {
  table.Add(ReplicaOfSpec("replicaof", "5.0.0"));
  CommandSpec slaveof = ReplicaOfSpec("slaveof", "1.0.0");
  slaveof.doc_flags = docflag::kDeprecated;
  slaveof.deprecated_since = "5.0.0";
  slaveof.replaced_by = "`REPLICAOF`";
  table.Add(std::move(slaveof));
  table.Add({.name = "replconf",
             .arity = -1,
             .flags = kAdmin | kNoScript | kLoading | kStale | kAllowBusy,
             .acl = kAdminAcl,
             .handler = CmdReplConf,
             .group = "server",
             .since = "3.0.0",
             .summary = "An internal command for configuring the replication stream",
             .complexity = "O(1)",
             .doc_flags = docflag::kSysCmd});
  table.Add({.name = "psync",
             .arity = -3,
             .flags = kAdmin | kNoScript | kNoAsyncLoading | kNoMulti,
             .acl = kAdminAcl,
             .handler = CmdPsync,
             .group = "server",
             .since = "2.8.0",
             .summary = "Internal command used for replication",
             .args = {String("replicationid"), Integer("offset")}});
  table.Add({.name = "sync",
             .arity = 1,
             .flags = kAdmin | kNoScript | kNoAsyncLoading | kNoMulti,
             .acl = kAdminAcl,
             .handler = CmdSync,
             .group = "server",
             .since = "1.0.0",
             .summary = "Internal command used for replication"});
  table.Add({.name = "wait",
             .arity = 3,
             .flags = kNoScript,
             .acl = acl::kSlow | acl::kConnection,
             .handler = CmdWait,
             .group = "generic",
             .since = "3.0.0",
             .summary = "Wait for the synchronous replication of all the write commands sent in "
                        "the context of the current connection",
             .complexity = "O(1)",
             .tips = {"request_policy:all_shards", "response_policy:agg_min"},
             .args = {Integer("numreplicas"), Integer("timeout")}});
}

}  // namespace shoal
