#include "loadpage.h"

#include "loadcharts.h"
#include "loadform.h"
#include "readinesstext.h"
#include "reportfiles.h"

#include "readiness/loadreport.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace fhw::gui {

namespace {

using readinesstext::formatCount;

QLabel *makeValue(QWidget *parent, const QString &name)
{
    auto *label = new QLabel(QStringLiteral("—"), parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QString phaseName(readiness::LoadProgress::Phase phase)
{
    switch (phase) {
    case readiness::LoadProgress::Phase::Ramp: return LoadPage::tr("Ramping up");
    case readiness::LoadProgress::Phase::Warmup: return LoadPage::tr("Warming up");
    case readiness::LoadProgress::Phase::Measuring: return LoadPage::tr("Measuring");
    case readiness::LoadProgress::Phase::Draining: return LoadPage::tr("Draining");
    }
    return {};
}


} // namespace

LoadPage::LoadPage(QWidget *parent)
    : QWidget(parent)
{
    m_form = new LoadForm(this);
    m_start = new QPushButton(tr("&Start"), this);
    m_start->setObjectName(QStringLiteral("startLoad"));
    m_start->setToolTip(tr("Send requests to the target at the rate, and measure"));
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelLoad"));
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("loadProgress"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setTextVisible(true);
    m_progress->setFormat(tr("Not running"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_progress, 1);

    m_rate = makeValue(this, QStringLiteral("loadAchievedRate"));
    m_requests = makeValue(this, QStringLiteral("loadRequests"));
    m_statuses = makeValue(this, QStringLiteral("loadStatuses"));
    m_throttled = makeValue(this, QStringLiteral("loadThrottled"));
    m_errors = makeValue(this, QStringLiteral("loadErrors"));
    m_latency = makeValue(this, QStringLiteral("loadLatency"));
    m_verdict = makeValue(this, QStringLiteral("loadVerdict"));
    QFont bold = m_verdict->font();
    bold.setBold(true);
    m_verdict->setFont(bold);
    m_reasons = makeValue(this, QStringLiteral("loadReasons"));
    m_reasons->clear();
    auto *figures = new QFormLayout;
    figures->addRow(tr("Achieved rate"), m_rate);
    figures->addRow(tr("Requests"), m_requests);
    figures->addRow(tr("Statuses"), m_statuses);
    figures->addRow(tr("Throttled (429)"), m_throttled);
    figures->addRow(tr("Errors"), m_errors);
    figures->addRow(tr("Latency"), m_latency);
    figures->addRow(tr("Verdict"), m_verdict);
    figures->addRow(QString(), m_reasons);

    m_save = new QToolButton(this);
    m_save->setObjectName(QStringLiteral("saveLoadReport"));
    m_save->setText(tr("Save re&port"));
    m_save->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(m_save);
    menu->addAction(tr("As &text…"), this, [this] { askAndSave(ReportFormat::Text); });
    menu->addAction(tr("As &JSON…"), this, [this] { askAndSave(ReportFormat::Json); });
    menu->addAction(tr("As HdrHistogram &log…"), this, [this] { askAndSave(ReportFormat::HistogramLog); });
    menu->addAction(tr("As SVG &chart…"), this, [this] { askAndSave(ReportFormat::SvgChart); });
    m_save->setMenu(menu);
    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("loadNote"));
    m_note->setWordWrap(true);
    m_note->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *saveRow = new QHBoxLayout;
    saveRow->addWidget(m_note, 1);
    saveRow->addWidget(m_save, 0, Qt::AlignTop);

    auto *side = new QWidget(this);
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->addWidget(m_form);
    sideLayout->addLayout(buttons);
    sideLayout->addLayout(figures);
    sideLayout->addLayout(saveRow);
    sideLayout->addStretch(1);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(side);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // the form narrows instead
    scroll->setMinimumWidth(side->minimumSizeHint().width());

    m_charts = new LoadCharts(this);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(scroll);
    splitter->addWidget(m_charts);
    splitter->setStretchFactor(0, 0); // the form keeps its width; the charts take the rest
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({std::max(430, side->sizeHint().width()), 770});
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    connect(m_start, &QPushButton::clicked, this, &LoadPage::startClicked);
    connect(m_cancel, &QPushButton::clicked, this, &LoadPage::cancelClicked);
    connect(m_form, &LoadForm::changed, this, &LoadPage::updateStartButton);
    setState(false, true);
}

LoadPage::~LoadPage() = default;

void LoadPage::setState(bool running, bool canStart)
{
    m_running = running;
    m_canStart = canStart;
    m_form->setEnabled(!running);
    m_cancel->setEnabled(running);
    m_save->setEnabled(!running && m_result);
    updateStartButton();
}

void LoadPage::updateStartButton()
{
    const QString problem = m_form->problem();
    m_start->setEnabled(!m_running && m_canStart && problem.isEmpty());
    m_start->setToolTip(problem.isEmpty() ? tr("Send requests to the target at the rate, and measure") : problem);
}

void LoadPage::runStarted(const readiness::LoadSettings &settings)
{
    m_result.reset();
    m_liveCounts = {};
    m_liveSeconds = 0;
    const auto total = settings.ramp + settings.warmup + settings.duration;
    m_progress->setRange(0, int(std::max<std::int64_t>(total.count(), 1)));
    m_progress->setValue(0);
    m_progress->setFormat(tr("Starting…"));
    m_charts->reset(settings.budget, int(settings.duration.count()));
    for (QLabel *label : {m_rate, m_requests, m_statuses, m_throttled, m_errors, m_latency})
        label->setText(QStringLiteral("—"));
    setVerdict(tr("Running at %1 req/s against a p99 budget of %2 ms…")
                   .arg(formatCount(std::llround(settings.rate)))
                   .arg(settings.budget.count()),
               readiness::CheckStatus::Skipped, QString());
    m_note->clear();
}

void LoadPage::addProgress(const std::optional<readiness::LoadSecond> &second, const readiness::LoadProgress &progress)
{
    m_progress->setValue(std::clamp(int(std::floor(progress.elapsedSeconds)), 0, m_progress->maximum()));
    m_progress->setFormat(tr("%1 · %2 of %3 s · %4 req/s · %5 connections")
                              .arg(phaseName(progress.phase))
                              .arg(std::floor(progress.elapsedSeconds))
                              .arg(std::ceil(progress.totalSeconds))
                              .arg(formatCount(std::llround(progress.currentRate)))
                              .arg(progress.openConnections));
    if (!second)
        return;
    readiness::addCounts(m_liveCounts, second->counts);
    ++m_liveSeconds;
    m_charts->addSecond(*second);
    showCounts(m_liveCounts, double(m_liveCounts.completed) / std::max(m_liveSeconds, 1),
               readiness::Percentiles::of(m_charts->histogram()));
}

void LoadPage::showResult(const readiness::LoadResult &result)
{
    m_result = std::make_shared<const readiness::LoadResult>(result);
    m_progress->setValue(m_progress->maximum());
    m_progress->setFormat(result.cancelled ? tr("Cancelled after %1 s measured").arg(result.measuredSeconds, 0, 'f', 1)
                                           : tr("Done: %1 s measured").arg(result.measuredSeconds, 0, 'f', 1));
    m_charts->showResult(result);
    showCounts(result.totals, result.achievedRate, readiness::Percentiles::of(result.latency));
    if (result.inFlightAtEnd > 0) {
        m_requests->setText(m_requests->text() + u'\n'
                            + tr("%1 still in flight at the end").arg(formatCount(result.inFlightAtEnd)));
    }
    QStringList reasons;
    for (const std::string &reason : result.reasons)
        reasons << QStringLiteral("• ") + readinesstext::fromStd(reason);
    if (result.cancelled) {
        setVerdict(result.passed ? tr("Cancelled (what was measured is within the budget)") : tr("Cancelled"),
                   readiness::CheckStatus::Skipped, reasons.join(u'\n'));
    } else if (result.passed) {
        setVerdict(tr("Passed: p99 %1 within the %2 ms budget at %3 req/s")
                       .arg(readinesstext::formatUs(result.latency.valueAtPercentile(99.0)))
                       .arg(result.settings.budget.count())
                       .arg(formatCount(std::llround(result.achievedRate))),
                   readiness::CheckStatus::Pass, reasons.join(u'\n'));
    } else {
        setVerdict(tr("Failed"), readiness::CheckStatus::Fail, reasons.join(u'\n'));
    }
}

void LoadPage::showMessage(const QString &message)
{
    m_note->setText(message);
}

void LoadPage::showCounts(const readiness::LoadCounts &counts, double achievedRate, const readiness::Percentiles &latency)
{
    m_rate->setText(tr("%1 req/s").arg(formatCount(std::llround(achievedRate))));
    QString requests = tr("%1 scheduled · %2 answered · %3 accepted (200/202)")
                           .arg(formatCount(counts.scheduled), formatCount(counts.completed), formatCount(counts.accepted));
    if (counts.retries > 0)
        requests += u'\n' + tr("%1 retries, %2 accepted after a retry")
                                .arg(formatCount(counts.retries), formatCount(counts.retriedThenAccepted));
    m_requests->setText(requests);
    m_statuses->setText(readinesstext::statusesLine(counts.statuses));
    m_throttled->setText(formatCount(counts.throttled));
    m_errors->setText(readinesstext::errorsLine(counts));
    m_latency->setText(readinesstext::percentilesLine(latency));
}

void LoadPage::setVerdict(const QString &text, readiness::CheckStatus tone, const QString &reasons)
{
    QPalette verdictPalette = palette();
    if (tone != readiness::CheckStatus::Skipped)
        verdictPalette.setColor(QPalette::WindowText, readinesstext::statusColour(tone, palette()));
    m_verdict->setPalette(verdictPalette);
    m_verdict->setText(text);
    m_reasons->setText(reasons);
    m_reasons->setVisible(!reasons.isEmpty());
}

void LoadPage::askAndSave(ReportFormat format)
{
    QString caption, name, filter;
    switch (format) {
    case ReportFormat::Text:
        caption = tr("Save the load report as text");
        name = QStringLiteral("load-report.txt");
        filter = tr("Text (*.txt)");
        break;
    case ReportFormat::Json:
        caption = tr("Save the load report as JSON");
        name = QStringLiteral("load-report.json");
        filter = tr("JSON (*.json)");
        break;
    case ReportFormat::HistogramLog:
        caption = tr("Save the HdrHistogram interval log");
        name = QStringLiteral("load.hlog");
        filter = tr("HdrHistogram log (*.hlog)");
        break;
    case ReportFormat::SvgChart:
        caption = tr("Save the latency chart as SVG");
        name = QStringLiteral("load-chart.svg");
        filter = tr("SVG image (*.svg)");
        break;
    }
    const QString path = askReportPath(this, caption, name, filter);
    if (!path.isEmpty())
        saveReport(path, format);
}

void LoadPage::saveReport(const QString &path, ReportFormat format)
{
    if (!m_result) {
        Q_EMIT saved(path, tr("There is no result yet: run a load test first."));
        return;
    }
    writeReportFile(
        this, path,
        [result = m_result, format]() -> std::string {
            switch (format) {
            case ReportFormat::Text: return readiness::loadReportText(*result);
            case ReportFormat::Json:
                return readiness::loadReportJson(*result).dump(2, ' ', false, protocol::Json::error_handler_t::replace) + '\n';
            case ReportFormat::HistogramLog: return readiness::loadHistogramLog(*result);
            case ReportFormat::SvgChart: return readiness::loadChartSvg(*result);
            }
            return {};
        },
        [this, path](const QString &error) {
            m_note->setText(error.isEmpty() ? tr("Saved %1.").arg(path) : tr("Could not save %1: %2").arg(path, error));
            Q_EMIT saved(path, error);
        });
}

} // namespace fhw::gui
