// ComposerWidget: generation, live validation with located findings, form ↔ JSON sync, undo,
// drag and drop, shortcuts and formatting, in the offscreen platform.

#include "composer/composerwidget.h"
#include "composer/eventbatchform.h"
#include "composer/jsoneditor.h"

#include "protocol/json.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTableView>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTreeView>

using fhw::gui::ComposerWidget;
using fhw::gui::JsonEditor;
using fhw::protocol::Json;
using fhw::protocol::MessageType;

Q_DECLARE_METATYPE(fhw::protocol::MessageType)

namespace {

Json parsed(const QString &text)
{
    return Json::parse(text.toStdString());
}

// A JSON value as text for QCOMPARE: strings as they are, the rest as JSON.
QString str(const Json &value)
{
    return QString::fromStdString(value.is_string() ? value.get<std::string>() : value.dump());
}

// Waits until the composer has validated the text it holds now.
bool settle(ComposerWidget &composer)
{
    return QTest::qWaitFor([&] { return !composer.isValidationPending(); }, 10000);
}

// The 0-based line of the first line containing `needle`.
int lineOf(const QString &text, const QString &needle)
{
    const QStringList lines = text.split(u'\n');
    for (int i = 0; i < lines.size(); ++i) {
        if (lines[i].contains(needle))
            return i;
    }
    return -1;
}

void clickFinding(ComposerWidget &composer, int row)
{
    auto *view = composer.findChild<QTreeView *>(QStringLiteral("findings"));
    QVERIFY(view);
    const QModelIndex index = view->model()->index(row, 0);
    view->scrollTo(index);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
}

} // namespace

class TestComposer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void generatesEveryRequestTypeClean_data()
    {
        QTest::addColumn<MessageType>("type");
        QTest::addColumn<bool>("verification");
        QTest::addColumn<QString>("page");
        QTest::newRow("registration") << MessageType::ModuleRegistrationRequest << false << QStringLiteral("registrationForm");
        QTest::newRow("event batch") << MessageType::EventProcessingRequest << false << QStringLiteral("eventBatchForm");
        QTest::newRow("event batch, verification") << MessageType::EventProcessingRequest << true << QStringLiteral("eventBatchForm");
        QTest::newRow("subscription") << MessageType::AudienceSubscriptionRequest << false << QStringLiteral("subscriptionForm");
        QTest::newRow("membership") << MessageType::AudienceMembershipChangeRequest << false << QStringLiteral("membershipForm");
        QTest::newRow("membership, verification") << MessageType::AudienceMembershipChangeRequest << true << QStringLiteral("membershipForm");
        QTest::newRow("dsr") << MessageType::DsrProcessingRequest << false << QStringLiteral("dsrForm");
    }

    void generatesEveryRequestTypeClean()
    {
        QFETCH(MessageType, type);
        QFETCH(bool, verification);
        QFETCH(QString, page);

        ComposerWidget composer;
        composer.show();
        QSignalSpy validated(&composer, &ComposerWidget::validated);
        composer.setMessageType(type);
        QCOMPARE(composer.messageType(), type);
        composer.generate(7, 16, verification);
        QVERIFY(settle(composer));
        QVERIFY(!validated.isEmpty());
        QCOMPARE(validated.last().at(0).toInt(), 0);
        QCOMPARE(composer.errorCount(), 0);
        const Json message = parsed(composer.text());
        QCOMPARE(QString::fromStdString(message["type"].get<std::string>()),
                 QString::fromLatin1(fhw::protocol::wireName(type)));
        auto *pages = composer.findChild<QStackedWidget *>(QStringLiteral("formPages"));
        QCOMPARE(pages->currentWidget()->objectName(), page);
        QVERIFY(pages->isEnabled());
        if (type == MessageType::EventProcessingRequest)
            QCOMPARE(message["events"].size(), verification ? 0u : 16u);
    }

    void sameTypeKeepsTheText()
    {
        ComposerWidget composer;
        composer.setMessageType(MessageType::AudienceSubscriptionRequest);
        composer.generate(3, 16, false);
        const QString text = composer.text();
        composer.setMessageType(MessageType::AudienceSubscriptionRequest);
        QCOMPARE(composer.text(), text);
        composer.setMessageType(MessageType::DsrProcessingRequest); // another type: a new message
        QCOMPARE(QString::fromStdString(parsed(composer.text())["type"].get<std::string>()),
                 QStringLiteral("dsr_processing_request"));
    }

    void missingFieldIsAFindingAtItsLine()
    {
        ComposerWidget composer;
        composer.show();
        QVERIFY(QTest::qWaitForWindowExposed(&composer));
        QVERIFY(settle(composer));
        QCOMPARE(composer.errorCount(), 0);

        // Delete the line holding account_id, as a person would.
        JsonEditor *editor = composer.editor();
        const int removed = lineOf(composer.text(), QStringLiteral("\"account_id\""));
        const int account = lineOf(composer.text(), QStringLiteral("\"account\""));
        QVERIFY(removed > account && account > 0);
        QTextCursor cursor(editor->document()->findBlockByNumber(removed));
        cursor.select(QTextCursor::BlockUnderCursor);
        cursor.removeSelectedText();
        QVERIFY(settle(composer));
        QVERIFY(composer.errorCount() > 0);

        const auto findings = composer.findings();
        int row = -1;
        for (int i = 0; i < findings.size(); ++i) {
            if (findings[i].finding.pointer == "/account/account_id")
                row = i;
        }
        QVERIFY2(row >= 0, "no finding about /account/account_id");
        QCOMPARE(findings[row].line, account); // the member is gone: its parent's line
        QVERIFY(!findings[row].exact);

        editor->moveCursorTo(0, 0);
        clickFinding(composer, row);
        QCOMPARE(editor->textCursor().blockNumber(), account);
        QVERIFY(editor->hasFocus());
    }

    void brokenJsonIsAFindingAtItsLineAndDisablesTheForm()
    {
        ComposerWidget composer;
        composer.show();
        QVERIFY(settle(composer));
        JsonEditor *editor = composer.editor();
        // Remove the comma at the end of the "type" line: the parser stops at the next key.
        const int typeLine = lineOf(composer.text(), QStringLiteral("\"type\": \"event_processing_request\""));
        QTextBlock block = editor->document()->findBlockByNumber(typeLine);
        QVERIFY(block.text().endsWith(u','));
        QTextCursor cursor(block);
        cursor.setPosition(block.position() + block.length() - 2);
        cursor.deleteChar();
        QVERIFY(settle(composer));
        QCOMPARE(composer.errorCount(), 1);
        const auto findings = composer.findings();
        QCOMPARE(findings.size(), 1);
        QCOMPARE(QString::fromStdString(findings[0].finding.code), QStringLiteral("parse.syntax"));
        QCOMPARE(findings[0].line, typeLine + 1);
        QCOMPARE(findings[0].column, 2); // the quote of the next key, after two spaces

        auto *pages = composer.findChild<QStackedWidget *>(QStringLiteral("formPages"));
        auto *note = composer.findChild<QLabel *>(QStringLiteral("formNote"));
        QVERIFY(!pages->isEnabled());
        QVERIFY(note->text().contains(QStringLiteral("Fix the JSON")));

        clickFinding(composer, 0);
        QCOMPARE(editor->textCursor().blockNumber(), typeLine + 1);
        QCOMPARE(editor->textCursor().positionInBlock(), 2);

        editor->undoChange(); // the comma is back: valid again, form usable
        QVERIFY(settle(composer));
        QCOMPARE(composer.errorCount(), 0);
        QVERIFY(pages->isEnabled());
        QVERIFY(!note->isVisible());
    }

    void addingAnEventRewritesTheText()
    {
        ComposerWidget composer;
        composer.show();
        QVERIFY(settle(composer));
        const QString before = composer.text();
        auto *form = composer.findChild<fhw::gui::EventBatchForm *>();
        auto *type = form->findChild<QComboBox *>(QStringLiteral("eventType"));
        auto *add = form->findChild<QPushButton *>(QStringLiteral("addEvent"));
        auto *events = form->findChild<QTableView *>(QStringLiteral("events"));
        QCOMPARE(events->model()->rowCount(), 16);
        type->setCurrentText(QStringLiteral("screen_view"));
        add->click();

        const Json message = parsed(composer.text());
        QCOMPARE(message["events"].size(), 17u);
        // Before the closing session_end, in the same session.
        QCOMPARE(str(message["events"][15]["type"]), QStringLiteral("screen_view"));
        QCOMPARE(str(message["events"][16]["type"]), QStringLiteral("session_end"));
        QCOMPARE(str(message["events"][15]["session_id"]), str(message["events"][14]["session_id"]));
        QCOMPARE(events->model()->rowCount(), 17);
        QVERIFY(settle(composer));
        QCOMPARE(composer.errorCount(), 0);

        // "Show in JSON" puts the cursor on the event.
        events->selectRow(15);
        events->setCurrentIndex(events->model()->index(15, 0));
        form->findChild<QPushButton *>(QStringLiteral("showEventInJson"))->click();
        QCOMPARE(composer.findChild<QTabWidget *>(QStringLiteral("composerTabs"))->currentIndex(), 1);
        const QTextBlock eventLine = composer.editor()->textCursor().block();
        QVERIFY(eventLine.text().trimmed() == u"{");
        QVERIFY(eventLine.next().text().contains(QStringLiteral("\"screen_view\"")));

        // One undo step takes it back, and the form follows.
        composer.editor()->undoChange();
        QCOMPARE(composer.text(), before);
        QVERIFY(settle(composer));
        QCOMPARE(events->model()->rowCount(), 16);
    }

    void hashedIdentityIsHashedForYou()
    {
        ComposerWidget composer;
        composer.show();
        QVERIFY(settle(composer));
        auto *form = composer.findChild<fhw::gui::EventBatchForm *>();
        auto *table = form->findChild<QTableWidget *>(QStringLiteral("userIdentitiesTable"));
        QVERIFY(table && table->rowCount() > 0);

        // A raw identity switched to sha256 is hashed; then a raw value typed is hashed too.
        int row = -1;
        for (int i = 0; i < table->rowCount(); ++i) {
            if (table->item(i, 1)->text() == u"raw")
                row = i;
        }
        QVERIFY(row >= 0);
        const QString raw = table->item(row, 2)->text();
        table->item(row, 1)->setText(QStringLiteral("sha256"));
        Json message = parsed(composer.text());
        QCOMPARE(str(message["user_identities"][std::size_t(row)]["encoding"]), QStringLiteral("sha256"));
        QCOMPARE(QString::fromStdString(message["user_identities"][std::size_t(row)]["value"].get<std::string>()).size(), 64);
        QVERIFY(QString::fromStdString(message["user_identities"][std::size_t(row)]["value"].get<std::string>()) != raw);

        table->item(row, 2)->setText(QStringLiteral("  Jane.Doe@Example.com "));
        message = parsed(composer.text());
        // printf %s jane.doe@example.com | sha256sum
        QCOMPARE(str(message["user_identities"][std::size_t(row)]["value"]),
                 QStringLiteral("86e0b9e56c17cc4d12387e1949b85053fbe73bc3ce5a1188713a9d300cc6133d"));
        QCOMPARE(table->item(row, 2)->text(),
                 QStringLiteral("86e0b9e56c17cc4d12387e1949b85053fbe73bc3ce5a1188713a9d300cc6133d"));
    }

    void textEditsReachTheForm()
    {
        ComposerWidget composer;
        composer.show();
        QVERIFY(settle(composer));
        auto *form = composer.findChild<fhw::gui::EventBatchForm *>();
        auto *mpid = form->findChild<QLineEdit *>(QStringLiteral("mpid"));
        auto *events = form->findChild<QTableView *>(QStringLiteral("events"));
        QVERIFY(!mpid->text().isEmpty());

        Json message = parsed(composer.text());
        message["mpid"] = "424242";
        message["events"].erase(0);
        composer.setText(QString::fromStdString(message.dump(2)));
        QVERIFY(settle(composer));
        QCOMPARE(mpid->text(), QStringLiteral("424242"));
        QCOMPARE(events->model()->rowCount(), 15);

        // Typing in the editor too, after the debounce.
        JsonEditor *editor = composer.editor();
        const int line = lineOf(composer.text(), QStringLiteral("\"mpid\": \"424242\""));
        QTextBlock block = editor->document()->findBlockByNumber(line);
        editor->setTextCursor(QTextCursor(block));
        editor->moveCursorTo(line, int(block.text().indexOf(QStringLiteral("424242")) + 6));
        QTest::keyClicks(editor, QStringLiteral("77"));
        QTRY_COMPARE(mpid->text(), QStringLiteral("42424277"));
    }

    void formEditsWriteTheText()
    {
        ComposerWidget composer;
        composer.show();
        QVERIFY(settle(composer));
        auto *form = composer.findChild<fhw::gui::EventBatchForm *>();
        auto *mpid = form->findChild<QLineEdit *>(QStringLiteral("mpid"));
        mpid->setText(QStringLiteral("1234"));
        Q_EMIT mpid->editingFinished();
        QCOMPARE(str(parsed(composer.text())["mpid"]), QStringLiteral("1234"));

        auto *runtime = form->findChild<QComboBox *>(QStringLiteral("runtimeType"));
        runtime->setCurrentText(QStringLiteral("roku"));
        Q_EMIT runtime->activated(runtime->currentIndex());
        QCOMPARE(str(parsed(composer.text())["runtime_environment"]["type"]), QStringLiteral("roku"));

        auto *attributes = form->findChild<QTableWidget *>(QStringLiteral("userAttributesTable"));
        attributes->item(0, 1)->setText(QString::fromUtf8("Zo\xc3\xab"));
        const Json message = parsed(composer.text());
        QCOMPARE(str(message["user_attributes"].begin().value()), QString::fromUtf8("Zo\xc3\xab"));
    }

    void undoRestoresReplacedText()
    {
        ComposerWidget composer;
        const QString first = composer.text();
        composer.setText(QStringLiteral("{\"type\": \"module_registration_request\"}"));
        composer.editor()->undoChange();
        QCOMPARE(composer.text(), first);
        composer.editor()->redoChange();
        QCOMPARE(composer.text(), QStringLiteral("{\"type\": \"module_registration_request\"}"));
    }

    void largeDocumentLoadsInSlicesAndUndoSwapsBack()
    {
        ComposerWidget composer;
        composer.resize(800, 600);
        composer.show();
        QVERIFY(settle(composer));
        const QString small = composer.text();
        QSignalSpy validated(&composer, &ComposerWidget::validated);
        composer.generate(5, 900, false); // about 600 KB: above the large-document threshold
        QVERIFY(composer.text().size() > JsonEditor::largeDocument);
        QVERIFY(composer.editor()->isLoading());
        QVERIFY(settle(composer));
        QVERIFY(!composer.editor()->isLoading());
        QVERIFY(composer.editor()->highlightsLazily());
        QCOMPARE(composer.errorCount(), 0);
        QCOMPARE(parsed(composer.editor()->text())["events"].size(), 900u);
        QCOMPARE(composer.editor()->document()->blockCount(), int(composer.text().count(u'\n')) + 1);

        const QString large = composer.text();
        composer.editor()->undoChange(); // the small document comes back whole
        QCOMPARE(composer.text(), small);
        QVERIFY(!composer.editor()->highlightsLazily());
        QVERIFY(settle(composer));
        QCOMPARE(composer.errorCount(), 0);

        // Redo: the large one had no edits of its own, so it loads anew in slices.
        composer.editor()->redoChange();
        QVERIFY(composer.editor()->isLoading());
        QCOMPARE(composer.text(), large);
        QVERIFY(settle(composer));
        QCOMPARE(composer.editor()->text(), large);
        composer.editor()->undoChange();
        QCOMPARE(composer.text(), small);
        composer.editor()->redoChange();
        QVERIFY(settle(composer));

        // Typed into, it keeps that history: undo swaps it away and back whole.
        composer.editor()->moveCursorTo(1, 0);
        QTest::keyClick(composer.editor(), Qt::Key_Space);
        const QString typed = composer.text();
        composer.setText(small);
        composer.editor()->undoChange();
        QVERIFY(!composer.editor()->isLoading());
        QCOMPARE(composer.text(), typed);
        composer.editor()->undoChange(); // the space
        QCOMPARE(composer.text(), large);
    }

    void minifiedLargeDocumentIsReindented()
    {
        ComposerWidget composer;
        // Large and on one line (a long user attribute makes it large).
        Json message = parsed(composer.text());
        message["user_attributes"]["notes"] = std::string(300 * 1024, 'x');
        composer.setText(QString::fromStdString(message.dump()));
        QVERIFY(settle(composer));
        QVERIFY(composer.editor()->wasReindented());
        QCOMPARE(composer.text(), QString::fromStdString(message.dump(2)));
    }

    void droppedFileReplacesTheDocument()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("request.json"));
        const QString content = QStringLiteral("{\n  \"type\": \"dsr_processing_request\"\n}");
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(content.toUtf8());
        }
        ComposerWidget composer;
        composer.show();
        const QString before = composer.text();
        JsonEditor *editor = composer.editor();
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(path)});
        const QPoint at = editor->viewport()->rect().center();
        QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(editor->viewport(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(editor->viewport(), &drop);
        QTRY_COMPARE(composer.text(), content);
        editor->undoChange();
        QCOMPARE(composer.text(), before);
    }

    void ctrlEnterRequestsSending()
    {
        ComposerWidget composer;
        composer.show();
        QVERIFY(QTest::qWaitForWindowExposed(&composer));
        QSignalSpy send(&composer, &ComposerWidget::sendRequested);
        const QString text = composer.text();
        composer.editor()->setFocus();
        QTest::keyClick(composer.editor(), Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(send.size(), 1);
        QCOMPARE(composer.text(), text); // no newline typed
        QTest::keyClick(composer.editor(), Qt::Key_Enter, Qt::ControlModifier | Qt::KeypadModifier);
        QCOMPARE(send.size(), 2);

        composer.showForm();
        auto *mpid = composer.findChild<fhw::gui::EventBatchForm *>()->findChild<QLineEdit *>(QStringLiteral("mpid"));
        mpid->setFocus();
        QTest::keyClick(mpid, Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(send.size(), 3);
    }

    void formatPrettyPrints()
    {
        ComposerWidget composer;
        const QString compact = QStringLiteral(
            "{\"type\":\"event_processing_request\",\"id\":\"a\",\"events\":[],\"account\":{\"account_id\":1,"
            "\"account_settings\":{}},\"price\":10.50}");
        composer.setText(compact);
        composer.formatDocument();
        // Like dump(2), but number literals are kept as written.
        QString expected = QString::fromStdString(Json::parse(compact.toStdString()).dump(2));
        expected.replace(QStringLiteral("10.5"), QStringLiteral("10.50"));
        QCOMPARE(composer.text(), expected);
        composer.editor()->undoChange();
        QCOMPARE(composer.text(), compact);

        // Ctrl+Shift+F in the editor; broken JSON is left alone.
        composer.setText(QStringLiteral("{\"a\": [1,"));
        QTest::keyClick(composer.editor(), Qt::Key_F, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(composer.text(), QStringLiteral("{\"a\": [1,"));
    }

    void typingIsDebouncedAndStaleResultsAreDropped()
    {
        ComposerWidget composer;
        composer.show();
        QVERIFY(settle(composer));
        QSignalSpy validated(&composer, &ComposerWidget::validated);
        JsonEditor *editor = composer.editor();
        editor->moveCursorTo(0, 1);
        for (int i = 0; i < 5; ++i) {
            QTest::keyClick(editor, Qt::Key_Space);
            QTest::qWait(40);
        }
        QVERIFY(composer.isValidationPending());
        QCOMPARE(composer.errorCount(), 0);
        QVERIFY(settle(composer));
        QTest::qWait(400);
        // One validation for the burst (a loaded machine may split it, never one per key).
        QVERIFY(validated.size() >= 1 && validated.size() < 5);
    }

    void keepsNonBreakingSpacesInStrings()
    {
        ComposerWidget composer;
        const QString text = QStringLiteral("{\"type\": \"dsr_processing_request\", \"x\": \"a\u00a0b\"}");
        composer.setText(text);
        QCOMPARE(composer.text(), text);
    }

    void oddShapesDoNotBreakTheForm()
    {
        ComposerWidget composer;
        composer.show();
        auto *pages = composer.findChild<QStackedWidget *>(QStringLiteral("formPages"));
        composer.setText(QStringLiteral("[1, 2]"));
        QVERIFY(settle(composer));
        QVERIFY(!pages->isEnabled()); // valid JSON, but no message: the form cannot show it

        // Members of the wrong JSON type: the form shows what it can and edits nothing it cannot.
        const QString odd = QStringLiteral(
            "{\"type\": \"event_processing_request\", \"runtime_environment\": \"phone\", \"events\": {},"
            " \"consent_state\": {\"gdpr_consent_state\": {\"ads\": {\"consented\": \"yes\"}}}}");
        composer.setText(odd);
        QVERIFY(settle(composer));
        QVERIFY(pages->isEnabled());
        auto *form = composer.findChild<fhw::gui::EventBatchForm *>();
        auto *runtime = form->findChild<QComboBox *>(QStringLiteral("runtimeType"));
        runtime->setCurrentText(QStringLiteral("ios"));
        Q_EMIT runtime->activated(runtime->currentIndex());
        QCOMPARE(composer.text(), odd);
        form->removeSelectedEvents();
        form->addEvent(QStringLiteral("custom_event"));
        QCOMPARE(parsed(composer.text())["events"].size(), 1u);
    }

    void membershipProfilesAndAudiences()
    {
        ComposerWidget composer;
        composer.show();
        composer.setMessageType(MessageType::AudienceMembershipChangeRequest);
        composer.generate(2, 16, true); // verification: no user_profiles
        QVERIFY(settle(composer));
        auto *note = composer.findChild<QLabel *>(QStringLiteral("verificationNote"));
        QVERIFY(!note->isHidden());
        composer.findChild<QPushButton *>(QStringLiteral("addProfile"))->click();
        composer.findChild<QPushButton *>(QStringLiteral("audiencesAdd"))->click();
        const Json message = parsed(composer.text());
        QCOMPARE(message["user_profiles"].size(), 1u);
        QCOMPARE(str(message["user_profiles"][0]["audiences"][0]["action"]), QStringLiteral("add"));
        QVERIFY(note->isHidden());
    }
};

QTEST_MAIN(TestComposer)
#include "tst_composer.moc"
