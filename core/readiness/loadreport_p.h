#pragma once

// Number formatting shared by the verdict (loadresult.cpp) and the reports. Never localized
// (std::to_chars), because reports are compared, parsed and pasted into tickets.

#include <cstdint>
#include <string>

namespace fhw::readiness::report {

std::string fixed(double value, int decimals);   // "12.346"
std::string count(std::int64_t value);           // "20,000"
std::string msNumber(std::int64_t micros);       // µs as ms: "0.412", "12.35", "1234.5"
std::string millis(std::int64_t micros);         // msNumber + " ms"
std::string percent(double ratio);               // 0.0006 -> "0.06%", 0.98 -> "98%"
std::string rate(double perSecond);              // "2,000 req/s", "1,998.4 req/s"
std::string seconds(double value);               // "10 s", "9.5 s"
std::string xmlEscaped(const std::string &text); // for SVG text and attributes

} // namespace fhw::readiness::report
