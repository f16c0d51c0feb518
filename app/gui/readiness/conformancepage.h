#pragma once

#include "readiness/conformancereport.h"

#include <QFutureWatcher>
#include <QIcon>
#include <QTimer>
#include <QWidget>

#include <map>
#include <optional>
#include <vector>

class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace fhw::gui {

// The Conformance tab: Run / Cancel, a progress bar (checks done of planned), the checks grouped by
// category with their status, and the selected check's evidence (every exchange it made) in a
// read-only view; a summary line and Save JSON… / Save JUnit…. It only shows: the panel runs.
class ConformancePage : public QWidget
{
    Q_OBJECT

public:
    enum Column { CheckColumn, StatusColumn, TimeColumn, MessageColumn };

    explicit ConformancePage(QWidget *parent = nullptr);
    ~ConformancePage() override;

    // running: Cancel on, Run off; canRun: Run allowed when not running (nothing else runs).
    void setState(bool running, bool canRun);

    void runStarted();                                                  // clears the last run
    void addCheck(const readiness::CheckResult &check, int done, int planned); // live, one per check
    void showReport(const readiness::ConformanceReport &report);       // the whole report at the end
    void showMessage(const QString &message);                          // e.g. the run failed to start

    const std::optional<readiness::ConformanceReport> &report() const { return m_report; }
    // The check whose evidence is shown; empty when none.
    QString selectedCheckId() const;

    // Without a dialog (the buttons ask for the path first); the file is written on a worker thread.
    void saveJson(const QString &path);
    void saveJUnit(const QString &path);

Q_SIGNALS:
    void runClicked();
    void cancelClicked();
    void saved(const QString &path, const QString &error); // error empty when written

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Formatted
    {
        quint64 generation = 0;
        QString text;
    };

    void flushPending();
    QIcon icon(readiness::CheckStatus status);
    QTreeWidgetItem *categoryItem(const std::string &category);
    void appendCheckItem(int index);
    void updateCategory(QTreeWidgetItem *category);
    void showSelectedEvidence();
    void saveWith(const QString &path, bool junit);

    QPushButton *m_run;
    QPushButton *m_cancel;
    QProgressBar *m_progress;
    QTreeWidget *m_tree;
    QPlainTextEdit *m_evidence;
    QLabel *m_summary;
    QLabel *m_saveNote;
    QPushButton *m_saveJson;
    QPushButton *m_saveJUnit;

    std::vector<readiness::CheckResult> m_checks; // what the tree shows; an item holds its index
    std::optional<readiness::ConformanceReport> m_report;
    std::vector<readiness::CheckResult> m_pending; // arrived, not shown yet
    int m_done = 0;
    int m_planned = 0;
    QTimer m_flush;
    std::map<int, QIcon> m_icons;
    QFutureWatcher<Formatted> m_formatter;
    quint64 m_generation = 0;
};

} // namespace fhw::gui
