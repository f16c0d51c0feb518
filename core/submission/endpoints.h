#pragma once

#include "common/error.h"
#include "protocol/finding.h"
#include "protocol/json.h"
#include "transport/target.h"

#include <expected>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fhw::submission {

// mParticle's data centres ("pods", PROTOCOL.md §3) and the AWS region each runs in.
enum class Pod { US1, US2, EU1, AU1 };

std::string_view podName(Pod pod);                  // "US1"
std::optional<Pod> podFromName(std::string_view name); // case-insensitive
std::string_view podRegion(Pod pod);                // "us-east-1", "us-east-1", "eu-central-1", "ap-southeast-2"
std::vector<Pod> allPods();

// Where one pod sends: one HTTPS URL for everything, a URL per family (registration/event/audience/dsr),
// or a Lambda function. A pod holds one kind (a Lambda and URLs together is an error).
struct PodEndpoint
{
    std::string url;
    std::map<transport::Family, std::string> perFamily;
    std::string lambdaArn;

    static PodEndpoint http(std::string url)
    {
        PodEndpoint endpoint;
        endpoint.url = std::move(url);
        return endpoint;
    }
    static PodEndpoint lambda(std::string arn)
    {
        PodEndpoint endpoint;
        endpoint.lambdaArn = std::move(arn);
        return endpoint;
    }

    bool empty() const { return url.empty() && perFamily.empty() && lambdaArn.empty(); }
    friend bool operator==(const PodEndpoint &, const PodEndpoint &) = default;
};

using Endpoints = std::map<Pod, PodEndpoint>;

// arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]; "endpoints.arn-invalid" when not of that form.
struct LambdaArn
{
    std::string partition; // "aws"
    std::string region;
    std::string account;   // 12 digits
    std::string function;
    std::string qualifier; // alias or version; empty when none
};
std::expected<LambdaArn, Error> parseLambdaArn(std::string_view arn);

// Findings with codes: endpoints.none, endpoints.mixed (URL and Lambda on one pod), endpoints.url-invalid,
// endpoints.https-required, endpoints.registration-missing (per-family URLs without registration),
// endpoints.arn-invalid, endpoints.arn-region (region is not the pod's), endpoints.arn-no-alias (warning:
// mParticle asks for an alias ARN), endpoints.us1-missing (warning: the primary pod has none).
// The pointer is "/US1", "/US1/event", "/EU1/lambda" ...
protocol::Findings checkEndpoints(const Endpoints &endpoints);

// endpoints.json: {"format": "firehose-workbench/endpoints", "version": 1, "data_centers": [
//   {"pod": "US1", "region": "us-east-1", "kind": "http", "url": "https://..."},
//   {"pod": "EU1", "region": "eu-central-1", "kind": "http", "urls": {"registration": ..., "event": ...}},
//   {"pod": "AU1", "region": "ap-southeast-2", "kind": "lambda", "arn": "arn:aws:lambda:..."}]}
// in pod order. fromJson refuses what toJson would not write ("endpoints.format").
protocol::Json endpointsJson(const Endpoints &endpoints);
std::expected<Endpoints, Error> endpointsFromJson(const protocol::Json &json);

// The AWS accounts mParticle invokes Lambda functions from (DOCS-FH).
inline constexpr std::string_view mparticleLambdaPrincipals[] = {"338661164609", "457804467337"};

// One `aws lambda add-permission` call that lets mParticle invoke a function.
struct LambdaPermissionCommand
{
    std::vector<Pod> pods; // the pods that use this ARN
    std::string arn;
    std::string principal;
    std::string statementId;       // unique across the list: mparticle-firehose-<pods>-<principal>
    std::vector<std::string> argv; // "aws", "lambda", "add-permission", ...
    std::string commandLine;       // argv quoted for a POSIX shell
};
// Two calls (one per principal) for each distinct valid ARN, in pod order.
std::vector<LambdaPermissionCommand> lambdaPermissionCommands(const Endpoints &endpoints);

} // namespace fhw::submission
