#include "jsontext.h"

#include <algorithm>

namespace fhw::gui::jsontext {

namespace {

bool isJsonSpace(QChar c)
{
    return c == u' ' || c == u'\n' || c == u'\r' || c == u'\t';
}

bool isPunctuation(QChar c)
{
    return c == u'{' || c == u'}' || c == u'[' || c == u']' || c == u',' || c == u':';
}

} // namespace

QString reindent(QStringView text)
{
    QString out;
    out.reserve(text.size() + text.size() / 2);
    int depth = 0;
    auto newline = [&] {
        out += u'\n';
        out.append(QString(2 * depth, u' '));
    };
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = text[i];
        if (isJsonSpace(c)) {
            // Keep one space between two scalar tokens (only in broken text), so they stay apart.
            qsizetype next = i;
            while (next < n && isJsonSpace(text[next]))
                ++next;
            if (!out.isEmpty() && next < n && !isPunctuation(out.back()) && !isJsonSpace(out.back())
                && !isPunctuation(text[next]))
                out += u' ';
            i = next - 1;
            continue;
        }
        switch (c.unicode()) {
        case u'"': {
            qsizetype end = i + 1;
            while (end < n && text[end] != u'"') {
                if (text[end] == u'\\')
                    ++end;
                ++end;
            }
            end = std::min(end, n - 1);
            out.append(text.mid(i, end - i + 1));
            i = end;
            break;
        }
        case u'{':
        case u'[': {
            const QChar close = c == u'{' ? u'}' : u']';
            qsizetype next = i + 1;
            while (next < n && isJsonSpace(text[next]))
                ++next;
            out += c;
            if (next < n && text[next] == close) {
                out += close;
                i = next;
            } else {
                ++depth;
                newline();
            }
            break;
        }
        case u'}':
        case u']':
            depth = std::max(0, depth - 1);
            newline();
            out += c;
            break;
        case u',':
            out += c;
            newline();
            break;
        case u':': out += QStringLiteral(": "); break;
        default: out += c; break;
        }
    }
    return out;
}

qsizetype longestLine(QStringView text)
{
    qsizetype longest = 0;
    qsizetype start = 0;
    while (start <= text.size()) {
        qsizetype end = text.indexOf(u'\n', start);
        if (end < 0)
            end = text.size();
        longest = std::max(longest, end - start);
        start = end + 1;
    }
    return longest;
}

QString normalizeLineEnds(QString text)
{
    if (!text.contains(u'\r'))
        return text;
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    text.replace(u'\r', u'\n');
    return text;
}

Replacement minimalReplacement(QStringView before, QStringView after)
{
    const qsizetype shorter = std::min(before.size(), after.size());
    qsizetype prefix = std::mismatch(before.begin(), before.begin() + shorter, after.begin()).first - before.begin();
    if (prefix > 0 && prefix < shorter && before[prefix - 1].isHighSurrogate())
        --prefix;
    const qsizetype room = shorter - prefix;
    qsizetype suffix = std::mismatch(before.rbegin(), before.rbegin() + room, after.rbegin()).first - before.rbegin();
    if (suffix > 0 && suffix < room && before[before.size() - suffix].isLowSurrogate())
        --suffix;
    Replacement replacement;
    replacement.start = prefix;
    replacement.removed = before.size() - prefix - suffix;
    replacement.inserted = after.mid(prefix, after.size() - prefix - suffix).toString();
    return replacement;
}

qsizetype utf16Length(const char *utf8, qsizetype bytes)
{
    qsizetype units = 0;
    for (qsizetype i = 0; i < bytes; ++i) {
        const auto b = static_cast<unsigned char>(utf8[i]);
        if ((b & 0xc0) != 0x80)
            units += b >= 0xf0 ? 2 : 1;
    }
    return units;
}

} // namespace fhw::gui::jsontext
