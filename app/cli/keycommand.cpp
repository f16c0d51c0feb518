// fhw key list|create|export: the partner's OpenPGP key, the one mParticle encrypts tokens to.

#include "command.h"
#include "passphrase.h"

#include "secrets/pgpkeys.h"

#include <QCommandLineParser>
#include <QSaveFile>

#include <nlohmann/json.hpp>

#include <chrono>

namespace fhw::cli {

namespace {

using secrets::KeyInfo;
using secrets::PgpKeys;

QString dateOf(std::chrono::sys_seconds when)
{
    const auto days = std::chrono::floor<std::chrono::days>(when);
    const std::chrono::year_month_day date{days};
    return QStringLiteral("%1-%2-%3")
        .arg(int(date.year()))
        .arg(unsigned(date.month()), 2, 10, QLatin1Char('0'))
        .arg(unsigned(date.day()), 2, 10, QLatin1Char('0'));
}

QString describe(const KeyInfo &key)
{
    QString state;
    if (key.revoked)
        state = QStringLiteral("  REVOKED");
    else if (key.expired)
        state = QStringLiteral("  EXPIRED");
    else if (!key.canEncrypt)
        state = QStringLiteral("  (no usable encryption subkey: mParticle cannot encrypt to it)");
    return QStringLiteral("%1\n  %2  %3%4  created %5, %6%7\n")
        .arg(QString::fromStdString(key.fingerprint), QString::fromStdString(key.primaryUserId),
             QString::fromStdString(key.algorithm),
             key.encryptionAlgorithm.empty() ? QString() : QStringLiteral("/") + QString::fromStdString(key.encryptionAlgorithm),
             dateOf(key.created),
             key.neverExpires() ? QStringLiteral("never expires") : QStringLiteral("expires ") + dateOf(key.expires), state);
}

nlohmann::ordered_json toJson(const KeyInfo &key)
{
    nlohmann::ordered_json out;
    out["fingerprint"] = key.fingerprint;
    out["key_id"] = key.keyId;
    out["user_id"] = key.primaryUserId;
    out["name"] = key.name;
    out["email"] = key.email;
    out["algorithm"] = key.algorithm;
    out["encryption_algorithm"] = key.encryptionAlgorithm;
    out["created"] = dateOf(key.created).toStdString();
    out["expires"] = key.neverExpires() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(dateOf(key.expires).toStdString());
    out["expired"] = key.expired;
    out["revoked"] = key.revoked;
    out["can_encrypt"] = key.canEncrypt;
    return out;
}

int fail(const Error &error)
{
    printErr(QStringLiteral("fhw key: %1 [%2]\n").arg(QString::fromStdString(error.message), QString::fromStdString(error.code)));
    return ExitFindings;
}

int listKeys(const PgpKeys &keys, bool json)
{
    const auto list = keys.listSecretKeys();
    if (!list)
        return fail(list.error());
    if (json) {
        nlohmann::ordered_json out = nlohmann::ordered_json::array();
        for (const KeyInfo &key : *list)
            out.push_back(toJson(key));
        printOut(out.dump(2) + "\n");
        return ExitOk;
    }
    if (list->empty()) {
        printOut(QStringLiteral("No secret keys in %1. Make one with 'fhw key create --name NAME --email EMAIL'.\n")
                     .arg(keys.gnupgHome().empty() ? QStringLiteral("the GnuPG home") : QString::fromStdString(keys.gnupgHome())));
        return ExitOk;
    }
    for (const KeyInfo &key : *list)
        printOut(describe(key));
    return ExitOk;
}

} // namespace

int keyCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("ACTION"), QStringLiteral("list, create or export."));
    parser.addPositionalArgument(QStringLiteral("KEY"), QStringLiteral("export: the key's fingerprint or id."), QStringLiteral("[KEY]"));
    const QCommandLineOption home(QStringLiteral("gnupg-home"), QStringLiteral("Use this GnuPG home (default: GNUPGHOME or ~/.gnupg)."), QStringLiteral("DIR"));
    const QCommandLineOption name(QStringLiteral("name"), QStringLiteral("create: the name on the key (e.g. your company)."), QStringLiteral("NAME"));
    const QCommandLineOption email(QStringLiteral("email"), QStringLiteral("create: the e-mail on the key."), QStringLiteral("EMAIL"));
    const QCommandLineOption algorithm(QStringLiteral("algorithm"),
                                       QStringLiteral("create: ed25519 (default: ed25519 signing, cv25519 encryption) or rsa4096."),
                                       QStringLiteral("ALGO"), QStringLiteral("ed25519"));
    const QCommandLineOption expires(QStringLiteral("expires-days"), QStringLiteral("create: expire after N days (default: never)."), QStringLiteral("N"));
    const QCommandLineOption protect(QStringLiteral("passphrase"), QStringLiteral("create: protect the key with a passphrase, asked on the terminal (or read from --passphrase-fd)."));
    const QCommandLineOption passphraseFd(QStringLiteral("passphrase-fd"), QStringLiteral("Read the passphrase from this open file descriptor."), QStringLiteral("N"));
    const QCommandLineOption output(QStringLiteral("output"), QStringLiteral("export: write the armored public key to FILE instead of stdout."), QStringLiteral("FILE"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("list, create: print JSON."));
    parser.addOptions({home, name, email, algorithm, expires, protect, passphraseFd, output, json});
    if (auto exit = parseArguments(parser, arguments,
                                   "Your OpenPGP key: mParticle e-mails the integration's auth token encrypted to it.\n"
                                   "  fhw key list                              secret keys, with fingerprints\n"
                                   "  fhw key create --name N --email E         a new key (ed25519/cv25519, no expiry)\n"
                                   "  fhw key export KEY [--output FILE]        the armored public key, to send to mParticle"))
        return *exit;

    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    const PgpKeys keys(parser.value(home).toStdString());

    if (action == QLatin1String("list") && positional.size() == 1)
        return listKeys(keys, parser.isSet(json));

    if (action == QLatin1String("create") && positional.size() == 1) {
        secrets::KeySpec spec;
        spec.name = parser.value(name).toStdString();
        spec.email = parser.value(email).toStdString();
        const QString algo = parser.value(algorithm);
        if (algo == QLatin1String("rsa4096"))
            spec.algorithm = secrets::KeySpec::Algorithm::Rsa4096;
        else if (algo != QLatin1String("ed25519")) {
            printErr(QStringLiteral("fhw key: --algorithm is ed25519 or rsa4096, not '%1'\n").arg(algo));
            return ExitUsage;
        }
        if (parser.isSet(expires)) {
            const auto days = intValue(parser, expires, 1, 36500);
            if (!days) {
                printErr(QStringLiteral("fhw key: --expires-days takes a number of days from 1 to 36500\n"));
                return ExitUsage;
            }
            spec.expiry = std::chrono::days(*days);
        }
        if (parser.isSet(protect) || parser.isSet(passphraseFd)) {
            PassphraseSource source;
            if (parser.isSet(passphraseFd)) {
                source.fd = intValue(parser, passphraseFd, 0, 1 << 20);
                if (!source.fd) {
                    printErr(QStringLiteral("fhw key: --passphrase-fd takes a file descriptor number\n"));
                    return ExitUsage;
                }
            }
            auto passphrase = readNewPassphrase(source);
            if (!passphrase) {
                printErr(QStringLiteral("fhw key: %1\n").arg(QString::fromStdString(passphrase.error())));
                return ExitUsage;
            }
            spec.passphrase = std::move(*passphrase);
        }
        const auto created = keys.createKey(spec);
        if (!created)
            return fail(created.error());
        if (parser.isSet(json)) {
            printOut(toJson(*created).dump(2) + "\n");
        } else {
            printOut(QStringLiteral("Created\n") + describe(*created)
                     + QStringLiteral("Send mParticle the public key: fhw key export %1 --output public-key.asc\n")
                           .arg(QString::fromStdString(created->fingerprint)));
        }
        return ExitOk;
    }

    if (action == QLatin1String("export") && positional.size() == 2) {
        const auto armored = keys.exportPublicKey(positional.at(1).toStdString());
        if (!armored)
            return fail(armored.error());
        if (!parser.isSet(output)) {
            printOut(*armored);
            return ExitOk;
        }
        QSaveFile file(parser.value(output));
        if (!file.open(QIODevice::WriteOnly) || file.write(armored->data(), qint64(armored->size())) != qint64(armored->size())
            || !file.commit()) {
            printErr(QStringLiteral("fhw key: cannot write %1: %2\n").arg(parser.value(output), file.errorString()));
            return ExitUsage;
        }
        printOut(QStringLiteral("Wrote the public key of %1 to %2\n").arg(positional.at(1), parser.value(output)));
        return ExitOk;
    }

    printErr(QStringLiteral("fhw key: give 'list', 'create --name N --email E' or 'export KEY'\nTry 'fhw key --help'.\n"));
    return ExitUsage;
}

} // namespace fhw::cli
