// PgpKeys and TokenDecryptor against real GnuPG: keys made both by our code and by the gpg command,
// tokens encrypted with the gpg command the way mParticle does it. Every test function gets its own
// GNUPGHOME (and gpg-agent, killed in cleanup()).

#include "secrets/pgpkeys.h"
#include "secrets/tokendecryptor.h"
#include "secrets/tokenplausibility.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <thread>

using namespace fhw::secrets;

namespace {

constexpr auto kToken = "mp-firehose-token-6c1f0e7d9b2a4c38";

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    bool ok() const { return exitCode == 0; }
};

QString str(const std::string &s)
{
    return QString::fromStdString(s);
}

std::string_view view(const QByteArray &b)
{
    return {b.constData(), static_cast<std::size_t>(b.size())};
}

// A provider that answers from a list and records what it was asked.
struct ScriptedProvider
{
    QStringList answers; // a null QString = cancel
    std::shared_ptr<QList<PassphrasePrompt>> prompts = std::make_shared<QList<PassphrasePrompt>>();

    PassphraseProvider get() const
    {
        return [answers = answers, prompts = prompts](const PassphrasePrompt &p) -> std::optional<SecureBuffer> {
            const qsizetype i = prompts->size();
            prompts->append(p);
            const QString answer = i < answers.size() ? answers.at(i) : answers.value(answers.size() - 1);
            if (answer.isNull())
                return std::nullopt;
            return SecureBuffer(answer.toStdString());
        };
    }
};

} // namespace

class TestPgp : public QObject
{
    Q_OBJECT

public:
    // A GnuPG home: short, because gpg-agent's socket lives inside it (sun_path is 108 bytes).
    static std::unique_ptr<QTemporaryDir> newHome()
    {
        const QString base = QDir::tempPath().size() < 40 ? QDir::tempPath() : QStringLiteral("/tmp");
        auto dir = std::make_unique<QTemporaryDir>(base + QStringLiteral("/fhwpgp-XXXXXX"));
        QFile::setPermissions(dir->path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        return dir;
    }

    QString home() const { return m_home->path(); }

    Run run(const QString &program, const QStringList &args, const QString &gnupgHome,
            const QByteArray &input = {}) const
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("GNUPGHOME"), gnupgHome);
        p.setProcessEnvironment(env);
        p.start(program, args);
        Run r;
        if (!p.waitForStarted(10000))
            return r;
        p.write(input);
        p.closeWriteChannel();
        p.waitForFinished(60000);
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

    Run gpg(const QStringList &args, const QByteArray &input = {}, const QString &gnupgHome = {}) const
    {
        return run(QStringLiteral("gpg"), QStringList{QStringLiteral("--batch"), QStringLiteral("--no-tty")} + args,
                   gnupgHome.isEmpty() ? home() : gnupgHome, input);
    }

    // `gpg --quick-gen-key` + `--quick-add-key`, as a user would; returns the fingerprint (empty on failure).
    QString makeGpgKey(const QString &uid, const QString &passphrase = {}, const QString &gnupgHome = {},
                       const QStringList &extra = {}, const QString &expiry = QStringLiteral("never")) const
    {
        const QStringList pw{QStringLiteral("--pinentry-mode"), QStringLiteral("loopback"),
                             QStringLiteral("--passphrase"), passphrase};
        const Run made = gpg(pw + extra
                                 + QStringList{QStringLiteral("--quick-gen-key"), uid, QStringLiteral("ed25519"),
                                               QStringLiteral("cert,sign"), expiry},
                             {}, gnupgHome);
        if (!made.ok()) {
            qWarning("quick-gen-key: %s", made.err.constData());
            return {};
        }
        const QString fpr = fingerprintOf(uid, gnupgHome);
        const Run sub = gpg(pw + extra
                                + QStringList{QStringLiteral("--quick-add-key"), fpr, QStringLiteral("cv25519"),
                                              QStringLiteral("encr"), expiry},
                            {}, gnupgHome);
        if (!sub.ok()) {
            qWarning("quick-add-key: %s", sub.err.constData());
            return {};
        }
        return fpr;
    }

    // Field `field` of the first `--with-colons` record of `type` ("fpr", "sub", ...) for `pattern`.
    QString colons(const QString &pattern, const QString &type, int field, const QString &gnupgHome = {}) const
    {
        const Run r = gpg({QStringLiteral("--with-colons"), QStringLiteral("--list-keys"), pattern}, {}, gnupgHome);
        for (const QByteArray &line : r.out.split('\n')) {
            const QList<QByteArray> f = line.split(':');
            if (f.value(0) == type.toLatin1())
                return QString::fromLatin1(f.value(field));
        }
        return {};
    }

    QString fingerprintOf(const QString &pattern, const QString &gnupgHome = {}) const
    {
        return colons(pattern, QStringLiteral("fpr"), 9, gnupgHome);
    }

    QString encryptionSubkeyId(const QString &fpr, const QString &gnupgHome = {}) const
    {
        return colons(fpr, QStringLiteral("sub"), 4, gnupgHome);
    }

    // What mParticle does: gpg --encrypt to the recipient's fingerprint, armored unless told otherwise.
    QByteArray encrypt(const QString &recipient, const QStringList &extra = {QStringLiteral("--armor")},
                       const QString &gnupgHome = {}, const QByteArray &plaintext = kToken) const
    {
        const Run r = gpg(QStringList{QStringLiteral("--trust-model"), QStringLiteral("always"),
                                      QStringLiteral("--encrypt"), QStringLiteral("-r"), recipient}
                              + extra,
                          plaintext, gnupgHome);
        if (!r.ok())
            qWarning("encrypt: %s", r.err.constData());
        return r.out;
    }

    // gpg-agent caches a passphrase once used; a restart forgets it.
    void forgetPassphrases(const QString &gnupgHome = {}) const
    {
        run(QStringLiteral("gpgconf"), {QStringLiteral("--kill"), QStringLiteral("gpg-agent")},
            gnupgHome.isEmpty() ? home() : gnupgHome);
    }

    // gpgconf --kill returns before gpg-agent has removed its sockets, which can race the removal of
    // the directory; so remove it ourselves, again if need be.
    void removeHome(std::unique_ptr<QTemporaryDir> dir) const
    {
        if (!dir)
            return;
        dir->setAutoRemove(false);
        run(QStringLiteral("gpgconf"), {QStringLiteral("--kill"), QStringLiteral("all")}, dir->path());
        QDir path(dir->path());
        for (int attempt = 0; attempt < 50 && path.exists(); ++attempt) {
            if (!path.removeRecursively())
                QTest::qSleep(20);
        }
    }

    QString otherHome()
    {
        m_otherHomes.push_back(newHome());
        return m_otherHomes.back()->path();
    }

private Q_SLOTS:
    void init()
    {
        m_home = newHome();
        QVERIFY(m_home->isValid());
    }

    void cleanup()
    {
        for (auto &dir : m_otherHomes)
            removeHome(std::move(dir));
        m_otherHomes.clear();
        removeHome(std::move(m_home));
    }

    void decryptsTokens_data()
    {
        QTest::addColumn<QString>("form");
        for (const char *form : {"armored", "binary", "crlf", "quoted-printable", "quoted reply", "everything"})
            QTest::newRow(form) << QString::fromLatin1(form);
    }

    void decryptsTokens()
    {
        QFETCH(QString, form);
        const QString fpr = makeGpgKey(QStringLiteral("Firehose Dev <dev@example.com>"));
        QVERIFY(!fpr.isEmpty());
        QByteArray input
            = encrypt(fpr, form == QLatin1String("binary") ? QStringList() : QStringList{QStringLiteral("--armor")});
        QVERIFY(!input.isEmpty());

        const auto qp = [](const QByteArray &text) {
            QByteArray out;
            int column = 0;
            for (char c : text) {
                if (c == '\n') {
                    out += "\r\n";
                    column = 0;
                    continue;
                }
                const QByteArray piece = c == '=' ? QByteArray("=3D") : QByteArray(1, c);
                if (column + piece.size() > 45) {
                    out += "=\r\n";
                    column = 0;
                }
                out += piece;
                column += int(piece.size());
            }
            return out;
        };
        const auto quote = [](const QByteArray &text) {
            QByteArray out;
            for (const QByteArray &line : text.split('\n'))
                out += "> " + line + '\n';
            return out;
        };
        if (form == QLatin1String("crlf"))
            input.replace("\n", "\r\n");
        else if (form == QLatin1String("quoted-printable"))
            input = qp(input);
        else if (form == QLatin1String("quoted reply"))
            input = "On Monday, mParticle wrote:\n" + quote(input) + "\nThanks!\n";
        else if (form == QLatin1String("everything"))
            input = qp("Hello,\n\nyour token:\n\n" + quote(quote(input)) + "\n-- \nmParticle Partner Team\n");

        const auto message = TokenDecryptor(home().toStdString()).decrypt(view(input));
        QVERIFY2(message, message ? "" : message.error().message.c_str());
        QCOMPARE(message->plaintext.view(), std::string_view(kToken));
        QCOMPARE(str(message->recipientKeyId), encryptionSubkeyId(fpr));
        QCOMPARE(str(message->recipientFingerprint), fpr);
        QVERIFY(!message->signature);
        QVERIFY(message->warnings.empty());
    }

    void checksDecryptedToken()
    {
        const QString fpr = makeGpgKey(QStringLiteral("Dev <dev@example.com>"));
        QVERIFY(!fpr.isEmpty());
        // `echo token | gpg -e` leaves a newline the token must not keep.
        const QByteArray input = encrypt(fpr, {QStringLiteral("--armor")}, {}, QByteArray(kToken) + "\r\n");
        const auto message = TokenDecryptor(home().toStdString()).decrypt(view(input));
        QVERIFY(message);
        const auto check = checkToken(message->plaintext.view());
        QVERIFY(check);
        QCOMPARE(check->token, std::string(kToken));
        QVERIFY(check->warnings.empty());
    }

    void reportsSignature()
    {
        const QString recipient = makeGpgKey(QStringLiteral("Dev <dev@example.com>"));
        const QString signer = makeGpgKey(QStringLiteral("mParticle <partners@example.com>"));
        QVERIFY(!recipient.isEmpty() && !signer.isEmpty());
        const QByteArray input
            = encrypt(recipient, {QStringLiteral("--armor"), QStringLiteral("--sign"), QStringLiteral("-u"), signer});
        const auto message = TokenDecryptor(home().toStdString()).decrypt(view(input));
        QVERIFY2(message, message ? "" : message.error().message.c_str());
        QCOMPARE(message->plaintext.view(), std::string_view(kToken));
        QVERIFY(message->signature);
        QCOMPARE(str(message->signature->fingerprint), signer);
        QCOMPARE(str(message->signature->signer), QStringLiteral("mParticle <partners@example.com>"));
        QVERIFY(message->signature->valid);
        QCOMPARE(str(message->signature->status), QStringLiteral("valid")); // own key: ultimately trusted
    }

    void reportsSignerWithoutPublicKey()
    {
        const QString recipient = makeGpgKey(QStringLiteral("Dev <dev@example.com>"));
        QVERIFY(!recipient.isEmpty());
        // mParticle's side: its own signing key, and our public key imported.
        const QString theirs = otherHome();
        const QString signer = makeGpgKey(QStringLiteral("mParticle <partners@example.com>"), {}, theirs);
        QVERIFY(!signer.isEmpty());
        QVERIFY(gpg({QStringLiteral("--import")}, gpg({QStringLiteral("--export"), recipient}).out, theirs).ok());
        const QByteArray input = encrypt(
            recipient, {QStringLiteral("--armor"), QStringLiteral("--sign"), QStringLiteral("-u"), signer}, theirs);

        const auto message = TokenDecryptor(home().toStdString()).decrypt(view(input));
        QVERIFY2(message, message ? "" : message.error().message.c_str());
        QCOMPARE(message->plaintext.view(), std::string_view(kToken));
        QVERIFY(message->signature);
        QVERIFY(!message->signature->valid);
        QCOMPARE(str(message->signature->status), QStringLiteral("no public key for signer 0x") + signer.right(16));
        QVERIFY(message->signature->signer.empty());
    }

    void asksForPassphrase()
    {
        const QString fpr = makeGpgKey(QStringLiteral("Dev <dev@example.com>"), QStringLiteral("correct horse"));
        QVERIFY(!fpr.isEmpty());
        forgetPassphrases();
        const QByteArray input = encrypt(fpr);
        const TokenDecryptor decryptor(home().toStdString());
        const QString subkey = encryptionSubkeyId(fpr);

        // No provider: a clear error, and no pinentry window or prompt anywhere.
        auto message = decryptor.decrypt(view(input));
        QVERIFY(!message);
        QCOMPARE(str(message.error().code), QStringLiteral("pgp.passphrase-required"));

        ScriptedProvider cancels{{QString()}};
        message = decryptor.decrypt(view(input), cancels.get());
        QVERIFY(!message);
        QCOMPARE(str(message.error().code), QStringLiteral("pgp.cancelled"));
        QCOMPARE(cancels.prompts->size(), 1);
        QCOMPARE(str(cancels.prompts->at(0).keyId), subkey);
        QCOMPARE(str(cancels.prompts->at(0).userId), QStringLiteral("Dev <dev@example.com>"));

        ScriptedProvider wrong{{QStringLiteral("wrong")}};
        message = decryptor.decrypt(view(input), wrong.get());
        QVERIFY(!message);
        QCOMPARE(str(message.error().code), QStringLiteral("pgp.bad-passphrase"));
        QVERIFY(str(message.error().message).contains(subkey));
        QCOMPARE(wrong.prompts->size(), TokenDecryptor::kMaxPassphraseAttempts);
        QVERIFY(!wrong.prompts->at(0).previousWasBad);
        QVERIFY(wrong.prompts->at(1).previousWasBad);

        ScriptedProvider secondTime{{QStringLiteral("wrong"), QStringLiteral("correct horse")}};
        message = decryptor.decrypt(view(input), secondTime.get());
        QVERIFY2(message, message ? "" : message.error().message.c_str());
        QCOMPARE(message->plaintext.view(), std::string_view(kToken));
        QCOMPARE(secondTime.prompts->size(), 2);
        QVERIFY(secondTime.prompts->at(1).previousWasBad);

        // gpg-agent now holds the passphrase, as it would for gpg itself.
        ScriptedProvider notAsked{{QString()}};
        message = decryptor.decrypt(view(input), notAsked.get());
        QVERIFY(message);
        QCOMPARE(notAsked.prompts->size(), 0);
    }

    void rejectsWhatIsNotAToken()
    {
        const QString fpr = makeGpgKey(QStringLiteral("Dev <dev@example.com>"));
        QVERIFY(!fpr.isEmpty());
        const TokenDecryptor decryptor(home().toStdString());

        auto message = decryptor.decrypt("Here is your token: 1234");
        QVERIFY(!message);
        QCOMPARE(str(message.error().code), QStringLiteral("pgp.not-a-message"));

        const auto publicKey = PgpKeys(home().toStdString()).exportPublicKey(fpr.toStdString());
        QVERIFY(publicKey);
        message = decryptor.decrypt(*publicKey);
        QVERIFY(!message);
        QCOMPARE(str(message.error().code), QStringLiteral("pgp.not-a-message"));
        QVERIFY(str(message.error().message).contains(QStringLiteral("public key")));

        const QByteArray binaryKey = gpg({QStringLiteral("--export"), fpr}).out;
        message = decryptor.decrypt(view(binaryKey));
        QVERIFY(!message);
        QCOMPARE(str(message.error().code), QStringLiteral("pgp.not-a-message"));
    }

    void namesMissingRecipientKey()
    {
        QVERIFY(!makeGpgKey(QStringLiteral("Dev <dev@example.com>")).isEmpty());
        const QString elsewhere = otherHome();
        const QString old = makeGpgKey(QStringLiteral("Old Dev <old@example.com>"), {}, elsewhere);
        QVERIFY(!old.isEmpty());
        const QByteArray input = encrypt(old, {QStringLiteral("--armor")}, elsewhere);

        auto message = TokenDecryptor(home().toStdString()).decrypt(view(input));
        QVERIFY(!message);
        QCOMPARE(str(message.error().code), QStringLiteral("pgp.no-secret-key"));
        const QString text = str(message.error().message);
        QVERIFY2(text.contains(QStringLiteral("0x") + encryptionSubkeyId(old, elsewhere)), qPrintable(text));
        QVERIFY2(text.contains(home()), qPrintable(text));

        // With its public key here (imported from a key server, say), the message says whose it is.
        QVERIFY(gpg({QStringLiteral("--import")}, gpg({QStringLiteral("--export"), old}, {}, elsewhere).out).ok());
        message = TokenDecryptor(home().toStdString()).decrypt(view(input));
        QVERIFY(!message);
        QCOMPARE(str(message.error().code), QStringLiteral("pgp.no-secret-key"));
        QVERIFY2(str(message.error().message).contains(QStringLiteral("Old Dev <old@example.com>")),
                 message.error().message.c_str());
    }

    void reportsDamage_data()
    {
        QTest::addColumn<QString>("damage");
        for (const char *damage : {"armored byte changed", "armored cut off", "armored, no checksum, byte changed",
                                   "binary byte changed", "binary cut off", "binary tail changed"})
            QTest::newRow(damage) << QString::fromLatin1(damage);
    }

    void reportsDamage()
    {
        QFETCH(QString, damage);
        const QString fpr = makeGpgKey(QStringLiteral("Dev <dev@example.com>"));
        QVERIFY(!fpr.isEmpty());
        const bool binary = damage.startsWith(QLatin1String("binary"));
        QByteArray input = encrypt(fpr, binary ? QStringList() : QStringList{QStringLiteral("--armor")});
        QVERIFY(!input.isEmpty());

        if (binary) {
            if (damage.endsWith(QLatin1String("cut off")))
                input.truncate(input.size() * 2 / 3);
            else if (damage.endsWith(QLatin1String("tail changed")))
                input[input.size() - 5] = char(input.at(input.size() - 5) ^ 0x01);
            else
                input[input.size() / 2] = char(input.at(input.size() / 2) ^ 0x5a);
        } else {
            QList<QByteArray> lines = input.split('\n');
            if (damage.contains(QLatin1String("no checksum")))
                lines.removeIf([](const QByteArray &l) { return l.startsWith('='); });
            if (damage.endsWith(QLatin1String("cut off"))) {
                lines = lines.mid(0, 4);
            } else {
                QByteArray &line = lines[3]; // in the middle of the base64
                line[30] = line.at(30) == 'A' ? 'B' : 'A';
            }
            input = lines.join('\n');
        }

        const auto message = TokenDecryptor(home().toStdString()).decrypt(view(input));
        QVERIFY(!message);
        QCOMPARE(str(message.error().code), QStringLiteral("pgp.corrupt"));
    }

    // gpg decrypts with an expired subkey (it prints a note). An expired key is made hermetically by
    // making it, and encrypting to it, with --faked-system-time ten days ago and a two-day expiry.
    void warnsAboutExpiredKey()
    {
        const QString past = QString::number(QDateTime::currentSecsSinceEpoch() - 10 * 86400) + QLatin1Char('!');
        const QString fpr = makeGpgKey(QStringLiteral("Dev <dev@example.com>"), {}, {},
                                       {QStringLiteral("--faked-system-time"), past}, QStringLiteral("2d"));
        QVERIFY(!fpr.isEmpty());
        const QByteArray input = encrypt(fpr, {QStringLiteral("--armor"), QStringLiteral("--faked-system-time"), past});
        QVERIFY(!input.isEmpty());

        const auto key = PgpKeys(home().toStdString()).findKey(fpr.toStdString());
        QVERIFY(key);
        QVERIFY(key->expired);
        QVERIFY(!key->canEncrypt);
        QVERIFY(!key->neverExpires());

        const auto message = TokenDecryptor(home().toStdString()).decrypt(view(input));
        QVERIFY2(message, message ? "" : message.error().message.c_str());
        QCOMPARE(message->plaintext.view(), std::string_view(kToken));
        QCOMPARE(message->warnings.size(), std::size_t(1));
        QVERIFY2(str(message->warnings.front()).contains(QStringLiteral("expired")), message->warnings.front().c_str());
    }

    // Revoking only the encryption subkey (gpg --edit-key, revkey) and then the whole key (importing
    // the revocation certificate gpg stored at creation): gpg still decrypts, we warn.
    void warnsAboutRevokedKey()
    {
        const QString fpr = makeGpgKey(QStringLiteral("Dev <dev@example.com>"));
        QVERIFY(!fpr.isEmpty());
        const QByteArray input = encrypt(fpr);
        const TokenDecryptor decryptor(home().toStdString());

        const Run revoked = gpg({QStringLiteral("--command-fd"), QStringLiteral("0"), QStringLiteral("--pinentry-mode"),
                                 QStringLiteral("loopback"), QStringLiteral("--passphrase"), QString(),
                                 QStringLiteral("--edit-key"), fpr},
                                "key 1\nrevkey\ny\n0\n\ny\nsave\n");
        QVERIFY2(revoked.ok(), revoked.err.constData());
        QCOMPARE(colons(fpr, QStringLiteral("sub"), 1), QStringLiteral("r"));
        auto key = PgpKeys(home().toStdString()).findKey(fpr.toStdString());
        QVERIFY(key);
        QVERIFY(!key->revoked);
        QVERIFY(!key->canEncrypt);

        auto message = decryptor.decrypt(view(input));
        QVERIFY2(message, message ? "" : message.error().message.c_str());
        QCOMPARE(message->plaintext.view(), std::string_view(kToken));
        QCOMPARE(message->warnings.size(), std::size_t(1));
        QVERIFY(str(message->warnings.front()).contains(QStringLiteral("revoked")));

        QFile certificate(home() + QStringLiteral("/openpgp-revocs.d/") + fpr + QStringLiteral(".rev"));
        QVERIFY(certificate.open(QIODevice::ReadOnly));
        // gpg stores it with the armor lines commented out by a leading ':' so it is not imported by accident.
        QByteArray armored = certificate.readAll();
        armored.replace("\n:-----", "\n-----");
        QVERIFY(gpg({QStringLiteral("--import")}, armored).ok());
        key = PgpKeys(home().toStdString()).findKey(fpr.toStdString());
        QVERIFY(key);
        QVERIFY(key->revoked);

        message = decryptor.decrypt(view(input));
        QVERIFY(message);
        QVERIFY(str(message->warnings.front()).contains(QStringLiteral("revoked")));
    }

    void listsSecretKeys()
    {
        const QString byGpg = makeGpgKey(QStringLiteral("Made By Gpg <gpg@example.com>"));
        QVERIFY(!byGpg.isEmpty());
        const PgpKeys keys(home().toStdString());
        const auto byUs = keys.createKey({.name = "Made By Us", .email = "us@example.com"});
        QVERIFY2(byUs, byUs ? "" : byUs.error().message.c_str());
        // A public key alone is not listed.
        const QString elsewhere = otherHome();
        const QString foreign = makeGpgKey(QStringLiteral("Foreign <f@example.com>"), {}, elsewhere);
        QVERIFY(gpg({QStringLiteral("--import")}, gpg({QStringLiteral("--export"), foreign}, {}, elsewhere).out).ok());

        const auto list = keys.listSecretKeys();
        QVERIFY(list);
        QCOMPARE(list->size(), std::size_t(2));
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        for (const KeyInfo &key : *list) {
            QVERIFY(key.fingerprint == byGpg.toStdString() || key.fingerprint == byUs->fingerprint);
            QCOMPARE(key.algorithm, std::string("ed25519"));
            QCOMPARE(key.encryptionAlgorithm, std::string("cv25519"));
            QCOMPARE(key.keyId, key.fingerprint.substr(24));
            QVERIFY(key.hasSecret && key.canEncrypt && !key.expired && !key.revoked && key.neverExpires());
            QVERIFY(qAbs(key.created.time_since_epoch().count() - now) < 300);
        }
        const KeyInfo &ours = list->at(0).fingerprint == byUs->fingerprint ? list->at(0) : list->at(1);
        QCOMPARE(ours.name, std::string("Made By Us"));
        QCOMPARE(ours.email, std::string("us@example.com"));
        QCOMPARE(ours.primaryUserId, std::string("Made By Us <us@example.com>"));
    }

    void createsKeyWithExpiry()
    {
        const PgpKeys keys(home().toStdString());
        const auto key = keys.createKey({.name = "Dev", .email = "dev@example.com", .expiry = std::chrono::days(30)});
        QVERIFY2(key, key ? "" : key.error().message.c_str());
        QVERIFY(!key->neverExpires());
        const qint64 lifetime = (key->expires - key->created).count();
        QVERIFY2(qAbs(lifetime - 30 * 86400) < 120, qPrintable(QString::number(lifetime)));
        // The encryption subkey expires with it (give or take the second or two between the two).
        const qint64 subkeyExpiry = colons(str(key->fingerprint), QStringLiteral("sub"), 6).toLongLong();
        QVERIFY2(qAbs(subkeyExpiry - key->expires.time_since_epoch().count()) < 10,
                 qPrintable(QString::number(subkeyExpiry)));
    }

    void createsProtectedKeyAndDecryptsWithIt()
    {
        const PgpKeys keys(home().toStdString());
        KeySpec spec{.name = "Dev", .email = "dev@example.com"};
        spec.passphrase = SecureBuffer("s3cret passphrase");
        const auto key = keys.createKey(spec);
        QVERIFY2(key, key ? "" : key.error().message.c_str());
        QVERIFY(key->canEncrypt);
        forgetPassphrases();

        const QByteArray input = encrypt(str(key->fingerprint));
        ScriptedProvider provider{{QStringLiteral("not it"), QStringLiteral("s3cret passphrase")}};
        const auto message = TokenDecryptor(home().toStdString()).decrypt(view(input), provider.get());
        QVERIFY2(message, message ? "" : message.error().message.c_str());
        QCOMPARE(message->plaintext.view(), std::string_view(kToken));
        QCOMPARE(provider.prompts->size(), 2); // the key really is protected
        QCOMPARE(str(message->recipientFingerprint), str(key->fingerprint));
    }

    void createsRsaKey()
    {
        const auto key
            = PgpKeys(home().toStdString())
                  .createKey({.name = "Dev", .email = "dev@example.com", .algorithm = KeySpec::Algorithm::Rsa4096});
        QVERIFY2(key, key ? "" : key.error().message.c_str());
        QCOMPARE(key->algorithm, std::string("rsa4096"));
        QCOMPARE(key->encryptionAlgorithm, std::string("rsa4096"));
        QVERIFY(key->canEncrypt);
        const auto message = TokenDecryptor(home().toStdString()).decrypt(view(encrypt(str(key->fingerprint))));
        QVERIFY(message);
        QCOMPARE(message->plaintext.view(), std::string_view(kToken));
    }

    void rejectsInvalidUserIds_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("email");
        QTest::newRow("nothing") << QString() << QStringLiteral("  ");
        QTest::newRow("no at") << QStringLiteral("Dev") << QStringLiteral("dev.example.com");
        QTest::newRow("two ats") << QStringLiteral("Dev") << QStringLiteral("dev@@example.com");
        QTest::newRow("no domain dot") << QStringLiteral("Dev") << QStringLiteral("dev@localhost");
        QTest::newRow("space in email") << QStringLiteral("Dev") << QStringLiteral("d ev@example.com");
        QTest::newRow("angle in name") << QStringLiteral("Dev <x@y.z>") << QStringLiteral("dev@example.com");
        QTest::newRow("newline in name") << QStringLiteral("Dev\nOps") << QStringLiteral("dev@example.com");
    }

    void rejectsInvalidUserIds()
    {
        QFETCH(QString, name);
        QFETCH(QString, email);
        const auto key
            = PgpKeys(home().toStdString()).createKey({.name = name.toStdString(), .email = email.toStdString()});
        QVERIFY(!key);
        QCOMPARE(str(key.error().code), QStringLiteral("pgp.invalid-user-id"));
    }

    void exportsPublicKey()
    {
        const PgpKeys keys(home().toStdString());
        const auto key = keys.createKey({.name = "Dev", .email = "dev@example.com"});
        QVERIFY(key);
        const auto armored = keys.exportPublicKey("0x" + key->keyId);
        QVERIFY2(armored, armored ? "" : armored.error().message.c_str());
        QVERIFY(armored->starts_with("-----BEGIN PGP PUBLIC KEY BLOCK-----"));
        QVERIFY(armored->find("PRIVATE") == std::string::npos);

        const QString elsewhere = otherHome();
        const Run imported = gpg({QStringLiteral("--import")}, QByteArray::fromStdString(*armored), elsewhere);
        QVERIFY2(imported.ok(), imported.err.constData());
        const Run listed = gpg({QStringLiteral("--with-colons"), QStringLiteral("--list-keys")}, {}, elsewhere);
        QVERIFY(listed.out.contains(QByteArray::fromStdString(key->fingerprint)));
        QCOMPARE(gpg({QStringLiteral("--list-secret-keys"), str(key->fingerprint)}, {}, elsewhere).exitCode, 2);

        const auto unknown = keys.exportPublicKey("0123456789ABCDEF0123456789ABCDEF01234567");
        QVERIFY(!unknown);
        QCOMPARE(str(unknown.error().code), QStringLiteral("pgp.key-not-found"));
    }

    void findsKeys()
    {
        const QString fpr = makeGpgKey(QStringLiteral("Dev <dev@example.com>"));
        QVERIFY(!fpr.isEmpty());
        const PgpKeys keys(home().toStdString());
        for (const QString &name : {fpr, fpr.right(16), QStringLiteral("0x") + fpr.right(16), fpr.toLower(),
                                    encryptionSubkeyId(fpr), QStringLiteral("dev@example.com")}) {
            const auto key = keys.findKey(name.toStdString());
            QVERIFY2(key, qPrintable(name));
            QCOMPARE(str(key->fingerprint), fpr);
            QVERIFY(key->hasSecret);
        }
        QCOMPARE(str(keys.findKey("nobody@example.com").error().code), QStringLiteral("pgp.key-not-found"));
        QCOMPARE(str(keys.findKey("").error().code), QStringLiteral("pgp.key-not-found"));
        QVERIFY(!makeGpgKey(QStringLiteral("Dev Two <dev2@example.com>")).isEmpty());
        QCOMPARE(str(keys.findKey("example.com").error().code), QStringLiteral("pgp.ambiguous-key"));
    }

    // One GPGME context per call: one decryptor used on two threads at once.
    void decryptsOnWorkerThreads()
    {
        const QString fpr = makeGpgKey(QStringLiteral("Dev <dev@example.com>"));
        QVERIFY(!fpr.isEmpty());
        const QByteArray input = encrypt(fpr);
        const TokenDecryptor shared(home().toStdString());
        bool ok[2] = {false, false};
        std::thread workers[2];
        for (int i = 0; i < 2; ++i)
            workers[i] = std::thread([&, i] {
                for (int n = 0; n < 3; ++n) {
                    const auto message = shared.decrypt(view(input));
                    ok[i] = message && message->plaintext.view() == kToken;
                    if (!ok[i])
                        return;
                }
            });
        for (std::thread &t : workers)
            t.join();
        QVERIFY(ok[0] && ok[1]);
    }

private:
    std::unique_ptr<QTemporaryDir> m_home;
    std::vector<std::unique_ptr<QTemporaryDir>> m_otherHomes;
};

QTEST_GUILESS_MAIN(TestPgp)
#include "tst_pgp.moc"
