#pragma once

// File helpers shared by Workspace and HistoryStore (private to core/workspace).

#include "common/error.h"
#include "protocol/json.h"

#include <QString>

#include <expected>
#include <string>
#include <string_view>

namespace fhw::workspace::detail {

// Writes `bytes` to `path` with QSaveFile: a temporary file beside it, renamed over `path` only once
// complete, so a crash or SIGKILL at any moment leaves either the previous file or the new one.
std::expected<void, Error> writeFileAtomically(const QString &path, std::string_view bytes,
                                               const std::string &errorCode);

// The whole file, refusing more than maxBytes. `missingCode` for a file that does not exist.
std::expected<std::string, Error> readWholeFile(const QString &path, std::size_t maxBytes,
                                                const std::string &missingCode, const std::string &errorCode);

// Pretty JSON the way every workspace file is written: 2-space indent, UTF-8 as is (invalid UTF-8
// replaced rather than thrown on), a trailing newline.
std::string prettyJson(const protocol::Json &document);

// QSaveFile temporaries ("<name>.XXXXXX", name matching the glob) that a killed process left behind
// in `dir`, older than a minute (a younger one may belong to a save in progress). Removed; returns
// how many. (On Linux QSaveFile writes an unnamed O_TMPFILE and names it only to rename it, so there
// is rarely anything to remove.)
int removeStaleTemporaries(const QString &dir, const QString &fileNameGlob);

QString nativePath(const QString &path);
std::string nativePathUtf8(const QString &path);

} // namespace fhw::workspace::detail
