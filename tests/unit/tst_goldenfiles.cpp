// Golden-file cases for the validator: each folder under tests/data/protocol/ holds input.json (the
// bytes to check, which may be malformed on purpose), strict.txt and tolerant.txt (the expected
// findings, one "POINTER: severity: code" per line; an empty file means clean; "(root)" is the
// empty pointer). See tests/data/protocol/README.md.

#include "protocol/validator.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace fhw::protocol;

namespace {

QString dataDir()
{
    return QStringLiteral(FHW_TEST_DATA_DIR "/protocol");
}

QStringList readExpected(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {QStringLiteral("<cannot read %1>").arg(path)};
    QStringList lines;
    const QStringList all = QString::fromUtf8(file.readAll()).split(u'\n');
    for (const QString &line : all) {
        const QString trimmed = line.trimmed();
        if (!trimmed.isEmpty() && !trimmed.startsWith(u'#'))
            lines << trimmed;
    }
    lines.sort();
    return lines;
}

QStringList describe(const Findings &findings)
{
    QStringList lines;
    for (const Finding &f : findings) {
        const QString pointer = f.pointer.empty() ? QStringLiteral("(root)") : QString::fromStdString(f.pointer);
        lines << QStringLiteral("%1: %2: %3").arg(pointer, QString::fromUtf8(severityName(f.severity).data()),
                                                  QString::fromStdString(f.code));
    }
    lines.sort();
    return lines;
}

} // namespace

class TestGoldenFiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void corpusIsLarge()
    {
        const QStringList cases = QDir(dataDir()).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        QVERIFY2(cases.size() >= 60, qPrintable(QStringLiteral("only %1 golden cases").arg(cases.size())));
    }

    void golden_data()
    {
        QTest::addColumn<QString>("folder");
        QTest::addColumn<QString>("profile");
        const QStringList cases = QDir(dataDir()).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
        for (const QString &name : cases) {
            for (const QString &profile : {QStringLiteral("strict"), QStringLiteral("tolerant")}) {
                QTest::newRow(qPrintable(name + u'/' + profile)) << dataDir() + u'/' + name << profile;
            }
        }
    }

    void golden()
    {
        QFETCH(QString, folder);
        QFETCH(QString, profile);
        QFile input(folder + QStringLiteral("/input.json"));
        QVERIFY2(input.open(QIODevice::ReadOnly), qPrintable(folder));
        const QByteArray bytes = input.readAll();
        const Validator validator(*profileFromName(profile.toStdString()));
        const QStringList actual = describe(validator.validateBytes(std::string_view(bytes.constData(), bytes.size())));
        const QStringList expected = readExpected(folder + u'/' + profile + QStringLiteral(".txt"));
        if (actual != expected) {
            qWarning().noquote() << QStringLiteral("expected:\n  ") + expected.join(QStringLiteral("\n  "))
                                 << QStringLiteral("\nactual:\n  ") + actual.join(QStringLiteral("\n  "));
        }
        QCOMPARE(actual, expected);
    }
};

QTEST_APPLESS_MAIN(TestGoldenFiles)
#include "tst_goldenfiles.moc"
