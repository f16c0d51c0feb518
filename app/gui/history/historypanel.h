#pragma once

#include "protocol/messagetype.h"
#include "transport/httpsender.h"
#include "transport/sendresult.h"
#include "workspace/historystore.h"

#include <QFuture>
#include <QList>
#include <QThreadPool>
#include <QWidget>

#include <functional>
#include <optional>
#include <stop_token>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTimer;

namespace fhw::gui {

class HistoryModel;

// The history of the workspace: a search box, the table of sends (newest first) and what to do with
// them. Everything that touches the disk runs off the GUI thread (QtConcurrent): loading the index,
// filtering big histories, opening, deleting and recording entries. The store must outlive the panel
// (or be replaced by setStore() first); changes made to the store by anyone appear in the table.
class HistoryPanel : public QWidget
{
    Q_OBJECT

public:
    explicit HistoryPanel(QWidget *parent = nullptr);
    ~HistoryPanel() override;

    // Shows `store` (nullptr: nothing). Waits for work still running on the previous store (it is told to
    // stop), so the caller may delete the previous store afterwards.
    void setStore(workspace::HistoryStore *store);
    workspace::HistoryStore *store() const { return m_store; }

    // Appends a finished send to the store off the GUI thread; the row appears when it is written.
    void record(const transport::SendResult &result, const transport::SendRequest &request);

    bool isLoading() const { return m_loading; }
    HistoryModel *model() const { return m_model; }

public Q_SLOTS:
    void openSelected();      // the current row, into the composer (reopenRequested)
    void deleteSelected();    // the selected rows, without asking
    void clearHistory();      // every entry, without asking
    void confirmClearHistory(); // asks first (the "Clear history…" button)
    void focusSearch();
    void exportSelectedAsHar();  // asks for a file ("Export as HAR…"), then exportSelectedAsHar(path)
    // The selected entries as HAR 1.2 (interop/har.h, token redacted), written off the GUI thread.
    void exportSelectedAsHar(const QString &path);

Q_SIGNALS:
    void reopenRequested(protocol::MessageType type, const QString &body, const QString &url);
    void loaded(int entries);           // the store's rows are shown (after setStore)
    void errorOccurred(const QString &message);
    void harExported(const QString &path, int entries);

private:
    template<typename Result>
    void runJob(std::function<Result(std::stop_token)> work, std::function<void(Result)> done);
    void waitForJobs();
    void startLoad();
    void startFilter();
    void onChange(const workspace::HistoryStore::Change &change);
    void applyChange(const workspace::HistoryStore::Change &change);
    void updateActions();
    void updateStatus();
    void showError(const QString &message);

    HistoryModel *m_model;
    QLineEdit *m_search;
    QCheckBox *m_searchBodies;
    QTableView *m_table;
    QPushButton *m_open;
    QPushButton *m_delete;
    QPushButton *m_clear;
    QLabel *m_status;
    QTimer *m_searchDebounce;

    workspace::HistoryStore *m_store = nullptr;
    std::optional<workspace::HistoryStore::SubscriptionId> m_subscription;
    std::uint64_t m_generation = 0; // bumped by setStore(): late results of the previous store are dropped
    std::uint64_t m_filterGeneration = 0;
    std::uint64_t m_loadedRevision = 0; // the store revision the loaded rows reflect
    std::stop_source m_stop;        // asks the running jobs of this generation to stop
    std::stop_source m_filterStop;  // asks the running search to stop (a newer one replaces it)
    QThreadPool m_pool;             // the panel's own workers: a long body search never holds up
                                    // the rest of the window's QtConcurrent work
    QList<QFuture<void>> m_jobs;
    bool m_loading = false;
    bool m_filtering = false;
    std::vector<workspace::HistoryStore::Change> m_pending; // changes that arrived while loading
    QString m_error;
};

} // namespace fhw::gui
