#pragma once

#include "formpage.h"

class QLabel;
class QLineEdit;
class QListWidget;

namespace fhw::gui {

// A profile's audiences: ID, name and action per row; each row keeps its other members
// (subscription settings, user attributes) as they were.
class AudienceEditor : public form::TableEditor
{
    Q_OBJECT

public:
    explicit AudienceEditor(QWidget *parent = nullptr);
    void reload() override;

protected:
    void addRow() override;
    void write() override;
};

// An audience's user attributes: key, value, action and list values (comma-separated).
class AudienceAttributeEditor : public form::TableEditor
{
    Q_OBJECT

public:
    explicit AudienceAttributeEditor(QWidget *parent = nullptr);
    void reload() override;

protected:
    void addRow() override;
    void write() override;
};

// audience_membership_change_request: the account, then per user profile its identities, MPID, and
// its audiences with their actions and user attributes.
class MembershipForm : public FormPage
{
    Q_OBJECT

public:
    explicit MembershipForm(QWidget *parent = nullptr);
    void reload() override;

private:
    void reloadProfiles();
    void showProfile(int row);
    void showAudience(int row);
    QString profilePointer() const;

    EnvelopeBox *m_envelope;
    QLabel *m_verificationNote;
    QListWidget *m_profiles;
    QWidget *m_profilePanel;
    QLineEdit *m_mpid;
    form::IdentityEditor *m_userIdentities;
    form::IdentityEditor *m_deviceIdentities;
    form::IdentityEditor *m_partnerIdentities;
    AudienceEditor *m_audiences;
    AudienceAttributeEditor *m_attributes;
    int m_profile = -1;
    int m_audience = -1;
};

// audience_subscription_request: the action, the audience and its subscription settings.
class SubscriptionForm : public FormPage
{
    Q_OBJECT

public:
    explicit SubscriptionForm(QWidget *parent = nullptr);
    void reload() override;

private:
    EnvelopeBox *m_envelope;
    form::KeyValueEditor *m_settings;
    form::KeyValueEditor *m_previous;
};

} // namespace fhw::gui
