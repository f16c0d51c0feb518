#include "bundlezip_p.h"

#include <zip.h>

#include <memory>

namespace fhw::submission::detail {

namespace {

// MS-DOS date and time of 1980-01-01 00:00, the earliest a zip can hold: a fixed stamp, so the archive
// does not change with the clock.
constexpr zip_uint16_t dosDate = (0 << 9) | (1 << 5) | 1;
constexpr zip_uint16_t dosTime = 0;
constexpr zip_uint32_t regularFileMode = 0100644;

struct ArchiveCloser
{
    void operator()(zip_t *archive) const { zip_discard(archive); }
};
struct SourceFreer
{
    void operator()(zip_source_t *source) const { zip_source_free(source); }
};
using Archive = std::unique_ptr<zip_t, ArchiveCloser>;
using Source = std::unique_ptr<zip_source_t, SourceFreer>;

std::unexpected<Error> zipError(std::string what, zip_error_t *error)
{
    return std::unexpected(Error{"bundle.zip", std::move(what) + ": " + (error ? zip_error_strerror(error) : "unknown error")});
}

std::unexpected<Error> zipError(std::string what, zip_t *archive)
{
    return zipError(std::move(what), archive ? zip_get_error(archive) : nullptr);
}

} // namespace

std::expected<std::string, Error> writeZip(const std::vector<ZipEntry> &entries)
{
    zip_error_t error;
    zip_error_init(&error);
    Source buffer(zip_source_buffer_create(nullptr, 0, 0, &error));
    if (!buffer)
        return zipError("cannot make a buffer", &error);
    zip_source_keep(buffer.get()); // the archive takes a reference; ours reads the result after zip_close
    Archive archive(zip_open_from_source(buffer.get(), ZIP_TRUNCATE, &error));
    if (!archive) {
        zip_source_free(buffer.get()); // the reference zip_open_from_source would have taken
        return zipError("cannot start the archive", &error);
    }
    for (const ZipEntry &entry : entries) {
        zip_source_t *data = zip_source_buffer(archive.get(), entry.bytes.data(), entry.bytes.size(), 0);
        if (!data)
            return zipError("cannot add " + entry.name, archive.get());
        const zip_int64_t index = zip_file_add(archive.get(), entry.name.c_str(), data, ZIP_FL_ENC_UTF_8);
        if (index < 0) {
            zip_source_free(data);
            return zipError("cannot add " + entry.name, archive.get());
        }
        const auto at = zip_uint64_t(index);
        if (zip_set_file_compression(archive.get(), at, entry.store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, entry.store ? 0 : 9) != 0
            || zip_file_set_dostime(archive.get(), at, dosTime, dosDate, 0) != 0
            || zip_file_set_external_attributes(archive.get(), at, 0, ZIP_OPSYS_UNIX, regularFileMode << 16) != 0)
            return zipError("cannot set the attributes of " + entry.name, archive.get());
    }
    if (zip_close(archive.get()) != 0)
        return zipError("cannot write the archive", archive.get());
    archive.release(); // zip_close freed it

    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_source_stat(buffer.get(), &stat) != 0 || !(stat.valid & ZIP_STAT_SIZE) || zip_source_open(buffer.get()) != 0)
        return zipError("cannot read the archive back", zip_source_error(buffer.get()));
    std::string out(std::size_t(stat.size), '\0');
    const zip_int64_t read = zip_source_read(buffer.get(), out.data(), stat.size);
    zip_source_close(buffer.get());
    if (read < 0 || zip_uint64_t(read) != stat.size)
        return zipError("cannot read the archive back", zip_source_error(buffer.get()));
    return out;
}

std::expected<std::vector<ZipEntry>, Error> readZip(std::string_view zip, const ZipLimits &limits)
{
    zip_error_t error;
    zip_error_init(&error);
    Source buffer(zip_source_buffer_create(zip.data(), zip.size(), 0, &error));
    if (!buffer)
        return zipError("cannot read the archive", &error);
    zip_source_keep(buffer.get());
    Archive archive(zip_open_from_source(buffer.get(), ZIP_RDONLY | ZIP_CHECKCONS, &error));
    if (!archive) {
        zip_source_free(buffer.get());
        return zipError("not a readable zip archive", &error);
    }
    const zip_int64_t count = zip_get_num_entries(archive.get(), 0);
    if (count < 0 || zip_uint64_t(count) > limits.maxEntries)
        return std::unexpected(Error{"bundle.zip", "the archive has too many entries"});
    std::vector<ZipEntry> entries;
    std::size_t total = 0;
    for (zip_uint64_t i = 0; i < zip_uint64_t(count); ++i) {
        zip_stat_t stat;
        if (zip_stat_index(archive.get(), i, 0, &stat) != 0 || !(stat.valid & ZIP_STAT_SIZE) || !(stat.valid & ZIP_STAT_NAME))
            return zipError("cannot read entry " + std::to_string(i), archive.get());
        if (stat.size > limits.maxEntryBytes || total + stat.size > limits.maxTotalBytes)
            return std::unexpected(Error{"bundle.zip", std::string(stat.name) + " is larger than a bundle holds"});
        total += std::size_t(stat.size);
        ZipEntry entry{stat.name, std::string(std::size_t(stat.size), '\0'), stat.comp_method == ZIP_CM_STORE};
        zip_file_t *file = zip_fopen_index(archive.get(), i, 0);
        if (!file)
            return zipError("cannot open " + entry.name, archive.get());
        const zip_int64_t read = zip_fread(file, entry.bytes.data(), stat.size);
        std::string fileError = read < 0 ? zip_error_strerror(zip_file_get_error(file)) : "";
        // One more byte must not come: the stored size was the whole entry (zip_fread checks the CRC at the end).
        char extra = 0;
        const zip_int64_t more = read >= 0 ? zip_fread(file, &extra, 1) : 0;
        if (more < 0)
            fileError = zip_error_strerror(zip_file_get_error(file));
        zip_fclose(file);
        if (read < 0 || more < 0)
            return std::unexpected(Error{"bundle.zip", entry.name + " is damaged: " + fileError});
        if (zip_uint64_t(read) != stat.size || more != 0)
            return std::unexpected(Error{"bundle.zip", entry.name + " is not the size the archive says"});
        entries.push_back(std::move(entry));
    }
    return entries;
}

} // namespace fhw::submission::detail
