#pragma once

#include "inspectortext.h"
#include "transport/httpsender.h"

#include <QFutureWatcher>
#include <QWidget>

#include <memory>
#include <optional>

class QAction;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QStackedWidget;
class QTableWidget;
class QTabWidget;
class QToolButton;
class QTreeView;
class QTreeWidget;
class QTreeWidgetItem;

namespace fhw::gui {

class JsonTreeModel;
class TimingWaterfall;

// Everything about one send: status, verdict and time against the budget in a header line; tabs for
// the body (formatted; off-thread past offThreadFormatBytes), the body as a tree, the response
// headers, the validation findings, the timing waterfall (with TLS facts), the attempts with their
// back-off, and the raw exchange. Selecting an attempt shows its body, headers, timings and
// exchange. "Copy as curl" puts the request on the clipboard, token redacted unless asked.
class ResponseInspector : public QWidget
{
    Q_OBJECT

public:
    // Above this a body is formatted on a worker: 256 KB of short JSON lines took 120+ ms on the GUI
    // thread here; 64 KB takes about a quarter of that.
    static constexpr std::size_t offThreadFormatBytes = 64 * 1024;
    static constexpr std::size_t rawBodyLimit = 64 * 1024; // per body in the Raw tab

    explicit ResponseInspector(QWidget *parent = nullptr);
    ~ResponseInspector() override;

    void showPending(const QString &url); // "Sending to URL…" (Cancel lives in the target bar)
    void showResult(const transport::SendResult &result, const transport::SendRequest &request);
    void clear();                         // the empty state: "Press Ctrl+Enter to send"

    // The attempt shown in the tabs (0-based; the last one after showResult); -1 when none.
    void showAttempt(int index);
    int shownAttempt() const { return m_shownAttempt; }
    bool isFormatting() const { return m_formatting; } // a big body is being formatted off-thread

    // Puts `curl …` for the shown request on the clipboard, then emits copyAsCurlRequested.
    void copyAsCurl(bool revealToken);
    QAction *copyAsCurlAction() const { return m_copyCurl; }
    QAction *copyAsCurlRevealedAction() const { return m_copyCurlRevealed; }

Q_SIGNALS:
    // After a curl command was put on the clipboard (e.g. for a status-bar message).
    void copyAsCurlRequested(bool revealToken);
    // After the shown attempt's body is in the Body and Tree tabs (at once, or after formatting).
    void bodyShown();

protected:
    void changeEvent(QEvent *event) override;

private:
    QWidget *makeHeader();
    QWidget *makeTabs();
    void updateHeader();
    void updateFindings();
    void updateAttempts();
    void applyBody(const inspector::PreparedBody &prepared, quint64 generation);
    void showBodyDocument(std::shared_ptr<QTextDocument> document);
    void showFindingInTree(QTreeWidgetItem *item);
    void selectPointer(const QString &pointer);
    void updateStatusColour();

    QStackedWidget *m_stack;
    QLabel *m_emptyHint;
    QLabel *m_pendingLabel;
    QProgressBar *m_busy;

    QLabel *m_status;
    QLabel *m_verdict;
    QLabel *m_summary;
    QLabel *m_time;
    QLabel *m_lambda; // the Lambda section: function error and REPORT of the shown attempt
    QToolButton *m_copyButton;
    QAction *m_copyCurl;
    QAction *m_copyCurlRevealed;

    QTabWidget *m_tabs;
    QLabel *m_bodyNote;
    QPlainTextEdit *m_body;
    QTreeView *m_tree;
    JsonTreeModel *m_treeModel;
    QTableWidget *m_headers;
    QTreeWidget *m_findings;
    TimingWaterfall *m_waterfall;
    QLabel *m_tls;
    QLabel *m_findingsNote;
    QTreeWidget *m_attempts;
    QPlainTextEdit *m_raw;

    std::shared_ptr<const transport::SendResult> m_result; // without `response` (m_hasResponse says)
    bool m_hasResponse = false;
    std::optional<transport::SendRequest> m_request; // holds the token, for "reveal"; dropped by clear()
    int m_shownAttempt = -1;
    quint64 m_generation = 0; // bumped whenever what the tabs show changes; stale formatting is dropped
    quint64 m_formatGeneration = 0; // what m_formatter is working for
    QString m_pendingPointer;       // a finding to select in the tree once the body is shown
    bool m_formatting = false;
    QFutureWatcher<inspector::PreparedBody> m_formatter;
    std::shared_ptr<QTextDocument> m_bodyDocument; // what m_body shows
};

} // namespace fhw::gui
