#include "messagecheck.h"

#include "protocol/parse.h"
#include "protocol/validator.h"

namespace fhw::gui {

using namespace fhw::protocol;

namespace {

// Beyond this a text view spends seconds laying the text out; the findings still cover it all.
constexpr qsizetype maxShownCharacters = 4 * 1024 * 1024;

QString shown(QString text)
{
    if (text.size() <= maxShownCharacters)
        return text;
    const qsizetype rest = text.size() - maxShownCharacters;
    text.truncate(maxShownCharacters);
    text += QStringLiteral("\n… %1 more characters not shown; the findings cover the whole message\n").arg(rest);
    return text;
}

} // namespace

MessageCheck checkMessageFile(const QString &path, Profile profile)
{
    MessageCheck check;
    check.path = path;
    const ParseOptions options;
    auto bytes = readFileCapped(path.toStdString(), options.maxBytes);
    if (!bytes) {
        check.error = QString::fromStdString(bytes.error().message);
        return check;
    }
    auto parsed = parseJson(*bytes, options);
    if (!parsed) {
        check.text = shown(QString::fromUtf8(bytes->data(), qsizetype(bytes->size())));
        check.findings.push_back(Finding{Severity::Error, "", parsed.error().code, parsed.error().message});
        return check;
    }
    if (const auto type = Validator::detectType(*parsed))
        check.messageType = QString::fromUtf8(wireName(*type).data(), qsizetype(wireName(*type).size()));
    check.findings = Validator(profile).validate(*parsed);
    // Invalid UTF-8 cannot get here (the parser refuses it), so dump() cannot throw.
    check.text = shown(QString::fromStdString(parsed->dump(2)));
    return check;
}

} // namespace fhw::gui
