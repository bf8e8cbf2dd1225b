// shoal-sentinel: the quorum monitor. Not implemented yet; see README.md.
#include <cstdio>

int main() {
  std::fprintf(stderr, "shoal-sentinel: not available in this version of Shoal yet\n");
  return 2;
}
