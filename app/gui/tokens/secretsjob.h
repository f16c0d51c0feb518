#pragma once

#include <QFutureWatcher>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <type_traits>
#include <utility>

namespace fhw::gui {

// GPGME and keychain work waits on gpg-agent, the Secret Service, or a person typing a passphrase, so it
// runs in a pool of its own: it never holds up the global pool the rest of the window validates and
// formats in.
QThreadPool *secretsThreadPool();

// Runs `work` in secretsThreadPool() and hands its result to `done` on `context`'s thread (through a
// QFutureWatcher owned by `context`). If `context` is destroyed first, the result is dropped (work must
// capture nothing of `context`). Results may be move-only (SecureBuffer).
template<typename Work, typename Done>
void runSecretsJob(QObject *context, Work work, Done done)
{
    using Result = std::invoke_result_t<Work>;
    auto *watcher = new QFutureWatcher<Result>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context, [watcher, done = std::move(done)]() mutable {
        watcher->deleteLater();
        done(watcher->future().takeResult());
    });
    watcher->setFuture(QtConcurrent::run(secretsThreadPool(), std::move(work)));
}

} // namespace fhw::gui
