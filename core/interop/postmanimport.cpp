// Postman Collection v2.x import: every POST item whose raw body is a Firehose request becomes a saved
// request; everything else is reported, never silently dropped.

#include "postman.h"

#include "protocol/parse.h"
#include "protocol/validator.h"

#include <QDateTime>
#include <QSet>
#include <QUrl>
#include <QUuid>

#include <map>
#include <optional>

namespace fhw::interop {

using protocol::Finding;
using protocol::Json;
using protocol::Severity;

namespace {

using Variables = std::map<std::string, std::string, std::less<>>;

std::string stringAt(const Json &object, const char *key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Postman's dynamic variables that Firehose examples use for ids and times.
std::optional<std::string> dynamicVariable(std::string_view name)
{
    if (name == "$guid" || name == "$randomUUID")
        return QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
    if (name == "$timestamp")
        return std::to_string(QDateTime::currentSecsSinceEpoch());
    if (name == "$isoTimestamp")
        return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toStdString();
    return std::nullopt;
}

struct Resolved
{
    std::string text;
    std::vector<std::string> unresolved; // names left as {{name}}
};

// Replaces {{name}} with its value; values may refer to other variables (a few levels deep, as Postman).
Resolved resolve(std::string_view text, const Variables &variables)
{
    Resolved out{std::string(text), {}};
    for (int depth = 0; depth < 5; ++depth) {
        std::string next;
        bool replaced = false;
        std::size_t at = 0;
        out.unresolved.clear();
        while (at < out.text.size()) {
            const std::size_t open = out.text.find("{{", at);
            const std::size_t close = open == std::string::npos ? open : out.text.find("}}", open + 2);
            if (close == std::string::npos) {
                next.append(out.text, at);
                break;
            }
            next.append(out.text, at, open - at);
            const std::string name = out.text.substr(open + 2, close - open - 2);
            if (const auto it = variables.find(name); it != variables.end() && !it->second.empty()) {
                next += it->second;
                replaced = true;
            } else if (const auto dynamic = dynamicVariable(name)) {
                next += *dynamic;
                replaced = true;
            } else {
                next.append(out.text, open, close + 2 - open);
                out.unresolved.push_back(name);
            }
            at = close + 2;
        }
        out.text = std::move(next);
        if (!replaced)
            break;
    }
    return out;
}

// A v2.1 url is a string or {"raw": ...} (older exports: only the parts).
std::string rawUrl(const Json &url)
{
    if (url.is_string())
        return url.get<std::string>();
    if (!url.is_object())
        return {};
    if (std::string raw = stringAt(url, "raw"); !raw.empty())
        return raw;
    std::string out = stringAt(url, "protocol");
    if (!out.empty())
        out += "://";
    const auto joined = [&](const char *key, char separator) {
        std::string text;
        if (const auto it = url.find(key); it != url.end() && it->is_array()) {
            for (const Json &part : *it)
                text += (text.empty() ? "" : std::string(1, separator)) + (part.is_string() ? part.get<std::string>() : "");
        } else {
            text = stringAt(url, key);
        }
        return text;
    };
    out += joined("host", '.');
    if (std::string port = stringAt(url, "port"); !port.empty())
        out += ":" + port;
    if (std::string path = joined("path", '/'); !path.empty())
        out += "/" + path;
    return out;
}

bool isTargetVariable(std::string_view raw)
{
    static const std::vector<std::string> names = [] {
        std::vector<std::string> all{"{{" + std::string(urlVariable) + "}}"};
        for (const auto family : {transport::Family::Registration, transport::Family::Event,
                                  transport::Family::Audience, transport::Family::Dsr})
            all.push_back("{{" + familyUrlVariable(family) + "}}");
        return all;
    }();
    for (const std::string &name : names) {
        if (raw == name)
            return true;
    }
    return false;
}

class Importer
{
public:
    Importer(Variables variables, const std::vector<QString> &existing) : m_variables(std::move(variables))
    {
        for (const QString &name : existing)
            m_taken.insert(name.toCaseFolded());
    }

    void walk(const Json &items, const std::string &pointer)
    {
        if (!items.is_array())
            return;
        for (std::size_t i = 0; i < items.size(); ++i) {
            const Json &item = items[i];
            const std::string at = pointer + "/" + std::to_string(i);
            if (!item.is_object())
                continue;
            if (const auto children = item.find("item"); children != item.end())
                walk(*children, at + "/item");
            else
                take(item, at);
        }
    }

    PostmanImport result;

private:
    void finding(Severity severity, const std::string &pointer, const char *code, const std::string &name,
                 const std::string &why)
    {
        result.findings.push_back(Finding{severity, pointer, code, "\"" + name + "\": " + why});
    }

    void take(const Json &item, const std::string &pointer)
    {
        const std::string name = stringAt(item, "name");
        const auto requestIt = item.find("request");
        if (requestIt == item.end() || !requestIt->is_object()) {
            finding(Severity::Warning, pointer, "postman.not-a-request", name,
                    "not imported: a bare URL (a GET), not a Firehose POST.");
            return;
        }
        const Json &request = *requestIt;
        const std::string method = stringAt(request, "method");
        if (method != "POST" && method != "post") {
            finding(Severity::Warning, pointer, "postman.not-post", name,
                    "not imported: a " + (method.empty() ? std::string("GET") : method)
                        + " request; mParticle only POSTs Firehose requests.");
            return;
        }
        checkForTokenValue(request, pointer, name);

        const Json body = request.contains("body") ? request["body"] : Json();
        if (!body.is_object() || stringAt(body, "mode") != "raw") {
            finding(Severity::Warning, pointer, "postman.no-raw-body", name,
                    "not imported: its body is not raw JSON (form data, a file or none).");
            return;
        }
        const Resolved text = resolve(stringAt(body, "raw"), m_variables);
        auto parsed = protocol::parseJson(text.text);
        if (!parsed) {
            std::string why = "not imported: its body is not JSON (" + parsed.error().message + ")";
            if (!text.unresolved.empty())
                why += "; the collection does not define {{" + text.unresolved.front() + "}}";
            finding(Severity::Warning, pointer, "postman.body-not-json", name, why + ".");
            return;
        }
        const auto type = protocol::Validator::detectType(*parsed);
        if (!type || !protocol::isRequest(*type)) {
            finding(Severity::Warning, pointer, "postman.not-firehose", name,
                    type ? "not imported: its body is a " + std::string(protocol::wireName(*type))
                               + ", a response, not a request mParticle sends."
                         : std::string("not imported: its body has no Firehose request \"type\"."));
            return;
        }

        workspace::SavedRequest saved;
        saved.name = uniqueName(requestNameFrom(name));
        saved.type = *type;
        saved.body = text.text;
        saved.url = importedUrl(request.contains("url") ? request["url"] : Json(), pointer, name);
        if (!text.unresolved.empty()) {
            finding(Severity::Warning, pointer, "postman.unresolved-variable", name,
                    "imported with {{" + text.unresolved.front()
                        + "}} left in its body: the collection does not define it.");
        }
        if (saved.name.toStdString() != name) {
            finding(Severity::Info, pointer, "postman.renamed", name,
                    "saved as \"" + saved.name.toStdString() + "\".");
        }
        result.requests.push_back(std::move(saved));
    }

    std::string importedUrl(const Json &url, const std::string &pointer, const std::string &name)
    {
        const std::string raw = rawUrl(url);
        if (raw.empty() || isTargetVariable(raw))
            return {};
        const Resolved resolved = resolve(raw, m_variables);
        if (!resolved.unresolved.empty()) {
            finding(Severity::Info, pointer, "postman.url-variable", name,
                    "its URL uses {{" + resolved.unresolved.front()
                        + "}}, which the collection leaves empty: it posts to the workspace's target.");
            return {};
        }
        const QUrl parsed(QString::fromStdString(resolved.text), QUrl::StrictMode);
        if (!parsed.isValid() || (parsed.scheme() != QLatin1String("http") && parsed.scheme() != QLatin1String("https"))) {
            finding(Severity::Warning, pointer, "postman.bad-url", name,
                    "its URL is not an http(s) URL: it posts to the workspace's target.");
            return {};
        }
        return resolved.text;
    }

    // A token value in a collection is worth a word (it should live in the keychain); never repeated.
    void checkForTokenValue(const Json &request, const std::string &pointer, const std::string &name)
    {
        const auto headers = request.find("header");
        if (headers == request.end() || !headers->is_array())
            return;
        for (const Json &header : *headers) {
            if (!header.is_object())
                continue;
            const std::string key = stringAt(header, "key");
            const std::string value = stringAt(header, "value");
            if (QString::fromStdString(key).compare(QLatin1String("Authorization"), Qt::CaseInsensitive) == 0
                && !value.empty() && value.find("{{") == std::string::npos) {
                finding(Severity::Info, pointer, "postman.token-not-imported", name,
                        "its Authorization header holds a credential; it was not imported. Keep tokens in the "
                        "keychain (fhw token import).");
            }
        }
    }

    QString uniqueName(const QString &base)
    {
        QString name = base;
        for (int n = 2; m_taken.contains(name.toCaseFolded()); ++n) {
            const QString suffix = QStringLiteral(" (%1)").arg(n);
            name = base.left(100 - suffix.size()).trimmed() + suffix;
        }
        m_taken.insert(name.toCaseFolded());
        return name;
    }

    Variables m_variables;
    QSet<QString> m_taken;
};

Error importError(const char *code, const std::string &message)
{
    return Error{code, message};
}

} // namespace

QString requestNameFrom(std::string_view text)
{
    static const QString punctuation = QStringLiteral(" ._-()+,@");
    QString name;
    for (const QChar c : QString::fromUtf8(text.data(), qsizetype(text.size())).simplified()) {
        const bool allowed = c.isLetterOrNumber() || punctuation.contains(c);
        if (allowed)
            name += c;
        else if (!name.endsWith(QLatin1Char('-')))
            name += QLatin1Char('-');
    }
    const auto trim = [&] {
        while (!name.isEmpty() && (name.front() == QLatin1Char('.') || name.front() == QLatin1Char('-')
                                   || name.front() == QLatin1Char(' ')))
            name.remove(0, 1);
        while (!name.isEmpty() && (name.back() == QLatin1Char('.') || name.back() == QLatin1Char(' ')
                                   || name.back() == QLatin1Char('-')))
            name.chop(1);
    };
    trim();
    name.truncate(100);
    trim();
    if (name.isEmpty())
        return QStringLiteral("Request");
    if (!workspace::Workspace::validateRequestName(name)) // a reserved device name ("CON", "NUL")
        name = name.left(90) + QStringLiteral(" request");
    return name;
}

std::expected<PostmanImport, Error> importCollection(std::string_view bytes, const std::vector<QString> &existingNames)
{
    auto document = protocol::parseJson(bytes);
    if (!document)
        return std::unexpected(importError("postman.not-json", "Not a Postman collection: " + document.error().message));
    const Json &collection = *document;
    if (!collection.is_object() || !collection.contains("info") || !collection["info"].is_object()) {
        if (collection.is_object() && collection.contains("requests"))
            return std::unexpected(importError("postman.unsupported",
                                               "A Postman Collection v1: export it again from Postman as v2.1."));
        return std::unexpected(importError("postman.not-collection", "Not a Postman collection (no \"info\")."));
    }
    const std::string schema = stringAt(collection["info"], "schema");
    if (schema.find("/collection/v2.1.") == std::string::npos && schema.find("/collection/v2.0.") == std::string::npos)
        return std::unexpected(importError("postman.unsupported",
                                           "Not a Postman Collection v2.1 or v2.0 (schema \"" + schema + "\")."));
    if (!collection.contains("item") || !collection["item"].is_array())
        return std::unexpected(importError("postman.not-collection", "A Postman collection without \"item\"."));

    Variables variables;
    if (const auto list = collection.find("variable"); list != collection.end() && list->is_array()) {
        for (const Json &variable : *list) {
            if (!variable.is_object() || variable.value("disabled", false))
                continue;
            const auto value = variable.find("value");
            const std::string text = value == variable.end() || value->is_null() ? std::string()
                                     : value->is_string()                    ? value->get<std::string>()
                                                                             : value->dump();
            variables[stringAt(variable, "key")] = text;
        }
    }
    Importer importer(std::move(variables), existingNames);
    importer.result.collectionName = stringAt(collection["info"], "name");
    importer.walk(collection["item"], "/item");
    return std::move(importer.result);
}

} // namespace fhw::interop
