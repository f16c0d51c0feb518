#pragma once

#include "submission/endpoints.h"

#include <QWidget>

#include <map>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;

namespace fhw::gui {

// One data centre's endpoint: nothing, one HTTPS URL, a URL per request family, or a Lambda ARN, with the
// findings about it right below.
class PodEndpointEditor : public QWidget
{
    Q_OBJECT

public:
    enum class Kind { None, OneUrl, PerFamily, Lambda };

    PodEndpointEditor(submission::Pod pod, QWidget *parent = nullptr);

    submission::Pod pod() const { return m_pod; }
    submission::PodEndpoint endpoint() const;
    void setEndpoint(const submission::PodEndpoint &endpoint);
    void showFindings(const protocol::Findings &findings); // this pod's

Q_SIGNALS:
    void changed();

private:
    void showPage(int index);

    submission::Pod m_pod;
    QComboBox *m_kind;
    QStackedWidget *m_pages;
    QLineEdit *m_url;
    std::map<transport::Family, QLineEdit *> m_familyUrls;
    QLineEdit *m_arn;
    QLabel *m_findings;
};

// Section 3a: where mParticle sends, per data centre (US1, US2, EU1, AU1), checked as you type
// (checkEndpoints: https, ARN form and region); for Lambda ARNs, the `aws lambda add-permission` calls
// that let mParticle invoke the function.
class EndpointsSection : public QWidget
{
    Q_OBJECT

public:
    explicit EndpointsSection(QWidget *parent = nullptr);

    submission::Endpoints endpoints() const;
    void setEndpoint(submission::Pod pod, const submission::PodEndpoint &endpoint);
    const protocol::Findings &findings() const { return m_findings; }
    PodEndpointEditor *editor(submission::Pod pod) const { return m_editors.at(pod); }

Q_SIGNALS:
    void changed();

private:
    void revalidate();

    std::map<submission::Pod, PodEndpointEditor *> m_editors;
    protocol::Findings m_findings;
    QLabel *m_general;
    QPlainTextEdit *m_permissions;
    QLabel *m_permissionsLabel;
    QPushButton *m_copyPermissions; // the commands to the clipboard, ready for a shell
};

} // namespace fhw::gui
