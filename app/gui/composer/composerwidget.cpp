#include "composerwidget.h"

#include "audienceforms.h"
#include "eventbatchform.h"
#include "findingsmodel.h"
#include "formwidgets.h"
#include "jsoneditor.h"
#include "simpleforms.h"

#include "protocol/generator.h"
#include "protocol/jsonlocator.h"

#include <QCheckBox>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyle>
#include <QTabWidget>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <climits>

namespace fhw::gui {

using protocol::Json;
using protocol::MessageType;

namespace {

constexpr int debounceMs = 250;
constexpr int syncGenerateEvents = 1000; // more are generated on a worker
constexpr int noteMs = 6000;

// Runs `work` on the thread pool and `done` with its result on the context's thread.
template<typename T, typename Work, typename Done>
void runAsync(QObject *context, Work work, Done done)
{
    auto *watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context, [watcher, done = std::move(done)]() mutable {
        // Taken, not copied: the watcher must not keep a parsed document alive until it is deleted.
        T result = watcher->future().takeResult();
        watcher->deleteLater();
        done(std::move(result));
    });
    watcher->setFuture(QtConcurrent::run(std::move(work)));
}

QString dumpMessage(const Json &message)
{
    return QString::fromStdString(message.dump(2, ' ', false, Json::error_handler_t::replace));
}

// Frees a parsed message on a worker: a 10 MB document takes tens of milliseconds to free.
void dispose(std::shared_ptr<Json> message)
{
    if (message && message.use_count() == 1)
        [[maybe_unused]] const auto done = QtConcurrent::run([message = std::move(message)]() mutable { message.reset(); });
}

QIcon themed(const char *name, QStyle::StandardPixmap fallback, const QStyle *style)
{
    return QIcon::fromTheme(QString::fromLatin1(name), style->standardIcon(fallback));
}

} // namespace

ComposerWidget::ComposerWidget(QWidget *parent)
    : QWidget(parent)
    , m_tabs(new QTabWidget(this))
    , m_editor(new JsonEditor(this))
    , m_findingsView(new QTreeView(this))
    , m_findings(new FindingsModel(this))
    , m_pages(new QStackedWidget(this))
    , m_noForm(new NoFormPage(this))
    , m_formNote(new QLabel(this))
    , m_status(new QLabel(this))
    , m_note(new QLabel(this))
    , m_seed(new QSpinBox(this))
    , m_eventCount(new QSpinBox(this))
    , m_verification(new QCheckBox(tr("&Verification variant"), this))
    , m_message(std::make_shared<Json>(Json::object()))
{
    setObjectName(QStringLiteral("composer"));

    // The Generate bar.
    m_seed->setObjectName(QStringLiteral("seed"));
    m_seed->setRange(0, INT_MAX);
    m_seed->setValue(1);
    m_eventCount->setObjectName(QStringLiteral("eventCount"));
    m_eventCount->setRange(0, 1'000'000);
    m_eventCount->setValue(16);
    m_eventCount->setToolTip(tr("Events in an event batch (16: every event type once)"));
    m_verification->setObjectName(QStringLiteral("verification"));
    m_verification->setToolTip(tr("What mParticle sends to verify a connection: an event batch with no events, a "
                                  "membership change without user_profiles"));
    auto *generateButton = new QPushButton(tr("&Generate"), this);
    generateButton->setObjectName(QStringLiteral("generateButton"));
    auto *formatButton = new QPushButton(tr("F&ormat"), this);
    formatButton->setObjectName(QStringLiteral("formatButton"));
    formatButton->setToolTip(tr("Pretty-print the JSON (Ctrl+Shift+F)"));
    auto *undoButton = new QToolButton(this);
    undoButton->setObjectName(QStringLiteral("undoButton"));
    undoButton->setIcon(themed("edit-undo", QStyle::SP_ArrowBack, style()));
    undoButton->setToolTip(tr("Undo the last change to the request (Ctrl+Z in the editor)"));
    auto *redoButton = new QToolButton(this);
    redoButton->setObjectName(QStringLiteral("redoButton"));
    redoButton->setIcon(themed("edit-redo", QStyle::SP_ArrowForward, style()));
    redoButton->setToolTip(tr("Redo"));
    auto *seedLabel = new QLabel(tr("S&eed:"), this);
    seedLabel->setBuddy(m_seed);
    auto *eventsLabel = new QLabel(tr("Eve&nts:"), this);
    eventsLabel->setBuddy(m_eventCount);
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(6, 6, 6, 0);
    bar->addWidget(seedLabel);
    bar->addWidget(m_seed);
    bar->addWidget(eventsLabel);
    bar->addWidget(m_eventCount);
    bar->addWidget(m_verification);
    bar->addWidget(generateButton);
    bar->addStretch(1);
    bar->addWidget(undoButton);
    bar->addWidget(redoButton);
    bar->addWidget(formatButton);
    connect(generateButton, &QPushButton::clicked, this, [this] {
        generate(std::uint64_t(m_seed->value()), m_eventCount->value(), m_verification->isChecked());
    });
    connect(formatButton, &QPushButton::clicked, this, &ComposerWidget::formatDocument);
    connect(undoButton, &QToolButton::clicked, m_editor, &JsonEditor::undoChange);
    connect(redoButton, &QToolButton::clicked, m_editor, &JsonEditor::redoChange);
    connect(m_editor, &JsonEditor::undoRedoChanged, this, [this, undoButton, redoButton] {
        undoButton->setEnabled(m_editor->canUndoChange());
        redoButton->setEnabled(m_editor->canRedoChange());
    });

    // The Form tab: a page per message type under a note for when the form cannot be used.
    auto *formTab = new QWidget(this);
    formTab->setObjectName(QStringLiteral("formTab"));
    m_formNote->setObjectName(QStringLiteral("formNote"));
    m_formNote->setWordWrap(true);
    m_formNote->setVisible(false);
    m_pages->setObjectName(QStringLiteral("formPages"));
    auto addPage = [this](FormPage *page, std::initializer_list<MessageType> types) {
        m_pages->addWidget(page);
        for (MessageType type : types)
            m_pageByType.insert(int(type), page);
        connect(page, &FormPage::edited, this, &ComposerWidget::onFormEdited);
        connect(page, &FormPage::note, this, &ComposerWidget::showNote);
        connect(page, &FormPage::showInJson, this, &ComposerWidget::showPointer);
    };
    addPage(new EventBatchForm(m_pages), {MessageType::EventProcessingRequest});
    addPage(new MembershipForm(m_pages), {MessageType::AudienceMembershipChangeRequest});
    addPage(new SubscriptionForm(m_pages), {MessageType::AudienceSubscriptionRequest});
    addPage(new RegistrationForm(m_pages), {MessageType::ModuleRegistrationRequest});
    addPage(new DsrForm(m_pages), {MessageType::DsrProcessingRequest});
    addPage(m_noForm, {});
    auto *formLayout = new QVBoxLayout(formTab);
    formLayout->addWidget(m_formNote);
    formLayout->addWidget(m_pages, 1);

    // The JSON tab: the editor over the findings.
    m_findingsView->setObjectName(QStringLiteral("findings"));
    m_findingsView->setModel(m_findings);
    m_findingsView->setRootIsDecorated(false);
    m_findingsView->setUniformRowHeights(true);
    m_findingsView->setAlternatingRowColors(true);
    m_findingsView->header()->setStretchLastSection(true);
    m_findingsView->setAccessibleName(tr("Validation findings"));
    auto moveToFinding = [this](const QModelIndex &index) {
        if (!index.isValid())
            return;
        m_editor->moveCursorTo(index.data(FindingsModel::LineRole).toInt(), index.data(FindingsModel::ColumnRole).toInt());
    };
    connect(m_findingsView, &QTreeView::activated, this, moveToFinding);
    connect(m_findingsView, &QTreeView::clicked, this, moveToFinding);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("jsonTab"));
    splitter->addWidget(m_editor);
    splitter->addWidget(m_findingsView);
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 1);

    m_tabs->setObjectName(QStringLiteral("composerTabs"));
    m_tabs->addTab(formTab, tr("&Form"));
    m_tabs->addTab(splitter, tr("&JSON"));
    m_tabs->setCurrentWidget(splitter);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this, formTab](int) {
        // Going to the form: do not make it wait for the debounce.
        if (m_tabs->currentWidget() == formTab && m_debounce.isActive())
            startValidation();
    });

    m_status->setObjectName(QStringLiteral("composerStatus"));
    m_note->setObjectName(QStringLiteral("composerNote"));
    m_note->setWordWrap(false);
    auto *statusRow = new QHBoxLayout;
    statusRow->setContentsMargins(6, 0, 6, 4);
    statusRow->addWidget(m_status);
    statusRow->addStretch(1);
    statusRow->addWidget(m_note);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_tabs, 1);
    layout->addLayout(statusRow);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(debounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &ComposerWidget::startValidation);
    m_noteTimer.setSingleShot(true);
    m_noteTimer.setInterval(noteMs);
    connect(&m_noteTimer, &QTimer::timeout, m_note, &QLabel::clear);

    connect(m_editor, &JsonEditor::textEdited, this, &ComposerWidget::onEditorTextChanged);
    connect(m_editor, &JsonEditor::loadStarted, this, &ComposerWidget::onLoadStarted);
    connect(m_editor, &JsonEditor::loadFinished, this, &ComposerWidget::onLoadFinished);
    connect(m_editor, &JsonEditor::loadProgress, this, [this](int) { updateStatus(); });
    connect(m_editor, &JsonEditor::sendRequested, this, &ComposerWidget::sendRequested);
    connect(m_editor, &JsonEditor::formatRequested, this, &ComposerWidget::formatDocument);
    connect(m_editor, &JsonEditor::fileDropped, this, [this](const QString &path, const QString &error) {
        showNote(error.isEmpty() ? tr("Loaded %1").arg(path) : tr("Cannot load %1: %2").arg(path, error));
    });

    for (FormPage *page : std::as_const(m_pageByType))
        page->setMessage(m_message.get());
    m_noForm->setMessage(m_message.get());
    m_pages->setCurrentWidget(pageFor(m_type));
    generate(1, 16, false);
    m_editor->document()->clearUndoRedoStacks(); // Undo does not empty the composer
}

ComposerWidget::~ComposerWidget()
{
    // The editor's document may still signal while the children are torn down.
    disconnect(m_editor, nullptr, this, nullptr);
}

FormPage *ComposerWidget::pageFor(MessageType type) const
{
    return m_pageByType.value(int(type), m_noForm);
}

QString ComposerWidget::text() const
{
    return m_editor->text();
}

int ComposerWidget::errorCount() const
{
    return isValidationPending() ? 0 : m_errors;
}

int ComposerWidget::warningCount() const
{
    return isValidationPending() ? 0 : m_warnings;
}

bool ComposerWidget::isValidationPending() const
{
    return m_validatedGeneration != m_generation || m_editor->isLoading();
}

QList<LocatedFinding> ComposerWidget::findings() const
{
    return m_findings->findings();
}

void ComposerWidget::showForm()
{
    m_tabs->setCurrentIndex(0);
}

void ComposerWidget::showJson()
{
    m_tabs->setCurrentIndex(1);
}

// --- type, text, generation ---------------------------------------------------------------------

void ComposerWidget::setMessageType(MessageType requestType)
{
    if (requestType == m_type)
        return;
    m_type = requestType;
    m_noForm->setTypeName(QString::fromLatin1(protocol::wireName(requestType)));
    m_pages->setCurrentWidget(pageFor(requestType));
    pageFor(requestType)->setMessage(m_message.get());
    const bool sameType = m_message->is_object()
                          && form::textAt(*m_message, form::Pointer("/type")) == QLatin1String(protocol::wireName(requestType));
    if (sameType && !m_editor->isLoading())
        validateNow(); // the expected type changed
    else
        generate(std::uint64_t(m_seed->value()), m_eventCount->value(), m_verification->isChecked());
}

void ComposerWidget::setText(const QString &json)
{
    ++m_generateSerial; // a generation still running on a worker is no longer wanted
    m_formLoadPending = false;
    m_editor->replaceText(json);
    if (!m_editor->isLoading())
        validateNow();
}

void ComposerWidget::generate(std::uint64_t seed, int eventCount, bool verification)
{
    {
        const QSignalBlocker seedBlocker(m_seed);
        const QSignalBlocker countBlocker(m_eventCount);
        m_seed->setValue(int(std::min<std::uint64_t>(seed, INT_MAX)));
        m_eventCount->setValue(eventCount);
        m_verification->setChecked(verification);
    }
    protocol::GeneratorOptions options;
    options.seed = seed;
    options.eventCount = std::max(0, eventCount);
    options.verification = verification;
    const MessageType type = m_type;
    if (type != MessageType::EventProcessingRequest || options.eventCount <= syncGenerateEvents) {
        setText(dumpMessage(protocol::Generator(options).generate(type)));
        return;
    }
    const quint64 serial = ++m_generateSerial;
    showNote(tr("Generating %1 events…").arg(eventCount));
    runAsync<QString>(
        this, [options, type] { return dumpMessage(protocol::Generator(options).generate(type)); },
        [this, serial](QString text) {
            if (serial != m_generateSerial)
                return;
            m_note->clear();
            setText(text);
        });
}

void ComposerWidget::setProfile(protocol::Profile profile)
{
    if (profile == m_profile)
        return;
    m_profile = profile;
    validateNow();
}

void ComposerWidget::showPointer(const QString &pointer)
{
    const QByteArray bytes = text().toUtf8();
    const auto location = protocol::locateJsonPointer(std::string_view(bytes.constData(), std::size_t(bytes.size())),
                                                      pointer.toStdString());
    const std::size_t lineStart = location.offset - (location.column - 1);
    showJson();
    m_editor->moveCursorTo(int(location.line) - 1,
                           int(QString::fromUtf8(bytes.constData() + lineStart, qsizetype(location.column - 1)).size()));
}

void ComposerWidget::formatDocument()
{
    if (m_editor->isLoading())
        return;
    const quint64 generation = m_generation;
    auto done = [this](const FormatOutcome &outcome) {
        if (outcome.generation != m_generation) {
            showNote(tr("Not formatted: the text changed meanwhile."));
            Q_EMIT formatted(false);
            return;
        }
        if (!outcome.error.isEmpty()) {
            showNote(tr("Cannot format: %1").arg(outcome.error));
            Q_EMIT formatted(false);
            return;
        }
        const bool changed = outcome.text != text();
        if (changed)
            setText(outcome.text);
        showNote(changed ? tr("Formatted.") : tr("Already formatted."));
        Q_EMIT formatted(changed);
    };
    const QString current = text();
    if (current.size() <= JsonEditor::largeDocument) {
        done(formatDocumentText(current, generation));
        return;
    }
    showNote(tr("Formatting…"));
    runAsync<FormatOutcome>(this, [current, generation] { return formatDocumentText(current, generation); }, done);
}

// --- validation ---------------------------------------------------------------------------------

void ComposerWidget::onEditorTextChanged()
{
    if (m_editor->isLoading())
        return;
    ++m_generation;
    if (m_applyingForm) {
        m_formGeneration = m_generation;
    } else {
        setFormState(tr("Reading the JSON…"), false);
    }
    updateStatus();
    Q_EMIT textChanged();
    m_debounce.start();
}

void ComposerWidget::onLoadStarted()
{
    ++m_generation;
    if (std::exchange(m_formLoadPending, false))
        m_formGeneration = m_generation;
    else
        setFormState(tr("Reading the JSON…"), false);
    updateStatus();
    validateNow(); // in parallel with the loading: the result waits for it
}

void ComposerWidget::onLoadFinished()
{
    updateStatus();
    Q_EMIT textChanged();
    if (m_held && m_held->generation != m_generation) {
        dispose(std::move(m_held->message));
        m_held.reset();
    }
    if (m_held) {
        ValidationOutcome outcome = std::move(*m_held);
        m_held.reset();
        apply(outcome);
        dispose(std::move(outcome.message));
    }
}

void ComposerWidget::validateNow()
{
    startValidation();
}

void ComposerWidget::startValidation()
{
    m_debounce.stop();
    if (m_validationRunning) {
        m_validationQueued = true; // the running one finishes first (its result is then stale)
        return;
    }
    m_validationRunning = true;
    const quint64 generation = m_generation;
    const QString current = text();
    const protocol::Profile profile = m_profile;
    const MessageType type = m_type;
    updateStatus();
    runAsync<ValidationOutcome>(
        this, [current, profile, type, generation] { return validateDocument(current, profile, type, generation); },
        [this](ValidationOutcome outcome) { onValidated(std::move(outcome)); });
}

void ComposerWidget::onValidated(ValidationOutcome outcome)
{
    m_validationRunning = false;
    if (std::exchange(m_validationQueued, false) && outcome.generation != m_generation) {
        startValidation();
        return;
    }
    if (outcome.generation != m_generation) {
        dispose(std::move(outcome.message));
        return; // stale: the debounce brings the next one
    }
    if (m_editor->isLoading()) {
        if (m_held)
            dispose(std::move(m_held->message));
        m_held = std::move(outcome);
        return;
    }
    apply(outcome);
    dispose(std::move(outcome.message)); // when the form did not take it
}

void ComposerWidget::apply(const ValidationOutcome &outcome)
{
    m_validatedGeneration = outcome.generation;
    m_errors = outcome.errors;
    m_warnings = outcome.warnings;
    m_parseError = outcome.parseError;
    m_findings->setFindings(outcome.findings);
    for (int column = FindingsModel::SeverityColumn; column < FindingsModel::MessageColumn; ++column)
        m_findingsView->resizeColumnToContents(column);
    m_editor->setFindings(outcome.findings);
    if (!outcome.message) {
        setFormState(tr("Fix the JSON to use the form: %1").arg(outcome.parseError), false);
    } else if (!outcome.message->is_object()) {
        setFormState(tr("Fix the JSON to use the form: a Firehose message is a JSON object."), false);
    } else {
        if (outcome.generation != m_formGeneration)
            replaceMessage(outcome.message); // the text was edited: the form follows it
        setFormState(QString(), true);
    }
    updateStatus();
    Q_EMIT validated(m_errors, m_warnings);
}

void ComposerWidget::replaceMessage(std::shared_ptr<Json> message)
{
    std::shared_ptr<Json> old = std::exchange(m_message, std::move(message));
    FormPage *page = pageFor(m_type);
    page->setMessage(m_message.get());
    for (FormPage *other : std::as_const(m_pageByType)) {
        if (other != page)
            other->setMessage(m_message.get());
    }
    m_noForm->setMessage(m_message.get());
    dispose(std::move(old));
}

// --- the form -------------------------------------------------------------------------------------

void ComposerWidget::onFormEdited()
{
    const quint64 startedAt = m_generation;
    if (text().size() <= JsonEditor::largeDocument) {
        writeFormText(dumpMessage(*m_message), startedAt);
        return;
    }
    // A large message is written out on a worker; the form waits, so the message stays as it is.
    setFormState(tr("Writing the JSON…"), false);
    runAsync<QString>(
        this, [message = m_message] { return dumpMessage(*message); },
        [this, startedAt](QString text) { writeFormText(text, startedAt); });
}

void ComposerWidget::writeFormText(const QString &text, quint64 startedAt)
{
    if (startedAt != m_generation) {
        // The JSON was edited meanwhile: it wins, and the form follows it when it parses.
        showNote(tr("The form edit was dropped: the JSON changed meanwhile."));
        return;
    }
    {
        const QScopedValueRollback guard(m_applyingForm, true);
        m_editor->replaceText(text);
    }
    if (m_editor->isLoading()) {
        m_formLoadPending = true;
    } else {
        setFormState(QString(), true);
        startValidation(); // a form edit is one deliberate step: no debounce
    }
}

void ComposerWidget::setFormState(const QString &note, bool enabled)
{
    m_formNote->setText(note);
    m_formNote->setVisible(!note.isEmpty());
    m_pages->setEnabled(enabled);
}

// --- status -----------------------------------------------------------------------------------

void ComposerWidget::updateStatus()
{
    QStringList parts;
    if (m_editor->isLoading()) {
        parts << tr("Loading the document…");
    } else if (isValidationPending()) {
        parts << tr("Validating…");
    } else if (!m_parseError.isEmpty()) {
        parts << tr("Not valid JSON: %1").arg(m_parseError);
    } else {
        const QString errors = m_errors == 1 ? tr("1 error") : tr("%1 errors").arg(m_errors);
        const QString warnings = m_warnings == 1 ? tr("1 warning") : tr("%1 warnings").arg(m_warnings);
        parts << tr("%1, %2 (%3 profile)").arg(errors, warnings, QString::fromLatin1(protocol::profileName(m_profile)));
    }
    if (m_editor->highlightsLazily() || m_editor->isLoading())
        parts << tr("large document: highlighted as it scrolls into view");
    if (m_editor->wasReindented())
        parts << tr("re-indented: its lines were too long to edit");
    m_status->setText(parts.join(QStringLiteral(" · ")));
}

void ComposerWidget::showNote(const QString &note)
{
    m_note->setText(note);
    m_noteTimer.start();
}

void ComposerWidget::keyPressEvent(QKeyEvent *event)
{
    // Ctrl+Enter in a form field (line edits pass Return on to their parents).
    if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) && (event->modifiers() & Qt::ControlModifier)) {
        Q_EMIT sendRequested();
        event->accept();
        return;
    }
    QWidget::keyPressEvent(event);
}

} // namespace fhw::gui
