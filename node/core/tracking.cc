#include "node/core/tracking.h"

#include <algorithm>
#include <utility>

#include "common/resp/writer.h"
#include "node/core/node.h"
#include "node/core/pubsub.h"

namespace shoal {

namespace {

// The channel RESP2 clients receive redirected invalidations on.
constexpr std::string_view kInvalidateChannel = "__redis__:invalidate";

std::string NullFor(int resp) { return resp >= 3 ? "_\r\n" : "$-1\r\n"; }

}  // namespace

// ---------------------------------------------------------------------------
// Turning tracking on and off
// ---------------------------------------------------------------------------

void Tracking::Enable(Client& client, const Options& options) {
  ClientTracking& t = client.tracking;
  if (!t.on) ++clients_;
  t.on = true;
  t.broken_redir = false;
  t.redirect = options.redirect;
  t.optin = options.optin;
  t.optout = options.optout;
  t.noloop = options.noloop;
  if (!options.bcast) return;
  t.bcast = true;
  // BCAST without prefixes is the empty prefix: every key.
  std::vector<std::string> wanted = options.prefixes;
  if (wanted.empty()) wanted.emplace_back();
  for (const std::string& prefix : wanted) {
    if (std::find(t.prefixes.begin(), t.prefixes.end(), prefix) != t.prefixes.end()) continue;
    t.prefixes.push_back(prefix);
    prefixes_[prefix].clients.insert(client.id);
  }
}

void Tracking::Disable(Client& client) {
  ClientTracking& t = client.tracking;
  for (const std::string& prefix : t.prefixes) {
    auto it = prefixes_.find(prefix);
    if (it == prefixes_.end()) continue;
    it->second.clients.erase(client.id);
    if (it->second.clients.empty()) prefixes_.erase(it);
  }
  if (t.on) --clients_;
  // Keys this client read stay in the table: they are dropped lazily when
  // next invalidated, as in Redis.
  t = ClientTracking{};
}

// ---------------------------------------------------------------------------
// Remembering keys
// ---------------------------------------------------------------------------

void Tracking::RememberKeys(Client& client, const CommandSpec& spec,
                            const std::vector<std::string>& argv) {
  const ClientTracking& t = client.tracking;
  // OPTIN tracks only after CLIENT CACHING YES; OPTOUT all but after NO.
  if ((t.optin && !t.caching) || (t.optout && t.caching)) return;
  // Shard channels are declared as keys for cluster routing; they are not
  // cached data.
  if (spec.has(cmdflag::kPubSub)) return;
  std::vector<KeyRef> keys;
  if (!GetKeys(spec, argv, &keys)) return;
  for (const KeyRef& k : keys) {
    if (table_[argv[static_cast<size_t>(k.pos)]].insert(client.id).second) ++items_;
  }
}

void Tracking::LimitTable() {
  const int64_t max_keys = node_.cfg().tracking_table_max_keys;
  if (max_keys <= 0 || table_.size() <= static_cast<size_t>(max_keys)) {
    over_limit_runs_ = 0;
    return;
  }
  // Redis's effort: 100 keys per run, more on each run still over the limit.
  for (int effort = 100 * (over_limit_runs_ + 1); effort > 0 && !table_.empty(); --effort) {
    const std::string key = table_.begin()->first;
    InvalidateKey(key, /*broadcast=*/false);
    if (table_.size() <= static_cast<size_t>(max_keys)) {
      over_limit_runs_ = 0;
      return;
    }
  }
  ++over_limit_runs_;
}

void Tracking::AfterCommand(Client& client, const CommandSpec& spec,
                            const std::vector<std::string>& argv) {
  if (clients_ > 0) LimitTable();
  if (client.tracking.on && !client.tracking.bcast && spec.has(cmdflag::kReadOnly)) {
    RememberKeys(client, spec, argv);
  }
  if (!pending_.empty()) {
    std::vector<std::optional<std::string>> pending;
    pending.swap(pending_);
    for (const std::optional<std::string>& key : pending) {
      if (key) {
        Send(client, KeyArray(client.resp, {*key}));
      } else {
        Send(client, NullFor(client.resp));
      }
    }
  }
  FlushBroadcasts();
  const CommandSpec& top = spec.parent != nullptr ? *spec.parent : spec;
  if (top.name != "client") client.tracking.caching = false;
}

// ---------------------------------------------------------------------------
// Invalidation
// ---------------------------------------------------------------------------

std::string Tracking::KeyArray(int resp, const std::vector<std::string_view>& keys) const {
  std::string out;
  resp::ReplyWriter w(&out, resp);
  w.ArrayHeader(keys.size());
  for (std::string_view k : keys) w.Bulk(k);
  return out;
}

void Tracking::Send(Client& target, const std::string& value) {
  Client* to = &target;
  bool redirected = false;
  if (target.tracking.redirect != 0) {
    to = node_.FindClient(target.tracking.redirect);
    if (to == nullptr) {
      // The redirect client is gone: tell the tracking client, if it can
      // receive pushes.
      target.tracking.broken_redir = true;
      if (target.resp >= 3) {
        std::string msg;
        resp::ReplyWriter w(&msg, 3);
        w.PushHeader(2);
        w.Bulk("tracking-redir-broken");
        w.Integer(static_cast<int64_t>(target.tracking.redirect));
        PushToClient(node_, target, msg);
      }
      return;
    }
    redirected = true;
  }
  std::string msg;
  resp::ReplyWriter w(&msg, to->resp);
  if (to->resp >= 3) {
    w.PushHeader(2);
    w.Bulk("invalidate");
  } else if (redirected && to->pubsub()) {
    w.ArrayHeader(3);
    w.Bulk("message");
    w.Bulk(kInvalidateChannel);
  } else {
    return;  // RESP2 without redirection has no way to receive pushes
  }
  msg += value;
  PushToClient(node_, *to, msg);
}

void Tracking::InvalidateKey(std::string_view key, bool broadcast) {
  Client* current = node_.current_client;
  if (broadcast && !prefixes_.empty()) {
    for (auto& [prefix, state] : prefixes_) {
      if (key.substr(0, prefix.size()) == prefix) {
        state.keys[std::string(key)] = current != nullptr ? current->id : 0;
      }
    }
  }
  if (table_.empty()) return;
  auto it = table_.find(std::string(key));
  if (it == table_.end()) return;
  // Taken out first: sending may close clients, never touch the table.
  std::unordered_set<uint64_t> ids = std::move(it->second);
  table_.erase(it);
  items_ -= ids.size();
  for (uint64_t id : ids) {
    Client* target = node_.FindClient(id);
    // A client that switched to BCAST since reading the key is skipped.
    if (target == nullptr || !target->tracking.on || target->tracking.bcast) continue;
    if (target == current) {
      if (target->tracking.noloop) continue;
      pending_.emplace_back(std::string(key));
      continue;
    }
    Send(*target, KeyArray(target->resp, {key}));
  }
}

void Tracking::InvalidateAll() {
  if (clients_ > 0) {
    Client* current = node_.current_client;
    std::vector<uint64_t> ids;
    for (const auto& [id, c] : node_.clients()) {
      if (c->tracking.on) ids.push_back(id);
    }
    for (uint64_t id : ids) {
      Client* c = node_.FindClient(id);
      if (c == nullptr) continue;
      if (c == current) {
        pending_.emplace_back(std::nullopt);
      } else {
        Send(*c, NullFor(c->resp));
      }
    }
  }
  table_.clear();
  items_ = 0;
}

void Tracking::FlushBroadcasts() {
  // Collected before sending: sending may close a client, which changes
  // the prefix table.
  std::vector<std::pair<std::vector<uint64_t>, std::map<std::string, uint64_t>>> work;
  for (auto& [prefix, state] : prefixes_) {
    if (state.keys.empty()) continue;
    work.emplace_back(std::vector<uint64_t>(state.clients.begin(), state.clients.end()),
                      std::move(state.keys));
    state.keys.clear();
  }
  for (const auto& [ids, keys] : work) {
    for (uint64_t id : ids) {
      Client* c = node_.FindClient(id);
      if (c == nullptr) continue;
      std::vector<std::string_view> names;
      for (const auto& [key, by] : keys) {
        if (c->tracking.noloop && by == c->id) continue;
        names.push_back(key);
      }
      if (!names.empty()) Send(*c, KeyArray(c->resp, names));
    }
  }
}

}  // namespace shoal
