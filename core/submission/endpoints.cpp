#include "endpoints.h"

#include "jsonaccess_p.h"

#include "aws/lambda.h"

#include <QUrl>

#include <algorithm>
#include <array>

namespace fhw::submission {

using protocol::Finding;
using protocol::Json;
using protocol::Severity;
using transport::Family;

namespace {

constexpr std::array pods{Pod::US1, Pod::US2, Pod::EU1, Pod::AU1};
constexpr std::array families{Family::Registration, Family::Event, Family::Audience, Family::Dsr};

std::optional<Family> familyFromName(std::string_view name)
{
    for (Family family : families) {
        if (transport::familyName(family) == name)
            return family;
    }
    return std::nullopt;
}

// Why an endpoint URL cannot be used, or nothing. Credentials in a URL would also end up in the bundle.
std::optional<Finding> checkUrl(const std::string &url, const std::string &pointer)
{
    const QUrl parsed(QString::fromStdString(url), QUrl::StrictMode);
    if (!parsed.isValid() || parsed.host().isEmpty() || parsed.isRelative())
        return Finding{Severity::Error, pointer, "endpoints.url-invalid", "'" + url + "' is not an absolute URL"};
    if (parsed.scheme() != QLatin1String("https"))
        return Finding{Severity::Error, pointer, "endpoints.https-required",
                       "'" + url + "' is not https: mParticle calls HTTP integrations over TLS only"};
    if (!parsed.userInfo().isEmpty())
        return Finding{Severity::Error, pointer, "endpoints.url-invalid",
                       "the URL carries a user name or password; mParticle authenticates with its own token"};
    if (parsed.hasFragment())
        return Finding{Severity::Error, pointer, "endpoints.url-invalid", "'" + url + "' has a #fragment"};
    return std::nullopt;
}

void checkArn(Pod pod, const std::string &arn, protocol::Findings &out)
{
    const std::string pointer = "/" + std::string(podName(pod)) + "/lambda";
    const auto parsed = parseLambdaArn(arn);
    if (!parsed) {
        out.push_back({Severity::Error, pointer, parsed.error().code, parsed.error().message});
        return;
    }
    if (parsed->region != podRegion(pod)) {
        out.push_back({Severity::Error, pointer, "endpoints.arn-region",
                       "the function is in " + parsed->region + ", but " + std::string(podName(pod)) + " runs in "
                           + std::string(podRegion(pod)) + ": use a function in the pod's region"});
    }
    if (parsed->qualifier.empty() || parsed->qualifier == "$LATEST"
        || parsed->qualifier.find_first_not_of("0123456789") == std::string::npos) {
        out.push_back({Severity::Warning, pointer, "endpoints.arn-no-alias",
                       parsed->qualifier.empty()
                           ? std::string("no alias: mParticle asks for an alias ARN (…:function:NAME:production), so a "
                                         "new version can go live without registering again")
                           : "'" + parsed->qualifier + "' is a version, not an alias: mParticle asks for an alias ARN "
                                                       "(…:function:NAME:production)"});
    }
}

std::string shellQuoted(const std::string &word)
{
    if (!word.empty() && word.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:/=,@+")
                             == std::string::npos)
        return word;
    std::string out = "'";
    for (char c : word)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

} // namespace

std::string_view podName(Pod pod)
{
    switch (pod) {
    case Pod::US1: return "US1";
    case Pod::US2: return "US2";
    case Pod::EU1: return "EU1";
    case Pod::AU1: return "AU1";
    }
    return {};
}

std::optional<Pod> podFromName(std::string_view name)
{
    std::string upper(name);
    std::ranges::transform(upper, upper.begin(), [](char c) { return c >= 'a' && c <= 'z' ? char(c - 32) : c; });
    for (Pod pod : pods) {
        if (podName(pod) == upper)
            return pod;
    }
    return std::nullopt;
}

std::string_view podRegion(Pod pod)
{
    switch (pod) {
    case Pod::US1:
    case Pod::US2: return "us-east-1";
    case Pod::EU1: return "eu-central-1";
    case Pod::AU1: return "ap-southeast-2";
    }
    return {};
}

std::vector<Pod> allPods()
{
    return {pods.begin(), pods.end()};
}

std::expected<LambdaArn, Error> parseLambdaArn(std::string_view text)
{
    // One ARN parser for the whole workbench (core/aws); only the error code is ours.
    auto arn = aws::parseFunctionArn(text);
    if (!arn)
        return std::unexpected(Error{"endpoints.arn-invalid", std::move(arn.error().message)});
    return LambdaArn{"aws", std::move(arn->region), std::move(arn->account), std::move(arn->function),
                     std::move(arn->qualifier)};
}

protocol::Findings checkEndpoints(const Endpoints &endpoints)
{
    protocol::Findings out;
    bool any = false;
    for (const auto &[pod, endpoint] : endpoints) {
        if (endpoint.empty())
            continue;
        any = true;
        const std::string base = "/" + std::string(podName(pod));
        if (!endpoint.lambdaArn.empty() && (!endpoint.url.empty() || !endpoint.perFamily.empty())) {
            out.push_back({Severity::Error, base, "endpoints.mixed",
                           std::string(podName(pod)) + " has both a Lambda ARN and HTTP URLs: give one or the other"});
        }
        if (!endpoint.lambdaArn.empty())
            checkArn(pod, endpoint.lambdaArn, out);
        if (!endpoint.url.empty()) {
            if (auto finding = checkUrl(endpoint.url, base))
                out.push_back(std::move(*finding));
        }
        for (const auto &[family, url] : endpoint.perFamily) {
            if (auto finding = checkUrl(url, base + "/" + std::string(transport::familyName(family))))
                out.push_back(std::move(*finding));
        }
        if (endpoint.url.empty() && !endpoint.perFamily.empty() && !endpoint.perFamily.contains(Family::Registration)) {
            out.push_back({Severity::Error, base + "/registration", "endpoints.registration-missing",
                           std::string(podName(pod)) + " has URLs per type but none for registration, which mParticle "
                                                       "calls first"});
        }
    }
    if (!any) {
        out.push_back({Severity::Error, "", "endpoints.none", "no endpoint: give an HTTPS URL or a Lambda ARN per data centre"});
    } else if (!endpoints.contains(Pod::US1) || endpoints.at(Pod::US1).empty()) {
        out.push_back({Severity::Warning, "/US1", "endpoints.us1-missing",
                       "no endpoint for US1: mParticle's primary data centre (US East) needs one"});
    }
    return out;
}

Json endpointsJson(const Endpoints &endpoints)
{
    Json centres = Json::array();
    for (const auto &[pod, endpoint] : endpoints) {
        if (endpoint.empty())
            continue;
        Json centre = Json::object();
        centre["pod"] = podName(pod);
        centre["region"] = podRegion(pod);
        if (!endpoint.lambdaArn.empty()) {
            centre["kind"] = "lambda";
            centre["arn"] = endpoint.lambdaArn;
        }
        if (!endpoint.url.empty() || !endpoint.perFamily.empty()) {
            centre["kind"] = endpoint.lambdaArn.empty() ? "http" : "mixed";
            if (!endpoint.url.empty())
                centre["url"] = endpoint.url;
            if (!endpoint.perFamily.empty()) {
                Json urls = Json::object();
                for (Family family : families) {
                    if (const auto it = endpoint.perFamily.find(family); it != endpoint.perFamily.end())
                        urls[std::string(transport::familyName(family))] = it->second;
                }
                centre["urls"] = std::move(urls);
            }
        }
        centres.push_back(std::move(centre));
    }
    Json out = Json::object();
    out["format"] = "firehose-workbench/endpoints";
    out["version"] = 1;
    out["data_centers"] = std::move(centres);
    return out;
}

std::expected<Endpoints, Error> endpointsFromJson(const Json &json)
{
    const auto fail = [](std::string message) { return std::unexpected(Error{"endpoints.format", std::move(message)}); };
    if (detail::stringAt(json, "format") != "firehose-workbench/endpoints")
        return fail("not an endpoints file (format firehose-workbench/endpoints)");
    const Json *version = detail::memberAt(json, "version");
    if (!version || !version->is_number_integer() || version->get<int>() != 1)
        return fail("unsupported endpoints file version");
    const Json *centres = detail::arrayAt(json, "data_centers");
    if (!centres)
        return fail("data_centers is missing");
    Endpoints endpoints;
    for (const Json &centre : *centres) {
        const auto pod = podFromName(detail::stringAt(centre, "pod"));
        if (!pod)
            return fail("unknown data centre '" + detail::stringAt(centre, "pod") + "'");
        if (endpoints.contains(*pod))
            return fail(std::string(podName(*pod)) + " appears twice");
        PodEndpoint endpoint{detail::stringAt(centre, "url"), {}, detail::stringAt(centre, "arn")};
        if (const Json *urls = detail::objectAt(centre, "urls")) {
            for (const auto &[name, url] : urls->items()) {
                const auto family = familyFromName(name);
                if (!family || !url.is_string())
                    return fail("unknown family '" + name + "' or a URL that is not a string");
                endpoint.perFamily[*family] = url.get<std::string>();
            }
        }
        if (endpoint.empty())
            return fail(std::string(podName(*pod)) + " has neither a URL nor an ARN");
        endpoints[*pod] = std::move(endpoint);
    }
    return endpoints;
}

std::vector<LambdaPermissionCommand> lambdaPermissionCommands(const Endpoints &endpoints)
{
    // One pair per distinct ARN: US1 and US2 may share a function in us-east-1.
    std::vector<std::pair<std::string, std::vector<Pod>>> arns;
    for (const auto &[pod, endpoint] : endpoints) {
        if (endpoint.lambdaArn.empty() || !parseLambdaArn(endpoint.lambdaArn))
            continue;
        auto it = std::ranges::find(arns, endpoint.lambdaArn, &std::pair<std::string, std::vector<Pod>>::first);
        if (it == arns.end())
            arns.push_back({endpoint.lambdaArn, {pod}});
        else
            it->second.push_back(pod);
    }
    std::vector<LambdaPermissionCommand> commands;
    for (const auto &[arn, arnPods] : arns) {
        const LambdaArn parsed = *parseLambdaArn(arn);
        std::string podPart;
        for (Pod pod : arnPods) {
            std::string name(podName(pod));
            std::ranges::transform(name, name.begin(), [](char c) { return c >= 'A' && c <= 'Z' ? char(c + 32) : c; });
            podPart += name + "-";
        }
        for (std::string_view principal : mparticleLambdaPrincipals) {
            LambdaPermissionCommand command{arnPods, arn, std::string(principal),
                                            "mparticle-firehose-" + podPart + std::string(principal), {}, {}};
            command.argv = {"aws", "lambda", "add-permission", "--region", parsed.region, "--function-name", arn,
                            "--statement-id", command.statementId, "--action", "lambda:InvokeFunction",
                            "--principal", command.principal};
            for (const std::string &word : command.argv)
                command.commandLine += (command.commandLine.empty() ? "" : " ") + shellQuoted(word);
            commands.push_back(std::move(command));
        }
    }
    return commands;
}

} // namespace fhw::submission
