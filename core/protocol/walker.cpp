#include "walker_p.h"

#include "catalog.h"
#include "findingrules.h"

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>

namespace fhw::protocol::schema {

namespace {

std::string quote(std::string_view text)
{
    return "'" + std::string(text) + "'";
}

std::string lowered(std::string_view text)
{
    std::string out(text);
    for (char &c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// A JSON Pointer token: "~" and "/" are escaped (RFC 6901).
void appendToken(std::string &pointer, std::string_view key)
{
    pointer += '/';
    for (char c : key) {
        if (c == '~')
            pointer += "~0";
        else if (c == '/')
            pointer += "~1";
        else
            pointer += c;
    }
}

bool parsesAsInteger(std::string_view text)
{
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size();
}

bool parsesAsNumber(std::string_view text)
{
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size() && std::isfinite(value);
}

bool isIsoTimestamp(std::string_view t)
{
    // YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)
    auto digits = [&](std::size_t from, std::size_t count) {
        if (from + count > t.size())
            return false;
        for (std::size_t i = from; i < from + count; ++i) {
            if (!std::isdigit(static_cast<unsigned char>(t[i])))
                return false;
        }
        return true;
    };
    if (t.size() < 20 || !digits(0, 4) || t[4] != '-' || !digits(5, 2) || t[7] != '-' || !digits(8, 2)
        || (t[10] != 'T' && t[10] != 't') || !digits(11, 2) || t[13] != ':' || !digits(14, 2)
        || t[16] != ':' || !digits(17, 2)) {
        return false;
    }
    std::size_t i = 19;
    if (i < t.size() && t[i] == '.') {
        ++i;
        const std::size_t start = i;
        while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i])))
            ++i;
        if (i == start)
            return false;
    }
    if (i < t.size() && (t[i] == 'Z' || t[i] == 'z'))
        return i + 1 == t.size();
    return i + 6 == t.size() && (t[i] == '+' || t[i] == '-') && digits(i + 1, 2) && t[i + 3] == ':'
           && digits(i + 4, 2);
}

const FieldSpec *findField(const ObjectSpec &spec, std::string_view key, std::size_t &index)
{
    index = 0;
    for (const FieldSpec &field : spec.common) {
        if (field.name == key)
            return &field;
        ++index;
    }
    for (const FieldSpec &field : spec.own) {
        if (field.name == key)
            return &field;
        ++index;
    }
    return nullptr;
}

constexpr std::int64_t int32Max = std::numeric_limits<std::int32_t>::max();
constexpr std::int64_t int32Min = std::numeric_limits<std::int32_t>::min();
// Epoch milliseconds below this (March 1973) are far more likely to be seconds.
constexpr std::int64_t smallestPlausibleEpochMs = 100'000'000'000;

} // namespace

std::string_view jsonTypeName(const Json &value)
{
    switch (value.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::object: return "an object";
    case Json::value_t::array: return "an array";
    case Json::value_t::string: return "a string";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return "an integer";
    case Json::value_t::number_float: return "a decimal number";
    default: return "something else";
    }
}

bool isCanonicalUuid(std::string_view text)
{
    if (text.size() != 36)
        return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        const char c = text[i];
        const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (dash ? c != '-' : !hex) // not isxdigit: no locale lookup on the endpoint's hot path
            return false;
    }
    return true;
}

Walker::Walker(Profile profile, Findings &out)
    : m_profile(profile)
    , m_out(out)
{
    m_path.reserve(16); // deeper than any Firehose message
}

void Walker::push(std::string_view key)
{
    m_path.push_back(PathToken{key, 0, false});
}

void Walker::push(std::size_t index)
{
    m_path.push_back(PathToken{{}, index, true});
}

void Walker::pop()
{
    m_path.pop_back();
}

std::string Walker::pointer() const
{
    std::string out;
    for (const PathToken &token : m_path) {
        if (token.isIndex) {
            out += '/';
            out += std::to_string(token.index);
        } else {
            appendToken(out, token.key);
        }
    }
    return out;
}

void Walker::report(std::string_view code, std::string message)
{
    const auto severity = severityOf(code, m_profile);
    if (!severity)
        return;
    m_out.push_back(Finding{*severity, pointer(), std::string(code), std::move(message)});
}

void Walker::reportAt(std::string_view key, std::string_view code, std::string message)
{
    push(key);
    report(code, std::move(message));
    pop();
}

void Walker::reportAt(std::string_view key, std::string_view child, std::string_view code, std::string message)
{
    push(key);
    reportAt(child, code, std::move(message));
    pop();
}

template<typename Fn>
void Walker::forEachElement(const Json &array, Fn &&fn)
{
    std::size_t index = 0;
    for (const Json &element : array) {
        push(index++);
        fn(element);
        pop();
    }
}

void Walker::walkObject(const Json &object, const ObjectSpec &spec)
{
    if (spec.check && !spec.check(*this, object))
        return;

    std::uint64_t seen = 0; // bit i = field i (common first, then own) was present
    for (auto it = object.begin(); it != object.end(); ++it) {
        std::size_t index = 0;
        const FieldSpec *field = findField(spec, it.key(), index);
        if (!field) {
            reportAt(it.key(), "field.unknown",
                     quote(it.key()) + " is not a field of " + std::string(spec.name)
                         + "; receivers ignore it (check the spelling)");
            continue;
        }
        seen |= std::uint64_t{1} << index;
        const Json &value = it.value();
        if (value.is_null()) {
            if (field->need == Need::Checked)
                continue;
            if (field->need == Need::Optional || field->need == Need::Recommended) {
                reportAt(it.key(), "field.null", quote(field->name) + " is null and is treated as absent");
                continue;
            }
            // A null required field is as good as missing: reported below.
            seen &= ~(std::uint64_t{1} << index);
            continue;
        }
        push(it.key());
        walkField(value, *field);
        pop();
    }

    std::size_t index = 0;
    auto checkPresence = [&](const FieldSpec &field) {
        const bool present = seen & (std::uint64_t{1} << index++);
        if (present || field.need == Need::Optional || field.need == Need::Checked)
            return;
        const std::string name = quote(field.name);
        switch (field.need) {
        case Need::Recommended:
            reportAt(field.name, "field.missing-recommended",
                     name + " is missing from " + std::string(spec.name) + "; the Java SDK always writes it");
            break;
        case Need::Required:
            reportAt(field.name, "field.missing-required",
                     name + " is required in " + std::string(spec.name)
                         + " by the documentation (the Java SDK does not enforce it)");
            break;
        case Need::Enforced:
            reportAt(field.name, "field.missing-required",
                     name + " is required in " + std::string(spec.name)
                         + "; the Java SDK rejects the whole message without it");
            break;
        case Need::Optional:
        case Need::Checked: break;
        }
    };
    for (const FieldSpec &field : spec.common)
        checkPresence(field);
    for (const FieldSpec &field : spec.own)
        checkPresence(field);
}

void Walker::walkPoly(const Json &value, const PolyFamily &family)
{
    if (!value.is_object()) {
        wrongType(value, "an object", false);
        return;
    }
    const std::string prefix(family.codePrefix);
    const auto type = value.find("type");
    if (type == value.end() || type->is_null()) {
        report(prefix + ".missing-type",
               "no 'type': the " + std::string(family.what)
                   + " cannot be read (the Java SDK rejects the whole message)");
        return;
    }
    if (!type->is_string()) {
        reportAt("type", prefix + ".unknown-type",
                 "'type' must be a string naming the " + std::string(family.what) + ", found "
                     + std::string(jsonTypeName(*type)));
        return;
    }
    const std::string &name = type->get_ref<const std::string &>();
    for (const Variant &variant : family.variants) {
        if (variant.type == name) {
            walkObject(value, *variant.spec);
            return;
        }
    }
    std::string message = "unknown " + std::string(family.what) + " " + quote(name);
    const std::string lower = lowered(name);
    for (const Variant &variant : family.variants) {
        if (variant.type == lower) {
            message += "; type ids are lower-case: did you mean " + quote(variant.type) + "?";
            break;
        }
    }
    message += " (the Java SDK rejects the whole message; a forgiving receiver skips it)";
    reportAt("type", prefix + ".unknown-type", std::move(message));
}

void Walker::wrongType(const Json &value, std::string_view expected, bool coercible)
{
    std::string message = "expected " + std::string(expected) + ", found " + std::string(jsonTypeName(value));
    if (coercible) {
        message += " (the Java SDK coerces it)";
        report("field.type-coerced", std::move(message));
    } else {
        report("field.wrong-type", std::move(message));
    }
}

void Walker::checkString(const Json &value)
{
    if (value.is_string())
        return;
    wrongType(value, "a string", value.is_number() || value.is_boolean());
}

void Walker::checkBool(const Json &value)
{
    if (value.is_boolean())
        return;
    const bool coercible = (value.is_string() && (value == "true" || value == "false"))
                           || (value.is_number_integer() && (value == 0 || value == 1));
    wrongType(value, "a boolean", coercible);
}

void Walker::checkInteger(const Json &value, Kind kind)
{
    const bool int32 = kind == Kind::Int32;
    const std::string_view expected = int32 ? "a 32-bit integer" : "an integer";
    if (value.is_number_unsigned()) {
        const auto v = value.get<std::uint64_t>();
        if (v > static_cast<std::uint64_t>(int32 ? int32Max : std::numeric_limits<std::int64_t>::max())) {
            report("number.out-of-range", std::to_string(v) + " does not fit " + std::string(expected)
                                              + " (the Java SDK rejects the message)");
            return;
        }
    }
    if (value.is_number_integer()) {
        const auto v = value.get<std::int64_t>();
        if (int32 && (v > int32Max || v < int32Min)) {
            report("number.out-of-range",
                   std::to_string(v) + " does not fit a 32-bit integer (a Java int; the SDK rejects the message)");
        } else if (kind == Kind::EpochMs && v > 0 && v < smallestPlausibleEpochMs) {
            report("timestamp.looks-like-seconds",
                   std::to_string(v) + " looks like epoch seconds; this field holds epoch milliseconds");
        }
        return;
    }
    if (value.is_number_float()) {
        wrongType(value, expected, true);
        return;
    }
    if (value.is_string()) {
        wrongType(value, expected, parsesAsInteger(value.get_ref<const std::string &>()));
        return;
    }
    wrongType(value, expected, false);
}

void Walker::checkDecimal(const Json &value)
{
    if (value.is_number())
        return; // the parser refuses numbers too large for a double
    wrongType(value, "a number", value.is_string() && parsesAsNumber(value.get_ref<const std::string &>()));
}

void Walker::checkUuid(const Json &value, bool enforced)
{
    if (!value.is_string()) {
        wrongType(value, "a UUID string", false);
        return;
    }
    const auto &text = value.get_ref<const std::string &>();
    if (isCanonicalUuid(text))
        return;
    if (enforced)
        report("id.not-uuid", quote(text) + " is not a UUID (8-4-4-4-12 hex digits); the Java SDK rejects the message");
    else
        report("string.not-uuid", quote(text) + " is documented as a GUID but is not one");
}

void Walker::checkMpId(const Json &value)
{
    if (value.is_number_integer()) {
        wrongType(value, "an MPID written as a string", true);
        return;
    }
    if (!value.is_string()) {
        wrongType(value, "an MPID written as a string", false);
        return;
    }
    if (!parsesAsInteger(value.get_ref<const std::string &>()))
        report("mpid.not-numeric", "an MPID is a signed 64-bit integer written as a string");
}

void Walker::checkEnum(const Json &value, const FieldSpec &field)
{
    if (!value.is_string()) {
        wrongType(value, "one of the enum's strings", false);
        return;
    }
    const auto &text = value.get_ref<const std::string &>();
    if (catalog::contains(field.values, text))
        return;
    const std::string lower = lowered(text);
    if (catalog::contains(field.values, lower)) {
        report("enum.wrong-case", quote(text) + " must be written " + quote(lower)
                                      + ": enums are lower-case snake_case and the Java SDK matches them exactly");
        return;
    }
    std::string message = quote(text) + " is not a known value of '" + std::string(field.name) + "'";
    if (text == "remove_from_wishlist")
        message += "; the protocol spells it 'remove_from_wish_list'";
    message += " (the Java SDK rejects the whole message)";
    report("enum.unknown-value", std::move(message));
}

void Walker::checkStringMapValue(const Json &value)
{
    if (value.is_string())
        return;
    if (value.is_null())
        report("map.null-value", "a null value in a string map (the Java SDK keeps it as null and drops it on output)");
    else if (value.is_object() || value.is_array())
        report("map.nested-value", std::string("values of this map must be strings, found ") + std::string(jsonTypeName(value))
                                       + " (the Java SDK rejects the whole message)");
    else
        report("map.non-string-value", std::string("values of this map are strings, found ")
                                           + std::string(jsonTypeName(value)) + " (the Java SDK coerces it)");
}

void Walker::checkStringMap(const Json &value)
{
    if (!value.is_object()) {
        wrongType(value, "an object of strings", false);
        return;
    }
    for (auto it = value.begin(); it != value.end(); ++it) {
        push(it.key());
        checkStringMapValue(it.value());
        pop();
    }
}

void Walker::checkSubjectIdentities(const Json &value, const FieldSpec &field)
{
    if (!value.is_object()) {
        wrongType(value, "an object keyed by identity type", false);
        return;
    }
    for (auto it = value.begin(); it != value.end(); ++it) {
        push(it.key());
        if (!catalog::contains(field.values, it.key())) {
            report("enum.unknown-value", quote(it.key())
                                             + " is not an OpenDSR identity type (the Java SDK rejects the message; "
                                               "mParticle-specific ids travel in 'extensions')");
        } else if (it.value().is_object()) {
            walkObject(it.value(), *field.object);
        } else {
            wrongType(it.value(), "an object {encoding, value}", false);
        }
        pop();
    }
}

void Walker::checkSubmittedTime(const Json &value)
{
    if (value.is_string()) {
        if (!isIsoTimestamp(value.get_ref<const std::string &>()))
            report("dsr.submitted-time-format", "submitted_time as a string must be ISO-8601, e.g. 2026-01-03T10:15:30Z");
        return;
    }
    if (value.is_number_integer()) {
        report("dsr.submitted-time-integer",
               "an integer submitted_time is ambiguous: the Javadoc says epoch milliseconds, but the Java SDK "
               "reads an integer as epoch seconds; prefer an ISO-8601 string");
        return;
    }
    if (value.is_number_float()) {
        report("dsr.submitted-time-decimal",
               "a decimal submitted_time is read as epoch seconds.nanoseconds (as in the official sample); the "
               "Javadoc says milliseconds and OpenDSR uses ISO-8601");
        return;
    }
    wrongType(value, "an ISO-8601 string or an epoch number", false);
}

void Walker::walkField(const Json &value, const FieldSpec &field)
{
    switch (field.kind) {
    case Kind::String: checkString(value); return;
    case Kind::Bool: checkBool(value); return;
    case Kind::Int32:
    case Kind::Int64:
    case Kind::EpochMs: checkInteger(value, field.kind); return;
    case Kind::Decimal: checkDecimal(value); return;
    case Kind::Uuid: checkUuid(value, true); return;
    case Kind::UuidString: checkUuid(value, false); return;
    case Kind::MpId: checkMpId(value); return;
    case Kind::Enum: checkEnum(value, field); return;
    case Kind::SubjectIdentities: checkSubjectIdentities(value, field); return;
    case Kind::SubmittedTime: checkSubmittedTime(value); return;
    case Kind::StringMap: checkStringMap(value); return;
    case Kind::Object:
        if (value.is_object())
            walkObject(value, *field.object);
        else
            wrongType(value, "an object", false);
        return;
    case Kind::Poly: walkPoly(value, *field.family); return;
    default: break;
    }

    // The remaining kinds are containers of containers.
    if (field.kind == Kind::StringListMap || field.kind == Kind::NestedStringMap || field.kind == Kind::ConsentMap) {
        if (!value.is_object()) {
            wrongType(value, "an object", false);
            return;
        }
        for (auto it = value.begin(); it != value.end(); ++it) {
            push(it.key());
            const Json &inner = it.value();
            if (field.kind == Kind::NestedStringMap) {
                checkStringMap(inner);
            } else if (field.kind == Kind::ConsentMap) {
                if (inner.is_object())
                    walkObject(inner, *field.object);
                else
                    wrongType(inner, "a consent object", false);
            } else if (!inner.is_array()) {
                wrongType(inner, "an array of strings", false);
            } else {
                forEachElement(inner, [this](const Json &element) { checkString(element); });
            }
            pop();
        }
        return;
    }

    if (!value.is_array()) {
        wrongType(value, "an array", false);
        return;
    }
    switch (field.kind) {
    case Kind::EnumList: forEachElement(value, [&](const Json &e) { checkEnum(e, field); }); return;
    case Kind::StringList: forEachElement(value, [this](const Json &e) { checkString(e); }); return;
    case Kind::PolyList: forEachElement(value, [&](const Json &e) { walkPoly(e, *field.family); }); return;
    case Kind::ObjectList:
        forEachElement(value, [&](const Json &e) {
            if (e.is_object())
                walkObject(e, *field.object);
            else
                wrongType(e, "an object", false);
        });
        return;
    default: return;
    }
}

} // namespace fhw::protocol::schema
