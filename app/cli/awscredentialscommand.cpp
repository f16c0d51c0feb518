// fhw aws-credentials: keep AWS credentials for signing Lambda invocations in the OS keychain, taken from
// AWS's usual places (environment or a profile), so `--aws-keychain NAME` can sign without files on disk.

#include "command.h"

#include "aws/credentials.h"

namespace fhw::cli {

int awsCredentialsCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("ACTION"), QStringLiteral("store: copy credentials into the keychain; "
                                                                          "check: read them back (the key id only)."));
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The name they are kept under."));
    const QCommandLineOption profile(QStringLiteral("aws-profile"),
                                     QStringLiteral("store: read this profile of ~/.aws/credentials and ~/.aws/config "
                                                    "(default: the environment's keys, else AWS_PROFILE, else \"default\")."),
                                     QStringLiteral("P"));
    parser.addOption(profile);
    if (auto exit = parseArguments(parser, arguments,
                                   "Keeps AWS credentials in the OS keychain (service \"Firehose Workbench AWS\") for "
                                   "signing Lambda invocations with --aws-keychain NAME. The secret key is never printed."))
        return *exit;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2 || (positional[0] != QLatin1String("store") && positional[0] != QLatin1String("check"))) {
        printErr(QStringLiteral("fhw aws-credentials: give store NAME or check NAME\n"));
        return ExitUsage;
    }
    const std::string name = positional[1].toStdString();
    if (positional[0] == QLatin1String("check")) {
        auto stored = aws::keychainCredentials(name);
        if (!stored) {
            printErr(QStringLiteral("fhw aws-credentials: %1\n").arg(QString::fromStdString(stored.error().message)));
            return ExitFindings;
        }
        printOut(QStringLiteral("%1: access key %2%3\n")
                     .arg(positional[1], QString::fromStdString(stored->accessKeyId),
                          stored->sessionToken.empty() ? QString() : QStringLiteral(" (with a session token)")));
        return ExitOk;
    }
    aws::CredentialOptions options;
    options.profile = parser.value(profile).toStdString();
    auto credentials = aws::resolveCredentials(options);
    if (!credentials) {
        printErr(QStringLiteral("fhw aws-credentials: %1\n").arg(QString::fromStdString(credentials.error().message)));
        return ExitFindings;
    }
    if (auto stored = aws::storeKeychainCredentials(name, *credentials); !stored) {
        printErr(QStringLiteral("fhw aws-credentials: %1\n").arg(QString::fromStdString(stored.error().message)));
        return ExitFindings;
    }
    printOut(QStringLiteral("stored access key %1 from %2 as %3\n")
                 .arg(QString::fromStdString(credentials->accessKeyId), QString::fromStdString(credentials->source),
                      positional[1]));
    return ExitOk;
}

} // namespace fhw::cli
