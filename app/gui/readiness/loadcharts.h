#pragma once

#include "readiness/loadresult.h"

#include <QWidget>

#include <chrono>

class QBarCategoryAxis;
class QBarSet;
class QChart;
class QChartView;
class QLineSeries;
class QValueAxis;

namespace fhw::gui {

// The load run's two live charts (Qt Charts), both with the latency budget as a dashed line:
// latency percentiles per measured second (p50, p90, p99, max, in ms), and a histogram of every
// measured request so far, in ranges that double (LatencyHistogram::logarithmicBuckets).
// Fed once per second on the GUI thread; rebuilt from the whole LoadResult at the end.
class LoadCharts : public QWidget
{
    Q_OBJECT

public:
    explicit LoadCharts(QWidget *parent = nullptr);

    // A new run: empty charts, the budget line, seconds 0..expectedSeconds on the time axis.
    void reset(std::chrono::milliseconds budget, int expectedSeconds);
    void addSecond(const readiness::LoadSecond &second);
    void showResult(const readiness::LoadResult &result);

    // Every measured request so far (the live histogram, or the result's at the end).
    const readiness::LatencyHistogram &histogram() const { return m_histogram; }
    std::chrono::milliseconds budget() const { return m_budget; }

    QChartView *percentileView() const { return m_percentileView; }
    QChartView *histogramView() const { return m_histogramView; }

    // Where the budget falls on the histogram's category axis (bar i spans i - 0.5 .. i + 0.5).
    static double budgetPosition(const std::vector<readiness::LatencyHistogram::Bucket> &buckets, std::int64_t budgetUs);
    // The histogram's bars: logarithmicBuckets, continued with empty ranges until the budget is covered.
    static std::vector<readiness::LatencyHistogram::Bucket> chartBuckets(const readiness::LatencyHistogram &histogram,
                                                                           std::int64_t budgetUs);

protected:
    void changeEvent(QEvent *event) override;

private:
    void appendPoints(const readiness::LoadSecond &second);
    void updatePercentileAxes();
    void rebuildHistogram();
    void applyTheme();

    std::chrono::milliseconds m_budget{100};
    int m_expectedSeconds = 10;
    double m_highestMs = 0; // the highest value drawn on the percentile chart
    int m_lastSecond = -1;
    readiness::LatencyHistogram m_histogram;

    QChartView *m_percentileView;
    QChart *m_percentileChart;
    QLineSeries *m_p50;
    QLineSeries *m_p90;
    QLineSeries *m_p99;
    QLineSeries *m_max;
    QLineSeries *m_percentileBudget;
    QValueAxis *m_secondsAxis;
    QValueAxis *m_msAxis;

    QChartView *m_histogramView;
    QChart *m_histogramChart;
    QBarSet *m_bars;
    QBarCategoryAxis *m_rangesAxis;
    QValueAxis *m_budgetAxis; // hidden: places the budget line between the categories
    QValueAxis *m_countAxis;
    QLineSeries *m_histogramBudget;
};

} // namespace fhw::gui
