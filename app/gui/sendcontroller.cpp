#include "sendcontroller.h"

#include "secrets/tokenstore.h"

#include <QFutureWatcher>
#include <QPointer>
#include <QtConcurrent>

namespace fhw::gui {

SendController::SendController(QObject *parent)
    : QObject(parent)
{
}

SendController::~SendController()
{
    ++m_generation;
}

void SendController::send(transport::SendRequest request, const QString &tokenName)
{
    if (m_busy)
        return;
    m_busy = true;
    const quint64 generation = ++m_generation;
    Q_EMIT started(QString::fromStdString(request.target.urlFor(request.type)));
    if (tokenName.isEmpty()) {
        dispatch(std::move(request));
        return;
    }
    // The keychain may take a moment (D-Bus, a slow keyring): never on the GUI thread.
    auto *watcher = new QFutureWatcher<std::expected<std::string, Error>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this,
            [this, watcher, generation, request = std::move(request), tokenName]() mutable {
                watcher->deleteLater();
                auto token = watcher->result();
                if (generation != m_generation)
                    return; // cancelled meanwhile
                if (!token) {
                    m_busy = false;
                    Q_EMIT failed(tr("The token '%1' could not be read from the keychain: %2")
                                      .arg(tokenName, QString::fromStdString(token.error().message)));
                    return;
                }
                request.options.token = std::move(*token);
                dispatch(std::move(request));
            });
    watcher->setFuture(QtConcurrent::run([name = tokenName.toStdString()] { return secrets::TokenStore().read(name); }));
}

void SendController::dispatch(transport::SendRequest request)
{
    const QPointer<SendController> self(this);
    transport::SendRequest kept = request;
    m_inFlight = m_sender.send(std::move(request), [self, kept = std::move(kept)](transport::SendResult result) mutable {
        // On the sender's thread: hand over to the GUI thread.
        if (!self)
            return;
        QMetaObject::invokeMethod(
            self.data(),
            [self, result = std::move(result), kept = std::move(kept)] {
                if (!self)
                    return;
                self->m_inFlight.reset();
                self->m_busy = false;
                Q_EMIT self->finished(result, kept);
            },
            Qt::QueuedConnection);
    });
}

void SendController::cancel()
{
    ++m_generation;
    if (m_inFlight) {
        m_sender.cancel(*m_inFlight); // the result (Cancelled) still arrives through finished()
        return;
    }
    if (m_busy) {
        m_busy = false;
        Q_EMIT failed(tr("Cancelled before anything was sent."));
    }
}

} // namespace fhw::gui
