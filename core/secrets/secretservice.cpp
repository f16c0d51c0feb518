#include "secretservice.h"
#include "secretservice_p.h"

#include <QCoreApplication>
#include <QDBusArgument>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusVariant>

#include <algorithm>
#include <atomic>

namespace fhw::secrets {

namespace {

using namespace std::chrono;

QString secretsName() { return QStringLiteral("org.freedesktop.secrets"); }
QString secretsPath() { return QStringLiteral("/org/freedesktop/secrets"); }
QString serviceInterface() { return QStringLiteral("org.freedesktop.Secret.Service"); }

std::unexpected<Error> fail(std::string code, std::string message)
{
    return std::unexpected(Error{std::move(code), std::move(message)});
}

QDBusMessage busCall(const QString &method)
{
    return QDBusMessage::createMethodCall(QStringLiteral("org.freedesktop.DBus"), QStringLiteral("/org/freedesktop/DBus"),
                                          QStringLiteral("org.freedesktop.DBus"), method);
}

constexpr std::string_view headlessHint =
    "The keychain needs a desktop session; on a headless machine run inside `dbus-run-session` with "
    "`gnome-keyring-daemon --unlock` (given a non-empty password on stdin).";

} // namespace

namespace detail {

SessionBus::SessionBus(milliseconds timeout)
    : m_deadline(steady_clock::now() + timeout)
    , m_timeout(timeout)
    , m_name([] {
        static std::atomic<unsigned> counter{0};
        return QStringLiteral("fhw-secretservice-%1").arg(counter.fetch_add(1));
    }())
    , m_connection(QCoreApplication::instance()
                       ? QDBusConnection::connectToBus(QDBusConnection::SessionBus, m_name)
                       : QDBusConnection(QString()))
{
}

SessionBus::~SessionBus()
{
    if (QCoreApplication::instance())
        QDBusConnection::disconnectFromBus(m_name);
}

std::expected<void, Error> SessionBus::connected() const
{
    if (!QCoreApplication::instance())
        return fail("keychain.error", "Checking the keychain needs a QCoreApplication (QtDBus does).");
    if (m_connection.isConnected())
        return {};
    const QByteArray address = qgetenv("DBUS_SESSION_BUS_ADDRESS");
    const std::string why = m_connection.lastError().message().toStdString();
    const std::string detail = address.isEmpty()
        ? "DBUS_SESSION_BUS_ADDRESS is not set" + (why.empty() ? std::string() : ": " + why)
        : "cannot connect to " + address.toStdString() + (why.empty() ? std::string() : ": " + why);
    return fail("keychain.no-session-bus", "No D-Bus session bus (" + detail + "). " + std::string(headlessHint));
}

std::expected<QList<QVariant>, Error> SessionBus::call(const QDBusMessage &message, std::string_view what,
                                                       QString *errorName)
{
    const auto left = duration_cast<milliseconds>(m_deadline - steady_clock::now());
    const std::string budget = std::to_string(m_timeout.count()) + " ms";
    if (left <= milliseconds(0))
        return fail("keychain.timeout", "The Secret Service check ran out of time (" + budget + ") before "
                                            + std::string(what) + ".");
    const QDBusMessage reply = m_connection.call(message, QDBus::Block, static_cast<int>(left.count()));
    if (reply.type() == QDBusMessage::ReplyMessage)
        return reply.arguments();
    const QString name = reply.errorName();
    if (errorName)
        *errorName = name;
    if (name == QLatin1String("org.freedesktop.DBus.Error.NoReply")
        || name == QLatin1String("org.freedesktop.DBus.Error.Timeout"))
        return fail("keychain.timeout", "The Secret Service did not answer " + std::string(what) + " within "
                                            + budget + " (a hung keyring daemon, or one waiting for a prompt?).");
    return fail("keychain.error", "The D-Bus call " + std::string(what) + " failed: " + name.toStdString() + ": "
                                      + reply.errorMessage().toStdString());
}

std::expected<QVariant, Error> SessionBus::property(const QString &path, const QString &interface,
                                                    const QString &name)
{
    QDBusMessage get = QDBusMessage::createMethodCall(secretsName(), path, QStringLiteral("org.freedesktop.DBus.Properties"),
                                                      QStringLiteral("Get"));
    get << interface << name;
    auto reply = call(get, "Get(" + name.toStdString() + ")");
    if (!reply)
        return std::unexpected(reply.error());
    return qvariant_cast<QDBusVariant>(reply->value(0)).variant();
}

namespace {

std::expected<void, Error> checkOn(SessionBus &bus)
{
    if (auto ok = bus.connected(); !ok)
        return ok;

    QDBusMessage hasOwner = busCall(QStringLiteral("NameHasOwner"));
    hasOwner << secretsName();
    const auto owned = bus.call(hasOwner, "NameHasOwner");
    if (!owned)
        return std::unexpected(owned.error());
    if (!owned->value(0).toBool()) {
        const auto activatable = bus.call(busCall(QStringLiteral("ListActivatableNames")), "ListActivatableNames");
        if (!activatable)
            return std::unexpected(activatable.error());
        if (!activatable->value(0).toStringList().contains(secretsName()))
            return fail("keychain.no-secret-service",
                        "No Secret Service on the D-Bus session bus: nothing owns org.freedesktop.secrets and the "
                        "bus cannot start anything for it. Install and start gnome-keyring (Debian/Ubuntu: "
                        "`apt install gnome-keyring`), or enable KeePassXC's Secret Service integration.");
        // Start it now, as QtKeychain's first request would: only a running service can tell us whether
        // its default collection is unlocked.
        QDBusMessage start = busCall(QStringLiteral("StartServiceByName"));
        start << secretsName() << 0u;
        QString errorName;
        const auto started = bus.call(start, "StartServiceByName(org.freedesktop.secrets)", &errorName);
        if (!started && started.error().code == "keychain.error")
            return fail("keychain.no-secret-service",
                        "The D-Bus session bus can start a Secret Service (org.freedesktop.secrets), but starting it "
                        "failed: " + started.error().message + " Check that gnome-keyring (or KeePassXC's Secret "
                        "Service) is installed and can run.");
        if (!started)
            return std::unexpected(started.error());
    }

    QDBusMessage readAlias = QDBusMessage::createMethodCall(secretsName(), secretsPath(), serviceInterface(),
                                                            QStringLiteral("ReadAlias"));
    readAlias << QStringLiteral("default");
    const auto alias = bus.call(readAlias, "ReadAlias(\"default\")");
    if (!alias)
        return std::unexpected(alias.error());
    const QString collection = qvariant_cast<QDBusObjectPath>(alias->value(0)).path();
    if (collection.isEmpty() || collection == QLatin1String("/"))
        return fail("keychain.locked",
                    "The Secret Service has no default collection (no login keyring) to keep tokens in. Create or "
                    "unlock your login keyring (e.g. in Seahorse, \"Passwords and Keys\"); on a headless machine "
                    "start `gnome-keyring-daemon --unlock` with a non-empty password. Firehose Workbench never "
                    "prompts for it.");
    const auto locked = bus.property(collection, QStringLiteral("org.freedesktop.Secret.Collection"),
                                     QStringLiteral("Locked"));
    if (!locked)
        return std::unexpected(locked.error());
    if (locked->toBool())
        return fail("keychain.locked",
                    "The default keyring (" + collection.section(QLatin1Char('/'), -1).toStdString()
                        + ") is locked. Unlock your login keyring (e.g. in Seahorse, \"Passwords and Keys\", or by "
                          "logging in again); Firehose Workbench never prompts for it.");
    return {};
}

} // namespace

std::expected<std::vector<std::string>, Error> qtKeychainKeys(const QString &service, milliseconds timeout)
{
    SessionBus bus(timeout);
    if (auto ok = checkOn(bus); !ok)
        return std::unexpected(ok.error());

    using Attributes = QMap<QString, QString>;
    static const QMetaType registered = qDBusRegisterMetaType<Attributes>();
    Q_UNUSED(registered)
    // The attributes QtKeychain 0.13's libsecret backend gives every item (see secret-tool search --all).
    const Attributes wanted{{QStringLiteral("xdg:schema"), QStringLiteral("org.qt.keychain")},
                            {QStringLiteral("server"), service}};
    QDBusMessage search = QDBusMessage::createMethodCall(secretsName(), secretsPath(), serviceInterface(),
                                                         QStringLiteral("SearchItems"));
    search << QVariant::fromValue(wanted);
    const auto found = bus.call(search, "SearchItems");
    if (!found)
        return std::unexpected(found.error());

    std::vector<std::string> keys;
    for (int i = 0; i < 2; ++i) { // unlocked items, then locked ones: their attributes are readable too
        for (const QDBusObjectPath &item : qdbus_cast<QList<QDBusObjectPath>>(found->value(i))) {
            const auto attributes = bus.property(item.path(), QStringLiteral("org.freedesktop.Secret.Item"),
                                                 QStringLiteral("Attributes"));
            if (!attributes) {
                // Deleted by someone else since SearchItems (the item's object is gone): not ours to list.
                // A keyring that stopped answering is still an error.
                if (attributes.error().code == "keychain.error")
                    continue;
                return std::unexpected(attributes.error());
            }
            const Attributes values = qdbus_cast<Attributes>(*attributes);
            if (values.contains(QStringLiteral("user")))
                keys.push_back(values.value(QStringLiteral("user")).toStdString());
        }
    }
    std::ranges::sort(keys);
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    return keys;
}

} // namespace detail

std::expected<void, Error> checkSecretService(milliseconds timeout)
{
    detail::SessionBus bus(timeout);
    return detail::checkOn(bus);
}

} // namespace fhw::secrets
