#pragma once

#include "common/error.h"

#include <qt6keychain/keychain.h>

#include <QString>

#include <chrono>
#include <expected>
#include <string>
#include <string_view>

namespace fhw::secrets::detail {

enum class KeychainAction { Read, Write, Delete };

struct KeychainOutcome
{
    QKeychain::Error error = QKeychain::NoError;
    QString errorString;
    std::string secret; // what a Read found (empty otherwise)
};

// Runs one QtKeychain job and waits for it, from any thread, with or without an event loop there.
//
// Why a thread of our own: QtKeychain 0.13 queues every job through one JobExecutor, a QObject created
// by the first job ever started and living in that job's thread, not thread-safe, which learns that a job
// finished through a queued signal. So if the first job ran on a worker thread that then ended, or on a
// main thread that is blocked waiting for us, the executor never hears "finished" and every later job
// waits forever. All our jobs therefore run on one keychain thread that always has its event loop
// running; the executor is created there. The caller waits on a condition variable, not an event loop.
// (If other code in the process starts QtKeychain jobs elsewhere first, this guarantee is lost.)
//
// The thread stops when the QCoreApplication is destroyed; QtKeychain cannot be used again in the same
// process afterwards (keychain.error). A job that does not finish within `timeout` (a prompt waiting on a
// desktop?) gives keychain.timeout; later calls fail at once with keychain.timeout while it is pending,
// since QtKeychain would queue them behind it.
//
// The secret to Write is copied into the job; our copies are wiped afterwards (best effort: QtKeychain
// and libsecret keep copies of their own until the job is deleted).
std::expected<KeychainOutcome, Error> runKeychainJob(KeychainAction action, const QString &service,
                                                     const QString &key, std::string_view secret,
                                                     std::chrono::milliseconds timeout);

} // namespace fhw::secrets::detail
