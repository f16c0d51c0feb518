#include "workspace.h"

#include "jsonfile_p.h"

#include "protocol/parse.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <array>

namespace fhw::workspace {

using protocol::Json;

namespace {

constexpr std::size_t maxSettingsBytes = 16u * 1024u * 1024u;
constexpr std::size_t maxRequestBytes = 256u * 1024u * 1024u;
constexpr qsizetype maxRequestNameLength = 100;

// Copies the keys of `previous` that `out` does not have (written by a newer version, or by hand) to
// the end of `out`, in their order. Descends into the objects whose keys this version fixes (not into
// maps such as target.dataCenters, where a missing key means the entry was removed).
void keepUnknownKeys(Json &out, const Json &previous, int depth = 0)
{
    static constexpr std::array<std::string_view, 5> fixedObjects{"target", "settings", "retry", "timeouts", "perType"};
    if (!previous.is_object() || !out.is_object() || depth > 3)
        return;
    for (const auto &[key, value] : previous.items()) {
        const auto it = out.find(key);
        if (it == out.end())
            out[key] = value;
        else if (std::ranges::find(fixedObjects, key) != fixedObjects.end())
            keepUnknownKeys(*it, value, depth + 1);
    }
}

std::unexpected<Error> requestError(std::string code, std::string message)
{
    return std::unexpected(Error{std::move(code), std::move(message)});
}

bool isReservedDeviceName(const QString &name)
{
    const QString base = name.section(QLatin1Char('.'), 0, 0).trimmed().toUpper();
    static const std::array<QLatin1String, 4> plain{QLatin1String("CON"), QLatin1String("PRN"), QLatin1String("AUX"),
                                                    QLatin1String("NUL")};
    if (std::ranges::find(plain, base) != plain.end())
        return true;
    return base.size() == 4 && (base.startsWith(QLatin1String("COM")) || base.startsWith(QLatin1String("LPT")))
        && base.at(3) >= QLatin1Char('0') && base.at(3) <= QLatin1Char('9');
}

} // namespace

QString Workspace::settingsPath() const
{
    return QDir(m_dir).filePath(QLatin1String(settingsFileName));
}

QString Workspace::requestsDirectory() const
{
    return QDir(m_dir).filePath(QLatin1String(requestsFolderName));
}

QString Workspace::historyDirectory() const
{
    return QDir(m_dir).filePath(QLatin1String(historyFolderName));
}

QString Workspace::requestPath(const QString &name) const
{
    return QDir(requestsDirectory()).filePath(name + QLatin1String(".json"));
}

std::expected<Workspace, Error> Workspace::create(const QString &dir, const std::string &name)
{
    Workspace workspace(QDir(dir).absolutePath());
    if (QFileInfo::exists(workspace.settingsPath()))
        return std::unexpected(Error{"workspace.exists", detail::nativePathUtf8(workspace.m_dir)
                                                             + " already holds a workspace: open it instead."});
    for (const QString &path : {workspace.m_dir, workspace.requestsDirectory(), workspace.historyDirectory()}) {
        if (!QDir().mkpath(path))
            return std::unexpected(
                Error{"workspace.write", "Cannot create the folder " + detail::nativePathUtf8(path) + "."});
    }
    workspace.m_settings.name = name.empty() ? QDir(workspace.m_dir).dirName().toStdString() : name;
    if (auto saved = workspace.save(); !saved)
        return std::unexpected(saved.error());
    return workspace;
}

std::expected<Workspace, Error> Workspace::open(const QString &dir)
{
    Workspace workspace(QDir(dir).absolutePath());
    const QString path = workspace.settingsPath();
    auto bytes = detail::readWholeFile(path, maxSettingsBytes, "workspace.not-found", "workspace.unreadable");
    if (!bytes) {
        if (bytes.error().code == "workspace.not-found")
            bytes.error().message = detail::nativePathUtf8(workspace.m_dir) + " is not a workspace (it has no "
                + settingsFileName + ").";
        return std::unexpected(bytes.error());
    }
    const auto document = protocol::parseJson(*bytes);
    if (!document)
        return std::unexpected(Error{"workspace.corrupt", detail::nativePathUtf8(path) + " is not valid JSON ("
                                                              + document.error().message
                                                              + "). It was left as it is: repair it, or move it aside."});
    auto settings = settingsFromJson(*document);
    if (!settings) {
        Error error = settings.error();
        if (error.code == "workspace.corrupt")
            error.message = detail::nativePathUtf8(path) + ":" + error.message.substr(error.message.find(':') + 1)
                + ". It was left as it is.";
        return std::unexpected(std::move(error));
    }
    workspace.m_settings = std::move(*settings);
    workspace.m_document = *document;
    detail::removeStaleTemporaries(workspace.m_dir, QLatin1String(settingsFileName));
    detail::removeStaleTemporaries(workspace.requestsDirectory(), QStringLiteral("*.json"));
    return workspace;
}

std::expected<Workspace, Error> Workspace::openOrCreate(const QString &dir, const std::string &name)
{
    if (QFileInfo::exists(QDir(dir).filePath(QLatin1String(settingsFileName))))
        return open(dir);
    return create(dir, name);
}

std::expected<void, Error> Workspace::setSettings(WorkspaceSettings settings)
{
    if (auto valid = validate(settings); !valid)
        return valid;
    m_settings = std::move(settings);
    return {};
}

std::string Workspace::settingsFileContents() const
{
    Json document = toJson(m_settings);
    keepUnknownKeys(document, m_document);
    return detail::prettyJson(document);
}

std::expected<void, Error> Workspace::save()
{
    if (auto valid = validate(m_settings); !valid)
        return valid;
    Json document = toJson(m_settings);
    keepUnknownKeys(document, m_document);
    if (!QDir().mkpath(m_dir))
        return std::unexpected(Error{"workspace.write", "Cannot create the folder " + detail::nativePathUtf8(m_dir) + "."});
    if (auto written = detail::writeFileAtomically(settingsPath(), detail::prettyJson(document), "workspace.write");
        !written)
        return written;
    m_document = std::move(document);
    return {};
}

// --- saved requests ---------------------------------------------------------------------------------

std::expected<void, Error> Workspace::validateRequestName(const QString &name)
{
    const auto invalid = [](const std::string &why) {
        return requestError("request.invalid-name",
                            "Invalid request name: " + why
                                + ". Use up to 100 letters, digits, spaces and . _ - ( ) + , @ (e.g. \"Batch with consent\").");
    };
    if (name.isEmpty())
        return invalid("it is empty");
    if (name.size() > maxRequestNameLength)
        return invalid("it is longer than 100 characters");
    static const QString punctuation = QStringLiteral(" ._-()+,@");
    for (const QChar c : name) {
        if (!c.isLetterOrNumber() && !punctuation.contains(c))
            return invalid("it contains '" + QString(c).toStdString() + "'");
    }
    if (name.front() == QLatin1Char('.') || name.front() == QLatin1Char('-') || name.front() == QLatin1Char(' '))
        return invalid("it starts with '" + QString(name.front()).toStdString() + "'");
    if (name.back() == QLatin1Char('.') || name.back() == QLatin1Char(' '))
        return invalid("it ends with '" + QString(name.back()).toStdString() + "'");
    if (isReservedDeviceName(name))
        return invalid("it is a reserved device name on Windows");
    return {};
}

Json Workspace::requestToJson(const SavedRequest &request)
{
    Json out{{"name", request.name.toStdString()},
             {"type", std::string(protocol::wireName(request.type))}};
    if (!request.url.empty())
        out["url"] = request.url;
    if (auto body = protocol::parseJson(request.body))
        out["body"] = std::move(*body);
    else
        out["bodyText"] = request.body;
    return out;
}

std::expected<SavedRequest, Error> Workspace::requestFromJson(const Json &document, const QString &name)
{
    const auto corrupt = [&](const std::string &why) {
        return requestError("request.corrupt", "The saved request \"" + name.toStdString() + "\" " + why + ".");
    };
    if (!document.is_object())
        return corrupt("is not a JSON object");
    SavedRequest request;
    request.name = name;
    const auto type = document.find("type");
    if (type == document.end() || !type->is_string())
        return corrupt("has no \"type\"");
    const auto messageType = protocol::messageTypeFromWireName(type->get<std::string>());
    if (!messageType)
        return corrupt("has an unknown \"type\" (" + type->get<std::string>() + ")");
    request.type = *messageType;
    if (const auto url = document.find("url"); url != document.end() && !url->is_null()) {
        if (!url->is_string())
            return corrupt("has a \"url\" that is not a string");
        request.url = url->get<std::string>();
    }
    if (const auto body = document.find("body"); body != document.end()) {
        request.body = body->dump(2, ' ', false, Json::error_handler_t::replace);
    } else if (const auto text = document.find("bodyText"); text != document.end() && text->is_string()) {
        request.body = text->get<std::string>();
    } else {
        return corrupt("has no \"body\"");
    }
    return request;
}

std::expected<std::vector<QString>, Error> Workspace::list() const
{
    std::vector<QString> names;
    const QStringList files = QDir(requestsDirectory()).entryList({QStringLiteral("*.json")}, QDir::Files);
    for (const QString &file : files) {
        QString name = file.chopped(5);
        if (validateRequestName(name))
            names.push_back(std::move(name));
    }
    std::ranges::sort(names, [](const QString &a, const QString &b) {
        const int folded = QString::compare(a, b, Qt::CaseInsensitive);
        return folded != 0 ? folded < 0 : a < b;
    });
    return names;
}

std::expected<SavedRequest, Error> Workspace::load(const QString &name) const
{
    if (auto valid = validateRequestName(name); !valid)
        return std::unexpected(valid.error());
    const QString path = requestPath(name);
    auto bytes = detail::readWholeFile(path, maxRequestBytes, "request.not-found", "workspace.unreadable");
    if (!bytes) {
        if (bytes.error().code == "request.not-found")
            bytes.error().message = "There is no saved request \"" + name.toStdString() + "\".";
        return std::unexpected(bytes.error());
    }
    protocol::ParseOptions options;
    options.maxBytes = maxRequestBytes;
    const auto document = protocol::parseJson(*bytes, options);
    if (!document)
        return requestError("request.corrupt", detail::nativePathUtf8(path) + " is not valid JSON ("
                                                   + document.error().message + ").");
    return requestFromJson(*document, name);
}

std::expected<void, Error> Workspace::save(const SavedRequest &request)
{
    if (auto valid = validateRequestName(request.name); !valid)
        return valid;
    if (!QDir().mkpath(requestsDirectory()))
        return std::unexpected(
            Error{"workspace.write", "Cannot create the folder " + detail::nativePathUtf8(requestsDirectory()) + "."});
    return detail::writeFileAtomically(requestPath(request.name), detail::prettyJson(requestToJson(request)),
                                       "workspace.write");
}

std::expected<void, Error> Workspace::rename(const QString &from, const QString &to)
{
    if (auto valid = validateRequestName(to); !valid)
        return valid;
    auto request = load(from);
    if (!request)
        return std::unexpected(request.error());
    if (from == to)
        return {};
    if (QFileInfo::exists(requestPath(to)))
        return requestError("request.exists", "A saved request named \"" + to.toStdString() + "\" already exists.");
    request->name = to;
    if (auto saved = save(*request); !saved)
        return saved;
    if (QFileInfo::exists(requestPath(from)) && !QFile::remove(requestPath(from)))
        return requestError("workspace.write", "Saved \"" + to.toStdString() + "\" but cannot remove "
                                                   + detail::nativePathUtf8(requestPath(from)) + ".");
    return {};
}

std::expected<void, Error> Workspace::remove(const QString &name)
{
    if (auto valid = validateRequestName(name); !valid)
        return valid;
    const QString path = requestPath(name);
    if (!QFileInfo::exists(path))
        return requestError("request.not-found", "There is no saved request \"" + name.toStdString() + "\".");
    if (!QFile::remove(path))
        return requestError("workspace.write", "Cannot remove " + detail::nativePathUtf8(path) + ".");
    return {};
}

} // namespace fhw::workspace
