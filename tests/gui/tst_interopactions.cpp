// The window's interoperability actions: File ▸ Import/Export Postman Collection…, Request ▸ Copy as
// curl, and the History panel's "Export as HAR…" on the selected entries.

#include "history/historymodel.h"
#include "history/historypanel.h"
#include "mainwindow.h"
#include "composer/composerwidget.h"
#include "endpoint/endpoint.h"
#include "protocol/parse.h"
#include "workspace/historystore.h"
#include "workspace/workspace.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QMenuBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace fhw;
using fhw::gui::HistoryPanel;
using fhw::gui::MainWindow;
using protocol::Json;

// Json against a literal: compared as JSON text (QCOMPARE cannot pick an overload for Json and const char*).
#define QCOMPARE_JSON(actual, expected) QCOMPARE(protocol::Json(actual).dump(), protocol::Json(expected).dump())

namespace {

const std::string token = "a-token-that-is-long-enough";

Json readJson(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray bytes = file.readAll();
    auto json = protocol::parseJson(std::string_view(bytes.constData(), std::size_t(bytes.size())));
    return json ? *json : Json();
}

bool menuHas(MainWindow &window, const char *menu, const char *action)
{
    auto *found = window.findChild<QAction *>(QLatin1String(action));
    auto *parent = window.menuBar()->findChild<QMenu *>(QLatin1String(menu));
    return found && parent && parent->actions().contains(found);
}

} // namespace

class TestInteropActions : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;

    MainWindow::Options options() const
    {
        MainWindow::Options options;
        options.workspaceDir = m_dir->filePath(QStringLiteral("workspace"));
        options.tokenIndexDir = m_dir->filePath(QStringLiteral("tokens"));
        options.restoreLayout = false;
        return options;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        auto workspace = workspace::Workspace::create(m_dir->filePath(QStringLiteral("workspace")), "Acme");
        QVERIFY(workspace);
        QVERIFY(workspace->save(workspace::SavedRequest{
            QStringLiteral("Register"), protocol::MessageType::ModuleRegistrationRequest, "",
            "{\"type\":\"module_registration_request\",\"id\":\"3c5b9f0e-8d1a-4f6b-9c2e-7a4d5e6f7a8b\",\"timestamp_ms\":1767225600000,\"firehose_version\":\"2.6.0\"}"}));
    }

    void postmanExportAndImport()
    {
        MainWindow window(options());
        QVERIFY(menuHas(window, "fileMenu", "importPostmanAction"));
        QVERIFY(menuHas(window, "fileMenu", "exportPostmanAction"));

        const QString file = m_dir->filePath(QStringLiteral("out.postman_collection.json"));
        QCOMPARE(window.exportPostmanCollectionTo(file), QString());
        const Json collection = readJson(file);
        QCOMPARE_JSON(collection["info"]["name"], "Acme");
        QCOMPARE_JSON(collection["item"][0]["item"][0]["name"], "Register");
        // The target bar aims at the embedded endpoint: that is {{firehose_url}}'s value.
        QCOMPARE_JSON(collection["variable"][0]["key"], "firehose_url");
        QCOMPARE(collection["variable"][0]["value"].get<std::string>(), window.embeddedEndpoint().url());

        const QString report = window.importPostmanCollectionFrom(
            QStringLiteral(FHW_TEST_DATA_DIR "/interop/firehose-sample.postman_collection.json"));
        QVERIFY2(report.startsWith(QStringLiteral("6 request(s) imported from \"Firehose sample (test fixture)\".")),
                 qPrintable(report));
        QVERIFY(report.contains(QStringLiteral("\"Health check\": not imported")));
        const auto names = window.currentWorkspace()->list().value();
        QCOMPARE(names.size(), 7u);
        QVERIFY(std::find(names.begin(), names.end(), QStringLiteral("Module Registration")) != names.end());

        QCOMPARE(window.importPostmanCollectionFrom(m_dir->filePath(QStringLiteral("missing.json"))).isEmpty(), false);
        QCOMPARE(window.currentWorkspace()->list().value().size(), 7u);
    }

    void copyRequestAsCurl()
    {
        MainWindow window(options());
        QVERIFY(menuHas(window, "requestMenu", "copyRequestAsCurlAction"));
        QApplication::clipboard()->clear();
        window.findChild<QAction *>(QStringLiteral("copyRequestAsCurlAction"))->trigger();
        const QString command = QApplication::clipboard()->text();
        QVERIFY2(command.startsWith(QStringLiteral("curl -X POST '%1").arg(QString::fromStdString(window.embeddedEndpoint().url()))),
                 qPrintable(command));
        QVERIFY(command.contains(QString::fromLatin1(protocol::wireName(window.composer()->messageType()).data())));
        QVERIFY(command.contains(QStringLiteral("-H 'Content-Type: application/json'")));
    }

    void historyExportsSelectedEntriesAsHar()
    {
        workspace::HistoryStore store(m_dir->filePath(QStringLiteral("history")));
        for (int n = 1; n <= 3; ++n) {
            transport::SendRequest request;
            request.target.url = "http://127.0.0.1:9/firehose/" + std::to_string(n);
            request.body = "{\"type\":\"event_processing_request\",\"id\":\"request-" + std::to_string(n) + "\"}";
            request.options.token = token;
            transport::SendResult result;
            result.url = request.target.url;
            transport::Attempt attempt;
            attempt.status = 200;
            attempt.timings = {100, 200, 0, 250, 4000, 4200};
            result.attempts.push_back(attempt);
            result.verdict = transport::Verdict::Success;
            QVERIFY(store.append(result, request));
        }
        HistoryPanel panel;
        QSignalSpy loaded(&panel, &HistoryPanel::loaded);
        panel.setStore(&store);
        QVERIFY(loaded.wait(10'000));
        auto *table = panel.findChild<QTableView *>(QStringLiteral("historyTable"));
        QVERIFY(table);
        auto *action = table->findChild<QAction *>(QStringLiteral("historyExportHarAction"));
        QVERIFY(action && table->actions().contains(action));

        // The two newest rows (top of the table), written oldest first.
        table->selectionModel()->select(panel.model()->index(0, 0),
                                        QItemSelectionModel::Select | QItemSelectionModel::Rows);
        table->selectionModel()->select(panel.model()->index(1, 0),
                                        QItemSelectionModel::Select | QItemSelectionModel::Rows);
        const QString path = m_dir->filePath(QStringLiteral("two.har"));
        QSignalSpy exported(&panel, &HistoryPanel::harExported);
        panel.exportSelectedAsHar(path);
        QVERIFY(exported.wait(10'000));
        QCOMPARE(exported.first().at(1).toInt(), 2);
        const Json har = readJson(path);
        QCOMPARE_JSON(har["log"]["version"], "1.2");
        QCOMPARE(har["log"]["entries"].size(), 2u);
        QCOMPARE_JSON(har["log"]["entries"][0]["request"]["url"], "http://127.0.0.1:9/firehose/2");
        QCOMPARE_JSON(har["log"]["entries"][1]["request"]["url"], "http://127.0.0.1:9/firehose/3");
        QVERIFY(har.dump().find(token) == std::string::npos);
        panel.setStore(nullptr);
    }
};

QTEST_MAIN(TestInteropActions)
#include "tst_interopactions.moc"
