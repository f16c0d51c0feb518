#pragma once

#include "protocol/messagetype.h"

#include <QCommandLineParser>
#include <QStringList>

#include <expected>
#include <optional>
#include <string>
#include <span>
#include <string_view>

namespace fhw::cli {

// Exit codes shared by every subcommand.
enum ExitCode : int {
    ExitOk = 0,
    ExitFindings = 1, // the command ran and found problems (validation errors, a failed check)
    ExitUsage = 2,    // bad usage or unreadable input
};

struct Command
{
    std::string_view name;
    std::string_view summary;
    int (*run)(const QStringList &arguments); // arguments[0] is "fhw COMMAND"
};

std::span<const Command> commands();

// Parses a subcommand's arguments with --help handled. Returns an exit code when the command must
// stop here (help shown: 0; usage error: 2), nothing when it should go on.
std::optional<int> parseArguments(QCommandLineParser &parser, const QStringList &arguments,
                                  std::string_view description);

// The option's value as an integer in [min, max]; nothing when it is not one (the caller says why).
std::optional<int> intValue(const QCommandLineParser &parser, const QCommandLineOption &option, int min, int max);

// A token from the named environment variable (tokens never go on the command line, where the
// process list shows them); nothing when the variable is unset or empty.
std::optional<std::string> tokenFromEnvironment(const QString &variable);

// The token stored under that name in the OS keychain (fhw token import); the error is ready to print.
std::expected<std::string, QString> tokenFromKeychain(const QString &name);

// The token of --token-env VAR or --token-name NAME (not both), shared by send and serve; nothing when
// neither is given. When it cannot be had, the reason is printed (prefixed with `command`) and the
// exit code comes back: usage (both given, an empty variable) or problems (the keychain).
std::expected<std::optional<std::string>, int> tokenFromOptions(const QCommandLineParser &parser,
                                                                const QCommandLineOption &environmentOption,
                                                                const QCommandLineOption &keychainOption,
                                                                const QString &command);

// Printing helpers: stdout for results, stderr for diagnostics. QString is written as UTF-8.
void printOut(std::string_view text);
void printErr(std::string_view text);
void printOut(const QString &text);
void printErr(const QString &text);

// TYPE names on the command line: short ones ("event", "audience-membership-response", ...) or wire names.
std::optional<protocol::MessageType> messageTypeFromName(const QString &name);
QString messageTypeNames(); // the short names, comma-separated

int validateCommand(const QStringList &arguments);
int generateCommand(const QStringList &arguments);
int serveCommand(const QStringList &arguments);
int sendCommand(const QStringList &arguments);
int keyCommand(const QStringList &arguments);
int tokenCommand(const QStringList &arguments);
int checkCommand(const QStringList &arguments);
int loadCommand(const QStringList &arguments);
int exportLocustCommand(const QStringList &arguments);
int awsCredentialsCommand(const QStringList &arguments);
int logoCheckCommand(const QStringList &arguments);
int bundleCommand(const QStringList &arguments);
int registrationExportCommand(const QStringList &arguments);
int postmanCommand(const QStringList &arguments);
int harCommand(const QStringList &arguments);

} // namespace fhw::cli
