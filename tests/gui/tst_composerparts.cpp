// The composer's parts on their own: re-indenting and text replacement (jsontext), the JSON
// highlighter's tokens and its colours on light and dark palettes, and the editor's gutter markers
// and lazy highlighting of large documents.

#include "composer/jsoneditor.h"
#include "composer/jsonhighlighter.h"
#include "composer/jsontext.h"

#include "protocol/json.h"

#include <cmath>

#include <QPalette>
#include <QSignalSpy>
#include <QScrollBar>
#include <QTest>
#include <QTextBlock>

using fhw::gui::JsonEditor;
using fhw::gui::JsonHighlighter;
using fhw::gui::JsonTheme;
namespace jsontext = fhw::gui::jsontext;

namespace {

// WCAG contrast ratio of two colours.
double contrast(const QColor &a, const QColor &b)
{
    auto luminance = [](const QColor &c) {
        auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
    };
    const double la = luminance(a) + 0.05;
    const double lb = luminance(b) + 0.05;
    return std::max(la, lb) / std::min(la, lb);
}

QPalette palette(const QColor &base, const QColor &text)
{
    QPalette p;
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Window, base);
    p.setColor(QPalette::WindowText, text);
    return p;
}

} // namespace

class TestComposerParts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void reindent_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("like dump(2)") << QStringLiteral("{\"a\":1,\"b\":[1,2],\"c\":{},\"d\":[ ]}")
                                      << QStringLiteral("{\n  \"a\": 1,\n  \"b\": [\n    1,\n    2\n  ],\n  \"c\": {},\n  \"d\": []\n}");
        QTest::newRow("strings untouched") << QStringLiteral("{\"s\" : \"x, {y}: [z]\\\" ,\"}")
                                           << QStringLiteral("{\n  \"s\": \"x, {y}: [z]\\\" ,\"\n}");
        QTest::newRow("literals kept") << QStringLiteral("[10.50,1e3,true,null]")
                                       << QStringLiteral("[\n  10.50,\n  1e3,\n  true,\n  null\n]");
        QTest::newRow("already formatted") << QStringLiteral("{\n  \"a\": [\n    {}\n  ]\n}")
                                           << QStringLiteral("{\n  \"a\": [\n    {}\n  ]\n}");
        QTest::newRow("CRLF and tabs") << QStringLiteral("{\r\n\t\"a\":\t1\r\n}") << QStringLiteral("{\n  \"a\": 1\n}");
        QTest::newRow("broken: tokens stay apart") << QStringLiteral("{\"a\": tru e}")
                                                   << QStringLiteral("{\n  \"a\": tru e\n}");
        QTest::newRow("broken: unterminated string") << QStringLiteral("{\"a\": \"b, c")
                                                     << QStringLiteral("{\n  \"a\": \"b, c");
    }

    void reindent()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QCOMPARE(jsontext::reindent(input), expected);
    }

    void reindentMatchesDumpOfAGeneratedDocument()
    {
        const auto message = fhw::protocol::Json::parse(R"({"type":"x","n":[{"a":{"b":[]}},{"c":"d"}],"e":{}})");
        QCOMPARE(jsontext::reindent(QString::fromStdString(message.dump())), QString::fromStdString(message.dump(2)));
    }

    void minimalReplacement_data()
    {
        QTest::addColumn<QString>("before");
        QTest::addColumn<QString>("after");
        QTest::addColumn<int>("start");
        QTest::addColumn<int>("removed");
        QTest::addColumn<QString>("inserted");
        QTest::newRow("insert in the middle") << QStringLiteral("abcdef") << QStringLiteral("abcXYdef") << 3 << 0 << QStringLiteral("XY");
        QTest::newRow("remove") << QStringLiteral("abcdef") << QStringLiteral("abef") << 2 << 2 << QString();
        QTest::newRow("replace") << QStringLiteral("abcdef") << QStringLiteral("abXef") << 2 << 2 << QStringLiteral("X");
        QTest::newRow("same") << QStringLiteral("abc") << QStringLiteral("abc") << 3 << 0 << QString();
        QTest::newRow("repeated letters") << QStringLiteral("aaa") << QStringLiteral("aaaa") << 3 << 0 << QStringLiteral("a");
        // U+1F600 and U+1F601 share the high surrogate: the pair is replaced whole.
        QTest::newRow("surrogate pair") << QStringLiteral("x\U0001F600y") << QStringLiteral("x\U0001F601y") << 1 << 2
                                        << QStringLiteral("\U0001F601");
    }

    void minimalReplacement()
    {
        QFETCH(QString, before);
        QFETCH(QString, after);
        QFETCH(int, start);
        QFETCH(int, removed);
        QFETCH(QString, inserted);
        const auto change = jsontext::minimalReplacement(before, after);
        QCOMPARE(int(change.start), start);
        QCOMPARE(int(change.removed), removed);
        QCOMPARE(change.inserted, inserted);
        QString applied = before;
        applied.replace(change.start, change.removed, change.inserted);
        QCOMPARE(applied, after);
    }

    void helpers()
    {
        QCOMPARE(jsontext::longestLine(QStringLiteral("ab\nabcd\n\nabc")), 4);
        QCOMPARE(jsontext::normalizeLineEnds(QStringLiteral("a\r\nb\rc\n")), QStringLiteral("a\nb\nc\n"));
        const QByteArray utf8 = QStringLiteral("a\u00e9\U0001F600").toUtf8(); // 1 + 2 + 4 bytes
        QCOMPARE(jsontext::utf16Length(utf8.constData(), utf8.size()), 4);
    }

    void highlighterTokens()
    {
        const JsonTheme theme = JsonTheme::fromPalette(palette(Qt::white, Qt::black));
        const QString line = QStringLiteral("  \"key\" : \"value\", -3.5e2, true, nope, {}");
        const auto ranges = JsonHighlighter::formatLine(line, theme);
        auto formatAt = [&](qsizetype column) -> QTextCharFormat {
            for (const auto &range : ranges) {
                if (column >= range.start && column < range.start + range.length)
                    return range.format;
            }
            return {};
        };
        QCOMPARE(formatAt(line.indexOf(u"\"key\"")), theme.key);
        QCOMPARE(formatAt(line.indexOf(u"\"value\"")), theme.string);
        QCOMPARE(formatAt(line.indexOf(u"-3.5e2")), theme.number);
        QCOMPARE(formatAt(line.indexOf(u"true")), theme.literal);
        QCOMPARE(formatAt(line.indexOf(u"nope")), theme.invalid);
        QCOMPARE(formatAt(line.indexOf(u"{")), theme.punctuation);
        QCOMPARE(formatAt(0), QTextCharFormat()); // spaces stay plain
        // Adjacent punctuation shares one range.
        const auto braces = JsonHighlighter::formatLine(QStringLiteral("{}"), theme);
        QCOMPARE(braces.size(), 1);
        QVERIFY(JsonHighlighter::formatLine(QString(JsonHighlighter::maxLineLength + 1, u'1'), theme).isEmpty());
    }

    void coloursReadOnLightAndDark_data()
    {
        QTest::addColumn<QColor>("base");
        QTest::addColumn<QColor>("text");
        QTest::newRow("light") << QColor(Qt::white) << QColor(Qt::black);
        QTest::newRow("dark") << QColor(30, 30, 30) << QColor(220, 220, 220);
        QTest::newRow("solarized dark") << QColor(0x00, 0x2b, 0x36) << QColor(0x83, 0x94, 0x96);
    }

    void coloursReadOnLightAndDark()
    {
        QFETCH(QColor, base);
        QFETCH(QColor, text);
        const JsonTheme theme = JsonTheme::fromPalette(palette(base, text));
        for (const QTextCharFormat *format : {&theme.key, &theme.string, &theme.number, &theme.literal, &theme.invalid}) {
            const double ratio = contrast(format->foreground().color(), base);
            QVERIFY2(ratio >= 4.0, qPrintable(QStringLiteral("contrast %1 for %2").arg(ratio).arg(format->foreground().color().name())));
        }
        QVERIFY(contrast(theme.punctuation.foreground().color(), base) >= 2.5);
    }

    void gutterMarkersCarryTheMessages()
    {
        JsonEditor editor;
        editor.resize(600, 400);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        editor.replaceText(QStringLiteral("{\n  \"a\": 1,\n  \"b\": 2\n}"));
        fhw::gui::LocatedFinding warning;
        warning.finding = {fhw::protocol::Severity::Warning, "/b", "field.unknown", "not a member"};
        warning.line = 2;
        warning.column = 2;
        warning.length = 3;
        fhw::gui::LocatedFinding error = warning;
        error.finding = {fhw::protocol::Severity::Error, "/b", "type.mismatch", "must be a string"};
        editor.setFindings({warning, error});
        const int y = editor.cursorRect(QTextCursor(editor.document()->findBlockByNumber(2))).center().y();
        const QString tip = editor.gutterToolTip(y);
        QVERIFY(tip.contains(QStringLiteral("not a member")));
        QVERIFY(tip.contains(QStringLiteral("must be a string")));
        QVERIFY(editor.gutterToolTip(2).isEmpty()); // line 1: nothing
        QCOMPARE(editor.extraSelections().size(), 2);
        QCOMPARE(editor.extraSelections().first().cursor.selectedText(), QStringLiteral("\"b\""));
    }

    void largeDocumentsAreHighlightedWhereVisible()
    {
        JsonEditor editor;
        editor.resize(600, 400);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        QString text = QStringLiteral("[\n");
        for (int i = 0; i < 40000; ++i)
            text += QStringLiteral("  {\"n\": %1, \"s\": \"x\"},\n").arg(i);
        text += QStringLiteral("  {}\n]");
        QSignalSpy finished(&editor, &JsonEditor::loadFinished);
        editor.replaceText(text);
        QVERIFY(editor.isLoading());
        QVERIFY(finished.wait(20000));
        QCOMPARE(editor.text(), text);
        QVERIFY(editor.highlightsLazily());
        editor.viewport()->repaint();
        QVERIFY(!editor.document()->findBlockByNumber(1).layout()->formats().isEmpty());
        QVERIFY(editor.document()->findBlockByNumber(30000).layout()->formats().isEmpty()); // not yet seen
        editor.verticalScrollBar()->setValue(29995);
        editor.viewport()->repaint();
        QVERIFY(!editor.document()->findBlockByNumber(30000).layout()->formats().isEmpty());

        // Typing in a large document re-highlights the edited line when it is painted.
        editor.moveCursorTo(30000, 2);
        editor.insertPlainText(QStringLiteral("\"k\": 1, "));
        editor.viewport()->repaint();
        const auto formats = editor.document()->findBlockByNumber(30000).layout()->formats();
        QVERIFY(!formats.isEmpty());
        QCOMPARE(formats.first().start, 2);
        QCOMPARE(formats.first().length, 3); // the new key, "k"
        QCOMPARE(formats.first().format.foreground(), JsonTheme::fromPalette(editor.palette()).key.foreground());
    }

    void undoDuringALoadBringsBackThePreviousText()
    {
        JsonEditor editor;
        editor.replaceText(QStringLiteral("{}"));
        QString big = QStringLiteral("[");
        while (big.size() <= 8 * JsonEditor::largeDocument) // many slices
            big += QStringLiteral("1234567890,\n");
        big += QStringLiteral("0]");
        QSignalSpy progress(&editor, &JsonEditor::loadProgress);
        auto firstSlice = [&] {
            progress.clear();
            return progress.wait(5000) && editor.isLoading(); // returns right after one slice
        };

        editor.replaceText(big);
        QVERIFY(editor.isLoading());
        QVERIFY(firstSlice());
        editor.undoChange();
        QVERIFY(!editor.isLoading());
        QCOMPARE(editor.text(), QStringLiteral("{}"));
        QVERIFY(!editor.highlightsLazily());

        // A replacement during a load: the half-loaded document is dropped, not kept for Undo.
        editor.replaceText(big);
        QVERIFY(firstSlice());
        editor.replaceText(QStringLiteral("[1]"));
        QCOMPARE(editor.text(), QStringLiteral("[1]"));
        editor.undoChange();
        QCOMPARE(editor.text(), QStringLiteral("{}"));

        // Undo while the next load is still being prepared, with a half-loaded one on screen.
        editor.replaceText(big);
        QVERIFY(firstSlice());
        editor.replaceText(big + QStringLiteral(" "));
        editor.undoChange(); // drops the second load before it showed, and the half-loaded first one
        QVERIFY(!editor.isLoading());
        QCOMPARE(editor.text(), QStringLiteral("{}"));
    }
};

QTEST_MAIN(TestComposerParts)
#include "tst_composerparts.moc"
