// checkToken: trimming decrypted text and warning about what does not look like a bare token.

#include "secrets/tokenplausibility.h"

#include <QTest>

class TestTokenPlausibility : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void checksTokens_data()
    {
        QTest::addColumn<QByteArray>("decrypted");
        QTest::addColumn<QByteArray>("token");
        QTest::addColumn<QStringList>("warnings"); // a word each warning must contain, in order

        const QByteArray good("0123456789abcdef0123");
        QTest::newRow("bare") << good << good << QStringList();
        QTest::newRow("echo newline") << good + "\n" << good << QStringList();
        QTest::newRow("CRLF and blanks") << " \t" + good + " \r\n\r\n" << good << QStringList();
        QTest::newRow("byte order mark") << "\xEF\xBB\xBF" + good + "\n" << good << QStringList();
        QTest::newRow("no-break spaces") << "\xC2\xA0" + good + "\xC2\xA0" << good << QStringList();
        QTest::newRow("several lines") << "Hello,\n" + good + "\nBye"
                                       << "Hello,\n" + good + "\nBye" << QStringList{QStringLiteral("e-mail")};
        QTest::newRow("several words") << "token is " + good << "token is " + good
                                       << QStringList{QStringLiteral("words")};
        QTest::newRow("short") << QByteArray("abc123") << QByteArray("abc123") << QStringList{QStringLiteral("short")};
        QTest::newRow("long") << QByteArray(600, 'a') << QByteArray(600, 'a') << QStringList{QStringLiteral("long")};
        QTest::newRow("control") << good + '\x01' << good + '\x01' << QStringList{QStringLiteral("control")};
        QTest::newRow("non-ascii") << good + "\xC3\xA9" << good + "\xC3\xA9"
                                   << QStringList{QStringLiteral("non-ASCII")};
        QTest::newRow("short words") << QByteArray("a b") << QByteArray("a b")
                                     << QStringList{QStringLiteral("words"), QStringLiteral("short")};
    }

    void checksTokens()
    {
        QFETCH(QByteArray, decrypted);
        QFETCH(QByteArray, token);
        QFETCH(QStringList, warnings);
        const auto check = fhw::secrets::checkToken(decrypted.toStdString());
        QVERIFY(check);
        QCOMPARE(QByteArray::fromStdString(check->token), token);
        QCOMPARE(qsizetype(check->warnings.size()), warnings.size());
        for (qsizetype i = 0; i < warnings.size(); ++i) {
            const QString warning = QString::fromStdString(check->warnings.at(std::size_t(i)));
            QVERIFY2(warning.contains(warnings.at(i)), qPrintable(warning));
            // Never quote the token back.
            if (token.size() > 4)
                QVERIFY(!warning.contains(QString::fromUtf8(token)));
        }
    }

    void rejectsEmpty_data()
    {
        QTest::addColumn<QByteArray>("decrypted");
        QTest::newRow("nothing") << QByteArray();
        QTest::newRow("whitespace") << QByteArray(" \r\n\t ");
        QTest::newRow("byte order mark") << QByteArray("\xEF\xBB\xBF\n");
    }

    void rejectsEmpty()
    {
        QFETCH(QByteArray, decrypted);
        const auto check = fhw::secrets::checkToken(decrypted.toStdString());
        QVERIFY(!check);
        QCOMPARE(QString::fromStdString(check.error().code), QStringLiteral("token.empty"));
    }
};

QTEST_GUILESS_MAIN(TestTokenPlausibility)
#include "tst_tokenplausibility.moc"
