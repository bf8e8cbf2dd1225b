#include "node/core/pubsub.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "common/resp/writer.h"
#include "common/strutil.h"
#include "node/core/node.h"

namespace shoal {

namespace {

// Removes one id from a subscriber list, keeping the others' order.
void EraseId(std::vector<uint64_t>& ids, uint64_t id) {
  auto it = std::find(ids.begin(), ids.end(), id);
  if (it != ids.end()) ids.erase(it);
}

}  // namespace

// ---------------------------------------------------------------------------
// Subscription tables
// ---------------------------------------------------------------------------

bool PubSub::Subscribe(Client& client, std::string_view channel, Scope scope) {
  auto& mine = scope == Scope::kShard ? client.shard_channels : client.channels;
  if (!mine.emplace(channel).second) return false;
  channels_[Index(scope)][std::string(channel)].push_back(client.id);
  return true;
}

bool PubSub::Unsubscribe(Client& client, std::string_view channel, Scope scope) {
  auto& mine = scope == Scope::kShard ? client.shard_channels : client.channels;
  auto it = mine.find(std::string(channel));
  if (it == mine.end()) return false;
  mine.erase(it);
  auto& table = channels_[Index(scope)];
  auto entry = table.find(std::string(channel));
  if (entry != table.end()) {
    EraseId(entry->second, client.id);
    // A channel without subscribers disappears (PUBSUB CHANNELS).
    if (entry->second.empty()) table.erase(entry);
  }
  return true;
}

bool PubSub::PSubscribe(Client& client, std::string_view pattern) {
  if (!client.patterns.emplace(pattern).second) return false;
  patterns_[std::string(pattern)].push_back(client.id);
  return true;
}

bool PubSub::PUnsubscribe(Client& client, std::string_view pattern) {
  auto it = client.patterns.find(std::string(pattern));
  if (it == client.patterns.end()) return false;
  client.patterns.erase(it);
  auto entry = patterns_.find(std::string(pattern));
  if (entry != patterns_.end()) {
    EraseId(entry->second, client.id);
    if (entry->second.empty()) patterns_.erase(entry);
  }
  return true;
}

void PubSub::RemoveClient(Client& client) {
  // Copies: Unsubscribe erases from the sets being walked.
  for (const std::string& c :
       std::vector<std::string>(client.channels.begin(), client.channels.end())) {
    Unsubscribe(client, c, Scope::kGlobal);
  }
  for (const std::string& c :
       std::vector<std::string>(client.shard_channels.begin(), client.shard_channels.end())) {
    Unsubscribe(client, c, Scope::kShard);
  }
  for (const std::string& p :
       std::vector<std::string>(client.patterns.begin(), client.patterns.end())) {
    PUnsubscribe(client, p);
  }
}

std::vector<PubSub::Receiver> PubSub::Receivers(std::string_view channel, Scope scope) const {
  std::vector<Receiver> out;
  const auto& table = channels_[Index(scope)];
  auto it = table.find(std::string(channel));
  if (it != table.end()) {
    for (uint64_t id : it->second) out.push_back({id, {}});
  }
  if (scope == Scope::kShard) return out;
  for (const auto& [pattern, ids] : patterns_) {
    if (!GlobMatch(pattern, channel)) continue;
    for (uint64_t id : ids) out.push_back({id, pattern});
  }
  return out;
}

std::vector<std::string> PubSub::Channels(std::string_view pattern, Scope scope) const {
  std::vector<std::string> out;
  for (const auto& [channel, ids] : channels_[Index(scope)]) {
    if (GlobMatch(pattern, channel)) out.push_back(channel);
  }
  return out;
}

size_t PubSub::NumSubscribers(std::string_view channel, Scope scope) const {
  const auto& table = channels_[Index(scope)];
  auto it = table.find(std::string(channel));
  return it == table.end() ? 0 : it->second.size();
}

// ---------------------------------------------------------------------------
// Delivery
// ---------------------------------------------------------------------------

std::string MessageFrame(int resp, std::string_view pattern, std::string_view channel,
                         std::string_view payload, PubSub::Scope scope) {
  std::string out;
  resp::ReplyWriter w(&out, resp);
  if (!pattern.empty()) {
    w.PushHeader(4);
    w.Bulk("pmessage");
    w.Bulk(pattern);
  } else {
    w.PushHeader(3);
    w.Bulk(scope == PubSub::Scope::kShard ? "smessage" : "message");
  }
  w.Bulk(channel);
  w.Bulk(payload);
  return out;
}

size_t PublishMessage(Node& node, std::string_view channel, std::string_view message,
                      PubSub::Scope scope) {
  // The receivers are collected first: delivering may close a slow
  // subscriber, which changes the tables.
  const std::vector<PubSub::Receiver> receivers = node.pubsub().Receivers(channel, scope);
  if (receivers.empty()) return 0;
  std::string plain[2];  // channel-subscriber frames, RESP2 and RESP3, built once
  for (const PubSub::Receiver& r : receivers) {
    Client* c = node.FindClient(r.client_id);
    if (c == nullptr) continue;
    const int resp = c->resp >= 3 ? 3 : 2;
    if (!r.pattern.empty()) {
      PushToClient(node, *c, MessageFrame(resp, r.pattern, channel, message, scope));
      continue;
    }
    std::string& frame = plain[resp - 2];
    if (frame.empty()) frame = MessageFrame(resp, {}, channel, message, scope);
    PushToClient(node, *c, frame);
  }
  return receivers.size();
}

namespace {

// Redis's checkClientOutputBufferLimits for the pubsub class: over the hard
// limit at once, or over the soft limit for more than its seconds.
bool OverPubSubLimit(Node& node, Client& client, size_t used) {
  const ClientBufferLimit& limit =
      node.cfg().client_output_buffer_limit[static_cast<size_t>(ClientClass::kPubsub)];
  if (limit.hard_limit_bytes > 0 && used >= limit.hard_limit_bytes) return true;
  if (limit.soft_limit_bytes == 0 || used < limit.soft_limit_bytes) {
    client.obuf_soft_since_ms = 0;
    return false;
  }
  const int64_t now_ms = node.clock().MonotonicMs();
  if (client.obuf_soft_since_ms == 0) {
    client.obuf_soft_since_ms = now_ms;
    return false;
  }
  return (now_ms - client.obuf_soft_since_ms) / 1000 > limit.soft_limit_seconds;
}

}  // namespace

void PushToClient(Node& node, Client& client, const std::string& bytes) {
  if (client.exec_out != nullptr) {
    client.exec_out->append(bytes);
    return;
  }
  if (client.conn == nullptr || client.close_asap) return;
  client.conn->SendAsync(bytes);
  if (!client.pubsub()) return;
  if (!OverPubSubLimit(node, client, client.conn->output_buffer_size())) return;
  spdlog::warn(
      "Client id={} addr={} scheduled to be closed ASAP for overcoming of output "
      "buffer limits.",
      client.id, client.info.addr);
  ++node.stats().client_output_buffer_limit_disconnections;
  client.close_asap = true;  // no more pushes; the close itself is deferred
  client.conn->Close(false);
}

}  // namespace shoal
