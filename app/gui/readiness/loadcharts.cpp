#include "loadcharts.h"

#include "inspector/inspectortext.h"
#include "readinesstext.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QLineSeries>
#include <QValueAxis>
#include <QVBoxLayout>

#include <cmath>

namespace fhw::gui {

namespace {

constexpr std::int64_t firstBucketUpperUs = 100; // 0.1 ms: loopback answers land in the first ranges
constexpr double bucketFactor = 2.0;

// A round number at least `value` and not much more: axis ends people can read.
double niceCeil(double value)
{
    if (value <= 0)
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    for (double step : {1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0}) {
        if (step * magnitude >= value)
            return step * magnitude;
    }
    return 10 * magnitude;
}

QLineSeries *makeLine(const QString &name, const QString &legend)
{
    auto *series = new QLineSeries;
    series->setObjectName(name);
    series->setName(legend);
    return series;
}

QString rangeLabel(std::int64_t upperUs, int extraDecimals)
{
    const double ms = double(upperUs) / 1000.0;
    const int decimals = (ms < 100 ? 1 : 0) + extraDecimals;
    return QString::number(ms, 'f', decimals);
}

} // namespace

LoadCharts::LoadCharts(QWidget *parent)
    : QWidget(parent)
{
    // Percentiles over time.
    m_percentileChart = new QChart;
    m_percentileChart->setAnimationOptions(QChart::NoAnimation);
    m_percentileChart->setTitle(tr("Latency per second, from the scheduled time"));
    m_p50 = makeLine(QStringLiteral("p50Series"), tr("p50"));
    m_p90 = makeLine(QStringLiteral("p90Series"), tr("p90"));
    m_p99 = makeLine(QStringLiteral("p99Series"), tr("p99"));
    m_max = makeLine(QStringLiteral("maxSeries"), tr("max"));
    m_percentileBudget = makeLine(QStringLiteral("percentileBudget"), tr("budget"));
    m_secondsAxis = new QValueAxis;
    m_secondsAxis->setObjectName(QStringLiteral("secondsAxis"));
    m_secondsAxis->setTitleText(tr("measured second"));
    m_secondsAxis->setLabelFormat(QStringLiteral("%d"));
    m_secondsAxis->setTickType(QValueAxis::TicksDynamic);
    m_secondsAxis->setTickAnchor(0);
    m_msAxis = new QValueAxis;
    m_msAxis->setObjectName(QStringLiteral("latencyAxis"));
    m_msAxis->setTitleText(tr("ms"));
    m_msAxis->setLabelFormat(QStringLiteral("%g"));
    m_percentileChart->addAxis(m_secondsAxis, Qt::AlignBottom);
    m_percentileChart->addAxis(m_msAxis, Qt::AlignLeft);
    for (QLineSeries *series : {m_p50, m_p90, m_p99, m_max, m_percentileBudget}) {
        m_percentileChart->addSeries(series);
        series->attachAxis(m_secondsAxis);
        series->attachAxis(m_msAxis);
    }
    m_percentileChart->legend()->setAlignment(Qt::AlignBottom);
    m_percentileView = new QChartView(m_percentileChart, this);
    m_percentileView->setObjectName(QStringLiteral("percentileChart"));
    m_percentileView->setRenderHint(QPainter::Antialiasing);
    m_percentileView->setMinimumSize(360, 180);

    // The histogram of the run so far.
    m_histogramChart = new QChart;
    m_histogramChart->setAnimationOptions(QChart::NoAnimation);
    m_histogramChart->setTitle(tr("Latency histogram, every measured request"));
    auto *bars = new QBarSeries;
    bars->setObjectName(QStringLiteral("histogramBars"));
    bars->setBarWidth(0.9);
    m_bars = new QBarSet(tr("requests"));
    m_bars->setObjectName(QStringLiteral("histogramSet"));
    bars->append(m_bars);
    m_rangesAxis = new QBarCategoryAxis;
    m_rangesAxis->setObjectName(QStringLiteral("rangesAxis"));
    m_rangesAxis->setTitleText(tr("ms (upper end of each range)"));
    m_countAxis = new QValueAxis;
    m_countAxis->setObjectName(QStringLiteral("countAxis"));
    m_countAxis->setTitleText(tr("requests"));
    m_countAxis->setLabelFormat(QStringLiteral("%.0f"));
    m_budgetAxis = new QValueAxis;
    m_budgetAxis->setObjectName(QStringLiteral("budgetAxis"));
    m_histogramBudget = makeLine(QStringLiteral("histogramBudget"), tr("budget"));
    m_histogramChart->addSeries(bars);
    m_histogramChart->addSeries(m_histogramBudget);
    m_histogramChart->addAxis(m_rangesAxis, Qt::AlignBottom);
    m_histogramChart->addAxis(m_budgetAxis, Qt::AlignBottom);
    m_histogramChart->addAxis(m_countAxis, Qt::AlignLeft);
    bars->attachAxis(m_rangesAxis);
    bars->attachAxis(m_countAxis);
    m_histogramBudget->attachAxis(m_budgetAxis);
    m_histogramBudget->attachAxis(m_countAxis);
    m_budgetAxis->setVisible(false);
    m_histogramChart->legend()->setAlignment(Qt::AlignBottom);
    m_histogramView = new QChartView(m_histogramChart, this);
    m_histogramView->setObjectName(QStringLiteral("histogramChart"));
    m_histogramView->setRenderHint(QPainter::Antialiasing);
    m_histogramView->setMinimumSize(360, 180);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_percentileView, 1);
    layout->addWidget(m_histogramView, 1);

    applyTheme();
    reset(m_budget, m_expectedSeconds);
}

void LoadCharts::applyTheme()
{
    const bool dark = inspector::isDark(palette());
    for (QChart *chart : {m_percentileChart, m_histogramChart}) {
        chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
        chart->setBackgroundBrush(palette().color(QPalette::Base));
        chart->setTitleBrush(palette().color(QPalette::Text));
        chart->legend()->setLabelColor(palette().color(QPalette::Text));
    }
    // The theme resets pens: the budget stands out in the colour of a failure, dashed.
    QPen budgetPen(readinesstext::statusColour(readiness::CheckStatus::Fail, palette()));
    budgetPen.setStyle(Qt::DashLine);
    budgetPen.setWidthF(1.5);
    m_percentileBudget->setPen(budgetPen);
    m_histogramBudget->setPen(budgetPen);
    for (QLineSeries *series : {m_p50, m_p90, m_p99, m_max}) {
        QPen pen = series->pen();
        pen.setWidthF(1.8);
        series->setPen(pen);
    }
}

void LoadCharts::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyTheme();
}

void LoadCharts::reset(std::chrono::milliseconds budget, int expectedSeconds)
{
    m_budget = budget;
    m_expectedSeconds = std::max(expectedSeconds, 1);
    m_highestMs = 0;
    m_lastSecond = -1;
    for (QLineSeries *series : {m_p50, m_p90, m_p99, m_max})
        series->clear();
    m_percentileBudget->setName(tr("budget %1 ms").arg(budget.count()));
    m_histogramBudget->setName(m_percentileBudget->name());
    m_histogram.reset();
    updatePercentileAxes();
    rebuildHistogram();
}

void LoadCharts::addSecond(const readiness::LoadSecond &second)
{
    appendPoints(second);
    // The second's own histogram travels compressed (as in the HdrHistogram log): add it to the run's.
    if (!second.latencyHistogram.empty()) {
        if (auto decoded = readiness::LatencyHistogram::decodeCompressedBase64(second.latencyHistogram))
            m_histogram.add(*decoded);
    }
    updatePercentileAxes();
    rebuildHistogram();
}

void LoadCharts::showResult(const readiness::LoadResult &result)
{
    m_budget = result.settings.budget;
    m_expectedSeconds = std::max({int(result.settings.duration.count()), int(result.timeline.size()), 1});
    m_highestMs = 0;
    m_lastSecond = -1;
    for (QLineSeries *series : {m_p50, m_p90, m_p99, m_max})
        series->clear();
    for (const readiness::LoadSecond &second : result.timeline)
        appendPoints(second);
    m_histogram = result.latency;
    updatePercentileAxes();
    rebuildHistogram();
}

void LoadCharts::appendPoints(const readiness::LoadSecond &second)
{
    if (second.second <= m_lastSecond)
        return; // already drawn
    m_lastSecond = second.second;
    const double x = second.second + 1; // the end of that second
    const readiness::Percentiles &p = second.latency;
    if (p.count == 0)
        return; // nothing answered or scheduled that second: a gap, not a zero
    m_p50->append(x, double(p.p50) / 1000.0);
    m_p90->append(x, double(p.p90) / 1000.0);
    m_p99->append(x, double(p.p99) / 1000.0);
    m_max->append(x, double(p.max) / 1000.0);
    m_highestMs = std::max(m_highestMs, double(p.max) / 1000.0);
}

void LoadCharts::updatePercentileAxes()
{
    const int seconds = std::max(m_expectedSeconds, m_lastSecond + 1);
    m_secondsAxis->setRange(0, seconds);
    m_secondsAxis->setTickInterval(std::max(1.0, niceCeil(seconds / 10.0)));
    const double budgetMs = double(m_budget.count());
    m_msAxis->setRange(0, niceCeil(std::max(m_highestMs, budgetMs) * 1.1));
    m_percentileBudget->replace(QList<QPointF>{{0, budgetMs}, {double(seconds), budgetMs}});
}

void LoadCharts::rebuildHistogram()
{
    const std::int64_t budgetUs = std::int64_t(m_budget.count()) * 1000;
    const auto buckets = chartBuckets(m_histogram, budgetUs);
    QStringList labels;
    QList<qreal> counts;
    std::int64_t highest = 0;
    for (const auto &bucket : buckets) {
        QString label = rangeLabel(bucket.to, 0);
        for (int extra = 1; labels.contains(label) && extra < 4; ++extra)
            label = rangeLabel(bucket.to, extra); // categories must be unique
        labels << label;
        counts << qreal(bucket.count);
        highest = std::max(highest, bucket.count);
    }
    m_bars->remove(0, m_bars->count());
    m_bars->append(counts);
    m_rangesAxis->setCategories(labels);
    const double n = double(buckets.size());
    m_budgetAxis->setRange(-0.5, n - 0.5);
    const double top = niceCeil(double(std::max<std::int64_t>(highest, 1)) * 1.1);
    m_countAxis->setRange(0, top);
    const double at = budgetPosition(buckets, budgetUs);
    m_histogramBudget->replace(QList<QPointF>{{at, 0}, {at, top}});
}

std::vector<readiness::LatencyHistogram::Bucket> LoadCharts::chartBuckets(const readiness::LatencyHistogram &histogram,
                                                                            std::int64_t budgetUs)
{
    auto buckets = histogram.logarithmicBuckets(firstBucketUpperUs, bucketFactor);
    if (buckets.empty())
        buckets.push_back({0, firstBucketUpperUs, 0});
    // Empty ranges up to the budget and one past it, so the budget line always has a place.
    auto extend = [&buckets] {
        const auto &last = buckets.back();
        const std::int64_t from = last.to + 1;
        buckets.push_back({from, std::max<std::int64_t>(from, std::int64_t(double(last.to) * bucketFactor)), 0});
    };
    while (buckets.back().to < budgetUs)
        extend();
    extend();
    return buckets;
}

double LoadCharts::budgetPosition(const std::vector<readiness::LatencyHistogram::Bucket> &buckets, std::int64_t budgetUs)
{
    for (std::size_t i = 0; i < buckets.size(); ++i) {
        const auto &b = buckets[i];
        if (budgetUs <= b.to) {
            const double width = double(b.to + 1 - b.from);
            const double inside = std::clamp(double(budgetUs - b.from) / width, 0.0, 1.0);
            return double(i) - 0.5 + inside;
        }
    }
    return double(buckets.size()) - 0.5;
}

} // namespace fhw::gui
