#include "bundle.h"

#include "bundlezip_p.h"
#include "digest_p.h"
#include "jsonaccess_p.h"
#include "publickey.h"
#include "registrationexport.h"

#include "protocol/parse.h"

#include <QFile>
#include <QSaveFile>
#include <QString>

namespace fhw::submission {

using namespace detail;
using protocol::Json;

namespace {

constexpr std::string_view manifestName = "manifest.json";
constexpr std::string_view manifestFormat = "firehose-workbench/submission-bundle";
constexpr std::size_t maxBundleBytes = 256u * 1024u * 1024u;

bool isRegistration(const Json &registration)
{
    return registration.is_object() && stringAt(registration, "type") == "module_registration_response";
}

bool isForced(const BundleInputs &inputs, const std::vector<ChecklistItem> &checklist)
{
    return inputs.forceConfirmation && std::ranges::any_of(checklist, &ChecklistItem::blocksExport);
}

// Every file but the manifest, in the bundle's fixed order.
std::vector<BundleFile> contentFiles(const BundleInputs &inputs)
{
    std::vector<BundleFile> files;
    if (isRegistration(inputs.registration)) {
        const protocol::Findings findings = reviewRegistration(inputs.registration);
        files.push_back({"registration.json", registrationJsonText(inputs.registration)});
        files.push_back({"registration.md", registrationMarkdown(inputs.registration, findings)});
        files.push_back({"registration.html", registrationHtml(inputs.registration, findings)});
    }
    const auto addIfAny = [&files](std::string name, const std::string &bytes) {
        if (!bytes.empty())
            files.push_back({std::move(name), bytes});
    };
    addIfAny("logo.svg", inputs.logo.svg);
    addIfAny("logo-on-white.png", inputs.logo.previewOnWhite);
    addIfAny("logo-on-dark.png", inputs.logo.previewOnDark);
    if (std::ranges::any_of(inputs.endpoints, [](const auto &entry) { return !entry.second.empty(); }))
        files.push_back({"endpoints.json", endpointsJson(inputs.endpoints).dump(2) + "\n"});
    addIfAny("pgp-public-key.asc", inputs.publicKey);
    addIfAny("conformance-report.json", inputs.conformanceJson.value_or(""));
    addIfAny("conformance-report.junit.xml", inputs.conformanceJUnit.value_or(""));
    addIfAny("latency-report.json", inputs.latencyJson.value_or(""));
    if (inputs.cookieSync && inputs.cookieSync->isFilled())
        files.push_back({"cookie-sync.json", cookieSyncJson(*inputs.cookieSync).dump(2) + "\n"});
    return files;
}

Json manifestJson(const BundleInputs &inputs, const std::vector<BundleFile> &files,
                  const std::vector<ChecklistItem> &checklist)
{
    Json manifest = Json::object();
    manifest["format"] = manifestFormat;
    manifest["version"] = 1;
    manifest["tool"] = inputs.toolVersion;
    manifest["integration"] = {{"name", stringAt(inputs.registration, "name")},
                               {"version", scalarAt(inputs.registration, "version")}};
    Json fileList = Json::array();
    for (const BundleFile &file : files)
        fileList.push_back({{"name", file.name}, {"size", file.bytes.size()}, {"sha256", sha256Hex(file.bytes)}});
    manifest["files"] = std::move(fileList);

    Json checks = Json::array();
    Json passed = Json::array(), failed = Json::array(), notRun = Json::array();
    for (const ChecklistItem &item : checklist) {
        checks.push_back({{"id", item.id}, {"title", item.title}, {"status", checkStatusName(item.status)},
                          {"required", item.required}, {"details", item.details}});
        if (item.blocksExport())
            failed.push_back(item.id);
        else if (item.status == CheckStatus::Pass || item.status == CheckStatus::Warn)
            passed.push_back(item.id);
        else
            notRun.push_back(item.id);
    }
    manifest["checks"] = std::move(checks);
    manifest["passed"] = std::move(passed);
    manifest["failed"] = std::move(failed);
    manifest["not_run"] = std::move(notRun);
    if (const auto key = checkArmoredPublicKey(inputs.publicKey))
        manifest["public_key"] = {{"fingerprint", key->fingerprint}, {"user_id", key->userId}};
    if (!inputs.logo.report.is_null())
        manifest["logo_report"] = inputs.logo.report;
    const bool forced = isForced(inputs, checklist);
    manifest["forced"] = forced;
    if (forced)
        manifest["force_confirmation"] = *inputs.forceConfirmation;
    return manifest;
}

std::vector<BundleFile> filesWithManifest(const BundleInputs &inputs, const std::vector<ChecklistItem> &checklist)
{
    std::vector<BundleFile> files = contentFiles(inputs);
    const Json manifest = manifestJson(inputs, files, checklist);
    files.push_back({std::string(manifestName), manifest.dump(2, ' ', false, Json::error_handler_t::replace) + "\n"});
    return files;
}

std::string lines(const std::vector<std::string> &items)
{
    std::string out;
    for (const std::string &item : items)
        out += "\n  " + item;
    return out;
}

} // namespace

std::vector<BundleFile> bundleFiles(const BundleInputs &inputs)
{
    return filesWithManifest(inputs, bundleChecklist(inputs));
}

std::vector<SecretProblem> bundleSecrets(const BundleInputs &inputs)
{
    std::vector<SecretProblem> problems;
    for (const BundleFile &file : bundleFiles(inputs)) {
        for (SecretProblem &problem : scanForSecrets(file.name, file.bytes, inputs.knownTokens))
            problems.push_back(std::move(problem));
    }
    for (SecretProblem &problem : confidentialDefaults("registration.json", inputs.registration))
        problems.push_back(std::move(problem));
    return problems;
}

std::expected<std::string, Error> buildBundle(const BundleInputs &inputs)
{
    if (!isRegistration(inputs.registration))
        return std::unexpected(Error{"bundle.registration-missing", "refused: no module_registration_response to bundle"});
    if (inputs.forceConfirmation && inputs.forceConfirmation->find_first_not_of(" \t\r\n") == std::string::npos)
        return std::unexpected(Error{"bundle.confirmation-empty",
                                     "refused: exporting past failed checks needs a confirmation in words"});

    const std::vector<ChecklistItem> checklist = bundleChecklist(inputs);
    const std::vector<BundleFile> files = filesWithManifest(inputs, checklist);

    std::vector<std::string> secrets;
    for (const BundleFile &file : files) {
        for (const SecretProblem &problem : scanForSecrets(file.name, file.bytes, inputs.knownTokens))
            secrets.push_back(problem.file + ": " + problem.reason);
    }
    for (const SecretProblem &problem : confidentialDefaults("registration.json", inputs.registration))
        secrets.push_back(problem.file + ": " + problem.reason);
    if (!secrets.empty()) {
        return std::unexpected(Error{"bundle.secret", "refused: a secret is among the inputs (this cannot be forced):"
                                                          + lines(secrets)});
    }

    std::vector<std::string> failing;
    for (const ChecklistItem &item : checklist) {
        if (item.blocksExport()) {
            failing.push_back(item.id + ": " + std::string(checkStatusName(item.status))
                              + (item.details.empty() ? std::string() : " — " + item.details.front()));
        }
    }
    if (!failing.empty() && !inputs.forceConfirmation) {
        return std::unexpected(Error{"bundle.checks-failed", "refused: the checklist is not clean (export anyway only "
                                                             "with a confirmation):" + lines(failing)});
    }

    std::vector<ZipEntry> entries;
    for (const BundleFile &file : files)
        entries.push_back({file.name, file.bytes, file.name.ends_with(".png")});
    return writeZip(entries);
}

std::expected<void, Error> writeBundle(const BundleInputs &inputs, const std::filesystem::path &path)
{
    auto zip = buildBundle(inputs);
    if (!zip)
        return std::unexpected(zip.error());
    QSaveFile file(QString::fromStdString(path.string()));
    if (!file.open(QIODevice::WriteOnly) || file.write(zip->data(), qint64(zip->size())) != qint64(zip->size())
        || !file.commit())
        return std::unexpected(Error{"bundle.write", path.string() + ": " + file.errorString().toStdString()});
    return {};
}

std::expected<BundleVerification, Error> verifyBundleBytes(std::string_view zip)
{
    auto entries = readZip(zip);
    if (!entries)
        return std::unexpected(Error{"bundle.verify", entries.error().message});
    const auto manifestEntry = std::ranges::find(*entries, manifestName, &ZipEntry::name);
    if (manifestEntry == entries->end())
        return std::unexpected(Error{"bundle.verify", "no manifest.json in the archive"});
    auto manifest = protocol::parseJson(manifestEntry->bytes);
    if (!manifest || stringAt(*manifest, "format") != manifestFormat || !arrayAt(*manifest, "files"))
        return std::unexpected(Error{"bundle.verify", "manifest.json is not a submission bundle manifest"});

    BundleVerification result;
    std::vector<std::string> listed;
    for (const Json &file : *arrayAt(*manifest, "files")) {
        const std::string name = stringAt(file, "name");
        listed.push_back(name);
        const auto entry = std::ranges::find(*entries, name, &ZipEntry::name);
        if (name.empty() || name == manifestName) {
            result.problems.push_back("the manifest lists '" + name + "', which cannot be a bundle file");
        } else if (entry == entries->end()) {
            result.problems.push_back(name + ": listed in the manifest but not in the archive");
        } else if (const Json *size = memberAt(file, "size"); !size || !size->is_number_unsigned()
                                                                 || size->get<std::uint64_t>() != entry->bytes.size()) {
            result.problems.push_back(name + ": the size does not match the manifest");
        } else if (stringAt(file, "sha256") != sha256Hex(entry->bytes)) {
            result.problems.push_back(name + ": the SHA-256 does not match the manifest");
        } else {
            result.checkedFiles.push_back(name);
        }
    }
    for (const ZipEntry &entry : *entries) {
        const bool known = entry.name == manifestName || std::ranges::find(listed, entry.name) != listed.end();
        if (!known)
            result.problems.push_back(entry.name + ": in the archive but not in the manifest");
        if (std::ranges::count(*entries, entry.name, &ZipEntry::name) > 1)
            result.problems.push_back(entry.name + ": in the archive more than once");
    }
    result.manifest = std::move(*manifest);
    return result;
}

std::expected<BundleVerification, Error> verifyBundle(const std::filesystem::path &path)
{
    auto bytes = protocol::readFileCapped(path, maxBundleBytes);
    if (!bytes)
        return std::unexpected(Error{"bundle.verify", bytes.error().message});
    return verifyBundleBytes(*bytes);
}

} // namespace fhw::submission
