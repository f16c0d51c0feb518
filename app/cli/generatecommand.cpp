// fhw generate: print a realistic, valid Firehose message built from a seed.

#include "command.h"

#include "protocol/generator.h"


namespace fhw::cli {

int generateCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("TYPE"), QStringLiteral("One of: %1 (or a wire name).").arg(messageTypeNames()));
    const QCommandLineOption seedOption(QStringLiteral("seed"),
                                        QStringLiteral("Seed; the same seed gives the same bytes (default 1)."),
                                        QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption eventsOption(QStringLiteral("events"),
                                          QStringLiteral("Events in an event batch (default 16: every event type)."),
                                          QStringLiteral("N"), QStringLiteral("16"));
    const QCommandLineOption verificationOption(
        QStringLiteral("verification"),
        QStringLiteral("The verification variant: an event batch with \"events\": [], a membership change without "
                       "user_profiles."));
    const QCommandLineOption prettyOption(QStringLiteral("pretty"), QStringLiteral("Indent the JSON."));
    parser.addOptions({seedOption, eventsOption, verificationOption, prettyOption});
    if (auto exit = parseArguments(parser, arguments,
                                   "Prints a realistic Firehose message that validates clean in the strict profile."))
        return *exit;

    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        printErr(QStringLiteral("fhw generate: give exactly one TYPE: %1\n").arg(messageTypeNames()));
        return ExitUsage;
    }
    const auto type = messageTypeFromName(positional.first());
    if (!type) {
        printErr(QStringLiteral("fhw generate: unknown TYPE '%1'; one of: %2\n").arg(positional.first(), messageTypeNames()));
        return ExitUsage;
    }
    bool seedOk = false;
    bool eventsOk = false;
    protocol::GeneratorOptions options;
    options.seed = parser.value(seedOption).toULongLong(&seedOk);
    options.eventCount = parser.value(eventsOption).toInt(&eventsOk);
    if (!seedOk) {
        printErr(QStringLiteral("fhw generate: --seed needs a non-negative integer\n"));
        return ExitUsage;
    }
    if (!eventsOk || options.eventCount < 0 || options.eventCount > 1'000'000) {
        printErr(QStringLiteral("fhw generate: --events needs a number from 0 to 1000000\n"));
        return ExitUsage;
    }
    options.verification = parser.isSet(verificationOption);

    const protocol::Json message = protocol::Generator(options).generate(*type);
    printOut(message.dump(parser.isSet(prettyOption) ? 2 : -1) + "\n");
    return ExitOk;
}

} // namespace fhw::cli
