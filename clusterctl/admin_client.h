// A thin client of one node's NodeAdmin gRPC service. Each call is bounded by
// the timeout given at construction; nothing here retries.
#pragma once

#include <chrono>
#include <memory>

#include "clusterctl/address.h"
#include "common/status.h"
#include "node_admin.grpc.pb.h"

namespace shoal::clusterctl {

class NodeAdminClient {
 public:
  // Connects lazily: an unreachable node shows up as the first call's error.
  NodeAdminClient(HostPort address, std::chrono::milliseconds timeout);

  const HostPort& address() const { return address_; }

  // On failure the Status reads "cannot reach node at HOST:PORT: <gRPC text>"
  // when the node could not be reached or did not answer in time, and
  // "node at HOST:PORT failed <rpc>: <code>: <text>" when it answered with
  // an error.
  StatusOr<admin::v1::NodeInfo> GetNodeInfo();
  StatusOr<admin::v1::HealthResponse> Health();

 private:
  HostPort address_;
  std::chrono::milliseconds timeout_;
  std::unique_ptr<admin::v1::NodeAdmin::Stub> stub_;
};

}  // namespace shoal::clusterctl
