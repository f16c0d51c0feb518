#pragma once

#include "submission/bundle.h"

#include <QString>

#include <optional>
#include <vector>

namespace fhw::gui {

// The worker side of "Export…" (no widgets; runs in the Submission panel's pool).

// The tokens in the keychain (secrets::TokenStore, index in `tokenIndexDirectory`; empty = default), read so
// the bundle can refuse any of them. When the keychain cannot be asked, none, and `note` says why.
std::vector<submission::KnownToken> keychainTokens(const QString &tokenIndexDirectory, QString *note);

struct BundleExportResult
{
    QString path;
    std::optional<Error> refusal; // why nothing was written (buildBundle's and writeBundle's codes)
    bool forced = false;          // written past a blocking checklist, with a confirmation
    int tokensChecked = 0;        // keychain tokens looked for
    QString keychainNote;         // why the keychain's tokens could not be looked for
};

// Adds the keychain's tokens to inputs.knownTokens, writes the bundle atomically, and wipes the tokens.
BundleExportResult exportBundle(submission::BundleInputs inputs, const QString &path, const QString &tokenIndexDirectory);

// One paragraph for people: the files checked against the manifest, or the problems.
QString verificationText(const std::expected<submission::BundleVerification, Error> &verification);

} // namespace fhw::gui
