#include "retrypolicy.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <random>

// The defaults (RetrySettings in retrypolicy.h), and why:
//
// - maxAttempts 5 (the first try and 4 retries). mParticle says only that it retries "a limited number
//   of times" (DOCS-OUT); 5 shows whether an endpoint recovers from a blip without turning one send
//   into minutes of waiting.
// - base 100 ms, factor 2: the retries come after 100, 200, 400 and 800 ms (1.5 s of back-off in
//   all). 100 ms is the response budget mParticle asks for, so no retry lands sooner than one budget
//   after a failure, and a whole retry sequence fits in a couple of seconds of an interactive session.
// - cap 10 s: once maxAttempts is raised (say to 10) the doubling would reach 25 s and more; a capped
//   delay keeps a long run moving while still backing off a struggling endpoint.
// - jitter 0.2 (±20 %, drawn uniformly): spreads the retries of many concurrent sends so they do not
//   return in lockstep to an endpoint that is just recovering, while each delay stays recognisable
//   (a 400 ms step is 320-480 ms) when people read the attempt list.
// - honourRetryAfter: a 429 or 503 with Retry-After is the endpoint telling us when to come back;
//   mParticle's 429 handling follows its service-limit rules, and a partner should see its header used.
// - maxRetryAfter 60 s: asked to wait longer, the send stops and says so, rather than looking hung.
//
// The jitter is applied after the cap (as specified), so a capped delay may exceed `cap` by up to
// jitter × cap; a Retry-After delay is used exactly as given, without jitter.

namespace fhw::transport {

using std::chrono::milliseconds;

namespace {

double defaultRandom()
{
    thread_local std::mt19937_64 engine{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

std::string_view trimmed(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' || text.back() == '\n'))
        text.remove_suffix(1);
    return text;
}

// A small cursor over an HTTP date: each step consumes one token or fails.
class DateCursor
{
public:
    explicit DateCursor(std::string_view text) : m_text(text) {}

    bool atEnd() const { return m_text.empty(); }
    bool literal(char c)
    {
        if (m_text.empty() || m_text.front() != c)
            return false;
        m_text.remove_prefix(1);
        return true;
    }
    void spaces()
    {
        while (!m_text.empty() && m_text.front() == ' ')
            m_text.remove_prefix(1);
    }
    std::string_view word()
    {
        std::size_t n = 0;
        while (n < m_text.size() && std::isalpha(static_cast<unsigned char>(m_text[n])))
            ++n;
        const auto out = m_text.substr(0, n);
        m_text.remove_prefix(n);
        return out;
    }
    // Exactly `minDigits`..`maxDigits` digits.
    std::optional<int> number(std::size_t minDigits, std::size_t maxDigits)
    {
        std::size_t n = 0;
        while (n < m_text.size() && n < maxDigits && std::isdigit(static_cast<unsigned char>(m_text[n])))
            ++n;
        if (n < minDigits)
            return std::nullopt;
        int value = 0;
        std::from_chars(m_text.data(), m_text.data() + n, value);
        m_text.remove_prefix(n);
        return value;
    }
    // hh:mm:ss
    std::optional<std::chrono::seconds> timeOfDay()
    {
        const auto h = number(2, 2);
        if (!h || !literal(':'))
            return std::nullopt;
        const auto m = number(2, 2);
        if (!m || !literal(':'))
            return std::nullopt;
        const auto s = number(2, 2);
        // 60 allows a leap second, as RFC 5322 does.
        if (!s || *h > 23 || *m > 59 || *s > 60)
            return std::nullopt;
        return std::chrono::hours(*h) + std::chrono::minutes(*m) + std::chrono::seconds(*s);
    }

private:
    std::string_view m_text;
};

std::optional<unsigned> monthFromName(std::string_view name)
{
    static constexpr std::array<std::string_view, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (std::size_t i = 0; i < months.size(); ++i) {
        if (months[i] == name)
            return unsigned(i + 1);
    }
    return std::nullopt;
}

std::optional<std::chrono::sys_seconds> makeDate(int year, std::optional<unsigned> month, int day,
                                                 std::chrono::seconds time)
{
    if (!month)
        return std::nullopt;
    const std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(*month),
                                           std::chrono::day(unsigned(day))};
    if (!date.ok())
        return std::nullopt;
    return std::chrono::sys_days(date) + time;
}

// RFC 9110 §5.6.7: IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), the obsolete RFC 850 form
// ("Sunday, 06-Nov-94 08:49:37 GMT") and asctime ("Sun Nov  6 08:49:37 1994").
std::optional<std::chrono::sys_seconds> parseHttpDate(std::string_view text, int currentYear)
{
    DateCursor c(text);
    const auto weekday = c.word();
    if (weekday.size() < 3)
        return std::nullopt;
    if (c.literal(',')) {
        c.spaces();
        const auto day = c.number(1, 2);
        if (!day)
            return std::nullopt;
        int year = 0;
        std::optional<unsigned> month;
        if (c.literal('-')) { // RFC 850: dd-Mon-yy
            month = monthFromName(c.word());
            if (!month || !c.literal('-'))
                return std::nullopt;
            const auto yy = c.number(2, 2);
            if (!yy)
                return std::nullopt;
            // A two-digit year more than 50 years ahead is the most recent such year in the past.
            year = currentYear / 100 * 100 + *yy;
            if (year > currentYear + 50)
                year -= 100;
        } else { // IMF-fixdate: dd Mon yyyy
            c.spaces();
            month = monthFromName(c.word());
            c.spaces();
            const auto yyyy = c.number(4, 4);
            if (!yyyy)
                return std::nullopt;
            year = *yyyy;
        }
        c.spaces();
        const auto time = c.timeOfDay();
        c.spaces();
        if (!time || c.word() != "GMT" || !c.atEnd())
            return std::nullopt;
        return makeDate(year, month, *day, *time);
    }
    // asctime: Mon dd hh:mm:ss yyyy, the day padded with a space.
    c.spaces();
    const auto month = monthFromName(c.word());
    c.spaces();
    const auto day = c.number(1, 2);
    c.spaces();
    const auto time = day ? c.timeOfDay() : std::nullopt;
    c.spaces();
    const auto year = time ? c.number(4, 4) : std::nullopt;
    if (!year || !c.atEnd())
        return std::nullopt;
    return makeDate(*year, month, *day, *time);
}

} // namespace

RetryPolicy::RetryPolicy(RetrySettings settings, WallClock clock, Random random)
    : m_settings(settings), m_clock(std::move(clock)), m_random(std::move(random))
{
    if (!m_clock)
        m_clock = [] { return std::chrono::system_clock::now(); };
    if (!m_random)
        m_random = defaultRandom;
}

Outcome RetryPolicy::classify(long status)
{
    switch (status) {
    case 200:
    case 202: return Outcome::Success;
    case 0: // no response at all: connection refused, reset, timed out
    case 408:
    case 429:
    case 500:
    case 502:
    case 503:
    case 504: return Outcome::Retry;
    default: return Outcome::Final;
    }
}

std::optional<milliseconds> RetryPolicy::delayBefore(int nextAttempt, std::optional<std::string_view> retryAfter) const
{
    if (nextAttempt > m_settings.maxAttempts)
        return std::nullopt;
    if (nextAttempt < 2)
        return milliseconds(0);
    if (m_settings.honourRetryAfter && retryAfter) {
        if (const auto asked = parseRetryAfter(*retryAfter)) {
            if (*asked > m_settings.maxRetryAfter)
                return std::nullopt;
            return *asked;
        }
        // Unparsable: fall through to the computed delay, as if there were no header.
    }
    const double base = std::max<double>(0.0, double(m_settings.base.count()));
    const double factor = std::isfinite(m_settings.factor) ? std::max(0.0, m_settings.factor) : 1.0;
    const double cap = std::max<double>(0.0, double(m_settings.cap.count()));
    // pow may overflow to infinity for large attempt numbers; the cap brings it back.
    double delay = std::min(base * std::pow(factor, nextAttempt - 2), cap);
    if (!std::isfinite(delay))
        delay = cap;
    const double jitter = std::isfinite(m_settings.jitter) ? std::clamp(m_settings.jitter, 0.0, 1.0) : 0.0;
    double r = m_random();
    if (!std::isfinite(r))
        r = 0.5;
    r = std::clamp(r, 0.0, 1.0);
    delay *= 1.0 + jitter * (2.0 * r - 1.0);
    return milliseconds(std::llround(delay));
}

std::optional<milliseconds> RetryPolicy::parseRetryAfter(std::string_view value) const
{
    value = trimmed(value);
    if (value.empty())
        return std::nullopt;
    if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        // delta-seconds; anything past a year saturates (it is over any sane maxRetryAfter anyway).
        constexpr long long maxSeconds = 24LL * 3600 * 365;
        long long seconds = 0;
        for (char c : value) {
            seconds = seconds * 10 + (c - '0');
            if (seconds > maxSeconds) {
                seconds = maxSeconds;
                break;
            }
        }
        return std::chrono::duration_cast<milliseconds>(std::chrono::seconds(seconds));
    }
    const auto now = m_clock();
    const auto today = std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(now));
    const auto date = parseHttpDate(value, int(today.year()));
    if (!date)
        return std::nullopt;
    if (*date <= now)
        return milliseconds(0);
    // Round up: waiting a fraction of a millisecond too long is harmless, too short is not.
    return std::chrono::ceil<milliseconds>(*date - now);
}

} // namespace fhw::transport
