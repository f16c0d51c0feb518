// checkSecretService() against real buses: the shared test keyring (scripts/with-test-services), and,
// in child processes, no bus at all, a bus of our own without a Secret Service, with one the bus can
// start (or fails to start, or never starts), and with our own gnome-keyring locked or frozen.

#include "privatebus.h"

#include "secrets/secretservice.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>
#include <memory>
#include <thread>

using fhw::secrets::checkSecretService;
using namespace fhw::testing;

namespace {

// The child's side: `check <timeout ms>`.
int childMain(const QStringList &arguments)
{
    if (arguments.value(0) != QLatin1String("check"))
        return reportFromChild(QStringLiteral("bad-arguments"));
    const auto timeout = std::chrono::milliseconds(arguments.value(1, QStringLiteral("2000")).toInt());
    const auto result = checkSecretService(timeout);
    if (result)
        return reportFromChild(QStringLiteral("ok"));
    return reportFromChild(QString::fromStdString(result.error().code), QString::fromStdString(result.error().message));
}

ChildRun check(const QProcessEnvironment &environment, int timeoutMs = 2000)
{
    return runChild({QStringLiteral("check"), QString::number(timeoutMs)}, environment);
}

QString describe(const ChildRun &run)
{
    return QStringLiteral("exit %1 after %2 ms, result %3: %4\n%5")
        .arg(run.exitCode)
        .arg(run.elapsedMs)
        .arg(run.result, run.message, QString::fromUtf8(run.output));
}

} // namespace

class TestSecretService : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            QFAIL("No session bus: run inside scripts/with-test-services (scripts/test does).");
        QVERIFY2(waitForSessionSecretService(), "Nothing owns org.freedesktop.secrets on the test bus");
    }

    void availableInTestServices()
    {
        QElapsedTimer timer;
        timer.start();
        const auto result = checkSecretService();
        QVERIFY2(result, result ? "" : result.error().message.c_str());
        qInfo("check took %lld ms", timer.elapsed());
        QVERIFY(timer.elapsed() < 2000);
    }

    void availableFromThreadsWithoutEventLoop()
    {
        std::expected<void, fhw::Error> fromStdThread = std::unexpected(fhw::Error{"unset", ""});
        std::thread([&] { fromStdThread = checkSecretService(); }).join();
        QVERIFY2(fromStdThread, fromStdThread ? "" : fromStdThread.error().message.c_str());

        std::expected<void, fhw::Error> fromQThread = std::unexpected(fhw::Error{"unset", ""});
        std::unique_ptr<QThread> thread(QThread::create([&] { fromQThread = checkSecretService(); }));
        thread->start();
        QVERIFY(thread->wait(10'000));
        QVERIFY2(fromQThread, fromQThread ? "" : fromQThread.error().message.c_str());
    }

    void noSessionBus()
    {
        QTemporaryDir runtime;
        const ChildRun run = check(environmentWithoutSessionBus(runtime.path()));
        QVERIFY2(run.finished, qPrintable(describe(run)));
        QCOMPARE(run.result, QStringLiteral("keychain.no-session-bus"));
        QVERIFY2(run.message.contains(QLatin1String("DBUS_SESSION_BUS_ADDRESS is not set")), qPrintable(run.message));
        QVERIFY2(run.message.contains(QLatin1String("dbus-run-session")), qPrintable(run.message));
        QVERIFY2(run.elapsedMs < 2000, qPrintable(describe(run))); // the whole child process, start to end
        qInfo("%s", qPrintable(run.message));
    }

    void unreachableSessionBus()
    {
        QTemporaryDir runtime;
        QProcessEnvironment env = environmentWithoutSessionBus(runtime.path());
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=") + runtime.filePath(QStringLiteral("nobody")));
        const ChildRun run = check(env);
        QCOMPARE(run.result, QStringLiteral("keychain.no-session-bus"));
        QVERIFY2(run.message.contains(QLatin1String("cannot connect to unix:path=")), qPrintable(run.message));
        QVERIFY2(run.elapsedMs < 2000, qPrintable(describe(run)));
    }

    void busWithoutSecretService()
    {
        PrivateBus bus;
        QVERIFY2(bus.start(), qPrintable(bus.problem()));
        const ChildRun run = check(bus.environment());
        QCOMPARE(run.result, QStringLiteral("keychain.no-secret-service"));
        QVERIFY2(run.message.contains(QLatin1String("gnome-keyring")), qPrintable(run.message));
        QVERIFY2(run.elapsedMs < 2000, qPrintable(describe(run)));
        qInfo("%s", qPrintable(run.message));
    }

    // The Debian session bus can start gnome-keyring on demand (org.freedesktop.secrets.service). The
    // check starts it too, as QtKeychain's first request would; a gnome-keyring started that way without
    // a login password has no default collection, which is what the check must say.
    void activatableServiceIsStarted()
    {
        PrivateBus bus;
        QVERIFY2(bus.start(QStringLiteral("/usr/bin/gnome-keyring-daemon --start --foreground --components=secrets")),
                 qPrintable(bus.problem()));
        QVERIFY(!bus.nameHasOwner(QStringLiteral("org.freedesktop.secrets")));
        const ChildRun run = check(bus.environment(), 5000);
        QCOMPARE(run.result, QStringLiteral("keychain.locked"));
        QVERIFY2(run.message.contains(QLatin1String("no default collection")), qPrintable(run.message));
        QVERIFY(bus.nameHasOwner(QStringLiteral("org.freedesktop.secrets"))); // it was started
        QVERIFY(!bus.prompted());
        qInfo("activation + check: %lld ms; %s", run.elapsedMs, qPrintable(run.message));
    }

    void failingActivation()
    {
        PrivateBus bus;
        QVERIFY2(bus.start(QStringLiteral("/bin/false")), qPrintable(bus.problem()));
        const ChildRun run = check(bus.environment());
        QCOMPARE(run.result, QStringLiteral("keychain.no-secret-service"));
        QVERIFY2(run.message.contains(QLatin1String("starting it failed")), qPrintable(run.message));
        qInfo("%s", qPrintable(run.message));
    }

    void activationThatNeverAnswersTimesOut()
    {
        PrivateBus bus;
        QVERIFY2(bus.start(QStringLiteral("/bin/sleep 5")), qPrintable(bus.problem()));
        const ChildRun run = check(bus.environment(), 1000);
        QCOMPARE(run.result, QStringLiteral("keychain.timeout"));
        QVERIFY2(run.elapsedMs < 3000, qPrintable(describe(run)));
        qInfo("%s", qPrintable(run.message));
    }

    void lockedDefaultCollection()
    {
        PrivateBus bus;
        QVERIFY2(bus.start(), qPrintable(bus.problem()));
        QVERIFY2(bus.startKeyring("private-bus-password"), qPrintable(bus.problem()));
        const ChildRun unlocked = check(bus.environment());
        QVERIFY2(unlocked.result == QLatin1String("ok"), qPrintable(describe(unlocked)));

        QVERIFY2(bus.lockDefaultCollection(), qPrintable(bus.problem()));
        const ChildRun locked = check(bus.environment());
        QCOMPARE(locked.result, QStringLiteral("keychain.locked"));
        QVERIFY2(locked.message.contains(QLatin1String("login) is locked")), qPrintable(locked.message));
        QVERIFY2(locked.message.contains(QLatin1String("Unlock your login keyring")), qPrintable(locked.message));
        QVERIFY2(locked.elapsedMs < 2000, qPrintable(describe(locked)));
        QVERIFY(!bus.prompted());
        qInfo("%s", qPrintable(locked.message));
    }

    // A keyring daemon that takes the name and then never answers (stopped with SIGSTOP).
    void frozenKeyringTimesOut()
    {
        PrivateBus bus;
        QVERIFY2(bus.start(), qPrintable(bus.problem()));
        QVERIFY2(bus.startKeyring("private-bus-password"), qPrintable(bus.problem()));
        QCOMPARE(::kill(static_cast<pid_t>(bus.keyringPid()), SIGSTOP), 0);
        const ChildRun run = check(bus.environment(), 1000);
        ::kill(static_cast<pid_t>(bus.keyringPid()), SIGCONT);
        QCOMPARE(run.result, QStringLiteral("keychain.timeout"));
        QVERIFY2(run.elapsedMs < 3000, qPrintable(describe(run)));
        qInfo("%s", qPrintable(run.message));
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc >= 2 && qstrcmp(argv[1], "--fhw-child") == 0)
        return childMain(app.arguments().mid(2));
    TestSecretService test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_secretservice.moc"
