#include "responseinspector.h"

#include "jsontreemodel.h"
#include "timingwaterfall.h"

#include "transport/curlcommand.h"

#include <QAction>
#include <QClipboard>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QStackedWidget>
#include <QTextBlock>
#include <QTextDocument>
#include <QThread>
#include <QStyle>
#include <QPlainTextDocumentLayout>
#include <QTabWidget>
#include <QTableWidget>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace fhw::gui {

using namespace fhw::gui::inspector;
using transport::Attempt;

namespace {

enum Page { EmptyPage, PendingPage, ResultPage };
enum FindingColumn { SeverityColumn, PointerColumn, CodeColumn, MessageColumn };
enum AttemptColumn { NumberColumn, BackOffColumn, StatusColumn, ErrorColumn, TotalColumn };

QString fromStd(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

QPlainTextEdit *makeTextView(const QString &name, QWidget *parent)
{
    auto *view = new QPlainTextEdit(parent);
    view->setObjectName(name);
    view->setReadOnly(true);
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return view;
}

QTreeWidget *makeList(const QString &name, const QStringList &columns, QWidget *parent)
{
    auto *list = new QTreeWidget(parent);
    list->setObjectName(name);
    list->setRootIsDecorated(false);
    list->setUniformRowHeights(true);
    list->setHeaderLabels(columns);
    list->header()->setStretchLastSection(true);
    return list;
}

// A plain-text document as QPlainTextEdit wants it. Usable on any thread: a worker makes the
// document of a big body, then hands it to `target` (the GUI thread).
std::shared_ptr<QTextDocument> plainDocument(const QString &text, const QFont &font, QThread *target)
{
    // Deleted on its own thread, wherever the last reference goes (a stale result may be dropped by
    // the worker that made it).
    std::shared_ptr<QTextDocument> document(new QTextDocument, [](QTextDocument *doc) {
        if (doc->thread() == QThread::currentThread())
            delete doc;
        else
            doc->deleteLater();
    });
    document->setDefaultFont(font);
    document->setUndoRedoEnabled(false);
    document->setPlainText(text); // before the layout exists, so nothing is laid out here
    // The layout's first pass makes a QTextLayout per block; done here, the editor's pass when it
    // takes the document only clears them (a third of the time for 100,000 lines).
    document->setDocumentLayout(new QPlainTextDocumentLayout(document.get()));
    for (QTextBlock block = document->firstBlock(); block.isValid(); block = block.next())
        block.layout();
    if (document->thread() != target)
        document->moveToThread(target);
    return document;
}

const Attempt &noAttempt()
{
    static const Attempt none{};
    return none;
}

} // namespace

ResponseInspector::ResponseInspector(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("responseInspector"));

    m_copyCurl = new QAction(QIcon::fromTheme(QStringLiteral("edit-copy"), style()->standardIcon(QStyle::SP_FileIcon)),
                             tr("Copy as &curl"), this);
    m_copyCurl->setObjectName(QStringLiteral("copyAsCurl"));
    m_copyCurl->setToolTip(tr("Copy the request as a curl command (token redacted)"));
    m_copyCurl->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_copyCurl->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_copyCurl, &QAction::triggered, this, [this] { copyAsCurl(false); });
    m_copyCurlRevealed = new QAction(tr("Copy as curl (&reveal token)"), this);
    m_copyCurlRevealed->setObjectName(QStringLiteral("copyAsCurlRevealed"));
    m_copyCurlRevealed->setToolTip(tr("Copy the request as a curl command with the real token"));
    connect(m_copyCurlRevealed, &QAction::triggered, this, [this] { copyAsCurl(true); });
    addAction(m_copyCurl);
    addAction(m_copyCurlRevealed);

    m_stack = new QStackedWidget(this);
    m_stack->setObjectName(QStringLiteral("inspectorStack"));

    m_emptyHint = new QLabel(tr("Press Ctrl+Enter to send"), m_stack);
    m_emptyHint->setObjectName(QStringLiteral("emptyHint"));
    m_emptyHint->setAlignment(Qt::AlignCenter);
    m_emptyHint->setEnabled(false); // drawn in the palette's quieter colour
    m_stack->insertWidget(EmptyPage, m_emptyHint);

    auto *pending = new QWidget(m_stack);
    pending->setObjectName(QStringLiteral("pendingPage"));
    m_pendingLabel = new QLabel(pending);
    m_pendingLabel->setObjectName(QStringLiteral("pendingLabel"));
    m_pendingLabel->setAlignment(Qt::AlignCenter);
    m_pendingLabel->setWordWrap(true);
    m_busy = new QProgressBar(pending);
    m_busy->setObjectName(QStringLiteral("busyIndicator"));
    m_busy->setRange(0, 0); // indeterminate
    m_busy->setTextVisible(false);
    m_busy->setFixedWidth(240);
    m_busy->setAccessibleName(tr("Sending"));
    auto *pendingLayout = new QVBoxLayout(pending);
    pendingLayout->addStretch(1);
    pendingLayout->addWidget(m_pendingLabel);
    pendingLayout->addWidget(m_busy, 0, Qt::AlignHCenter);
    pendingLayout->addStretch(1);
    m_stack->insertWidget(PendingPage, pending);

    auto *result = new QWidget(m_stack);
    result->setObjectName(QStringLiteral("resultPage"));
    auto *resultLayout = new QVBoxLayout(result);
    resultLayout->setContentsMargins(0, 0, 0, 0);
    resultLayout->addWidget(makeHeader());
    resultLayout->addWidget(makeTabs(), 1);
    m_stack->insertWidget(ResultPage, result);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);

    connect(&m_formatter, &QFutureWatcher<PreparedBody>::finished, this,
            [this] { applyBody(m_formatter.result(), m_formatGeneration); });
    clear();
}

ResponseInspector::~ResponseInspector()
{
    // m_bodyDocument goes before the editor showing it: give the editor a document of its own first.
    m_body->setDocument(nullptr);
}

QWidget *ResponseInspector::makeHeader()
{
    auto *header = new QWidget(this);
    header->setObjectName(QStringLiteral("inspectorHeader"));

    m_status = new QLabel(header);
    m_status->setObjectName(QStringLiteral("statusLabel"));
    QFont big = m_status->font();
    big.setPointSizeF(big.pointSizeF() * 1.8);
    big.setBold(true);
    m_status->setFont(big);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_verdict = new QLabel(header);
    m_verdict->setObjectName(QStringLiteral("verdictLabel"));
    m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary = new QLabel(header);
    m_summary->setObjectName(QStringLiteral("summaryLabel"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_lambda = new QLabel(header);
    m_lambda->setObjectName(QStringLiteral("lambdaLabel"));
    m_lambda->setWordWrap(true);
    m_lambda->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_lambda->setToolTip(tr("From the invocation's log tail (X-Amz-Log-Result): its REPORT line, and "
                            "X-Amz-Function-Error, which mParticle counts as a failure and retries"));
    m_lambda->hide();
    m_time = new QLabel(header);
    m_time->setObjectName(QStringLiteral("timeLabel"));
    m_time->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_copyButton = new QToolButton(header);
    m_copyButton->setObjectName(QStringLiteral("copyAsCurlButton"));
    m_copyButton->setDefaultAction(m_copyCurl);
    m_copyButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_copyButton->setPopupMode(QToolButton::MenuButtonPopup);
    auto *menu = new QMenu(m_copyButton);
    menu->setObjectName(QStringLiteral("copyAsCurlMenu"));
    menu->addAction(m_copyCurl);
    menu->addAction(m_copyCurlRevealed);
    m_copyButton->setMenu(menu);

    auto *texts = new QVBoxLayout;
    texts->setSpacing(2);
    texts->addWidget(m_verdict);
    texts->addWidget(m_summary);
    texts->addWidget(m_lambda);
    auto *right = new QVBoxLayout;
    right->setSpacing(2);
    right->addWidget(m_time, 0, Qt::AlignRight);
    right->addWidget(m_copyButton, 0, Qt::AlignRight);

    auto *layout = new QHBoxLayout(header);
    layout->addWidget(m_status, 0, Qt::AlignVCenter);
    layout->addSpacing(12);
    layout->addLayout(texts, 1);
    layout->addLayout(right);
    return header;
}

QWidget *ResponseInspector::makeTabs()
{
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("inspectorTabs"));
    m_tabs->setDocumentMode(true);
    // No mnemonics on the tabs (they would clash with the window's menus): Ctrl+Tab and
    // Ctrl+PageDown/PageUp move between them.

    auto *bodyPage = new QWidget(m_tabs);
    m_bodyNote = new QLabel(bodyPage);
    m_bodyNote->setObjectName(QStringLiteral("bodyNote"));
    m_bodyNote->setWordWrap(true);
    m_body = makeTextView(QStringLiteral("bodyText"), bodyPage);
    auto *bodyLayout = new QVBoxLayout(bodyPage);
    bodyLayout->setContentsMargins(0, 0, 0, 0);
    bodyLayout->addWidget(m_bodyNote);
    bodyLayout->addWidget(m_body, 1);
    m_tabs->addTab(bodyPage, tr("Body"));

    m_tree = new QTreeView(m_tabs);
    m_tree->setObjectName(QStringLiteral("jsonTree"));
    m_treeModel = new JsonTreeModel(m_tree);
    m_treeModel->setObjectName(QStringLiteral("jsonTreeModel"));
    m_tree->setModel(m_treeModel);
    m_tree->setUniformRowHeights(true); // lets the view skip measuring rows of big documents
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->resizeSection(JsonTreeModel::KeyColumn, 240);
    m_tree->header()->setSectionResizeMode(JsonTreeModel::ValueColumn, QHeaderView::Stretch);
    m_tabs->addTab(m_tree, tr("Tree"));

    m_headers = new QTableWidget(0, 2, m_tabs);
    m_headers->setObjectName(QStringLiteral("headersTable"));
    m_headers->setHorizontalHeaderLabels({tr("Name"), tr("Value")});
    m_headers->horizontalHeader()->setStretchLastSection(true);
    m_headers->verticalHeader()->hide();
    m_headers->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_headers->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_headers->setWordWrap(false);
    m_tabs->addTab(m_headers, tr("Headers"));

    auto *findingsPage = new QWidget(m_tabs);
    m_findingsNote = new QLabel(findingsPage);
    m_findingsNote->setObjectName(QStringLiteral("findingsNote"));
    m_findingsNote->setWordWrap(true);
    m_findings = makeList(QStringLiteral("findingsList"), {tr("Severity"), tr("Where"), tr("Code"), tr("Finding")},
                          findingsPage);
    m_findings->setToolTip(tr("Activate a finding to show its place in the Tree tab"));
    connect(m_findings, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) { showFindingInTree(item); });
    auto *findingsLayout = new QVBoxLayout(findingsPage);
    findingsLayout->setContentsMargins(0, 0, 0, 0);
    findingsLayout->addWidget(m_findingsNote);
    findingsLayout->addWidget(m_findings, 1);
    m_tabs->addTab(findingsPage, tr("Findings"));

    auto *timingPage = new QWidget(m_tabs);
    m_waterfall = new TimingWaterfall(timingPage);
    m_tls = new QLabel(timingPage);
    m_tls->setObjectName(QStringLiteral("tlsLabel"));
    m_tls->setWordWrap(true);
    m_tls->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *timingLayout = new QVBoxLayout(timingPage);
    timingLayout->addWidget(m_waterfall);
    timingLayout->addWidget(m_tls);
    timingLayout->addStretch(1);
    m_tabs->addTab(timingPage, tr("Timing"));

    m_attempts = makeList(QStringLiteral("attemptsTable"),
                          {tr("#"), tr("Back-off"), tr("Status"), tr("Error"), tr("Total")}, m_tabs);
    m_attempts->setToolTip(tr("Select an attempt to see its body, headers, timings and exchange"));
    connect(m_attempts, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (item)
            showAttempt(m_attempts->indexOfTopLevelItem(item));
    });
    m_tabs->addTab(m_attempts, tr("Attempts"));

    m_raw = makeTextView(QStringLiteral("rawText"), m_tabs);
    m_raw->setLineWrapMode(QPlainTextEdit::WidgetWidth); // bodies on the wire are often one long line
    m_raw->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_tabs->addTab(m_raw, tr("Raw"));
    return m_tabs;
}

void ResponseInspector::clear()
{
    ++m_generation;
    m_formatting = false;
    m_result.reset();
    m_request.reset();
    m_hasResponse = false;
    m_shownAttempt = -1;
    m_pendingPointer.clear();
    m_copyCurl->setEnabled(false);
    m_copyCurlRevealed->setEnabled(false);
    showBodyDocument(plainDocument({}, m_body->font(), thread()));
    m_bodyNote->hide();
    m_treeModel->setDocument(nullptr);
    m_headers->setRowCount(0);
    m_findings->clear();
    m_attempts->clear();
    m_waterfall->clear();
    m_tls->hide();
    m_lambda->hide();
    m_raw->clear();
    m_stack->setCurrentIndex(EmptyPage);
}

void ResponseInspector::showPending(const QString &url)
{
    clear();
    m_pendingLabel->setText(tr("Sending to %1…").arg(url));
    m_stack->setCurrentIndex(PendingPage);
}

void ResponseInspector::showResult(const transport::SendResult &result, const transport::SendRequest &request)
{
    clear();
    // A copy without the parsed response (a deep copy of a big document would stall; the Tree tab
    // parses the body it shows anyway).
    auto copy = std::make_shared<transport::SendResult>();
    copy->url = result.url;
    copy->requestType = result.requestType;
    copy->attempts = result.attempts;
    copy->verdict = result.verdict;
    copy->summary = result.summary;
    copy->findings = result.findings;
    m_result = std::move(copy);
    m_hasResponse = result.response.has_value();
    m_request = request;
    bool hasToken = false;
    for (const auto &header : transport::requestHeaders(request, false))
        hasToken = hasToken || header.first == "Authorization";
    m_copyCurl->setEnabled(true);
    m_copyCurlRevealed->setEnabled(hasToken);
    updateHeader();
    updateFindings();
    updateAttempts(); // selects the last attempt, which fills the other tabs
    if (m_result->attempts.empty())
        m_raw->setPlainText(rawExchange(request, noAttempt(), rawBodyLimit));
    m_stack->setCurrentIndex(ResultPage);
}

void ResponseInspector::updateHeader()
{
    const Attempt *last = m_result->last();
    m_status->setText(statusText(last ? last->status : 0));
    updateStatusColour();
    m_verdict->setText(tr("%1 · %2").arg(fromStd(transport::verdictName(m_result->verdict)),
                                         m_result->accepted() ? tr("accepted") : tr("not accepted")));
    m_summary->setText(fromStd(m_result->summary));
    if (!last) {
        m_time->setText(tr("not sent"));
        return;
    }
    const double totalMs = double(last->timings.totalUs) / 1000.0;
    const QString budget = totalMs <= budgetMs ? tr("within the %1 budget").arg(formatWholeMs(std::int64_t(budgetMs)))
                                               : tr("over the %1 budget").arg(formatWholeMs(std::int64_t(budgetMs)));
    QString text = tr("%1 · %2").arg(formatMs(totalMs), budget);
    if (m_result->attempts.size() > 1)
        text = tr("%1 (attempt %2 of %2)").arg(text).arg(m_result->attempts.size());
    m_time->setText(text);
}

void ResponseInspector::updateStatusColour()
{
    const Attempt *last = m_result ? m_result->last() : nullptr;
    QPalette palette = m_status->palette();
    palette.setColor(QPalette::WindowText, statusColour(last ? last->status : 0, this->palette()));
    m_status->setPalette(palette);
}

void ResponseInspector::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange && m_result)
        updateStatusColour();
    QWidget::changeEvent(event);
}

void ResponseInspector::updateFindings()
{
    const QString responseType = fromStd(protocol::wireName(protocol::responseTypeFor(m_result->requestType)));
    for (const protocol::Finding &finding : m_result->findings) {
        const QString pointer = fromStd(finding.pointer);
        auto *item = new QTreeWidgetItem(m_findings);
        item->setText(SeverityColumn, fromStd(protocol::severityName(finding.severity)));
        item->setText(PointerColumn, pointer.isEmpty() ? tr("(response)") : pointer);
        item->setData(PointerColumn, Qt::UserRole, pointer);
        item->setText(CodeColumn, fromStd(finding.code));
        item->setText(MessageColumn, fromStd(finding.message));
        item->setToolTip(MessageColumn, item->text(MessageColumn));
    }
    for (int column = SeverityColumn; column < MessageColumn; ++column)
        m_findings->resizeColumnToContents(column);
    const int count = m_findings->topLevelItemCount();
    if (count > 0)
        m_findingsNote->setText(tr("The last attempt's response, checked as %1:").arg(responseType));
    else if (m_hasResponse)
        m_findingsNote->setText(tr("The response is valid as %1.").arg(responseType));
    else
        m_findingsNote->setText(tr("Only a 200 or 202 response is validated (as %1).").arg(responseType));
    m_tabs->setTabText(m_tabs->indexOf(m_findings->parentWidget()),
                       count > 0 ? tr("Findings (%1)").arg(count) : tr("Findings"));
}

void ResponseInspector::updateAttempts()
{
    for (const Attempt &attempt : m_result->attempts) {
        auto *item = new QTreeWidgetItem(m_attempts);
        item->setText(NumberColumn, QString::number(attempt.number));
        item->setText(BackOffColumn, attempt.delayBefore.count() > 0 ? formatWholeMs(attempt.delayBefore.count())
                                                                      : QStringLiteral("—"));
        item->setText(StatusColumn, statusText(attempt.status));
        if (attempt.error != transport::AttemptError::None) {
            const QString error = fromStd(transport::attemptErrorName(attempt.error));
            item->setText(ErrorColumn, attempt.errorText.empty() ? error
                                                                 : tr("%1: %2").arg(error, fromStd(attempt.errorText)));
            item->setToolTip(ErrorColumn, item->text(ErrorColumn));
        }
        item->setText(TotalColumn, formatUs(attempt.timings.totalUs));
        item->setTextAlignment(NumberColumn, Qt::AlignRight | Qt::AlignVCenter);
        item->setTextAlignment(BackOffColumn, Qt::AlignRight | Qt::AlignVCenter);
    }
    for (int column = NumberColumn; column < TotalColumn; ++column)
        m_attempts->resizeColumnToContents(column);
    const int count = m_attempts->topLevelItemCount();
    m_tabs->setTabText(m_tabs->indexOf(m_attempts), count > 1 ? tr("Attempts (%1)").arg(count) : tr("Attempts"));
    if (count > 0)
        m_attempts->setCurrentItem(m_attempts->topLevelItem(count - 1)); // → showAttempt(count - 1)
}

void ResponseInspector::showAttempt(int index)
{
    if (!m_result || index < 0 || std::size_t(index) >= m_result->attempts.size())
        return;
    if (m_attempts->currentItem() != m_attempts->topLevelItem(index)) {
        m_attempts->setCurrentItem(m_attempts->topLevelItem(index)); // comes back here
        return;
    }
    ++m_generation;
    m_shownAttempt = index;
    const Attempt &attempt = m_result->attempts[std::size_t(index)];

    m_headers->setRowCount(int(attempt.headers.size()));
    for (int row = 0; row < int(attempt.headers.size()); ++row) {
        const auto &[name, value] = attempt.headers[std::size_t(row)];
        m_headers->setItem(row, 0, new QTableWidgetItem(fromStd(name)));
        auto *valueItem = new QTableWidgetItem(fromStd(value));
        valueItem->setToolTip(valueItem->text());
        m_headers->setItem(row, 1, valueItem);
    }
    m_headers->resizeColumnToContents(0);

    const bool https = QString::fromStdString(m_result->url).startsWith(QStringLiteral("https:"), Qt::CaseInsensitive)
                       || attempt.tls.has_value();
    m_waterfall->setTimings(attempt.timings, https);
    m_tls->setVisible(attempt.tls.has_value());
    if (attempt.tls)
        m_tls->setText(tr("TLS: %1").arg(tlsSummary(*attempt.tls)));
    m_lambda->setVisible(attempt.lambda.has_value());
    if (attempt.lambda)
        m_lambda->setText(tr("Lambda: %1").arg(lambdaSummary(*attempt.lambda)));

    m_raw->setPlainText(rawExchange(*m_request, attempt, rawBodyLimit));

    if (attempt.body.size() > offThreadFormatBytes) {
        m_formatting = true;
        showBodyDocument(plainDocument(tr("Formatting %1…").arg(formatBytes(attempt.body.size())), m_body->font(), thread()));
        m_bodyNote->hide();
        m_treeModel->setDocument(nullptr);
        m_formatGeneration = m_generation;
        auto result = m_result; // the worker reads the body through its own reference
        m_formatter.setFuture(QtConcurrent::run([result, index, font = m_body->font(), gui = thread()] {
            PreparedBody prepared{formatBody(result->attempts[std::size_t(index)].body), nullptr};
            prepared.document = plainDocument(prepared.body.text, font, gui);
            prepared.body.text.clear(); // the document holds it
            return prepared;
        }));
    } else {
        applyBody(PreparedBody{formatBody(attempt.body), nullptr}, m_generation);
    }
}

void ResponseInspector::showBodyDocument(std::shared_ptr<QTextDocument> document)
{
    if (!qobject_cast<QPlainTextDocumentLayout *>(document->documentLayout()))
        document->setDocumentLayout(new QPlainTextDocumentLayout(document.get()));
    m_body->setDocument(document.get());
    m_bodyDocument = std::move(document); // the one shown before goes now, no longer in use
}

void ResponseInspector::applyBody(const PreparedBody &prepared, quint64 generation)
{
    if (generation != m_generation || !m_result)
        return; // formatted for something no longer shown
    m_formatting = false;
    const FormattedBody &body = prepared.body;
    const Attempt &attempt = m_result->attempts[std::size_t(m_shownAttempt)];
    showBodyDocument(prepared.document ? prepared.document : plainDocument(body.text, m_body->font(), thread()));
    m_treeModel->setDocument(body.json);
    QString note = body.note;
    if (attempt.bodyTruncated)
        note += (note.isEmpty() ? QString() : QStringLiteral(" "))
                + tr("Only the first %1 were read (the response limit).").arg(formatBytes(attempt.body.size()));
    m_bodyNote->setText(note);
    m_bodyNote->setVisible(!note.isEmpty());
    if (!m_pendingPointer.isEmpty())
        selectPointer(std::exchange(m_pendingPointer, QString()));
    Q_EMIT bodyShown();
}

void ResponseInspector::showFindingInTree(QTreeWidgetItem *item)
{
    if (!item || !m_result || m_result->attempts.empty())
        return;
    const QString pointer = item->data(PointerColumn, Qt::UserRole).toString();
    m_tabs->setCurrentWidget(m_tree);
    const int last = int(m_result->attempts.size()) - 1; // findings are about the last attempt's body
    if (m_shownAttempt != last)
        showAttempt(last);
    if (m_formatting)
        m_pendingPointer = pointer.isEmpty() ? QStringLiteral("/") : pointer;
    else
        selectPointer(pointer);
}

void ResponseInspector::selectPointer(const QString &pointer)
{
    const QModelIndex index = m_treeModel->indexForPointer(pointer == QStringLiteral("/") ? QString() : pointer);
    if (!index.isValid())
        return;
    m_tree->setCurrentIndex(index);
    m_tree->scrollTo(index); // expands its ancestors
    m_tree->setFocus();
}

void ResponseInspector::copyAsCurl(bool revealToken)
{
    if (!m_request)
        return;
    QGuiApplication::clipboard()->setText(QString::fromStdString(transport::curlCommand(*m_request, revealToken)));
    Q_EMIT copyAsCurlRequested(revealToken);
}

} // namespace fhw::gui
