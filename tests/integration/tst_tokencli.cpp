// The tokens issue end to end, through the CLI and the real services: a key made by `fhw key create`,
// a token encrypted to it by the gpg command as mParticle would, imported with `fhw token import`,
// found in the real keyring by secret-tool, used by `fhw send --token-name` against
// `fhw serve --token-name`, and nowhere on disk in plaintext. Runs inside scripts/with-test-services.

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run execute(const QString &program, const QStringList &arguments, const QProcessEnvironment &environment,
            const QByteArray &input = {})
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
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

QString randomToken()
{
    // Like mParticle's: printable, no spaces; random per run so a scan cannot match anything else.
    QString token = QStringLiteral("fhwtok_");
    for (int i = 0; i < 32; ++i)
        token += QLatin1Char("abcdefghijklmnopqrstuvwxyz0123456789"[QRandomGenerator::global()->bounded(36)]);
    return token;
}

// Every file under `root` that contains `needle`.
// Field `field` of the first `--with-colons` record of that kind ("fpr", "sub").
QString colonField(const QByteArray &listing, const QByteArray &record, int field)
{
    for (const QByteArray &line : listing.split('\n')) {
        if (line.startsWith(record + ':'))
            return QString::fromUtf8(line.split(':').value(field));
    }
    return {};
}

QStringList filesContaining(const QString &root, const QByteArray &needle)
{
    QStringList found;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.size() < 64 * 1024 * 1024 && file.open(QIODevice::ReadOnly) && file.readAll().contains(needle))
            found << file.fileName();
    }
    return found;
}

} // namespace

class TestTokenCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void doneWhen();
    void passphraseProtectedKey();
    void failuresAreDistinct();
    void keychainManagement();
    void noSessionBusFailsFast();

private:
    Run fhw(const QStringList &arguments, const QByteArray &input = {}) const
    {
        return execute(QStringLiteral(FHW_CLI_PATH), arguments, m_environment, input);
    }
    Run gpg(const QStringList &arguments, const QByteArray &input = {}) const
    {
        return execute(QStringLiteral("gpg"), QStringList{QStringLiteral("--batch"), QStringLiteral("--quiet")} + arguments,
                       m_environment, input);
    }
    QString createKey(const QStringList &extra = {}, const QByteArray &input = {}) const;
    QByteArray encryptTo(const QString &fingerprint, const QString &token, bool armor = true) const;
    QString uniqueName(const char *stem) const
    {
        return QStringLiteral("%1-%2").arg(QLatin1String(stem)).arg(QRandomGenerator::global()->generate() % 100000);
    }

    std::unique_ptr<QTemporaryDir> m_gnupgHome;
    QProcessEnvironment m_environment;
    QStringList m_names; // stored by the test, deleted in cleanup()
};

void TestTokenCli::init()
{
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        QSKIP("needs the Secret Service of scripts/with-test-services");
    // A short path: gpg-agent's socket path must fit in a sockaddr_un.
    m_gnupgHome = std::make_unique<QTemporaryDir>(QStringLiteral("/tmp/fhw-gpg-XXXXXX"));
    QVERIFY(m_gnupgHome->isValid());
    QFile::setPermissions(m_gnupgHome->path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    m_environment = QProcessEnvironment::systemEnvironment();
    m_environment.insert(QStringLiteral("GNUPGHOME"), m_gnupgHome->path());
}

void TestTokenCli::cleanup()
{
    for (const QString &name : std::as_const(m_names))
        fhw({QStringLiteral("token"), QStringLiteral("delete"), name});
    m_names.clear();
    if (m_gnupgHome) {
        execute(QStringLiteral("gpgconf"), {QStringLiteral("--kill"), QStringLiteral("all")}, m_environment);
        m_gnupgHome.reset();
    }
}

QString TestTokenCli::createKey(const QStringList &extra, const QByteArray &input) const
{
    const Run created = fhw(QStringList{QStringLiteral("key"), QStringLiteral("create"), QStringLiteral("--name"),
                                        QStringLiteral("Acme Metrics"), QStringLiteral("--email"),
                                        QStringLiteral("integrations@acme.test"), QStringLiteral("--json")}
                                + extra,
                            input);
    if (created.exitCode != 0) {
        qWarning("fhw key create: %s", created.err.constData());
        return {};
    }
    return QJsonDocument::fromJson(created.out).object().value(QStringLiteral("fingerprint")).toString();
}

QByteArray TestTokenCli::encryptTo(const QString &fingerprint, const QString &token, bool armor) const
{
    QStringList arguments{QStringLiteral("--trust-model"), QStringLiteral("always"), QStringLiteral("--encrypt"),
                          QStringLiteral("-r"), fingerprint};
    if (armor)
        arguments.prepend(QStringLiteral("--armor"));
    return gpg(arguments, token.toUtf8()).out;
}

void TestTokenCli::doneWhen()
{
    const QString fingerprint = createKey();
    QCOMPARE(fingerprint.size(), 40);
    const Run listed = fhw({QStringLiteral("key"), QStringLiteral("list")});
    QCOMPARE(listed.exitCode, 0);
    QVERIFY(listed.out.contains(fingerprint.toUtf8()));
    QVERIFY(listed.out.contains("ed25519/cv25519"));

    // The public key the partner sends mParticle imports into an empty home.
    QTemporaryDir work;
    const QString publicKey = work.filePath(QStringLiteral("public-key.asc"));
    QCOMPARE(fhw({QStringLiteral("key"), QStringLiteral("export"), fingerprint, QStringLiteral("--output"), publicKey}).exitCode, 0);
    QTemporaryDir otherHome(QStringLiteral("/tmp/fhw-gpg2-XXXXXX"));
    QProcessEnvironment other = m_environment;
    other.insert(QStringLiteral("GNUPGHOME"), otherHome.path());
    QCOMPARE(execute(QStringLiteral("gpg"), {QStringLiteral("--batch"), QStringLiteral("--import"), publicKey}, other).exitCode, 0);
    QVERIFY(execute(QStringLiteral("gpg"), {QStringLiteral("--batch"), QStringLiteral("--list-keys"), QStringLiteral("--with-colons")}, other)
                .out.contains(fingerprint.toUtf8()));
    execute(QStringLiteral("gpgconf"), {QStringLiteral("--kill"), QStringLiteral("all")}, other);

    // mParticle encrypts the token to it; the partner saves the mail's attachment and imports it.
    const QString token = randomToken();
    const QString message = work.filePath(QStringLiteral("token.asc"));
    QFile file(message);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(encryptTo(fingerprint, token));
    file.close();
    const QString name = uniqueName("acme-prod-US1");
    m_names << name;
    const Run imported = fhw({QStringLiteral("token"), QStringLiteral("import"), message, QStringLiteral("--name"), name,
                              QStringLiteral("--data-center"), QStringLiteral("US1")});
    QVERIFY2(imported.exitCode == 0, imported.err.constData());
    QVERIFY(imported.out.contains("Token ••••" + token.right(4).toUtf8()));
    QVERIFY(!imported.out.contains(token.toUtf8()));

    // It is in the real keyring: secret-tool finds it by QtKeychain's attributes.
    const Run lookup = execute(QStringLiteral("secret-tool"),
                               {QStringLiteral("lookup"), QStringLiteral("server"), QStringLiteral("Firehose Workbench"),
                                QStringLiteral("user"), name},
                               m_environment);
    QCOMPARE(lookup.exitCode, 0);
    QCOMPARE(QString::fromUtf8(lookup.out), token);

    // serve requires it, send presents it: 200; without it: 401.
    const QString capture = work.filePath(QStringLiteral("capture.jsonl"));
    QProcess serve;
    serve.setProcessEnvironment(m_environment);
    serve.start(QStringLiteral(FHW_CLI_PATH), {QStringLiteral("serve"), QStringLiteral("--token-name"), name,
                                               QStringLiteral("--capture"), capture});
    QVERIFY(serve.waitForStarted(10'000));
    QByteArray first;
    for (int i = 0; i < 100 && !first.contains('\n'); ++i) {
        serve.waitForReadyRead(100);
        first += serve.readLine();
    }
    QVERIFY2(first.startsWith("listening on "), first.constData());
    const QString url = QString::fromUtf8(first.mid(13).trimmed());
    const Run authorised = fhw({QStringLiteral("send"), url, QStringLiteral("--generate"), QStringLiteral("event"),
                                QStringLiteral("--token-name"), name, QStringLiteral("--json")});
    QVERIFY2(authorised.exitCode == 0, authorised.out.constData());
    QCOMPARE(QJsonDocument::fromJson(authorised.out)[QLatin1String("attempts")][0][QLatin1String("status")].toInt(), 200);
    const Run anonymous = fhw({QStringLiteral("send"), url, QStringLiteral("--generate"), QStringLiteral("event"),
                               QStringLiteral("--json")});
    QCOMPARE(anonymous.exitCode, 1);
    QCOMPARE(QJsonDocument::fromJson(anonymous.out)[QLatin1String("attempts")][0][QLatin1String("status")].toInt(), 401);
    ::kill(pid_t(serve.processId()), SIGTERM);
    QVERIFY(serve.waitForFinished(10'000));
    const QByteArray serveOutput = serve.readAll();
    QVERIFY(!serveOutput.contains(token.toUtf8()));
    QVERIFY(!authorised.out.contains(token.toUtf8()));

    // `show` redacts; `--reveal` is the one way to see it.
    const Run shown = fhw({QStringLiteral("token"), QStringLiteral("show"), name});
    QCOMPARE(shown.exitCode, 0);
    QVERIFY(shown.out.contains("Token ••••" + token.right(4).toUtf8()));
    QVERIFY(shown.out.contains(fingerprint.toUtf8()));
    QVERIFY(!shown.out.contains(token.toUtf8()));
    QCOMPARE(fhw({QStringLiteral("token"), QStringLiteral("show"), name, QStringLiteral("--reveal")}).out.trimmed(), token.toUtf8());

    // Nowhere on disk in plaintext: HOME (the keyring's files are encrypted), the app's folders, the
    // GnuPG home, this test's folders, the capture.
    QStringList roots{QDir::homePath(), m_gnupgHome->path(), work.path()};
    for (const auto location : {QStandardPaths::GenericDataLocation, QStandardPaths::GenericConfigLocation,
                                QStandardPaths::GenericCacheLocation, QStandardPaths::RuntimeLocation})
        roots << QStandardPaths::writableLocation(location);
    QVERIFY(QFile::exists(capture));
    for (const QString &root : std::as_const(roots)) {
        const QStringList found = filesContaining(root, token.toUtf8());
        QVERIFY2(found.isEmpty(), qPrintable(found.join(u' ')));
    }
}

void TestTokenCli::passphraseProtectedKey()
{
    // The key's passphrase comes on fd 0 (scripts would use 3< file); the message from a file.
    const QString fingerprint = createKey({QStringLiteral("--passphrase-fd"), QStringLiteral("0")}, "correct horse\n");
    QCOMPARE(fingerprint.size(), 40);
    QTemporaryDir work;
    const QString message = work.filePath(QStringLiteral("token.gpg"));
    QFile file(message);
    QVERIFY(file.open(QIODevice::WriteOnly));
    const QString token = randomToken();
    file.write(encryptTo(fingerprint, token, false)); // binary OpenPGP this time
    file.close();
    const QString name = uniqueName("protected");
    m_names << name;
    const QStringList import{QStringLiteral("token"), QStringLiteral("import"), message, QStringLiteral("--name"), name,
                             QStringLiteral("--passphrase-fd"), QStringLiteral("0")};

    const Run wrong = fhw(import, "battery staple\n");
    QCOMPARE(wrong.exitCode, 1);
    QVERIFY2(wrong.err.contains("pgp.bad-passphrase"), wrong.err.constData());
    const Run none = fhw(import);
    QCOMPARE(none.exitCode, 1);
    QVERIFY2(none.err.contains("pgp.no-passphrase") && none.err.contains("--passphrase-fd 0 gave no passphrase"),
             none.err.constData());

    const Run right = fhw(import, "correct horse\n");
    QVERIFY2(right.exitCode == 0, right.err.constData());
    QCOMPARE(fhw({QStringLiteral("token"), QStringLiteral("show"), name, QStringLiteral("--reveal")}).out.trimmed(), token.toUtf8());
}

void TestTokenCli::failuresAreDistinct()
{
    const QString fingerprint = createKey();
    QVERIFY(!fingerprint.isEmpty());
    const QStringList import{QStringLiteral("token"), QStringLiteral("import"), QStringLiteral("-"), QStringLiteral("--name"),
                             uniqueName("never")};

    const Run notPgp = fhw(import, "Hello, here is your token: abc\n");
    QCOMPARE(notPgp.exitCode, 1);
    QVERIFY2(notPgp.err.contains("pgp.not-a-message"), notPgp.err.constData());

    const Run publicKey = fhw(import, fhw({QStringLiteral("key"), QStringLiteral("export"), fingerprint}).out);
    QCOMPARE(publicKey.exitCode, 1);
    QVERIFY2(publicKey.err.contains("public key"), publicKey.err.constData());

    // Encrypted to a key this home does not have: the message names the key id.
    QTemporaryDir otherHome(QStringLiteral("/tmp/fhw-gpg3-XXXXXX"));
    QProcessEnvironment other = m_environment;
    other.insert(QStringLiteral("GNUPGHOME"), otherHome.path());
    execute(QStringLiteral("gpg"), {QStringLiteral("--batch"), QStringLiteral("--passphrase"), QString(),
                                    QStringLiteral("--quick-gen-key"), QStringLiteral("Someone Else <else@example.test>"),
                                    QStringLiteral("ed25519"), QStringLiteral("cert,sign"), QStringLiteral("never")},
            other);
    const QByteArray otherKeys = execute(QStringLiteral("gpg"), {QStringLiteral("--batch"), QStringLiteral("--with-colons"),
                                                                 QStringLiteral("--list-keys")}, other).out;
    const QString otherFingerprint = colonField(otherKeys, "fpr", 9);
    execute(QStringLiteral("gpg"), {QStringLiteral("--batch"), QStringLiteral("--passphrase"), QString(),
                                    QStringLiteral("--quick-add-key"), otherFingerprint, QStringLiteral("cv25519"),
                                    QStringLiteral("encr"), QStringLiteral("never")},
            other);
    const QByteArray foreign = execute(QStringLiteral("gpg"), {QStringLiteral("--batch"), QStringLiteral("--armor"),
                                                               QStringLiteral("--trust-model"), QStringLiteral("always"),
                                                               QStringLiteral("--encrypt"), QStringLiteral("-r"), otherFingerprint},
                                       other, "tok_foreign_123456789").out;
    const QByteArray subkeys = execute(QStringLiteral("gpg"), {QStringLiteral("--batch"), QStringLiteral("--with-colons"),
                                                               QStringLiteral("--list-keys"), otherFingerprint}, other).out;
    const QString encryptionKeyId = colonField(subkeys, "sub", 4);
    execute(QStringLiteral("gpgconf"), {QStringLiteral("--kill"), QStringLiteral("all")}, other);
    QCOMPARE(encryptionKeyId.size(), 16);
    const Run notOurs = fhw(import, foreign);
    QCOMPARE(notOurs.exitCode, 1);
    QVERIFY2(notOurs.err.contains("pgp.no-secret-key"), notOurs.err.constData());
    QVERIFY2(notOurs.err.toUpper().contains(encryptionKeyId.toUtf8()), notOurs.err.constData());

    // Damaged in transit.
    QByteArray damaged = encryptTo(fingerprint, randomToken());
    const int middle = damaged.indexOf("\n\n") + 40;
    damaged[middle] = damaged[middle] == 'A' ? 'B' : 'A';
    const Run corrupt = fhw(import, damaged);
    QCOMPARE(corrupt.exitCode, 1);
    QVERIFY2(corrupt.err.contains("pgp.corrupt"), corrupt.err.constData());

    // Usage: a bad name or data centre is refused before anything is decrypted.
    QCOMPARE(fhw({QStringLiteral("token"), QStringLiteral("import"), QStringLiteral("-"), QStringLiteral("--name"),
                  QStringLiteral("bad name!")}).exitCode, 2);
    QCOMPARE(fhw({QStringLiteral("token"), QStringLiteral("import"), QStringLiteral("-"), QStringLiteral("--name"),
                  QStringLiteral("ok"), QStringLiteral("--data-center"), QStringLiteral("XX9")}).exitCode, 2);
    // Nothing was stored by any of these.
    QVERIFY(!fhw({QStringLiteral("token"), QStringLiteral("list"), QStringLiteral("--json")}).out.contains("never-"));
}

void TestTokenCli::keychainManagement()
{
    const QString fingerprint = createKey();
    const QString token = randomToken();
    // Mangled as a mail client would: quoted in a reply, CRLF line ends.
    QByteArray mail = "On Monday, mParticle wrote:\r\n";
    for (const QByteArray &line : encryptTo(fingerprint, token).split('\n'))
        mail += "> " + line + "\r\n";
    const QString name = uniqueName("acme-eu");
    const QString renamed = name + QStringLiteral("-EU1");
    m_names << name << renamed;
    const QStringList import{QStringLiteral("token"), QStringLiteral("import"), QStringLiteral("-"), QStringLiteral("--name"), name,
                             QStringLiteral("--data-center"), QStringLiteral("eu1")};
    QVERIFY2(fhw(import, mail).exitCode == 0, fhw(import, mail).err.constData());
    // The same name again is refused unless --replace.
    const Run again = fhw(import, mail);
    QCOMPARE(again.exitCode, 1);
    QVERIFY2(again.err.contains("token.exists"), again.err.constData());
    QCOMPARE(fhw(import + QStringList{QStringLiteral("--replace")}, mail).exitCode, 0);

    const Run listed = fhw({QStringLiteral("token"), QStringLiteral("list"), QStringLiteral("--json")});
    QCOMPARE(listed.exitCode, 0);
    QVERIFY(!listed.out.contains(token.toUtf8()));
    const QJsonArray entries = QJsonDocument::fromJson(listed.out).array();
    const auto entry = std::ranges::find_if(entries, [&](const QJsonValue &v) { return v[QStringLiteral("name")].toString() == name; });
    QVERIFY(entry != entries.end());
    QCOMPARE((*entry)[QStringLiteral("data_center")].toString(), QStringLiteral("EU1"));
    QCOMPARE((*entry)[QStringLiteral("key_fingerprint")].toString(), fingerprint);
    QCOMPARE((*entry)[QStringLiteral("in_keychain")].toBool(), true);

    QCOMPARE(fhw({QStringLiteral("token"), QStringLiteral("rename"), name, renamed}).exitCode, 0);
    QCOMPARE(fhw({QStringLiteral("token"), QStringLiteral("show"), renamed, QStringLiteral("--reveal")}).out.trimmed(), token.toUtf8());
    const Run gone = fhw({QStringLiteral("token"), QStringLiteral("show"), name});
    QCOMPARE(gone.exitCode, 1);
    QVERIFY2(gone.err.contains("token.not-found"), gone.err.constData());

    QCOMPARE(fhw({QStringLiteral("token"), QStringLiteral("delete"), renamed}).exitCode, 0);
    const Run lookup = execute(QStringLiteral("secret-tool"),
                               {QStringLiteral("lookup"), QStringLiteral("server"), QStringLiteral("Firehose Workbench"),
                                QStringLiteral("user"), renamed},
                               m_environment);
    QVERIFY(lookup.out.isEmpty());
    // send with a name that is not there: a clear error, nothing sent.
    const Run missing = fhw({QStringLiteral("send"), QStringLiteral("http://127.0.0.1:9/"), QStringLiteral("--generate"),
                             QStringLiteral("event"), QStringLiteral("--token-name"), renamed});
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.err.contains("token.not-found"), missing.err.constData());
}

void TestTokenCli::noSessionBusFailsFast()
{
    QProcessEnvironment bare = m_environment;
    bare.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
    bare.remove(QStringLiteral("DISPLAY"));
    QElapsedTimer timer;
    timer.start();
    for (const QStringList &arguments : {QStringList{QStringLiteral("token"), QStringLiteral("list")},
                                         QStringList{QStringLiteral("serve"), QStringLiteral("--token-name"), QStringLiteral("x")},
                                         QStringList{QStringLiteral("token"), QStringLiteral("import"), QStringLiteral("-"),
                                                     QStringLiteral("--name"), QStringLiteral("x")}}) {
        const Run run = execute(QStringLiteral(FHW_CLI_PATH), arguments, bare, "whatever");
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("keychain.no-session-bus"), run.err.constData());
    }
    QVERIFY2(timer.elapsed() < 10'000, qPrintable(QString::number(timer.elapsed())));
}

QTEST_GUILESS_MAIN(TestTokenCli)
#include "tst_tokencli.moc"
