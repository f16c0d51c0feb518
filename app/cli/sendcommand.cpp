// fhw send: send one Firehose request the way mParticle does (headers, retries) and check the answer.

#include "command.h"
#include "lambdaoptions.h"

#include "protocol/generator.h"
#include "protocol/parse.h"
#include "protocol/validator.h"
#include "transport/curlcommand.h"
#include "transport/httpsender.h"
#include "transport/sendresultjson.h"

#include <iostream>

namespace fhw::cli {

namespace {

using namespace fhw::transport;

QString milliseconds(std::int64_t us)
{
    return QString::number(double(us) / 1000.0, 'f', 2);
}

QString attemptLine(const Attempt &attempt)
{
    QString line = QStringLiteral("attempt %1").arg(attempt.number);
    if (attempt.delayBefore.count() > 0)
        line += QStringLiteral(" (after %1 ms back-off)").arg(attempt.delayBefore.count());
    line += QStringLiteral(": ");
    line += attempt.status ? QString::number(attempt.status) : QStringLiteral("no response");
    if (!attempt.errorText.empty())
        line += QStringLiteral(" (%1)").arg(QString::fromStdString(attempt.errorText));
    const PhaseTimings &t = attempt.timings;
    line += QStringLiteral(" in %1 ms — dns %2, connect %3, tls %4, sent %5, first byte %6 ms")
                .arg(milliseconds(t.totalUs), milliseconds(t.dnsUs), milliseconds(t.connectUs),
                     t.tlsUs ? milliseconds(t.tlsUs) : QStringLiteral("-"), milliseconds(t.requestSentUs),
                     milliseconds(t.firstByteUs));
    if (attempt.tls) {
        line += QStringLiteral("\n  tls: %1, certificate %2 (issuer %3, valid until %4)%5")
                    .arg(QString::fromStdString(attempt.tls->version), QString::fromStdString(attempt.tls->subject),
                         QString::fromStdString(attempt.tls->issuer), QString::fromStdString(attempt.tls->notAfter),
                         attempt.tls->verified ? QStringLiteral(", verified")
                                               : QStringLiteral(", NOT verified: ")
                                                     + QString::fromStdString(attempt.tls->verifyError));
    }
    if (attempt.lambda) {
        for (const QString &fact : lambdaText(*attempt.lambda).split(u'\n', Qt::SkipEmptyParts))
            line += QStringLiteral("\n  ") + fact;
    }
    return line + u'\n';
}

void printResult(const SendResult &result)
{
    printOut(QStringLiteral("POST %1 (%2)\n").arg(QString::fromStdString(result.url),
                                                 QString::fromUtf8(protocol::wireName(result.requestType).data())));
    for (const Attempt &attempt : result.attempts)
        printOut(attemptLine(attempt));
    if (const Attempt *last = result.last(); last && !last->body.empty()) {
        printOut(QStringLiteral("response:\n"));
        printOut(result.response ? result.response->dump(2) : last->body);
        printOut(std::string_view(last->bodyTruncated ? "\n(truncated)\n" : "\n"));
    }
    for (const protocol::Finding &finding : result.findings) {
        printOut(QStringLiteral("%1: %2: %3: %4\n")
                     .arg(finding.pointer.empty() ? QStringLiteral("(root)") : QString::fromStdString(finding.pointer),
                          QString::fromUtf8(protocol::severityName(finding.severity).data()),
                          QString::fromStdString(finding.code), QString::fromStdString(finding.message)));
    }
    printOut(QStringLiteral("verdict: %1%2 — %3\n")
                 .arg(QString::fromUtf8(verdictName(result.verdict).data()),
                      result.accepted() ? QStringLiteral(" (accepted)") : QStringLiteral(" (not accepted)"),
                      QString::fromStdString(result.summary)));
}

} // namespace

int sendCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("URL"), QStringLiteral("Where to POST (http:// or https://)."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The request to send; '-' reads stdin."),
                                 QStringLiteral("[FILE]"));
    const QCommandLineOption generate(QStringLiteral("generate"),
                                      QStringLiteral("Send a generated request instead of FILE: %1.").arg(messageTypeNames()),
                                      QStringLiteral("TYPE"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Seed for --generate (default 1)."),
                                  QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption tokenEnv(QStringLiteral("token-env"),
                                      QStringLiteral("Send 'Authorization: Token <value of VAR>' (not on registration)."),
                                      QStringLiteral("VAR"));
    const QCommandLineOption tokenName(QStringLiteral("token-name"),
                                       QStringLiteral("Send 'Authorization: Token <the token of that name in the keychain>' "
                                                      "(see 'fhw token')."),
                                       QStringLiteral("NAME"));
    const QCommandLineOption maxAttempts(QStringLiteral("max-attempts"),
                                         QStringLiteral("Attempts including retries of 408/429/5xx (default 5)."),
                                         QStringLiteral("N"));
    const QCommandLineOption timeout(QStringLiteral("timeout-ms"),
                                     QStringLiteral("Total time for one attempt (default 2000)."), QStringLiteral("N"));
    const QCommandLineOption cacert(QStringLiteral("cacert"),
                                    QStringLiteral("Trust this CA certificate too (PEM), e.g. a self-signed test one."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption profileOption(QStringLiteral("profile"),
                                           QStringLiteral("Validation profile for the response (default strict)."),
                                           QStringLiteral("PROFILE"), QStringLiteral("strict"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print the whole result as JSON."));
    const QCommandLineOption printCurl(QStringLiteral("print-curl"),
                                       QStringLiteral("Print the request as a curl command instead of sending it."));
    const QCommandLineOption revealToken(QStringLiteral("reveal-token"),
                                         QStringLiteral("With --print-curl: the token itself, not 'Token ••••abcd'."));
    parser.addOptions({generate, seed, tokenEnv, tokenName, maxAttempts, timeout, cacert, profileOption, json});
    parser.addOptions({printCurl, revealToken});
    LambdaOptions lambdaOptions;
    lambdaOptions.addTo(parser);
    if (auto exit = parseArguments(parser, arguments,
                                   "Sends one Firehose request the way mParticle does: Content-Type, Authorization: "
                                   "Token, retries with back-off on 408/429/500/502/503/504. Prints each attempt with "
                                   "its phases, the answer and its validation.\nExit status: 0 when the final status "
                                   "is 200/202 and the answer validates, 1 otherwise, 2 for usage or I/O errors."))
        return *exit;

    QStringList positional = parser.positionalArguments();
    const bool generating = parser.isSet(generate);
    auto lambda = lambdaOptions.target(parser, QStringLiteral("fhw send"));
    if (!lambda) {
        printErr(lambda.error() + u'\n');
        return ExitUsage;
    }
    // With --lambda there is no URL: FILE is the first argument.
    if (*lambda)
        positional.prepend(QString());
    if (positional.size() != (generating ? 1 : 2)) {
        printErr(*lambda ? QStringLiteral("fhw send: with --lambda give FILE (or '-'), or --generate TYPE\n")
                         : QStringLiteral("fhw send: give URL and FILE (or '-'), or URL and --generate TYPE\n"));
        return ExitUsage;
    }
    SendRequest request;
    request.target.url = positional.first().toStdString();
    request.target.lambda = std::move(*lambda);

    if (generating) {
        const auto type = messageTypeFromName(parser.value(generate));
        bool ok = false;
        const qulonglong seedValue = parser.value(seed).toULongLong(&ok);
        if (!type || !protocol::isRequest(*type) || !ok) {
            printErr(QStringLiteral("fhw send: --generate takes a request type (%1) and --seed a number\n")
                         .arg(messageTypeNames()));
            return ExitUsage;
        }
        request.type = *type;
        request.body = protocol::Generator(protocol::GeneratorOptions{.seed = seedValue, .eventCount = 16,
                                                                      .verification = false})
                           .generate(*type)
                           .dump();
    } else {
        const QString file = positional.at(1);
        const std::size_t cap = protocol::ParseOptions().maxBytes;
        auto bytes = file == QLatin1String("-") ? protocol::readStreamCapped(std::cin, cap)
                                                : protocol::readFileCapped(file.toStdString(), cap);
        if (!bytes) {
            printErr(QStringLiteral("fhw send: %1\n").arg(QString::fromStdString(bytes.error().message)));
            return ExitUsage;
        }
        auto parsed = protocol::parseJson(*bytes);
        const auto type = parsed ? protocol::Validator::detectType(*parsed) : std::nullopt;
        if (!type || !protocol::isRequest(*type)) {
            printErr(QStringLiteral("fhw send: %1 is not a Firehose request%2\n")
                         .arg(file, parsed ? QString() : QStringLiteral(" (") + QString::fromStdString(parsed.error().message) + u')'));
            return ExitUsage;
        }
        request.type = *type;
        request.body = std::move(*bytes);
    }

    auto token = tokenFromOptions(parser, tokenEnv, tokenName, QStringLiteral("fhw send"));
    if (!token)
        return token.error();
    if (*token)
        request.options.token = std::move(**token);
    if (parser.isSet(maxAttempts)) {
        const auto attempts = intValue(parser, maxAttempts, 1, 100);
        if (!attempts) {
            printErr(QStringLiteral("fhw send: --max-attempts takes a number from 1 to 100\n"));
            return ExitUsage;
        }
        request.options.retry.maxAttempts = *attempts;
    }
    if (parser.isSet(timeout)) {
        const auto ms = intValue(parser, timeout, 1, 600'000);
        if (!ms) {
            printErr(QStringLiteral("fhw send: --timeout-ms takes a number of milliseconds from 1 to 600000\n"));
            return ExitUsage;
        }
        request.options.totalTimeout = std::chrono::milliseconds(*ms);
        request.options.connectTimeout = std::min(request.options.connectTimeout, request.options.totalTimeout);
    }
    const auto profile = protocol::profileFromName(parser.value(profileOption).toStdString());
    if (!profile) {
        printErr(QStringLiteral("fhw send: --profile takes strict or tolerant\n"));
        return ExitUsage;
    }
    request.options.profile = *profile;
    request.options.caFile = parser.value(cacert).toStdString();

    if (parser.isSet(printCurl)) { // the same request, for curl: nothing is sent
        printOut(curlCommand(request, parser.isSet(revealToken)) + "\n");
        return ExitOk;
    }
    HttpSender sender;
    const SendResult result = sender.send(std::move(request)).get();
    if (result.verdict == Verdict::Invalid) {
        printErr(QStringLiteral("fhw send: %1\n").arg(QString::fromStdString(result.summary)));
        return ExitUsage;
    }
    if (parser.isSet(json))
        printOut(toJson(result).dump(2) + "\n");
    else
        printResult(result);
    return result.accepted() ? ExitOk : ExitFindings;
}

} // namespace fhw::cli
