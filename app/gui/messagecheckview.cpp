#include "messagecheckview.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTextBlock>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace fhw::gui {

using namespace fhw::protocol;

namespace {

enum Column { SeverityColumn, PointerColumn, CodeColumn, MessageColumn };

// The line of a pretty-printed document where a JSON Pointer's last key appears, found by walking
// the pointer's tokens in order through the text. Good enough to move the cursor near the finding.
int lineOfPointer(const QString &text, const QString &pointer)
{
    int position = 0;
    for (const QString &token : pointer.split(u'/', Qt::SkipEmptyParts)) {
        QString key = token;
        key.replace(QStringLiteral("~1"), QStringLiteral("/")).replace(QStringLiteral("~0"), QStringLiteral("~"));
        bool isIndex = false;
        key.toInt(&isIndex);
        if (isIndex)
            continue; // array elements carry no key in the text
        const int found = text.indexOf(u'"' + key + QStringLiteral("\":"), position);
        if (found < 0)
            break;
        position = found;
    }
    return int(text.left(position).count(u'\n'));
}

} // namespace

MessageCheckView::MessageCheckView(QWidget *parent)
    : QWidget(parent)
{
    m_title = new QLabel(tr("Open a Firehose message (File > Open Message…) to check it against the protocol."), this);
    m_title->setObjectName(QStringLiteral("checkTitle"));
    m_title->setWordWrap(true);

    m_profile = new QComboBox(this);
    m_profile->setObjectName(QStringLiteral("profile"));
    m_profile->addItem(tr("Strict (what the Java SDK rejects)"), int(Profile::Strict));
    m_profile->addItem(tr("Tolerant (what a forgiving receiver accepts)"), int(Profile::Tolerant));
    connect(m_profile, &QComboBox::currentIndexChanged, this, &MessageCheckView::startCheck);

    m_text = new QPlainTextEdit(this);
    m_text->setObjectName(QStringLiteral("messageText"));
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    m_findings = new QTreeWidget(this);
    m_findings->setObjectName(QStringLiteral("findings"));
    m_findings->setRootIsDecorated(false);
    m_findings->setHeaderLabels({tr("Severity"), tr("Where"), tr("Code"), tr("Finding")});
    m_findings->header()->setSectionResizeMode(MessageColumn, QHeaderView::Stretch);
    connect(m_findings, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) { moveCursorTo(item); });
    connect(m_findings, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem *item) { moveCursorTo(item); });

    auto *top = new QHBoxLayout;
    top->addWidget(m_title, 1);
    top->addWidget(new QLabel(tr("Profile:"), this));
    top->addWidget(m_profile);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_text);
    splitter->addWidget(m_findings);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);

    connect(&m_watcher, &QFutureWatcher<MessageCheck>::finished, this, &MessageCheckView::showResult);
}

void MessageCheckView::openFile(const QString &path)
{
    m_path = path;
    startCheck();
}

void MessageCheckView::startCheck()
{
    if (m_path.isEmpty())
        return;
    if (m_watcher.isRunning()) {
        m_recheck = true; // the running check finishes first; then this one starts
        return;
    }
    m_title->setText(tr("Checking %1…").arg(m_path));
    const auto profile = Profile(m_profile->currentData().toInt());
    m_watcher.setFuture(QtConcurrent::run(checkMessageFile, m_path, profile));
}

void MessageCheckView::showResult()
{
    if (m_recheck) {
        m_recheck = false;
        startCheck();
        return;
    }
    const MessageCheck result = m_watcher.result();
    m_findings->clear();
    if (!result.error.isEmpty()) {
        m_text->clear();
        m_title->setText(tr("Cannot check: %1").arg(result.error));
        Q_EMIT checked(result.error);
        return;
    }
    m_text->setPlainText(result.text);
    int errors = 0;
    int warnings = 0;
    for (const Finding &finding : result.findings) {
        errors += finding.severity == Severity::Error;
        warnings += finding.severity == Severity::Warning;
        const QString pointer = QString::fromStdString(finding.pointer);
        auto *item = new QTreeWidgetItem(m_findings);
        item->setText(SeverityColumn, QString::fromUtf8(severityName(finding.severity).data()));
        item->setText(PointerColumn, pointer.isEmpty() ? tr("(message)") : pointer);
        item->setData(PointerColumn, Qt::UserRole, pointer);
        item->setText(CodeColumn, QString::fromStdString(finding.code));
        item->setText(MessageColumn, QString::fromStdString(finding.message));
        item->setToolTip(MessageColumn, item->text(MessageColumn));
    }
    for (int column = SeverityColumn; column < MessageColumn; ++column)
        m_findings->resizeColumnToContents(column);
    const QString type = result.messageType.isEmpty() ? tr("unknown type") : result.messageType;
    auto count = [](int n, const QString &one, const QString &many) {
        return QStringLiteral("%1 %2").arg(n).arg(n == 1 ? one : many);
    };
    const QString summary = tr("%1 (%2): %3, %4")
                                .arg(result.path, type, count(errors, tr("error"), tr("errors")),
                                     count(warnings, tr("warning"), tr("warnings")));
    m_title->setText(summary);
    Q_EMIT checked(summary);
}

void MessageCheckView::moveCursorTo(QTreeWidgetItem *item)
{
    if (!item)
        return;
    const int line = lineOfPointer(m_text->toPlainText(), item->data(PointerColumn, Qt::UserRole).toString());
    QTextCursor cursor(m_text->document()->findBlockByNumber(line));
    m_text->setTextCursor(cursor);
    m_text->centerCursor();
    m_text->setFocus();
}

} // namespace fhw::gui
