#pragma once

#include <QString>
#include <QStringView>

// Plain text operations on JSON documents as the editor holds them (UTF-16). No widgets: they run on
// worker threads for big documents.
namespace fhw::gui::jsontext {

// Pretty-prints by re-indenting: whitespace outside strings is replaced by the layout of
// nlohmann::json::dump(2) (two spaces, "key": value, one member per line, {} and [] when empty), and
// every token is kept as written (number literals, string escapes). For a document dump(2) wrote,
// the result is the same text. It does not need valid JSON, so it also makes a broken document with
// very long lines editable; check validity first when a refusal is wanted.
QString reindent(QStringView text);

// The length of the longest line (in UTF-16 units).
qsizetype longestLine(QStringView text);

// "\r\n" and lone "\r" become "\n": what the text editor stores, so positions agree with it.
QString normalizeLineEnds(QString text);

// The smallest single replacement that turns `before` into `after`: the common prefix and suffix
// are kept. Never splits a surrogate pair.
struct Replacement
{
    qsizetype start = 0;
    qsizetype removed = 0;
    QString inserted;
    bool isNoop() const { return removed == 0 && inserted.isEmpty(); }
};
Replacement minimalReplacement(QStringView before, QStringView after);

// UTF-8 byte counts → UTF-16 units, for positions reported in bytes by the core.
qsizetype utf16Length(const char *utf8, qsizetype bytes);

} // namespace fhw::gui::jsontext
