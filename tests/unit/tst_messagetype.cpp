#include "protocol/messagetype.h"

#include <QTest>

using namespace fhw::protocol;

class TestMessageType : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void wireNamesRoundTrip()
    {
        for (MessageType type : allMessageTypes) {
            const auto name = wireName(type);
            QVERIFY(!name.empty());
            QCOMPARE(messageTypeFromWireName(name), std::optional<MessageType>(type));
        }
    }

    void wireNamesAreExact_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("upper case") << QStringLiteral("EVENT_PROCESSING_REQUEST");
        QTest::newRow("camel case") << QStringLiteral("EventProcessingRequest");
        QTest::newRow("cookie sync") << QStringLiteral("cookie_sync_request");
        QTest::newRow("empty") << QString();
    }

    void wireNamesAreExact()
    {
        QFETCH(QString, name);
        QVERIFY(!messageTypeFromWireName(name.toStdString()));
    }

    void requestsMapToTheirResponses()
    {
        QCOMPARE(responseTypeFor(MessageType::EventProcessingRequest), MessageType::EventProcessingResponse);
        QCOMPARE(responseTypeFor(MessageType::ModuleRegistrationRequest), MessageType::ModuleRegistrationResponse);
        QCOMPARE(responseTypeFor(MessageType::AudienceSubscriptionRequest), MessageType::AudienceSubscriptionResponse);
        QCOMPARE(responseTypeFor(MessageType::AudienceMembershipChangeRequest),
                 MessageType::AudienceMembershipChangeResponse);
        QCOMPARE(responseTypeFor(MessageType::DsrProcessingRequest), MessageType::DsrProcessingResponse);
        int requests = 0;
        for (MessageType type : allMessageTypes) {
            if (isRequest(type)) {
                ++requests;
                QVERIFY(!isRequest(responseTypeFor(type)));
            }
        }
        QCOMPARE(requests, 5);
    }
};

QTEST_APPLESS_MAIN(TestMessageType)
#include "tst_messagetype.moc"
