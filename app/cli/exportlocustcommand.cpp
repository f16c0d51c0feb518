// fhw export-locust: write a Locust file that replays `fhw load`'s traffic, for runs past one machine.

#include "command.h"
#include "targetoptions.h"

#include "readiness/locustexport.h"

#include <QSaveFile>

#include <cmath>

namespace fhw::cli {

namespace {

const QString commandName = QStringLiteral("fhw export-locust");

int usage(const QString &message)
{
    printErr(QStringLiteral("%1: %2\nTry '%1 --help'.\n").arg(commandName, message));
    return ExitUsage;
}

} // namespace

int exportLocustCommand(const QStringList &arguments)
{
    const readiness::LocustSettings defaults;
    QCommandLineParser parser;
    TargetOptions targetOptions;
    targetOptions.addTo(parser);
    const QCommandLineOption outOption(QStringLiteral("out"),
                                       QStringLiteral("Write the Locust file here (replaced atomically); - prints it."),
                                       QStringLiteral("FILE"));
    const QCommandLineOption mixOption(QStringLiteral("mix"),
                                       QStringLiteral("Request types and relative weights, e.g. "
                                                      "event=80,audience-membership=20 (default event=100)."),
                                       QStringLiteral("MIX"));
    const QCommandLineOption tokenOption(QStringLiteral("token-env"),
                                         QStringLiteral("The environment variable the Locust workers read the token "
                                                        "from when they start (the token is never written in the file). "
                                                        "Without it no Authorization header is sent."),
                                         QStringLiteral("VAR"));
    const QCommandLineOption seedOption(QStringLiteral("seed"),
                                        QStringLiteral("Generator seed; body i of each type uses seed+i (default %1).")
                                            .arg(defaults.seed),
                                        QStringLiteral("N"), QString::number(defaults.seed));
    const QCommandLineOption eventsOption(QStringLiteral("events"),
                                          QStringLiteral("Events in each event batch, 0 to 1000 (default %1).")
                                              .arg(defaults.eventsPerBatch),
                                          QStringLiteral("N"), QString::number(defaults.eventsPerBatch));
    const QCommandLineOption bodiesOption(QStringLiteral("bodies"),
                                          QStringLiteral("Generated bodies embedded per request type, 1 to 1000 "
                                                         "(default %1).")
                                              .arg(defaults.bodiesPerType),
                                          QStringLiteral("N"), QString::number(defaults.bodiesPerType));
    const QCommandLineOption noRetriesOption(QStringLiteral("no-retries"),
                                             QStringLiteral("Do not retry 408/429/5xx as mParticle does."));
    const QCommandLineOption rateOption(QStringLiteral("rate-per-user"),
                                        QStringLiteral("Requests per second each simulated user sends (default %1); "
                                                       "the total rate is about users x this.")
                                            .arg(defaults.ratePerUser),
                                        QStringLiteral("X"), QString::number(defaults.ratePerUser));
    parser.addOptions({outOption, mixOption, tokenOption, seedOption, eventsOption, bodiesOption, noRetriesOption,
                       rateOption});
    if (auto exit = parseArguments(parser, arguments,
                                   "Writes a Locust file (Python) that replays the traffic of fhw load: the generated "
                                   "bodies, the auth header, mParticle's retry policy and the mix, so it can run "
                                   "distributed (locust --master / --worker) at production scale."))
        return *exit;

    if (!parser.isSet(outOption))
        return usage(QStringLiteral("give --out FILE (or --out - to print)"));
    if (parser.positionalArguments().size() > 1)
        return usage(QStringLiteral("give at most one URL"));
    auto target = targetOptions.target(parser, commandName);
    if (!target) {
        printErr(target.error() + QLatin1Char('\n'));
        return ExitUsage;
    }

    readiness::LocustSettings settings;
    settings.target = std::move(*target);
    if (parser.isSet(mixOption)) {
        auto mix = readiness::parseMix(parser.value(mixOption).toStdString());
        if (!mix)
            return usage(QStringLiteral("--mix: %1").arg(QString::fromStdString(mix.error().message)));
        settings.mix = std::move(*mix);
    }
    settings.tokenEnvironmentVariable = parser.value(tokenOption).toStdString();
    bool seedOk = false;
    settings.seed = parser.value(seedOption).toULongLong(&seedOk);
    if (!seedOk)
        return usage(QStringLiteral("--seed needs a non-negative integer"));
    const auto events = intValue(parser, eventsOption, 0, 1000);
    if (!events)
        return usage(QStringLiteral("--events needs a number from 0 to 1000"));
    settings.eventsPerBatch = *events;
    const auto bodies = intValue(parser, bodiesOption, 1, 1000);
    if (!bodies)
        return usage(QStringLiteral("--bodies needs a number from 1 to 1000"));
    settings.bodiesPerType = *bodies;
    settings.retries = !parser.isSet(noRetriesOption);
    bool rateOk = false;
    settings.ratePerUser = parser.value(rateOption).toDouble(&rateOk);
    if (!rateOk || !std::isfinite(settings.ratePerUser) || settings.ratePerUser <= 0)
        return usage(QStringLiteral("--rate-per-user needs a number above 0"));

    const auto file = readiness::locustFile(settings);
    if (!file)
        return usage(QString::fromStdString(file.error().message));

    const QString out = parser.value(outOption);
    if (out == QLatin1String("-")) {
        printOut(*file);
        return ExitOk;
    }
    QSaveFile saved(out);
    if (!saved.open(QIODevice::WriteOnly) || saved.write(file->data(), qint64(file->size())) != qint64(file->size())
        || !saved.commit()) {
        printErr(QStringLiteral("%1: cannot write %2: %3\n").arg(commandName, out, saved.errorString()));
        return ExitUsage;
    }
    if (settings.tokenEnvironmentVariable.empty())
        printErr(QStringLiteral("%1: note: without --token-env the file sends no Authorization header\n").arg(commandName));
    printOut(QStringLiteral("Wrote %1 (mix %2). Run it with: locust -f %1 --headless -u USERS -r RATE -t 60s\n")
                 .arg(out, QString::fromStdString(readiness::mixText(settings.mix))));
    return ExitOk;
}

} // namespace fhw::cli
