#pragma once

#include <QString>

#include <functional>
#include <string>

class QObject;
class QWidget;

namespace fhw::gui {

// Report files of the readiness panel: the text is produced and written on a worker thread (a long
// load run's JSON and histogram log are not small), atomically (QSaveFile); `done` runs on the GUI
// thread with an empty string on success or what went wrong. When `context` is destroyed first,
// the file is still written and `done` is not called. `produce` must own everything it reads.
void writeReportFile(QObject *context, const QString &path, std::function<std::string()> produce,
                     std::function<void(const QString &error)> done);

// A save dialog with one filter, remembering the folder of the last report saved in this session.
// Empty when the user cancelled.
QString askReportPath(QWidget *parent, const QString &caption, const QString &suggestedName, const QString &filter);

} // namespace fhw::gui
