#include "validationtask.h"

#include "jsontext.h"

#include "protocol/jsonlocator.h"
#include "protocol/parse.h"
#include "protocol/validator.h"

namespace fhw::gui {

using namespace fhw::protocol;

namespace {

// Converts a byte position (1-based line, 1-based byte column, byte offset) into the editor's terms.
void placeAt(LocatedFinding &out, const QByteArray &bytes, std::size_t offset, std::size_t line, std::size_t column,
             std::size_t length)
{
    offset = std::min<std::size_t>(offset, std::size_t(bytes.size()));
    const std::size_t lineStart = offset - std::min(offset, column - 1);
    length = std::min<std::size_t>(length, std::size_t(bytes.size()) - offset);
    out.line = int(line) - 1;
    out.column = int(jsontext::utf16Length(bytes.constData() + lineStart, qsizetype(offset - lineStart)));
    out.length = int(jsontext::utf16Length(bytes.constData() + offset, qsizetype(length)));
}

} // namespace

ValidationOutcome validateDocument(const QString &text, Profile profile, std::optional<MessageType> expected,
                                   quint64 generation)
{
    ValidationOutcome outcome;
    outcome.generation = generation;
    const QByteArray bytes = text.toUtf8();
    const std::string_view view(bytes.constData(), std::size_t(bytes.size()));

    auto parsed = parseJson(view);
    if (!parsed) {
        const ParseError &error = parsed.error();
        LocatedFinding finding;
        finding.finding = Finding{Severity::Error, std::string(), error.code, error.message};
        finding.exact = error.line > 0;
        if (error.line > 0)
            placeAt(finding, bytes, error.offset, error.line, error.column, 1);
        outcome.findings.append(std::move(finding));
        outcome.errors = 1;
        outcome.parseError = QString::fromStdString(error.message);
        return outcome;
    }

    const Validator validator(profile);
    Findings findings = expected ? validator.validate(*parsed, *expected) : validator.validate(*parsed);
    outcome.message = std::make_shared<Json>(std::move(*parsed));

    std::vector<std::string> pointers;
    pointers.reserve(findings.size());
    for (const Finding &finding : findings)
        pointers.push_back(finding.pointer);
    const std::vector<JsonLocation> locations = locateJsonPointers(view, pointers);

    outcome.findings.reserve(qsizetype(findings.size()));
    for (std::size_t i = 0; i < findings.size(); ++i) {
        LocatedFinding located;
        const JsonLocation &where = locations[i];
        placeAt(located, bytes, where.offset, where.line, where.column, where.length);
        located.exact = where.exact;
        located.finding = std::move(findings[i]);
        outcome.errors += located.finding.severity == Severity::Error;
        outcome.warnings += located.finding.severity == Severity::Warning;
        outcome.findings.append(std::move(located));
    }
    return outcome;
}

FormatOutcome formatDocumentText(const QString &text, quint64 generation)
{
    FormatOutcome outcome;
    outcome.generation = generation;
    const QByteArray bytes = text.toUtf8();
    auto parsed = parseJson(std::string_view(bytes.constData(), std::size_t(bytes.size())));
    if (!parsed) {
        outcome.error = QString::fromStdString(parsed.error().message);
        return outcome;
    }
    outcome.text = jsontext::reindent(text);
    return outcome;
}

} // namespace fhw::gui
