// fhw logo-check: exit codes, the text and JSON reports, the preview PNGs, and a missing renderer.

#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include "processrun.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString logoData = QStringLiteral(FHW_TEST_DATA_DIR "/logos/");
const QString samples = QStringLiteral(FHW_SOURCE_DIR "/samples/logos/");

using Run = clitest::ProcessRun;

Run fhw(const QStringList &arguments, const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
{
    return clitest::runProcess(QStringLiteral(FHW_CLI_PATH), QStringList{QStringLiteral("logo-check")} + arguments,
                                    environment, {}, std::chrono::seconds(30));
}

QStringList codesOf(const QJsonObject &report)
{
    QStringList codes;
    for (const QJsonValue &finding : report.value(QStringLiteral("findings")).toArray())
        codes << finding.toObject().value(QStringLiteral("code")).toString();
    return codes;
}

} // namespace

class TestLogoCheckCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(QFile::exists(QStringLiteral(FHW_CLI_PATH))); }

    void goodLogoWritesPreviews()
    {
        QTemporaryDir dir;
        const QString previews = dir.filePath(QStringLiteral("previews/nested")); // created on demand
        const Run run = fhw({samples + QStringLiteral("hexagon.svg"), QStringLiteral("--preview-dir"), previews});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(": pass\n"), run.out);
        QVERIFY(run.out.contains("render: 341 x 512 px"));
        QVERIFY(run.out.contains("previews: "));
        for (const char *name : {"logo-on-white.png", "logo-on-dark.png"}) {
            const QImage image(previews + QLatin1Char('/') + QLatin1StringView(name), "PNG");
            QCOMPARE(image.size(), QSize(341, 512));
        }
        QCOMPARE(QImage(previews + QStringLiteral("/logo-on-white.png")).pixel(0, 0), qRgb(255, 255, 255));
        QCOMPARE(QImage(previews + QStringLiteral("/logo-on-dark.png")).pixel(0, 0), qRgb(0x1e, 0x1e, 0x1e));
    }

    void exitCodes_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("verdict");
        QTest::addColumn<QString>("code");
        QTest::newRow("pass") << samples + QStringLiteral("orbit.svg") << 0 << QStringLiteral("pass") << QString();
        QTest::newRow("warn exits 0") << logoData + QStringLiteral("clip-path.svg") << 0 << QStringLiteral("warn")
                                      << QStringLiteral("logo.unsupported-element");
        QTest::newRow("fail: script") << logoData + QStringLiteral("script.svg") << 1 << QStringLiteral("fail")
                                      << QStringLiteral("logo.script");
        QTest::newRow("fail: background") << logoData + QStringLiteral("full-bleed-background.svg") << 1
                                          << QStringLiteral("fail") << QStringLiteral("logo.not-transparent");
        QTest::newRow("fail: empty file") << logoData + QStringLiteral("empty.svg") << 1 << QStringLiteral("fail")
                                          << QStringLiteral("logo.empty-file");
    }

    void exitCodes()
    {
        QFETCH(QString, file);
        QFETCH(int, exitCode);
        QFETCH(QString, verdict);
        QFETCH(QString, code);
        const Run json = fhw({file, QStringLiteral("--json")});
        QCOMPARE(json.exitCode, exitCode);
        QJsonParseError error;
        const QJsonObject report = QJsonDocument::fromJson(json.out, &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, json.out);
        QCOMPARE(report.value(QStringLiteral("file")).toString(), file);
        QCOMPARE(report.value(QStringLiteral("verdict")).toString(), verdict);
        QVERIFY(report.value(QStringLiteral("previews")).isNull());
        if (!code.isEmpty())
            QVERIFY2(codesOf(report).contains(code), json.out);
        else
            QVERIFY2(codesOf(report).isEmpty(), json.out);

        const Run text = fhw({file});
        QCOMPARE(text.exitCode, exitCode);
        QVERIFY2(text.out.startsWith((file + QStringLiteral(": ") + verdict + QLatin1Char('\n')).toUtf8()), text.out);
        QVERIFY(text.out.contains(code.toUtf8()));
    }

    void failedScanWritesNoPreviews()
    {
        QTemporaryDir dir;
        const Run run = fhw({logoData + QStringLiteral("onload.svg"), QStringLiteral("--preview-dir"), dir.path(),
                             QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.err.contains("no previews"));
        QVERIFY(QDir(dir.path()).entryList(QDir::Files).isEmpty());
        const QJsonObject report = QJsonDocument::fromJson(run.out).object();
        QVERIFY(report.value(QStringLiteral("render")).isNull());
    }

    void previewsInJson()
    {
        QTemporaryDir dir;
        const Run run = fhw({samples + QStringLiteral("leaf.svg"), QStringLiteral("--json"), QStringLiteral("--preview-dir"),
                             dir.path()});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject previews = QJsonDocument::fromJson(run.out).object().value(QStringLiteral("previews")).toObject();
        QVERIFY(QFile::exists(previews.value(QStringLiteral("onWhite")).toString()));
        QVERIFY(QFile::exists(previews.value(QStringLiteral("onDark")).toString()));
    }

    void usage_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("no file") << QStringList();
        QTest::newRow("two files") << QStringList{samples + QStringLiteral("orbit.svg"), samples + QStringLiteral("leaf.svg")};
        QTest::newRow("missing file") << QStringList{logoData + QStringLiteral("no-such-logo.svg")};
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--frobnicate"), samples + QStringLiteral("orbit.svg")};
    }

    void usage()
    {
        QFETCH(QStringList, arguments);
        const Run run = fhw(arguments);
        QCOMPARE(run.exitCode, 2);
        QVERIFY(!run.err.isEmpty());
    }

    void help()
    {
        const Run run = fhw({QStringLiteral("--help")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.contains("--preview-dir"));
    }

    void missingRendererIsReported()
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("FHW_LOGO_RENDERER"), QStringLiteral("/nonexistent/fhw-logo-render"));
        const Run run = fhw({samples + QStringLiteral("orbit.svg")}, environment);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("fhw-logo-render"), run.err);
        // A file the scan refuses needs no renderer.
        const Run refused = fhw({logoData + QStringLiteral("script.svg")}, environment);
        QCOMPARE(refused.exitCode, 1);
    }
};

QTEST_MAIN(TestLogoCheckCli)
#include "tst_logocheckcli.moc"
