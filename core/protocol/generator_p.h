#pragma once

// Private to the generator: its seeded PRNG, the fictional world it draws from, and the builders
// shared by generator.cpp, generatorevents.cpp and generatorruntime.cpp.

#include "catalog.h"
#include "json.h"
#include "messagetype.h"

#include <array>
#include <bit>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace fhw::protocol::detail {

// xoshiro256** seeded through splitmix64. Our own integer→range mapping (rejection sampling) so the
// same seed gives the same numbers with every compiler and standard library; the std distributions
// are implementation-defined and would break "same options → same bytes".
class Rng
{
public:
    explicit Rng(std::uint64_t seed)
    {
        for (std::uint64_t &word : m_state)
            word = splitMix64(seed);
    }

    std::uint64_t next()
    {
        const std::uint64_t result = std::rotl(m_state[1] * 5, 7) * 9;
        const std::uint64_t t = m_state[1] << 17;
        m_state[2] ^= m_state[0];
        m_state[3] ^= m_state[1];
        m_state[1] ^= m_state[2];
        m_state[0] ^= m_state[3];
        m_state[2] ^= t;
        m_state[3] = std::rotl(m_state[3], 45);
        return result;
    }

    // Uniform in [0, bound). Rejects the top sliver of 2^64 that modulo would bias.
    std::uint64_t below(std::uint64_t bound)
    {
        if (bound <= 1)
            return 0;
        const std::uint64_t threshold = (0 - bound) % bound;
        for (;;) {
            const std::uint64_t x = next();
            if (x >= threshold)
                return x % bound;
        }
    }

    // Uniform in [lo, hi], both inclusive.
    std::int64_t between(std::int64_t lo, std::int64_t hi)
    {
        const std::uint64_t span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo) + 1;
        if (span == 0)
            return static_cast<std::int64_t>(next());
        return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + below(span));
    }

    bool chance(int percent) { return below(100) < static_cast<std::uint64_t>(percent); }

    // A decimal with `decimals` places in [lo, hi] (given in units of 10^-decimals). Built from an
    // integer so the double, and so its JSON text, is the same everywhere.
    double decimal(std::int64_t lo, std::int64_t hi, int decimals)
    {
        return scaled(between(lo, hi), decimals);
    }

    template<typename T>
    const T &pick(std::span<const T> values)
    {
        return values[static_cast<std::size_t>(below(values.size()))];
    }
    template<typename T, std::size_t N>
    const T &pick(const std::array<T, N> &values)
    {
        return values[static_cast<std::size_t>(below(N))];
    }

    // An independent stream, so that a new draw in one part of a message does not shift the rest.
    Rng fork() { return Rng(next()); }

    std::string uuid();                 // version-4 shaped, lower-case canonical
    std::string hex(int digits);        // lower-case
    std::string digits(int count);      // first digit non-zero
    std::string alphanumeric(int count); // lower-case letters and digits

    static double scaled(std::int64_t value, int decimals);

private:
    static std::uint64_t splitMix64(std::uint64_t &x)
    {
        std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

    std::array<std::uint64_t, 4> m_state{};
};

// Every timestamp is this (2026-01-01T00:00:00Z) plus seeded offsets: no clock, so no drift.
inline constexpr std::int64_t baseEpochMs = 1'767'225'600'000;
inline constexpr std::int64_t hourMs = 3'600'000;
inline constexpr std::int64_t dayMs = 24 * hourMs;

// The fictional partner every registration and request is about.
inline constexpr std::string_view partnerName = "Acme Analytics";
inline constexpr std::string_view partnerIdentityType = "AcmeAnalytics_UserId";
inline constexpr std::string_view pushProviderId = "acme";

// Compile-time proof that a literal we use is one of the catalog's wire strings.
template<std::size_t N>
consteval bool inCatalog(const std::array<std::string_view, N> &values, std::string_view value)
{
    for (std::string_view candidate : values) {
        if (candidate == value)
            return true;
    }
    return false;
}

// The user identity types the partner registers, each with the encoding it asked for. Requests send
// exactly these, so a request never carries an identity its registration did not grant.
struct IdentityRule
{
    std::string_view type;
    std::string_view encoding;
};
inline constexpr std::array userIdentityRules{
    IdentityRule{"customer", "raw"},    IdentityRule{"email", "sha256"},  IdentityRule{"mobile_number", "sha256"},
    IdentityRule{"google", "raw"},      IdentityRule{"facebook", "md5"},  IdentityRule{"microsoft", "sha1"},
    IdentityRule{"other", "raw"},       IdentityRule{"other2", "raw"},
};
consteval bool userIdentityRulesValid()
{
    for (const IdentityRule &rule : userIdentityRules) {
        if (!inCatalog(catalog::userIdentityTypes, rule.type) || !inCatalog(catalog::identityEncodings, rule.encoding))
            return false;
    }
    return true;
}
static_assert(userIdentityRulesValid());

struct City
{
    std::string_view name, state, zip, country; // country: ISO 3166 alpha-2
    std::string_view dialCode;
    std::string_view timezone;
    int utcOffsetHours; // in January and February, when every generated message is dated
    bool dstInJanuary;  // southern summer: the web runtime's is_dst
    int latitudeE4, longitudeE4;
    std::string_view language, currency, carrier, mcc, mnc;
};

struct Person
{
    std::string firstName, lastName, gender, email, phone, customerId, partnerUserId, mpid;
    std::string googleId, facebookId, loyaltyId, crmId; // raw values behind the other user identities
    int age = 0;
    const City *city = nullptr;
};

// The mParticle customer whose app produced the data.
struct App
{
    std::string_view name, company, package, version, scheme;
};

// What the runtime environment decided and the events need to agree with.
struct Runtime
{
    Json json;
    std::string pushToken;
    std::string_view inputName; // "iOS", "Android", ... as platform_fields.input_name
};

struct EventContext
{
    const Person &person;
    const App &app;
    const Runtime &runtime;
    const Json &userAttributes; // the batch's user_attributes, so attribute changes agree with them
    std::string_view runtimeType;
    std::string_view currency;
    std::int64_t sessionId = 0;
    std::int64_t startMs = 0;
};

struct EventBatch
{
    Json events = Json::array();
    std::int64_t lastMs = 0;
};

// generatorruntime.cpp: who sends, and from what
Person makePerson(Rng &rng);
const App &pickApp(Rng &rng);
Json identity(std::string_view type, std::string_view encoding, std::string_view value);
Json userIdentity(const IdentityRule &rule, const Person &person);
// Several of the registered user identities, always customer and email, hashed ones really hashed.
Json userIdentities(Rng &rng, const Person &person);
Runtime makeRuntime(Rng &rng, std::string_view type, const Person &person, const App &app, std::int64_t startMs);
// A Firebase-style push registration token.
std::string fcmToken(Rng &rng, int length);
// The device identities a platform carries (empty for platforms without any in the catalog).
Json deviceIdentities(Rng &rng, std::string_view runtimeType);

// generatorevents.cpp: what happened
EventBatch makeEvents(Rng &rng, const EventContext &context, int count);
struct ConsentHistory
{
    Json state;                          // consent_state
    Json notifications = Json::array(); // system_notifications
};
ConsentHistory makeConsent(Rng &rng, std::int64_t startMs);

} // namespace fhw::protocol::detail
