#pragma once

#include "httpsender.h"

#include <string>
#include <string_view>

namespace fhw::transport {

// The send as a POSIX shell command running curl, for "Copy as curl": the same URL, the headers
// mParticle sends (requestHeaders(); "Expect:" keeps curl from adding its own) and the body. The
// token is redacted ("Token ••••abcd") unless revealToken.
//
// A short single-line body goes in `--data-raw '…'`; anything else (line breaks, or more than
// curlInlineBodyLimit bytes: Linux refuses a single argument over 128 KiB) is fed on standard input
// by a quoted here-document (`--data-binary @- <<'JSON'`), in which the shell expands nothing. A
// here-document ends with a line break, so a body that does not is sent with one added (JSON
// ignores it). The delimiter changes when a line of the body would end the here-document early.
// verifyTls off adds --insecure; a caFile adds --cacert.
std::string curlCommand(const SendRequest &request, bool revealToken);

// `text` in single quotes for a POSIX shell: every ' becomes '\''.
std::string shellQuote(std::string_view text);

inline constexpr std::size_t curlInlineBodyLimit = 8 * 1024;

} // namespace fhw::transport
