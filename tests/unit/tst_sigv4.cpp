// SigV4 against AWS's own published examples, step by step: canonical request, string to sign,
// signature, Authorization header.
//
// Test data (inputs and expected outputs as AWS published them; nothing here was computed by us):
// - the aws-sig-v4-test-suite (formerly https://docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html,
//   kept in the AWS SDKs' and botocore's tests, e.g. botocore tests/unit/auth/aws4_testsuite): cases get-vanilla,
//   post-vanilla, post-vanilla-query, get-vanilla-query-order-key-case, post-x-www-form-urlencoded,
//   get-header-key-duplicate, get-header-value-trim, post-header-key-case, post-header-value-case,
//   post-sts-token/post-sts-header-before. Key AKIDEXAMPLE, 20150830T123600Z, us-east-1, service "service",
//   host example.amazonaws.com.
// - the AWS General Reference's "Signature Version 4 examples" (IAM ListUsers, service "iam"): its
//   canonical request, string to sign, derived signing key and signature 5d672d79….

#include "aws/sigv4.h"

#include <QByteArray>
#include <QTest>

using namespace fhw::aws;

namespace {

const Credentials suiteCredentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", {}, "test"};

// The suite's example session token (post-sts-token/readme.txt).
const std::string suiteSessionToken =
    "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7"
    "mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY"
    "9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

// 2015-08-30T12:36:00Z
std::chrono::system_clock::time_point suiteTime()
{
    using namespace std::chrono;
    return sys_days{year{2015} / August / day{30}} + hours{12} + minutes{36};
}

const std::string emptyBodyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const std::string suiteScope = "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request";

using Headers = std::vector<std::pair<std::string, std::string>>;

QString q(const std::string &text)
{
    return QString::fromStdString(text);
}

} // namespace

Q_DECLARE_METATYPE(Headers)

class TestSigV4 : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void testSuite_data();
    void testSuite();
    void canonicalRequestSteps_data();
    void canonicalRequestSteps();
    void iamListUsersExample();
    void sessionTokenHeaders();
    void lambdaInvokePath();
    void timeOfDayIsUtc();
};

void TestSigV4::testSuite_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("query");
    QTest::addColumn<Headers>("headers");
    QTest::addColumn<QString>("body");
    QTest::addColumn<bool>("sessionToken");
    QTest::addColumn<QString>("signedHeaders");
    QTest::addColumn<QString>("signature");

    const auto row = [](const char *name, const char *method, const char *query, Headers headers, const char *body,
                        bool token, const char *signedHeaders, const char *signature) {
        QTest::newRow(name) << QString::fromUtf8(method) << QString::fromUtf8(query) << headers << QString::fromUtf8(body)
                            << token << QString::fromUtf8(signedHeaders) << QString::fromUtf8(signature);
    };
    row("get-vanilla", "GET", "", {}, "", false, "host;x-amz-date",
        "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    row("post-vanilla", "POST", "", {}, "", false, "host;x-amz-date",
        "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
    row("post-vanilla-query", "POST", "Param1=value1", {}, "", false, "host;x-amz-date",
        "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11");
    row("get-vanilla-query-order-key-case", "GET", "Param2=value2&Param1=value1", {}, "", false, "host;x-amz-date",
        "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
    row("post-x-www-form-urlencoded", "POST", "", {{"Content-Type", "application/x-www-form-urlencoded"}},
        "Param1=value1", false, "content-type;host;x-amz-date",
        "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a");
    row("get-header-key-duplicate", "GET", "",
        {{"My-Header1", "value2"}, {"My-Header1", "value2"}, {"My-Header1", "value1"}}, "", false,
        "host;my-header1;x-amz-date", "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea");
    row("get-header-value-trim", "GET", "", {{"My-Header1", " value1"}, {"My-Header2", "\"a   b   c\""}}, "", false,
        "host;my-header1;my-header2;x-amz-date", "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736");
    row("post-header-key-case", "POST", "", {{"MY-HEADER1", "value1"}}, "", false, "host;my-header1;x-amz-date",
        "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c");
    row("post-header-value-case", "POST", "", {{"My-Header1", "VALUE1"}}, "", false, "host;my-header1;x-amz-date",
        "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d");
    row("post-sts-header-before", "POST", "", {}, "", true, "host;x-amz-date;x-amz-security-token",
        "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead");
}

void TestSigV4::testSuite()
{
    QFETCH(QString, method);
    QFETCH(QString, query);
    QFETCH(Headers, headers);
    QFETCH(QString, body);
    QFETCH(bool, sessionToken);
    QFETCH(QString, signedHeaders);
    QFETCH(QString, signature);

    Credentials credentials = suiteCredentials;
    if (sessionToken)
        credentials.sessionToken = suiteSessionToken;
    const SigningRequest request{method.toStdString(), "example.amazonaws.com", "/", query.toStdString(), headers,
                                 body.toStdString()};
    const SigV4Steps steps = signV4(request, credentials, "us-east-1", "service", suiteTime());

    QCOMPARE(q(steps.signature), signature);
    QCOMPARE(q(steps.authorization), QStringLiteral("AWS4-HMAC-SHA256 Credential=") + q(suiteScope)
                                         + QStringLiteral(", SignedHeaders=") + signedHeaders
                                         + QStringLiteral(", Signature=") + signature);
}

// The suite's .creq and .sts files for the cases whose every line we check.
void TestSigV4::canonicalRequestSteps_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("query");
    QTest::addColumn<Headers>("headers");
    QTest::addColumn<QString>("body");
    QTest::addColumn<QString>("canonicalRequest");
    QTest::addColumn<QString>("canonicalRequestHash");

    QTest::newRow("get-vanilla") << QStringLiteral("GET") << QString() << Headers{} << QString()
                                 << QStringLiteral("GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
                                                   "host;x-amz-date\n")
            + q(emptyBodyHash)
                                 << QStringLiteral("bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
    QTest::newRow("post-vanilla-query")
        << QStringLiteral("POST") << QStringLiteral("Param1=value1") << Headers{} << QString()
        << QStringLiteral("POST\n/\nParam1=value1\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
                          "host;x-amz-date\n")
            + q(emptyBodyHash)
        << QStringLiteral("9d659678c1756bb3113e2ce898845a0a79dbbc57b740555917687f1b3340fbbd");
    QTest::newRow("post-x-www-form-urlencoded")
        << QStringLiteral("POST") << QString() << Headers{{"Content-Type", "application/x-www-form-urlencoded"}}
        << QStringLiteral("Param1=value1")
        << QStringLiteral("POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\n"
                          "x-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n"
                          "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e")
        << QStringLiteral("42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281");
    QTest::newRow("post-header-key-case")
        << QStringLiteral("POST") << QString() << Headers{{"MY-HEADER1", "value1"}} << QString()
        << QStringLiteral("POST\n/\n\nhost:example.amazonaws.com\nmy-header1:value1\nx-amz-date:20150830T123600Z\n\n"
                          "host;my-header1;x-amz-date\n")
            + q(emptyBodyHash)
        << QStringLiteral("9368318c2967cf6de74404b30c65a91e8f6253e0a8659d6d5319f1a812f87d65");
    QTest::newRow("get-vanilla-query-order-key-case")
        << QStringLiteral("GET") << QStringLiteral("Param2=value2&Param1=value1") << Headers{} << QString()
        << QStringLiteral("GET\n/\nParam1=value1&Param2=value2\nhost:example.amazonaws.com\n"
                          "x-amz-date:20150830T123600Z\n\nhost;x-amz-date\n")
            + q(emptyBodyHash)
        << QStringLiteral("816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0");
}

void TestSigV4::canonicalRequestSteps()
{
    QFETCH(QString, method);
    QFETCH(QString, query);
    QFETCH(Headers, headers);
    QFETCH(QString, body);
    QFETCH(QString, canonicalRequest);
    QFETCH(QString, canonicalRequestHash);

    const SigningRequest request{method.toStdString(), "example.amazonaws.com", "/", query.toStdString(), headers,
                                 body.toStdString()};
    const SigV4Steps steps = signV4(request, suiteCredentials, "us-east-1", "service", suiteTime());
    QCOMPARE(q(steps.canonicalRequest), canonicalRequest);
    QCOMPARE(q(sha256Hex(steps.canonicalRequest)), canonicalRequestHash);
    QCOMPARE(q(steps.stringToSign), QStringLiteral("AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/"
                                                   "aws4_request\n")
                                        + canonicalRequestHash);
}

// GET https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08, each of the example's four steps.
void TestSigV4::iamListUsersExample()
{
    const SigningRequest request{"GET", "iam.amazonaws.com", "/", "Action=ListUsers&Version=2010-05-08",
                                 {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}}, ""};
    const SigV4Steps steps = signV4(request, suiteCredentials, "us-east-1", "iam", suiteTime());

    // Task 1: the canonical request and its hash.
    QCOMPARE(q(steps.canonicalRequest),
             QStringLiteral("GET\n/\nAction=ListUsers&Version=2010-05-08\n"
                            "content-type:application/x-www-form-urlencoded; charset=utf-8\nhost:iam.amazonaws.com\n"
                            "x-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n")
                 + q(emptyBodyHash));
    QCOMPARE(q(sha256Hex(steps.canonicalRequest)),
             QStringLiteral("f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59"));
    // Task 2: the string to sign.
    QCOMPARE(q(steps.stringToSign),
             QStringLiteral("AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\n"
                            "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59"));
    // Task 3: the derived signing key, then the signature.
    const std::string key = deriveSigningKey(suiteCredentials.secretAccessKey, "20150830", "us-east-1", "iam");
    QCOMPARE(QByteArray::fromStdString(key).toHex(),
             QByteArray("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9"));
    QCOMPARE(q(steps.signature), QStringLiteral("5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"));
    // Task 4: the Authorization header.
    QCOMPARE(q(steps.authorization),
             QStringLiteral("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
                            "SignedHeaders=content-type;host;x-amz-date, "
                            "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"));
}

// The headers to add: Authorization and X-Amz-Date always, X-Amz-Security-Token only with a session token;
// a caller's own Host / X-Amz-Date do not change what is signed.
void TestSigV4::sessionTokenHeaders()
{
    const SigningRequest plain{"POST", "example.amazonaws.com", "/", "", {}, ""};
    const SigV4Steps longTerm = signV4(plain, suiteCredentials, "us-east-1", "service", suiteTime());
    QCOMPARE(longTerm.headers.size(), std::size_t(2));
    QCOMPARE(q(longTerm.headers[0].first), QStringLiteral("Authorization"));
    QCOMPARE(q(longTerm.headers[0].second), q(longTerm.authorization));
    QCOMPARE(q(longTerm.headers[1].first), QStringLiteral("X-Amz-Date"));
    QCOMPARE(q(longTerm.headers[1].second), QStringLiteral("20150830T123600Z"));

    Credentials temporary = suiteCredentials;
    temporary.sessionToken = suiteSessionToken;
    SigningRequest withOwnCopies = plain;
    withOwnCopies.headers = {{"Host", "other.example"}, {"X-Amz-Date", "20000101T000000Z"}};
    const SigV4Steps sts = signV4(withOwnCopies, temporary, "us-east-1", "service", suiteTime());
    QCOMPARE(sts.headers.size(), std::size_t(3));
    QCOMPARE(q(sts.headers[2].first), QStringLiteral("X-Amz-Security-Token"));
    QCOMPARE(q(sts.headers[2].second), q(suiteSessionToken));
    QCOMPARE(q(sts.signature), QStringLiteral("85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead"));
    QVERIFY(sts.canonicalRequest.find("\nx-amz-security-token:" + suiteSessionToken + "\n") != std::string::npos);
    // The secret never appears in anything we hand out.
    for (const auto &[name, value] : sts.headers)
        QVERIFY(value.find(suiteCredentials.secretAccessKey) == std::string::npos);
}

// An Invoke path as sent (an ARN's ':' percent-encoded) is encoded once more, as the SDKs do for
// every service but S3; the Qualifier in the query is encoded once.
void TestSigV4::lambdaInvokePath()
{
    const SigningRequest request{"POST",
                                 "lambda.eu-central-1.amazonaws.com",
                                 "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aeu-central-1%3A123456789012%3Afunction%3Aacme/"
                                 "invocations",
                                 "Qualifier=%24LATEST",
                                 {{"Content-Type", "application/json"}},
                                 "{}"};
    const SigV4Steps steps = signV4(request, suiteCredentials, "eu-central-1", "lambda", suiteTime());
    const QStringList lines = q(steps.canonicalRequest).split(u'\n');
    QCOMPARE(lines.value(1), QStringLiteral("/2015-03-31/functions/arn%253Aaws%253Alambda%253Aeu-central-1%253A"
                                            "123456789012%253Afunction%253Aacme/invocations"));
    QCOMPARE(lines.value(2), QStringLiteral("Qualifier=%24LATEST"));
    QCOMPARE(lines.last(), q(sha256Hex("{}")));
    QVERIFY(steps.authorization.find("/20150830/eu-central-1/lambda/aws4_request,") != std::string::npos);
}

void TestSigV4::timeOfDayIsUtc()
{
    const SigningRequest request{"GET", "example.amazonaws.com", "/", "", {}, ""};
    // 23:59:59 on the 29th: the scope's date is the 29th, whatever the local time zone says.
    const auto late = suiteTime() - std::chrono::hours(12) - std::chrono::minutes(36) - std::chrono::seconds(1);
    const SigV4Steps steps = signV4(request, suiteCredentials, "us-east-1", "service", late);
    QCOMPARE(q(steps.headers[1].second), QStringLiteral("20150829T235959Z"));
    QVERIFY(steps.stringToSign.find("\n20150829/us-east-1/service/aws4_request\n") != std::string::npos);
}

QTEST_GUILESS_MAIN(TestSigV4)
#include "tst_sigv4.moc"
