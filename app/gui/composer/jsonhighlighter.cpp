#include "jsonhighlighter.h"

#include <QPalette>

namespace fhw::gui {

namespace {

QTextCharFormat colored(const QColor &color)
{
    QTextCharFormat format;
    format.setForeground(color);
    return format;
}

// A colour between two others (t = 0 → a, t = 1 → b).
QColor mix(const QColor &a, const QColor &b, double t)
{
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t), float(a.greenF() + (b.greenF() - a.greenF()) * t),
                            float(a.blueF() + (b.blueF() - a.blueF()) * t));
}

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'-' || c == u'+' || c == u'.' || c == u'_';
}

} // namespace

JsonTheme JsonTheme::fromPalette(const QPalette &palette)
{
    const QColor base = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    // On a dark base the hues are light and softer; on a light base dark and more saturated.
    const bool dark = base.lightness() < text.lightness();
    auto hue = [dark](int h) { return QColor::fromHsl(h, dark ? 140 : 200, dark ? 175 : 80); };
    JsonTheme theme;
    theme.key = colored(hue(212));
    theme.string = colored(hue(dark ? 100 : 120));
    theme.number = colored(hue(dark ? 28 : 22));
    theme.literal = colored(hue(285));
    theme.punctuation = colored(mix(text, base, 0.35));
    theme.invalid = colored(hue(0));
    theme.invalid.setUnderlineStyle(QTextCharFormat::DotLine);
    return theme;
}

JsonHighlighter::JsonHighlighter(QObject *parent)
    : QSyntaxHighlighter(parent)
{
}

void JsonHighlighter::setTheme(const JsonTheme &theme)
{
    m_theme = theme;
    rehighlight();
}

QList<QTextLayout::FormatRange> JsonHighlighter::formatLine(QStringView line, const JsonTheme &theme)
{
    QList<QTextLayout::FormatRange> ranges;
    if (line.size() > maxLineLength)
        return ranges;
    auto add = [&ranges](qsizetype start, qsizetype length, const QTextCharFormat &format) {
        if (!ranges.isEmpty()) {
            QTextLayout::FormatRange &last = ranges.last();
            if (last.start + last.length == start && last.format == format) {
                last.length += int(length);
                return;
            }
        }
        ranges.append({int(start), int(length), format});
    };
    const qsizetype n = line.size();
    for (qsizetype i = 0; i < n;) {
        const QChar c = line[i];
        if (c == u'"') {
            qsizetype end = i + 1;
            while (end < n && line[end] != u'"')
                end += line[end] == u'\\' ? 2 : 1;
            end = std::min(end + 1, n);
            qsizetype next = end;
            while (next < n && (line[next] == u' ' || line[next] == u'\t'))
                ++next;
            add(i, end - i, next < n && line[next] == u':' ? theme.key : theme.string);
            i = end;
        } else if (c == u'{' || c == u'}' || c == u'[' || c == u']' || c == u',' || c == u':') {
            add(i, 1, theme.punctuation);
            ++i;
        } else if (isWordChar(c)) {
            qsizetype end = i + 1;
            while (end < n && isWordChar(line[end]))
                ++end;
            const QStringView word = line.mid(i, end - i);
            if (c.isDigit() || c == u'-')
                add(i, end - i, theme.number);
            else if (word == u"true" || word == u"false" || word == u"null")
                add(i, end - i, theme.literal);
            else
                add(i, end - i, theme.invalid);
            i = end;
        } else {
            ++i;
        }
    }
    return ranges;
}

void JsonHighlighter::highlightBlock(const QString &text)
{
    for (const QTextLayout::FormatRange &range : formatLine(text, m_theme))
        setFormat(range.start, range.length, range.format);
}

} // namespace fhw::gui
