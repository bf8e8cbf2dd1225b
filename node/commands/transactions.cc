// MULTI, EXEC, DISCARD, WATCH, UNWATCH.
//
// Queueing itself happens in the dispatcher (a client in MULTI has every
// command but these — and QUIT/RESET — stored instead of run, after the
// generic checks; a refused command marks the transaction so EXEC aborts).
// EXEC runs the queue through RunCommand, the path every command takes, so
// statistics, the slow log and MONITOR see each queued command.

#include <string_view>

#include "node/commands/families.h"
#include "node/core/command_args.h"
#include "node/core/dispatcher.h"
#include "node/core/multi.h"
#include "node/core/node.h"

namespace shoal {

namespace {

constexpr std::string_view kExecAbort =
    "EXECABORT Transaction discarded because of previous errors.";

// Ends the transaction (EXEC, DISCARD): queue, flags and WATCHes go.
void DiscardTransaction(CommandContext& ctx) {
  ResetMultiState(ctx.client.multi);
  ctx.node.watches().UnwatchAll(ctx.client);
}

void CmdMulti(CommandContext& ctx) {
  MultiState& multi = ctx.client.multi;
  if (multi.active) return ctx.reply.Error("ERR MULTI calls can not be nested");
  // dirty_cas stays: a watched key may have changed before MULTI.
  multi.active = true;
  ctx.reply.Ok();
}

void CmdDiscard(CommandContext& ctx) {
  if (!ctx.client.multi.active) return ctx.reply.Error("ERR DISCARD without MULTI");
  DiscardTransaction(ctx);
  ctx.reply.Ok();
}

void CmdExec(CommandContext& ctx) {
  Client& client = ctx.client;
  MultiState& multi = client.multi;
  if (!multi.active) return ctx.reply.Error("ERR EXEC without MULTI");
  // A watched key that expired since WATCH but still sits in memory counts
  // as changed.
  if (WatchRegistry::AnyWatchedKeyExpired(client, ctx.node.keyspace(), ctx.now_ms())) {
    multi.dirty_cas = true;
  }
  if (multi.dirty_exec || multi.dirty_cas) {
    if (multi.dirty_exec) {
      ctx.reply.Error(kExecAbort);
    } else {
      ctx.reply.NullArray();
    }
    return DiscardTransaction(ctx);
  }
  // Nothing the queue does may fail the transaction any more.
  ctx.node.watches().UnwatchAll(client);
  ctx.reply.ArrayHeader(multi.queue.size());
  client.in_exec = true;
  // Blocking commands inside MULTI answer as if their timeout had passed.
  const bool outer_deny = client.deny_blocking;
  client.deny_blocking = true;
  // The dispatcher queues nothing while EXEC runs, so the queue is stable;
  // errors inside it are replies, not aborts.
  for (QueuedCommand& q : multi.queue) {
    RunCommand(ctx.node, client, *q.cmd, q.argv, ctx.reply);
  }
  client.in_exec = false;
  client.deny_blocking = outer_deny;
  DiscardTransaction(ctx);
}

void CmdWatch(CommandContext& ctx) {
  Client& client = ctx.client;
  if (client.multi.active) return ctx.reply.Error("ERR WATCH inside MULTI is not allowed");
  // Already doomed: watching more keys changes nothing.
  if (!client.multi.dirty_cas) {
    WatchRegistry& watches = ctx.node.watches();
    for (size_t i = 1; i < ctx.argv.size(); ++i) {
      watches.Watch(client, ctx.db(), ctx.argv[i], ctx.now_ms());
    }
  }
  ctx.reply.Ok();
}

void CmdUnwatch(CommandContext& ctx) {
  ctx.node.watches().UnwatchAll(ctx.client);
  ctx.client.multi.dirty_cas = false;
  ctx.reply.Ok();
}

CommandSpec TxCommand(std::string_view name, int arity, uint64_t flags, uint64_t acl,
                      CommandHandler handler, std::string_view since, std::string_view summary,
                      std::string_view complexity) {
  return KeylessCommandSpec("transactions", name, arity, flags, acl | aclcat::kTransaction, handler,
                            since, summary, complexity);
}

}  // namespace

void RegisterTransactionCommands(CommandTable& table) {
  namespace cf = cmdflag;
  const uint64_t kControl = cf::kNoScript | cf::kLoading | cf::kStale | cf::kFast | cf::kAllowBusy;
  table.Add(TxCommand("multi", 1, kControl, aclcat::kFast, CmdMulti, "1.2.0",
                      "Mark the start of a transaction block", "O(1)"));
  table.Add(TxCommand("exec", 1, cf::kNoScript | cf::kLoading | cf::kStale | cf::kSkipSlowlog,
                      aclcat::kSlow, CmdExec, "1.2.0", "Execute all commands issued after MULTI",
                      "Depends on commands in the transaction"));
  table.Add(TxCommand("discard", 1, kControl, aclcat::kFast, CmdDiscard, "2.0.0",
                      "Discard all commands issued after MULTI",
                      "O(N), when N is the number of queued commands"));
  CommandSpec watch = TxCommand(
      "watch", -2, kControl, aclcat::kFast, CmdWatch, "2.2.0",
      "Watch the given keys to determine execution of the MULTI/EXEC block", "O(1) for every key.");
  watch.key_specs = {KeySpec::Range(1, -1, 1, keyflag::kRO)};
  watch.args = {argdoc::Key("key", 0).Multiple()};
  table.Add(std::move(watch));
  table.Add(TxCommand("unwatch", 1, kControl, aclcat::kFast, CmdUnwatch, "2.2.0",
                      "Forget about all watched keys", "O(1)"));
}

}  // namespace shoal
