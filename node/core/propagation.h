// Propagation: the stream of write commands that reproduces the keyspace's
// changes, fed to the append-only file (and to replicas). The dispatcher
// hands every successful write command to Propagate after it ran; commands
// whose effect depends on the moment they ran (relative TTLs, clock-made
// stream IDs, INCRBYFLOAT's float formatting) are rewritten into a
// deterministic form first, and expired keys are propagated as DEL, as
// Redis does, so replaying the stream later gives the same data.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace shoal {

class Db;

class Propagator {
 public:
  // A consumer of the stream (AOF, replication). `db` is the database the
  // command ran in; the sink emits SELECT itself when it changes.
  using Sink = std::function<void(int db, const std::vector<std::string>& argv)>;

  // Registers a sink; returns its id for RemoveSink.
  int AddSink(Sink sink);
  void RemoveSink(int id);
  bool active() const { return !sinks_.empty(); }

  // A write command that ran successfully in `db` (read-only lookups of its
  // outcome happen here, so call right after the command).
  void PropagateCommand(Db& db, int db_index, const std::vector<std::string>& argv,
                        int64_t now_ms);
  // A key removed because its TTL passed (or evicted): DEL.
  void PropagateDelete(int db_index, std::string_view key);
  // Anything else (e.g. SELECT-free internal commands).
  void Feed(int db_index, const std::vector<std::string>& argv);

 private:
  std::vector<std::pair<int, Sink>> sinks_;
  int next_id_ = 1;
};

// The deterministic form of a write command, given the keyspace after it
// ran: empty when nothing needs propagating, else one or more commands.
std::vector<std::vector<std::string>> RewriteForPropagation(
    Db& db, const std::vector<std::string>& argv, int64_t now_ms);

}  // namespace shoal
