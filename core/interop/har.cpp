// HAR 1.2 of history entries: what a browser's network panel, Charles or Fiddler can open.

#include "har.h"

#include "secrets/redaction.h"

#include <QDateTime>
#include <QUrl>
#include <QUrlQuery>

#include <algorithm>

namespace fhw::interop {

using protocol::Json;

namespace {

constexpr std::string_view redactedMark = "\u2022\u2022\u2022\u2022";

std::string stringAt(const Json &object, const char *key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::int64_t integerAt(const Json &object, const char *key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_number() ? it->get<std::int64_t>() : 0;
}

bool isNamed(const std::string &name, const char *wanted)
{
    return QString::fromStdString(name).compare(QLatin1String(wanted), Qt::CaseInsensitive) == 0;
}

// [[name, value], ...] (history's form) → [{name, value}, ...]; headers sent empty (curl's "Expect:")
// are headers the request did not carry.
Json harHeaders(const Json &pairs, const HarOptions &options, std::string *contentType)
{
    Json out = Json::array();
    if (!pairs.is_array())
        return out;
    for (const Json &pair : pairs) {
        if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() || !pair[1].is_string())
            continue;
        const std::string name = pair[0].get<std::string>();
        std::string value = pair[1].get<std::string>();
        if (value.empty())
            continue;
        if (isNamed(name, "Authorization")) {
            if (!options.revealToken.empty())
                value = "Token " + options.revealToken;
            else if (value.find(redactedMark) == std::string::npos) // an entry from before redaction
                value = secrets::redactAuthorization(value);
        }
        if (contentType && isNamed(name, "Content-Type"))
            *contentType = value;
        out.push_back(Json{{"name", name}, {"value", std::move(value)}});
    }
    return out;
}

Json queryString(const std::string &url)
{
    Json out = Json::array();
    const QUrl parsed(QString::fromStdString(url));
    for (const auto &[key, value] : QUrlQuery(parsed).queryItems(QUrl::FullyDecoded))
        out.push_back(Json{{"name", key.toStdString()}, {"value", value.toStdString()}});
    return out;
}

double ms(std::int64_t us)
{
    return static_cast<double>(us) / 1000.0;
}

// libcurl's milestones (µs from the attempt's start) → HAR's phases (ms). Milestones a failed or reused
// attempt did not reach are clamped so the phases never go negative and add up to the total.
Json timings(const Json &us, double *time)
{
    const std::int64_t dns = integerAt(us, "dns");
    const std::int64_t connect = integerAt(us, "connect");
    const std::int64_t tls = integerAt(us, "tls");
    const std::int64_t total = integerAt(us, "total");
    const std::int64_t connected = std::max({dns, connect, tls});
    const std::int64_t sent = std::max(connected, integerAt(us, "request_sent"));
    const std::int64_t firstByteRaw = integerAt(us, "first_byte");
    const std::int64_t firstByte = std::max(sent, firstByteRaw > 0 ? firstByteRaw : total);
    const std::int64_t done = std::max(firstByte, total);

    const double dnsMs = dns > 0 ? ms(dns) : -1;
    const double connectMs = connect > 0 ? ms(connected - dns) : -1; // includes ssl, as HAR says
    const double sslMs = tls > 0 ? ms(tls - std::max(dns, connect)) : -1;
    const double sendMs = ms(sent - connected), waitMs = ms(firstByte - sent), receiveMs = ms(done - firstByte);
    *time = std::max(dnsMs, 0.0) + std::max(connectMs, 0.0) + sendMs + waitMs + receiveMs;
    return Json{{"blocked", -1}, {"dns", dnsMs},   {"connect", connectMs}, {"ssl", sslMs},
                {"send", sendMs}, {"wait", waitMs}, {"receive", receiveMs}};
}

std::string isoTime(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs).toStdString();
}

} // namespace

std::string statusText(long status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return {};
    }
}

Json harFromHistory(const std::vector<workspace::HistoryEntry> &entries, const HarOptions &options)
{
    Json harEntries = Json::array();
    for (const workspace::HistoryEntry &entry : entries) {
        const Json &document = entry.document;
        const Json request = document.contains("request") ? document["request"] : Json::object();
        const Json result = document.contains("result") ? document["result"] : Json::object();
        const Json attempts = result.contains("attempts") && result["attempts"].is_array() ? result["attempts"]
                                                                                           : Json::array();
        std::string requestType = "application/json";
        const Json requestHeaders = harHeaders(request.contains("headers") ? request["headers"] : Json(), options,
                                               &requestType);
        const std::string url = entry.row.url;
        // History keeps the body as JSON and shows it pretty-printed: that is the text given here.
        const Json postData{{"mimeType", requestType}, {"params", Json::array()}, {"text", entry.body}};

        QDateTime start = QDateTime::fromString(QString::fromStdString(entry.row.time), Qt::ISODateWithMs);
        if (!start.isValid())
            start = QDateTime::fromMSecsSinceEpoch(0, Qt::UTC);
        for (const Json &attempt : attempts) {
            start = start.addMSecs(integerAt(attempt, "delay_before_ms"));
            const Json us = attempt.contains("timings_us") ? attempt["timings_us"] : Json::object();
            const long status = static_cast<long>(integerAt(attempt, "status"));
            std::string responseType;
            const Json responseHeaders = harHeaders(attempt.contains("headers") ? attempt["headers"] : Json(),
                                                    options, &responseType);
            std::string location;
            for (const Json &header : responseHeaders) {
                if (isNamed(header["name"].get<std::string>(), "Location"))
                    location = header["value"].get<std::string>();
            }
            const std::string body = stringAt(attempt, "body");
            double time = 0;
            Json harTimings = timings(us, &time);

            Json harEntry{
                {"startedDateTime", isoTime(start)},
                {"time", time},
                {"request",
                 Json{{"method", "POST"},
                      {"url", url},
                      {"httpVersion", "HTTP/1.1"},
                      {"cookies", Json::array()},
                      {"headers", requestHeaders},
                      {"queryString", queryString(url)},
                      {"postData", postData},
                      {"headersSize", -1},
                      {"bodySize", static_cast<std::int64_t>(entry.body.size())}}},
                {"response",
                 Json{{"status", status},
                      {"statusText", statusText(status)},
                      {"httpVersion", status ? "HTTP/1.1" : ""},
                      {"cookies", Json::array()},
                      {"headers", responseHeaders},
                      {"content", Json{{"size", static_cast<std::int64_t>(body.size())},
                                       {"mimeType", responseType.empty() && !body.empty() ? "application/octet-stream"
                                                                                          : responseType},
                                       {"text", body}}},
                      {"redirectURL", location},
                      {"headersSize", -1},
                      {"bodySize", status ? static_cast<std::int64_t>(body.size()) : -1}}},
                {"cache", Json::object()},
                {"timings", std::move(harTimings)},
                {"_historyId", entry.row.id},
                {"_attempt", integerAt(attempt, "number")},
                {"_verdict", stringAt(result, "verdict")}};
            if (const std::string error = stringAt(attempt, "error"); !error.empty() && error != "none")
                harEntry["_error"] = error + (stringAt(attempt, "error_text").empty()
                                                  ? std::string()
                                                  : ": " + stringAt(attempt, "error_text"));
            harEntries.push_back(std::move(harEntry));
            start = start.addMSecs(integerAt(us, "total") / 1000);
        }
    }
    return Json{{"log",
                 Json{{"version", "1.2"},
                      {"creator", Json{{"name", "Firehose Workbench"}, {"version", FHW_VERSION}}},
                      {"pages", Json::array()},
                      {"entries", std::move(harEntries)}}}};
}

} // namespace fhw::interop
