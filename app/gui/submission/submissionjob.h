#pragma once

#include <QFutureWatcher>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <type_traits>
#include <utility>

namespace fhw::gui::submissionjob {

// Runs `work` in `pool` and hands its result to `done` on `context`'s thread. The Submission panel owns
// the pool and waits for it when it goes, so `work` must own everything it reads (capture by value,
// nothing of a widget); if `context` is gone by then, the result is dropped.
template<typename Work, typename Done>
void run(QObject *context, QThreadPool *pool, Work work, Done done)
{
    using Result = std::invoke_result_t<Work>;
    auto *watcher = new QFutureWatcher<Result>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context, [watcher, done = std::move(done)]() mutable {
        watcher->deleteLater();
        done(watcher->future().takeResult());
    });
    watcher->setFuture(QtConcurrent::run(pool, std::move(work)));
}

} // namespace fhw::gui::submissionjob
