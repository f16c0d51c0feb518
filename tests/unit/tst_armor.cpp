// extractOpenPgpMessage: what mail clients and copy/paste do to an armored token, and what is not a
// message at all. Every mangled variant must come back as the same clean block.

#include "secrets/armor.h"

#include <QTest>

#include <string>
#include <string_view>
#include <vector>

namespace {

// Made once with `gpg --encrypt --armor` (a throwaway key); its last body line ends in "==" padding,
// the case where '=' in the body, in the checksum and in quoted-printable meet.
constexpr std::string_view kHeader = "-----BEGIN PGP MESSAGE-----";
const std::vector<std::string> kBody = {
    "hF4DeGS09wkVAh0SAQdAfwLcJKKdQ/qhQA8/vXWuya65vZVkUzQs8KtB7ldxomow",
    "8cyA9aS7hMKIvUJ8wMbPW/HWiJooSHH4sKEAGkNTWcn5m0GftUHJrWgMJG5r9xiF",
    "0lYBQ/D0F76bM+nHaXUd81F1by7GOoZqNFkQjl4Z7/+a+ZLS0DORE5puGBGM2dyd",
    "onZrG/bl/l5fwy45ZUe4xIFKV7pMlBsGxBImxyeT1ZByw4XyI4cjMw==",
};
constexpr std::string_view kChecksum = "=M34C";
constexpr std::string_view kFooter = "-----END PGP MESSAGE-----";

std::string join(const std::vector<std::string> &lines, std::string_view eol = "\n")
{
    std::string out;
    for (const std::string &line : lines) {
        out += line;
        out += eol;
    }
    return out;
}

std::vector<std::string> armorLines(bool withHeaders = false, bool blankAfterHeaders = true)
{
    std::vector<std::string> lines{std::string(kHeader)};
    if (withHeaders) {
        lines.emplace_back("Version: GnuPG v2");
        lines.emplace_back("Comment: https://gnupg.org");
    }
    if (!withHeaders || blankAfterHeaders)
        lines.emplace_back();
    lines.insert(lines.end(), kBody.begin(), kBody.end());
    lines.emplace_back(kChecksum);
    lines.emplace_back(kFooter);
    return lines;
}

const std::string kClean = join(armorLines());

std::vector<std::string> prefixed(std::vector<std::string> lines, const std::string &prefix)
{
    for (std::string &line : lines)
        line = prefix + line;
    return lines;
}

// Quoted-printable as a mail client writes it: '=' escaped, lines soft-broken at `width`.
std::string quotedPrintable(const std::string &text, std::size_t width, std::string_view eol = "\n")
{
    std::string out;
    std::size_t column = 0;
    for (char c : text) {
        if (c == '\n') {
            out += eol;
            column = 0;
            continue;
        }
        const std::string piece = c == '=' ? std::string("=3D") : std::string(1, c);
        if (column + piece.size() > width - 1) {
            out += '=';
            out += eol;
            column = 0;
        }
        out += piece;
        column += piece.size();
    }
    return out;
}

QByteArray bytes(std::string_view s)
{
    return QByteArray(s.data(), static_cast<qsizetype>(s.size()));
}

} // namespace

class TestArmor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void normalisesMangledMessages_data()
    {
        QTest::addColumn<QByteArray>("input");
        const auto row = [](const char *name, const std::string &input) { QTest::newRow(name) << bytes(input); };

        row("clean", kClean);
        row("armor headers", join(armorLines(true)));
        row("headers without blank line", join(armorLines(true, false)));
        row("CRLF", join(armorLines(), "\r\n"));
        row("CR only", join(armorLines(), "\r"));
        row("no final newline", kClean.substr(0, kClean.size() - 1));
        row("text around", "Hi,\n\nhere is your token:\n\n" + kClean + "\nRegards,\nmParticle\n");
        row("begin after text on its line", "token: " + kClean);
        row("quoted", join(prefixed(armorLines(), "> ")));
        row("quoted twice", join(prefixed(armorLines(), "> > ")));
        row("quoted without space", join(prefixed(armorLines(), ">>")));
        row("indented", join(prefixed(armorLines(), "    ")));
        row("tab indented", join(prefixed(armorLines(), "\t")));
        row("trailing whitespace", join(armorLines(), " \t \n"));
        row("utf-8 byte order mark", "\xEF\xBB\xBF" + kClean);
        {
            std::vector<std::string> lines = armorLines();
            lines.insert(lines.begin() + 4, "");
            lines.insert(lines.begin() + 6, "   ");
            row("blank lines in body", join(lines));
        }
        {
            // A client that re-wrapped the base64 at 76 columns.
            std::string body;
            for (const std::string &line : kBody)
                body += line;
            std::vector<std::string> lines{std::string(kHeader), ""};
            for (std::size_t i = 0; i < body.size(); i += 76)
                lines.push_back(body.substr(i, 76));
            lines.emplace_back(kChecksum);
            lines.emplace_back(kFooter);
            row("rewrapped body", join(lines));
        }
        row("quoted-printable", quotedPrintable(kClean, 40));
        row("quoted-printable CRLF", quotedPrintable(kClean, 30, "\r\n"));
        row("quoted, then quoted-printable", quotedPrintable(join(prefixed(armorLines(), "> ")), 50));
        {
            // A client that quoted the still-encoded text: the "> " is on soft-break continuations too.
            const std::string qp = quotedPrintable(kClean, 40);
            std::string quoted;
            std::size_t from = 0;
            for (std::size_t nl; (nl = qp.find('\n', from)) != std::string::npos; from = nl + 1)
                quoted += "> " + qp.substr(from, nl - from + 1);
            row("quoted-printable, then quoted", quoted);
        }
        row("quoted-printable, no soft breaks", quotedPrintable(kClean, 200));
        {
            // Prose ending in '=' looks like a QP soft break; the armor itself is plain.
            row("plain armor after prose ending in =", "Set x =\nthe value below.\n" + kClean);
        }
        row("everything at once",
            "\xEF\xBB\xBFHello,\r\n\r\n" + quotedPrintable(join(prefixed(armorLines(true, false), "> > ")), 44, "\r\n")
                + "\r\n> > -- \r\n> > mParticle\r\n");
    }

    void normalisesMangledMessages()
    {
        QFETCH(QByteArray, input);
        const auto result = fhw::secrets::extractOpenPgpMessage(std::string_view(input.constData(), input.size()));
        QVERIFY2(result.has_value(), result ? "" : result.error().message.c_str());
        QCOMPARE(bytes(*result), bytes(kClean));
    }

    void keepsBinaryMessagesUnchanged()
    {
        // A new-format PKESK packet header (0xC1) and an old-format one (0x84), then anything.
        for (const std::string &binary :
             {std::string("\xC1\x5E\x03\x01\x02\x00\xFF", 7), std::string("\x84\x5E\x03\x78\x64\x00\x0D", 7)}) {
            const auto result = fhw::secrets::extractOpenPgpMessage(binary);
            QVERIFY(result.has_value());
            QCOMPARE(bytes(*result), bytes(binary));
        }
    }

    void dropsNothingWithoutChecksum()
    {
        std::vector<std::string> lines = armorLines();
        lines.erase(lines.end() - 2); // the "=M34C" line is optional in OpenPGP
        const auto result = fhw::secrets::extractOpenPgpMessage(join(prefixed(lines, "> ")));
        QVERIFY(result.has_value());
        QCOMPARE(bytes(*result), bytes(join(lines)));
    }

    void rejectsWhatIsNotAMessage_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("mentions");
        const QString notMessage = QStringLiteral("pgp.not-a-message");
        const QString corrupt = QStringLiteral("pgp.corrupt");

        QTest::newRow("empty") << QByteArray() << notMessage << QStringLiteral("empty");
        QTest::newRow("whitespace") << QByteArray(" \r\n\t\n") << notMessage << QStringLiteral("empty");
        QTest::newRow("plain text") << QByteArray("my token is abc123\n") << notMessage
                                    << QStringLiteral("-----BEGIN PGP MESSAGE-----");
        QTest::newRow("public key block")
            << QByteArray("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmDMEZabc\n-----END PGP PUBLIC KEY BLOCK-----\n")
            << notMessage << QStringLiteral("public key");
        QTest::newRow("quoted public key block")
            << QByteArray("> -----BEGIN PGP PUBLIC KEY BLOCK-----\r\n> \r\n> mDMEZabc\r\n") << notMessage
            << QStringLiteral("public key");
        QTest::newRow("binary public key")
            << QByteArray("\x99\x01\x0D\x04", 4) << notMessage << QStringLiteral("public key");
        QTest::newRow("private key block")
            << QByteArray("-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlFgEZabc\n-----END PGP PRIVATE KEY BLOCK-----\n")
            << notMessage << QStringLiteral("private key");
        QTest::newRow("signed only") << QByteArray(
            "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nx\n-----BEGIN PGP SIGNATURE-----\n")
                                     << notMessage << QStringLiteral("signed");

        std::vector<std::string> lines = armorLines();
        lines.pop_back();
        QTest::newRow("no end line") << bytes(join(lines)) << corrupt << QStringLiteral("incomplete");
        lines = armorLines();
        lines.erase(lines.begin() + 3, lines.begin() + 5);
        QTest::newRow("lines lost") << bytes(join(lines)) << corrupt << QStringLiteral("damaged");
        lines = armorLines();
        lines[3][20] = lines[3][20] == 'A' ? 'B' : 'A';
        QTest::newRow("changed character") << bytes(join(lines)) << corrupt << QStringLiteral("checksum");
        lines = armorLines();
        lines[3][10] = '*';
        QTest::newRow("foreign character") << bytes(join(lines)) << corrupt << QStringLiteral("characters");
        lines = armorLines();
        lines[4].pop_back();
        QTest::newRow("character lost") << bytes(join(lines)) << corrupt << QStringLiteral("damaged");
        QTest::newRow("empty block") << QByteArray("-----BEGIN PGP MESSAGE-----\n\n-----END PGP MESSAGE-----\n")
                                     << corrupt << QStringLiteral("empty");
    }

    void rejectsWhatIsNotAMessage()
    {
        QFETCH(QByteArray, input);
        QFETCH(QString, code);
        QFETCH(QString, mentions);
        const auto result = fhw::secrets::extractOpenPgpMessage(std::string_view(input.constData(), input.size()));
        QVERIFY(!result.has_value());
        QCOMPARE(QString::fromStdString(result.error().code), code);
        QVERIFY2(QString::fromStdString(result.error().message).contains(mentions, Qt::CaseInsensitive),
                 result.error().message.c_str());
    }
};

QTEST_GUILESS_MAIN(TestArmor)
#include "tst_armor.moc"
