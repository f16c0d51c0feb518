#include "inspectortext.h"

#include "protocol/parse.h"
#include "secrets/redaction.h"

#include <QCoreApplication>
#include <QPalette>
#include <QUrl>

namespace fhw::gui::inspector {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("fhw::gui::ResponseInspector", text);
}

QString fromStd(const std::string &text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

// The body as text, cut after `limit` bytes (on a UTF-8 character boundary) with a note.
QString bodyForDisplay(const std::string &body, std::size_t limit)
{
    if (body.size() <= limit)
        return fromStd(body);
    std::size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(body[cut]) & 0xC0) == 0x80)
        --cut; // not inside a multi-byte character
    return QString::fromUtf8(body.data(), qsizetype(cut))
           + tr("\n… %1 more not shown (%2 in all)").arg(formatBytes(body.size() - cut), formatBytes(body.size()));
}

} // namespace

QString reasonPhrase(long status)
{
    switch (status) {
    case 100: return QStringLiteral("Continue");
    case 200: return QStringLiteral("OK");
    case 201: return QStringLiteral("Created");
    case 202: return QStringLiteral("Accepted");
    case 204: return QStringLiteral("No Content");
    case 301: return QStringLiteral("Moved Permanently");
    case 302: return QStringLiteral("Found");
    case 304: return QStringLiteral("Not Modified");
    case 307: return QStringLiteral("Temporary Redirect");
    case 308: return QStringLiteral("Permanent Redirect");
    case 400: return QStringLiteral("Bad Request");
    case 401: return QStringLiteral("Unauthorized");
    case 403: return QStringLiteral("Forbidden");
    case 404: return QStringLiteral("Not Found");
    case 405: return QStringLiteral("Method Not Allowed");
    case 408: return QStringLiteral("Request Timeout");
    case 409: return QStringLiteral("Conflict");
    case 413: return QStringLiteral("Content Too Large");
    case 415: return QStringLiteral("Unsupported Media Type");
    case 422: return QStringLiteral("Unprocessable Content");
    case 429: return QStringLiteral("Too Many Requests");
    case 431: return QStringLiteral("Request Header Fields Too Large");
    case 500: return QStringLiteral("Internal Server Error");
    case 501: return QStringLiteral("Not Implemented");
    case 502: return QStringLiteral("Bad Gateway");
    case 503: return QStringLiteral("Service Unavailable");
    case 504: return QStringLiteral("Gateway Timeout");
    case 505: return QStringLiteral("HTTP Version Not Supported");
    default: return {};
    }
}

QString statusText(long status)
{
    if (status <= 0)
        return tr("no response");
    const QString reason = reasonPhrase(status);
    return reason.isEmpty() ? QString::number(status) : QString::number(status) + u' ' + reason;
}

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QColor statusColour(long status, const QPalette &palette)
{
    const bool dark = isDark(palette);
    // Hues by class; lighter on dark backgrounds, darker on light ones, so both stay readable.
    const int lightness = dark ? 165 : 95;
    if (status >= 200 && status < 300)
        return QColor::fromHsl(130, 150, lightness);
    if (status >= 300 && status < 400)
        return QColor::fromHsl(210, 150, lightness);
    if (status >= 400 && status < 500)
        return QColor::fromHsl(30, 200, lightness);
    if (status >= 500)
        return QColor::fromHsl(0, 180, lightness);
    return palette.color(QPalette::Disabled, QPalette::WindowText); // no response
}

QString formatMs(double ms)
{
    const int decimals = ms < 10.0 ? 2 : ms < 1000.0 ? 1 : 0;
    return tr("%1 ms").arg(QString::number(ms, 'f', decimals));
}

QString formatUs(std::int64_t us)
{
    return formatMs(double(us) / 1000.0);
}

QString formatWholeMs(std::int64_t ms)
{
    return tr("%1 ms").arg(ms);
}

QString formatBytes(std::size_t bytes)
{
    if (bytes < 1024)
        return bytes == 1 ? tr("1 byte") : tr("%1 bytes").arg(bytes);
    if (bytes < 1024 * 1024)
        return tr("%1 KB").arg(QString::number(double(bytes) / 1024.0, 'f', 1));
    return tr("%1 MB").arg(QString::number(double(bytes) / (1024.0 * 1024.0), 'f', 1));
}

FormattedBody formatBody(const std::string &body)
{
    FormattedBody formatted;
    if (body.empty()) {
        formatted.note = tr("The response has no body.");
        return formatted;
    }
    auto parsed = protocol::parseJson(body);
    if (!parsed) {
        formatted.text = fromStd(body);
        formatted.note = tr("Not JSON (%1); shown as text.").arg(fromStd(parsed.error().message));
        return formatted;
    }
    formatted.text = fromStd(parsed->dump(2, ' ', false, protocol::Json::error_handler_t::replace));
    formatted.json = std::make_shared<const protocol::Json>(std::move(*parsed));
    return formatted;
}

QString tlsSummary(const transport::TlsInfo &tls)
{
    QStringList parts;
    parts << (tls.version.empty() ? tr("TLS") : fromStd(tls.version));
    if (!tls.subject.empty())
        parts << tr("subject %1").arg(fromStd(tls.subject));
    if (!tls.issuer.empty())
        parts << tr("issuer %1").arg(fromStd(tls.issuer));
    if (!tls.notBefore.empty() || !tls.notAfter.empty())
        parts << tr("valid %1 to %2").arg(fromStd(tls.notBefore), fromStd(tls.notAfter));
    parts << (tls.verified ? tr("verified")
                           : tls.verifyError.empty() ? tr("not verified")
                                                     : tr("not verified: %1").arg(fromStd(tls.verifyError)));
    return parts.join(QStringLiteral(" · "));
}

QString lambdaSummary(const transport::LambdaInvocation &lambda)
{
    const QString dot = QStringLiteral(" \u00b7 ");
    QStringList parts;
    if (!lambda.functionError.empty())
        parts << QStringLiteral("function error %1").arg(QString::fromStdString(lambda.functionError));
    if (const auto &report = lambda.report) {
        parts << QStringLiteral("Duration %1").arg(formatMs(report->durationMs))
              << QStringLiteral("Billed %1 ms").arg(report->billedDurationMs, 0, 'f', 0)
              << QStringLiteral("Memory %1 MB").arg(report->memorySizeMb)
              << QStringLiteral("Max Memory %1 MB").arg(report->maxMemoryUsedMb);
        if (report->initDurationMs)
            parts << QStringLiteral("Init Duration %1 (cold start)").arg(formatMs(*report->initDurationMs));
    } else {
        parts << QStringLiteral("no REPORT line in the log tail");
    }
    if (!lambda.executedVersion.empty())
        parts << QStringLiteral("version %1").arg(QString::fromStdString(lambda.executedVersion));
    return parts.join(dot);
}

QString rawExchange(const transport::SendRequest &request, const transport::Attempt &attempt, std::size_t bodyLimit)
{
    const QUrl url(fromStd(request.target.urlFor(request.type)));
    QString path = url.path(QUrl::FullyEncoded);
    if (path.isEmpty())
        path = QStringLiteral("/");
    if (url.hasQuery())
        path += u'?' + url.query(QUrl::FullyEncoded);
    QString host = url.host(QUrl::FullyEncoded);
    if (url.port() != -1)
        host += u':' + QString::number(url.port());

    QString text;
    if (attempt.tls)
        text += QStringLiteral("* ") + tlsSummary(*attempt.tls) + u'\n';
    if (attempt.error != transport::AttemptError::None) {
        text += QStringLiteral("* ") + tr("Attempt failed (%1): %2")
                                           .arg(QString::fromUtf8(transport::attemptErrorName(attempt.error).data()),
                                                fromStd(attempt.errorText))
                + u'\n';
    }
    if (!text.isEmpty())
        text += u'\n';

    text += QStringLiteral("POST ") + path + QStringLiteral(" HTTP/1.1\n");
    if (!host.isEmpty())
        text += QStringLiteral("Host: ") + host + u'\n';
    for (const auto &[name, value] : transport::requestHeaders(request, false)) {
        if (!value.empty()) // an empty value means "send no such header"
            text += fromStd(name) + QStringLiteral(": ") + fromStd(value) + u'\n';
    }
    text += QStringLiteral("Content-Length: ") + QString::number(request.body.size()) + QStringLiteral("\n\n");
    text += bodyForDisplay(request.body, bodyLimit);
    text += QStringLiteral("\n\n");

    if (attempt.status > 0) {
        QString reason = reasonPhrase(attempt.status);
        text += QStringLiteral("HTTP/1.1 ") + QString::number(attempt.status)
                + (reason.isEmpty() ? QString() : u' ' + reason) + u'\n';
        for (const auto &[name, value] : attempt.headers)
            text += fromStd(name) + QStringLiteral(": ") + fromStd(value) + u'\n';
        text += u'\n';
        text += bodyForDisplay(attempt.body, bodyLimit);
        if (attempt.bodyTruncated)
            text += u'\n' + tr("… the rest of the response was not read (larger than the response limit)");
        text += u'\n';
    } else {
        text += tr("(no response)") + u'\n';
    }

    // A server may echo the token back (in a header or an error body): never show it here.
    const std::string &token = request.options.token;
    if (token.size() >= 6)
        text.replace(fromStd(token), fromStd(secrets::redactToken(token).substr(6))); // drop "Token "
    return text;
}

} // namespace fhw::gui::inspector
