// Postman Collection v2.1 export of saved requests: URLs and the token as collection variables.

#include "postman.h"

#include <QUrl>
#include <QUrlQuery>
#include <QUuid>

#include <array>

namespace fhw::interop {

using protocol::Json;
using transport::Family;

namespace {

constexpr std::array families{Family::Registration, Family::Event, Family::Audience, Family::Dsr};

std::string folderName(Family family)
{
    switch (family) {
    case Family::Registration: return "Registration";
    case Family::Event: return "Events";
    case Family::Audience: return "Audiences";
    case Family::Dsr: return "Data subject requests";
    }
    return "Requests";
}

std::string variableReference(std::string_view name)
{
    return "{{" + std::string(name) + "}}";
}

// Postman's URL object: "raw" is what Postman shows and sends; the parts are what its editor edits.
Json urlObject(const std::string &raw)
{
    if (raw.starts_with("{{"))
        return Json{{"raw", raw}, {"host", Json::array({raw})}};
    const QUrl url(QString::fromStdString(raw));
    if (!url.isValid() || url.host().isEmpty())
        return Json{{"raw", raw}};
    Json out{{"raw", raw}, {"protocol", url.scheme().toStdString()}};
    Json host = Json::array();
    for (const QString &label : url.host().split(QLatin1Char('.')))
        host.push_back(label.toStdString());
    out["host"] = std::move(host);
    if (url.port() != -1)
        out["port"] = std::to_string(url.port());
    Json path = Json::array();
    for (const QString &segment : url.path(QUrl::FullyEncoded).split(QLatin1Char('/'), Qt::SkipEmptyParts))
        path.push_back(segment.toStdString());
    if (url.path().endsWith(QLatin1Char('/')) && !path.empty())
        path.push_back(""); // Postman keeps a trailing slash as an empty last segment
    out["path"] = std::move(path);
    if (url.hasQuery()) {
        Json query = Json::array();
        for (const auto &[key, value] : QUrlQuery(url).queryItems(QUrl::FullyEncoded))
            query.push_back(Json{{"key", key.toStdString()}, {"value", value.toStdString()}});
        out["query"] = std::move(query);
    }
    return out;
}

// The URL an item posts to: a variable wherever the request follows the target.
std::string itemUrl(const workspace::SavedRequest &request, const transport::Target &target)
{
    const Family family = transport::familyOf(request.type);
    const bool familyUrl = target.perFamily.contains(family);
    const std::string variable = familyUrl ? familyUrlVariable(family) : std::string(urlVariable);
    if (request.url.empty() || request.url == target.urlFor(request.type))
        return variableReference(variable);
    return request.url;
}

Json item(const workspace::SavedRequest &request, const PostmanExportOptions &options)
{
    Json headers = Json::array({Json{{"key", "Content-Type"}, {"value", "application/json"}}});
    const bool registration = transport::familyOf(request.type) == Family::Registration;
    if (!registration || options.authOnRegistration) {
        // The token stays a variable: its value is set in a Postman environment, never exported.
        headers.push_back(Json{{"key", "Authorization"}, {"value", "Token " + variableReference(tokenVariable)}});
    }
    Json body{{"mode", "raw"}, {"raw", request.body}, {"options", Json{{"raw", Json{{"language", "json"}}}}}};
    return Json{{"name", request.name.toStdString()},
                {"request",
                 Json{{"method", "POST"},
                      {"header", std::move(headers)},
                      {"body", std::move(body)},
                      {"url", urlObject(itemUrl(request, options.target))},
                      {"description", std::string(protocol::wireName(request.type))}}},
                {"response", Json::array()}};
}

} // namespace

std::string familyUrlVariable(Family family)
{
    return "firehose_" + std::string(transport::familyName(family)) + "_url";
}

Json exportCollection(const std::vector<workspace::SavedRequest> &requests, const PostmanExportOptions &options)
{
    const std::string name = options.collectionName.empty() ? "Firehose Workbench" : options.collectionName;
    // A stable id per name: exporting the same workspace twice gives the same file (it diffs well).
    const QUuid id = QUuid::createUuidV5(QUuid(QStringLiteral("{6f0e8c0a-6d55-4c55-9a1b-3c1f2b7d9e41}")),
                                         QString::fromStdString(name));
    Json info{{"_postman_id", id.toString(QUuid::WithoutBraces).toStdString()},
              {"name", name},
              {"description", "Firehose requests exported by Firehose Workbench. Set firehose_token in a Postman "
                              "environment (as a secret): the collection never carries the token."},
              {"schema", std::string(postmanSchema)}};

    Json folders = Json::array();
    for (const Family family : families) {
        Json items = Json::array();
        for (const workspace::SavedRequest &request : requests) {
            if (transport::familyOf(request.type) == family)
                items.push_back(item(request, options));
        }
        if (!items.empty())
            folders.push_back(Json{{"name", folderName(family)}, {"item", std::move(items)}});
    }

    Json variables = Json::array({Json{{"key", std::string(urlVariable)}, {"value", options.target.url},
                                       {"type", "string"}}});
    for (const auto &[family, url] : options.target.perFamily)
        variables.push_back(Json{{"key", familyUrlVariable(family)}, {"value", url}, {"type", "string"}});
    variables.push_back(Json{{"key", std::string(tokenVariable)}, {"value", ""}, {"type", "string"},
                             {"description", "The Firehose token: set it in your environment, not here."}});

    return Json{{"info", std::move(info)}, {"item", std::move(folders)}, {"variable", std::move(variables)}};
}

} // namespace fhw::interop
