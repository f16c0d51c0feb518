// fhw token import|list|show|rename|delete: mParticle's auth tokens, kept only in the OS keychain.

#include "command.h"
#include "passphrase.h"

#include "protocol/parse.h"
#include "secrets/secretservice.h"
#include "secrets/tokendecryptor.h"
#include "secrets/tokenplausibility.h"
#include "secrets/tokenstore.h"

#include <QCommandLineParser>

#include <nlohmann/json.hpp>

#include <iostream>

namespace fhw::cli {

namespace {

using secrets::TokenStore;

constexpr std::size_t maxMessageBytes = 1024 * 1024; // an encrypted token is a few hundred bytes

int fail(const Error &error)
{
    printErr(QStringLiteral("fhw token: %1 [%2]\n").arg(QString::fromStdString(error.message), QString::fromStdString(error.code)));
    return ExitFindings;
}

QString quotedName(const std::string &text)
{
    return QLatin1Char('\'') + QString::fromStdString(text) + QLatin1Char('\'');
}

std::expected<std::string, Error> readInput(const QString &source)
{
    if (source.isEmpty() || source == QLatin1String("-"))
        return protocol::readStreamCapped(std::cin, maxMessageBytes);
    return protocol::readFileCapped(source.toStdString(), maxMessageBytes);
}

int importToken(const QCommandLineParser &parser, const QStringList &positional, const QCommandLineOption &nameOption,
                const QCommandLineOption &dataCenter, const QCommandLineOption &home,
                const QCommandLineOption &passphraseFd, const QCommandLineOption &replace)
{
    if (positional.size() > 2 || !parser.isSet(nameOption)) {
        printErr(QStringLiteral("fhw token: import takes [FILE|-] and --name NAME\n"));
        return ExitUsage;
    }
    secrets::TokenMetadata metadata;
    metadata.name = parser.value(nameOption).toStdString();
    if (auto valid = TokenStore::validateName(metadata.name); !valid) {
        printErr(QStringLiteral("fhw token: %1\n").arg(QString::fromStdString(valid.error().message)));
        return ExitUsage;
    }
    metadata.dataCenter = parser.value(dataCenter).toUpper().toStdString();
    if (!metadata.dataCenter.empty() && !secrets::isKnownDataCenter(metadata.dataCenter)) {
        printErr(QStringLiteral("fhw token: --data-center is US1, US2, EU1 or AU1, not '%1'\n").arg(parser.value(dataCenter)));
        return ExitUsage;
    }
    PassphraseSource source;
    if (parser.isSet(passphraseFd)) {
        source.fd = intValue(parser, passphraseFd, 0, 1 << 20);
        if (!source.fd) {
            printErr(QStringLiteral("fhw token: --passphrase-fd takes a file descriptor number\n"));
            return ExitUsage;
        }
    }
    // Before any passphrase is asked for: there must be somewhere safe to put the token.
    if (auto keychain = secrets::checkSecretService(); !keychain)
        return fail(keychain.error());

    const auto input = readInput(positional.value(1));
    if (!input) {
        printErr(QStringLiteral("fhw token: %1\n").arg(QString::fromStdString(input.error().message)));
        return ExitUsage;
    }
    PassphraseOutcome outcome;
    const secrets::TokenDecryptor decryptor(parser.value(home).toStdString());
    auto decrypted = decryptor.decrypt(*input, passphraseProvider(source, &outcome));
    if (!decrypted) {
        if (decrypted.error().code == "pgp.cancelled" && !outcome.problem.empty())
            return fail(Error{"pgp.no-passphrase", outcome.problem});
        if (decrypted.error().code == "pgp.cancelled" && outcome.rejected && source.fd)
            return fail(Error{"pgp.bad-passphrase", "bad passphrase (read from --passphrase-fd)"});
        return fail(decrypted.error());
    }
    auto checked = secrets::checkToken(decrypted->plaintext.view());
    if (!checked)
        return fail(checked.error());
    for (const std::string &warning : decrypted->warnings)
        printErr(QStringLiteral("warning: %1\n").arg(QString::fromStdString(warning)));
    for (const std::string &warning : checked->warnings)
        printErr(QStringLiteral("warning: %1\n").arg(QString::fromStdString(warning)));

    metadata.keyFingerprint = decrypted->recipientFingerprint;
    if (decrypted->signature)
        metadata.signer = decrypted->signature->signer.empty() ? decrypted->signature->fingerprint : decrypted->signature->signer;
    const auto stored = TokenStore().store(metadata, checked->token,
                                           parser.isSet(replace) ? TokenStore::Existing::Replace : TokenStore::Existing::Refuse);
    secrets::wipe(checked->token);
    if (!stored)
        return fail(stored.error());

    const auto listed = TokenStore().list();
    QString redacted;
    if (listed) {
        for (const auto &entry : *listed) {
            if (entry.metadata.name == metadata.name)
                redacted = QString::fromStdString(entry.metadata.redacted);
        }
    }
    printOut(QStringLiteral("Stored %1 (%2) in the keychain%3.\nDecrypted with key %4.\n")
                 .arg(quotedName(metadata.name), redacted,
                      metadata.dataCenter.empty() ? QString() : QStringLiteral(" for %1").arg(QString::fromStdString(metadata.dataCenter)),
                      QString::fromStdString(metadata.keyFingerprint)));
    if (decrypted->signature) {
        const auto &signature = *decrypted->signature;
        printOut(QStringLiteral("Signed by %1: %2\n")
                     .arg(QString::fromStdString(signature.signer.empty() ? signature.fingerprint : signature.signer),
                          QString::fromStdString(signature.status)));
    }
    printOut(QStringLiteral("Use it with: fhw send URL --generate event --token-name %1\n").arg(QString::fromStdString(metadata.name)));
    return ExitOk;
}

nlohmann::ordered_json toJson(const secrets::TokenListing &entry)
{
    nlohmann::ordered_json out;
    out["name"] = entry.metadata.name;
    out["data_center"] = entry.metadata.dataCenter;
    out["imported_at"] = entry.metadata.importedAt;
    out["key_fingerprint"] = entry.metadata.keyFingerprint;
    out["token"] = entry.metadata.redacted;
    out["signer"] = entry.metadata.signer;
    out["in_keychain"] = entry.inKeychain;
    out["indexed"] = entry.indexed;
    return out;
}

int listTokens(bool json)
{
    const auto listed = TokenStore().list();
    if (!listed)
        return fail(listed.error());
    if (json) {
        nlohmann::ordered_json out = nlohmann::ordered_json::array();
        for (const auto &entry : *listed)
            out.push_back(toJson(entry));
        printOut(out.dump(2) + "\n");
        return ExitOk;
    }
    if (listed->empty()) {
        printOut(QStringLiteral("No tokens yet. Import the one mParticle sent: fhw token import FILE --name NAME\n"));
        return ExitOk;
    }
    for (const auto &entry : *listed) {
        QString note;
        if (!entry.inKeychain)
            note = QStringLiteral("  MISSING from the keychain (deleted elsewhere?)");
        else if (!entry.indexed)
            note = QStringLiteral("  (in the keychain, no details recorded)");
        printOut(QStringLiteral("%1  %2  %3  %4%5\n")
                     .arg(QString::fromStdString(entry.metadata.name).leftJustified(24),
                          QString::fromStdString(entry.metadata.dataCenter.empty() ? std::string("-") : entry.metadata.dataCenter).leftJustified(4),
                          QString::fromStdString(entry.metadata.redacted).leftJustified(16),
                          QString::fromStdString(entry.metadata.importedAt), note));
    }
    return ExitOk;
}

int showToken(const QString &name, bool reveal, bool json)
{
    TokenStore store;
    const auto listed = store.list();
    if (!listed)
        return fail(listed.error());
    const auto entry = std::ranges::find_if(*listed, [&](const auto &e) { return e.metadata.name == name.toStdString(); });
    if (reveal) {
        // Asked for by name: the one place the token is printed whole.
        auto token = store.read(name.toStdString());
        if (!token)
            return fail(token.error());
        printOut(*token + "\n");
        secrets::wipe(*token);
        return ExitOk;
    }
    if (entry == listed->end())
        return fail(store.read(name.toStdString()).error());
    if (json) {
        printOut(toJson(*entry).dump(2) + "\n");
        return ExitOk;
    }
    const auto &m = entry->metadata;
    printOut(QStringLiteral("name:         %1\ntoken:        %2\ndata centre:  %3\nimported:     %4\nkey:          %5\n")
                 .arg(QString::fromStdString(m.name), QString::fromStdString(m.redacted),
                      QString::fromStdString(m.dataCenter.empty() ? std::string("(any)") : m.dataCenter),
                      QString::fromStdString(m.importedAt), QString::fromStdString(m.keyFingerprint)));
    if (!m.signer.empty())
        printOut(QStringLiteral("signed by:    %1\n").arg(QString::fromStdString(m.signer)));
    if (!entry->inKeychain)
        printOut(QStringLiteral("MISSING from the keychain: import it again.\n"));
    return ExitOk;
}

} // namespace

// The token of that name from the keychain, for send and serve; the error is ready to print.
std::expected<std::string, QString> tokenFromKeychain(const QString &name)
{
    auto token = TokenStore().read(name.toStdString());
    if (!token) {
        return std::unexpected(QStringLiteral("%1 [%2]").arg(QString::fromStdString(token.error().message),
                                                             QString::fromStdString(token.error().code)));
    }
    return std::move(*token);
}

int tokenCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("ACTION"), QStringLiteral("import, list, show, rename or delete."));
    parser.addPositionalArgument(QStringLiteral("ARGS"), QStringLiteral("import: [FILE|-]; show, delete: NAME; rename: OLD NEW."),
                                 QStringLiteral("[ARGS...]"));
    const QCommandLineOption name(QStringLiteral("name"), QStringLiteral("import: the name to keep it under, e.g. acme-prod-US1."), QStringLiteral("NAME"));
    const QCommandLineOption dataCenter(QStringLiteral("data-center"), QStringLiteral("import: US1, US2, EU1 or AU1."), QStringLiteral("DC"));
    const QCommandLineOption home(QStringLiteral("gnupg-home"), QStringLiteral("import: decrypt with this GnuPG home (default: GNUPGHOME or ~/.gnupg)."), QStringLiteral("DIR"));
    const QCommandLineOption passphraseFd(QStringLiteral("passphrase-fd"), QStringLiteral("import: read the key's passphrase from this open file descriptor."), QStringLiteral("N"));
    const QCommandLineOption replace(QStringLiteral("replace"), QStringLiteral("import: replace a token of the same name."));
    const QCommandLineOption reveal(QStringLiteral("reveal"), QStringLiteral("show: print the token itself (it is otherwise always redacted)."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("list, show: print JSON (the token redacted)."));
    parser.addOptions({name, dataCenter, home, passphraseFd, replace, reveal, json});
    if (auto exit = parseArguments(parser, arguments,
                                   "mParticle's auth tokens, kept only in the OS keychain (Secret Service), never on disk.\n"
                                   "  fhw token import [FILE|-] --name NAME [--data-center DC]   decrypt the PGP message mParticle sent, store the token\n"
                                   "  fhw token list                                            names, data centres, redacted tokens\n"
                                   "  fhw token show NAME [--reveal]                            one token's details (--reveal prints it)\n"
                                   "  fhw token rename OLD NEW\n"
                                   "  fhw token delete NAME"))
        return *exit;

    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    if (action == QLatin1String("import"))
        return importToken(parser, positional, name, dataCenter, home, passphraseFd, replace);
    if (action == QLatin1String("list") && positional.size() == 1)
        return listTokens(parser.isSet(json));
    if (action == QLatin1String("show") && positional.size() == 2)
        return showToken(positional.at(1), parser.isSet(reveal), parser.isSet(json));
    if (action == QLatin1String("rename") && positional.size() == 3) {
        const auto renamed = TokenStore().rename(positional.at(1).toStdString(), positional.at(2).toStdString());
        if (!renamed)
            return fail(renamed.error());
        printOut(QStringLiteral("Renamed '%1' to '%2'.\n").arg(positional.at(1), positional.at(2)));
        return ExitOk;
    }
    if (action == QLatin1String("delete") && positional.size() == 2) {
        const auto removed = TokenStore().remove(positional.at(1).toStdString());
        if (!removed)
            return fail(removed.error());
        printOut(QStringLiteral("Deleted '%1' from the keychain.\n").arg(positional.at(1)));
        return ExitOk;
    }
    printErr(QStringLiteral("fhw token: give import, list, show NAME, rename OLD NEW or delete NAME\nTry 'fhw token --help'.\n"));
    return ExitUsage;
}

} // namespace fhw::cli
