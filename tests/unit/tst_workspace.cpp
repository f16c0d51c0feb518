// Workspace: workspace.json written and read back byte for byte, unknown keys kept, saved requests,
// names refused, corrupt files left alone, and a save killed at random moments never leaving a broken file.

#include "protocol/parse.h"
#include "workspace/recentworkspaces.h"
#include "workspace/workspace.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <iostream>
#include <set>

using namespace fhw;
using namespace fhw::workspace;
using namespace std::chrono_literals;

namespace {

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

WorkspaceSettings named(const std::string &name)
{
    WorkspaceSettings settings;
    settings.name = name;
    return settings;
}

WorkspaceSettings everythingSet()
{
    WorkspaceSettings s;
    s.name = "Acme — staging";
    s.target.kind = TargetKind::PerType;
    s.target.urls.url = "https://fallback.example.com/firehose";
    s.target.urls.perFamily[transport::Family::Event] = "https://events.example.com/v1";
    s.target.urls.perFamily[transport::Family::Registration] = "https://reg.example.com/";
    s.target.dataCenters["US1"].url = "https://us1.example.com/";
    s.target.dataCenters["EU1"].url = "https://eu1.example.com/";
    s.target.dataCenters["EU1"].perFamily[transport::Family::Dsr] = "https://eu1.example.com/dsr";
    s.target.dataCenter = "EU1";
    s.target.tokenName = "acme-prod-EU1";
    s.retry.maxAttempts = 7;
    s.retry.base = 250ms;
    s.retry.factor = 1.5;
    s.retry.cap = 4000ms;
    s.retry.jitter = 0.1;
    s.retry.honourRetryAfter = false;
    s.retry.maxRetryAfter = 30'000ms;
    s.connectTimeout = 750ms;
    s.totalTimeout = 3000ms;
    s.endpointPort = 18080;
    s.validationProfile = protocol::Profile::Tolerant;
    s.historyMaxEntries = 250'000;
    return s;
}

// Version k of the settings the save loop writes: big enough (~2 MB) that a kill often lands mid-write.
WorkspaceSettings loopVersion(int k)
{
    WorkspaceSettings s = everythingSet();
    s.name = "version " + std::to_string(k);
    const std::string padding(400'000, static_cast<char>('a' + k % 26));
    s.target.urls.url = "https://example.com/" + std::to_string(k) + "/" + padding;
    for (const char *dc : {"US1", "US2", "EU1", "AU1"})
        s.target.dataCenters[dc].url = "https://" + std::string(dc) + ".example.com/" + padding;
    s.retry.maxAttempts = 1 + k % 100;
    return s;
}

// The child: saves loopVersion(0), (1), ... into `dir` until killed, saying each number once saved.
int saveLoop(const QString &dir)
{
    auto workspace = Workspace::openOrCreate(dir);
    if (!workspace)
        return 2;
    for (int k = 0;; ++k) {
        if (!workspace->setSettings(loopVersion(k)) || !workspace->save())
            return 3;
        std::cout << k << std::endl;
    }
}

} // namespace

class TestWorkspace : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void createWritesDefaults()
    {
        QTemporaryDir dir;
        auto workspace = Workspace::create(dir.filePath(QStringLiteral("my-ws")));
        QVERIFY2(workspace, workspace ? "" : workspace.error().message.c_str());
        QCOMPARE(workspace->settings().name, std::string("my-ws"));
        QVERIFY(QFileInfo(workspace->requestsDirectory()).isDir());
        QVERIFY(QFileInfo(workspace->historyDirectory()).isDir());
        const QByteArray bytes = readAll(workspace->settingsPath());
        QVERIFY(bytes.endsWith("}\n"));
        QVERIFY(bytes.startsWith("{\n  \"format\": \"firehose-workbench/workspace\",\n  \"version\": 1,\n  \"name\": \"my-ws\",\n  \"target\": {\n    \"kind\": \"embedded\","));
        QVERIFY(bytes.contains("\n  \"settings\": {\n    \"retry\": {\n      \"maxAttempts\": 5,\n      \"baseMs\": 100,\n      \"factor\": 2.0,"));
        QVERIFY(bytes.contains("\"historyMaxEntries\": 10000"));
        const auto reopened = Workspace::open(workspace->directory());
        QVERIFY(reopened);
        QVERIFY(reopened->settings() == workspace->settings());
        QVERIFY(reopened->settings() == named("my-ws"));

        const auto again = Workspace::create(workspace->directory());
        QVERIFY(!again);
        QCOMPARE(again.error().code, std::string("workspace.exists"));
    }

    void savesAndLoadsIdentically()
    {
        QTemporaryDir dir;
        auto workspace = Workspace::create(dir.path(), "x");
        QVERIFY(workspace);
        QVERIFY(workspace->setSettings(everythingSet()));
        QVERIFY(workspace->save());
        const QByteArray first = readAll(workspace->settingsPath());
        QVERIFY(first.contains("\"tokenName\": \"acme-prod-EU1\""));
        QVERIFY(first.contains("\"factor\": 1.5"));
        QVERIFY(first.contains("\"dataCenters\": {\n      \"EU1\": {\n        \"url\": \"https://eu1.example.com/\","));

        for (int cycle = 0; cycle < 3; ++cycle) {
            auto reopened = Workspace::open(dir.path());
            QVERIFY2(reopened, reopened ? "" : reopened.error().message.c_str());
            QVERIFY(reopened->settings() == everythingSet());
            QCOMPARE(QByteArray::fromStdString(reopened->settingsFileContents()), first);
            QVERIFY(reopened->save());
            QCOMPARE(readAll(reopened->settingsPath()), first);
        }
        // Nothing but the workspace's own files (no QSaveFile leftovers).
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
                 QStringList({QStringLiteral("history"), QStringLiteral("requests"), QStringLiteral("workspace.json")}));
    }

    void staleTemporariesRemoved()
    {
        QTemporaryDir dir;
        auto workspace = Workspace::create(dir.path(), "x");
        QVERIFY(workspace);
        QVERIFY(workspace->save(SavedRequest{QStringLiteral("r"), protocol::MessageType::EventProcessingRequest, {}, "{}"}));
        const QStringList leftovers{QStringLiteral("workspace.json.AbC123"), QStringLiteral("requests/r.json.xYz789")};
        for (const QString &name : leftovers) {
            QFile file(QDir(dir.path()).filePath(name));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("{");
            file.flush();
            QVERIFY(file.setFileTime(QDateTime::currentDateTime().addSecs(-3600), QFileDevice::FileModificationTime));
        }
        QVERIFY(Workspace::open(dir.path()));
        for (const QString &name : leftovers)
            QVERIFY2(!QFile::exists(QDir(dir.path()).filePath(name)), qPrintable(name));
        QVERIFY(Workspace::open(dir.path())->load(QStringLiteral("r")));
    }

    void keepsUnknownKeys()
    {
        QTemporaryDir dir;
        QVERIFY(Workspace::create(dir.path(), "x"));
        const QString path = QDir(dir.path()).filePath(QStringLiteral("workspace.json"));
        auto document = protocol::parseJson(readAll(path).toStdString());
        QVERIFY(document);
        (*document)["future"] = protocol::Json{{"feature", true}, {"list", {1, 2, 3}}};
        (*document)["settings"]["retry"]["strategy"] = "decorrelated";
        (*document)["target"]["perType"]["lambda"] = "arn:aws:lambda:x";
        (*document)["target"]["dataCenters"]["US1"] = protocol::Json{{"url", "https://us1/"}, {"note", "kept"}};
        writeAll(path, QByteArray::fromStdString(document->dump(2) + "\n"));

        auto workspace = Workspace::open(dir.path());
        QVERIFY(workspace);
        WorkspaceSettings settings = workspace->settings();
        QCOMPARE(settings.target.dataCenters.at("US1").url, std::string("https://us1/"));
        settings.retry.maxAttempts = 3;
        settings.target.dataCenters.clear(); // removed entries stay removed
        QVERIFY(workspace->setSettings(settings));
        QVERIFY(workspace->save());
        const auto saved = protocol::parseJson(readAll(path).toStdString());
        QVERIFY(saved);
        QCOMPARE((*saved)["future"]["list"].size(), std::size_t(3));
        QCOMPARE((*saved)["settings"]["retry"]["strategy"].get<std::string>(), std::string("decorrelated"));
        QCOMPARE((*saved)["settings"]["retry"]["maxAttempts"].get<int>(), 3);
        QCOMPARE((*saved)["target"]["perType"]["lambda"].get<std::string>(), std::string("arn:aws:lambda:x"));
        QVERIFY((*saved)["target"]["dataCenters"].empty());
        // And stable from here on.
        const QByteArray bytes = readAll(path);
        QVERIFY(Workspace::open(dir.path())->save());
        QCOMPARE(readAll(path), bytes);
    }

    void refusesCorruptFiles_data()
    {
        QTest::addColumn<QByteArray>("contents");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("not json") << QByteArray("{\"format\": \"firehose-workbench/workspace\",\n  \"version\": 1,,}")
                                  << QStringLiteral("workspace.corrupt") << QStringLiteral("line 2");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("workspace.corrupt") << QStringLiteral("not valid JSON");
        QTest::newRow("array") << QByteArray("[]") << QStringLiteral("workspace.corrupt") << QStringLiteral("not a JSON object");
        QTest::newRow("other format") << QByteArray(R"({"format": "firehose-workbench/tokens", "version": 1})")
                                      << QStringLiteral("workspace.corrupt") << QStringLiteral("format");
        QTest::newRow("newer") << QByteArray(R"({"format": "firehose-workbench/workspace", "version": 2})")
                               << QStringLiteral("workspace.unsupported") << QStringLiteral("version 2");
        QTest::newRow("wrong type")
            << QByteArray(R"({"format": "firehose-workbench/workspace", "version": 1, "settings": {"retry": {"maxAttempts": "five"}}})")
            << QStringLiteral("workspace.corrupt") << QStringLiteral("settings.retry.maxAttempts");
        QTest::newRow("out of range")
            << QByteArray(R"({"format": "firehose-workbench/workspace", "version": 1, "settings": {"endpointPort": 70000}})")
            << QStringLiteral("workspace.corrupt") << QStringLiteral("settings.endpointPort");
        QTest::newRow("unknown kind")
            << QByteArray(R"({"format": "firehose-workbench/workspace", "version": 1, "target": {"kind": "carrier pigeon"}})")
            << QStringLiteral("workspace.corrupt") << QStringLiteral("target.kind");
        QTest::newRow("unknown data centre")
            << QByteArray(R"({"format": "firehose-workbench/workspace", "version": 1, "target": {"dataCenters": {"MARS1": {}}}})")
            << QStringLiteral("workspace.corrupt") << QStringLiteral("MARS1");
        QTest::newRow("bad token name")
            << QByteArray(R"({"format": "firehose-workbench/workspace", "version": 1, "target": {"tokenName": "a b"}})")
            << QStringLiteral("workspace.corrupt") << QStringLiteral("token name");
    }

    void refusesCorruptFiles()
    {
        QFETCH(QByteArray, contents);
        QFETCH(QString, code);
        QFETCH(QString, mentions);
        QTemporaryDir dir;
        const QString path = QDir(dir.path()).filePath(QStringLiteral("workspace.json"));
        writeAll(path, contents);
        const auto workspace = Workspace::open(dir.path());
        QVERIFY(!workspace);
        QCOMPARE(QString::fromStdString(workspace.error().code), code);
        const QString message = QString::fromStdString(workspace.error().message);
        QVERIFY2(message.contains(mentions), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("workspace.json")), qPrintable(message));
        QCOMPARE(readAll(path), contents); // untouched
        QVERIFY(!Workspace::openOrCreate(dir.path())); // nor replaced by openOrCreate
        QCOMPARE(readAll(path), contents);
    }

    void missingWorkspace()
    {
        QTemporaryDir dir;
        const auto workspace = Workspace::open(dir.filePath(QStringLiteral("nothing-here")));
        QVERIFY(!workspace);
        QCOMPARE(workspace.error().code, std::string("workspace.not-found"));
    }

    void refusesInvalidSettings()
    {
        QTemporaryDir dir;
        auto workspace = Workspace::create(dir.path(), "x");
        QVERIFY(workspace);
        const auto refused = [&](auto change) {
            WorkspaceSettings settings = workspace->settings();
            change(settings);
            const auto result = workspace->setSettings(settings);
            return !result && result.error().code == "workspace.invalid-settings";
        };
        QVERIFY(refused([](WorkspaceSettings &s) { s.retry.maxAttempts = 0; }));
        QVERIFY(refused([](WorkspaceSettings &s) { s.retry.jitter = 1.5; }));
        QVERIFY(refused([](WorkspaceSettings &s) { s.retry.factor = 0.5; }));
        QVERIFY(refused([](WorkspaceSettings &s) { s.connectTimeout = 0ms; }));
        QVERIFY(refused([](WorkspaceSettings &s) { s.endpointPort = -1; }));
        QVERIFY(refused([](WorkspaceSettings &s) { s.historyMaxEntries = 0; }));
        QVERIFY(refused([](WorkspaceSettings &s) { s.target.dataCenter = "XX9"; }));
        QVERIFY(refused([](WorkspaceSettings &s) { s.target.tokenName = "has space"; }));
        QVERIFY(workspace->settings() == named("x"));
    }

    void appliesToSendOptions()
    {
        const WorkspaceSettings settings = everythingSet();
        transport::SendOptions options;
        settings.applyTo(options);
        QCOMPARE(options.retry.maxAttempts, 7);
        QCOMPARE(options.connectTimeout, 750ms);
        QCOMPARE(options.totalTimeout, 3000ms);
        QCOMPARE(options.profile, protocol::Profile::Tolerant);
        QCOMPARE(settings.target.effectiveTarget().urlFor(protocol::MessageType::DsrProcessingRequest),
                 std::string("https://eu1.example.com/dsr"));
        WorkspaceSettings none = settings;
        none.target.dataCenter.clear();
        QCOMPARE(none.target.effectiveTarget().urlFor(protocol::MessageType::EventProcessingRequest),
                 std::string("https://events.example.com/v1"));
    }

    void savedRequestsRoundTrip()
    {
        QTemporaryDir dir;
        auto workspace = Workspace::create(dir.path(), "x");
        QVERIFY(workspace);
        const protocol::Json body{{"type", "event_processing_request"}, {"id", "5d5e5f"}, {"events", protocol::Json::array()}};
        const SavedRequest batch{QStringLiteral("Batch with consent (v2)"), protocol::MessageType::EventProcessingRequest,
                                 "https://example.com/x", body.dump(2)};
        const SavedRequest broken{QStringLiteral("über draft"), protocol::MessageType::DsrProcessingRequest, {},
                                  "{\"type\": \"dsr_processing_request\", oops"};
        const SavedRequest audience{QStringLiteral("audience"), protocol::MessageType::AudienceSubscriptionRequest, {},
                                    "{}"};
        QVERIFY(workspace->save(batch));
        QVERIFY(workspace->save(broken));
        QVERIFY(workspace->save(audience));

        QCOMPARE(*workspace->list(), (std::vector<QString>{QStringLiteral("audience"), QStringLiteral("Batch with consent (v2)"),
                                                          QStringLiteral("über draft")}));
        QCOMPARE(*workspace->load(batch.name), batch);
        QCOMPARE(*workspace->load(broken.name), broken);
        QCOMPARE(*workspace->load(audience.name), audience);

        // The body is embedded as JSON (it diffs well), not as a string.
        const QByteArray file = readAll(workspace->requestPath(batch.name));
        QVERIFY2(file.startsWith("{\n  \"name\": \"Batch with consent (v2)\",\n  \"type\": \"event_processing_request\",\n"
                                 "  \"url\": \"https://example.com/x\",\n  \"body\": {\n    \"type\": \"event_processing_request\","),
                 file.constData());
        QVERIFY(file.endsWith("}\n"));
        QVERIFY(readAll(workspace->requestPath(broken.name)).contains("\"bodyText\": "));
        // Load and save again: the same bytes.
        QVERIFY(workspace->save(*workspace->load(batch.name)));
        QCOMPARE(readAll(workspace->requestPath(batch.name)), file);

        // Replace, rename, remove.
        SavedRequest changed = batch;
        changed.url = "https://example.com/y";
        QVERIFY(workspace->save(changed));
        QCOMPARE(workspace->load(batch.name)->url, std::string("https://example.com/y"));
        QVERIFY(workspace->rename(batch.name, QStringLiteral("Renamed")));
        QVERIFY(!workspace->load(batch.name));
        QCOMPARE(workspace->load(batch.name).error().code, std::string("request.not-found"));
        QCOMPARE(workspace->load(QStringLiteral("Renamed"))->name, QStringLiteral("Renamed"));
        QVERIFY(readAll(workspace->requestPath(QStringLiteral("Renamed"))).contains("\"name\": \"Renamed\""));
        const auto clash = workspace->rename(QStringLiteral("Renamed"), QStringLiteral("audience"));
        QVERIFY(!clash);
        QCOMPARE(clash.error().code, std::string("request.exists"));
        QVERIFY(workspace->remove(QStringLiteral("audience")));
        QCOMPARE(workspace->remove(QStringLiteral("audience")).error().code, std::string("request.not-found"));
        QCOMPARE(*workspace->list(), (std::vector<QString>{QStringLiteral("Renamed"), QStringLiteral("über draft")}));

        // A corrupt request file is reported, not thrown on.
        writeAll(workspace->requestPath(QStringLiteral("bad")), "{\"type\": 42}");
        QCOMPARE(workspace->load(QStringLiteral("bad")).error().code, std::string("request.corrupt"));
    }

    void refusesInvalidNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("empty") << QString();
        QTest::newRow("slash") << QStringLiteral("a/b");
        QTest::newRow("backslash") << QStringLiteral("a\\b");
        QTest::newRow("parent") << QStringLiteral("..");
        QTest::newRow("traversal") << QStringLiteral("../workspace");
        QTest::newRow("hidden") << QStringLiteral(".hidden");
        QTest::newRow("dash first") << QStringLiteral("-rf");
        QTest::newRow("trailing dot") << QStringLiteral("name.");
        QTest::newRow("trailing space") << QStringLiteral("name ");
        QTest::newRow("leading space") << QStringLiteral(" name");
        QTest::newRow("colon") << QStringLiteral("c:x");
        QTest::newRow("star") << QStringLiteral("a*");
        QTest::newRow("quote") << QStringLiteral("a\"b");
        QTest::newRow("tab") << QStringLiteral("a\tb");
        QTest::newRow("newline") << QStringLiteral("a\nb");
        QTest::newRow("nul") << QString(QChar(0));
        QTest::newRow("device") << QStringLiteral("con");
        QTest::newRow("device with extension") << QStringLiteral("LPT1.json");
        QTest::newRow("too long") << QString(101, QLatin1Char('a'));
    }

    void refusesInvalidNames()
    {
        QFETCH(QString, name);
        QTemporaryDir dir;
        auto workspace = Workspace::create(dir.path(), "x");
        QVERIFY(workspace);
        const auto saved = workspace->save(SavedRequest{name, protocol::MessageType::EventProcessingRequest, {}, "{}"});
        QVERIFY(!saved);
        QCOMPARE(saved.error().code, std::string("request.invalid-name"));
        QCOMPARE(workspace->load(name).error().code, std::string("request.invalid-name"));
        QCOMPARE(workspace->remove(name).error().code, std::string("request.invalid-name"));
        QCOMPARE(QDir(workspace->requestsDirectory()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot).size(), 0);
        QVERIFY(Workspace::validateRequestName(QString(100, QLatin1Char('a'))));
        QVERIFY(Workspace::validateRequestName(QStringLiteral("Batch 1 (consent), v2+@x.y_z-1")));
    }

    void recentWorkspaces()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        RecentWorkspaces recent(&settings);
        QStringList dirs;
        for (int i = 0; i < 12; ++i) {
            dirs << dir.filePath(QStringLiteral("ws%1").arg(i));
            QVERIFY(QDir().mkpath(dirs.last()));
            recent.add(dirs.last());
        }
        QCOMPARE(recent.list().size(), RecentWorkspaces::maxCount);
        QCOMPARE(recent.list().first(), dirs.last());
        recent.add(dirs[5] + QStringLiteral("/")); // the same folder, moved to the front
        QCOMPARE(recent.list().first(), dirs[5]);
        QCOMPARE(recent.list().size(), RecentWorkspaces::maxCount);
        QVERIFY(QDir(dirs[11]).removeRecursively()); // gone folders are not offered
        QVERIFY(!recent.list().contains(dirs[11]));
        recent.remove(dirs[5]);
        QVERIFY(!recent.list().contains(dirs[5]));
        RecentWorkspaces reread(&settings);
        QCOMPARE(reread.list(), recent.list());
        recent.clear();
        QVERIFY(recent.list().isEmpty());
        QVERIFY(defaultWorkspaceDirectory().endsWith(QLatin1String("/default-workspace")));
    }

    // SIGKILL at random moments of a loop of saves: workspace.json always parses and is exactly one of
    // the versions written (QSaveFile renames a complete file over the old one).
    void killDuringSaveLeavesPreviousFile()
    {
        QTemporaryDir dir;
        QVERIFY(Workspace::create(dir.path(), "x"));
        std::set<int> seen;
        int killedMidWrite = 0;
        constexpr int rounds = 12;
        for (int round = 0; round < rounds; ++round) {
            QProcess child;
            child.setProgram(QCoreApplication::applicationFilePath());
            child.setArguments({QStringLiteral("--fhw-save-loop"), dir.path()});
            child.start();
            QVERIFY(child.waitForStarted());
            QVERIFY(child.waitForReadyRead(10'000)); // at least one save done
            QTest::qWait(static_cast<int>(QRandomGenerator::global()->bounded(5, 120)));
            child.kill(); // SIGKILL
            QVERIFY(child.waitForFinished(10'000));
            const QList<QByteArray> lines = child.readAllStandardOutput().split('\n');
            int lastReported = -1;
            for (const QByteArray &line : lines) {
                if (!line.isEmpty())
                    lastReported = line.toInt();
            }

            auto workspace = Workspace::open(dir.path());
            QVERIFY2(workspace, workspace ? "" : workspace.error().message.c_str());
            const std::string &name = workspace->settings().name;
            QVERIFY(name.starts_with("version "));
            const int version = std::stoi(name.substr(8));
            QVERIFY(version >= 0);
            QVERIFY(workspace->settings() == loopVersion(version));
            Workspace expected = *workspace;
            QVERIFY(expected.setSettings(loopVersion(version)));
            QCOMPARE(readAll(workspace->settingsPath()), QByteArray::fromStdString(expected.settingsFileContents()));
            // Either the last version the child reported, or the next one whose commit it did not report.
            QVERIFY2(version == lastReported || version == lastReported + 1,
                     qPrintable(QStringLiteral("found %1, last reported %2").arg(version).arg(lastReported)));
            if (version == lastReported)
                ++killedMidWrite;
            seen.insert(version);
        }
        // Leftover temporaries, if any, are QSaveFile's and removed by a later open once stale.
        const QStringList entries = QDir(dir.path()).entryList(QDir::Files | QDir::Hidden);
        for (const QString &entry : entries)
            QVERIFY2(entry == QLatin1String("workspace.json") || entry.startsWith(QLatin1String("workspace.json.")),
                     qPrintable(entry));
        qInfo("%d kills, %d of them after the last reported save (mostly mid-write), %d distinct versions; leftovers: %s",
              rounds, killedMidWrite, int(seen.size()), qPrintable(entries.join(QLatin1Char(' '))));
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc == 3 && qstrcmp(argv[1], "--fhw-save-loop") == 0)
        return saveLoop(QString::fromLocal8Bit(argv[2]));
    TestWorkspace test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_workspace.moc"
