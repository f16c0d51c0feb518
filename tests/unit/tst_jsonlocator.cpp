// locateJsonPointers: JSON Pointer → line/column in the text, table-driven. Expected positions were
// counted by hand from the document below (1-based lines, byte columns).

#include "protocol/jsonlocator.h"

#include <QtTest>

using fhw::protocol::locateJsonPointer;
using fhw::protocol::locateJsonPointers;
using fhw::protocol::textPositionOf;

namespace {

const char *const document =
    "{\n"                                          // 1
    "  \"type\": \"event_processing_request\",\n" // 2
    "  \"a/b\": {\"c~d\": 1},\n"                   // 3
    "  \"events\": [\n"                            // 4
    "    {\"type\": \"custom_event\", \"name\": \"x\"},\n" // 5
    "    {\n"                                      // 6
    "      \"type\": \"screen_view\"\n"            // 7
    "    }\n"                                      // 8
    "  ],\n"                                       // 9
    "  \"esc\\\"aped\": true,\n"                   // 10
    "  \"\\u00e9t\\u00e9\": null,\n"               // 11
    "  \"br{ack\": \"s[t]r{i}ng\",\n"              // 12
    "  \"empty\": [],\n"                           // 13
    "  \"emoji\\ud83d\\ude00\": 1,\n"              // 14
    "  \"caf\xc3\xa9\": {\"x\": -1.5e3}\n"         // 15
    "}\n";                                         // 16

} // namespace

class TestJsonLocator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void locates_data()
    {
        QTest::addColumn<QByteArray>("pointer");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<bool>("exact");
        QTest::addColumn<QByteArray>("found");
        QTest::addColumn<int>("length");

        QTest::newRow("root") << QByteArray("") << 1 << 1 << true << QByteArray("") << 1;
        QTest::newRow("top-level key") << QByteArray("/type") << 2 << 3 << true << QByteArray("/type") << 6;
        QTest::newRow("~1 is a slash") << QByteArray("/a~1b") << 3 << 3 << true << QByteArray("/a~1b") << 5;
        QTest::newRow("~0 is a tilde") << QByteArray("/a~1b/c~0d") << 3 << 11 << true << QByteArray("/a~1b/c~0d") << 5;
        QTest::newRow("array element") << QByteArray("/events/0") << 5 << 5 << true << QByteArray("/events/0") << 1;
        QTest::newRow("key in element") << QByteArray("/events/0/name") << 5 << 30 << true << QByteArray("/events/0/name") << 6;
        QTest::newRow("second element") << QByteArray("/events/1") << 6 << 5 << true << QByteArray("/events/1") << 1;
        QTest::newRow("nested key") << QByteArray("/events/1/type") << 7 << 7 << true << QByteArray("/events/1/type") << 6;
        QTest::newRow("missing member → parent")
            << QByteArray("/events/1/name") << 6 << 5 << false << QByteArray("/events/1") << 1;
        QTest::newRow("index past the end → array")
            << QByteArray("/events/2") << 4 << 3 << false << QByteArray("/events") << 8;
        QTest::newRow("'-' → array") << QByteArray("/events/-") << 4 << 3 << false << QByteArray("/events") << 8;
        QTest::newRow("leading zero is no index")
            << QByteArray("/events/01") << 4 << 3 << false << QByteArray("/events") << 8;
        QTest::newRow("escaped quote in key") << QByteArray("/esc\"aped") << 10 << 3 << true << QByteArray("/esc\"aped") << 11;
        QTest::newRow("\\u escapes in key") << QByteArray("/\xc3\xa9t\xc3\xa9") << 11 << 3 << true
                                           << QByteArray("/\xc3\xa9t\xc3\xa9") << 15;
        QTest::newRow("surrogate pair in key") << QByteArray("/emoji\xf0\x9f\x98\x80") << 14 << 3 << true
                                              << QByteArray("/emoji\xf0\x9f\x98\x80") << 19;
        QTest::newRow("brackets inside strings")
            << QByteArray("/empty") << 13 << 3 << true << QByteArray("/empty") << 7;
        QTest::newRow("empty array element → array")
            << QByteArray("/empty/0") << 13 << 3 << false << QByteArray("/empty") << 7;
        QTest::newRow("UTF-8 key, byte columns")
            << QByteArray("/caf\xc3\xa9/x") << 15 << 13 << true << QByteArray("/caf\xc3\xa9/x") << 3;
        QTest::newRow("missing top-level key → root")
            << QByteArray("/account/account_id") << 1 << 1 << false << QByteArray("") << 1;
        QTest::newRow("not a pointer → root") << QByteArray("type") << 1 << 1 << false << QByteArray("") << 1;
        QTest::newRow("bad escape matches nothing") << QByteArray("/a~2b") << 1 << 1 << false << QByteArray("") << 1;
    }

    void locates()
    {
        QFETCH(QByteArray, pointer);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(bool, exact);
        QFETCH(QByteArray, found);
        QFETCH(int, length);

        const auto location = locateJsonPointer(document, pointer.toStdString());
        QCOMPARE(int(location.line), line);
        QCOMPARE(int(location.column), column);
        QCOMPARE(location.exact, exact);
        QCOMPARE(QByteArray::fromStdString(location.pointer), found);
        QCOMPARE(int(location.length), length);
        // The offset and the line/column agree.
        const auto position = textPositionOf(document, location.offset);
        QCOMPARE(int(position.line), line);
        QCOMPARE(int(position.column), column);
    }

    void valueOffsetOfMember()
    {
        const std::string_view text(document);
        const auto location = locateJsonPointer(text, "/a~1b");
        QCOMPARE(text.substr(location.valueOffset, 10), std::string_view("{\"c~d\": 1}"));
        const auto element = locateJsonPointer(text, "/events/1");
        QCOMPARE(element.valueOffset, element.offset);
    }

    void damagedText_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("pointer");
        QTest::addColumn<int>("column");
        QTest::addColumn<bool>("exact");

        // Truncated: what comes before the damage is still found.
        QTest::newRow("truncated array") << QByteArray("{\"a\": {\"b\": [1, 2") << QByteArray("/a/b/1") << 17 << true;
        QTest::newRow("truncated, missing key") << QByteArray("{\"a\": {\"b\": [1, 2") << QByteArray("/a/c") << 2 << false;
        QTest::newRow("unterminated string") << QByteArray("{\"a\": \"abc") << QByteArray("/a") << 2 << true;
        QTest::newRow("key without value") << QByteArray("{\"a\"") << QByteArray("/a") << 2 << true;
        QTest::newRow("stray token in object") << QByteArray("{x, \"a\": 1}") << QByteArray("/a") << 5 << true;
        QTest::newRow("missing colon") << QByteArray("{\"a\" 1, \"b\": 2}") << QByteArray("/b") << 9 << true;
        QTest::newRow("duplicate keys: first wins") << QByteArray("{\"a\": 1, \"a\": 2}") << QByteArray("/a") << 2 << true;
        QTest::newRow("scalar root") << QByteArray("  42") << QByteArray("/a") << 3 << false;
    }

    void damagedText()
    {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, pointer);
        QFETCH(int, column);
        QFETCH(bool, exact);

        const auto location = locateJsonPointer(text.toStdString(), pointer.toStdString());
        QCOMPARE(int(location.line), 1);
        QCOMPARE(int(location.column), column);
        QCOMPARE(location.exact, exact);
    }

    void emptyTextFindsNothing()
    {
        const auto location = locateJsonPointer("", "/a");
        QCOMPARE(location.exact, false);
        QCOMPARE(int(location.offset), 0);
        QCOMPARE(int(location.line), 1);
        QCOMPARE(int(location.column), 1);
    }

    void manyPointersInOnePassKeepTheirOrder()
    {
        const std::vector<std::string> pointers{"/events/1/type", "/type", "/nope", "/events/0/name", "/type"};
        const auto locations = locateJsonPointers(document, pointers);
        QCOMPARE(locations.size(), pointers.size());
        const int lines[] = {7, 2, 1, 5, 2};
        for (std::size_t i = 0; i < pointers.size(); ++i)
            QCOMPARE(int(locations[i].line), lines[i]);
        QCOMPARE(locations[2].exact, false);
    }

    void crlfLineEnds()
    {
        const auto location = locateJsonPointer("{\r\n  \"a\": 1,\r\n  \"b\": 2\r\n}", "/b");
        QCOMPARE(int(location.line), 3);
        QCOMPARE(int(location.column), 3);
    }

    void largeDocumentSkipsUnwantedSubtrees()
    {
        // 20,000 elements; the last one's key is found and the line is right.
        std::string text = "{\"events\": [\n";
        for (int i = 0; i < 20000; ++i)
            text += std::string(i ? ",\n" : "") + "{\"type\": \"screen_view\", \"attributes\": {\"k\": \"v[{\"}}";
        text += "\n]}";
        const auto location = locateJsonPointer(text, "/events/19999/attributes/k");
        QVERIFY(location.exact);
        QCOMPARE(int(location.line), 20001);
        QCOMPARE(int(location.column), 40);
    }

    void textPositions_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("offset");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");

        QTest::newRow("start") << QByteArray("ab\ncd") << 0 << 1 << 1;
        QTest::newRow("newline itself") << QByteArray("ab\ncd") << 2 << 1 << 3;
        QTest::newRow("next line") << QByteArray("ab\ncd") << 4 << 2 << 2;
        QTest::newRow("past the end is clamped") << QByteArray("ab\ncd") << 99 << 2 << 3;
    }

    void textPositions()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, offset);
        QFETCH(int, line);
        QFETCH(int, column);

        const auto position = textPositionOf(text.toStdString(), std::size_t(offset));
        QCOMPARE(int(position.line), line);
        QCOMPARE(int(position.column), column);
    }
};

QTEST_APPLESS_MAIN(TestJsonLocator)
#include "tst_jsonlocator.moc"
