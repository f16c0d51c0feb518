// `fhw load` end to end: the "done when" run (2,000 req/s for 10 s against `fhw serve`) with
// every output file checked, Ctrl+C, and bad usage. About 15 s.

#include "loopbackpeers.h"

#include "readiness/histogramlog.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <csignal>

namespace {

const QString token = QStringLiteral("fhw-load-cli-token-93c0e1a7b5");

QProcessEnvironment environmentWithToken()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("FHW_TEST_TOKEN"), token);
    environment.remove(QStringLiteral("FHW_UNSET_TOKEN"));
    return environment;
}

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run fhwLoad(const QStringList &arguments, int interruptAfterMs = 0)
{
    QProcess process;
    fhw::testing::dieWithParent(process);
    process.setProcessEnvironment(environmentWithToken());
    process.start(QStringLiteral(FHW_CLI_PATH), QStringList{QStringLiteral("load")} + arguments);
    if (!process.waitForStarted(10'000))
        return {};
    if (interruptAfterMs > 0) {
        QTest::qWait(interruptAfterMs);
        ::kill(pid_t(process.processId()), SIGINT);
    }
    if (!process.waitForFinished(60'000)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2, process.readAllStandardOutput(),
            process.readAllStandardError()};
}

QString startServe(QProcess &serve, const QString &outputFile, const QStringList &arguments)
{
    fhw::testing::dieWithParent(serve);
    serve.setProcessEnvironment(environmentWithToken());
    serve.setStandardOutputFile(outputFile); // a line per exchange: a pipe nobody reads would fill
    serve.start(QStringLiteral(FHW_CLI_PATH), QStringList{QStringLiteral("serve")} + arguments);
    if (!serve.waitForStarted(10'000))
        return {};
    const QByteArray prefix = "listening on ";
    for (int i = 0; i < 100; ++i) {
        QFile file(outputFile);
        if (file.open(QIODevice::ReadOnly)) {
            const QByteArray first = file.readLine();
            if (first.startsWith(prefix) && first.endsWith('\n'))
                return QString::fromUtf8(first.mid(prefix.size()).trimmed());
        }
        QTest::qWait(50);
    }
    return {};
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestLoadCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QProcess m_serve;
    QString m_url;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_url = startServe(m_serve, m_dir.filePath(QStringLiteral("serve.out")),
                           {QStringLiteral("--token-env"), QStringLiteral("FHW_TEST_TOKEN")});
        QVERIFY(m_url.startsWith(QStringLiteral("http://127.0.0.1:")));
    }

    void cleanupTestCase() { fhw::testing::stopProcess(m_serve); }

    // The "done when": 2,000 req/s for 10 s with a correct report.
    void twoThousandPerSecondForTenSeconds()
    {
        const QString json = m_dir.filePath(QStringLiteral("load.json"));
        const QString hlog = m_dir.filePath(QStringLiteral("load.hlog"));
        const QString chart = m_dir.filePath(QStringLiteral("load.svg"));
        const Run run = fhwLoad({m_url, QStringLiteral("--rate"), QStringLiteral("2000"), QStringLiteral("--duration"),
                                 QStringLiteral("10"), QStringLiteral("--mix"),
                                 QStringLiteral("event=80,audience-membership=20"), QStringLiteral("--token-env"),
                                 QStringLiteral("FHW_TEST_TOKEN"), QStringLiteral("--json"), json, QStringLiteral("--hlog"),
                                 hlog, QStringLiteral("--chart"), chart,
                                 // Headroom for a test machine busy with other work: this checks the run
                                 // and its report; the budget verdict has tests of its own.
                                 QStringLiteral("--budget-ms"), QStringLiteral("1000"), QStringLiteral("--connections"),
                                 QStringLiteral("200")});
        QVERIFY2(run.exitCode == 0, run.out + run.err);
        QVERIFY(run.out.contains("Verdict       PASS"));
        QVERIFY2(run.err.count("fhw load: ") >= 9, run.err); // a progress line per second
        for (const QByteArray &text : {run.out, run.err, readFile(json), readFile(hlog), readFile(chart)})
            QVERIFY2(!text.contains(token.toUtf8()), "the token reached an output");

        const QJsonObject report = QJsonDocument::fromJson(readFile(json)).object();
        QVERIFY(report.value(QStringLiteral("passed")).toBool());
        const double achieved = report.value(QStringLiteral("achievedRate")).toDouble();
        QVERIFY2(achieved >= 1960 && achieved <= 2040, qPrintable(QString::number(achieved)));
        const QJsonObject totals = report.value(QStringLiteral("totals")).toObject();
        QCOMPARE(totals.value(QStringLiteral("scheduled")).toInt(), 20000);
        QCOMPARE(totals.value(QStringLiteral("accepted")).toInt(), 20000);
        const QJsonObject latency = report.value(QStringLiteral("latency")).toObject();
        QCOMPARE(latency.value(QStringLiteral("count")).toInt(), 20000);
        const double p50 = latency.value(QStringLiteral("p50_us")).toDouble();
        const double p99 = latency.value(QStringLiteral("p99_us")).toDouble();
        QVERIFY2(p50 > 0 && p50 <= p99 && p99 <= 1'000'000, qPrintable(QStringLiteral("%1 %2").arg(p50).arg(p99)));
        QCOMPARE(report.value(QStringLiteral("timeline")).toArray().size(), 10);
        const QJsonObject perType = report.value(QStringLiteral("perType")).toObject();
        QVERIFY(std::abs(perType.value(QStringLiteral("audience-membership")).toInt() - 4000) < 300);

        auto log = fhw::readiness::readHistogramLog(readFile(hlog).toStdString());
        QVERIFY2(log.has_value(), log ? "" : log.error().message.c_str());
        QCOMPARE(log->intervals.size(), std::size_t(10));
        std::int64_t logged = 0;
        for (const auto &interval : log->intervals)
            logged += interval.histogram.totalCount();
        QCOMPARE(logged, std::int64_t(20000));

        QXmlStreamReader svg(readFile(chart));
        QVERIFY(svg.readNextStartElement());
        QCOMPARE(svg.name().toString(), QStringLiteral("svg"));
        while (!svg.atEnd())
            svg.readNext();
        QVERIFY2(!svg.hasError(), qPrintable(svg.errorString()));
    }

    void interruptReportsWhatWasMeasured()
    {
        const Run run = fhwLoad({m_url, QStringLiteral("--rate"), QStringLiteral("200"), QStringLiteral("--duration"),
                                 QStringLiteral("30"), QStringLiteral("--json"), QStringLiteral("-"),
                                 QStringLiteral("--quiet"), QStringLiteral("--token-env"), QStringLiteral("FHW_TEST_TOKEN")},
                                1500);
        QVERIFY2(run.exitCode == 0 || run.exitCode == 1, run.err);
        const QJsonObject report = QJsonDocument::fromJson(run.out).object();
        QVERIFY2(report.value(QStringLiteral("cancelled")).toBool(), run.out);
        QVERIFY(report.value(QStringLiteral("measuredSeconds")).toDouble() < 5);
        QVERIFY(run.err.contains("stopping"));
    }

    void badUsageExitsTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        const QString url = QStringLiteral("http://127.0.0.1:9/");
        QTest::newRow("no target") << QStringList{};
        QTest::newRow("two URLs") << QStringList{url, url};
        QTest::newRow("ftp") << QStringList{QStringLiteral("ftp://127.0.0.1/")};
        QTest::newRow("rate 0") << QStringList{url, QStringLiteral("--rate"), QStringLiteral("0")};
        QTest::newRow("rate text") << QStringList{url, QStringLiteral("--rate"), QStringLiteral("fast")};
        QTest::newRow("bad mix") << QStringList{url, QStringLiteral("--mix"), QStringLiteral("bogus=1")};
        QTest::newRow("no connections") << QStringList{url, QStringLiteral("--connections"), QStringLiteral("0")};
        QTest::newRow("threads > connections")
            << QStringList{url, QStringLiteral("--threads"), QStringLiteral("4"), QStringLiteral("--connections"), QStringLiteral("2")};
        QTest::newRow("unknown option") << QStringList{url, QStringLiteral("--frobnicate")};
        QTest::newRow("unset token variable") << QStringList{url, QStringLiteral("--token-env"), QStringLiteral("FHW_UNSET_TOKEN")};
        QTest::newRow("unwritable json") << QStringList{url, QStringLiteral("--json"), QStringLiteral("/nonexistent/dir/x.json")};
        QTest::newRow("unknown host") << QStringList{QStringLiteral("http://no-such-host.invalid/")};
    }

    void badUsageExitsTwo()
    {
        QFETCH(QStringList, arguments);
        const Run run = fhwLoad(arguments << QStringLiteral("--duration") << QStringLiteral("1"));
        QVERIFY2(run.exitCode == 2, run.out + run.err);
        QVERIFY(run.err.startsWith("fhw load") || run.err.contains("fhw load"));
        QVERIFY(run.out.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestLoadCli)
#include "tst_loadcli.moc"
