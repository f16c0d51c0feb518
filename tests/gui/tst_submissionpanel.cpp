// The Submission panel, offscreen, with real components: the logo renderer child (fhw-logo-render), gpg in a
// GnuPG home of each test's own, the embedded endpoint on loopback port 0 for "fetch from your endpoint",
// the Secret Service of scripts/with-test-services for the keychain's tokens (skipped without one), and the
// zips it writes, reopened with verifyBundle and read back entry by entry.

#include "submission/checklistview.h"
#include "submission/cookiesyncsection.h"
#include "submission/endpointssection.h"
#include "submission/forceexportdialog.h"
#include "submission/logosection.h"
#include "submission/publickeysection.h"
#include "submission/registrationsection.h"
#include "submission/reportssection.h"
#include "submission/safetextbrowser.h"
#include "submission/submissionpanel.h"

#include "endpoint/endpoint.h"
#include "endpoint/referenceresponder.h"
#include "protocol/parse.h"
#include "readiness/conformancereport.h"
#include "secrets/tokenstore.h"
#include "submission/bundle.h"
#include "submission/registrationexport.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <memory>

using namespace fhw;
using namespace fhw::gui;
using protocol::Json;
using submission::CheckStatus;
using submission::Pod;

namespace {

constexpr int slow = 30'000; // gpg, the renderer child and the keyring on a busy 2-core machine

QString dataPath(const char *relative)
{
    return QStringLiteral(FHW_SOURCE_DIR "/") + QLatin1String(relative);
}

Json readJson(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray bytes = file.readAll();
    auto parsed = protocol::parseJson(std::string_view(bytes.constData(), std::size_t(bytes.size())));
    return parsed ? *parsed : Json();
}

Json reviewCleanRegistration()
{
    return readJson(dataPath("samples/registration/northwind-metrics.json"));
}

struct Run
{
    int exitCode = -1;
    QByteArray out;
    bool ok() const { return exitCode == 0; }
};

Run gpg(const QString &home, const QStringList &args)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("GNUPGHOME"), home);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral("gpg"), QStringList{QStringLiteral("--batch"), QStringLiteral("--no-tty")} + args);
    Run r;
    if (!p.waitForStarted(10'000))
        return r;
    p.closeWriteChannel();
    p.waitForFinished(60'000);
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    return r;
}

// A short GnuPG home (gpg-agent's socket path must fit in 108 bytes); its agent is stopped when it goes.
class GnupgHome
{
public:
    GnupgHome()
        : m_dir(QStringLiteral("/tmp/fhwsub-XXXXXX"))
    {
        m_dir.setAutoRemove(false);
        QFile::setPermissions(m_dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
    ~GnupgHome()
    {
        QProcess::execute(QStringLiteral("gpgconf"), {QStringLiteral("--homedir"), m_dir.path(), QStringLiteral("--kill"), QStringLiteral("all")});
        QDir path(m_dir.path());
        for (int attempt = 0; attempt < 50 && path.exists(); ++attempt)
            if (!path.removeRecursively())
                QTest::qSleep(20);
    }
    QString path() const { return m_dir.path(); }

    // An ed25519 key with a cv25519 encryption subkey, without a passphrase; its fingerprint.
    QString makeKey(const QString &uid)
    {
        const QStringList noPassphrase{QStringLiteral("--pinentry-mode"), QStringLiteral("loopback"), QStringLiteral("--passphrase"), QString()};
        if (!gpg(path(), noPassphrase + QStringList{QStringLiteral("--quick-gen-key"), uid, QStringLiteral("ed25519"),
                                                    QStringLiteral("cert,sign"), QStringLiteral("never")}).ok())
            return {};
        QString fingerprint;
        for (const QByteArray &line : gpg(path(), {QStringLiteral("--with-colons"), QStringLiteral("--list-keys"), uid}).out.split('\n'))
            if (line.startsWith("fpr:") && fingerprint.isEmpty())
                fingerprint = QString::fromLatin1(line.split(':').value(9));
        if (fingerprint.isEmpty()
            || !gpg(path(), noPassphrase + QStringList{QStringLiteral("--quick-add-key"), fingerprint, QStringLiteral("cv25519"),
                                                       QStringLiteral("encr"), QStringLiteral("never")}).ok())
            return {};
        return fingerprint;
    }
    QByteArray armored(const QString &fingerprint, bool secret)
    {
        return gpg(path(), {QStringLiteral("--pinentry-mode"), QStringLiteral("loopback"), QStringLiteral("--passphrase"), QString(),
                            QStringLiteral("--armor"), secret ? QStringLiteral("--export-secret-keys") : QStringLiteral("--export"),
                            fingerprint}).out;
    }

private:
    QTemporaryDir m_dir;
};

const submission::ChecklistItem *itemOf(const SubmissionPanel &panel, const char *id)
{
    for (const submission::ChecklistItem &item : panel.checklist())
        if (item.id == id)
            return &item;
    return nullptr;
}

CheckStatus statusOf(const SubmissionPanel &panel, const char *id)
{
    const submission::ChecklistItem *item = itemOf(panel, id);
    return item ? item->status : CheckStatus::NotRun;
}

QString detailsOf(const SubmissionPanel &panel, const char *id)
{
    const submission::ChecklistItem *item = itemOf(panel, id);
    QStringList lines;
    if (item)
        for (const std::string &detail : item->details)
            lines << QString::fromStdString(detail);
    return lines.join(u'\n');
}

bool blocks(const SubmissionPanel &panel)
{
    return std::ranges::any_of(panel.checklist(), &submission::ChecklistItem::blocksExport);
}

QString checklistText(const SubmissionPanel &panel)
{
    QStringList lines;
    for (const submission::ChecklistItem &item : panel.checklist())
        lines << QStringLiteral("%1: %2 %3").arg(QString::fromStdString(item.id), QString::fromStdString(std::string(submission::checkStatusName(item.status))),
                                                 detailsOf(panel, item.id.c_str()));
    return lines.join(u'\n');
}

// Waits until nothing is under way and the checklist shows the inputs as they are.
bool settle(SubmissionPanel &panel)
{
    return QTest::qWaitFor([&panel] { return !panel.isBusy(); }, slow);
}

QStringList namesIn(const submission::BundleVerification &verification)
{
    QStringList names;
    for (const std::string &name : verification.checkedFiles)
        names << QString::fromStdString(name);
    return names;
}

template<typename T>
T *visibleTopLevel(const QString &objectName)
{
    for (QWidget *widget : QApplication::topLevelWidgets()) {
        auto *found = qobject_cast<T *>(widget);
        if (found && found->isVisible() && found->objectName() == objectName)
            return found;
    }
    return nullptr;
}

} // namespace

class TestSubmissionPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void goodInputsTurnTheChecklistGreenAndExportVerifies();
    void badLogoBlocksExportUntilConfirmed();
    void confirmationDialogRecordsTheReason();
    void privateKeyIsRefused();
    void registrationFetchedFromTheEmbeddedEndpoint();
    void fetchFromNowhereSaysWhy();
    void embeddedProviderIsTakenAtOnce();
    void secretInTheRegistrationIsRefusedWithTheFile();
    void keychainTokenIsRefused();
    void reportsGoIntoTheBundle();
    void endpointFindingsShowInline();
    void lambdaPermissionCommandsPerArnWithCopy();
    void cookieSyncAnswersAreChecked();
    void previewLoadsNothing();
    void closesWhileJobsRun();

private:
    // The panel with every required input good except what the test changes afterwards.
    void fillGood(SubmissionPanel &panel, GnupgHome &home);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestSubmissionPanel::initTestCase()
{
    QVERIFY2(!submission::findLogoRenderer().isEmpty(), "fhw-logo-render is not built");
    QVERIFY2(reviewCleanRegistration().is_object(), "samples/registration/northwind-metrics.json");
    QVERIFY2(!protocol::hasErrors(submission::reviewRegistration(reviewCleanRegistration())), "the sample is not review-clean");
}

void TestSubmissionPanel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestSubmissionPanel::cleanup()
{
    for (QWidget *widget : QApplication::topLevelWidgets())
        if (qobject_cast<QDialog *>(widget))
            widget->close();
    m_dir.reset();
}

void TestSubmissionPanel::fillGood(SubmissionPanel &panel, GnupgHome &home)
{
    panel.setTokenIndexDirectory(m_dir->filePath(QStringLiteral("tokens")));
    panel.setRegistrationJson(reviewCleanRegistration());
    panel.setLogoFile(dataPath("samples/logos/orbit.svg"));
    panel.setEndpoint(Pod::US1, QStringLiteral("https://firehose.northwind.example/us1"));
    panel.setEndpoint(Pod::EU1, QStringLiteral("arn:aws:lambda:eu-central-1:123456789012:function:northwind-firehose:live"));

    // The key as a partner picks it: from the secret keys gpg lists, exported by the panel through GPGME.
    const QString fingerprint = home.makeKey(QStringLiteral("Northwind Partner <partner@northwind.example>"));
    QVERIFY(!fingerprint.isEmpty());
    panel.setGnupgHome(home.path());
    PublicKeySection *keys = panel.publicKeySection();
    QSignalSpy reloaded(keys, &PublicKeySection::keysReloaded);
    keys->reload();
    QVERIFY(reloaded.wait(slow));
    QCOMPARE(keys->keys().size(), std::size_t(1));
    auto *choice = keys->findChild<QComboBox *>(QStringLiteral("secretKeys"));
    QCOMPARE(choice->currentData().toString(), fingerprint);
    auto *use = keys->findChild<QPushButton *>(QStringLiteral("useKey"));
    QVERIFY(use->isEnabled());
    use->click();
    QTRY_VERIFY_WITH_TIMEOUT(!keys->publicKey().empty(), slow);
    QVERIFY(QString::fromStdString(keys->publicKey()).startsWith(QStringLiteral("-----BEGIN PGP PUBLIC KEY BLOCK-----")));
    QVERIFY(keys->findChild<QLabel *>(QStringLiteral("publicKeyStatus"))->text().contains(fingerprint.right(4)));
    QVERIFY(settle(panel));
}

void TestSubmissionPanel::goodInputsTurnTheChecklistGreenAndExportVerifies()
{
    GnupgHome home;
    SubmissionPanel panel;
    panel.resize(1100, 800);
    panel.show();
    QVERIFY(blocks(panel) || panel.checklist().empty()); // nothing chosen yet
    fillGood(panel, home);

    QVERIFY2(!blocks(panel), qPrintable(checklistText(panel)));
    for (const char *id : {"registration-review", "logo", "endpoints", "public-key"})
        QVERIFY2(statusOf(panel, id) == CheckStatus::Pass, qPrintable(checklistText(panel)));
    QCOMPARE(statusOf(panel, "conformance"), CheckStatus::NotRun);
    // The view shows it: every row's icon and status, and the summary line.
    auto *tree = panel.checklistView()->tree();
    QCOMPARE(tree->topLevelItemCount(), int(panel.checklist().size()));
    QCOMPARE(tree->topLevelItem(1)->data(1, Qt::UserRole).toString(), QStringLiteral("pass"));
    QVERIFY(!tree->topLevelItem(1)->icon(0).isNull());
    QVERIFY(panel.checklistView()->summary().startsWith(QStringLiteral("Ready")));
    // The logo's previews came back from the renderer child.
    QVERIFY(!panel.logoSection()->findChild<QLabel *>(QStringLiteral("logoOnWhite"))->pixmap().isNull());
    QVERIFY(!panel.logoSection()->findChild<QLabel *>(QStringLiteral("logoOnDark"))->pixmap().isNull());
    // The review's preview is the summary, rendered.
    QVERIFY(panel.registrationSection()->preview()->toPlainText().contains(QStringLiteral("Northwind Metrics")));

    const QString zip = m_dir->filePath(QStringLiteral("bundle.zip"));
    QSignalSpy exported(&panel, &SubmissionPanel::exported);
    QSignalSpy failed(&panel, &SubmissionPanel::exportFailed);
    QVERIFY(panel.exportTo(zip));
    QVERIFY(!panel.exportTo(zip)); // one at a time
    QTRY_VERIFY_WITH_TIMEOUT(exported.count() + failed.count() > 0, slow);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
    QCOMPARE(exported.first().first().toString(), zip);

    const auto verification = submission::verifyBundle(zip.toStdString());
    QVERIFY(verification);
    QVERIFY(verification->ok());
    const QStringList names = namesIn(*verification);
    for (const char *name : {"registration.json", "registration.md", "registration.html", "logo.svg", "logo-on-white.png",
                             "logo-on-dark.png", "endpoints.json", "pgp-public-key.asc"})
        QVERIFY2(names.contains(QLatin1String(name)), name);
    QVERIFY(!names.contains(QStringLiteral("conformance-report.json")));
    const Json &manifest = verification->manifest;
    QCOMPARE(manifest.at("forced").get<bool>(), false);
    QVERIFY(manifest.at("failed").empty());
    QCOMPARE(manifest.at("integration").at("name").get<std::string>(), std::string("Northwind Metrics"));

    // The Verify button reopens it.
    auto *verify = panel.findChild<QPushButton *>(QStringLiteral("verifyBundle"));
    QVERIFY(verify->isVisible());
    QSignalSpy verified(&panel, &SubmissionPanel::verified);
    verify->click();
    QVERIFY(verified.count() || verified.wait(slow));
    QCOMPARE(verified.first().at(0).toBool(), true);
    QVERIFY(verified.first().at(1).toString().contains(QStringLiteral("Verified")));

    // Same inputs, same bytes.
    const QString again = m_dir->filePath(QStringLiteral("again.zip"));
    exported.clear();
    QVERIFY(panel.exportTo(again));
    QVERIFY(exported.count() || exported.wait(slow));
    QFile a(zip), b(again);
    QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
    QCOMPARE(a.readAll(), b.readAll());
}

void TestSubmissionPanel::badLogoBlocksExportUntilConfirmed()
{
    GnupgHome home;
    SubmissionPanel panel;
    fillGood(panel, home);
    QVERIFY(!blocks(panel));

    QSignalSpy checked(panel.logoSection(), &LogoSection::checked);
    panel.setLogoFile(dataPath("tests/data/logos/script.svg"));
    QVERIFY(checked.wait(slow));
    QVERIFY(settle(panel));
    QCOMPARE(statusOf(panel, "logo"), CheckStatus::Fail);
    QVERIFY2(detailsOf(panel, "logo").contains(QStringLiteral("logo.script")), qPrintable(detailsOf(panel, "logo")));
    QVERIFY(blocks(panel));
    auto *verdict = panel.logoSection()->findChild<QLabel *>(QStringLiteral("logoVerdict"));
    QVERIFY(verdict->text().startsWith(QStringLiteral("The logo fails: <script>"))); // shown as text, not as markup
    QCOMPARE(verdict->textFormat(), Qt::PlainText);
    QVERIFY(panel.checklistView()->tree()->topLevelItem(1)->isExpanded()); // its reasons in view

    const QString zip = m_dir->filePath(QStringLiteral("refused.zip"));
    QSignalSpy exported(&panel, &SubmissionPanel::exported);
    QSignalSpy failed(&panel, &SubmissionPanel::exportFailed);
    QVERIFY(panel.exportTo(zip));
    QVERIFY(failed.wait(slow));
    QVERIFY(exported.isEmpty());
    const QString message = failed.first().first().toString();
    QVERIFY2(message.contains(QStringLiteral("logo")) && message.contains(QStringLiteral("confirmation")), qPrintable(message));
    QVERIFY(!QFile::exists(zip));
    QVERIFY(panel.findChild<QLabel *>(QStringLiteral("exportMessage"))->text().contains(QStringLiteral("Nothing was written")));

    const QString reason = QStringLiteral("The final logo goes to mParticle by mail; this bundle is for an early look.");
    QVERIFY(panel.exportTo(zip, reason));
    QVERIFY(exported.wait(slow));
    const auto verification = submission::verifyBundle(zip.toStdString());
    QVERIFY(verification && verification->ok());
    QCOMPARE(verification->manifest.at("forced").get<bool>(), true);
    QCOMPARE(QString::fromStdString(verification->manifest.at("force_confirmation").get<std::string>()), reason);
    QVERIFY(verification->manifest.at("failed").dump().find("\"logo\"") != std::string::npos);
}

void TestSubmissionPanel::confirmationDialogRecordsTheReason()
{
    SubmissionPanel panel;
    panel.setTokenIndexDirectory(m_dir->filePath(QStringLiteral("tokens")));
    panel.show();
    panel.setRegistrationJson(reviewCleanRegistration()); // and nothing else: three required items missing
    QVERIFY(settle(panel));
    QCOMPARE(statusOf(panel, "logo"), CheckStatus::Missing);
    QCOMPARE(statusOf(panel, "public-key"), CheckStatus::Missing);

    panel.findChild<QPushButton *>(QStringLiteral("exportBundle"))->click();
    auto *confirm = panel.findChild<ForceExportDialog *>(QStringLiteral("forceExportDialog"));
    QVERIFY(confirm && confirm->isVisible());
    auto *ok = confirm->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled()); // no words, no export
    confirm->findChild<QPlainTextEdit *>(QStringLiteral("forceReason"))->setPlainText(QStringLiteral("   "));
    QVERIFY(!ok->isEnabled());
    const QString reason = QStringLiteral("Registration only, for a first review of the settings.");
    confirm->setReason(reason);
    QVERIFY(ok->isEnabled());
    ok->click();

    auto *save = panel.findChild<QFileDialog *>(QStringLiteral("exportBundleDialog"));
    QTRY_VERIFY(save && save->isVisible());
    QCOMPARE(save->acceptMode(), QFileDialog::AcceptSave);
    QVERIFY(save->selectedFiles().value(0).endsWith(QStringLiteral("northwind-metrics-submission.zip")));
    const QString zip = m_dir->filePath(QStringLiteral("forced.zip"));
    QSignalSpy exported(&panel, &SubmissionPanel::exported);
    save->selectFile(zip);
    static_cast<QDialog *>(save)->accept();
    QVERIFY(exported.count() || exported.wait(slow));
    const auto verification = submission::verifyBundle(zip.toStdString());
    QVERIFY(verification && verification->ok());
    QCOMPARE(QString::fromStdString(verification->manifest.at("force_confirmation").get<std::string>()), reason);
    QVERIFY(!namesIn(*verification).contains(QStringLiteral("logo.svg")));
}

void TestSubmissionPanel::privateKeyIsRefused()
{
    GnupgHome home;
    const QString fingerprint = home.makeKey(QStringLiteral("Careless Partner <careless@example.com>"));
    QVERIFY(!fingerprint.isEmpty());
    const QByteArray secretKey = home.armored(fingerprint, true);
    QVERIFY(secretKey.startsWith("-----BEGIN PGP PRIVATE KEY BLOCK-----"));

    SubmissionPanel panel;
    panel.setRegistrationJson(reviewCleanRegistration());
    PublicKeySection *keys = panel.publicKeySection();
    QSignalSpy refused(keys, &PublicKeySection::refused);
    panel.setPublicKeyText(QString::fromLatin1(secretKey));
    QCOMPARE(refused.count(), 1);
    QVERIFY2(keys->refusal().contains(QStringLiteral("private key")), qPrintable(keys->refusal()));
    QVERIFY(keys->publicKey().empty());
    auto *text = keys->findChild<QPlainTextEdit *>(QStringLiteral("publicKeyText"));
    QVERIFY(text->toPlainText().isEmpty()); // not kept in the field
    QVERIFY(!text->document()->isUndoAvailable());
    QVERIFY(keys->findChild<QLabel *>(QStringLiteral("publicKeyStatus"))->text().startsWith(QStringLiteral("Refused")));
    QVERIFY(settle(panel));
    QCOMPARE(statusOf(panel, "public-key"), CheckStatus::Missing);

    // Its public half is taken, and a forced export cannot carry the private key: it was never kept.
    panel.setPublicKeyText(QString::fromLatin1(home.armored(fingerprint, false)));
    QVERIFY(settle(panel));
    QCOMPARE(statusOf(panel, "public-key"), CheckStatus::Pass);
    QVERIFY(keys->refusal().isEmpty());

    // Garbage is not refused but fails the checklist with the reason.
    panel.setPublicKeyText(QStringLiteral("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nnot base64!\n-----END PGP PUBLIC KEY BLOCK-----\n"));
    QVERIFY(settle(panel));
    QCOMPARE(statusOf(panel, "public-key"), CheckStatus::Fail);
    QVERIFY(detailsOf(panel, "public-key").contains(QStringLiteral("pgp.")));
}

void TestSubmissionPanel::registrationFetchedFromTheEmbeddedEndpoint()
{
    Json registration = reviewCleanRegistration();
    registration["name"] = "Northwind Metrics (served)";
    endpoint::EndpointConfig config;
    config.token = "fhwtok_served_by_the_endpoint_1234567890"; // every type but registration needs it
    config.registrationResponse = registration;
    endpoint::Endpoint server(config);
    const auto port = server.start();
    QVERIFY(port);

    SubmissionPanel panel;
    panel.setPartnerTargetProvider([url = server.url()] { return transport::Target{url, {}, {}}; });
    auto *fetch = panel.findChild<QPushButton *>(QStringLiteral("fetchRegistration"));
    QVERIFY(fetch->isEnabled());
    QSignalSpy loaded(panel.registrationSection(), &RegistrationSection::loadFinished);
    QSignalSpy reviewed(panel.registrationSection(), &RegistrationSection::reviewed);
    fetch->click();
    QVERIFY(loaded.wait(slow));
    QVERIFY2(loaded.first().at(0).toBool(), qPrintable(loaded.first().at(1).toString()));
    QCOMPARE(panel.registrationSection()->registration().at("name").get<std::string>(), std::string("Northwind Metrics (served)"));
    QVERIFY(panel.findChild<QLabel *>(QStringLiteral("registrationSource"))->text().contains(QString::fromStdString(server.url())));

    // mParticle's way: a module_registration_request, no Authorization header.
    const auto exchanges = server.capture().snapshot();
    QCOMPARE(exchanges.size(), std::size_t(1));
    QCOMPARE(exchanges.front().type, std::optional(protocol::MessageType::ModuleRegistrationRequest));
    QCOMPARE(exchanges.front().status, 200);
    for (const auto &[name, value] : exchanges.front().requestHeaders)
        QVERIFY2(QString::fromStdString(name).compare(QStringLiteral("authorization"), Qt::CaseInsensitive) != 0, value.c_str());

    QTRY_VERIFY_WITH_TIMEOUT(reviewed.count() > 0
                                 && panel.registrationSection()->preview()->toPlainText().contains(QStringLiteral("(served)")),
                             slow);
    QVERIFY(settle(panel));
    QCOMPARE(statusOf(panel, "registration-review"), CheckStatus::Pass);
}

void TestSubmissionPanel::fetchFromNowhereSaysWhy()
{
    QTcpServer closed; // a port that was free a moment ago, and is again
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const QString url = QStringLiteral("http://127.0.0.1:%1/").arg(closed.serverPort());
    closed.close();

    SubmissionPanel panel;
    panel.setRegistrationFetchOptions({std::chrono::milliseconds(2000), {}, true});
    panel.setRegistrationJson(reviewCleanRegistration());
    panel.setPartnerTargetProvider([url] { return transport::Target{url.toStdString(), {}, {}}; });
    QSignalSpy loaded(panel.registrationSection(), &RegistrationSection::loadFinished);
    panel.findChild<QPushButton *>(QStringLiteral("fetchRegistration"))->click();
    QVERIFY(loaded.wait(slow));
    QCOMPARE(loaded.first().at(0).toBool(), false);
    QVERIFY2(loaded.first().at(1).toString().contains(QStringLiteral("registration.fetch-failed")), qPrintable(loaded.first().at(1).toString()));
    // What was there stays.
    QCOMPARE(panel.registrationSection()->registration().at("name").get<std::string>(), std::string("Northwind Metrics"));

    // No URL at all: said at once, nothing sent.
    panel.setPartnerTargetProvider([] { return transport::Target{}; });
    panel.findChild<QPushButton *>(QStringLiteral("fetchRegistration"))->click();
    QVERIFY(panel.findChild<QLabel *>(QStringLiteral("registrationMessage"))->text().contains(QStringLiteral("target bar")));
}

void TestSubmissionPanel::embeddedProviderIsTakenAtOnce()
{
    SubmissionPanel panel;
    int asked = 0;
    panel.setEmbeddedRegistrationProvider([&asked] {
        ++asked;
        return endpoint::defaultRegistration();
    });
    QCOMPARE(asked, 1);
    QVERIFY(panel.registrationSection()->registration() == endpoint::defaultRegistration());
    QVERIFY(settle(panel));
    QVERIFY(statusOf(panel, "registration-review") != CheckStatus::Missing);

    // The button asks again; a provider that has nothing usable leaves the registration as it was.
    panel.setRegistrationJson(reviewCleanRegistration());
    panel.setEmbeddedRegistrationProvider([&asked] {
        ++asked;
        return Json::parse(R"({"type":"event_processing_request"})");
    });
    QCOMPARE(asked, 1); // a registration is chosen already
    panel.findChild<QPushButton *>(QStringLiteral("useEmbeddedRegistration"))->click();
    QCOMPARE(asked, 2);
    QCOMPARE(panel.registrationSection()->registration().at("name").get<std::string>(), std::string("Northwind Metrics"));
    QVERIFY(panel.findChild<QLabel *>(QStringLiteral("registrationMessage"))->isVisibleTo(panel.registrationSection()));
}

void TestSubmissionPanel::secretInTheRegistrationIsRefusedWithTheFile()
{
    GnupgHome home;
    SubmissionPanel panel;
    fillGood(panel, home);

    // A confidential setting with a default value: an API key every customer would get.
    Json registration = reviewCleanRegistration();
    for (Json &setting : registration["event_processing_registration"]["account_settings"])
        if (setting.value("confidential", false))
            setting["default_value"] = "nw_live_4f7a9c2e8b1d6f3a";
    panel.setRegistrationJson(registration);
    QVERIFY(settle(panel));

    const QString zip = m_dir->filePath(QStringLiteral("secret.zip"));
    QSignalSpy failed(&panel, &SubmissionPanel::exportFailed);
    QVERIFY(panel.exportTo(zip, QStringLiteral("forcing does not help with secrets")));
    QVERIFY(failed.wait(slow));
    const QString message = failed.first().first().toString();
    QVERIFY2(message.contains(QStringLiteral("registration.json")) && message.contains(QStringLiteral("secret")), qPrintable(message));
    QVERIFY(!message.contains(QStringLiteral("nw_live_4f7a9c2e8b1d6f3a"))); // says where, never what
    QVERIFY(!QFile::exists(zip));
}

void TestSubmissionPanel::keychainTokenIsRefused()
{
    const QString index = m_dir->filePath(QStringLiteral("tokens"));
    secrets::TokenStore store(index);
    QString token = QStringLiteral("mpTok");
    for (int i = 0; i < 28; ++i)
        token += QLatin1Char("abcdefghijklmnopqrstuvwxyz0123456789"[QRandomGenerator::system()->bounded(36)]);
    const std::string name = "subgui-test-" + std::to_string(QRandomGenerator::system()->generate());
    secrets::TokenMetadata metadata;
    metadata.name = name;
    if (auto stored = store.store(metadata, token.toStdString()); !stored)
        QSKIP(qPrintable(QStringLiteral("no Secret Service here (scripts/with-test-services): ") + QString::fromStdString(stored.error().message)));
    const auto removeToken = qScopeGuard([&store, &name] { (void)store.remove(name); });

    GnupgHome home;
    SubmissionPanel panel;
    fillGood(panel, home);
    panel.setTokenIndexDirectory(index);

    // The token pasted into the description: the review does not mind, the export does.
    Json registration = reviewCleanRegistration();
    registration["description"] = "Our test token is " + token.toStdString() + ", do not share.";
    panel.setRegistrationJson(registration);
    QVERIFY(settle(panel));
    QSignalSpy failed(&panel, &SubmissionPanel::exportFailed);
    QSignalSpy exported(&panel, &SubmissionPanel::exported);
    QVERIFY(panel.exportTo(m_dir->filePath(QStringLiteral("token.zip"))));
    QTRY_VERIFY_WITH_TIMEOUT(failed.count() + exported.count() > 0, slow);
    QVERIFY2(exported.isEmpty(), "a keychain token went into the bundle");
    const QString message = failed.first().first().toString();
    QVERIFY2(message.contains(QStringLiteral("registration.json")) && message.contains(QString::fromStdString(name)), qPrintable(message));
    QVERIFY(!message.contains(token));

    // Without it, the export goes through and says the keychain was checked.
    panel.setRegistrationJson(reviewCleanRegistration());
    QVERIFY(settle(panel));
    QVERIFY(panel.exportTo(m_dir->filePath(QStringLiteral("clean.zip"))));
    QVERIFY(exported.wait(slow));
    QVERIFY2(panel.findChild<QLabel *>(QStringLiteral("exportMessage"))->text().contains(QStringLiteral("keychain token")),
             qPrintable(panel.findChild<QLabel *>(QStringLiteral("exportMessage"))->text()));
}

void TestSubmissionPanel::reportsGoIntoTheBundle()
{
    GnupgHome home;
    SubmissionPanel panel;
    fillGood(panel, home);

    readiness::ConformanceReport report;
    report.target = "https://firehose.northwind.example/us1";
    report.startedAt = "2026-01-31T12:00:00Z";
    report.toolVersion = "test";
    report.checks.push_back({"registration.no-auth", "registration", "Registration without authentication",
                             readiness::CheckStatus::Pass, "answered", {}, 1200});
    report.checks.push_back({"latency.p99", "latency", "p99 within budget", readiness::CheckStatus::Fail, "p99 180 ms", {}, 1200});
    panel.setConformanceReport(report);
    QVERIFY(settle(panel));
    QCOMPARE(statusOf(panel, "conformance"), CheckStatus::Fail); // a failed check blocks too
    QVERIFY(blocks(panel));

    report.checks.back().status = readiness::CheckStatus::Pass;
    panel.setConformanceReport(report);
    // The latency report as fhw load --json wrote it, from a file.
    const QString latencyFile = m_dir->filePath(QStringLiteral("latency.json"));
    {
        QFile file(latencyFile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"format":"firehose-workbench/load-report","passed":true,"reasons":[]})" "\n");
    }
    QSignalSpy changed(panel.reportsSection(), &ReportsSection::changed);
    panel.reportsSection()->loadLatencyFile(latencyFile);
    QVERIFY(settle(panel));
    QCOMPARE(statusOf(panel, "conformance"), CheckStatus::Pass);
    QCOMPARE(statusOf(panel, "latency"), CheckStatus::Pass);

    // A file that is not a report is refused with the reason, and the one before stays.
    QSignalSpy loadFailed(panel.reportsSection(), &ReportsSection::loadFailed);
    panel.reportsSection()->loadConformanceFile(latencyFile);
    QVERIFY(loadFailed.wait(slow));
    QVERIFY(loadFailed.first().first().toString().contains(QStringLiteral("not a conformance report")));
    QVERIFY(settle(panel));
    QCOMPARE(statusOf(panel, "conformance"), CheckStatus::Pass);

    const QString zip = m_dir->filePath(QStringLiteral("reports.zip"));
    QSignalSpy exported(&panel, &SubmissionPanel::exported);
    QVERIFY(panel.exportTo(zip));
    QVERIFY(exported.wait(slow));
    const auto verification = submission::verifyBundle(zip.toStdString());
    QVERIFY(verification && verification->ok());
    const QStringList names = namesIn(*verification);
    for (const char *name : {"conformance-report.json", "conformance-report.junit.xml", "latency-report.json"})
        QVERIFY2(names.contains(QLatin1String(name)), name);
}

void TestSubmissionPanel::endpointFindingsShowInline()
{
    SubmissionPanel panel;
    panel.show();
    EndpointsSection *endpoints = panel.endpointsSection();
    const auto findingsOf = [endpoints](Pod pod) {
        return endpoints->editor(pod)->findChild<QLabel *>(QStringLiteral("findings"));
    };

    struct Case
    {
        Pod pod;
        QString value;
        QString expected; // in the pod's inline findings; empty = none
    };
    const Case cases[] = {
        {Pod::US1, QStringLiteral("http://firehose.example.com/"), QStringLiteral("https")},
        {Pod::US2, QStringLiteral("arn:aws:lambda:eu-central-1:123456789012:function:fh:live"), QStringLiteral("us-east-1")},
        {Pod::AU1, QStringLiteral("arn:aws:lambda:ap-southeast-2:123456789012:function:fh"), QStringLiteral("alias")},
        {Pod::EU1, QStringLiteral("arn:aws:lambda:eu-central-1:12345:function:fh:live"), QStringLiteral("arn")},
        {Pod::US1, QStringLiteral("https://firehose.example.com/"), QString()},
    };
    for (const Case &c : cases) {
        panel.setEndpoint(c.pod, c.value);
        QLabel *label = findingsOf(c.pod);
        if (c.expected.isEmpty()) {
            QVERIFY2(!label->isVisibleTo(endpoints), qPrintable(label->text()));
        } else {
            QVERIFY2(label->isVisibleTo(endpoints) && label->text().contains(c.expected, Qt::CaseInsensitive),
                     qPrintable(c.value + QStringLiteral(" → ") + label->text()));
        }
    }
    // Typing into the per-type fields: registration is required there.
    panel.setEndpoint(Pod::US2, QString());
    PodEndpointEditor *us2 = endpoints->editor(Pod::US2);
    us2->findChild<QComboBox *>(QStringLiteral("kind"))->setCurrentIndex(int(PodEndpointEditor::Kind::PerFamily));
    QTest::keyClicks(us2->findChild<QLineEdit *>(QStringLiteral("eventUrl")), QStringLiteral("https://events.example.com/"));
    QVERIFY(findingsOf(Pod::US2)->isVisibleTo(endpoints));
    QVERIFY2(findingsOf(Pod::US2)->text().contains(QStringLiteral("registration")), qPrintable(findingsOf(Pod::US2)->text()));
    QCOMPARE(endpoints->endpoints().at(Pod::US2).perFamily.at(transport::Family::Event), std::string("https://events.example.com/"));
    // The Lambda ARNs come with the permission commands for them.
    auto *commands = endpoints->findChild<QPlainTextEdit *>(QStringLiteral("lambdaPermissions"));
    QVERIFY(commands->isVisibleTo(endpoints));
    QVERIFY(commands->toPlainText().contains(QStringLiteral("aws lambda add-permission")));
    QVERIFY(settle(panel));
    QCOMPARE(statusOf(panel, "endpoints"), CheckStatus::Fail);
}

// Each pod's Lambda ARN comes with the add-permission commands for mParticle's two principals, grouped
// per ARN under a comment naming its pods; Copy puts them on the clipboard as they are shown.
void TestSubmissionPanel::lambdaPermissionCommandsPerArnWithCopy()
{
    SubmissionPanel panel;
    panel.show();
    EndpointsSection *endpoints = panel.endpointsSection();
    auto *commands = endpoints->findChild<QPlainTextEdit *>(QStringLiteral("lambdaPermissions"));
    auto *copy = endpoints->findChild<QPushButton *>(QStringLiteral("copyLambdaPermissions"));
    QVERIFY(commands && copy);
    QVERIFY(!copy->isVisibleTo(endpoints)); // no ARN, nothing to copy

    const std::string us = "arn:aws:lambda:us-east-1:123456789012:function:fh:live";
    const std::string eu = "arn:aws:lambda:eu-central-1:123456789012:function:fh:live";
    endpoints->setEndpoint(Pod::US1, submission::PodEndpoint::lambda(us));
    endpoints->setEndpoint(Pod::US2, submission::PodEndpoint::lambda(us));
    endpoints->setEndpoint(Pod::EU1, submission::PodEndpoint::lambda(eu));
    QVERIFY(copy->isVisibleTo(endpoints));
    const QStringList lines = commands->toPlainText().split(u'\n');
    QCOMPARE(lines.size(), 6); // per ARN: a comment and one command per principal
    QCOMPARE(lines[0], QStringLiteral("# US1, US2: ") + QString::fromStdString(us));
    QCOMPARE(lines[3], QStringLiteral("# EU1: ") + QString::fromStdString(eu));
    for (int i : {1, 2, 4, 5})
        QVERIFY2(lines[i].startsWith(QStringLiteral("aws lambda add-permission ")), qPrintable(lines[i]));
    for (const char *principal : {"338661164609", "457804467337"}) {
        QVERIFY(lines[1].contains(QLatin1String(principal)) || lines[2].contains(QLatin1String(principal)));
        QVERIFY(lines[4].contains(QLatin1String(principal)) || lines[5].contains(QLatin1String(principal)));
    }

    QApplication::clipboard()->clear();
    copy->click();
    QCOMPARE(QApplication::clipboard()->text(), commands->toPlainText() + u'\n');

    endpoints->setEndpoint(Pod::US1, submission::PodEndpoint::http("https://firehose.example.com/"));
    endpoints->setEndpoint(Pod::US2, {});
    endpoints->setEndpoint(Pod::EU1, {});
    QVERIFY(!copy->isVisibleTo(endpoints));
    QVERIFY(!commands->isVisibleTo(endpoints));
}

void TestSubmissionPanel::cookieSyncAnswersAreChecked()
{
    GnupgHome home;
    SubmissionPanel panel;
    fillGood(panel, home);
    QCOMPARE(statusOf(panel, "cookie-sync"), CheckStatus::NotRun); // an empty form is not a Cookie Sync integration

    QWidget *form = panel.cookieSyncSection();
    auto *findings = form->findChild<QLabel *>(QStringLiteral("cookieSyncFindings"));
    QTest::keyClicks(form->findChild<QLineEdit *>(QStringLiteral("cookieSyncEndpointUrl")), QStringLiteral("http://sync.northwind.example/mp"));
    QVERIFY(findings->isVisibleTo(form));
    QVERIFY2(findings->text().contains(QStringLiteral("https")), qPrintable(findings->text()));
    QVERIFY(findings->text().contains(QStringLiteral("macro")));
    QVERIFY(settle(panel));
    QCOMPARE(statusOf(panel, "cookie-sync"), CheckStatus::Fail);
    QVERIFY(blocks(panel)); // filled in, it must be right

    auto *url = form->findChild<QLineEdit *>(QStringLiteral("cookieSyncEndpointUrl"));
    url->setText(QStringLiteral("https://sync.northwind.example/mp"));
    QTest::keyClicks(form->findChild<QLineEdit *>(QStringLiteral("cookieSyncMacro")), QStringLiteral("${NW_UID}"));
    for (const char *name : {"cookieSyncProvideRedirect", "cookieSyncSeparateUrls", "cookieSyncAccepts204", "cookieSyncErrorCodesInRedirect"})
        form->findChild<QComboBox *>(QLatin1String(name))->setCurrentIndex(2); // "No"
    form->findChild<QPlainTextEdit *>(QStringLiteral("cookieSyncRedirectExample"))
        ->setPlainText(QStringLiteral("https://cookiesync.mparticle.com/v1/sync?partner_uid=${NW_UID}"));
    QVERIFY(settle(panel));
    QVERIFY2(!blocks(panel), qPrintable(checklistText(panel)));
    QVERIFY(statusOf(panel, "cookie-sync") == CheckStatus::Pass || statusOf(panel, "cookie-sync") == CheckStatus::Warn);
    QCOMPARE(panel.inputs().cookieSync->partnerIdMacro, std::string("${NW_UID}"));

    const QString zip = m_dir->filePath(QStringLiteral("cookie.zip"));
    QSignalSpy exported(&panel, &SubmissionPanel::exported);
    QVERIFY(panel.exportTo(zip));
    QVERIFY(exported.wait(slow));
    const auto verification = submission::verifyBundle(zip.toStdString());
    QVERIFY(verification && verification->ok());
    QVERIFY(namesIn(*verification).contains(QStringLiteral("cookie-sync.json")));
}

void TestSubmissionPanel::previewLoadsNothing()
{
    // A listener that counts connections: nothing in the preview may reach it.
    QTcpServer listener;
    QVERIFY(listener.listen(QHostAddress::LocalHost));
    int connections = 0;
    connect(&listener, &QTcpServer::newConnection, this, [&] {
        ++connections;
        delete listener.nextPendingConnection();
    });
    const QString remote = QStringLiteral("http://127.0.0.1:%1/").arg(listener.serverPort());

    SubmissionPanel panel;
    panel.show();
    Json registration = reviewCleanRegistration();
    registration["description"] = ("<b>Bold</b> <img src=\"" + remote.toStdString() + "pixel.png\"><script>alert(1)</script>"
                                   "<a href=\"" + remote.toStdString() + "more\">more</a>");
    QSignalSpy reviewed(panel.registrationSection(), &RegistrationSection::reviewed);
    panel.setRegistrationJson(registration);
    QVERIFY(reviewed.wait(slow));
    SafeTextBrowser *preview = panel.registrationSection()->preview();
    QVERIFY(preview->toPlainText().contains(QStringLiteral("Bold")));
    QVERIFY(!preview->openLinks() && !preview->openExternalLinks());

    // Even HTML that asks for remote images and style sheets gets nothing.
    preview->setHtml(QStringLiteral("<html><head><link rel=\"stylesheet\" href=\"%1s.css\"></head><body><img src=\"%1i.png\">"
                                    "<img src=\"file:///etc/hostname\"></body></html>").arg(remote));
    QTRY_VERIFY(preview->refusedLoads() >= 2);
    QTest::qWait(200);
    QCOMPARE(connections, 0);
}

void TestSubmissionPanel::closesWhileJobsRun()
{
    endpoint::EndpointConfig config;
    config.faults[transport::Family::Registration].latency.fixed = std::chrono::milliseconds(800); // a slow partner
    endpoint::Endpoint server(config);
    QVERIFY(server.start());

    auto panel = std::make_unique<SubmissionPanel>();
    panel->setPartnerTargetProvider([url = server.url()] { return transport::Target{url, {}, {}}; });
    panel->setLogoFile(dataPath("samples/logos/leaf.svg"));
    panel->findChild<QPushButton *>(QStringLiteral("fetchRegistration"))->click();
    panel->setConformanceReport(readiness::ConformanceReport{});
    QVERIFY(panel->isBusy());
    QElapsedTimer timer;
    timer.start();
    panel.reset(); // waits for the fetch and the renderer child; their answers go nowhere
    QVERIFY2(timer.elapsed() < slow, qPrintable(QString::number(timer.elapsed())));
    QTest::qWait(50); // nothing queued for the panel's sections may arrive now
    QTRY_COMPARE_WITH_TIMEOUT(server.capture().size(), std::size_t(1), slow);
}

QTEST_MAIN(TestSubmissionPanel)
#include "tst_submissionpanel.moc"
