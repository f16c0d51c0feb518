// Endpoints per data centre: Lambda ARN form and region per pod, https URLs, the endpoints.json round
// trip, and the `aws lambda add-permission` commands.

#include "submission/endpoints.h"

#include <QTest>

#include <set>

using namespace fhw::submission;
using fhw::transport::Family;

Q_DECLARE_METATYPE(fhw::submission::Pod)

namespace {

// The finding codes, sorted and joined, without the "no US1" warning (tested on its own).
QString codes(const fhw::protocol::Findings &findings)
{
    std::set<std::string> unique;
    for (const auto &finding : findings) {
        if (finding.code != "endpoints.us1-missing")
            unique.insert(finding.code);
    }
    QStringList out;
    for (const std::string &code : unique)
        out << QString::fromStdString(code);
    return out.join(u',');
}

const std::string arnUs = "arn:aws:lambda:us-east-1:123456789012:function:acme-firehose:production";
const std::string arnEu = "arn:aws:lambda:eu-central-1:123456789012:function:acme-firehose:production";

} // namespace

class TestEndpoints : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pods();
    void lambdaArn_data();
    void lambdaArn();
    void parsedArn();
    void urls_data();
    void urls();
    void shapes();
    void primaryPodWarning();
    void jsonRoundTrip();
    void jsonRefusals_data();
    void jsonRefusals();
    void permissionCommands();
    void sharedArnGetsOnePair();
};

void TestEndpoints::pods()
{
    QCOMPARE(podRegion(Pod::US1), std::string_view("us-east-1"));
    QCOMPARE(podRegion(Pod::US2), std::string_view("us-east-1"));
    QCOMPARE(podRegion(Pod::EU1), std::string_view("eu-central-1"));
    QCOMPARE(podRegion(Pod::AU1), std::string_view("ap-southeast-2"));
    QCOMPARE(podFromName("eu1"), std::optional(Pod::EU1));
    QCOMPARE(podFromName("Au1"), std::optional(Pod::AU1));
    QVERIFY(!podFromName("EU2"));
    QCOMPARE(allPods().size(), std::size_t(4));
}

void TestEndpoints::lambdaArn_data()
{
    QTest::addColumn<Pod>("pod");
    QTest::addColumn<QString>("arn");
    QTest::addColumn<QString>("expected");
    const auto row = [](const char *name, Pod pod, const char *arn, const char *expected) {
        QTest::newRow(name) << pod << QString::fromUtf8(arn) << QString::fromUtf8(expected);
    };
    row("US1 alias", Pod::US1, "arn:aws:lambda:us-east-1:123456789012:function:acme:production", "");
    row("US2 alias", Pod::US2, "arn:aws:lambda:us-east-1:123456789012:function:acme:production", "");
    row("EU1 alias", Pod::EU1, "arn:aws:lambda:eu-central-1:123456789012:function:acme:live", "");
    row("AU1 alias", Pod::AU1, "arn:aws:lambda:ap-southeast-2:123456789012:function:acme_au-1:live", "");
    row("EU1 in us-east-1", Pod::EU1, "arn:aws:lambda:us-east-1:123456789012:function:acme:live", "endpoints.arn-region");
    row("EU1 in eu-west-1", Pod::EU1, "arn:aws:lambda:eu-west-1:123456789012:function:acme:live", "endpoints.arn-region");
    row("US1 in us-west-2", Pod::US1, "arn:aws:lambda:us-west-2:123456789012:function:acme:live", "endpoints.arn-region");
    row("AU1 in us-east-1", Pod::AU1, "arn:aws:lambda:us-east-1:123456789012:function:acme:live", "endpoints.arn-region");
    row("no alias", Pod::US1, "arn:aws:lambda:us-east-1:123456789012:function:acme", "endpoints.arn-no-alias");
    row("$LATEST", Pod::US1, "arn:aws:lambda:us-east-1:123456789012:function:acme:$LATEST", "endpoints.arn-no-alias");
    row("version", Pod::US1, "arn:aws:lambda:us-east-1:123456789012:function:acme:7", "endpoints.arn-no-alias");
    row("wrong region, no alias", Pod::EU1, "arn:aws:lambda:us-east-1:123456789012:function:acme",
        "endpoints.arn-no-alias,endpoints.arn-region");
    row("11-digit account", Pod::US1, "arn:aws:lambda:us-east-1:12345678901:function:acme:live", "endpoints.arn-invalid");
    row("13-digit account", Pod::US1, "arn:aws:lambda:us-east-1:1234567890123:function:acme:live", "endpoints.arn-invalid");
    row("account with letters", Pod::US1, "arn:aws:lambda:us-east-1:12345678901a:function:acme:live", "endpoints.arn-invalid");
    row("layer, not function", Pod::US1, "arn:aws:lambda:us-east-1:123456789012:layer:acme:1", "endpoints.arn-invalid");
    row("china partition", Pod::US1, "arn:aws-cn:lambda:us-east-1:123456789012:function:acme:live", "endpoints.arn-invalid");
    row("s3 arn", Pod::US1, "arn:aws:s3:::acme-bucket", "endpoints.arn-invalid");
    row("empty region", Pod::US1, "arn:aws:lambda::123456789012:function:acme:live", "endpoints.arn-invalid");
    row("made-up region", Pod::US1, "arn:aws:lambda:useast1:123456789012:function:acme:live", "endpoints.arn-invalid");
    row("space in name", Pod::US1, "arn:aws:lambda:us-east-1:123456789012:function:ac me:live", "endpoints.arn-invalid");
    row("name too long", Pod::US1,
        "arn:aws:lambda:us-east-1:123456789012:function:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:live",
        "endpoints.arn-invalid");
    row("extra part", Pod::US1, "arn:aws:lambda:us-east-1:123456789012:function:acme:live:extra", "endpoints.arn-invalid");
    row("not an arn", Pod::US1, "acme-firehose", "endpoints.arn-invalid");
    row("empty alias", Pod::US1, "arn:aws:lambda:us-east-1:123456789012:function:acme:", "endpoints.arn-invalid");
}

void TestEndpoints::lambdaArn()
{
    QFETCH(Pod, pod);
    QFETCH(QString, arn);
    QFETCH(QString, expected);
    const Endpoints endpoints{{pod, PodEndpoint::lambda(arn.toStdString())}};
    const auto findings = checkEndpoints(endpoints);
    QCOMPARE(codes(findings), expected);
    for (const auto &finding : findings) {
        if (finding.code == "endpoints.us1-missing")
            continue;
        QCOMPARE(finding.pointer, "/" + std::string(podName(pod)) + "/lambda");
        QCOMPARE(finding.severity, finding.code == "endpoints.arn-no-alias" ? fhw::protocol::Severity::Warning
                                                                            : fhw::protocol::Severity::Error);
    }
}

void TestEndpoints::parsedArn()
{
    const auto arn = parseLambdaArn(arnEu);
    QVERIFY(arn);
    QCOMPARE(arn->region, std::string("eu-central-1"));
    QCOMPARE(arn->account, std::string("123456789012"));
    QCOMPARE(arn->function, std::string("acme-firehose"));
    QCOMPARE(arn->qualifier, std::string("production"));
    const auto bad = parseLambdaArn("arn:aws:lambda:us-east-1:123:function:x");
    QVERIFY(!bad);
    QVERIFY(bad.error().message.find("12 digits") != std::string::npos);
}

void TestEndpoints::urls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("expected");
    const auto row = [](const char *name, const char *url, const char *expected) {
        QTest::newRow(name) << QString::fromUtf8(url) << QString::fromUtf8(expected);
    };
    row("https", "https://firehose.acme.example/mparticle", "");
    row("https with port and query", "https://firehose.acme.example:8443/in?source=mparticle", "");
    row("http", "http://firehose.acme.example/mparticle", "endpoints.https-required");
    row("HTTP upper case", "HTTP://firehose.acme.example/", "endpoints.https-required");
    row("ftp", "ftp://firehose.acme.example/", "endpoints.https-required");
    row("no scheme", "firehose.acme.example/mparticle", "endpoints.url-invalid");
    row("not a url", "not a url", "endpoints.url-invalid");
    row("no host", "https:///mparticle", "endpoints.url-invalid");
    row("credentials", "https://user:secret@firehose.acme.example/", "endpoints.url-invalid");
    row("fragment", "https://firehose.acme.example/#in", "endpoints.url-invalid");
}

void TestEndpoints::urls()
{
    QFETCH(QString, url);
    QFETCH(QString, expected);
    QCOMPARE(codes(checkEndpoints({{Pod::US1, PodEndpoint::http(url.toStdString())}})), expected);
    // The same rules per family.
    PodEndpoint perFamily;
    perFamily.perFamily = {{Family::Registration, "https://reg.acme.example/"}, {Family::Event, url.toStdString()}};
    const auto findings = checkEndpoints({{Pod::US1, perFamily}});
    QCOMPARE(codes(findings), expected);
    if (!findings.empty())
        QCOMPARE(findings.front().pointer, std::string("/US1/event"));
}

void TestEndpoints::shapes()
{
    QCOMPARE(codes(checkEndpoints({})), QStringLiteral("endpoints.none"));
    QCOMPARE(codes(checkEndpoints({{Pod::US1, PodEndpoint{}}})), QStringLiteral("endpoints.none"));
    PodEndpoint mixed = PodEndpoint::http("https://acme.example/");
    mixed.lambdaArn = arnUs;
    QCOMPARE(codes(checkEndpoints({{Pod::US1, mixed}})), QStringLiteral("endpoints.mixed"));
    PodEndpoint noRegistration;
    noRegistration.perFamily = {{Family::Event, "https://events.acme.example/"},
                                {Family::Audience, "https://audiences.acme.example/"}};
    QCOMPARE(codes(checkEndpoints({{Pod::US1, noRegistration}})), QStringLiteral("endpoints.registration-missing"));
    // A general URL covers registration.
    noRegistration.url = "https://acme.example/";
    QCOMPARE(codes(checkEndpoints({{Pod::US1, noRegistration}})), QString());
    const Endpoints twoPods{{Pod::US1, PodEndpoint::http("https://us.acme.example/")},
                            {Pod::EU1, PodEndpoint::lambda(arnEu)}};
    QVERIFY(checkEndpoints(twoPods).empty());
}

void TestEndpoints::primaryPodWarning()
{
    const auto findings = checkEndpoints({{Pod::EU1, PodEndpoint::http("https://eu.acme.example/")}});
    QCOMPARE(findings.size(), std::size_t(1));
    QCOMPARE(findings.front().code, std::string("endpoints.us1-missing"));
    QCOMPARE(findings.front().severity, fhw::protocol::Severity::Warning);
}

void TestEndpoints::jsonRoundTrip()
{
    PodEndpoint perFamily;
    perFamily.perFamily = {{Family::Dsr, "https://dsr.acme.example/"},
                           {Family::Registration, "https://reg.acme.example/"},
                           {Family::Event, "https://events.acme.example/"}};
    const Endpoints endpoints{{Pod::AU1, PodEndpoint::lambda("arn:aws:lambda:ap-southeast-2:123456789012:function:a:live")},
                              {Pod::US1, PodEndpoint::http("https://us.acme.example/")},
                              {Pod::EU1, perFamily}};
    const auto json = endpointsJson(endpoints);
    QVERIFY(json["format"] == "firehose-workbench/endpoints");
    QCOMPARE(json["data_centers"].size(), std::size_t(3));
    QVERIFY(json["data_centers"][0]["pod"] == "US1"); // pod order, not insertion order
    QVERIFY(json["data_centers"][0]["kind"] == "http");
    QVERIFY(json["data_centers"][0]["region"] == "us-east-1");
    QVERIFY(json["data_centers"][1]["pod"] == "EU1");
    const std::string expectedUrls =
        R"({"registration":"https://reg.acme.example/","event":"https://events.acme.example/","dsr":"https://dsr.acme.example/"})";
    QCOMPARE(json["data_centers"][1]["urls"].dump(), expectedUrls);
    QVERIFY(json["data_centers"][2]["kind"] == "lambda");
    QVERIFY(json["data_centers"][2]["region"] == "ap-southeast-2");
    const auto back = endpointsFromJson(json);
    QVERIFY(back);
    QVERIFY(*back == endpoints);
}

void TestEndpoints::jsonRefusals_data()
{
    QTest::addColumn<QString>("json");
    const auto row = [](const char *name, const char *json) { QTest::newRow(name) << QString::fromUtf8(json); };
    row("no format", R"({"version":1,"data_centers":[]})");
    row("newer version", R"({"format":"firehose-workbench/endpoints","version":2,"data_centers":[]})");
    row("unknown pod", R"({"format":"firehose-workbench/endpoints","version":1,"data_centers":[{"pod":"EU2","url":"https://x/"}]})");
    row("pod twice", R"({"format":"firehose-workbench/endpoints","version":1,"data_centers":[{"pod":"US1","url":"https://x/"},{"pod":"us1","url":"https://y/"}]})");
    row("unknown family", R"({"format":"firehose-workbench/endpoints","version":1,"data_centers":[{"pod":"US1","urls":{"billing":"https://x/"}}]})");
    row("empty pod", R"({"format":"firehose-workbench/endpoints","version":1,"data_centers":[{"pod":"US1"}]})");
}

void TestEndpoints::jsonRefusals()
{
    QFETCH(QString, json);
    const auto endpoints = endpointsFromJson(fhw::protocol::Json::parse(json.toStdString()));
    QVERIFY(!endpoints);
    QCOMPARE(endpoints.error().code, std::string("endpoints.format"));
}

void TestEndpoints::permissionCommands()
{
    const Endpoints endpoints{{Pod::US1, PodEndpoint::lambda(arnUs)},
                              {Pod::EU1, PodEndpoint::lambda(arnEu)},
                              {Pod::AU1, PodEndpoint::http("https://au.acme.example/")},
                              {Pod::US2, PodEndpoint::lambda("arn:aws:lambda:us-east-1:1:function:broken")}};
    const auto commands = lambdaPermissionCommands(endpoints);
    QCOMPARE(commands.size(), std::size_t(4)); // two per valid ARN; the URL and the broken ARN get none
    std::set<std::string> statementIds;
    for (const auto &command : commands) {
        statementIds.insert(command.statementId);
        QCOMPARE(command.argv.at(0), std::string("aws"));
        QCOMPARE(command.argv.at(2), std::string("add-permission"));
        const auto option = [&](const char *name) {
            const auto it = std::ranges::find(command.argv, std::string(name));
            return it != command.argv.end() && it + 1 != command.argv.end() ? *(it + 1) : std::string();
        };
        QCOMPARE(option("--function-name"), command.arn);
        QCOMPARE(option("--action"), std::string("lambda:InvokeFunction"));
        QCOMPARE(option("--principal"), command.principal);
        QCOMPARE(option("--statement-id"), command.statementId);
        QCOMPARE(option("--region"), parseLambdaArn(command.arn)->region);
        QVERIFY(command.commandLine.starts_with("aws lambda add-permission --region "));
    }
    QCOMPARE(statementIds.size(), commands.size());
    QCOMPARE(commands[0].principal, std::string("338661164609"));
    QCOMPARE(commands[1].principal, std::string("457804467337"));
    QCOMPARE(commands[0].statementId, std::string("mparticle-firehose-us1-338661164609"));
    QCOMPARE(commands[2].arn, arnEu);
    QCOMPARE(commands[2].commandLine,
             std::string("aws lambda add-permission --region eu-central-1 --function-name " + arnEu
                         + " --statement-id mparticle-firehose-eu1-338661164609 --action lambda:InvokeFunction "
                           "--principal 338661164609"));
    // $LATEST would be expanded by a shell: it is quoted.
    const auto latest = lambdaPermissionCommands(
        {{Pod::US1, PodEndpoint::lambda("arn:aws:lambda:us-east-1:123456789012:function:acme:$LATEST")}});
    QVERIFY(latest.at(0).commandLine.find("'arn:aws:lambda:us-east-1:123456789012:function:acme:$LATEST'")
            != std::string::npos);
}

void TestEndpoints::sharedArnGetsOnePair()
{
    const auto commands = lambdaPermissionCommands({{Pod::US1, PodEndpoint::lambda(arnUs)},
                                                    {Pod::US2, PodEndpoint::lambda(arnUs)}});
    QCOMPARE(commands.size(), std::size_t(2));
    QCOMPARE(commands[0].pods, (std::vector<Pod>{Pod::US1, Pod::US2}));
    QCOMPARE(commands[0].statementId, std::string("mparticle-firehose-us1-us2-338661164609"));
}

QTEST_GUILESS_MAIN(TestEndpoints)
#include "tst_endpoints.moc"
