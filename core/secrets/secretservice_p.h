#pragma once

#include "common/error.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QString>
#include <QVariant>

#include <chrono>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace fhw::secrets::detail {

// One private connection to the session bus, and a deadline shared by every call made on it.
// A fresh named connection each time rather than QDBusConnection::sessionBus(): the default connection
// keeps its first result (even a failure) for the life of the process, and a user who starts their
// keyring after the first failure should not have to restart us.
class SessionBus
{
public:
    explicit SessionBus(std::chrono::milliseconds timeout);
    ~SessionBus();
    SessionBus(const SessionBus &) = delete;
    SessionBus &operator=(const SessionBus &) = delete;

    // keychain.no-session-bus when the bus could not be reached.
    std::expected<void, Error> connected() const;

    // A blocking call with what is left of the deadline. `what` names the call in error messages.
    // No answer in time: keychain.timeout; an error reply: keychain.error (unless mapped by the caller
    // through errorName, which is then set).
    std::expected<QList<QVariant>, Error> call(const QDBusMessage &message, std::string_view what,
                                               QString *errorName = nullptr);

    // Properties.Get on org.freedesktop.secrets.
    std::expected<QVariant, Error> property(const QString &path, const QString &interface, const QString &name);

private:
    std::chrono::steady_clock::time_point m_deadline;
    std::chrono::milliseconds m_timeout;
    QString m_name;
    QDBusConnection m_connection;
};

// The names (QtKeychain's "key") of the items that QtKeychain's libsecret backend stored for `service`:
// items whose attributes are xdg:schema=org.qt.keychain, server=<service>, user=<key>. Reads attributes
// only, never a secret, so it never prompts. Checks the Secret Service first (checkSecretService).
std::expected<std::vector<std::string>, Error> qtKeychainKeys(const QString &service,
                                                              std::chrono::milliseconds timeout);

} // namespace fhw::secrets::detail
