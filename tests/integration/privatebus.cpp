#include "privatebus.h"

#include <QCoreApplication>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusVariant>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QThread>

#include <sys/prctl.h>

#include <atomic>
#include <csignal>
#include <cstdio>

namespace fhw::testing {

namespace {

void killWithParent(QProcess &process)
{
    process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
}

void stop(QProcess &process)
{
    if (process.state() == QProcess::NotRunning)
        return;
    process.terminate();
    if (!process.waitForFinished(3000)) {
        process.kill();
        process.waitForFinished(3000);
    }
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QByteArray serviceFile(const QString &name, const QString &exec)
{
    return "[D-BUS Service]\nName=" + name.toUtf8() + "\nExec=" + exec.toUtf8() + "\n";
}

QString secrets() { return QStringLiteral("org.freedesktop.secrets"); }

} // namespace

PrivateBus::PrivateBus()
{
    static std::atomic<int> counter{0};
    m_connectionName = QStringLiteral("fhw-test-private-bus-%1").arg(counter.fetch_add(1));
}

PrivateBus::~PrivateBus()
{
    QDBusConnection::disconnectFromBus(m_connectionName);
    stop(m_keyring);
    stop(m_daemon);
}

QProcessEnvironment PrivateBus::baseEnvironment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY", "GNOME_KEYRING_CONTROL"})
        env.remove(QString::fromLatin1(name));
    env.insert(QStringLiteral("HOME"), m_dir.filePath(QStringLiteral("home")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("home/.local/share")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("home/.config")));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), m_dir.filePath(QStringLiteral("home/.cache")));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_dir.filePath(QStringLiteral("run")));
    return env;
}

QProcessEnvironment PrivateBus::environment() const
{
    QProcessEnvironment env = baseEnvironment();
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), m_address);
    return env;
}

bool PrivateBus::start(const QString &activationExec)
{
    if (!m_dir.isValid()) {
        m_problem = QStringLiteral("no temporary folder");
        return false;
    }
    QDir root(m_dir.path());
    for (const char *sub : {"home/.local/share", "home/.config", "home/.cache", "run", "services"})
        root.mkpath(QString::fromLatin1(sub));
    QFile::setPermissions(m_dir.filePath(QStringLiteral("run")), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);

    const QString services = m_dir.filePath(QStringLiteral("services"));
    // gnome-keyring asks one of these to show a prompt; ours only leave a file behind to say it happened.
    for (const char *prompter : {"org.gnome.keyring.SystemPrompter", "org.gnome.keyring.PrivatePrompter"}) {
        const QString name = QString::fromLatin1(prompter);
        writeFile(services + QLatin1Char('/') + name + QStringLiteral(".service"),
                  serviceFile(name, QStringLiteral("/usr/bin/touch ") + m_dir.filePath(QStringLiteral("prompted"))));
    }
    if (!activationExec.isEmpty())
        writeFile(services + QStringLiteral("/org.freedesktop.secrets.service"), serviceFile(secrets(), activationExec));

    const QByteArray config = "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
                              " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
                              "<busconfig>\n"
                              "  <type>session</type>\n"
                              "  <listen>unix:tmpdir=/tmp</listen>\n"
                              "  <servicedir>" + services.toUtf8() + "</servicedir>\n"
                              "  <policy context=\"default\">\n"
                              "    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
                              "    <allow eavesdrop=\"true\"/>\n"
                              "    <allow own=\"*\"/>\n"
                              "  </policy>\n"
                              "</busconfig>\n";
    const QString configPath = m_dir.filePath(QStringLiteral("bus.conf"));
    writeFile(configPath, config);

    // Activated services inherit the daemon's environment: our HOME, XDG dirs, no display.
    m_daemon.setProcessEnvironment(baseEnvironment());
    m_daemon.setProcessChannelMode(QProcess::SeparateChannels);
    killWithParent(m_daemon);
    m_daemon.start(QStringLiteral("dbus-daemon"),
                   {QStringLiteral("--config-file=") + configPath, QStringLiteral("--nofork"), QStringLiteral("--print-address")});
    if (!m_daemon.waitForStarted(5000)) {
        m_problem = QStringLiteral("dbus-daemon did not start: ") + m_daemon.errorString();
        return false;
    }
    QElapsedTimer waited;
    waited.start();
    while (!m_daemon.canReadLine() && waited.elapsed() < 5000)
        m_daemon.waitForReadyRead(100);
    m_address = QString::fromUtf8(m_daemon.readLine()).trimmed();
    if (m_address.isEmpty()) {
        m_problem = QStringLiteral("dbus-daemon printed no address: ") + QString::fromUtf8(m_daemon.readAllStandardError());
        return false;
    }
    if (!connection().isConnected()) {
        m_problem = QStringLiteral("cannot connect to the private bus: ") + connection().lastError().message();
        return false;
    }
    return true;
}

QDBusConnection PrivateBus::connection()
{
    return QDBusConnection::connectToBus(m_address, m_connectionName);
}

bool PrivateBus::nameHasOwner(const QString &name)
{
    QDBusMessage call = QDBusMessage::createMethodCall(QStringLiteral("org.freedesktop.DBus"), QStringLiteral("/org/freedesktop/DBus"),
                                                       QStringLiteral("org.freedesktop.DBus"), QStringLiteral("NameHasOwner"));
    call << name;
    const QDBusMessage reply = connection().call(call, QDBus::Block, 5000);
    return reply.type() == QDBusMessage::ReplyMessage && reply.arguments().value(0).toBool();
}

bool PrivateBus::startKeyring(const QByteArray &password)
{
    m_keyring.setProcessEnvironment(environment());
    killWithParent(m_keyring);
    m_keyring.start(QStringLiteral("gnome-keyring-daemon"),
                    {QStringLiteral("--foreground"), QStringLiteral("--unlock"), QStringLiteral("--components=secrets")});
    if (!m_keyring.waitForStarted(5000)) {
        m_problem = QStringLiteral("gnome-keyring-daemon did not start: ") + m_keyring.errorString();
        return false;
    }
    m_keyring.write(password); // it reads the password up to end of input
    m_keyring.waitForBytesWritten(5000); // no event loop runs here to write it later
    m_keyring.closeWriteChannel();
    QElapsedTimer waited;
    waited.start();
    while (waited.elapsed() < 10'000) {
        if (nameHasOwner(secrets()))
            return true;
        QThread::msleep(50);
    }
    m_problem = QStringLiteral("gnome-keyring-daemon did not take org.freedesktop.secrets: ")
        + QString::fromUtf8(m_keyring.readAllStandardError());
    return false;
}

bool PrivateBus::lockDefaultCollection()
{
    const QString path = QStringLiteral("/org/freedesktop/secrets");
    const QString service = QStringLiteral("org.freedesktop.Secret.Service");
    QDBusMessage alias = QDBusMessage::createMethodCall(secrets(), path, service, QStringLiteral("ReadAlias"));
    alias << QStringLiteral("default");
    const QDBusMessage aliasReply = connection().call(alias, QDBus::Block, 5000);
    const QString collection = qvariant_cast<QDBusObjectPath>(aliasReply.arguments().value(0)).path();
    if (collection.isEmpty() || collection == QLatin1String("/")) {
        m_problem = QStringLiteral("no default collection to lock: ") + aliasReply.errorMessage();
        return false;
    }
    QDBusMessage lock = QDBusMessage::createMethodCall(secrets(), path, service, QStringLiteral("Lock"));
    lock << QVariant::fromValue(QList<QDBusObjectPath>{QDBusObjectPath(collection)});
    const QDBusMessage lockReply = connection().call(lock, QDBus::Block, 5000);
    if (lockReply.type() != QDBusMessage::ReplyMessage) {
        m_problem = QStringLiteral("Lock failed: ") + lockReply.errorMessage();
        return false;
    }
    QDBusMessage get = QDBusMessage::createMethodCall(secrets(), collection, QStringLiteral("org.freedesktop.DBus.Properties"),
                                                      QStringLiteral("Get"));
    get << QStringLiteral("org.freedesktop.Secret.Collection") << QStringLiteral("Locked");
    const QDBusMessage locked = connection().call(get, QDBus::Block, 5000);
    return qvariant_cast<QDBusVariant>(locked.arguments().value(0)).variant().toBool();
}

bool PrivateBus::prompted() const
{
    return QFile::exists(m_dir.filePath(QStringLiteral("prompted")));
}

ChildRun runChild(const QStringList &arguments, const QProcessEnvironment &environment, int limitMs)
{
    ChildRun run;
    QProcess child;
    child.setProcessEnvironment(environment);
    killWithParent(child);
    QElapsedTimer timer;
    timer.start();
    child.start(QCoreApplication::applicationFilePath(), QStringList{QStringLiteral("--fhw-child")} + arguments);
    if (!child.waitForStarted(10'000))
        return run;
    run.finished = child.waitForFinished(limitMs);
    run.elapsedMs = timer.elapsed();
    if (!run.finished) {
        child.kill();
        child.waitForFinished(3000);
    }
    run.exitCode = child.exitStatus() == QProcess::NormalExit ? child.exitCode() : -2;
    run.output = child.readAllStandardOutput() + child.readAllStandardError();
    for (const QByteArray &line : run.output.split('\n')) {
        if (line.startsWith("result: "))
            run.result = QString::fromUtf8(line.mid(8));
        else if (line.startsWith("message: "))
            run.message = QString::fromUtf8(line.mid(9));
    }
    return run;
}

int reportFromChild(const QString &result, const QString &message)
{
    std::printf("result: %s\nmessage: %s\n", result.toUtf8().constData(), message.toUtf8().constData());
    std::fflush(stdout);
    return result == QLatin1String("ok") ? 0 : 1;
}

bool waitForSessionSecretService(int limitMs)
{
    QDBusMessage call = QDBusMessage::createMethodCall(QStringLiteral("org.freedesktop.DBus"), QStringLiteral("/org/freedesktop/DBus"),
                                                       QStringLiteral("org.freedesktop.DBus"), QStringLiteral("NameHasOwner"));
    call << secrets();
    QElapsedTimer waited;
    waited.start();
    while (waited.elapsed() < limitMs) {
        const QDBusMessage reply = QDBusConnection::sessionBus().call(call, QDBus::Block, 2000);
        if (reply.type() == QDBusMessage::ReplyMessage && reply.arguments().value(0).toBool())
            return true;
        QThread::msleep(20);
    }
    return false;
}

QProcessEnvironment environmentWithoutSessionBus(const QString &emptyRuntimeDir)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY"})
        env.remove(QString::fromLatin1(name));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), emptyRuntimeDir);
    return env;
}

} // namespace fhw::testing
