#include "secrets/tokenplausibility.h"
#include "secrets/textformat_p.h"

namespace fhw::secrets {

namespace {

constexpr std::size_t kShortest = 16;
constexpr std::size_t kLongest = 512;

// Length of the whitespace (ASCII, or U+FEFF / U+00A0 in UTF-8) at the front of `s`, 0 if none.
std::size_t leadingSpace(std::string_view s)
{
    if (s.empty())
        return 0;
    const char c = s.front();
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
        return 1;
    if (s.starts_with("\xEF\xBB\xBF"))
        return 3;
    if (s.starts_with("\xC2\xA0"))
        return 2;
    return 0;
}

std::size_t trailingSpace(std::string_view s)
{
    if (s.empty())
        return 0;
    const char c = s.back();
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
        return 1;
    if (s.ends_with("\xEF\xBB\xBF"))
        return 3;
    if (s.ends_with("\xC2\xA0"))
        return 2;
    return 0;
}

} // namespace

std::expected<TokenCheck, Error> checkToken(std::string_view decrypted)
{
    while (const std::size_t n = leadingSpace(decrypted))
        decrypted.remove_prefix(n);
    while (const std::size_t n = trailingSpace(decrypted))
        decrypted.remove_suffix(n);
    if (decrypted.empty())
        return std::unexpected(Error{"token.empty", "The decrypted text is empty: there is no token in it."});

    TokenCheck check;
    check.token = std::string(decrypted);
    bool lineBreak = false;
    bool blank = false;
    bool control = false;
    bool nonAscii = false;
    for (const char ch : decrypted) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '\n' || c == '\r')
            lineBreak = true;
        else if (c == ' ' || c == '\t')
            blank = true;
        else if (c < 0x20 || c == 0x7f)
            control = true;
        else if (c >= 0x80)
            nonAscii = true;
    }
    if (lineBreak)
        check.warnings.push_back("The decrypted text has several lines. Is this the token, or a whole e-mail?");
    else if (blank)
        check.warnings.push_back("The decrypted text has several words. Is this the token, or a whole sentence?");
    if (control)
        check.warnings.push_back("The decrypted text contains control characters, which a token does not have.");
    if (nonAscii)
        check.warnings.push_back("The decrypted text contains non-ASCII characters, which a token usually does not "
                                 "have.");
    if (decrypted.size() < kShortest)
        check.warnings.push_back(pgpdetail::format("The decrypted text is short ({} characters); tokens are usually "
                                                   "longer.",
                                                   decrypted.size()));
    else if (decrypted.size() > kLongest)
        check.warnings.push_back(pgpdetail::format("The decrypted text is long ({} characters), longer than a token "
                                                   "usually is.",
                                                   decrypted.size()));
    return check;
}

} // namespace fhw::secrets
