// Postman Collection v2.1: the export's structure (checked against what the v2.1 schema requires), the
// token only ever as {{firehose_token}}, URLs as variables, a round trip through two workspaces, and the
// import of a partner-style collection with the findings for what is not a Firehose request.

#include "interop/postman.h"
#include "protocol/parse.h"
#include "workspace/workspace.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <set>

using namespace fhw;
using namespace fhw::interop;
using protocol::Json;
using workspace::SavedRequest;

// (No "//" inside raw strings here: moc 6.4 reads it as a comment and misses the class.)
// Json against a literal: compared as JSON text (QCOMPARE cannot pick an overload for Json and const char*).
#define QCOMPARE_JSON(actual, expected) QCOMPARE(protocol::Json(actual).dump(), protocol::Json(expected).dump())

namespace {

const std::string eventBody = R"({"type":"event_processing_request","id":"3c5b9f0e-8d1a-4f6b-9c2e-7a4d5e6f7a8b",)"
                              R"("timestamp_ms":1767225600000,"firehose_version":"2.6.0","events":[]})";
const std::string registrationBody = R"({"type":"module_registration_request","id":"6c1d2a10-8d1a-4f6b-9c2e-7a4d5e6f7a8b",)"
                                     R"("timestamp_ms":1767225600000,"firehose_version":"2.6.0"})";
const std::string dsrBody = R"({"type":"dsr_processing_request","id":"11111111-8d1a-4f6b-9c2e-7a4d5e6f7a8b",)"
                            R"("timestamp_ms":1767225600000,"firehose_version":"2.6.0"})";
const std::string membershipBody = R"({"type":"audience_membership_change_request","id":"22222222-8d1a-4f6b-9c2e-7a4d5e6f7a8b",)"
                                   R"("timestamp_ms":1767225600000,"firehose_version":"2.6.0","user_profiles":[]})";

std::vector<SavedRequest> sampleRequests()
{
    using protocol::MessageType;
    return {
        {QStringLiteral("Batch with consent"), MessageType::EventProcessingRequest, "", eventBody},
        {QStringLiteral("Register"), MessageType::ModuleRegistrationRequest, "", registrationBody},
        {QStringLiteral("Erase Jo"), MessageType::DsrProcessingRequest, "https://other.example.com/dsr?x=1", dsrBody},
        {QStringLiteral("Join audience"), MessageType::AudienceMembershipChangeRequest,
         "https://fallback.example.com/firehose", membershipBody},
    };
}

transport::Target sampleTarget()
{
    transport::Target target;
    target.url = "https://fallback.example.com/firehose";
    target.perFamily[transport::Family::Event] = "https://events.example.com/v1";
    return target;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// What the Postman Collection v2.1.0 JSON schema requires of a collection, an item group and an item
// (its "required" lists and types), as structural checks. Returns the first problem, or "".
std::string schemaProblem(const Json &collection);

std::string itemProblem(const Json &item, const std::string &at)
{
    if (!item.is_object())
        return at + " is not an object";
    if (item.contains("item")) { // an item group (folder)
        if (!item["item"].is_array())
            return at + "/item is not an array";
        if (item.contains("name") && !item["name"].is_string())
            return at + "/name is not a string";
        for (std::size_t i = 0; i < item["item"].size(); ++i) {
            if (auto problem = itemProblem(item["item"][i], at + "/item/" + std::to_string(i)); !problem.empty())
                return problem;
        }
        return {};
    }
    if (!item.contains("request"))
        return at + " has no request (required for an item)";
    const Json &request = item["request"];
    if (!request.is_object())
        return at + "/request is not an object";
    if (!request.contains("method") || !request["method"].is_string())
        return at + "/request/method missing";
    if (!request.contains("url") || !(request["url"].is_string() || (request["url"].is_object() && request["url"].contains("raw"))))
        return at + "/request/url missing (string or {raw})";
    if (!request.contains("header") || !request["header"].is_array())
        return at + "/request/header is not an array";
    for (const Json &header : request["header"]) {
        if (!header.is_object() || !header.contains("key") || !header.contains("value") || !header["key"].is_string()
            || !header["value"].is_string())
            return at + "/request/header: a header without string key and value";
    }
    if (!request.contains("body") || !request["body"].is_object())
        return at + "/request/body is not an object";
    const Json &body = request["body"];
    static const std::vector<std::string> modes{"raw", "urlencoded", "formdata", "file", "graphql"};
    if (!body.contains("mode") || std::find(modes.begin(), modes.end(), body["mode"].get<std::string>()) == modes.end())
        return at + "/request/body/mode is not one of the schema's";
    if (body["mode"] == "raw" && (!body.contains("raw") || !body["raw"].is_string()))
        return at + "/request/body/raw is not a string";
    if (item.contains("response") && !item["response"].is_array())
        return at + "/response is not an array";
    return {};
}

std::string schemaProblem(const Json &collection)
{
    if (!collection.is_object())
        return "not an object";
    for (const char *key : {"info", "item"}) {
        if (!collection.contains(key))
            return std::string("no \"") + key + "\" (required)";
    }
    const Json &info = collection["info"];
    if (!info.contains("name") || !info["name"].is_string() || info["name"].get<std::string>().empty())
        return "info/name missing";
    if (!info.contains("schema") || info["schema"] != std::string(postmanSchema))
        return "info/schema is not the v2.1.0 schema URL";
    if (!collection["item"].is_array())
        return "item is not an array";
    for (std::size_t i = 0; i < collection["item"].size(); ++i) {
        if (auto problem = itemProblem(collection["item"][i], "/item/" + std::to_string(i)); !problem.empty())
            return problem;
    }
    if (collection.contains("variable")) {
        for (const Json &variable : collection["variable"]) {
            if (!variable.contains("key") || !variable["key"].is_string())
                return "a variable without a key";
        }
    }
    return {};
}

// Every item (not folder) of a collection, depth first.
void items(const Json &list, std::vector<Json> &out)
{
    for (const Json &item : list) {
        if (item.contains("item"))
            items(item["item"], out);
        else
            out.push_back(item);
    }
}

const Json *itemNamed(const std::vector<Json> &all, const std::string &name)
{
    for (const Json &item : all) {
        if (item["name"] == name)
            return &item;
    }
    return nullptr;
}

std::string headerValue(const Json &item, const std::string &key)
{
    for (const Json &header : item["request"]["header"]) {
        if (header["key"] == key)
            return header["value"].get<std::string>();
    }
    return "(none)";
}

} // namespace

class TestPostman : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void exportHasTheRequiredStructure()
    {
        const Json collection = exportCollection(sampleRequests(), {.collectionName = "Acme", .target = sampleTarget()});
        QCOMPARE(schemaProblem(collection), std::string());
        QCOMPARE_JSON(collection["info"]["name"], "Acme");
        QCOMPARE_JSON(collection["info"]["schema"], "https://schema.getpostman.com/json/collection/v2.1.0/collection.json");
        // One folder per family, in the protocol's order.
        QCOMPARE(collection["item"].size(), 4u);
        QCOMPARE_JSON(collection["item"][0]["name"], "Registration");
        QCOMPARE_JSON(collection["item"][1]["name"], "Events");

        std::vector<Json> all;
        items(collection["item"], all);
        QCOMPARE(all.size(), 4u);
        for (const Json &item : all) {
            QCOMPARE_JSON(item["request"]["method"], "POST");
            QCOMPARE_JSON(item["request"]["body"]["mode"], "raw");
            QCOMPARE(headerValue(item, "Content-Type"), std::string("application/json"));
            QVERIFY(protocol::parseJson(item["request"]["body"]["raw"].get<std::string>()).has_value());
        }
        // The same export twice is the same file (a stable _postman_id).
        QCOMPARE(exportCollection(sampleRequests(), {.collectionName = "Acme", .target = sampleTarget()}).dump(),
                 collection.dump());
    }

    void exportUsesVariablesForTheTargetAndTheToken_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("authorization");
        QTest::newRow("event: its family's variable") << "Batch with consent" << "{{firehose_event_url}}"
                                                      << "Token {{firehose_token}}";
        QTest::newRow("registration: no token") << "Register" << "{{firehose_url}}" << "(none)";
        QTest::newRow("URL of its own: kept") << "Erase Jo" << "https://other.example.com/dsr?x=1"
                                              << "Token {{firehose_token}}";
        QTest::newRow("the target's URL: the variable") << "Join audience" << "{{firehose_url}}"
                                                        << "Token {{firehose_token}}";
    }

    void exportUsesVariablesForTheTargetAndTheToken()
    {
        QFETCH(QString, name);
        QFETCH(QString, url);
        QFETCH(QString, authorization);
        const Json collection = exportCollection(sampleRequests(), {.target = sampleTarget()});
        std::vector<Json> all;
        items(collection["item"], all);
        const Json *item = itemNamed(all, name.toStdString());
        QVERIFY(item);
        QCOMPARE((*item)["request"]["url"]["raw"].get<std::string>(), url.toStdString());
        QCOMPARE(headerValue(*item, "Authorization"), authorization.toStdString());
    }

    void exportDefinesTheVariablesWithoutTheToken()
    {
        const Json collection = exportCollection(sampleRequests(), {.target = sampleTarget()});
        std::map<std::string, std::string> variables;
        for (const Json &variable : collection["variable"])
            variables[variable["key"].get<std::string>()] = variable["value"].get<std::string>();
        QCOMPARE(variables.size(), 3u);
        QCOMPARE(variables["firehose_url"], std::string("https://fallback.example.com/firehose"));
        QCOMPARE(variables["firehose_event_url"], std::string("https://events.example.com/v1"));
        QCOMPARE(variables["firehose_token"], std::string());
        QCOMPARE_JSON(collection["info"]["name"], "Firehose Workbench");
    }

    void roundTripThroughTwoWorkspaces()
    {
        QTemporaryDir dir;
        auto source = workspace::Workspace::create(dir.filePath(QStringLiteral("a")), "Acme");
        QVERIFY(source);
        for (const SavedRequest &request : sampleRequests())
            QVERIFY(source->save(request));
        std::vector<SavedRequest> saved;
        const std::vector<QString> names = source->list().value();
        for (const QString &name : names)
            saved.push_back(source->load(name).value());

        const transport::Target target = sampleTarget();
        const std::string file = exportCollection(saved, {.collectionName = "Acme", .target = target}).dump(2);
        auto imported = importCollection(file);
        QVERIFY(imported);
        QCOMPARE(imported->collectionName, std::string("Acme"));
        QVERIFY2(imported->findings.empty(), imported->findings.empty() ? "" : imported->findings.front().message.c_str());

        auto destination = workspace::Workspace::create(dir.filePath(QStringLiteral("b")), "Copy");
        QVERIFY(destination);
        for (const SavedRequest &request : imported->requests)
            QVERIFY(destination->save(request));
        QCOMPARE(destination->list().value(), source->list().value());
        for (const SavedRequest &original : saved) {
            const SavedRequest copy = destination->load(original.name).value();
            QCOMPARE(copy.type, original.type);
            QCOMPARE(copy.body, original.body);
            // The target's own URL went out as a variable and comes back as "the workspace's target".
            const std::string expectedUrl = original.url == target.urlFor(original.type) ? "" : original.url;
            QCOMPARE(copy.url, expectedUrl);
        }
    }

    void importsAPartnerStyleCollection()
    {
        const QByteArray bytes = readAll(QFINDTESTDATA("../data/interop/firehose-sample.postman_collection.json"));
        QVERIFY(!bytes.isEmpty());
        auto imported = importCollection(std::string_view(bytes.constData(), std::size_t(bytes.size())),
                                         {QStringLiteral("module registration")});
        QVERIFY(imported);
        QCOMPARE(imported->collectionName, std::string("Firehose sample (test fixture)"));

        std::map<QString, SavedRequest> byName;
        for (const SavedRequest &request : imported->requests) {
            QVERIFY2(workspace::Workspace::validateRequestName(request.name), qPrintable(request.name));
            byName[request.name] = request;
        }
        using protocol::MessageType;
        const std::vector<std::tuple<QString, MessageType, std::string>> expected{
            {QStringLiteral("Module Registration (2)"), MessageType::ModuleRegistrationRequest,
             "https://firehose.example.com/mparticle"},
            {QStringLiteral("Event batch - session - custom event"), MessageType::EventProcessingRequest,
             "https://firehose.example.com/mparticle"},
            {QStringLiteral("Module Registration (3)"), MessageType::ModuleRegistrationRequest, ""},
            {QStringLiteral("Audience subscription"), MessageType::AudienceSubscriptionRequest, ""},
            {QStringLiteral("Audience membership change"), MessageType::AudienceMembershipChangeRequest,
             "https://audiences.example.com/firehose?pod=us1"},
            {QStringLiteral("DSR erasure"), MessageType::DsrProcessingRequest, ""},
        };
        QCOMPARE(imported->requests.size(), expected.size());
        for (const auto &[name, type, url] : expected) {
            QVERIFY2(byName.contains(name), qPrintable(name));
            QCOMPARE(byName[name].type, type);
            QCOMPARE(byName[name].url, url);
        }
        // Variables resolved in the body: dynamic ids, the collection's values; the result is JSON.
        const std::string &event = byName[QStringLiteral("Event batch - session - custom event")].body;
        QVERIFY(event.find("{{") == std::string::npos);
        QVERIFY(event.find("\"timestamp_ms\": 1767225600000") != std::string::npos);
        QVERIFY(event.find("sample-api-key") != std::string::npos);
        auto parsed = protocol::parseJson(event);
        QVERIFY(parsed);
        QVERIFY((*parsed)["id"] != (*parsed)["source_id"]); // each {{$guid}} is a fresh UUID
        QCOMPARE((*parsed)["id"].get<std::string>().size(), 36u);

        // The findings: pointer, code, for everything not imported as it was.
        std::multiset<std::pair<std::string, std::string>> found;
        for (const protocol::Finding &finding : imported->findings) {
            found.emplace(finding.pointer, finding.code);
            QVERIFY2(finding.message.find("literal-token") == std::string::npos, finding.message.c_str());
        }
        const std::multiset<std::pair<std::string, std::string>> wanted{
            {"/item/0/item/0", "postman.renamed"},
            {"/item/1/item/0", "postman.renamed"},
            {"/item/1/item/1", "postman.renamed"},
            {"/item/3/item/0", "postman.token-not-imported"},
            {"/item/3/item/0", "postman.url-variable"},
            {"/item/4/item/0", "postman.not-post"},
            {"/item/4/item/1", "postman.not-firehose"},
            {"/item/4/item/2", "postman.no-raw-body"},
            {"/item/4/item/3", "postman.body-not-json"},
        };
        QCOMPARE(found, wanted);
        for (const protocol::Finding &finding : imported->findings) {
            if (finding.code == "postman.body-not-json")
                QVERIFY2(finding.message.find("{{missing_ts}}") != std::string::npos, finding.message.c_str());
        }
    }

    void refusesWhatIsNotAV2Collection_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("code");
        QTest::newRow("not JSON") << QByteArray("{nope") << "postman.not-json";
        QTest::newRow("an array") << QByteArray("[]") << "postman.not-collection";
        QTest::newRow("v1") << QByteArray(R"({"id":"x","name":"old","requests":[]})") << "postman.unsupported";
        QTest::newRow("unknown schema")
            << QByteArray("{\"info\":{\"name\":\"x\",\"schema\":\"https://example.com/other.json\"},\"item\":[]}")
            << "postman.unsupported";
        QTest::newRow("no item")
            << QByteArray("{\"info\":{\"name\":\"x\",\"schema\":\"" + QByteArray(postmanSchema.data()) + "\"}}")
            << "postman.not-collection";
    }

    void refusesWhatIsNotAV2Collection()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, code);
        auto imported = importCollection(std::string_view(bytes.constData(), std::size_t(bytes.size())));
        QVERIFY(!imported);
        QCOMPARE(QString::fromStdString(imported.error().code), code);
    }

    void requestNames_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("name");
        QTest::newRow("kept") << "Batch with consent (v2)" << "Batch with consent (v2)";
        QTest::newRow("slashes and colons") << "POST /events: batch" << "POST -events- batch";
        QTest::newRow("leading dot and trailing space") << ".hidden name. " << "hidden name";
        QTest::newRow("nothing left") << "///" << "Request";
        QTest::newRow("reserved device name") << "CON" << "CON request";
        QTest::newRow("unicode letters kept") << "Événement été" << "Événement été";
        QTest::newRow("long") << QString(150, u'a') << QString(100, u'a');
    }

    void requestNames()
    {
        QFETCH(QString, text);
        QFETCH(QString, name);
        const QString made = requestNameFrom(text.toStdString());
        QCOMPARE(made, name);
        QVERIFY(workspace::Workspace::validateRequestName(made));
    }
};

QTEST_GUILESS_MAIN(TestPostman)
#include "tst_postman.moc"
