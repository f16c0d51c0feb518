// locustFile(): the Python compiles (python3 -m py_compile), the settings and bodies are in it as
// given, the token never is, and bad settings are refused with "locust.settings".

#include "readiness/locustexport.h"

#include "protocol/generator.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <limits>

using namespace fhw;
using namespace fhw::readiness;
using protocol::MessageType;

Q_DECLARE_METATYPE(fhw::readiness::LocustSettings)

namespace {

LocustSettings basicSettings()
{
    LocustSettings settings;
    settings.target.url = "http://127.0.0.1:8080/firehose";
    settings.mix = {{MessageType::EventProcessingRequest, 80}, {MessageType::AudienceMembershipChangeRequest, 20}};
    settings.tokenEnvironmentVariable = "FHW_TOKEN";
    settings.bodiesPerType = 4;
    settings.eventsPerBatch = 3;
    return settings;
}

QString text(const std::string &s)
{
    return QString::fromStdString(s);
}

// The Python literals the exporter writes hold only \\ and \' escapes (all else is plain ASCII).
std::string unescapePython(std::string_view literal)
{
    std::string out;
    for (std::size_t i = 0; i < literal.size(); ++i) {
        if (literal[i] == '\\' && i + 1 < literal.size())
            ++i;
        out += literal[i];
    }
    return out;
}

// The bodies of one type, as the file embeds them: "    'TYPE': [" then one json.loads('…') a line.
std::vector<protocol::Json> embeddedBodies(const std::string &file, std::string_view type)
{
    std::vector<protocol::Json> bodies;
    const std::string opening = "    '" + std::string(type) + "': [\n";
    auto at = file.find(opening);
    if (at == std::string::npos)
        return bodies;
    at += opening.size();
    const std::string prefix = "        json.loads('";
    const std::string suffix = "'),";
    while (file.compare(at, prefix.size(), prefix) == 0) {
        const auto end = file.find('\n', at);
        const std::string_view line(file.data() + at, end - at);
        const auto literal = line.substr(prefix.size(), line.size() - prefix.size() - suffix.size());
        bodies.push_back(protocol::Json::parse(unescapePython(literal)));
        at = end + 1;
    }
    return bodies;
}

} // namespace

class TestLocustExport : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_python;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_python = QStandardPaths::findExecutable(QStringLiteral("python3"));
    }

    void compiles_data()
    {
        QTest::addColumn<LocustSettings>("settings");
        QTest::newRow("event and membership") << basicSettings();

        LocustSettings every = basicSettings();
        every.target.url.clear();
        every.target.perFamily = {{transport::Family::Registration, "https://example.com/register"},
                                  {transport::Family::Event, "https://example.com/events"},
                                  {transport::Family::Audience, "https://example.com/audience"},
                                  {transport::Family::Dsr, "https://example.com/dsr"}};
        every.mix = {{MessageType::ModuleRegistrationRequest, 1}, {MessageType::EventProcessingRequest, 70},
                     {MessageType::AudienceSubscriptionRequest, 5}, {MessageType::AudienceMembershipChangeRequest, 20},
                     {MessageType::DsrProcessingRequest, 4}};
        QTest::newRow("every type, a URL per family") << every;

        LocustSettings plain = basicSettings();
        plain.tokenEnvironmentVariable.clear();
        plain.retries = false;
        plain.eventsPerBatch = 0;
        plain.ratePerUser = 0.25;
        QTest::newRow("no token, no retries, empty batches") << plain;

        // Quotes, backslashes and a triple quote in the URL must stay inside their string literal.
        LocustSettings awkward = basicSettings();
        awkward.target.url = "http://127.0.0.1:1/a'b\\c\"\"\"d'''e?x=%27&y=\\n";
        awkward.seed = std::numeric_limits<std::uint64_t>::max() - 1;
        QTest::newRow("awkward URL, seed wraps") << awkward;

        LocustSettings upper = basicSettings();
        upper.target.url = "HTTPS://Example.COM:8443/Firehose";
        QTest::newRow("scheme in capitals") << upper;
    }

    void compiles()
    {
        QFETCH(LocustSettings, settings);
        if (m_python.isEmpty())
            QSKIP("python3 is not installed");
        const auto file = locustFile(settings);
        QVERIFY2(file.has_value(), file ? "" : file.error().message.c_str());
        const QString path = m_dir.filePath(QStringLiteral("locustfile_%1.py").arg(QString::fromUtf8(QTest::currentDataTag())).replace(
            QRegularExpression(QStringLiteral("[^A-Za-z0-9_./]")), QStringLiteral("_")));
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(file->data(), qint64(file->size()));
        out.close();

        QProcess python;
        python.start(m_python, {QStringLiteral("-m"), QStringLiteral("py_compile"), path});
        QVERIFY(python.waitForFinished(30'000));
        QVERIFY2(python.exitStatus() == QProcess::NormalExit && python.exitCode() == 0,
                 python.readAllStandardError().constData());

        // The URLs are there, and only inside json.loads literals or comments.
        for (const MixEntry &entry : settings.mix)
            QVERIFY(file->find("POST " + settings.target.urlFor(entry.type)) != std::string::npos);
    }

    void neverHoldsTheToken()
    {
        const QByteArray token = "fhw-secret-token-5d1e9a77c2";
        qputenv("FHW_LOCUST_UNIT_TOKEN", token);
        LocustSettings settings = basicSettings();
        settings.tokenEnvironmentVariable = "FHW_LOCUST_UNIT_TOKEN";
        const auto file = locustFile(settings);
        qunsetenv("FHW_LOCUST_UNIT_TOKEN");
        QVERIFY(file.has_value());
        QVERIFY(file->find(token.constData()) == std::string::npos);
        QVERIFY(file->find("TOKEN_VARIABLE = 'FHW_LOCUST_UNIT_TOKEN'") != std::string::npos);
        // The header is built at run time from the variable.
        QVERIFY(file->find("os.environ.get(TOKEN_VARIABLE") != std::string::npos);
        QVERIFY(file->find("\"Token \" + _token") != std::string::npos);
    }

    void mixBecomesWeightedTasks()
    {
        const auto file = locustFile(basicSettings());
        QVERIFY(file.has_value());
        QVERIFY(file->find("    @task(80)\n    def event(self):\n        self.send('event')\n") != std::string::npos);
        QVERIFY(file->find("    @task(20)\n    def audience_membership(self):\n        self.send('audience-membership')\n")
                != std::string::npos);
        QVERIFY(file->find("# Mix:    event=80,audience-membership=20") != std::string::npos);
        QVERIFY(file->find("\"weight\":80") != std::string::npos);
        QVERIFY(file->find("\"auth\":true") != std::string::npos);
        QVERIFY(file->find("--master") != std::string::npos);
        QVERIFY(file->find("--worker --master-host") != std::string::npos);
        QVERIFY(file->find("fhw " FHW_VERSION) != std::string::npos);
    }

    void registrationGoesWithoutAuth()
    {
        LocustSettings settings = basicSettings();
        settings.mix = {{MessageType::ModuleRegistrationRequest, 1}};
        const auto file = locustFile(settings);
        QVERIFY(file.has_value());
        QVERIFY(file->find("{\"registration\":{\"url\":\"http://127.0.0.1:8080/firehose\",\"weight\":1,\"auth\":false}}")
                != std::string::npos);
    }

    void embedsTheGeneratedBodies()
    {
        LocustSettings settings = basicSettings();
        settings.seed = 41;
        const auto file = locustFile(settings);
        QVERIFY(file.has_value());
        for (const MixEntry &entry : settings.mix) {
            const auto bodies = embeddedBodies(*file, shortTypeName(entry.type));
            QCOMPARE(int(bodies.size()), settings.bodiesPerType);
            for (int i = 0; i < settings.bodiesPerType; ++i) {
                protocol::GeneratorOptions options;
                options.seed = settings.seed + std::uint64_t(i);
                options.eventCount = settings.eventsPerBatch;
                QVERIFY2(bodies[std::size_t(i)] == protocol::Generator(options).generate(entry.type),
                         qPrintable(QStringLiteral("%1 body %2").arg(text(std::string(shortTypeName(entry.type)))).arg(i)));
            }
        }
    }

    void retrySettingsAreCarried()
    {
        LocustSettings settings = basicSettings();
        settings.retry.maxAttempts = 7;
        settings.retry.base = std::chrono::milliseconds(250);
        settings.retry.factor = 3.0;
        settings.retry.cap = std::chrono::milliseconds(4000);
        settings.retry.jitter = 0.1;
        settings.retry.honourRetryAfter = false;
        settings.retry.maxRetryAfter = std::chrono::milliseconds(30'000);
        auto file = locustFile(settings);
        QVERIFY(file.has_value());
        QVERIFY2(file->find("RETRY = json.loads('{\"max_attempts\":7,\"base_s\":0.25,\"factor\":3.0,\"cap_s\":4.0,"
                            "\"jitter\":0.1,\"honour_retry_after\":false,\"max_retry_after_s\":30.0}')")
                     != std::string::npos,
                 file->substr(file->find("RETRY ="), 200).c_str());
        settings.retries = false;
        file = locustFile(settings);
        QVERIFY(file.has_value());
        QVERIFY(file->find("{\"max_attempts\":1,") != std::string::npos);
        QVERIFY(file->find("# Retry:  off") != std::string::npos);
    }

    void badSettings_data()
    {
        QTest::addColumn<LocustSettings>("settings");
        QTest::addColumn<QString>("reason"); // a word the message must hold
        auto with = [](auto change) {
            LocustSettings s = basicSettings();
            change(s);
            return s;
        };
        QTest::newRow("empty mix") << with([](LocustSettings &s) { s.mix.clear(); }) << QStringLiteral("empty");
        QTest::newRow("a response type")
            << with([](LocustSettings &s) { s.mix = {{MessageType::EventProcessingResponse, 1}}; })
            << QStringLiteral("not a request type");
        QTest::newRow("a type twice") << with([](LocustSettings &s) {
            s.mix = {{MessageType::EventProcessingRequest, 1}, {MessageType::EventProcessingRequest, 2}};
        }) << QStringLiteral("twice");
        QTest::newRow("weight 0") << with([](LocustSettings &s) { s.mix[1].weight = 0; }) << QStringLiteral("weight");
        QTest::newRow("no URL for a type") << with([](LocustSettings &s) {
            s.target.url.clear();
            s.target.perFamily[transport::Family::Event] = "http://127.0.0.1:1/";
        }) << QStringLiteral("no URL for audience-membership");
        QTest::newRow("no URL at all") << with([](LocustSettings &s) { s.target = {}; }) << QStringLiteral("no URL");
        QTest::newRow("ftp URL") << with([](LocustSettings &s) { s.target.url = "ftp://example.com/"; })
                                 << QStringLiteral("URL");
        QTest::newRow("newline in URL") << with([](LocustSettings &s) { s.target.url = "http://a/\nimport os"; })
                                        << QStringLiteral("URL");
        QTest::newRow("non-ASCII URL") << with([](LocustSettings &s) { s.target.url = "http://exämple.com/"; })
                                       << QStringLiteral("URL");
        for (const char *name : {"1TOKEN", "MY-TOKEN", "MY TOKEN", "TOKEN'"}) {
            QTest::addRow("token variable %s", name)
                << with([name](LocustSettings &s) { s.tokenEnvironmentVariable = name; }) << QStringLiteral("variable");
        }
        QTest::newRow("events -1") << with([](LocustSettings &s) { s.eventsPerBatch = -1; }) << QStringLiteral("events");
        QTest::newRow("events 1001") << with([](LocustSettings &s) { s.eventsPerBatch = 1001; }) << QStringLiteral("events");
        QTest::newRow("bodies 0") << with([](LocustSettings &s) { s.bodiesPerType = 0; }) << QStringLiteral("bodies");
        QTest::newRow("bodies 1001") << with([](LocustSettings &s) { s.bodiesPerType = 1001; }) << QStringLiteral("bodies");
        QTest::newRow("rate 0") << with([](LocustSettings &s) { s.ratePerUser = 0; }) << QStringLiteral("rate");
        QTest::newRow("rate NaN") << with([](LocustSettings &s) { s.ratePerUser = std::nan(""); }) << QStringLiteral("rate");
        QTest::newRow("rate inf") << with([](LocustSettings &s) { s.ratePerUser = INFINITY; }) << QStringLiteral("rate");
        QTest::newRow("attempts 0") << with([](LocustSettings &s) { s.retry.maxAttempts = 0; }) << QStringLiteral("attempts");
        QTest::newRow("factor 0.5") << with([](LocustSettings &s) { s.retry.factor = 0.5; }) << QStringLiteral("factor");
        QTest::newRow("jitter 1.5") << with([](LocustSettings &s) { s.retry.jitter = 1.5; }) << QStringLiteral("jitter");
        QTest::newRow("negative base") << with([](LocustSettings &s) { s.retry.base = std::chrono::milliseconds(-1); })
                                       << QStringLiteral("negative");
    }

    void badSettings()
    {
        QFETCH(LocustSettings, settings);
        QFETCH(QString, reason);
        const auto file = locustFile(settings);
        QVERIFY(!file.has_value());
        QCOMPARE(file.error().code, std::string("locust.settings"));
        QVERIFY2(text(file.error().message).contains(reason), file.error().message.c_str());
    }

    void retrySettingsAreIgnoredWithoutRetries()
    {
        LocustSettings settings = basicSettings();
        settings.retries = false;
        settings.retry.maxAttempts = 0; // not used, so not an error
        QVERIFY(locustFile(settings).has_value());
    }
};

QTEST_GUILESS_MAIN(TestLocustExport)
#include "tst_locustexport.moc"
