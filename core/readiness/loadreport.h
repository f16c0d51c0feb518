#pragma once

#include "loadresult.h"

#include "protocol/json.h"

#include <string>

namespace fhw::readiness {

std::string loadReportText(const LoadResult &result);   // for people: settings, rate, percentiles, statuses, verdict
protocol::Json loadReportJson(const LoadResult &result); // everything, timeline included; no token
std::string loadHistogramLog(const LoadResult &result);  // one interval per measured second (histogramlog.h)
// An SVG image (no Qt needed): latency percentiles (p50, p90, p99, max) per second with the budget
// line, and the latency histogram with the same line. Self-contained, no scripts, no remote loads.
std::string loadChartSvg(const LoadResult &result);

} // namespace fhw::readiness
