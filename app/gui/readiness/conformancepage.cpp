#include "conformancepage.h"

#include "readinesstext.h"
#include "reportfiles.h"

#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace fhw::gui {

namespace {

using readinesstext::fromStd;

constexpr int IndexRole = Qt::UserRole;       // a check item: its index in m_checks; a category: -1
constexpr int CategoryRole = Qt::UserRole + 1; // a category item: the category as the report names it

// Evidence up to this size is formatted at once; more (a 1,000-event batch) on a worker thread.
constexpr std::size_t syncFormatBytes = 16 * 1024;

std::size_t evidenceBytes(const readiness::CheckResult &check)
{
    std::size_t bytes = 0;
    for (const readiness::Evidence &e : check.evidence)
        bytes += e.requestBody.size() + e.responseBody.size();
    return bytes;
}

} // namespace

ConformancePage::ConformancePage(QWidget *parent)
    : QWidget(parent)
{
    m_run = new QPushButton(tr("&Run checks"), this);
    m_run->setObjectName(QStringLiteral("runConformance"));
    m_run->setToolTip(tr("Send the conformance requests to the target and judge the answers"));
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelConformance"));
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("conformanceProgress"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setFormat(tr("%v of %m checks"));

    auto *top = new QHBoxLayout;
    top->addWidget(m_run);
    top->addWidget(m_cancel);
    top->addWidget(m_progress, 1);

    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("conformanceTree"));
    m_tree->setHeaderLabels({tr("Check"), tr("Status"), tr("Time"), tr("Message")});
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setStretchLastSection(true);
    m_tree->header()->resizeSection(CheckColumn, 300);
    m_tree->header()->resizeSection(StatusColumn, 80);
    m_tree->header()->resizeSection(TimeColumn, 80);

    m_evidence = new QPlainTextEdit(this);
    m_evidence->setObjectName(QStringLiteral("conformanceEvidence"));
    m_evidence->setReadOnly(true);
    m_evidence->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_evidence->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_evidence->setPlaceholderText(tr("Select a check to see the requests it sent and the answers it got."));

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_tree);
    splitter->addWidget(m_evidence);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    m_summary = new QLabel(tr("Checks whether mParticle would accept the target: run them to see."), this);
    m_summary->setObjectName(QStringLiteral("conformanceSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_saveJson = new QPushButton(tr("Save &JSON…"), this);
    m_saveJson->setObjectName(QStringLiteral("saveConformanceJson"));
    m_saveJUnit = new QPushButton(tr("Save J&Unit…"), this);
    m_saveJUnit->setObjectName(QStringLiteral("saveConformanceJUnit"));
    m_saveJUnit->setToolTip(tr("JUnit XML, so a CI pipeline can gate on the checks"));
    m_saveNote = new QLabel(this);
    m_saveNote->setObjectName(QStringLiteral("conformanceSaveNote"));
    m_saveNote->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_summary, 1);
    bottom->addWidget(m_saveNote);
    bottom->addWidget(m_saveJson);
    bottom->addWidget(m_saveJUnit);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);
    layout->addLayout(bottom);

    connect(m_run, &QPushButton::clicked, this, &ConformancePage::runClicked);
    connect(m_cancel, &QPushButton::clicked, this, &ConformancePage::cancelClicked);
    connect(m_tree, &QTreeWidget::currentItemChanged, this, &ConformancePage::showSelectedEvidence);
    connect(m_saveJson, &QPushButton::clicked, this, [this] {
        const QString path = askReportPath(this, tr("Save the conformance report as JSON"),
                                           QStringLiteral("conformance.json"), tr("JSON (*.json)"));
        if (!path.isEmpty())
            saveJson(path);
    });
    connect(m_saveJUnit, &QPushButton::clicked, this, [this] {
        const QString path = askReportPath(this, tr("Save the conformance report as JUnit XML"),
                                           QStringLiteral("conformance-junit.xml"), tr("JUnit XML (*.xml)"));
        if (!path.isEmpty())
            saveJUnit(path);
    });
    connect(&m_formatter, &QFutureWatcher<Formatted>::finished, this, [this] {
        const Formatted formatted = m_formatter.result();
        if (formatted.generation == m_generation)
            m_evidence->setPlainText(formatted.text);
    });
    m_flush.setSingleShot(true);
    m_flush.setInterval(100);
    connect(&m_flush, &QTimer::timeout, this, &ConformancePage::flushPending);
    setState(false, true);
}

ConformancePage::~ConformancePage()
{
    m_formatter.waitForFinished();
}

void ConformancePage::setState(bool running, bool canRun)
{
    m_run->setEnabled(!running && canRun);
    m_cancel->setEnabled(running);
    m_saveJson->setEnabled(!running && m_report.has_value());
    m_saveJUnit->setEnabled(!running && m_report.has_value());
}

void ConformancePage::runStarted()
{
    ++m_generation;
    m_flush.stop();
    m_pending.clear();
    m_checks.clear();
    m_report.reset();
    m_tree->clear();
    m_evidence->clear();
    m_saveNote->clear();
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_summary->setPalette(palette());
    m_summary->setText(tr("Running the checks…"));
}

void ConformancePage::addCheck(const readiness::CheckResult &check, int done, int planned)
{
    // Checks against a fast endpoint arrive dozens in a few milliseconds: they are shown in batches,
    // so the tree and the summary are laid out once per batch rather than once per check.
    m_pending.push_back(check);
    m_done = done;
    m_planned = planned;
    if (!m_flush.isActive())
        m_flush.start();
}

void ConformancePage::flushPending()
{
    if (m_pending.empty())
        return;
    m_tree->setUpdatesEnabled(false);
    for (readiness::CheckResult &check : m_pending) {
        m_checks.push_back(std::move(check));
        appendCheckItem(int(m_checks.size()) - 1);
    }
    m_pending.clear();
    m_tree->setUpdatesEnabled(true);
    m_progress->setRange(0, std::max(m_planned, 1));
    m_progress->setValue(std::clamp(m_done, 0, std::max(m_planned, 1)));
    m_summary->setText(tr("Running the checks… %1 of %2 done.").arg(m_done).arg(m_planned));
}

void ConformancePage::showReport(const readiness::ConformanceReport &report)
{
    m_flush.stop();
    m_pending.clear(); // the report has them all
    const QString selected = selectedCheckId();
    m_report = report;
    m_checks = report.checks;
    m_tree->clear();
    m_tree->setUpdatesEnabled(false);
    for (int i = 0; i < int(m_checks.size()); ++i)
        appendCheckItem(i);
    m_tree->setUpdatesEnabled(true);
    const int total = std::max(int(m_checks.size()), 1);
    m_progress->setRange(0, total);
    m_progress->setValue(report.cancelled ? total - report.count(readiness::CheckStatus::Skipped) : total);

    QPalette summaryPalette = palette();
    const readiness::CheckStatus tone = report.cancelled ? readiness::CheckStatus::Skipped
                                        : report.passed() ? readiness::CheckStatus::Pass
                                                          : readiness::CheckStatus::Fail;
    summaryPalette.setColor(QPalette::WindowText, readinesstext::statusColour(tone, palette()));
    m_summary->setPalette(summaryPalette);
    m_summary->setText(readinesstext::summaryLine(report));

    if (!selected.isEmpty()) { // keep the selection across the rebuild
        for (QTreeWidgetItemIterator it(m_tree); *it; ++it) {
            const int index = (*it)->data(CheckColumn, IndexRole).toInt();
            if (index >= 0 && fromStd(m_checks[std::size_t(index)].id) == selected) {
                m_tree->setCurrentItem(*it);
                break;
            }
        }
    }
}

void ConformancePage::showMessage(const QString &message)
{
    m_summary->setPalette(palette());
    m_summary->setText(message);
}

QIcon ConformancePage::icon(readiness::CheckStatus status)
{
    if (m_icons.empty()) { // made once per palette: painting a pixmap per row adds up
        for (auto s : {readiness::CheckStatus::Pass, readiness::CheckStatus::Info, readiness::CheckStatus::Warn,
                       readiness::CheckStatus::Fail, readiness::CheckStatus::Skipped})
            m_icons[int(s)] = readinesstext::statusIcon(s, palette());
    }
    return m_icons[int(status)];
}

void ConformancePage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        m_icons.clear();
}

QString ConformancePage::selectedCheckId() const
{
    const QTreeWidgetItem *item = m_tree->currentItem();
    if (!item)
        return {};
    const int index = item->data(CheckColumn, IndexRole).toInt();
    return index >= 0 && index < int(m_checks.size()) ? fromStd(m_checks[std::size_t(index)].id) : QString();
}

QTreeWidgetItem *ConformancePage::categoryItem(const std::string &category)
{
    const QString key = fromStd(category);
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        if (m_tree->topLevelItem(i)->data(CheckColumn, CategoryRole).toString() == key)
            return m_tree->topLevelItem(i);
    }
    auto *item = new QTreeWidgetItem(m_tree);
    item->setText(CheckColumn, readinesstext::categoryTitle(category));
    item->setData(CheckColumn, IndexRole, -1);
    item->setData(CheckColumn, CategoryRole, key);
    QFont bold = item->font(CheckColumn);
    bold.setBold(true);
    item->setFont(CheckColumn, bold);
    item->setFirstColumnSpanned(false);
    item->setExpanded(true);
    return item;
}

void ConformancePage::appendCheckItem(int index)
{
    const readiness::CheckResult &check = m_checks[std::size_t(index)];
    QTreeWidgetItem *category = categoryItem(check.category);
    auto *item = new QTreeWidgetItem(category);
    item->setData(CheckColumn, IndexRole, index);
    item->setText(CheckColumn, fromStd(check.title));
    item->setToolTip(CheckColumn, fromStd(check.id));
    item->setIcon(StatusColumn, icon(check.status));
    item->setText(StatusColumn, readinesstext::statusName(check.status));
    item->setForeground(StatusColumn, readinesstext::statusColour(check.status, palette()));
    item->setText(TimeColumn, readinesstext::formatUs(check.durationUs));
    item->setTextAlignment(TimeColumn, Qt::AlignRight | Qt::AlignVCenter);
    const QString message = fromStd(check.message);
    item->setText(MessageColumn, message.section(u'\n', 0, 0));
    item->setToolTip(MessageColumn, message);
    category->setExpanded(true);
    updateCategory(category);
}

void ConformancePage::updateCategory(QTreeWidgetItem *category)
{
    // The category shows its worst status and how its checks went.
    int worst = -1;
    readiness::CheckStatus worstStatus = readiness::CheckStatus::Pass;
    std::map<int, int> counts;
    for (int i = 0; i < category->childCount(); ++i) {
        const auto &check = m_checks[std::size_t(category->child(i)->data(CheckColumn, IndexRole).toInt())];
        ++counts[int(check.status)];
        if (readinesstext::statusRank(check.status) > worst) {
            worst = readinesstext::statusRank(check.status);
            worstStatus = check.status;
        }
    }
    QStringList parts;
    for (const auto &[status, count] : counts)
        parts << QStringLiteral("%1 %2").arg(count).arg(readinesstext::statusName(readiness::CheckStatus(status)));
    category->setIcon(StatusColumn, icon(worstStatus));
    category->setText(StatusColumn, readinesstext::statusName(worstStatus));
    category->setForeground(StatusColumn, readinesstext::statusColour(worstStatus, palette()));
    category->setText(MessageColumn, parts.join(QStringLiteral(" · ")));
}

void ConformancePage::showSelectedEvidence()
{
    const quint64 generation = ++m_generation;
    const QTreeWidgetItem *item = m_tree->currentItem();
    const int index = item ? item->data(CheckColumn, IndexRole).toInt() : -1;
    if (index < 0 || index >= int(m_checks.size())) {
        m_evidence->clear();
        return;
    }
    const readiness::CheckResult &check = m_checks[std::size_t(index)];
    if (evidenceBytes(check) <= syncFormatBytes) {
        m_evidence->setPlainText(readinesstext::evidenceText(check));
        return;
    }
    m_evidence->setPlainText(readinesstext::fromStd(check.title) + QStringLiteral("\n\n") + tr("Formatting the evidence…"));
    m_formatter.setFuture(QtConcurrent::run([check, generation] {
        return Formatted{generation, readinesstext::evidenceText(check)};
    }));
}

void ConformancePage::saveJson(const QString &path)
{
    saveWith(path, false);
}

void ConformancePage::saveJUnit(const QString &path)
{
    saveWith(path, true);
}

void ConformancePage::saveWith(const QString &path, bool junit)
{
    if (!m_report) {
        Q_EMIT saved(path, tr("There is no report yet: run the checks first."));
        return;
    }
    auto report = std::make_shared<const readiness::ConformanceReport>(*m_report);
    writeReportFile(
        this, path,
        [report, junit] {
            return junit ? readiness::conformanceJUnit(*report)
                         : readiness::conformanceJson(*report).dump(2, ' ', false, protocol::Json::error_handler_t::replace)
                               + '\n';
        },
        [this, path](const QString &error) {
            m_saveNote->setText(error.isEmpty() ? tr("Saved %1.").arg(path) : tr("Could not save %1: %2").arg(path, error));
            Q_EMIT saved(path, error);
        });
}

} // namespace fhw::gui
