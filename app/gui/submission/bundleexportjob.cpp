#include "bundleexportjob.h"

#include "submissiontext.h"

#include "secrets/securebuffer.h"
#include "secrets/tokenstore.h"

#include <QCoreApplication>
#include <QDir>

namespace fhw::gui {

using submissiontext::fromStd;

namespace {

QString tr(const char *text, int n = -1)
{
    return QCoreApplication::translate("fhw::gui::SubmissionPanel", text, nullptr, n);
}

} // namespace

std::vector<submission::KnownToken> keychainTokens(const QString &tokenIndexDirectory, QString *note)
{
    std::vector<submission::KnownToken> tokens;
    secrets::TokenStore store(tokenIndexDirectory);
    store.setKeychainTimeout(std::chrono::seconds(5));
    auto listed = store.list();
    if (!listed) {
        *note = tr("The tokens in your keychain were not looked for (%1); the bundle was still checked for private keys "
                   "and credentials.").arg(fromStd(listed.error().message));
        return tokens;
    }
    QStringList unread;
    for (const secrets::TokenListing &listing : *listed) {
        if (!listing.inKeychain)
            continue;
        auto token = store.read(listing.metadata.name);
        if (!token) {
            unread << fromStd(listing.metadata.name);
            continue;
        }
        tokens.push_back({listing.metadata.name, std::move(*token)});
        secrets::wipe(*token); // what the move left behind
    }
    if (!unread.isEmpty())
        *note = tr("These tokens could not be read from the keychain, so the bundle was not checked for them: %1.")
                    .arg(unread.join(QStringLiteral(", ")));
    return tokens;
}

BundleExportResult exportBundle(submission::BundleInputs inputs, const QString &path, const QString &tokenIndexDirectory)
{
    BundleExportResult result;
    result.path = path;
    std::vector<submission::KnownToken> tokens = keychainTokens(tokenIndexDirectory, &result.keychainNote);
    result.tokensChecked = int(tokens.size());
    for (submission::KnownToken &token : tokens)
        inputs.knownTokens.push_back(std::move(token));
    result.forced = inputs.forceConfirmation.has_value()
                    && std::ranges::any_of(submission::bundleChecklist(inputs), &submission::ChecklistItem::blocksExport);
    auto written = submission::writeBundle(inputs, std::filesystem::path(path.toStdString()));
    if (!written)
        result.refusal = written.error();
    for (submission::KnownToken &token : inputs.knownTokens)
        secrets::wipe(token.value);
    for (submission::KnownToken &token : tokens)
        secrets::wipe(token.value);
    return result;
}

QString verificationText(const std::expected<submission::BundleVerification, Error> &verification)
{
    if (!verification)
        return tr("The bundle cannot be verified: %1").arg(fromStd(verification.error().message));
    if (verification->ok()) {
        return tr("Verified: %n file(s) match the manifest's sizes and SHA-256 checksums.", int(verification->checkedFiles.size()));
    }
    QStringList problems;
    for (const std::string &problem : verification->problems)
        problems << fromStd(problem);
    if (problems.isEmpty())
        problems << tr("the manifest lists no files");
    return tr("The bundle does not match its manifest:\n%1").arg(problems.join(u'\n'));
}

} // namespace fhw::gui
