#include "historypanel.h"

#include "interop/har.h"

#include "historymodel.h"

#include <QAction>
#include <QCheckBox>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QShortcut>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <unordered_set>

namespace fhw::gui {

using workspace::HistoryRow;
using workspace::HistoryStore;

namespace {

QString fromStd(const std::string &text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

QIcon themeIcon(const char *name, QStyle::StandardPixmap fallback, const QWidget *widget)
{
    return QIcon::fromTheme(QLatin1String(name), widget->style()->standardIcon(fallback, nullptr, widget));
}

constexpr int searchDelayMs = 200;

} // namespace

HistoryPanel::HistoryPanel(QWidget *parent)
    : QWidget(parent), m_model(new HistoryModel(this)), m_search(new QLineEdit(this)),
      m_searchBodies(new QCheckBox(tr("In &bodies"), this)), m_table(new QTableView(this)),
      m_open(new QPushButton(themeIcon("document-open", QStyle::SP_DialogOpenButton, this), tr("&Open in composer"), this)),
      m_delete(new QPushButton(themeIcon("edit-delete", QStyle::SP_TrashIcon, this), tr("&Delete"), this)),
      m_clear(new QPushButton(themeIcon("edit-clear-history", QStyle::SP_DialogResetButton, this), tr("C&lear history…"), this)),
      m_status(new QLabel(this)), m_searchDebounce(new QTimer(this))
{
    m_pool.setObjectName(QStringLiteral("historyPool"));
    m_pool.setMaxThreadCount(2);
    setObjectName(QStringLiteral("historyPanel"));
    m_model->setObjectName(QStringLiteral("historyModel"));
    m_search->setObjectName(QStringLiteral("historySearch"));
    m_searchBodies->setObjectName(QStringLiteral("historySearchBodies"));
    m_table->setObjectName(QStringLiteral("historyTable"));
    m_open->setObjectName(QStringLiteral("historyOpen"));
    m_delete->setObjectName(QStringLiteral("historyDelete"));
    m_clear->setObjectName(QStringLiteral("historyClear"));
    m_status->setObjectName(QStringLiteral("historyStatus"));
    m_searchDebounce->setObjectName(QStringLiteral("historySearchDebounce"));

    auto *searchLabel = new QLabel(tr("&Search:"), this);
    searchLabel->setObjectName(QStringLiteral("historySearchLabel"));
    searchLabel->setBuddy(m_search);
    m_search->setPlaceholderText(tr("URL, type, status, verdict, request id…"));
    m_search->setClearButtonEnabled(true);
    m_searchBodies->setToolTip(tr("Also search the request and response bodies of every entry (slower)"));

    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->setCornerButtonEnabled(false);
    // 100,000 rows: fixed row heights and column widths that never look at the data.
    QHeaderView *rows = m_table->verticalHeader();
    rows->hide();
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(fontMetrics().height() + 6);
    QHeaderView *columns = m_table->horizontalHeader();
    columns->setSectionResizeMode(QHeaderView::Interactive);
    columns->setStretchLastSection(true);
    columns->setHighlightSections(false);
    const auto width = [this](const QString &sample) { return fontMetrics().horizontalAdvance(sample) + 24; };
    m_table->setColumnWidth(HistoryModel::TimeColumn, width(QStringLiteral("0000-00-00 00:00:00")));
    m_table->setColumnWidth(HistoryModel::TypeColumn, width(QStringLiteral("audience subscription")));
    m_table->setColumnWidth(HistoryModel::StatusColumn, width(QStringLiteral("Status")));
    m_table->setColumnWidth(HistoryModel::VerdictColumn, width(QStringLiteral("final-status")) + 16);
    m_table->setColumnWidth(HistoryModel::MsColumn, width(QStringLiteral("00000.0")));

    auto *openAction = new QAction(m_open->icon(), tr("Open in composer"), m_table);
    openAction->setObjectName(QStringLiteral("historyOpenAction"));
    auto *deleteAction = new QAction(m_delete->icon(), tr("Delete"), m_table);
    deleteAction->setObjectName(QStringLiteral("historyDeleteAction"));
    deleteAction->setShortcut(QKeySequence::Delete);
    deleteAction->setShortcutContext(Qt::WidgetShortcut);
    auto *harAction = new QAction(tr("Export as HAR…"), m_table);
    harAction->setObjectName(QStringLiteral("historyExportHarAction"));
    m_table->addAction(openAction);
    m_table->addAction(harAction);
    m_table->addAction(deleteAction);
    connect(harAction, &QAction::triggered, this, qOverload<>(&HistoryPanel::exportSelectedAsHar));
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    connect(openAction, &QAction::triggered, this, &HistoryPanel::openSelected);
    connect(deleteAction, &QAction::triggered, this, &HistoryPanel::deleteSelected);

    auto *findShortcut = new QShortcut(QKeySequence::Find, this);
    findShortcut->setObjectName(QStringLiteral("historyFindShortcut"));
    findShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(findShortcut, &QShortcut::activated, this, &HistoryPanel::focusSearch);

    auto *searchRow = new QHBoxLayout;
    searchRow->addWidget(searchLabel);
    searchRow->addWidget(m_search, 1);
    searchRow->addWidget(m_searchBodies);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_open);
    buttons->addWidget(m_delete);
    buttons->addStretch(1);
    buttons->addWidget(m_status);
    buttons->addStretch(1);
    buttons->addWidget(m_clear);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(searchRow);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);
    setTabOrder(m_search, m_searchBodies);
    setTabOrder(m_searchBodies, m_table);
    setTabOrder(m_table, m_open);
    setTabOrder(m_open, m_delete);
    setTabOrder(m_delete, m_clear);

    m_searchDebounce->setSingleShot(true);
    m_searchDebounce->setInterval(searchDelayMs);
    connect(m_search, &QLineEdit::textChanged, m_searchDebounce, qOverload<>(&QTimer::start));
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        m_searchDebounce->stop();
        startFilter();
    });
    connect(m_searchBodies, &QCheckBox::toggled, this, [this] { startFilter(); });
    connect(m_searchDebounce, &QTimer::timeout, this, &HistoryPanel::startFilter);
    connect(m_table, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        m_table->setCurrentIndex(index);
        openSelected();
    });
    connect(m_open, &QPushButton::clicked, this, &HistoryPanel::openSelected);
    connect(m_delete, &QPushButton::clicked, this, &HistoryPanel::deleteSelected);
    connect(m_clear, &QPushButton::clicked, this, &HistoryPanel::confirmClearHistory);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &HistoryPanel::updateActions);
    connect(m_model, &QAbstractItemModel::modelReset, this, &HistoryPanel::updateActions);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &HistoryPanel::updateActions);
    updateActions();
    updateStatus();
}

HistoryPanel::~HistoryPanel()
{
    if (m_store && m_subscription)
        m_store->unsubscribe(*m_subscription); // waits for a notification in progress
    ++m_generation;
    waitForJobs();
}

template<typename Result>
void HistoryPanel::runJob(std::function<Result(std::stop_token)> work, std::function<void(Result)> done)
{
    // The worker leaves its result here before its future finishes; the watcher hands it over (moved,
    // not copied: a 100,000-row list or a 10 MB body) on the GUI thread.
    auto result = std::make_shared<std::optional<Result>>();
    QFuture<void> future = QtConcurrent::run(
        &m_pool, [work = std::move(work), stop = m_stop.get_token(), result] { result->emplace(work(stop)); });
    auto *watcher = new QFutureWatcher<void>(this);
    const std::uint64_t generation = m_generation;
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation, result, done = std::move(done)] {
        watcher->deleteLater();
        if (generation == m_generation && result->has_value())
            done(std::move(**result));
    });
    watcher->setFuture(future);
    m_jobs.removeIf([](const QFuture<void> &job) { return job.isFinished(); });
    m_jobs.append(future);
}

void HistoryPanel::waitForJobs()
{
    m_stop.request_stop();
    for (QFuture<void> &job : m_jobs)
        job.waitForFinished();
    m_jobs.clear();
    m_stop = std::stop_source();
}

void HistoryPanel::setStore(HistoryStore *store)
{
    if (m_store && m_subscription)
        m_store->unsubscribe(*m_subscription);
    m_subscription.reset();
    ++m_generation;
    waitForJobs();
    m_store = store;
    m_pending.clear();
    m_error.clear();
    m_loadedRevision = 0;
    m_model->clear();
    m_loading = store != nullptr;
    if (store) {
        const std::uint64_t generation = m_generation;
        m_subscription = store->subscribe([this, generation](const HistoryStore::Change &change) {
            QMetaObject::invokeMethod(
                this, [this, generation, change] {
                    if (generation == m_generation)
                        onChange(change);
                },
                Qt::QueuedConnection);
        });
        startLoad();
    }
    updateActions();
    updateStatus();
}

void HistoryPanel::startLoad()
{
    struct Loaded
    {
        std::expected<std::vector<HistoryRow>, Error> rows;
        std::uint64_t revision = 0;
    };
    HistoryStore *store = m_store;
    runJob<std::shared_ptr<Loaded>>(
        [store](std::stop_token stop) {
            auto loaded = std::make_shared<Loaded>();
            loaded->rows = store->list(stop, &loaded->revision);
            return loaded;
        },
        [this](std::shared_ptr<Loaded> result) {
            m_loading = false;
            if (!result->rows) {
                showError(fromStd(result->rows.error().message));
                m_pending.clear();
                return;
            }
            m_model->setRows(std::move(*result->rows));
            m_loadedRevision = result->revision;
            for (const HistoryStore::Change &change : std::exchange(m_pending, {}))
                applyChange(change);
            updateStatus();
            Q_EMIT loaded(m_model->totalCount());
            if (!m_search->text().isEmpty())
                startFilter();
        });
}

void HistoryPanel::onChange(const HistoryStore::Change &change)
{
    if (m_loading)
        m_pending.push_back(change);
    else
        applyChange(change);
}

void HistoryPanel::applyChange(const HistoryStore::Change &change)
{
    if (change.revision <= m_loadedRevision)
        return; // the loaded list already reflects it
    switch (change.kind) {
    case HistoryStore::Change::Kind::Added: m_model->addRow(change.row); break;
    case HistoryStore::Change::Kind::Removed: m_model->removeIds(change.ids); break;
    case HistoryStore::Change::Kind::Cleared: m_model->clear(); break;
    }
    updateStatus();
}

void HistoryPanel::startFilter()
{
    m_searchDebounce->stop();
    const std::string needle = workspace::foldForSearch(m_search->text().trimmed().toStdString());
    const std::uint64_t filterGeneration = ++m_filterGeneration;
    m_filterStop.request_stop(); // the previous search, if still running
    m_filterStop = std::stop_source();
    // Stops when the panel's jobs stop (another store) or when a newer search starts.
    const auto searchStop = [filterStop = m_filterStop.get_token()](const std::stop_token &panelStop,
                                                                    const auto &search) {
        std::stop_source either;
        const std::stop_callback onPanel(panelStop, [&either] { either.request_stop(); });
        const std::stop_callback onFilter(filterStop, [&either] { either.request_stop(); });
        return search(either.get_token());
    };
    if (m_loading)
        return; // applied when the rows arrive
    const HistoryModel::Snapshot snapshot = m_model->snapshot();
    if (needle.empty()) {
        m_filtering = false;
        m_model->applyFilter(snapshot, needle, HistoryModel::filterRows(snapshot, needle));
        updateStatus();
        return;
    }
    m_filtering = true;
    updateStatus();
    if (m_searchBodies->isChecked() && m_store) {
        HistoryStore *store = m_store;
        runJob<std::expected<std::vector<std::string>, Error>>(
            [store, needle, searchStop](std::stop_token stop) {
                return searchStop(stop, [&](const std::stop_token &either) { return store->searchFiles(needle, either); });
            },
            [this, needle, filterGeneration](std::expected<std::vector<std::string>, Error> ids) {
                if (filterGeneration != m_filterGeneration)
                    return;
                m_filtering = false;
                if (!ids) {
                    showError(fromStd(ids.error().message));
                    return;
                }
                m_model->applyIds(needle, *ids);
                updateStatus();
            });
        return;
    }
    runJob<std::vector<int>>(
        [snapshot, needle, searchStop](std::stop_token stop) {
            return searchStop(stop, [&](const std::stop_token &either) { return HistoryModel::filterRows(snapshot, needle, either); });
        },
        [this, snapshot, needle, filterGeneration](std::vector<int> matches) {
            if (filterGeneration != m_filterGeneration)
                return;
            m_filtering = false;
            if (!m_model->applyFilter(snapshot, needle, std::move(matches)))
                startFilter(); // rows moved meanwhile: once more
            updateStatus();
        });
}

void HistoryPanel::record(const transport::SendResult &result, const transport::SendRequest &request)
{
    if (!m_store)
        return;
    HistoryStore *store = m_store;
    runJob<std::expected<HistoryRow, Error>>(
        [store, result, request](std::stop_token) { return store->append(result, request); },
        [this](std::expected<HistoryRow, Error> row) {
            if (!row)
                showError(fromStd(row.error().message));
        });
}

void HistoryPanel::openSelected()
{
    const QModelIndex current = m_table->currentIndex();
    if (!m_store || !current.isValid())
        return;
    const std::string id = m_model->idAt(current.row());
    HistoryStore *store = m_store;
    runJob<std::expected<workspace::HistoryEntry, Error>>(
        [store, id](std::stop_token) { return store->load(id); },
        [this](std::expected<workspace::HistoryEntry, Error> entry) {
            if (!entry) {
                showError(fromStd(entry.error().message));
                return;
            }
            Q_EMIT reopenRequested(entry->type, fromStd(entry->body), fromStd(entry->row.url));
        });
}

void HistoryPanel::deleteSelected()
{
    if (!m_store)
        return;
    std::vector<std::string> ids;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        ids.push_back(m_model->idAt(index.row()));
    if (ids.empty())
        return;
    HistoryStore *store = m_store;
    runJob<std::expected<void, Error>>(
        [store, ids](std::stop_token) -> std::expected<void, Error> {
            auto removed = store->remove(ids);
            if (!removed && removed.error().code == "history.not-found")
                return {}; // deleted meanwhile
            return removed;
        },
        [this](std::expected<void, Error> removed) {
            if (!removed)
                showError(fromStd(removed.error().message));
        });
}

void HistoryPanel::exportSelectedAsHar()
{
    if (!m_store || !m_table->selectionModel()->hasSelection())
        return;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export as HAR"), QStringLiteral("firehose.har"),
                                                      tr("HTTP Archive (*.har);;All files (*)"));
    if (!path.isEmpty())
        exportSelectedAsHar(path);
}

void HistoryPanel::exportSelectedAsHar(const QString &path)
{
    if (!m_store)
        return;
    std::vector<std::string> ids;
    QModelIndexList rows = m_table->selectionModel()->selectedRows();
    // Newest first on screen; oldest first in the archive, as a network panel lists them.
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() > b.row(); });
    for (const QModelIndex &index : rows)
        ids.push_back(m_model->idAt(index.row()));
    if (ids.empty())
        return;
    HistoryStore *store = m_store;
    runJob<std::expected<int, Error>>(
        [store, ids, path](std::stop_token) -> std::expected<int, Error> {
            std::vector<workspace::HistoryEntry> entries;
            for (const std::string &id : ids) {
                auto entry = store->load(id);
                if (!entry)
                    return std::unexpected(entry.error());
                entries.push_back(std::move(*entry));
            }
            const std::string har = interop::harFromHistory(entries).dump(2) + "\n"; // the token redacted
            QSaveFile file(path);
            if (!file.open(QIODevice::WriteOnly) || file.write(har.data(), qint64(har.size())) != qint64(har.size())
                || !file.commit())
                return std::unexpected(Error{"history.write", "Cannot write " + path.toStdString() + ": "
                                                                  + file.errorString().toStdString()});
            return int(entries.size());
        },
        [this, path](std::expected<int, Error> written) {
            if (!written)
                showError(fromStd(written.error().message));
            else
                Q_EMIT harExported(path, *written);
        });
}

void HistoryPanel::clearHistory()
{
    if (!m_store)
        return;
    HistoryStore *store = m_store;
    runJob<std::expected<void, Error>>([store](std::stop_token) { return store->clear(); },
                                       [this](std::expected<void, Error> cleared) {
                                           if (!cleared)
                                               showError(fromStd(cleared.error().message));
                                       });
}

void HistoryPanel::confirmClearHistory()
{
    if (!m_store || m_model->totalCount() == 0)
        return;
    QMessageBox box(QMessageBox::Question, tr("Clear History"),
                    tr("Delete all %n history entries of this workspace? This cannot be undone.", nullptr,
                       m_model->totalCount()),
                    QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("historyClearConfirmation"));
    QPushButton *clear = box.addButton(tr("C&lear History"), QMessageBox::DestructiveRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() == clear)
        clearHistory();
}

void HistoryPanel::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void HistoryPanel::updateActions()
{
    const bool selected = m_table->selectionModel() && m_table->selectionModel()->hasSelection();
    m_open->setEnabled(m_store && m_table->currentIndex().isValid() && selected);
    m_delete->setEnabled(m_store && selected);
    m_clear->setEnabled(m_store && m_model->totalCount() > 0);
    const auto actions = m_table->actions();
    for (QAction *action : actions)
        action->setEnabled(m_store && selected);
}

void HistoryPanel::updateStatus()
{
    QString text;
    if (!m_store)
        text = tr("No workspace");
    else if (m_loading)
        text = tr("Loading history…");
    else if (m_filtering)
        text = tr("Searching…");
    else if (!m_model->filter().empty())
        text = tr("%1 of %n entries", nullptr, m_model->totalCount()).arg(m_model->rowCount());
    else
        text = tr("%n entries", nullptr, m_model->totalCount());
    if (!m_error.isEmpty())
        text += QStringLiteral(" — ") + m_error;
    m_status->setText(text);
    m_status->setToolTip(m_error);
    m_clear->setEnabled(m_store && m_model->totalCount() > 0);
}

void HistoryPanel::showError(const QString &message)
{
    m_error = message;
    updateStatus();
    Q_EMIT errorOccurred(message);
}

} // namespace fhw::gui
