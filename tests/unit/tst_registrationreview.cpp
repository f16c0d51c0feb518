#include "protocol/generator.h"
#include "protocol/registrationreview.h"

#include <QTest>

using namespace fhw::protocol;

namespace {

Json minimalRegistration()
{
    return Json::parse(R"({"type":"module_registration_response","id":"3c5b9f0e-8d1a-4f6b-9c2e-7a4d5e6f7a8b",
        "timestamp_ms":1767225600000,"firehose_version":"3.2.0","name":"Acme","version":"1.0",
        "description":"Acme analytics.","event_processing_registration":{"supported_event_types":["custom_event"]}})");
}

QStringList codes(const Findings &findings)
{
    QStringList out;
    for (const Finding &f : findings)
        out << QString::fromStdString(f.code);
    return out;
}

} // namespace

class TestRegistrationReview : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void generatedRegistrationIsClean()
    {
        for (std::uint64_t seed = 1; seed <= 20; ++seed) {
            const Json response = Generator(GeneratorOptions{.seed = seed, .eventCount = 16, .verification = false})
                                      .generate(MessageType::ModuleRegistrationResponse);
            QCOMPARE(codes(RegistrationReview(Profile::Strict).review(response)), QStringList());
        }
    }

    void partnerIdentityNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("docs example") << QStringLiteral("mParticle_mpid") << true;
        QTest::newRow("cookie sync") << QStringLiteral("$cookie_sync_id") << true;
        QTest::newRow("partner_identity") << QStringLiteral("AcmeAnalytics_UserId") << true;
        QTest::newRow("sdk sample") << QStringLiteral("partner_id") << false;
        QTest::newRow("firehose sample") << QStringLiteral("partnerIdentity") << false;
        QTest::newRow("no identity part") << QStringLiteral("Acme_") << false;
        QTest::newRow("spaces") << QStringLiteral("Acme User_Id") << false;
    }

    void partnerIdentityNames()
    {
        QFETCH(QString, name);
        QFETCH(bool, accepted);
        Json response = minimalRegistration();
        response["permissions"]["partner_identities"] =
            Json::array({{{"type", name.toStdString()}, {"encoding", "raw"}, {"required", false}}});
        const QStringList found = codes(RegistrationReview(Profile::Strict).review(response));
        QCOMPARE(!found.contains(QStringLiteral("registration.partner-identity-name")), accepted);
    }

    void descriptionLimitCountsCharactersNotBytes_data()
    {
        QTest::addColumn<QString>("description");
        QTest::addColumn<bool>("tooLong");
        QTest::newRow("229 ascii") << QString(229, u'a') << false;
        QTest::newRow("230 ascii") << QString(230, u'a') << true;
        QTest::newRow("229 accented") << QString(229, QChar(0x00E9)) << false; // 458 bytes in UTF-8
    }

    void descriptionLimitCountsCharactersNotBytes()
    {
        QFETCH(QString, description);
        QFETCH(bool, tooLong);
        Json response = minimalRegistration();
        response["description"] = description.toStdString();
        const QStringList found = codes(RegistrationReview(Profile::Strict).review(response));
        QCOMPARE(found.contains(QStringLiteral("registration.description-too-long")), tooLong);
    }

    void unsafeDescriptionHtml_data()
    {
        QTest::addColumn<QString>("description");
        QTest::addColumn<bool>("unsafe");
        QTest::newRow("link") << QStringLiteral("See <a href='https://acme.example'>Acme</a>.") << false;
        QTest::newRow("emphasis") << QStringLiteral("The <b>best</b> analytics.") << false;
        QTest::newRow("plain 'on'") << QStringLiteral("Runs on every platform = fast.") << false;
        QTest::newRow("script") << QStringLiteral("Hi<script>alert(1)</script>") << true;
        QTest::newRow("handler") << QStringLiteral("<a href='#' onclick='x()'>Acme</a>") << true;
        QTest::newRow("remote image") << QStringLiteral("<img src='https://t.example/p.gif'>") << true;
        QTest::newRow("javascript url") << QStringLiteral("<a href='javascript:x()'>Acme</a>") << true;
    }

    void unsafeDescriptionHtml()
    {
        QFETCH(QString, description);
        QFETCH(bool, unsafe);
        Json response = minimalRegistration();
        response["description"] = description.toStdString();
        const QStringList found = codes(RegistrationReview(Profile::Strict).review(response));
        QCOMPARE(found.contains(QStringLiteral("registration.description-unsafe-html")), unsafe);
    }

    void tolerantNeverReportsMoreThanStrict()
    {
        Json response = minimalRegistration();
        response["name"] = "";
        response["description"] = std::string(300, 'x');
        const auto strict = RegistrationReview(Profile::Strict).review(response);
        const auto tolerant = RegistrationReview(Profile::Tolerant).review(response);
        QCOMPARE(strict.size(), tolerant.size()); // every review rule has a severity in both profiles
        QVERIFY(hasErrors(strict));
        QVERIFY(hasErrors(tolerant)); // an empty name is an error in both
    }
};

QTEST_APPLESS_MAIN(TestRegistrationReview)
#include "tst_registrationreview.moc"
