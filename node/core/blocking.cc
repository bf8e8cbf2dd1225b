#include "node/core/blocking.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/resp/writer.h"
#include "common/strutil.h"
#include "node/core/dispatcher.h"
#include "node/core/node.h"

namespace shoal {

namespace {

constexpr std::string_view kUnblockedError = "UNBLOCKED client unblocked via CLIENT UNBLOCK";

}  // namespace

bool ParseBlockTimeout(CommandContext& ctx, std::string_view arg, int64_t* deadline_ms) {
  long double seconds = 0;
  if (!ParseLongDouble(arg, &seconds) || std::isnan(seconds)) {
    ctx.reply.Error("ERR timeout is not a float or out of range");
    return false;
  }
  // Redis works in milliseconds, rounding a fractional millisecond up.
  const long double ms = std::ceil(seconds * 1000.0L);
  if (ms > static_cast<long double>(std::numeric_limits<int64_t>::max())) {
    ctx.reply.Error("ERR timeout is out of range");
    return false;
  }
  const auto tval = static_cast<int64_t>(ms);
  if (tval < 0) {
    ctx.reply.Error("ERR timeout is negative");
    return false;
  }
  if (tval == 0) {
    *deadline_ms = 0;
    return true;
  }
  const int64_t now = ctx.now_ms();
  if (tval > std::numeric_limits<int64_t>::max() - now) {
    ctx.reply.Error("ERR timeout is out of range");
    return false;
  }
  *deadline_ms = now + tval;
  return true;
}

void BlockForKeys(CommandContext& ctx, const std::vector<std::string_view>& keys, ObjType type,
                  int64_t deadline_ms, BlockedNull null_kind, std::vector<std::string> rerun_argv) {
  BlockingManager& m = ctx.node.blocking();
  if (m.rerunning_ == ctx.client.id) {
    // A re-run found nothing: the client keeps its place in the queues.
    m.reblocked_ = true;
    ctx.client.blocked = true;
    return;
  }
  if (ctx.client.deny_blocking) {
    if (null_kind == BlockedNull::kArray) {
      ctx.reply.NullArray();
    } else {
      ctx.reply.Null();
    }
    return;
  }
  BlockingManager::Blocked b;
  b.db = ctx.client.db;
  for (std::string_view k : keys) {
    if (std::find(b.keys.begin(), b.keys.end(), k) == b.keys.end()) b.keys.emplace_back(k);
  }
  b.type = type;
  b.argv = rerun_argv.empty() ? ctx.argv : std::move(rerun_argv);
  b.deadline_ms = deadline_ms;
  m.Add(ctx.client, std::move(b));
}

// ---------------------------------------------------------------------------
// Queues
// ---------------------------------------------------------------------------

void BlockingManager::Add(Client& client, Blocked blocked) {
  for (const std::string& k : blocked.keys) waiting_[{blocked.db, k}].push_back(client.id);
  if (blocked.deadline_ms > 0) deadlines_.emplace(blocked.deadline_ms, client.id);
  blocked_[client.id] = std::move(blocked);
  client.blocked = true;
}

BlockingManager::Blocked BlockingManager::Remove(uint64_t client_id) {
  auto it = blocked_.find(client_id);
  if (it == blocked_.end()) return {};
  Blocked b = std::move(it->second);
  blocked_.erase(it);
  for (const std::string& k : b.keys) {
    auto w = waiting_.find({b.db, k});
    if (w == waiting_.end()) continue;
    auto& ids = w->second;
    ids.erase(std::remove(ids.begin(), ids.end(), client_id), ids.end());
    if (ids.empty()) waiting_.erase(w);
  }
  if (b.deadline_ms > 0) deadlines_.erase({b.deadline_ms, client_id});
  if (Client* c = node_.FindClient(client_id)) c->blocked = false;
  return b;
}

void BlockingManager::SignalKeyAsReady(int db, std::string_view key) {
  if (waiting_.empty()) return;
  DbKey dk{db, std::string(key)};
  if (waiting_.count(dk) == 0 || ready_set_.count(dk) != 0) return;
  ready_set_.insert(dk);
  ready_.push_back(std::move(dk));
}

void BlockingManager::SignalDb(int db) {
  std::vector<std::string> keys;
  for (auto it = waiting_.lower_bound({db, std::string()}); it != waiting_.end(); ++it) {
    if (it->first.first != db) break;
    keys.push_back(it->first.second);
  }
  for (const std::string& k : keys) SignalKeyAsReady(db, k);
}

// ---------------------------------------------------------------------------
// Serving
// ---------------------------------------------------------------------------

std::string BlockingManager::NullReply(const Client& client, BlockedNull kind) const {
  std::string out;
  resp::ReplyWriter w(&out, client.resp);
  if (kind == BlockedNull::kArray) {
    w.NullArray();
  } else {
    w.Null();
  }
  return out;
}

void BlockingManager::Finish(Client& client, const std::string& reply) {
  // The transport still holds the blocked request: when it resumes, the
  // session answers it with nothing (the reply was sent here) and goes on.
  client.skip_held_command = true;
  const bool drop = client.reply_mode == ReplyMode::kOff || client.reply_mode == ReplyMode::kSkip;
  if (client.reply_mode == ReplyMode::kSkip) client.reply_mode = ReplyMode::kOn;
  if (client.conn == nullptr) return;
  if (!drop) client.conn->SendAsync(reply);
  client.conn->Resume();
}

bool BlockingManager::Rerun(Client& client) {
  auto it = blocked_.find(client.id);
  std::vector<std::string> argv = it->second.argv;
  bool unknown_sub = false;
  const CommandSpec* cmd = node_.commands().Resolve(argv, &unknown_sub);
  if (cmd == nullptr) {
    Remove(client.id);
    return false;
  }
  std::string out;
  resp::ReplyWriter reply(&out, client.resp);
  rerunning_ = client.id;
  reblocked_ = false;
  client.blocked = false;  // set again if the command blocks again
  RunCommand(node_, client, *cmd, argv, reply);
  rerunning_ = 0;
  if (reblocked_) return false;
  Remove(client.id);
  Finish(client, out);
  return true;
}

void BlockingManager::ServeReadyKeys() {
  if (serving_) return;
  serving_ = true;
  // Each round serves what the previous one made ready; re-runs only move
  // existing elements, so rounds end.
  for (int round = 0; !ready_.empty() && round < 1'000'000; ++round) {
    std::vector<DbKey> ready;
    ready.swap(ready_);
    ready_set_.clear();
    for (const DbKey& dk : ready) {
      auto w = waiting_.find(dk);
      if (w == waiting_.end()) continue;
      const std::vector<uint64_t> queue = w->second;  // re-runs edit the queue
      for (uint64_t id : queue) {
        auto b = blocked_.find(id);
        if (b == blocked_.end()) continue;
        const Object* value = node_.keyspace().db(dk.first).Find(dk.second);
        if (value == nullptr || value->type() != b->second.type) break;
        Client* client = node_.FindClient(id);
        if (client == nullptr) {
          Remove(id);
          continue;
        }
        Rerun(*client);
      }
    }
  }
  serving_ = false;
}

void BlockingManager::HandleTimeouts(int64_t now_ms) {
  for (size_t n = 0; !deadlines_.empty() && n < 1'000'000; ++n) {
    auto [deadline, id] = *deadlines_.begin();
    if (deadline > now_ms) break;
    Remove(id);
    if (Client* c = node_.FindClient(id)) Finish(*c, NullReply(*c, BlockedNull::kArray));
  }
}

bool BlockingManager::Unblock(uint64_t client_id, bool with_error) {
  if (blocked_.count(client_id) == 0) return false;
  Remove(client_id);
  Client* c = node_.FindClient(client_id);
  if (c == nullptr) return false;
  if (with_error) {
    CountErrorReply(node_, kUnblockedError);
    Finish(*c, "-" + std::string(kUnblockedError) + "\r\n");
  } else {
    Finish(*c, NullReply(*c, BlockedNull::kArray));
  }
  return true;
}

void BlockingManager::OnClientGone(uint64_t client_id) {
  if (blocked_.count(client_id) != 0) Remove(client_id);
}

}  // namespace shoal
