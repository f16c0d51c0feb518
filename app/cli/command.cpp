#include "command.h"

#include <array>
#include <cstdio>

namespace fhw::cli {

namespace {

constexpr std::array allCommands{
    Command{"validate", "check Firehose messages against the protocol", validateCommand},
    Command{"generate", "build a realistic, valid Firehose message", generateCommand},
    Command{"send", "send a request the way mParticle does and check the answer", sendCommand},
    Command{"serve", "run a local endpoint that answers like a correct integration", serveCommand},
    Command{"key", "your OpenPGP key: list, create, export the public key for mParticle", keyCommand},
    Command{"token", "auth tokens: import mParticle's encrypted token into the keychain, list, show, delete", tokenCommand},
    Command{"check", "would mParticle accept this endpoint? the conformance check, with JSON and JUnit reports", checkCommand},
    Command{"load", "latency under load at a constant arrival rate (open model), with a report", loadCommand},
    Command{"export-locust", "write a Locust file that replays the same traffic, to run distributed", exportLocustCommand},
    Command{"aws-credentials", "keep AWS credentials for signing Lambda invocations in the keychain", awsCredentialsCommand},
    Command{"logo-check", "is this SVG logo what mParticle wants? safe, scalable, transparent, legible on white", logoCheckCommand},
    Command{"registration-export", "the registration as JSON, or the summary a reviewer reads (Markdown, HTML)", registrationExportCommand},
    Command{"bundle", "the submission zip for mParticle's review, checked for secrets; --verify one", bundleCommand},
    Command{"postman", "saved requests to and from a Postman collection (v2.1), the token as a variable", postmanCommand},
    Command{"har", "history entries as HAR 1.2 for a browser's network panel, Charles or Fiddler", harCommand},
};

struct TypeName
{
    std::string_view name;
    protocol::MessageType type;
};

constexpr std::array typeNames{
    TypeName{"registration-request", protocol::MessageType::ModuleRegistrationRequest},
    TypeName{"registration-response", protocol::MessageType::ModuleRegistrationResponse},
    TypeName{"event", protocol::MessageType::EventProcessingRequest},
    TypeName{"event-response", protocol::MessageType::EventProcessingResponse},
    TypeName{"audience-subscription", protocol::MessageType::AudienceSubscriptionRequest},
    TypeName{"audience-subscription-response", protocol::MessageType::AudienceSubscriptionResponse},
    TypeName{"audience-membership", protocol::MessageType::AudienceMembershipChangeRequest},
    TypeName{"audience-membership-response", protocol::MessageType::AudienceMembershipChangeResponse},
    TypeName{"dsr", protocol::MessageType::DsrProcessingRequest},
    TypeName{"dsr-response", protocol::MessageType::DsrProcessingResponse},
};

void write(std::FILE *stream, std::string_view text)
{
    std::fwrite(text.data(), 1, text.size(), stream);
}

} // namespace

std::optional<protocol::MessageType> messageTypeFromName(const QString &name)
{
    const std::string text = name.toStdString();
    for (const TypeName &entry : typeNames) {
        if (entry.name == text)
            return entry.type;
    }
    return protocol::messageTypeFromWireName(text);
}

QString messageTypeNames()
{
    QStringList names;
    for (const TypeName &entry : typeNames)
        names << QString::fromUtf8(entry.name.data(), qsizetype(entry.name.size()));
    return names.join(QStringLiteral(", "));
}

std::expected<std::optional<std::string>, int> tokenFromOptions(const QCommandLineParser &parser,
                                                                const QCommandLineOption &environmentOption,
                                                                const QCommandLineOption &keychainOption,
                                                                const QString &command)
{
    if (parser.isSet(environmentOption) && parser.isSet(keychainOption)) {
        printErr(QStringLiteral("%1: give --token-env or --token-name, not both\n").arg(command));
        return std::unexpected(int(ExitUsage));
    }
    if (parser.isSet(environmentOption)) {
        auto token = tokenFromEnvironment(parser.value(environmentOption));
        if (!token) {
            printErr(QStringLiteral("%1: the environment variable %2 is empty or unset\n")
                         .arg(command, parser.value(environmentOption)));
            return std::unexpected(int(ExitUsage));
        }
        return token;
    }
    if (parser.isSet(keychainOption)) {
        auto token = tokenFromKeychain(parser.value(keychainOption));
        if (!token) {
            printErr(QStringLiteral("%1: %2\n").arg(command, token.error()));
            return std::unexpected(int(ExitFindings));
        }
        return std::optional(std::move(*token));
    }
    return std::optional<std::string>();
}

std::span<const Command> commands()
{
    return allCommands;
}

std::optional<int> parseArguments(QCommandLineParser &parser, const QStringList &arguments,
                                  std::string_view description)
{
    parser.setApplicationDescription(QString::fromUtf8(description.data(), qsizetype(description.size())));
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    parser.addOption(help);
    if (!parser.parse(arguments)) {
        printErr(QStringLiteral("%1: %2\nTry '%1 --help'.\n").arg(arguments.value(0), parser.errorText()));
        return ExitUsage;
    }
    if (parser.isSet(help)) {
        printOut(parser.helpText());
        return ExitOk;
    }
    return std::nullopt;
}

std::optional<int> intValue(const QCommandLineParser &parser, const QCommandLineOption &option, int min, int max)
{
    bool ok = false;
    const int value = parser.value(option).toInt(&ok);
    return ok && value >= min && value <= max ? std::optional(value) : std::nullopt;
}

std::optional<std::string> tokenFromEnvironment(const QString &variable)
{
    const QByteArray token = qgetenv(variable.toUtf8().constData());
    return token.isEmpty() ? std::nullopt : std::optional(token.toStdString());
}

void printOut(std::string_view text)
{
    write(stdout, text);
}

void printErr(std::string_view text)
{
    std::fflush(stdout);
    write(stderr, text);
}

void printOut(const QString &text)
{
    printOut(std::string_view(text.toUtf8()));
}

void printErr(const QString &text)
{
    printErr(std::string_view(text.toUtf8()));
}

} // namespace fhw::cli
