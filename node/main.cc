// shoal-node: the storage node. Everything lives in the shoal_node library.
#include "node/process.h"

int main(int argc, char** argv) { return shoal::RunNode(argc, argv); }
