#pragma once

// Builds an ordered_json document from RapidJSON's SAX events. RapidJSON reads (and checks UTF-8)
// several times faster than nlohmann's lexer, which on the embedded endpoint was most of the CPU
// spent per request; nlohmann/json stays the document type everything else uses.
// Object members are appended directly: ordered_map's own insert scans the object for the key on
// every insert (quadratic per object). Duplicate keys are therefore kept as they come (lookups see
// the first); JSON only says names SHOULD be unique.

#include "json.h"

#include <rapidjson/reader.h>

#include <cstddef>
#include <string>
#include <vector>

namespace fhw::protocol::detail {

class DomBuilder : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, DomBuilder>
{
public:
    DomBuilder(Json &root, int maxDepth)
        : m_root(root)
        , m_maxDepth(maxDepth)
    {
    }

    bool Null() { return add(nullptr); }
    bool Bool(bool value) { return add(value); }
    bool Int(int value) { return add(Json::number_integer_t(value)); }
    bool Uint(unsigned value) { return add(Json::number_unsigned_t(value)); }
    bool Int64(std::int64_t value) { return add(Json::number_integer_t(value)); }
    bool Uint64(std::uint64_t value) { return add(Json::number_unsigned_t(value)); }
    bool Double(double value) { return add(value); }
    bool String(const char *text, rapidjson::SizeType length, bool)
    {
        return add(std::string(text, length));
    }
    bool Key(const char *text, rapidjson::SizeType length, bool)
    {
        m_key.assign(text, length);
        return true;
    }
    bool StartObject() { return open(Json::value_t::object); }
    bool EndObject(rapidjson::SizeType) { return close(); }
    bool StartArray() { return open(Json::value_t::array); }
    bool EndArray(rapidjson::SizeType) { return close(); }

    // Parsing stopped because nesting went past maxDepth.
    bool tooDeep() const { return m_tooDeep; }

private:
    using Members = std::vector<std::pair<const std::string, Json>>; // ordered_map's base

    template<typename Value>
    bool add(Value &&value)
    {
        place(std::forward<Value>(value));
        return true;
    }

    bool open(Json::value_t type)
    {
        if (m_stack.size() >= std::size_t(m_maxDepth)) {
            m_tooDeep = true;
            return false;
        }
        Json *container = place(type);
        // Most Firehose objects have a handful of members: reserving saves the 1-2-4-8 regrowth.
        if (type == Json::value_t::object)
            container->get_ref<Json::object_t &>().reserve(8);
        m_stack.push_back(container);
        return true;
    }

    bool close()
    {
        m_stack.pop_back();
        return true;
    }

    template<typename Value>
    Json *place(Value &&value)
    {
        if (m_stack.empty()) {
            m_root = Json(std::forward<Value>(value));
            return &m_root;
        }
        Json &parent = *m_stack.back();
        if (parent.is_array()) {
            auto &elements = parent.get_ref<Json::array_t &>();
            elements.emplace_back(std::forward<Value>(value));
            return &elements.back();
        }
        auto &members = static_cast<Members &>(parent.get_ref<Json::object_t &>());
        members.emplace_back(std::move(m_key), Json(std::forward<Value>(value)));
        return &members.back().second;
    }

    Json &m_root;
    int m_maxDepth;
    bool m_tooDeep = false;
    std::vector<Json *> m_stack; // the open containers; only the innermost grows, so these stay valid
    std::string m_key;
};

} // namespace fhw::protocol::detail
