// JsonEditor, the view side: findings in the gutter and the text, keys, the context menu, drag and
// drop. The text side (replacing, loading, undo, highlighting) is in jsoneditor.cpp.

#include "jsoneditor.h"
#include "jsoneditor_p.h"

#include "protocol/finding.h"
#include "protocol/parse.h"

#include <QContextMenuEvent>
#include <QFutureWatcher>
#include <QMenu>
#include <QMimeData>
#include <QPainter>
#include <QTextBlock>
#include <QToolTip>
#include <QtConcurrent/QtConcurrentRun>

namespace fhw::gui {

namespace {

constexpr int maxUnderlines = 500; // extra selections are checked per painted block
constexpr qsizetype maxDroppedFile = 64 * 1024 * 1024;

class Gutter : public QWidget
{
public:
    explicit Gutter(JsonEditor *editor)
        : QWidget(editor)
        , m_editor(editor)
    {
        setObjectName(QStringLiteral("jsonEditorGutter"));
    }

    QSize sizeHint() const override { return {m_editor->gutterWidth(), 0}; }

protected:
    void paintEvent(QPaintEvent *event) override { m_editor->paintGutter(event); }

    bool event(QEvent *event) override
    {
        if (event->type() == QEvent::ToolTip) {
            auto *help = static_cast<QHelpEvent *>(event);
            const QString tip = m_editor->gutterToolTip(help->pos().y());
            if (tip.isEmpty())
                QToolTip::hideText();
            else
                QToolTip::showText(help->globalPos(), tip, this);
            return true;
        }
        return QWidget::event(event);
    }

private:
    JsonEditor *m_editor;
};

QColor severityColor(int severity)
{
    switch (severity) {
    case 0: return QColor(0xe0, 0x2f, 0x2f);
    case 1: return QColor(0xe8, 0x9a, 0x10);
    default: return QColor(0x2f, 0x80, 0xe0);
    }
}

struct ReadFile
{
    QString text;
    QString error;
};

} // namespace

QWidget *detail::createGutter(JsonEditor *editor)
{
    return new Gutter(editor);
}

// --- findings -----------------------------------------------------------------------------------

void JsonEditor::setFindings(const QList<LocatedFinding> &findings)
{
    m_markers.clear();
    QList<QTextEdit::ExtraSelection> selections;
    QTextDocument *doc = document();
    for (const LocatedFinding &located : findings) {
        const int severity = int(located.finding.severity);
        Marker &marker = m_markers[located.line];
        if (marker.messages.isEmpty() || severity < marker.severity)
            marker.severity = severity;
        marker.messages << QStringLiteral("%1 %2: %3")
                               .arg(QString::fromLatin1(protocol::severityName(located.finding.severity)),
                                    QString::fromStdString(located.finding.code),
                                    QString::fromStdString(located.finding.message));
        if (selections.size() >= maxUnderlines)
            continue;
        const QTextBlock block = doc->findBlockByNumber(located.line);
        if (!block.isValid())
            continue;
        const int lineLength = block.length() - 1;
        const int start = std::clamp(located.column, 0, std::max(0, lineLength - 1));
        const int end = std::clamp(start + std::max(1, located.length), start, lineLength);
        if (end <= start)
            continue;
        QTextEdit::ExtraSelection selection;
        selection.cursor = QTextCursor(doc);
        selection.cursor.setPosition(block.position() + start);
        selection.cursor.setPosition(block.position() + end, QTextCursor::KeepAnchor);
        selection.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        selection.format.setUnderlineColor(severityColor(severity));
        selection.format.setToolTip(marker.messages.last());
        selections.append(selection);
    }
    setExtraSelections(selections);
    m_gutter->update();
}

void JsonEditor::moveCursorTo(int line, int column)
{
    QTextBlock block = document()->findBlockByNumber(std::max(0, line));
    if (!block.isValid())
        block = document()->lastBlock();
    QTextCursor cursor(block);
    cursor.setPosition(block.position() + std::clamp(column, 0, std::max(0, block.length() - 1)));
    setTextCursor(cursor);
    centerCursor();
    setFocus(Qt::OtherFocusReason);
}

// --- gutter ------------------------------------------------------------------------------------

int JsonEditor::gutterWidth() const
{
    int digits = 1;
    for (int count = std::max(1, blockCount()); count >= 10; count /= 10)
        ++digits;
    const int icon = fontMetrics().height();
    return 8 + fontMetrics().horizontalAdvance(u'9') * std::max(digits, 3) + icon;
}

void JsonEditor::updateGutterWidth()
{
    setViewportMargins(gutterWidth(), 0, 0, 0);
}

void JsonEditor::updateGutter(const QRect &rect, int dy)
{
    if (dy)
        m_gutter->scroll(0, dy);
    else
        m_gutter->update(0, rect.y(), m_gutter->width(), rect.height());
    if (rect.contains(viewport()->rect()))
        updateGutterWidth();
}

void JsonEditor::resizeEvent(QResizeEvent *event)
{
    QPlainTextEdit::resizeEvent(event);
    const QRect area = contentsRect();
    m_gutter->setGeometry(QRect(area.left(), area.top(), gutterWidth(), area.height()));
}

void JsonEditor::paintGutter(QPaintEvent *event)
{
    QPainter painter(m_gutter);
    const QPalette &colors = palette();
    painter.fillRect(event->rect(), colors.color(QPalette::Window));
    const int width = m_gutter->width();
    const int lineHeight = fontMetrics().height();
    const int icon = std::min(lineHeight, 16);
    const int current = textCursor().blockNumber();
    const QColor dim = QColor::fromRgbF(
        float((colors.color(QPalette::WindowText).redF() + colors.color(QPalette::Window).redF()) / 2),
        float((colors.color(QPalette::WindowText).greenF() + colors.color(QPalette::Window).greenF()) / 2),
        float((colors.color(QPalette::WindowText).blueF() + colors.color(QPalette::Window).blueF()) / 2));
    painter.setFont(font());

    QTextBlock block = firstVisibleBlock();
    int number = block.blockNumber();
    qreal top = blockBoundingGeometry(block).translated(contentOffset()).top();
    while (block.isValid() && top <= event->rect().bottom()) {
        const qreal height = blockBoundingRect(block).height();
        if (block.isVisible() && top + height >= event->rect().top()) {
            const int y = int(top);
            painter.setPen(number == current ? colors.color(QPalette::WindowText) : dim);
            painter.drawText(0, y, width - lineHeight - 4, lineHeight, Qt::AlignRight | Qt::AlignVCenter,
                             QString::number(number + 1));
            const auto marker = m_markers.constFind(number);
            if (marker != m_markers.constEnd()) {
                severityIcon(marker->severity)
                    .paint(&painter, QRect(width - lineHeight + (lineHeight - icon) / 2, y + (lineHeight - icon) / 2,
                                           icon, icon));
            }
        }
        top += height;
        block = block.next();
        ++number;
    }
}

QString JsonEditor::gutterToolTip(int y) const
{
    QTextBlock block = firstVisibleBlock();
    qreal top = blockBoundingGeometry(block).translated(contentOffset()).top();
    while (block.isValid() && top <= y) {
        const qreal bottom = top + blockBoundingRect(block).height();
        if (y < bottom) {
            const auto marker = m_markers.constFind(block.blockNumber());
            return marker == m_markers.constEnd() ? QString() : marker->messages.join(u'\n');
        }
        top = bottom;
        block = block.next();
    }
    return {};
}

// --- events -------------------------------------------------------------------------------------

namespace {

bool isSendKey(const QKeyEvent *event)
{
    return (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter)
           && (event->modifiers() & Qt::ControlModifier);
}

bool isFormatKey(const QKeyEvent *event)
{
    return event->key() == Qt::Key_F
           && (event->modifiers() & ~Qt::KeypadModifier) == (Qt::ControlModifier | Qt::ShiftModifier);
}

} // namespace

bool JsonEditor::event(QEvent *event)
{
    if (event->type() == QEvent::ShortcutOverride) {
        // Keep these keys from window shortcuts: the editor acts on them itself.
        auto *key = static_cast<QKeyEvent *>(event);
        if (isSendKey(key) || isFormatKey(key) || key->matches(QKeySequence::Undo) || key->matches(QKeySequence::Redo)) {
            event->accept();
            return true;
        }
    }
    return QPlainTextEdit::event(event);
}

void JsonEditor::keyPressEvent(QKeyEvent *event)
{
    if (isSendKey(event)) {
        Q_EMIT sendRequested();
    } else if (isFormatKey(event)) {
        Q_EMIT formatRequested();
    } else if (event->matches(QKeySequence::Undo)) {
        undoChange();
    } else if (event->matches(QKeySequence::Redo)) {
        redoChange();
    } else {
        QPlainTextEdit::keyPressEvent(event);
        return;
    }
    event->accept();
}

void JsonEditor::paintEvent(QPaintEvent *event)
{
    if (highlightsLazily())
        highlightVisibleBlocks();
    QPlainTextEdit::paintEvent(event);
}

void JsonEditor::changeEvent(QEvent *event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        applyTheme();
    else if (event->type() == QEvent::FontChange)
        updateGutterWidth();
}

void JsonEditor::contextMenuEvent(QContextMenuEvent *event)
{
    std::unique_ptr<QMenu> menu(createStandardContextMenu(event->pos()));
    for (QAction *action : menu->actions()) {
        // Undo and Redo also swap replaced large documents back and forth.
        if (action->objectName() == u"edit-undo") {
            disconnect(action, &QAction::triggered, nullptr, nullptr);
            connect(action, &QAction::triggered, this, &JsonEditor::undoChange);
            action->setEnabled(canUndoChange());
        } else if (action->objectName() == u"edit-redo") {
            disconnect(action, &QAction::triggered, nullptr, nullptr);
            connect(action, &QAction::triggered, this, &JsonEditor::redoChange);
            action->setEnabled(canRedoChange());
        }
    }
    menu->addSeparator();
    QAction *format = menu->addAction(tr("&Format Document"), this, &JsonEditor::formatRequested);
    format->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    format->setEnabled(!isReadOnly());
    menu->exec(event->globalPos());
}

QString JsonEditor::localJsonFile(const QMimeData *mime)
{
    if (!mime || !mime->hasUrls() || mime->urls().size() != 1 || !mime->urls().first().isLocalFile())
        return {};
    const QString path = mime->urls().first().toLocalFile();
    return path.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive) ? path : QString();
}

void JsonEditor::dragEnterEvent(QDragEnterEvent *event)
{
    if (!isReadOnly() && !localJsonFile(event->mimeData()).isEmpty())
        event->acceptProposedAction();
    else
        QPlainTextEdit::dragEnterEvent(event);
}

void JsonEditor::dragMoveEvent(QDragMoveEvent *event)
{
    if (!isReadOnly() && !localJsonFile(event->mimeData()).isEmpty())
        event->acceptProposedAction();
    else
        QPlainTextEdit::dragMoveEvent(event);
}

void JsonEditor::dropEvent(QDropEvent *event)
{
    const QString path = isReadOnly() ? QString() : localJsonFile(event->mimeData());
    if (path.isEmpty()) {
        QPlainTextEdit::dropEvent(event);
        return;
    }
    event->acceptProposedAction();
    loadFile(path);
}

bool JsonEditor::canInsertFromMimeData(const QMimeData *source) const
{
    return !localJsonFile(source).isEmpty() || QPlainTextEdit::canInsertFromMimeData(source);
}

void JsonEditor::insertFromMimeData(const QMimeData *source)
{
    const QString path = localJsonFile(source);
    if (!path.isEmpty()) {
        loadFile(path);
        return;
    }
    if (source->hasText() && source->text().size() > largeDocument) {
        // A large paste goes the way of a large replacement (sliced loading, lazy highlighting).
        const QTextCursor cursor = textCursor();
        QString whole = text();
        whole.replace(cursor.selectionStart(), cursor.selectionEnd() - cursor.selectionStart(),
                      jsontext::normalizeLineEnds(source->text()));
        replaceText(whole);
        return;
    }
    QPlainTextEdit::insertFromMimeData(source);
}

void JsonEditor::loadFile(const QString &path)
{
    auto *watcher = new QFutureWatcher<ReadFile>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, path] {
        watcher->deleteLater();
        const ReadFile read = watcher->result();
        if (read.error.isEmpty())
            replaceText(read.text);
        Q_EMIT fileDropped(path, read.error);
    });
    watcher->setFuture(QtConcurrent::run([path] {
        ReadFile read;
        auto bytes = protocol::readFileCapped(path.toStdString(), std::size_t(maxDroppedFile));
        if (bytes)
            read.text = QString::fromUtf8(bytes->data(), qsizetype(bytes->size()));
        else
            read.error = QString::fromStdString(bytes.error().message);
        return read;
    }));
}

} // namespace fhw::gui
