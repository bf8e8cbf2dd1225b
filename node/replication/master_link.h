// The TCP connection a replica keeps to its master, on the node's Asio
// executor: connects, writes what Replication sends, and hands received
// bytes to it. Replication (and its handshake state machine) decide what
// the bytes mean; this file only moves them.
#pragma once

#include <boost/asio/any_io_executor.hpp>

#include "node/replication/replication.h"

namespace shoal {

// A MasterConnector for Replication::set_connector.
MasterConnector AsioMasterConnector(boost::asio::any_io_executor executor);

}  // namespace shoal
