// The window end to end, offscreen: compose each request type, send it to the embedded endpoint, read
// the inspector; retries against a flaky peer; an invalid edit; a token from the keychain; history and
// workspace across a restart.

#include "mainwindow.h"
#include "targetbar.h"

#include "composer/composerwidget.h"
#include "history/historymodel.h"
#include "history/historypanel.h"
#include "inspector/responseinspector.h"

#include "endpoint/endpoint.h"
#include "protocol/generator.h"
#include "secrets/tokenstore.h"
#include "workspace/workspace.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace fhw;
using gui::MainWindow;

Q_DECLARE_METATYPE(fhw::protocol::MessageType)

namespace {

QString labelText(const QWidget &window, const char *name)
{
    const auto *label = window.findChild<QLabel *>(QLatin1String(name));
    return label ? label->text() : QString();
}

void trigger(MainWindow &window, const char *action)
{
    auto *found = window.findChild<QAction *>(QLatin1String(action));
    QVERIFY2(found, action);
    found->trigger();
}

} // namespace

class TestWorkbench : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(workspace::Workspace::create(workspaceDir()).has_value());
    }

    void firstMinute();
    void everyRequestType_data();
    void everyRequestType();
    void retriesShowTheirAttempts();
    void invalidEditWarnsBeforeSending();
    void tokenFromTheKeychain();
    void historyAndWorkspaceSurviveARestart();
    void lambdaFunctionTarget();

private:
    QString workspaceDir() const { return m_dir->filePath(QStringLiteral("workspace")); }
    MainWindow::Options options() const
    {
        MainWindow::Options options;
        options.workspaceDir = workspaceDir();
        options.tokenIndexDir = m_dir->filePath(QStringLiteral("tokens"));
        options.restoreLayout = false;
        return options;
    }
    static bool sendAndWait(MainWindow &window)
    {
        auto *send = window.findChild<QAction *>(QStringLiteral("sendAction"));
        const QString before = labelText(window, "summaryLabel");
        send->trigger();
        return QTest::qWaitFor([&] { return !window.targetBar()->findChild<QWidget *>(QStringLiteral("cancelButton"))->isEnabled()
                                            && labelText(window, "summaryLabel") != before; },
                               10'000);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestWorkbench::firstMinute()
{
    // No set-up: the endpoint listens on loopback, the composer holds a valid event batch aimed at it,
    // and Send answers 200 with a validated event_processing_response and its timings.
    MainWindow window(options());
    window.show();
    QVERIFY(window.embeddedEndpoint().isRunning());
    QVERIFY(QString::fromStdString(window.embeddedEndpoint().url()).startsWith(QStringLiteral("http://127.0.0.1:")));
    QCOMPARE(window.composer()->messageType(), protocol::MessageType::EventProcessingRequest);
    QTRY_VERIFY(window.composer()->text().contains(QStringLiteral("event_processing_request")));
    QCOMPARE(window.targetBar()->kind(), gui::TargetBar::Kind::Embedded);
    QTRY_COMPARE(window.composer()->errorCount(), 0);

    QVERIFY(sendAndWait(window));
    QVERIFY2(labelText(window, "statusLabel").startsWith(QStringLiteral("200")), qPrintable(labelText(window, "statusLabel")));
    QVERIFY2(labelText(window, "summaryLabel").contains(QStringLiteral("valid")), qPrintable(labelText(window, "summaryLabel")));
    QVERIFY(!labelText(window, "timeLabel").isEmpty());
    auto *body = window.inspector()->findChild<QPlainTextEdit *>(QStringLiteral("bodyText"));
    QVERIFY(body);
    QTRY_VERIFY(body->toPlainText().contains(QStringLiteral("event_processing_response")));
    QTRY_VERIFY(window.findChild<QLabel *>(QStringLiteral("lastLatency"))->text().contains(QStringLiteral("200")));
    QCOMPARE(window.embeddedEndpoint().capture().size(), std::size_t(1));
}

void TestWorkbench::everyRequestType_data()
{
    QTest::addColumn<protocol::MessageType>("type");
    for (const auto type : {protocol::MessageType::ModuleRegistrationRequest, protocol::MessageType::EventProcessingRequest,
                            protocol::MessageType::AudienceSubscriptionRequest,
                            protocol::MessageType::AudienceMembershipChangeRequest, protocol::MessageType::DsrProcessingRequest})
        QTest::newRow(protocol::wireName(type).data()) << type;
}

void TestWorkbench::everyRequestType()
{
    QFETCH(protocol::MessageType, type);
    MainWindow window(options());
    window.newRequest(type);
    QTRY_VERIFY(window.composer()->text().contains(QString::fromUtf8(protocol::wireName(type).data())));
    QTRY_COMPARE(window.composer()->errorCount(), 0);
    QVERIFY(sendAndWait(window));
    QVERIFY2(labelText(window, "statusLabel").startsWith(QStringLiteral("200")), qPrintable(labelText(window, "statusLabel")));
    QVERIFY2(labelText(window, "summaryLabel").contains(QStringLiteral("valid")), qPrintable(labelText(window, "summaryLabel")));
    const auto exchanges = window.embeddedEndpoint().capture().snapshot();
    QCOMPARE(exchanges.size(), std::size_t(1));
    QCOMPARE(exchanges.front().type, std::optional(type));
}

void TestWorkbench::retriesShowTheirAttempts()
{
    // A peer that answers 503 once, then 200: the inspector lists both attempts and the back-off.
    QProcess peer;
    peer.start(QStringLiteral("python3"), {QStringLiteral(FHW_SOURCE_DIR "/tests/integration/peers/firehose_peer.py")});
    QVERIFY(peer.waitForStarted());
    QVERIFY(peer.waitForReadyRead(10'000));
    const int port = peer.readLine().trimmed().toInt();
    QVERIFY(port > 0);

    MainWindow window(options());
    window.targetBar()->setKind(gui::TargetBar::Kind::OneUrl);
    window.targetBar()->setUrl(QStringLiteral("http://127.0.0.1:%1/flaky/1/503?case=gui").arg(port));
    QTRY_COMPARE(window.composer()->errorCount(), 0);
    QVERIFY(sendAndWait(window));
    QVERIFY2(labelText(window, "statusLabel").startsWith(QStringLiteral("200")), qPrintable(labelText(window, "statusLabel")));
    auto *attempts = window.inspector()->findChild<QTreeWidget *>(QStringLiteral("attemptsTable"));
    QVERIFY(attempts);
    QCOMPARE(attempts->topLevelItemCount(), 2);
    QVERIFY(attempts->topLevelItem(0)->text(2).contains(QStringLiteral("503")));
    QVERIFY(attempts->topLevelItem(1)->text(2).contains(QStringLiteral("200")));
    peer.closeWriteChannel();
    peer.waitForFinished(5000);
}

void TestWorkbench::invalidEditWarnsBeforeSending()
{
    MainWindow window(options());
    QTRY_COMPARE(window.composer()->errorCount(), 0);
    // Remove a required field: the finding appears, the first Send only warns.
    QString text = window.composer()->text();
    text.replace(QStringLiteral("\"type\": \"event_processing_request\""), QStringLiteral("\"type\": \"event_processing_request\", \"id\": 42"));
    window.composer()->setText(text);
    QTRY_VERIFY(window.composer()->errorCount() > 0);
    trigger(window, "sendAction");
    QVERIFY2(window.targetBar()->warning().contains(QStringLiteral("validation error")), qPrintable(window.targetBar()->warning()));
    QTest::qWait(200);
    QCOMPARE(window.embeddedEndpoint().capture().size(), std::size_t(0));
    // A second Send sends it anyway; the endpoint answers (tolerant) and records its findings.
    QVERIFY(sendAndWait(window));
    QCOMPARE(window.embeddedEndpoint().capture().size(), std::size_t(1));
    QVERIFY(!window.embeddedEndpoint().capture().snapshot().front().findings.empty());
}

void TestWorkbench::tokenFromTheKeychain()
{
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        QSKIP("needs the Secret Service of scripts/with-test-services");
    // The fixture token goes into the real keyring (the tokens feature's own tests cover decrypting).
    QString token = QStringLiteral("fhwgui_");
    for (int i = 0; i < 24; ++i)
        token += QLatin1Char("abcdefghijklmnopqrstuvwxyz0123456789"[QRandomGenerator::global()->bounded(36)]);
    const std::string name = "gui-" + std::to_string(QRandomGenerator::global()->generate() % 100000);
    secrets::TokenStore store(m_dir->filePath(QStringLiteral("tokens")));
    secrets::TokenMetadata metadata;
    metadata.name = name;
    QVERIFY(store.store(metadata, token.toStdString()).has_value());

    MainWindow window(options());
    endpoint::EndpointConfig config = window.embeddedEndpoint().config();
    config.token = token.toStdString();
    window.embeddedEndpoint().setConfig(config);
    auto *tokens = window.targetBar()->findChild<QComboBox *>(QStringLiteral("tokenChoice"));
    QVERIFY(tokens);
    QTRY_COMPARE(tokens->count(), 2);
    QVERIFY(tokens->itemText(1).contains(QString::fromStdString(name)));
    QVERIFY(!tokens->itemText(1).contains(token));
    QTRY_COMPARE(window.composer()->errorCount(), 0);

    window.targetBar()->setTokenRow(1);
    QVERIFY(sendAndWait(window));
    QVERIFY2(labelText(window, "statusLabel").startsWith(QStringLiteral("200")), qPrintable(labelText(window, "statusLabel")));

    window.targetBar()->setTokenRow(0);
    QVERIFY(sendAndWait(window));
    QVERIFY2(labelText(window, "statusLabel").startsWith(QStringLiteral("401")), qPrintable(labelText(window, "statusLabel")));
    auto *body = window.inspector()->findChild<QPlainTextEdit *>(QStringLiteral("bodyText"));
    QTRY_VERIFY(body->toPlainText().contains(QStringLiteral("Authorization")));
    // The raw exchange and the history never hold the token.
    auto *raw = window.inspector()->findChild<QPlainTextEdit *>(QStringLiteral("rawText"));
    QVERIFY(raw && !raw->toPlainText().contains(token));
    QVERIFY(store.remove(name).has_value());
}

void TestWorkbench::historyAndWorkspaceSurviveARestart()
{
    {
        MainWindow window(options());
        QTRY_COMPARE(window.composer()->errorCount(), 0);
        window.targetBar()->setDataCenter(QStringLiteral("EU1"));
        QVERIFY(sendAndWait(window));
        QVERIFY(sendAndWait(window));
        auto *history = window.findChild<gui::HistoryPanel *>();
        QTRY_COMPARE(history->model()->rowCount(), 2);
        QTest::qWait(700); // the target bar's choice is saved a moment after the change
    }
    MainWindow again(options());
    auto *history = again.findChild<gui::HistoryPanel *>();
    QTRY_COMPARE(history->model()->rowCount(), 2);
    QCOMPARE(again.targetBar()->dataCenter(), QStringLiteral("EU1"));
    QCOMPARE(again.currentWorkspace()->settings().target.dataCenter, std::string("EU1"));
}

// The target bar's "Lambda function" kind: an alias ARN gives region and qualifier, the token is not
// offered (IAM, not a token), problems are named before a send; sent to the embedded endpoint's Invoke
// mode (unsigned, as a local emulator), the inspector shows the REPORT and the cold start.
void TestWorkbench::lambdaFunctionTarget()
{
    MainWindow window(options());
    gui::TargetBar *bar = window.targetBar();
    bar->setKind(gui::TargetBar::Kind::Lambda);
    QVERIFY(!bar->findChild<QComboBox *>(QStringLiteral("tokenChoice"))->isEnabled());
    QVERIFY(bar->targetProblem(protocol::MessageType::EventProcessingRequest).contains(QStringLiteral("name or ARN")));

    auto *function = bar->findChild<QLineEdit *>(QStringLiteral("lambdaFunction"));
    QTest::keyClicks(function, QStringLiteral("arn:aws:lambda:us-east-1:123456789012:function:acme-firehose:production"));
    transport::Target target = bar->target();
    QVERIFY(target.isLambda());
    QCOMPARE(target.lambda->region, std::string("us-east-1"));
    QCOMPARE(target.lambda->qualifier, std::string("production"));
    QVERIFY(target.lambda->sign);
    QVERIFY(target.lambda->endpoint.empty());
    QVERIFY2(bar->targetProblem(protocol::MessageType::EventProcessingRequest).isEmpty(),
             qPrintable(bar->targetProblem(protocol::MessageType::EventProcessingRequest)));
    bar->findChild<QLineEdit *>(QStringLiteral("lambdaEndpoint"))->setText(QStringLiteral("not a url"));
    QVERIFY(!bar->targetProblem(protocol::MessageType::EventProcessingRequest).isEmpty());

    // The embedded endpoint in Invoke mode, as a local emulator.
    endpoint::EndpointConfig config = window.embeddedEndpoint().config();
    config.lambda = endpoint::LambdaSettings{};
    window.embeddedEndpoint().setConfig(config);
    transport::LambdaTarget local;
    local.function = "acme-firehose";
    local.endpoint = "http://127.0.0.1:" + std::to_string(window.embeddedEndpoint().port());
    local.sign = false;
    bar->setLambda(local);
    QVERIFY(!bar->findChild<QCheckBox *>(QStringLiteral("lambdaSign"))->isChecked());
    QVERIFY2(bar->targetProblem(protocol::MessageType::EventProcessingRequest).isEmpty(),
             qPrintable(bar->targetProblem(protocol::MessageType::EventProcessingRequest)));
    QTRY_COMPARE(window.composer()->errorCount(), 0);
    QVERIFY(sendAndWait(window));
    QVERIFY2(labelText(window, "statusLabel").startsWith(QStringLiteral("200")), qPrintable(labelText(window, "summaryLabel")));
    auto *lambda = window.inspector()->findChild<QLabel *>(QStringLiteral("lambdaLabel"));
    QVERIFY(lambda && !lambda->isHidden()); // the window is not shown: not isVisible()
    QVERIFY2(lambda->text().contains(QStringLiteral("Duration")), qPrintable(lambda->text()));
    QVERIFY2(lambda->text().contains(QStringLiteral("(cold start)")), qPrintable(lambda->text()));
}

QTEST_MAIN(TestWorkbench)
#include "tst_workbench.moc"
