// Versions a node reports.
#pragma once

namespace shoal {

// The Redis release whose behaviour Shoal matches. Reported as redis_version
// in INFO and as "version" in HELLO, because client libraries gate features
// on it.
inline constexpr char kRedisCompatVersion[] = "7.0.15";

}  // namespace shoal
