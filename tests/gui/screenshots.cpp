// firehose_screenshots DIR: the window's main states as PNGs, for the README (scripts/screenshots runs it
// under xvfb-run with the test services). Not a test: it asserts nothing, but says what it could not show.

#include "mainwindow.h"
#include "targetbar.h"

#include "composer/composerwidget.h"
#include "inspector/responseinspector.h"
#include "readiness/readinesspanel.h"
#include "submission/submissionpanel.h"
#include "tokens/tokensdialog.h"

#include "endpoint/endpoint.h"
#include "protocol/generator.h"
#include "secrets/tokenstore.h"
#include "transport/httpsender.h"
#include "workspace/workspace.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QProcess>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace fhw;

namespace {

bool save(QWidget &widget, const QString &dir, const QString &name)
{
    QApplication::processEvents();
    QTest::qWait(300);
    const QString path = dir + QLatin1Char('/') + name;
    const bool saved = widget.grab().save(path);
    std::printf("%s %s\n", saved ? "wrote" : "FAILED", qPrintable(path));
    return saved;
}

bool waitFor(const std::function<bool()> &condition, int ms = 10'000)
{
    return QTest::qWaitFor(condition, ms);
}

QString labelText(const QWidget &window, const char *name)
{
    const auto *label = window.findChild<QLabel *>(QLatin1String(name));
    return label ? label->text() : QString();
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Firehose Workbench"));
    QApplication::setOrganizationName(QStringLiteral("Firehose Workbench"));
    if (argc < 2) {
        std::fprintf(stderr, "usage: firehose_screenshots DIR\n");
        return 2;
    }
    const QString out = QString::fromLocal8Bit(argv[1]);
    QTemporaryDir scratch;
    const QString workspaceDir = scratch.filePath(QStringLiteral("acme-integration"));
    if (!workspace::Workspace::create(workspaceDir, "acme-integration")) {
        std::fprintf(stderr, "cannot create a workspace in %s\n", qPrintable(workspaceDir));
        return 1;
    }
    gui::MainWindow::Options options;
    options.workspaceDir = workspaceDir;
    options.restoreLayout = false;
    gui::MainWindow window(options);
    window.resize(1500, 920);
    window.show();
    int failures = 0;

    // 1. The first minute: a generated event batch aimed at the embedded endpoint.
    waitFor([&] { return window.composer()->text().contains(QStringLiteral("event_processing_request")); });
    QTest::qWait(600);
    failures += !save(window, out, QStringLiteral("01-first-minute.png"));

    // 2. The response inspector after Send, and its timing waterfall.
    const QString before = labelText(window, "summaryLabel");
    window.findChild<QAction *>(QStringLiteral("sendAction"))->trigger();
    waitFor([&] { return labelText(window, "summaryLabel") != before; });
    failures += !save(window, out, QStringLiteral("02-response-inspector.png"));
    if (auto *tabs = window.inspector()->findChild<QTabWidget *>(QStringLiteral("inspectorTabs"))) {
        for (int i = 0; i < tabs->count(); ++i) {
            if (tabs->tabText(i).contains(QStringLiteral("Timing")))
                tabs->setCurrentIndex(i);
        }
    }
    failures += !save(window, out, QStringLiteral("03-timing-waterfall.png"));

    // 3. The endpoint panel with traffic: a few hundred generated requests from another thread.
    {
        transport::HttpSender sender;
        std::vector<std::future<transport::SendResult>> results;
        for (int i = 0; i < 300; ++i) {
            transport::SendRequest request;
            request.target.url = window.embeddedEndpoint().url();
            request.type = i % 3 == 0 ? protocol::MessageType::AudienceMembershipChangeRequest
                                      : protocol::MessageType::EventProcessingRequest;
            request.body = protocol::Generator(protocol::GeneratorOptions{.seed = std::uint64_t(i + 1)}).generate(request.type).dump();
            results.push_back(sender.send(std::move(request)));
        }
        for (auto &result : results) {
            while (result.wait_for(std::chrono::milliseconds(10)) != std::future_status::ready)
                QApplication::processEvents();
        }
    }
    if (auto *dock = window.findChild<QDockWidget *>(QStringLiteral("endpointDock"))) {
        dock->show();
        dock->raise();
    }
    QTest::qWait(500);
    failures += !save(window, out, QStringLiteral("04-endpoint-traffic.png"));

    // 4. Keys and tokens (a key made with gpg in the throwaway GnuPG home of with-test-services).
    QProcess::execute(QStringLiteral("gpg"), {QStringLiteral("--batch"), QStringLiteral("--passphrase"), QString(),
                                              QStringLiteral("--quick-gen-key"),
                                              QStringLiteral("Acme Metrics Integrations <integrations@acme.test>"),
                                              QStringLiteral("ed25519"), QStringLiteral("cert,sign"), QStringLiteral("never")});
    // A token as `fhw token import` would leave it (the keychain is the test services' throwaway one).
    secrets::TokenMetadata metadata;
    metadata.name = "acme-prod-US1";
    metadata.dataCenter = "US1";
    secrets::TokenStore().store(metadata, "tok_live_3f9c2e7a51d04b8e9a6c", secrets::TokenStore::Existing::Replace);
    window.findChild<QAction *>(QStringLiteral("tokensAction"))->trigger();
    QTest::qWait(1500);
    if (auto *dialog = window.findChild<gui::TokensDialog *>()) {
        dialog->resize(1000, 560);
        failures += !save(*dialog, out, QStringLiteral("05-keys-and-tokens.png"));
        dialog->close();
    } else {
        std::fprintf(stderr, "no tokens dialog\n");
        ++failures;
    }

    // 5. A validation error: a wrong type for the batch's id, found at its line.
    QString text = window.composer()->text();
    text.replace(QStringLiteral("\"source_request_type\""), QStringLiteral("\"source_request_typo\""));
    const int colon = text.indexOf(QStringLiteral("\"id\": \""));
    if (colon >= 0)
        text.replace(colon, 7, QStringLiteral("\"id\": 4711, \"_\": \""));
    window.composer()->setText(text);
    waitFor([&] { return window.composer()->errorCount() > 0; });
    window.findChild<QAction *>(QStringLiteral("sendAction"))->trigger(); // warns first
    failures += !save(window, out, QStringLiteral("06-validation-error.png"));

    // 6. Readiness: the conformance check against the embedded endpoint, then a short load run.
    auto *readiness = window.findChild<gui::ReadinessPanel *>(QStringLiteral("readinessPanel"));
    auto *submission = window.findChild<gui::SubmissionPanel *>(QStringLiteral("submissionPanel"));
    if (!readiness || !submission) {
        std::fprintf(stderr, "no readiness or submission panel\n");
        return 1;
    }
    window.findChild<QAction *>(QStringLiteral("readinessAction"))->trigger();
    // Floated and large: docked at the window's foot, the charts would be too flat to read.
    auto float_ = [](QWidget *panel) {
        if (auto *dock = qobject_cast<QDockWidget *>(panel->parentWidget())) {
            dock->setFloating(true);
            dock->resize(1400, 820);
        }
    };
    float_(readiness);
    QSignalSpy checked(readiness, &gui::ReadinessPanel::conformanceFinished);
    readiness->startConformance();
    checked.wait(60'000);
    QTest::qWait(300);
    failures += !save(*readiness, out, QStringLiteral("07-conformance.png"));
    readiness::LoadSettings load = readiness->loadSettings();
    load.rate = 500;
    load.duration = std::chrono::seconds(5);
    readiness->setLoadSettings(load);
    QSignalSpy loaded(readiness, &gui::ReadinessPanel::loadFinished);
    if (auto *tabs = readiness->findChild<QTabWidget *>())
        tabs->setCurrentIndex(1); // the Load tab
    readiness->startLoad();
    loaded.wait(60'000);
    QTest::qWait(300);
    failures += !save(*readiness, out, QStringLiteral("08-load-charts.png"));

    // 7. Submission: the checklist with the sample logo and two data centres.
    window.findChild<QAction *>(QStringLiteral("submissionAction"))->trigger();
    float_(submission);
    submission->setLogoFile(QStringLiteral(FHW_SOURCE_DIR "/samples/logos/orbit.svg"));
    submission->setEndpoint(submission::Pod::US1, QStringLiteral("https://firehose.acme.test/us1"));
    submission->setEndpoint(submission::Pod::EU1,
                            QStringLiteral("arn:aws:lambda:eu-central-1:123456789012:function:acme-firehose:production"));
    QProcess gpg;
    gpg.start(QStringLiteral("gpg"), {QStringLiteral("--armor"), QStringLiteral("--export"), QStringLiteral("integrations@acme.test")});
    gpg.waitForFinished(10'000);
    submission->setPublicKeyText(QString::fromUtf8(gpg.readAllStandardOutput()));
    QTest::qWait(3000);
    failures += !save(*submission, out, QStringLiteral("09-submission.png"));
    return failures == 0 ? 0 : 1;
}
