// fhw validate: check messages against the protocol and print the findings.

#include "command.h"

#include "protocol/findingrules.h"
#include "protocol/parse.h"
#include "protocol/validator.h"

#include <iostream>

namespace fhw::cli {

namespace {

using namespace fhw::protocol;

struct FileFinding
{
    QString file;
    std::string type; // the detected message type, empty when unknown
    Finding finding;
};

nlohmann::ordered_json toJson(const FileFinding &item)
{
    nlohmann::ordered_json out;
    out["file"] = item.file.toStdString();
    out["type"] = item.type.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(item.type);
    out["pointer"] = item.finding.pointer;
    out["severity"] = std::string(severityName(item.finding.severity));
    out["code"] = item.finding.code;
    out["message"] = item.finding.message;
    return out;
}

QString toText(const FileFinding &item)
{
    const std::string pointer = item.finding.pointer.empty() ? std::string("(root)") : item.finding.pointer;
    return QStringLiteral("%1: %2: %3: %4: %5\n")
        .arg(item.file, QString::fromStdString(pointer),
             QString::fromUtf8(severityName(item.finding.severity).data()),
             QString::fromStdString(item.finding.code), QString::fromStdString(item.finding.message));
}

int listCodes()
{
    for (const FindingRule &rule : findingRules()) {
        auto name = [](std::optional<Severity> s) { return s ? std::string(severityName(*s)) : std::string("-"); };
        printOut(std::string(rule.code) + "\tstrict=" + name(rule.strict) + "\ttolerant=" + name(rule.tolerant) + "\t"
                 + std::string(rule.summary) + "\n");
    }
    return ExitOk;
}

} // namespace

int validateCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Messages to check; '-' reads standard input."),
                                 QStringLiteral("FILE..."));
    const QCommandLineOption profileOption(
        QStringLiteral("profile"),
        QStringLiteral("strict (default): what the official Java SDK rejects, plus the documented rules; "
                       "tolerant: what a forgiving receiver should accept."),
        QStringLiteral("PROFILE"), QStringLiteral("strict"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("Print the findings as a JSON array."));
    const QCommandLineOption maxBytesOption(QStringLiteral("max-bytes"),
                                            QStringLiteral("Refuse inputs larger than this (default 67108864, 64 MiB)."),
                                            QStringLiteral("BYTES"));
    const QCommandLineOption listCodesOption(QStringLiteral("list-codes"),
                                             QStringLiteral("List every finding code with its severities and exit."));
    parser.addOptions({profileOption, jsonOption, maxBytesOption, listCodesOption});
    if (auto exit = parseArguments(parser, arguments,
                                   "Checks Firehose messages against the protocol. Prints FILE: POINTER: severity: "
                                   "code: message for each finding.\nExit status: 0 no errors, 1 errors found, 2 bad "
                                   "usage or unreadable input."))
        return *exit;
    if (parser.isSet(listCodesOption))
        return listCodes();

    const auto profile = profileFromName(parser.value(profileOption).toStdString());
    if (!profile) {
        printErr(QStringLiteral("fhw validate: unknown profile '%1' (strict or tolerant)\n").arg(parser.value(profileOption)));
        return ExitUsage;
    }
    ParseOptions parseOptions;
    if (parser.isSet(maxBytesOption)) {
        bool ok = false;
        const qulonglong maxBytes = parser.value(maxBytesOption).toULongLong(&ok);
        if (!ok || maxBytes == 0) {
            printErr(QStringLiteral("fhw validate: --max-bytes needs a positive number of bytes\n"));
            return ExitUsage;
        }
        parseOptions.maxBytes = maxBytes;
    }
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty()) {
        printErr(QStringLiteral("fhw validate: no FILE given ('-' reads standard input)\nTry 'fhw validate --help'.\n"));
        return ExitUsage;
    }

    const Validator validator(*profile);
    const bool json = parser.isSet(jsonOption);
    nlohmann::ordered_json jsonOut = nlohmann::ordered_json::array();
    bool anyError = false;
    bool anyUnreadable = false;
    for (const QString &file : files) {
        const bool isStdin = file == QLatin1String("-");
        const QString label = isStdin ? QStringLiteral("<stdin>") : file;
        auto bytes = isStdin ? readStreamCapped(std::cin, parseOptions.maxBytes)
                             : readFileCapped(file.toStdString(), parseOptions.maxBytes);
        std::vector<FileFinding> items;
        if (!bytes) {
            anyUnreadable = true;
            // readFileCapped's message already names the file.
            const QString message = QString::fromStdString(bytes.error().message);
            printErr(QStringLiteral("fhw validate: %1\n").arg(isStdin ? label + QStringLiteral(": ") + message : message));
            if (json)
                items.push_back({label, {}, Finding{Severity::Error, "", bytes.error().code, bytes.error().message}});
        } else {
            auto parsed = parseJson(*bytes, parseOptions);
            std::string type;
            Findings findings;
            if (!parsed) {
                findings.push_back(Finding{Severity::Error, "", parsed.error().code, parsed.error().message});
            } else {
                if (const auto detected = Validator::detectType(*parsed))
                    type = std::string(wireName(*detected));
                findings = validator.validate(*parsed);
            }
            for (Finding &finding : findings)
                items.push_back({label, type, std::move(finding)});
            anyError = anyError || hasErrors(findings);
        }
        for (const FileFinding &item : items) {
            if (json)
                jsonOut.push_back(toJson(item));
            else
                printOut(toText(item));
        }
    }
    if (json)
        printOut(jsonOut.dump(2) + "\n");
    if (anyUnreadable)
        return ExitUsage;
    return anyError ? ExitFindings : ExitOk;
}

} // namespace fhw::cli
