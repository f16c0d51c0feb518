// The endpoint panel on a real Endpoint, with real HTTP over loopback (libcurl, on a worker thread so
// that the GUI thread keeps running while a request is under way).

#include "endpointpanel/authsettings.h"
#include "endpointpanel/capturefeed.h"
#include "endpointpanel/endpointpanel.h"
#include "endpointpanel/endpointsettings.h"
#include "endpointpanel/exchangedetailsview.h"
#include "endpointpanel/faultseditor.h"
#include "endpointpanel/exchangetablemodel.h"
#include "endpointpanel/registrationeditor.h"
#include "endpointpanel/trafficview.h"

#include "../integration/httptestclient.h"

#include "endpoint/endpoint.h"
#include "endpoint/referenceresponder.h"
#include "protocol/generator.h"
#include "protocol/parse.h"
#include "secrets/secretservice.h"
#include "secrets/tokenstore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QRadioButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <future>

using namespace fhw;
using fhw::gui::EndpointPanel;
using fhw::gui::ExchangeTableModel;
using fhw::testing::HttpCall;
using fhw::testing::HttpReply;

namespace {

std::string body(protocol::MessageType type)
{
    return protocol::Generator(protocol::GeneratorOptions{.seed = 3, .eventCount = 1}).generate(type).dump();
}

// One request on a worker thread; the GUI thread keeps processing events meanwhile.
HttpReply post(const std::string &url, protocol::MessageType type = protocol::MessageType::EventProcessingRequest,
               std::vector<std::string> headers = {})
{
    HttpCall call;
    call.url = url;
    call.body = body(type);
    call.headers = std::move(headers);
    auto reply = std::async(std::launch::async, [call] { return testing::perform(call); });
    while (reply.wait_for(std::chrono::milliseconds(0)) != std::future_status::ready)
        QTest::qWait(5);
    return reply.get();
}

template<typename T>
T *child(QObject *parent, const char *name)
{
    T *found = parent->findChild<T *>(QLatin1String(name));
    if (!found)
        qWarning("no child %s", name);
    return found;
}

std::shared_ptr<const endpoint::Exchange> exchange(std::uint64_t sequence)
{
    auto e = std::make_shared<endpoint::Exchange>();
    e->sequence = sequence;
    e->method = "POST";
    e->path = sequence % 2 ? "/event" : "/dsr";
    e->status = sequence % 3 ? 200 : 503;
    e->type = sequence % 2 ? protocol::MessageType::EventProcessingRequest : protocol::MessageType::DsrProcessingRequest;
    e->requestBody = std::string(1000, 'x');
    return e;
}

} // namespace

class TestEndpointPanel : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<endpoint::Endpoint> m_endpoint;
    std::unique_ptr<EndpointPanel> m_panel;

    std::string url() const { return m_endpoint->url(); }
    ExchangeTableModel *model() const { return m_panel->exchangeModel(); }

    void applySettings()
    {
        auto *apply = child<QPushButton>(m_panel.get(), "applySettings");
        QVERIFY(apply);
        QTRY_VERIFY(apply->isEnabled());
        QSignalSpy applied(m_panel->settings(), &gui::EndpointSettings::applied);
        apply->click();
        QTRY_COMPARE(applied.count(), 1);
    }

private Q_SLOTS:
    void init()
    {
        m_endpoint = std::make_unique<endpoint::Endpoint>();
        QVERIFY(m_endpoint->start());
        m_panel = std::make_unique<EndpointPanel>(*m_endpoint);
        m_panel->resize(900, 700);
        m_panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
        QTRY_VERIFY(!m_panel->traffic()->feed()->isLoading());
    }

    void cleanup()
    {
        m_panel.reset();
        m_endpoint.reset();
    }

    void showsStateAndUrl()
    {
        // Whoever connects right after construction hears the state once the event loop runs.
        EndpointPanel another(*m_endpoint);
        QSignalSpy state(&another, &EndpointPanel::stateChanged);
        QTRY_VERIFY(!state.isEmpty());
        QCOMPARE(state.last().at(0).toBool(), true);
        QCOMPARE(state.last().at(1).toString(), QString::fromStdString(url()));
        QCOMPARE(child<QLineEdit>(m_panel.get(), "endpointUrl")->text(), QString::fromStdString(url()));
        QCOMPARE(child<QLabel>(m_panel.get(), "endpointState")->text(), QStringLiteral("Listening"));
        QVERIFY(child<QLabel>(m_panel.get(), "endpointWarnings")->isHidden());
        QVERIFY(!child<QPushButton>(m_panel.get(), "startEndpoint")->isEnabled());
        QVERIFY(child<QPushButton>(m_panel.get(), "stopEndpoint")->isEnabled());

        // Configured from elsewhere (a settings dialog): refreshState() shows it.
        auto config = m_endpoint->config();
        config.port = 45678;
        m_endpoint->setConfig(config);
        m_panel->refreshState();
        QCOMPARE(child<QSpinBox>(m_panel.get(), "endpointPort")->value(), 45678);
        QVERIFY(child<QLabel>(m_panel.get(), "listenHint")->text().contains(QStringLiteral("restart")));
    }

    void requestsAppearInTableWithRedactedAuthorization()
    {
        QSignalSpy captured(m_panel.get(), &EndpointPanel::exchangeCaptured);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(post(url(), protocol::MessageType::EventProcessingRequest, {"Authorization: Token secret-token-1234"}).status, 200L);
        QTRY_COMPARE(model()->rowCount(), 3);
        QVERIFY(!captured.isEmpty());
        QCOMPARE(captured.last().at(1).toInt(), 200);
        QVERIFY(captured.last().at(0).toLongLong() > 0);

        auto cell = [this](int row, int column) { return model()->index(row, column).data().toString(); };
        QCOMPARE(cell(2, ExchangeTableModel::MethodColumn), QStringLiteral("POST"));
        QCOMPARE(cell(2, ExchangeTableModel::PathColumn), QStringLiteral("/"));
        QCOMPARE(cell(2, ExchangeTableModel::TypeColumn), QStringLiteral("events"));
        QCOMPARE(cell(2, ExchangeTableModel::StatusColumn), QStringLiteral("200"));
        QCOMPARE(cell(2, ExchangeTableModel::FaultColumn), QString());

        auto *table = child<QTableView>(m_panel.get(), "exchangeTable");
        table->setCurrentIndex(table->model()->index(2, 0));
        const QString request = child<QPlainTextEdit>(m_panel.get(), "detailsRequest")->toPlainText();
        QVERIFY2(request.contains(QStringLiteral("Authorization: Token ••••1234")), qPrintable(request));
        QVERIFY(!request.contains(QStringLiteral("secret-token")));
        QVERIFY(request.contains(QStringLiteral("\"type\": \"event_processing_request\""))); // formatted
        const QString response = child<QPlainTextEdit>(m_panel.get(), "detailsResponse")->toPlainText();
        QVERIFY2(response.contains(QStringLiteral("\"type\": \"event_processing_response\"")), qPrintable(response));
        const QString overview = child<QPlainTextEdit>(m_panel.get(), "detailsOverview")->toPlainText();
        QVERIFY(overview.contains(QStringLiteral("Handling")));
    }

    void failureFaultMakesNextRequest503ThenLatencyDelays()
    {
        child<QDoubleSpinBox>(m_panel.get(), "failRate_event")->setValue(100.0);
        auto *status = child<QComboBox>(m_panel.get(), "failStatus_event");
        status->setCurrentIndex(status->findData(503));
        child<QCheckBox>(m_panel.get(), "retryAfter_event")->setChecked(true);
        child<QSpinBox>(m_panel.get(), "retryAfterSeconds_event")->setValue(7);
        applySettings();
        const HttpReply failed = post(url());
        QCOMPARE(failed.status, 503L);
        QCOMPARE(failed.header("Retry-After"), std::string("7"));
        // Other families are untouched.
        QCOMPARE(post(url(), protocol::MessageType::DsrProcessingRequest).status, 200L);
        QTRY_COMPARE(model()->rowCount(), 2);
        QCOMPARE(model()->index(0, ExchangeTableModel::FaultColumn).data().toString(), QStringLiteral("failure"));

        // The filter shows the failures only.
        m_panel->traffic()->setFilterText(QStringLiteral("503"));
        QCOMPARE(m_panel->traffic()->filterModel()->rowCount(), 1);
        m_panel->traffic()->setFilterText(QStringLiteral("dsr"));
        QCOMPARE(m_panel->traffic()->filterModel()->rowCount(), 1);
        m_panel->traffic()->setFilterText({});

        child<QDoubleSpinBox>(m_panel.get(), "failRate_event")->setValue(0.0);
        auto *mode = child<QComboBox>(m_panel.get(), "latencyMode_event");
        mode->setCurrentIndex(mode->findData(int(gui::FaultsEditor::LatencyMode::Fixed)));
        child<QSpinBox>(m_panel.get(), "latencyFixed_event")->setValue(300);
        applySettings();
        const auto config = m_endpoint->config();
        QCOMPARE(config.faults.at(transport::Family::Event).latency.fixed, std::chrono::microseconds(300'000));
        const HttpReply delayed = post(url());
        QCOMPARE(delayed.status, 200L);
        QVERIFY2(delayed.seconds >= 0.29, qPrintable(QString::number(delayed.seconds)));
        QTRY_COMPARE(model()->rowCount(), 3);
        QCOMPARE(model()->index(2, ExchangeTableModel::FaultColumn).data().toString(), QStringLiteral("latency"));
        QVERIFY(model()->index(2, ExchangeTableModel::HandlingColumn).data().toString().toDouble() >= 299.0);
    }

    void proxyModeForwardsAndToggles()
    {
        endpoint::Endpoint upstream;
        QVERIFY(upstream.start());
        auto *proxyUrl = child<QLineEdit>(m_panel.get(), "proxyUrl");
        auto *apply = child<QPushButton>(m_panel.get(), "applySettings");
        child<QRadioButton>(m_panel.get(), "proxyMode")->setChecked(true);
        proxyUrl->setText(QStringLiteral("ftp://example.com/"));
        QVERIFY(!apply->isEnabled()); // only http/https
        QVERIFY(child<QLabel>(m_panel.get(), "settingsMessage")->text().contains(QStringLiteral("http")));
        proxyUrl->setText(QString::fromStdString(upstream.url()));
        applySettings();
        QCOMPARE(m_endpoint->config().proxyUrl, upstream.url());

        QCOMPARE(post(url()).status, 200L);
        QCOMPARE(upstream.capture().totalAppended(), 1u);
        QTRY_COMPARE(model()->rowCount(), 1);
        auto *table = child<QTableView>(m_panel.get(), "exchangeTable");
        table->setCurrentIndex(table->model()->index(0, 0));
        const QString overview = child<QPlainTextEdit>(m_panel.get(), "detailsOverview")->toPlainText();
        QVERIFY2(overview.contains(QStringLiteral("Upstream")) && overview.contains(QString::fromStdString(upstream.url())),
                 qPrintable(overview));

        child<QRadioButton>(m_panel.get(), "referenceMode")->setChecked(true);
        applySettings();
        QVERIFY(m_endpoint->config().proxyUrl.empty());
        QCOMPARE(post(url()).status, 200L);
        QCOMPARE(upstream.capture().totalAppended(), 1u);
    }

    void captureToFileAppendsJsonLines()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("capture.jsonl"));
        child<QCheckBox>(m_panel.get(), "captureToFile")->setChecked(true);
        QVERIFY(!child<QPushButton>(m_panel.get(), "applySettings")->isEnabled()); // no file chosen yet
        child<QLineEdit>(m_panel.get(), "captureFile")->setText(path);
        applySettings();
        QCOMPARE(m_endpoint->config().captureFile, path.toStdString());
        QCOMPARE(post(url()).status, 200L);
        QCOMPARE(post(url()).status, 200L);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().split('\n');
        QCOMPARE(lines.size(), 3); // two lines and the empty rest
        QVERIFY(protocol::parseJson(lines.front().toStdString()));
    }

    void registrationInvalidJsonDisablesApply()
    {
        auto *editor = m_panel->registrationEditor();
        auto *apply = child<QPushButton>(m_panel.get(), "applyRegistration");
        auto *findings = child<QTreeWidget>(m_panel.get(), "registrationFindings");
        QTRY_VERIFY(!editor->isReviewPending());
        QCOMPARE(editor->text(), gui::RegistrationEditor::defaultText());
        QCOMPARE(findings->topLevelItemCount(), 0); // the default passes the review
        QVERIFY(!apply->isEnabled());               // and is what the endpoint answers with

        editor->setText(QStringLiteral("{\n  \"type\": \"module_registration_response\",\n  nope\n}"));
        QTRY_VERIFY(!editor->isReviewPending());
        QCOMPARE(findings->topLevelItemCount(), 1);
        QCOMPARE(findings->topLevelItem(0)->text(2), QStringLiteral("parse.syntax"));
        QCOMPARE(findings->topLevelItem(0)->text(1), QStringLiteral("line 3"));
        QVERIFY(!apply->isEnabled());
        QVERIFY(!editor->apply());
        QVERIFY(m_endpoint->config().registrationResponse.is_null());

        // Clicking the finding moves the cursor to the line.
        findings->itemClicked(findings->topLevelItem(0), 0);
        QCOMPARE(child<QPlainTextEdit>(m_panel.get(), "registrationText")->textCursor().blockNumber(), 2);

        child<QPushButton>(m_panel.get(), "resetRegistration")->click();
        QTRY_VERIFY(!editor->isReviewPending());
        QCOMPARE(findings->topLevelItemCount(), 0);
        // Undo brings the broken text back (the reset was an edit).
        child<QPlainTextEdit>(m_panel.get(), "registrationText")->undo();
        QVERIFY(editor->text().contains(QStringLiteral("nope")));

        // Loading a file replaces the document (off-thread); a missing one says why.
        QTemporaryDir dir;
        QFile file(dir.filePath(QStringLiteral("registration.json")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"type": "module_registration_response", "name": "From File", "version": "1.0"})");
        file.close();
        editor->loadFile(file.fileName());
        QTRY_VERIFY(editor->text().contains(QStringLiteral("From File")));
        QTRY_VERIFY(!editor->isReviewPending());
        QVERIFY(apply->isEnabled());
        editor->loadFile(dir.filePath(QStringLiteral("missing.json")));
        QTRY_VERIFY(child<QLabel>(m_panel.get(), "registrationStatus")->text().startsWith(QStringLiteral("Cannot load")));
        QVERIFY(editor->text().contains(QStringLiteral("From File")));
    }

    void registrationReviewFindingAndApply()
    {
        auto *editor = m_panel->registrationEditor();
        protocol::Json registration = endpoint::defaultRegistration();
        registration.erase("description");
        registration["name"] = "Panel Test";
        editor->setText(QString::fromStdString(registration.dump(2)));
        QTRY_VERIFY(!editor->isReviewPending());
        bool found = false;
        for (const auto &finding : editor->findings())
            found = found || finding.code == "registration.description-missing";
        QVERIFY(found);
        auto *findings = child<QTreeWidget>(m_panel.get(), "registrationFindings");
        QVERIFY(!findings->findItems(QStringLiteral("registration.description-missing"), Qt::MatchExactly, 2).isEmpty());

        auto *apply = child<QPushButton>(m_panel.get(), "applyRegistration");
        QVERIFY(apply->isEnabled()); // review findings do not block it
        apply->click();
        QCOMPARE(m_endpoint->config().registrationResponse.value("name", std::string()), std::string("Panel Test"));
        const HttpReply reply = post(url(), protocol::MessageType::ModuleRegistrationRequest);
        QCOMPARE(reply.status, 200L);
        const auto answered = protocol::parseJson(reply.body);
        QVERIFY(answered);
        QCOMPARE(answered->value("name", std::string()), std::string("Panel Test"));
        QVERIFY(!answered->contains("description"));
        QVERIFY(!apply->isEnabled());
    }

    void restartKeepsPortAndStopStarts()
    {
        const std::uint16_t port = m_endpoint->port();
        QSignalSpy state(m_panel.get(), &EndpointPanel::stateChanged);
        child<QPushButton>(m_panel.get(), "restartEndpoint")->click();
        QVERIFY(!child<QPushButton>(m_panel.get(), "restartEndpoint")->isEnabled()); // until it is done
        QTRY_VERIFY(!m_panel->isBusy());
        QTRY_VERIFY(!state.isEmpty());
        QVERIFY(m_endpoint->isRunning());
        QCOMPARE(m_endpoint->port(), port);
        QCOMPARE(state.last().at(1).toString(), QString::fromStdString(url()));
        QCOMPARE(post(url()).status, 200L);

        state.clear();
        child<QPushButton>(m_panel.get(), "stopEndpoint")->click();
        QTRY_VERIFY(!state.isEmpty());
        QCOMPARE(state.last().at(0).toBool(), false);
        QVERIFY(!m_endpoint->isRunning());
        QCOMPARE(child<QLabel>(m_panel.get(), "endpointState")->text(), QStringLiteral("Stopped"));
        QVERIFY(child<QPushButton>(m_panel.get(), "startEndpoint")->isEnabled());

        state.clear();
        child<QPushButton>(m_panel.get(), "startEndpoint")->click();
        QTRY_VERIFY(!state.isEmpty());
        QCOMPARE(state.last().at(0).toBool(), true);
        QCOMPARE(post(url()).status, 200L);
        QTRY_COMPARE(model()->rowCount(), 2);
    }

    void portInUseIsExplained()
    {
        endpoint::Endpoint other;
        QVERIFY(other.start());
        QSignalSpy failed(m_panel.get(), &EndpointPanel::lifecycleFailed);
        child<QSpinBox>(m_panel.get(), "endpointPort")->setValue(other.port());
        QVERIFY(child<QLabel>(m_panel.get(), "listenHint")->text().contains(QStringLiteral("restart")));
        child<QPushButton>(m_panel.get(), "restartEndpoint")->click();
        QTRY_COMPARE(failed.count(), 1);
        QTRY_VERIFY(!m_panel->isBusy());
        auto *error = child<QLabel>(m_panel.get(), "endpointError");
        QVERIFY(error->isVisible());
        QVERIFY2(error->text().contains(QStringLiteral("already in use")), qPrintable(error->text()));
        QVERIFY(!m_endpoint->isRunning());
        QCOMPARE(child<QLabel>(m_panel.get(), "endpointState")->text(), QStringLiteral("Stopped"));

        child<QSpinBox>(m_panel.get(), "endpointPort")->setValue(0);
        child<QPushButton>(m_panel.get(), "startEndpoint")->click();
        QTRY_VERIFY(m_endpoint->isRunning());
        QTRY_VERIFY(!error->isVisible());
        QCOMPARE(post(url()).status, 200L);
    }

    void nonLoopbackBindAsksFirst()
    {
        auto *bind = child<QComboBox>(m_panel.get(), "bindAddress");
        bind->setCurrentText(QStringLiteral("0.0.0.0"));
        QVERIFY(child<QLabel>(m_panel.get(), "listenHint")->text().contains(QStringLiteral("not loopback")));
        child<QPushButton>(m_panel.get(), "restartEndpoint")->click();
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = m_panel->findChild<QMessageBox *>(QStringLiteral("bindWarning"))) != nullptr);
        box->button(QMessageBox::Cancel)->click();
        QTRY_VERIFY(!m_panel->findChild<QMessageBox *>(QStringLiteral("bindWarning")));
        QCOMPARE(m_endpoint->config().bindAddress, std::string("127.0.0.1"));
        QVERIFY(!m_panel->isBusy());

        // Agreed to: it listens there, and the warning stays in sight.
        child<QPushButton>(m_panel.get(), "restartEndpoint")->click();
        QTRY_VERIFY((box = m_panel->findChild<QMessageBox *>(QStringLiteral("bindWarning"))) != nullptr);
        box->button(QMessageBox::Yes)->click();
        QTRY_VERIFY(!m_panel->isBusy());
        QTRY_COMPARE(m_endpoint->config().bindAddress, std::string("0.0.0.0"));
        QVERIFY(m_endpoint->isRunning());
        auto *warnings = child<QLabel>(m_panel.get(), "endpointWarnings");
        QTRY_VERIFY(warnings->isVisible());
        QVERIFY2(warnings->text().contains(QStringLiteral("not a loopback")), qPrintable(warnings->text()));

        bind->setCurrentText(QStringLiteral("127.0.0.1"));
        child<QPushButton>(m_panel.get(), "restartEndpoint")->click(); // loopback: no question
        QTRY_VERIFY(!warnings->isVisible());
        QCOMPARE(m_endpoint->config().bindAddress, std::string("127.0.0.1"));
    }

    void typedTokenMakesUnauthenticatedRequests401()
    {
        auto *auth = m_panel->settings()->auth();
        auth->setMode(gui::AuthSettings::Mode::Typed);
        QVERIFY(!child<QPushButton>(m_panel.get(), "applySettings")->isEnabled()); // nothing typed yet
        auto *typed = child<QLineEdit>(m_panel.get(), "typedToken");
        QCOMPARE(typed->echoMode(), QLineEdit::Password);
        typed->setText(QStringLiteral("s3cret-token-abcd"));
        applySettings();
        QCOMPARE(m_endpoint->config().token, std::optional<std::string>("s3cret-token-abcd"));
        const QString inForce = child<QLabel>(m_panel.get(), "tokenInForce")->text();
        QVERIFY2(inForce.contains(QStringLiteral("••••abcd")) && !inForce.contains(QStringLiteral("s3cret")), qPrintable(inForce));

        const HttpReply refused = post(url());
        QCOMPARE(refused.status, 401L);
        QCOMPARE(post(url(), protocol::MessageType::EventProcessingRequest, {"Authorization: Token s3cret-token-abcd"}).status, 200L);
        QCOMPARE(post(url(), protocol::MessageType::ModuleRegistrationRequest).status, 200L); // never needs it

        auth->setMode(gui::AuthSettings::Mode::None);
        applySettings();
        QVERIFY(!m_endpoint->config().token);
        QCOMPARE(post(url()).status, 200L);
    }

    void keychainTokenIsReadOffThreadAndNeverShown()
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS") || !secrets::checkSecretService())
            QSKIP("No usable Secret Service: run inside scripts/with-test-services (scripts/test does).");
        QTemporaryDir index;
        const std::string name = "panel-test-" + std::to_string(QRandomGenerator::global()->generate());
        secrets::TokenStore store(index.path());
        secrets::TokenMetadata metadata;
        metadata.name = name;
        metadata.dataCenter = "US1";
        QVERIFY(store.store(metadata, "kc-secret-token-wxyz"));

        m_panel->setTokenIndexDirectory(index.path());
        auto *auth = m_panel->settings()->auth();
        auth->setMode(gui::AuthSettings::Mode::Keychain);
        auto *tokens = child<QComboBox>(m_panel.get(), "keychainToken");
        QTRY_VERIFY(tokens->findData(QString::fromStdString(name)) >= 0);
        tokens->setCurrentIndex(tokens->findData(QString::fromStdString(name)));
        QVERIFY(tokens->currentText().contains(QStringLiteral("••••wxyz")));
        QVERIFY(!tokens->currentText().contains(QStringLiteral("kc-secret")));
        applySettings();
        QCOMPARE(m_endpoint->config().token, std::optional<std::string>("kc-secret-token-wxyz"));
        const QString inForce = child<QLabel>(m_panel.get(), "tokenInForce")->text();
        QVERIFY2(inForce.contains(QStringLiteral("••••wxyz")) && !inForce.contains(QStringLiteral("kc-secret")), qPrintable(inForce));
        QCOMPARE(post(url()).status, 401L);
        QCOMPARE(post(url(), protocol::MessageType::EventProcessingRequest, {"Authorization: Token kc-secret-token-wxyz"}).status, 200L);
        // Reverting shows the keychain choice again, never the token in the typed field.
        m_panel->settings()->revert();
        QCOMPARE(auth->mode(), gui::AuthSettings::Mode::Keychain);
        QVERIFY(child<QLineEdit>(m_panel.get(), "typedToken")->text().isEmpty());
        QVERIFY(store.remove(name));
    }

    void responsesSettingsApply()
    {
        child<QCheckBox>(m_panel.get(), "echoRequestId")->setChecked(true);
        child<QCheckBox>(m_panel.get(), "suspendSubscription")->setChecked(true);
        auto *profile = child<QComboBox>(m_panel.get(), "validationProfile");
        profile->setCurrentIndex(profile->findData(int(protocol::Profile::Strict)));
        child<QPushButton>(m_panel.get(), "addSubscriptionSetting")->click();
        auto *table = child<QTableWidget>(m_panel.get(), "subscriptionSettings");
        table->item(0, 0)->setText(QStringLiteral("listId"));
        table->item(0, 1)->setText(QStringLiteral("42"));
        applySettings();
        const auto config = m_endpoint->config();
        QVERIFY(config.echoRequestId);
        QVERIFY(config.suspendSubscription);
        QCOMPARE(config.profile, protocol::Profile::Strict);
        QCOMPARE(config.subscriptionSettings.at("listId"), std::string("42"));
        const HttpReply reply = post(url(), protocol::MessageType::AudienceMembershipChangeRequest);
        QCOMPARE(reply.status, 200L);
        QVERIFY2(reply.body.find("\"suspend_subscription\":true") != std::string::npos, reply.body.c_str());
    }

    void boundedModelDropsOldestRows()
    {
        ExchangeTableModel bounded(nullptr, 5);
        QSignalSpy inserted(&bounded, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&bounded, &QAbstractItemModel::rowsRemoved);
        bounded.append({exchange(1), exchange(2), exchange(3)});
        bounded.append({exchange(4), exchange(5), exchange(6), exchange(7)});
        QCOMPARE(bounded.rowCount(), 5);
        QCOMPARE(bounded.sequenceAt(0), 3u);
        QCOMPARE(bounded.sequenceAt(4), 7u);
        QCOMPARE(bounded.droppedRows(), 2u);
        QCOMPARE(inserted.count(), 2); // one per batch
        QCOMPARE(removed.count(), 1);
        // A batch larger than the capacity keeps its newest rows.
        bounded.append({exchange(8), exchange(9), exchange(10), exchange(11), exchange(12), exchange(13)});
        QCOMPARE(bounded.sequenceAt(0), 9u);
        QCOMPARE(bounded.sequenceAt(4), 13u);
        // Past the detail budget the oldest rows keep their columns, not their bodies.
        bounded.setDetailBudget(2 * (sizeof(endpoint::Exchange) + 1100));
        QVERIFY(!bounded.exchangeAt(0));
        QVERIFY(bounded.exchangeAt(4));
        QCOMPARE(bounded.index(0, ExchangeTableModel::StatusColumn).data().toString(), QStringLiteral("503"));
        bounded.clear();
        QCOMPARE(bounded.rowCount(), 0);

        // The same through the panel: the live table keeps the newest.
        model()->setCapacity(3);
        for (int i = 0; i < 5; ++i)
            QCOMPARE(post(url()).status, 200L);
        QTRY_COMPARE(m_endpoint->capture().totalAppended(), 5u);
        m_panel->traffic()->feed()->drainNow();
        QCOMPARE(model()->rowCount(), 3);
        QCOMPARE(model()->sequenceAt(0), 3u);
        QCOMPARE(model()->sequenceAt(2), 5u);
    }

    void rowsArriveCoalesced()
    {
        QSignalSpy inserted(model(), &QAbstractItemModel::rowsInserted);
        QSignalSpy captured(m_panel.get(), &EndpointPanel::exchangeCaptured);
        HttpCall call;
        call.url = url();
        call.body = body(protocol::MessageType::EventProcessingRequest);
        const std::vector<HttpCall> calls(400, call);
        auto replies = std::async(std::launch::async, [calls] { return testing::performOnOneConnection(calls); });
        while (replies.wait_for(std::chrono::milliseconds(0)) != std::future_status::ready)
            QTest::qWait(5);
        for (const HttpReply &reply : replies.get())
            QCOMPARE(reply.status, 200L);
        QTRY_COMPARE(model()->rowCount(), 400);
        QVERIFY2(inserted.count() < 100, qPrintable(QString::number(inserted.count())));
        QCOMPARE(captured.count(), inserted.count()); // one status-bar update per batch
        // Following the newest row while at the bottom.
        auto *table = child<QTableView>(m_panel.get(), "exchangeTable");
        QCOMPARE(table->verticalScrollBar()->value(), table->verticalScrollBar()->maximum());
        child<QPushButton>(m_panel.get(), "clearExchanges")->click();
        QCOMPARE(model()->rowCount(), 0);
        QCOMPARE(m_endpoint->capture().size(), 400u); // the endpoint's ring is kept
    }

    void existingExchangesAreLoaded()
    {
        QCOMPARE(post(url()).status, 200L);
        QCOMPARE(post(url()).status, 200L);
        // A second panel on the same endpoint starts with what the capture already holds, once each.
        EndpointPanel second(*m_endpoint);
        QTRY_VERIFY(!second.traffic()->feed()->isLoading());
        QCOMPARE(second.exchangeModel()->rowCount(), 2);
        QCOMPARE(post(url()).status, 200L);
        QTRY_COMPARE(second.exchangeModel()->rowCount(), 3);
        QCOMPARE(second.exchangeModel()->sequenceAt(2), 3u);
    }
};

QTEST_MAIN(TestEndpointPanel)
#include "tst_endpointpanel.moc"
