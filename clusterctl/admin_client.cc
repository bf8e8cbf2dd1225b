#include "clusterctl/admin_client.h"

#include <grpcpp/grpcpp.h>

#include <array>
#include <string>
#include <utility>

namespace shoal::clusterctl {
namespace {

// gRPC has no public to-string for its codes; indexed by code value, which
// the gRPC spec fixes at 0..16.
constexpr std::array<const char*, 17> kCodeNames = {
    "OK",        "CANCELLED",      "UNKNOWN",           "INVALID_ARGUMENT",   "DEADLINE_EXCEEDED",
    "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
    "ABORTED",   "OUT_OF_RANGE",   "UNIMPLEMENTED",     "INTERNAL",           "UNAVAILABLE",
    "DATA_LOSS", "UNAUTHENTICATED"};

const char* CodeName(grpc::StatusCode code) {
  const auto index = static_cast<size_t>(code);
  return index < kCodeNames.size() ? kCodeNames[index] : "UNRECOGNIZED";
}

Status FromGrpc(const grpc::Status& status, const HostPort& address, const char* rpc) {
  const std::string where = FormatHostPort(address);
  // UNAVAILABLE covers refused connections and failed handshakes;
  // DEADLINE_EXCEEDED a node (or a shard) too slow to answer. Both mean the
  // operator should look at the node or at the address typed.
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE ||
      status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
    return Status::Error("cannot reach node at " + where + ": " + status.error_message());
  }
  return Status::Error("node at " + where + " failed " + rpc + ": " +
                       CodeName(status.error_code()) + ": " + status.error_message());
}

}  // namespace

NodeAdminClient::NodeAdminClient(HostPort address, std::chrono::milliseconds timeout)
    : address_(std::move(address)), timeout_(timeout) {
  grpc::ChannelArguments args;
  // Nodes are reached directly; an http_proxy meant for the web must not
  // capture management traffic.
  args.SetInt(GRPC_ARG_ENABLE_HTTP_PROXY, 0);
  stub_ = admin::v1::NodeAdmin::NewStub(grpc::CreateCustomChannel(
      FormatHostPort(address_), grpc::InsecureChannelCredentials(), args));
}

StatusOr<admin::v1::NodeInfo> NodeAdminClient::GetNodeInfo() {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + timeout_);
  admin::v1::NodeInfo reply;
  grpc::Status status = stub_->GetNodeInfo(&context, admin::v1::GetNodeInfoRequest(), &reply);
  if (!status.ok()) {
    return FromGrpc(status, address_, "GetNodeInfo");
  }
  return reply;
}

StatusOr<admin::v1::HealthResponse> NodeAdminClient::Health() {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + timeout_);
  admin::v1::HealthResponse reply;
  grpc::Status status = stub_->Health(&context, admin::v1::HealthRequest(), &reply);
  if (!status.ok()) {
    return FromGrpc(status, address_, "Health");
  }
  return reply;
}

}  // namespace shoal::clusterctl
