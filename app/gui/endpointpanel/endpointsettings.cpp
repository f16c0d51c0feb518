#include "endpointsettings.h"

#include "authsettings.h"
#include "faultseditor.h"

#include "secrets/securebuffer.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QTableWidget>
#include <QUrl>
#include <QVBoxLayout>

namespace fhw::gui {

namespace {

QString proxyUrlProblem(const QString &text)
{
    if (text.trimmed().isEmpty())
        return EndpointSettings::tr("Enter the URL to forward requests to.");
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https") || url.host().isEmpty())
        return EndpointSettings::tr("The proxy URL must be an http:// or https:// URL with a host.");
    return {};
}

} // namespace

EndpointSettings::EndpointSettings(endpoint::Endpoint &endpoint, QWidget *parent)
    : QWidget(parent)
    , m_endpoint(endpoint)
{
    setObjectName(QStringLiteral("endpointSettings"));
    m_auth = new AuthSettings(this);
    m_faults = new FaultsEditor(this);

    auto *authGroup = new QGroupBox(tr("Authentication"), this);
    authGroup->setObjectName(QStringLiteral("authGroup"));
    (new QVBoxLayout(authGroup))->addWidget(m_auth);
    auto *faultsGroup = new QGroupBox(tr("Faults per request family (for the next request on)"), this);
    faultsGroup->setObjectName(QStringLiteral("faultsGroup"));
    (new QVBoxLayout(faultsGroup))->addWidget(m_faults);

    auto *content = new QWidget(this);
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->addWidget(makeModeGroup());
    contentLayout->addWidget(authGroup);
    contentLayout->addWidget(makeResponsesGroup());
    contentLayout->addWidget(faultsGroup);
    contentLayout->addStretch(1);
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("settingsScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(content);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("settingsMessage"));
    m_message->setWordWrap(true);
    m_revert = new QPushButton(tr("Re&vert"), this);
    m_revert->setObjectName(QStringLiteral("revertSettings"));
    m_apply = new QPushButton(tr("Appl&y"), this);
    m_apply->setObjectName(QStringLiteral("applySettings"));
    m_apply->setDefault(true);
    m_apply->setToolTip(tr("Put these settings in force from the next request on"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_message, 1);
    buttons->addWidget(m_revert);
    buttons->addWidget(m_apply);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll, 1);
    layout->addLayout(buttons);

    connect(m_apply, &QPushButton::clicked, this, &EndpointSettings::apply);
    connect(m_revert, &QPushButton::clicked, this, &EndpointSettings::revert);
    connect(m_auth, &AuthSettings::changed, this, &EndpointSettings::markModified);
    connect(m_faults, &FaultsEditor::changed, this, &EndpointSettings::markModified);
    revert();
}

QWidget *EndpointSettings::makeModeGroup()
{
    auto *group = new QGroupBox(tr("Mode"), this);
    group->setObjectName(QStringLiteral("modeGroup"));
    m_reference = new QRadioButton(tr("&Reference: answer like a correct integration"), group);
    m_reference->setObjectName(QStringLiteral("referenceMode"));
    m_proxy = new QRadioButton(tr("Pro&xy to:"), group);
    m_proxy->setObjectName(QStringLiteral("proxyMode"));
    m_proxyUrl = new QLineEdit(group);
    m_proxyUrl->setObjectName(QStringLiteral("proxyUrl"));
    m_proxyUrl->setPlaceholderText(QStringLiteral("https://firehose.example.com/"));
    m_proxyUrl->setAccessibleName(tr("Proxy URL"));
    m_captureToFile = new QCheckBox(tr("Also capture to a &JSONL file:"), group);
    m_captureToFile->setObjectName(QStringLiteral("captureToFile"));
    m_captureToFile->setToolTip(tr("Every exchange is always kept in memory (the table); this also appends "
                                   "each one as a line of JSON to a file"));
    m_captureFile = new QLineEdit(group);
    m_captureFile->setObjectName(QStringLiteral("captureFile"));
    m_captureFile->setAccessibleName(tr("Capture file"));
    m_browseCapture = new QPushButton(tr("Bro&wse…"), group);
    m_browseCapture->setObjectName(QStringLiteral("browseCaptureFile"));

    auto *proxyRow = new QHBoxLayout;
    proxyRow->addWidget(m_proxy);
    proxyRow->addWidget(m_proxyUrl, 1);
    auto *captureRow = new QHBoxLayout;
    captureRow->addWidget(m_captureToFile);
    captureRow->addWidget(m_captureFile, 1);
    captureRow->addWidget(m_browseCapture);
    auto *layout = new QVBoxLayout(group);
    layout->addWidget(m_reference);
    layout->addLayout(proxyRow);
    layout->addLayout(captureRow);

    connect(m_proxy, &QRadioButton::toggled, this, &EndpointSettings::markModified);
    connect(m_proxyUrl, &QLineEdit::textChanged, this, [this] {
        if (!m_loading && !m_proxyUrl->text().isEmpty())
            m_proxy->setChecked(true);
        markModified();
    });
    connect(m_captureToFile, &QCheckBox::toggled, this, &EndpointSettings::markModified);
    connect(m_captureFile, &QLineEdit::textChanged, this, &EndpointSettings::markModified);
    connect(m_browseCapture, &QPushButton::clicked, this, &EndpointSettings::chooseCaptureFile);
    return group;
}

QWidget *EndpointSettings::makeResponsesGroup()
{
    auto *group = new QGroupBox(tr("Responses"), this);
    group->setObjectName(QStringLiteral("responsesGroup"));
    m_echoRequestId = new QCheckBox(tr("E&cho the request id as the response id"), group);
    m_echoRequestId->setObjectName(QStringLiteral("echoRequestId"));
    m_suspendSubscription = new QCheckBox(tr("S&uspend the subscription (in membership change responses)"), group);
    m_suspendSubscription->setObjectName(QStringLiteral("suspendSubscription"));
    m_profile = new QComboBox(group);
    m_profile->setObjectName(QStringLiteral("validationProfile"));
    m_profile->addItem(tr("Tolerant (what a forgiving receiver accepts)"), int(protocol::Profile::Tolerant));
    m_profile->addItem(tr("Strict (what the Java SDK rejects)"), int(protocol::Profile::Strict));
    m_subscriptionSettings = new QTableWidget(0, 2, group);
    m_subscriptionSettings->setObjectName(QStringLiteral("subscriptionSettings"));
    m_subscriptionSettings->setHorizontalHeaderLabels({tr("Key"), tr("Value")});
    m_subscriptionSettings->horizontalHeader()->setStretchLastSection(true);
    m_subscriptionSettings->verticalHeader()->hide();
    m_subscriptionSettings->setMinimumHeight(90);
    m_subscriptionSettings->setAccessibleName(tr("Subscription settings"));
    m_addSetting = new QPushButton(tr("Add"), group);
    m_addSetting->setObjectName(QStringLiteral("addSubscriptionSetting"));
    m_removeSetting = new QPushButton(tr("Remove"), group);
    m_removeSetting->setObjectName(QStringLiteral("removeSubscriptionSetting"));

    auto *settingButtons = new QVBoxLayout;
    settingButtons->addWidget(m_addSetting);
    settingButtons->addWidget(m_removeSetting);
    settingButtons->addStretch(1);
    auto *settingsRow = new QHBoxLayout;
    settingsRow->addWidget(m_subscriptionSettings, 1);
    settingsRow->addLayout(settingButtons);

    auto *layout = new QFormLayout(group);
    layout->addRow(m_echoRequestId);
    layout->addRow(m_suspendSubscription);
    auto *profileLabel = new QLabel(tr("Validation of re&quests:"), group);
    profileLabel->setBuddy(m_profile);
    layout->addRow(profileLabel, m_profile);
    auto *settingsLabel = new QLabel(tr("Subscr&iption settings:"), group);
    settingsLabel->setBuddy(m_subscriptionSettings);
    layout->addRow(settingsLabel, settingsRow);

    connect(m_echoRequestId, &QCheckBox::toggled, this, &EndpointSettings::markModified);
    connect(m_suspendSubscription, &QCheckBox::toggled, this, &EndpointSettings::markModified);
    connect(m_profile, &QComboBox::currentIndexChanged, this, &EndpointSettings::markModified);
    connect(m_subscriptionSettings, &QTableWidget::itemChanged, this, &EndpointSettings::markModified);
    connect(m_addSetting, &QPushButton::clicked, this, [this] {
        const int row = m_subscriptionSettings->rowCount();
        m_subscriptionSettings->insertRow(row);
        m_subscriptionSettings->setItem(row, 0, new QTableWidgetItem);
        m_subscriptionSettings->setItem(row, 1, new QTableWidgetItem);
        m_subscriptionSettings->setCurrentCell(row, 0);
        m_subscriptionSettings->editItem(m_subscriptionSettings->item(row, 0));
        markModified();
    });
    connect(m_removeSetting, &QPushButton::clicked, this, [this] {
        const int row = m_subscriptionSettings->currentRow();
        if (row >= 0) {
            m_subscriptionSettings->removeRow(row);
            markModified();
        }
    });
    return group;
}

void EndpointSettings::chooseCaptureFile()
{
    auto *dialog = new QFileDialog(this, tr("Capture exchanges to"), m_captureFile->text(),
                                   tr("JSON Lines (*.jsonl);;All files (*)"));
    dialog->setObjectName(QStringLiteral("captureFileDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setOption(QFileDialog::DontConfirmOverwrite); // appended to, never overwritten
    dialog->setDefaultSuffix(QStringLiteral("jsonl"));
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &path) {
        m_captureFile->setText(path);
        m_captureToFile->setChecked(true);
    });
    dialog->open();
}

void EndpointSettings::markModified()
{
    if (m_loading)
        return;
    m_modified = true;
    updateState();
}

QString EndpointSettings::problem() const
{
    if (m_proxy->isChecked()) {
        if (QString why = proxyUrlProblem(m_proxyUrl->text()); !why.isEmpty())
            return why;
    }
    if (m_captureToFile->isChecked() && m_captureFile->text().trimmed().isEmpty())
        return tr("Choose the capture file.");
    return m_auth->problem();
}

void EndpointSettings::updateState()
{
    m_captureFile->setEnabled(m_captureToFile->isChecked());
    m_removeSetting->setEnabled(m_subscriptionSettings->rowCount() > 0);
    const QString why = problem();
    m_apply->setEnabled(m_modified && why.isEmpty() && !m_applying);
    m_revert->setEnabled(m_modified && !m_applying);
    if (m_applying)
        m_message->setText(tr("Reading the token from the keychain…"));
    else if (!why.isEmpty() && m_modified)
        m_message->setText(why);
    else
        m_message->setText(m_modified ? tr("Not applied yet.") : tr("In force."));
}

void EndpointSettings::revert()
{
    endpoint::EndpointConfig config = m_endpoint.config();
    m_loading = true;
    m_proxyUrl->setText(QString::fromStdString(config.proxyUrl));
    (config.proxyUrl.empty() ? m_reference : m_proxy)->setChecked(true);
    m_captureToFile->setChecked(!config.captureFile.empty());
    m_captureFile->setText(QString::fromStdString(config.captureFile));
    m_auth->setCurrent(config.token);
    m_echoRequestId->setChecked(config.echoRequestId);
    m_suspendSubscription->setChecked(config.suspendSubscription);
    m_profile->setCurrentIndex(m_profile->findData(int(config.profile)));
    m_subscriptionSettings->setRowCount(0);
    for (const auto &[key, value] : config.subscriptionSettings) {
        const int row = m_subscriptionSettings->rowCount();
        m_subscriptionSettings->insertRow(row);
        m_subscriptionSettings->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(key)));
        m_subscriptionSettings->setItem(row, 1, new QTableWidgetItem(QString::fromStdString(value)));
    }
    m_faults->setFaults(config.faults);
    if (config.token)
        secrets::wipe(*config.token);
    m_loading = false;
    m_modified = false;
    updateState();
}

void EndpointSettings::apply()
{
    if (m_applying)
        return;
    if (const QString why = problem(); !why.isEmpty()) {
        m_message->setText(why);
        Q_EMIT failed(why);
        return;
    }
    m_applying = true;
    updateState();
    m_auth->resolve([this](std::expected<std::optional<std::string>, Error> token) {
        m_applying = false;
        if (!token) {
            const QString message = tr("Not applied: %1").arg(QString::fromStdString(token.error().message));
            updateState();
            m_message->setText(message);
            Q_EMIT failed(message);
            return;
        }
        commit(std::move(*token));
    });
}

void EndpointSettings::commit(std::optional<std::string> token)
{
    endpoint::EndpointConfig config = m_endpoint.config();
    config.proxyUrl = m_proxy->isChecked() ? m_proxyUrl->text().trimmed().toStdString() : std::string();
    config.captureFile = m_captureToFile->isChecked() ? m_captureFile->text().trimmed().toStdString() : std::string();
    if (config.token)
        secrets::wipe(*config.token);
    config.token = token;
    config.echoRequestId = m_echoRequestId->isChecked();
    config.suspendSubscription = m_suspendSubscription->isChecked();
    config.profile = protocol::Profile(m_profile->currentData().toInt());
    config.subscriptionSettings.clear();
    for (int row = 0; row < m_subscriptionSettings->rowCount(); ++row) {
        const QTableWidgetItem *key = m_subscriptionSettings->item(row, 0);
        const QTableWidgetItem *value = m_subscriptionSettings->item(row, 1);
        if (key && !key->text().trimmed().isEmpty())
            config.subscriptionSettings[key->text().trimmed().toStdString()] = value ? value->text().toStdString() : std::string();
    }
    m_faults->applyTo(config);
    m_endpoint.setConfig(std::move(config));
    m_auth->markApplied(token);
    if (token)
        secrets::wipe(*token);
    m_modified = false;
    updateState();
    Q_EMIT applied();
}

} // namespace fhw::gui
