// fhw postman: the workspace's saved requests to and from a Postman Collection v2.1.

#include "command.h"

#include "interop/postman.h"
#include "protocol/parse.h"
#include "workspace/workspace.h"

#include <QSaveFile>

namespace fhw::cli {

namespace {

QString text(const std::string &utf8)
{
    return QString::fromStdString(utf8);
}

int fail(const QString &what)
{
    printErr(QStringLiteral("fhw postman: %1\n").arg(what));
    return ExitUsage;
}

// The URLs the collection's variables get: the workspace's target (the embedded endpoint's own URL when
// its port is fixed; otherwise left for the user to fill in Postman).
transport::Target collectionTarget(const workspace::WorkspaceSettings &settings)
{
    if (settings.target.kind != workspace::TargetKind::Embedded)
        return settings.target.effectiveTarget();
    transport::Target target;
    if (settings.endpointPort > 0)
        target.url = "http://127.0.0.1:" + std::to_string(settings.endpointPort) + "/";
    return target;
}

int exportCollection(const QString &directory, const QString &out)
{
    auto workspace = workspace::Workspace::open(directory);
    if (!workspace)
        return fail(text(workspace.error().message));
    auto names = workspace->list();
    if (!names)
        return fail(text(names.error().message));
    std::vector<workspace::SavedRequest> requests;
    for (const QString &name : *names) {
        auto request = workspace->load(name);
        if (!request)
            return fail(text(request.error().message));
        requests.push_back(std::move(*request));
    }
    const interop::PostmanExportOptions options{.collectionName = workspace->settings().name,
                                                .target = collectionTarget(workspace->settings())};
    const std::string collection = interop::exportCollection(requests, options).dump(2) + "\n";
    if (out == QLatin1String("-")) {
        printOut(collection);
        return ExitOk;
    }
    QSaveFile file(out);
    if (!file.open(QIODevice::WriteOnly) || file.write(collection.data(), qint64(collection.size())) != qint64(collection.size())
        || !file.commit())
        return fail(QStringLiteral("cannot write %1: %2").arg(out, file.errorString()));
    printErr(QStringLiteral("Exported %1 request(s) to %2.\n").arg(requests.size()).arg(out));
    return ExitOk;
}

int importCollection(const QString &directory, const QString &file)
{
    auto bytes = protocol::readFileCapped(file.toStdString(), protocol::ParseOptions().maxBytes);
    if (!bytes)
        return fail(text(bytes.error().message));
    auto workspace = workspace::Workspace::openOrCreate(directory);
    if (!workspace)
        return fail(text(workspace.error().message));
    auto names = workspace->list();
    if (!names)
        return fail(text(names.error().message));
    auto imported = interop::importCollection(*bytes, *names);
    if (!imported)
        return fail(QStringLiteral("%1: %2").arg(file, text(imported.error().message)));
    for (const workspace::SavedRequest &request : imported->requests) {
        if (auto saved = workspace->save(request); !saved)
            return fail(text(saved.error().message));
        printOut(QStringLiteral("imported: %1 (%2)\n")
                     .arg(request.name, QString::fromUtf8(protocol::wireName(request.type).data())));
    }
    bool skipped = false;
    for (const protocol::Finding &finding : imported->findings) {
        skipped = skipped || finding.severity != protocol::Severity::Info;
        printOut(QStringLiteral("%1: %2: %3: %4\n")
                     .arg(text(finding.pointer), QString::fromUtf8(protocol::severityName(finding.severity).data()),
                          text(finding.code), text(finding.message)));
    }
    printOut(QStringLiteral("%1 request(s) imported from \"%2\", %3 finding(s).\n")
                 .arg(imported->requests.size())
                 .arg(text(imported->collectionName))
                 .arg(imported->findings.size()));
    return skipped || imported->requests.empty() ? ExitFindings : ExitOk;
}

} // namespace

int postmanCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("ACTION"), QStringLiteral("export or import."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("import: the collection (.json)."),
                                 QStringLiteral("[FILE]"));
    const QCommandLineOption workspaceOption(QStringLiteral("workspace"), QStringLiteral("The workspace folder."),
                                             QStringLiteral("DIR"));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("export: the file to write ('-': stdout)."),
                                 QStringLiteral("FILE"));
    parser.addOptions({workspaceOption, out});
    if (auto exit = parseArguments(
            parser, arguments,
            "Saved requests as a Postman Collection v2.1, and back.\n"
            "  fhw postman export --workspace DIR --out FILE   URLs as {{firehose_url}} (and per-family variables),\n"
            "                                                  'Authorization: Token {{firehose_token}}': never the token\n"
            "  fhw postman import --workspace DIR FILE         every POST whose raw body is a Firehose request; the\n"
            "                                                  other items are listed as findings\n"
            "Exit status: 0 done, 1 import skipped items (or found none), 2 usage or I/O errors."))
        return *exit;
    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    if (!parser.isSet(workspaceOption))
        return fail(QStringLiteral("give --workspace DIR"));
    if (action == QLatin1String("export") && positional.size() == 1) {
        if (!parser.isSet(out))
            return fail(QStringLiteral("export: give --out FILE"));
        return exportCollection(parser.value(workspaceOption), parser.value(out));
    }
    if (action == QLatin1String("import") && positional.size() == 2)
        return importCollection(parser.value(workspaceOption), positional.at(1));
    return fail(QStringLiteral("give export --out FILE, or import FILE (see fhw postman --help)"));
}

} // namespace fhw::cli
