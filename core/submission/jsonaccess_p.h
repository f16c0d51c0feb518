#pragma once

// Reading untrusted JSON without exceptions: every accessor checks the type first and answers
// nothing (or empty) for a missing key or a value of another type.

#include "protocol/json.h"

#include <string>
#include <string_view>

namespace fhw::submission::detail {

inline const protocol::Json *memberAt(const protocol::Json &object, std::string_view key)
{
    if (!object.is_object())
        return nullptr;
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

inline const protocol::Json *objectAt(const protocol::Json &object, std::string_view key)
{
    const protocol::Json *member = memberAt(object, key);
    return member && member->is_object() ? member : nullptr;
}

inline const protocol::Json *arrayAt(const protocol::Json &object, std::string_view key)
{
    const protocol::Json *member = memberAt(object, key);
    return member && member->is_array() ? member : nullptr;
}

inline std::string stringAt(const protocol::Json &object, std::string_view key)
{
    const protocol::Json *member = memberAt(object, key);
    return member && member->is_string() ? member->get<std::string>() : std::string();
}

inline bool boolAt(const protocol::Json &object, std::string_view key, bool fallback = false)
{
    const protocol::Json *member = memberAt(object, key);
    return member && member->is_boolean() ? member->get<bool>() : fallback;
}

// A scalar as people read it: strings without quotes, numbers and booleans as JSON writes them;
// empty for null, arrays and objects.
inline std::string scalarText(const protocol::Json &value)
{
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_number() || value.is_boolean())
        return value.dump();
    return {};
}

inline std::string scalarAt(const protocol::Json &object, std::string_view key)
{
    const protocol::Json *member = memberAt(object, key);
    return member ? scalarText(*member) : std::string();
}

} // namespace fhw::submission::detail
