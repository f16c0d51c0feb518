#pragma once

#include <QList>
#include <QStringView>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>
#include <QTextLayout>

class QPalette;

namespace fhw::gui {

// The colours of JSON tokens, derived from a palette so they read on light and dark themes alike.
struct JsonTheme
{
    QTextCharFormat key;
    QTextCharFormat string;
    QTextCharFormat number;
    QTextCharFormat literal; // true, false, null
    QTextCharFormat punctuation;
    QTextCharFormat invalid; // a word that is no JSON token

    static JsonTheme fromPalette(const QPalette &palette);
};

// Highlights JSON line by line. JSON strings cannot span lines, so every line is highlighted on its
// own, in one pass over its characters (no regular expressions), and the same function serves the
// editor's lazy highlighting of large documents (JsonEditor).
class JsonHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT

public:
    explicit JsonHighlighter(QObject *parent = nullptr);

    void setTheme(const JsonTheme &theme); // rehighlights
    const JsonTheme &theme() const { return m_theme; }

    // Lines longer than this stay plain: formatting a megabyte-long line would stall the window.
    static constexpr qsizetype maxLineLength = 10000;

    // The format ranges of one line; adjacent tokens of one kind share a range.
    static QList<QTextLayout::FormatRange> formatLine(QStringView line, const JsonTheme &theme);

protected:
    void highlightBlock(const QString &text) override;

private:
    JsonTheme m_theme;
};

} // namespace fhw::gui
