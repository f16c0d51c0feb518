#include "reportssection.h"

#include "submissionjob.h"
#include "submissiontext.h"

#include "protocol/parse.h"
#include "readiness/loadreport.h"
#include "readiness/readinesstext.h"
#include "tokens/tokenformat.h"

#include <QDir>
#include <QFileDialog>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace fhw::gui {

using protocol::Json;
using submissiontext::fromStd;

struct ReportsSection::Conformance
{
    std::string json;
    std::string junit;
    QString summary;
    QString error; // the file was not a conformance report
};

struct ReportsSection::Latency
{
    std::string json;
    QString summary;
    QString error;
};

namespace {

constexpr std::size_t maxReportBytes = 64u * 1024u * 1024u; // a long run's timeline with evidence

QString conformanceSummary(const readiness::ConformanceReport &report, const QString &origin)
{
    return QStringLiteral("%1 — %2").arg(origin, readinesstext::countsLine(report));
}

ReportsSection::Conformance conformanceOf(const readiness::ConformanceReport &report, const QString &origin)
{
    return {readiness::conformanceJson(report).dump(2, ' ', false, Json::error_handler_t::replace) + "\n",
            readiness::conformanceJUnit(report), conformanceSummary(report, origin), {}};
}

QString latencySummary(const Json &report, const QString &origin)
{
    const auto passed = report.is_object() ? report.find("passed") : report.end();
    if (!report.is_object() || passed == report.end() || !passed->is_boolean())
        return origin;
    return QStringLiteral("%1 — %2").arg(origin, passed->get<bool>() ? ReportsSection::tr("passed") : ReportsSection::tr("failed"));
}

} // namespace

ReportsSection::ReportsSection(QThreadPool *pool, QWidget *parent)
    : QWidget(parent)
    , m_pool(pool)
{
    setObjectName(QStringLiteral("reportsSection"));
    auto *intro = new QLabel(tr("Optional, and worth including: they show mParticle's reviewer that your endpoint answers "
                                "correctly and fast enough. Run them in the Readiness panel, or load what fhw check --json and "
                                "fhw load --json wrote."),
                             this);
    intro->setWordWrap(true);

    auto *box = new QGroupBox(tr("Reports in the bundle"), this);
    auto *grid = new QGridLayout(box);
    m_conformanceState = new QLabel(box);
    m_conformanceState->setTextFormat(Qt::PlainText); // never rich text: it shows what files, URLs and keys say
    m_conformanceState->setObjectName(QStringLiteral("conformanceState"));
    m_conformanceState->setWordWrap(true);
    m_latencyState = new QLabel(box);
    m_latencyState->setTextFormat(Qt::PlainText);
    m_latencyState->setObjectName(QStringLiteral("latencyState"));
    m_latencyState->setWordWrap(true);
    auto *loadConformance = new QPushButton(tr("Load &conformance report…"), box);
    loadConformance->setObjectName(QStringLiteral("loadConformance"));
    auto *loadLatency = new QPushButton(tr("Load &latency report…"), box);
    loadLatency->setObjectName(QStringLiteral("loadLatency"));
    m_clearConformance = new QPushButton(tr("Remove"), box);
    m_clearConformance->setObjectName(QStringLiteral("clearConformance"));
    m_clearLatency = new QPushButton(tr("Remove"), box);
    m_clearLatency->setObjectName(QStringLiteral("clearLatency"));
    grid->addWidget(new QLabel(tr("Conformance:"), box), 0, 0);
    grid->addWidget(m_conformanceState, 0, 1);
    grid->addWidget(loadConformance, 0, 2);
    grid->addWidget(m_clearConformance, 0, 3);
    grid->addWidget(new QLabel(tr("Latency:"), box), 1, 0);
    grid->addWidget(m_latencyState, 1, 1);
    grid->addWidget(loadLatency, 1, 2);
    grid->addWidget(m_clearLatency, 1, 3);
    grid->setColumnStretch(1, 1);

    m_message = new QLabel(this);

    m_message->setTextFormat(Qt::PlainText);
    m_message->setObjectName(QStringLiteral("reportsMessage"));
    m_message->setWordWrap(true);
    m_message->hide();

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(box);
    layout->addWidget(m_message);
    layout->addStretch();

    connect(loadConformance, &QPushButton::clicked, this, [this] { chooseFile(true); });
    connect(loadLatency, &QPushButton::clicked, this, [this] { chooseFile(false); });
    connect(m_clearConformance, &QPushButton::clicked, this, &ReportsSection::clearConformance);
    connect(m_clearLatency, &QPushButton::clicked, this, &ReportsSection::clearLatency);
    m_conformanceState->setText(tr("not run"));
    m_latencyState->setText(tr("not run"));
    m_clearConformance->setEnabled(false);
    m_clearLatency->setEnabled(false);
}

void ReportsSection::setConformanceReport(const readiness::ConformanceReport &report)
{
    const std::uint64_t revision = ++m_conformanceRevision;
    ++m_busy;
    m_conformanceState->setText(tr("taking the Readiness panel's report…"));
    submissionjob::run(this, m_pool, [report, origin = tr("from the Readiness panel")] { return conformanceOf(report, origin); },
                       [this, revision](Conformance conformance) { takeConformance(std::move(conformance), revision); });
}

void ReportsSection::setLoadResult(const readiness::LoadResult &result)
{
    const std::uint64_t revision = ++m_latencyRevision;
    ++m_busy;
    m_latencyState->setText(tr("taking the Readiness panel's report…"));
    submissionjob::run(this, m_pool,
                       [result, origin = tr("from the Readiness panel")] {
                           const Json json = readiness::loadReportJson(result);
                           return Latency{json.dump(2, ' ', false, Json::error_handler_t::replace) + "\n",
                                          latencySummary(json, origin), {}};
                       },
                       [this, revision](Latency latency) { takeLatency(std::move(latency), revision); });
}

void ReportsSection::loadConformanceFile(const QString &path)
{
    const std::uint64_t revision = ++m_conformanceRevision;
    ++m_busy;
    submissionjob::run(this, m_pool,
                       [path, origin = QDir::toNativeSeparators(path)] {
                           Conformance out;
                           auto bytes = protocol::readFileCapped(path.toStdString(), maxReportBytes);
                           auto json = bytes ? protocol::parseJson(*bytes, protocol::ParseOptions{.maxBytes = maxReportBytes})
                                             : std::unexpected(protocol::ParseError{});
                           auto report = json ? readiness::conformanceFromJson(*json)
                                              : std::unexpected(Error{"report.format", bytes ? "not JSON: " + json.error().message : bytes.error().message});
                           if (!report) {
                               out.error = tr("%1 is not a conformance report of fhw check --json: %2").arg(origin, fromStd(report.error().message));
                               return out;
                           }
                           out.json = std::move(*bytes); // as written, so its checksum matches the file's
                           out.junit = readiness::conformanceJUnit(*report);
                           out.summary = conformanceSummary(*report, origin);
                           return out;
                       },
                       [this, revision](Conformance conformance) { takeConformance(std::move(conformance), revision); });
}

void ReportsSection::loadLatencyFile(const QString &path)
{
    const std::uint64_t revision = ++m_latencyRevision;
    ++m_busy;
    submissionjob::run(this, m_pool,
                       [path, origin = QDir::toNativeSeparators(path)] {
                           Latency out;
                           auto bytes = protocol::readFileCapped(path.toStdString(), maxReportBytes);
                           auto json = bytes ? protocol::parseJson(*bytes, protocol::ParseOptions{.maxBytes = maxReportBytes})
                                             : std::unexpected(protocol::ParseError{});
                           if (!json || !json->is_object()) {
                               out.error = tr("%1 is not a report of fhw load --json: %2")
                                               .arg(origin, bytes ? tr("not a JSON object") : fromStd(bytes.error().message));
                               return out;
                           }
                           out.summary = latencySummary(*json, origin);
                           out.json = std::move(*bytes);
                           return out;
                       },
                       [this, revision](Latency latency) { takeLatency(std::move(latency), revision); });
}

void ReportsSection::takeConformance(Conformance conformance, std::uint64_t revision)
{
    endBusy();
    if (revision != m_conformanceRevision)
        return;
    if (!conformance.error.isEmpty()) {
        showMessage(m_message, conformance.error, true);
        m_conformanceState->setText(m_conformanceJson ? m_conformanceState->toolTip() : tr("not run"));
        Q_EMIT loadFailed(conformance.error);
        return;
    }
    showMessage(m_message, QString(), false);
    m_conformanceJson = std::move(conformance.json);
    m_conformanceJUnit = std::move(conformance.junit);
    m_conformanceState->setText(conformance.summary);
    m_conformanceState->setToolTip(conformance.summary);
    m_clearConformance->setEnabled(true);
    Q_EMIT changed();
}

void ReportsSection::takeLatency(Latency latency, std::uint64_t revision)
{
    endBusy();
    if (revision != m_latencyRevision)
        return;
    if (!latency.error.isEmpty()) {
        showMessage(m_message, latency.error, true);
        m_latencyState->setText(m_latencyJson ? m_latencyState->toolTip() : tr("not run"));
        Q_EMIT loadFailed(latency.error);
        return;
    }
    showMessage(m_message, QString(), false);
    m_latencyJson = std::move(latency.json);
    m_latencyState->setText(latency.summary);
    m_latencyState->setToolTip(latency.summary);
    m_clearLatency->setEnabled(true);
    Q_EMIT changed();
}

void ReportsSection::clearConformance()
{
    ++m_conformanceRevision;
    m_conformanceJson.reset();
    m_conformanceJUnit.reset();
    m_conformanceState->setText(tr("not run"));
    m_conformanceState->setToolTip({});
    m_clearConformance->setEnabled(false);
    Q_EMIT changed();
}

void ReportsSection::clearLatency()
{
    ++m_latencyRevision;
    m_latencyJson.reset();
    m_latencyState->setText(tr("not run"));
    m_latencyState->setToolTip({});
    m_clearLatency->setEnabled(false);
    Q_EMIT changed();
}

void ReportsSection::chooseFile(bool conformance)
{
    auto *dialog = new QFileDialog(this, conformance ? tr("Load a conformance report") : tr("Load a latency report"),
                                   QDir::homePath(), tr("JSON reports (*.json);;All files (*)"));
    dialog->setObjectName(conformance ? QStringLiteral("loadConformanceDialog") : QStringLiteral("loadLatencyDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    connect(dialog, &QFileDialog::fileSelected, this, [this, conformance](const QString &path) {
        conformance ? loadConformanceFile(path) : loadLatencyFile(path);
    });
    dialog->open();
}

void ReportsSection::endBusy()
{
    m_busy = std::max(0, m_busy - 1);
}

} // namespace fhw::gui
