#pragma once

#include "readiness/conformancereport.h"
#include "readiness/loadrun.h"

#include <QWidget>

#include <memory>
#include <optional>

class QLabel;
class QProgressBar;
class QPushButton;
class QToolButton;

namespace fhw::gui {

class LoadCharts;
class LoadForm;

// The Load tab: the settings form, Start / Cancel, where the run is, the live charts, the figures
// (achieved rate, counts per status, throttling, errors, latency) and, at the end, the verdict with
// its reasons; Save report as text, JSON, HdrHistogram log or SVG chart. It only shows: the panel runs.
class LoadPage : public QWidget
{
    Q_OBJECT

public:
    enum class ReportFormat { Text, Json, HistogramLog, SvgChart };

    explicit LoadPage(QWidget *parent = nullptr);
    ~LoadPage() override;

    LoadForm *form() const { return m_form; }
    LoadCharts *charts() const { return m_charts; }

    void setState(bool running, bool canStart);

    void runStarted(const readiness::LoadSettings &settings); // empty charts with this run's budget
    // Once per second while running; `second` is empty during ramp and warm-up.
    void addProgress(const std::optional<readiness::LoadSecond> &second, const readiness::LoadProgress &progress);
    void showResult(const readiness::LoadResult &result);
    void showMessage(const QString &message);

    const std::shared_ptr<const readiness::LoadResult> &result() const { return m_result; }

    // Without a dialog (the menu asks for the path first); written on a worker thread.
    void saveReport(const QString &path, ReportFormat format);

Q_SIGNALS:
    void startClicked();
    void cancelClicked();
    void saved(const QString &path, const QString &error); // error empty when written

private:
    void askAndSave(ReportFormat format);
    void showCounts(const readiness::LoadCounts &counts, double achievedRate, const readiness::Percentiles &latency);
    void setVerdict(const QString &text, readiness::CheckStatus tone, const QString &reasons);
    void updateStartButton();

    LoadForm *m_form;
    QPushButton *m_start;
    QPushButton *m_cancel;
    QProgressBar *m_progress;
    LoadCharts *m_charts;
    QLabel *m_rate;
    QLabel *m_requests;
    QLabel *m_statuses;
    QLabel *m_throttled;
    QLabel *m_errors;
    QLabel *m_latency;
    QLabel *m_verdict;
    QLabel *m_reasons;
    QToolButton *m_save;
    QLabel *m_note;

    bool m_running = false;
    bool m_canStart = true;
    readiness::LoadCounts m_liveCounts; // the measured seconds so far
    int m_liveSeconds = 0;
    std::shared_ptr<const readiness::LoadResult> m_result;
};

} // namespace fhw::gui
