#include "router_p.h"

#include "protocol/validator.h"

#include <array>
#include <utility>

namespace fhw::endpoint::detail {

namespace {

constexpr std::array<std::pair<std::string_view, transport::Family>, 4> familyPaths{{
    {"/registration", transport::Family::Registration},
    {"/event", transport::Family::Event},
    {"/audience", transport::Family::Audience},
    {"/dsr", transport::Family::Dsr},
}};

// A client-chosen string quoted in a detail, cut so an absurd `type` cannot bloat the answer.
std::string quoted(const std::string &text)
{
    constexpr std::size_t limit = 80;
    return "\"" + (text.size() <= limit ? text : text.substr(0, limit) + "…") + "\"";
}

} // namespace

std::optional<Route> routeFor(std::string_view path)
{
    if (path.size() > 1 && path.back() == '/')
        path.remove_suffix(1);
    if (path == "/" || path.empty())
        return Route{};
    for (const auto &[prefix, family] : familyPaths) {
        if (path == prefix)
            return Route{family};
    }
    return std::nullopt;
}

std::string_view pathFor(transport::Family family)
{
    for (const auto &[prefix, candidate] : familyPaths) {
        if (candidate == family)
            return prefix;
    }
    return "/";
}

std::optional<std::string> invokeFunctionFor(std::string_view path)
{
    constexpr std::string_view prefix = "/2015-03-31/functions/";
    constexpr std::string_view suffix = "/invocations";
    if (path.size() > 1 && path.back() == '/')
        path.remove_suffix(1);
    if (!path.starts_with(prefix) || !path.ends_with(suffix) || path.size() <= prefix.size() + suffix.size())
        return std::nullopt;
    std::string name(path.substr(prefix.size(), path.size() - prefix.size() - suffix.size()));
    if (name.find('/') != std::string::npos)
        return std::nullopt;
    // An ARN in the path may arrive %3A-escaped (SDKs escape ':'); the name is compared unescaped.
    for (std::size_t at = name.find('%'); at != std::string::npos; at = name.find('%', at + 1)) {
        if (name.compare(at, 3, "%3A") == 0 || name.compare(at, 3, "%3a") == 0)
            name.replace(at, 3, ":");
    }
    return name;
}

std::string functionNameOf(std::string_view nameOrArn)
{
    constexpr std::string_view marker = ":function:";
    const auto at = nameOrArn.find(marker);
    if (!nameOrArn.starts_with("arn:") || at == std::string_view::npos)
        return std::string(nameOrArn);
    std::string_view rest = nameOrArn.substr(at + marker.size());
    return std::string(rest.substr(0, rest.find(':')));
}

std::string errorBody(std::string_view error, std::string_view detail, std::string_view pointer)
{
    protocol::Json body = protocol::Json::object();
    body["error"] = std::string(error);
    body["detail"] = std::string(detail);
    if (!pointer.empty())
        body["pointer"] = std::string(pointer);
    return body.dump(-1, ' ', false, protocol::Json::error_handler_t::replace);
}

std::optional<std::string> typeProblem(const protocol::Json &message)
{
    if (!message.is_object())
        return std::string("the body is JSON but not an object; a Firehose message is one object with a \"type\"");
    const auto it = message.find("type");
    if (it == message.end())
        return std::string("the message has no \"type\"");
    if (!it->is_string())
        return "\"type\" is a " + std::string(it->type_name()) + ", not a string";
    const auto &name = it->get_ref<const std::string &>();
    const auto type = protocol::messageTypeFromWireName(name);
    if (!type)
        return quoted(name) + " is not a Firehose message type";
    if (!protocol::isRequest(*type)) {
        std::string request(name);
        request.replace(request.rfind("_response"), 9, "_request");
        return quoted(name) + " is a response type; a partner receives only requests (here: " + request + ")";
    }
    return std::nullopt;
}

} // namespace fhw::endpoint::detail
