// `fhw send --lambda` and `fhw check --lambda` against `fhw serve --lambda` (unsigned, through
// --lambda-endpoint): the REPORT is shown, cold then warm; function errors and throttles as mParticle sees them.

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QJsonDocument>
#include <QJsonObject>
#include "processrun.h"

#include <QProcess>
#include <QTest>

#include <csignal>

namespace {

using Run = clitest::ProcessRun;

Run fhw(const QStringList &arguments, const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
{
    return clitest::runProcess(QStringLiteral(FHW_CLI_PATH), arguments, environment);
}

// Starts `fhw serve --lambda ARGS`; returns the URL from its first line (the second names the Invoke path).
QString startServe(QProcess &serve, const QStringList &arguments)
{
    serve.start(QStringLiteral(FHW_CLI_PATH), QStringList{QStringLiteral("serve"), QStringLiteral("--lambda")} + arguments);
    if (!serve.waitForStarted(10'000))
        return {};
    QByteArray lines;
    for (int i = 0; i < 100 && lines.count('\n') < 2; ++i) {
        serve.waitForReadyRead(100);
        lines += serve.readAll();
    }
    const QByteArray prefix = "listening on ";
    if (!lines.startsWith(prefix) || !lines.contains("lambda invoke on "))
        return {};
    return QString::fromUtf8(lines.mid(prefix.size(), lines.indexOf('\n') - prefix.size()).trimmed());
}

void stop(QProcess &serve)
{
    ::kill(pid_t(serve.processId()), SIGTERM);
    if (!serve.waitForFinished(10'000)) {
        serve.kill();
        serve.waitForFinished();
    }
}

QStringList sendArgs(const QString &url, const QStringList &more = {})
{
    return QStringList{QStringLiteral("send"), QStringLiteral("--lambda"), QStringLiteral("partner-fn"),
                       QStringLiteral("--lambda-endpoint"), url, QStringLiteral("--no-sign"),
                       QStringLiteral("--generate"), QStringLiteral("event")}
           + more;
}

} // namespace

class TestLambdaCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sendShowsTheReportColdThenWarm()
    {
        QProcess serve;
        const QString url = startServe(serve, {});
        QVERIFY2(url.startsWith(QStringLiteral("http://127.0.0.1:")), qPrintable(url));

        const Run cold = fhw(sendArgs(url));
        QVERIFY2(cold.exitCode == 0, cold.out + cold.err);
        QVERIFY2(cold.out.contains("POST " + url.toUtf8() + "2015-03-31/functions/partner-fn/invocations"), cold.out);
        QVERIFY(cold.out.contains("attempt 1: 200"));
        QVERIFY2(cold.out.contains("REPORT: Duration "), cold.out);
        QVERIFY(cold.out.contains("Memory 256 MB"));
        QVERIFY(cold.out.contains("Init Duration 180.00 ms (cold start)"));
        QVERIFY(cold.out.contains("verdict: success (accepted)"));

        const Run warm = fhw(sendArgs(url, {QStringLiteral("--json")}));
        QVERIFY2(warm.exitCode == 0, warm.out + warm.err);
        const Run warmText = fhw(sendArgs(url));
        QVERIFY2(warmText.out.contains("REPORT: Duration ") && warmText.out.contains("(warm)"), warmText.out);
        QVERIFY(!warmText.out.contains("Init Duration"));

        stop(serve);
        const QByteArray served = serve.readAllStandardOutput();
        QVERIFY2(served.contains(" POST /2015-03-31/functions/partner-fn/invocations 200 event_processing_request"), served);
    }

    void functionErrorsAndThrottles()
    {
        QProcess failing;
        const QString url = startServe(failing, {QStringLiteral("--function-error-rate"), QStringLiteral("1")});
        QVERIFY(!url.isEmpty());
        const Run failed = fhw(sendArgs(url, {QStringLiteral("--max-attempts"), QStringLiteral("2")}));
        QCOMPARE(failed.exitCode, 1);
        QVERIFY2(failed.out.contains("attempt 2 ("), failed.out);
        QVERIFY(failed.out.contains("function error: Unhandled"));
        QVERIFY(failed.out.contains("errorMessage"));
        QVERIFY2(failed.out.contains("verdict: exhausted (not accepted) — gave up after 2 attempts; last: function error (Unhandled)"),
                 failed.out);
        stop(failing);

        QProcess throttling;
        const QString throttled = startServe(throttling, {QStringLiteral("--throttle-rate"), QStringLiteral("1")});
        QVERIFY(!throttled.isEmpty());
        const Run refused = fhw(sendArgs(throttled, {QStringLiteral("--max-attempts"), QStringLiteral("2")}));
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.out.contains("attempt 1: 429") && refused.out.contains("attempt 2 ("), refused.out);
        QVERIFY(refused.out.contains("TooManyRequestsException") || refused.out.contains("Rate Exceeded."));
        stop(throttling);
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("region without lambda")
            << QStringList{QStringLiteral("send"), QStringLiteral("http://127.0.0.1:1/"), QStringLiteral("--generate"),
                           QStringLiteral("event"), QStringLiteral("--region"), QStringLiteral("us-east-1")}
            << QByteArray("--region needs --lambda");
        QTest::newRow("bad arn")
            << QStringList{QStringLiteral("send"), QStringLiteral("--lambda"), QStringLiteral("arn:aws:lambda:x"),
                           QStringLiteral("--generate"), QStringLiteral("event")}
            << QByteArray("--lambda:");
        QTest::newRow("unsigned to AWS")
            << QStringList{QStringLiteral("send"), QStringLiteral("--lambda"), QStringLiteral("fn"), QStringLiteral("--region"),
                           QStringLiteral("us-east-1"), QStringLiteral("--no-sign"), QStringLiteral("--generate"),
                           QStringLiteral("event")}
            << QByteArray("--no-sign is for local emulators");
        QTest::newRow("check with URL and lambda")
            << QStringList{QStringLiteral("check"), QStringLiteral("http://127.0.0.1:1/"), QStringLiteral("--lambda"),
                           QStringLiteral("fn"), QStringLiteral("--region"), QStringLiteral("us-east-1")}
            << QByteArray("not both");
        QTest::newRow("check with event-url and lambda")
            << QStringList{QStringLiteral("check"), QStringLiteral("--event-url"), QStringLiteral("http://127.0.0.1:1/"),
                           QStringLiteral("--lambda"), QStringLiteral("fn"), QStringLiteral("--region"),
                           QStringLiteral("us-east-1")}
            << QByteArray("not both");
        QTest::newRow("serve rate without lambda")
            << QStringList{QStringLiteral("serve"), QStringLiteral("--throttle-rate"), QStringLiteral("0.5")}
            << QByteArray("need --lambda");
    }

    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, message);
        const Run run = fhw(arguments);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(message), run.err);
    }

    void checkPassesAgainstTheStandIn()
    {
        QProcess serve;
        const QString url = startServe(serve, {});
        QVERIFY(!url.isEmpty());
        const Run checked = fhw({QStringLiteral("check"), QStringLiteral("--lambda"), QStringLiteral("partner-fn"),
                                 QStringLiteral("--lambda-endpoint"), url, QStringLiteral("--no-sign"),
                                 QStringLiteral("--verbose")});
        stop(serve);
        QVERIFY2(checked.exitCode == 0, checked.out + checked.err);
        QVERIFY2(checked.out.contains("200"), checked.out); // the Lambda budget
    }

    // Credentials copied from a profile into the keychain sign invocations with no AWS file or variable left.
    void signsWithKeychainCredentials()
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            QSKIP("needs the Secret Service (scripts/with-test-services)");
        QTemporaryDir home;
        QVERIFY(QDir(home.path()).mkpath(QStringLiteral(".aws")));
        QFile file(home.filePath(QStringLiteral(".aws/credentials")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[acme]\naws_access_key_id = AKIDLAMBDACLITEST\naws_secret_access_key = lambda-cli-secret-key-example\n");
        file.close();
        QProcessEnvironment withFiles = QProcessEnvironment::systemEnvironment();
        for (const QString &key : withFiles.keys()) {
            if (key.startsWith(QLatin1String("AWS_")))
                withFiles.remove(key);
        }
        withFiles.insert(QStringLiteral("HOME"), home.path());
        const Run stored = fhw({QStringLiteral("aws-credentials"), QStringLiteral("store"), QStringLiteral("lambda-cli-test"),
                                QStringLiteral("--aws-profile"), QStringLiteral("acme")}, withFiles);
        QVERIFY2(stored.exitCode == 0, stored.out + stored.err);
        QVERIFY(!stored.out.contains("lambda-cli-secret-key-example"));

        QProcessEnvironment bare = withFiles;
        QTemporaryDir empty;
        bare.insert(QStringLiteral("HOME"), empty.path()); // no ~/.aws any more
        QProcess serve;
        const QString url = startServe(serve, {});
        QVERIFY(!url.isEmpty());
        const Run signedSend = fhw({QStringLiteral("send"), QStringLiteral("--lambda"), QStringLiteral("partner-fn"),
                                    QStringLiteral("--region"), QStringLiteral("us-east-1"), QStringLiteral("--lambda-endpoint"), url,
                                    QStringLiteral("--aws-keychain"), QStringLiteral("lambda-cli-test"),
                                    QStringLiteral("--generate"), QStringLiteral("event")}, bare);
        const Run withoutCredentials = fhw({QStringLiteral("send"), QStringLiteral("--lambda"), QStringLiteral("partner-fn"),
                                            QStringLiteral("--region"), QStringLiteral("us-east-1"), QStringLiteral("--lambda-endpoint"),
                                            url, QStringLiteral("--generate"), QStringLiteral("event")}, bare);
        stop(serve);
        QVERIFY2(signedSend.exitCode == 0, signedSend.out + signedSend.err);
        QVERIFY2(signedSend.out.contains("REPORT"), signedSend.out);
        QVERIFY2(withoutCredentials.exitCode != 0, withoutCredentials.out + withoutCredentials.err); // nothing to sign with
    }

    // fhw load against the function: the Invoke path, the 200 ms p99 budget, function errors counted.
    void loadAgainstTheStandIn()
    {
        QProcess serve;
        const QString url = startServe(serve, {QStringLiteral("--function-error-rate"), QStringLiteral("0.1")});
        QVERIFY(!url.isEmpty());
        const Run loaded = fhw({QStringLiteral("load"), QStringLiteral("--lambda"), QStringLiteral("partner-fn"),
                                QStringLiteral("--lambda-endpoint"), url, QStringLiteral("--no-sign"),
                                QStringLiteral("--rate"), QStringLiteral("200"), QStringLiteral("--duration"),
                                QStringLiteral("2"), QStringLiteral("--quiet"), QStringLiteral("--json"), QStringLiteral("-")});
        stop(serve);
        QCOMPARE(loaded.exitCode, 1); // about 10 % function errors is over the 1 % allowed
        const QJsonObject report = QJsonDocument::fromJson(loaded.out).object();
        QCOMPARE(report.value(QStringLiteral("settings")).toObject().value(QStringLiteral("budgetMs")).toInt(), 200);
        const QJsonObject kinds = report.value(QStringLiteral("totals")).toObject().value(QStringLiteral("errorKinds")).toObject();
        QVERIFY2(kinds.value(QStringLiteral("function-error")).toInt() > 0, loaded.out.left(2000));
    }
};

QTEST_GUILESS_MAIN(TestLambdaCli)
#include "tst_lambdacli.moc"
