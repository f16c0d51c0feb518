// fhw registration-export: the registration as formatted JSON, or as the summary mParticle's reviewer reads
// (Markdown, or one self-contained HTML page).

#include "command.h"
#include "registrationoptions.h"

#include "submission/registrationexport.h"

#include <QSaveFile>

namespace fhw::cli {

int registrationExportCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    RegistrationOptions source;
    source.addTo(parser);
    const QCommandLineOption format(QStringLiteral("format"), QStringLiteral("json, md or html."), QStringLiteral("FORMAT"));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Write here instead of stdout."), QStringLiteral("FILE"));
    parser.addOptions({format, out});
    if (auto exit = parseArguments(
            parser, arguments,
            "Exports a module_registration_response: formatted JSON, or a summary in Markdown or HTML (name, "
            "description rendered safely, what data the integration will receive, permissions, event types, "
            "platforms, settings, OAuth2, DSR, and the registration review's findings). The HTML page has a "
            "strict Content-Security-Policy, no scripts and no remote loads.\nThe review's summary goes to stderr.\n"
            "Exit status: 0 written, 1 written but the review has errors (or --from failed), 2 bad usage or "
            "unreadable input."))
        return *exit;
    const auto exportFormat = submission::exportFormatFromName(parser.value(format).toStdString());
    if (!exportFormat) {
        printErr(QStringLiteral("fhw registration-export: --format takes json, md or html\n"));
        return ExitUsage;
    }
    auto registration = source.registration(parser, QStringLiteral("fhw registration-export"));
    if (!registration) {
        printErr(registration.error().first);
        return registration.error().second;
    }
    const protocol::Findings findings = submission::reviewRegistration(*registration);
    const std::string text = submission::exportRegistration(*registration, *exportFormat, findings);
    if (parser.isSet(out)) {
        QSaveFile file(parser.value(out));
        if (!file.open(QIODevice::WriteOnly) || file.write(text.data(), qint64(text.size())) != qint64(text.size())
            || !file.commit()) {
            printErr(QStringLiteral("fhw registration-export: cannot write %1: %2\n").arg(file.fileName(), file.errorString()));
            return ExitUsage;
        }
    } else {
        printOut(text);
    }
    int errors = 0, warnings = 0;
    for (const protocol::Finding &finding : findings) {
        errors += finding.severity == protocol::Severity::Error;
        warnings += finding.severity == protocol::Severity::Warning;
    }
    printErr(QStringLiteral("registration review: %1 error(s), %2 warning(s)\n").arg(errors).arg(warnings));
    return errors > 0 ? ExitFindings : ExitOk;
}

} // namespace fhw::cli
