// fhw serve: the embedded Firehose endpoint on the command line. Prints where it listens, then one
// line per exchange; stops cleanly on SIGINT/SIGTERM.

#include "command.h"

#include "endpoint/endpoint.h"
#include "protocol/parse.h"
#include "protocol/validator.h"

#include <QDateTime>
#include <QFile>

#include <csignal>
#include <cstdio>
#include <mutex>
#include <pthread.h>

namespace fhw::cli {

namespace {

using namespace fhw::endpoint;

QString exchangeLine(const Exchange &exchange)
{
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(exchange.received.time_since_epoch());
    const QString when = QDateTime::fromMSecsSinceEpoch(ms.count(), Qt::UTC).toString(Qt::ISODateWithMs);
    const QString type = exchange.type ? QString::fromUtf8(protocol::wireName(*exchange.type).data())
                                       : QStringLiteral("-");
    int errors = 0;
    int warnings = 0;
    for (const auto &finding : exchange.findings) {
        errors += finding.severity == protocol::Severity::Error;
        warnings += finding.severity == protocol::Severity::Warning;
    }
    QString line = QStringLiteral("%1 %2 %3 %4 %5 %6 ms findings: %7 errors, %8 warnings")
                       .arg(when, QString::fromStdString(exchange.method), QString::fromStdString(exchange.path),
                            exchange.status ? QString::number(exchange.status) : QStringLiteral("no-answer"), type,
                            QString::number(double(exchange.handlingUs) / 1000.0, 'f', 2))
                       .arg(errors)
                       .arg(warnings);
    if (!exchange.fault.empty())
        line += QStringLiteral(" fault: %1").arg(QString::fromStdString(exchange.fault));
    if (exchange.upstream) {
        line += QStringLiteral(" upstream: %1 in %2 ms")
                    .arg(exchange.upstream->status ? QString::number(exchange.upstream->status)
                                                   : QString::fromStdString(exchange.upstream->error))
                    .arg(QString::number(double(exchange.upstream->totalUs) / 1000.0, 'f', 2));
    }
    return line + u'\n';
}

std::optional<double> rate(const QString &text)
{
    bool ok = false;
    const double value = text.toDouble(&ok);
    return ok && value >= 0.0 && value <= 1.0 ? std::optional(value) : std::nullopt;
}

} // namespace

int serveCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("Port; 0 (default) picks a free one."),
                                  QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption bind(QStringLiteral("bind"),
                                  QStringLiteral("Address to listen on (default 127.0.0.1; anything else is reachable "
                                                 "from other machines)."),
                                  QStringLiteral("ADDR"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption registration(QStringLiteral("registration"),
                                          QStringLiteral("The module_registration_response to answer with (JSON file)."),
                                          QStringLiteral("FILE"));
    const QCommandLineOption tokenEnv(QStringLiteral("token-env"),
                                      QStringLiteral("Require 'Authorization: Token <value of VAR>' on every type but "
                                                     "registration."),
                                      QStringLiteral("VAR"));
    const QCommandLineOption tokenName(QStringLiteral("token-name"),
                                       QStringLiteral("Require 'Authorization: Token <the token of that name in the "
                                                      "keychain>' on every type but registration."),
                                       QStringLiteral("NAME"));
    const QCommandLineOption latency(QStringLiteral("latency-ms"),
                                     QStringLiteral("Add this latency to event, audience and DSR answers."),
                                     QStringLiteral("N"));
    const QCommandLineOption failRate(QStringLiteral("fail-rate"),
                                      QStringLiteral("Share (0..1) of event, audience and DSR requests answered with "
                                                     "--fail-status."),
                                      QStringLiteral("R"));
    const QCommandLineOption failStatus(QStringLiteral("fail-status"),
                                        QStringLiteral("Status for injected failures (default 500)."),
                                        QStringLiteral("CODE"), QStringLiteral("500"));
    const QCommandLineOption retryAfter(QStringLiteral("retry-after"),
                                        QStringLiteral("Send Retry-After: S with injected failures."),
                                        QStringLiteral("S"));
    const QCommandLineOption proxy(QStringLiteral("proxy"),
                                   QStringLiteral("Forward every request to this upstream URL and answer with its reply."),
                                   QStringLiteral("URL"));
    const QCommandLineOption capture(QStringLiteral("capture"),
                                     QStringLiteral("Append every exchange to this JSONL file."),
                                     QStringLiteral("FILE"));
    const QCommandLineOption validate(QStringLiteral("validate"),
                                      QStringLiteral("Validation profile for incoming requests: strict or tolerant "
                                                     "(default)."),
                                      QStringLiteral("PROFILE"), QStringLiteral("tolerant"));
    const QCommandLineOption echoId(QStringLiteral("echo-id"), QStringLiteral("Answer with the request's id."));
    const QCommandLineOption suspend(QStringLiteral("suspend-subscription"),
                                     QStringLiteral("Answer membership changes with suspend_subscription: true."));
    const QCommandLineOption lambda(QStringLiteral("lambda"),
                                    QStringLiteral("Also serve AWS Lambda's Invoke API (POST /2015-03-31/functions/NAME/"
                                                   "invocations) as a stand-in function: a REPORT log tail, cold starts."));
    const QCommandLineOption functionErrorRate(QStringLiteral("function-error-rate"),
                                               QStringLiteral("With --lambda: share (0..1) of invocations answered 200 + "
                                                              "X-Amz-Function-Error: Unhandled."),
                                               QStringLiteral("R"));
    const QCommandLineOption throttleRate(QStringLiteral("throttle-rate"),
                                          QStringLiteral("With --lambda: share (0..1) of invocations throttled (429 "
                                                         "TooManyRequestsException)."),
                                          QStringLiteral("R"));
    parser.addOptions({port, bind, registration, tokenEnv, tokenName, latency, failRate, failStatus, retryAfter, proxy, capture,
                       validate, echoId, suspend, lambda, functionErrorRate, throttleRate});
    if (auto exit = parseArguments(parser, arguments,
                                   "Runs a local Firehose endpoint that answers every request type like a correct "
                                   "integration. Prints 'listening on URL', then one line per exchange. Stop with "
                                   "Ctrl+C."))
        return *exit;
    if (!parser.positionalArguments().isEmpty()) {
        printErr(QStringLiteral("fhw serve: unexpected argument '%1'\n").arg(parser.positionalArguments().first()));
        return ExitUsage;
    }

    EndpointConfig config;
    const auto portValue = intValue(parser, port, 0, 65535);
    if (!portValue) {
        printErr(QStringLiteral("fhw serve: --port needs a number from 0 to 65535\n"));
        return ExitUsage;
    }
    config.port = std::uint16_t(*portValue);
    config.bindAddress = parser.value(bind).toStdString();
    const auto profile = protocol::profileFromName(parser.value(validate).toStdString());
    if (!profile) {
        printErr(QStringLiteral("fhw serve: --validate takes strict or tolerant\n"));
        return ExitUsage;
    }
    config.profile = *profile;
    config.echoRequestId = parser.isSet(echoId);
    config.suspendSubscription = parser.isSet(suspend);

    if (parser.isSet(registration)) {
        auto bytes = protocol::readFileCapped(parser.value(registration).toStdString(), protocol::ParseOptions().maxBytes);
        if (!bytes) {
            printErr(QStringLiteral("fhw serve: %1\n").arg(QString::fromStdString(bytes.error().message)));
            return ExitUsage;
        }
        auto json = protocol::parseJson(*bytes);
        if (!json || protocol::Validator::detectType(*json) != protocol::MessageType::ModuleRegistrationResponse) {
            printErr(QStringLiteral("fhw serve: %1 is not a module_registration_response%2\n")
                         .arg(parser.value(registration),
                              json ? QString() : QStringLiteral(" (") + QString::fromStdString(json.error().message)
                                                     + u')'));
            return ExitUsage;
        }
        config.registrationResponse = std::move(*json);
    }
    auto token = tokenFromOptions(parser, tokenEnv, tokenName, QStringLiteral("fhw serve"));
    if (!token)
        return token.error();
    config.token = std::move(*token);

    FaultSettings faults;
    if (parser.isSet(latency)) {
        const auto ms = intValue(parser, latency, 0, 600'000);
        if (!ms) {
            printErr(QStringLiteral("fhw serve: --latency-ms needs a number of milliseconds up to 600000\n"));
            return ExitUsage;
        }
        faults.latency.fixed = std::chrono::milliseconds(*ms);
    }
    if (parser.isSet(failRate)) {
        const auto value = rate(parser.value(failRate));
        if (!value) {
            printErr(QStringLiteral("fhw serve: --fail-rate takes a number from 0 to 1\n"));
            return ExitUsage;
        }
        faults.failRate = *value;
    }
    const auto status = intValue(parser, failStatus, 400, 599);
    if (!status) {
        printErr(QStringLiteral("fhw serve: --fail-status takes a 4xx or 5xx status\n"));
        return ExitUsage;
    }
    faults.failStatus = *status;
    if (parser.isSet(retryAfter)) {
        faults.retryAfterSeconds = intValue(parser, retryAfter, 0, 86'400);
        if (!faults.retryAfterSeconds) {
            printErr(QStringLiteral("fhw serve: --retry-after takes a number of seconds up to 86400\n"));
            return ExitUsage;
        }
    }
    // Registration is left alone: mParticle (and every tool) needs it to set the integration up.
    for (auto family : {transport::Family::Event, transport::Family::Audience, transport::Family::Dsr})
        config.faults[family] = faults;
    config.proxyUrl = parser.value(proxy).toStdString();
    if (parser.isSet(lambda)) {
        LambdaSettings settings;
        for (const auto &[option, value] : {std::pair{&functionErrorRate, &settings.functionErrorRate},
                                            std::pair{&throttleRate, &settings.throttleRate}}) {
            if (!parser.isSet(*option))
                continue;
            const auto parsed = rate(parser.value(*option));
            if (!parsed) {
                printErr(QStringLiteral("fhw serve: --%1 takes a number from 0 to 1\n").arg(option->names().first()));
                return ExitUsage;
            }
            *value = *parsed;
        }
        config.lambda = settings;
    } else if (parser.isSet(functionErrorRate) || parser.isSet(throttleRate)) {
        printErr(QStringLiteral("fhw serve: --function-error-rate and --throttle-rate need --lambda\n"));
        return ExitUsage;
    }
    config.captureFile = parser.value(capture).toStdString();

    // Block SIGINT/SIGTERM before any thread starts, so every server thread inherits the mask and
    // this thread alone receives them, in sigwait below.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

    Endpoint endpoint(config);
    std::mutex printMutex;
    endpoint.capture().subscribe([&printMutex](const Exchange &exchange) {
        const std::lock_guard lock(printMutex);
        printOut(exchangeLine(exchange));
        std::fflush(stdout);
    });
    const auto started = endpoint.start();
    if (!started) {
        printErr(QStringLiteral("fhw serve: %1\n").arg(QString::fromStdString(started.error().message)));
        return ExitUsage;
    }
    {
        const std::lock_guard lock(printMutex);
        printOut(QStringLiteral("listening on %1\n").arg(QString::fromStdString(endpoint.url())));
        if (config.lambda) {
            std::string base = endpoint.url();
            if (base.ends_with('/'))
                base.pop_back();
            printOut(QStringLiteral("lambda invoke on %1/2015-03-31/functions/NAME/invocations (any NAME; "
                                    "fhw send --lambda NAME --lambda-endpoint %1 --no-sign)\n")
                         .arg(QString::fromStdString(base)));
        }
        std::fflush(stdout);
    }
    for (const std::string &warning : endpoint.warnings())
        printErr(QStringLiteral("fhw serve: warning: %1\n").arg(QString::fromStdString(warning)));

    int signal = 0;
    sigwait(&stopSignals, &signal);
    endpoint.stop();
    const std::lock_guard lock(printMutex);
    printErr(QStringLiteral("fhw serve: stopped (%1) after %2 exchanges\n")
                 .arg(QString::fromLatin1(signal == SIGINT ? "SIGINT" : "SIGTERM"))
                 .arg(endpoint.capture().totalAppended()));
    return ExitOk;
}

} // namespace fhw::cli
