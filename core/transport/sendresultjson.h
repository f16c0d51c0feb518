#pragma once

#include "sendresult.h"

#include "protocol/json.h"

namespace fhw::transport {

// A send as JSON, for `fhw send --json`, history files and reports. Carries no token: SendResult
// never holds one.
protocol::Json toJson(const SendResult &result);
protocol::Json toJson(const PhaseTimings &timings);

} // namespace fhw::transport
