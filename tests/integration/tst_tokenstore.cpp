// TokenStore against the real Secret Service of scripts/with-test-services (gnome-keyring), checked from
// outside with secret-tool; private buses and keyrings (privatebus.h) for no bus and a locked keyring.
// Every test uses names of its own (the pid and a random part) and removes what it stored.

#include "privatebus.h"

#include "secrets/keychainjob_p.h"
#include "secrets/redaction.h"
#include "secrets/tokenstore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <memory>
#include <thread>

using fhw::secrets::TokenListing;
using fhw::secrets::TokenMetadata;
using fhw::secrets::TokenStore;
using namespace fhw::testing;
using namespace std::chrono_literals;

namespace {

const QString keychainService = QStringLiteral("Firehose Workbench");

std::string randomToken()
{
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::string token;
    for (int i = 0; i < 40; ++i)
        token += alphabet[QRandomGenerator::system()->bounded(62)];
    return token;
}

std::string uniqueName(const char *what)
{
    static std::atomic<int> counter{0};
    return QStringLiteral("tst-%1-%2-%3-%4")
        .arg(QCoreApplication::applicationPid())
        .arg(counter.fetch_add(1))
        .arg(QRandomGenerator::system()->generate() % 0x10000, 4, 16, QLatin1Char('0'))
        .arg(QLatin1String(what))
        .toStdString();
}

TokenMetadata metadataFor(const std::string &name)
{
    TokenMetadata metadata;
    metadata.name = name;
    metadata.dataCenter = "US1";
    metadata.keyFingerprint = "0123456789ABCDEF0123456789ABCDEF01234567";
    metadata.signer = "Alice Example <alice@example.com>";
    return metadata;
}

struct Tool
{
    int exitCode = -1;
    QByteArray out;
};

Tool secretTool(const QStringList &arguments, const QByteArray &input = {})
{
    QProcess process;
    process.start(QStringLiteral("secret-tool"), arguments);
    if (!process.waitForStarted(5000))
        return {};
    process.write(input);
    process.waitForBytesWritten(5000);
    process.closeWriteChannel();
    if (!process.waitForFinished(10'000))
        return {};
    return {process.exitCode(), process.readAllStandardOutput() + process.readAllStandardError()};
}

Tool lookup(const std::string &name)
{
    return secretTool({QStringLiteral("lookup"), QStringLiteral("server"), keychainService, QStringLiteral("user"),
                       QString::fromStdString(name)});
}

const TokenListing *findRow(const std::vector<TokenListing> &rows, const std::string &name)
{
    for (const TokenListing &row : rows)
        if (row.metadata.name == name)
            return &row;
    return nullptr;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The child's side: `store <dir> <name>`, `read <dir> <name>`, `raw-write <name>`.
int childMain(const QStringList &arguments)
{
    const QString action = arguments.value(0);
    if (action == QLatin1String("raw-write")) {
        // QtKeychain itself, without our check, on a locked keyring: expected to wait for a prompt. Our
        // time limit ends the wait; the next request must fail at once instead of queueing behind it.
        using namespace fhw::secrets::detail;
        const QString key = arguments.value(1);
        const auto first = runKeychainJob(KeychainAction::Write, keychainService, key, "never-stored-token", 1500ms);
        QElapsedTimer timer;
        timer.start();
        const auto second = runKeychainJob(KeychainAction::Read, keychainService, key, {}, 10s);
        const qint64 secondMs = timer.elapsed();
        const auto code = [](const auto &r) { return r ? std::string("no error") : r.error().code; };
        return reportFromChild(QString::fromStdString(code(first) + "," + code(second)),
                               QStringLiteral("second after %1 ms: %2")
                                   .arg(secondMs)
                                   .arg(second ? QString() : QString::fromStdString(second.error().message)));
    }
    TokenStore store(arguments.value(1));
    const std::string name = arguments.value(2).toStdString();
    std::expected<void, fhw::Error> result;
    if (action == QLatin1String("store"))
        result = store.store(metadataFor(name), randomToken());
    else if (action == QLatin1String("read")) {
        if (const auto read = store.read(name); !read)
            result = std::unexpected(read.error());
    }
    else
        return reportFromChild(QStringLiteral("bad-arguments"));
    if (result)
        return reportFromChild(QStringLiteral("ok"));
    return reportFromChild(QString::fromStdString(result.error().code), QString::fromStdString(result.error().message));
}

} // namespace

#define VERIFY_OK(expr)                                                                                        \
    do {                                                                                                       \
        const auto &result_ = (expr);                                                                          \
        QVERIFY2(result_.has_value(), result_ ? "" : (result_.error().code + ": " + result_.error().message).c_str()); \
    } while (false)

#define VERIFY_ERROR(expr, expectedCode)                                                                       \
    do {                                                                                                       \
        const auto &result_ = (expr);                                                                          \
        QVERIFY2(!result_.has_value(), "expected " expectedCode ", got success");                             \
        QCOMPARE(QString::fromStdString(result_.error().code), QStringLiteral(expectedCode));                 \
    } while (false)

class TestTokenStore : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::vector<std::string> m_names; // to remove in cleanup()

    QString dir() const { return m_dir->path(); }
    std::string name(const char *what)
    {
        m_names.push_back(uniqueName(what));
        return m_names.back();
    }

private slots:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            QFAIL("No session bus: run inside scripts/with-test-services (scripts/test does).");
        QVERIFY2(waitForSessionSecretService(), "Nothing owns org.freedesktop.secrets on the test bus");
        QVERIFY2(QFile::exists(QStringLiteral("/usr/bin/secret-tool")), "secret-tool (libsecret-tools) is missing");
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void cleanup()
    {
        for (const std::string &entry : m_names)
            secretTool({QStringLiteral("clear"), QStringLiteral("server"), keychainService, QStringLiteral("user"),
                        QString::fromStdString(entry)});
        m_names.clear();
        m_dir.reset();
    }

    void validatesNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::newRow("typical") << QStringLiteral("acme-prod-US1") << true;
        QTest::newRow("all kinds") << QStringLiteral("a.b_c-D9") << true;
        QTest::newRow("one character") << QStringLiteral("x") << true;
        QTest::newRow("64 characters") << QString(64, QLatin1Char('a')) << true;
        QTest::newRow("inner dot") << QStringLiteral("acme.prod") << true;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("65 characters") << QString(65, QLatin1Char('a')) << false;
        QTest::newRow("leading dot") << QStringLiteral(".hidden") << false;
        QTest::newRow("space") << QStringLiteral("acme prod") << false;
        QTest::newRow("slash") << QStringLiteral("acme/prod") << false;
        QTest::newRow("non-ASCII") << QStringLiteral("acm\u00e9") << false;
        QTest::newRow("newline") << QStringLiteral("acme\n") << false;
    }

    void validatesNames()
    {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        const auto result = TokenStore::validateName(name.toStdString());
        QCOMPARE(result.has_value(), valid);
        if (!valid) {
            QCOMPARE(QString::fromStdString(result.error().code), QStringLiteral("token.invalid-name"));
            if (!name.isEmpty()) // the name itself never goes into the message
                QVERIFY(!QString::fromStdString(result.error().message).contains(name));
        }
    }

    void validatesTokens()
    {
        VERIFY_OK(TokenStore::validateToken(randomToken()));
        VERIFY_ERROR(TokenStore::validateToken(""), "token.invalid");
        VERIFY_ERROR(TokenStore::validateToken(randomToken() + "\n"), "token.invalid");
        VERIFY_ERROR(TokenStore::validateToken("two words"), "token.invalid");
        VERIFY_ERROR(TokenStore::validateToken(std::string(4097, 'a')), "token.invalid");
        const auto refused = TokenStore::validateToken("secretPart withSpace");
        QVERIFY(refused.error().message.find("secretPart") == std::string::npos);
    }

    // The token goes to the real keyring: secret-tool finds it under QtKeychain 0.13's attributes.
    void storesInTheRealKeyring()
    {
        TokenStore store(dir());
        const std::string id = name("real");
        const std::string token = randomToken();
        VERIFY_OK(store.store(metadataFor(id), token));

        const auto read = store.read(id);
        VERIFY_OK(read);
        QVERIFY(*read == token);

        const Tool looked = lookup(id);
        QCOMPARE(looked.exitCode, 0);
        QCOMPARE(looked.out, QByteArray::fromStdString(token)); // stored as text: the token itself

        const Tool found = secretTool({QStringLiteral("search"), QStringLiteral("--all"), QStringLiteral("server"),
                                       keychainService, QStringLiteral("user"), QString::fromStdString(id)});
        QCOMPARE(found.exitCode, 0);
        QByteArray shown; // secret-tool's listing, without its "secret = " line
        for (const QByteArray &line : found.out.split('\n'))
            if (!line.startsWith("secret = "))
                shown += line + '\n';
        qInfo("secret-tool search --all server \"Firehose Workbench\" user %s:\n%s", id.c_str(), shown.constData());
        QVERIFY(shown.contains("label = Firehose Workbench"));
        QVERIFY(shown.contains("schema = org.qt.keychain"));
        QVERIFY(shown.contains("attribute.server = Firehose Workbench"));
        QVERIFY(shown.contains("attribute.user = " + QByteArray::fromStdString(id)));
        QVERIFY(shown.contains("attribute.type = plaintext"));
        VERIFY_OK(store.remove(id));
    }

    void listsMetadata()
    {
        TokenStore store(dir());
        const std::string id = name("list");
        const std::string token = randomToken();
        const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
        VERIFY_OK(store.store(metadataFor(id), token));

        const auto rows = store.list();
        VERIFY_OK(rows);
        const TokenListing *row = findRow(*rows, id);
        QVERIFY(row);
        QVERIFY(row->indexed);
        QVERIFY(row->inKeychain);
        TokenMetadata expected = metadataFor(id);
        expected.redacted = fhw::secrets::redactToken(token);
        expected.importedAt = row->metadata.importedAt;
        QVERIFY(row->metadata == expected);
        QCOMPARE(QString::fromStdString(row->metadata.redacted),
                 QStringLiteral("Token \u2022\u2022\u2022\u2022") + QString::fromStdString(token.substr(36)));
        const QDateTime importedAt = QDateTime::fromString(QString::fromStdString(row->metadata.importedAt), Qt::ISODate);
        QVERIFY(importedAt.isValid());
        QCOMPARE(importedAt.timeSpec(), Qt::UTC);
        QVERIFY(importedAt >= before.addSecs(-1) && importedAt <= QDateTime::currentDateTimeUtc().addSecs(1));

        // The index: readable JSON without the token, for the owner only.
        const QByteArray index = readAll(store.indexPath());
        QVERIFY(index.contains("\"redacted\""));
        QVERIFY(!index.contains(QByteArray::fromStdString(token)));
        QCOMPARE(QFileInfo(store.indexPath()).permissions() & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());
        VERIFY_OK(store.remove(id));
    }

    void refusesDuplicatesUnlessReplacing()
    {
        TokenStore store(dir());
        const std::string id = name("dup");
        const std::string first = randomToken();
        const std::string second = randomToken();
        VERIFY_OK(store.store(metadataFor(id), first));
        VERIFY_ERROR(store.store(metadataFor(id), second), "token.exists");
        QVERIFY(*store.read(id) == first);

        VERIFY_OK(store.store(metadataFor(id), second, TokenStore::Existing::Replace));
        QVERIFY(*store.read(id) == second);
        const auto rows = store.list();
        QCOMPARE(findRow(*rows, id)->metadata.redacted, fhw::secrets::redactToken(second));
        QCOMPARE(std::ranges::count_if(*rows, [&](const TokenListing &r) { return r.metadata.name == id; }), 1);
        VERIFY_OK(store.remove(id));
    }

    void renames()
    {
        TokenStore store(dir());
        const std::string from = name("from");
        const std::string to = name("to");
        const std::string token = randomToken();
        VERIFY_OK(store.store(metadataFor(from), token));
        VERIFY_OK(store.rename(from, to));

        QVERIFY(*store.read(to) == token);
        QCOMPARE(lookup(to).out, QByteArray::fromStdString(token));
        QVERIFY(lookup(from).exitCode != 0);
        VERIFY_ERROR(store.read(from), "token.not-found");
        const auto rows = store.list();
        QVERIFY(!findRow(*rows, from));
        const TokenListing *row = findRow(*rows, to);
        QVERIFY(row && row->inKeychain && row->indexed);
        QCOMPARE(row->metadata.keyFingerprint, metadataFor(from).keyFingerprint); // metadata moved along
        VERIFY_OK(store.remove(to));
    }

    // Only the index changes: the keychain entry (and its secret) stays as it was.
    void changesTheDataCenter()
    {
        TokenStore store(dir());
        const std::string id = name("dc");
        const std::string token = randomToken();
        VERIFY_OK(store.store(metadataFor(id), token));
        const TokenMetadata before = findRow(*store.list(), id)->metadata;
        VERIFY_OK(store.setDataCenter(id, "EU1"));
        TokenMetadata expected = before;
        expected.dataCenter = "EU1";
        QVERIFY(findRow(*store.list(), id)->metadata == expected);
        VERIFY_OK(store.setDataCenter(id, ""));
        QCOMPARE(findRow(*store.list(), id)->metadata.dataCenter, std::string());
        QCOMPARE(lookup(id).out, QByteArray::fromStdString(token));

        VERIFY_ERROR(store.setDataCenter(id, "MARS"), "token.invalid-metadata");
        VERIFY_ERROR(store.setDataCenter(name("nobody"), "US1"), "token.not-found");
        VERIFY_ERROR(store.setDataCenter("../x", "US1"), "token.invalid-name");

        // A keychain entry another index knows: this index learns it, redacted, without the token.
        QTemporaryDir otherDir;
        TokenStore other(otherDir.path());
        const std::string foreign = name("dc-foreign");
        const std::string foreignToken = randomToken();
        VERIFY_OK(other.store(metadataFor(foreign), foreignToken));
        VERIFY_OK(store.setDataCenter(foreign, "AU1"));
        const auto rows = store.list();
        VERIFY_OK(rows);
        const TokenListing *row = findRow(*rows, foreign);
        QVERIFY(row && row->indexed && row->inKeychain);
        QCOMPARE(row->metadata.dataCenter, std::string("AU1"));
        QCOMPARE(row->metadata.redacted, fhw::secrets::redactToken(foreignToken));
        QVERIFY(!readAll(store.indexPath()).contains(QByteArray::fromStdString(foreignToken)));
        VERIFY_OK(store.remove(id));
        VERIFY_OK(store.remove(foreign));
    }

    void refusesBadRenames()
    {
        TokenStore store(dir());
        const std::string a = name("a");
        const std::string b = name("b");
        const std::string tokenA = randomToken();
        VERIFY_OK(store.store(metadataFor(a), tokenA));
        VERIFY_OK(store.store(metadataFor(b), randomToken()));
        VERIFY_ERROR(store.rename(a, b), "token.exists");
        VERIFY_ERROR(store.rename(name("unknown"), name("other")), "token.not-found");
        VERIFY_ERROR(store.rename(a, a), "token.invalid-name");
        VERIFY_ERROR(store.rename(a, ".bad"), "token.invalid-name");
        QVERIFY(*store.read(a) == tokenA); // untouched by all of it
        VERIFY_OK(store.remove(a));
        VERIFY_OK(store.remove(b));
    }

    void removes()
    {
        TokenStore store(dir());
        const std::string id = name("remove");
        VERIFY_OK(store.store(metadataFor(id), randomToken()));
        QCOMPARE(lookup(id).exitCode, 0);
        VERIFY_OK(store.remove(id));
        const Tool after = lookup(id);
        QVERIFY(after.exitCode != 0 && after.out.isEmpty());
        QVERIFY(!findRow(*store.list(), id));
        VERIFY_ERROR(store.remove(id), "token.not-found");
    }

    void refusesInvalidNamesEverywhere()
    {
        TokenStore store(dir());
        const std::string bad = "bad name/with..stuff";
        VERIFY_ERROR(store.store(metadataFor(bad), randomToken()), "token.invalid-name");
        VERIFY_ERROR(store.read(bad), "token.invalid-name");
        VERIFY_ERROR(store.rename(bad, name("ok")), "token.invalid-name");
        VERIFY_ERROR(store.rename(name("ok2"), bad), "token.invalid-name");
        VERIFY_ERROR(store.remove(bad), "token.invalid-name");
        VERIFY_ERROR(store.store(metadataFor(".dot"), randomToken()), "token.invalid-name");
        VERIFY_ERROR(store.store(metadataFor(std::string(65, 'x')), randomToken()), "token.invalid-name");
        TokenMetadata odd = metadataFor(name("dc"));
        odd.dataCenter = "MARS1";
        VERIFY_ERROR(store.store(odd, randomToken()), "token.invalid-metadata");
        VERIFY_ERROR(store.store(metadataFor(name("blank")), "with space"), "token.invalid");
        QVERIFY(!QFile::exists(store.indexPath()));
    }

    void unknownNameSaysWhatExists()
    {
        TokenStore store(dir());
        const std::string known = name("known");
        const std::string unknown = name("unknown");
        VERIFY_OK(store.store(metadataFor(known), randomToken()));
        const auto read = store.read(unknown);
        VERIFY_ERROR(read, "token.not-found");
        QVERIFY2(read.error().message.find("No token named '" + unknown + "'") != std::string::npos,
                 read.error().message.c_str());
        QVERIFY2(read.error().message.find(known) != std::string::npos, read.error().message.c_str());
        VERIFY_OK(store.remove(known));
    }

    // Deleted behind our back (Seahorse): listed, but missing from the keychain.
    void reportsEntriesDeletedInTheKeychain()
    {
        TokenStore store(dir());
        const std::string id = name("gone");
        VERIFY_OK(store.store(metadataFor(id), randomToken()));
        QCOMPARE(secretTool({QStringLiteral("clear"), QStringLiteral("server"), keychainService, QStringLiteral("user"),
                             QString::fromStdString(id)}).exitCode, 0);
        const auto rows = store.list();
        VERIFY_OK(rows);
        const TokenListing *row = findRow(*rows, id);
        QVERIFY(row && row->indexed && !row->inKeychain);
        const auto read = store.read(id);
        VERIFY_ERROR(read, "token.not-found");
        QVERIFY2(read.error().message.find("is listed") != std::string::npos
                     && read.error().message.find("missing from the keychain") != std::string::npos,
                 read.error().message.c_str());
        VERIFY_OK(store.remove(id)); // clears the index entry
        QVERIFY(!findRow(*store.list(), id));
    }

    // In the keychain under our service, but in another index (another folder, a lost tokens.json).
    void listsKeychainEntriesTheIndexDoesNotKnow()
    {
        QTemporaryDir otherDir;
        TokenStore other(otherDir.path());
        TokenStore store(dir());
        const std::string id = name("elsewhere");
        const std::string token = randomToken();
        VERIFY_OK(other.store(metadataFor(id), token));
        const auto rows = store.list();
        VERIFY_OK(rows);
        const TokenListing *row = findRow(*rows, id);
        QVERIFY(row && !row->indexed && row->inKeychain);
        QVERIFY(*store.read(id) == token);
        VERIFY_ERROR(store.store(metadataFor(id), randomToken()), "token.exists");
        VERIFY_OK(store.remove(id));
        QVERIFY(lookup(id).exitCode != 0);
    }

    void keepsACorruptIndex_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("code");
        const QString corrupt = QStringLiteral("token.index-corrupt");
        QTest::newRow("not JSON") << QByteArray("{\"format\": \"firehose-workbench/tokens\", \"ver") << corrupt;
        QTest::newRow("binary") << QByteArray("\x00\xff\xfe garbage", 12) << corrupt;
        QTest::newRow("array") << QByteArray("[]") << corrupt;
        QTest::newRow("other format") << QByteArray(R"({"format":"something","version":1,"tokens":[]})") << corrupt;
        QTest::newRow("tokens not a list")
            << QByteArray(R"({"format":"firehose-workbench/tokens","version":1,"tokens":{}})") << corrupt;
        QTest::newRow("name missing")
            << QByteArray(R"({"format":"firehose-workbench/tokens","version":1,"tokens":[{"dataCenter":"US1"}]})") << corrupt;
        QTest::newRow("field not a string")
            << QByteArray(R"({"format":"firehose-workbench/tokens","version":1,"tokens":[{"name":"a","signer":3}]})") << corrupt;
        QTest::newRow("twice the same name")
            << QByteArray(R"({"format":"firehose-workbench/tokens","version":1,"tokens":[{"name":"a"},{"name":"a"}]})") << corrupt;
        QTest::newRow("newer version")
            << QByteArray(R"({"format":"firehose-workbench/tokens","version":2,"tokens":[]})")
            << QStringLiteral("token.index-unsupported");
    }

    void keepsACorruptIndex()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, code);
        TokenStore store(dir());
        {
            QFile file(store.indexPath());
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(content);
        }
        const std::string id = name("corrupt");
        const auto stored = store.store(metadataFor(id), randomToken());
        QVERIFY(!stored);
        QCOMPARE(QString::fromStdString(stored.error().code), code);
        QVERIFY2(stored.error().message.find(store.indexPath().toStdString()) != std::string::npos,
                 stored.error().message.c_str());
        QVERIFY(lookup(id).exitCode != 0); // refused before the keychain was touched
        QCOMPARE(QString::fromStdString(store.list().error().code), code);
        QCOMPARE(QString::fromStdString(store.remove(id).error().code), code);
        QCOMPARE(QString::fromStdString(store.rename(id, name("other")).error().code), code);
        QCOMPARE(readAll(store.indexPath()), content); // never overwritten
        QCOMPARE(QDir(dir()).entryList({QStringLiteral("tokens.json*")}, QDir::Files),
                 QStringList{QStringLiteral("tokens.json")}); // no half-written copies either
        qInfo("%s", stored.error().message.c_str());
    }

    // After a store, no file under HOME, the XDG folders or the index folder holds the token in clear
    // (as is, base64 or UTF-16): gnome-keyring's own file is encrypted, and we keep no copy.
    void leavesNoPlaintextOnDisk()
    {
        TokenStore store(dir());
        const std::string id = name("disk");
        const std::string token = randomToken();
        VERIFY_OK(store.store(metadataFor(id), token));
        QVERIFY(*store.read(id) == token);

        const QByteArray plain = QByteArray::fromStdString(token);
        const QList<QByteArray> forms{plain, plain.toBase64(),
                                      QByteArray(reinterpret_cast<const char *>(QString::fromStdString(token).utf16()),
                                                 static_cast<qsizetype>(token.size() * 2))};
        QStringList roots{dir()};
        for (const char *variable : {"HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"})
            if (!qEnvironmentVariableIsEmpty(variable))
                roots << qEnvironmentVariable(variable);
        int files = 0;
        bool sawKeyring = false;
        for (const QString &root : roots) {
            QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString path = it.next();
                const QFileInfo info(path);
                if (!info.isFile() || info.size() > 64 * 1024 * 1024)
                    continue;
                const QByteArray bytes = readAll(path);
                ++files;
                sawKeyring = sawKeyring || path.endsWith(QLatin1String(".keyring"));
                for (const QByteArray &form : forms)
                    QVERIFY2(!bytes.contains(form), qPrintable(QStringLiteral("the token is in clear in ") + path));
            }
        }
        qInfo("scanned %d files under %s", files, qPrintable(roots.join(QStringLiteral(", "))));
        QVERIFY2(sawKeyring, "gnome-keyring's file was not among them: the scan looked in the wrong places");
        VERIFY_OK(store.remove(id));
    }

    // QtKeychain 0.13's job queue lives in the thread of the first job: this is the case that hangs
    // without our keychain thread (first job on a thread that ends, main thread blocked in join()).
    void worksFromThreadsWithoutEventLoop()
    {
        TokenStore store(dir());
        const std::string mainId = name("main");
        const std::string threadId = name("thread");
        const std::string mainToken = randomToken();
        const std::string threadToken = randomToken();

        std::string fromThread;
        std::string failure;
        std::thread([&] {
            if (auto ok = store.store(metadataFor(threadId), threadToken); !ok)
                failure = ok.error().message;
            else if (auto read = store.read(threadId); !read)
                failure = read.error().message;
            else
                fromThread = *read;
        }).join();
        QVERIFY2(failure.empty(), failure.c_str());
        QVERIFY(fromThread == threadToken);

        VERIFY_OK(store.store(metadataFor(mainId), mainToken));
        std::expected<std::string, fhw::Error> inQThread = std::unexpected(fhw::Error{"unset", ""});
        std::unique_ptr<QThread> thread(QThread::create([&] { inQThread = store.read(mainId); }));
        thread->start();
        QVERIFY(thread->wait(30'000));
        VERIFY_OK(inQThread);
        QVERIFY(*inQThread == mainToken);

        QVERIFY(*store.read(threadId) == threadToken); // and the main thread still works after them
        VERIFY_OK(store.remove(threadId));
        VERIFY_OK(store.remove(mainId));
    }

    void worksFromManyThreadsAtOnce()
    {
        TokenStore store(dir());
        constexpr int count = 4;
        std::vector<std::string> ids;
        for (int i = 0; i < count; ++i)
            ids.push_back(name("many"));
        std::vector<std::string> failures(count);
        std::vector<std::thread> threads;
        for (int i = 0; i < count; ++i)
            threads.emplace_back([&, i] {
                const std::string token = randomToken();
                if (auto ok = store.store(metadataFor(ids[i]), token); !ok)
                    failures[i] = ok.error().message;
                else if (auto read = store.read(ids[i]); !read || *read != token)
                    failures[i] = read ? "read back a different token" : read.error().message;
                else if (auto removed = store.remove(ids[i]); !removed)
                    failures[i] = removed.error().message;
            });
        for (std::thread &thread : threads)
            thread.join();
        for (const std::string &failure : failures)
            QVERIFY2(failure.empty(), failure.c_str());
        const auto rows = store.list();
        VERIFY_OK(rows);
        for (const std::string &id : ids)
            QVERIFY(!findRow(*rows, id));
    }

    void failsFastWithoutSessionBus()
    {
        QTemporaryDir runtime;
        const std::string id = name("nobus");
        const ChildRun run = runChild({QStringLiteral("store"), dir(), QString::fromStdString(id)},
                                      environmentWithoutSessionBus(runtime.path()));
        QVERIFY2(run.finished, run.output.constData());
        QCOMPARE(run.result, QStringLiteral("keychain.no-session-bus"));
        QVERIFY2(run.elapsedMs < 2000, qPrintable(QStringLiteral("%1 ms").arg(run.elapsedMs)));
        QVERIFY(!QFile::exists(TokenStore(dir()).indexPath()));
        qInfo("whole child process: %lld ms", run.elapsedMs);
    }

    // On a locked keyring QtKeychain itself asks gnome-keyring for a prompt and waits (shown here with
    // prompters that never appear); TokenStore says "locked" at once and asks for nothing.
    void failsFastOnALockedKeyringWithoutPrompting()
    {
        PrivateBus bus;
        QVERIFY2(bus.start(), qPrintable(bus.problem()));
        QVERIFY2(bus.startKeyring("private-bus-password"), qPrintable(bus.problem()));
        QVERIFY2(bus.lockDefaultCollection(), qPrintable(bus.problem()));
        const QString id = QString::fromStdString(name("locked"));

        for (const QString &action : {QStringLiteral("store"), QStringLiteral("read")}) {
            const ChildRun run = runChild({action, dir(), id}, bus.environment());
            QCOMPARE(run.result, QStringLiteral("keychain.locked"));
            QVERIFY2(run.elapsedMs < 2000, qPrintable(QStringLiteral("%1 ms").arg(run.elapsedMs)));
            QVERIFY(!bus.prompted());
        }

        const ChildRun raw = runChild({QStringLiteral("raw-write"), id}, bus.environment());
        QVERIFY2(raw.finished, raw.output.constData());
        QCOMPARE(raw.result, QStringLiteral("keychain.timeout,keychain.timeout"));
        QVERIFY2(raw.message.contains(QLatin1String("earlier keychain request")), qPrintable(raw.message));
        QVERIFY(bus.prompted());
        qInfo("raw QtKeychain on the locked keyring: %s; child ran %lld ms", qPrintable(raw.message), raw.elapsedMs);
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc >= 2 && qstrcmp(argv[1], "--fhw-child") == 0)
        return childMain(app.arguments().mid(2));
    TestTokenStore test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_tokenstore.moc"
