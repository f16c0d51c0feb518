#pragma once

#include "messagecheck.h"

#include <QFutureWatcher>
#include <QWidget>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QTreeWidget;
class QTreeWidgetItem;

namespace fhw::gui {

// Opens a Firehose message file and shows it with its validation findings. Reading, parsing and
// validating run on a worker thread, so a 64 MB file does not freeze the window.
class MessageCheckView : public QWidget
{
    Q_OBJECT

public:
    explicit MessageCheckView(QWidget *parent = nullptr);

    void openFile(const QString &path);
    QString currentPath() const { return m_path; }

Q_SIGNALS:
    void checked(const QString &summary);

private:
    void startCheck();
    void showResult();
    void moveCursorTo(QTreeWidgetItem *item);

    QComboBox *m_profile;
    QLabel *m_title;
    QPlainTextEdit *m_text;
    QTreeWidget *m_findings;
    QFutureWatcher<MessageCheck> m_watcher;
    QString m_path;
    bool m_recheck = false;
};

} // namespace fhw::gui
