#pragma once

// The protocol's shape as data (PROTOCOL.md §2), walked by the validator. Private to core/protocol.

#include "json.h"
#include "messagetype.h"

#include <span>
#include <string_view>

namespace fhw::protocol::schema {

enum class Kind {
    String,
    Bool,
    Int32,      // Java int: larger values make the SDK reject the message
    Int64,
    EpochMs,    // Int64 holding epoch milliseconds
    Decimal,    // any JSON number (BigDecimal / double in the SDK)
    Uuid,       // java.util.UUID: a non-UUID string makes the SDK reject the message
    UuidString, // a String the docs describe as a GUID: not enforced by the SDK
    MpId,       // an int64 written as a string
    Enum,
    EnumList,
    StringList,
    StringMap,      // {string: string}
    StringListMap,  // {string: [string]}
    NestedStringMap, // {string: {string: string}}
    Object,
    ObjectList,
    ConsentMap,  // {purpose: Consent}
    Poly,        // an object whose `type` picks its shape
    PolyList,    // an array of those
    SubjectIdentities,
    SubmittedTime,
};

enum class Need {
    Optional,
    Recommended, // the SDK always writes it; a receiver may rely on it
    Required,    // documented as required; the Java SDK does not enforce it
    Enforced,    // the Java SDK rejects the message without it
    Checked,     // the object's check reports absence and null itself (with a more precise code)
};

struct ObjectSpec;
struct PolyFamily;

struct FieldSpec
{
    std::string_view name;
    Kind kind = Kind::String;
    Need need = Need::Optional;
    std::span<const std::string_view> values = {}; // Enum, EnumList, SubjectIdentities keys
    const ObjectSpec *object = nullptr;           // Object, ObjectList, ConsentMap
    const PolyFamily *family = nullptr;           // Poly, PolyList
};

class Walker;
// Rules beyond per-field shapes (an empty identity value, a digest's length, ...). Runs before the
// fields are walked; returning false skips the field walk (the check said all there is to say).
using ObjectCheck = bool (*)(Walker &walker, const Json &object);

struct ObjectSpec
{
    std::string_view name; // for messages: "event", "identity", ...
    std::span<const FieldSpec> common;
    std::span<const FieldSpec> own;
    ObjectCheck check = nullptr;
};

struct Variant
{
    std::string_view type;
    const ObjectSpec *spec;
};

struct PolyFamily
{
    std::string_view codePrefix; // "event" → "event.unknown-type"
    std::string_view what;       // "event type", for messages
    std::span<const Variant> variants;
};

const ObjectSpec &messageSpec(MessageType type);

} // namespace fhw::protocol::schema
