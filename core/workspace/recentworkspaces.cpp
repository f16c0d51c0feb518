#include "recentworkspaces.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace fhw::workspace {

namespace {

const QString recentKey = QStringLiteral("workspace/recent");

QString normalised(const QString &directory)
{
    return QDir::cleanPath(QDir(directory).absolutePath());
}

} // namespace

QString defaultWorkspaceDirectory()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("default-workspace"));
}

RecentWorkspaces::RecentWorkspaces(QSettings *settings) : m_settings(settings ? settings : &m_ownSettings) {}

QStringList RecentWorkspaces::list() const
{
    QStringList out;
    for (const QString &directory : m_settings->value(recentKey).toStringList()) {
        if (QFileInfo(directory).isDir() && !out.contains(directory))
            out.append(directory);
    }
    return out;
}

void RecentWorkspaces::add(const QString &directory)
{
    const QString path = normalised(directory);
    QStringList recent = m_settings->value(recentKey).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > maxCount)
        recent.removeLast();
    write(recent);
}

void RecentWorkspaces::remove(const QString &directory)
{
    QStringList recent = m_settings->value(recentKey).toStringList();
    recent.removeAll(normalised(directory));
    write(recent);
}

void RecentWorkspaces::clear()
{
    write({});
}

void RecentWorkspaces::write(const QStringList &list)
{
    m_settings->setValue(recentKey, list);
    m_settings->sync();
}

} // namespace fhw::workspace
