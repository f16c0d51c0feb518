#pragma once

#include "common/error.h"

#include <expected>
#include <string>
#include <string_view>

namespace fhw::secrets {

// Turns what a user pastes, or what a mail client saved, into bytes gpg can decrypt.
//
// Binary OpenPGP data (an encrypted-message packet first) is returned unchanged. Text is searched for
// a "-----BEGIN PGP MESSAGE-----" block and rebuilt as clean ASCII armor, tolerating what mail
// clients and copy/paste do to it: CRLF or CR line endings, text before and after the block,
// quoted-printable encoding (soft line breaks, "=3D"), "> " quoting (nested too), indentation,
// blank lines inside the base64, a missing blank line after the armor headers, trailing whitespace.
// The armor checksum is verified here, so a damaged copy is reported before gpg sees it.
//
// Errors: "pgp.not-a-message" (no message block; says so specifically when the input is a public
// key, a private key or a signed-only message) and "pgp.corrupt" (a block that is truncated, has
// characters that are not base64, or whose checksum does not match).
std::expected<std::string, Error> extractOpenPgpMessage(std::string_view input);

} // namespace fhw::secrets
