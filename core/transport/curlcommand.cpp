#include "curlcommand.h"

namespace fhw::transport {

namespace {

// True when some line of `body` is exactly `delimiter` (it would end the here-document there).
bool hasLine(std::string_view body, std::string_view delimiter)
{
    std::size_t start = 0;
    while (start <= body.size()) {
        std::size_t end = body.find('\n', start);
        if (end == std::string_view::npos)
            end = body.size();
        if (body.substr(start, end - start) == delimiter)
            return true;
        start = end + 1;
    }
    return false;
}

std::string hereDocumentDelimiter(std::string_view body)
{
    std::string delimiter = "JSON";
    for (int n = 1; hasLine(body, delimiter); ++n)
        delimiter = "JSON_" + std::to_string(n);
    return delimiter;
}

} // namespace

std::string shellQuote(std::string_view text)
{
    std::string quoted;
    quoted.reserve(text.size() + 2);
    quoted += '\'';
    for (const char c : text) {
        if (c == '\'')
            quoted += "'\\''";
        else
            quoted += c;
    }
    quoted += '\'';
    return quoted;
}

std::string curlCommand(const SendRequest &request, bool revealToken)
{
    std::string command = "curl -X POST " + shellQuote(request.target.urlFor(request.type));
    for (const auto &[name, value] : requestHeaders(request, revealToken)) {
        // "Name:" with nothing after it tells curl to send no such header, as the sender does.
        command += " -H " + shellQuote(value.empty() ? name + ":" : name + ": " + value);
    }
    if (!request.options.verifyTls)
        command += " --insecure";
    if (!request.options.caFile.empty())
        command += " --cacert " + shellQuote(request.options.caFile);

    const std::string_view body = request.body;
    const bool inlineBody = body.size() <= curlInlineBodyLimit && body.find('\n') == std::string_view::npos
                            && body.find('\0') == std::string_view::npos;
    if (inlineBody) {
        command += " --data-raw " + shellQuote(body);
        return command;
    }
    const std::string delimiter = hereDocumentDelimiter(body);
    command.reserve(command.size() + body.size() + 2 * delimiter.size() + 32);
    command += " --data-binary @- <<'" + delimiter + "'\n";
    command += body;
    if (!body.ends_with('\n'))
        command += '\n';
    command += delimiter;
    return command;
}

} // namespace fhw::transport
