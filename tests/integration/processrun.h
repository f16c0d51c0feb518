#pragma once

// Runs a program to the end for CLI tests: its exit code (-1 when it did not start or overran its time,
// -2 when it crashed), stdout and stderr. Its own namespace: the CLI tests call their runner fhw(), which
// the project's fhw namespace would make ambiguous.

#include <QByteArray>
#include <QProcessEnvironment>
#include <QStringList>

#include <chrono>

namespace clitest {

struct ProcessRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

ProcessRun runProcess(const QString &program, const QStringList &arguments,
                      const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment(),
                      const QByteArray &input = {}, std::chrono::milliseconds limit = std::chrono::seconds(60));

} // namespace clitest
