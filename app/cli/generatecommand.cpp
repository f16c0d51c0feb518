// fhw generate: print a realistic, valid Firehose message built from a seed.

#include "command.h"

#include "protocol/generator.h"

#include <array>

namespace fhw::cli {

namespace {

using protocol::MessageType;

struct TypeName
{
    std::string_view name;
    MessageType type;
};

// Short names for the command line; the wire names are accepted too.
constexpr std::array typeNames{
    TypeName{"registration-request", MessageType::ModuleRegistrationRequest},
    TypeName{"registration-response", MessageType::ModuleRegistrationResponse},
    TypeName{"event", MessageType::EventProcessingRequest},
    TypeName{"event-response", MessageType::EventProcessingResponse},
    TypeName{"audience-subscription", MessageType::AudienceSubscriptionRequest},
    TypeName{"audience-subscription-response", MessageType::AudienceSubscriptionResponse},
    TypeName{"audience-membership", MessageType::AudienceMembershipChangeRequest},
    TypeName{"audience-membership-response", MessageType::AudienceMembershipChangeResponse},
    TypeName{"dsr", MessageType::DsrProcessingRequest},
    TypeName{"dsr-response", MessageType::DsrProcessingResponse},
};

std::optional<MessageType> typeFromName(const QString &name)
{
    const std::string text = name.toStdString();
    for (const TypeName &entry : typeNames) {
        if (entry.name == text)
            return entry.type;
    }
    return protocol::messageTypeFromWireName(text);
}

QString typeList()
{
    QStringList names;
    for (const TypeName &entry : typeNames)
        names << QString::fromUtf8(entry.name.data(), qsizetype(entry.name.size()));
    return names.join(QStringLiteral(", "));
}

} // namespace

int generateCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("TYPE"), QStringLiteral("One of: %1 (or a wire name).").arg(typeList()));
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
        printErr(QStringLiteral("fhw generate: give exactly one TYPE: %1\n").arg(typeList()));
        return ExitUsage;
    }
    const auto type = typeFromName(positional.first());
    if (!type) {
        printErr(QStringLiteral("fhw generate: unknown TYPE '%1'; one of: %2\n").arg(positional.first(), typeList()));
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
