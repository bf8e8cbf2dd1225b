#include "node/admin/admin_service.h"

#include <grpcpp/grpcpp.h>
#include <grpcpp/resource_quota.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/post.hpp>
#include <cerrno>
#include <cstring>
#include <exception>
#include <future>
#include <utility>

#include "node_admin.grpc.pb.h"

namespace shoal::admin {
namespace {

using Steady = std::chrono::steady_clock;

// A handler waiting on the shard wakes this often to see whether its call was
// cancelled (caller gone, caller's deadline passed, server shutting down).
constexpr std::chrono::milliseconds kPollSlice{20};

// gRPC spells IPv6 listening addresses with brackets.
std::string ListenTarget(const std::string& host, int port) {
  if (host.find(':') != std::string::npos) {
    return "[" + host + "]:" + std::to_string(port);
  }
  return host + ":" + std::to_string(port);
}

// gRPC reports a failed bind only as "no port", without the reason. Binding
// the same address once more ourselves recovers the errno text ("Address
// already in use", "Cannot assign requested address") for the Status.
std::string DescribeBindFailure(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0) {
    return gai_strerror(rc);
  }
  std::string reason = "address not available";
  int fd = socket(found->ai_family, found->ai_socktype, found->ai_protocol);
  if (fd < 0) {
    reason = std::strerror(errno);
  } else {
    if (bind(fd, found->ai_addr, found->ai_addrlen) != 0) {
      reason = std::strerror(errno);
    }
    close(fd);
  }
  freeaddrinfo(found);
  return reason;
}

// Runs `fn` on `shard` and waits for its result, at most `timeout` and never
// past the call's cancellation. The posted task owns everything it touches
// (the promise, and the callback by shared_ptr), so a handler that gives up
// leaves nothing dangling for a shard that wakes up later.
template <typename T>
grpc::Status CallOnShard(const boost::asio::any_io_executor& shard,
                         const std::shared_ptr<const std::function<T()>>& fn,
                         std::chrono::milliseconds timeout, grpc::ServerContext* context,
                         T* result) {
  std::promise<T> promise;
  std::future<T> future = promise.get_future();
  // The task alone owns the promise: if the shard's executor is destroyed
  // with the task still queued, the promise breaks and the wait below ends
  // at once instead of at the timeout.
  boost::asio::post(shard, [promise = std::move(promise), fn]() mutable {
    // An exception must not unwind through the shard's event loop.
    try {
      promise.set_value((*fn)());
    } catch (...) {
      promise.set_exception(std::current_exception());
    }
  });

  const Steady::time_point give_up = Steady::now() + timeout;
  for (;;) {  // Bounded: every pass waits, and give_up does not move.
    const Steady::time_point now = Steady::now();
    if (now >= give_up) {
      return grpc::Status(
          grpc::StatusCode::UNAVAILABLE,
          "node shard did not answer within " + std::to_string(timeout.count()) + " ms");
    }
    if (context->IsCancelled()) {
      if (std::chrono::system_clock::now() >= context->deadline()) {
        return grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                            "deadline passed waiting for shard");
      }
      return grpc::Status(grpc::StatusCode::CANCELLED, "call cancelled waiting for shard");
    }
    const auto slice = std::min<Steady::duration>(kPollSlice, give_up - now);
    if (future.wait_for(slice) == std::future_status::ready) {
      break;
    }
  }

  try {
    *result = future.get();
  } catch (const std::future_error&) {
    // The shard's executor was destroyed with the task still queued.
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "node shard is shutting down");
  } catch (const std::exception& e) {
    return grpc::Status(grpc::StatusCode::INTERNAL, e.what());
  } catch (...) {
    return grpc::Status(grpc::StatusCode::INTERNAL, "unknown error on node shard");
  }
  return grpc::Status::OK;
}

}  // namespace

// ---------------------------------------------------------------------------
// The NodeAdmin service
// ---------------------------------------------------------------------------

class AdminServer::Service final : public v1::NodeAdmin::Service {
 public:
  explicit Service(const AdminServerOptions& options)
      : shard_(options.shard),
        node_info_(std::make_shared<const std::function<v1::NodeInfo()>>(options.node_info)),
        health_(std::make_shared<const std::function<v1::HealthResponse::ServingStatus()>>(
            options.health)),
        shard_timeout_(options.shard_timeout) {}

  // Known only after the bind; a call racing with Start sees 0.
  void set_port(int port) { port_.store(port, std::memory_order_relaxed); }

  grpc::Status GetNodeInfo(grpc::ServerContext* context, const v1::GetNodeInfoRequest*,
                           v1::NodeInfo* reply) override {
    grpc::Status status = CallOnShard(shard_, node_info_, shard_timeout_, context, reply);
    // Only the server knows the port it really listens on (admin-port 0).
    if (status.ok()) {
      reply->set_admin_port(port_.load(std::memory_order_relaxed));
    }
    return status;
  }

  grpc::Status Health(grpc::ServerContext* context, const v1::HealthRequest*,
                      v1::HealthResponse* reply) override {
    v1::HealthResponse::ServingStatus serving = v1::HealthResponse::UNKNOWN;
    grpc::Status status = CallOnShard(shard_, health_, shard_timeout_, context, &serving);
    if (status.ok()) {
      reply->set_status(serving);
    }
    return status;
  }

 private:
  const boost::asio::any_io_executor shard_;
  const std::shared_ptr<const std::function<v1::NodeInfo()>> node_info_;
  const std::shared_ptr<const std::function<v1::HealthResponse::ServingStatus()>> health_;
  const std::chrono::milliseconds shard_timeout_;
  std::atomic<int> port_{0};
};

// ---------------------------------------------------------------------------
// AdminServer
// ---------------------------------------------------------------------------

StatusOr<std::unique_ptr<AdminServer>> AdminServer::Start(const AdminServerOptions& options) {
  if (!options.shard) {
    return Status::Error("admin server: no shard executor given");
  }
  if (!options.node_info || !options.health) {
    return Status::Error("admin server: node_info and health callbacks are required");
  }
  if (options.port < 0 || options.port > 65535) {
    return Status::Error("admin server: invalid port " + std::to_string(options.port));
  }
  if (options.shard_timeout.count() <= 0) {
    return Status::Error("admin server: shard_timeout must be positive");
  }

  auto service = std::make_unique<Service>(options);
  const std::string target = ListenTarget(options.bind_address, options.port);
  int bound_port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort(target, grpc::InsecureServerCredentials(), &bound_port);
  builder.RegisterService(service.get());
  // gRPC sets SO_REUSEPORT by default, which would let two nodes silently
  // share one admin port. A port in use must be an error.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  // One completion queue and a couple of pollers: management traffic is light,
  // and the thread cap keeps a flood of calls from spawning threads.
  grpc::ResourceQuota quota("shoal-admin");
  quota.SetMaxThreads(std::max(2, options.max_threads));
  builder.SetResourceQuota(quota);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::NUM_CQS, 1);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MIN_POLLERS, 1);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS, 2);

  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || bound_port == 0) {
    return Status::Error("admin server: cannot listen on " + target + ": " +
                         DescribeBindFailure(options.bind_address, options.port));
  }
  service->set_port(bound_port);
  return std::unique_ptr<AdminServer>(
      new AdminServer(std::move(service), std::move(server), bound_port));
}

AdminServer::AdminServer(std::unique_ptr<Service> service, std::unique_ptr<grpc::Server> server,
                         int port)
    : service_(std::move(service)), server_(std::move(server)), port_(port) {}

AdminServer::~AdminServer() { Shutdown(); }

void AdminServer::Shutdown(std::chrono::milliseconds grace) {
  if (shut_down_) {
    return;
  }
  shut_down_ = true;
  // Returns once every handler has returned; handlers waiting on the shard
  // see the cancellation within one poll slice.
  server_->Shutdown(std::chrono::system_clock::now() + grace);
  server_->Wait();
}

}  // namespace shoal::admin
