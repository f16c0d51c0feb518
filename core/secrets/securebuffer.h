#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace fhw::secrets {

// A move-only holder for secret bytes (decrypted tokens, passphrases). Its storage is wiped when it
// is destroyed, reassigned, cleared or grown, so a secret leaves no copies behind in freed heap
// memory. It never reallocates behind the caller's back: growth copies into a new block and wipes
// the old one. What the caller copies out of view() is the caller's to wipe (see wipe()).
class SecureBuffer
{
public:
    SecureBuffer() = default;
    explicit SecureBuffer(std::string_view bytes);
    // `size` zero bytes, to be filled through data() (e.g. read straight from a gpgme data object).
    static SecureBuffer zeroed(std::size_t size);
    // Takes the bytes of `source` and wipes `source`, for APIs that hand secrets over as std::string.
    static SecureBuffer takeFrom(std::string &source);

    SecureBuffer(SecureBuffer &&other) noexcept;
    SecureBuffer &operator=(SecureBuffer &&other) noexcept;
    SecureBuffer(const SecureBuffer &) = delete;
    SecureBuffer &operator=(const SecureBuffer &) = delete;
    ~SecureBuffer();

    std::string_view view() const { return {m_data.get(), m_size}; }
    const char *data() const { return m_data.get(); }
    char *data() { return m_data.get(); }
    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }

    void append(std::string_view bytes);
    // Shrinks the visible size; the bytes past it are wiped at once.
    void truncate(std::size_t size);
    void clear();

private:
    void reserve(std::size_t capacity);

    std::unique_ptr<char[]> m_data;
    std::size_t m_size = 0;
    std::size_t m_capacity = 0;
};

// Overwrites the characters of `s` with zeros (in a way the optimiser keeps) and empties it.
void wipe(std::string &s);
void wipe(void *data, std::size_t size);

} // namespace fhw::secrets
