// fhw check: "would mParticle accept this endpoint?" — the conformance checks of core/readiness, with
// the report as text, JSON and JUnit XML (so a partner's CI can gate on it).

#include "command.h"
#include "lambdaoptions.h"
#include "targetoptions.h"

#include "readiness/conformance.h"

#include <QFileInfo>
#include <QSaveFile>

namespace fhw::cli {

namespace {

const QString commandName = QStringLiteral("fhw check");

bool writeFile(const QString &path, const std::string &text)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text.data(), qint64(text.size())) != qint64(text.size())
        || !file.commit()) {
        printErr(QStringLiteral("%1: cannot write %2: %3\n").arg(commandName, path, file.errorString()));
        return false;
    }
    return true;
}

} // namespace

int checkCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    TargetOptions targetOptions;
    targetOptions.addTo(parser);
    const QCommandLineOption tokenEnv(QStringLiteral("token-env"),
                                      QStringLiteral("Send 'Authorization: Token <value of VAR>' as mParticle does "
                                                     "(never on registration)."),
                                      QStringLiteral("VAR"));
    const QCommandLineOption tokenName(QStringLiteral("token-name"),
                                       QStringLiteral("Send 'Authorization: Token <the token of that name in the "
                                                      "keychain>' (see 'fhw token')."),
                                       QStringLiteral("NAME"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Write the report as JSON to FILE ('-': stdout, instead of the text)."),
                                  QStringLiteral("FILE"));
    const QCommandLineOption junit(QStringLiteral("junit"), QStringLiteral("Write the report as JUnit XML to FILE."),
                                   QStringLiteral("FILE"));
    const QCommandLineOption verbose(QStringLiteral("verbose"),
                                     QStringLiteral("Show the evidence of every check: requests, answers, timings."));
    const QCommandLineOption seed(QStringLiteral("seed"),
                                  QStringLiteral("Seed for the generated request bodies (default 1)."),
                                  QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption timeout(QStringLiteral("timeout-ms"),
                                     QStringLiteral("Total time for one request (default 2000)."), QStringLiteral("N"));
    const QCommandLineOption cacert(QStringLiteral("cacert"),
                                    QStringLiteral("Trust this CA certificate too (PEM), e.g. a self-signed test one."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption budget(QStringLiteral("budget-ms"),
                                    QStringLiteral("Latency budget per answer (default 100, mParticle's figure for "
                                                   "HTTP; 200 for Lambda)."),
                                    QStringLiteral("N"), QStringLiteral("100"));
    parser.addOptions({tokenEnv, tokenName, json, junit, verbose, seed, timeout, cacert, budget});
    LambdaOptions lambdaOptions;
    lambdaOptions.addTo(parser);
    if (auto exit = parseArguments(
            parser, arguments,
            "Checks whether mParticle would accept a Firehose endpoint: the registration without auth, every "
            "registered capability, verification pings, auth, robustness (unknown fields and types, malformed "
            "JSON, 1,000-event batches), https/TLS and latency. Each check passes, informs, warns or fails, with "
            "evidence.\nExit status: 0 when no check failed, 1 when one did, 2 for usage or I/O errors."))
        return *exit;
    if (parser.positionalArguments().size() > 1) {
        printErr(QStringLiteral("%1: one URL at most (use --event-url … for a URL per type)\n").arg(commandName));
        return ExitUsage;
    }

    readiness::ConformanceSettings settings;
    auto target = targetOrLambda(parser, targetOptions, lambdaOptions, commandName);
    if (!target) {
        printErr(target.error() + u'\n');
        return ExitUsage;
    }
    settings.target = std::move(*target);

    bool ok = false;
    settings.seed = parser.value(seed).toULongLong(&ok);
    if (!ok) {
        printErr(QStringLiteral("%1: --seed takes a non-negative number\n").arg(commandName));
        return ExitUsage;
    }
    const auto budgetMs = intValue(parser, budget, 1, 600'000);
    if (!budgetMs) {
        printErr(QStringLiteral("%1: --budget-ms takes a number of milliseconds from 1 to 600000\n").arg(commandName));
        return ExitUsage;
    }
    // mParticle's Lambda requirement is 200 ms (for 99% of calls), HTTP's 100 ms.
    settings.budget = std::chrono::milliseconds(settings.target.isLambda() && !parser.isSet(budget) ? 200 : *budgetMs);
    if (parser.isSet(timeout)) {
        const auto ms = intValue(parser, timeout, 1, 600'000);
        if (!ms) {
            printErr(QStringLiteral("%1: --timeout-ms takes a number of milliseconds from 1 to 600000\n").arg(commandName));
            return ExitUsage;
        }
        settings.options.totalTimeout = std::chrono::milliseconds(*ms);
        settings.options.connectTimeout = std::min(settings.options.connectTimeout, settings.options.totalTimeout);
    }
    if (parser.isSet(cacert)) {
        const QFileInfo file(parser.value(cacert));
        if (!file.isFile() || !file.isReadable()) {
            printErr(QStringLiteral("%1: --cacert %2 is not a readable file\n").arg(commandName, parser.value(cacert)));
            return ExitUsage;
        }
        settings.options.caFile = file.absoluteFilePath().toStdString();
    }
    const bool jsonToStdout = parser.value(json) == QLatin1String("-");
    if (parser.isSet(junit) && parser.value(junit) == QLatin1String("-")) {
        printErr(QStringLiteral("%1: --junit takes a file name\n").arg(commandName));
        return ExitUsage;
    }
    auto token = tokenFromOptions(parser, tokenEnv, tokenName, commandName);
    if (!token)
        return token.error();
    if (*token)
        settings.token = std::move(**token);

    readiness::ConformanceRun run(std::move(settings));
    const readiness::ConformanceReport report = run.run();

    bool written = true;
    if (parser.isSet(json)) {
        const std::string text = readiness::conformanceJson(report).dump(2) + "\n";
        if (jsonToStdout)
            printOut(text);
        else
            written = writeFile(parser.value(json), text) && written;
    }
    if (parser.isSet(junit))
        written = writeFile(parser.value(junit), readiness::conformanceJUnit(report)) && written;
    if (!jsonToStdout)
        printOut(readiness::conformanceText(report, parser.isSet(verbose)));
    if (!written)
        return ExitUsage;
    return report.passed() ? ExitOk : ExitFindings;
}

} // namespace fhw::cli
