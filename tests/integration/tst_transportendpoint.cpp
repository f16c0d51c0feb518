// The transport against the embedded endpoint: the workbench's two halves talking to each other the
// way mParticle and a partner do, including the proxy between them.

#include "endpoint/endpoint.h"
#include "protocol/generator.h"
#include "protocol/parse.h"
#include "protocol/validator.h"
#include "transport/httpsender.h"

#include <QDir>
#include <QTest>

using namespace fhw;
using protocol::MessageType;

namespace {

transport::SendRequest requestFor(const std::string &url, MessageType type, std::string body)
{
    transport::SendRequest request;
    request.target.url = url;
    request.type = type;
    request.body = std::move(body);
    request.options.retry.maxAttempts = 1;
    return request;
}

std::string generated(MessageType type, bool verification = false)
{
    return protocol::Generator(protocol::GeneratorOptions{.seed = 5, .eventCount = 16, .verification = verification})
        .generate(type)
        .dump();
}

QString describe(const transport::SendResult &result)
{
    QString text = QString::fromStdString(result.summary);
    for (const auto &finding : result.findings)
        text += QStringLiteral("\n") + QString::fromStdString(finding.pointer + " " + finding.code + " " + finding.message);
    return text;
}

} // namespace

class TestTransportEndpoint : public QObject
{
    Q_OBJECT

private:
    transport::HttpSender m_sender;

private Q_SLOTS:
    void everyRequestTypeIsAccepted_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<bool>("verification");
        for (MessageType type : protocol::allMessageTypes) {
            if (protocol::isRequest(type))
                QTest::newRow(protocol::wireName(type).data()) << int(type) << false;
        }
        QTest::newRow("event verification") << int(MessageType::EventProcessingRequest) << true;
        QTest::newRow("membership verification") << int(MessageType::AudienceMembershipChangeRequest) << true;
    }

    void everyRequestTypeIsAccepted()
    {
        QFETCH(int, type);
        QFETCH(bool, verification);
        endpoint::EndpointConfig config;
        config.token = "transport-endpoint-token-1234";
        config.profile = protocol::Profile::Strict;
        endpoint::Endpoint server(config);
        QVERIFY(server.start().has_value());

        auto request = requestFor(server.url(), MessageType(type), generated(MessageType(type), verification));
        request.options.token = *config.token;
        const transport::SendResult result = m_sender.send(std::move(request)).get();
        QVERIFY2(result.accepted(), qPrintable(describe(result)));
        QCOMPARE(result.attempts.size(), std::size_t(1));
        QVERIFY(result.response.has_value());
        QCOMPARE(protocol::Validator::detectType(*result.response),
                 std::optional(protocol::responseTypeFor(MessageType(type))));
        QVERIFY(result.last()->timings.totalUs > 0);
        QVERIFY(result.last()->timings.firstByteUs <= result.last()->timings.totalUs);

        const auto exchanges = server.capture().snapshot();
        QCOMPARE(exchanges.size(), std::size_t(1));
        QVERIFY(!protocol::hasErrors(exchanges.front().findings));
        for (const auto &[name, value] : exchanges.front().requestHeaders)
            QVERIFY2(value.find(*config.token) == std::string::npos, "token captured in clear");
    }

    void officialSamplesAreAccepted_data()
    {
        QTest::addColumn<QString>("path");
        const QDir samples(QStringLiteral(FHW_SHARED_DIR "/firehose-reference/samples"));
        if (!samples.exists()) {
            QTest::newRow("absent") << QString();
            return;
        }
        for (const QString &name : samples.entryList({QStringLiteral("*Request*.json")}, QDir::Files))
            QTest::newRow(qPrintable(name)) << samples.filePath(name);
    }

    void officialSamplesAreAccepted()
    {
        QFETCH(QString, path);
        if (path.isEmpty())
            QSKIP("../shared/firehose-reference is not beside the project");
        auto bytes = protocol::readFileCapped(path.toStdString(), 1 << 20);
        QVERIFY(bytes.has_value());
        const auto type = protocol::Validator::detectType(*protocol::parseJson(*bytes));
        QVERIFY(type.has_value());
        endpoint::Endpoint server;
        QVERIFY(server.start().has_value());
        const transport::SendResult result = m_sender.send(requestFor(server.url(), *type, *bytes)).get();
        QVERIFY2(result.accepted(), qPrintable(describe(result)));
    }

    void proxyRecordsBothLegs()
    {
        endpoint::EndpointConfig upstreamConfig;
        upstreamConfig.token = "upstream-token-abcdef123456";
        upstreamConfig.faults[transport::Family::Event].latency.fixed = std::chrono::milliseconds(15);
        endpoint::Endpoint upstream(upstreamConfig);
        QVERIFY(upstream.start().has_value());

        endpoint::EndpointConfig proxyConfig;
        proxyConfig.proxyUrl = upstream.url();
        proxyConfig.proxyOptions.token = *upstreamConfig.token;
        endpoint::Endpoint proxy(proxyConfig);
        QVERIFY(proxy.start().has_value());

        const transport::SendResult result =
            m_sender.send(requestFor(proxy.url(), MessageType::EventProcessingRequest,
                                     generated(MessageType::EventProcessingRequest)))
                .get();
        QVERIFY2(result.accepted(), qPrintable(describe(result)));
        QVERIFY(result.last()->timings.totalUs >= 15'000);

        QTRY_COMPARE(proxy.capture().size(), std::size_t(1));
        const endpoint::Exchange leg = proxy.capture().snapshot().front();
        QVERIFY(leg.upstream.has_value());
        QCOMPARE(leg.upstream->status, 200L);
        QVERIFY(leg.upstream->totalUs >= 15'000);
        QCOMPARE(QString::fromStdString(leg.upstream->url), QString::fromStdString(upstream.url()));
        QCOMPARE(upstream.capture().size(), std::size_t(1));
        QCOMPARE(upstream.capture().snapshot().front().status, 200);
    }

    void retriesAgainstInjectedThrottling()
    {
        endpoint::EndpointConfig config;
        config.faults[transport::Family::Audience].failRate = 1.0;
        config.faults[transport::Family::Audience].failStatus = 429;
        endpoint::Endpoint server(config);
        QVERIFY(server.start().has_value());
        auto request = requestFor(server.url(), MessageType::AudienceMembershipChangeRequest,
                                  generated(MessageType::AudienceMembershipChangeRequest));
        request.options.retry.maxAttempts = 3;
        request.options.retry.base = std::chrono::milliseconds(5);
        const transport::SendResult result = m_sender.send(std::move(request)).get();
        QCOMPARE(result.verdict, transport::Verdict::Exhausted);
        QCOMPARE(result.attempts.size(), std::size_t(3));
        QCOMPARE(server.capture().size(), std::size_t(3));
        for (const auto &attempt : result.attempts)
            QCOMPARE(attempt.status, 429L);
    }
};

QTEST_GUILESS_MAIN(TestTransportEndpoint)
#include "tst_transportendpoint.moc"
