// Token redaction and the constant-time comparison the endpoint uses for tokens.

#include "common/constanttime.h"
#include "secrets/redaction.h"

#include <QTest>

class TestSecretsBasics : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void redactsTokens_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("shown");
        QTest::newRow("long") << QStringLiteral("a1b2c3d4e5f6g7h8") << QStringLiteral("Token ••••g7h8");
        QTest::newRow("short shows nothing") << QStringLiteral("abc123") << QStringLiteral("Token ••••");
        QTest::newRow("empty") << QString() << QStringLiteral("Token ••••");
    }

    void redactsTokens()
    {
        QFETCH(QString, token);
        QFETCH(QString, shown);
        QCOMPARE(QString::fromStdString(fhw::secrets::redactToken(token.toStdString())), shown);
    }

    void redactsAuthorizationHeaders_data()
    {
        QTest::addColumn<QString>("header");
        QTest::addColumn<QString>("shown");
        QTest::newRow("token") << QStringLiteral("Token 0123456789abcdef") << QStringLiteral("Token ••••cdef");
        QTest::newRow("bearer") << QStringLiteral("Bearer 0123456789abcdef") << QStringLiteral("Bearer ••••cdef");
        QTest::newRow("extra spaces") << QStringLiteral("Token   0123456789abcdef") << QStringLiteral("Token ••••cdef");
        QTest::newRow("no scheme") << QStringLiteral("0123456789abcdef") << QStringLiteral("••••cdef");
    }

    void redactsAuthorizationHeaders()
    {
        QFETCH(QString, header);
        QFETCH(QString, shown);
        const std::string redacted = fhw::secrets::redactAuthorization(header.toStdString());
        QCOMPARE(QString::fromStdString(redacted), shown);
        QVERIFY(redacted.find("0123456789") == std::string::npos);
    }

    void comparesInConstantTime_data()
    {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::addColumn<bool>("equal");
        QTest::newRow("same") << QStringLiteral("secret-token") << QStringLiteral("secret-token") << true;
        QTest::newRow("last byte") << QStringLiteral("secret-token") << QStringLiteral("secret-tokeN") << false;
        QTest::newRow("prefix") << QStringLiteral("secret") << QStringLiteral("secret-token") << false;
        QTest::newRow("longer") << QStringLiteral("secret-token-2") << QStringLiteral("secret-token") << false;
        QTest::newRow("both empty") << QString() << QString() << true;
        QTest::newRow("one empty") << QString() << QStringLiteral("x") << false;
    }

    void comparesInConstantTime()
    {
        QFETCH(QString, a);
        QFETCH(QString, b);
        QFETCH(bool, equal);
        QCOMPARE(fhw::constantTimeEquals(a.toStdString(), b.toStdString()), equal);
    }
};

QTEST_APPLESS_MAIN(TestSecretsBasics)
#include "tst_secretsbasics.moc"
