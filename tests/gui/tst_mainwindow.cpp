#include "mainwindow.h"

#include <QApplication>
#include <QDialog>
#include <QMenuBar>
#include <QTableWidget>
#include <QTest>

using fhw::gui::MainWindow;

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hasFileAndHelpMenus()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QStringList titles;
        for (QAction *action : window.menuBar()->actions())
            titles << action->text().remove(u'&');
        QCOMPARE(titles, (QStringList{QStringLiteral("File"), QStringLiteral("Help")}));
        auto *quit = window.findChild<QAction *>(QStringLiteral("quitAction"));
        QVERIFY(quit);
        QCOMPARE(quit->shortcut(), QKeySequence(QKeySequence::Quit));
    }

    void aboutListsLinkedLibraries()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *about = window.findChild<QAction *>(QStringLiteral("aboutAction"));
        QVERIFY(about);
        about->trigger();

        QDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<QDialog *>(QStringLiteral("aboutDialog"))) != nullptr);
        QTRY_VERIFY(dialog->isVisible());
        auto *table = dialog->findChild<QTableWidget *>(QStringLiteral("linkedVersions"));
        QVERIFY(table);
        QStringList components;
        for (int row = 0; row < table->rowCount(); ++row) {
            components << table->item(row, 0)->text();
            QVERIFY2(!table->item(row, 1)->text().isEmpty(), qPrintable(components.last()));
            QVERIFY2(table->item(row, 1)->text() != QStringLiteral("unknown"), qPrintable(components.last()));
        }
        QCOMPARE(components, (QStringList{QStringLiteral("Qt"), QStringLiteral("GPGME"), QStringLiteral("libcurl"),
                                          QStringLiteral("libmicrohttpd"), QStringLiteral("nlohmann/json"),
                                          QStringLiteral("QtKeychain")}));
        QCOMPARE(table->item(0, 1)->text(), QString::fromLatin1(qVersion()));
        dialog->reject();
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
