#include "clusterctl/cli.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "clusterctl/address.h"
#include "clusterctl/admin_client.h"
#include "clusterctl/node_info_format.h"

namespace shoal::clusterctl {
namespace {

// Help text is not re-wrapped by CLI11, hence the explicit line breaks.
constexpr const char* kAdminPortNote =
    "HOST:PORT is a node's admin (gRPC) address, not its client (RESP) address.\n"
    "A node's admin-port defaults to its client port + 1000: the node serving\n"
    "clients on 6379 answers clusterctl on 7379.";
constexpr const char* kExitCodesNote =
    "Exit codes: 0 success, 1 the operation failed (e.g. node unreachable),\n"
    "2 usage error or a sub-command not implemented in this version.";

// Sub-commands the product will have but this version does not implement.
// They are registered anyway so that --help shows the whole surface and so
// that scripts calling them fail loudly (exit 2) instead of doing nothing.
struct PlannedCommand {
  const char* name;
  const char* description;
};
constexpr std::array<PlannedCommand, 8> kPlannedCommands = {{
    {"create", "Create a cluster from empty nodes: assign slots, place replicas"},
    {"add-node", "Add a node to a cluster, as a master or as a replica"},
    {"del-node", "Remove an empty node from a cluster"},
    {"reshard", "Move slots, and their keys, between masters"},
    {"rebalance", "Even out slots across masters by weight"},
    {"check", "Check that all nodes agree on the slot map and every slot is served"},
    {"failover", "Make a replica take over from its master"},
    {"master-addr", "Ask sentinels for the current address of a named master"},
}};

struct InfoArgs {
  std::string address;
  bool json = false;
  double timeout_seconds = 5;
};

int RunInfo(const InfoArgs& args, std::ostream& out, std::ostream& err) {
  StatusOr<HostPort> address = ParseHostPort(args.address);
  if (!address.ok()) {
    err << "clusterctl: " << address.status().message() << "\n"
        << "Run 'clusterctl info --help' for usage.\n";
    return kExitUsage;
  }
  const auto timeout =
      std::chrono::milliseconds(std::max<int64_t>(1, std::llround(args.timeout_seconds * 1000)));
  NodeAdminClient client(*address, timeout);
  StatusOr<admin::v1::NodeInfo> info = client.GetNodeInfo();
  if (!info.ok()) {
    err << "clusterctl: " << info.status().message() << "\n";
    // gRPC's words for "something answered, but not in HTTP/2": most likely
    // the node's client port was given instead of its admin port.
    if (info.status().message().find("HTTP/2") != std::string::npos) {
      err << "clusterctl: hint: that port does not speak gRPC; a node's admin port is its "
             "client port + 1000\n";
    }
    return kExitFailure;
  }
  if (args.json) {
    out << NodeInfoToJson(*info).dump(2) << "\n";
  } else {
    out << FormatNodeInfoTable(*info);
  }
  return kExitOk;
}

void AddInfoCommand(CLI::App& app, InfoArgs& args) {
  CLI::App* info = app.add_subcommand("info",
                                      "Show a node's identity, role, ports, uptime, "
                                      "keys and memory");
  info->add_option("address", args.address, "The node's admin address, HOST:PORT")->required();
  info->add_flag("--json", args.json, "Print a JSON object instead of a table");
  info->add_option("--timeout", args.timeout_seconds, "Seconds to wait for the node")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  info->footer(kAdminPortNote);
}

// CLI11's default failure text, prefixed with the program name the way the
// rest of clusterctl's diagnostics are.
std::string FailureMessage(const CLI::App* app, const CLI::Error& e) {
  return std::string("clusterctl: ") + e.what() + "\nRun 'clusterctl --help' for usage.\n";
}

}  // namespace

int RunClusterctl(int argc, char** argv, std::ostream& out, std::ostream& err) {
  CLI::App app("Operate Shoal nodes and clusters over their admin (gRPC) ports.", "clusterctl");
  app.require_subcommand(1);
  app.failure_message(FailureMessage);
  app.footer(std::string(kAdminPortNote) + "\n\n" + kExitCodesNote);

  InfoArgs info_args;
  AddInfoCommand(app, info_args);
  for (const PlannedCommand& planned : kPlannedCommands) {
    // Extras allowed: whatever arguments a script passes, the answer is
    // "not implemented", never a misleading parse error.
    app.add_subcommand(planned.name, planned.description)->allow_extras();
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 would say "A subcommand is required" for a misspelt one; name it.
    const std::vector<std::string> rest = app.remaining();
    if (app.get_subcommands().empty() && !rest.empty() && !rest.front().starts_with("-")) {
      err << "clusterctl: unknown sub-command '" << rest.front() << "'\n"
          << "Run 'clusterctl --help' for the list of sub-commands.\n";
      return kExitUsage;
    }
    // Help exits 0; every real parse error is a usage error.
    return app.exit(e, out, err) == 0 ? kExitOk : kExitUsage;
  }

  if (app.got_subcommand("info")) {
    return RunInfo(info_args, out, err);
  }
  for (const PlannedCommand& planned : kPlannedCommands) {
    if (app.got_subcommand(planned.name)) {
      err << "clusterctl: '" << planned.name << "' is not implemented yet in this version\n";
      return kExitUsage;
    }
  }
  // require_subcommand(1) makes this unreachable; fail loudly all the same.
  err << "clusterctl: no sub-command given\n";
  return kExitUsage;
}

}  // namespace shoal::clusterctl
