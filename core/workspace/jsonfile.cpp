#include "jsonfile_p.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace fhw::workspace::detail {

QString nativePath(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

std::string nativePathUtf8(const QString &path)
{
    return nativePath(path).toStdString();
}

std::expected<void, Error> writeFileAtomically(const QString &path, std::string_view bytes,
                                               const std::string &errorCode)
{
    const auto failed = [&](const QString &why) {
        return std::unexpected(Error{errorCode, "Cannot write " + nativePathUtf8(path) + ": " + why.toStdString()});
    };
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return failed(file.errorString());
    const auto size = static_cast<qint64>(bytes.size());
    if (file.write(bytes.data(), size) != size) {
        const QString why = file.errorString();
        file.cancelWriting();
        return failed(why);
    }
    if (!file.commit())
        return failed(file.errorString());
    return {};
}

std::expected<std::string, Error> readWholeFile(const QString &path, std::size_t maxBytes,
                                                const std::string &missingCode, const std::string &errorCode)
{
    QFile file(path);
    if (!file.exists())
        return std::unexpected(Error{missingCode, nativePathUtf8(path) + " does not exist."});
    if (!file.open(QIODevice::ReadOnly))
        return std::unexpected(
            Error{errorCode, "Cannot read " + nativePathUtf8(path) + ": " + file.errorString().toStdString()});
    if (file.size() > static_cast<qint64>(maxBytes))
        return std::unexpected(Error{errorCode, nativePathUtf8(path) + " is larger than "
                                                    + std::to_string(maxBytes / (1024 * 1024)) + " MB."});
    std::string bytes(static_cast<std::size_t>(file.size()), '\0');
    const qint64 read = file.read(bytes.data(), static_cast<qint64>(bytes.size()));
    if (read < 0)
        return std::unexpected(
            Error{errorCode, "Cannot read " + nativePathUtf8(path) + ": " + file.errorString().toStdString()});
    bytes.resize(static_cast<std::size_t>(read));
    return bytes;
}

std::string prettyJson(const protocol::Json &document)
{
    std::string text = document.dump(2, ' ', false, protocol::Json::error_handler_t::replace);
    text += '\n';
    return text;
}

int removeStaleTemporaries(const QString &dir, const QString &fileNameGlob)
{
    // QSaveFile's temporary: the final name, a dot and six characters.
    const QDateTime cutoff = QDateTime::currentDateTimeUtc().addSecs(-60);
    int removed = 0;
    const QFileInfoList candidates = QDir(dir).entryInfoList({fileNameGlob + QStringLiteral(".??????")},
                                                             QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot);
    for (const QFileInfo &info : candidates) {
        if (info.lastModified().toUTC() > cutoff)
            continue;
        if (QFile::remove(info.absoluteFilePath()))
            ++removed;
    }
    return removed;
}

} // namespace fhw::workspace::detail
