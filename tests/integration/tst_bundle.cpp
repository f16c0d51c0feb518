// The submission bundle: its contents and checksums (read back with libzip and QCryptographicHash, not with
// the bundle's own reader), byte-identical output, refusal of secrets (tokens, private keys made by gpg,
// confidential defaults), refusal of a failing checklist unless forced, and verification of tampered zips.

#include "readiness/conformancereport.h"
#include "readiness/loadreport.h"
#include "submission/bundle.h"
#include "submission/bundlelogo.h"
#include "submission/registrationexport.h"
#include "submission/registrationsource.h"

#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <zip.h>

using namespace fhw::submission;
using fhw::protocol::Json;

namespace {

const std::string token = "fhwtok_q8m3x0v7k2p9r4t6w1y5z8a3c6e9g2j5";

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

std::string sha256(const std::string &bytes)
{
    return QCryptographicHash::hash(QByteArrayView(bytes.data(), qsizetype(bytes.size())), QCryptographicHash::Sha256)
        .toHex()
        .toStdString();
}

struct Entry
{
    std::string name;
    std::string bytes;
};

// The archive's entries, read with libzip directly.
std::vector<Entry> entriesOf(const std::string &zip)
{
    std::vector<Entry> out;
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t *source = zip_source_buffer_create(zip.data(), zip.size(), 0, &error);
    zip_t *archive = source ? zip_open_from_source(source, ZIP_RDONLY, &error) : nullptr;
    if (!archive) {
        zip_source_free(source);
        return out;
    }
    for (zip_int64_t i = 0; i < zip_get_num_entries(archive, 0); ++i) {
        zip_stat_t stat;
        zip_stat_index(archive, zip_uint64_t(i), 0, &stat);
        Entry entry{stat.name, std::string(stat.size, '\0')};
        zip_file_t *file = zip_fopen_index(archive, zip_uint64_t(i), 0);
        zip_fread(file, entry.bytes.data(), stat.size);
        zip_fclose(file);
        out.push_back(std::move(entry));
    }
    zip_discard(archive);
    return out;
}

// The zip with one entry's content replaced, added or removed, by libzip on a copy in a file (its CRC made
// to match: only the manifest can tell).
std::string withEntryReplaced(const std::string &zip, const char *name, const std::string &bytes, bool add = false,
                              bool remove = false)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("copy.zip"));
    QFile copy(path);
    if (!copy.open(QIODevice::WriteOnly) || copy.write(zip.data(), qint64(zip.size())) != qint64(zip.size()))
        return {};
    copy.close();
    int error = 0;
    zip_t *archive = zip_open(path.toUtf8().constData(), 0, &error);
    if (!archive)
        return {};
    const zip_int64_t index = zip_name_locate(archive, name, 0);
    if (remove) {
        zip_delete(archive, zip_uint64_t(index));
    } else {
        zip_source_t *data = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
        if ((add ? zip_file_add(archive, name, data, 0) : zip_file_replace(archive, zip_uint64_t(index), data, 0)) < 0)
            zip_source_free(data);
    }
    if (zip_close(archive) != 0) {
        zip_discard(archive);
        return {};
    }
    return readFile(path).toStdString();
}

std::uint16_t le16(const std::string &bytes, std::size_t at)
{
    return std::uint16_t(static_cast<unsigned char>(bytes[at]) | (static_cast<unsigned char>(bytes[at + 1]) << 8));
}

std::uint32_t le32(const std::string &bytes, std::size_t at)
{
    return le16(bytes, at) | (std::uint32_t(le16(bytes, at + 2)) << 16);
}

fhw::readiness::ConformanceReport conformanceReport(fhw::readiness::CheckStatus lastStatus)
{
    fhw::readiness::ConformanceReport report;
    report.target = "https://firehose.acme.example/";
    report.startedAt = "2026-01-31T12:00:00Z";
    report.toolVersion = FHW_VERSION;
    for (const char *id : {"registration.no-auth", "verification.event", "latency.budget"}) {
        fhw::readiness::CheckResult check;
        check.id = id;
        check.category = "verification";
        check.title = id;
        check.status = fhw::readiness::CheckStatus::Pass;
        check.message = "fine";
        report.checks.push_back(std::move(check));
    }
    report.checks.back().status = lastStatus;
    return report;
}

std::string latencyReport(bool passed)
{
    fhw::readiness::LoadResult result;
    result.passed = passed;
    if (!passed)
        result.reasons.push_back("p99 latency 180 ms is over the 100 ms budget");
    return fhw::readiness::loadReportJson(result).dump(2);
}

} // namespace

class TestBundle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void contents();
    void byteIdentical();
    void fixedZipFields();
    void logoReportWithoutRenderTime();
    void optionalFilesOnlyWhenGiven();
    void checklist();
    void refusesKnownToken_data();
    void refusesKnownToken();
    void refusesUnredactedAuthorization();
    void refusesPrivateKey_data();
    void refusesPrivateKey();
    void refusesConfidentialDefault();
    void failingCheckRefusesUnlessForced_data();
    void failingCheckRefusesUnlessForced();
    void blankConfirmation();
    void verifyDetectsTampering();
    void writeAndVerifyFile();

private:
    BundleInputs goodInputs() const;
    QByteArray gpg(const QStringList &arguments) const;

    std::unique_ptr<QTemporaryDir> m_gnupgHome;
    std::string m_publicKey;
    std::string m_secretKeyArmored;
    std::string m_secretKeyBinary;
    std::string m_fingerprint;
    Json m_registration;
    std::string m_logo;
};

QByteArray TestBundle::gpg(const QStringList &arguments) const
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("GNUPGHOME"), m_gnupgHome->path());
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral("gpg"), QStringList{QStringLiteral("--batch"), QStringLiteral("--quiet"),
                                                     QStringLiteral("--pinentry-mode"), QStringLiteral("loopback"),
                                                     QStringLiteral("--passphrase"), QString()}
                                             + arguments);
    if (!process.waitForFinished(60'000) || process.exitCode() != 0) {
        qWarning("gpg %s: %s", qPrintable(arguments.join(u' ')), process.readAllStandardError().constData());
        return {};
    }
    return process.readAllStandardOutput();
}

void TestBundle::initTestCase()
{
    // A short path: gpg-agent's socket must fit in a sockaddr_un.
    m_gnupgHome = std::make_unique<QTemporaryDir>(QStringLiteral("/tmp/fhw-gpgb-XXXXXX"));
    QVERIFY(m_gnupgHome->isValid());
    QFile::setPermissions(m_gnupgHome->path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    gpg({QStringLiteral("--quick-gen-key"), QStringLiteral("Acme Metrics <integrations@acme.test>"),
         QStringLiteral("ed25519"), QStringLiteral("sign,cert"), QStringLiteral("never")});
    const QByteArray listing = gpg({QStringLiteral("--with-colons"), QStringLiteral("--list-keys")});
    for (const QByteArray &line : listing.split('\n')) {
        if (line.startsWith("fpr:")) {
            m_fingerprint = line.split(':').value(9).toStdString();
            break;
        }
    }
    QCOMPARE(m_fingerprint.size(), std::size_t(40));
    m_publicKey = gpg({QStringLiteral("--armor"), QStringLiteral("--export"), QString::fromStdString(m_fingerprint)}).toStdString();
    m_secretKeyArmored = gpg({QStringLiteral("--armor"), QStringLiteral("--export-secret-keys"),
                              QString::fromStdString(m_fingerprint)}).toStdString();
    m_secretKeyBinary = gpg({QStringLiteral("--export-secret-keys"), QString::fromStdString(m_fingerprint)}).toStdString();
    QVERIFY(m_publicKey.starts_with("-----BEGIN PGP PUBLIC KEY BLOCK-----"));
    QVERIFY(m_secretKeyArmored.starts_with("-----BEGIN PGP PRIVATE KEY BLOCK-----"));
    QVERIFY(!m_secretKeyBinary.empty());

    auto registration = loadRegistrationFile(FHW_SOURCE_DIR "/samples/registration/northwind-metrics.json");
    QVERIFY(registration);
    m_registration = *registration;
    m_logo = readFile(QStringLiteral(FHW_SOURCE_DIR "/samples/logos/orbit.svg")).toStdString();
    QVERIFY(!m_logo.empty());
}

void TestBundle::cleanupTestCase()
{
    QProcess::execute(QStringLiteral("gpgconf"), {QStringLiteral("--homedir"), m_gnupgHome->path(),
                                                  QStringLiteral("--kill"), QStringLiteral("all")});
}

BundleInputs TestBundle::goodInputs() const
{
    BundleInputs inputs;
    inputs.registration = m_registration;
    inputs.logo.svg = m_logo;
    inputs.logo.previewOnWhite = std::string("\x89PNG\r\n\x1a\n", 8) + "white preview";
    inputs.logo.previewOnDark = std::string("\x89PNG\r\n\x1a\n", 8) + "dark preview";
    inputs.logo.status = CheckStatus::Pass;
    inputs.endpoints = {{Pod::US1, PodEndpoint::http("https://firehose.acme.example/mparticle")},
                        {Pod::EU1, PodEndpoint::lambda("arn:aws:lambda:eu-central-1:123456789012:function:acme:live")}};
    inputs.publicKey = m_publicKey;
    const auto report = conformanceReport(fhw::readiness::CheckStatus::Pass);
    inputs.conformanceJson = fhw::readiness::conformanceJson(report).dump(2);
    inputs.conformanceJUnit = fhw::readiness::conformanceJUnit(report);
    inputs.latencyJson = latencyReport(true);
    CookieSyncAnswers cookieSync;
    cookieSync.endpointUrl = "https://sync.acme.example/mparticle";
    cookieSync.partnerIdMacro = "${ACME_UID}";
    cookieSync.provideRedirectUrl = true;
    cookieSync.separateUrlsPerDataCenter = false;
    cookieSync.accepts204 = true;
    cookieSync.errorCodesInRedirect = false;
    inputs.cookieSync = cookieSync;
    inputs.knownTokens = {{"acme-prod-US1", token}};
    return inputs;
}

void TestBundle::contents()
{
    const BundleInputs inputs = goodInputs();
    const auto zip = buildBundle(inputs);
    QVERIFY2(zip, zip ? "" : zip.error().message.c_str());
    const std::vector<Entry> entries = entriesOf(*zip);
    std::vector<std::string> names;
    for (const Entry &entry : entries)
        names.push_back(entry.name);
    const std::vector<std::string> expected{
        "registration.json", "registration.md", "registration.html", "logo.svg", "logo-on-white.png",
        "logo-on-dark.png", "endpoints.json", "pgp-public-key.asc", "conformance-report.json",
        "conformance-report.junit.xml", "latency-report.json", "cookie-sync.json", "manifest.json"};
    QCOMPARE(names, expected);

    QCOMPARE(entries[0].bytes, registrationJsonText(m_registration));
    QVERIFY(entries[1].bytes.starts_with("# Northwind Metrics\n"));
    QVERIFY(entries[2].bytes.find("Content-Security-Policy") != std::string::npos);
    QCOMPARE(entries[3].bytes, m_logo);
    QCOMPARE(entries[7].bytes, m_publicKey);
    QCOMPARE(entries[8].bytes, *inputs.conformanceJson);
    QVERIFY(Json::parse(entries[6].bytes) == endpointsJson(inputs.endpoints));
    QVERIFY(Json::parse(entries[11].bytes)["endpoint_url"] == "https://sync.acme.example/mparticle");

    const Json manifest = Json::parse(entries.back().bytes);
    QVERIFY(manifest["format"] == "firehose-workbench/submission-bundle");
    QVERIFY(manifest["tool"] == "Firehose Workbench " FHW_VERSION);
    QVERIFY(manifest["integration"]["name"] == "Northwind Metrics");
    QCOMPARE(manifest["files"].size(), entries.size() - 1);
    for (std::size_t i = 0; i + 1 < entries.size(); ++i) {
        QVERIFY(manifest["files"][i]["name"] == entries[i].name);
        QVERIFY(manifest["files"][i]["size"] == entries[i].bytes.size());
        QVERIFY(manifest["files"][i]["sha256"] == sha256(entries[i].bytes));
    }
    const Json allPassed = Json::parse(R"(["registration-review","logo","endpoints","public-key","conformance",
                                           "latency","cookie-sync"])");
    QVERIFY(manifest["passed"] == allPassed);
    QVERIFY(manifest["failed"].empty());
    QVERIFY(manifest["forced"] == false);
    QVERIFY(!manifest.contains("force_confirmation"));
    QVERIFY(manifest["public_key"]["fingerprint"] == m_fingerprint);
    QVERIFY(manifest["public_key"]["user_id"] == "Acme Metrics <integrations@acme.test>");
    QVERIFY(manifest["checks"][0]["id"] == "registration-review");
    QVERIFY(manifest["checks"][0]["status"] == "pass");

    const auto verified = verifyBundleBytes(*zip);
    QVERIFY(verified);
    QVERIFY(verified->ok());
    QCOMPARE(verified->checkedFiles.size(), entries.size() - 1);
}

void TestBundle::byteIdentical()
{
    const auto first = buildBundle(goodInputs());
    QVERIFY(first);
    // Past the 2-second resolution of zip timestamps: a clock in the archive would show.
    QThread::msleep(2100);
    BundleInputs again = goodInputs();
    again.endpoints.clear(); // inserted the other way round
    again.endpoints[Pod::EU1] = goodInputs().endpoints.at(Pod::EU1);
    again.endpoints[Pod::US1] = goodInputs().endpoints.at(Pod::US1);
    const auto second = buildBundle(again);
    QVERIFY(second);
    QCOMPARE(QByteArray::fromStdString(*second), QByteArray::fromStdString(*first));

    BundleInputs changed = goodInputs();
    changed.logo.svg += "\n";
    QVERIFY(*buildBundle(changed) != *first);
}

void TestBundle::fixedZipFields()
{
    const auto zip = buildBundle(goodInputs());
    QVERIFY(zip);
    // End of central directory (no archive comment): the last 22 bytes.
    const std::size_t end = zip->size() - 22;
    QCOMPARE(le32(*zip, end), std::uint32_t(0x06054b50));
    QCOMPARE(le16(*zip, end + 20), std::uint16_t(0)); // comment length
    const std::uint16_t count = le16(*zip, end + 10);
    QCOMPARE(count, std::uint16_t(13));
    std::size_t at = le32(*zip, end + 16);
    for (int i = 0; i < count; ++i) {
        QCOMPARE(le32(*zip, at), std::uint32_t(0x02014b50));
        const std::uint16_t method = le16(*zip, at + 10);
        const std::uint16_t nameLength = le16(*zip, at + 28);
        const std::string name = zip->substr(at + 46, nameLength);
        QCOMPARE(method, std::uint16_t(name.ends_with(".png") ? 0 : 8)); // store or deflate
        QCOMPARE(le16(*zip, at + 12), std::uint16_t(0));                  // time 00:00:00
        QCOMPARE(le16(*zip, at + 14), std::uint16_t(0x0021));             // date 1980-01-01
        QCOMPARE(le16(*zip, at + 30), std::uint16_t(0));                  // no extra fields
        QCOMPARE(le16(*zip, at + 32), std::uint16_t(0));                  // no comment
        QCOMPARE(le32(*zip, at + 38), std::uint32_t(0100644) << 16);      // -rw-r--r--
        // The local header agrees: same stamp, no extra field.
        const std::size_t local = le32(*zip, at + 42);
        QCOMPARE(le32(*zip, local), std::uint32_t(0x04034b50));
        QCOMPARE(le16(*zip, local + 10), std::uint16_t(0));
        QCOMPARE(le16(*zip, local + 12), std::uint16_t(0x0021));
        QCOMPARE(le16(*zip, local + 28), std::uint16_t(0));
        at += 46 + nameLength;
    }
}

void TestBundle::logoReportWithoutRenderTime()
{
    LogoReport report;
    report.verdict = LogoVerdict::Warn;
    report.findings.push_back({LogoSeverity::Warning, "logo.low-contrast", "mostly light", 0, 0});
    report.findings.push_back({LogoSeverity::Info, "logo.touches-edge", "touches the edge", 0, 0});
    report.render = LogoRenderFigures{};
    report.render->milliseconds = 12;
    report.previewOnWhite = "white";
    const LogoInputs first = logoInputsFromReport("<svg/>", report);
    report.render->milliseconds = 345;
    const LogoInputs second = logoInputsFromReport("<svg/>", report);
    QVERIFY(first.report == second.report);
    QVERIFY(!first.report["render"].contains("milliseconds"));
    QCOMPARE(first.status, CheckStatus::Warn);
    QCOMPARE(first.reasons, std::vector<std::string>{"warning logo.low-contrast: mostly light"});
    QCOMPARE(first.previewOnWhite, std::string("white"));
    QCOMPARE(first.svg, std::string("<svg/>"));
}

void TestBundle::optionalFilesOnlyWhenGiven()
{
    BundleInputs inputs = goodInputs();
    inputs.conformanceJson.reset();
    inputs.conformanceJUnit.reset();
    inputs.latencyJson.reset();
    inputs.cookieSync = CookieSyncAnswers{}; // not filled
    const auto zip = buildBundle(inputs);
    QVERIFY2(zip, zip ? "" : zip.error().message.c_str());
    const auto entries = entriesOf(*zip);
    QCOMPARE(entries.size(), std::size_t(9));
    for (const Entry &entry : entries)
        QVERIFY(!entry.name.starts_with("conformance") && !entry.name.starts_with("latency") && entry.name != "cookie-sync.json");
    const Json manifest = Json::parse(entries.back().bytes);
    const Json notRun = Json::parse(R"(["conformance","latency","cookie-sync"])");
    QVERIFY(manifest["not_run"] == notRun);
    QVERIFY(manifest["failed"].empty());
}

void TestBundle::checklist()
{
    auto items = bundleChecklist(goodInputs());
    QCOMPARE(items.size(), std::size_t(7));
    for (const ChecklistItem &item : items)
        QVERIFY2(item.status == CheckStatus::Pass, item.id.c_str());
    QCOMPARE(items[3].details.at(0), "fingerprint " + m_fingerprint + ", Acme Metrics <integrations@acme.test>");
    QCOMPARE(items[4].details.at(0), std::string("3 pass, 0 info, 0 warn, 0 fail, 0 skipped"));

    items = bundleChecklist(BundleInputs{});
    for (int required : {0, 1, 2, 3}) {
        QCOMPARE(items[required].status, CheckStatus::Missing);
        QVERIFY(items[required].blocksExport());
    }
    for (int optional : {4, 5, 6}) {
        QCOMPARE(items[optional].status, CheckStatus::NotRun);
        QVERIFY(!items[optional].blocksExport());
    }
    QCOMPARE(buildBundle(BundleInputs{}).error().code, std::string("bundle.registration-missing"));
}

void TestBundle::refusesKnownToken_data()
{
    QTest::addColumn<QString>("where");
    QTest::addColumn<QString>("file");
    const auto row = [](const char *where, const char *file) {
        QTest::newRow(where) << QString::fromUtf8(where) << QString::fromUtf8(file);
    };
    row("registration description", "registration.json");
    row("conformance report", "conformance-report.json");
    row("junit", "conformance-report.junit.xml");
    row("latency report", "latency-report.json");
    row("cookie sync notes", "cookie-sync.json");
    row("endpoint url", "endpoints.json");
    row("logo", "logo.svg");
    row("force confirmation", "manifest.json");
}

void TestBundle::refusesKnownToken()
{
    QFETCH(QString, where);
    QFETCH(QString, file);
    BundleInputs inputs = goodInputs();
    if (where == QLatin1String("registration description"))
        inputs.registration["description"] = "Our token is " + token;
    else if (where == QLatin1String("conformance report"))
        inputs.conformanceJson->insert(inputs.conformanceJson->size() - 2, ",\n  \"note\": \"" + token + "\"");
    else if (where == QLatin1String("junit"))
        *inputs.conformanceJUnit += "<!-- " + token + " -->";
    else if (where == QLatin1String("latency report"))
        inputs.latencyJson->insert(inputs.latencyJson->size() - 2, ",\n  \"token\": \"" + token + "\"");
    else if (where == QLatin1String("cookie sync notes"))
        inputs.cookieSync->notes = "use " + token;
    else if (where == QLatin1String("endpoint url"))
        inputs.endpoints[Pod::US1].url += "?token=" + token;
    else if (where == QLatin1String("logo"))
        inputs.logo.svg.insert(inputs.logo.svg.find("</svg>"), "<desc>" + token + "</desc>");
    else if (where == QLatin1String("force confirmation")) {
        inputs.logo.status = CheckStatus::Fail; // recorded only when something fails
        inputs.forceConfirmation = "approved with " + token;
    }

    const auto zip = buildBundle(inputs);
    QVERIFY(!zip);
    QCOMPARE(zip.error().code, std::string("bundle.secret"));
    const std::string &message = zip.error().message;
    QVERIFY2(message.find(file.toStdString() + ": holds the token 'acme-prod-US1'") != std::string::npos, message.c_str());
    QVERIFY2(message.find(token) == std::string::npos, "the refusal must not repeat the token");
    QVERIFY(!bundleSecrets(inputs).empty());
    if (inputs.forceConfirmation)
        return;

    // Forcing does not help.
    inputs.forceConfirmation = "ship it";
    QCOMPARE(buildBundle(inputs).error().code, std::string("bundle.secret"));
    // Without the token among the known ones (and nothing else token-like) it would go out.
    inputs.knownTokens.clear();
    QVERIFY(buildBundle(inputs));
}

void TestBundle::refusesUnredactedAuthorization()
{
    // fhw check redacts credentials on the way out; a report edited by hand, or written by another tool, may not.
    auto report = conformanceReport(fhw::readiness::CheckStatus::Pass);
    fhw::readiness::Evidence evidence;
    evidence.label = "event batch";
    evidence.url = "https://firehose.acme.example/";
    evidence.requestHeaders = {{"Content-Type", "application/json"}, {"Authorization", "Token 9f8e7d6c5b4a3210"}};
    report.checks[0].evidence.push_back(evidence);
    const std::string redacted = fhw::readiness::conformanceJson(report).dump(2);
    QVERIFY(redacted.find("9f8e7d6c5b4a3210") == std::string::npos);
    const std::size_t at = redacted.find("Token ", redacted.find("Authorization"));
    QVERIFY(at != std::string::npos);
    std::string handEdited = redacted;
    handEdited.replace(at, redacted.find('"', at) - at, "Token 9f8e7d6c5b4a3210");

    BundleInputs inputs = goodInputs();
    inputs.knownTokens.clear(); // found without knowing the token
    inputs.conformanceJson = handEdited;
    const auto refused = buildBundle(inputs);
    QVERIFY(!refused);
    QVERIFY2(refused.error().message.find("conformance-report.json: holds an Authorization header") != std::string::npos,
             refused.error().message.c_str());

    // Redacted as fhw check writes it: fine.
    inputs.conformanceJson = redacted;
    QVERIFY(buildBundle(inputs));
}

void TestBundle::refusesPrivateKey_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("expected");
    const auto row = [](const char *kind, const char *expected) {
        QTest::newRow(kind) << QString::fromUtf8(kind) << QString::fromUtf8(expected);
    };
    row("armored secret key as the public key", "pgp-public-key.asc: holds a private key (-----BEGIN PGP PRIVATE KEY BLOCK-----)");
    row("binary secret key as the public key", "pgp-public-key.asc: is a binary OpenPGP secret key");
    row("secret key relabelled as public", "pgp-public-key.asc: holds OpenPGP secret-key packets");
    row("secret key after the public key", "pgp-public-key.asc: holds a private key");
    row("PEM key in the cookie sync notes", "cookie-sync.json: holds a private key (-----BEGIN RSA PRIVATE KEY-----)");
    row("OpenSSH key in the latency report", "latency-report.json: holds a private key (-----BEGIN OPENSSH PRIVATE KEY-----)");
    row("PGP key in the logo", "logo.svg: holds a private key (-----BEGIN PGP PRIVATE KEY BLOCK-----)");
}

void TestBundle::refusesPrivateKey()
{
    QFETCH(QString, kind);
    QFETCH(QString, expected);
    BundleInputs inputs = goodInputs();
    if (kind.startsWith(QLatin1String("armored")))
        inputs.publicKey = m_secretKeyArmored;
    else if (kind.startsWith(QLatin1String("binary")))
        inputs.publicKey = m_secretKeyBinary;
    else if (kind.contains(QLatin1String("relabelled"))) {
        std::string relabelled = m_secretKeyArmored;
        for (std::size_t at; (at = relabelled.find("PRIVATE KEY BLOCK")) != std::string::npos;)
            relabelled.replace(at, 17, "PUBLIC KEY BLOCK");
        inputs.publicKey = relabelled;
    } else if (kind.contains(QLatin1String("after")))
        inputs.publicKey = m_publicKey + m_secretKeyArmored;
    else if (kind.startsWith(QLatin1String("PEM")))
        inputs.cookieSync->notes = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----";
    else if (kind.startsWith(QLatin1String("OpenSSH")))
        inputs.latencyJson->insert(inputs.latencyJson->size() - 2,
                                   ",\n  \"key\": \"-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXk=\"");
    else
        inputs.logo.svg.insert(inputs.logo.svg.find("</svg>"), "<desc>" + m_secretKeyArmored + "</desc>");

    inputs.forceConfirmation = "forced"; // never enough for a secret
    const auto zip = buildBundle(inputs);
    QVERIFY(!zip);
    QCOMPARE(zip.error().code, std::string("bundle.secret"));
    QVERIFY2(zip.error().message.find(expected.toStdString()) != std::string::npos, zip.error().message.c_str());
}

void TestBundle::refusesConfidentialDefault()
{
    BundleInputs inputs = goodInputs();
    inputs.registration["audience_processing_registration"]["account_settings"][0]["default_value"] = "k-123";
    inputs.forceConfirmation = "forced";
    const auto zip = buildBundle(inputs);
    QVERIFY(!zip);
    QCOMPARE(zip.error().code, std::string("bundle.secret"));
    QVERIFY2(zip.error().message.find("registration.json: the confidential setting 'apiKey' "
                                      "(/audience_processing_registration/account_settings/0) has a default_value")
                 != std::string::npos,
             zip.error().message.c_str());
    // An empty default is no secret; a default on a setting that is not confidential is not either.
    inputs.registration["audience_processing_registration"]["account_settings"][0]["default_value"] = "";
    inputs.registration["event_processing_registration"]["account_settings"][1]["default_value"] = "workspace-1";
    inputs.forceConfirmation.reset();
    QVERIFY(buildBundle(inputs));
}

void TestBundle::failingCheckRefusesUnlessForced_data()
{
    QTest::addColumn<QString>("failure");
    QTest::addColumn<QString>("check");
    const auto row = [](const char *failure, const char *check) {
        QTest::newRow(failure) << QString::fromUtf8(failure) << QString::fromUtf8(check);
    };
    row("logo fails", "logo");
    row("logo not checked", "logo");
    row("review error", "registration-review");
    row("http endpoint", "endpoints");
    row("no endpoint", "endpoints");
    row("no public key", "public-key");
    row("garbage public key", "public-key");
    row("conformance failed", "conformance");
    row("conformance not a report", "conformance");
    row("latency failed", "latency");
    row("cookie sync http", "cookie-sync");
}

void TestBundle::failingCheckRefusesUnlessForced()
{
    QFETCH(QString, failure);
    QFETCH(QString, check);
    BundleInputs inputs = goodInputs();
    if (failure == QLatin1String("logo fails")) {
        inputs.logo.status = CheckStatus::Fail;
        inputs.logo.reasons = {"error logo.not-transparent: the background is not transparent"};
    } else if (failure == QLatin1String("logo not checked")) {
        inputs.logo.status = CheckStatus::NotRun;
    } else if (failure == QLatin1String("review error")) {
        inputs.registration["name"] = "";
    } else if (failure == QLatin1String("http endpoint")) {
        inputs.endpoints[Pod::US1].url = "http://firehose.acme.example/";
    } else if (failure == QLatin1String("no endpoint")) {
        inputs.endpoints.clear();
    } else if (failure == QLatin1String("no public key")) {
        inputs.publicKey.clear();
    } else if (failure == QLatin1String("garbage public key")) {
        inputs.publicKey = "not a key";
    } else if (failure == QLatin1String("conformance failed")) {
        inputs.conformanceJson = fhw::readiness::conformanceJson(conformanceReport(fhw::readiness::CheckStatus::Fail)).dump();
    } else if (failure == QLatin1String("conformance not a report")) {
        inputs.conformanceJson = R"({"checks": "nope"})";
    } else if (failure == QLatin1String("latency failed")) {
        inputs.latencyJson = latencyReport(false);
    } else {
        inputs.cookieSync->endpointUrl = "http://sync.acme.example/";
    }

    const auto refused = buildBundle(inputs);
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, std::string("bundle.checks-failed"));
    QVERIFY2(refused.error().message.find("\n  " + check.toStdString() + ": ") != std::string::npos,
             refused.error().message.c_str());

    inputs.forceConfirmation = "Agreed with mParticle's reviewer on 2026-01-31: send as is";
    const auto forced = buildBundle(inputs);
    QVERIFY2(forced, forced ? "" : forced.error().message.c_str());
    const auto verified = verifyBundleBytes(*forced);
    QVERIFY(verified && verified->ok());
    const Json &manifest = verified->manifest;
    QVERIFY(manifest["forced"] == true);
    QVERIFY(manifest["force_confirmation"] == *inputs.forceConfirmation);
    QVERIFY(std::ranges::find(manifest["failed"], Json(check.toStdString())) != manifest["failed"].end());
    QVERIFY(std::ranges::find(manifest["passed"], Json(check.toStdString())) == manifest["passed"].end());
}

void TestBundle::blankConfirmation()
{
    BundleInputs inputs = goodInputs();
    inputs.logo.status = CheckStatus::Fail;
    inputs.forceConfirmation = "  \n";
    QCOMPARE(buildBundle(inputs).error().code, std::string("bundle.confirmation-empty"));
    // A confirmation with nothing failing is not a forced export.
    inputs = goodInputs();
    inputs.forceConfirmation = "just in case";
    const auto verified = verifyBundleBytes(*buildBundle(inputs));
    QVERIFY(verified->manifest["forced"] == false);
    QVERIFY(!verified->manifest.contains("force_confirmation"));
}

void TestBundle::verifyDetectsTampering()
{
    const auto zip = buildBundle(goodInputs());
    QVERIFY(zip);
    const auto problemsOf = [](const std::string &bytes) {
        const auto verified = verifyBundleBytes(bytes);
        return verified ? verified->problems : std::vector<std::string>{"error: " + verified.error().message};
    };
    const auto mentions = [](const std::vector<std::string> &problems, const std::string &text) {
        return std::ranges::any_of(problems, [&](const std::string &p) { return p.find(text) != std::string::npos; });
    };

    QVERIFY(problemsOf(*zip).empty());

    // The same size, another byte: only the checksum tells.
    std::string json = entriesOf(*zip)[0].bytes;
    json[json.find("Northwind")] = 'S';
    auto problems = problemsOf(withEntryReplaced(*zip, "registration.json", json));
    QVERIFY2(mentions(problems, "registration.json: the SHA-256 does not match the manifest"), problems.empty() ? "" : problems[0].c_str());

    problems = problemsOf(withEntryReplaced(*zip, "logo.svg", m_logo + " "));
    QVERIFY(mentions(problems, "logo.svg: the size does not match the manifest"));

    problems = problemsOf(withEntryReplaced(*zip, "extra.txt", "surprise", true));
    QVERIFY(mentions(problems, "extra.txt: in the archive but not in the manifest"));

    problems = problemsOf(withEntryReplaced(*zip, "endpoints.json", {}, false, true));
    QVERIFY(mentions(problems, "endpoints.json: listed in the manifest but not in the archive"));

    problems = problemsOf(withEntryReplaced(*zip, "manifest.json", {}, false, true));
    QVERIFY(mentions(problems, "error: no manifest.json"));

    // A byte flipped in the data of an entry, stored (a PNG) or deflated (registration.json, right after its
    // 30-byte local header and name): the archive's own CRC or the manifest catches it.
    for (std::size_t at : {zip->find("white preview"), std::size_t(30 + 17 + 10)}) {
        std::string damaged = *zip;
        damaged[at] = char(damaged[at] ^ 0x20);
        QVERIFY2(!problemsOf(damaged).empty(), std::to_string(at).c_str());
    }
    QVERIFY(!verifyBundleBytes("not a zip"));
}

void TestBundle::writeAndVerifyFile()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("acme-submission.zip")).toStdString();
    QVERIFY(writeBundle(goodInputs(), path));
    const auto verified = verifyBundle(path);
    QVERIFY(verified && verified->ok());
    QCOMPARE(readFile(QString::fromStdString(path)).toStdString(), *buildBundle(goodInputs()));

    const auto unwritable = writeBundle(goodInputs(), "/nonexistent-dir/bundle.zip");
    QVERIFY(!unwritable);
    QCOMPARE(unwritable.error().code, std::string("bundle.write"));
    // A refused bundle writes nothing.
    BundleInputs bad = goodInputs();
    bad.publicKey.clear();
    const std::string refusedPath = dir.filePath(QStringLiteral("refused.zip")).toStdString();
    QVERIFY(!writeBundle(bad, refusedPath));
    QVERIFY(!QFile::exists(QString::fromStdString(refusedPath)));
    QCOMPARE(verifyBundle(refusedPath).error().code, std::string("bundle.verify"));
}

QTEST_GUILESS_MAIN(TestBundle)
#include "tst_bundle.moc"
