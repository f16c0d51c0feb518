// HistoryStore: entries written atomically and never with the token, the bound, the index (appended,
// rebuilt when lost or damaged, compacted), a restart, search, and appends killed at random moments.

#include "protocol/parse.h"
#include "workspace/historystore.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <iostream>
#include <set>
#include <thread>

using namespace fhw;
using namespace fhw::workspace;
using namespace std::chrono_literals;

namespace {

const std::string token = "s3cr3t-T0KEN-abcdefghijklmnop-9876"; // never to be written

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeAll(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(bytes), bytes.size());
}

std::string batchBody(int n, std::size_t padding = 0)
{
    protocol::Json body{{"type", "event_processing_request"},
                        {"id", "request-" + std::to_string(n)},
                        {"timestamp_ms", 1700000000000 + n},
                        {"events", protocol::Json::array({protocol::Json{{"type", "custom_event"}, {"data", {{"event_name", "needle-in-body-" + std::to_string(n)}}}}})}};
    if (padding)
        body["padding"] = std::string(padding, 'p');
    return body.dump(2);
}

transport::SendRequest makeRequest(int n, const std::string &withToken = token, std::size_t padding = 0)
{
    transport::SendRequest request;
    request.target.url = "http://127.0.0.1:8080/firehose/" + std::to_string(n);
    request.type = protocol::MessageType::EventProcessingRequest;
    request.body = batchBody(n, padding);
    request.options.token = withToken;
    return request;
}

transport::SendResult makeResult(const transport::SendRequest &request, long status = 200, int attempts = 1)
{
    transport::SendResult result;
    result.url = request.target.urlFor(request.type);
    result.requestType = request.type;
    for (int i = 1; i <= attempts; ++i) {
        transport::Attempt attempt;
        attempt.number = i;
        attempt.delayBefore = std::chrono::milliseconds(i == 1 ? 0 : 100 * i);
        attempt.status = i == attempts ? status : 503;
        attempt.headers = {{"Content-Type", "application/json"}, {"X-Request-Id", "abc"}};
        attempt.body = "{\"type\":\"event_processing_response\",\"id\":\"x\"}";
        attempt.timings.totalUs = 12'345 * i;
        result.attempts.push_back(attempt);
    }
    result.verdict = status == 200 ? transport::Verdict::Success : transport::Verdict::FinalStatus;
    result.summary = std::to_string(status) + " after " + std::to_string(attempts) + " attempt(s)";
    result.response = protocol::Json{{"type", "event_processing_response"}, {"id", "x"}};
    return result;
}

std::expected<HistoryRow, Error> appendOne(HistoryStore &store, int n, long status = 200)
{
    const auto request = makeRequest(n);
    return store.append(makeResult(request, status), request);
}

QStringList entryFiles(const QString &dir)
{
    QStringList out;
    for (const QString &name : QDir(dir).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        if (history::isId(name.chopped(5).toStdString()))
            out << name;
    }
    return out;
}

std::vector<std::string> ids(const std::vector<HistoryRow> &rows)
{
    std::vector<std::string> out;
    for (const HistoryRow &row : rows)
        out.push_back(row.id);
    return out;
}

// The child: appends entries with ~1 MB bodies into `dir` until killed.
int appendLoop(const QString &dir)
{
    HistoryStore store(dir, 1000);
    for (int n = 0;; ++n) {
        const auto request = makeRequest(n, token, 1'000'000);
        if (!store.append(makeResult(request), request))
            return 3;
        std::cout << n << std::endl;
    }
}

} // namespace

class TestHistoryStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void appendListLoad()
    {
        QTemporaryDir dir;
        HistoryStore store(dir.path());
        std::vector<HistoryRow> appended;
        for (int n = 0; n < 3; ++n) {
            auto row = appendOne(store, n, n == 2 ? 400 : 200);
            QVERIFY2(row, row ? "" : row.error().message.c_str());
            appended.push_back(*row);
        }
        QVERIFY(appended[0].id < appended[1].id && appended[1].id < appended[2].id);
        QVERIFY(history::isId(appended[0].id));
        QCOMPARE(appended[2].status, 400L);
        QCOMPARE(appended[2].verdict, std::string("final-status"));
        QCOMPARE(appended[1].url, std::string("http://127.0.0.1:8080/firehose/1"));
        QCOMPARE(appended[1].type, std::string("event_processing_request"));
        QCOMPARE(appended[1].ms, 12.345);
        QCOMPARE(appended[1].attempts, 1);
        QVERIFY2(appended[1].excerpt.starts_with("{\"id\": \"request-1\", \"timestamp_ms\": 1700000000001,"),
                 appended[1].excerpt.c_str()); // without the "type" member: the type has its own column
        QVERIFY(appended[1].excerpt.size() <= history::excerptLength);
        QVERIFY2(appended[1].time.ends_with("Z") && appended[1].time.size() == 24, appended[1].time.c_str());

        const auto rows = store.list();
        QVERIFY(rows);
        QCOMPARE(*rows, appended);
        QCOMPARE(entryFiles(dir.path()).size(), 3);

        const auto entry = store.load(appended[1].id);
        QVERIFY2(entry, entry ? "" : entry.error().message.c_str());
        QCOMPARE(entry->type, protocol::MessageType::EventProcessingRequest);
        QCOMPARE(entry->body, batchBody(1));
        QCOMPARE(entry->row, appended[1]);
        const protocol::Json &document = entry->document;
        QCOMPARE(document["format"].get<std::string>(), std::string("firehose-workbench/history-entry"));
        QVERIFY(document["request"]["body"].is_object()); // embedded as JSON
        QCOMPARE(document["result"]["verdict"].get<std::string>(), std::string("success"));
        QCOMPARE(document["result"]["attempts"][0]["status"].get<int>(), 200);
        bool redactedHeader = false;
        for (const auto &header : document["request"]["headers"]) {
            if (header[0] == "Authorization") {
                QCOMPARE(header[1].get<std::string>(), std::string("Token \u2022\u2022\u2022\u20229876"));
                redactedHeader = true;
            }
        }
        QVERIFY(redactedHeader);
        // Pretty JSON with a trailing newline, like every workspace file.
        const QByteArray file = readAll(store.entryPath(appended[1].id));
        QVERIFY(file.startsWith("{\n  \"format\": \"firehose-workbench/history-entry\",\n  \"version\": 1,\n  \"id\": "));
        QVERIFY(file.endsWith("}\n"));

        QCOMPARE(store.load("0000000099-abcdef").error().code, std::string("history.not-found"));
        QCOMPARE(store.load("../workspace").error().code, std::string("history.not-found"));
    }

    void indexLines()
    {
        HistoryRow row;
        row.id = "0000000123-abcdef";
        row.time = "2026-01-31T12:00:00.123Z";
        row.type = "dsr_processing_request";
        row.url = "http://h/\"quoted\"\\back\tslash/\u00fc\u20ac\U0001F600";
        row.status = 503;
        row.verdict = "exhausted";
        row.ms = 1234.5678;
        row.attempts = 5;
        row.summary = "line\nbreak \x01 control";
        row.excerpt = "{\"id\": \"x\"}";
        const std::string line = history::indexLine(row);
        QVERIFY(line.ends_with("}\n") && std::ranges::count(line, '\n') == 1);
        auto parsed = history::parseIndexLine(std::string_view(line).substr(0, line.size() - 1));
        QVERIFY(parsed);
        QCOMPARE(parsed->kind, history::IndexLine::Kind::Row);
        QCOMPARE(parsed->row, row);
        // Escapes the fast reader decodes itself, and a hand-edited line it leaves to nlohmann.
        parsed = history::parseIndexLine("{\"id\":\"0000000001-000000\",\"url\":\"a\\u00e9\\ud83d\\ude00\\/\"}");
        QVERIFY(parsed);
        QCOMPARE(parsed->row.url, std::string("a\u00e9\U0001F600/"));
        parsed = history::parseIndexLine("  {\n \"id\" : \"0000000001-000000\", \"extra\": {\"nested\": [1]}, \"status\": 200 }  ");
        QVERIFY(parsed);
        QCOMPARE(parsed->row.status, 200L);
        QCOMPARE(history::parseIndexLine(history::removalLine("0000000001-000000"))->kind, history::IndexLine::Kind::Removal);
        QCOMPARE(history::parseIndexLine(history::headerLine())->kind, history::IndexLine::Kind::Header);
        QVERIFY(!history::parseIndexLine("{\"id\": \"../../etc/passwd\"}"));
        QVERIFY(!history::parseIndexLine("{\"removed\": \"x\"}"));
        QVERIFY(!history::parseIndexLine("{\"format\": \"firehose-workbench/history-index\", \"version\": 2}"));
        QVERIFY(!history::parseIndexLine("{\"id\": \"0000000001-000000\""));
        QVERIFY(!history::parseIndexLine("{\"id\": \"0000000001-0"));
        QVERIFY(!history::parseIndexLine(""));
    }

    void tokenNeverWritten()
    {
        QTemporaryDir dir;
        HistoryStore store(dir.path());
        // The token everywhere it could sneak in: the body, the URL, an echoing endpoint.
        auto request = makeRequest(1);
        request.body = "{\"type\":\"event_processing_request\",\"note\":\"" + token + "\"}";
        request.target.url = "http://127.0.0.1:1/x?token=" + token;
        auto result = makeResult(request);
        result.attempts[0].headers.emplace_back("X-Echo-Authorization", "Token " + token);
        result.attempts[0].headers.emplace_back(token, "as a header name");
        result.attempts[0].body = "you sent " + token;
        result.attempts[0].errorText = token;
        result.summary = "echo " + token;
        result.response = protocol::Json{{"echo", token}, {token, 1}};
        result.findings.push_back(protocol::Finding{protocol::Severity::Warning, "/" + token, "x", token});
        auto row = store.append(result, request);
        QVERIFY(row);
        // A non-JSON body too.
        auto plain = makeRequest(2);
        plain.body = "not json " + token;
        QVERIFY(store.append(makeResult(plain), plain));
        // And a registration, which sends no Authorization header at all.
        auto registration = makeRequest(3);
        registration.type = protocol::MessageType::ModuleRegistrationRequest;
        QVERIFY(store.append(makeResult(registration), registration));

        int scanned = 0;
        QDirIterator it(dir.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            const QByteArray bytes = readAll(path);
            QVERIFY2(!bytes.contains(QByteArray::fromStdString(token)), qPrintable(path));
            QVERIFY2(!bytes.contains("s3cr3t"), qPrintable(path));
            ++scanned;
        }
        QCOMPARE(scanned, 4); // three entries and the index
        const auto entry = store.load(row->id);
        QVERIFY(entry);
        QCOMPARE(entry->document["url"].get<std::string>(), std::string("http://127.0.0.1:1/x?token=\u2022\u2022\u2022\u2022"));
        QVERIFY(entry->body.find("\u2022\u2022\u2022\u2022") != std::string::npos);
        QVERIFY(entry->document["result"]["response"].contains("\u2022\u2022\u2022\u2022"));
    }

    void boundEnforced()
    {
        QTemporaryDir dir;
        HistoryStore store(dir.path(), 5);
        std::vector<HistoryStore::Change> changes;
        store.subscribe([&](const HistoryStore::Change &change) { changes.push_back(change); });
        std::vector<std::string> appended;
        for (int n = 0; n < 8; ++n)
            appended.push_back(appendOne(store, n)->id);
        const auto rows = store.list();
        QCOMPARE(ids(*rows), std::vector<std::string>(appended.begin() + 3, appended.end()));
        QCOMPARE(entryFiles(dir.path()).size(), 5);
        QCOMPARE(changes.size(), std::size_t(8 + 3));
        QCOMPARE(changes.back().kind, HistoryStore::Change::Kind::Removed);
        QCOMPARE(changes.back().ids, std::vector<std::string>{appended[2]});
        for (std::size_t i = 1; i < changes.size(); ++i)
            QVERIFY(changes[i].revision > changes[i - 1].revision);

        // A lower bound applies at once with trim(), and survives a restart.
        store.setMaxEntries(2);
        QVERIFY(store.trim());
        QCOMPARE(changes.back().ids, (std::vector<std::string>{appended[3], appended[4], appended[5]}));
        HistoryStore again(dir.path(), 2);
        QCOMPARE(ids(*again.list()), (std::vector<std::string>{appended[6], appended[7]}));
        QVERIFY(!again.loadReport().indexRebuilt);
    }

    void survivesRestart()
    {
        QTemporaryDir dir;
        std::vector<HistoryRow> rows;
        {
            HistoryStore store(dir.path());
            for (int n = 0; n < 5; ++n)
                rows.push_back(*appendOne(store, n));
            QVERIFY(store.remove(rows[1].id));
            rows.erase(rows.begin() + 1);
        }
        HistoryStore store(dir.path());
        QCOMPARE(*store.list(), rows);
        const HistoryStore::LoadReport report = store.loadReport();
        QVERIFY(!report.indexRebuilt);
        QCOMPARE(report.entriesIndexed, 0);
        QCOMPARE(report.linesDropped, 0);
        // Appending after a restart continues the sequence.
        const auto next = appendOne(store, 9);
        QVERIFY(next->id > rows.back().id);
        QCOMPARE(history::sequenceOf(next->id), history::sequenceOf(rows.back().id) + 1);
        QCOMPARE(*store.size(), std::size_t(5));
    }

    void indexRebuiltWhenMissing()
    {
        QTemporaryDir dir;
        std::vector<HistoryRow> rows;
        {
            HistoryStore store(dir.path());
            for (int n = 0; n < 5; ++n)
                rows.push_back(*appendOne(store, n, n % 2 ? 503 : 200));
            QVERIFY(QFile::remove(store.indexPath()));
        }
        HistoryStore store(dir.path());
        QCOMPARE(*store.list(), rows);
        QVERIFY(store.loadReport().indexRebuilt);
        QCOMPARE(store.loadReport().entriesIndexed, 5);
        QVERIFY(QFile::exists(store.indexPath()));
        HistoryStore third(dir.path());
        QCOMPARE(*third.list(), rows);
        QVERIFY(!third.loadReport().indexRebuilt);
    }

    void indexRepaired_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::newRow("last line cut mid-line") << QStringLiteral("truncate");
        QTest::newRow("garbage line in the middle") << QStringLiteral("garbage");
        QTest::newRow("no header") << QStringLiteral("header");
        QTest::newRow("empty") << QStringLiteral("empty");
        QTest::newRow("an entry file deleted") << QStringLiteral("file");
        QTest::newRow("line never written") << QStringLiteral("unlisted");
    }

    void indexRepaired()
    {
        QFETCH(QString, damage);
        QTemporaryDir dir;
        std::vector<HistoryRow> rows;
        QString indexPath;
        {
            HistoryStore store(dir.path());
            for (int n = 0; n < 5; ++n)
                rows.push_back(*appendOne(store, n));
            indexPath = store.indexPath();
            if (damage == QLatin1String("file")) {
                QVERIFY(QFile::remove(store.entryPath(rows[2].id)));
                rows.erase(rows.begin() + 2);
            }
        }
        QByteArray index = readAll(indexPath);
        QList<QByteArray> lines = index.split('\n');
        QCOMPARE(lines.size(), 7); // header, 5 rows, "" after the last newline
        if (damage == QLatin1String("truncate"))
            index.chop(lines[5].size() / 2 + 1);
        else if (damage == QLatin1String("garbage"))
            index.replace(lines[3], "{\"id\": \"0000000003-");
        else if (damage == QLatin1String("header"))
            index.remove(0, lines[0].size() + 1);
        else if (damage == QLatin1String("empty"))
            index.clear();
        else if (damage == QLatin1String("unlisted"))
            index.chop(lines[5].size() + 1);
        if (damage != QLatin1String("file"))
            writeAll(indexPath, index);

        HistoryStore store(dir.path());
        const auto listed = store.list();
        QVERIFY2(listed, listed ? "" : listed.error().message.c_str());
        QCOMPARE(*listed, rows);
        QVERIFY(store.loadReport().indexRebuilt);
        // Repaired for good: appends continue, and the next start finds nothing to fix.
        rows.push_back(*appendOne(store, 7));
        HistoryStore again(dir.path());
        QCOMPARE(*again.list(), rows);
        QVERIFY(!again.loadReport().indexRebuilt);
        QVERIFY(readAll(indexPath).endsWith('\n'));
    }

    void staleTemporariesRemoved()
    {
        QTemporaryDir dir;
        std::string id;
        {
            HistoryStore store(dir.path());
            id = appendOne(store, 1)->id;
        }
        // What a process killed inside QSaveFile::commit() may leave: old ones go, a fresh one stays.
        const QStringList leftovers{QString::fromStdString(id) + QStringLiteral(".json.aB3xYz"),
                                    QStringLiteral("index.jsonl.Qw12Er"), QStringLiteral("0000000009-abcdef.json.zzzzzz")};
        for (const QString &name : leftovers) {
            QFile file(QDir(dir.path()).filePath(name));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("{\"partial");
            file.flush();
            if (name != leftovers.last())
                QVERIFY(file.setFileTime(QDateTime::currentDateTime().addSecs(-3600), QFileDevice::FileModificationTime));
        }
        QFile unrelated(QDir(dir.path()).filePath(QStringLiteral("notes.txt.abcdef")));
        QVERIFY(unrelated.open(QIODevice::WriteOnly));
        unrelated.setFileTime(QDateTime::currentDateTime().addSecs(-3600), QFileDevice::FileModificationTime);
        unrelated.close();

        HistoryStore store(dir.path());
        QCOMPARE(store.list()->size(), std::size_t(1));
        QCOMPARE(store.loadReport().temporariesRemoved, 2);
        QVERIFY(!QFile::exists(QDir(dir.path()).filePath(leftovers[0])));
        QVERIFY(!QFile::exists(QDir(dir.path()).filePath(leftovers[1])));
        QVERIFY(QFile::exists(QDir(dir.path()).filePath(leftovers[2])));
        QVERIFY(QFile::exists(unrelated.fileName()));
    }

    void removeAndClear()
    {
        QTemporaryDir dir;
        HistoryStore store(dir.path());
        std::vector<std::string> appended;
        for (int n = 0; n < 4; ++n)
            appended.push_back(appendOne(store, n)->id);
        QVERIFY(store.remove(appended[0]));
        QCOMPARE(store.remove(appended[0]).error().code, std::string("history.not-found"));
        QCOMPARE(store.remove("nonsense").error().code, std::string("history.not-found"));
        QVERIFY(!QFile::exists(store.entryPath(appended[0])));
        QCOMPARE(ids(*store.list()), std::vector<std::string>(appended.begin() + 1, appended.end()));
        QCOMPARE(ids(*HistoryStore(dir.path()).list()), std::vector<std::string>(appended.begin() + 1, appended.end()));

        bool cleared = false;
        store.subscribe([&](const HistoryStore::Change &change) { cleared = change.kind == HistoryStore::Change::Kind::Cleared; });
        QVERIFY(store.clear());
        QVERIFY(cleared);
        QVERIFY(store.list()->empty());
        QVERIFY(entryFiles(dir.path()).isEmpty());
        QVERIFY(HistoryStore(dir.path()).list()->empty());
        QVERIFY(appendOne(store, 10));
        QCOMPARE(store.list()->size(), std::size_t(1));
    }

    void indexCompacted()
    {
        QTemporaryDir dir;
        HistoryStore store(dir.path(), 2);
        std::vector<std::string> appended;
        for (int n = 0; n < 150; ++n)
            appended.push_back(appendOne(store, n)->id);
        // Each trimmed entry costs two index lines until the index is rewritten (past 2 × live + 256 dead
        // lines): 148 trims, so it was rewritten once.
        const qsizetype lines = readAll(store.indexPath()).count('\n');
        QVERIFY2(lines < 1 + 2 + 2 * 148, qPrintable(QString::number(lines)));
        QCOMPARE(ids(*store.list()), std::vector<std::string>(appended.end() - 2, appended.end()));
        HistoryStore again(dir.path(), 2);
        QCOMPARE(ids(*again.list()), std::vector<std::string>(appended.end() - 2, appended.end()));
        QVERIFY(!again.loadReport().indexRebuilt);
    }

    void search()
    {
        QTemporaryDir dir;
        HistoryStore store(dir.path());
        for (int n = 0; n < 6; ++n)
            QVERIFY(appendOne(store, n, n == 4 ? 503 : 200));
        const auto byUrl = store.search("FIREHOSE/3");
        QCOMPARE(byUrl->size(), std::size_t(1));
        QCOMPARE(byUrl->front().url, std::string("http://127.0.0.1:8080/firehose/3"));
        QCOMPARE(store.search("503")->size(), std::size_t(1));
        QCOMPARE(store.search("final-status")->size(), std::size_t(1));
        QCOMPARE(store.search("request-5")->size(), std::size_t(1)); // the body's id, in the excerpt
        QCOMPARE(store.search("")->size(), std::size_t(6));
        QCOMPARE(store.search("nowhere")->size(), std::size_t(0));
        // The whole files: a body field beyond the excerpt.
        const auto files = store.searchFiles("NEEDLE-IN-BODY-2");
        QVERIFY(files);
        QCOMPARE(files->size(), std::size_t(1));
        QCOMPARE(store.load(files->front())->row.url, std::string("http://127.0.0.1:8080/firehose/2"));
        std::stop_source stop;
        stop.request_stop();
        QCOMPARE(store.searchFiles("x", stop.get_token()).error().code, std::string("history.cancelled"));
    }

    void nonJsonBodyKeptAsText()
    {
        QTemporaryDir dir;
        HistoryStore store(dir.path());
        auto request = makeRequest(1, {});
        request.body = "{\"type\": \"event_processing_request\", broken";
        const auto row = store.append(makeResult(request), request);
        QVERIFY(row);
        QCOMPARE(store.load(row->id)->body, request.body);
        QVERIFY(readAll(store.entryPath(row->id)).contains("\"bodyText\": "));
    }

    void concurrentAppends()
    {
        QTemporaryDir dir;
        HistoryStore store(dir.path());
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&store, t] {
                for (int n = 0; n < 25; ++n)
                    (void)appendOne(store, t * 100 + n);
            });
        }
        std::expected<std::vector<HistoryRow>, Error> listed;
        for (int i = 0; i < 5; ++i)
            listed = store.list(); // reads while the others write
        for (auto &thread : threads)
            thread.join();
        const auto rows = store.list();
        QCOMPARE(rows->size(), std::size_t(100));
        const std::vector<std::string> all = ids(*rows);
        const std::set<std::string> unique(all.begin(), all.end());
        QCOMPARE(unique.size(), std::size_t(100));
        QVERIFY(std::ranges::is_sorted(ids(*rows)));
        HistoryStore again(dir.path());
        QCOMPARE(*again.list(), *rows);
    }

    // SIGKILL at random moments of a loop of appends (1 MB bodies): afterwards every file parses, the
    // index agrees with the folder, and the store opens.
    void killDuringAppend()
    {
        QTemporaryDir dir;
        int total = 0, repaired = 0, indexedFromFiles = 0;
        for (int round = 0; round < 8; ++round) {
            QProcess child;
            child.setProgram(QCoreApplication::applicationFilePath());
            child.setArguments({QStringLiteral("--fhw-append-loop"), dir.path()});
            child.start();
            QVERIFY(child.waitForStarted());
            QVERIFY(child.waitForReadyRead(20'000));
            QTest::qWait(static_cast<int>(QRandomGenerator::global()->bounded(5, 150)));
            child.kill();
            QVERIFY(child.waitForFinished(10'000));
            total += static_cast<int>(child.readAllStandardOutput().count('\n'));

            HistoryStore store(dir.path(), 1000);
            const auto rows = store.list();
            QVERIFY2(rows, rows ? "" : rows.error().message.c_str());
            const QStringList files = entryFiles(dir.path());
            QCOMPARE(rows->size(), std::size_t(files.size()));
            repaired += store.loadReport().indexRebuilt;
            indexedFromFiles += store.loadReport().entriesIndexed;
            for (const HistoryRow &row : *rows) {
                const auto entry = store.load(row.id);
                QVERIFY2(entry, entry ? "" : entry.error().message.c_str());
                QCOMPARE(entry->row.id, row.id);
            }
            for (const QString &file : QDir(dir.path()).entryList(QDir::Files | QDir::Hidden)) {
                QVERIFY2(!readAll(QDir(dir.path()).filePath(file)).contains(QByteArray::fromStdString(token)), qPrintable(file));
            }
        }
        QVERIFY(total >= 8);
        qInfo("%d appends reported across 8 kills; history holds %d entries; the index was repaired after %d "
              "kills (%d entries indexed from their files)",
              total, int(HistoryStore(dir.path(), 1000).list()->size()), repaired, indexedFromFiles);
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc == 3 && qstrcmp(argv[1], "--fhw-append-loop") == 0)
        return appendLoop(QString::fromLocal8Bit(argv[2]));
    TestHistoryStore test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_historystore.moc"
