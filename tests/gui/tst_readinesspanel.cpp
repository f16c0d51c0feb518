// The readiness panel against a real embedded endpoint (loopback, port 0): the conformance checks and
// a short load run, end to end, with the GUI thread watched for stalls while they run.

#include "readiness/conformancepage.h"
#include "readiness/loadcharts.h"
#include "readiness/loadpage.h"
#include "readiness/readinesspanel.h"

#include "endpoint/endpoint.h"
#include "readiness/conformancereport.h"
#include "readiness/mix.h"
#include "protocol/parse.h"
#include "secrets/secretservice.h"
#include "secrets/tokenstore.h"

#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

using namespace fhw;
using fhw::gui::ReadinessPanel;
using fhw::gui::ReadinessTarget;

namespace {

template<typename T>
T *child(QObject *parent, const char *name)
{
    T *found = parent->findChild<T *>(QLatin1String(name));
    if (!found)
        qWarning("no child %s", name);
    return found;
}

QLineSeries *series(QObject *panel, const char *view, const char *name)
{
    auto *chartView = child<QChartView>(panel, view);
    if (!chartView)
        return nullptr;
    for (QAbstractSeries *s : chartView->chart()->series()) {
        if (s->objectName() == QLatin1String(name))
            return qobject_cast<QLineSeries *>(s);
    }
    qWarning("no series %s", name);
    return nullptr;
}

// Watches the GUI thread: a timer that should tick every 10 ms records the longest gap between ticks.
class StallWatch
{
public:
    StallWatch()
    {
        m_timer.setInterval(10);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] {
            m_longest = std::max(m_longest, m_clock.restart());
        });
        m_clock.start();
        m_timer.start();
    }
    qint64 longestGapMs() const { return m_longest; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_longest = 0;
};

readiness::LoadSettings shortRun(int rateValue, int seconds)
{
    readiness::LoadSettings settings;
    settings.rate = rateValue;
    settings.duration = std::chrono::seconds(seconds);
    settings.connections = 16;
    settings.mix = *readiness::parseMix("event=80,audience-membership=20");
    return settings;
}

} // namespace

class TestReadinessPanel : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<endpoint::Endpoint> m_endpoint;
    std::unique_ptr<ReadinessPanel> m_panel;
    ReadinessTarget m_target;

private Q_SLOTS:
    void init()
    {
        m_endpoint = std::make_unique<endpoint::Endpoint>();
        QVERIFY(m_endpoint->start());
        m_target = ReadinessTarget{};
        m_target.target.url = m_endpoint->url();
        m_panel = std::make_unique<ReadinessPanel>();
        m_panel->setTargetProvider([this] { return m_target; });
        m_panel->resize(1200, 800);
        m_panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    }

    // Every answer takes `delay` longer, so a conformance run lasts long enough to watch and cancel.
    void slowEndpoint(std::chrono::milliseconds delay)
    {
        auto config = m_endpoint->config();
        for (auto family : {transport::Family::Registration, transport::Family::Event, transport::Family::Audience,
                            transport::Family::Dsr})
            config.faults[family].latency.fixed = delay;
        m_endpoint->setConfig(config);
    }

    void cleanup()
    {
        m_panel.reset();
        m_endpoint.reset();
    }

    void conformanceRunsCleanAndShowsEvidence()
    {
        QSignalSpy finished(m_panel.get(), &ReadinessPanel::conformanceFinished);
        QSignalSpy failed(m_panel.get(), &ReadinessPanel::failed);
        auto *tree = child<QTreeWidget>(m_panel.get(), "conformanceTree");
        slowEndpoint(std::chrono::milliseconds(10));
        StallWatch watch;
        m_panel->startConformance();
        QVERIFY(m_panel->busy());
        QVERIFY(!child<QPushButton>(m_panel.get(), "runConformance")->isEnabled());
        QVERIFY(child<QPushButton>(m_panel.get(), "cancelConformance")->isEnabled());
        QVERIFY(!child<QPushButton>(m_panel.get(), "startLoad")->isEnabled()); // one run at a time
        QTRY_VERIFY_WITH_TIMEOUT(tree->topLevelItemCount() > 0, 10000);
        QVERIFY(finished.isEmpty()); // checks appear while it runs
        QVERIFY(child<QProgressBar>(m_panel.get(), "conformanceProgress")->value() > 0);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
        QVERIFY2(watch.longestGapMs() < 100, qPrintable(QString::number(watch.longestGapMs())));
        QVERIFY(failed.isEmpty());
        QVERIFY(!m_panel->busy());

        const auto report = finished.first().at(0).value<readiness::ConformanceReport>();
        QVERIFY(!report.checks.empty());
        QVERIFY2(report.passed(), readiness::conformanceText(report, false).c_str());
        QCOMPARE(report.count(readiness::CheckStatus::Fail), 0);

        // The tree: one item per category, one child per check, statuses as reported.
        int shown = 0;
        QTreeWidgetItem *withEvidence = nullptr;
        std::size_t checkIndex = 0;
        for (int i = 0; i < tree->topLevelItemCount(); ++i) {
            QTreeWidgetItem *category = tree->topLevelItem(i);
            QVERIFY(category->childCount() > 0);
            for (int j = 0; j < category->childCount(); ++j, ++shown) {
                QTreeWidgetItem *item = category->child(j);
                const auto found = std::find_if(report.checks.begin(), report.checks.end(), [item](const auto &c) {
                    return QString::fromStdString(c.title) == item->text(gui::ConformancePage::CheckColumn);
                });
                QVERIFY2(found != report.checks.end(), qPrintable(item->text(0)));
                QCOMPARE(item->text(gui::ConformancePage::StatusColumn),
                         QString::fromUtf8(readiness::checkStatusName(found->status).data()));
                QVERIFY(!item->icon(gui::ConformancePage::StatusColumn).isNull());
                if (!withEvidence && !found->evidence.empty() && found->evidence.front().status > 0) {
                    withEvidence = item;
                    checkIndex = std::size_t(found - report.checks.begin());
                }
            }
        }
        QCOMPARE(shown, int(report.checks.size()));
        auto *progress = child<QProgressBar>(m_panel.get(), "conformanceProgress");
        QCOMPARE(progress->value(), progress->maximum());
        QVERIFY(child<QLabel>(m_panel.get(), "conformanceSummary")->text().contains(QStringLiteral("Nothing failed")));

        // Selecting a check shows its exchanges: the request, the response, the timings.
        QVERIFY(withEvidence);
        tree->setCurrentItem(withEvidence);
        const readiness::CheckResult &check = report.checks[checkIndex];
        auto *evidence = child<QPlainTextEdit>(m_panel.get(), "conformanceEvidence");
        QTRY_VERIFY(evidence->toPlainText().contains(QStringLiteral("Timings:")));
        const QString text = evidence->toPlainText();
        QVERIFY(evidence->isReadOnly());
        QVERIFY2(text.contains(QString::fromStdString(check.title)), qPrintable(text.left(500)));
        QVERIFY(text.contains(QStringLiteral("POST ") + QString::fromStdString(check.evidence.front().url)));
        QVERIFY(text.contains(QStringLiteral("← %1").arg(check.evidence.front().status)));
        QCOMPARE(m_panel->findChild<gui::ConformancePage *>()->selectedCheckId(), QString::fromStdString(check.id));

        // The 1,000-event batch: evidence this big is formatted on a worker thread, then shown.
        QTreeWidgetItem *big = nullptr;
        for (QTreeWidgetItemIterator it(tree); *it && !big; ++it) {
            const QString id = (*it)->toolTip(gui::ConformancePage::CheckColumn);
            const auto found = std::find_if(report.checks.begin(), report.checks.end(),
                                            [&id](const auto &c) { return QString::fromStdString(c.id) == id; });
            if (found != report.checks.end() && !found->evidence.empty()
                && found->evidence.front().requestBody.size() > 32 * 1024)
                big = *it;
        }
        QVERIFY(big);
        tree->setCurrentItem(big);
        QTRY_VERIFY(evidence->toPlainText().contains(QStringLiteral("Timings:")));
        QVERIFY(evidence->toPlainText().startsWith(big->text(gui::ConformancePage::CheckColumn).left(20)));

        // The reports, written off the GUI thread.
        QTemporaryDir dir;
        auto *page = m_panel->findChild<gui::ConformancePage *>();
        QSignalSpy saved(page, &gui::ConformancePage::saved);
        page->saveJson(dir.filePath(QStringLiteral("report.json")));
        page->saveJUnit(dir.filePath(QStringLiteral("junit.xml")));
        QTRY_COMPARE(saved.count(), 2);
        QCOMPARE(saved.at(0).at(1).toString(), QString());
        QCOMPARE(saved.at(1).at(1).toString(), QString());
        QFile json(dir.filePath(QStringLiteral("report.json")));
        QVERIFY(json.open(QIODevice::ReadOnly));
        auto parsed = protocol::parseJson(json.readAll().toStdString());
        QVERIFY(parsed);
        auto back = readiness::conformanceFromJson(*parsed);
        QVERIFY(back);
        QCOMPARE(back->checks.size(), report.checks.size());
        QFile junit(dir.filePath(QStringLiteral("junit.xml")));
        QVERIFY(junit.open(QIODevice::ReadOnly));
        QVERIFY(junit.readAll().contains("<testsuite"));
    }

    void loadRunUpdatesChartsLiveAndPasses()
    {
        m_panel->setLoadSettings(shortRun(200, 3));
        QCOMPARE(m_panel->loadSettings().rate, 200.0);
        QCOMPARE(m_panel->loadSettings().budget, readiness::httpBudget);
        QSignalSpy finished(m_panel.get(), &ReadinessPanel::loadFinished);
        QSignalSpy failed(m_panel.get(), &ReadinessPanel::failed);
        auto *p50 = series(m_panel.get(), "percentileChart", "p50Series");
        auto *p99 = series(m_panel.get(), "percentileChart", "p99Series");
        auto *budget = series(m_panel.get(), "percentileChart", "percentileBudget");
        QVERIFY(p50 && p99 && budget);

        StallWatch watch;
        m_panel->startLoad();
        QVERIFY(m_panel->busy());
        QVERIFY(!child<QPushButton>(m_panel.get(), "startLoad")->isEnabled());
        QVERIFY(child<QPushButton>(m_panel.get(), "cancelLoad")->isEnabled());
        // Points appear while the run is under way, not only at the end.
        QTRY_VERIFY_WITH_TIMEOUT(p50->count() > 0, 5000);
        QVERIFY(finished.isEmpty());
        QVERIFY(m_panel->busy());
        QVERIFY(m_panel->findChild<gui::LoadCharts *>()->histogram().totalCount() > 0); // live histogram too
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 15000);
        QVERIFY2(watch.longestGapMs() < 100, qPrintable(QString::number(watch.longestGapMs())));
        QVERIFY(failed.isEmpty());
        QVERIFY(!m_panel->busy());

        const auto result = finished.first().at(0).value<readiness::LoadResult>();
        QVERIFY(!result.cancelled);
        QVERIFY2(result.passed, result.reasons.empty() ? "" : result.reasons.front().c_str());
        QVERIFY(result.settings.token.empty());
        QCOMPARE(result.totals.errors, 0);
        QVERIFY(child<QLabel>(m_panel.get(), "loadVerdict")->text().startsWith(QStringLiteral("Passed")));
        QVERIFY(!child<QLabel>(m_panel.get(), "loadAchievedRate")->text().startsWith(QStringLiteral("—")));
        QVERIFY(child<QLabel>(m_panel.get(), "loadStatuses")->text().contains(QStringLiteral("200: ")));

        // The charts hold the result: a point per measured second, the budget line at 100 ms.
        QCOMPARE(p50->count(), int(result.timeline.size()));
        QCOMPARE(p99->at(0).y(), double(result.timeline.front().latency.p99) / 1000.0);
        QCOMPARE(budget->count(), 2);
        QCOMPARE(budget->at(0).y(), 100.0);
        QCOMPARE(budget->at(1).y(), 100.0);
        QCOMPARE(budget->pen().style(), Qt::DashLine);
        auto *histogramBudget = series(m_panel.get(), "histogramChart", "histogramBudget");
        QVERIFY(histogramBudget);
        QCOMPARE(histogramBudget->count(), 2);
        QCOMPARE(histogramBudget->at(0).x(), histogramBudget->at(1).x()); // vertical
        QBarSet *bars = nullptr;
        for (QAbstractSeries *s : child<QChartView>(m_panel.get(), "histogramChart")->chart()->series()) {
            if (auto *barSeries = qobject_cast<QBarSeries *>(s); barSeries && !barSeries->barSets().isEmpty())
                bars = barSeries->barSets().front();
        }
        QVERIFY(bars);
        double barTotal = 0;
        for (int i = 0; i < bars->count(); ++i)
            barTotal += bars->at(i);
        QCOMPARE(qint64(barTotal), result.latency.totalCount());

        // Its reports, from loadreport.h.
        QTemporaryDir dir;
        auto *page = m_panel->findChild<gui::LoadPage *>();
        QSignalSpy saved(page, &gui::LoadPage::saved);
        page->saveReport(dir.filePath(QStringLiteral("chart.svg")), gui::LoadPage::ReportFormat::SvgChart);
        page->saveReport(dir.filePath(QStringLiteral("report.txt")), gui::LoadPage::ReportFormat::Text);
        QTRY_COMPARE(saved.count(), 2);
        QFile svg(dir.filePath(QStringLiteral("chart.svg")));
        QVERIFY(svg.open(QIODevice::ReadOnly));
        QVERIFY(svg.readAll().contains("<svg"));
    }

    void budgetFollowsLambdaTarget()
    {
        m_target.lambda = true;
        m_panel->setLoadSettings(shortRun(50, 5));
        QSignalSpy finished(m_panel.get(), &ReadinessPanel::loadFinished);
        m_panel->startLoad();
        QCOMPARE(m_panel->findChild<gui::LoadCharts *>()->budget(), readiness::lambdaBudget);
        QCOMPARE(series(m_panel.get(), "percentileChart", "percentileBudget")->at(0).y(), 200.0);
        // Cancel once the engine runs (before, it ends at once with nothing sent: see problemsAreReportedNotRun).
        auto *progress = child<QProgressBar>(m_panel.get(), "loadProgress");
        QTRY_VERIFY_WITH_TIMEOUT(progress->value() > 0, 5000);
        m_panel->cancel();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
        QCOMPARE(finished.first().at(0).value<readiness::LoadResult>().settings.budget, readiness::lambdaBudget);

        // A budget of one's own turns the automatic one off.
        auto settings = shortRun(50, 5);
        settings.budget = std::chrono::milliseconds(250);
        m_panel->setLoadSettings(settings);
        QCOMPARE(m_panel->loadSettings().budget, std::chrono::milliseconds(250));
    }

    void problemsAreReportedNotRun()
    {
        QSignalSpy failed(m_panel.get(), &ReadinessPanel::failed);
        m_target.target.url.clear();
        m_panel->startConformance();
        QCOMPARE(failed.count(), 1);
        QVERIFY(failed.last().at(0).toString().contains(QStringLiteral("No target URL")));
        QVERIFY(!m_panel->busy());
        auto *message = child<QLabel>(m_panel.get(), "readinessMessage");
        QVERIFY(message->isVisible());
        QCOMPARE(message->text(), failed.last().at(0).toString());

        m_target.target.url = "ftp://example.com/";
        m_panel->startLoad();
        QCOMPARE(failed.count(), 2);
        QVERIFY(failed.last().at(0).toString().contains(QStringLiteral("not an http")));

        // The mix is checked as it is typed; a bad one blocks Start.
        m_target.target.url = m_endpoint->url();
        auto *mix = child<QLineEdit>(m_panel.get(), "loadMix");
        mix->setText(QStringLiteral("event=80,nonsense=20"));
        QVERIFY(!child<QPushButton>(m_panel.get(), "startLoad")->isEnabled());
        QVERIFY(!child<QLabel>(m_panel.get(), "loadMixNote")->text().isEmpty());
        m_panel->startLoad();
        QCOMPARE(failed.count(), 3);
        QVERIFY(!m_panel->busy());
        mix->setText(QStringLiteral("event=3,dsr=1"));
        QVERIFY(child<QPushButton>(m_panel.get(), "startLoad")->isEnabled());
        QCOMPARE(m_panel->loadSettings().mix.size(), std::size_t(2));

        // A token that is not in the keychain: read on the worker, reported, nothing sent.
        m_target.tokenName = QStringLiteral("readiness-test-no-such-token");
        m_panel->startConformance();
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 4, 15000);
        QVERIFY2(failed.last().at(0).toString().contains(m_target.tokenName), qPrintable(failed.last().at(0).toString()));
        QVERIFY(!m_panel->busy());
    }

    void keychainTokenIsUsedAndNeverReported()
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS") || !secrets::checkSecretService())
            QSKIP("No usable Secret Service: run inside scripts/with-test-services (scripts/test does).");
        const std::string secret = "readiness-secret-token-wxyz";
        const std::string name = "readiness-test-" + std::to_string(QRandomGenerator::global()->generate());
        secrets::TokenStore store; // the default index, as the panel uses (a throwaway XDG_DATA_HOME here)
        secrets::TokenMetadata metadata;
        metadata.name = name;
        QVERIFY(store.store(metadata, secret));
        auto config = m_endpoint->config();
        config.token = secret; // every type but registration needs it now
        m_endpoint->setConfig(config);

        m_target.tokenName = QString::fromStdString(name);
        m_panel->setLoadSettings(shortRun(100, 2));
        QSignalSpy finished(m_panel.get(), &ReadinessPanel::loadFinished);
        m_panel->startLoad();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 15000);
        const auto result = finished.first().at(0).value<readiness::LoadResult>();
        QVERIFY(result.settings.token.empty());
        QCOMPARE(result.totals.statuses.size(), std::size_t(1)); // with the token: every answer a 200, no 401
        QCOMPARE(result.totals.statuses.begin()->first, 200);
        QVERIFY(result.passed);

        QTemporaryDir dir;
        auto *page = m_panel->findChild<gui::LoadPage *>();
        QSignalSpy saved(page, &gui::LoadPage::saved);
        page->saveReport(dir.filePath(QStringLiteral("report.json")), gui::LoadPage::ReportFormat::Json);
        QTRY_COMPARE(saved.count(), 1);
        QFile json(dir.filePath(QStringLiteral("report.json")));
        QVERIFY(json.open(QIODevice::ReadOnly));
        QVERIFY(!json.readAll().contains(QByteArray::fromStdString(secret)));
        QVERIFY(store.remove(name));
    }

    void cancelLoadMidRun()
    {
        m_panel->setLoadSettings(shortRun(200, 10));
        QSignalSpy finished(m_panel.get(), &ReadinessPanel::loadFinished);
        m_panel->startLoad();
        QTRY_VERIFY_WITH_TIMEOUT(series(m_panel.get(), "percentileChart", "p50Series")->count() > 0, 5000);
        QElapsedTimer clock;
        clock.start();
        child<QPushButton>(m_panel.get(), "cancelLoad")->click();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 3000);
        QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
        const auto result = finished.first().at(0).value<readiness::LoadResult>();
        QVERIFY(result.cancelled);
        QVERIFY(result.measuredSeconds < 9);
        QVERIFY(!m_panel->busy());
        QVERIFY(child<QLabel>(m_panel.get(), "loadVerdict")->text().startsWith(QStringLiteral("Cancelled")));
        QVERIFY(child<QPushButton>(m_panel.get(), "startLoad")->isEnabled());
    }

    void cancelRightAfterStart()
    {
        // Before the engine started (nothing sent) or just after: either way the panel is idle at once
        // and says how it ended, and the next run can start.
        QSignalSpy finished(m_panel.get(), &ReadinessPanel::loadFinished);
        QSignalSpy failed(m_panel.get(), &ReadinessPanel::failed);
        m_panel->setLoadSettings(shortRun(100, 5));
        m_panel->startLoad();
        m_panel->cancel();
        QTRY_VERIFY_WITH_TIMEOUT(!m_panel->busy(), 3000);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count() + failed.count(), 1, 3000);
        if (!failed.isEmpty())
            QCOMPARE(failed.first().at(0).toString(), QStringLiteral("Cancelled before anything was sent."));
        else
            QVERIFY(finished.first().at(0).value<readiness::LoadResult>().cancelled);
        QVERIFY(child<QPushButton>(m_panel.get(), "startLoad")->isEnabled());
    }

    void cancelConformanceMidRun()
    {
        slowEndpoint(std::chrono::milliseconds(50));
        QSignalSpy finished(m_panel.get(), &ReadinessPanel::conformanceFinished);
        m_panel->startConformance();
        QTRY_VERIFY_WITH_TIMEOUT(child<QTreeWidget>(m_panel.get(), "conformanceTree")->topLevelItemCount() > 0, 10000);
        QVERIFY(finished.isEmpty());
        QElapsedTimer clock;
        clock.start();
        m_panel->cancel();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
        QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
        const auto report = finished.first().at(0).value<readiness::ConformanceReport>();
        QVERIFY(report.cancelled);
        QVERIFY(report.count(readiness::CheckStatus::Skipped) > 0);
        QVERIFY(child<QLabel>(m_panel.get(), "conformanceSummary")->text().startsWith(QStringLiteral("Cancelled")));
        QVERIFY(!m_panel->busy());
    }

    void destroyMidLoadRun()
    {
        m_panel->setLoadSettings(shortRun(500, 10));
        m_panel->startLoad();
        QTRY_VERIFY_WITH_TIMEOUT(series(m_panel.get(), "percentileChart", "p50Series")->count() > 0, 5000);
        QElapsedTimer clock;
        clock.start();
        m_panel.reset(); // cancels and waits for the worker; progress still queued must not reach a dead panel
        QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
        QTest::qWait(100); // let anything queued be delivered (it must not be)
    }

    void destroyMidConformanceRun()
    {
        slowEndpoint(std::chrono::milliseconds(50));
        m_panel->startConformance();
        QTRY_VERIFY_WITH_TIMEOUT(child<QTreeWidget>(m_panel.get(), "conformanceTree")->topLevelItemCount() > 0, 10000);
        QElapsedTimer clock;
        clock.start();
        m_panel.reset();
        QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
        QTest::qWait(100);
    }

    void histogramBudgetPlacement()
    {
        readiness::LatencyHistogram histogram;
        for (int i = 0; i < 100; ++i)
            histogram.record(300 + i); // 0.3 ms
        const auto buckets = gui::LoadCharts::chartBuckets(histogram, 100'000);
        QVERIFY(buckets.back().to >= 100'000); // the budget always has a place
        std::int64_t total = 0;
        for (std::size_t i = 1; i < buckets.size(); ++i)
            QVERIFY(buckets[i].from > buckets[i - 1].to); // ascending, not overlapping
        for (const auto &b : buckets)
            total += b.count;
        QCOMPARE(total, histogram.totalCount());
        const double at = gui::LoadCharts::budgetPosition(buckets, 100'000);
        const auto index = std::size_t(std::lround(at));
        QVERIFY(buckets[index].from <= 100'000 && 100'000 <= buckets[index].to);
        QCOMPARE(gui::LoadCharts::budgetPosition(buckets, buckets.front().from), -0.5);
        QCOMPARE(gui::LoadCharts::budgetPosition(buckets, buckets.back().to + 1), double(buckets.size()) - 0.5);
    }
};

QTEST_MAIN(TestReadinessPanel)
#include "tst_readinesspanel.moc"
