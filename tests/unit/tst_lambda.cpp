// Lambda function references (ARNs, names, qualifiers), the Invoke URL, and what an Invoke answer carries
// beside its payload: the base64 log tail with its REPORT line, the function error, the executed version.

#include "aws/lambda.h"

#include <QByteArray>
#include <QTest>

using namespace fhw::aws;

namespace {

QString q(const std::string &text)
{
    return QString::fromStdString(text);
}

// As Lambda writes it: tab separated, a tab at the end; Init Duration on a cold start only.
const std::string coldTail = "START RequestId: 8f507cfc-1f2a-4697-b07a-ac58fc914c95 Version: $LATEST\n"
                             "{\"level\":\"info\",\"msg\":\"event batch\"}\n"
                             "END RequestId: 8f507cfc-1f2a-4697-b07a-ac58fc914c95\n"
                             "REPORT RequestId: 8f507cfc-1f2a-4697-b07a-ac58fc914c95\tDuration: 12.34 ms\t"
                             "Billed Duration: 13 ms\tMemory Size: 256 MB\tMax Memory Used: 71 MB\t"
                             "Init Duration: 180.52 ms\t\n";

std::string base64(const std::string &text)
{
    return QByteArray::fromStdString(text).toBase64().toStdString();
}

} // namespace

class TestLambda : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void arns_data();
    void arns();
    void targets_data();
    void targets();
    void invokeUrls_data();
    void invokeUrls();
    void reportLines_data();
    void reportLines();
    void noReport_data();
    void noReport();
    void invocationFromHeaders();
    void invocationWithoutTail();
};

void TestLambda::arns_data()
{
    QTest::addColumn<QString>("arn");
    QTest::addColumn<QString>("expected"); // region|account|function|qualifier, or the error's key words

    const auto ok = [](const char *name, const char *arn, const char *expected) {
        QTest::newRow(name) << QString::fromUtf8(arn) << QString::fromUtf8(expected);
    };
    const auto bad = [](const char *name, const char *arn, const char *why) {
        QTest::newRow(name) << QString::fromUtf8(arn) << QStringLiteral("error: ") + QString::fromUtf8(why);
    };
    ok("alias", "arn:aws:lambda:us-east-1:123456789012:function:acme-firehose:production",
       "us-east-1|123456789012|acme-firehose|production");
    ok("no qualifier", "arn:aws:lambda:eu-central-1:123456789012:function:acme_fh", "eu-central-1|123456789012|acme_fh|");
    ok("version", "arn:aws:lambda:ap-southeast-2:123456789012:function:acme:7", "ap-southeast-2|123456789012|acme|7");
    ok("$LATEST", "arn:aws:lambda:us-west-2:123456789012:function:acme:$LATEST", "us-west-2|123456789012|acme|$LATEST");
    bad("too few parts", "arn:aws:lambda:us-east-1:123456789012:acme", "':' parts");
    bad("too many parts", "arn:aws:lambda:us-east-1:123456789012:function:acme:live:extra", "':' parts");
    bad("not an arn", "acme-firehose", "':' parts");
    bad("china partition", "arn:aws-cn:lambda:cn-north-1:123456789012:function:acme", "partition");
    bad("layer", "arn:aws:lambda:us-east-1:123456789012:layer:acme:1", "'function' expected");
    bad("s3", "arn:aws:s3:us-east-1:123456789012:function:acme", "'lambda'");
    bad("made-up region", "arn:aws:lambda:useast1:123456789012:function:acme", "not an AWS region");
    bad("empty region", "arn:aws:lambda::123456789012:function:acme", "not an AWS region");
    bad("11-digit account", "arn:aws:lambda:us-east-1:12345678901:function:acme", "12 digits");
    bad("space in name", "arn:aws:lambda:us-east-1:123456789012:function:ac me", "not a function name");
    bad("65-character name",
        "arn:aws:lambda:us-east-1:123456789012:function:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "not a function name");
    bad("empty qualifier", "arn:aws:lambda:us-east-1:123456789012:function:acme:", "not an alias or version");
    bad("dot in qualifier", "arn:aws:lambda:us-east-1:123456789012:function:acme:v1.2", "not an alias or version");
}

void TestLambda::arns()
{
    QFETCH(QString, arn);
    QFETCH(QString, expected);
    const auto parsed = parseFunctionArn(arn.toStdString());
    if (expected.startsWith(QStringLiteral("error: "))) {
        QVERIFY(!parsed);
        QCOMPARE(q(parsed.error().code), QStringLiteral("lambda.arn"));
        QVERIFY2(q(parsed.error().message).contains(expected.mid(7)), parsed.error().message.c_str());
        return;
    }
    QVERIFY2(parsed, parsed ? "" : parsed.error().message.c_str());
    QCOMPARE(q(parsed->region + "|" + parsed->account + "|" + parsed->function + "|" + parsed->qualifier), expected);
}

void TestLambda::targets_data()
{
    QTest::addColumn<QString>("functionOrArn");
    QTest::addColumn<QString>("region");
    QTest::addColumn<QString>("qualifier");
    QTest::addColumn<QString>("expected"); // function|region|qualifier, or "error: …"

    const auto row = [](const char *name, const char *function, const char *region, const char *qualifier,
                        const char *expected) {
        QTest::newRow(name) << QString::fromUtf8(function) << QString::fromUtf8(region) << QString::fromUtf8(qualifier)
                            << QString::fromUtf8(expected);
    };
    const char *arn = "arn:aws:lambda:eu-central-1:123456789012:function:acme";
    row("alias ARN", "arn:aws:lambda:eu-central-1:123456789012:function:acme:live", "", "",
        "arn:aws:lambda:eu-central-1:123456789012:function:acme|eu-central-1|live");
    row("ARN + qualifier", arn, "", "7", "arn:aws:lambda:eu-central-1:123456789012:function:acme|eu-central-1|7");
    row("ARN + same region", arn, "eu-central-1", "", "arn:aws:lambda:eu-central-1:123456789012:function:acme|eu-central-1|");
    row("ARN + other region", arn, "us-east-1", "", "error: not the ARN's");
    row("ARN + other qualifier", "arn:aws:lambda:eu-central-1:123456789012:function:acme:live", "", "dev",
        "error: not the ARN's");
    row("bad ARN", "arn:aws:lambda:eu-central-1:123:function:acme", "", "", "error: 12 digits");
    row("name + region", "acme-firehose", "us-east-1", "", "acme-firehose|us-east-1|");
    row("name:qualifier", "acme-firehose:production", "us-east-1", "", "acme-firehose|us-east-1|production");
    row("name without region", "acme", "", "", "acme||");
    row("name:qualifier + other", "acme:live", "us-east-1", "dev", "error: not the one in");
    row("bad name", "acme firehose", "us-east-1", "", "error: not a function name");
    row("bad region", "acme", "Frankfurt", "", "error: not an AWS region");
    row("bad qualifier", "acme", "us-east-1", "v 2", "error: not an alias or version");
    row("partial ARN", "123456789012:function:acme", "us-east-1", "", "error: neither a function name");
}

void TestLambda::targets()
{
    QFETCH(QString, functionOrArn);
    QFETCH(QString, region);
    QFETCH(QString, qualifier);
    QFETCH(QString, expected);
    const auto target = lambdaTarget(functionOrArn.toStdString(), region.toStdString(), qualifier.toStdString());
    if (expected.startsWith(QStringLiteral("error: "))) {
        QVERIFY(!target);
        QCOMPARE(q(target.error().code), QStringLiteral("lambda.target"));
        QVERIFY2(q(target.error().message).contains(expected.mid(7)), target.error().message.c_str());
        return;
    }
    QVERIFY2(target, target ? "" : target.error().message.c_str());
    QCOMPARE(q(target->function + "|" + target->region + "|" + target->qualifier), expected);
    QVERIFY(target->sign);
    QVERIFY(target->endpoint.empty());
}

void TestLambda::invokeUrls_data()
{
    QTest::addColumn<QString>("function");
    QTest::addColumn<QString>("region");
    QTest::addColumn<QString>("qualifier");
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QString>("url");

    QTest::newRow("name") << QStringLiteral("acme") << QStringLiteral("us-east-1") << QString() << QString()
                          << QStringLiteral("https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/acme/invocations");
    QTest::newRow("ARN and alias")
        << QStringLiteral("arn:aws:lambda:eu-central-1:123456789012:function:acme") << QStringLiteral("eu-central-1")
        << QStringLiteral("live") << QString()
        << QStringLiteral("https://lambda.eu-central-1.amazonaws.com/2015-03-31/functions/"
                          "arn%3Aaws%3Alambda%3Aeu-central-1%3A123456789012%3Afunction%3Aacme/invocations?Qualifier=live");
    QTest::newRow("$LATEST") << QStringLiteral("acme") << QStringLiteral("us-east-1") << QStringLiteral("$LATEST")
                             << QString()
                             << QStringLiteral("https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/acme/"
                                               "invocations?Qualifier=%24LATEST");
    QTest::newRow("local emulator") << QStringLiteral("acme") << QString() << QString()
                                    << QStringLiteral("http://127.0.0.1:3001/")
                                    << QStringLiteral("http://127.0.0.1:3001/2015-03-31/functions/acme/invocations");
    QTest::newRow("no region, no endpoint") << QStringLiteral("acme") << QString() << QString() << QString() << QString();
}

void TestLambda::invokeUrls()
{
    QFETCH(QString, function);
    QFETCH(QString, region);
    QFETCH(QString, qualifier);
    QFETCH(QString, endpoint);
    QFETCH(QString, url);
    fhw::transport::LambdaTarget target;
    target.function = function.toStdString();
    target.region = region.toStdString();
    target.qualifier = qualifier.toStdString();
    target.endpoint = endpoint.toStdString();
    QCOMPARE(q(invokeUrl(target)), url);
}

void TestLambda::reportLines_data()
{
    QTest::addColumn<QString>("log");
    QTest::addColumn<QString>("requestId");
    QTest::addColumn<double>("duration");
    QTest::addColumn<double>("billed");
    QTest::addColumn<int>("memory");
    QTest::addColumn<int>("maxMemory");
    QTest::addColumn<double>("initDuration"); // -1: none (a warm start)

    QTest::newRow("cold start, tail") << q(coldTail) << QStringLiteral("8f507cfc-1f2a-4697-b07a-ac58fc914c95") << 12.34
                                      << 13.0 << 256 << 71 << 180.52;
    QTest::newRow("warm start") << QStringLiteral("REPORT RequestId: r-2\tDuration: 1.05 ms\tBilled Duration: 2 ms\t"
                                                  "Memory Size: 128 MB\tMax Memory Used: 18 MB\t")
                                << QStringLiteral("r-2") << 1.05 << 2.0 << 128 << 18 << -1.0;
    QTest::newRow("spaces, as in the header comment")
        << QStringLiteral("REPORT RequestId: abc Duration: 12.34 ms Billed Duration: 13 ms Memory Size: 256 MB "
                          "Max Memory Used: 71 MB Init Duration: 180.52 ms")
        << QStringLiteral("abc") << 12.34 << 13.0 << 256 << 71 << 180.52;
    QTest::newRow("last REPORT wins") << QStringLiteral("REPORT RequestId: old\tDuration: 9 ms\n"
                                                        "START RequestId: new\nREPORT RequestId: new\tDuration: 3 ms\t"
                                                        "Billed Duration: 3 ms\tMemory Size: 512 MB\tMax Memory Used: 90 MB")
                                      << QStringLiteral("new") << 3.0 << 3.0 << 512 << 90 << -1.0;
    QTest::newRow("X-Ray and Status fields")
        << QStringLiteral("REPORT RequestId: t\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\t"
                          "Max Memory Used: 40 MB\tInit Duration: 99.9 ms\tStatus: timeout\t\nXRAY TraceId: 1-abc")
        << QStringLiteral("t") << 3000.0 << 3000.0 << 128 << 40 << 99.9;
}

void TestLambda::reportLines()
{
    QFETCH(QString, log);
    QFETCH(QString, requestId);
    QFETCH(double, duration);
    QFETCH(double, billed);
    QFETCH(int, memory);
    QFETCH(int, maxMemory);
    QFETCH(double, initDuration);
    const auto report = parseReportLine(log.toStdString());
    QVERIFY(report);
    QCOMPARE(q(report->requestId), requestId);
    QCOMPARE(report->durationMs, duration);
    QCOMPARE(report->billedDurationMs, billed);
    QCOMPARE(report->memorySizeMb, memory);
    QCOMPARE(report->maxMemoryUsedMb, maxMemory);
    QCOMPARE(report->initDurationMs.has_value(), initDuration >= 0);
    if (initDuration >= 0)
        QCOMPARE(*report->initDurationMs, initDuration);
}

void TestLambda::noReport_data()
{
    QTest::addColumn<QString>("log");
    QTest::newRow("empty") << QString();
    QTest::newRow("START and END only") << QStringLiteral("START RequestId: x Version: $LATEST\nEND RequestId: x\n");
    QTest::newRow("REPORT without Duration") << QStringLiteral("REPORT RequestId: x\tMemory Size: 128 MB");
    QTest::newRow("REPORT inside a log line") << QStringLiteral("app said: REPORT RequestId: x\tDuration: 1 ms");
}

void TestLambda::noReport()
{
    QFETCH(QString, log);
    QVERIFY(!parseReportLine(log.toStdString()));
}

void TestLambda::invocationFromHeaders()
{
    // Header names in any case, as HTTP/2 lower-cases them and emulators vary.
    const auto invocation = lambdaInvocation({{"Content-Type", "application/json"},
                                              {"x-amz-function-error", "Unhandled"},
                                              {"X-Amz-Executed-Version", "7"},
                                              {"X-AMZ-LOG-RESULT", base64(coldTail)},
                                              {"X-Amzn-RequestId", "8f507cfc-1f2a-4697-b07a-ac58fc914c95"}});
    QCOMPARE(q(invocation.functionError), QStringLiteral("Unhandled"));
    QCOMPARE(q(invocation.executedVersion), QStringLiteral("7"));
    QCOMPARE(q(invocation.logTail), q(coldTail));
    QVERIFY(invocation.report);
    QCOMPARE(invocation.report->durationMs, 12.34);
    QVERIFY(invocation.coldStart());
}

void TestLambda::invocationWithoutTail()
{
    // No X-Amz-Log-Type: Tail asked, or an emulator without logs: nothing to parse, not an error.
    const auto plain = lambdaInvocation({{"X-Amz-Executed-Version", "$LATEST"}});
    QVERIFY(plain.functionError.empty());
    QVERIFY(plain.logTail.empty());
    QVERIFY(!plain.report);
    QVERIFY(!plain.coldStart());

    // A warm start's tail has no Init Duration.
    const auto warm = lambdaInvocation(
        {{"X-Amz-Log-Result", base64("REPORT RequestId: w\tDuration: 2.5 ms\tBilled Duration: 3 ms\t"
                                     "Memory Size: 128 MB\tMax Memory Used: 20 MB\t")}});
    QVERIFY(warm.report);
    QVERIFY(!warm.coldStart());

    // Not base64: kept as sent, so a person can still read it.
    const auto garbled = lambdaInvocation({{"X-Amz-Log-Result", "not base64 at all!"}});
    QCOMPARE(q(garbled.logTail), QStringLiteral("not base64 at all!"));
    QVERIFY(!garbled.report);
}

QTEST_GUILESS_MAIN(TestLambda)
#include "tst_lambda.moc"
