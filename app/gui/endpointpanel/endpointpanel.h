#pragma once

#include "endpoint/endpoint.h"

#include <QFutureWatcher>
#include <QWidget>

#include <chrono>
#include <cstdint>
#include <expected>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QToolButton;

namespace fhw::gui {

class EndpointSettings;
class ExchangeTableModel;
class RegistrationEditor;
class TrafficView;

// The embedded endpoint in one dock: its state and URL (copyable) with Start/Stop/Restart and the
// port and bind address; warnings such as a bind beyond loopback, prominently; tabs for the live
// traffic (ExchangeTableModel, coalesced from the capture log, with details), the settings (mode,
// token, responses, faults) and the registration response with mParticle's review.
// The endpoint is owned by the caller and outlives the panel; start/stop/restart run on a worker
// thread (stopping waits for the server's threads), so the window never freezes.
class EndpointPanel : public QWidget
{
    Q_OBJECT

public:
    explicit EndpointPanel(endpoint::Endpoint &endpoint, QWidget *parent = nullptr);
    ~EndpointPanel() override;

    bool isListening() const;
    QString url() const; // the endpoint's URL, e.g. "http://127.0.0.1:43125/"
    bool isBusy() const; // a start/stop/restart is under way

    void setTokenIndexDirectory(const QString &directory); // where TokenStore's index is; empty = default
    void setRefreshInterval(std::chrono::milliseconds interval); // how often new rows are drained (75 ms)

    ExchangeTableModel *exchangeModel() const;
    TrafficView *traffic() const { return m_traffic; }
    EndpointSettings *settings() const { return m_settings; }
    RegistrationEditor *registrationEditor() const { return m_registration; }

public Q_SLOTS:
    // Apply the port and bind address first (asking before a non-loopback address).
    void start();
    void restart();
    void stop();
    // Re-reads the endpoint's state, URL and warnings: call it after starting, stopping or
    // reconfiguring the endpoint from elsewhere (settings()->revert() re-reads the settings tab).
    // Emits stateChanged.
    void refreshState();

Q_SIGNALS:
    void stateChanged(bool listening, const QString &url);   // after start/stop/restart/port change
    void exchangeCaptured(qint64 handlingUs, int status);    // at most once per drained batch, the newest
    void lifecycleFailed(const QString &message);            // a start or restart that failed

private:
    enum class Lifecycle { Start, Stop, Restart };
    using LifecycleResult = std::expected<std::uint16_t, Error>;

    QWidget *makeStateBar();
    void requestLifecycle(Lifecycle operation);
    void runLifecycle(Lifecycle operation);
    void finishLifecycle();
    void applyListenSettings();
    void copyUrl();
    void updateListenHint();

    endpoint::Endpoint &m_endpoint;
    QLabel *m_stateIcon;
    QLabel *m_state;
    QLineEdit *m_url;
    QToolButton *m_copyUrl;
    QPushButton *m_start;
    QPushButton *m_stop;
    QPushButton *m_restart;
    QSpinBox *m_port;
    QComboBox *m_bind;
    QLabel *m_listenHint;
    QLabel *m_warnings;
    QLabel *m_error;
    QTabWidget *m_tabs;
    TrafficView *m_traffic;
    EndpointSettings *m_settings;
    RegistrationEditor *m_registration;
    QFutureWatcher<LifecycleResult> m_lifecycle;
    QString m_confirmedBind; // a non-loopback address the user agreed to
    bool m_listenEdited = false; // port or bind address changed here and not applied yet
};

} // namespace fhw::gui
