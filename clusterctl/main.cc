// clusterctl: the operator's command-line tool. All logic lives in the
// shoal_clusterctl library so tests can drive it in-process.
#include <iostream>

#include "clusterctl/cli.h"

int main(int argc, char** argv) {
  return shoal::clusterctl::RunClusterctl(argc, argv, std::cout, std::cerr);
}
