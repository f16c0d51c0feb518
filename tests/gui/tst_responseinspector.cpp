#include "inspector/jsontreemodel.h"
#include "inspector/responseinspector.h"
#include "inspector/timingwaterfall.h"

#include "protocol/generator.h"
#include "protocol/validator.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QElapsedTimer>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>
#include <QTimer>
#include <QTreeView>
#include <QTreeWidget>

using namespace fhw;
using namespace std::chrono_literals;
using fhw::gui::JsonTreeModel;
using fhw::gui::ResponseInspector;
using fhw::gui::TimingWaterfall;
using transport::Attempt;
using transport::SendResult;

namespace {

const std::string token = "tok-3f9a7c1e55b2-wxyz";

transport::SendRequest request(const std::string &url = "http://127.0.0.1:8080/firehose")
{
    transport::SendRequest request;
    request.target.url = url;
    request.type = protocol::MessageType::EventProcessingRequest;
    request.body = protocol::Generator({.seed = 3, .eventCount = 2})
                       .generate(protocol::MessageType::EventProcessingRequest)
                       .dump();
    request.options.token = token;
    return request;
}

transport::PhaseTimings timings(std::int64_t totalUs, bool https = false)
{
    transport::PhaseTimings t;
    t.dnsUs = 100;
    t.connectUs = 400;
    t.tlsUs = https ? 5'400 : 0;
    t.requestSentUs = https ? 5'600 : 500;
    t.firstByteUs = totalUs - 300;
    t.totalUs = totalUs;
    return t;
}

Attempt attempt(long status, std::string body, std::int64_t totalUs, std::chrono::milliseconds delay = 0ms)
{
    Attempt a;
    a.status = status;
    a.body = std::move(body);
    a.delayBefore = delay;
    a.timings = timings(totalUs);
    a.headers = {{"Content-Type", "application/json"}, {"Content-Length", std::to_string(a.body.size())}};
    return a;
}

// Completes a result the way the sender does: the last attempt's 200/202 body parsed and validated.
SendResult finish(std::string url, std::vector<Attempt> attempts, transport::Verdict verdict, std::string summary)
{
    SendResult result;
    result.url = std::move(url);
    result.attempts = std::move(attempts);
    for (std::size_t i = 0; i < result.attempts.size(); ++i)
        result.attempts[i].number = int(i + 1);
    result.verdict = verdict;
    result.summary = std::move(summary);
    const Attempt *last = result.last();
    if (last && (last->status == 200 || last->status == 202)) {
        auto parsed = protocol::parseJson(last->body);
        if (parsed) {
            result.findings = protocol::Validator().validate(*parsed, protocol::MessageType::EventProcessingResponse);
            result.response = std::move(*parsed);
        }
    }
    return result;
}

std::string validResponse()
{
    return protocol::Generator({.seed = 5}).generate(protocol::MessageType::EventProcessingResponse).dump();
}

template<typename T>
T *child(const QWidget &parent, const char *name)
{
    auto *found = parent.findChild<T *>(QString::fromLatin1(name));
    if (!found)
        qWarning("no child %s", name);
    return found;
}

QString labelText(const QWidget &parent, const char *name)
{
    auto *label = child<QLabel>(parent, name);
    return label ? label->text() : QString();
}

QStringList rowTexts(const QTreeWidget *list, int column)
{
    QStringList texts;
    for (int row = 0; row < list->topLevelItemCount(); ++row)
        texts << list->topLevelItem(row)->text(column);
    return texts;
}

QString tabText(const QWidget &inspector, const QString &prefix)
{
    auto *tabs = child<QTabWidget>(inspector, "inspectorTabs");
    for (int i = 0; i < tabs->count(); ++i) {
        QString text = tabs->tabText(i).remove(u'&');
        if (text.startsWith(prefix))
            return text;
    }
    return {};
}

} // namespace

class TestResponseInspector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void emptyAndPendingStates();
    void success();
    void retriedThenSucceeded();
    void unauthorizedWithErrorBody();
    void nonJsonBodyShownAsText();
    void invalidResponseFindings();
    void findingShowsItsPlaceInTheTree();
    void connectionRefused();
    void httpsShowsTls();
    void notSent();
    void largeBodyFormatsOffThread();
    void bodyUnderTheThresholdFormatsAtOnce();
    void hugeRequestBodyIsCutInRaw();
    void waterfallBars();
    void waterfallPaintsInLightAndDark();
    void copyAsCurlRedactsUnlessRevealed();
    void rawNeverContainsTheToken();
    void treeModelPointersAndLaziness();
    void lambdaReportAndFunctionError();
};

void TestResponseInspector::emptyAndPendingStates()
{
    ResponseInspector inspector;
    inspector.show();
    QVERIFY(QTest::qWaitForWindowExposed(&inspector));
    auto *hint = child<QLabel>(inspector, "emptyHint");
    QVERIFY(hint && hint->isVisible());
    QVERIFY(hint->text().contains(QStringLiteral("Ctrl+Enter")));
    QVERIFY(!child<QAction>(inspector, "copyAsCurl")->isEnabled());

    inspector.showPending(QStringLiteral("http://127.0.0.1:9/"));
    auto *pending = child<QLabel>(inspector, "pendingLabel");
    QVERIFY(pending->isVisible());
    QCOMPARE(pending->text(), QStringLiteral("Sending to http://127.0.0.1:9/…"));
    auto *busy = child<QProgressBar>(inspector, "busyIndicator");
    QVERIFY(busy->isVisible());
    QCOMPARE(busy->maximum(), 0); // indeterminate
    QVERIFY(!hint->isVisible());

    inspector.showResult(finish("http://127.0.0.1:9/", {attempt(200, validResponse(), 4'000)},
                                transport::Verdict::Success, "200"),
                         request());
    QVERIFY(!pending->isVisible());
    inspector.clear();
    QVERIFY(hint->isVisible());
    QCOMPARE(inspector.shownAttempt(), -1);
}

void TestResponseInspector::success()
{
    ResponseInspector inspector;
    inspector.show();
    const SendResult result = finish("http://127.0.0.1:8080/firehose", {attempt(200, validResponse(), 12'345)},
                                     transport::Verdict::Success, "200 in 12.3 ms after 1 attempt; the response is valid");
    QVERIFY(result.findings.empty());
    inspector.showResult(result, request());

    QCOMPARE(labelText(inspector, "statusLabel"), QStringLiteral("200 OK"));
    QCOMPARE(labelText(inspector, "verdictLabel"), QStringLiteral("success · accepted"));
    QCOMPARE(labelText(inspector, "summaryLabel"), QStringLiteral("200 in 12.3 ms after 1 attempt; the response is valid"));
    QCOMPARE(labelText(inspector, "timeLabel"), QStringLiteral("12.3 ms · within the 100 ms budget"));

    const QString body = child<QPlainTextEdit>(inspector, "bodyText")->toPlainText();
    QVERIFY(body.startsWith(QStringLiteral("{\n  \"type\": \"event_processing_response\",")));
    QVERIFY(child<QPlainTextEdit>(inspector, "bodyText")->isReadOnly());

    auto *tree = child<QTreeView>(inspector, "jsonTree");
    QVERIFY(tree->model()->rowCount() > 1);
    QCOMPARE(tree->model()->index(0, JsonTreeModel::KeyColumn).data().toString(), QStringLiteral("type"));
    QCOMPARE(tree->model()->index(0, JsonTreeModel::ValueColumn).data().toString(), QStringLiteral("event_processing_response"));
    QCOMPARE(tree->model()->index(0, JsonTreeModel::TypeColumn).data().toString(), QStringLiteral("string"));

    auto *headers = child<QTableWidget>(inspector, "headersTable");
    QCOMPARE(headers->rowCount(), 2);
    QCOMPARE(headers->item(0, 0)->text(), QStringLiteral("Content-Type"));
    QCOMPARE(headers->item(0, 1)->text(), QStringLiteral("application/json"));

    QCOMPARE(child<QTreeWidget>(inspector, "findingsList")->topLevelItemCount(), 0);
    QVERIFY(labelText(inspector, "findingsNote").contains(QStringLiteral("The response is valid as event_processing_response.")));
    QCOMPARE(child<QTreeWidget>(inspector, "attemptsTable")->topLevelItemCount(), 1);
    QCOMPARE(child<TimingWaterfall>(inspector, "timingWaterfall")->totalMs(), 12.345);
    QVERIFY(child<QLabel>(inspector, "tlsLabel")->isHidden());
    QVERIFY(child<QAction>(inspector, "copyAsCurl")->isEnabled());
    QVERIFY(child<QAction>(inspector, "copyAsCurlRevealed")->isEnabled());
}

void TestResponseInspector::retriedThenSucceeded()
{
    ResponseInspector inspector;
    inspector.show();
    Attempt unavailable = attempt(503, R"({"error":"try later"})", 3'000);
    unavailable.headers.emplace_back("Retry-After", "1");
    const SendResult result = finish("http://127.0.0.1:8080/", {unavailable, attempt(200, validResponse(), 8'000, 1000ms)},
                                     transport::Verdict::Success, "200 in 8.0 ms after 2 attempts; the response is valid");
    inspector.showResult(result, request());

    QCOMPARE(tabText(inspector, QStringLiteral("Attempts")), QStringLiteral("Attempts (2)"));
    QCOMPARE(labelText(inspector, "timeLabel"), QStringLiteral("8.00 ms · within the 100 ms budget (attempt 2 of 2)"));
    auto *attempts = child<QTreeWidget>(inspector, "attemptsTable");
    QCOMPARE(rowTexts(attempts, 0), (QStringList{QStringLiteral("1"), QStringLiteral("2")}));
    QCOMPARE(rowTexts(attempts, 1), (QStringList{QStringLiteral("—"), QStringLiteral("1000 ms")}));
    QCOMPARE(rowTexts(attempts, 2), (QStringList{QStringLiteral("503 Service Unavailable"), QStringLiteral("200 OK")}));
    QCOMPARE(rowTexts(attempts, 4), (QStringList{QStringLiteral("3.00 ms"), QStringLiteral("8.00 ms")}));
    QCOMPARE(inspector.shownAttempt(), 1);
    auto *headers = child<QTableWidget>(inspector, "headersTable");
    QCOMPARE(headers->rowCount(), 2);

    // Selecting the first attempt shows its headers, body, waterfall and exchange.
    attempts->setCurrentItem(attempts->topLevelItem(0));
    QCOMPARE(inspector.shownAttempt(), 0);
    QCOMPARE(headers->rowCount(), 3);
    QCOMPARE(headers->item(2, 0)->text(), QStringLiteral("Retry-After"));
    QCOMPARE(child<QPlainTextEdit>(inspector, "bodyText")->toPlainText(), QStringLiteral("{\n  \"error\": \"try later\"\n}"));
    QCOMPARE(child<TimingWaterfall>(inspector, "timingWaterfall")->totalMs(), 3.0);
    QVERIFY(child<QPlainTextEdit>(inspector, "rawText")->toPlainText().contains(QStringLiteral("HTTP/1.1 503 Service Unavailable")));
    // The header line stays about the result.
    QCOMPARE(labelText(inspector, "statusLabel"), QStringLiteral("200 OK"));

    inspector.showAttempt(1);
    QCOMPARE(attempts->currentItem(), attempts->topLevelItem(1));
    QCOMPARE(headers->rowCount(), 2);
}

void TestResponseInspector::unauthorizedWithErrorBody()
{
    ResponseInspector inspector;
    inspector.show();
    const SendResult result = finish("http://127.0.0.1:8080/", {attempt(401, R"({"error":"unauthorized","message":"a valid token is required"})", 2'000)},
                                     transport::Verdict::FinalStatus, "401 after 1 attempt (not retried)");
    inspector.showResult(result, request());
    QCOMPARE(labelText(inspector, "statusLabel"), QStringLiteral("401 Unauthorized"));
    QCOMPARE(labelText(inspector, "verdictLabel"), QStringLiteral("final-status · not accepted"));
    QCOMPARE(labelText(inspector, "summaryLabel"), QStringLiteral("401 after 1 attempt (not retried)"));
    const QString body = child<QPlainTextEdit>(inspector, "bodyText")->toPlainText();
    QVERIFY(body.contains(QStringLiteral("\"message\": \"a valid token is required\"")));
    auto *model = child<QTreeView>(inspector, "jsonTree")->model();
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->index(1, 0).data().toString(), QStringLiteral("message"));
    QCOMPARE(child<QTreeWidget>(inspector, "findingsList")->topLevelItemCount(), 0);
    QVERIFY(labelText(inspector, "findingsNote").startsWith(QStringLiteral("Only a 200 or 202 response is validated")));

    // A status's colour differs by class (and from the 200's).
    ResponseInspector ok;
    ok.showResult(finish({}, {attempt(200, validResponse(), 1'000)}, transport::Verdict::Success, "200"), request());
    QVERIFY(child<QLabel>(inspector, "statusLabel")->palette().color(QPalette::WindowText)
            != child<QLabel>(ok, "statusLabel")->palette().color(QPalette::WindowText));
}

void TestResponseInspector::nonJsonBodyShownAsText()
{
    ResponseInspector inspector;
    inspector.show();
    Attempt html = attempt(502, "<html><body>Bad gateway</body></html>", 2'000);
    html.headers = {{"Content-Type", "text/html"}};
    inspector.showResult(finish({}, {html}, transport::Verdict::Exhausted, "gave up after 1 attempt; last: 502"), request());
    QCOMPARE(labelText(inspector, "statusLabel"), QStringLiteral("502 Bad Gateway"));
    QCOMPARE(child<QPlainTextEdit>(inspector, "bodyText")->toPlainText(), QStringLiteral("<html><body>Bad gateway</body></html>"));
    auto *note = child<QLabel>(inspector, "bodyNote");
    QVERIFY(!note->isHidden());
    QVERIFY(note->text().startsWith(QStringLiteral("Not JSON")));
    QCOMPARE(child<QTreeView>(inspector, "jsonTree")->model()->rowCount(), 0);
}

void TestResponseInspector::invalidResponseFindings()
{
    ResponseInspector inspector;
    inspector.show();
    protocol::Json response = protocol::Json::parse(validResponse());
    response.erase("id");
    response["processed"] = "yes"; // an unknown or mistyped member
    const SendResult result = finish("http://127.0.0.1:8080/", {attempt(200, response.dump(), 150'000)},
                                     transport::Verdict::Success, "200 in 150.0 ms after 1 attempt; the response has errors");
    QVERIFY(!result.findings.empty());
    inspector.showResult(result, request());

    QCOMPARE(labelText(inspector, "verdictLabel"), QStringLiteral("success · not accepted"));
    QCOMPARE(labelText(inspector, "timeLabel"), QStringLiteral("150.0 ms · over the 100 ms budget"));
    auto *findings = child<QTreeWidget>(inspector, "findingsList");
    QCOMPARE(findings->topLevelItemCount(), int(result.findings.size()));
    for (int row = 0; row < findings->topLevelItemCount(); ++row) {
        const protocol::Finding &finding = result.findings[std::size_t(row)];
        QCOMPARE(findings->topLevelItem(row)->text(0), QString::fromUtf8(protocol::severityName(finding.severity).data()));
        QCOMPARE(findings->topLevelItem(row)->data(1, Qt::UserRole).toString(), QString::fromStdString(finding.pointer));
        QCOMPARE(findings->topLevelItem(row)->text(2), QString::fromStdString(finding.code));
        QCOMPARE(findings->topLevelItem(row)->text(3), QString::fromStdString(finding.message));
    }
    QCOMPARE(tabText(inspector, QStringLiteral("Findings")), QStringLiteral("Findings (%1)").arg(result.findings.size()));
}

void TestResponseInspector::findingShowsItsPlaceInTheTree()
{
    ResponseInspector inspector;
    inspector.show();
    protocol::Json response = protocol::Json::parse(validResponse());
    std::string pointer;
    SendResult result = finish("http://127.0.0.1:8080/", {attempt(200, response.dump(), 1'000)},
                               transport::Verdict::Success, "200");
    // A synthetic finding deep in the document.
    pointer = "/" + std::string(response.begin().key());
    result.findings = {{protocol::Severity::Warning, pointer, "test.code", "look here"}};
    inspector.showResult(result, request());
    auto *findings = child<QTreeWidget>(inspector, "findingsList");
    Q_EMIT findings->itemActivated(findings->topLevelItem(0), 0);
    auto *tabs = child<QTabWidget>(inspector, "inspectorTabs");
    auto *tree = child<QTreeView>(inspector, "jsonTree");
    QCOMPARE(tabs->currentWidget(), tree);
    QCOMPARE(tree->currentIndex().data(JsonTreeModel::PointerRole).toString(), QString::fromStdString(pointer));
}

void TestResponseInspector::connectionRefused()
{
    ResponseInspector inspector;
    inspector.show();
    auto refused = [](std::chrono::milliseconds delay) {
        Attempt a;
        a.error = transport::AttemptError::Connect;
        a.errorText = "Failed to connect to 127.0.0.1 port 9: Connection refused";
        a.delayBefore = delay;
        a.timings.dnsUs = 20;
        a.timings.totalUs = 180;
        return a;
    };
    const SendResult result = finish("http://127.0.0.1:9/", {refused(0ms), refused(250ms)},
                                     transport::Verdict::Exhausted, "gave up after 2 attempts; last: connect: Connection refused");
    inspector.showResult(result, request("http://127.0.0.1:9/"));
    QCOMPARE(labelText(inspector, "statusLabel"), QStringLiteral("no response"));
    QCOMPARE(labelText(inspector, "verdictLabel"), QStringLiteral("exhausted · not accepted"));
    auto *attempts = child<QTreeWidget>(inspector, "attemptsTable");
    QCOMPARE(rowTexts(attempts, 1), (QStringList{QStringLiteral("—"), QStringLiteral("250 ms")}));
    QCOMPARE(rowTexts(attempts, 2), (QStringList{QStringLiteral("no response"), QStringLiteral("no response")}));
    QCOMPARE(attempts->topLevelItem(1)->text(3), QStringLiteral("connect: Failed to connect to 127.0.0.1 port 9: Connection refused"));
    const QString raw = child<QPlainTextEdit>(inspector, "rawText")->toPlainText();
    QVERIFY(raw.contains(QStringLiteral("(no response)")));
    QVERIFY(raw.contains(QStringLiteral("Connection refused")));
    QVERIFY(child<QPlainTextEdit>(inspector, "bodyText")->toPlainText().isEmpty());
    QCOMPARE(child<QTreeView>(inspector, "jsonTree")->model()->rowCount(), 0);
    const auto bars = child<TimingWaterfall>(inspector, "timingWaterfall")->bars();
    QCOMPARE(bars.constFirst().lengthMs, 0.02);
    QCOMPARE(bars.at(5).lengthMs, 0.0); // no download without a response
    QCOMPARE(bars.constLast().lengthMs, 0.18);
}

void TestResponseInspector::notSent()
{
    ResponseInspector inspector;
    inspector.show();
    transport::SendRequest nowhere = request("");
    inspector.showResult(finish({}, {}, transport::Verdict::Invalid, "not sent: no URL for event_processing_request"), nowhere);
    QCOMPARE(labelText(inspector, "statusLabel"), QStringLiteral("no response"));
    QCOMPARE(labelText(inspector, "verdictLabel"), QStringLiteral("invalid · not accepted"));
    QCOMPARE(labelText(inspector, "timeLabel"), QStringLiteral("not sent"));
    QCOMPARE(child<QTreeWidget>(inspector, "attemptsTable")->topLevelItemCount(), 0);
    QCOMPARE(inspector.shownAttempt(), -1);
    QVERIFY(child<TimingWaterfall>(inspector, "timingWaterfall")->bars().isEmpty());
    const QString raw = child<QPlainTextEdit>(inspector, "rawText")->toPlainText();
    QVERIFY(raw.contains(QStringLiteral("(no response)")));
    QVERIFY(!raw.contains(QString::fromStdString(token)));
}

void TestResponseInspector::httpsShowsTls()
{
    ResponseInspector inspector;
    inspector.show();
    Attempt secure = attempt(200, validResponse(), 40'000);
    secure.timings = timings(40'000, true);
    secure.tls = transport::TlsInfo{"TLSv1.3", "CN=localhost", "CN=Test CA", "Jan  1 00:00:00 2025 GMT",
                                    "Jan  1 00:00:00 2035 GMT", true, ""};
    inspector.showResult(finish("https://localhost:8443/", {secure}, transport::Verdict::Success, "200"),
                         request("https://localhost:8443/"));
    auto *tls = child<QLabel>(inspector, "tlsLabel");
    QVERIFY(!tls->isHidden());
    QCOMPARE(tls->text(), QStringLiteral("TLS: TLSv1.3 · subject CN=localhost · issuer CN=Test CA · valid Jan  1 00:00:00 "
                                         "2025 GMT to Jan  1 00:00:00 2035 GMT · verified"));
    QVERIFY(child<QPlainTextEdit>(inspector, "rawText")->toPlainText().startsWith(QStringLiteral("* TLSv1.3 · subject CN=localhost")));
    const auto bars = child<TimingWaterfall>(inspector, "timingWaterfall")->bars();
    QCOMPARE(bars.at(2).label, QStringLiteral("TLS"));
    QCOMPARE(bars.at(2).startMs, 0.4);
    QCOMPARE(bars.at(2).lengthMs, 5.0);
}

void TestResponseInspector::largeBodyFormatsOffThread()
{
    // About 2 MB of JSON: an array of 24,000 objects.
    protocol::Json big = protocol::Json::object();
    big["type"] = "event_processing_response";
    protocol::Json &items = big["items"] = protocol::Json::array();
    for (int i = 0; i < 24'000; ++i)
        items.push_back({{"index", i}, {"name", "item number " + std::to_string(i)}, {"padding", std::string(40, 'p')}});
    const std::string body = big.dump();
    QVERIFY(body.size() > 2'000'000);

    ResponseInspector inspector;
    inspector.show();
    QSignalSpy shown(&inspector, &ResponseInspector::bodyShown);
    // The longest the event loop went without turning, while the body was formatted and shown.
    QElapsedTimer sinceTick;
    qint64 longestStallMs = 0;
    QTimer ticker;
    ticker.setInterval(5);
    connect(&ticker, &QTimer::timeout, this, [&] {
        longestStallMs = std::max(longestStallMs, sinceTick.restart());
    });
    const SendResult result = finish("http://127.0.0.1:8080/", {attempt(200, body, 9'000)}, transport::Verdict::Success, "200");
    const transport::SendRequest sent = request();
    QElapsedTimer timer;
    timer.start();
    inspector.showResult(result, sent);
    const qint64 showMs = timer.elapsed();
    sinceTick.start();
    ticker.start();
    QVERIFY(inspector.isFormatting());
    QVERIFY(child<QPlainTextEdit>(inspector, "bodyText")->toPlainText().startsWith(QStringLiteral("Formatting 2.")));
    QVERIFY(shown.wait(20'000));
    QVERIFY(!inspector.isFormatting());
    ticker.stop();
    longestStallMs = std::max(longestStallMs, sinceTick.elapsed());
    qInfo("showResult on the GUI thread: %lld ms; formatted after %lld ms; longest event-loop stall meanwhile %lld ms",
          showMs, timer.elapsed(), longestStallMs);

    const QString text = child<QPlainTextEdit>(inspector, "bodyText")->toPlainText();
    QVERIFY(text.startsWith(QStringLiteral("{\n  \"type\": \"event_processing_response\",\n  \"items\": [\n")));
    QVERIFY(text.size() > qsizetype(body.size()));
    auto *model = qobject_cast<JsonTreeModel *>(child<QTreeView>(inspector, "jsonTree")->model());
    QCOMPARE(model->rowCount(), 2);
    const QModelIndex itemsIndex = model->index(1, 0);
    QCOMPARE(itemsIndex.siblingAtColumn(JsonTreeModel::ValueColumn).data().toString(), QStringLiteral("[24000 elements]"));
    QCOMPARE(model->rowCount(itemsIndex), 0); // nothing made until someone looks
    QVERIFY(model->canFetchMore(itemsIndex));
    model->fetchMore(itemsIndex);
    QCOMPARE(model->rowCount(itemsIndex), JsonTreeModel::fetchChunk);

    // The raw tab shows the start of it only.
    QVERIFY(child<QPlainTextEdit>(inspector, "rawText")->toPlainText().size() < 3 * qsizetype(ResponseInspector::rawBodyLimit));

    // Switching away while formatting drops the stale result.
    inspector.showResult(finish({}, {attempt(200, body, 9'000)}, transport::Verdict::Success, "200"), request());
    inspector.showResult(finish({}, {attempt(200, R"({"small":true})", 1'000)}, transport::Verdict::Success, "200"),
                         request());
    QTest::qWait(500);
    QCOMPARE(child<QPlainTextEdit>(inspector, "bodyText")->toPlainText(), QStringLiteral("{\n  \"small\": true\n}"));
}

void TestResponseInspector::bodyUnderTheThresholdFormatsAtOnce()
{
    protocol::Json document = protocol::Json::array();
    std::string body;
    for (int i = 0; body.size() < ResponseInspector::offThreadFormatBytes - 4'000; ++i) {
        document.push_back({{"index", i}, {"name", "item " + std::to_string(i)}});
        if (i % 100 == 0)
            body = document.dump();
    }
    QVERIFY(body.size() <= ResponseInspector::offThreadFormatBytes);
    const SendResult result = finish({}, {attempt(200, body, 1'000)}, transport::Verdict::Success, "200");
    ResponseInspector inspector;
    inspector.show();
    QSignalSpy shown(&inspector, &ResponseInspector::bodyShown);
    QElapsedTimer timer;
    timer.start();
    inspector.showResult(result, request());
    qInfo("a %zu-byte body shown in %lld ms on the GUI thread", body.size(), timer.elapsed());
    QVERIFY(!inspector.isFormatting());
    QCOMPARE(shown.size(), 1);
    QVERIFY(child<QPlainTextEdit>(inspector, "bodyText")->toPlainText().startsWith(QStringLiteral("[\n  {\n    \"index\": 0,")));
}

void TestResponseInspector::hugeRequestBodyIsCutInRaw()
{
    ResponseInspector inspector;
    transport::SendRequest big = request();
    big.body = std::string(3 * 1024 * 1024, 'x');
    inspector.showResult(finish({}, {attempt(200, validResponse(), 1'000)}, transport::Verdict::Success, "200"), big);
    const QString raw = child<QPlainTextEdit>(inspector, "rawText")->toPlainText();
    QVERIFY(raw.size() < 3 * qsizetype(ResponseInspector::rawBodyLimit));
    QVERIFY(raw.contains(QStringLiteral("Content-Length: 3145728")));
    QVERIFY(raw.contains(QStringLiteral("more not shown (3.0 MB in all)")));
}

void TestResponseInspector::waterfallBars()
{
    transport::PhaseTimings t;
    t.dnsUs = 1'000;
    t.connectUs = 3'000;
    t.requestSentUs = 3'500;
    t.firstByteUs = 23'500;
    t.totalUs = 25'500;
    TimingWaterfall waterfall;
    waterfall.setTimings(t, false);
    struct Expected { const char *label; double start; double length; };
    const Expected expected[] = {{"DNS", 0, 1}, {"Connect", 1, 2}, {"TLS", 3, 0}, {"Request sent", 3, 0.5},
                                 {"Waiting (first byte)", 3.5, 20}, {"Download", 23.5, 2}, {"Total", 0, 25.5}};
    QCOMPARE(waterfall.bars().size(), qsizetype(std::size(expected)));
    for (std::size_t i = 0; i < std::size(expected); ++i) {
        const auto &bar = waterfall.bars().at(qsizetype(i));
        QCOMPARE(bar.label, QString::fromUtf8(expected[i].label));
        QCOMPARE(bar.startMs, expected[i].start);
        QCOMPARE(bar.lengthMs, expected[i].length);
    }
    QCOMPARE(waterfall.scaleMs(), 110.0); // the budget, plus 10%
    QCOMPARE(waterfall.description(),
             QStringLiteral("DNS 1.00 ms, Connect 2.00 ms, TLS none (http), Request sent 0.50 ms, Waiting (first byte) 20.0 ms, "
                            "Download 2.00 ms; total 25.5 ms, within the 100 ms budget."));
    QCOMPARE(waterfall.toolTip(), waterfall.description());
    QCOMPARE(waterfall.accessibleDescription(), waterfall.description());

    // Over the budget the axis follows the total; a reused connection reports no DNS/connect.
    t = {};
    t.requestSentUs = 200;
    t.firstByteUs = 240'000;
    t.totalUs = 250'000;
    waterfall.setTimings(t, true);
    QCOMPARE(waterfall.scaleMs(), 275.0);
    QCOMPARE(waterfall.bars().at(0).lengthMs, 0.0);
    QCOMPARE(waterfall.bars().at(2).lengthMs, 0.0);
    QCOMPARE(waterfall.bars().at(3).lengthMs, 0.2);
    QCOMPARE(waterfall.bars().at(4).startMs, 0.2);
    QVERIFY(waterfall.description().endsWith(QStringLiteral("over the 100 ms budget.")));

    waterfall.clear();
    QVERIFY(waterfall.bars().isEmpty());
}

void TestResponseInspector::waterfallPaintsInLightAndDark()
{
    TimingWaterfall waterfall;
    waterfall.setTimings(timings(130'000, true), true);
    waterfall.resize(waterfall.sizeHint());
    for (const bool dark : {false, true}) {
        QPalette palette;
        palette.setColor(QPalette::Window, dark ? QColor(30, 30, 30) : QColor(245, 245, 245));
        palette.setColor(QPalette::Base, dark ? QColor(20, 20, 20) : QColor(Qt::white));
        palette.setColor(QPalette::Text, dark ? QColor(Qt::white) : QColor(Qt::black));
        waterfall.setPalette(palette);
        const QImage image = waterfall.grab().toImage();
        QVERIFY(!image.isNull());
        // The background is the palette's base colour, and bars are drawn on it.
        QCOMPARE(image.pixelColor(image.width() - 2, image.height() - 2), palette.color(QPalette::Base));
        int coloured = 0;
        for (int x = 0; x < image.width(); ++x) {
            const QColor pixel = image.pixelColor(x, image.height() / 2);
            coloured += pixel.hslSaturation() > 60;
        }
        QVERIFY(coloured > 10);
    }
}

void TestResponseInspector::copyAsCurlRedactsUnlessRevealed()
{
    ResponseInspector inspector;
    inspector.show();
    inspector.showResult(finish({}, {attempt(200, validResponse(), 1'000)}, transport::Verdict::Success, "200"),
                         request());
    QSignalSpy copied(&inspector, &ResponseInspector::copyAsCurlRequested);
    QGuiApplication::clipboard()->clear();
    child<QAction>(inspector, "copyAsCurl")->trigger();
    QString text = QGuiApplication::clipboard()->text();
    QVERIFY(text.startsWith(QStringLiteral("curl -X POST 'http://127.0.0.1:8080/firehose'")));
    QVERIFY(!text.contains(QString::fromStdString(token)));
    QVERIFY(text.contains(QStringLiteral("-H 'Authorization: Token ••••wxyz'")));
    QCOMPARE(copied.size(), 1);
    QCOMPARE(copied.at(0).at(0).toBool(), false);

    child<QAction>(inspector, "copyAsCurlRevealed")->trigger();
    text = QGuiApplication::clipboard()->text();
    QVERIFY(text.contains(QStringLiteral("-H 'Authorization: Token %1'").arg(QString::fromStdString(token))));
    QCOMPARE(copied.size(), 2);
    QCOMPARE(copied.at(1).at(0).toBool(), true);

    // The shortcut works anywhere in the inspector.
    inspector.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&inspector));
    QGuiApplication::clipboard()->clear();
    child<QTreeView>(inspector, "jsonTree")->setFocus();
    QTest::keyClick(QApplication::focusWidget() ? QApplication::focusWidget() : &inspector, Qt::Key_C,
                    Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_VERIFY(QGuiApplication::clipboard()->text().startsWith(QStringLiteral("curl ")));

    // Without a token there is nothing to reveal.
    transport::SendRequest anonymous = request();
    anonymous.options.token.clear();
    inspector.showResult(finish({}, {attempt(200, validResponse(), 1'000)}, transport::Verdict::Success, "200"),
                         anonymous);
    QVERIFY(child<QAction>(inspector, "copyAsCurl")->isEnabled());
    QVERIFY(!child<QAction>(inspector, "copyAsCurlRevealed")->isEnabled());
}

void TestResponseInspector::rawNeverContainsTheToken()
{
    ResponseInspector inspector;
    // A careless server echoes the token back in a header and the body.
    Attempt echoed = attempt(401, R"({"error":"bad token )" + token + R"("})", 1'000);
    echoed.headers.emplace_back("X-Echo-Authorization", "Token " + token);
    inspector.showResult(finish("http://127.0.0.1:8080/firehose?x=1", {echoed}, transport::Verdict::FinalStatus, "401"),
                         request("http://127.0.0.1:8080/firehose?x=1"));
    const QString raw = child<QPlainTextEdit>(inspector, "rawText")->toPlainText();
    QVERIFY(!raw.contains(QString::fromStdString(token)));
    QVERIFY(raw.startsWith(QStringLiteral("POST /firehose?x=1 HTTP/1.1\nHost: 127.0.0.1:8080\nContent-Type: application/json\n"
                                          "Authorization: Token ••••wxyz\nUser-Agent: ")));
    QVERIFY(raw.contains(QStringLiteral("\n\nHTTP/1.1 401 Unauthorized\nContent-Type: application/json\n")));
    QVERIFY(raw.contains(QStringLiteral("X-Echo-Authorization: Token ••••wxyz")));
    QVERIFY(raw.contains(QString::fromStdString(request().body)));
    QVERIFY(!raw.contains(QStringLiteral("Expect:")));
}

void TestResponseInspector::treeModelPointersAndLaziness()
{
    JsonTreeModel model;
    QCOMPARE(model.rowCount(), 0);
    protocol::Json document = {{"a/b", {{"c~d", 1}}}, {"list", protocol::Json::array()}};
    for (int i = 0; i < 1'200; ++i)
        document["list"].push_back({{"n", i}});
    model.setDocument(std::make_shared<const protocol::Json>(document));
    QCOMPARE(model.rowCount(), 2);
    const QModelIndex deep = model.indexForPointer(QStringLiteral("/a~1b/c~0d"));
    QVERIFY(deep.isValid());
    QCOMPARE(deep.data().toString(), QStringLiteral("c~d"));
    QCOMPARE(model.pointerFor(deep), QStringLiteral("/a~1b/c~0d"));
    QCOMPARE(deep.siblingAtColumn(JsonTreeModel::TypeColumn).data().toString(), QStringLiteral("number"));

    const QModelIndex far = model.indexForPointer(QStringLiteral("/list/1100/n"));
    QVERIFY(far.isValid());
    QCOMPARE(model.pointerFor(far), QStringLiteral("/list/1100/n"));
    QCOMPARE(far.siblingAtColumn(JsonTreeModel::ValueColumn).data().toString(), QStringLiteral("1100"));
    QCOMPARE(model.rowCount(model.index(1, 0)), 1'200); // made in whole chunks up to the one asked for
    QCOMPARE(model.pointerFor(model.indexForPointer(QStringLiteral("/list/5000"))), QStringLiteral("/list"));

    model.setDocument(std::make_shared<const protocol::Json>("just a string"));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("(value)"));
    QCOMPARE(model.index(0, 1).data().toString(), QStringLiteral("just a string"));
    QVERIFY(!model.hasChildren(model.index(0, 0)));
    model.setDocument(nullptr);
    QCOMPARE(model.rowCount(), 0);
}

// A Lambda invocation: a function error on a cold start, then a warm success; the Lambda section shows
// each attempt's function error and REPORT, and is hidden for an HTTP answer.
void TestResponseInspector::lambdaReportAndFunctionError()
{
    ResponseInspector inspector;
    inspector.show();
    transport::LambdaReport cold{"c0ffee-1", 212.5, 213, 256, 71, 180.52};
    transport::LambdaReport warm{"c0ffee-2", 3.25, 4, 256, 72, std::nullopt};
    Attempt failed = attempt(200, R"({"errorMessage":"boom","errorType":"Error"})", 400'000);
    failed.lambda = transport::LambdaInvocation{"Unhandled", "$LATEST", "REPORT RequestId: c0ffee-1 ...", cold};
    Attempt succeeded = attempt(200, validResponse(), 5'000, 100ms);
    succeeded.lambda = transport::LambdaInvocation{"", "$LATEST", "REPORT RequestId: c0ffee-2 ...", warm};
    const SendResult result = finish("http://127.0.0.1:9001/2015-03-31/functions/acme/invocations",
                                     {failed, succeeded}, transport::Verdict::Success, "200 after 2 attempts");
    inspector.showResult(result, request());

    auto *section = child<QLabel>(inspector, "lambdaLabel");
    QVERIFY(section->isVisible());
    QCOMPARE(section->text(), QStringLiteral("Lambda: Duration 3.25 ms · Billed 4 ms · Memory 256 MB · Max Memory 72 MB · "
                                             "version $LATEST"));
    inspector.showAttempt(0);
    QVERIFY(section->text().startsWith(QStringLiteral("Lambda: function error Unhandled · Duration 212.5 ms")));
    QVERIFY(section->text().contains(QStringLiteral("Init Duration 180.5 ms (cold start)")));

    // No REPORT line: said so rather than left blank.
    transport::LambdaInvocation bare;
    bare.functionError = "Handled";
    QCOMPARE(gui::inspector::lambdaSummary(bare), QStringLiteral("function error Handled · no REPORT line in the log tail"));

    inspector.showResult(finish("http://127.0.0.1:8080/firehose", {attempt(200, validResponse(), 1'000)},
                                transport::Verdict::Success, "200"),
                         request());
    QVERIFY(section->isHidden());
}

QTEST_MAIN(TestResponseInspector)
#include "tst_responseinspector.moc"
