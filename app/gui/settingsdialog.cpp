#include "settingsdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace fhw::gui {

namespace {

QSpinBox *milliseconds(QWidget *parent, const char *name, int min, int max, std::chrono::milliseconds value)
{
    auto *box = new QSpinBox(parent);
    box->setObjectName(QLatin1String(name));
    box->setRange(min, max);
    box->setSuffix(QStringLiteral(" ms"));
    box->setValue(int(value.count()));
    return box;
}

} // namespace

SettingsDialog::SettingsDialog(const workspace::WorkspaceSettings &settings, QWidget *parent)
    : QDialog(parent)
    , m_original(settings)
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));

    auto *retry = new QGroupBox(tr("Retries (as mParticle: on 408, 429, 500, 502, 503, 504 and no answer)"), this);
    auto *retryForm = new QFormLayout(retry);
    m_attempts = new QSpinBox(retry);
    m_attempts->setObjectName(QStringLiteral("maxAttempts"));
    m_attempts->setRange(1, 100);
    m_attempts->setValue(settings.retry.maxAttempts);
    retryForm->addRow(tr("&Attempts (first included)"), m_attempts);
    m_baseMs = milliseconds(retry, "retryBase", 0, 600'000, settings.retry.base);
    retryForm->addRow(tr("&Back-off before the 2nd attempt"), m_baseMs);
    m_factor = new QDoubleSpinBox(retry);
    m_factor->setObjectName(QStringLiteral("retryFactor"));
    m_factor->setRange(1.0, 10.0);
    m_factor->setSingleStep(0.5);
    m_factor->setValue(settings.retry.factor);
    retryForm->addRow(tr("Back-off &factor"), m_factor);
    m_capMs = milliseconds(retry, "retryCap", 0, 3'600'000, settings.retry.cap);
    retryForm->addRow(tr("Back-off &cap"), m_capMs);
    m_jitter = new QDoubleSpinBox(retry);
    m_jitter->setObjectName(QStringLiteral("retryJitter"));
    m_jitter->setRange(0.0, 1.0);
    m_jitter->setSingleStep(0.05);
    m_jitter->setValue(settings.retry.jitter);
    retryForm->addRow(tr("&Jitter (± fraction)"), m_jitter);
    m_retryAfter = new QCheckBox(tr("Honour &Retry-After"), retry);
    m_retryAfter->setObjectName(QStringLiteral("honourRetryAfter"));
    m_retryAfter->setChecked(settings.retry.honourRetryAfter);
    retryForm->addRow(QString(), m_retryAfter);

    auto *sending = new QGroupBox(tr("Sending and the embedded endpoint"), this);
    auto *sendForm = new QFormLayout(sending);
    m_connectMs = milliseconds(sending, "connectTimeout", 1, 600'000, settings.connectTimeout);
    sendForm->addRow(tr("C&onnect timeout"), m_connectMs);
    m_totalMs = milliseconds(sending, "totalTimeout", 1, 3'600'000, settings.totalTimeout);
    sendForm->addRow(tr("&Total timeout per attempt"), m_totalMs);
    m_port = new QSpinBox(sending);
    m_port->setObjectName(QStringLiteral("endpointPort"));
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("any free port"));
    m_port->setValue(settings.endpointPort);
    sendForm->addRow(tr("Embedded endpoint &port"), m_port);
    m_profile = new QComboBox(sending);
    m_profile->setObjectName(QStringLiteral("validationProfile"));
    m_profile->addItem(tr("Strict (what review expects)"), int(protocol::Profile::Strict));
    m_profile->addItem(tr("Tolerant (what the Java SDK accepts)"), int(protocol::Profile::Tolerant));
    m_profile->setCurrentIndex(settings.validationProfile == protocol::Profile::Strict ? 0 : 1);
    sendForm->addRow(tr("&Validation"), m_profile);
    m_historySize = new QSpinBox(sending);
    m_historySize->setObjectName(QStringLiteral("historySize"));
    m_historySize->setRange(1, workspace::maxHistoryEntries);
    m_historySize->setValue(settings.historyMaxEntries);
    m_historySize->setSuffix(tr(" sends"));
    sendForm->addRow(tr("&History keeps"), m_historySize);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this, [this] {
        const workspace::WorkspaceSettings defaults;
        m_attempts->setValue(defaults.retry.maxAttempts);
        m_baseMs->setValue(int(defaults.retry.base.count()));
        m_factor->setValue(defaults.retry.factor);
        m_capMs->setValue(int(defaults.retry.cap.count()));
        m_jitter->setValue(defaults.retry.jitter);
        m_retryAfter->setChecked(defaults.retry.honourRetryAfter);
        m_connectMs->setValue(int(defaults.connectTimeout.count()));
        m_totalMs->setValue(int(defaults.totalTimeout.count()));
        m_port->setValue(defaults.endpointPort);
        m_profile->setCurrentIndex(defaults.validationProfile == protocol::Profile::Strict ? 0 : 1);
        m_historySize->setValue(defaults.historyMaxEntries);
    });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(retry);
    layout->addWidget(sending);
    layout->addWidget(buttons);
}

workspace::WorkspaceSettings SettingsDialog::settings() const
{
    workspace::WorkspaceSettings out = m_original;
    out.retry.maxAttempts = m_attempts->value();
    out.retry.base = std::chrono::milliseconds(m_baseMs->value());
    out.retry.factor = m_factor->value();
    out.retry.cap = std::chrono::milliseconds(m_capMs->value());
    out.retry.jitter = m_jitter->value();
    out.retry.honourRetryAfter = m_retryAfter->isChecked();
    out.connectTimeout = std::chrono::milliseconds(m_connectMs->value());
    out.totalTimeout = std::chrono::milliseconds(m_totalMs->value());
    out.endpointPort = m_port->value();
    out.validationProfile = static_cast<protocol::Profile>(m_profile->currentData().toInt());
    out.historyMaxEntries = m_historySize->value();
    return out;
}

} // namespace fhw::gui
