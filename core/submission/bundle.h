#pragma once

#include "cookiesync.h"
#include "endpoints.h"
#include "secretscan.h"

#include "common/error.h"
#include "protocol/json.h"

#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fhw::submission {

// The one zip a partner sends mParticle for review (issue 7 §4): registration.json/.md/.html, the logo and
// its previews, endpoints.json, pgp-public-key.asc, the readiness reports when run, cookie-sync.json when
// filled, and manifest.json (every file with its size and SHA-256, the tool version, the checklist, and
// whether the export was forced). Deterministic: the same inputs give the same bytes.

enum class CheckStatus {
    Pass,
    Warn,    // passes, with something to look at
    Fail,
    Missing, // a required input was not given
    NotRun,  // an optional report not given, or a check the caller did not run
};
std::string_view checkStatusName(CheckStatus status); // "pass", "warn", "fail", "missing", "not-run"

// The logo and the verdict of the logo check (core/submission/logocheck.h), which the caller runs: the
// bundle only carries the files and records the verdict.
struct LogoInputs
{
    std::string svg;            // logo.svg; empty = no logo
    std::string previewOnWhite; // PNG, logo-on-white.png; may be empty
    std::string previewOnDark;  // PNG, logo-on-dark.png; may be empty
    CheckStatus status = CheckStatus::NotRun; // Pass, Warn or Fail from the check
    std::vector<std::string> reasons;         // the check's findings, in words
    protocol::Json report;                    // the check's JSON report for the manifest; null = none
};

struct BundleInputs
{
    protocol::Json registration;                  // a module_registration_response; required
    LogoInputs logo;
    Endpoints endpoints;
    std::string publicKey;                        // armored PGP public key block
    std::optional<std::string> conformanceJson;   // `fhw check --json` report, as written
    std::optional<std::string> conformanceJUnit;  // its JUnit XML
    std::optional<std::string> latencyJson;       // `fhw load` JSON report
    std::optional<CookieSyncAnswers> cookieSync;  // included when isFilled()
    std::vector<KnownToken> knownTokens;          // none of these may appear in any file
    // Export although a checklist item fails: the person's words why, recorded in the manifest. Never
    // overrides a secret found in the inputs.
    std::optional<std::string> forceConfirmation;
    std::string toolVersion = "Firehose Workbench " FHW_VERSION;
};

struct ChecklistItem
{
    std::string id;    // "registration-review", "logo", "endpoints", "public-key", "conformance", "latency", "cookie-sync"
    std::string title;
    CheckStatus status = CheckStatus::NotRun;
    bool required = false;            // its file must be in the bundle
    std::vector<std::string> details; // why, in words (findings, reasons, counts)

    // Fail, Missing, or a required check not run: exporting needs a confirmation.
    bool blocksExport() const;
};

// What the window's Submission panel shows, in the order above. Cheap: no zip is made.
std::vector<ChecklistItem> bundleChecklist(const BundleInputs &inputs);

// Every secret among the inputs, by the bundle file it would be in (scanForSecrets on each file, manifest
// included, plus confidentialDefaults on the registration). Any of these refuses the export, forced or not.
std::vector<SecretProblem> bundleSecrets(const BundleInputs &inputs);

struct BundleFile
{
    std::string name;
    std::string bytes;
};

// The files in bundle order, manifest.json last; no checks applied.
std::vector<BundleFile> bundleFiles(const BundleInputs &inputs);

// The zip's bytes, after the checks. Errors, each naming the files or checks concerned:
// "bundle.registration-missing", "bundle.secret" (never overridable), "bundle.checks-failed" (unless
// forceConfirmation), "bundle.confirmation-empty" (a forced export with blank words), "bundle.zip".
std::expected<std::string, Error> buildBundle(const BundleInputs &inputs);

// buildBundle, then written atomically to `path` ("bundle.write" when it cannot be).
std::expected<void, Error> writeBundle(const BundleInputs &inputs, const std::filesystem::path &path);

struct BundleVerification
{
    protocol::Json manifest;
    std::vector<std::string> checkedFiles; // every file whose size and SHA-256 matched
    std::vector<std::string> problems;     // each in words, naming the file

    bool ok() const { return problems.empty() && !checkedFiles.empty(); }
};

// Reopens a bundle and checks every file against manifest.json (size, SHA-256), and that the archive holds
// nothing the manifest does not list. Errors ("bundle.verify") only when there is nothing to verify:
// unreadable file, not a zip, damaged entries, no manifest.
std::expected<BundleVerification, Error> verifyBundle(const std::filesystem::path &path);
std::expected<BundleVerification, Error> verifyBundleBytes(std::string_view zip);

} // namespace fhw::submission
