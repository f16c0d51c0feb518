// fhw check against fhw serve, as a partner's CI would run it: exit codes, the JUnit file, --json.

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include "processrun.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <csignal>

namespace {

const QString token = QStringLiteral("check-cli-token-4b1e9d7c3a");

using Run = clitest::ProcessRun;

QProcessEnvironment environment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("FHW_CHECK_TOKEN"), token);
    for (const char *name : {"http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"})
        env.remove(QString::fromLatin1(name));
    return env;
}

Run fhw(const QStringList &arguments)
{
    return clitest::runProcess(QStringLiteral(FHW_CLI_PATH), arguments, environment());
}

QString startServe(QProcess &serve, const QStringList &arguments)
{
    serve.setProcessEnvironment(environment());
    serve.start(QStringLiteral(FHW_CLI_PATH), QStringList{QStringLiteral("serve")} + arguments);
    if (!serve.waitForStarted(10'000))
        return {};
    QByteArray first;
    for (int i = 0; i < 100 && !first.contains('\n'); ++i) {
        serve.waitForReadyRead(100);
        first += serve.readLine();
    }
    const QByteArray prefix = "listening on ";
    return first.startsWith(prefix) ? QString::fromUtf8(first.mid(prefix.size()).trimmed()) : QString();
}

void stop(QProcess &serve)
{
    ::kill(pid_t(serve.processId()), SIGTERM);
    if (!serve.waitForFinished(10'000)) {
        serve.kill();
        serve.waitForFinished();
    }
}

struct JUnitCounts
{
    int tests = -1, failures = -1, cases = 0, failureElements = 0;
    QString error;
};

JUnitCounts readJUnit(const QString &path)
{
    JUnitCounts counts;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        counts.error = QStringLiteral("cannot open ") + path;
        return counts;
    }
    QXmlStreamReader xml(&file);
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == QLatin1String("testsuites")) {
            counts.tests = xml.attributes().value(QLatin1String("tests")).toInt();
            counts.failures = xml.attributes().value(QLatin1String("failures")).toInt();
        } else if (xml.name() == QLatin1String("testcase")) {
            ++counts.cases;
        } else if (xml.name() == QLatin1String("failure")) {
            ++counts.failureElements;
        }
    }
    if (xml.hasError())
        counts.error = xml.errorString();
    return counts;
}

} // namespace

class TestCheckCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(QFile::exists(QStringLiteral(FHW_CLI_PATH)));
    }

    void passesAgainstServeWithJUnitAndJson()
    {
        QProcess serve;
        const QString url = startServe(serve, {QStringLiteral("--token-env"), QStringLiteral("FHW_CHECK_TOKEN")});
        QVERIFY2(!url.isEmpty(), serve.readAllStandardError().constData());
        const QString junit = m_dir.filePath(QStringLiteral("pass.xml"));
        const QString json = m_dir.filePath(QStringLiteral("pass.json"));
        // A generous budget: the machine is shared, and latency is not what this test is about.
        const Run run = fhw({QStringLiteral("check"), url, QStringLiteral("--token-env"), QStringLiteral("FHW_CHECK_TOKEN"),
                             QStringLiteral("--junit"), junit, QStringLiteral("--json"), json, QStringLiteral("--budget-ms"),
                             QStringLiteral("2000")});
        stop(serve);
        QVERIFY2(run.exitCode == 0, run.out + run.err);
        QVERIFY(run.out.contains("— PASSED (nothing failed)"));
        QVERIFY(run.out.contains("PASS    registration.unauthenticated"));
        QVERIFY(run.out.contains("INFO    transport.https")); // plain http on loopback
        QVERIFY(!run.out.contains(token.toUtf8()));

        const JUnitCounts counts = readJUnit(junit);
        QVERIFY2(counts.error.isEmpty(), qPrintable(counts.error));
        QVERIFY(counts.tests > 40);
        QCOMPARE(counts.cases, counts.tests);
        QCOMPARE(counts.failures, 0);
        QCOMPARE(counts.failureElements, 0);

        QFile file(json);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(!bytes.contains(token.toUtf8()));
        const QJsonObject report = QJsonDocument::fromJson(bytes).object();
        QCOMPARE(report.value(QLatin1String("passed")).toBool(), true);
        QCOMPARE(report.value(QLatin1String("checks")).toArray().size(), counts.tests);
        QCOMPARE(report.value(QLatin1String("summary")).toObject().value(QLatin1String("fail")).toInt(), 0);
    }

    void jsonToStdoutAndVerbose()
    {
        QProcess serve;
        const QString url = startServe(serve, {});
        QVERIFY(!url.isEmpty());
        const Run json = fhw({QStringLiteral("check"), url, QStringLiteral("--json"), QStringLiteral("-"),
                              QStringLiteral("--seed"), QStringLiteral("7"), QStringLiteral("--budget-ms"), QStringLiteral("2000")});
        const Run verbose = fhw({QStringLiteral("check"), url, QStringLiteral("--verbose"), QStringLiteral("--budget-ms"),
                                 QStringLiteral("1999")});
        stop(serve);
        QCOMPARE(json.exitCode, 0);
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(json.out, &error); // nothing but the JSON on stdout
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QCOMPARE(document.object().value(QLatin1String("format")).toString(), QStringLiteral("fhw-conformance-report"));
        QCOMPARE(verbose.exitCode, 0);
        QVERIFY(verbose.out.contains("budget 1999 ms"));
        QVERIFY(verbose.out.contains("    > module_registration_request without Authorization"));
        QVERIFY(verbose.out.contains("POST " + url.toUtf8()));
    }

    void failingEndpointExitsOne()
    {
        QProcess serve;
        const QString url = startServe(serve, {QStringLiteral("--fail-rate"), QStringLiteral("1"),
                                               QStringLiteral("--fail-status"), QStringLiteral("503")});
        QVERIFY(!url.isEmpty());
        const QString junit = m_dir.filePath(QStringLiteral("fail.xml"));
        const Run run = fhw({QStringLiteral("check"), url, QStringLiteral("--junit"), junit});
        stop(serve);
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.out.contains("FAIL    event.type.custom_event: answered 503"));
        QVERIFY(run.out.contains("— FAILED"));
        const JUnitCounts counts = readJUnit(junit);
        QVERIFY2(counts.error.isEmpty(), qPrintable(counts.error));
        QVERIFY(counts.failures > 10);
        QCOMPARE(counts.failureElements, counts.failures);
    }

    void usageErrorsExitTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("no target") << QStringList{QStringLiteral("check")};
        QTest::newRow("not a URL") << QStringList{QStringLiteral("check"), QStringLiteral("ftp://example.com/")};
        QTest::newRow("two URLs") << QStringList{QStringLiteral("check"), QStringLiteral("http://127.0.0.1:1/"),
                                                 QStringLiteral("http://127.0.0.1:2/")};
        QTest::newRow("bad budget") << QStringList{QStringLiteral("check"), QStringLiteral("http://127.0.0.1:1/"),
                                                   QStringLiteral("--budget-ms"), QStringLiteral("0")};
        QTest::newRow("bad seed") << QStringList{QStringLiteral("check"), QStringLiteral("http://127.0.0.1:1/"),
                                                 QStringLiteral("--seed"), QStringLiteral("x")};
        QTest::newRow("bad timeout") << QStringList{QStringLiteral("check"), QStringLiteral("http://127.0.0.1:1/"),
                                                    QStringLiteral("--timeout-ms"), QStringLiteral("-5")};
        QTest::newRow("missing cacert") << QStringList{QStringLiteral("check"), QStringLiteral("https://127.0.0.1:1/"),
                                                       QStringLiteral("--cacert"), QStringLiteral("/nonexistent.pem")};
        QTest::newRow("unset token variable") << QStringList{QStringLiteral("check"), QStringLiteral("http://127.0.0.1:1/"),
                                                             QStringLiteral("--token-env"), QStringLiteral("FHW_NOT_SET_EVER")};
        QTest::newRow("both token options") << QStringList{QStringLiteral("check"), QStringLiteral("http://127.0.0.1:1/"),
                                                           QStringLiteral("--token-env"), QStringLiteral("FHW_CHECK_TOKEN"),
                                                           QStringLiteral("--token-name"), QStringLiteral("x")};
        QTest::newRow("junit to stdout") << QStringList{QStringLiteral("check"), QStringLiteral("http://127.0.0.1:1/"),
                                                        QStringLiteral("--junit"), QStringLiteral("-")};
    }

    void usageErrorsExitTwo()
    {
        QFETCH(QStringList, arguments);
        const Run run = fhw(arguments);
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.err.startsWith("fhw check: ") || run.err.contains("Unknown option"));
    }

    void unwritableJUnitExitsTwo()
    {
        QProcess serve;
        const QString url = startServe(serve, {});
        QVERIFY(!url.isEmpty());
        const Run run = fhw({QStringLiteral("check"), url, QStringLiteral("--budget-ms"), QStringLiteral("2000"),
                             QStringLiteral("--junit"), m_dir.filePath(QStringLiteral("no-such-dir/report.xml"))});
        stop(serve);
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.err.contains("cannot write"));
        QVERIFY(run.out.contains("— PASSED")); // the report itself still shows
    }
};

QTEST_GUILESS_MAIN(TestCheckCli)
#include "tst_checkcli.moc"
