#pragma once

// Lambda function references and what an Invoke answer carries beside the payload.

#include "common/error.h"
#include "transport/sendresult.h"
#include "transport/target.h"

#include <expected>
#include <optional>
#include <string>
#include <string_view>

namespace fhw::aws {

struct FunctionArn
{
    std::string region;
    std::string account;  // 12 digits
    std::string function;
    std::string qualifier; // alias or version; empty = none
};

// arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]. Error "lambda.arn" saying what is wrong.
std::expected<FunctionArn, Error> parseFunctionArn(std::string_view arn);

// A LambdaTarget from an ARN, or a name plus region; checks what can be checked. Error "lambda.target".
std::expected<transport::LambdaTarget, Error> lambdaTarget(std::string_view functionOrArn, std::string_view region = {},
                                                           std::string_view qualifier = {});

// The Invoke URL: {endpoint or https://lambda.REGION.amazonaws.com}/2015-03-31/functions/{function}/invocations[?Qualifier=…]
std::string invokeUrl(const transport::LambdaTarget &target);

// The base64 X-Amz-Log-Result decoded, and its REPORT line parsed:
// "REPORT RequestId: … Duration: 12.34 ms Billed Duration: 13 ms Memory Size: 256 MB Max Memory Used: 71 MB Init Duration: 180.52 ms"
std::optional<transport::LambdaReport> parseReportLine(std::string_view logText);
transport::LambdaInvocation lambdaInvocation(const std::vector<std::pair<std::string, std::string>> &responseHeaders);

} // namespace fhw::aws
