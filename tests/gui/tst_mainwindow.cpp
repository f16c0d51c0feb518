#include "mainwindow.h"
#include "messagecheckview.h"

#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QMenuBar>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTableWidget>
#include <QTextBlock>
#include <QTemporaryDir>
#include <QStandardPaths>
#include <QTest>
#include <QTreeWidget>

using fhw::gui::MainWindow;

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // QSettings and the default workspace go to a test location, not the user's.
        QStandardPaths::setTestModeEnabled(true);
    }

    void hasTheMenus()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QStringList titles;
        for (QAction *action : window.menuBar()->actions())
            titles << action->text().remove(u'&');
        QCOMPARE(titles, (QStringList{QStringLiteral("File"), QStringLiteral("Request"), QStringLiteral("View"),
                                      QStringLiteral("Tools"), QStringLiteral("Help")}));
        auto *send = window.findChild<QAction *>(QStringLiteral("sendAction"));
        QVERIFY(send);
        QCOMPARE(send->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Return));
        auto *open = window.findChild<QAction *>(QStringLiteral("openMessageAction"));
        QVERIFY(open);
        QCOMPARE(open->shortcut(), QKeySequence(QKeySequence::Open));
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

    void opensAndChecksAMessage()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("batch.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"type":"event_processing_request","id":"3c5b9f0e-8d1a-4f6b-9c2e-7a4d5e6f7a8b",
            "timestamp_ms":1767225600000,"firehose_version":"3.2.0","account":{"account_id":1},
            "events":[{"type":"media_event","id":"9a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d","timestamp_ms":1767225600001}]})");
        file.close();

        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openMessage(path);
        auto *check = window.findChild<fhw::gui::MessageCheckView *>();
        QVERIFY(check);
        auto *findings = check->findChild<QTreeWidget *>(QStringLiteral("findings"));
        auto *text = check->findChild<QPlainTextEdit *>(QStringLiteral("messageText"));
        QVERIFY(findings && text);
        QTRY_COMPARE(findings->topLevelItemCount(), 1);
        QCOMPARE(findings->topLevelItem(0)->text(2), QStringLiteral("event.unknown-type"));
        QCOMPARE(findings->topLevelItem(0)->text(0), QStringLiteral("error"));
        QVERIFY(text->toPlainText().contains(QStringLiteral("\n  \"type\": \"event_processing_request\"")));

        // Clicking a finding moves the cursor to its place in the text.
        QTest::mouseClick(findings->viewport(), Qt::LeftButton, {},
                          findings->visualItemRect(findings->topLevelItem(0)).center());
        QVERIFY(text->textCursor().block().text().contains(QStringLiteral("\"type\": \"media_event\"")));

        // The tolerant profile re-checks: the same problem becomes a warning.
        auto *profile = check->findChild<QComboBox *>(QStringLiteral("profile"));
        QVERIFY(profile);
        profile->setCurrentIndex(1);
        QTRY_COMPARE(findings->topLevelItem(0) ? findings->topLevelItem(0)->text(0) : QString(), QStringLiteral("warning"));
    }

    void badFilesAreReportedNotFatal()
    {
        QTemporaryDir dir;
        const QString broken = dir.filePath(QStringLiteral("broken.json"));
        QFile file(broken);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"type\": \"event_");
        file.close();

        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *check = window.findChild<fhw::gui::MessageCheckView *>();
        QVERIFY(check);
        auto *findings = check->findChild<QTreeWidget *>(QStringLiteral("findings"));
        auto *title = check->findChild<QLabel *>(QStringLiteral("checkTitle"));
        window.openMessage(broken);
        QTRY_COMPARE(findings->topLevelItemCount(), 1);
        QCOMPARE(findings->topLevelItem(0)->text(2), QStringLiteral("parse.syntax"));

        window.openMessage(dir.path()); // a directory
        QTRY_VERIFY(title->text().contains(QStringLiteral("is a directory")));
        QCOMPARE(findings->topLevelItemCount(), 0);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
