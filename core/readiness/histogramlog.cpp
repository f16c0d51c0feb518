#include "histogramlog.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <optional>

// Log format 1.3 as HistogramLogWriter writes it:
//   #[<comment>]
//   #[Histogram log format version 1.3]
//   #[StartTime: 1700000000.000 (seconds since epoch), Tue Nov 14 22:13:20 UTC 2023]
//   #[BaseTime: 1700000000.000 (seconds since epoch)]
//   "StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"
//   [Tag=NAME,]start,length,max,HISTFAAA...
// start is in seconds since BaseTime, length in seconds, max in milliseconds (our values are µs,
// so a max-value unit ratio of 1000). Numbers are written by std::to_chars: never localized.

namespace fhw::readiness {

namespace {

constexpr std::string_view formatVersionLine = "#[Histogram log format version 1.3]";
constexpr std::string_view legendLine =
    R"("StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram")";
// HistogramLogReader's rule: a timestamp this large is absolute (seconds since the epoch), not
// relative to the start, so it is made relative by subtracting the start time.
constexpr double absoluteTimestampThreshold = 365.0 * 24 * 3600;

std::string fixed3(double value)
{
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, 3);
    return std::string(buffer, result.ptr);
}

// Java's Date.toString() shape, in UTC, with English names whatever the C locale says.
std::string dateText(double epochSeconds)
{
    static constexpr const char *days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char *months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const auto seconds = static_cast<std::time_t>(std::floor(epochSeconds));
    std::tm utc{};
    if (gmtime_r(&seconds, &utc) == nullptr)
        return "unknown date";
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%s %s %02d %02d:%02d:%02d UTC %d", days[utc.tm_wday % 7],
                  months[utc.tm_mon % 12], utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, utc.tm_year + 1900);
    return buffer;
}

std::string_view trimmed(std::string_view text)
{
    constexpr std::string_view space = " \t\r";
    const auto first = text.find_first_not_of(space);
    if (first == std::string_view::npos)
        return {};
    return text.substr(first, text.find_last_not_of(space) - first + 1);
}

std::optional<double> number(std::string_view text)
{
    text = trimmed(text);
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

// "#[StartTime: 1441753532.570 (seconds since epoch), ...]" -> 1441753532.570
std::optional<double> timeAfter(std::string_view line, std::string_view prefix)
{
    std::string_view rest = trimmed(line.substr(prefix.size()));
    const std::size_t end = rest.find_first_of(" ,]");
    return number(rest.substr(0, end));
}

Error formatError(std::size_t lineNumber, const std::string &what)
{
    return {"hlog.format", "line " + std::to_string(lineNumber) + ": " + what};
}

} // namespace

std::string writeHistogramLog(const HistogramLog &log)
{
    std::string out;
    // Each comment line as "#[...]", before the header, as the reference tools write theirs.
    std::size_t start = 0;
    while (!log.comment.empty() && start <= log.comment.size()) {
        const std::size_t end = std::min(log.comment.find('\n', start), log.comment.size());
        out += "#[" + log.comment.substr(start, end - start) + "]\n";
        start = end + 1;
    }
    out += formatVersionLine;
    out += '\n';
    out += "#[StartTime: " + fixed3(log.startTimeEpochSeconds) + " (seconds since epoch), " +
        dateText(log.startTimeEpochSeconds) + "]\n";
    out += "#[BaseTime: " + fixed3(log.startTimeEpochSeconds) + " (seconds since epoch)]\n";
    out += legendLine;
    out += '\n';
    for (const LoggedInterval &interval : log.intervals) {
        if (!interval.tag.empty())
            out += "Tag=" + interval.tag + ',';
        out += fixed3(interval.startSeconds) + ',' + fixed3(interval.lengthSeconds) + ',' +
            fixed3(static_cast<double>(interval.histogram.max()) / 1000.0) + ',' +
            interval.histogram.encodeCompressedBase64() + '\n';
    }
    return out;
}

std::expected<HistogramLog, Error> readHistogramLog(std::string_view text)
{
    HistogramLog log;
    std::optional<double> startTime;
    std::optional<double> baseTime;
    std::string comments;
    std::size_t lineNumber = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t newline = std::min(text.find('\n', pos), text.size());
        const std::string_view line = trimmed(text.substr(pos, newline - pos));
        pos = newline + 1;
        ++lineNumber;
        if (line.empty())
            continue;
        if (line.front() == '#') {
            if (line.starts_with("#[StartTime:")) {
                startTime = timeAfter(line, "#[StartTime:");
            } else if (line.starts_with("#[BaseTime:")) {
                baseTime = timeAfter(line, "#[BaseTime:");
            } else if (!line.starts_with("#[Histogram log format version")) {
                // Any other comment, "#[...]" or plain "#...", is kept as the log's comment.
                std::string_view body = line.substr(1);
                if (body.starts_with('[') && body.ends_with(']'))
                    body = body.substr(1, body.size() - 2);
                if (!comments.empty())
                    comments += '\n';
                comments += body;
            }
            continue;
        }
        if (line.front() == '"')
            continue; // the legend line (or an older legend with other column names)

        std::string_view rest = line;
        LoggedInterval interval;
        if (rest.starts_with("Tag=")) {
            const std::size_t comma = rest.find(',');
            if (comma == std::string_view::npos)
                return std::unexpected(formatError(lineNumber, "a tag with no interval after it"));
            interval.tag = std::string(rest.substr(4, comma - 4));
            rest = rest.substr(comma + 1);
        }
        std::string_view fields[4];
        for (int i = 0; i < 3; ++i) {
            const std::size_t comma = rest.find(',');
            if (comma == std::string_view::npos)
                return std::unexpected(formatError(lineNumber, "expected 4 fields: start,length,max,histogram"));
            fields[i] = rest.substr(0, comma);
            rest = rest.substr(comma + 1);
        }
        fields[3] = rest;
        const auto start = number(fields[0]);
        const auto length = number(fields[1]);
        if (!start || !length || !number(fields[2]))
            return std::unexpected(formatError(lineNumber, "start, length and max must be numbers"));
        auto histogram = LatencyHistogram::decodeCompressedBase64(fields[3]);
        if (!histogram)
            return std::unexpected(formatError(lineNumber, histogram.error().message));
        interval.startSeconds = *start;
        interval.lengthSeconds = *length;
        interval.histogram = std::move(*histogram);
        log.intervals.push_back(std::move(interval));
    }

    log.comment = std::move(comments);
    log.startTimeEpochSeconds = baseTime.value_or(startTime.value_or(0));
    // Without a BaseTime line, timestamps may be absolute (older logs); make them relative.
    if (!baseTime && startTime) {
        for (LoggedInterval &interval : log.intervals) {
            if (interval.startSeconds > absoluteTimestampThreshold)
                interval.startSeconds -= *startTime;
        }
    }
    return log;
}

} // namespace fhw::readiness
