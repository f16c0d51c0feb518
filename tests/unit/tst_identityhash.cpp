// encodeIdentity: expected digests were computed outside the project, e.g.
// `printf %s jane.doe@example.com | sha256sum`, so the test does not check the code against itself.

#include "protocol/identityhash.h"

#include <QtTest>

using fhw::protocol::encodeIdentity;

namespace {

// Shared by the rows of encodes() and normalizesBeforeHashing(), which have the same columns.
void verifyEncoding()
{
    QFETCH(QByteArray, value);
    QFETCH(QByteArray, encoding);
    QFETCH(QByteArray, expected);

    const auto result = encodeIdentity(value.toStdString(), encoding.toStdString());
    QVERIFY(result.has_value());
    QCOMPARE(QByteArray::fromStdString(*result), expected);
}

} // namespace

class TestIdentityHash : public QObject
{
    Q_OBJECT

private slots:
    void encodes_data();
    void encodes();
    void normalizesBeforeHashing_data();
    void normalizesBeforeHashing();
    void rawKeepsValueUnchanged_data();
    void rawKeepsValueUnchanged();
    void unknownEncodingIsAnError_data();
    void unknownEncodingIsAnError();
    void emptyValueIsAnError_data();
    void emptyValueIsAnError();
};

void TestIdentityHash::encodes_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QByteArray>("encoding");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("md5 email") << QByteArray("jane.doe@example.com") << QByteArray("md5")
                               << QByteArray("0cba00ca3da1b283a57287bcceb17e35");
    QTest::newRow("sha1 email") << QByteArray("jane.doe@example.com") << QByteArray("sha1")
                                << QByteArray("a3caddb38202511eab803116294dc020f7c4f8a2");
    QTest::newRow("sha256 email") << QByteArray("jane.doe@example.com") << QByteArray("sha256")
                                  << QByteArray("86e0b9e56c17cc4d12387e1949b85053fbe73bc3ce5a1188713a9d300cc6133d");
    QTest::newRow("md5 phone") << QByteArray("+12125550147") << QByteArray("md5")
                               << QByteArray("aa9317a49cedb2945026a932509f7d68");
    QTest::newRow("sha1 phone") << QByteArray("+12125550147") << QByteArray("sha1")
                                << QByteArray("33cefb965aeee14078351370ea17262a9f535fdd");
    QTest::newRow("sha256 phone") << QByteArray("+12125550147") << QByteArray("sha256")
                                  << QByteArray("a7225ed666210b171e08c5dcb8b3e2e3ee1aa6b0202ce2a71c4ff84e26bab144");
    // UTF-8 in, UTF-8 bytes hashed.
    QTest::newRow("sha256 non-ascii") << QByteArray("\xc3\xa9mile@example.com") << QByteArray("sha256")
                                      << QByteArray("1c8e7ea7042d71acc3887871d6cced16a91e22875f900721ba0defcc3cb92c50");
}

void TestIdentityHash::encodes()
{
    verifyEncoding();
}

void TestIdentityHash::normalizesBeforeHashing_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QByteArray>("encoding");
    QTest::addColumn<QByteArray>("expected");

    // Trim ASCII whitespace, lower-case, then hash: all of these are jane.doe@example.com.
    const QByteArray md5("0cba00ca3da1b283a57287bcceb17e35");
    const QByteArray sha1("a3caddb38202511eab803116294dc020f7c4f8a2");
    const QByteArray sha256("86e0b9e56c17cc4d12387e1949b85053fbe73bc3ce5a1188713a9d300cc6133d");
    QTest::newRow("md5 spaces and case") << QByteArray("  Jane.Doe@Example.COM  ") << QByteArray("md5") << md5;
    QTest::newRow("sha1 tabs and newline") << QByteArray("\tJANE.DOE@EXAMPLE.COM\r\n") << QByteArray("sha1") << sha1;
    QTest::newRow("sha256 mixed") << QByteArray(" \v\fJane.Doe@example.com ") << QByteArray("sha256") << sha256;
    // Lower-casing is not limited to ASCII: É and é hash alike.
    QTest::newRow("sha256 non-ascii upper")
        << QByteArray(" \xc3\x89MILE@EXAMPLE.COM") << QByteArray("sha256")
        << QByteArray("1c8e7ea7042d71acc3887871d6cced16a91e22875f900721ba0defcc3cb92c50");
}

void TestIdentityHash::normalizesBeforeHashing()
{
    verifyEncoding();
}

void TestIdentityHash::rawKeepsValueUnchanged_data()
{
    QTest::addColumn<QByteArray>("value");

    QTest::newRow("email with case and spaces") << QByteArray("  Jane.Doe@Example.COM ");
    QTest::newRow("uuid") << QByteArray("66B728C2-F9A4-4D87-82EF-CE07414FE3F7");
}

void TestIdentityHash::rawKeepsValueUnchanged()
{
    QFETCH(QByteArray, value);

    const auto result = encodeIdentity(value.toStdString(), "raw");
    QVERIFY(result.has_value());
    QCOMPARE(QByteArray::fromStdString(*result), value);
}

void TestIdentityHash::unknownEncodingIsAnError_data()
{
    QTest::addColumn<QByteArray>("encoding");

    // Enums are exact lower-case on the wire, so "SHA256" is as unknown as "sha512".
    QTest::newRow("sha512") << QByteArray("sha512");
    QTest::newRow("upper-case SHA256") << QByteArray("SHA256");
    QTest::newRow("upper-case RAW") << QByteArray("RAW");
    QTest::newRow("padded") << QByteArray(" md5");
    QTest::newRow("empty") << QByteArray();
}

void TestIdentityHash::unknownEncodingIsAnError()
{
    QFETCH(QByteArray, encoding);

    const auto result = encodeIdentity("jane.doe@example.com", encoding.toStdString());
    QVERIFY(!result.has_value());
    QCOMPARE(QByteArray::fromStdString(result.error().code), QByteArray("identity.unknown-encoding"));
    QVERIFY(!result.error().message.empty());
}

void TestIdentityHash::emptyValueIsAnError_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QByteArray>("encoding");
    QTest::newRow("empty raw") << QByteArray() << QByteArray("raw");
    QTest::newRow("empty sha256") << QByteArray() << QByteArray("sha256");
    QTest::newRow("blank md5") << QByteArray(" \t\n") << QByteArray("md5");
}

void TestIdentityHash::emptyValueIsAnError()
{
    QFETCH(QByteArray, value);
    QFETCH(QByteArray, encoding);
    const auto result = encodeIdentity(value.toStdString(), encoding.toStdString());
    QVERIFY(!result.has_value());
    QCOMPARE(QString::fromStdString(result.error().code), QStringLiteral("identity.empty-value"));
}

QTEST_APPLESS_MAIN(TestIdentityHash)
#include "tst_identityhash.moc"
