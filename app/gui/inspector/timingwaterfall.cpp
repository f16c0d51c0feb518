#include "timingwaterfall.h"

#include "inspectortext.h"

#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace fhw::gui {

using inspector::budgetMs;
using inspector::formatMs;
using inspector::formatWholeMs;

namespace {

constexpr double scaleMargin = 1.1; // 10% beyond max(total, budget)
constexpr int padding = 6;

double toMs(std::int64_t us)
{
    return double(us) / 1000.0;
}

// A "nice" tick step (1, 2 or 5 × 10^n ms) giving about six ticks up to `scale`.
double tickStep(double scale)
{
    const double raw = scale / 6.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double factor : {1.0, 2.0, 5.0, 10.0}) {
        if (factor * magnitude >= raw)
            return factor * magnitude;
    }
    return 10.0 * magnitude;
}

} // namespace

TimingWaterfall::TimingWaterfall(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("timingWaterfall"));
    setAccessibleName(tr("Timing waterfall"));
    setFocusPolicy(Qt::TabFocus); // reachable from the keyboard, so screen readers announce the numbers
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    updateDescription();
}

QList<TimingWaterfall::Bar> TimingWaterfall::computeBars(const transport::PhaseTimings &timings, bool https)
{
    QList<Bar> bars;
    std::int64_t previousEnd = 0;
    auto phase = [&](Phase which, const QString &label, std::int64_t endUs) {
        // libcurl's times are cumulative from the start; 0 means the phase did not happen.
        const std::int64_t end = endUs > 0 ? std::max(endUs, previousEnd) : previousEnd;
        bars.append(Bar{which, label, toMs(previousEnd), toMs(end - previousEnd)});
        previousEnd = end;
    };
    phase(Phase::Dns, tr("DNS"), timings.dnsUs);
    phase(Phase::Connect, tr("Connect"), timings.connectUs);
    phase(Phase::Tls, tr("TLS"), https ? timings.tlsUs : 0);
    phase(Phase::RequestSent, tr("Request sent"), timings.requestSentUs);
    phase(Phase::Waiting, tr("Waiting (first byte)"), timings.firstByteUs);
    phase(Phase::Download, tr("Download"), timings.firstByteUs > 0 ? timings.totalUs : 0);
    bars.append(Bar{Phase::Total, tr("Total"), 0.0, toMs(std::max<std::int64_t>(timings.totalUs, 0))});
    return bars;
}

double TimingWaterfall::scaleFor(double totalMs)
{
    return std::max(totalMs, budgetMs) * scaleMargin;
}

void TimingWaterfall::setTimings(const transport::PhaseTimings &timings, bool https)
{
    m_bars = computeBars(timings, https);
    m_https = https;
    m_totalMs = m_bars.constLast().lengthMs;
    m_scaleMs = scaleFor(m_totalMs);
    updateDescription();
    updateGeometry();
    update();
}

void TimingWaterfall::clear()
{
    m_bars.clear();
    m_totalMs = 0;
    m_scaleMs = 0;
    updateDescription();
    update();
}

QString TimingWaterfall::barText(const Bar &bar) const
{
    if (bar.phase == Phase::Tls && !m_https)
        return tr("none (http)");
    return formatMs(bar.lengthMs);
}

QString TimingWaterfall::description() const
{
    if (m_bars.isEmpty())
        return tr("No timings.");
    QStringList parts;
    for (const Bar &bar : m_bars) {
        if (bar.phase != Phase::Total)
            parts << tr("%1 %2").arg(bar.label, barText(bar));
    }
    const QString budget = m_totalMs <= budgetMs ? tr("within the %1 budget").arg(formatWholeMs(std::int64_t(budgetMs)))
                                                 : tr("over the %1 budget").arg(formatWholeMs(std::int64_t(budgetMs)));
    return tr("%1; total %2, %3.").arg(parts.join(QStringLiteral(", ")), formatMs(m_totalMs), budget);
}

void TimingWaterfall::updateDescription()
{
    const QString text = description();
    setToolTip(text);
    setAccessibleDescription(text);
}

TimingWaterfall::Geometry TimingWaterfall::geometry() const
{
    const QFontMetrics metrics = fontMetrics();
    int labelWidth = metrics.horizontalAdvance(tr("Waiting (first byte)"));
    for (const Bar &bar : m_bars)
        labelWidth = std::max(labelWidth, metrics.horizontalAdvance(bar.label));
    Geometry g{};
    g.labelWidth = labelWidth + 2 * padding;
    g.rowHeight = metrics.height() + padding;
    g.top = metrics.height() + padding; // room for the budget's caption
    g.plotLeft = g.labelWidth;
    g.plotWidth = std::max(40, width() - g.plotLeft - padding);
    return g;
}

int TimingWaterfall::xFor(const Geometry &g, double ms) const
{
    if (m_scaleMs <= 0)
        return g.plotLeft;
    return g.plotLeft + int(std::lround(ms / m_scaleMs * g.plotWidth));
}

QColor TimingWaterfall::colourFor(Phase phase) const
{
    const bool dark = inspector::isDark(palette());
    const int lightness = dark ? 120 : 145;
    switch (phase) {
    case Phase::Dns: return QColor::fromHsl(175, 150, lightness);
    case Phase::Connect: return QColor::fromHsl(35, 190, lightness);
    case Phase::Tls: return QColor::fromHsl(280, 120, lightness);
    case Phase::RequestSent: return QColor::fromHsl(200, 90, lightness);
    case Phase::Waiting: return QColor::fromHsl(120, 110, lightness);
    case Phase::Download: return QColor::fromHsl(220, 170, lightness);
    case Phase::Total:
        return m_totalMs > budgetMs ? QColor::fromHsl(0, 170, lightness) : palette().color(QPalette::Mid);
    }
    return palette().color(QPalette::Mid);
}

QSize TimingWaterfall::sizeHint() const
{
    const Geometry g = geometry();
    const int rows = std::max<int>(int(m_bars.size()), 7);
    return {g.labelWidth + 420, g.top + rows * g.rowHeight + g.rowHeight + padding};
}

QSize TimingWaterfall::minimumSizeHint() const
{
    const Geometry g = geometry();
    return {g.labelWidth + 160, g.top + 7 * g.rowHeight + g.rowHeight + padding};
}

void TimingWaterfall::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing, false);
    const QPalette &pal = palette();
    painter.fillRect(rect(), pal.color(QPalette::Base));
    const QColor text = pal.color(QPalette::Text);
    if (m_bars.isEmpty()) {
        painter.setPen(pal.color(QPalette::Disabled, QPalette::Text));
        painter.drawText(rect(), Qt::AlignCenter, tr("No timings"));
        return;
    }

    const Geometry g = geometry();
    const QFontMetrics metrics = fontMetrics();
    const int plotBottom = g.top + int(m_bars.size()) * g.rowHeight;

    // The time beyond the budget, lightly tinted; the axis with its ticks.
    const int budgetX = xFor(g, budgetMs);
    QColor beyond = QColor::fromHsl(0, 160, inspector::isDark(pal) ? 90 : 200);
    beyond.setAlpha(50);
    painter.fillRect(QRect(QPoint(budgetX, g.top), QPoint(g.plotLeft + g.plotWidth, plotBottom)), beyond);
    painter.setPen(pal.color(QPalette::Mid));
    painter.drawLine(g.plotLeft, plotBottom, g.plotLeft + g.plotWidth, plotBottom);
    const double step = tickStep(m_scaleMs);
    for (double ms = 0; ms <= m_scaleMs + 1e-9; ms += step) {
        const int x = xFor(g, ms);
        painter.setPen(pal.color(QPalette::Mid));
        painter.drawLine(x, plotBottom, x, plotBottom + 3);
        painter.setPen(pal.color(QPalette::PlaceholderText));
        QString label = QString::number(ms, 'g', 6);
        if (ms + step > m_scaleMs + 1e-9)
            label = formatWholeMs(std::int64_t(std::lround(ms))); // the last tick carries the unit
        const int w = metrics.horizontalAdvance(label);
        painter.drawText(std::clamp(x - w / 2, g.plotLeft - w / 2, width() - w), plotBottom + 3 + metrics.ascent(), label);
    }

    for (int row = 0; row < m_bars.size(); ++row) {
        const Bar &bar = m_bars.at(row);
        const int y = g.top + row * g.rowHeight;
        const QRect labelRect(padding, y, g.labelWidth - 2 * padding, g.rowHeight);
        QFont font = painter.font();
        font.setBold(bar.phase == Phase::Total);
        painter.setFont(font);
        painter.setPen(text);
        painter.drawText(labelRect, Qt::AlignVCenter | Qt::AlignLeft, bar.label);

        const int x0 = xFor(g, bar.startMs);
        const int x1 = std::max(x0 + 1, xFor(g, bar.startMs + bar.lengthMs)); // a zero bar is a tick
        const QRect barRect(x0, y + padding / 2 + 1, x1 - x0, g.rowHeight - padding - 2);
        painter.fillRect(barRect, colourFor(bar.phase));

        const QString duration = barText(bar);
        const int textWidth = QFontMetrics(font).horizontalAdvance(duration); // bold for the total
        QRect textRect(x1 + padding, y, textWidth, g.rowHeight);
        if (textRect.right() > width() - padding) { // no room after the bar: inside its end
            textRect.moveRight(x1 - padding);
            painter.setPen(inspector::isDark(pal) ? QColor(Qt::white) : QColor(Qt::black));
        }
        painter.drawText(textRect, Qt::AlignVCenter | Qt::AlignLeft, duration);
        font.setBold(false);
        painter.setFont(font);
    }

    // The budget: a dashed line over every row, captioned above.
    QColor budgetColour = QColor::fromHsl(0, 200, inspector::isDark(pal) ? 170 : 100);
    painter.setPen(QPen(budgetColour, 1, Qt::DashLine));
    painter.drawLine(budgetX, g.top - 2, budgetX, plotBottom);
    const QString caption = tr("%1 budget").arg(formatWholeMs(std::int64_t(budgetMs)));
    const int captionWidth = metrics.horizontalAdvance(caption);
    painter.drawText(std::min(budgetX - captionWidth / 2, width() - captionWidth - padding), metrics.ascent() + 1, caption);
}

bool TimingWaterfall::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip && !m_bars.isEmpty()) {
        auto *help = static_cast<QHelpEvent *>(event);
        const Geometry g = geometry();
        const int row = (help->pos().y() - g.top) / g.rowHeight;
        if (help->pos().y() >= g.top && row >= 0 && row < m_bars.size()) {
            const Bar &bar = m_bars.at(row);
            QToolTip::showText(help->globalPos(),
                               tr("%1: %2 (from %3 to %4)")
                                   .arg(bar.label, formatMs(bar.lengthMs), formatMs(bar.startMs),
                                        formatMs(bar.startMs + bar.lengthMs)),
                               this);
            return true;
        }
    }
    return QWidget::event(event);
}

void TimingWaterfall::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
        update();
    QWidget::changeEvent(event);
}

} // namespace fhw::gui
