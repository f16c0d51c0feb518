#pragma once

#include <QSettings>
#include <QString>
#include <QStringList>

namespace fhw::workspace {

// Where the window keeps its workspace when nobody chose one: <AppDataLocation>/default-workspace
// (~/.local/share/<organisation>/<application>/default-workspace on Linux).
QString defaultWorkspaceDirectory();

// The workspaces opened lately, most recent first, kept in QSettings under "workspace/recent".
class RecentWorkspaces
{
public:
    static constexpr int maxCount = 10;

    // `settings` must outlive this object; nullptr: the application's QSettings.
    explicit RecentWorkspaces(QSettings *settings = nullptr);

    QStringList list() const;           // existing folders only, absolute, most recent first
    void add(const QString &directory); // moves it to the front; keeps at most maxCount
    void remove(const QString &directory);
    void clear();

private:
    void write(const QStringList &list);

    QSettings m_ownSettings;
    QSettings *m_settings;
};

} // namespace fhw::workspace
