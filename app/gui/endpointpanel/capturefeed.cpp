#include "capturefeed.h"

#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <utility>

namespace fhw::gui {

CaptureFeed::CaptureFeed(endpoint::CaptureLog &log, ExchangeTableModel *model, QObject *parent)
    : QObject(parent)
    , m_log(log)
    , m_model(model)
    , m_pending(std::make_shared<Pending>())
{
    m_pending->limit = model->capacity();
    m_timer.setSingleShot(true);
    m_timer.setInterval(m_interval);
    connect(&m_timer, &QTimer::timeout, this, &CaptureFeed::drainNow);

    // On a server thread: copy, queue, and wake the GUI thread once per batch at most. The copy is
    // made before taking our lock, so server threads contend only for a push.
    m_subscription = m_log.subscribe([pending = m_pending, self = this](const endpoint::Exchange &exchange) {
        auto copy = std::make_shared<const endpoint::Exchange>(exchange);
        bool wake = false;
        {
            const std::lock_guard lock(pending->mutex);
            if (pending->queue.size() >= pending->limit) {
                pending->queue.pop_front();
                ++pending->dropped;
            }
            pending->queue.push_back(std::move(copy));
            wake = !std::exchange(pending->armed, true);
        }
        // `self` is alive: the destructor unsubscribes first, and that waits for this call to end.
        if (wake)
            QMetaObject::invokeMethod(self, [self] { self->arm(); }, Qt::QueuedConnection);
    });

    // What the log already holds, copied off the GUI thread (a full ring is 10,000 exchanges).
    connect(&m_loader, &QFutureWatcher<std::vector<ExchangePtr>>::finished, this, &CaptureFeed::finishLoading);
    m_loader.setFuture(QtConcurrent::run([&log = m_log] {
        std::vector<endpoint::Exchange> snapshot = log.snapshot();
        std::vector<ExchangePtr> out;
        out.reserve(snapshot.size());
        for (endpoint::Exchange &exchange : snapshot)
            out.push_back(std::make_shared<const endpoint::Exchange>(std::move(exchange)));
        return out;
    }));
}

CaptureFeed::~CaptureFeed()
{
    // Not under m_pending->mutex: unsubscribe() waits for a notification in progress, which takes it.
    m_log.unsubscribe(m_subscription);
    m_loader.waitForFinished();
}

void CaptureFeed::setInterval(std::chrono::milliseconds interval)
{
    m_interval = std::max(interval, std::chrono::milliseconds(1));
    m_timer.setInterval(m_interval);
}

void CaptureFeed::arm()
{
    if (!m_loading && !m_timer.isActive())
        m_timer.start();
}

void CaptureFeed::finishLoading()
{
    std::vector<ExchangePtr> existing = m_loader.result();
    m_loading = false;
    if (!existing.empty()) {
        m_snapshotSequence = existing.back()->sequence;
        const ExchangePtr newest = existing.back();
        Q_EMIT aboutToDrain();
        m_model->append(std::move(existing));
        Q_EMIT drained(int(m_model->rowCount()), newest->handlingUs, newest->status);
    }
    Q_EMIT loaded();
    drainNow();
}

void CaptureFeed::drainNow()
{
    if (m_loading)
        return;
    m_timer.stop();
    std::deque<ExchangePtr> taken;
    {
        const std::lock_guard lock(m_pending->mutex);
        taken.swap(m_pending->queue);
        m_pending->armed = false;
        m_pending->limit = m_model->capacity();
    }
    // Skip what the initial snapshot already brought. Server threads may notify slightly out of
    // order, so the batch is sorted, and the filter is by the snapshot's newest only.
    std::vector<ExchangePtr> batch;
    batch.reserve(taken.size());
    for (ExchangePtr &exchange : taken) {
        if (exchange->sequence > m_snapshotSequence)
            batch.push_back(std::move(exchange));
    }
    if (batch.empty())
        return;
    std::sort(batch.begin(), batch.end(), [](const ExchangePtr &a, const ExchangePtr &b) { return a->sequence < b->sequence; });
    const ExchangePtr newest = batch.back();
    const int rows = int(batch.size());
    Q_EMIT aboutToDrain();
    m_model->append(std::move(batch));
    ++m_batches;
    Q_EMIT drained(rows, newest->handlingUs, newest->status);
}

void CaptureFeed::clear()
{
    {
        const std::lock_guard lock(m_pending->mutex);
        m_pending->queue.clear();
    }
    m_model->clear();
}

std::uint64_t CaptureFeed::droppedPending() const
{
    const std::lock_guard lock(m_pending->mutex);
    return m_pending->dropped;
}

} // namespace fhw::gui
