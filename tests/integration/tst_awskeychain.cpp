// AWS credentials in the OS keychain, against the real Secret Service of scripts/with-test-services
// (gnome-keyring), checked from outside with secret-tool. Names of our own (pid + random), removed after.

#include "privatebus.h"

#include "aws/credentials.h"
#include "secrets/keychainjob_p.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTest>

using namespace fhw::aws;
using namespace fhw::testing;
using namespace std::chrono_literals;

namespace {

const QString service = QStringLiteral("Firehose Workbench AWS");

QString q(const std::string &text)
{
    return QString::fromStdString(text);
}

QByteArray secretTool(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral("secret-tool"), arguments);
    if (!process.waitForStarted(5000))
        return {};
    process.closeWriteChannel();
    if (!process.waitForFinished(10'000))
        return {};
    return process.readAllStandardOutput();
}

} // namespace

class TestAwsKeychain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            QFAIL("No session bus: run inside scripts/with-test-services (scripts/test does).");
        QVERIFY2(waitForSessionSecretService(), "Nothing owns org.freedesktop.secrets on the test bus");
        QVERIFY2(QFile::exists(QStringLiteral("/usr/bin/secret-tool")), "secret-tool (libsecret-tools) is missing");
    }

    void cleanup()
    {
        for (const std::string &name : m_names)
            secretTool({QStringLiteral("clear"), QStringLiteral("server"), service, QStringLiteral("user"), q(name)});
        m_names.clear();
    }

    void roundTrip()
    {
        const std::string name = newName();
        const Credentials stored{"AKIDKEYCHAIN", "secret/with+chars", "FwoGZXIvYXdzEXAMPLE==", "ignored"};
        const auto ok = storeKeychainCredentials(name, stored);
        QVERIFY2(ok, ok ? "" : ok.error().message.c_str());

        const auto read = keychainCredentials(name);
        QVERIFY2(read, read ? "" : read.error().message.c_str());
        QCOMPARE(q(read->accessKeyId), q(stored.accessKeyId));
        QCOMPARE(q(read->secretAccessKey), q(stored.secretAccessKey));
        QCOMPARE(q(read->sessionToken), q(stored.sessionToken));
        QCOMPARE(q(read->source), QStringLiteral("keychain (") + q(name) + u')');

        // Really in the keychain, under our service and the name (seen from outside).
        const QByteArray seen = secretTool({QStringLiteral("lookup"), QStringLiteral("server"), service,
                                            QStringLiteral("user"), q(name)});
        QVERIFY(seen.contains("AKIDKEYCHAIN"));
    }

    void replaceDropsOldSessionToken()
    {
        const std::string name = newName();
        QVERIFY(storeKeychainCredentials(name, {"AKIDFIRST", "s1", "token-first", {}}));
        QVERIFY(storeKeychainCredentials(name, {"AKIDSECOND", "s2", {}, {}}));
        const auto read = keychainCredentials(name);
        QVERIFY(read);
        QCOMPARE(q(read->accessKeyId), QStringLiteral("AKIDSECOND"));
        QVERIFY(read->sessionToken.empty());
    }

    void notFound()
    {
        const auto read = keychainCredentials(newName());
        QVERIFY(!read);
        QCOMPARE(q(read.error().code), QStringLiteral("keychain.not-found"));
    }

    void refusals()
    {
        QCOMPARE(q(storeKeychainCredentials("", {"AKID", "s", {}, {}}).error().code),
                 QStringLiteral("keychain.invalid-name"));
        QCOMPARE(q(keychainCredentials("line\nbreak").error().code), QStringLiteral("keychain.invalid-name"));
        QCOMPARE(q(storeKeychainCredentials(newName(), {"AKID", "", {}, {}}).error().code),
                 QStringLiteral("aws.no-credentials"));
    }

    // An entry under our service that we did not write (not our JSON) is refused, not half-read.
    void foreignEntry()
    {
        const std::string name = newName();
        const auto written = fhw::secrets::detail::runKeychainJob(fhw::secrets::detail::KeychainAction::Write, service,
                                                                  q(name), "just a password", 10s);
        QVERIFY(written && written->error == QKeychain::NoError);
        const auto read = keychainCredentials(name);
        QVERIFY(!read);
        QCOMPARE(q(read.error().code), QStringLiteral("keychain.error"));
        QVERIFY(read.error().message.find("just a password") == std::string::npos);
    }

private:
    std::string newName()
    {
        const std::string name = "tst-aws-" + std::to_string(QCoreApplication::applicationPid()) + "-"
            + std::to_string(QRandomGenerator::global()->generate());
        m_names.push_back(name);
        return name;
    }

    std::vector<std::string> m_names;
};

QTEST_GUILESS_MAIN(TestAwsKeychain)
#include "tst_awskeychain.moc"
