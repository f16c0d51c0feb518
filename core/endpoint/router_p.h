#pragma once

// Private to core/endpoint: which paths exist, which message families each accepts, and the JSON
// error bodies every refusal carries ({error, detail, pointer?}).

#include "protocol/json.h"
#include "protocol/messagetype.h"
#include "transport/target.h"

#include <optional>
#include <string>
#include <string_view>

namespace fhw::endpoint::detail {

struct Route
{
    std::optional<transport::Family> family; // nothing = "/", which takes every type
};

// "/" and the per-family paths DOCS-OUT allows ("/registration", "/event", "/audience", "/dsr"),
// each also with a trailing slash; nothing for any other path (404).
std::optional<Route> routeFor(std::string_view path);
std::string_view pathFor(transport::Family family); // "/event", ...

// The Invoke mode's path, /2015-03-31/functions/{name}/invocations (trailing slash allowed): the
// function's name as given (a name, or an ARN, %3A-escaped or not); nothing for any other path.
std::optional<std::string> invokeFunctionFor(std::string_view path);
// The bare function name of a name or ARN ("arn:aws:lambda:r:a:function:NAME[:Q]" → "NAME").
std::string functionNameOf(std::string_view nameOrArn);

// {"error":..., "detail":..., "pointer":...} (pointer only when not empty).
std::string errorBody(std::string_view error, std::string_view detail, std::string_view pointer = {});

// The `type` problem of a parsed body, as the unknown_type detail; nothing when `type` names a
// request type.
std::optional<std::string> typeProblem(const protocol::Json &message);

} // namespace fhw::endpoint::detail
