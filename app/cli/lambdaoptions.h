#pragma once

// The Lambda target options send, check and load share: --lambda FUNCTION_OR_ARN with --region,
// --qualifier, --lambda-endpoint (a local emulator such as `fhw serve --lambda`), --no-sign and
// --aws-profile. And the lines that show what an invocation told (REPORT, function error).

#include "transport/sendresult.h"
#include "transport/target.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

#include <expected>
#include <optional>

namespace fhw::cli {

class LambdaOptions
{
public:
    LambdaOptions();
    void addTo(QCommandLineParser &parser);

    bool isSet(const QCommandLineParser &parser) const; // --lambda was given

    // The Lambda target when --lambda was given, nothing when not (and then none of the other Lambda
    // options may be). Errors are ready to print, prefixed with `command`.
    std::expected<std::optional<transport::LambdaTarget>, QString> target(const QCommandLineParser &parser,
                                                                           const QString &command) const;

private:
    QCommandLineOption m_lambda;
    QCommandLineOption m_region;
    QCommandLineOption m_qualifier;
    QCommandLineOption m_endpoint;
    QCommandLineOption m_noSign;
    QCommandLineOption m_profile;
    QCommandLineOption m_keychain;
};

class TargetOptions;

// The target of a command that takes either an endpoint URL (TargetOptions) or a Lambda function
// (LambdaOptions), not both: check and load. Errors are ready to print, prefixed with `command`.
std::expected<transport::Target, QString> targetOrLambda(const QCommandLineParser &parser, const TargetOptions &urls,
                                                         const LambdaOptions &lambda, const QString &command);

// "REPORT: Duration 1.23 ms, Billed 2 ms, Memory 256 MB, Max Memory 71 MB, Init Duration 180.00 ms
// (cold start)"; "function error: Unhandled" before it when there was one; empty when the answer
// carried nothing of Lambda's.
QString lambdaText(const transport::LambdaInvocation &invocation);

} // namespace fhw::cli
