#include "secrets/securebuffer.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <cstring>
#include <utility>

namespace fhw::secrets {

void wipe(void *data, std::size_t size)
{
    // OPENSSL_cleanse, unlike memset, is not removed as a dead store before free.
    if (data != nullptr && size > 0)
        OPENSSL_cleanse(data, size);
}

void wipe(std::string &s)
{
    wipe(s.data(), s.size());
    s.clear();
}

SecureBuffer::SecureBuffer(std::string_view bytes)
{
    append(bytes);
}

SecureBuffer SecureBuffer::zeroed(std::size_t size)
{
    SecureBuffer buffer;
    buffer.reserve(size);
    std::memset(buffer.m_data.get(), 0, size);
    buffer.m_size = size;
    return buffer;
}

SecureBuffer SecureBuffer::takeFrom(std::string &source)
{
    SecureBuffer buffer(source);
    wipe(source);
    return buffer;
}

SecureBuffer::SecureBuffer(SecureBuffer &&other) noexcept
    : m_data(std::move(other.m_data))
    , m_size(std::exchange(other.m_size, 0))
    , m_capacity(std::exchange(other.m_capacity, 0))
{
}

SecureBuffer &SecureBuffer::operator=(SecureBuffer &&other) noexcept
{
    if (this != &other) {
        clear();
        m_data = std::move(other.m_data);
        m_size = std::exchange(other.m_size, 0);
        m_capacity = std::exchange(other.m_capacity, 0);
    }
    return *this;
}

SecureBuffer::~SecureBuffer()
{
    clear();
}

void SecureBuffer::reserve(std::size_t capacity)
{
    if (capacity <= m_capacity)
        return;
    // Never `realloc`: the old block would be freed unwiped.
    auto grown = std::make_unique<char[]>(capacity);
    if (m_size > 0)
        std::memcpy(grown.get(), m_data.get(), m_size);
    wipe(m_data.get(), m_capacity);
    m_data = std::move(grown);
    m_capacity = capacity;
}

void SecureBuffer::append(std::string_view bytes)
{
    if (bytes.empty())
        return;
    if (m_size + bytes.size() > m_capacity)
        reserve(std::max(m_size + bytes.size(), m_capacity * 2));
    std::memcpy(m_data.get() + m_size, bytes.data(), bytes.size());
    m_size += bytes.size();
}

void SecureBuffer::truncate(std::size_t size)
{
    if (size >= m_size)
        return;
    wipe(m_data.get() + size, m_size - size);
    m_size = size;
}

void SecureBuffer::clear()
{
    wipe(m_data.get(), m_capacity);
    m_data.reset();
    m_size = 0;
    m_capacity = 0;
}

} // namespace fhw::secrets
