#pragma once

// A D-Bus session bus of the test's own, and gnome-keyring's Secret Service on it with its own HOME:
// tests can lock it, stop it or leave it out without disturbing the keyring the other tests share
// (scripts/with-test-services). Also runs the test binary again as a child ("--fhw-child ...") in such
// an environment, since libdbus reads DBUS_SESSION_BUS_ADDRESS once per process.

#include <QByteArray>
#include <QDBusConnection>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace fhw::testing {

class PrivateBus
{
public:
    PrivateBus();
    ~PrivateBus();
    PrivateBus(const PrivateBus &) = delete;
    PrivateBus &operator=(const PrivateBus &) = delete;

    // Starts dbus-daemon with a config of our own: no service folders at all, unless activationExec is
    // given, then one folder whose org.freedesktop.secrets.service runs it. Either way the folder also
    // has fake gnome-keyring prompters that only leave a file behind (see prompted()).
    bool start(const QString &activationExec = {});
    QString problem() const { return m_problem; }
    QString address() const { return m_address; }
    QString scratch(const QString &name) const { return m_dir.filePath(name); }

    // For a child on this bus: DBUS_SESSION_BUS_ADDRESS, HOME and XDG_* in our scratch folder, no display.
    QProcessEnvironment environment() const;

    // gnome-keyring-daemon --foreground --unlock --components=secrets, given `password` on stdin; waits
    // until it owns org.freedesktop.secrets.
    bool startKeyring(const QByteArray &password);
    qint64 keyringPid() const { return m_keyring.processId(); }

    bool nameHasOwner(const QString &name);
    bool lockDefaultCollection();
    // True when something tried to show a gnome-keyring prompt on this bus (a prompter was activated).
    bool prompted() const;

private:
    QDBusConnection connection();
    QProcessEnvironment baseEnvironment() const;

    QTemporaryDir m_dir;
    QProcess m_daemon;
    QProcess m_keyring;
    QString m_address;
    QString m_connectionName;
    QString m_problem;
};

struct ChildRun
{
    bool finished = false; // false: killed at the limit
    int exitCode = -1;
    QString result;  // first line: "ok" or an error code
    QString message; // second line
    QByteArray output;
    qint64 elapsedMs = 0;
};

// Runs this test binary again with `--fhw-child arguments...` in `environment`, killing it after limitMs.
ChildRun runChild(const QStringList &arguments, const QProcessEnvironment &environment, int limitMs = 30'000);
// The child's side: prints what runChild() reads back, returns the exit code.
int reportFromChild(const QString &result, const QString &message = {});

// Waits until something owns org.freedesktop.secrets on the session bus. scripts/with-test-services
// starts gnome-keyring with --daemonize, which returns before the daemon is on the bus; a check made in
// that gap makes the bus start a second gnome-keyring (org.freedesktop.secrets.service), and with two of
// them ReadAlias("default") now and then answers "/" (seen in 2 of 5 runs that hit the gap).
bool waitForSessionSecretService(int limitMs = 10'000);

// The current environment without any session bus: no DBUS_SESSION_BUS_ADDRESS, no display, and an
// empty XDG_RUNTIME_DIR (libdbus also looks for $XDG_RUNTIME_DIR/bus).
QProcessEnvironment environmentWithoutSessionBus(const QString &emptyRuntimeDir);

} // namespace fhw::testing
