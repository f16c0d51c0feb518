#include "registrationeditor.h"

#include "endpoint/referenceresponder.h"
#include "protocol/parse.h"
#include "protocol/validator.h"

#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTextBlock>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace fhw::gui {

using namespace fhw::protocol;

namespace {

enum Column { SeverityColumn, PointerColumn, CodeColumn, MessageColumn };
constexpr int LineRole = Qt::UserRole + 1;
constexpr int ColumnRole = Qt::UserRole + 2;
constexpr std::size_t maxFileBytes = 8u * 1024u * 1024u;

// The line of a pretty-printed document where a JSON Pointer's last key appears, found by walking the
// pointer's tokens in order through the text: near enough to move the cursor to a finding.
int lineOfPointer(const QString &text, const QString &pointer)
{
    qsizetype position = 0;
    for (const QString &token : pointer.split(u'/', Qt::SkipEmptyParts)) {
        QString key = token;
        key.replace(QStringLiteral("~1"), QStringLiteral("/")).replace(QStringLiteral("~0"), QStringLiteral("~"));
        bool isIndex = false;
        key.toInt(&isIndex);
        if (isIndex)
            continue; // array elements carry no key in the text
        const qsizetype found = text.indexOf(u'"' + key + u'"', position);
        if (found < 0)
            break;
        position = found;
    }
    return int(text.left(position).count(u'\n'));
}

} // namespace

QString RegistrationEditor::defaultText()
{
    return QString::fromStdString(endpoint::defaultRegistration().dump(2));
}

RegistrationEditor::RegistrationEditor(endpoint::Endpoint &endpoint, QWidget *parent)
    : QWidget(parent)
    , m_endpoint(endpoint)
{
    setObjectName(QStringLiteral("registrationEditor"));
    m_editor = new QPlainTextEdit(this);
    m_editor->setObjectName(QStringLiteral("registrationText"));
    m_editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setTabChangesFocus(true);
    m_editor->setAccessibleName(tr("Registration response JSON"));

    m_findingsView = new QTreeWidget(this);
    m_findingsView->setObjectName(QStringLiteral("registrationFindings"));
    m_findingsView->setRootIsDecorated(false);
    m_findingsView->setHeaderLabels({tr("Severity"), tr("Where"), tr("Code"), tr("Finding")});
    m_findingsView->header()->setStretchLastSection(true);
    m_findingsView->setAccessibleName(tr("Registration review findings"));
    connect(m_findingsView, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) { moveCursorTo(item); });
    connect(m_findingsView, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem *item) { moveCursorTo(item); });

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("registrationStatus"));
    m_status->setWordWrap(true);
    m_apply = new QPushButton(tr("Appl&y Registration"), this);
    m_apply->setObjectName(QStringLiteral("applyRegistration"));
    m_apply->setToolTip(tr("Answer module_registration_request with this document from the next request on"));
    m_reset = new QPushButton(tr("Reset to &Default"), this);
    m_reset->setObjectName(QStringLiteral("resetRegistration"));
    m_load = new QPushButton(tr("&Load from File…"), this);
    m_load->setObjectName(QStringLiteral("loadRegistration"));
    connect(m_apply, &QPushButton::clicked, this, &RegistrationEditor::apply);
    connect(m_reset, &QPushButton::clicked, this, &RegistrationEditor::resetToDefault);
    connect(m_load, &QPushButton::clicked, this, &RegistrationEditor::chooseFile);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_status, 1);
    buttons->addWidget(m_load);
    buttons->addWidget(m_reset);
    buttons->addWidget(m_apply);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("registrationSplitter"));
    splitter->addWidget(m_editor);
    splitter->addWidget(m_findingsView);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addLayout(buttons);
    setTabOrder(m_editor, m_findingsView);
    setTabOrder(m_findingsView, m_load);
    setTabOrder(m_load, m_reset);
    setTabOrder(m_reset, m_apply);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(300);
    connect(&m_debounce, &QTimer::timeout, this, &RegistrationEditor::startReview);
    connect(&m_watcher, &QFutureWatcher<Review>::finished, this, &RegistrationEditor::showReview);
    connect(&m_fileWatcher, &QFutureWatcher<std::expected<std::string, Error>>::finished, this, [this] {
        auto read = m_fileWatcher.result();
        if (!read) {
            m_fileError = tr("Cannot load: %1").arg(QString::fromStdString(read.error().message));
            updateState();
            return;
        }
        setText(QString::fromUtf8(read->data(), qsizetype(read->size())));
    });

    const Json configured = m_endpoint.config().registrationResponse;
    m_editor->setPlainText(configured.is_null() ? defaultText() : QString::fromStdString(configured.dump(2)));
    m_appliedRevision = m_revision; // what the endpoint answers with now
    connect(m_editor, &QPlainTextEdit::textChanged, this, [this] {
        ++m_revision;
        m_fileError.clear();
        updateState();
        scheduleReview();
    });
    startReview();
    updateState();
}

RegistrationEditor::~RegistrationEditor()
{
    m_watcher.waitForFinished();
    m_fileWatcher.waitForFinished();
}

QString RegistrationEditor::text() const
{
    return m_editor->toPlainText();
}

void RegistrationEditor::setText(const QString &json)
{
    // Through a cursor, so that the replacement can be undone.
    QTextCursor cursor(m_editor->document());
    cursor.select(QTextCursor::Document);
    cursor.insertText(json);
    m_debounce.stop();
    startReview();
}

void RegistrationEditor::resetToDefault()
{
    setText(defaultText());
}

void RegistrationEditor::loadFile(const QString &path)
{
    m_status->setText(tr("Loading %1…").arg(path));
    m_fileWatcher.setFuture(QtConcurrent::run([file = path.toStdString()] {
        return protocol::readFileCapped(file, maxFileBytes);
    }));
}

void RegistrationEditor::chooseFile()
{
    auto *dialog = new QFileDialog(this, tr("Load a registration response"), QString(),
                                   tr("JSON files (*.json);;All files (*)"));
    dialog->setObjectName(QStringLiteral("loadRegistrationDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    connect(dialog, &QFileDialog::fileSelected, this, &RegistrationEditor::loadFile);
    dialog->open();
}

bool RegistrationEditor::isReviewPending() const
{
    return m_review.revision != m_revision || m_watcher.isRunning() || m_debounce.isActive();
}

bool RegistrationEditor::canApply() const
{
    return m_review.revision == m_revision && m_review.json.has_value();
}

bool RegistrationEditor::apply()
{
    if (!canApply())
        return false;
    endpoint::EndpointConfig config = m_endpoint.config();
    config.registrationResponse = *m_review.json;
    m_endpoint.setConfig(std::move(config));
    m_appliedRevision = m_revision;
    updateState();
    Q_EMIT applied();
    return true;
}

void RegistrationEditor::scheduleReview()
{
    m_debounce.start();
}

RegistrationEditor::Review RegistrationEditor::runReview(std::uint64_t revision, const std::string &text)
{
    Review review;
    review.revision = revision;
    auto parsed = parseJson(text, ParseOptions{.maxBytes = maxFileBytes});
    if (!parsed) {
        review.findings.push_back(Finding{Severity::Error, {}, parsed.error().code, parsed.error().message});
        review.line = int(parsed.error().line);
        review.column = int(parsed.error().column);
        return review;
    }
    review.findings = Validator(Profile::Strict).validate(*parsed, MessageType::ModuleRegistrationResponse);
    review.json = std::move(*parsed);
    return review;
}

void RegistrationEditor::startReview()
{
    if (m_watcher.isRunning())
        return; // showReview() starts the next one when this one is stale
    m_watcher.setFuture(QtConcurrent::run(&RegistrationEditor::runReview, m_revision, m_editor->toPlainText().toStdString()));
    updateState();
}

void RegistrationEditor::showReview()
{
    m_review = m_watcher.result();
    m_findings = m_review.findings;
    m_findingsView->clear();
    int errors = 0;
    int warnings = 0;
    QList<QTreeWidgetItem *> items;
    for (const Finding &finding : m_review.findings) {
        errors += finding.severity == Severity::Error;
        warnings += finding.severity == Severity::Warning;
        auto *item = new QTreeWidgetItem;
        const std::string_view severity = severityName(finding.severity);
        item->setText(SeverityColumn, QString::fromLatin1(severity.data(), qsizetype(severity.size())));
        const QString pointer = QString::fromStdString(finding.pointer);
        item->setText(PointerColumn, pointer.isEmpty() ? (m_review.line > 0 ? tr("line %1").arg(m_review.line) : tr("(document)"))
                                                       : pointer);
        item->setData(PointerColumn, Qt::UserRole, pointer);
        item->setData(PointerColumn, LineRole, m_review.json ? 0 : m_review.line);
        item->setData(PointerColumn, ColumnRole, m_review.column);
        item->setText(CodeColumn, QString::fromStdString(finding.code));
        item->setText(MessageColumn, QString::fromStdString(finding.message));
        item->setToolTip(MessageColumn, item->text(MessageColumn));
        items << item;
    }
    m_findingsView->addTopLevelItems(items);
    for (int column = SeverityColumn; column < MessageColumn; ++column)
        m_findingsView->resizeColumnToContents(column);
    if (m_review.revision != m_revision && !m_debounce.isActive())
        startReview(); // edited while this one ran
    updateState();
    if (m_review.revision == m_revision)
        Q_EMIT reviewed(errors, warnings);
}

void RegistrationEditor::updateState()
{
    m_apply->setEnabled(canApply() && m_appliedRevision != m_revision);
    QString status;
    if (!m_fileError.isEmpty()) {
        status = m_fileError;
    } else if (m_review.revision != m_revision) {
        status = tr("Reviewing…");
    } else if (!m_review.json) {
        status = tr("Not JSON — cannot be applied: %1")
                     .arg(m_review.findings.empty() ? QString() : QString::fromStdString(m_review.findings.front().message));
    } else {
        int errors = 0;
        int warnings = 0;
        for (const Finding &f : m_review.findings) {
            errors += f.severity == Severity::Error;
            warnings += f.severity == Severity::Warning;
        }
        status = errors + warnings == 0 ? tr("mParticle's review finds nothing.")
                                        : tr("mParticle's review: %1 errors, %2 warnings.").arg(errors).arg(warnings);
    }
    if (m_appliedRevision == m_revision)
        status += u' ' + tr("The endpoint answers with this document.");
    else if (canApply())
        status += u' ' + tr("Not applied yet.");
    m_status->setText(status);
}

void RegistrationEditor::moveCursorTo(QTreeWidgetItem *item)
{
    if (!item)
        return;
    int line = item->data(PointerColumn, LineRole).toInt() - 1;
    int column = std::max(0, item->data(PointerColumn, ColumnRole).toInt() - 1);
    if (line < 0) {
        line = lineOfPointer(m_editor->toPlainText(), item->data(PointerColumn, Qt::UserRole).toString());
        column = 0;
    }
    const QTextBlock block = m_editor->document()->findBlockByNumber(line);
    QTextCursor cursor(block);
    cursor.movePosition(QTextCursor::Right, QTextCursor::MoveAnchor, std::min(column, std::max(0, block.length() - 1)));
    m_editor->setTextCursor(cursor);
    m_editor->centerCursor();
    m_editor->setFocus();
}

} // namespace fhw::gui
