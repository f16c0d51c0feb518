#include "cookiesync.h"

#include "jsonaccess_p.h"

#include <QUrl>

namespace fhw::submission {

using protocol::Finding;
using protocol::Json;
using protocol::Severity;

namespace {

constexpr std::string_view format = "firehose-workbench/cookie-sync";

// Tolerant: partners' sync URLs carry macros ({REDIRECT}, ${UID}) that strict parsing refuses.
void checkHttpsUrl(const std::string &url, const std::string &pointer, protocol::Findings &out)
{
    const QUrl parsed(QString::fromStdString(url), QUrl::TolerantMode);
    if (!parsed.isValid() || parsed.isRelative() || parsed.host().isEmpty())
        out.push_back({Severity::Error, pointer, "cookie-sync.url-invalid", "'" + url + "' is not an absolute URL"});
    else if (parsed.scheme() != QLatin1String("https"))
        out.push_back({Severity::Error, pointer, "cookie-sync.https-required", "'" + url + "' must be https"});
}

Json optionalBool(const std::optional<bool> &value)
{
    return value ? Json(*value) : Json(nullptr);
}

} // namespace

bool CookieSyncAnswers::isFilled() const
{
    return *this != CookieSyncAnswers{};
}

protocol::Findings checkCookieSync(const CookieSyncAnswers &answers)
{
    protocol::Findings out;
    if (answers.endpointUrl.empty())
        out.push_back({Severity::Error, "/endpoint_url", "cookie-sync.url-missing", "the partner endpoint URL is missing"});
    else
        checkHttpsUrl(answers.endpointUrl, "/endpoint_url", out);
    if (answers.partnerIdMacro.empty()) {
        out.push_back({Severity::Error, "/partner_id_macro", "cookie-sync.macro-missing",
                       "the macro that carries the partner ID is missing"});
    }
    if (answers.frequencyDays < 1 || answers.frequencyDays > 365) {
        out.push_back({Severity::Error, "/frequency_days", "cookie-sync.frequency",
                       "the sync frequency must be 1 to 365 days (mParticle's default is 14)"});
    }
    if (answers.separateUrlsPerDataCenter.value_or(false) && answers.dataCenterUrls.empty()) {
        out.push_back({Severity::Error, "/data_center_urls", "cookie-sync.data-center-urls",
                       "separate URLs per data centre, but none is given"});
    }
    if (!answers.separateUrlsPerDataCenter.value_or(false) && !answers.dataCenterUrls.empty()) {
        out.push_back({Severity::Error, "/data_center_urls", "cookie-sync.data-center-urls",
                       "URLs per data centre are given, but the answer to 'separate URLs per data centre' is not yes"});
    }
    for (const auto &[pod, url] : answers.dataCenterUrls)
        checkHttpsUrl(url, "/data_center_urls/" + std::string(podName(pod)), out);
    const std::pair<const std::optional<bool> *, const char *> questions[] = {
        {&answers.provideRedirectUrl, "provide_redirect_url"},
        {&answers.separateUrlsPerDataCenter, "separate_urls_per_data_center"},
        {&answers.accepts204, "accepts_http_204"},
        {&answers.errorCodesInRedirect, "error_codes_in_redirect"},
    };
    for (const auto &[answer, key] : questions) {
        if (!answer->has_value()) {
            out.push_back({Severity::Warning, std::string("/") + key, "cookie-sync.unanswered",
                           std::string(key) + " is not answered yet"});
        }
    }
    if (!answers.redirectRequestExample.empty()
        && answers.redirectRequestExample.find("cookiesync.mparticle.com") == std::string::npos) {
        out.push_back({Severity::Warning, "/redirect_request_example", "cookie-sync.redirect-host",
                       "the redirect example does not go to cookiesync.mparticle.com"});
    }
    return out;
}

Json cookieSyncJson(const CookieSyncAnswers &answers)
{
    Json urls = Json::object();
    for (const auto &[pod, url] : answers.dataCenterUrls)
        urls[std::string(podName(pod))] = url;
    Json out = Json::object();
    out["format"] = format;
    out["version"] = 1;
    out["endpoint_url"] = answers.endpointUrl;
    out["provide_redirect_url"] = optionalBool(answers.provideRedirectUrl);
    out["separate_urls_per_data_center"] = optionalBool(answers.separateUrlsPerDataCenter);
    out["data_center_urls"] = std::move(urls);
    out["partner_id_macro"] = answers.partnerIdMacro;
    out["frequency_days"] = answers.frequencyDays;
    out["extra_parameters"] = answers.extraParameters;
    out["redirect_request_example"] = answers.redirectRequestExample;
    out["accepts_http_204"] = optionalBool(answers.accepts204);
    out["error_codes_in_redirect"] = optionalBool(answers.errorCodesInRedirect);
    out["error_codes"] = answers.errorCodes;
    out["notes"] = answers.notes;
    return out;
}

std::expected<CookieSyncAnswers, Error> cookieSyncFromJson(const Json &json)
{
    const auto fail = [](std::string message) {
        return std::unexpected(Error{"cookie-sync.format", std::move(message)});
    };
    if (!json.is_object())
        return fail("the Cookie Sync answers must be a JSON object");
    if (const Json *declared = detail::memberAt(json, "format"); declared && *declared != format)
        return fail("not a Cookie Sync answers file (format " + std::string(format) + ")");
    if (const Json *version = detail::memberAt(json, "version"); version && *version != 1)
        return fail("unsupported Cookie Sync answers version");

    CookieSyncAnswers answers;
    const std::pair<std::string *, const char *> texts[] = {
        {&answers.endpointUrl, "endpoint_url"},   {&answers.partnerIdMacro, "partner_id_macro"},
        {&answers.extraParameters, "extra_parameters"}, {&answers.redirectRequestExample, "redirect_request_example"},
        {&answers.errorCodes, "error_codes"},     {&answers.notes, "notes"},
    };
    for (const auto &[field, key] : texts) {
        if (const Json *value = detail::memberAt(json, key); value && !value->is_null()) {
            if (!value->is_string())
                return fail(std::string(key) + " must be a string");
            *field = value->get<std::string>();
        }
    }
    const std::pair<std::optional<bool> *, const char *> flags[] = {
        {&answers.provideRedirectUrl, "provide_redirect_url"},
        {&answers.separateUrlsPerDataCenter, "separate_urls_per_data_center"},
        {&answers.accepts204, "accepts_http_204"},
        {&answers.errorCodesInRedirect, "error_codes_in_redirect"},
    };
    for (const auto &[field, key] : flags) {
        if (const Json *value = detail::memberAt(json, key); value && !value->is_null()) {
            if (!value->is_boolean())
                return fail(std::string(key) + " must be true, false or null");
            *field = value->get<bool>();
        }
    }
    if (const Json *days = detail::memberAt(json, "frequency_days"); days && !days->is_null()) {
        if (!days->is_number_integer() || days->get<long long>() < -1'000'000 || days->get<long long>() > 1'000'000)
            return fail("frequency_days must be a whole number of days");
        answers.frequencyDays = days->get<int>();
    }
    if (const Json *urls = detail::memberAt(json, "data_center_urls"); urls && !urls->is_null()) {
        if (!urls->is_object())
            return fail("data_center_urls must be an object of data centre to URL");
        for (const auto &[name, url] : urls->items()) {
            const auto pod = podFromName(name);
            if (!pod || !url.is_string())
                return fail("data_center_urls: unknown data centre '" + name + "' or a URL that is not a string");
            answers.dataCenterUrls[*pod] = url.get<std::string>();
        }
    }
    return answers;
}

} // namespace fhw::submission
