// A Lambda target against the embedded endpoint in Invoke mode: the sender invokes like mParticle
// (RequestResponse, log tail, SigV4 when signing), the endpoint answers like AWS Lambda (REPORT tail,
// cold then warm, function errors, throttling), and the retry policy treats both failures as mParticle does.

#include "aws/lambda.h"
#include "aws/sigv4.h"
#include "endpoint/endpoint.h"
#include "protocol/generator.h"
#include "transport/httpsender.h"

#include <QDateTime>
#include <QTest>

#include <strings.h>

using namespace fhw;
using protocol::MessageType;

namespace {

std::string generatedEvent()
{
    return protocol::Generator(protocol::GeneratorOptions{.seed = 3, .eventCount = 4, .verification = false})
        .generate(MessageType::EventProcessingRequest)
        .dump();
}

endpoint::EndpointConfig invokeConfig(endpoint::LambdaSettings settings = {})
{
    endpoint::EndpointConfig config;
    config.profile = protocol::Profile::Strict;
    config.lambda = settings;
    return config;
}

transport::SendRequest invoke(const endpoint::Endpoint &server, std::string function = "partner-fn",
                              std::string body = generatedEvent())
{
    transport::SendRequest request;
    transport::LambdaTarget lambda;
    lambda.function = std::move(function);
    lambda.endpoint = server.url();
    lambda.sign = false;
    request.target.lambda = lambda;
    request.type = MessageType::EventProcessingRequest;
    request.body = std::move(body);
    request.options.retry.maxAttempts = 3;
    request.options.retry.base = std::chrono::milliseconds(1);
    request.options.retry.jitter = 0;
    return request;
}

std::string header(const std::vector<std::pair<std::string, std::string>> &headers, const char *name)
{
    for (const auto &[key, value] : headers) {
        if (strcasecmp(key.c_str(), name) == 0)
            return value;
    }
    return {};
}

bool hasHeader(const std::vector<std::pair<std::string, std::string>> &headers, const char *name)
{
    for (const auto &[key, value] : headers) {
        if (strcasecmp(key.c_str(), name) == 0)
            return true;
    }
    return false;
}

} // namespace

class TestLambdaInvoke : public QObject
{
    Q_OBJECT

private:
    transport::HttpSender m_sender;

private Q_SLOTS:
    void urlForIsTheInvokeUrl()
    {
        transport::Target target;
        target.url = "https://example.com/";
        target.lambda = transport::LambdaTarget{.function = "partner-fn", .region = "us-east-1"};
        for (MessageType type : {MessageType::ModuleRegistrationRequest, MessageType::EventProcessingRequest,
                                 MessageType::DsrProcessingRequest}) {
            QCOMPARE(target.urlFor(type),
                     std::string("https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/partner-fn/invocations"));
        }
    }

    void successColdThenWarm()
    {
        endpoint::Endpoint server(invokeConfig());
        QVERIFY(server.start().has_value());

        const transport::SendResult cold = m_sender.send(invoke(server)).get();
        QVERIFY2(cold.accepted(), cold.summary.c_str());
        QCOMPARE(cold.attempts.size(), std::size_t(1));
        const transport::Attempt &first = *cold.last();
        QVERIFY(first.lambda.has_value());
        QVERIFY(first.lambda->functionError.empty());
        QCOMPARE(first.lambda->executedVersion, std::string("$LATEST"));
        QVERIFY2(first.lambda->report.has_value(), first.lambda->logTail.c_str());
        QVERIFY(first.lambda->coldStart());
        QCOMPARE(*first.lambda->report->initDurationMs, 180.0);
        QCOMPARE(first.lambda->report->memorySizeMb, 256);
        QVERIFY(first.lambda->report->durationMs > 0.0);
        QVERIFY(first.lambda->report->billedDurationMs >= 1.0);
        QCOMPARE(first.lambda->report->requestId, header(first.headers, "x-amzn-RequestId"));
        QVERIFY2(cold.summary.find("cold start") != std::string::npos, cold.summary.c_str());

        const transport::SendResult warm = m_sender.send(invoke(server)).get();
        QVERIFY2(warm.accepted(), warm.summary.c_str());
        QVERIFY(warm.last()->lambda && warm.last()->lambda->report);
        QVERIFY(!warm.last()->lambda->coldStart());
        QVERIFY(warm.last()->lambda->report->requestId != first.lambda->report->requestId);

        // Another function is cold on its own; a restart makes every function cold again.
        QVERIFY(m_sender.send(invoke(server, "other-fn")).get().last()->lambda->coldStart());
        QVERIFY(server.restart().has_value());
        QVERIFY(m_sender.send(invoke(server)).get().last()->lambda->coldStart());

        // What the function got: mParticle's headers, no token, the Invoke path.
        const auto exchanges = server.capture().snapshot();
        QCOMPARE(exchanges.size(), std::size_t(4));
        const endpoint::Exchange &e = exchanges.front();
        QCOMPARE(e.path, std::string("/2015-03-31/functions/partner-fn/invocations"));
        QCOMPARE(header(e.requestHeaders, "X-Amz-Invocation-Type"), std::string("RequestResponse"));
        QCOMPARE(header(e.requestHeaders, "X-Amz-Log-Type"), std::string("Tail"));
        QVERIFY(!hasHeader(e.requestHeaders, "Authorization"));
        QCOMPARE(e.status, 200);
        QVERIFY(e.type == MessageType::EventProcessingRequest);
    }

    void coldStartDelayIsApartFromDuration()
    {
        endpoint::LambdaSettings settings;
        settings.initDuration = std::chrono::milliseconds(150);
        settings.delayColdStart = true;
        endpoint::Endpoint server(invokeConfig(settings));
        QVERIFY(server.start().has_value());
        const transport::SendResult cold = m_sender.send(invoke(server)).get();
        QVERIFY2(cold.accepted(), cold.summary.c_str());
        QVERIFY(cold.last()->timings.totalUs >= 150'000);
        QCOMPARE(*cold.last()->lambda->report->initDurationMs, 150.0);
        QVERIFY(cold.last()->lambda->report->durationMs < 150.0);
        const transport::SendResult warm = m_sender.send(invoke(server)).get();
        QVERIFY(warm.last()->timings.totalUs < 150'000);
    }

    void qualifiersArnsAndUnknownFunctions()
    {
        endpoint::LambdaSettings settings;
        settings.functionName = "partner-fn";
        endpoint::Endpoint server(invokeConfig(settings));
        QVERIFY(server.start().has_value());

        auto target = aws::lambdaTarget("arn:aws:lambda:us-east-1:123456789012:function:partner-fn:7");
        QVERIFY(target.has_value());
        auto request = invoke(server);
        target->endpoint = server.url();
        target->sign = false;
        request.target.lambda = *target;
        const transport::SendResult byArn = m_sender.send(std::move(request)).get();
        QVERIFY2(byArn.accepted(), byArn.summary.c_str());
        QCOMPARE(byArn.last()->lambda->executedVersion, std::string("7"));

        // A function this endpoint does not serve: 404 ResourceNotFoundException, final for mParticle.
        const transport::SendResult missing = m_sender.send(invoke(server, "someone-else")).get();
        QCOMPARE(missing.verdict, transport::Verdict::FinalStatus);
        QCOMPARE(missing.last()->status, 404L);
        QCOMPARE(header(missing.last()->headers, "x-amzn-ErrorType"), std::string("ResourceNotFoundException"));
    }

    void functionErrorIsRetriedThenFails()
    {
        endpoint::LambdaSettings settings;
        settings.functionErrorRate = 1.0;
        endpoint::Endpoint server(invokeConfig(settings));
        QVERIFY(server.start().has_value());
        const transport::SendResult result = m_sender.send(invoke(server)).get();
        QCOMPARE(result.verdict, transport::Verdict::Exhausted);
        QVERIFY(!result.accepted());
        QCOMPARE(result.attempts.size(), std::size_t(3));
        for (const transport::Attempt &attempt : result.attempts) {
            QCOMPARE(attempt.status, 200L);
            QVERIFY(attempt.lambda.has_value());
            QCOMPARE(attempt.lambda->functionError, std::string("Unhandled"));
            QVERIFY(attempt.lambda->report.has_value()); // the function ran: its REPORT is there
            QVERIFY(attempt.body.find("\"errorMessage\"") != std::string::npos);
        }
        QVERIFY(result.attempts.front().lambda->coldStart());
        QVERIFY(!result.attempts.back().lambda->coldStart());
        QVERIFY2(result.summary.find("function error (Unhandled)") != std::string::npos, result.summary.c_str());
        QVERIFY2(result.summary.find("errorMessage") != std::string::npos, result.summary.c_str());
        QCOMPARE(server.capture().snapshot().size(), std::size_t(3));
    }

    void notAFirehoseRequestIsAFunctionError()
    {
        endpoint::Endpoint server(invokeConfig());
        QVERIFY(server.start().has_value());
        auto request = invoke(server, "partner-fn", R"({"hello":"world"})");
        request.options.retry.maxAttempts = 1;
        const transport::SendResult result = m_sender.send(std::move(request)).get();
        QCOMPARE(result.verdict, transport::Verdict::Exhausted);
        QCOMPARE(result.last()->lambda->functionError, std::string("Unhandled"));
        QVERIFY(result.last()->body.find("not a Firehose request") != std::string::npos);

        // Not JSON at all: AWS refuses it before the function runs (400, final).
        auto broken = invoke(server, "partner-fn", "{not json");
        const transport::SendResult refused = m_sender.send(std::move(broken)).get();
        QCOMPARE(refused.verdict, transport::Verdict::FinalStatus);
        QCOMPARE(refused.last()->status, 400L);
        QCOMPARE(header(refused.last()->headers, "x-amzn-ErrorType"), std::string("InvalidRequestContentException"));
        QVERIFY(!refused.last()->lambda->report.has_value());
    }

    void throttlingIsRetried()
    {
        endpoint::LambdaSettings settings;
        settings.throttleRate = 1.0;
        endpoint::Endpoint server(invokeConfig(settings));
        QVERIFY(server.start().has_value());
        const transport::SendResult result = m_sender.send(invoke(server)).get();
        QCOMPARE(result.verdict, transport::Verdict::Exhausted);
        QCOMPARE(result.attempts.size(), std::size_t(3));
        for (const transport::Attempt &attempt : result.attempts) {
            QCOMPARE(attempt.status, 429L);
            QCOMPARE(header(attempt.headers, "x-amzn-ErrorType"), std::string("TooManyRequestsException"));
            QVERIFY(attempt.body.find("Rate Exceeded.") != std::string::npos);
            QVERIFY(attempt.lambda && attempt.lambda->functionError.empty() && !attempt.lambda->report);
        }
        QVERIFY2(result.summary.find("429") != std::string::npos, result.summary.c_str());
    }

    void someThrottlesThenSuccess()
    {
        // Half the invocations throttled: with 8 attempts nearly every send gets through in the end.
        endpoint::LambdaSettings settings;
        settings.throttleRate = 0.5;
        endpoint::Endpoint server(invokeConfig(settings));
        QVERIFY(server.start().has_value());
        int retried = 0;
        int accepted = 0;
        for (int i = 0; i < 20; ++i) {
            auto request = invoke(server);
            request.options.retry.maxAttempts = 8;
            const transport::SendResult result = m_sender.send(std::move(request)).get();
            accepted += result.accepted();
            retried += result.attempts.size() > 1;
        }
        QVERIFY(accepted >= 18);
        QVERIFY(retried >= 3); // P(fewer) is about 1e-3
    }

    void tokenIsNotAskedOnTheInvokePath()
    {
        auto config = invokeConfig();
        config.token = "lambda-endpoint-token-0001";
        endpoint::Endpoint server(config);
        QVERIFY(server.start().has_value());
        QVERIFY(m_sender.send(invoke(server)).get().accepted());
        transport::SendRequest plain;
        plain.target.url = server.url();
        plain.body = generatedEvent();
        plain.options.retry.maxAttempts = 1;
        QCOMPARE(m_sender.send(std::move(plain)).get().last()->status, 401L); // "/" still asks
    }

    void signedInvocationCarriesAValidSignature()
    {
        const QByteArray keyId = "AKIDEXAMPLELAMBDA01";
        const QByteArray secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
        const QByteArray session = "session-token-for-the-lambda-test-0123456789";
        qputenv("AWS_ACCESS_KEY_ID", keyId);
        qputenv("AWS_SECRET_ACCESS_KEY", secret);
        qputenv("AWS_SESSION_TOKEN", session);
        endpoint::Endpoint server(invokeConfig());
        QVERIFY(server.start().has_value());
        auto request = invoke(server);
        request.target.lambda->sign = true;
        request.target.lambda->region = "eu-west-1";
        request.target.lambda->qualifier = "production";
        const transport::SendResult result = m_sender.send(std::move(request)).get();
        qunsetenv("AWS_ACCESS_KEY_ID");
        qunsetenv("AWS_SECRET_ACCESS_KEY");
        qunsetenv("AWS_SESSION_TOKEN");
        QVERIFY2(result.accepted(), result.summary.c_str());

        const auto exchanges = server.capture().snapshot();
        QCOMPARE(exchanges.size(), std::size_t(1));
        const endpoint::Exchange &e = exchanges.front();
        const std::string authorization = header(e.requestHeaders, "Authorization");
        QVERIFY2(authorization.starts_with("AWS4-HMAC-SHA256 Credential=" + keyId.toStdString() + "/"), authorization.c_str());
        QVERIFY(authorization.find("/eu-west-1/lambda/aws4_request") != std::string::npos);
        // The session token is a secret: the capture never holds it.
        QVERIFY(hasHeader(e.requestHeaders, "X-Amz-Security-Token"));
        QVERIFY(header(e.requestHeaders, "X-Amz-Security-Token") != session.toStdString());

        // Recomputed from what arrived, the signature is the same.
        const QString date = QString::fromStdString(header(e.requestHeaders, "X-Amz-Date"));
        QDateTime when = QDateTime::fromString(date, QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
        when.setTimeSpec(Qt::UTC);
        QVERIFY2(when.isValid(), qPrintable(date));
        aws::SigningRequest signing;
        signing.host = header(e.requestHeaders, "Host");
        signing.path = e.path;
        signing.query = "Qualifier=production";
        signing.body = e.requestBody;
        for (const char *name : {"Content-Type", "X-Amz-Invocation-Type", "X-Amz-Log-Type"})
            signing.headers.emplace_back(name, header(e.requestHeaders, name));
        const aws::Credentials credentials{keyId.toStdString(), secret.toStdString(), session.toStdString(), "test"};
        const auto steps = aws::signV4(signing, credentials, "eu-west-1", "lambda",
                                       std::chrono::system_clock::time_point(std::chrono::milliseconds(when.toMSecsSinceEpoch())));
        QCOMPARE(steps.authorization, authorization);
        QVERIFY(steps.authorization.find("x-amz-security-token") != std::string::npos);
    }

    void noCredentialsIsInvalid()
    {
        qputenv("AWS_ACCESS_KEY_ID", "");
        qputenv("AWS_SHARED_CREDENTIALS_FILE", QByteArray(FHW_TEST_DATA_DIR) + "/no-such-credentials");
        qputenv("AWS_CONFIG_FILE", QByteArray(FHW_TEST_DATA_DIR) + "/no-such-config");
        qputenv("AWS_PROFILE", "lambda-test-missing");
        endpoint::Endpoint server(invokeConfig());
        QVERIFY(server.start().has_value());
        auto request = invoke(server);
        request.target.lambda->sign = true;
        request.target.lambda->region = "us-east-1";
        const transport::SendResult result = m_sender.send(std::move(request)).get();
        for (const char *name : {"AWS_ACCESS_KEY_ID", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "AWS_PROFILE"})
            qunsetenv(name);
        QCOMPARE(result.verdict, transport::Verdict::Invalid);
        QVERIFY2(result.summary.find("credentials") != std::string::npos, result.summary.c_str());
        QCOMPARE(server.capture().totalAppended(), std::uint64_t(0));
    }
};

QTEST_GUILESS_MAIN(TestLambdaInvoke)
#include "tst_lambdainvoke.moc"
