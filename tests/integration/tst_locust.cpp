// The exported Locust file driven by Debian's python3-locust against the embedded endpoint on
// loopback: a master and two workers headless; a run with injected 429s for the retry policy; and
// the file's Python policy compared with transport::RetryPolicy.

#include "loopbackpeers.h"

#include "endpoint/endpoint.h"
#include "protocol/generator.h"
#include "secrets/redaction.h"
#include "transport/retrypolicy.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <map>
#include <set>

using namespace fhw;
using protocol::MessageType;

namespace {

const QByteArray token = "fhw-locust-token-3c9e1f0a7b52";
const QString tokenVariable = QStringLiteral("FHW_LOCUST_TOKEN");
const char *const noLocust = "python3-locust is not installed (apt-get install python3-locust; CI installs it)";

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Locust reads LOCUST_* variables as options; none from the caller's environment may leak in.
QProcessEnvironment cleanEnvironment(bool withToken)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &key : environment.keys()) {
        if (key.startsWith(QLatin1String("LOCUST_")))
            environment.remove(key);
    }
    environment.remove(tokenVariable);
    if (withToken)
        environment.insert(tokenVariable, QString::fromLatin1(token));
    return environment;
}

Run runFhw(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(FHW_CLI_PATH), arguments);
    if (!process.waitForFinished(30'000)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2, process.readAllStandardOutput(),
            process.readAllStandardError()};
}

// Locust's statistics CSV as rows of name → column → value.
std::map<QString, std::map<QString, QString>> readCsv(const QString &path)
{
    std::map<QString, std::map<QString, QString>> rows;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return rows;
    auto split = [](const QByteArray &line) {
        // Locust quotes every field; names hold no commas or quotes here.
        QStringList fields = QString::fromUtf8(line.trimmed()).split(QLatin1Char(','));
        for (QString &field : fields)
            field.remove(QLatin1Char('"'));
        return fields;
    };
    const QStringList header = split(file.readLine());
    while (!file.atEnd()) {
        const QStringList fields = split(file.readLine());
        std::map<QString, QString> row;
        for (qsizetype i = 0; i < header.size() && i < fields.size(); ++i)
            row[header[i]] = fields[i];
        // Failures are keyed "name|error", statistics by name.
        const auto error = row.find(QStringLiteral("Error"));
        const QString name = row[QStringLiteral("Name")];
        rows[error == row.end() ? name : name + QLatin1Char('|') + error->second] = row;
    }
    return rows;
}

std::string header(const endpoint::Exchange &e, std::string_view name)
{
    for (const auto &[key, value] : e.requestHeaders) {
        if (QString::fromStdString(key).compare(QString::fromUtf8(name.data(), qsizetype(name.size())), Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

} // namespace

class TestLocust : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_locust;
    QString m_python; // the interpreter Locust runs on (its shebang), which has the locust module

    void startLocust(QProcess &process, const QString &name, const QStringList &arguments, bool withToken)
    {
        testing::dieWithParent(process);
        process.setWorkingDirectory(m_dir.path()); // no stray locust.conf is read
        process.setProcessEnvironment(cleanEnvironment(withToken));
        process.setStandardOutputFile(m_dir.filePath(name + QStringLiteral(".out")));
        process.setStandardErrorFile(m_dir.filePath(name + QStringLiteral(".err")));
        process.start(m_locust, arguments);
    }

    QByteArray log(const QString &name) const
    {
        QFile file(m_dir.filePath(name + QStringLiteral(".err")));
        return file.open(QIODevice::ReadOnly) ? file.readAll().right(4000) : QByteArray();
    }

    // Waits at most `limit` ms; kills on time-out. The exit code, or -1 when it had to be killed.
    static int finish(QProcess &process, int limit)
    {
        if (!process.waitForFinished(limit)) {
            testing::stopProcess(process);
            return -1;
        }
        return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    }

    QString exportFile(const QString &name, const QStringList &options)
    {
        const QString path = m_dir.filePath(name);
        const Run exported = runFhw(QStringList{QStringLiteral("export-locust"), QStringLiteral("--out"), path} + options);
        if (exported.exitCode != 0) {
            qWarning("fhw export-locust: %s", (exported.out + exported.err).constData());
            return {};
        }
        return path;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_locust = QStandardPaths::findExecutable(QStringLiteral("locust"));
        if (m_locust.isEmpty())
            return; // the tests that need it skip, saying why
        QFile script(m_locust);
        QVERIFY(script.open(QIODevice::ReadOnly));
        const QByteArray shebang = script.readLine().trimmed();
        m_python = shebang.startsWith("#!/") && !shebang.contains(' ') ? QString::fromUtf8(shebang.mid(2))
                                                                       : QStringLiteral("python3");
    }

    void masterAndTwoWorkersReplayTheMix()
    {
        if (m_locust.isEmpty())
            QSKIP(noLocust);
        endpoint::EndpointConfig config;
        config.token = std::string(token);
        config.captureCapacity = 100'000;
        config.profile = protocol::Profile::Strict;
        endpoint::Endpoint server(config);
        const auto port = server.start();
        QVERIFY2(port.has_value(), port ? "" : port.error().message.c_str());
        const QString base = QStringLiteral("http://127.0.0.1:%1").arg(*port);

        const QString file = exportFile(QStringLiteral("distributed.py"),
                                        {QStringLiteral("--event-url"), base + QStringLiteral("/event"),
                                         QStringLiteral("--audience-url"), base + QStringLiteral("/audience"),
                                         QStringLiteral("--mix"), QStringLiteral("event=80,audience-membership=20"),
                                         QStringLiteral("--token-env"), tokenVariable, QStringLiteral("--rate-per-user"),
                                         QStringLiteral("5"), QStringLiteral("--bodies"), QStringLiteral("8")});
        QVERIFY(!file.isEmpty());
        QFile written(file);
        QVERIFY(written.open(QIODevice::ReadOnly));
        QVERIFY(!written.readAll().contains(token));

        const quint16 masterPort = testing::freePort();
        const QString csv = m_dir.filePath(QStringLiteral("distributed"));
        QProcess master;
        QProcess workers[2];
        // The master sends nothing, so it runs without the token.
        startLocust(master, QStringLiteral("master"),
                    {QStringLiteral("-f"), file, QStringLiteral("--headless"), QStringLiteral("--master"),
                     QStringLiteral("--master-bind-host"), QStringLiteral("127.0.0.1"), QStringLiteral("--master-bind-port"),
                     QString::number(masterPort), QStringLiteral("--expect-workers"), QStringLiteral("2"),
                     QStringLiteral("--expect-workers-max-wait"), QStringLiteral("20"), QStringLiteral("-u"),
                     QStringLiteral("20"), QStringLiteral("-r"), QStringLiteral("20"), QStringLiteral("-t"),
                     QStringLiteral("8s"), QStringLiteral("--csv"), csv, QStringLiteral("--only-summary")},
                    false);
        for (int i = 0; i < 2; ++i) {
            startLocust(workers[i], QStringLiteral("worker%1").arg(i),
                        {QStringLiteral("-f"), file, QStringLiteral("--worker"), QStringLiteral("--master-host"),
                         QStringLiteral("127.0.0.1"), QStringLiteral("--master-port"), QString::number(masterPort)},
                        true);
        }
        const int masterExit = finish(master, 40'000);
        const int worker0Exit = finish(workers[0], 10'000);
        const int worker1Exit = finish(workers[1], 10'000);
        QVERIFY2(masterExit == 0, log(QStringLiteral("master")).constData());
        QVERIFY2(worker0Exit == 0, log(QStringLiteral("worker0")).constData());
        QVERIFY2(worker1Exit == 0, log(QStringLiteral("worker1")).constData());
        QVERIFY2(log(QStringLiteral("master")).contains("2 workers connected"), log(QStringLiteral("master")).constData());

        // What the endpoint received: both types in about the mix ratio, at the right URL, every
        // body valid (strict profile) and unique, every request authorized.
        const auto exchanges = server.capture().snapshot();
        std::map<MessageType, int> perType;
        std::set<std::string> ids;
        const std::string expectedAuthorization = secrets::redactAuthorization("Token " + token.toStdString());
        for (const endpoint::Exchange &e : exchanges) {
            QVERIFY(e.type.has_value());
            ++perType[*e.type];
            QCOMPARE(e.status, 200);
            for (const protocol::Finding &finding : e.findings) // clean: info notes only
                QVERIFY2(finding.severity == protocol::Severity::Info, (finding.pointer + ": " + finding.message).c_str());
            QCOMPARE(header(e, "Authorization"), expectedAuthorization);
            QCOMPARE(header(e, "Content-Type"), std::string("application/json"));
            QCOMPARE(e.path, std::string(*e.type == MessageType::EventProcessingRequest ? "/event" : "/audience"));
            ids.insert(protocol::Json::parse(e.requestBody).at("id").get<std::string>());
        }
        const int events = perType[MessageType::EventProcessingRequest];
        const int memberships = perType[MessageType::AudienceMembershipChangeRequest];
        const int total = int(exchanges.size());
        QCOMPARE(events + memberships, total);
        QVERIFY2(total >= 300, qPrintable(QStringLiteral("only %1 requests (20 users x 5/s for 8 s)").arg(total)));
        const double eventShare = double(events) / total;
        QVERIFY2(eventShare > 0.72 && eventShare < 0.88,
                 qPrintable(QStringLiteral("%1 events, %2 memberships").arg(events).arg(memberships)));
        QCOMPARE(int(ids.size()), total); // a fresh id for every request

        // Locust's statistics: the same requests, none failed, no retries needed.
        const auto stats = readCsv(csv + QStringLiteral("_stats.csv"));
        QVERIFY2(stats.contains(QStringLiteral("event")) && stats.contains(QStringLiteral("audience-membership")),
                 qPrintable(QString::number(stats.size())));
        QVERIFY(!stats.contains(QStringLiteral("event (retry)")));
        const auto &aggregated = stats.at(QStringLiteral("Aggregated"));
        QCOMPARE(aggregated.at(QStringLiteral("Failure Count")), QStringLiteral("0"));
        const int counted = aggregated.at(QStringLiteral("Request Count")).toInt();
        qInfo("endpoint: %d requests (%d event, %d audience-membership); Locust counted %d", total, events, memberships,
              counted);
        QVERIFY2(counted <= total && counted >= total * 9 / 10,
                 qPrintable(QStringLiteral("Locust counted %1, the endpoint saw %2").arg(counted).arg(total)));
        QCOMPARE(stats.at(QStringLiteral("event")).at(QStringLiteral("Failure Count")), QStringLiteral("0"));
        QCOMPARE(stats.at(QStringLiteral("audience-membership")).at(QStringLiteral("Failure Count")), QStringLiteral("0"));
    }

    void retriesAndThrottlingAreReportedApart()
    {
        if (m_locust.isEmpty())
            QSKIP(noLocust);
        endpoint::EndpointConfig config;
        config.token = std::string(token);
        config.captureCapacity = 100'000;
        endpoint::FaultSettings throttle;
        throttle.failRate = 0.3;
        throttle.failStatus = 429;
        throttle.retryAfterSeconds = 0; // honoured: retry at once
        config.faults[transport::Family::Event] = throttle;
        endpoint::Endpoint server(config);
        const auto port = server.start();
        QVERIFY(port.has_value());

        const QString file = exportFile(QStringLiteral("throttled.py"),
                                        {QString::fromStdString(server.url()), QStringLiteral("--mix"),
                                         QStringLiteral("event=50,registration=50"), QStringLiteral("--token-env"),
                                         tokenVariable, QStringLiteral("--rate-per-user"), QStringLiteral("10"),
                                         QStringLiteral("--bodies"), QStringLiteral("4"), QStringLiteral("--events"),
                                         QStringLiteral("2")});
        QVERIFY(!file.isEmpty());
        const QString csv = m_dir.filePath(QStringLiteral("throttled"));
        QProcess local;
        startLocust(local, QStringLiteral("local"),
                    {QStringLiteral("-f"), file, QStringLiteral("--headless"), QStringLiteral("-u"), QStringLiteral("5"),
                     QStringLiteral("-r"), QStringLiteral("5"), QStringLiteral("-t"), QStringLiteral("3s"),
                     QStringLiteral("--csv"), csv, QStringLiteral("--only-summary")},
                    true);
        const int exitCode = finish(local, 30'000);
        QVERIFY2(exitCode == 1, log(QStringLiteral("local")).constData()); // failures were recorded

        int throttled = 0;
        for (const endpoint::Exchange &e : server.capture().snapshot()) {
            if (e.type == MessageType::ModuleRegistrationRequest) {
                QCOMPARE(header(e, "Authorization"), std::string()); // as mParticle: no auth on registration
                QCOMPARE(e.status, 200);
            } else {
                QCOMPARE(header(e, "Authorization").substr(0, 6), std::string("Token "));
                QVERIFY(e.status == 200 || e.status == 429);
                throttled += e.status == 429;
            }
        }
        QVERIFY2(throttled >= 5, qPrintable(QString::number(throttled)));

        const auto stats = readCsv(csv + QStringLiteral("_stats.csv"));
        QVERIFY(stats.contains(QStringLiteral("event (retry)")));
        QCOMPARE(stats.at(QStringLiteral("registration")).at(QStringLiteral("Failure Count")), QStringLiteral("0"));
        const int eventFailures = stats.at(QStringLiteral("event")).at(QStringLiteral("Failure Count")).toInt()
                                  + stats.at(QStringLiteral("event (retry)")).at(QStringLiteral("Failure Count")).toInt();
        const int retries = stats.at(QStringLiteral("event (retry)")).at(QStringLiteral("Request Count")).toInt();
        QVERIFY(eventFailures > 0 && eventFailures <= throttled);
        QVERIFY(retries > 0 && retries <= eventFailures); // each retry follows a failed attempt
        const auto failures = readCsv(csv + QStringLiteral("_failures.csv"));
        QStringList failureKeys;
        for (const auto &[key, row] : failures)
            failureKeys << key;
        QVERIFY2(failureKeys.indexOf(QRegularExpression(QStringLiteral("^event\\|.*throttled \\(429\\).*"))) >= 0,
                 qPrintable(failureKeys.join(QStringLiteral("; "))));
    }

    void pythonPolicyMatchesRetryPolicy()
    {
        if (m_locust.isEmpty())
            QSKIP(noLocust);
        const QString file = exportFile(QStringLiteral("policy.py"),
                                        {QStringLiteral("http://127.0.0.1:9/"), QStringLiteral("--bodies"),
                                         QStringLiteral("1"), QStringLiteral("--events"), QStringLiteral("3")});
        QVERIFY(!file.isEmpty());
        // Imports the file as Locust would and asks its helpers, with random() fixed at 0.9.
        const QString script = QStringLiteral(R"(
import json, sys
sys.path.insert(0, sys.argv[1])
import policy as m
m.random.random = lambda: 0.9
out = {
    "delays": [m.delay_before(n, None) for n in range(2, m.RETRY["max_attempts"] + 2)],
    "retry_after_3": m.delay_before(2, "3"),
    "retry_after_past_date": m.delay_before(2, "Sun, 06 Nov 1994 08:49:37 GMT"),
    "retry_after_too_long": m.delay_before(2, "3600"),
    "retry_after_garbage": m.delay_before(2, "soon"),
}
template = m.BODIES["event"][0]
a, b = m.fresh_body(template), m.fresh_body(template)
out["ids_differ"] = a["id"] != b["id"] and a["id"] != template["id"]
out["event_ids_differ"] = all(x["id"] != y["id"] for x, y in zip(a["events"], template["events"]))
out["shift_kept"] = all(x["timestamp_ms"] - a["timestamp_ms"] == y["timestamp_ms"] - template["timestamp_ms"]
                        for x, y in zip(a["events"], template["events"]))
out["timestamp_ms"] = a["timestamp_ms"]
out["keys_kept"] = list(a.keys()) == list(template.keys())
print(json.dumps(out))
)");
        QProcess python;
        python.setWorkingDirectory(m_dir.path());
        python.setProcessEnvironment(cleanEnvironment(false));
        python.start(m_python, {QStringLiteral("-c"), script, m_dir.path()});
        QVERIFY(python.waitForFinished(30'000));
        const QByteArray out = python.readAllStandardOutput();
        QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
        const QJsonObject result = QJsonDocument::fromJson(out).object();

        const transport::RetryPolicy policy({}, {}, [] { return 0.9; });
        const QJsonArray delays = result.value(QStringLiteral("delays")).toArray();
        QCOMPARE(delays.size(), policy.settings().maxAttempts);
        for (int attempt = 2; attempt <= policy.settings().maxAttempts + 1; ++attempt) {
            const auto expected = policy.delayBefore(attempt);
            const QJsonValue got = delays.at(attempt - 2);
            if (!expected) {
                QVERIFY2(got.isNull(), qPrintable(QString::number(attempt)));
                continue;
            }
            QVERIFY2(std::abs(got.toDouble() * 1000.0 - double(expected->count())) <= 1.0,
                     qPrintable(QStringLiteral("attempt %1: %2 s vs %3 ms").arg(attempt).arg(got.toDouble()).arg(expected->count())));
        }
        QCOMPARE(result.value(QStringLiteral("retry_after_3")).toDouble(), 3.0);
        QCOMPARE(result.value(QStringLiteral("retry_after_past_date")).toDouble(), 0.0);
        QVERIFY(result.value(QStringLiteral("retry_after_too_long")).isNull()); // past maxRetryAfter: give up
        QCOMPARE(result.value(QStringLiteral("retry_after_garbage")).toDouble() * 1000.0,
                 double(policy.delayBefore(2, std::string_view("soon"))->count()));
        QVERIFY(result.value(QStringLiteral("ids_differ")).toBool());
        QVERIFY(result.value(QStringLiteral("event_ids_differ")).toBool());
        QVERIFY(result.value(QStringLiteral("shift_kept")).toBool());
        QVERIFY(result.value(QStringLiteral("keys_kept")).toBool());
        const double now = double(QDateTime::currentMSecsSinceEpoch());
        QVERIFY(std::abs(result.value(QStringLiteral("timestamp_ms")).toDouble() - now) < 60'000);
    }

    void cliUsage()
    {
        QCOMPARE(runFhw({QStringLiteral("export-locust"), QStringLiteral("http://127.0.0.1:1/")}).exitCode, 2); // no --out
        QCOMPARE(runFhw({QStringLiteral("export-locust"), QStringLiteral("--out"), QStringLiteral("-")}).exitCode, 2); // no URL
        QCOMPARE(runFhw({QStringLiteral("export-locust"), QStringLiteral("--out"), QStringLiteral("-"),
                      QStringLiteral("http://127.0.0.1:1/"), QStringLiteral("--mix"), QStringLiteral("event=x")})
                     .exitCode,
                 2);
        QCOMPARE(runFhw({QStringLiteral("export-locust"), QStringLiteral("--out"), QStringLiteral("-"),
                      QStringLiteral("--event-url"), QStringLiteral("http://127.0.0.1:1/"), QStringLiteral("--mix"),
                      QStringLiteral("dsr=1")})
                     .exitCode,
                 2); // no URL for dsr
        QCOMPARE(runFhw({QStringLiteral("export-locust"), QStringLiteral("--out"), QStringLiteral("-"),
                      QStringLiteral("http://127.0.0.1:1/"), QStringLiteral("--token-env"), QStringLiteral("NOT-A-NAME")})
                     .exitCode,
                 2);
        QCOMPARE(runFhw({QStringLiteral("export-locust"), QStringLiteral("--out"), QStringLiteral("-"),
                      QStringLiteral("http://127.0.0.1:1/"), QStringLiteral("--rate-per-user"), QStringLiteral("0")})
                     .exitCode,
                 2);
        const Run printed = runFhw({QStringLiteral("export-locust"), QStringLiteral("--out"), QStringLiteral("-"),
                                 QStringLiteral("http://127.0.0.1:1/"), QStringLiteral("--bodies"), QStringLiteral("1")});
        QCOMPARE(printed.exitCode, 0);
        QVERIFY(printed.out.startsWith("# Locust file written by Firehose Workbench"));
        QVERIFY(printed.out.contains("class FirehoseUser(FastHttpUser):"));
        // Unwritable destination: exit 2, nothing left behind.
        const QString blocked = m_dir.filePath(QStringLiteral("no-such-dir/locustfile.py"));
        QCOMPARE(runFhw({QStringLiteral("export-locust"), QStringLiteral("--out"), blocked,
                      QStringLiteral("http://127.0.0.1:1/")})
                     .exitCode,
                 2);
        QVERIFY(!QFile::exists(blocked));
    }
};

QTEST_GUILESS_MAIN(TestLocust)
#include "tst_locust.moc"
