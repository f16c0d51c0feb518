#pragma once

#include "common/error.h"

#include <chrono>
#include <expected>

namespace fhw::secrets {

// Is the OS keychain usable right now, without asking anybody? Looks on the D-Bus session bus for the
// Secret Service (org.freedesktop.secrets: gnome-keyring, KeePassXC, KWallet 5.97+) and at its default
// collection, which is where QtKeychain writes. Only asks questions that never show a prompt, each within
// what is left of `timeout`, so it cannot hang. Error codes:
//   keychain.no-session-bus     no session bus (DBUS_SESSION_BUS_ADDRESS unset or unreachable)
//   keychain.no-secret-service  nobody owns org.freedesktop.secrets and the bus cannot start anybody
//                               (or starting it failed)
//   keychain.locked             the default collection is locked, or there is none
//   keychain.timeout            the bus or the Secret Service did not answer in time
//   keychain.error              anything else (the Secret Service answered with an error)
//
// If nobody owns the name but the bus can start a service for it (a .service file, as gnome-keyring
// installs), the check starts it, as QtKeychain's first request would anyway: only then is the lock state
// real. A freshly started gnome-keyring without a login password has no default collection, and says so.
//
// Safe from any thread (each check opens a private connection of its own, so a bus or keyring started
// after a failed check is seen by the next one). Needs a QCoreApplication, as all of QtDBus does.
std::expected<void, Error> checkSecretService(std::chrono::milliseconds timeout = std::chrono::seconds(2));

} // namespace fhw::secrets
