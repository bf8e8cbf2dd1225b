// shoal-node: the storage node. Everything lives in the shoal_node library.
#include "node/process.h"

// jemalloc's start-up options when the binary links it, as Redis sets them
// (jemalloc-bg-thread yes): freed pages are purged by a background thread,
// not on the data path. Harmless without jemalloc.
extern "C" {
const char* malloc_conf = "background_thread:true";
}

int main(int argc, char** argv) { return shoal::RunNode(argc, argv); }
