// fhw bundle and fhw registration-export end to end: a key made by `fhw key create` and exported with
// `fhw key export`, the real logo check (fhw-logo-render), a registration from a file or from the embedded
// endpoint, two pods; the zip verified by `fhw bundle --verify` and by the core; a bad logo, a token and a
// private key refused. Runs inside scripts/with-test-services for the keychain part.

#include "endpoint/endpoint.h"
#include "submission/bundle.h"
#include "submission/registrationsource.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include "processrun.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

namespace {

using Run = clitest::ProcessRun;

Run execute(const QString &program, const QStringList &arguments, const QProcessEnvironment &environment,
            const QByteArray &input = {})
{
    return clitest::runProcess(program, arguments, environment, input);
}

QString randomToken()
{
    QString token = QStringLiteral("fhwtok_");
    for (int i = 0; i < 32; ++i)
        token += QLatin1Char("abcdefghijklmnopqrstuvwxyz0123456789"[QRandomGenerator::global()->bounded(36)]);
    return token;
}

// From the logo check's corpus: a good logo (samples/logos) and one with a full-bleed white background.
const QString goodLogoFile = QStringLiteral(FHW_SOURCE_DIR "/samples/logos/orbit.svg");
const QString fullBleedLogoFile = QStringLiteral(FHW_TEST_DATA_DIR "/logos/full-bleed-background.svg");

const QString registrationFile = QStringLiteral(FHW_SOURCE_DIR "/samples/registration/northwind-metrics.json");
const QString euArn = QStringLiteral("EU1=arn:aws:lambda:eu-central-1:123456789012:function:northwind-firehose:live");
const QString usUrl = QStringLiteral("US1=https://firehose.northwind.example/mparticle");

} // namespace

class TestBundleCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void doneWhen();
    void fromTheEndpoint();
    void badLogoIsRefused();
    void forcedExportIsRecorded();
    void tokenIsRefused();
    void keychainTokenIsRefused();
    void privateKeyIsRefused();
    void verifyFindsDamage();
    void registrationExport();
    void usage_data();
    void usage();

private:
    Run fhw(const QStringList &arguments, const QByteArray &input = {}) const
    {
        return execute(QStringLiteral(FHW_CLI_PATH), arguments, m_environment, input);
    }
    QString path(const QString &name) const { return m_work.filePath(name); }
    QStringList bundleArguments(const QString &out, const QString &logo = goodLogoFile) const
    {
        return {QStringLiteral("bundle"),     QStringLiteral("--registration"), registrationFile,
                QStringLiteral("--logo"),     logo,
                QStringLiteral("--endpoint"), usUrl,
                QStringLiteral("--lambda-arn"), euArn,
                QStringLiteral("--public-key"), m_publicKey,
                QStringLiteral("--out"),      out};
    }
    bool write(const QString &file, const QByteArray &bytes) const
    {
        QFile f(file);
        return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
    }

    QTemporaryDir m_work;
    std::unique_ptr<QTemporaryDir> m_gnupgHome;
    QProcessEnvironment m_environment;
    QString m_fingerprint;
    QString m_publicKey;
    QString m_secretKey;
};

void TestBundleCli::initTestCase()
{
    QVERIFY(m_work.isValid());
    QVERIFY(QFile::exists(goodLogoFile) && QFile::exists(fullBleedLogoFile));
    m_gnupgHome = std::make_unique<QTemporaryDir>(QStringLiteral("/tmp/fhw-gpgc-XXXXXX"));
    QVERIFY(m_gnupgHome->isValid());
    QFile::setPermissions(m_gnupgHome->path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    m_environment = QProcessEnvironment::systemEnvironment();
    m_environment.insert(QStringLiteral("GNUPGHOME"), m_gnupgHome->path());

    const Run created = fhw({QStringLiteral("key"), QStringLiteral("create"), QStringLiteral("--name"),
                             QStringLiteral("Northwind Metrics"), QStringLiteral("--email"),
                             QStringLiteral("integrations@northwind.test"), QStringLiteral("--json")});
    QVERIFY2(created.exitCode == 0, created.err.constData());
    m_fingerprint = QJsonDocument::fromJson(created.out).object().value(QStringLiteral("fingerprint")).toString();
    QCOMPARE(m_fingerprint.size(), 40);
    m_publicKey = path(QStringLiteral("public-key.asc"));
    QCOMPARE(fhw({QStringLiteral("key"), QStringLiteral("export"), m_fingerprint, QStringLiteral("--output"), m_publicKey})
                 .exitCode,
             0);
    const Run secret = execute(QStringLiteral("gpg"),
                               {QStringLiteral("--batch"), QStringLiteral("--pinentry-mode"), QStringLiteral("loopback"),
                                QStringLiteral("--passphrase"), QString(), QStringLiteral("--armor"),
                                QStringLiteral("--export-secret-keys"), m_fingerprint},
                               m_environment);
    QVERIFY(secret.out.startsWith("-----BEGIN PGP PRIVATE KEY BLOCK-----"));
    m_secretKey = path(QStringLiteral("secret-key.asc"));
    QVERIFY(write(m_secretKey, secret.out));
}

void TestBundleCli::cleanupTestCase()
{
    if (m_gnupgHome)
        execute(QStringLiteral("gpgconf"), {QStringLiteral("--kill"), QStringLiteral("all")}, m_environment);
}

void TestBundleCli::doneWhen()
{
    const QString out = path(QStringLiteral("northwind-submission.zip"));
    const Run bundled = fhw(bundleArguments(out));
    QVERIFY2(bundled.exitCode == 0, bundled.err.constData());
    QVERIFY(bundled.out.contains("pass      Registration review"));
    QVERIFY(bundled.out.contains("pass      Logo"));
    QVERIFY(bundled.out.contains("pass      PGP public key: fingerprint " + m_fingerprint.toUtf8()));
    QVERIFY(bundled.out.contains("wrote " + out.toUtf8()));

    const Run verified = fhw({QStringLiteral("bundle"), QStringLiteral("--verify"), out});
    QCOMPARE(verified.exitCode, 0);
    QVERIFY2(verified.out.contains(": 8 file(s) match the manifest\n"), verified.out.constData());
    QVERIFY(verified.out.contains("checks passed: registration-review, logo, endpoints, public-key\n"));
    QVERIFY(verified.out.contains("checks failed: none\n"));

    // The core reads the same thing, and the manifest holds the logo check's own report and both previews.
    const auto manifest = fhw::submission::verifyBundle(out.toStdString());
    QVERIFY(manifest && manifest->ok());
    QCOMPARE(manifest->checkedFiles,
             (std::vector<std::string>{"registration.json", "registration.md", "registration.html", "logo.svg",
                                       "logo-on-white.png", "logo-on-dark.png", "endpoints.json", "pgp-public-key.asc"}));
    QVERIFY(manifest->manifest["logo_report"]["verdict"] == "pass");
    QVERIFY(manifest->manifest["public_key"]["fingerprint"] == m_fingerprint.toStdString());

    // Deterministic through the CLI too.
    const QString again = path(QStringLiteral("again.zip"));
    QCOMPARE(fhw(bundleArguments(again)).exitCode, 0);
    QFile first(out), second(again);
    QVERIFY(first.open(QIODevice::ReadOnly) && second.open(QIODevice::ReadOnly));
    QCOMPARE(first.readAll(), second.readAll());
}

void TestBundleCli::fromTheEndpoint()
{
    auto registration = fhw::submission::loadRegistrationFile(registrationFile.toStdString());
    QVERIFY(registration);
    fhw::endpoint::EndpointConfig config;
    config.registrationResponse = *registration;
    config.token = randomToken().toStdString(); // registration must work without it
    fhw::endpoint::Endpoint endpoint(config);
    QVERIFY(endpoint.start());
    const QString url = QString::fromStdString(endpoint.url());

    QStringList arguments = bundleArguments(path(QStringLiteral("from-url.zip")));
    arguments.replace(arguments.indexOf(QStringLiteral("--registration")), QStringLiteral("--from"));
    arguments.replace(arguments.indexOf(registrationFile), url);
    const Run bundled = fhw(arguments);
    QVERIFY2(bundled.exitCode == 0, bundled.err.constData());
    QCOMPARE(endpoint.capture().size(), std::size_t(1));

    const Run md = fhw({QStringLiteral("registration-export"), QStringLiteral("--from"), url, QStringLiteral("--format"),
                        QStringLiteral("md")});
    QCOMPARE(md.exitCode, 0);
    QVERIFY(md.out.startsWith("# Northwind Metrics\n"));

    endpoint.stop();
    const Run down = fhw(arguments);
    QCOMPARE(down.exitCode, 1);
    QVERIFY(down.err.contains("fhw bundle: " + url.toUtf8()));
}

void TestBundleCli::badLogoIsRefused()
{
    const QString out = path(QStringLiteral("bad-logo.zip"));
    const Run refused = fhw(bundleArguments(out, fullBleedLogoFile));
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains("refused: the checklist is not clean"), refused.err.constData());
    QVERIFY(refused.err.contains("\n  logo: fail — error logo.not-transparent: "));
    QVERIFY(refused.out.contains("fail      Logo"));
    QVERIFY(!QFile::exists(out));
}

void TestBundleCli::forcedExportIsRecorded()
{
    const QString out = path(QStringLiteral("forced.zip"));
    QStringList arguments = bundleArguments(out, fullBleedLogoFile);
    arguments << QStringLiteral("--force") << QStringLiteral("Logo agreed with mParticle on 2026-01-31");
    const Run forced = fhw(arguments);
    QVERIFY2(forced.exitCode == 0, forced.err.constData());
    QVERIFY(forced.out.contains("(forced past failed checks; recorded in the manifest)"));
    const Run verified = fhw({QStringLiteral("bundle"), QStringLiteral("--verify"), out});
    QCOMPARE(verified.exitCode, 0);
    QVERIFY(verified.out.contains("checks failed: logo\n"));
    QVERIFY(verified.out.contains("exported past failed checks, confirmed: Logo agreed with mParticle on 2026-01-31\n"));
}

void TestBundleCli::tokenIsRefused()
{
    const QString token = randomToken();
    QFile sample(registrationFile);
    QVERIFY(sample.open(QIODevice::ReadOnly));
    const QString leaky = path(QStringLiteral("leaky-registration.json"));
    QVERIFY(write(leaky, sample.readAll().replace("Learn more", "Token " + token.toUtf8())));

    QStringList arguments = bundleArguments(path(QStringLiteral("leaky.zip")));
    arguments.replace(arguments.indexOf(registrationFile), leaky);
    arguments << QStringLiteral("--token-env") << QStringLiteral("FHW_TEST_BUNDLE_TOKEN");
    QProcessEnvironment environment = m_environment;
    environment.insert(QStringLiteral("FHW_TEST_BUNDLE_TOKEN"), token);
    const Run refused = execute(QStringLiteral(FHW_CLI_PATH), arguments, environment);
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains("registration.json: holds the token '$FHW_TEST_BUNDLE_TOKEN'"), refused.err.constData());
    QVERIFY(refused.err.contains("this cannot be forced"));
    QVERIFY(!refused.err.contains(token.toUtf8()));
    QVERIFY(!refused.out.contains(token.toUtf8()));
    QVERIFY(!QFile::exists(path(QStringLiteral("leaky.zip"))));
}

void TestBundleCli::keychainTokenIsRefused()
{
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        QSKIP("needs the Secret Service of scripts/with-test-services");
    // A token imported the way a partner does: encrypted to their key by "mParticle", then fhw token import.
    const QString token = randomToken();
    const Run encrypted = execute(QStringLiteral("gpg"),
                                  {QStringLiteral("--batch"), QStringLiteral("--trust-model"), QStringLiteral("always"),
                                   QStringLiteral("--armor"), QStringLiteral("--encrypt"), QStringLiteral("-r"), m_fingerprint},
                                  m_environment, token.toUtf8());
    QVERIFY(encrypted.out.contains("BEGIN PGP MESSAGE"));
    const QString name = QStringLiteral("northwind-bundle-%1").arg(QRandomGenerator::global()->bounded(100000));
    const Run imported = fhw({QStringLiteral("token"), QStringLiteral("import"), QStringLiteral("-"), QStringLiteral("--name"), name},
                             encrypted.out);
    QVERIFY2(imported.exitCode == 0, imported.err.constData());

    const QString report = path(QStringLiteral("report-with-token.json"));
    const QByteArray reportStart = R"({"report":"fhw load","passed":true,"reasons":[],"note":")";
    QVERIFY(write(report, reportStart + token.toUtf8() + "\"}"));
    QStringList arguments = bundleArguments(path(QStringLiteral("keychain.zip")));
    arguments << QStringLiteral("--latency") << report;
    const Run refused = fhw(arguments);
    fhw({QStringLiteral("token"), QStringLiteral("delete"), name});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains("latency-report.json: holds the token '" + name.toUtf8() + "'"), refused.err.constData());
    QVERIFY(!refused.err.contains(token.toUtf8()));
}

void TestBundleCli::privateKeyIsRefused()
{
    QStringList arguments = bundleArguments(path(QStringLiteral("private.zip")));
    arguments.replace(arguments.indexOf(m_publicKey), m_secretKey);
    arguments << QStringLiteral("--force") << QStringLiteral("trying anyway");
    const Run refused = fhw(arguments);
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains("pgp-public-key.asc: holds a private key (-----BEGIN PGP PRIVATE KEY BLOCK-----)"),
             refused.err.constData());
    QVERIFY(refused.out.contains("fail      PGP public key: pgp.private-key"));
    QVERIFY(!QFile::exists(path(QStringLiteral("private.zip"))));
}

void TestBundleCli::verifyFindsDamage()
{
    const QString out = path(QStringLiteral("to-damage.zip"));
    QCOMPARE(fhw(bundleArguments(out)).exitCode, 0);
    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QByteArray zip = file.readAll();
    file.close();
    // The preview PNG is stored uncompressed: its header is in the archive as is.
    const qsizetype png = zip.indexOf("\x89PNG\r\n\x1a\n");
    QVERIFY(png > 0);
    zip[png + 20] = char(zip[png + 20] ^ 0x01);
    const QString damaged = path(QStringLiteral("damaged.zip"));
    QVERIFY(write(damaged, zip));
    const Run verified = fhw({QStringLiteral("bundle"), QStringLiteral("--verify"), damaged});
    QCOMPARE(verified.exitCode, 1);
    QVERIFY2(verified.err.contains("logo-on-white.png"), verified.err.constData());
    QCOMPARE(fhw({QStringLiteral("bundle"), QStringLiteral("--verify"), path(QStringLiteral("missing.zip"))}).exitCode, 2);
}

void TestBundleCli::registrationExport()
{
    const QString html = path(QStringLiteral("registration.html"));
    const Run written = fhw({QStringLiteral("registration-export"), QStringLiteral("--registration"), registrationFile,
                             QStringLiteral("--format"), QStringLiteral("html"), QStringLiteral("--out"), html});
    QCOMPARE(written.exitCode, 0);
    QVERIFY(written.err.contains("registration review: 0 error(s)"));
    QFile page(html);
    QVERIFY(page.open(QIODevice::ReadOnly));
    const QByteArray text = page.readAll();
    QVERIFY(text.contains("content=\"default-src 'none'; style-src 'unsafe-inline'\""));
    QVERIFY(text.contains("<h1>Northwind Metrics</h1>"));

    const Run json = fhw({QStringLiteral("registration-export"), QStringLiteral("--registration"), registrationFile,
                          QStringLiteral("--format"), QStringLiteral("json")});
    QVERIFY(json.exitCode == 0);
    QFile sample(registrationFile);
    QVERIFY(sample.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(json.out), QJsonDocument::fromJson(sample.readAll()));

    // Review errors: still written, exit 1.
    const QString broken = path(QStringLiteral("no-name.json"));
    QFile source(registrationFile);
    QVERIFY(source.open(QIODevice::ReadOnly));
    QVERIFY(write(broken, source.readAll().replace("\"Northwind Metrics\"", "\"\"")));
    const Run reviewed = fhw({QStringLiteral("registration-export"), QStringLiteral("--registration"), broken,
                              QStringLiteral("--format"), QStringLiteral("md")});
    QCOMPARE(reviewed.exitCode, 1);
    QVERIFY(reviewed.out.contains("registration.name-empty"));
}

void TestBundleCli::usage_data()
{
    QTest::addColumn<QStringList>("arguments");
    const QString reg = registrationFile;
    QTest::newRow("no out") << QStringList{QStringLiteral("bundle"), QStringLiteral("--registration"), reg};
    QTest::newRow("bad pod") << QStringList{QStringLiteral("bundle"), QStringLiteral("--registration"), reg,
                                            QStringLiteral("--endpoint"), QStringLiteral("EU9=https://x.example/"),
                                            QStringLiteral("--out"), QStringLiteral("/tmp/x.zip")};
    QTest::newRow("bad family") << QStringList{QStringLiteral("bundle"), QStringLiteral("--registration"), reg,
                                               QStringLiteral("--endpoint"), QStringLiteral("US1:billing=https://x.example/"),
                                               QStringLiteral("--out"), QStringLiteral("/tmp/x.zip")};
    QTest::newRow("pod twice") << QStringList{QStringLiteral("bundle"), QStringLiteral("--registration"), reg,
                                              QStringLiteral("--endpoint"), QStringLiteral("US1=https://a.example/"),
                                              QStringLiteral("--endpoint"), QStringLiteral("us1=https://b.example/"),
                                              QStringLiteral("--out"), QStringLiteral("/tmp/x.zip")};
    QTest::newRow("file and url") << QStringList{QStringLiteral("bundle"), QStringLiteral("--registration"), reg,
                                                 QStringLiteral("--from"), QStringLiteral("https://x.example/"),
                                                 QStringLiteral("--out"), QStringLiteral("/tmp/x.zip")};
    QTest::newRow("missing public key file") << QStringList{QStringLiteral("bundle"), QStringLiteral("--registration"), reg,
                                                            QStringLiteral("--public-key"), QStringLiteral("/nonexistent.asc"),
                                                            QStringLiteral("--out"), QStringLiteral("/tmp/x.zip")};
    QTest::newRow("not a registration") << QStringList{QStringLiteral("registration-export"), QStringLiteral("--registration"),
                                                       QStringLiteral(FHW_SOURCE_DIR "/samples/messages/event.json"),
                                                       QStringLiteral("--format"), QStringLiteral("md")};
    QTest::newRow("bad format") << QStringList{QStringLiteral("registration-export"), QStringLiteral("--registration"), reg,
                                               QStringLiteral("--format"), QStringLiteral("pdf")};
}

void TestBundleCli::usage()
{
    QFETCH(QStringList, arguments);
    const Run run = fhw(arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY(!run.err.isEmpty());
}

QTEST_GUILESS_MAIN(TestBundleCli)
#include "tst_bundlecli.moc"
