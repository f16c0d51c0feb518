#pragma once

#include "protocol/json.h"
#include "transport/httpsender.h"

#include <QColor>
#include <QString>

#include <cstddef>
#include <memory>
#include <string>

class QPalette;
class QTextDocument;

namespace fhw::gui {

// Plain helpers of the response inspector: texts built from a send, testable without widgets.
namespace inspector {

inline constexpr double budgetMs = 100.0; // mParticle's time budget for an answer

QString reasonPhrase(long status);          // "OK", "Service Unavailable"; empty when unknown
QString statusText(long status);            // "200 OK", "no response" for 0
QColor statusColour(long status, const QPalette &palette); // by class, readable on light and dark
bool isDark(const QPalette &palette);
QString formatMs(double ms);                // "0.42 ms", "12.3 ms", "1234 ms"
QString formatUs(std::int64_t us);
QString formatWholeMs(std::int64_t ms);     // "250 ms" (back-off, the budget)
QString formatBytes(std::size_t bytes);     // "512 bytes", "2.0 MB"

// A body for the Body and Tree tabs: pretty-printed when it is JSON, as text otherwise. Pure, so it
// can run on a worker thread for big bodies.
struct FormattedBody
{
    QString text;
    std::shared_ptr<const protocol::Json> json; // null when the body is not JSON
    QString note;                               // e.g. why it is shown as text
};
FormattedBody formatBody(const std::string &body);

// A formatted body with its text already in a document (made on the worker thread and moved to the
// GUI thread), so showing 100,000 lines costs the GUI thread almost nothing.
struct PreparedBody
{
    FormattedBody body;
    std::shared_ptr<QTextDocument> document;
};

// The TLS facts as one line: "TLSv1.3 · subject CN=… · issuer … · valid … to … · verified".
QString tlsSummary(const transport::TlsInfo &tls);

// What a Lambda invocation told beside its payload, one line: "function error Unhandled · Duration
// 12.34 ms · Billed 13 ms · Memory 256 MB · Max Memory 71 MB · Init Duration 180.52 ms (cold start)";
// "no REPORT line in the log tail" when the tail had none.
QString lambdaSummary(const transport::LambdaInvocation &lambda);

// The exchange of one attempt as text, like `curl -v` shows it: request line, request headers (token
// redacted), request body, then status line, response headers, body. Bodies longer than
// bodyLimit bytes are cut, with a note. Any occurrence of the request's token (e.g. echoed by the
// server) is redacted too.
QString rawExchange(const transport::SendRequest &request, const transport::Attempt &attempt,
                    std::size_t bodyLimit);

} // namespace inspector
} // namespace fhw::gui
