#pragma once

#include "endpoints.h"

#include "common/error.h"
#include "protocol/finding.h"
#include "protocol/json.h"

#include <expected>
#include <map>
#include <optional>
#include <string>

namespace fhw::submission {

// The questions mParticle asks a partner who wants a Cookie Sync integration (DOCS-OUT, "Cookie Sync",
// in shared/outbound-integrations.txt), as a form. A yes/no that is not answered yet is nullopt.
struct CookieSyncAnswers
{
    static constexpr int defaultFrequencyDays = 14;

    std::string endpointUrl;                        // the URL mParticle calls on the partner's site; https
    std::optional<bool> provideRedirectUrl;         // should mParticle pass a redirect URL in the pixel call?
    std::optional<bool> separateUrlsPerDataCenter;  // should mParticle register a URL per data centre?
    std::map<Pod, std::string> dataCenterUrls;      // those URLs, when yes; https
    std::string partnerIdMacro;                     // the macro that carries the partner's ID, e.g. "${PARTNER_UID}"
    int frequencyDays = defaultFrequencyDays;       // how often to sync, in days (1..365)
    std::string extraParameters;                    // how extra parameters are echoed back to cookiesync.mparticle.com
    std::string redirectRequestExample;             // what the redirect request looks like
    std::optional<bool> accepts204;                 // will the partner accept an HTTP 204?
    std::optional<bool> errorCodesInRedirect;       // will the partner return error codes in the redirect URL?
    std::string errorCodes;                         // which, when yes
    std::string notes;

    // Anything answered beyond the defaults: the bundle holds cookie-sync.json only then.
    bool isFilled() const;
    friend bool operator==(const CookieSyncAnswers &, const CookieSyncAnswers &) = default;
};

// Findings with codes cookie-sync.url-missing, cookie-sync.https-required, cookie-sync.url-invalid,
// cookie-sync.macro-missing, cookie-sync.frequency (outside 1..365), cookie-sync.data-center-urls
// (yes without URLs, or URLs with no), cookie-sync.unanswered (warning: a yes/no left open),
// cookie-sync.redirect-host (warning: the example does not go to cookiesync.mparticle.com).
protocol::Findings checkCookieSync(const CookieSyncAnswers &answers);

// cookie-sync.json: {"format": "firehose-workbench/cookie-sync", "version": 1, "endpoint_url": ...,
// "provide_redirect_url": true|false|null, "separate_urls_per_data_center": ..., "data_center_urls": {"EU1": ...},
// "partner_id_macro": ..., "frequency_days": 14, "extra_parameters": ..., "redirect_request_example": ...,
// "accepts_http_204": ..., "error_codes_in_redirect": ..., "error_codes": ..., "notes": ...}.
// fromJson takes what toJson writes; a missing key keeps its default; a wrong type is "cookie-sync.format".
protocol::Json cookieSyncJson(const CookieSyncAnswers &answers);
std::expected<CookieSyncAnswers, Error> cookieSyncFromJson(const protocol::Json &json);

} // namespace fhw::submission
