#include "mainwindow.h"

#include "aboutdialog.h"
#include "messagecheckview.h"

#include <QApplication>
#include <QFileDialog>
#include <QMenuBar>
#include <QStatusBar>

namespace fhw::gui {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Firehose Workbench"));

    m_checkView = new MessageCheckView(this);
    m_checkView->setObjectName(QStringLiteral("checkView"));
    connect(m_checkView, &MessageCheckView::checked, statusBar(), [this](const QString &summary) {
        statusBar()->showMessage(summary);
    });
    setCentralWidget(m_checkView);
    createMenus();
    statusBar()->showMessage(tr("Ready"));
    resize(1100, 720);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(QStringLiteral("fileMenu"));
    QAction *open = file->addAction(tr("&Open Message…"), this, &MainWindow::chooseMessage);
    open->setObjectName(QStringLiteral("openMessageAction"));
    open->setShortcut(QKeySequence::Open);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setObjectName(QStringLiteral("quitAction"));
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("helpMenu"));
    QAction *about = help->addAction(tr("&About Firehose Workbench"), this, &MainWindow::showAbout);
    about->setObjectName(QStringLiteral("aboutAction"));
    about->setMenuRole(QAction::AboutRole);
    QAction *aboutQt = help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::openMessage(const QString &path)
{
    m_checkView->openFile(path);
}

void MainWindow::chooseMessage()
{
    auto *dialog = new QFileDialog(this, tr("Open a Firehose message"), QString(),
                                   tr("JSON messages (*.json);;All files (*)"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    connect(dialog, &QFileDialog::fileSelected, this, &MainWindow::openMessage);
    dialog->open();
}

void MainWindow::showAbout()
{
    auto *dialog = new AboutDialog(this);
    dialog->setObjectName(QStringLiteral("aboutDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

} // namespace fhw::gui
