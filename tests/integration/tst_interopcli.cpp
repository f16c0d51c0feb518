// fhw send --print-curl (the printed command, run by the real curl, gets what fhw send gets from the
// embedded endpoint), fhw postman export/import and fhw har on real workspaces.

#include "endpoint/endpoint.h"
#include "protocol/parse.h"
#include "transport/httpsender.h"
#include "workspace/historystore.h"
#include "workspace/workspace.h"

#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

using namespace fhw;
using protocol::Json;

// Json against a literal: compared as JSON text (QCOMPARE cannot pick an overload for Json and const char*).
#define QCOMPARE_JSON(actual, expected) QCOMPARE(protocol::Json(actual).dump(), protocol::Json(expected).dump())

namespace {

const QString tokenVariable = QStringLiteral("FHW_INTEROP_TEST_TOKEN");
const std::string token = "interop-test-token-0123456789";

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run run(const QString &program, const QStringList &arguments)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(tokenVariable, QString::fromStdString(token));
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    if (!process.waitForStarted(10'000))
        return {};
    process.closeWriteChannel();
    if (!process.waitForFinished(60'000)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    Run result;
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

Run runFhw(const QStringList &arguments)
{
    return run(QStringLiteral(FHW_CLI_PATH), arguments);
}

Json parse(const QByteArray &bytes)
{
    auto json = protocol::parseJson(std::string_view(bytes.constData(), std::size_t(bytes.size())));
    return json ? *json : Json();
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

const std::string registrationBody = R"({"type":"module_registration_request","id":"3c5b9f0e-8d1a-4f6b-9c2e-7a4d5e6f7a8b",)"
                                     R"("timestamp_ms":1767225600000,"firehose_version":"2.6.0"})";

// The parts of an exchange that must be the same whichever client sent it.
struct Seen
{
    std::string body;
    std::map<std::string, std::string> headers; // the ones mParticle sends
    int status = 0;
    Json response;
};

Seen seen(const endpoint::Exchange &exchange)
{
    Seen out{exchange.requestBody, {}, exchange.status, parse(QByteArray::fromStdString(exchange.responseBody))};
    for (const auto &[name, value] : exchange.requestHeaders) {
        const std::string lower = QString::fromStdString(name).toLower().toStdString();
        if (lower == "content-type" || lower == "authorization" || lower == "user-agent" || lower == "expect")
            out.headers[lower] = value;
    }
    if (out.response.is_object())
        out.response.erase("timestamp_ms"); // the time of answering
    return out;
}

} // namespace

class TestInteropCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<endpoint::Endpoint> m_endpoint;
    QString m_url;

    QString write(const QString &name, const std::string &bytes)
    {
        QFile file(m_dir.filePath(name));
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(bytes.data(), qint64(bytes.size()));
        return file.fileName();
    }

    std::optional<endpoint::Exchange> lastExchange() const
    {
        const auto all = m_endpoint->capture().snapshot();
        if (all.empty())
            return std::nullopt;
        return all.back();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        endpoint::EndpointConfig config;
        config.token = token;
        config.echoRequestId = true;
        m_endpoint = std::make_unique<endpoint::Endpoint>(config);
        QVERIFY(m_endpoint->start());
        m_url = QString::fromStdString(m_endpoint->url());
    }

    void cleanupTestCase()
    {
        m_endpoint.reset();
    }

    void printedCurlReplaysTheSend_data()
    {
        QTest::addColumn<QStringList>("request");
        QTest::addColumn<bool>("hereDocument");
        QTest::newRow("registration, inline body") << QStringList{write(QStringLiteral("reg.json"), registrationBody)}
                                                    << false;
        QTest::newRow("event batch, here-document")
            << QStringList{QStringLiteral("--generate"), QStringLiteral("event"), QStringLiteral("--seed"),
                           QStringLiteral("7")}
            << true;
        QTest::newRow("audience membership")
            << QStringList{QStringLiteral("--generate"), QStringLiteral("audience-membership")} << false;
    }

    void printedCurlReplaysTheSend()
    {
        QFETCH(QStringList, request);
        QFETCH(bool, hereDocument);
        const QStringList common = QStringList{QStringLiteral("send"), m_url} + request
                                   + QStringList{QStringLiteral("--token-env"), tokenVariable};

        const Run sent = runFhw(common + QStringList{QStringLiteral("--json")});
        QCOMPARE(sent.exitCode, 0);
        const auto bySend = lastExchange();
        QVERIFY(bySend);

        const Run printed = runFhw(common + QStringList{QStringLiteral("--print-curl"), QStringLiteral("--reveal-token")});
        QCOMPARE(printed.exitCode, 0);
        QVERIFY(printed.out.startsWith("curl -X POST "));
        QCOMPARE(printed.out.contains("<<'JSON'"), hereDocument);
        QCOMPARE(m_endpoint->capture().totalAppended(), bySend->sequence); // printing sent nothing

        // The real curl runs the command as printed (silent, and the status on a line of its own).
        QByteArray command = printed.out;
        command.replace(0, 4, "curl -s -w '\\n%{http_code}'");
        const Run replayed = run(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), QString::fromUtf8(command)});
        QCOMPARE(replayed.exitCode, 0);
        const auto byCurl = lastExchange();
        QVERIFY(byCurl && byCurl->sequence == bySend->sequence + 1);

        const Seen a = seen(*bySend), b = seen(*byCurl);
        // A here-document ends with a line break, which curl sends (curlcommand.h; JSON ignores it).
        QCOMPARE(b.body, hereDocument ? a.body + "\n" : a.body);
        QCOMPARE(b.headers, a.headers);
        QCOMPARE(b.status, a.status);
        QCOMPARE(b.response.dump(), a.response.dump());
        // And what curl printed is that answer.
        const QByteArray status = replayed.out.mid(replayed.out.lastIndexOf('\n') + 1);
        QCOMPARE(status.toInt(), a.status);
        Json curlAnswer = parse(replayed.out.left(replayed.out.lastIndexOf('\n')));
        curlAnswer.erase("timestamp_ms");
        QCOMPARE(curlAnswer.dump(), a.response.dump());
        Json sendAnswer = parse(sent.out)["response"];
        sendAnswer.erase("timestamp_ms");
        QCOMPARE(sendAnswer.dump(), a.response.dump());
    }

    void printedCurlRedactsTheTokenByDefault()
    {
        const Run printed = runFhw({QStringLiteral("send"), m_url, QStringLiteral("--generate"), QStringLiteral("dsr"),
                                 QStringLiteral("--token-env"), tokenVariable, QStringLiteral("--print-curl")});
        QCOMPARE(printed.exitCode, 0);
        QVERIFY(!printed.out.contains(QByteArray::fromStdString(token)));
        QVERIFY(printed.out.contains("Authorization: Token \xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2" "6789"));
        // Replayed as it is, the endpoint refuses it: the redacted token is not the token.
        QByteArray command = printed.out;
        command.replace(0, 4, "curl -s -o /dev/null -w '%{http_code}'");
        const Run replayed = run(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), QString::fromUtf8(command)});
        QCOMPARE(replayed.out, QByteArray("401"));
    }

    void postmanExportAndImport()
    {
        const QString a = m_dir.filePath(QStringLiteral("postman-a"));
        auto workspace = workspace::Workspace::create(a, "Acme");
        QVERIFY(workspace);
        workspace::WorkspaceSettings settings = workspace->settings();
        settings.target.kind = workspace::TargetKind::Url;
        settings.target.urls.url = "https://firehose.acme.example/";
        QVERIFY(workspace->setSettings(settings));
        QVERIFY(workspace->save());
        QVERIFY(workspace->save(workspace::SavedRequest{QStringLiteral("Register"),
                                                        protocol::MessageType::ModuleRegistrationRequest, "",
                                                        registrationBody}));
        QVERIFY(workspace->save(workspace::SavedRequest{QStringLiteral("Elsewhere"),
                                                        protocol::MessageType::ModuleRegistrationRequest,
                                                        "http://127.0.0.1:1/other", registrationBody}));

        const QString file = m_dir.filePath(QStringLiteral("acme.postman_collection.json"));
        const Run exported = runFhw({QStringLiteral("postman"), QStringLiteral("export"), QStringLiteral("--workspace"), a,
                                  QStringLiteral("--out"), file});
        QCOMPARE(exported.exitCode, 0);
        const Json collection = parse(readAll(file));
        QCOMPARE_JSON(collection["info"]["name"], "Acme");
        QCOMPARE_JSON(collection["variable"][0]["value"], "https://firehose.acme.example/");

        const QString b = m_dir.filePath(QStringLiteral("postman-b"));
        const Run imported = runFhw({QStringLiteral("postman"), QStringLiteral("import"), QStringLiteral("--workspace"), b, file});
        QCOMPARE(imported.exitCode, 0);
        QVERIFY2(imported.out.contains("2 request(s) imported"), imported.out.constData());
        auto copy = workspace::Workspace::open(b);
        QVERIFY(copy);
        QCOMPARE(copy->list().value(), workspace->list().value());
        QCOMPARE(copy->load(QStringLiteral("Register")).value(), workspace->load(QStringLiteral("Register")).value());
        QCOMPARE(copy->load(QStringLiteral("Elsewhere")).value().url, std::string("http://127.0.0.1:1/other"));

        // A collection with items that are not Firehose requests: imported in part, exit 1, findings shown.
        const QString fixture = QStringLiteral(FHW_TEST_DATA_DIR "/interop/firehose-sample.postman_collection.json");
        const Run partly = runFhw({QStringLiteral("postman"), QStringLiteral("import"), QStringLiteral("--workspace"), b,
                                fixture});
        QCOMPARE(partly.exitCode, 1);
        QVERIFY(partly.out.contains("/item/4/item/0: warning: postman.not-post: "));
        QVERIFY(partly.out.contains("6 request(s) imported"));
        QVERIFY(!partly.out.contains("literal-token"));
        QCOMPARE(copy->list().value().size(), 8u);

        const Run usage = runFhw({QStringLiteral("postman"), QStringLiteral("export"), QStringLiteral("--workspace"), a});
        QCOMPARE(usage.exitCode, 2);
        const Run missing = runFhw({QStringLiteral("postman"), QStringLiteral("import"), QStringLiteral("--workspace"), b,
                                 m_dir.filePath(QStringLiteral("nope.json"))});
        QCOMPARE(missing.exitCode, 2);
    }

    void harOfRealSends()
    {
        const QString dir = m_dir.filePath(QStringLiteral("har"));
        auto workspace = workspace::Workspace::create(dir);
        QVERIFY(workspace);
        workspace::HistoryStore store(workspace->historyDirectory());
        transport::HttpSender sender;
        std::vector<std::string> ids;
        for (const auto type : {protocol::MessageType::ModuleRegistrationRequest, protocol::MessageType::DsrProcessingRequest}) {
            transport::SendRequest request;
            request.target.url = m_endpoint->url();
            request.type = type;
            request.body = type == protocol::MessageType::ModuleRegistrationRequest
                               ? registrationBody
                               : R"({"type":"dsr_processing_request","id":"9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a",)"
                                 R"("timestamp_ms":1767225600000,"firehose_version":"2.6.0"})";
            request.options.token = token;
            request.options.authOnRegistration = true;
            const transport::SendResult result = sender.send(request).get();
            QVERIFY(result.last() && result.last()->status > 0);
            ids.push_back(store.append(result, request).value().id);
        }

        const QString all = m_dir.filePath(QStringLiteral("all.har"));
        QCOMPARE(runFhw({QStringLiteral("har"), QStringLiteral("--workspace"), dir, QStringLiteral("--out"), all}).exitCode, 0);
        const QByteArray allBytes = readAll(all);
        QVERIFY(!allBytes.contains(QByteArray::fromStdString(token)));
        const Json har = parse(allBytes);
        QCOMPARE_JSON(har["log"]["version"], "1.2");
        QCOMPARE(har["log"]["entries"].size(), 2u);
        QCOMPARE_JSON(har["log"]["entries"][1]["_historyId"], ids[1]);
        QVERIFY(har["log"]["entries"][0]["timings"]["wait"].get<double>() > 0);

        const Run one = runFhw({QStringLiteral("har"), QStringLiteral("--workspace"), dir, QStringLiteral("--id"),
                             QString::fromStdString(ids[1]), QStringLiteral("--out"), QStringLiteral("-"),
                             QStringLiteral("--reveal-token"), QStringLiteral("--token-env"), tokenVariable});
        QCOMPARE(one.exitCode, 0);
        const Json revealed = parse(one.out);
        QCOMPARE(revealed["log"]["entries"].size(), 1u);
        QVERIFY(one.out.contains(QByteArray::fromStdString("Token " + token)));

        QCOMPARE(runFhw({QStringLiteral("har"), QStringLiteral("--workspace"), dir, QStringLiteral("--id"),
                      QStringLiteral("0000000099-abcdef"), QStringLiteral("--out"), QStringLiteral("-")})
                     .exitCode,
                 2);
        QCOMPARE(runFhw({QStringLiteral("har"), QStringLiteral("--workspace"), dir, QStringLiteral("--out"),
                      QStringLiteral("-"), QStringLiteral("--reveal-token")})
                     .exitCode,
                 2);
    }
};

QTEST_GUILESS_MAIN(TestInteropCli)
#include "tst_interopcli.moc"
