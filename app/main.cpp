// firehose-workbench: thin; the window lives in firehose_gui.

#include "mainwindow.h"

#include <QApplication>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Firehose Workbench"));
    QApplication::setOrganizationName(QStringLiteral("Firehose Workbench"));
    QApplication::setApplicationVersion(QStringLiteral(FHW_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("firehose-workbench"));

    fhw::gui::MainWindow window;
    window.show();
    // firehose-workbench FILE opens a message to check, like File > Open Message….
    const QStringList arguments = QApplication::arguments();
    if (arguments.size() > 1)
        window.openMessage(arguments.at(1));
    return QApplication::exec();
}
