// The fhw command line: exit codes, output formats, stdin, and generate | validate for every type.

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run fhw(const QStringList &arguments, const QByteArray &input = {})
{
    QProcess process;
    process.start(QStringLiteral(FHW_CLI_PATH), arguments);
    if (!process.waitForStarted(10'000))
        return {};
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(60'000)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    Run run;
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

const QByteArray validRequest = R"({"type":"module_registration_request","id":"3c5b9f0e-8d1a-4f6b-9c2e-7a4d5e6f7a8b",
 "timestamp_ms":1767225600000,"firehose_version":"3.2.0"})";
const QByteArray invalidRequest = R"({"type":"module_registration_request","id":"nope","timestamp_ms":1767225600000,
 "firehose_version":"3.2.0"})";

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString write(const QString &name, const QByteArray &bytes)
    {
        QFile file(m_dir.filePath(name));
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(bytes);
        return file.fileName();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(QFile::exists(QStringLiteral(FHW_CLI_PATH)));
    }

    void versionAndHelp()
    {
        const Run version = fhw({QStringLiteral("--version")});
        QCOMPARE(version.exitCode, 0);
        QCOMPARE(version.out.trimmed(), QByteArray("fhw " FHW_VERSION));

        const Run help = fhw({QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("validate"));
        QVERIFY(help.out.contains("generate"));

        for (const QString &command : {QStringLiteral("validate"), QStringLiteral("generate")}) {
            const Run commandHelp = fhw({command, QStringLiteral("--help")});
            QCOMPARE(commandHelp.exitCode, 0);
            QVERIFY2(commandHelp.out.contains("Usage:"), commandHelp.out.constData());
        }
    }

    void badUsageExitsTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("no command") << QStringList{};
        QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")};
        QTest::newRow("validate without files") << QStringList{QStringLiteral("validate")};
        QTest::newRow("unknown profile") << QStringList{QStringLiteral("validate"), QStringLiteral("--profile"),
                                                        QStringLiteral("lenient"), QStringLiteral("x.json")};
        QTest::newRow("unknown option") << QStringList{QStringLiteral("validate"), QStringLiteral("--frob")};
        QTest::newRow("generate unknown type") << QStringList{QStringLiteral("generate"), QStringLiteral("cookie-sync")};
        QTest::newRow("generate bad seed") << QStringList{QStringLiteral("generate"), QStringLiteral("event"),
                                                          QStringLiteral("--seed"), QStringLiteral("abc")};
    }

    void badUsageExitsTwo()
    {
        QFETCH(QStringList, arguments);
        const Run run = fhw(arguments);
        QCOMPARE(run.exitCode, 2);
        QVERIFY(!run.err.isEmpty());
    }

    void validateExitCodes()
    {
        const QString good = write(QStringLiteral("good.json"), validRequest);
        const QString bad = write(QStringLiteral("bad.json"), invalidRequest);
        QCOMPARE(fhw({QStringLiteral("validate"), good}).exitCode, 0);

        const Run run = fhw({QStringLiteral("validate"), good, bad});
        QCOMPARE(run.exitCode, 1);
        // FILE: POINTER: severity: code: message
        QVERIFY2(run.out.startsWith(bad.toUtf8() + ": /id: error: id.not-uuid: "), run.out.constData());
        QCOMPARE(run.out.count('\n'), 1);

        // tolerant downgrades the same problem to a warning: exit 0
        const Run tolerant = fhw({QStringLiteral("validate"), QStringLiteral("--profile"), QStringLiteral("tolerant"), bad});
        QCOMPARE(tolerant.exitCode, 0);
        QVERIFY(tolerant.out.contains(": /id: warning: id.not-uuid: "));
    }

    void unreadableInputExitsTwo()
    {
        const QString good = write(QStringLiteral("good2.json"), validRequest);
        const Run missing = fhw({QStringLiteral("validate"), good, m_dir.filePath(QStringLiteral("missing.json"))});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY(missing.err.contains("no such file"));

        const Run directory = fhw({QStringLiteral("validate"), m_dir.path()});
        QCOMPARE(directory.exitCode, 2);
        QVERIFY(directory.err.contains("is a directory"));

        const QString big = write(QStringLiteral("big.json"), QByteArray(4096, ' '));
        const Run tooBig = fhw({QStringLiteral("validate"), QStringLiteral("--max-bytes"), QStringLiteral("1024"), big});
        QCOMPARE(tooBig.exitCode, 2);
        QVERIFY(tooBig.err.contains("over the limit"));
    }

    void malformedInputIsAFinding()
    {
        const QString truncated = write(QStringLiteral("truncated.json"), QByteArray("{\"type\": \"event_"));
        const Run run = fhw({QStringLiteral("validate"), truncated});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.out.contains(": (root): error: parse.syntax: line 1, column "), run.out.constData());

        const QString empty = write(QStringLiteral("empty.json"), QByteArray());
        QVERIFY(fhw({QStringLiteral("validate"), empty}).out.contains("parse.empty"));
    }

    void jsonOutput()
    {
        const QString bad = write(QStringLiteral("bad3.json"), invalidRequest);
        const Run run = fhw({QStringLiteral("validate"), QStringLiteral("--json"), bad});
        QCOMPARE(run.exitCode, 1);
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(run.out, &error);
        QVERIFY2(error.error == QJsonParseError::NoError, run.out.constData());
        QVERIFY(document.isArray());
        const QJsonArray findings = document.array();
        QCOMPARE(findings.size(), 1);
        const QJsonObject finding = findings.first().toObject();
        QCOMPARE(finding.value(QStringLiteral("file")).toString(), bad);
        QCOMPARE(finding.value(QStringLiteral("type")).toString(), QStringLiteral("module_registration_request"));
        QCOMPARE(finding.value(QStringLiteral("pointer")).toString(), QStringLiteral("/id"));
        QCOMPARE(finding.value(QStringLiteral("severity")).toString(), QStringLiteral("error"));
        QCOMPARE(finding.value(QStringLiteral("code")).toString(), QStringLiteral("id.not-uuid"));
        QVERIFY(!finding.value(QStringLiteral("message")).toString().isEmpty());

        const QString good = write(QStringLiteral("good3.json"), validRequest);
        const Run clean = fhw({QStringLiteral("validate"), QStringLiteral("--json"), good});
        QCOMPARE(clean.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(clean.out).array().size(), 0);
    }

    void readsStandardInput()
    {
        QCOMPARE(fhw({QStringLiteral("validate"), QStringLiteral("-")}, validRequest).exitCode, 0);
        const Run bad = fhw({QStringLiteral("validate"), QStringLiteral("-")}, invalidRequest);
        QCOMPARE(bad.exitCode, 1);
        QVERIFY(bad.out.startsWith("<stdin>: /id: error: id.not-uuid"));
    }

    void generateThenValidateStrict_data()
    {
        QTest::addColumn<QStringList>("arguments");
        for (const char *type : {"registration-request", "registration-response", "event", "event-response",
                                 "audience-subscription", "audience-subscription-response", "audience-membership",
                                 "audience-membership-response", "dsr", "dsr-response"}) {
            QTest::newRow(type) << QStringList{QString::fromLatin1(type)};
        }
        QTest::newRow("event verification") << QStringList{QStringLiteral("event"), QStringLiteral("--verification")};
        QTest::newRow("membership verification")
            << QStringList{QStringLiteral("audience-membership"), QStringLiteral("--verification")};
        QTest::newRow("event 1000 events") << QStringList{QStringLiteral("event"), QStringLiteral("--events"),
                                                          QStringLiteral("1000")};
        QTest::newRow("wire name") << QStringList{QStringLiteral("event_processing_request")};
    }

    void generateThenValidateStrict()
    {
        QFETCH(QStringList, arguments);
        const Run generated = fhw(QStringList{QStringLiteral("generate")} + arguments
                                  + QStringList{QStringLiteral("--seed"), QStringLiteral("7")});
        QCOMPARE(generated.exitCode, 0);
        QVERIFY(generated.out.endsWith('\n'));
        const Run validated = fhw({QStringLiteral("validate"), QStringLiteral("--profile"), QStringLiteral("strict"),
                                   QStringLiteral("-")},
                                  generated.out);
        QVERIFY2(validated.exitCode == 0, validated.out.constData());
        // Not even warnings.
        QVERIFY2(!validated.out.contains(": error: ") && !validated.out.contains(": warning: "), validated.out.constData());
    }

    void generateIsDeterministic()
    {
        const QStringList arguments{QStringLiteral("generate"), QStringLiteral("event"), QStringLiteral("--seed"),
                                    QStringLiteral("42")};
        const Run first = fhw(arguments);
        const Run second = fhw(arguments);
        QCOMPARE(first.exitCode, 0);
        QCOMPARE(first.out, second.out);
        const Run other = fhw({QStringLiteral("generate"), QStringLiteral("event"), QStringLiteral("--seed"),
                               QStringLiteral("43")});
        QVERIFY(first.out != other.out);

        const Run pretty = fhw(arguments + QStringList{QStringLiteral("--pretty")});
        QVERIFY(pretty.out.contains("\n  \"type\": \"event_processing_request\""));
        QCOMPARE(QJsonDocument::fromJson(pretty.out), QJsonDocument::fromJson(first.out));
    }

    void projectSamplesAreStrictClean()
    {
        const QDir samples(QStringLiteral(FHW_SOURCE_DIR "/samples"));
        QStringList arguments{QStringLiteral("validate"), QStringLiteral("--profile"), QStringLiteral("strict")};
        for (const QString &folder : samples.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            const QDir dir(samples.filePath(folder));
            for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files))
                arguments << dir.filePath(name);
        }
        QVERIFY(arguments.size() >= 3 + 13);
        const Run run = fhw(arguments);
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(!run.out.contains(": warning: "), run.out.constData());
    }

    void officialSamplesPassTolerant()
    {
        const QDir samples(QStringLiteral(FHW_SHARED_DIR "/firehose-reference/samples"));
        if (!samples.exists())
            QSKIP("../shared/firehose-reference is not beside the project");
        QStringList arguments{QStringLiteral("validate"), QStringLiteral("--profile"), QStringLiteral("tolerant")};
        for (const QString &name : samples.entryList({QStringLiteral("*.json")}, QDir::Files))
            arguments << samples.filePath(name);
        const Run run = fhw(arguments);
        QCOMPARE(run.exitCode, 0);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
