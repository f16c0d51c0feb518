#include "readinesstext.h"

#include "inspector/inspectortext.h"
#include "protocol/parse.h"

#include <QCoreApplication>
#include <QLocale>
#include <QPainter>
#include <QPalette>
#include <QPixmap>
#include <QStringList>

namespace fhw::gui::readinesstext {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("fhw::gui::ReadinessPanel", text);
}

// Pretty-printed when the whole body is JSON; as it came otherwise (a body cut at 64 KiB is not).
QString bodyText(const std::string &body, std::size_t fullSize)
{
    if (body.empty() && fullSize == 0)
        return tr("(no body)");
    QString text;
    const bool cut = fullSize > body.size();
    auto parsed = cut ? std::expected<protocol::Json, protocol::ParseError>(std::unexpected(protocol::ParseError{}))
                      : protocol::parseJson(body);
    if (parsed)
        text = fromStd(parsed->dump(2, ' ', false, protocol::Json::error_handler_t::replace));
    else
        text = fromStd(body);
    if (cut) {
        text += u'\n' + tr("… the first %1 of %2 are kept as evidence.")
                            .arg(inspector::formatBytes(body.size()), inspector::formatBytes(fullSize));
    }
    return text;
}

QString headersText(const std::vector<std::pair<std::string, std::string>> &headers)
{
    QString text;
    for (const auto &[name, value] : headers)
        text += fromStd(name) + QStringLiteral(": ") + fromStd(value) + u'\n';
    return text;
}

QString timingsText(const transport::PhaseTimings &t)
{
    // Phases as libcurl reports them: microseconds from the start of the attempt.
    QStringList parts;
    parts << tr("total %1").arg(formatUs(t.totalUs));
    parts << tr("DNS %1").arg(formatUs(t.dnsUs));
    parts << tr("connect %1").arg(formatUs(t.connectUs));
    if (t.tlsUs > 0)
        parts << tr("TLS %1").arg(formatUs(t.tlsUs));
    parts << tr("first byte %1").arg(formatUs(t.firstByteUs));
    return parts.join(QStringLiteral(" · "));
}

QString evidenceSection(const readiness::Evidence &e, int index, int count)
{
    QString text = QStringLiteral("── ") + tr("Exchange %1 of %2: %3").arg(index).arg(count).arg(fromStd(e.label))
                   + QStringLiteral(" ──\n");
    const std::string_view type = protocol::wireName(e.requestType);
    text += QStringLiteral("POST ") + fromStd(e.url) + QStringLiteral("   (") + fromStd(type) + QStringLiteral(")\n");
    text += headersText(e.requestHeaders);
    text += u'\n' + bodyText(e.requestBody, std::max(e.requestBodyBytes, e.requestBody.size())) + QStringLiteral("\n\n");

    if (e.status > 0) {
        text += QStringLiteral("← ") + inspector::statusText(e.status) + u'\n';
        text += headersText(e.responseHeaders);
        text += u'\n' + bodyText(e.responseBody, e.responseBody.size()) + u'\n';
    } else {
        text += QStringLiteral("← ") + tr("no response");
        if (!e.error.empty())
            text += QStringLiteral(": ") + fromStd(e.error);
        text += u'\n';
    }
    if (e.status > 0 && !e.error.empty())
        text += tr("Error: %1").arg(fromStd(e.error)) + u'\n';
    text += u'\n' + tr("Timings: %1").arg(timingsText(e.timings)) + u'\n';
    if (e.tls)
        text += tr("TLS: %1").arg(inspector::tlsSummary(*e.tls)) + u'\n';
    if (e.findings.empty()) {
        text += tr("Findings: none") + u'\n';
    } else {
        text += tr("Findings:") + u'\n';
        for (const protocol::Finding &f : e.findings) {
            text += QStringLiteral("  %1  %2  %3  %4\n")
                        .arg(fromStd(protocol::severityName(f.severity)).leftJustified(7, u' '),
                             f.pointer.empty() ? tr("(message)") : fromStd(f.pointer), fromStd(f.code),
                             fromStd(f.message));
        }
    }
    return text;
}

} // namespace

QString fromStd(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

QString statusName(readiness::CheckStatus status)
{
    switch (status) {
    case readiness::CheckStatus::Pass: return tr("pass");
    case readiness::CheckStatus::Info: return tr("info");
    case readiness::CheckStatus::Warn: return tr("warn");
    case readiness::CheckStatus::Fail: return tr("fail");
    case readiness::CheckStatus::Skipped: return tr("skipped");
    }
    return {};
}

QColor statusColour(readiness::CheckStatus status, const QPalette &palette)
{
    const bool dark = inspector::isDark(palette);
    const int lightness = dark ? 165 : 95; // lighter on dark backgrounds, darker on light ones
    switch (status) {
    case readiness::CheckStatus::Pass: return QColor::fromHsl(130, 150, lightness);
    case readiness::CheckStatus::Info: return QColor::fromHsl(210, 150, lightness);
    case readiness::CheckStatus::Warn: return QColor::fromHsl(30, 200, lightness);
    case readiness::CheckStatus::Fail: return QColor::fromHsl(0, 180, lightness);
    case readiness::CheckStatus::Skipped: break;
    }
    return palette.color(QPalette::Disabled, QPalette::WindowText);
}

QIcon statusIcon(readiness::CheckStatus status, const QPalette &palette)
{
    QPixmap pixmap(16, 16);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(statusColour(status, palette));
    if (status == readiness::CheckStatus::Skipped)
        painter.drawEllipse(QRectF(5, 5, 6, 6)); // smaller: nothing was judged
    else
        painter.drawEllipse(QRectF(2, 2, 12, 12));
    return QIcon(pixmap);
}

int statusRank(readiness::CheckStatus status)
{
    switch (status) {
    case readiness::CheckStatus::Pass: return 0;
    case readiness::CheckStatus::Info: return 1;
    case readiness::CheckStatus::Skipped: return 2;
    case readiness::CheckStatus::Warn: return 3;
    case readiness::CheckStatus::Fail: return 4;
    }
    return 0;
}

QString categoryTitle(const std::string &category)
{
    QString title = fromStd(category);
    if (!title.isEmpty())
        title[0] = title[0].toUpper();
    return title;
}

QString countsLine(const readiness::ConformanceReport &report)
{
    using readiness::CheckStatus;
    QStringList parts;
    for (CheckStatus s : {CheckStatus::Pass, CheckStatus::Info, CheckStatus::Warn, CheckStatus::Fail, CheckStatus::Skipped})
        parts << QStringLiteral("%1 %2").arg(report.count(s)).arg(statusName(s));
    return parts.join(QStringLiteral(" · "));
}

QString summaryLine(const readiness::ConformanceReport &report)
{
    const QString counts = countsLine(report);
    const QString took = formatMs(double(report.durationUs) / 1000.0);
    if (report.cancelled)
        return tr("Cancelled after %1: %2.").arg(took, counts);
    if (report.passed())
        return tr("Nothing failed (%1, in %2): by these checks mParticle would accept this endpoint.").arg(counts, took);
    return tr("%1 failed (%2, in %3): mParticle would reject this endpoint in review; select a check to see why.")
        .arg(report.count(readiness::CheckStatus::Fail))
        .arg(counts, took);
}

QString evidenceText(const readiness::CheckResult &check)
{
    QString text = fromStd(check.title) + u'\n';
    text += tr("Check: %1 (%2)").arg(fromStd(check.id), fromStd(check.category)) + u'\n';
    text += tr("Status: %1 · %2").arg(statusName(check.status), formatUs(check.durationUs)) + u'\n';
    if (!check.message.empty())
        text += u'\n' + fromStd(check.message) + u'\n';
    if (check.evidence.empty()) {
        text += u'\n' + tr("No exchange: this check judged what other checks received, or it did not run.") + u'\n';
        return text;
    }
    const int count = int(check.evidence.size());
    for (int i = 0; i < count; ++i)
        text += u'\n' + evidenceSection(check.evidence[std::size_t(i)], i + 1, count);
    return text;
}

QString formatMs(double ms)
{
    return inspector::formatMs(ms);
}

QString formatUs(std::int64_t us)
{
    return inspector::formatUs(us);
}

QString formatCount(std::int64_t count)
{
    return QLocale().toString(qlonglong(count));
}

QString statusesLine(const std::map<int, std::int64_t> &statuses)
{
    if (statuses.empty())
        return tr("none yet");
    QStringList parts;
    for (const auto &[status, count] : statuses)
        parts << QStringLiteral("%1: %2").arg(status).arg(formatCount(count));
    return parts.join(QStringLiteral(" · "));
}

QString errorsLine(const readiness::LoadCounts &counts)
{
    if (counts.errors == 0)
        return tr("none");
    QStringList kinds;
    for (const auto &[kind, count] : counts.errorKinds)
        kinds << QStringLiteral("%1 %2").arg(fromStd(kind), formatCount(count));
    return kinds.isEmpty() ? formatCount(counts.errors)
                           : QStringLiteral("%1 (%2)").arg(formatCount(counts.errors), kinds.join(QStringLiteral(", ")));
}

QString percentilesLine(const readiness::Percentiles &p)
{
    if (p.count == 0)
        return tr("no measurements yet");
    return QStringLiteral("p50 %1 · p90 %2 · p99 %3 · p99.9 %4 · max %5")
        .arg(formatUs(p.p50), formatUs(p.p90), formatUs(p.p99), formatUs(p.p999), formatUs(p.max));
}

} // namespace fhw::gui::readinesstext
