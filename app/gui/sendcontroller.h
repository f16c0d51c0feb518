#pragma once

#include "transport/httpsender.h"

#include <QObject>
#include <QString>

#include <optional>

namespace fhw::gui {

// The window's one HttpSender. A send reads its token from the keychain off the GUI thread (when a
// token name is given), then sends on the sender's own thread; the result comes back on the GUI
// thread as finished(). One send at a time is what the window offers; cancel() stops it.
class SendController : public QObject
{
    Q_OBJECT

public:
    explicit SendController(QObject *parent = nullptr);
    ~SendController() override;

    // `tokenName` empty: no token (or the one already in request.options.token).
    void send(transport::SendRequest request, const QString &tokenName);
    void cancel();
    bool busy() const { return m_busy; }

    transport::HttpSender &sender() { return m_sender; }

Q_SIGNALS:
    void started(const QString &url);
    // `request` is what was sent, token included (for "Copy as curl (reveal token)"); callers that
    // keep it (history) must redact it.
    void finished(const transport::SendResult &result, const transport::SendRequest &request);
    void failed(const QString &message); // nothing was sent (e.g. the token could not be read)

private:
    void dispatch(transport::SendRequest request);

    transport::HttpSender m_sender;
    std::optional<transport::HttpSender::Id> m_inFlight;
    bool m_busy = false;
    quint64 m_generation = 0; // a cancelled token read must not send afterwards
};

} // namespace fhw::gui
