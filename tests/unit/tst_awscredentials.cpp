// AWS credentials as the AWS CLI finds them: the environment, then the profile in ~/.aws/credentials and
// ~/.aws/config, in real files under a temporary home. Never the process's own environment or home.

#include "aws/credentials.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace fhw::aws;

namespace {

QString q(const std::string &text)
{
    return QString::fromStdString(text);
}

// The keys every test starts from: two profiles in the credentials file, one with a session token; a
// third profile only in the config file, and regions there.
const char *credentialsText = R"(# written by aws configure
[default]
aws_access_key_id = AKIDDEFAULT
aws_secret_access_key = secret/default

[staging]
aws_access_key_id=AKIDSTAGING
aws_secret_access_key=secret+staging
aws_session_token = FwoGZXIvYXdzEXAMPLE==
; a comment
)";

const char *configText = R"([default]
region = us-east-1
s3 =
    max_concurrent_requests = 20

[profile staging]
region = eu-central-1

[profile configonly]
aws_access_key_id = AKIDCONFIG
aws_secret_access_key = secret-config
region = ap-southeast-2

[profile assumed]
role_arn = arn:aws:iam::123456789012:role/firehose
source_profile = default
)";

} // namespace

class TestAwsCredentials : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void profiles_data();
    void profiles();
    void environmentOverridesFiles();
    void explicitProfileOverridesEnvironment();
    void partialEnvironment();
    void filesFromEnvironmentVariables();
    void missingFiles();
    void missingProfile();
    void incompleteProfile();
    void unsupportedProfileKind();
    void malformedFiles_data();
    void malformedFiles();
    void regions_data();
    void regions();

private:
    void write(const QString &relative, const char *text);
    CredentialOptions options(std::map<std::string, std::string> environment = {}, std::string profile = {});

    std::unique_ptr<QTemporaryDir> m_home;
};

void TestAwsCredentials::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
    write(QStringLiteral(".aws/credentials"), credentialsText);
    write(QStringLiteral(".aws/config"), configText);
}

void TestAwsCredentials::write(const QString &relative, const char *text)
{
    const QString path = m_home->filePath(relative);
    QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(text);
}

// A fake environment: never empty, so the process's own is never read.
CredentialOptions TestAwsCredentials::options(std::map<std::string, std::string> environment, std::string profile)
{
    environment.emplace("HOME", m_home->path().toStdString());
    return CredentialOptions{std::move(profile), std::move(environment), {}};
}

void TestAwsCredentials::profiles_data()
{
    QTest::addColumn<QString>("awsProfile"); // AWS_PROFILE
    QTest::addColumn<QString>("asked");      // CredentialOptions::profile
    QTest::addColumn<QString>("accessKeyId");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QString>("sessionToken");
    QTest::addColumn<QString>("source");

    QTest::newRow("default") << QString() << QString() << QStringLiteral("AKIDDEFAULT")
                             << QStringLiteral("secret/default") << QString()
                             << QStringLiteral("profile default (~/.aws/credentials)");
    QTest::newRow("asked by name") << QString() << QStringLiteral("staging") << QStringLiteral("AKIDSTAGING")
                                   << QStringLiteral("secret+staging") << QStringLiteral("FwoGZXIvYXdzEXAMPLE==")
                                   << QStringLiteral("profile staging (~/.aws/credentials)");
    QTest::newRow("AWS_PROFILE") << QStringLiteral("staging") << QString() << QStringLiteral("AKIDSTAGING")
                                 << QStringLiteral("secret+staging") << QStringLiteral("FwoGZXIvYXdzEXAMPLE==")
                                 << QStringLiteral("profile staging (~/.aws/credentials)");
    QTest::newRow("asked beats AWS_PROFILE") << QStringLiteral("staging") << QStringLiteral("default")
                                             << QStringLiteral("AKIDDEFAULT") << QStringLiteral("secret/default")
                                             << QString() << QStringLiteral("profile default (~/.aws/credentials)");
    QTest::newRow("[profile x] in config") << QString() << QStringLiteral("configonly") << QStringLiteral("AKIDCONFIG")
                                           << QStringLiteral("secret-config") << QString()
                                           << QStringLiteral("profile configonly (~/.aws/config)");
}

void TestAwsCredentials::profiles()
{
    QFETCH(QString, awsProfile);
    QFETCH(QString, asked);
    QFETCH(QString, accessKeyId);
    QFETCH(QString, secret);
    QFETCH(QString, sessionToken);
    QFETCH(QString, source);

    std::map<std::string, std::string> environment;
    if (!awsProfile.isEmpty())
        environment["AWS_PROFILE"] = awsProfile.toStdString();
    const auto credentials = resolveCredentials(options(environment, asked.toStdString()));
    QVERIFY2(credentials, credentials ? "" : credentials.error().message.c_str());
    QCOMPARE(q(credentials->accessKeyId), accessKeyId);
    QCOMPARE(q(credentials->secretAccessKey), secret);
    QCOMPARE(q(credentials->sessionToken), sessionToken);
    QCOMPARE(q(credentials->source), source);
}

void TestAwsCredentials::environmentOverridesFiles()
{
    const auto credentials = resolveCredentials(options({{"AWS_ACCESS_KEY_ID", "AKIDENV"},
                                                         {"AWS_SECRET_ACCESS_KEY", "secret-env"},
                                                         {"AWS_SESSION_TOKEN", "token-env"},
                                                         {"AWS_PROFILE", "staging"}}));
    QVERIFY(credentials);
    QCOMPARE(q(credentials->accessKeyId), QStringLiteral("AKIDENV"));
    QCOMPARE(q(credentials->secretAccessKey), QStringLiteral("secret-env"));
    QCOMPARE(q(credentials->sessionToken), QStringLiteral("token-env"));
    QCOMPARE(q(credentials->source), QStringLiteral("environment"));
}

// As the AWS CLI's --profile: a profile asked for by name is used even when the environment has keys.
void TestAwsCredentials::explicitProfileOverridesEnvironment()
{
    const auto credentials = resolveCredentials(
        options({{"AWS_ACCESS_KEY_ID", "AKIDENV"}, {"AWS_SECRET_ACCESS_KEY", "secret-env"}}, "staging"));
    QVERIFY(credentials);
    QCOMPARE(q(credentials->accessKeyId), QStringLiteral("AKIDSTAGING"));
}

void TestAwsCredentials::partialEnvironment()
{
    const auto credentials = resolveCredentials(options({{"AWS_ACCESS_KEY_ID", "AKIDENV"}}));
    QVERIFY(!credentials);
    QCOMPARE(q(credentials.error().code), QStringLiteral("aws.no-credentials"));
    QVERIFY(credentials.error().message.find("AWS_SECRET_ACCESS_KEY") != std::string::npos);
}

void TestAwsCredentials::filesFromEnvironmentVariables()
{
    write(QStringLiteral("elsewhere/creds"), "[default]\naws_access_key_id = AKIDELSEWHERE\naws_secret_access_key = s\n");
    write(QStringLiteral("elsewhere/conf"), "[default]\nregion = sa-east-1\n");
    const auto environment = std::map<std::string, std::string>{
        {"AWS_SHARED_CREDENTIALS_FILE", m_home->filePath(QStringLiteral("elsewhere/creds")).toStdString()},
        {"AWS_CONFIG_FILE", "~/elsewhere/conf"}};
    const auto credentials = resolveCredentials(options(environment));
    QVERIFY(credentials);
    QCOMPARE(q(credentials->accessKeyId), QStringLiteral("AKIDELSEWHERE"));
    QCOMPARE(q(credentials->source), QStringLiteral("profile default (~/elsewhere/creds)"));
    QCOMPARE(q(resolveRegion(options(environment))), QStringLiteral("sa-east-1"));
}

void TestAwsCredentials::missingFiles()
{
    QVERIFY(QDir(m_home->filePath(QStringLiteral(".aws"))).removeRecursively());
    const auto credentials = resolveCredentials(options());
    QVERIFY(!credentials);
    QCOMPARE(q(credentials.error().code), QStringLiteral("aws.no-credentials"));
    // Says where it looked.
    QVERIFY(credentials.error().message.find("~/.aws/credentials") != std::string::npos);
    QVERIFY(credentials.error().message.find("~/.aws/config") != std::string::npos);
    QVERIFY(credentials.error().message.find("AWS_ACCESS_KEY_ID") != std::string::npos);
    QCOMPARE(q(resolveRegion(options())), QString());
}

void TestAwsCredentials::missingProfile()
{
    const auto credentials = resolveCredentials(options({}, "production"));
    QVERIFY(!credentials);
    QCOMPARE(q(credentials.error().code), QStringLiteral("aws.profile"));
    QVERIFY(credentials.error().message.find("'production'") != std::string::npos);
}

void TestAwsCredentials::incompleteProfile()
{
    write(QStringLiteral(".aws/credentials"), "[default]\naws_access_key_id = AKIDONLY\n");
    const auto credentials = resolveCredentials(options());
    QVERIFY(!credentials);
    QCOMPARE(q(credentials.error().code), QStringLiteral("aws.profile"));
    QVERIFY(credentials.error().message.find("aws_secret_access_key") != std::string::npos);
}

void TestAwsCredentials::unsupportedProfileKind()
{
    const auto credentials = resolveCredentials(options({}, "assumed"));
    QVERIFY(!credentials);
    QCOMPARE(q(credentials.error().code), QStringLiteral("aws.profile"));
    QVERIFY(credentials.error().message.find("role_arn") != std::string::npos);
    QVERIFY(credentials.error().message.find("export-credentials") != std::string::npos);
}

void TestAwsCredentials::malformedFiles_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("where");

    QTest::newRow("no '='") << QStringLiteral(".aws/credentials")
                            << QByteArray("[default]\naws_access_key_id AKID\n") << QStringLiteral("line 2");
    QTest::newRow("setting before a section") << QStringLiteral(".aws/credentials")
                                              << QByteArray("\naws_access_key_id = AKID\n[default]\n")
                                              << QStringLiteral("line 2");
    QTest::newRow("unclosed section") << QStringLiteral(".aws/config") << QByteArray("[default]\nregion=x\n[profile a\n")
                                      << QStringLiteral("line 3");
    QTest::newRow("empty section") << QStringLiteral(".aws/config") << QByteArray("[ ]\n") << QStringLiteral("line 1");
}

void TestAwsCredentials::malformedFiles()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, text);
    QFETCH(QString, where);
    write(file, text.constData());
    const auto credentials = resolveCredentials(options());
    QVERIFY(!credentials);
    QCOMPARE(q(credentials.error().code), QStringLiteral("aws.credentials-file"));
    QVERIFY2(q(credentials.error().message).contains(QStringLiteral("~/") + file + QStringLiteral(", ") + where),
             credentials.error().message.c_str());
}

void TestAwsCredentials::regions_data()
{
    QTest::addColumn<QString>("awsRegion");
    QTest::addColumn<QString>("awsDefaultRegion");
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QString>("expected");

    QTest::newRow("default profile") << QString() << QString() << QString() << QStringLiteral("us-east-1");
    QTest::newRow("[profile staging]") << QString() << QString() << QStringLiteral("staging")
                                       << QStringLiteral("eu-central-1");
    QTest::newRow("AWS_DEFAULT_REGION") << QString() << QStringLiteral("eu-west-1") << QStringLiteral("staging")
                                        << QStringLiteral("eu-west-1");
    QTest::newRow("AWS_REGION first") << QStringLiteral("us-west-2") << QStringLiteral("eu-west-1") << QString()
                                      << QStringLiteral("us-west-2");
    QTest::newRow("none") << QString() << QString() << QStringLiteral("assumed") << QString();
}

void TestAwsCredentials::regions()
{
    QFETCH(QString, awsRegion);
    QFETCH(QString, awsDefaultRegion);
    QFETCH(QString, profile);
    QFETCH(QString, expected);
    std::map<std::string, std::string> environment;
    if (!awsRegion.isEmpty())
        environment["AWS_REGION"] = awsRegion.toStdString();
    if (!awsDefaultRegion.isEmpty())
        environment["AWS_DEFAULT_REGION"] = awsDefaultRegion.toStdString();
    QCOMPARE(q(resolveRegion(options(environment, profile.toStdString()))), expected);
}

QTEST_GUILESS_MAIN(TestAwsCredentials)
#include "tst_awscredentials.moc"
