#include "targetbar.h"

#include "aws/lambda.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QStyle>
#include <QUrl>
#include <QVBoxLayout>

namespace fhw::gui {

namespace {

constexpr transport::Family families[] = {transport::Family::Registration, transport::Family::Event,
                                          transport::Family::Audience, transport::Family::Dsr};

QString familyLabel(transport::Family family)
{
    return QString::fromUtf8(transport::familyName(family).data());
}

bool isHttpUrl(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    return url.isValid() && (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https"))
           && !url.host().isEmpty();
}

} // namespace

TargetBar::TargetBar(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("targetBar"));
    m_kind = new QComboBox(this);
    m_kind->setObjectName(QStringLiteral("targetKind"));
    m_kind->addItem(tr("Embedded endpoint"));
    m_kind->addItem(tr("One URL"));
    m_kind->addItem(tr("URLs per type"));
    m_kind->addItem(tr("Lambda function"));
    m_kind->setToolTip(tr("Where requests go: the local endpoint built into the workbench, your endpoint's URL, "
                          "separate URLs for registration, event, audience and DSR requests, or an AWS Lambda "
                          "function invoked as mParticle does"));

    m_where = new QStackedWidget(this);
    m_embeddedUrl = new QLabel(this);
    m_embeddedUrl->setObjectName(QStringLiteral("embeddedUrl"));
    m_embeddedUrl->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_where->addWidget(m_embeddedUrl);
    m_url = new QLineEdit(this);
    m_url->setObjectName(QStringLiteral("targetUrl"));
    m_url->setPlaceholderText(QStringLiteral("https://firehose.example.com/mparticle"));
    m_url->setClearButtonEnabled(true);
    m_where->addWidget(m_url);
    auto *perType = new QWidget(this);
    auto *grid = new QGridLayout(perType);
    grid->setContentsMargins(0, 0, 0, 0);
    int column = 0;
    for (const auto family : families) {
        auto *edit = new QLineEdit(perType);
        edit->setObjectName(QStringLiteral("targetUrl_") + familyLabel(family));
        edit->setPlaceholderText(familyLabel(family) + QStringLiteral(" URL"));
        edit->setClearButtonEnabled(true);
        m_familyUrls[family] = edit;
        grid->addWidget(edit, column / 2, column % 2);
        ++column;
        connect(edit, &QLineEdit::textChanged, this, &TargetBar::changed);
    }
    m_where->addWidget(perType);
    m_where->addWidget(makeLambdaPage());

    m_dataCenter = new QComboBox(this);
    m_dataCenter->setObjectName(QStringLiteral("dataCenter"));
    m_dataCenter->addItems({tr("Any pod"), QStringLiteral("US1"), QStringLiteral("US2"), QStringLiteral("EU1"),
                            QStringLiteral("AU1")});
    m_dataCenter->setToolTip(tr("mParticle data centre (pod) this target and token belong to"));

    m_token = new QComboBox(this);
    m_token->setObjectName(QStringLiteral("tokenChoice"));
    m_token->setToolTip(tr("Sent as 'Authorization: Token …' (not on registration); read from the keychain at send time"));
    m_token->setMinimumContentsLength(18);
    m_token->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);

    m_send = new QPushButton(style()->standardIcon(QStyle::SP_MediaPlay), tr("&Send"), this);
    m_send->setObjectName(QStringLiteral("sendButton"));
    m_send->setToolTip(tr("Send the request (Ctrl+Enter)"));
    m_send->setDefault(true);
    m_cancel = new QPushButton(style()->standardIcon(QStyle::SP_BrowserStop), tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_cancel->setToolTip(tr("Cancel the send in flight (Esc)"));
    m_cancel->setEnabled(false);

    m_warning = new QLabel(this);
    m_warning->setObjectName(QStringLiteral("sendWarning"));
    m_warning->setWordWrap(true);
    m_warning->setStyleSheet(QStringLiteral("QLabel { background: palette(highlight); color: palette(highlighted-text); "
                                            "padding: 4px; border-radius: 3px; }"));
    m_warning->hide();

    auto *row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    auto *targetLabel = new QLabel(tr("&Target"), this);
    targetLabel->setBuddy(m_kind);
    row->addWidget(targetLabel);
    row->addWidget(m_kind);
    row->addWidget(m_where, 1);
    auto *podLabel = new QLabel(tr("&Pod"), this);
    podLabel->setBuddy(m_dataCenter);
    row->addWidget(podLabel);
    row->addWidget(m_dataCenter);
    auto *tokenLabel = new QLabel(tr("To&ken"), this);
    tokenLabel->setBuddy(m_token);
    row->addWidget(tokenLabel);
    row->addWidget(m_token);
    row->addWidget(m_send);
    row->addWidget(m_cancel);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(row);
    layout->addWidget(m_warning);

    connect(m_kind, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_where->setCurrentIndex(index);
        // mParticle invokes a function with its AWS identity, never with a token.
        m_token->setEnabled(kind() != Kind::Lambda);
        Q_EMIT changed();
    });
    connect(m_url, &QLineEdit::textChanged, this, &TargetBar::changed);
    connect(m_dataCenter, &QComboBox::currentIndexChanged, this, &TargetBar::changed);
    connect(m_token, &QComboBox::currentIndexChanged, this, &TargetBar::changed);
    connect(m_send, &QPushButton::clicked, this, &TargetBar::sendClicked);
    connect(m_cancel, &QPushButton::clicked, this, &TargetBar::cancelClicked);
}

void TargetBar::setTokenModel(QAbstractItemModel *model)
{
    m_token->setModel(model);
    m_token->setCurrentIndex(0);
}

void TargetBar::setEmbeddedUrl(const QString &url)
{
    m_embeddedUrl->setText(url.isEmpty() ? tr("(embedded endpoint stopped)") : url);
    Q_EMIT changed();
}

TargetBar::Kind TargetBar::kind() const
{
    return static_cast<Kind>(m_kind->currentIndex());
}

void TargetBar::setKind(Kind kind)
{
    m_kind->setCurrentIndex(static_cast<int>(kind));
}

QWidget *TargetBar::makeLambdaPage()
{
    auto *page = new QWidget(this);
    auto *grid = new QGridLayout(page);
    grid->setContentsMargins(0, 0, 0, 0);
    const auto edit = [this, page](const char *name, const QString &placeholder, const QString &tip) {
        auto *line = new QLineEdit(page);
        line->setObjectName(QLatin1String(name));
        line->setPlaceholderText(placeholder);
        line->setToolTip(tip);
        line->setClearButtonEnabled(true);
        connect(line, &QLineEdit::textChanged, this, &TargetBar::changed);
        return line;
    };
    m_function = edit("lambdaFunction", tr("function name or ARN"),
                      tr("A function name, or its ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME[:ALIAS]); an ARN "
                         "gives the region and qualifier"));
    m_region = edit("lambdaRegion", QStringLiteral("us-east-1"),
                    tr("The function's region (mParticle invokes from us-east-1; taken from an ARN)"));
    m_qualifier = edit("lambdaQualifier", tr("qualifier ($LATEST)"), tr("An alias or version; empty = $LATEST"));
    m_lambdaEndpoint = edit("lambdaEndpoint", tr("AWS (or a local emulator: http://127.0.0.1:9001)"),
                            tr("Empty: AWS's Lambda API in the region. Otherwise a local emulator (the Runtime "
                               "Interface Emulator, sam local start-lambda, the embedded endpoint's Invoke mode)"));
    m_profile = edit("lambdaProfile", tr("AWS profile (default)"),
                     tr("The profile in ~/.aws/credentials and ~/.aws/config; empty: AWS_PROFILE, else default. "
                        "Environment variables come first, as with the AWS CLI"));
    m_sign = new QCheckBox(tr("Sign"), page);
    m_sign->setObjectName(QStringLiteral("lambdaSign"));
    m_sign->setToolTip(tr("Sign the invocation with AWS Signature Version 4; local emulators take it unsigned"));
    m_sign->setChecked(true);
    connect(m_sign, &QCheckBox::toggled, this, [this](bool sign) {
        m_profile->setEnabled(sign);
        Q_EMIT changed();
    });
    grid->addWidget(m_function, 0, 0, 1, 2);
    grid->addWidget(m_region, 0, 2);
    grid->addWidget(m_qualifier, 0, 3);
    grid->addWidget(m_lambdaEndpoint, 1, 0, 1, 2);
    grid->addWidget(m_sign, 1, 2);
    grid->addWidget(m_profile, 1, 3);
    grid->setColumnStretch(0, 2);
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(2, 1);
    grid->setColumnStretch(3, 1);
    return page;
}

// The function as typed: an ARN gives region and qualifier (unless they were typed); checked by
// aws::lambdaTarget when it can be, else passed on as typed so targetProblem() can say what is wrong.
transport::LambdaTarget TargetBar::lambdaFields() const
{
    const std::string function = m_function->text().trimmed().toStdString();
    const std::string region = m_region->text().trimmed().toStdString();
    const std::string qualifier = m_qualifier->text().trimmed().toStdString();
    transport::LambdaTarget lambda;
    if (auto parsed = aws::lambdaTarget(function, region, qualifier)) {
        lambda = std::move(*parsed);
    } else {
        lambda.function = function;
        lambda.region = region;
        lambda.qualifier = qualifier;
    }
    lambda.endpoint = m_lambdaEndpoint->text().trimmed().toStdString();
    while (lambda.endpoint.ends_with('/'))
        lambda.endpoint.pop_back();
    lambda.sign = m_sign->isChecked();
    lambda.profile = m_profile->text().trimmed().toStdString();
    return lambda;
}

void TargetBar::setLambda(const transport::LambdaTarget &lambda)
{
    m_function->setText(QString::fromStdString(lambda.function));
    m_region->setText(QString::fromStdString(lambda.region));
    m_qualifier->setText(QString::fromStdString(lambda.qualifier));
    m_lambdaEndpoint->setText(QString::fromStdString(lambda.endpoint));
    m_sign->setChecked(lambda.sign);
    m_profile->setText(QString::fromStdString(lambda.profile));
}

transport::Target TargetBar::target() const
{
    transport::Target target;
    switch (kind()) {
    case Kind::Lambda: target.lambda = lambdaFields(); break;
    case Kind::Embedded: target.url = m_embeddedUrl->text().toStdString(); break;
    case Kind::OneUrl: target.url = m_url->text().trimmed().toStdString(); break;
    case Kind::PerType:
        for (const auto &[family, edit] : m_familyUrls) {
            if (!edit->text().trimmed().isEmpty())
                target.perFamily[family] = edit->text().trimmed().toStdString();
        }
        break;
    }
    return target;
}

void TargetBar::setUrl(const QString &url)
{
    m_url->setText(url);
}

void TargetBar::setFamilyUrl(transport::Family family, const QString &url)
{
    m_familyUrls.at(family)->setText(url);
}

QString TargetBar::dataCenter() const
{
    return m_dataCenter->currentIndex() == 0 ? QString() : m_dataCenter->currentText();
}

void TargetBar::setDataCenter(const QString &dataCenter)
{
    const int index = m_dataCenter->findText(dataCenter);
    m_dataCenter->setCurrentIndex(index < 0 ? 0 : index);
}

int TargetBar::tokenRow() const
{
    return m_token->currentIndex();
}

void TargetBar::setTokenRow(int row)
{
    m_token->setCurrentIndex(row);
}

void TargetBar::setSending(bool sending)
{
    m_send->setEnabled(!sending);
    m_cancel->setEnabled(sending);
}

void TargetBar::setWarning(const QString &text)
{
    m_warning->setText(text);
    m_warning->setVisible(!text.isEmpty());
}

QString TargetBar::warning() const
{
    return m_warning->isHidden() ? QString() : m_warning->text();
}

QString TargetBar::lambdaProblem() const
{
    const std::string function = m_function->text().trimmed().toStdString();
    if (function.empty())
        return tr("Enter the Lambda function's name or ARN in the target bar.");
    const QString endpoint = m_lambdaEndpoint->text().trimmed();
    std::string region = m_region->text().trimmed().toStdString();
    if (region.empty() && !endpoint.isEmpty())
        region = "us-east-1"; // a local emulator does not care about the region; AWS does
    const auto parsed = aws::lambdaTarget(function, region, m_qualifier->text().trimmed().toStdString());
    if (!parsed)
        return QString::fromStdString(parsed.error().message);
    if (!endpoint.isEmpty() && !isHttpUrl(endpoint))
        return tr("'%1' is not an http:// or https:// URL of a Lambda emulator.").arg(endpoint);
    return {};
}

QString TargetBar::targetProblem(protocol::MessageType type) const
{
    if (kind() == Kind::Lambda)
        return lambdaProblem();
    const QString url = QString::fromStdString(target().urlFor(type));
    if (kind() == Kind::Embedded && !isHttpUrl(url))
        return tr("The embedded endpoint is not running: start it in the Endpoint panel, or choose another target.");
    if (url.isEmpty()) {
        return kind() == Kind::PerType
                   ? tr("No URL for %1 requests: fill it in the target bar.")
                         .arg(familyLabel(transport::familyOf(type)))
                   : tr("Enter the URL of your endpoint in the target bar.");
    }
    if (!isHttpUrl(url))
        return tr("'%1' is not an http:// or https:// URL.").arg(url);
    return {};
}

} // namespace fhw::gui
