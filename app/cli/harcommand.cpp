// fhw har: history entries as HAR 1.2, for a browser's network panel, Charles or Fiddler.

#include "command.h"

#include "interop/har.h"
#include "workspace/historystore.h"
#include "workspace/workspace.h"

#include <QSaveFile>

#include <set>

namespace fhw::cli {

namespace {

int fail(const QString &what)
{
    printErr(QStringLiteral("fhw har: %1\n").arg(what));
    return ExitUsage;
}

} // namespace

int harCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption workspaceOption(QStringLiteral("workspace"), QStringLiteral("The workspace folder."),
                                             QStringLiteral("DIR"));
    const QCommandLineOption ids(QStringLiteral("id"),
                                 QStringLiteral("A history entry to export (repeat for more; default: all)."),
                                 QStringLiteral("ID"));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("The file to write ('-': stdout)."),
                                 QStringLiteral("FILE"));
    const QCommandLineOption reveal(QStringLiteral("reveal-token"),
                                    QStringLiteral("Put the token of --token-env/--token-name in the Authorization "
                                                   "headers (otherwise redacted)."));
    const QCommandLineOption tokenEnv(QStringLiteral("token-env"), QStringLiteral("With --reveal-token: the token's variable."),
                                      QStringLiteral("VAR"));
    const QCommandLineOption tokenName(QStringLiteral("token-name"),
                                       QStringLiteral("With --reveal-token: the token's name in the keychain."),
                                       QStringLiteral("NAME"));
    parser.addOptions({workspaceOption, ids, out, reveal, tokenEnv, tokenName});
    if (auto exit = parseArguments(parser, arguments,
                                   "Writes history entries as HAR 1.2: one HAR entry per attempt, with its headers, "
                                   "bodies and phase timings. The token is redacted unless --reveal-token.\n"
                                   "Exit status: 0 written, 2 usage or I/O errors (an unknown --id included)."))
        return *exit;
    if (!parser.positionalArguments().isEmpty() || !parser.isSet(workspaceOption) || !parser.isSet(out))
        return fail(QStringLiteral("give --workspace DIR and --out FILE"));

    interop::HarOptions options;
    if (parser.isSet(reveal)) {
        auto token = tokenFromOptions(parser, tokenEnv, tokenName, QStringLiteral("fhw har"));
        if (!token)
            return token.error();
        if (!*token)
            return fail(QStringLiteral("--reveal-token needs --token-env VAR or --token-name NAME"));
        options.revealToken = std::move(**token);
    }

    auto workspace = workspace::Workspace::open(parser.value(workspaceOption));
    if (!workspace)
        return fail(QString::fromStdString(workspace.error().message));
    workspace::HistoryStore store(workspace->historyDirectory(), workspace->settings().historyMaxEntries);
    std::vector<std::string> wanted;
    for (const QString &id : parser.values(ids))
        wanted.push_back(id.toStdString());
    if (wanted.empty()) {
        auto rows = store.list();
        if (!rows)
            return fail(QString::fromStdString(rows.error().message));
        for (const workspace::HistoryRow &row : *rows)
            wanted.push_back(row.id);
    }
    std::vector<workspace::HistoryEntry> entries;
    for (const std::string &id : wanted) {
        auto entry = store.load(id);
        if (!entry)
            return fail(QString::fromStdString(entry.error().message));
        entries.push_back(std::move(*entry));
    }
    const std::string har = interop::harFromHistory(entries, options).dump(2) + "\n";
    if (parser.value(out) == QLatin1String("-")) {
        printOut(har);
        return ExitOk;
    }
    QSaveFile file(parser.value(out));
    if (!file.open(QIODevice::WriteOnly) || file.write(har.data(), qint64(har.size())) != qint64(har.size())
        || !file.commit())
        return fail(QStringLiteral("cannot write %1: %2").arg(parser.value(out), file.errorString()));
    printErr(QStringLiteral("Wrote %1 history entr%2 to %3.\n")
                 .arg(entries.size())
                 .arg(entries.size() == 1 ? QStringLiteral("y") : QStringLiteral("ies"))
                 .arg(parser.value(out)));
    return ExitOk;
}

} // namespace fhw::cli
