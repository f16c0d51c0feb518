#include "lambda.h"

#include <QByteArray>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <regex>

namespace fhw::aws {

namespace {

std::unexpected<Error> fail(std::string code, std::string message)
{
    return std::unexpected(Error{std::move(code), std::move(message)});
}

bool matches(const std::string &text, const char *pattern)
{
    return std::regex_match(text, std::regex(pattern));
}

std::vector<std::string> split(std::string_view text, char separator)
{
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == separator) {
            parts.emplace_back(text.substr(start, i - start));
            start = i + 1;
        }
    }
    return parts;
}

// What Lambda accepts (the API reference's FunctionName and Qualifier patterns, simplified).
constexpr const char *functionNamePattern = "[A-Za-z0-9_-]{1,64}";
constexpr const char *qualifierPattern = R"(\$LATEST|[A-Za-z0-9_-]{1,128})";
constexpr const char *regionPattern = "[a-z]{2}(-[a-z]+)+-[0-9]{1,2}";

std::string percentEncode(std::string_view text)
{
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += ch;
        } else {
            out += '%';
            out += digits[c >> 4];
            out += digits[c & 0x0f];
        }
    }
    return out;
}

std::string lowerCase(std::string_view text)
{
    std::string out(text);
    std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

double number(const std::string &text)
{
    double value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
}

} // namespace

std::expected<FunctionArn, Error> parseFunctionArn(std::string_view text)
{
    const std::vector<std::string> parts = split(text, ':');
    const auto wrong = [](std::string why) {
        return fail("lambda.arn",
                    "not a Lambda function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]): " + why);
    };
    if (parts.size() < 7 || parts.size() > 8 || parts[0] != "arn")
        return wrong("'" + std::string(text) + "' has the wrong number of ':' parts");
    if (parts[1] != "aws")
        return wrong("the partition must be 'aws' (mParticle runs in the commercial AWS regions)");
    if (parts[2] != "lambda" || parts[5] != "function")
        return wrong("not a Lambda function ('lambda' and 'function' expected)");
    FunctionArn arn{parts[3], parts[4], parts[6], parts.size() == 8 ? parts[7] : std::string()};
    if (!matches(arn.region, regionPattern))
        return wrong("'" + arn.region + "' is not an AWS region");
    if (!matches(arn.account, "[0-9]{12}"))
        return wrong("the account must be 12 digits, not '" + arn.account + "'");
    if (!matches(arn.function, functionNamePattern))
        return wrong("'" + arn.function + "' is not a function name (letters, digits, - and _, up to 64)");
    if (parts.size() == 8 && !matches(arn.qualifier, qualifierPattern))
        return wrong("'" + arn.qualifier + "' is not an alias or version");
    return arn;
}

std::expected<transport::LambdaTarget, Error> lambdaTarget(std::string_view functionOrArn, std::string_view region,
                                                           std::string_view qualifier)
{
    const auto wrong = [](std::string why) { return fail("lambda.target", std::move(why)); };
    transport::LambdaTarget target;
    target.region = std::string(region);
    target.qualifier = std::string(qualifier);
    if (!target.region.empty() && !matches(target.region, regionPattern))
        return wrong("'" + target.region + "' is not an AWS region (such as us-east-1)");
    if (!target.qualifier.empty() && !matches(target.qualifier, qualifierPattern))
        return wrong("'" + target.qualifier + "' is not an alias or version");

    if (functionOrArn.starts_with("arn:")) {
        const auto arn = parseFunctionArn(functionOrArn);
        if (!arn)
            return wrong(arn.error().message);
        if (!target.region.empty() && target.region != arn->region)
            return wrong("the region " + target.region + " is not the ARN's (" + arn->region + ")");
        if (!target.qualifier.empty() && !arn->qualifier.empty() && target.qualifier != arn->qualifier)
            return wrong("the qualifier " + target.qualifier + " is not the ARN's (" + arn->qualifier + ")");
        target.region = arn->region;
        if (!arn->qualifier.empty())
            target.qualifier = arn->qualifier;
        // The unqualified ARN: it keeps the account (needed to invoke another account's function).
        target.function = "arn:aws:lambda:" + arn->region + ":" + arn->account + ":function:" + arn->function;
        return target;
    }

    // NAME or NAME:QUALIFIER, as Lambda's FunctionName also takes.
    const std::vector<std::string> parts = split(functionOrArn, ':');
    if (parts.size() > 2)
        return wrong("'" + std::string(functionOrArn) + "' is neither a function name nor a function ARN");
    if (!matches(parts[0], functionNamePattern))
        return wrong("'" + parts[0] + "' is not a function name (letters, digits, - and _, up to 64)");
    if (parts.size() == 2) {
        if (!matches(parts[1], qualifierPattern))
            return wrong("'" + parts[1] + "' is not an alias or version");
        if (!target.qualifier.empty() && target.qualifier != parts[1])
            return wrong("the qualifier " + target.qualifier + " is not the one in '" + std::string(functionOrArn) + "'");
        target.qualifier = parts[1];
    }
    target.function = parts[0];
    return target;
}

std::string invokeUrl(const transport::LambdaTarget &target)
{
    std::string base = target.endpoint;
    if (base.empty()) {
        if (target.region.empty())
            return {}; // nowhere to send it: AWS needs a region
        base = "https://lambda." + target.region + ".amazonaws.com";
    }
    while (base.ends_with('/'))
        base.pop_back();
    std::string url = base + "/2015-03-31/functions/" + percentEncode(target.function) + "/invocations";
    if (!target.qualifier.empty())
        url += "?Qualifier=" + percentEncode(target.qualifier);
    return url;
}

std::optional<transport::LambdaReport> parseReportLine(std::string_view logText)
{
    // The last REPORT line: a tail can hold an earlier invocation's end.
    std::string line;
    for (const std::string &candidate : split(logText, '\n'))
        if (candidate.starts_with("REPORT "))
            line = candidate;
    if (line.empty())
        return std::nullopt;

    // "Label: value unit" fields, tab separated in real logs (spaces in some emulators). The leftmost
    // match wins, so "Billed Duration" and "Init Duration" are never read as "Duration".
    static const std::regex field(
        R"((RequestId|Billed Duration|Init Duration|Duration|Memory Size|Max Memory Used):\s*([^\s]+))");
    transport::LambdaReport report;
    bool haveDuration = false;
    for (auto it = std::sregex_iterator(line.begin(), line.end(), field); it != std::sregex_iterator(); ++it) {
        const std::string label = (*it)[1];
        const std::string value = (*it)[2];
        if (label == "RequestId") {
            report.requestId = value;
        } else if (label == "Duration") {
            report.durationMs = number(value);
            haveDuration = true;
        } else if (label == "Billed Duration") {
            report.billedDurationMs = number(value);
        } else if (label == "Init Duration") {
            report.initDurationMs = number(value);
        } else if (label == "Memory Size") {
            report.memorySizeMb = static_cast<int>(number(value));
        } else if (label == "Max Memory Used") {
            report.maxMemoryUsedMb = static_cast<int>(number(value));
        }
    }
    if (!haveDuration)
        return std::nullopt;
    return report;
}

transport::LambdaInvocation lambdaInvocation(const std::vector<std::pair<std::string, std::string>> &responseHeaders)
{
    transport::LambdaInvocation invocation;
    for (const auto &[name, value] : responseHeaders) {
        const std::string lower = lowerCase(name);
        if (lower == "x-amz-function-error") {
            invocation.functionError = value;
        } else if (lower == "x-amz-executed-version") {
            invocation.executedVersion = value;
        } else if (lower == "x-amz-log-result") {
            const auto decoded = QByteArray::fromBase64Encoding(QByteArray::fromStdString(value),
                                                                QByteArray::AbortOnBase64DecodingErrors);
            // Not base64: kept as is, so a person can still see what the emulator sent.
            invocation.logTail = decoded ? decoded.decoded.toStdString() : value;
        }
    }
    invocation.report = parseReportLine(invocation.logTail);
    return invocation;
}

} // namespace fhw::aws
