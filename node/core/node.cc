#include "node/core/node.h"

#include "node/core/eviction.h"
#include "node/core/events.h"
#include "node/core/blocking.h"
#include "node/core/memory.h"
#include "node/persistence/aof.h"
#include "node/persistence/snapshot.h"
#include "node/replication/replication.h"
#include "node/scripting/lua_engine.h"

#include <algorithm>

namespace shoal {

namespace {

std::string RandomHex(Rng& rng, size_t len) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len);
  for (size_t i = 0; i < len; ++i) out.push_back(kHex[rng.Uniform(16)]);
  return out;
}

}  // namespace

Node::Node(Config config, Options options)
    : config_(std::move(config)),
      clock_(options.clock),
      cached_clock_(options.clock),
      rng_(options.rng_seed != 0 ? options.rng_seed
                                 : static_cast<uint64_t>(options.clock->MonotonicUs()) ^
                                       static_cast<uint64_t>(options.clock->NowUs())) {
  KeyspaceEnv env;
  env.clock = &cached_clock_;
  env.rng = &rng_;
  env.stats = &keyspace_stats_;
  // Keyspace notifications, client-side caching, WATCH and the AOF and
  // replicas hear of keys removed or created inside the keyspace itself.
  env.on_expired = [this](int db, std::string_view key) {
    propagator_.PropagateDelete(db, key);
    NotifyKeyspaceEvent(*this, notify::kExpired, "expired", key, db);
    SignalModifiedKey(*this, db, key);
  };
  env.on_added = [this](int db, std::string_view key) {
    NotifyKeyspaceEvent(*this, notify::kNew, "new", key, db);
  };
  env.on_read_miss = [this](int db, std::string_view key) {
    NotifyKeyspaceEvent(*this, notify::kKeyMiss, "keymiss", key, db);
  };
  tracking_ = std::make_unique<Tracking>(*this);
  keyspace_ = std::make_unique<Keyspace>(cfg().databases, std::move(env));
  eviction_ = std::make_unique<NodeEviction>(*this);
  RegisterAllCommands(commands_);
  blocking_ = std::make_unique<BlockingManager>(*this);
  run_id_ = RandomHex(rng_, 40);
  start_time_ms_ = cached_clock_.NowMs();
  start_monotonic_us_ = clock_->MonotonicUs();
  snapshots_ = std::make_unique<Snapshotter>(*this);
  aof_ = std::make_unique<Aof>(*this);
  replication_ = std::make_unique<Replication>(*this);
  // CONFIG SET appendonly starts or stops the AOF.
  (void)config_.OnChange("appendonly", [this]() -> Status {
    if (!cfg().appendonly) {
      aof_->Disable();
      return Status::Ok();
    }
    return aof_->Enable();
  });
}

Node::~Node() = default;

LuaEngine& Node::scripting() {
  if (!scripting_) scripting_ = std::make_unique<LuaEngine>(*this);
  return *scripting_;
}

CommandStats& Node::StatsFor(const CommandSpec& spec) {
  if (stats_by_id_.empty()) stats_by_id_.resize(static_cast<size_t>(commands_.num_ids()), nullptr);
  CommandStats*& slot = stats_by_id_[static_cast<size_t>(spec.id)];
  if (slot == nullptr) slot = &command_stats_[spec.full_name];
  return *slot;
}

void Node::ResetCommandStats() {
  // Zeroed in place: stats_by_id_ keeps pointing at the same entries.
  for (auto& [name, stats] : command_stats_) stats = CommandStats{};
}

// ---------------------------------------------------------------------------
// Clients
// ---------------------------------------------------------------------------

Client& Node::AddClient(const ConnectionInfo& info, Connection* conn) {
  auto client = std::make_unique<Client>();
  client->id = next_client_id_++;
  client->conn = conn;
  client->info = info;
  client->created_ms = cached_clock_.NowMs();
  client->last_interaction_ms = client->created_ms;
  // With no password configured, every client is authenticated as "default".
  client->authenticated = cfg().requirepass.empty();
  Client& ref = *client;
  clients_.emplace(ref.id, std::move(client));
  return ref;
}

void Node::RemoveClient(uint64_t id) {
  auto it = clients_.find(id);
  if (it == clients_.end()) return;
  if (it->second->monitor) --monitors_;
  pubsub_.RemoveClient(*it->second);
  tracking_->Disable(*it->second);
  if (it->second->blocked) blocking_->OnClientGone(id);
  clients_.erase(it);
  paused_clients_.erase(std::remove(paused_clients_.begin(), paused_clients_.end(), id),
                        paused_clients_.end());
}

Client* Node::FindClient(uint64_t id) {
  auto it = clients_.find(id);
  return it == clients_.end() ? nullptr : it->second.get();
}

void Node::HoldForPause(Client& client) {
  if (std::find(paused_clients_.begin(), paused_clients_.end(), client.id) ==
      paused_clients_.end()) {
    paused_clients_.push_back(client.id);
  }
}

void Node::UnpauseClients() {
  pause_ = PauseState{};
  // Resume in the order clients were held. Resume() only schedules work on
  // the transport, so no command runs inside this loop.
  std::vector<uint64_t> held;
  held.swap(paused_clients_);
  for (uint64_t id : held) {
    Client* c = FindClient(id);
    if (c != nullptr && c->conn != nullptr) c->conn->Resume();
  }
}

// ---------------------------------------------------------------------------
// Cron
// ---------------------------------------------------------------------------

void Node::Cron() {
  // A script that lets the event loop run owns the keyspace until it ends.
  if (!busy_reply.empty()) return;
  RefreshClock();
  const int64_t now_ms = cached_clock_.NowMs();
  const ServerConfig& c = cfg();
  const int hz = std::max(1, c.hz);

  // Active expiry: at most 25% of one cron period, as Redis's slow cycle.
  int effort = std::clamp(c.active_expire_effort, 1, 10);
  int64_t budget_us = 1'000'000 / hz * (25 + 2 * (effort - 1)) / 100;
  if (active_expire_enabled) keyspace_->ActiveExpireCycle(budget_us, effort);
  eviction_->Cron();

  if (pause_.kind != PauseState::Kind::kNone && now_ms >= pause_.until_ms) UnpauseClients();
  blocking_->HandleTimeouts(now_ms);
  snapshots_->Cron();
  aof_->Cron();
  replication_->Cron();
  tracking_->FlushBroadcasts();  // keys the active expiry removed

  // Idle client timeout ("timeout" directive, seconds; 0 disables). Pub/sub
  // clients only listen, so they are never idle, as in Redis.
  if (c.timeout > 0) {
    for (auto& [id, client] : clients_) {
      // Subscribers and blocked clients wait for their own timeout, as in
      // Redis.
      if (client->conn != nullptr && !client->monitor && !client->pubsub() && !client->blocked &&
          now_ms - client->last_interaction_ms > static_cast<int64_t>(c.timeout) * 1000) {
        client->conn->Close(false);
      }
    }
  }

  // Instantaneous ops/sec, sampled every 100 ms like Redis.
  if (now_ms - stats_.last_sample_ms >= 100) {
    int64_t elapsed = now_ms - stats_.last_sample_ms;
    uint64_t ops = stats_.total_commands_processed - stats_.last_sample_count;
    stats_.ops_samples[stats_.sample_index] =
        elapsed > 0 ? static_cast<int64_t>(ops * 1000 / static_cast<uint64_t>(elapsed)) : 0;
    stats_.sample_index = (stats_.sample_index + 1) % ServerStats::kSamples;
    stats_.last_sample_ms = now_ms;
    stats_.last_sample_count = stats_.total_commands_processed;
  }
}

size_t Node::UsedMemory() const {
  // What the allocator has handed out: the same notion as Redis's used_memory.
  return AllocatedBytes();
}

}  // namespace shoal
