#pragma once

// Builds an ordered_json document from RapidJSON's SAX events. RapidJSON reads (and checks UTF-8)
// several times faster than nlohmann's lexer, which on the embedded endpoint was most of the CPU
// spent per request; nlohmann/json stays the document type everything else uses.
//
// Values wait on a stack until their container closes; then the container is made once, at its
// exact size, and they are moved in (RapidJSON's own Document works this way). So every object or
// array costs one allocation instead of a regrowth series, and no memory is reserved unused.
// Object members are appended directly: ordered_map's own insert scans the object for the key on
// every insert (quadratic per object). Duplicate keys are therefore kept as they come (lookups see
// the first); JSON only says names SHOULD be unique.

#include "json.h"

#include <rapidjson/reader.h>

#include <cstddef>
#include <string>
#include <vector>

namespace fhw::protocol::detail {

// The stacks a DomBuilder works on. They keep their capacity between documents (one set per
// thread), so a steady stream of requests parses without growing them again.
struct DomScratch
{
    std::vector<Json> values;
    std::vector<std::string> keys;
    std::vector<std::size_t> keyMarks; // keys.size() when each open object started
};

class DomBuilder : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, DomBuilder>
{
public:
    DomBuilder(DomScratch &scratch, int maxDepth)
        : m_values(scratch.values)
        , m_keys(scratch.keys)
        , m_keyMarks(scratch.keyMarks)
        , m_maxDepth(maxDepth)
    {
        reset();
    }
    ~DomBuilder()
    {
        reset();
        // After an unusually large document, give the memory back rather than keep it per thread.
        constexpr std::size_t keep = 1 << 14;
        if (m_values.capacity() > keep)
            std::vector<Json>().swap(m_values);
        if (m_keys.capacity() > keep)
            std::vector<std::string>().swap(m_keys);
    }
    DomBuilder(const DomBuilder &) = delete;
    DomBuilder &operator=(const DomBuilder &) = delete;

    bool Null() { return push(nullptr); }
    bool Bool(bool value) { return push(value); }
    bool Int(int value) { return push(Json::number_integer_t(value)); }
    bool Uint(unsigned value) { return push(Json::number_unsigned_t(value)); }
    bool Int64(std::int64_t value) { return push(Json::number_integer_t(value)); }
    bool Uint64(std::uint64_t value) { return push(Json::number_unsigned_t(value)); }
    bool Double(double value) { return push(value); }
    bool String(const char *text, rapidjson::SizeType length, bool)
    {
        return push(std::string(text, length));
    }
    bool Key(const char *text, rapidjson::SizeType length, bool)
    {
        m_keys.emplace_back(text, length);
        return true;
    }
    bool StartObject()
    {
        m_keyMarks.push_back(m_keys.size());
        return enter();
    }
    bool EndObject(rapidjson::SizeType count)
    {
        const std::size_t first = m_values.size() - count;
        const std::size_t firstKey = m_keyMarks.back();
        m_keyMarks.pop_back();
        Json object(Json::value_t::object);
        auto &members = static_cast<Members &>(object.get_ref<Json::object_t &>());
        members.reserve(count);
        for (std::size_t i = 0; i < count; ++i)
            members.emplace_back(std::move(m_keys[firstKey + i]), std::move(m_values[first + i]));
        m_keys.resize(firstKey);
        return replaceTop(first, std::move(object));
    }
    bool StartArray() { return enter(); }
    bool EndArray(rapidjson::SizeType count)
    {
        const std::size_t first = m_values.size() - count;
        Json array(Json::value_t::array);
        auto &elements = array.get_ref<Json::array_t &>();
        elements.reserve(count);
        for (std::size_t i = first; i < m_values.size(); ++i)
            elements.push_back(std::move(m_values[i]));
        return replaceTop(first, std::move(array));
    }

    // Parsing stopped because nesting went past maxDepth.
    bool tooDeep() const { return m_tooDeep; }

    // The finished document (call once, after a successful parse).
    Json takeRoot()
    {
        Json root = std::move(m_values.front());
        reset();
        return root;
    }

private:
    using Members = std::vector<std::pair<const std::string, Json>>; // ordered_map's base

    template<typename Value>
    bool push(Value &&value)
    {
        m_values.emplace_back(std::forward<Value>(value));
        return true;
    }

    bool enter()
    {
        if (++m_depth > m_maxDepth) {
            m_tooDeep = true;
            return false;
        }
        return true;
    }

    bool replaceTop(std::size_t first, Json container)
    {
        --m_depth;
        m_values.resize(first);
        m_values.push_back(std::move(container));
        return true;
    }

    // Empties the stacks but keeps their capacity (and drops whatever a failed parse left behind).
    void reset()
    {
        m_values.clear();
        m_keys.clear();
        m_keyMarks.clear();
    }

    std::vector<Json> &m_values;
    std::vector<std::string> &m_keys;
    std::vector<std::size_t> &m_keyMarks;
    int m_maxDepth;
    int m_depth = 0;
    bool m_tooDeep = false;
};

} // namespace fhw::protocol::detail
