#include "endpoint/endpoint.h"
#include "protocol/generator.h"
#include "transport/curlcommand.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryFile>
#include <QTest>

#include <string>

using namespace fhw;
using namespace fhw::transport;

namespace {

const std::string token = "s3cr3t-t0ken-abcd";

SendRequest request(std::string body, std::string url = "http://127.0.0.1:8080/firehose")
{
    SendRequest request;
    request.target.url = std::move(url);
    request.type = protocol::MessageType::EventProcessingRequest;
    request.body = std::move(body);
    request.options.token = token;
    return request;
}

struct ShellRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs `script` from a file (a command line could not hold a large body: Linux caps one argument at
// 128 KiB), with standard input from /dev/null unless the script has a here-document.
ShellRun runShell(const std::string &script, const QStringList &options = {})
{
    QTemporaryFile file;
    if (!file.open())
        return {};
    const std::string wrapped = "{\n" + script + "\n} </dev/null\n";
    file.write(wrapped.data(), qint64(wrapped.size()));
    file.close();
    QProcess process;
    process.start(QStringLiteral("sh"), QStringList(options) << file.fileName());
    if (!process.waitForFinished(30'000))
        return {};
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
            process.readAllStandardError()};
}

// What the shell hands curl: its arguments, then "--stdin--" and what it reads on standard input, all
// NUL-separated. A shell function named curl stands in for the real one.
QList<QByteArray> capturedArguments(const std::string &command)
{
    const std::string script = "curl() { for a in \"$@\"; do printf '%s\\0' \"$a\"; done; "
                               "printf -- '--stdin--\\0'; cat; }\n"
                               + command;
    const ShellRun run = runShell(script);
    if (run.exitCode != 0)
        qWarning("%s", run.err.constData());
    return run.out.split('\0');
}

} // namespace

class TestCurlCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void redactsTokenUnlessRevealed()
    {
        const SendRequest sent = request(R"({"type":"event_processing_request"})");
        const std::string redacted = curlCommand(sent, false);
        QVERIFY(redacted.starts_with("curl -X POST 'http://127.0.0.1:8080/firehose'"));
        QVERIFY(redacted.find(token) == std::string::npos);
        QVERIFY(redacted.find("-H 'Authorization: Token \u2022\u2022\u2022\u2022abcd'") != std::string::npos);
        QVERIFY(redacted.find("-H 'Content-Type: application/json'") != std::string::npos);
        QVERIFY(redacted.find("-H 'User-Agent: " + userAgent() + "'") != std::string::npos);
        QVERIFY(redacted.find("-H 'Expect:'") != std::string::npos);
        QVERIFY(redacted.ends_with(R"( --data-raw '{"type":"event_processing_request"}')"));

        const std::string revealed = curlCommand(sent, true);
        QVERIFY(revealed.find("-H 'Authorization: Token " + token + "'") != std::string::npos);
    }

    void registrationCarriesNoToken()
    {
        SendRequest sent = request("{}");
        sent.type = protocol::MessageType::ModuleRegistrationRequest;
        QVERIFY(curlCommand(sent, true).find("Authorization") == std::string::npos);
    }

    void perFamilyUrlAndTlsOptions()
    {
        SendRequest sent = request("{}", "https://fallback.example/");
        sent.target.perFamily[Family::Event] = "https://events.example/it's";
        sent.options.verifyTls = false;
        sent.options.caFile = "/tmp/my ca.pem";
        const std::string command = curlCommand(sent, false);
        QVERIFY(command.starts_with(R"(curl -X POST 'https://events.example/it'\''s')"));
        QVERIFY(command.find(" --insecure") != std::string::npos);
        QVERIFY(command.find(" --cacert '/tmp/my ca.pem'") != std::string::npos);
    }

    void quoting_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("hereDocument");
        QTest::addRow("empty") << QByteArray() << false;
        QTest::addRow("single quotes") << QByteArray(R"({"name":"O'Brien's 'quoted' ''"})") << false;
        QTest::addRow("shell syntax") << QByteArray("{\"a\":\"$HOME `id` $(id) \\\\ \\\" ; | & * ? ! ~ #\"}") << false;
        QTest::addRow("unicode") << QByteArray("{\"city\":\"Z\xc3\xbcrich \xe2\x80\xa2 \xf0\x9f\x98\x80\"}") << false;
        QTest::addRow("pretty") << QByteArray("{\n  \"type\": \"it's\",\n  \"x\": \"$PATH\"\n}") << true;
        QTest::addRow("pretty, final newline") << QByteArray("{\n  \"a\": 1\n}\n") << true;
        QTest::addRow("a line that is the delimiter") << QByteArray("{\"a\":\n\nJSON\n,\"b\":'\nJSON_1\n}") << true;
        QTest::addRow("large single line") << QByteArray(200 * 1024, 'x').prepend("{\"q\":\"'").append("'\"}") << true;
    }

    // The shell parses every command (`sh -n`), and what reaches curl is exactly the body.
    void quoting()
    {
        QFETCH(QByteArray, body);
        QFETCH(bool, hereDocument);
        const SendRequest sent = request(body.toStdString());
        const std::string command = curlCommand(sent, false);
        QCOMPARE(command.find("--data-binary @- <<'") != std::string::npos, hereDocument);

        const ShellRun parsed = runShell(command, {QStringLiteral("-n")});
        QVERIFY2(parsed.exitCode == 0, parsed.err.constData());

        const QList<QByteArray> arguments = capturedArguments(command);
        const qsizetype stdinMarker = arguments.indexOf("--stdin--");
        QVERIFY(stdinMarker > 0);
        QCOMPARE(arguments.at(0), QByteArray("-X"));
        QCOMPARE(arguments.at(1), QByteArray("POST"));
        QCOMPARE(arguments.at(2), QByteArray("http://127.0.0.1:8080/firehose"));
        QVERIFY(arguments.contains(QByteArray("Authorization: Token \xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2" "abcd")));
        QVERIFY(arguments.contains(QByteArray("Expect:")));
        const QByteArray input = arguments.mid(stdinMarker + 1).join('\0');
        if (hereDocument) {
            QCOMPARE(arguments.at(stdinMarker - 2), QByteArray("--data-binary"));
            QCOMPARE(arguments.at(stdinMarker - 1), QByteArray("@-"));
            QCOMPARE(input, body.endsWith('\n') ? body : body + '\n');
        } else {
            QCOMPARE(arguments.at(stdinMarker - 2), QByteArray("--data-raw"));
            QCOMPARE(arguments.at(stdinMarker - 1), body);
            QVERIFY(input.isEmpty());
        }
    }

    // The command works with the real curl: the embedded endpoint on loopback receives the body, and
    // accepts the revealed token but not the redacted one.
    void realCurlReachesTheEndpoint_data()
    {
        QTest::addColumn<bool>("pretty");
        QTest::addRow("compact, --data-raw") << false;
        QTest::addRow("pretty, here-document") << true;
    }

    void realCurlReachesTheEndpoint()
    {
        QFETCH(bool, pretty);
        if (QStandardPaths::findExecutable(QStringLiteral("curl")).isEmpty())
            QSKIP("no curl executable");
        endpoint::EndpointConfig config;
        config.token = token;
        endpoint::Endpoint server(config);
        const auto port = server.start();
        QVERIFY(port.has_value());

        protocol::Json message = protocol::Generator({.seed = 7, .eventCount = pretty ? 3 : 1})
                                     .generate(protocol::MessageType::EventProcessingRequest);
        message["user_attributes"]["nickname"] = "O'Brien's \"$HOME\" `id`";
        const std::string body = pretty ? message.dump(2) : message.dump();
        const SendRequest sent = request(body, server.url());
        QVERIFY(body.size() <= curlInlineBodyLimit || pretty);

        const std::string silent = " -sS -o /dev/null -w '%{http_code}'";
        const ShellRun revealed = runShell(curlCommand(sent, true).insert(4, silent));
        QVERIFY2(revealed.exitCode == 0, revealed.err.constData());
        QCOMPARE(revealed.out, QByteArray("200"));
        const auto captured = server.capture().snapshot();
        QCOMPARE(captured.size(), std::size_t(1));
        const std::string expected = pretty ? body + "\n" : body;
        QCOMPARE(QByteArray::fromStdString(captured.front().requestBody), QByteArray::fromStdString(expected));

        const ShellRun redacted = runShell(curlCommand(sent, false).insert(4, silent));
        QVERIFY2(redacted.exitCode == 0, redacted.err.constData());
        QCOMPARE(redacted.out, QByteArray("401"));
    }
};

QTEST_GUILESS_MAIN(TestCurlCommand)
#include "tst_curlcommand.moc"
