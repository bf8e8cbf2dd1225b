// Publish/subscribe: who listens to which channel, pattern or shard channel,
// and the delivery of messages to them.
//
// PubSub holds only the subscription tables (channel -> subscribers in
// subscription order, pattern -> subscribers, shard channel -> subscribers);
// each Client holds its own sets (client.h), so CLIENT LIST and the
// dispatcher's subscribed-mode check need no lookup here. Publish() builds
// the message frames (RESP2 array or RESP3 push, per subscriber's protocol)
// and hands them to PushToClient, which appends them to the subscriber's
// running reply or sends them out of band through its Connection, and
// enforces the pubsub class of client-output-buffer-limit as Redis does.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "node/core/client.h"

namespace shoal {

class Node;

class PubSub {
 public:
  // Global channels (SUBSCRIBE/PUBLISH) and shard channels
  // (SSUBSCRIBE/SPUBLISH) live in separate namespaces.
  enum class Scope : uint8_t { kGlobal = 0, kShard = 1 };

  // One subscriber a message goes to, and through which pattern (empty for
  // a channel subscription). A copy: delivering may close a subscriber and
  // so drop a pattern from the tables.
  struct Receiver {
    uint64_t client_id;
    std::string pattern;
  };

  PubSub() = default;
  PubSub(const PubSub&) = delete;
  PubSub& operator=(const PubSub&) = delete;

  // Each returns true when the subscription set changed.
  bool Subscribe(Client& client, std::string_view channel, Scope scope);
  bool Unsubscribe(Client& client, std::string_view channel, Scope scope);
  bool PSubscribe(Client& client, std::string_view pattern);
  bool PUnsubscribe(Client& client, std::string_view pattern);
  // Drops every subscription of a client (close, RESET) without replies.
  void RemoveClient(Client& client);

  // Who receives a message on `channel`: channel subscribers in the order
  // they subscribed, then (global scope only) the subscribers of every
  // matching pattern.
  std::vector<Receiver> Receivers(std::string_view channel, Scope scope) const;

  // PUBSUB CHANNELS / SHARDCHANNELS: active channels matching a glob
  // pattern.
  std::vector<std::string> Channels(std::string_view pattern, Scope scope) const;
  size_t NumSubscribers(std::string_view channel, Scope scope) const;
  // Unique patterns with subscribers (PUBSUB NUMPAT, INFO pubsub_patterns).
  size_t num_patterns() const { return patterns_.size(); }
  size_t num_channels(Scope scope) const { return channels_[Index(scope)].size(); }

 private:
  static size_t Index(Scope scope) { return static_cast<size_t>(scope); }
  using Subscribers = std::vector<uint64_t>;  // client ids, subscription order

  std::unordered_map<std::string, Subscribers> channels_[2];
  std::map<std::string, Subscribers> patterns_;
};

// The frame of one message for a client speaking `resp`: RESP2
// *3 message <channel> <payload> (*4 pmessage <pattern> ... for patterns,
// smessage for shard channels); RESP3 the same as a push (>).
std::string MessageFrame(int resp, std::string_view pattern, std::string_view channel,
                         std::string_view payload, PubSub::Scope scope);

// Publishes `message` on `channel`; returns the number of receivers (a
// client subscribed both to the channel and to a matching pattern counts
// twice, as it receives two messages).
size_t PublishMessage(Node& node, std::string_view channel, std::string_view message,
                      PubSub::Scope scope = PubSub::Scope::kGlobal);

// Sends bytes that are not a reply (a message, an invalidation) to a
// client: appended to its reply when one of its own commands is running,
// otherwise through its connection. A client in pub/sub mode whose output
// buffer then exceeds the pubsub class of client-output-buffer-limit (the
// hard limit, or the soft limit for longer than its seconds) is closed.
void PushToClient(Node& node, Client& client, const std::string& bytes);

}  // namespace shoal
