#pragma once

#include "readiness/conformancereport.h"
#include "readiness/loadresult.h"

#include <QColor>
#include <QIcon>
#include <QString>

class QPalette;

namespace fhw::gui {

// Plain helpers of the readiness panel: texts and colours built from reports, testable without
// widgets and pure enough to run on a worker thread (evidenceText for big bodies).
namespace readinesstext {

QString fromStd(std::string_view text);

QString statusName(readiness::CheckStatus status); // "pass", "warn", ... for people
// Readable on light and dark palettes: pass green, info blue, warn orange, fail red, skipped grey.
QColor statusColour(readiness::CheckStatus status, const QPalette &palette);
QIcon statusIcon(readiness::CheckStatus status, const QPalette &palette); // a filled dot in that colour
// Fail > Warn > Skipped > Info > Pass: what a category shows for its checks.
int statusRank(readiness::CheckStatus status);
QString categoryTitle(const std::string &category); // "registration" -> "Registration"

// "30 pass · 2 info · 1 warn · 0 fail · 1 skipped"
QString countsLine(const readiness::ConformanceReport &report);
// The summary under the tree: the counts, the time taken and what it means for a submission.
QString summaryLine(const readiness::ConformanceReport &report);

// A check with every exchange it made, like `curl -v` would show it, for the read-only evidence view:
// request line and headers (Authorization already redacted in the report), the body (pretty-printed
// when it is JSON), the response status, headers and body, the phase timings, TLS and the findings.
QString evidenceText(const readiness::CheckResult &check);

QString formatMs(double ms);            // "0.42 ms", "12.3 ms", "1234 ms"
QString formatUs(std::int64_t us);
QString formatCount(std::int64_t count); // with the locale's group separators

// The load run's figures for the stats area.
QString statusesLine(const std::map<int, std::int64_t> &statuses); // "200: 5,998 · 503: 2"
QString errorsLine(const readiness::LoadCounts &counts);           // "3 (timeout 2, reset 1)" or "none"
QString percentilesLine(const readiness::Percentiles &p);          // "p50 1.2 ms · p90 … · max …"

} // namespace readinesstext
} // namespace fhw::gui
