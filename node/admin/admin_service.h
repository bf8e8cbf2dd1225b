// The node's management plane: a gRPC server for the NodeAdmin service
// (proto/node_admin.proto), listening on admin-port (by default port + 1000).
//
// Threading contract. gRPC runs handlers on its own small thread pool, and
// those threads never touch node data. Every handler posts a callback onto the
// shard (the executor that owns the data), then waits for the answer with a
// deadline. A shard that is stuck, or stopped, makes the RPC fail with
// UNAVAILABLE after `shard_timeout` (or DEADLINE_EXCEEDED when the caller's
// own deadline comes first) instead of hanging a gRPC thread forever.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "common/status.h"
#include "node_admin.pb.h"

namespace grpc {
class Server;
}  // namespace grpc

namespace shoal::admin {

struct AdminServerOptions {
  // Address to listen on: an IPv4 or IPv6 literal ("127.0.0.1", "::1",
  // "0.0.0.0") or "localhost".
  std::string bind_address = "127.0.0.1";
  // 0 asks the kernel for a free port; AdminServer::port() tells which.
  int port = 0;
  // The data-owning executor. Callbacks below only ever run here.
  boost::asio::any_io_executor shard;
  // Builds the GetNodeInfo answer. Runs on `shard`. AdminServer overwrites
  // admin_port with the port it actually listens on.
  std::function<v1::NodeInfo()> node_info;
  // Answers Health. Runs on `shard`, so a SERVING answer also proves that the
  // shard is turning.
  std::function<v1::HealthResponse::ServingStatus()> health;
  // How long a handler waits for the shard before giving up.
  std::chrono::milliseconds shard_timeout{2000};
  // Upper bound on gRPC's handler threads: management traffic is light.
  int max_threads = 4;
};

class AdminServer {
 public:
  // Binds and starts serving. Fails with a readable Status when the address
  // cannot be bound (port in use, address not local, ...) or when an option
  // is missing.
  static StatusOr<std::unique_ptr<AdminServer>> Start(const AdminServerOptions& options);

  ~AdminServer();  // Shutdown() with the default grace period.
  AdminServer(const AdminServer&) = delete;
  AdminServer& operator=(const AdminServer&) = delete;

  // The port actually listened on (the kernel's pick when options.port was 0).
  int port() const { return port_; }

  // Stops accepting calls, gives in-flight calls up to `grace` to finish, then
  // cancels them. Handlers waiting on the shard notice the cancellation, so
  // this returns within about `grace` plus one poll slice even when the shard
  // is stuck. Idempotent.
  void Shutdown(std::chrono::milliseconds grace = std::chrono::milliseconds(1000));

 private:
  class Service;  // The NodeAdmin implementation; defined in the .cc file.

  AdminServer(std::unique_ptr<Service> service, std::unique_ptr<grpc::Server> server, int port);

  std::unique_ptr<Service> service_;
  std::unique_ptr<grpc::Server> server_;
  int port_;
  bool shut_down_ = false;
};

}  // namespace shoal::admin
