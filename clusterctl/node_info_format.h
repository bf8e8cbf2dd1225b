// Renders a node's NodeInfo for people (an aligned two-column table) and for
// scripts (a JSON object). Pure functions, no I/O.
//
// Both walk the message's fields in declaration order by reflection, so a
// field added to proto/node_admin.proto shows up in both without touching
// this file. JSON keys are the proto field names; 64-bit counters are JSON
// numbers (not strings as in protobuf's canonical JSON mapping), so that
// `jq '.keys > 0'` works.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "node_admin.pb.h"

namespace shoal::clusterctl {

// "0s", "59s", "1m 0s", "2h 3m 4s", "1d 2h 3m 4s": leading zero units left out.
std::string HumanizeDuration(uint64_t seconds);

// Redis's used_memory_human style: "512B", "1.50K", "3.00M", "1.25G".
std::string HumanizeBytes(uint64_t bytes);

// One "field  value" line per field, the value column aligned. Durations and
// byte counts carry their humanised form in parentheses, e.g.
// "uptime_seconds     93784 (1d 2h 3m 4s)".
std::string FormatNodeInfoTable(const admin::v1::NodeInfo& info);

// A flat object keyed by field name, e.g. {"id": "...", "port": 6379, ...}.
nlohmann::json NodeInfoToJson(const admin::v1::NodeInfo& info);

}  // namespace shoal::clusterctl
