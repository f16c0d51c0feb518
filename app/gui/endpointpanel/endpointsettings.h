#pragma once

#include "endpoint/endpoint.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QTableWidget;

namespace fhw::gui {

class AuthSettings;
class FaultsEditor;

// What the endpoint does with each request: answer as the reference integration or proxy to a URL
// (capture is always on; optionally mirrored to a JSONL file), which token it requires, what its
// responses carry (echoed ids, suspend_subscription, subscription settings), how strictly it
// validates, and which faults it injects per family. Edits are collected until Apply, which reads the
// endpoint's current config, changes these fields only, and sets it (in force from the next
// request); Revert shows the endpoint's config again.
class EndpointSettings : public QWidget
{
    Q_OBJECT

public:
    explicit EndpointSettings(endpoint::Endpoint &endpoint, QWidget *parent = nullptr);

    AuthSettings *auth() const { return m_auth; }
    FaultsEditor *faults() const { return m_faults; }

    bool isModified() const { return m_modified; }
    QString problem() const; // why Apply is refused now; empty when it can apply

    // Applies asynchronously when the token comes from the keychain; `applied` or `failed` follow.
    void apply();
    void revert();

Q_SIGNALS:
    void applied();
    void failed(const QString &message);

private:
    QWidget *makeModeGroup();
    QWidget *makeResponsesGroup();
    void markModified();
    void updateState();
    void chooseCaptureFile();
    void commit(std::optional<std::string> token);

    endpoint::Endpoint &m_endpoint;
    QRadioButton *m_reference;
    QRadioButton *m_proxy;
    QLineEdit *m_proxyUrl;
    QCheckBox *m_captureToFile;
    QLineEdit *m_captureFile;
    QPushButton *m_browseCapture;
    AuthSettings *m_auth;
    QCheckBox *m_echoRequestId;
    QCheckBox *m_suspendSubscription;
    QComboBox *m_profile;
    QTableWidget *m_subscriptionSettings;
    QPushButton *m_addSetting;
    QPushButton *m_removeSetting;
    FaultsEditor *m_faults;
    QLabel *m_message;
    QPushButton *m_apply;
    QPushButton *m_revert;
    bool m_modified = false;
    bool m_loading = false;
    bool m_applying = false;
};

} // namespace fhw::gui
