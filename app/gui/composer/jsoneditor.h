#pragma once

#include "jsontext.h"
#include "validationtask.h"

#include <QHash>
#include <QIcon>
#include <QPlainTextEdit>
#include <QPointer>

#include <memory>

class QTextDocument;

namespace fhw::gui {

class JsonHighlighter;
struct JsonTheme;

// The JSON text editor: line numbers with finding markers in a gutter (tooltips carry the
// messages), findings underlined in the text, JSON highlighting that follows the palette, Ctrl+Enter
// (sendRequested), Ctrl+Shift+F (formatRequested), and a dropped .json file replacing the document.
//
// Large documents: QTextDocument needs ~2 µs per line to take text in, so a 10 MB document (330,000
// lines) loads into a fresh document in time-boxed slices while the window keeps painting; it is
// highlighted only where it scrolls into view (JSON lines are independent, so that is exact), and
// Undo swaps the previous document back instead of replaying a 10 MB edit.
class JsonEditor : public QPlainTextEdit
{
    Q_OBJECT

public:
    explicit JsonEditor(QWidget *parent = nullptr);
    ~JsonEditor() override;

    // Above this many characters a replacement loads in slices and highlighting follows the view.
    static constexpr qsizetype largeDocument = 256 * 1024;

    // Replaces the whole text as one undoable step. A small change edits the document in place;
    // a large text loads into a new document (loadStarted, loadFinished). Line ends become "\n";
    // a large text with very long lines (minified) is re-indented first, as it could not be edited.
    void replaceText(const QString &text);
    // The text as edited ("\n" line ends). Cheap right after replaceText.
    QString text() const;
    bool isLoading() const;
    bool highlightsLazily() const { return !m_lazyDocument.isNull() && m_lazyDocument == document(); }
    bool wasReindented() const { return m_reindented; }

    // Undo and redo, including the swaps back and forth of replaced large documents.
    void undoChange();
    void redoChange();
    bool canUndoChange() const;
    bool canRedoChange() const;

    // Gutter markers and underlines for these findings (lines are the editor's block numbers).
    void setFindings(const QList<LocatedFinding> &findings);
    // Puts the cursor at a line and column (0-based, UTF-16), scrolls there and focuses the editor.
    void moveCursorTo(int line, int column);

    // For the gutter.
    int gutterWidth() const;
    void paintGutter(QPaintEvent *event);
    QString gutterToolTip(int y) const;

Q_SIGNALS:
    void sendRequested();
    void formatRequested();
    void loadStarted(const QString &text); // the text being loaded (after line-end normalization)
    void loadProgress(int percent);
    void loadFinished();
    void fileDropped(const QString &path, const QString &error); // error empty when it loaded
    void undoRedoChanged();
    // The text changed: typing, a replacement, undo or redo; not formatting, not while loading
    // (loadStarted/loadFinished). QPlainTextEdit::textChanged also fires for highlighting passes.
    void textEdited();

protected:
    bool event(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    bool canInsertFromMimeData(const QMimeData *source) const override;
    void insertFromMimeData(const QMimeData *source) override;

private:
    struct Load;
    struct Marker
    {
        int severity = 2; // protocol::Severity as int: 0 error, 1 warning, 2 info
        QStringList messages;
    };

    QTextDocument *newDocument();
    void applyInPlace(const jsontext::Replacement &change, const QString &result);
    void swapTo(QTextDocument *document);
    void startLoad(const QString &text);
    void beginSlices(QString text, bool reindented);
    void loadSlice();
    void abortLoad();
    void finishLoad();
    void pushUndoDocument(QTextDocument *document);
    void bringBack(QTextDocument *target, QList<QTextDocument *> &keepCurrentIn);
    void dropDocuments(QList<QTextDocument *> &documents);
    void attachHighlighting();
    void highlightVisibleBlocks();
    void onContentsChange(int position, int removed, int added);
    void updateGutterWidth();
    void updateGutter(const QRect &rect, int dy);
    void applyTheme();
    static QString localJsonFile(const QMimeData *mime);
    void loadFile(const QString &path);
    QIcon severityIcon(int severity) const;

    QWidget *m_gutter;
    JsonHighlighter *m_highlighter;
    std::unique_ptr<JsonTheme> m_theme;
    int m_themeSerial = 1; // a block whose userState equals it is highlighted (lazy mode)
    QPointer<QTextDocument> m_lazyDocument;
    QPointer<QTextDocument> m_partial; // a half-loaded document on screen after an aborted load
    QList<QTextDocument *> m_undoDocuments;
    QList<QTextDocument *> m_redoDocuments;
    std::unique_ptr<Load> m_load;
    quint64 m_loadSerial = 0;
    bool m_reindented = false;
    bool m_inUndoRedo = false;
    bool m_editingInternally = false;
    mutable QString m_text;
    mutable bool m_textValid = false;
    QHash<int, Marker> m_markers;
    QIcon m_icons[3];
};

} // namespace fhw::gui
