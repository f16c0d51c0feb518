// The tokens dialog against real GnuPG and the real Secret Service of scripts/with-test-services: keys made
// through the dialog and by the gpg command, tokens encrypted by the gpg command as mParticle does it,
// imported through the dialog's own widgets, and checked from outside with secret-tool. Every test
// function gets its own GNUPGHOME (gpg-agent killed in cleanup()) and token index folder; token names are
// unique per run and removed afterwards.

#include "../integration/privatebus.h"

#include "tokens/passphrasedialog.h"
#include "tokens/tokenchoicemodel.h"
#include "tokens/tokenimportdialog.h"
#include "tokens/tokensdialog.h"
#include "tokens/tokenspage.h"
#include "tokens/keyspage.h"

#include "secrets/redaction.h"
#include "secrets/secretservice.h"
#include "secrets/tokenstore.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUrl>

#include <memory>

using namespace fhw::gui;
using namespace fhw::testing;
using fhw::secrets::TokenStore;

namespace {

const QString keychainService = QStringLiteral("Firehose Workbench");
constexpr int slow = 30'000; // gpg, gpg-agent and the keyring on a busy 2-core machine

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    bool ok() const { return exitCode == 0; }
};

Run run(const QString &program, const QStringList &args, const QString &gnupgHome = {}, const QByteArray &input = {})
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!gnupgHome.isEmpty())
        env.insert(QStringLiteral("GNUPGHOME"), gnupgHome);
    p.setProcessEnvironment(env);
    p.start(program, args);
    Run r;
    if (!p.waitForStarted(10'000))
        return r;
    p.write(input);
    p.closeWriteChannel();
    p.waitForFinished(60'000);
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

Run gpg(const QString &home, const QStringList &args, const QByteArray &input = {})
{
    return run(QStringLiteral("gpg"), QStringList{QStringLiteral("--batch"), QStringLiteral("--no-tty")} + args, home, input);
}

// A GnuPG home: short, because gpg-agent's socket lives inside it (sun_path is 108 bytes). Its agent is
// stopped when it goes; gpgconf --kill returns before gpg-agent has removed its sockets, which can race the
// removal of the folder, so that is tried again.
class GnupgHome
{
public:
    GnupgHome()
        : m_dir(QStringLiteral("/tmp/fhwtok-XXXXXX"))
    {
        m_dir.setAutoRemove(false);
        QFile::setPermissions(m_dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
    ~GnupgHome()
    {
        if (!m_dir.isValid())
            return;
        run(QStringLiteral("gpgconf"), {QStringLiteral("--kill"), QStringLiteral("all")}, m_dir.path());
        QDir path(m_dir.path());
        for (int attempt = 0; attempt < 50 && path.exists(); ++attempt)
            if (!path.removeRecursively())
                QTest::qSleep(20);
    }
    GnupgHome(const GnupgHome &) = delete;
    GnupgHome &operator=(const GnupgHome &) = delete;

    bool isValid() const { return m_dir.isValid(); }
    QString path() const { return m_dir.path(); }

private:
    QTemporaryDir m_dir;
};

std::unique_ptr<GnupgHome> newHome()
{
    return std::make_unique<GnupgHome>();
}

QString fingerprintOf(const QString &home, const QString &pattern)
{
    const Run r = gpg(home, {QStringLiteral("--with-colons"), QStringLiteral("--list-keys"), pattern});
    for (const QByteArray &line : r.out.split('\n')) {
        const QList<QByteArray> f = line.split(':');
        if (f.value(0) == "fpr")
            return QString::fromLatin1(f.value(9));
    }
    return {};
}

// `gpg --quick-gen-key` + an encryption subkey, as a partner might make a key without us.
QString makeGpgKey(const QString &home, const QString &uid, const QString &passphrase = {})
{
    const QStringList pw{QStringLiteral("--pinentry-mode"), QStringLiteral("loopback"), QStringLiteral("--passphrase"), passphrase};
    if (!gpg(home, pw + QStringList{QStringLiteral("--quick-gen-key"), uid, QStringLiteral("ed25519"), QStringLiteral("cert,sign"),
                                    QStringLiteral("never")})
             .ok())
        return {};
    const QString fpr = fingerprintOf(home, uid);
    if (!gpg(home, pw + QStringList{QStringLiteral("--quick-add-key"), fpr, QStringLiteral("cv25519"), QStringLiteral("encr"),
                                    QStringLiteral("never")})
             .ok())
        return {};
    return fpr;
}

// What mParticle does: gpg --encrypt to the partner's key, armored (optionally signed by `signer`).
QByteArray encrypt(const QString &home, const QByteArray &token, const QString &recipient, const QStringList &extra = {})
{
    const Run r = gpg(home, QStringList{QStringLiteral("--trust-model"), QStringLiteral("always"), QStringLiteral("--encrypt"),
                                        QStringLiteral("--recipient"), recipient}
                                + extra,
                      token);
    return r.ok() ? r.out : QByteArray();
}

QString randomToken()
{
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    QString token = QStringLiteral("mp-");
    for (int i = 0; i < 32; ++i)
        token += QLatin1Char(alphabet[QRandomGenerator::system()->bounded(62)]);
    return token;
}

Run secretTool(const QStringList &args)
{
    return run(QStringLiteral("secret-tool"), args);
}

Run lookup(const QString &name)
{
    return secretTool({QStringLiteral("lookup"), QStringLiteral("server"), keychainService, QStringLiteral("user"), name});
}

template<typename T>
T *visibleWidget(const QString &objectName)
{
    for (QWidget *widget : QApplication::topLevelWidgets()) {
        auto *found = qobject_cast<T *>(widget);
        if (found && found->isVisible() && (objectName.isEmpty() || found->objectName() == objectName))
            return found;
    }
    return nullptr;
}

QStringList columnTexts(const QTableWidget *table, int column)
{
    QStringList out;
    for (int row = 0; row < table->rowCount(); ++row)
        out << (table->item(row, column) ? table->item(row, column)->text() : QString());
    return out;
}

int rowOf(const QTableWidget *table, const QString &name)
{
    return int(columnTexts(table, 0).indexOf(name));
}

// Every text a person can see in `root`'s windows: labels, fields, editors, table cells.
QString visibleText(const QList<QWidget *> &roots)
{
    QString all;
    for (QWidget *root : roots) {
        QList<QWidget *> widgets = root->findChildren<QWidget *>();
        widgets << root;
        for (QWidget *w : widgets) {
            if (auto *label = qobject_cast<QLabel *>(w))
                all += label->text() + QLatin1Char('\n');
            if (auto *edit = qobject_cast<QLineEdit *>(w))
                all += edit->text() + QLatin1Char('\n');
            if (auto *text = qobject_cast<QPlainTextEdit *>(w))
                all += text->toPlainText() + QLatin1Char('\n');
            if (auto *table = qobject_cast<QTableWidget *>(w))
                for (int c = 0; c < table->columnCount(); ++c)
                    all += columnTexts(table, c).join(QLatin1Char('\n'));
        }
    }
    return all;
}

// Answers each PassphraseDialog that appears with the next of `answers` (a null QString cancels) and
// records what the dialogs said.
class PassphraseAnswerer : public QObject
{
public:
    explicit PassphraseAnswerer(QStringList answers)
        : m_answers(std::move(answers))
    {
        m_timer.setInterval(20);
        connect(&m_timer, &QTimer::timeout, this, [this] { answer(); });
        m_timer.start();
    }

    QStringList prompts;
    QList<bool> badShown;

private:
    void answer()
    {
        auto *dialog = visibleWidget<PassphraseDialog>(QStringLiteral("passphraseDialog"));
        if (!dialog || dialog->property("answered").toBool())
            return;
        dialog->setProperty("answered", true);
        prompts << dialog->findChild<QLabel *>(QStringLiteral("passphrasePrompt"))->text();
        badShown << dialog->findChild<QLabel *>(QStringLiteral("passphraseBadLabel"))->isVisibleTo(dialog);
        const QString answer = m_answers.isEmpty() ? QString() : m_answers.takeFirst();
        if (answer.isNull()) {
            dialog->reject();
            return;
        }
        auto *edit = dialog->findChild<QLineEdit *>(QStringLiteral("passphraseEdit"));
        QCOMPARE(edit->echoMode(), QLineEdit::Password);
        QTest::keyClicks(edit, answer);
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("passphraseOkButton")), Qt::LeftButton);
    }

    QStringList m_answers;
    QTimer m_timer;
};

// The child's side (`--fhw-child HOME INDEX`): opens the dialog in whatever bus environment it was given
// and reports the keychain line's error code and which token actions are enabled.
int childMain(const QStringList &arguments)
{
    TokensDialog dialog(nullptr, arguments.value(0), arguments.value(1));
    QSignalSpy checked(dialog.tokensPage(), &TokensPage::keychainChecked);
    dialog.show();
    if (!checked.wait(20'000))
        return reportFromChild(QStringLiteral("no-answer"));
    const QString status = dialog.findChild<QLabel *>(QStringLiteral("keychainStatus"))->text();
    QStringList enabled;
    for (const char *name : {"importTokenButton", "renameTokenButton", "dataCenterButton", "deleteTokenButton",
                             "revealTokenButton"})
        if (dialog.findChild<QPushButton *>(QLatin1String(name))->isEnabled())
            enabled << QLatin1String(name);
    const bool recheck = dialog.findChild<QPushButton *>(QStringLiteral("recheckKeychainButton"))->isVisibleTo(&dialog);
    const qsizetype open = status.lastIndexOf(QLatin1Char('['));
    const QString code = open < 0 ? QStringLiteral("ok") : status.mid(open + 1).chopped(1);
    return reportFromChild(code, QStringLiteral("enabled=%1 recheck=%2 status=%3")
                                     .arg(enabled.join(QLatin1Char(',')), recheck ? QStringLiteral("yes") : QStringLiteral("no"), status));
}

QProcessEnvironment offscreen(QProcessEnvironment env)
{
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    return env;
}

} // namespace

class TestTokensDialog : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<GnupgHome> m_home;
    std::unique_ptr<QTemporaryDir> m_index;
    QStringList m_names; // keychain entries to remove in cleanup()

    QString home() const { return m_home->path(); }
    QString indexDir() const { return m_index->path(); }

    QString uniqueName(const char *what)
    {
        static int counter = 0;
        m_names << QStringLiteral("gui-%1-%2-%3").arg(QCoreApplication::applicationPid()).arg(counter++).arg(QLatin1String(what));
        return m_names.last();
    }

    // A dialog on the temporary home and index, shown, with the keychain checked and both tables filled.
    std::unique_ptr<TokensDialog> openDialog()
    {
        auto dialog = std::make_unique<TokensDialog>(nullptr, home(), indexDir());
        QSignalSpy keys(dialog->keysPage(), &KeysPage::reloaded);
        QSignalSpy tokens(dialog->tokensPage(), &TokensPage::reloaded);
        dialog->show();
        if (!QTest::qWaitForWindowExposed(dialog.get()))
            return nullptr;
        if (!keys.count() && !keys.wait(slow))
            return nullptr;
        if (!tokens.count() && !tokens.wait(slow))
            return nullptr;
        return dialog;
    }

    // Opens the import dialog from the Tokens tab, pastes `message`, names it; returns the import dialog.
    TokenImportDialog *startImport(TokensDialog &dialog, const QByteArray &message, const QString &name,
                                   const QString &dataCenter = {})
    {
        dialog.showTokens();
        QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("importTokenButton")), Qt::LeftButton);
        auto *import = dialog.findChild<TokenImportDialog *>(QStringLiteral("tokenImportDialog"));
        if (!import || !import->isVisible())
            return nullptr;
        if (!message.isEmpty())
            import->findChild<QPlainTextEdit *>(QStringLiteral("armoredMessageEdit"))->setPlainText(QString::fromLatin1(message));
        QTest::keyClicks(import->findChild<QLineEdit *>(QStringLiteral("tokenNameEdit")), name);
        auto *dc = import->findChild<QComboBox *>(QStringLiteral("tokenDataCenterCombo"));
        dc->setCurrentIndex(dc->findData(dataCenter));
        return import;
    }

    static QPushButton *button(QWidget *root, const char *name)
    {
        return root->findChild<QPushButton *>(QLatin1String(name));
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            QSKIP("No session bus: run inside scripts/with-test-services (scripts/test does).");
        QVERIFY2(QFile::exists(QStringLiteral("/usr/bin/secret-tool")), "secret-tool (libsecret-tools) is missing");
        // gnome-keyring can still be settling its login collection when the first test starts.
        QElapsedTimer timer;
        timer.start();
        std::expected<void, fhw::Error> ready;
        while (!(ready = fhw::secrets::checkSecretService()) && timer.elapsed() < 10'000)
            QTest::qWait(100);
        QVERIFY2(ready, ready ? "" : ready.error().message.c_str());
    }

    void init()
    {
        m_home = newHome();
        m_index = std::make_unique<QTemporaryDir>();
        QVERIFY(m_home->isValid() && m_index->isValid());
    }

    void cleanup()
    {
        for (const QString &name : std::as_const(m_names))
            secretTool({QStringLiteral("clear"), QStringLiteral("server"), keychainService, QStringLiteral("user"), name});
        m_names.clear();
        for (QWidget *widget : QApplication::topLevelWidgets())
            if (qobject_cast<QDialog *>(widget) && widget->isVisible())
                widget->close();
        m_home.reset(); // stops its gpg-agent
        m_index.reset();
    }

    // Create a key by filling the dialog's fields and clicking; export it, copy it, copy its fingerprint.
    void createsAndExportsAKey()
    {
        auto dialog = openDialog();
        QVERIFY(dialog);
        dialog->showKeys();
        auto *table = dialog->findChild<QTableWidget *>(QStringLiteral("keysTable"));
        QCOMPARE(table->rowCount(), 0);
        QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("keysEmptyHint"))->isVisible());
        QVERIFY(!button(dialog.get(), "exportKeyButton")->isEnabled());

        QTest::mouseClick(button(dialog.get(), "createKeyButton"), Qt::LeftButton);
        auto *create = dialog->findChild<QDialog *>(QStringLiteral("createKeyDialog"));
        QVERIFY(create && create->isVisible());
        auto *ok = button(create, "createKeyOkButton");
        QVERIFY(!ok->isEnabled());
        QTest::keyClicks(create->findChild<QLineEdit *>(QStringLiteral("keyNameEdit")), QStringLiteral("Acme Analytics"));
        QTest::keyClicks(create->findChild<QLineEdit *>(QStringLiteral("keyEmailEdit")), QStringLiteral("acme.example.com"));
        QVERIFY(!ok->isEnabled()); // not an e-mail address
        QVERIFY(create->findChild<QLabel *>(QStringLiteral("createKeyProblem"))->isVisible());
        auto *email = create->findChild<QLineEdit *>(QStringLiteral("keyEmailEdit"));
        email->clear();
        QTest::keyClicks(email, QStringLiteral("partners@acme.example"));
        QVERIFY(ok->isEnabled());
        auto *algorithm = create->findChild<QComboBox *>(QStringLiteral("keyAlgorithmCombo"));
        QCOMPARE(algorithm->currentData().toString(), QStringLiteral("ed25519"));
        QVERIFY(!create->findChild<QLabel *>(QStringLiteral("keySlowNote"))->isVisible());
        algorithm->setCurrentIndex(algorithm->findData(QStringLiteral("rsa4096")));
        QVERIFY(create->findChild<QLabel *>(QStringLiteral("keySlowNote"))->isVisible());
        algorithm->setCurrentIndex(algorithm->findData(QStringLiteral("ed25519")));
        QTest::keyClicks(create->findChild<QLineEdit *>(QStringLiteral("keyPassphraseEdit")), QStringLiteral("one"));
        QVERIFY(!ok->isEnabled()); // the repeat differs
        QTest::keyClicks(create->findChild<QLineEdit *>(QStringLiteral("keyPassphraseRepeatEdit")), QStringLiteral("one"));
        QVERIFY(ok->isEnabled());
        // No passphrase after all: both cleared.
        create->findChild<QLineEdit *>(QStringLiteral("keyPassphraseEdit"))->clear();
        create->findChild<QLineEdit *>(QStringLiteral("keyPassphraseRepeatEdit"))->clear();
        QTest::mouseClick(ok, Qt::LeftButton);

        QTRY_COMPARE_WITH_TIMEOUT(table->rowCount(), 1, slow);
        const QString fpr = fingerprintOf(home(), QStringLiteral("partners@acme.example"));
        QCOMPARE(fpr.size(), 40);
        QCOMPARE(dialog->keysPage()->selectedFingerprint(), fpr);
        QCOMPARE(table->item(0, 0)->text().remove(QLatin1Char(' ')), fpr);
        QCOMPARE(table->item(0, 1)->text(), QStringLiteral("Acme Analytics <partners@acme.example>"));
        QCOMPARE(table->item(0, 2)->text(), QStringLiteral("ed25519/cv25519"));
        QCOMPARE(table->item(0, 3)->text(), QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-dd")));
        QCOMPARE(table->item(0, 4)->text(), QStringLiteral("never"));
        QCOMPARE(table->item(0, 5)->text(), QStringLiteral("usable"));
        QVERIFY(!dialog->findChild<QLabel *>(QStringLiteral("keysEmptyHint"))->isVisible());

        // Export through the save dialog, and gpg --import it into another home.
        QTemporaryDir out;
        const QString path = out.filePath(QStringLiteral("acme-public.asc"));
        QSignalSpy exported(dialog->keysPage(), &KeysPage::publicKeyExported);
        QTRY_VERIFY(button(dialog.get(), "exportKeyButton")->isEnabled());
        QTest::mouseClick(button(dialog.get(), "exportKeyButton"), Qt::LeftButton);
        auto *save = dialog->findChild<QFileDialog *>(QStringLiteral("exportKeyFileDialog"));
        QVERIFY(save && save->isVisible());
        QCOMPARE(save->acceptMode(), QFileDialog::AcceptSave);
        save->selectFile(path);
        static_cast<QDialog *>(save)->accept(); // QFileDialog::accept(), protected there
        QVERIFY(exported.count() || exported.wait(slow));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray armored = file.readAll();
        QVERIFY(armored.startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----"));
        QVERIFY(!armored.contains("PRIVATE"));
        auto elsewhere = newHome();
        QVERIFY(gpg(elsewhere->path(), {QStringLiteral("--import")}, armored).ok());
        QCOMPARE(fingerprintOf(elsewhere->path(), fpr), fpr);
        QCOMPARE(gpg(elsewhere->path(), {QStringLiteral("--list-secret-keys"), fpr}).exitCode, 2); // public only

        // Copy the public key (armored, to paste into a mail) and the fingerprint.
        QApplication::clipboard()->clear();
        QSignalSpy copied(dialog->keysPage(), &KeysPage::publicKeyCopied);
        QTest::mouseClick(button(dialog.get(), "copyPublicKeyButton"), Qt::LeftButton);
        QVERIFY(copied.count() || copied.wait(slow));
        QCOMPARE(QApplication::clipboard()->text().toLatin1(), armored);
        QTest::mouseClick(button(dialog.get(), "copyFingerprintButton"), Qt::LeftButton);
        QCOMPARE(QApplication::clipboard()->text(), fpr);
    }

    // A token encrypted (and signed) with the gpg command, pasted, named, imported: listed redacted, in the
    // real keyring, in the choice model; the token itself is shown nowhere.
    void importsAPastedToken()
    {
        const QString fpr = makeGpgKey(home(), QStringLiteral("Acme Analytics <partners@acme.example>"));
        QVERIFY(!fpr.isEmpty());
        const QString token = randomToken();
        // mParticle's mail: signed and encrypted, armored, as a mail client quotes it with CRLF.
        QByteArray message = encrypt(home(), token.toLatin1() + "\n", fpr,
                                     {QStringLiteral("--armor"), QStringLiteral("--sign"), QStringLiteral("--local-user"), fpr});
        QVERIFY(message.startsWith("-----BEGIN PGP MESSAGE-----"));
        message = "Hi, here is your token:\r\n\r\n" + message.replace("\n", "\r\n") + "\r\nRegards, mParticle\r\n";

        auto dialog = openDialog();
        QVERIFY(dialog);
        QVERIFY(dialog->tokensPage()->keychainAvailable());
        QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("keychainStatus"))->text().startsWith(QStringLiteral("Keychain ready")));
        // (The keyring is shared with the tests running beside this one: only our own names are looked at.)
        auto *table = dialog->findChild<QTableWidget *>(QStringLiteral("tokensTable"));
        QCOMPARE(dialog->findChild<QLabel *>(QStringLiteral("tokensEmptyHint"))->isVisible(), table->rowCount() == 0);
        QSignalSpy changed(dialog.get(), &TokensDialog::tokensChanged);

        const QString name = uniqueName("paste");
        TokenImportDialog *import = startImport(*dialog, {}, QStringLiteral("bad name"));
        QVERIFY(import);
        auto *importButton = button(import, "importButton");
        QVERIFY(import->findChild<QLabel *>(QStringLiteral("tokenNameProblem"))->isVisible()); // a space
        QVERIFY(!importButton->isEnabled());
        auto *nameEdit = import->findChild<QLineEdit *>(QStringLiteral("tokenNameEdit"));
        nameEdit->clear();
        QTest::keyClicks(nameEdit, name);
        QVERIFY(!import->findChild<QLabel *>(QStringLiteral("tokenNameProblem"))->isVisible());
        QVERIFY(!importButton->isEnabled()); // nothing pasted yet
        import->findChild<QPlainTextEdit *>(QStringLiteral("armoredMessageEdit"))->setPlainText(QString::fromLatin1(message));
        auto *dc = import->findChild<QComboBox *>(QStringLiteral("tokenDataCenterCombo"));
        dc->setCurrentIndex(dc->findData(QStringLiteral("EU1")));
        QVERIFY(importButton->isEnabled());
        QTest::mouseClick(importButton, Qt::LeftButton);
        QVERIFY(import->isBusy());
        QVERIFY(import->findChild<QWidget *>(QStringLiteral("importBusy"))->isVisible());
        QVERIFY(!importButton->isEnabled());

        auto *result = import->findChild<QLabel *>(QStringLiteral("importResult"));
        QTRY_VERIFY_WITH_TIMEOUT(!import->isBusy(), slow);
        QVERIFY2(!import->findChild<QLabel *>(QStringLiteral("importError"))->isVisible(),
                 qPrintable(import->findChild<QLabel *>(QStringLiteral("importError"))->text()));
        const QString redacted = QString::fromStdString(fhw::secrets::redactToken(token.toStdString()));
        QVERIFY2(result->text().startsWith(QStringLiteral("Stored '%1' (%2) in the keychain.").arg(name, redacted)),
                 qPrintable(result->text()));
        QVERIFY2(result->text().contains(QStringLiteral("Signed by Acme Analytics <partners@acme.example>: valid signature")),
                 qPrintable(result->text()));
        QCOMPARE(changed.count(), 1);

        // In the real keyring, trimmed.
        const Run found = lookup(name);
        QCOMPARE(found.exitCode, 0);
        QCOMPARE(QString::fromLatin1(found.out), token);

        // Listed, redacted, with its metadata.
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(table, name) >= 0, slow);
        const int row = rowOf(table, name);
        QCOMPARE(table->item(row, 1)->text(), QStringLiteral("EU1"));
        QCOMPARE(table->item(row, 2)->text(), redacted);
        QVERIFY(redacted.endsWith(token.right(4)));
        QCOMPARE(table->item(row, 3)->text(), QString()); // state: nothing wrong
        QVERIFY(QDateTime::fromString(table->item(row, 4)->text(), QStringLiteral("yyyy-MM-dd HH:mm")).isValid());
        QCOMPARE(table->item(row, 5)->text(), QStringLiteral("Acme Analytics <partners@acme.example>"));
        QCOMPARE(table->item(row, 6)->text().remove(QLatin1Char(' ')), fpr);
        QCOMPARE(dialog->tokensPage()->selectedName(), name);

        QVERIFY(!visibleText({dialog.get(), import}).contains(token));
        import->close();
        QTRY_VERIFY(!dialog->findChild<TokenImportDialog *>());

        // The same name again: refused unless "Replace" is ticked.
        const QString second = randomToken();
        import = startImport(*dialog, encrypt(home(), second.toLatin1(), fpr, {QStringLiteral("--armor")}), name);
        QVERIFY(import);
        auto *replace = import->findChild<QCheckBox *>(QStringLiteral("replaceExistingCheck"));
        QVERIFY(replace->isVisible());
        QVERIFY(!button(import, "importButton")->isEnabled());
        replace->setChecked(true);
        QTest::mouseClick(button(import, "importButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!import->isBusy(), slow);
        QVERIFY2(import->findChild<QLabel *>(QStringLiteral("importResult"))->text().contains(QStringLiteral("not signed")),
                 qPrintable(import->findChild<QLabel *>(QStringLiteral("importResult"))->text()));
        QCOMPARE(QString::fromLatin1(lookup(name).out), second);
        QCOMPARE(changed.count(), 2);
        import->close();
    }

    // Errors are shown inline with their code, and the dialog stays usable.
    void showsImportErrors()
    {
        const QString fpr = makeGpgKey(home(), QStringLiteral("Acme <partners@acme.example>"));
        auto theirs = newHome();
        const QString foreign = makeGpgKey(theirs->path(), QStringLiteral("Someone Else <else@example.com>"));
        QVERIFY(!fpr.isEmpty() && !foreign.isEmpty());
        const QByteArray toSomeoneElse = encrypt(theirs->path(), "mp-token-for-somebody-else", foreign, {QStringLiteral("--armor")});

        auto dialog = openDialog();
        QVERIFY(dialog);
        const QString name = uniqueName("errors");
        TokenImportDialog *import = startImport(*dialog, "Dear partner, this is no PGP message at all.", name);
        QVERIFY(import);
        auto *error = import->findChild<QLabel *>(QStringLiteral("importError"));
        QTest::mouseClick(button(import, "importButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!import->isBusy(), slow);
        QVERIFY2(error->isVisible() && error->text().endsWith(QStringLiteral("[pgp.not-a-message]")), qPrintable(error->text()));

        import->findChild<QPlainTextEdit *>(QStringLiteral("armoredMessageEdit"))->setPlainText(QString::fromLatin1(toSomeoneElse));
        QVERIFY(button(import, "importButton")->isEnabled());
        QTest::mouseClick(button(import, "importButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!import->isBusy(), slow);
        QVERIFY2(error->text().endsWith(QStringLiteral("[pgp.no-secret-key]")), qPrintable(error->text()));
        QCOMPARE(lookup(name).exitCode == 0, false);
        import->close();
    }

    // A key protected by a passphrase (made with the gpg command): the PassphraseDialog asks on the GUI
    // thread while the decryption waits on a worker; wrong answers are said to be wrong, then refused.
    void asksForThePassphrase()
    {
        const QString fpr = makeGpgKey(home(), QStringLiteral("Protected <protected@acme.example>"), QStringLiteral("pw"));
        QVERIFY(!fpr.isEmpty());
        // gpg-agent now holds the passphrase; a fresh agent must ask.
        run(QStringLiteral("gpgconf"), {QStringLiteral("--kill"), QStringLiteral("gpg-agent")}, home());
        const QString token = randomToken();
        const QByteArray message = encrypt(home(), token.toLatin1(), fpr, {QStringLiteral("--armor")});
        QVERIFY(!message.isEmpty());

        auto dialog = openDialog();
        QVERIFY(dialog);
        const QString name = uniqueName("protected");
        TokenImportDialog *import = startImport(*dialog, message, name, QStringLiteral("US2"));
        QVERIFY(import);
        auto *error = import->findChild<QLabel *>(QStringLiteral("importError"));

        {
            // Cancelled.
            PassphraseAnswerer answerer({QString()});
            QTest::mouseClick(button(import, "importButton"), Qt::LeftButton);
            QTRY_VERIFY_WITH_TIMEOUT(!import->isBusy(), slow);
            QCOMPARE(answerer.prompts.size(), 1);
            QVERIFY2(error->text().endsWith(QStringLiteral("[pgp.cancelled]")), qPrintable(error->text()));
        }
        {
            // Wrong every time: said so from the second prompt on, then refused.
            PassphraseAnswerer answerer({QStringLiteral("wrong"), QStringLiteral("wronger"), QStringLiteral("wrongest")});
            QTest::mouseClick(button(import, "importButton"), Qt::LeftButton);
            QTRY_VERIFY_WITH_TIMEOUT(!import->isBusy(), slow);
            QVERIFY2(error->isVisible() && error->text().endsWith(QStringLiteral("[pgp.bad-passphrase]")), qPrintable(error->text()));
            QCOMPARE(answerer.prompts.size(), 3);
            QCOMPARE(answerer.badShown, (QList<bool>{false, true, true}));
            // The prompt names the key: its user ID and the encryption subkey's ID.
            QVERIFY2(answerer.prompts.first().contains(QStringLiteral("Protected <protected@acme.example>")),
                     qPrintable(answerer.prompts.first()));
            QVERIFY(lookup(name).exitCode != 0);
        }
        {
            // Right: stored. Meanwhile the GUI thread ran its event loop (the answerer is a GUI-thread timer).
            PassphraseAnswerer answerer({QStringLiteral("pw")});
            QTest::mouseClick(button(import, "importButton"), Qt::LeftButton);
            QTRY_VERIFY_WITH_TIMEOUT(!import->isBusy(), slow);
            QVERIFY2(!error->isVisible(), qPrintable(error->text()));
            QCOMPARE(answerer.prompts.size(), 1);
            QCOMPARE(QString::fromLatin1(lookup(name).out), token);
        }
        auto *table = dialog->findChild<QTableWidget *>(QStringLiteral("tokensTable"));
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(table, name) >= 0, slow);
        QCOMPARE(table->item(rowOf(table, name), 1)->text(), QStringLiteral("US2"));
        import->close();
    }

    // Called on the GUI thread itself, the provider runs the dialog there (no deadlock).
    void passphraseProviderWorksOnTheGuiThread()
    {
        QWidget parent;
        parent.show();
        QVERIFY(QTest::qWaitForWindowExposed(&parent));
        const auto provider = guiPassphraseProvider(&parent);
        {
            PassphraseAnswerer answerer({QStringLiteral("s3cret pass")});
            const auto answer = provider({"0123456789ABCDEF", "Someone <someone@example.com>", false});
            QVERIFY(answer.has_value());
            QCOMPARE(answer->view(), std::string_view("s3cret pass"));
            QVERIFY(answerer.prompts.value(0).contains(QStringLiteral("0123456789ABCDEF")));
            QCOMPARE(answerer.badShown, QList<bool>{false});
        }
        PassphraseAnswerer cancelling({QString()});
        QVERIFY(!provider({"0123456789ABCDEF", "Someone <someone@example.com>", true}).has_value());
        QCOMPARE(cancelling.badShown, QList<bool>{true});
    }

    // Rename, change the data centre, reveal (for a while), delete: through the dialog's buttons.
    void renamesChangesRevealsAndDeletes()
    {
        const QString token = randomToken();
        const QString name = uniqueName("manage");
        fhw::secrets::TokenMetadata metadata;
        metadata.name = name.toStdString();
        metadata.dataCenter = "US1";
        QVERIFY(TokenStore(indexDir()).store(metadata, token.toStdString()));

        auto dialog = openDialog();
        QVERIFY(dialog);
        dialog->tokensPage()->setRevealSeconds(1);
        QSignalSpy changed(dialog.get(), &TokensDialog::tokensChanged);
        auto *table = dialog->findChild<QTableWidget *>(QStringLiteral("tokensTable"));
        QVERIFY(rowOf(table, name) >= 0);
        table->selectRow(rowOf(table, name));

        // Rename.
        const QString renamed = uniqueName("renamed");
        QTest::mouseClick(button(dialog.get(), "renameTokenButton"), Qt::LeftButton);
        auto *rename = dialog->findChild<QDialog *>(QStringLiteral("renameTokenDialog"));
        QVERIFY(rename && rename->isVisible());
        auto *edit = rename->findChild<QLineEdit *>(QStringLiteral("newTokenNameEdit"));
        QCOMPARE(edit->text(), name);
        QVERIFY(!button(rename, "renameOkButton")->isEnabled());
        edit->setText(QStringLiteral("no/slashes"));
        QVERIFY(!button(rename, "renameOkButton")->isEnabled());
        QVERIFY(rename->findChild<QLabel *>(QStringLiteral("newTokenNameProblem"))->isVisible());
        edit->setText(renamed);
        QTest::mouseClick(button(rename, "renameOkButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(table, renamed) >= 0 && rowOf(table, name) < 0, slow);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(QString::fromLatin1(lookup(renamed).out), token);
        QVERIFY(lookup(name).exitCode != 0);
        QCOMPARE(dialog->tokensPage()->selectedName(), renamed);
        QCOMPARE(table->item(rowOf(table, renamed), 1)->text(), QStringLiteral("US1"));

        // Data centre.
        QTRY_VERIFY(button(dialog.get(), "dataCenterButton")->isEnabled());
        QTest::mouseClick(button(dialog.get(), "dataCenterButton"), Qt::LeftButton);
        auto *dc = dialog->findChild<QInputDialog *>(QStringLiteral("dataCenterDialog"));
        QVERIFY(dc && dc->isVisible());
        QCOMPARE(dc->textValue(), QStringLiteral("US1"));
        dc->setTextValue(QStringLiteral("AU1"));
        dc->accept();
        QTRY_COMPARE_WITH_TIMEOUT(table->item(rowOf(table, renamed), 1)->text(), QStringLiteral("AU1"), slow);
        QCOMPARE(changed.count(), 2);
        QCOMPARE(QString::fromLatin1(lookup(renamed).out), token); // the secret untouched

        // Reveal: asks, shows, hides again by itself.
        QTRY_VERIFY(button(dialog.get(), "revealTokenButton")->isEnabled());
        QTest::mouseClick(button(dialog.get(), "revealTokenButton"), Qt::LeftButton);
        auto *ask = dialog->findChild<QMessageBox *>(QStringLiteral("revealTokenConfirm"));
        QVERIFY(ask && ask->isVisible());
        QTest::mouseClick(ask->button(QMessageBox::Yes), Qt::LeftButton);
        auto *revealed = dialog->findChild<QLineEdit *>(QStringLiteral("revealedToken"));
        QTRY_COMPARE_WITH_TIMEOUT(revealed->text(), token, slow);
        QVERIFY(revealed->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(revealed->text().isEmpty(), 5000);
        QVERIFY(!revealed->isVisible());
        QVERIFY(!visibleText({dialog.get()}).contains(token));

        // Delete: asks first; "Cancel" keeps it.
        QTest::mouseClick(button(dialog.get(), "deleteTokenButton"), Qt::LeftButton);
        auto *confirm = dialog->findChild<QMessageBox *>(QStringLiteral("deleteTokenConfirm"));
        QVERIFY(confirm && confirm->isVisible());
        QTest::mouseClick(confirm->button(QMessageBox::Cancel), Qt::LeftButton);
        QTRY_VERIFY(!dialog->findChild<QMessageBox *>(QStringLiteral("deleteTokenConfirm")));
        QCOMPARE(lookup(renamed).exitCode, 0);
        QTest::mouseClick(button(dialog.get(), "deleteTokenButton"), Qt::LeftButton);
        confirm = dialog->findChild<QMessageBox *>(QStringLiteral("deleteTokenConfirm"));
        QVERIFY(confirm);
        QTest::mouseClick(confirm->button(QMessageBox::Yes), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(table, renamed) < 0, slow);
        QCOMPARE(changed.count(), 3);
        QVERIFY(lookup(renamed).exitCode != 0);
    }

    // A token deleted behind our back (Seahorse) is listed as missing, and can still be deleted.
    void showsTokensMissingFromTheKeychain()
    {
        const QString name = uniqueName("gone");
        fhw::secrets::TokenMetadata metadata;
        metadata.name = name.toStdString();
        QVERIFY(TokenStore(indexDir()).store(metadata, randomToken().toStdString()));
        QCOMPARE(secretTool({QStringLiteral("clear"), QStringLiteral("server"), keychainService, QStringLiteral("user"), name}).exitCode, 0);

        auto dialog = openDialog();
        QVERIFY(dialog);
        auto *table = dialog->findChild<QTableWidget *>(QStringLiteral("tokensTable"));
        const int row = rowOf(table, name);
        QVERIFY(row >= 0);
        QVERIFY(table->item(row, 3)->text().startsWith(QStringLiteral("missing from keychain")));
        table->selectRow(row);
        QVERIFY(!button(dialog.get(), "renameTokenButton")->isEnabled());
        QVERIFY(!button(dialog.get(), "revealTokenButton")->isEnabled());
        QVERIFY(button(dialog.get(), "deleteTokenButton")->isEnabled());
    }

    // Drop an .asc file on the dialog: the import opens with it. Choose a binary .gpg file: imported too.
    void importsDroppedAndChosenFiles()
    {
        const QString fpr = makeGpgKey(home(), QStringLiteral("Acme <partners@acme.example>"));
        QVERIFY(!fpr.isEmpty());
        QTemporaryDir files;
        const QString token = randomToken();
        const QString asc = files.filePath(QStringLiteral("token.asc"));
        {
            QFile f(asc);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(encrypt(home(), token.toLatin1(), fpr, {QStringLiteral("--armor")}));
        }
        auto dialog = openDialog();
        QVERIFY(dialog);

        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(asc)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(dialog.get(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(dialog.get(), &drop);
        QVERIFY(drop.isAccepted());
        auto *import = dialog->findChild<TokenImportDialog *>(QStringLiteral("tokenImportDialog"));
        QVERIFY(import && import->isVisible());
        auto *text = import->findChild<QPlainTextEdit *>(QStringLiteral("armoredMessageEdit"));
        QTRY_VERIFY_WITH_TIMEOUT(text->toPlainText().startsWith(QStringLiteral("-----BEGIN PGP MESSAGE-----")), slow);
        const QString name = uniqueName("dropped");
        QTest::keyClicks(import->findChild<QLineEdit *>(QStringLiteral("tokenNameEdit")), name);
        QTest::mouseClick(button(import, "importButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!import->isBusy(), slow);
        QCOMPARE(QString::fromLatin1(lookup(name).out), token);
        import->close();

        // A file of another kind is not taken.
        QMimeData other;
        other.setUrls({QUrl::fromLocalFile(files.filePath(QStringLiteral("photo.png")))});
        QDragEnterEvent refused(QPoint(10, 10), Qt::CopyAction, &other, Qt::LeftButton, Qt::NoModifier);
        refused.setAccepted(false);
        QApplication::sendEvent(dialog.get(), &refused);
        QVERIFY(!refused.isAccepted());

        // Binary OpenPGP, chosen with the file dialog.
        const QString binaryToken = randomToken();
        const QString gpgFile = files.filePath(QStringLiteral("token.gpg"));
        {
            QFile f(gpgFile);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(encrypt(home(), binaryToken.toLatin1(), fpr));
        }
        QTRY_VERIFY(!dialog->findChild<TokenImportDialog *>());
        const QString binaryName = uniqueName("binary");
        import = startImport(*dialog, {}, binaryName);
        QVERIFY(import);
        QTest::mouseClick(button(import, "chooseImportFileButton"), Qt::LeftButton);
        auto *chooser = import->findChild<QFileDialog *>(QStringLiteral("importFileDialog"));
        QVERIFY(chooser && chooser->isVisible());
        QSignalSpy loaded(import, &TokenImportDialog::fileLoaded);
        chooser->selectFile(gpgFile);
        static_cast<QDialog *>(chooser)->accept();
        QVERIFY(loaded.count() || loaded.wait(slow));
        auto *source = import->findChild<QLabel *>(QStringLiteral("importSourceLabel"));
        QVERIFY2(source->isVisible() && source->text().startsWith(QStringLiteral("Binary OpenPGP message")), qPrintable(source->text()));
        QTest::mouseClick(button(import, "importButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!import->isBusy(), slow);
        QVERIFY2(!import->findChild<QLabel *>(QStringLiteral("importError"))->isVisible(),
                 qPrintable(import->findChild<QLabel *>(QStringLiteral("importError"))->text()));
        QCOMPARE(QString::fromLatin1(lookup(binaryName).out), binaryToken);
        import->close();
    }

    // The target bar's model: "(no token)" then each token; rows change in place, so a combo keeps its token.
    void choiceModelListsTokens()
    {
        const QString first = uniqueName("a-first");
        const QString second = uniqueName("b-second");
        const QString firstToken = randomToken();
        const QString secondToken = randomToken();
        TokenStore store(indexDir());
        fhw::secrets::TokenMetadata metadata;
        metadata.name = first.toStdString();
        metadata.dataCenter = "US1";
        QVERIFY(store.store(metadata, firstToken.toStdString()));
        metadata.name = second.toStdString();
        metadata.dataCenter = "";
        QVERIFY(store.store(metadata, secondToken.toStdString()));

        TokenChoiceModel model(nullptr, indexDir());
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.data(model.index(0)).toString(), QStringLiteral("(no token)"));
        QCOMPARE(model.nameAt(0), QString());
        QSignalSpy reloaded(&model, &TokenChoiceModel::reloaded);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.reload();
        QVERIFY(reloaded.wait(slow));
        QCOMPARE(reset.count(), 1); // the first list: a view restores its choice then
        QCOMPARE(model.errorString(), QString());
        // The keyring is shared with the tests running beside this one: there may be more rows than ours.
        const int firstRow = model.rowOf(first);
        const int secondRow = model.rowOf(second);
        QVERIFY(firstRow >= 1 && secondRow == firstRow + 1); // sorted by name
        QCOMPARE(model.nameAt(firstRow), first);
        QCOMPARE(model.nameAt(model.rowCount()), QString());
        QCOMPARE(model.data(model.index(firstRow)).toString(),
                 QStringLiteral("%1 \u2014 US1 \u2014 Token \u2022\u2022\u2022\u2022%2").arg(first, firstToken.right(4)));
        QCOMPARE(model.data(model.index(secondRow)).toString(),
                 QStringLiteral("%1 \u2014 Token \u2022\u2022\u2022\u2022%2").arg(second, secondToken.right(4)));
        QCOMPARE(model.data(model.index(secondRow), TokenChoiceModel::NameRole).toString(), second);

        QComboBox combo;
        combo.setModel(&model);
        combo.setCurrentIndex(secondRow);
        QVERIFY(store.remove(first.toStdString()));
        model.reload();
        QVERIFY(reloaded.wait(slow));
        QCOMPARE(model.rowOf(first), 0);
        QCOMPARE(model.nameAt(combo.currentIndex()), second); // the combo kept its token
        QCOMPARE(reset.count(), 1);                            // rows changed in place

        // The dialog's changes reach the model through tokensChanged().
        auto dialog = openDialog();
        QVERIFY(dialog);
        connect(dialog.get(), &TokensDialog::tokensChanged, &model, &TokenChoiceModel::reload);
        dialog->tokensPage()->selectName(second);
        QTest::mouseClick(button(dialog.get(), "deleteTokenButton"), Qt::LeftButton);
        auto *confirm = dialog->findChild<QMessageBox *>(QStringLiteral("deleteTokenConfirm"));
        QVERIFY(confirm);
        QTest::mouseClick(confirm->button(QMessageBox::Yes), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(model.rowOf(second), 0, slow);
        QVERIFY(model.nameAt(combo.currentIndex()) != second);
    }

    // Without a session bus, without a Secret Service, with a locked keyring: the keychain line says which,
    // at once, every token action is disabled, and nothing prompts. (Child processes: libdbus reads the bus
    // address once per process.)
    void saysWhyTheKeychainIsUnusable()
    {
        QTemporaryDir runtime;
        ChildRun child = runChild({home(), indexDir()}, offscreen(environmentWithoutSessionBus(runtime.path())));
        QVERIFY2(child.finished, child.output.constData());
        QCOMPARE(child.result, QStringLiteral("keychain.no-session-bus"));
        QVERIFY2(child.message.startsWith(QStringLiteral("enabled= recheck=yes status=The keychain cannot be used: No D-Bus session bus")),
                 qPrintable(child.message));
        QVERIFY2(child.elapsedMs < 5000, qPrintable(QString::number(child.elapsedMs)));

        PrivateBus noService;
        QVERIFY2(noService.start(), qPrintable(noService.problem()));
        child = runChild({home(), indexDir()}, offscreen(noService.environment()));
        QCOMPARE(child.result, QStringLiteral("keychain.no-secret-service"));
        QVERIFY2(child.message.startsWith(QStringLiteral("enabled= recheck=yes")), qPrintable(child.message));

        PrivateBus locked;
        QVERIFY2(locked.start(), qPrintable(locked.problem()));
        QVERIFY2(locked.startKeyring("private-bus-password"), qPrintable(locked.problem()));
        QVERIFY2(locked.lockDefaultCollection(), qPrintable(locked.problem()));
        child = runChild({home(), indexDir()}, offscreen(locked.environment()));
        QCOMPARE(child.result, QStringLiteral("keychain.locked"));
        QVERIFY2(child.message.startsWith(QStringLiteral("enabled= recheck=yes")), qPrintable(child.message));
        QVERIFY(!locked.prompted());
        qInfo("locked keyring: %s (%lld ms)", qPrintable(child.message), child.elapsedMs);
    }

    // While an RSA 4096 key is made (seconds of work in gpg-agent), the window keeps handling events.
    void staysResponsiveWhileWorking()
    {
        auto dialog = openDialog();
        QVERIFY(dialog);
        dialog->showKeys();
        QTest::mouseClick(button(dialog.get(), "createKeyButton"), Qt::LeftButton);
        auto *create = dialog->findChild<QDialog *>(QStringLiteral("createKeyDialog"));
        QVERIFY(create);
        QTest::keyClicks(create->findChild<QLineEdit *>(QStringLiteral("keyNameEdit")), QStringLiteral("Big Key"));
        QTest::keyClicks(create->findChild<QLineEdit *>(QStringLiteral("keyEmailEdit")), QStringLiteral("big@acme.example"));
        auto *algorithm = create->findChild<QComboBox *>(QStringLiteral("keyAlgorithmCombo"));
        algorithm->setCurrentIndex(algorithm->findData(QStringLiteral("rsa4096")));
        QTest::mouseClick(button(create, "createKeyOkButton"), Qt::LeftButton);
        QVERIFY(dialog->keysPage()->isBusy());
        QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("keysBusyLabel"))->text().contains(QStringLiteral("few seconds")));

        QElapsedTimer clock;
        clock.start();
        qint64 last = 0;
        qint64 worstGap = 0;
        QTimer tick;
        tick.setInterval(10);
        connect(&tick, &QTimer::timeout, this, [&] {
            worstGap = std::max(worstGap, clock.elapsed() - last);
            last = clock.elapsed();
        });
        tick.start();
        auto *table = dialog->findChild<QTableWidget *>(QStringLiteral("keysTable"));
        QTRY_COMPARE_WITH_TIMEOUT(table->rowCount(), 1, 120'000);
        tick.stop();
        qInfo("rsa4096 key made in %lld ms; longest gap between 10 ms ticks: %lld ms", clock.elapsed(), worstGap);
        QCOMPARE(table->item(0, 2)->text(), QStringLiteral("rsa4096/rsa4096"));
        QVERIFY2(worstGap < 250, qPrintable(QString::number(worstGap)));
    }
};

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    if (argc >= 2 && qstrcmp(argv[1], "--fhw-child") == 0)
        return childMain(app.arguments().mid(2));
    app.setAttribute(Qt::AA_Use96Dpi, true);
    TestTokensDialog test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "tst_tokensdialog.moc"
