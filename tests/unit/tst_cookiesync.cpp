// The Cookie Sync answers: defaults, validation of each question, and the JSON round trip.

#include "submission/cookiesync.h"

#include <QTest>

#include <set>

using namespace fhw::submission;
using fhw::protocol::Json;

namespace {

CookieSyncAnswers complete()
{
    CookieSyncAnswers answers;
    answers.endpointUrl = "https://sync.acme.example/mparticle?redirect={REDIRECT}";
    answers.provideRedirectUrl = true;
    answers.separateUrlsPerDataCenter = true;
    answers.dataCenterUrls = {{Pod::EU1, "https://eu.sync.acme.example/"}, {Pod::US1, "https://us.sync.acme.example/"}};
    answers.partnerIdMacro = "${ACME_UID}";
    answers.frequencyDays = 7;
    answers.extraParameters = "Echoed back unchanged as query parameters.";
    answers.redirectRequestExample = "https://cookiesync.mparticle.com/v1/sync?partner_uid=abc&mpid=123";
    answers.accepts204 = false;
    answers.errorCodesInRedirect = true;
    answers.errorCodes = "error=optout";
    answers.notes = "Contact: integrations@acme.example";
    return answers;
}

QString codes(const fhw::protocol::Findings &findings)
{
    std::set<std::string> unique;
    for (const auto &finding : findings)
        unique.insert(finding.code);
    QStringList out;
    for (const std::string &code : unique)
        out << QString::fromStdString(code);
    return out.join(u',');
}

} // namespace

class TestCookieSync : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaults();
    void completeIsClean();
    void validation_data();
    void validation();
    void roundTrip();
    void fromJsonDefaults();
    void fromJsonRefusals_data();
    void fromJsonRefusals();
};

void TestCookieSync::defaults()
{
    CookieSyncAnswers answers;
    QCOMPARE(answers.frequencyDays, 14);
    QVERIFY(!answers.isFilled());
    answers.notes = "x";
    QVERIFY(answers.isFilled());
    // Blank answers have errors (the URL and macro are required) and open questions.
    QCOMPARE(codes(checkCookieSync(CookieSyncAnswers{})),
             QStringLiteral("cookie-sync.macro-missing,cookie-sync.unanswered,cookie-sync.url-missing"));
}

void TestCookieSync::completeIsClean()
{
    QCOMPARE(codes(checkCookieSync(complete())), QString());
}

void TestCookieSync::validation_data()
{
    QTest::addColumn<QString>("patch"); // merged into complete()'s JSON
    QTest::addColumn<QString>("expected");
    const auto row = [](const char *name, const char *patch, const char *expected) {
        QTest::newRow(name) << QString::fromUtf8(patch) << QString::fromUtf8(expected);
    };
    row("http endpoint", R"({"endpoint_url":"http://sync.acme.example/"})", "cookie-sync.https-required");
    row("relative endpoint", R"({"endpoint_url":"sync.acme.example"})", "cookie-sync.url-invalid");
    row("no endpoint", R"({"endpoint_url":""})", "cookie-sync.url-missing");
    row("no macro", R"({"partner_id_macro":""})", "cookie-sync.macro-missing");
    row("zero days", R"({"frequency_days":0})", "cookie-sync.frequency");
    row("too many days", R"({"frequency_days":366})", "cookie-sync.frequency");
    row("a year", R"({"frequency_days":365})", "");
    row("http data-centre URL", R"({"data_center_urls":{"EU1":"http://eu.sync.acme.example/"}})", "cookie-sync.https-required");
    row("yes without URLs", R"({"data_center_urls":null})", "cookie-sync.data-center-urls");
    row("URLs with no", R"({"separate_urls_per_data_center":false})", "cookie-sync.data-center-urls");
    row("unanswered 204", R"({"accepts_http_204":null})", "cookie-sync.unanswered");
    row("redirect elsewhere", R"({"redirect_request_example":"https://elsewhere.example/sync"})", "cookie-sync.redirect-host");
}

void TestCookieSync::validation()
{
    QFETCH(QString, patch);
    QFETCH(QString, expected);
    Json json = cookieSyncJson(complete());
    json.merge_patch(Json::parse(patch.toStdString()));
    const auto answers = cookieSyncFromJson(json);
    QVERIFY(answers);
    QCOMPARE(codes(checkCookieSync(*answers)), expected);
}

void TestCookieSync::roundTrip()
{
    const Json json = cookieSyncJson(complete());
    QVERIFY(json["format"] == "firehose-workbench/cookie-sync");
    QVERIFY(json["frequency_days"] == 7);
    const std::string expectedUrls = R"({"US1":"https://us.sync.acme.example/","EU1":"https://eu.sync.acme.example/"})";
    QCOMPARE(json["data_center_urls"].dump(), expectedUrls);
    const auto back = cookieSyncFromJson(json);
    QVERIFY(back);
    QVERIFY(*back == complete());
    // An unanswered yes/no is null, and stays unanswered.
    CookieSyncAnswers open = complete();
    open.accepts204.reset();
    QVERIFY(cookieSyncJson(open)["accepts_http_204"].is_null());
    QVERIFY(!cookieSyncFromJson(cookieSyncJson(open))->accepts204);
}

void TestCookieSync::fromJsonDefaults()
{
    const auto answers = cookieSyncFromJson(Json::parse(R"({"endpoint_url":"https://s.example/"})"));
    QVERIFY(answers);
    QCOMPARE(answers->frequencyDays, 14);
    QVERIFY(!answers->accepts204);
    QCOMPARE(answers->endpointUrl, std::string("https://s.example/"));
}

void TestCookieSync::fromJsonRefusals_data()
{
    QTest::addColumn<QString>("json");
    const auto row = [](const char *name, const char *json) { QTest::newRow(name) << QString::fromUtf8(json); };
    row("array", "[]");
    row("other format", R"({"format":"firehose-workbench/endpoints"})");
    row("newer version", R"({"version":2})");
    row("url not a string", R"({"endpoint_url":42})");
    row("yes/no as a string", R"({"accepts_http_204":"yes"})");
    row("days as a string", R"({"frequency_days":"14"})");
    row("unknown data centre", R"({"data_center_urls":{"EU9":"https://x/"}})");
}

void TestCookieSync::fromJsonRefusals()
{
    QFETCH(QString, json);
    const auto answers = cookieSyncFromJson(Json::parse(json.toStdString()));
    QVERIFY(!answers);
    QCOMPARE(answers.error().code, std::string("cookie-sync.format"));
}

QTEST_GUILESS_MAIN(TestCookieSync)
#include "tst_cookiesync.moc"
