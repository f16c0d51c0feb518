// fhw bundle: the one zip a partner sends mParticle for review, checked before it is written; and
// fhw bundle --verify: every file of a bundle against its manifest.

#include "command.h"
#include "registrationoptions.h"

#include "protocol/parse.h"
#include "secrets/securebuffer.h"
#include "secrets/tokenstore.h"
#include "submission/bundle.h"
#include "submission/bundlelogo.h"
#include "submission/logocheck.h"

#include <QFile>

namespace fhw::cli {

namespace {

using namespace fhw::submission;

constexpr std::size_t maxInputBytes = 64u * 1024u * 1024u;
const QString command = QStringLiteral("fhw bundle");

std::optional<std::string> readInput(const QString &path, const char *what)
{
    auto bytes = protocol::readFileCapped(path.toStdString(), maxInputBytes);
    if (!bytes) {
        printErr(QStringLiteral("%1: %2 %3: %4\n")
                     .arg(command, QLatin1String(what), path, QString::fromStdString(bytes.error().message)));
        return std::nullopt;
    }
    return std::move(*bytes);
}

std::optional<transport::Family> familyFromName(const QString &name)
{
    for (auto family : {transport::Family::Registration, transport::Family::Event, transport::Family::Audience,
                        transport::Family::Dsr}) {
        if (name == QLatin1String(transport::familyName(family).data()))
            return family;
    }
    return std::nullopt;
}

// --endpoint POD=URL | POD:FAMILY=URL and --lambda-arn POD=ARN into one Endpoints.
std::optional<Endpoints> endpointsFrom(const QStringList &urls, const QStringList &arns)
{
    Endpoints endpoints;
    for (const QString &value : urls) {
        const qsizetype equals = value.indexOf(u'=');
        const QStringList target = value.left(equals).split(u':');
        const auto pod = podFromName(target.value(0).toStdString());
        const auto family = target.size() == 2 ? familyFromName(target.value(1)) : std::nullopt;
        if (equals <= 0 || !pod || target.size() > 2 || (target.size() == 2 && !family)) {
            printErr(QStringLiteral("%1: --endpoint takes POD=URL or POD:FAMILY=URL (POD: US1, US2, EU1, AU1; FAMILY: "
                                    "registration, event, audience, dsr), not '%2'\n").arg(command, value));
            return std::nullopt;
        }
        PodEndpoint &endpoint = endpoints[*pod];
        std::string &url = family ? endpoint.perFamily[*family] : endpoint.url;
        if (!url.empty()) {
            printErr(QStringLiteral("%1: '%2' is given twice\n").arg(command, value.left(equals)));
            return std::nullopt;
        }
        url = value.mid(equals + 1).toStdString();
    }
    for (const QString &value : arns) {
        const qsizetype equals = value.indexOf(u'=');
        const auto pod = podFromName(value.left(equals).toStdString());
        if (equals <= 0 || !pod || !endpoints[*pod].lambdaArn.empty()) {
            printErr(QStringLiteral("%1: --lambda-arn takes POD=ARN, once per pod, not '%2'\n").arg(command, value));
            return std::nullopt;
        }
        endpoints[*pod].lambdaArn = value.mid(equals + 1).toStdString();
    }
    return endpoints;
}

// Every token the keychain index names, so none of them can end up in the bundle. Without a keychain the
// check is narrower, and the user is told.
std::vector<KnownToken> keychainTokens()
{
    std::vector<KnownToken> tokens;
    secrets::TokenStore store;
    auto listing = store.list();
    if (!listing) {
        printErr(QStringLiteral("%1: note: the keychain is not available (%2), so the tokens stored there were not "
                                "looked for; name them with --token-env\n")
                     .arg(command, QString::fromStdString(listing.error().message)));
        return tokens;
    }
    for (const secrets::TokenListing &entry : *listing) {
        if (!entry.inKeychain)
            continue;
        if (auto token = store.read(entry.metadata.name))
            tokens.push_back({entry.metadata.name, std::move(*token)});
        else
            printErr(QStringLiteral("%1: note: cannot read the token '%2' to look for it: %3\n")
                         .arg(command, QString::fromStdString(entry.metadata.name),
                              QString::fromStdString(token.error().message)));
    }
    return tokens;
}

LogoInputs checkedLogo(const QString &path, const QByteArray &svg)
{
    auto report = checkLogo(svg, {}, path);
    if (!report) {
        LogoInputs inputs;
        inputs.svg = svg.toStdString();
        inputs.status = CheckStatus::NotRun;
        inputs.reasons.push_back("the logo could not be checked: " + report.error().message);
        return inputs;
    }
    return logoInputsFromReport(svg, *report);
}

void printChecklist(const std::vector<ChecklistItem> &checklist)
{
    for (const ChecklistItem &item : checklist) {
        printOut(QStringLiteral("%1  %2%3\n")
                     .arg(QString::fromUtf8(checkStatusName(item.status).data()).leftJustified(8),
                          QString::fromStdString(item.title),
                          item.details.empty() ? QString() : QStringLiteral(": ") + QString::fromStdString(item.details.front())));
        for (std::size_t i = 1; i < item.details.size() && item.blocksExport(); ++i)
            printOut(QStringLiteral("          %1\n").arg(QString::fromStdString(item.details[i])));
    }
}

int verify(const QString &path)
{
    const auto verified = verifyBundle(path.toStdString());
    if (!verified) {
        printErr(QStringLiteral("%1: %2: %3\n").arg(command, path, QString::fromStdString(verified.error().message)));
        return QFile::exists(path) ? ExitFindings : ExitUsage; // a damaged bundle is a finding
    }
    const protocol::Json &manifest = verified->manifest;
    for (const std::string &problem : verified->problems)
        printOut(QStringLiteral("FAIL  %1\n").arg(QString::fromStdString(problem)));
    const auto list = [&](const char *key) {
        QStringList items;
        if (const auto it = manifest.find(key); it != manifest.end() && it->is_array())
            for (const protocol::Json &item : *it)
                items << QString::fromStdString(item.is_string() ? item.get<std::string>() : item.dump());
        return items.isEmpty() ? QStringLiteral("none") : items.join(QStringLiteral(", "));
    };
    const auto text = [&](const char *key) {
        const auto it = manifest.find(key);
        return it != manifest.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
    };
    printOut(QStringLiteral("%1: %2 file(s) match the manifest%3\nmade by: %4\nchecks passed: %5\nchecks failed: %6\n")
                 .arg(path)
                 .arg(verified->checkedFiles.size())
                 .arg(verified->ok() ? QString() : QStringLiteral(", %1 problem(s)").arg(verified->problems.size()),
                      text("tool"), list("passed"), list("failed")));
    if (manifest.value("forced", false))
        printOut(QStringLiteral("exported past failed checks, confirmed: %1\n").arg(text("force_confirmation")));
    return verified->ok() ? ExitOk : ExitFindings;
}

} // namespace

int bundleCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    RegistrationOptions source;
    source.addTo(parser);
    const QCommandLineOption logo(QStringLiteral("logo"), QStringLiteral("The logo, checked like fhw logo-check."), QStringLiteral("FILE.svg"));
    const QCommandLineOption endpoint(QStringLiteral("endpoint"),
                                      QStringLiteral("An HTTPS endpoint for a data centre: POD=URL, or POD:FAMILY=URL per "
                                                     "type (registration, event, audience, dsr). Repeat per pod."),
                                      QStringLiteral("POD=URL"));
    const QCommandLineOption lambdaArn(QStringLiteral("lambda-arn"),
                                       QStringLiteral("A Lambda function for a data centre, in its region: POD=ARN."),
                                       QStringLiteral("POD=ARN"));
    const QCommandLineOption publicKey(QStringLiteral("public-key"),
                                       QStringLiteral("Your armored PGP public key (fhw key export)."), QStringLiteral("FILE.asc"));
    const QCommandLineOption conformance(QStringLiteral("conformance"), QStringLiteral("The JSON report of fhw check."),
                                         QStringLiteral("FILE.json"));
    const QCommandLineOption junit(QStringLiteral("junit"), QStringLiteral("Its JUnit XML."), QStringLiteral("FILE.xml"));
    const QCommandLineOption latency(QStringLiteral("latency"), QStringLiteral("The JSON report of fhw load."),
                                     QStringLiteral("FILE.json"));
    const QCommandLineOption cookieSync(QStringLiteral("cookie-sync"),
                                        QStringLiteral("Cookie Sync answers (see the bundle's cookie-sync.json for the form)."),
                                        QStringLiteral("FILE.json"));
    const QCommandLineOption tokenEnv(QStringLiteral("token-env"),
                                      QStringLiteral("Also refuse if the token in VAR appears anywhere (the keychain's tokens "
                                                     "are always looked for). Repeatable."),
                                      QStringLiteral("VAR"));
    const QCommandLineOption force(QStringLiteral("force"),
                                   QStringLiteral("Write the bundle although checks fail; REASON is recorded in the manifest. "
                                                  "Never overrides a secret found in the inputs."),
                                   QStringLiteral("REASON"));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Where to write the zip."), QStringLiteral("FILE.zip"));
    const QCommandLineOption verifyOption(QStringLiteral("verify"),
                                          QStringLiteral("Check a bundle's files against its manifest instead."),
                                          QStringLiteral("FILE.zip"));
    parser.addOptions({logo, endpoint, lambdaArn, publicKey, conformance, junit, latency, cookieSync, tokenEnv, force, out,
                       verifyOption});
    if (auto exit = parseArguments(
            parser, arguments,
            "Writes the submission bundle for mParticle's review: registration.json/.md/.html, logo.svg with its "
            "previews, endpoints.json, pgp-public-key.asc, the reports given, cookie-sync.json, and manifest.json "
            "(sizes, SHA-256, tool version, the checklist). The same inputs give the same bytes.\n"
            "Refused when any file would hold a private key or a token, or when a check fails (unless --force).\n"
            "Exit status: 0 written (or verified), 1 refused (or a file does not match), 2 bad usage or unreadable "
            "input."))
        return *exit;

    if (parser.isSet(verifyOption)) {
        if (parser.isSet(out) || parser.isSet(logo)) {
            printErr(QStringLiteral("%1: --verify takes only the zip\n").arg(command));
            return ExitUsage;
        }
        return verify(parser.value(verifyOption));
    }
    if (!parser.isSet(out)) {
        printErr(QStringLiteral("%1: give --out FILE.zip (or --verify FILE.zip)\nTry 'fhw bundle --help'.\n").arg(command));
        return ExitUsage;
    }

    BundleInputs inputs;
    auto endpoints = endpointsFrom(parser.values(endpoint), parser.values(lambdaArn));
    if (!endpoints)
        return ExitUsage;
    inputs.endpoints = std::move(*endpoints);
    const auto optionalFile = [&](const QCommandLineOption &option, const char *what, std::optional<std::string> &into) {
        if (!parser.isSet(option))
            return true;
        into = readInput(parser.value(option), what);
        return into.has_value();
    };
    std::optional<std::string> key, cookieSyncText;
    if (!optionalFile(publicKey, "public key", key) || !optionalFile(conformance, "conformance report", inputs.conformanceJson)
        || !optionalFile(junit, "JUnit report", inputs.conformanceJUnit)
        || !optionalFile(latency, "latency report", inputs.latencyJson)
        || !optionalFile(cookieSync, "Cookie Sync answers", cookieSyncText))
        return ExitUsage;
    inputs.publicKey = key.value_or("");
    if (cookieSyncText) {
        auto json = protocol::parseJson(*cookieSyncText);
        auto answers = json ? cookieSyncFromJson(*json) : std::unexpected(Error{"cookie-sync.format", json.error().message});
        if (!answers) {
            printErr(QStringLiteral("%1: %2: %3\n").arg(command, parser.value(cookieSync), QString::fromStdString(answers.error().message)));
            return ExitUsage;
        }
        inputs.cookieSync = std::move(*answers);
    }
    if (parser.isSet(logo)) {
        const auto svg = readInput(parser.value(logo), "logo");
        if (!svg)
            return ExitUsage;
        inputs.logo = checkedLogo(parser.value(logo), QByteArray::fromStdString(*svg));
    }
    if (parser.isSet(force))
        inputs.forceConfirmation = parser.value(force).toStdString();

    auto registration = source.registration(parser, command);
    if (!registration) {
        printErr(registration.error().first);
        return registration.error().second;
    }
    inputs.registration = std::move(*registration);

    for (const QString &variable : parser.values(tokenEnv)) {
        auto token = tokenFromEnvironment(variable);
        if (!token) {
            printErr(QStringLiteral("%1: the environment variable %2 is empty or unset\n").arg(command, variable));
            return ExitUsage;
        }
        inputs.knownTokens.push_back({"$" + variable.toStdString(), std::move(*token)});
    }
    for (KnownToken &token : keychainTokens())
        inputs.knownTokens.push_back(std::move(token));

    const std::vector<ChecklistItem> checklist = bundleChecklist(inputs);
    printChecklist(checklist);
    const auto written = writeBundle(inputs, parser.value(out).toStdString());
    for (KnownToken &token : inputs.knownTokens)
        secrets::wipe(token.value);
    if (!written) {
        printErr(QStringLiteral("%1: %2\n").arg(command, QString::fromStdString(written.error().message)));
        return written.error().code == "bundle.write" ? ExitUsage : ExitFindings;
    }
    printOut(QStringLiteral("wrote %1%2\n")
                 .arg(parser.value(out), inputs.forceConfirmation && std::ranges::any_of(checklist, &ChecklistItem::blocksExport)
                                             ? QStringLiteral(" (forced past failed checks; recorded in the manifest)")
                                             : QString()));
    return ExitOk;
}

} // namespace fhw::cli
