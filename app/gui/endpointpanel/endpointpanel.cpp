#include "endpointpanel.h"

#include "authsettings.h"
#include "endpointsettings.h"
#include "exchangetablemodel.h"
#include "registrationeditor.h"
#include "trafficview.h"

#include <QClipboard>
#include <QComboBox>
#include <QGridLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QStyle>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace fhw::gui {

namespace {

// Loopback by the address alone (what the endpoint itself checks when it binds).
bool isLoopback(QString address)
{
    address = address.trimmed();
    if (address.isEmpty() || address == u"localhost")
        return true;
    if (address.startsWith(u'[') && address.endsWith(u']'))
        address = address.mid(1, address.size() - 2);
    return address == u"::1" || address.startsWith(QStringLiteral("127."));
}

// A banner that reads on light and dark palettes alike (its own background and text colours).
QLabel *makeBanner(QWidget *parent, const QString &name)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setStyleSheet(QStringLiteral("QLabel { background: #fff3cd; color: #5c4400; border: 1px solid #e0c36a;"
                                        " border-radius: 3px; padding: 4px; font-weight: bold; }"));
    label->hide();
    return label;
}

QIcon themed(const char *name, QStyle::StandardPixmap fallback, const QStyle *style)
{
    return QIcon::fromTheme(QLatin1String(name), style->standardIcon(fallback));
}

} // namespace

EndpointPanel::EndpointPanel(endpoint::Endpoint &endpoint, QWidget *parent)
    : QWidget(parent)
    , m_endpoint(endpoint)
{
    setObjectName(QStringLiteral("endpointPanel"));
    QWidget *stateBar = makeStateBar();
    m_warnings = makeBanner(this, QStringLiteral("endpointWarnings"));
    m_error = makeBanner(this, QStringLiteral("endpointError"));

    m_traffic = new TrafficView(endpoint.capture(), this);
    m_settings = new EndpointSettings(endpoint, this);
    m_registration = new RegistrationEditor(endpoint, this);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("endpointTabs"));
    m_tabs->addTab(m_traffic, tr("&Traffic"));
    m_tabs->addTab(m_settings, tr("&Settings"));
    m_tabs->addTab(m_registration, tr("Re&gistration"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(stateBar);
    layout->addWidget(m_warnings);
    layout->addWidget(m_error);
    layout->addWidget(m_tabs, 1);

    connect(m_traffic, &TrafficView::exchangeCaptured, this, &EndpointPanel::exchangeCaptured);
    connect(m_settings, &EndpointSettings::applied, this, &EndpointPanel::refreshState);
    connect(&m_lifecycle, &QFutureWatcher<LifecycleResult>::finished, this, &EndpointPanel::finishLifecycle);

    m_confirmedBind = QString::fromStdString(m_endpoint.config().bindAddress);
    refreshState(); // also shows the configured port and bind address
    auto edited = [this] {
        m_listenEdited = true;
        updateListenHint();
    };
    connect(m_port, &QSpinBox::valueChanged, this, edited);
    connect(m_bind, &QComboBox::currentTextChanged, this, edited);
    // Once more from the event loop, so that whoever connects right after construction hears it.
    QMetaObject::invokeMethod(this, &EndpointPanel::refreshState, Qt::QueuedConnection);
}

EndpointPanel::~EndpointPanel()
{
    m_lifecycle.waitForFinished();
}

QWidget *EndpointPanel::makeStateBar()
{
    auto *bar = new QWidget(this);
    bar->setObjectName(QStringLiteral("stateBar"));
    m_stateIcon = new QLabel(bar);
    m_stateIcon->setObjectName(QStringLiteral("endpointStateIcon"));
    m_state = new QLabel(bar);
    m_state->setObjectName(QStringLiteral("endpointState"));
    m_url = new QLineEdit(bar);
    m_url->setObjectName(QStringLiteral("endpointUrl"));
    m_url->setReadOnly(true);
    m_url->setAccessibleName(tr("Endpoint URL"));
    m_copyUrl = new QToolButton(bar);
    m_copyUrl->setObjectName(QStringLiteral("copyUrl"));
    m_copyUrl->setIcon(themed("edit-copy", QStyle::SP_FileDialogDetailedView, style()));
    m_copyUrl->setText(tr("Copy"));
    m_copyUrl->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_copyUrl->setToolTip(tr("Copy the URL to the clipboard"));
    m_copyUrl->setAccessibleName(tr("Copy the URL"));
    m_start = new QPushButton(themed("media-playback-start", QStyle::SP_MediaPlay, style()), tr("St&art"), bar);
    m_start->setObjectName(QStringLiteral("startEndpoint"));
    m_stop = new QPushButton(themed("media-playback-stop", QStyle::SP_MediaStop, style()), tr("St&op"), bar);
    m_stop->setObjectName(QStringLiteral("stopEndpoint"));
    m_restart = new QPushButton(themed("view-refresh", QStyle::SP_BrowserReload, style()), tr("R&estart"), bar);
    m_restart->setObjectName(QStringLiteral("restartEndpoint"));

    m_port = new QSpinBox(bar);
    m_port->setObjectName(QStringLiteral("endpointPort"));
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("any free"));
    m_port->setToolTip(tr("0 = any free port; a restart keeps the port it had while that port is free"));
    m_bind = new QComboBox(bar);
    m_bind->setObjectName(QStringLiteral("bindAddress"));
    m_bind->setEditable(true);
    m_bind->addItems({QStringLiteral("127.0.0.1"), QStringLiteral("::1"), QStringLiteral("0.0.0.0")});
    m_bind->setToolTip(tr("127.0.0.1 keeps the endpoint to this machine; anything else lets others reach it"));
    m_listenHint = new QLabel(bar);
    m_listenHint->setObjectName(QStringLiteral("listenHint"));

    auto *portLabel = new QLabel(tr("&Port:"), bar);
    portLabel->setBuddy(m_port);
    auto *bindLabel = new QLabel(tr("&Bind:"), bar);
    bindLabel->setBuddy(m_bind);

    auto *urlRow = new QHBoxLayout;
    urlRow->addWidget(m_stateIcon);
    urlRow->addWidget(m_state);
    urlRow->addWidget(m_url, 1);
    urlRow->addWidget(m_copyUrl);
    auto *controls = new QHBoxLayout;
    controls->addWidget(m_start);
    controls->addWidget(m_stop);
    controls->addWidget(m_restart);
    controls->addSpacing(12);
    controls->addWidget(portLabel);
    controls->addWidget(m_port);
    controls->addWidget(bindLabel);
    controls->addWidget(m_bind);
    controls->addWidget(m_listenHint, 1);

    auto *layout = new QVBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(urlRow);
    layout->addLayout(controls);
    setTabOrder(m_url, m_copyUrl);
    setTabOrder(m_copyUrl, m_start);
    setTabOrder(m_start, m_stop);
    setTabOrder(m_stop, m_restart);
    setTabOrder(m_restart, m_port);
    setTabOrder(m_port, m_bind);

    connect(m_copyUrl, &QToolButton::clicked, this, &EndpointPanel::copyUrl);
    connect(m_start, &QPushButton::clicked, this, &EndpointPanel::start);
    connect(m_stop, &QPushButton::clicked, this, &EndpointPanel::stop);
    connect(m_restart, &QPushButton::clicked, this, &EndpointPanel::restart);
    return bar;
}

bool EndpointPanel::isListening() const
{
    return m_endpoint.isRunning();
}

QString EndpointPanel::url() const
{
    return QString::fromStdString(m_endpoint.url());
}

bool EndpointPanel::isBusy() const
{
    return m_lifecycle.isRunning();
}

ExchangeTableModel *EndpointPanel::exchangeModel() const
{
    return m_traffic->model();
}

void EndpointPanel::setTokenIndexDirectory(const QString &directory)
{
    m_settings->auth()->setTokenIndexDirectory(directory);
}

void EndpointPanel::setRefreshInterval(std::chrono::milliseconds interval)
{
    m_traffic->feed()->setInterval(interval);
}

void EndpointPanel::start()
{
    requestLifecycle(Lifecycle::Start);
}

void EndpointPanel::restart()
{
    requestLifecycle(Lifecycle::Restart);
}

void EndpointPanel::stop()
{
    runLifecycle(Lifecycle::Stop);
}

void EndpointPanel::requestLifecycle(Lifecycle operation)
{
    if (m_lifecycle.isRunning())
        return;
    const QString bind = m_bind->currentText().trimmed();
    if (isLoopback(bind) || bind == m_confirmedBind) {
        applyListenSettings();
        runLifecycle(operation);
        return;
    }
    // Beyond loopback: say what it means before anything changes.
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Listen beyond this machine?"),
                                tr("Bind the endpoint to %1? Other machines on the network could then send it "
                                   "requests%2.")
                                    .arg(bind, m_endpoint.config().token ? QString() : tr(", and it requires no token")),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("bindWarning"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, operation, bind](int result) {
        if (result != QMessageBox::Yes)
            return;
        m_confirmedBind = bind;
        applyListenSettings();
        runLifecycle(operation);
    });
    box->open();
}

void EndpointPanel::applyListenSettings()
{
    endpoint::EndpointConfig config = m_endpoint.config();
    const QString bind = m_bind->currentText().trimmed();
    config.bindAddress = bind.isEmpty() ? std::string("127.0.0.1") : bind.toStdString();
    config.port = std::uint16_t(m_port->value());
    m_endpoint.setConfig(std::move(config));
    m_listenEdited = false;
}

void EndpointPanel::runLifecycle(Lifecycle operation)
{
    if (m_lifecycle.isRunning())
        return;
    m_start->setEnabled(false);
    m_stop->setEnabled(false);
    m_restart->setEnabled(false);
    m_state->setText(operation == Lifecycle::Stop      ? tr("Stopping…")
                     : operation == Lifecycle::Restart ? tr("Restarting…")
                                                       : tr("Starting…"));
    m_lifecycle.setFuture(QtConcurrent::run([&endpoint = m_endpoint, operation]() -> LifecycleResult {
        switch (operation) {
        case Lifecycle::Start:
            return endpoint.start();
        case Lifecycle::Restart:
            return endpoint.restart();
        case Lifecycle::Stop:
            break;
        }
        endpoint.stop();
        return std::uint16_t(0);
    }));
}

void EndpointPanel::finishLifecycle()
{
    const LifecycleResult result = m_lifecycle.result();
    if (result) {
        m_error->hide();
        m_error->clear();
    } else {
        const QString message = QString::fromStdString(result.error().message);
        m_error->setText(tr("Cannot listen: %1").arg(message));
        m_error->show();
        Q_EMIT lifecycleFailed(message);
    }
    refreshState();
}

void EndpointPanel::refreshState()
{
    const bool listening = m_endpoint.isRunning();
    const bool busy = m_lifecycle.isRunning();
    const QString url = QString::fromStdString(m_endpoint.url());
    m_state->setText(listening ? tr("Listening") : tr("Stopped"));
    m_stateIcon->setPixmap(style()->standardIcon(listening ? QStyle::SP_DialogYesButton : QStyle::SP_MediaStop)
                               .pixmap(fontMetrics().height()));
    m_url->setText(listening ? url : QString());
    m_url->setPlaceholderText(tr("not listening"));
    m_copyUrl->setEnabled(listening);
    m_start->setEnabled(!busy && !listening);
    m_stop->setEnabled(!busy && listening);
    m_restart->setEnabled(!busy && listening);

    QStringList warnings;
    for (const std::string &warning : m_endpoint.warnings())
        warnings << QString::fromStdString(warning);
    m_warnings->setText(warnings.isEmpty() ? QString() : QStringLiteral("⚠ ") + warnings.join(QStringLiteral("\n⚠ ")));
    m_warnings->setVisible(!warnings.isEmpty());
    if (!m_listenEdited) {
        // What the endpoint is configured with, e.g. after a settings dialog changed the port.
        const endpoint::EndpointConfig config = m_endpoint.config();
        const QSignalBlocker portBlocker(m_port);
        const QSignalBlocker bindBlocker(m_bind);
        m_port->setValue(config.port);
        m_bind->setCurrentText(QString::fromStdString(config.bindAddress));
    }
    updateListenHint();
    Q_EMIT stateChanged(listening, url);
}

void EndpointPanel::updateListenHint()
{
    const endpoint::EndpointConfig config = m_endpoint.config();
    const QString bind = m_bind->currentText().trimmed();
    QStringList hints;
    if (!isLoopback(bind))
        hints << tr("⚠ not loopback: reachable from other machines");
    const bool listening = m_endpoint.isRunning();
    const bool portDiffers = m_port->value() != 0 ? m_port->value() != (listening ? m_endpoint.port() : config.port)
                                                  : config.port != 0;
    if (portDiffers || bind.toStdString() != config.bindAddress)
        hints << (listening ? tr("restart to apply") : tr("start to apply"));
    m_listenHint->setText(hints.join(QStringLiteral(" · ")));
}

void EndpointPanel::copyUrl()
{
    if (QClipboard *clipboard = QGuiApplication::clipboard())
        clipboard->setText(m_url->text());
}

} // namespace fhw::gui
