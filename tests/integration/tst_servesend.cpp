// fhw serve + fhw send end to end: every request type round-trips, auth, faults, capture, SIGTERM.

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

namespace {

const QString token = QStringLiteral("fhw-test-token-7f3a9c2e41d0b8");

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

QProcessEnvironment environmentWithToken()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("FHW_TEST_TOKEN"), token);
    environment.insert(QStringLiteral("FHW_WRONG_TOKEN"), QStringLiteral("not-the-token-000000000"));
    return environment;
}

Run fhw(const QStringList &arguments, const QByteArray &input = {})
{
    QProcess process;
    process.setProcessEnvironment(environmentWithToken());
    process.start(QStringLiteral(FHW_CLI_PATH), arguments);
    if (!process.waitForStarted(10'000))
        return {};
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(60'000)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2, process.readAllStandardOutput(),
            process.readAllStandardError()};
}

// Starts `fhw serve ARGS` and returns the URL from its first line.
QString startServe(QProcess &serve, const QStringList &arguments)
{
    serve.setProcessEnvironment(environmentWithToken());
    serve.start(QStringLiteral(FHW_CLI_PATH), QStringList{QStringLiteral("serve")} + arguments);
    if (!serve.waitForStarted(10'000))
        return {};
    QByteArray first;
    for (int i = 0; i < 100 && !first.contains('\n'); ++i) {
        serve.waitForReadyRead(100);
        first += serve.readLine();
    }
    const QByteArray prefix = "listening on ";
    if (!first.startsWith(prefix))
        return {};
    return QString::fromUtf8(first.mid(prefix.size()).trimmed());
}

int stop(QProcess &serve)
{
    ::kill(pid_t(serve.processId()), SIGTERM);
    if (!serve.waitForFinished(10'000)) {
        serve.kill();
        serve.waitForFinished();
        return -1;
    }
    return serve.exitStatus() == QProcess::NormalExit ? serve.exitCode() : -2;
}

} // namespace

class TestServeSend : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void everyRequestTypeRoundTrips_data()
    {
        QTest::addColumn<QString>("type");
        for (const char *type : {"registration-request", "event", "audience-subscription", "audience-membership", "dsr"})
            QTest::newRow(type) << QString::fromLatin1(type);
    }

    void everyRequestTypeRoundTrips()
    {
        QFETCH(QString, type);
        QProcess serve;
        const QString capture = m_dir.filePath(type + QStringLiteral(".jsonl"));
        const QString url = startServe(serve, {QStringLiteral("--token-env"), QStringLiteral("FHW_TEST_TOKEN"),
                                               QStringLiteral("--capture"), capture, QStringLiteral("--validate"),
                                               QStringLiteral("strict")});
        QVERIFY2(url.startsWith(QStringLiteral("http://127.0.0.1:")), qPrintable(url));

        const Run sent = fhw({QStringLiteral("send"), url, QStringLiteral("--generate"), type, QStringLiteral("--seed"),
                              QStringLiteral("7"), QStringLiteral("--token-env"), QStringLiteral("FHW_TEST_TOKEN")});
        QVERIFY2(sent.exitCode == 0, sent.out + sent.err);
        QVERIFY(sent.out.contains("attempt 1: 200"));
        QVERIFY(sent.out.contains("verdict: success (accepted)"));
        QVERIFY(!sent.out.contains(token.toUtf8()));

        QCOMPARE(stop(serve), 0);
        const QByteArray served = serve.readAllStandardOutput();
        QCOMPARE(served.count('\n'), 1); // one exchange line
        QVERIFY2(served.contains(" POST / 200 "), served.constData());
        QVERIFY2(served.contains("findings: 0 errors, 0 warnings"), served.constData());
        QVERIFY(serve.readAllStandardError().contains("stopped (SIGTERM) after 1 exchanges"));

        QFile file(capture);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray lines = file.readAll();
        QCOMPARE(lines.count('\n'), 1);
        QVERIFY(QJsonDocument::fromJson(lines).isObject());
        QVERIFY2(!lines.contains(token.toUtf8()), "the token reached the capture file");
    }

    void authAndJsonOutput()
    {
        QProcess serve;
        const QString url = startServe(serve, {QStringLiteral("--token-env"), QStringLiteral("FHW_TEST_TOKEN")});
        QVERIFY(!url.isEmpty());

        // Wrong token: 401 is final (not retried), exit 1.
        const Run wrong = fhw({QStringLiteral("send"), url, QStringLiteral("--generate"), QStringLiteral("event"),
                               QStringLiteral("--token-env"), QStringLiteral("FHW_WRONG_TOKEN"), QStringLiteral("--json")});
        QCOMPARE(wrong.exitCode, 1);
        const QJsonObject result = QJsonDocument::fromJson(wrong.out).object();
        QCOMPARE(result.value(QStringLiteral("verdict")).toString(), QStringLiteral("final-status"));
        QCOMPARE(result.value(QStringLiteral("attempts")).toArray().size(), 1);
        QCOMPARE(result.value(QStringLiteral("attempts")).toArray().first().toObject().value(QStringLiteral("status")).toInt(),
                 401);

        // Registration never needs the token.
        QCOMPARE(fhw({QStringLiteral("send"), url, QStringLiteral("--generate"), QStringLiteral("registration-request")})
                     .exitCode,
                 0);

        // A file on stdin.
        const Run generated = fhw({QStringLiteral("generate"), QStringLiteral("audience-membership"),
                                   QStringLiteral("--verification")});
        QCOMPARE(fhw({QStringLiteral("send"), url, QStringLiteral("-"), QStringLiteral("--token-env"),
                      QStringLiteral("FHW_TEST_TOKEN")},
                     generated.out)
                     .exitCode,
                 0);
        QCOMPARE(stop(serve), 0);
    }

    void retriesInjectedFailuresThenGivesUp()
    {
        QProcess serve;
        const QString url = startServe(serve, {QStringLiteral("--fail-rate"), QStringLiteral("1"),
                                               QStringLiteral("--fail-status"), QStringLiteral("503")});
        QVERIFY(!url.isEmpty());
        const Run sent = fhw({QStringLiteral("send"), url, QStringLiteral("--generate"), QStringLiteral("event"),
                              QStringLiteral("--max-attempts"), QStringLiteral("3"), QStringLiteral("--json")});
        QCOMPARE(sent.exitCode, 1);
        const QJsonObject result = QJsonDocument::fromJson(sent.out).object();
        QCOMPARE(result.value(QStringLiteral("verdict")).toString(), QStringLiteral("exhausted"));
        QCOMPARE(result.value(QStringLiteral("attempts")).toArray().size(), 3);
        QCOMPARE(stop(serve), 0);
        QCOMPARE(serve.readAllStandardOutput().count(" 503 "), 3);
    }

    void injectedLatencyShowsInTheTimings()
    {
        QProcess serve;
        const QString url = startServe(serve, {QStringLiteral("--latency-ms"), QStringLiteral("40")});
        QVERIFY(!url.isEmpty());
        const Run sent = fhw({QStringLiteral("send"), url, QStringLiteral("--generate"), QStringLiteral("dsr"),
                              QStringLiteral("--json")});
        QCOMPARE(sent.exitCode, 0);
        const QJsonObject attempt =
            QJsonDocument::fromJson(sent.out).object().value(QStringLiteral("attempts")).toArray().first().toObject();
        const double totalMs = attempt.value(QStringLiteral("timings_us")).toObject().value(QStringLiteral("total")).toDouble() / 1000.0;
        QVERIFY2(totalMs >= 40.0 && totalMs < 200.0, qPrintable(QString::number(totalMs)));
        QCOMPARE(stop(serve), 0);
    }

    void deadEndpointAndBadUsage()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close();
        const QString dead = QStringLiteral("http://127.0.0.1:%1/").arg(port);
        const Run sent = fhw({QStringLiteral("send"), dead, QStringLiteral("--generate"), QStringLiteral("event"),
                              QStringLiteral("--max-attempts"), QStringLiteral("2")});
        QCOMPARE(sent.exitCode, 1);
        QVERIFY(sent.out.contains("attempt 2"));

        QCOMPARE(fhw({QStringLiteral("send"), dead}).exitCode, 2);
        QCOMPARE(fhw({QStringLiteral("send"), dead, m_dir.filePath(QStringLiteral("missing.json"))}).exitCode, 2);
        QCOMPARE(fhw({QStringLiteral("send"), dead, QStringLiteral("--generate"), QStringLiteral("event-response")}).exitCode, 2);
        QCOMPARE(fhw({QStringLiteral("send"), dead, QStringLiteral("-")}, "{\"type\":\"nope\"}").exitCode, 2);
        QCOMPARE(fhw({QStringLiteral("send"), QStringLiteral("notaurl"), QStringLiteral("--generate"), QStringLiteral("event")}).exitCode, 2);
        QCOMPARE(fhw({QStringLiteral("send"), dead, QStringLiteral("--generate"), QStringLiteral("event"),
                      QStringLiteral("--token-env"), QStringLiteral("FHW_NO_SUCH_VARIABLE")})
                     .exitCode,
                 2);
    }

    void portInUseIsReported()
    {
        QProcess first;
        const QString url = startServe(first, {});
        QVERIFY(!url.isEmpty());
        const QString port = url.section(u':', 2).section(u'/', 0, 0);
        const Run second = fhw({QStringLiteral("serve"), QStringLiteral("--port"), port});
        QCOMPARE(second.exitCode, 2);
        QVERIFY2(second.err.contains(port.toUtf8()), second.err.constData());
        QCOMPARE(stop(first), 0);
    }
};

QTEST_GUILESS_MAIN(TestServeSend)
#include "tst_servesend.moc"
