#pragma once

// HdrHistogram's interval log format (as HistogramLogWriter/HistogramLogReader write and read it,
// log format 1.3), so a run's per-second histograms can be opened with HdrHistogram's own tools
// (HistogramLogAnalyzer, hdr-plot). Values are microseconds; the Interval_Max column is written in
// milliseconds (a max-value unit ratio of 1000).

#include "latencyhistogram.h"

#include "common/error.h"

#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace fhw::readiness {

struct LoggedInterval
{
    double startSeconds = 0;  // since the log's base time
    double lengthSeconds = 0;
    std::string tag;          // empty: untagged
    LatencyHistogram histogram;
};

struct HistogramLog
{
    double startTimeEpochSeconds = 0; // "#[StartTime: …]" and "#[BaseTime: …]"
    std::string comment;              // written as "#[…]" lines before the header
    std::vector<LoggedInterval> intervals;
};

std::string writeHistogramLog(const HistogramLog &log);
std::expected<HistogramLog, Error> readHistogramLog(std::string_view text);

} // namespace fhw::readiness
