// Runs clusterctl's entry point in-process and captures what it prints.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "clusterctl/cli.h"

namespace shoal::testing {

struct CliResult {
  int code;
  std::string out;
  std::string err;
};

inline CliResult RunCli(std::vector<std::string> args) {
  args.insert(args.begin(), "clusterctl");
  std::vector<char*> argv;
  argv.reserve(args.size());
  for (std::string& arg : args) argv.push_back(arg.data());
  std::ostringstream out, err;
  const int code =
      clusterctl::RunClusterctl(static_cast<int>(argv.size()), argv.data(), out, err);
  return {code, out.str(), err.str()};
}

}  // namespace shoal::testing
