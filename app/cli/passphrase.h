#pragma once

#include "secrets/securebuffer.h"
#include "secrets/tokendecryptor.h"

#include <QString>

#include <expected>
#include <optional>
#include <string>

namespace fhw::cli {

// Where a passphrase comes from on the command line: a file descriptor the caller opened
// (--passphrase-fd N, for scripts: `3< file` or a pipe), else the terminal with echo off. Never an
// argument or an environment variable, which other processes can read.
struct PassphraseSource
{
    std::optional<int> fd;
};

// Reads one line (without its newline) from the source. `prompt` is shown on the terminal only.
// An error says why nothing could be read (no terminal and no --passphrase-fd, a closed fd...).
std::expected<secrets::SecureBuffer, std::string> readPassphrase(const PassphraseSource &source, const QString &prompt);

// Reads it twice from the terminal and insists they match (for a new key); once from an fd.
std::expected<secrets::SecureBuffer, std::string> readNewPassphrase(const PassphraseSource &source);

// What became of the passphrases a provider handed out, for the caller's message.
struct PassphraseOutcome
{
    std::string problem; // why none could be read (no terminal, a closed fd...)
    bool rejected = false; // gpg said one it was given was wrong
};

// A provider for TokenDecryptor: from an fd, the one passphrase in it (a retry after a bad one gets
// nothing: the caller reports the bad passphrase instead of asking again); from the terminal, a fresh
// prompt each time.
secrets::PassphraseProvider passphraseProvider(const PassphraseSource &source, PassphraseOutcome *outcome);

} // namespace fhw::cli
