// fhw: the workbench without the window. A thin dispatcher over firehose_core; one file per subcommand.

#include "command.h"

#include <QCoreApplication>

#include <algorithm>

using namespace fhw::cli;

namespace {

QString generalHelp()
{
    QString text = QStringLiteral(
        "Usage: fhw COMMAND [OPTIONS] [ARGS]\n"
        "Firehose Workbench on the command line: build, send and check mParticle Firehose messages.\n\n"
        "Commands:\n");
    for (const Command &command : commands()) {
        text += QStringLiteral("  %1  %2\n")
                    .arg(QString::fromUtf8(command.name.data(), qsizetype(command.name.size())).leftJustified(10),
                         QString::fromUtf8(command.summary.data(), qsizetype(command.summary.size())));
    }
    text += QStringLiteral("\nOptions:\n  -h, --help     Show this help; 'fhw COMMAND --help' for a command.\n"
                           "  -v, --version  Show the version.\n\n"
                           "Exit status: 0 success, 1 problems found, 2 bad usage or unreadable input.\n");
    return text;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("fhw"));
    QCoreApplication::setOrganizationName(QStringLiteral("Firehose Workbench"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FHW_VERSION));

    const QStringList arguments = QCoreApplication::arguments();
    const QString first = arguments.value(1);
    if (first.isEmpty() || first == QLatin1String("-h") || first == QLatin1String("--help")
        || first == QLatin1String("help")) {
        if (first.isEmpty()) {
            printErr(generalHelp());
            return ExitUsage;
        }
        printOut(generalHelp());
        return ExitOk;
    }
    if (first == QLatin1String("-v") || first == QLatin1String("--version")) {
        printOut(QStringLiteral("fhw %1\n").arg(QCoreApplication::applicationVersion()));
        return ExitOk;
    }
    const QByteArray name = first.toUtf8();
    const auto all = commands();
    const auto command = std::ranges::find_if(all, [&](const Command &c) { return c.name == name.constData(); });
    if (command == all.end()) {
        printErr(QStringLiteral("fhw: unknown command '%1'\nTry 'fhw --help'.\n").arg(first));
        return ExitUsage;
    }
    QStringList commandArguments = arguments.mid(2);
    commandArguments.prepend(QStringLiteral("fhw ") + first);
    return command->run(commandArguments);
}
