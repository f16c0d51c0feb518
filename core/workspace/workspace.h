#pragma once

#include "workspacesettings.h"

#include "common/error.h"
#include "protocol/json.h"
#include "protocol/messagetype.h"

#include <QString>

#include <expected>
#include <string>
#include <vector>

namespace fhw::workspace {

// A request kept in the workspace: requests/<name>.json, {"name", "type", "url", "body"} with the body
// embedded as JSON (so it diffs well in git); a body that is not valid JSON is kept as "bodyText".
struct SavedRequest
{
    QString name;
    protocol::MessageType type = protocol::MessageType::EventProcessingRequest;
    std::string url;  // empty: the workspace's target
    std::string body; // the JSON text; reloaded pretty-printed (2-space indent) when it was JSON

    friend bool operator==(const SavedRequest &, const SavedRequest &) = default;
};

// A workspace is a folder of plain JSON files that diff well in git:
//   workspace.json      WorkspaceSettings (toJson() in workspacesettings.h), keys in a fixed order
//   requests/NAME.json  saved requests
//   history/            HistoryStore (historystore.h; the caller opens it on historyDirectory())
// Every file is written atomically (QSaveFile): killed during a save, the previous file stays whole.
// Keys of workspace.json this version does not know are kept across a load and save.
//
// A value type; every call does its own small, synchronous file I/O (saved requests can be large:
// load/save them off the GUI thread when they are). Error codes: workspace.not-found, workspace.exists,
// workspace.corrupt, workspace.unsupported, workspace.invalid-settings, workspace.write,
// workspace.unreadable, request.invalid-name, request.not-found, request.exists, request.corrupt.
class Workspace
{
public:
    static constexpr const char *settingsFileName = "workspace.json";
    static constexpr const char *requestsFolderName = "requests";
    static constexpr const char *historyFolderName = "history";

    // A new workspace in `dir` (created if missing; refused when it already holds a workspace.json).
    // `name` defaults to the folder's name.
    static std::expected<Workspace, Error> create(const QString &dir, const std::string &name = {});
    // An existing workspace; workspace.json is read and checked, never written.
    static std::expected<Workspace, Error> open(const QString &dir);
    // open() when dir holds a workspace.json, else create(); for the default workspace at first start.
    static std::expected<Workspace, Error> openOrCreate(const QString &dir, const std::string &name = {});

    QString directory() const { return m_dir; }
    QString settingsPath() const;
    QString requestsDirectory() const;
    QString historyDirectory() const;

    const WorkspaceSettings &settings() const { return m_settings; }
    // Checks the values (validate()); nothing is written until save().
    std::expected<void, Error> setSettings(WorkspaceSettings settings);
    // Writes workspace.json: pretty JSON, keys in a fixed order, unknown keys kept, trailing newline.
    std::expected<void, Error> save();
    // The bytes save() writes.
    std::string settingsFileContents() const;

    // Saved requests, by name.
    std::expected<std::vector<QString>, Error> list() const; // sorted, case-insensitively
    std::expected<SavedRequest, Error> load(const QString &name) const;
    std::expected<void, Error> save(const SavedRequest &request); // replaces one of the same name
    std::expected<void, Error> rename(const QString &from, const QString &to);
    std::expected<void, Error> remove(const QString &name);
    QString requestPath(const QString &name) const;

    // request.invalid-name unless 1-100 characters: letters, digits, space and . _ - ( ) + , @ — not
    // starting with '.', '-' or a space, not ending with '.' or a space, not a reserved device name.
    static std::expected<void, Error> validateRequestName(const QString &name);

    // The JSON of a saved request file, and back.
    static protocol::Json requestToJson(const SavedRequest &request);
    static std::expected<SavedRequest, Error> requestFromJson(const protocol::Json &document, const QString &name);

private:
    explicit Workspace(QString dir) : m_dir(std::move(dir)) {}

    QString m_dir;
    WorkspaceSettings m_settings;
    protocol::Json m_document; // workspace.json as last read or written: its unknown keys are kept
};

} // namespace fhw::workspace
