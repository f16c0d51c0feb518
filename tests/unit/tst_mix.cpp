#include "readiness/mix.h"

#include <QTest>

using namespace fhw::readiness;
using fhw::protocol::MessageType;

class TestMix : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void goodMixes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("canonical"); // mixText of the parsed mix
        QTest::newRow("issue example") << QStringLiteral("event=80,audience-membership=20")
                                       << QStringLiteral("event=80,audience-membership=20");
        QTest::newRow("spaces") << QStringLiteral("  event = 80 , dsr=1 ") << QStringLiteral("event=80,dsr=1");
        QTest::newRow("bare name weighs 100") << QStringLiteral("event") << QStringLiteral("event=100");
        QTest::newRow("bare and weighted") << QStringLiteral("event,dsr=5") << QStringLiteral("event=100,dsr=5");
        QTest::newRow("upper case") << QStringLiteral("EVENT=5,Audience-Subscription=1")
                                    << QStringLiteral("event=5,audience-subscription=1");
        QTest::newRow("wire names") << QStringLiteral("event_processing_request=3,audience_membership_change_request=2")
                                    << QStringLiteral("event=3,audience-membership=2");
        QTest::newRow("all five, order kept")
            << QStringLiteral("dsr=5,registration=1,event=2,audience-subscription=3,audience-membership=4")
            << QStringLiteral("dsr=5,registration=1,event=2,audience-subscription=3,audience-membership=4");
        QTest::newRow("largest weight") << QStringLiteral("event=1000000") << QStringLiteral("event=1000000");
        QTest::newRow("weights need not add up") << QStringLiteral("event=3,dsr=1") << QStringLiteral("event=3,dsr=1");
    }

    void goodMixes()
    {
        QFETCH(QString, text);
        QFETCH(QString, canonical);
        const auto mix = parseMix(text.toStdString());
        QVERIFY2(mix.has_value(), mix ? "" : mix.error().message.c_str());
        QCOMPARE(QString::fromStdString(mixText(*mix)), canonical);
        // The canonical form parses back to the same mix.
        QCOMPARE(parseMix(mixText(*mix)).value(), *mix);
    }

    void badMixes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("named"); // the message names the offending part
        QTest::newRow("empty") << QString() << QStringLiteral("mix.empty") << QString();
        QTest::newRow("blank") << QStringLiteral("   ") << QStringLiteral("mix.empty") << QString();
        QTest::newRow("zero weight") << QStringLiteral("event=0") << QStringLiteral("mix.weight") << QStringLiteral("\"0\"");
        QTest::newRow("negative weight") << QStringLiteral("event=-3") << QStringLiteral("mix.weight") << QStringLiteral("-3");
        QTest::newRow("word weight") << QStringLiteral("event=abc") << QStringLiteral("mix.weight") << QStringLiteral("abc");
        QTest::newRow("fraction") << QStringLiteral("event=1.5") << QStringLiteral("mix.weight") << QStringLiteral("1.5");
        QTest::newRow("missing weight") << QStringLiteral("event=") << QStringLiteral("mix.weight") << QStringLiteral("event");
        QTest::newRow("too heavy") << QStringLiteral("event=1000001") << QStringLiteral("mix.weight") << QStringLiteral("1000001");
        QTest::newRow("overflowing weight") << QStringLiteral("event=99999999999999999999") << QStringLiteral("mix.weight")
                                            << QStringLiteral("99999999999999999999");
        QTest::newRow("unknown type") << QStringLiteral("event=1,foo=2") << QStringLiteral("mix.type") << QStringLiteral("foo");
        QTest::newRow("response type") << QStringLiteral("event_processing_response=1") << QStringLiteral("mix.type")
                                       << QStringLiteral("event_processing_response");
        QTest::newRow("double comma") << QStringLiteral("event=1,,dsr=1") << QStringLiteral("mix.syntax") << QString();
        QTest::newRow("trailing comma") << QStringLiteral("event=1,") << QStringLiteral("mix.syntax") << QString();
        QTest::newRow("leading comma") << QStringLiteral(",event=1") << QStringLiteral("mix.syntax") << QString();
        QTest::newRow("no name") << QStringLiteral("=5") << QStringLiteral("mix.syntax") << QStringLiteral("=5");
        QTest::newRow("duplicate") << QStringLiteral("event=1,event=2") << QStringLiteral("mix.duplicate")
                                   << QStringLiteral("event");
        QTest::newRow("duplicate by wire name") << QStringLiteral("dsr=1,dsr_processing_request=2")
                                                << QStringLiteral("mix.duplicate") << QStringLiteral("dsr");
    }

    void badMixes()
    {
        QFETCH(QString, text);
        QFETCH(QString, code);
        QFETCH(QString, named);
        const auto mix = parseMix(text.toStdString());
        QVERIFY(!mix.has_value());
        QCOMPARE(QString::fromStdString(mix.error().code), code);
        const QString message = QString::fromStdString(mix.error().message);
        QVERIFY(!message.isEmpty());
        QVERIFY2(message.contains(named), qPrintable(message));
    }

    void shortNames()
    {
        QCOMPARE(shortTypeName(MessageType::ModuleRegistrationRequest), std::string_view("registration"));
        QCOMPARE(shortTypeName(MessageType::EventProcessingRequest), std::string_view("event"));
        QCOMPARE(shortTypeName(MessageType::AudienceSubscriptionRequest), std::string_view("audience-subscription"));
        QCOMPARE(shortTypeName(MessageType::AudienceMembershipChangeRequest), std::string_view("audience-membership"));
        QCOMPARE(shortTypeName(MessageType::DsrProcessingRequest), std::string_view("dsr"));
        QCOMPARE(shortTypeName(MessageType::EventProcessingResponse), std::string_view("event_processing_response"));
    }

    void defaults()
    {
        QCOMPARE(defaultMix(), parseMix("event=100").value());
        QCOMPARE(mixText(defaultMix()), std::string("event=100"));
        const auto mix = parseMix("event=80,audience-membership=20").value();
        QCOMPARE(mix.size(), std::size_t(2));
        QCOMPARE(mix[1].type, MessageType::AudienceMembershipChangeRequest);
        QCOMPARE(mix[1].weight, 20);
    }
};

QTEST_GUILESS_MAIN(TestMix)
#include "tst_mix.moc"
