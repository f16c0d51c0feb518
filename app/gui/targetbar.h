#pragma once

#include "transport/target.h"

#include <QWidget>

#include <map>

class QAbstractItemModel;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;

namespace fhw::gui {

// Where the composer's request goes and with which token: the embedded endpoint (the default, so the
// first Send works at once), one URL, a URL per request family, or an AWS Lambda function (a name or
// ARN, region, qualifier; a local emulator's endpoint, unsigned; the AWS profile); the data centre; the
// token (names from the keychain, shown redacted; not for Lambda, which mParticle invokes with IAM);
// Send and Cancel.
class TargetBar : public QWidget
{
    Q_OBJECT

public:
    enum class Kind { Embedded, OneUrl, PerType, Lambda };

    explicit TargetBar(QWidget *parent = nullptr);

    void setTokenModel(QAbstractItemModel *model); // row 0 is "(no token)"
    void setEmbeddedUrl(const QString &url);       // shown when Kind::Embedded

    Kind kind() const;
    void setKind(Kind kind);
    // The target for a send; the embedded endpoint's URL when Kind::Embedded.
    transport::Target target() const;
    void setUrl(const QString &url);
    void setFamilyUrl(transport::Family family, const QString &url);
    // Kind::Lambda: fills the function fields (an ARN's region and qualifier come from the ARN).
    void setLambda(const transport::LambdaTarget &lambda);
    QString dataCenter() const; // "" (any), US1, US2, EU1, AU1
    void setDataCenter(const QString &dataCenter);
    int tokenRow() const;
    void setTokenRow(int row);

    void setSending(bool sending); // Send disabled and Cancel enabled while a send is in flight
    // A warning above the bar (e.g. validation errors before a send); empty hides it.
    void setWarning(const QString &text);
    QString warning() const;

    // Problems that prevent a send (an empty or non-http URL), for the caller's message; empty when fine.
    QString targetProblem(protocol::MessageType type) const;

Q_SIGNALS:
    void sendClicked();
    void cancelClicked();
    void changed(); // target, data centre or token changed

private:
    QWidget *makeLambdaPage();
    transport::LambdaTarget lambdaFields() const;
    QString lambdaProblem() const;

    QComboBox *m_kind;
    QStackedWidget *m_where;
    QLabel *m_embeddedUrl;
    QLineEdit *m_url;
    std::map<transport::Family, QLineEdit *> m_familyUrls;
    QLineEdit *m_function;
    QLineEdit *m_region;
    QLineEdit *m_qualifier;
    QLineEdit *m_lambdaEndpoint;
    QCheckBox *m_sign;
    QLineEdit *m_profile;
    QComboBox *m_dataCenter;
    QComboBox *m_token;
    QPushButton *m_send;
    QPushButton *m_cancel;
    QLabel *m_warning;
};

} // namespace fhw::gui
