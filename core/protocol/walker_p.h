#pragma once

// The validator's engine: walks a message along its schema, keeping the JSON Pointer of where it is.

#include "finding.h"
#include "schema_p.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace fhw::protocol::schema {

class Walker
{
public:
    Walker(Profile profile, Findings &out);

    void walkObject(const Json &object, const ObjectSpec &spec);
    void walkPoly(const Json &value, const PolyFamily &family);

    // Reports at the current position, or at a child of it. Codes come from findingrules; a code
    // with no severity in the current profile is dropped.
    void report(std::string_view code, std::string message);
    void reportAt(std::string_view key, std::string_view code, std::string message);
    void reportAt(std::string_view key, std::string_view child, std::string_view code, std::string message);

    Profile profile() const { return m_profile; }

private:
    void walkField(const Json &value, const FieldSpec &field);
    void checkString(const Json &value);
    void checkBool(const Json &value);
    void checkInteger(const Json &value, Kind kind);
    void checkDecimal(const Json &value);
    void checkUuid(const Json &value, bool enforced);
    void checkMpId(const Json &value);
    void checkEnum(const Json &value, const FieldSpec &field);
    void checkStringMapValue(const Json &value);
    void checkStringMap(const Json &value);
    void checkSubjectIdentities(const Json &value, const FieldSpec &field);
    void checkSubmittedTime(const Json &value);
    void wrongType(const Json &value, std::string_view expected, bool coercible);

    template<typename Fn>
    void forEachElement(const Json &array, Fn &&fn);

    void push(std::string_view key);
    void push(std::size_t index);
    void pop();

    Profile m_profile;
    Findings &m_out;
    // Where the walk is, as tokens; the JSON Pointer string is built only when something is reported
    // (keys are views into the document or the schema, both alive for the whole walk).
    struct PathToken
    {
        std::string_view key;
        std::size_t index = 0;
        bool isIndex = false;
    };
    std::string pointer() const;
    std::vector<PathToken> m_path;
};

// "number", "string", ... as people say it.
std::string_view jsonTypeName(const Json &value);
bool isCanonicalUuid(std::string_view text);

} // namespace fhw::protocol::schema
