#pragma once

#include "common/error.h"
#include "protocol/finding.h"
#include "protocol/json.h"
#include "transport/target.h"
#include "workspace/workspace.h"

#include <QString>

#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace fhw::interop {

// Postman Collection v2.1 (https://schema.getpostman.com/json/collection/v2.1.0/collection.json).
inline constexpr std::string_view postmanSchema = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";

// The collection variables an export defines; a request reads them as {{name}}.
inline constexpr std::string_view urlVariable = "firehose_url";
inline constexpr std::string_view tokenVariable = "firehose_token";
// "firehose_event_url", "firehose_registration_url", ...: defined when the target has a URL for that family.
std::string familyUrlVariable(transport::Family family);

struct PostmanExportOptions
{
    std::string collectionName;  // empty: "Firehose Workbench"
    // The values of {{firehose_url}} and of the per-family variables (the workspace's effective target).
    // {{firehose_token}} is always defined empty: the token's value never goes into a collection.
    transport::Target target;
    bool authOnRegistration = false; // mParticle sends no Authorization on registration unless asked
};

// The saved requests as a collection: one folder per family (Registration, Events, Audiences, Data
// subject requests) in the order given; each item a POST of the raw JSON body with
// Content-Type: application/json and (but on registration) Authorization: Token {{firehose_token}}.
// A request with no URL of its own, or with the target's URL, posts to {{firehose_url}} (or its family's
// variable); any other URL is kept as it is.
protocol::Json exportCollection(const std::vector<workspace::SavedRequest> &requests,
                                const PostmanExportOptions &options);

// What an import found: the requests to save, and findings about items it could not take (pointer: a
// JSON Pointer into the collection, e.g. "/item/1/item/0"; codes postman.*). Warnings: an item skipped
// or changed; Info: something worth knowing (a token value left behind).
struct PostmanImport
{
    std::string collectionName;
    std::vector<workspace::SavedRequest> requests;
    protocol::Findings findings;
};

// Reads a v2.1 (or v2.0) collection: folders walked depth first, every POST item with a raw body that
// is a Firehose request (its type detected from the body) becomes a SavedRequest. {{variables}} in URLs
// and bodies are resolved from the collection's "variable" list; a URL that is just {{firehose_url}} or a
// family variable becomes "" (the workspace's target), as does one with a variable left unresolved.
// Names become valid request names, unique among themselves and `existingNames` ("Name (2)").
// Errors: postman.not-json, postman.not-collection, postman.unsupported (v1 or unknown schema).
std::expected<PostmanImport, Error> importCollection(std::string_view bytes,
                                                     const std::vector<QString> &existingNames = {});

// A name Workspace::validateRequestName() accepts, made from any text (characters it refuses become
// '-', cut to 100 characters; "Request" when nothing is left).
QString requestNameFrom(std::string_view text);

} // namespace fhw::interop
