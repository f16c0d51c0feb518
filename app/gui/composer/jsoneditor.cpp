// JsonEditor, the text side: replacing the text (in place, or loading a large one in slices),
// undo and redo across replaced documents, highlighting. The view side is in jsoneditorview.cpp.

#include "jsoneditor.h"
#include "jsoneditor_p.h"

#include "jsonhighlighter.h"
#include "jsontext.h"

#include <QElapsedTimer>
#include <QFontDatabase>
#include <QFutureWatcher>
#include <QPlainTextDocumentLayout>
#include <QScopedValueRollback>
#include <QStyle>
#include <QTextBlock>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace fhw::gui {

namespace {

constexpr qsizetype loadChunk = 64 * 1024; // characters per insertion while loading (about 10 ms)
constexpr int sliceMs = 16;                // GUI time per loading slice
constexpr int keptDocuments = 4;           // replaced documents kept for Undo

struct Prepared
{
    QString text;
    bool reindented = false;
};

// Line ends as the editor stores them; a minified document re-indented, as its lines could not be edited.
Prepared prepare(const QString &text)
{
    Prepared prepared{jsontext::normalizeLineEnds(text), false};
    if (jsontext::longestLine(prepared.text) > JsonHighlighter::maxLineLength) {
        prepared.text = jsontext::reindent(prepared.text);
        prepared.reindented = true;
    }
    return prepared;
}

} // namespace

struct JsonEditor::Load
{
    QString text;                     // the whole text being loaded
    QTextDocument *document = nullptr; // being filled; null while the text is prepared
    QTextCursor cursor;
    qsizetype position = 0;
    bool wasReadOnly = false;
    QList<QTextDocument *> *keepCurrentIn = nullptr; // undo/redo: where the replaced document goes
};

JsonEditor::JsonEditor(QWidget *parent)
    : QPlainTextEdit(parent)
    , m_gutter(detail::createGutter(this))
    , m_highlighter(new JsonHighlighter(this))
    , m_theme(std::make_unique<JsonTheme>())
{
    setObjectName(QStringLiteral("jsonEditor"));
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setAcceptDrops(true);
    setAccessibleName(tr("JSON request body"));

    connect(this, &QPlainTextEdit::blockCountChanged, this, &JsonEditor::updateGutterWidth);
    connect(this, &QPlainTextEdit::updateRequest, this, &JsonEditor::updateGutter);
    connect(this, &QPlainTextEdit::cursorPositionChanged, m_gutter, qOverload<>(&QWidget::update));
    connect(this, &QPlainTextEdit::textChanged, this, [this] {
        if (m_load || m_editingInternally)
            return;
        m_textValid = false;
        if (!m_inUndoRedo)
            dropDocuments(m_redoDocuments); // an edit ends the chain of replaced documents to redo
        Q_EMIT textEdited();
    });
    // Our own document from the start: the text control deletes a document it owns when another is
    // set, and replaced documents must outlive that to be undone.
    QTextDocument *initial = newDocument();
    initial->setUndoRedoEnabled(true);
    setDocument(initial);

    applyTheme();
    attachHighlighting();
    updateGutterWidth();
}

JsonEditor::~JsonEditor()
{
    m_editingInternally = true;
    m_load.reset();
    m_highlighter->setDocument(nullptr);
}

bool JsonEditor::isLoading() const
{
    return m_load != nullptr;
}

QString JsonEditor::text() const
{
    if (m_load)
        return m_load->text;
    if (!m_textValid) {
        // toRawText, not toPlainText: that one turns non-breaking spaces into spaces, changing strings.
        m_text = document()->toRawText();
        m_text.replace(QChar::ParagraphSeparator, u'\n');
        m_textValid = true;
    }
    return m_text;
}

// --- replacing the text -----------------------------------------------------------------------

QTextDocument *JsonEditor::newDocument()
{
    auto *doc = new QTextDocument(this);
    doc->setDocumentLayout(new QPlainTextDocumentLayout(doc));
    doc->setDefaultFont(font());
    doc->setDefaultTextOption(document()->defaultTextOption());
    doc->setUndoRedoEnabled(false);
    connect(doc, &QTextDocument::contentsChange, this, &JsonEditor::onContentsChange);
    connect(doc, &QTextDocument::undoAvailable, this, &JsonEditor::undoRedoChanged);
    connect(doc, &QTextDocument::redoAvailable, this, &JsonEditor::undoRedoChanged);
    return doc;
}

void JsonEditor::replaceText(const QString &input)
{
    const bool partial = m_load && m_load->document; // the document on screen is half loaded
    abortLoad();
    if (input.size() > largeDocument) {
        const bool currentLarge = !partial && document()->characterCount() > largeDocument;
        if (currentLarge) {
            // A small change to a large document (a form edit) is made in place; the rest loads anew.
            const QString normalized = jsontext::normalizeLineEnds(input);
            jsontext::Replacement change = jsontext::minimalReplacement(text(), normalized);
            if (change.removed + change.inserted.size() <= largeDocument) {
                applyInPlace(change, normalized);
                return;
            }
        }
        startLoad(input);
        return;
    }

    const QString normalized = jsontext::normalizeLineEnds(input);
    m_reindented = false;
    if (partial || document()->characterCount() > largeDocument) {
        // From a large document to a small one: a new document, so Undo swaps the large one back.
        QTextDocument *doc = newDocument();
        QTextCursor(doc).insertText(normalized);
        doc->setUndoRedoEnabled(true);
        pushUndoDocument(document());
        swapTo(doc); // emits textEdited
        m_text = normalized;
        m_textValid = true;
        return;
    }
    applyInPlace(jsontext::minimalReplacement(text(), normalized), normalized);
}

void JsonEditor::applyInPlace(const jsontext::Replacement &change, const QString &result)
{
    if (change.isNoop())
        return;
    m_textValid = false; // whoever reads the text while textChanged is delivered gets the new one
    QTextCursor cursor(document());
    cursor.beginEditBlock();
    cursor.setPosition(int(change.start));
    cursor.setPosition(int(change.start + change.removed), QTextCursor::KeepAnchor);
    cursor.insertText(change.inserted);
    cursor.endEditBlock();
    m_text = result;
    m_textValid = true;
}

void JsonEditor::startLoad(const QString &text)
{
    const quint64 serial = ++m_loadSerial;
    m_load = std::make_unique<Load>();
    m_load->text = text;
    m_load->wasReadOnly = isReadOnly();
    setReadOnly(true); // typing now would be lost under the text being loaded
    auto *watcher = new QFutureWatcher<Prepared>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, serial] {
        watcher->deleteLater();
        if (m_load && serial == m_loadSerial) {
            Prepared prepared = watcher->result();
            beginSlices(std::move(prepared.text), prepared.reindented);
        }
    });
    watcher->setFuture(QtConcurrent::run(prepare, text));
}

void JsonEditor::beginSlices(QString text, bool reindented)
{
    QTextDocument *doc = newDocument();
    m_load->text = std::move(text);
    m_load->document = doc;
    m_load->cursor = QTextCursor(doc);
    m_reindented = reindented;
    setReadOnly(true);
    if (m_load->keepCurrentIn && document() != m_partial)
        m_load->keepCurrentIn->append(document());
    else
        pushUndoDocument(document());
    swapTo(doc); // highlighted as it comes into view, from the first slice on
    Q_EMIT loadStarted(m_load->text);
    QTimer::singleShot(0, this, &JsonEditor::loadSlice);
}

void JsonEditor::loadSlice()
{
    if (!m_load || !m_load->document)
        return;
    QElapsedTimer timer;
    timer.start();
    const QString &text = m_load->text;
    const qsizetype total = text.size();
    while (m_load->position < total && timer.elapsed() < sliceMs) {
        qsizetype end = std::min(total, m_load->position + loadChunk);
        if (end < total) {
            const qsizetype newline = text.indexOf(u'\n', end);
            end = newline < 0 ? total : newline + 1;
        }
        m_load->cursor.insertText(text.mid(m_load->position, end - m_load->position));
        m_load->position = end;
    }
    Q_EMIT loadProgress(total ? int(100 * m_load->position / total) : 100);
    if (m_load->position < total)
        QTimer::singleShot(0, this, &JsonEditor::loadSlice);
    else
        finishLoad();
}

void JsonEditor::finishLoad()
{
    QTextDocument *doc = m_load->document;
    doc->setUndoRedoEnabled(true);
    setReadOnly(m_load->wasReadOnly);
    m_text = std::move(m_load->text);
    m_textValid = true;
    m_load.reset();
    {
        QScopedValueRollback guard(m_editingInternally, true);
        setTextCursor(QTextCursor(doc));
    }
    attachHighlighting();
    updateGutterWidth();
    Q_EMIT undoRedoChanged();
    Q_EMIT loadFinished();
}

void JsonEditor::abortLoad()
{
    if (!m_load)
        return;
    ++m_loadSerial;
    setReadOnly(m_load->wasReadOnly);
    if (m_load->document) {
        // The half-filled document stays on screen until the next swap, which discards it.
        m_load->cursor = QTextCursor();
        m_partial = m_load->document;
    }
    m_load.reset();
}

void JsonEditor::pushUndoDocument(QTextDocument *doc)
{
    if (doc == m_partial) {
        m_partial = nullptr;
        doc->deleteLater();
        return;
    }
    m_undoDocuments.append(doc);
    while (m_undoDocuments.size() > keptDocuments)
        m_undoDocuments.takeFirst()->deleteLater();
    dropDocuments(m_redoDocuments);
}

void JsonEditor::dropDocuments(QList<QTextDocument *> &documents)
{
    for (QTextDocument *doc : std::as_const(documents)) {
        if (doc != document())
            doc->deleteLater();
    }
    documents.clear();
}

void JsonEditor::swapTo(QTextDocument *doc)
{
    QScopedValueRollback guard(m_editingInternally, true);
    if (m_highlighter->document())
        m_highlighter->setDocument(nullptr); // only ever attached to small documents: cheap
    setExtraSelections({});
    m_markers.clear();
    if (doc->defaultFont() != font())
        doc->setDefaultFont(font());
    m_textValid = false;
    setDocument(doc);
    attachHighlighting();
    updateGutterWidth();
    m_gutter->update();
    Q_EMIT undoRedoChanged();
    if (!m_load)
        Q_EMIT textEdited();
}

// --- undo and redo --------------------------------------------------------------------------

bool JsonEditor::canUndoChange() const
{
    return m_load || document()->isUndoAvailable() || !m_undoDocuments.isEmpty();
}

bool JsonEditor::canRedoChange() const
{
    return !m_load && (document()->isRedoAvailable() || !m_redoDocuments.isEmpty());
}

void JsonEditor::undoChange()
{
    if (m_load) {
        abortLoad();
        if (document() != m_partial)
            return; // it had not begun to show: dropping it is the undo
    }
    if (document() == m_partial) {
        // A half-loaded document goes; the one it replaced comes back.
        QTextDocument *discarded = document();
        m_partial = nullptr;
        QTextDocument *previous = nullptr;
        if (m_undoDocuments.isEmpty()) {
            previous = newDocument();
            previous->setUndoRedoEnabled(true);
        } else {
            previous = m_undoDocuments.takeLast();
        }
        swapTo(previous); // emits textEdited
        discarded->deleteLater();
        return;
    }
    if (document()->isUndoAvailable()) {
        QScopedValueRollback guard(m_inUndoRedo, true);
        undo();
        return;
    }
    if (!m_undoDocuments.isEmpty())
        bringBack(m_undoDocuments.takeLast(), m_redoDocuments);
}

void JsonEditor::redoChange()
{
    if (m_load)
        return;
    if (document()->isRedoAvailable()) {
        QScopedValueRollback guard(m_inUndoRedo, true);
        redo();
        return;
    }
    if (!m_redoDocuments.isEmpty())
        bringBack(m_redoDocuments.takeLast(), m_undoDocuments);
}

void JsonEditor::bringBack(QTextDocument *target, QList<QTextDocument *> &keepCurrentIn)
{
    if (target->characterCount() <= largeDocument || target->isUndoAvailable() || target->isRedoAvailable()) {
        // Swapped back whole, with its own undo history. For a large one QPlainTextEdit lays out
        // every line once (about 0.4 µs a line).
        keepCurrentIn.append(document());
        swapTo(target); // emits textEdited
        return;
    }
    // A large document with no history of its own loses nothing by being loaded anew, in slices.
    QString text = target->toRawText();
    text.replace(QChar::ParagraphSeparator, u'\n');
    target->deleteLater();
    m_load = std::make_unique<Load>();
    m_load->wasReadOnly = isReadOnly();
    m_load->keepCurrentIn = &keepCurrentIn;
    ++m_loadSerial;
    beginSlices(std::move(text), false);
}

// --- highlighting -----------------------------------------------------------------------------

void JsonEditor::attachHighlighting()
{
    QScopedValueRollback guard(m_editingInternally, true);
    if (m_load || document()->characterCount() > largeDocument) { // a document being loaded will be large
        if (m_highlighter->document())
            m_highlighter->setDocument(nullptr);
        m_lazyDocument = document();
    } else {
        m_lazyDocument = nullptr;
        if (m_highlighter->document() != document()) {
            m_highlighter->setDocument(document());
            // Now, under the guard: the highlighter's own delayed pass would end in an edit block,
            // and QTextDocument reports every ended edit block as a change of contents.
            m_highlighter->rehighlight();
        }
    }
}

void JsonEditor::highlightVisibleBlocks()
{
    QTextBlock block = firstVisibleBlock();
    qreal top = blockBoundingGeometry(block).translated(contentOffset()).top();
    const qreal bottom = viewport()->height();
    QTextDocument *doc = document();
    while (block.isValid() && top <= bottom) {
        if (block.userState() != m_themeSerial) {
            block.layout()->setFormats(JsonHighlighter::formatLine(block.text(), *m_theme));
            block.setUserState(m_themeSerial);
            doc->markContentsDirty(block.position(), block.length());
        }
        top += blockBoundingRect(block).height();
        block = block.next();
    }
}

void JsonEditor::onContentsChange(int position, int removed, int added)
{
    Q_UNUSED(removed);
    if (sender() != document() || m_load)
        return;
    QTextDocument *doc = document();
    const int characters = doc->characterCount();
    if (highlightsLazily()) {
        // Edited lines are highlighted again when painted.
        const QTextBlock last = doc->findBlock(position + added);
        for (QTextBlock block = doc->findBlock(position); block.isValid(); block = block.next()) {
            block.setUserState(-1);
            if (block == last)
                break;
        }
        if (characters < largeDocument / 2 && !m_editingInternally)
            QTimer::singleShot(0, this, &JsonEditor::attachHighlighting);
    } else if (characters > 2 * largeDocument && !m_editingInternally) {
        QTimer::singleShot(0, this, &JsonEditor::attachHighlighting);
    }
}

void JsonEditor::applyTheme()
{
    *m_theme = JsonTheme::fromPalette(palette());
    ++m_themeSerial;
    {
        QScopedValueRollback guard(m_editingInternally, true);
        m_highlighter->setTheme(*m_theme);
    }
    const QStyle *style = this->style();
    m_icons[0] = QIcon::fromTheme(QStringLiteral("dialog-error"), style->standardIcon(QStyle::SP_MessageBoxCritical));
    m_icons[1] = QIcon::fromTheme(QStringLiteral("dialog-warning"), style->standardIcon(QStyle::SP_MessageBoxWarning));
    m_icons[2] = QIcon::fromTheme(QStringLiteral("dialog-information"),
                                  style->standardIcon(QStyle::SP_MessageBoxInformation));
    viewport()->update();
    m_gutter->update();
}

QIcon JsonEditor::severityIcon(int severity) const
{
    return m_icons[std::clamp(severity, 0, 2)];
}

} // namespace fhw::gui
