// Parsing untrusted bytes: every bad input gets a clear error, never a crash, a hang or unbounded memory.

#include "protocol/parse.h"
#include "protocol/validator.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <sstream>

using namespace fhw::protocol;

class TestParse : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesAnObject()
    {
        const auto json = parseJson(R"({"type":"module_registration_request","id":"x"})");
        QVERIFY(json.has_value());
        QCOMPARE(QString::fromStdString(json->at("type").get<std::string>()),
                 QStringLiteral("module_registration_request"));
        // key order is kept: people read these messages
        QCOMPARE(QString::fromStdString(json->begin().key()), QStringLiteral("type"));
    }

    void duplicateKeysAreKeptInOrder()
    {
        // JSON says names SHOULD be unique; the parser keeps what came (and lookups see the first)
        // instead of scanning every object on every insert.
        const auto json = parseJson(R"({"a": 1, "b": 2, "a": 3})");
        QVERIFY(json.has_value());
        QCOMPARE(json->size(), std::size_t(3));
        QCOMPARE(json->at("a").get<int>(), 1);
        QCOMPARE(QString::fromStdString(json->dump()), QStringLiteral(R"({"a":1,"b":2,"a":3})"));
    }

    void syntaxErrorsHaveLineAndColumn_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::newRow("truncated") << QByteArray("{\n  \"type\": \"event_processing_request\",\n  \"events\": [") << 3 << 14;
        QTest::newRow("trailing comma") << QByteArray("{\"a\": 1,}") << 1 << 9;
        QTest::newRow("second line") << QByteArray("{\n  \"a\" 1}") << 2 << 7;
        QTest::newRow("invalid utf-8 in a string") << QByteArray("{\"name\": \"caf\xC3\x28\"}") << 1 << 14; // the bad sequence starts at column 14
        QTest::newRow("invalid utf-8 outside") << QByteArray("{\"a\": \xFF}") << 1 << 7;
        // Each malformed form RFC 3629 names, inside a string after 8+ ASCII bytes (the fast path).
        QTest::newRow("overlong 2-byte") << QByteArray("{\"name\": \"abcdefgh\xC0\xAF\"}") << 1 << 19;
        QTest::newRow("overlong 3-byte") << QByteArray("{\"name\": \"abcdefgh\xE0\x80\xAF\"}") << 1 << 19;
        QTest::newRow("overlong 4-byte") << QByteArray("{\"name\": \"abcdefgh\xF0\x80\x80\xAF\"}") << 1 << 19;
        QTest::newRow("surrogate") << QByteArray("{\"name\": \"abcdefgh\xED\xA0\x80\"}") << 1 << 19;
        QTest::newRow("above U+10FFFF") << QByteArray("{\"name\": \"abcdefgh\xF4\x90\x80\x80\"}") << 1 << 19;
        QTest::newRow("lone continuation") << QByteArray("{\"name\": \"abcdefgh\x80\"}") << 1 << 19;
        QTest::newRow("truncated at the end") << QByteArray("{\"name\": \"abcdefgh\xE2\x82") << 1 << 19;
        QTest::newRow("F5 lead") << QByteArray("{\"name\": \"abcdefgh\xF5\x80\x80\x80\"}") << 1 << 19;
        // A NUL byte would end the reader's input early: after a complete document, or inside one.
        QTest::newRow("NUL after the document") << QByteArray("{\"a\": 1}\0garbage", 17) << 1 << 9;
        QTest::newRow("NUL in a string") << QByteArray("{\"a\": \"x\0y\"}", 12) << 1 << 9;
        // A syntax error before a bad byte is reported first.
        QTest::newRow("syntax before bad utf-8") << QByteArray("{\"a\" 1, \"b\": \"\xFF\"}") << 1 << 6;
    }

    void syntaxErrorsHaveLineAndColumn()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, line);
        QFETCH(int, column);
        const auto json = parseJson(std::string_view(bytes.constData(), bytes.size()));
        QVERIFY(!json.has_value());
        QCOMPARE(QString::fromStdString(json.error().code), QStringLiteral("parse.syntax"));
        QCOMPARE(int(json.error().line), line);
        QCOMPARE(int(json.error().column), column);
        QVERIFY2(json.error().message.starts_with("line " + std::to_string(line) + ", column "),
                 json.error().message.c_str());
    }

    void wellFormedUtf8IsKept()
    {
        // Two-, three- and four-byte characters at the edges of their ranges, and after the ASCII
        // fast path.
        const std::string text = "\u00e9t\u00e9 \u0800 \uffff \U00010000 \U0010ffff Zoë 日本 🎉";
        const std::string document = "{\"note\": \"abcdefgh " + text + "\"}";
        const auto json = parseJson(document);
        QVERIFY2(json.has_value(), json ? "" : json.error().message.c_str());
        QCOMPARE(json->at("note").get<std::string>(), "abcdefgh " + text);
        // Escapes are decoded (the reader decodes them in place, in its own copy of the text).
        const auto escaped = parseJson("{\"a\": \"tab\\tquote\\\"\\u00e9\\ud83c\\udf89\"}");
        QVERIFY(escaped.has_value());
        QCOMPARE(escaped->at("a").get<std::string>(), std::string("tab\tquote\"\u00e9🎉"));
    }

    void emptyInput_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("whitespace") << QByteArray(" \n\t\r\n");
    }

    void emptyInput()
    {
        QFETCH(QByteArray, bytes);
        const auto json = parseJson(std::string_view(bytes.constData(), bytes.size()));
        QVERIFY(!json.has_value());
        QCOMPARE(QString::fromStdString(json.error().code), QStringLiteral("parse.empty"));
    }

    void sizeCap()
    {
        ParseOptions options;
        options.maxBytes = 100;
        const std::string big = "{\"pad\":\"" + std::string(200, 'x') + "\"}";
        const auto json = parseJson(big, options);
        QVERIFY(!json.has_value());
        QCOMPARE(QString::fromStdString(json.error().code), QStringLiteral("parse.too-large"));
        options.maxBytes = big.size();
        QVERIFY(parseJson(big, options).has_value());
        QCOMPARE(ParseOptions().maxBytes, std::size_t(64) * 1024 * 1024);
    }

    void deepNestingIsRefusedQuickly()
    {
        // 100,000 nested arrays: refused before the parser builds anything.
        const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
        const auto json = parseJson(deep);
        QVERIFY(!json.has_value());
        QCOMPARE(QString::fromStdString(json.error().code), QStringLiteral("parse.too-deep"));
        QCOMPARE(int(json.error().column), 257);

        // Brackets inside strings do not count.
        const std::string inString = "{\"a\":\"" + std::string(1000, '[') + "\"}";
        QVERIFY(parseJson(inString).has_value());

        // Unbalanced deep input (never closed) is refused the same way.
        QVERIFY(!parseJson(std::string(100'000, '{')).has_value());
    }

    void hugeNumbersAreAClearError_data()
    {
        QTest::addColumn<QByteArray>("number");
        QTest::newRow("400 digits") << QByteArray(400, '9');
        QTest::newRow("exponent") << QByteArray("1e400");
        QTest::newRow("negative") << QByteArray("-") + QByteArray(400, '1');
    }

    void hugeNumbersAreAClearError()
    {
        QFETCH(QByteArray, number);
        const std::string text = "{\"type\":\"module_registration_request\",\n\"timestamp_ms\":" + number.toStdString() + "}";
        const auto json = parseJson(text);
        QVERIFY(!json.has_value());
        QCOMPARE(QString::fromStdString(json.error().code), QStringLiteral("parse.number-too-large"));
        QCOMPARE(int(json.error().line), 2);
        QCOMPARE(int(json.error().column), 16);
        QVERIFY2(json.error().message.find("too large") != std::string::npos, json.error().message.c_str());
    }

    void largeButRepresentableNumbersAreFindings()
    {
        // 26 digits fit a double: parsed, then the validator says it is no 64-bit integer.
        const auto json = parseJson("{\"type\":\"module_registration_request\",\"id\":"
                                    "\"0b6a8a59-4b7e-4a4b-8d8f-9a3b6c2d1e0f\",\"timestamp_ms\":99999999999999999999999999}");
        QVERIFY(json.has_value());
        const Findings findings = Validator(Profile::Strict).validate(*json);
        QVERIFY(std::ranges::any_of(findings, [](const Finding &f) {
            return f.code == "field.type-coerced" && f.pointer == "/timestamp_ms" && f.severity == Severity::Error;
        }));
    }

    void readFileRefusesDirectoriesMissingAndOversizedFiles()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string base = dir.path().toStdString();

        auto directory = readFileCapped(base, 1024);
        QVERIFY(!directory);
        QCOMPARE(QString::fromStdString(directory.error().code), QStringLiteral("io.is-directory"));

        auto missing = readFileCapped(base + "/nope.json", 1024);
        QVERIFY(!missing);
        QCOMPARE(QString::fromStdString(missing.error().code), QStringLiteral("io.not-found"));

        {
            std::ofstream out(base + "/big.json");
            out << std::string(2048, ' ');
        }
        auto big = readFileCapped(base + "/big.json", 1024);
        QVERIFY(!big);
        QCOMPARE(QString::fromStdString(big.error().code), QStringLiteral("io.too-large"));
        QVERIFY(readFileCapped(base + "/big.json", 4096).has_value());
    }

    void readStreamStopsAtTheCap()
    {
        std::istringstream in(std::string(10'000, 'x'));
        auto result = readStreamCapped(in, 1000);
        QVERIFY(!result);
        QCOMPARE(QString::fromStdString(result.error().code), QStringLiteral("io.too-large"));
        std::istringstream small("{}");
        QCOMPARE(QString::fromStdString(*readStreamCapped(small, 1000)), QStringLiteral("{}"));
    }

    void validateBytesReportsParseErrorsAsFindings()
    {
        const Findings findings = Validator(Profile::Tolerant).validateBytes("{\"type\":");
        QCOMPARE(findings.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(findings[0].code), QStringLiteral("parse.syntax"));
        QCOMPARE(findings[0].severity, Severity::Error);
        QVERIFY(findings[0].pointer.empty());
    }
};

QTEST_APPLESS_MAIN(TestParse)
#include "tst_parse.moc"
