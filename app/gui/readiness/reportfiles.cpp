#include "reportfiles.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QSaveFile>
#include <QtConcurrent/QtConcurrentRun>

namespace fhw::gui {

namespace {

QString writeNow(const QString &path, const std::string &text)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return file.errorString();
    if (file.write(text.data(), qint64(text.size())) != qint64(text.size()))
        return file.errorString();
    if (!file.commit())
        return file.errorString();
    return {};
}

QString &lastFolder()
{
    static QString folder = QDir::homePath(); // GUI thread only
    return folder;
}

} // namespace

void writeReportFile(QObject *context, const QString &path, std::function<std::string()> produce,
                     std::function<void(const QString &error)> done)
{
    auto *watcher = new QFutureWatcher<QString>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context, [watcher, done = std::move(done)] {
        watcher->deleteLater();
        if (done)
            done(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run([path, produce = std::move(produce)] { return writeNow(path, produce()); }));
}

QString askReportPath(QWidget *parent, const QString &caption, const QString &suggestedName, const QString &filter)
{
    const QString path = QFileDialog::getSaveFileName(parent, caption, QDir(lastFolder()).filePath(suggestedName), filter);
    if (!path.isEmpty())
        lastFolder() = QFileInfo(path).absolutePath();
    return path;
}

} // namespace fhw::gui
