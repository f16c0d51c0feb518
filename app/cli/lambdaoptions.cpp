#include "lambdaoptions.h"
#include "targetoptions.h"

#include "aws/lambda.h"

#include <QUrl>

namespace fhw::cli {

namespace {

QString ms(double value)
{
    return QString::number(value, 'f', 2) + QStringLiteral(" ms");
}

} // namespace

LambdaOptions::LambdaOptions()
    : m_lambda(QStringLiteral("lambda"),
               QStringLiteral("Invoke this AWS Lambda function (a name, or a function ARN, alias ARNs included) as "
                              "mParticle does, instead of POSTing to a URL."),
               QStringLiteral("FUNCTION_OR_ARN"))
    , m_region(QStringLiteral("region"),
               QStringLiteral("With --lambda: the function's region (an ARN has it; else AWS_REGION or the profile's)."),
               QStringLiteral("R"))
    , m_qualifier(QStringLiteral("qualifier"), QStringLiteral("With --lambda: an alias or version (default $LATEST)."),
                  QStringLiteral("Q"))
    , m_endpoint(QStringLiteral("lambda-endpoint"),
                 QStringLiteral("With --lambda: invoke here instead of AWS, e.g. `fhw serve --lambda`, the Runtime "
                                "Interface Emulator or `sam local start-lambda` (http://127.0.0.1:PORT); such "
                                "emulators usually want --no-sign."),
                 QStringLiteral("URL"))
    , m_noSign(QStringLiteral("no-sign"), QStringLiteral("With --lambda: send the invocation unsigned (no SigV4)."))
    , m_profile(QStringLiteral("aws-profile"),
                QStringLiteral("With --lambda: the AWS profile for credentials (default: AWS_PROFILE, else "
                               "\"default\"; the environment's keys come first)."),
                QStringLiteral("P"))
    , m_keychain(QStringLiteral("aws-keychain"),
                 QStringLiteral("With --lambda: sign with the AWS credentials stored in the keychain under NAME "
                                "(fhw aws-credentials store NAME) instead of AWS's files and environment."),
                 QStringLiteral("NAME"))
{
}

void LambdaOptions::addTo(QCommandLineParser &parser)
{
    parser.addOptions({m_lambda, m_region, m_qualifier, m_endpoint, m_noSign, m_profile, m_keychain});
}

bool LambdaOptions::isSet(const QCommandLineParser &parser) const
{
    return parser.isSet(m_lambda);
}

std::expected<std::optional<transport::LambdaTarget>, QString> LambdaOptions::target(const QCommandLineParser &parser,
                                                                                     const QString &command) const
{
    if (!parser.isSet(m_lambda)) {
        for (const QCommandLineOption *option : {&m_region, &m_qualifier, &m_endpoint, &m_noSign, &m_profile, &m_keychain}) {
            if (parser.isSet(*option))
                return std::unexpected(QStringLiteral("%1: --%2 needs --lambda").arg(command, option->names().first()));
        }
        return std::optional<transport::LambdaTarget>();
    }
    auto target = aws::lambdaTarget(parser.value(m_lambda).toStdString(), parser.value(m_region).toStdString(),
                                    parser.value(m_qualifier).toStdString());
    if (!target)
        return std::unexpected(QStringLiteral("%1: --lambda: %2").arg(command, QString::fromStdString(target.error().message)));
    if (parser.isSet(m_endpoint)) {
        const QString text = parser.value(m_endpoint);
        const QUrl url(text, QUrl::StrictMode);
        const QString scheme = url.scheme().toLower();
        if (!url.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https")) || url.host().isEmpty())
            return std::unexpected(QStringLiteral("%1: --lambda-endpoint \"%2\" is not an http:// or https:// URL")
                                       .arg(command, text));
        target->endpoint = text.toStdString();
    }
    target->sign = !parser.isSet(m_noSign);
    target->profile = parser.value(m_profile).toStdString();
    target->keychainCredentials = parser.value(m_keychain).toStdString();
    if (parser.isSet(m_keychain) && parser.isSet(m_profile))
        return std::unexpected(QStringLiteral("%1: give --aws-profile or --aws-keychain, not both").arg(command));
    if (target->endpoint.empty() && !target->sign)
        return std::unexpected(QStringLiteral("%1: --no-sign is for local emulators (--lambda-endpoint); AWS refuses "
                                              "unsigned invocations").arg(command));
    return std::optional<transport::LambdaTarget>(std::move(*target));
}

QString lambdaText(const transport::LambdaInvocation &invocation)
{
    QString text;
    if (!invocation.functionError.empty())
        text += QStringLiteral("function error: %1\n").arg(QString::fromStdString(invocation.functionError));
    if (const auto &report = invocation.report) {
        text += QStringLiteral("REPORT: Duration %1, Billed %2, Memory %3 MB, Max Memory %4 MB")
                    .arg(ms(report->durationMs), ms(report->billedDurationMs))
                    .arg(report->memorySizeMb)
                    .arg(report->maxMemoryUsedMb);
        if (report->initDurationMs)
            text += QStringLiteral(", Init Duration %1 (cold start)").arg(ms(*report->initDurationMs));
        else
            text += QStringLiteral(" (warm)");
        text += u'\n';
    } else if (!invocation.logTail.empty()) {
        text += QStringLiteral("log tail without a REPORT line\n");
    }
    return text;
}

std::expected<transport::Target, QString> targetOrLambda(const QCommandLineParser &parser, const TargetOptions &urls,
                                                         const LambdaOptions &lambda, const QString &command)
{
    auto function = lambda.target(parser, command);
    if (!function)
        return std::unexpected(function.error());
    if (!*function)
        return urls.target(parser, command);
    if (!parser.positionalArguments().isEmpty() || urls.target(parser, command))
        return std::unexpected(QStringLiteral("%1: give a URL or --lambda, not both").arg(command));
    transport::Target target;
    target.lambda = std::move(**function);
    return target;
}

} // namespace fhw::cli
