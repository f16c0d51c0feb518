#pragma once

#include "exchangetablemodel.h"

#include "endpoint/capturelog.h"

#include <QFutureWatcher>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

namespace fhw::gui {

// Carries a CaptureLog's exchanges into an ExchangeTableModel without flooding the GUI thread.
// The log's subscriber runs on the server's threads: it copies the exchange into a mutex-protected
// pending queue (bounded by the model's capacity, oldest dropped) and, only when the queue was empty,
// posts one queued call that arms a single-shot timer. When the timer fires (every `interval` at
// most) the GUI thread takes the whole queue and hands it to the model as one batch: one insert per
// batch, never one queued call per request, and no wake-ups while nothing arrives.
// On construction the exchanges the log already holds are loaded off-thread first (no duplicates).
class CaptureFeed : public QObject
{
    Q_OBJECT

public:
    CaptureFeed(endpoint::CaptureLog &log, ExchangeTableModel *model, QObject *parent = nullptr);
    ~CaptureFeed() override; // unsubscribes (waiting for a notification in progress)

    void setInterval(std::chrono::milliseconds interval);
    std::chrono::milliseconds interval() const { return m_interval; }

    // Drains at once (tests, or before reading the model).
    void drainNow();
    // Empties the pending queue and the model; the log keeps its ring.
    void clear();

    bool isLoading() const { return m_loading; }
    std::uint64_t droppedPending() const; // exchanges dropped before reaching the model (GUI too slow)
    std::uint64_t batches() const { return m_batches; }

Q_SIGNALS:
    void aboutToDrain(); // a batch is about to reach the model (e.g. to note the scroll position)
    // After each batch reached the model: its size and the newest exchange's figures.
    void drained(int rows, qint64 lastHandlingUs, int lastStatus);
    void loaded(); // the exchanges the log held at construction are in the model

private:
    using ExchangePtr = ExchangeTableModel::ExchangePtr;

    struct Pending
    {
        std::mutex mutex;
        std::deque<ExchangePtr> queue;
        std::size_t limit = 10'000;
        std::uint64_t dropped = 0;
        bool armed = false; // a wake-up is posted or the timer runs
    };

    void arm();
    void finishLoading();

    endpoint::CaptureLog &m_log;
    ExchangeTableModel *m_model;
    std::shared_ptr<Pending> m_pending;
    endpoint::CaptureLog::SubscriptionId m_subscription = 0;
    QTimer m_timer;
    std::chrono::milliseconds m_interval{75};
    QFutureWatcher<std::vector<ExchangePtr>> m_loader;
    bool m_loading = true;
    std::uint64_t m_snapshotSequence = 0; // the newest exchange of the initial snapshot
    std::uint64_t m_batches = 0;
};

} // namespace fhw::gui
