#include "endpointssection.h"

#include "submissiontext.h"

#include "tokens/tokenformat.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace fhw::gui {

using submission::Pod;
using submissiontext::fromStd;

namespace {

QString findingsText(const protocol::Findings &findings)
{
    QStringList lines;
    for (const protocol::Finding &finding : findings)
        lines << (finding.severity == protocol::Severity::Error ? QStringLiteral("✖ ") : QStringLiteral("⚠ "))
                     + fromStd(finding.message);
    return lines.join(u'\n');
}

QString trimmed(const QLineEdit *edit)
{
    return edit->text().trimmed();
}

} // namespace

PodEndpointEditor::PodEndpointEditor(Pod pod, QWidget *parent)
    : QWidget(parent)
    , m_pod(pod)
{
    const QString name = fromStd(submission::podName(pod));
    setObjectName(QStringLiteral("endpoint") + name);
    m_kind = new QComboBox(this);
    m_kind->setObjectName(QStringLiteral("kind"));
    m_kind->addItems({tr("Not served"), tr("One HTTPS URL"), tr("A URL per request type"), tr("AWS Lambda function")});
    m_kind->setAccessibleName(tr("How %1 reaches you").arg(name));

    m_pages = new QStackedWidget(this);
    m_pages->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum); // never taller than the page shown
    m_pages->addWidget(new QWidget(m_pages));

    m_url = new QLineEdit(m_pages);
    m_url->setObjectName(QStringLiteral("url"));
    m_url->setPlaceholderText(QStringLiteral("https://firehose.example.com/%1").arg(name.toLower()));
    m_pages->addWidget(m_url);

    auto *perFamily = new QWidget(m_pages);
    auto *form = new QFormLayout(perFamily);
    form->setContentsMargins(0, 0, 0, 0);
    for (transport::Family family : {transport::Family::Registration, transport::Family::Event, transport::Family::Audience,
                                     transport::Family::Dsr}) {
        auto *edit = new QLineEdit(perFamily);
        const QString familyName = fromStd(transport::familyName(family));
        edit->setObjectName(familyName + QStringLiteral("Url"));
        edit->setPlaceholderText(family == transport::Family::Registration ? tr("required") : tr("optional"));
        form->addRow(familyName + QLatin1Char(':'), edit);
        m_familyUrls[family] = edit;
        connect(edit, &QLineEdit::textChanged, this, &PodEndpointEditor::changed);
    }
    m_pages->addWidget(perFamily);

    m_arn = new QLineEdit(m_pages);
    m_arn->setObjectName(QStringLiteral("arn"));
    m_arn->setPlaceholderText(QStringLiteral("arn:aws:lambda:%1:123456789012:function:NAME:ALIAS").arg(fromStd(submission::podRegion(pod))));
    m_pages->addWidget(m_arn);

    m_findings = new QLabel(this);

    m_findings->setTextFormat(Qt::PlainText); // never rich text: it shows what files, URLs and keys say
    m_findings->setObjectName(QStringLiteral("findings"));
    m_findings->setWordWrap(true);
    m_findings->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_findings->hide();

    auto *box = new QGroupBox(tr("%1 (%2)").arg(name, fromStd(submission::podRegion(pod))), this);
    auto *boxLayout = new QVBoxLayout(box);
    boxLayout->addWidget(m_kind);
    boxLayout->addWidget(m_pages);
    boxLayout->addWidget(m_findings);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(box);

    connect(m_kind, &QComboBox::currentIndexChanged, this, [this](int index) {
        showPage(index);
        Q_EMIT changed();
    });
    showPage(0);
    connect(m_url, &QLineEdit::textChanged, this, &PodEndpointEditor::changed);
    connect(m_arn, &QLineEdit::textChanged, this, &PodEndpointEditor::changed);
}

submission::PodEndpoint PodEndpointEditor::endpoint() const
{
    submission::PodEndpoint endpoint;
    switch (Kind(m_kind->currentIndex())) {
    case Kind::None: break;
    case Kind::OneUrl: endpoint.url = trimmed(m_url).toStdString(); break;
    case Kind::PerFamily:
        for (const auto &[family, edit] : m_familyUrls)
            if (!trimmed(edit).isEmpty())
                endpoint.perFamily[family] = trimmed(edit).toStdString();
        break;
    case Kind::Lambda: endpoint.lambdaArn = trimmed(m_arn).toStdString(); break;
    }
    return endpoint;
}

void PodEndpointEditor::setEndpoint(const submission::PodEndpoint &endpoint)
{
    QSignalBlocker blocker(this); // one changed() at the end
    m_url->setText(fromStd(endpoint.url));
    for (const auto &[family, edit] : m_familyUrls) {
        const auto found = endpoint.perFamily.find(family);
        edit->setText(found == endpoint.perFamily.end() ? QString() : fromStd(found->second));
    }
    m_arn->setText(fromStd(endpoint.lambdaArn));
    const Kind kind = !endpoint.lambdaArn.empty()   ? Kind::Lambda
                      : !endpoint.perFamily.empty() ? Kind::PerFamily
                      : !endpoint.url.empty()       ? Kind::OneUrl
                                                    : Kind::None;
    m_kind->setCurrentIndex(int(kind));
    showPage(int(kind));
    blocker.unblock();
    Q_EMIT changed();
}

void PodEndpointEditor::showPage(int index)
{
    // A stacked widget is as tall as its tallest page; ignoring the hidden pages' size hints makes each
    // data centre's box as tall as what it shows (one line for a URL, four for per-type URLs).
    for (int page = 0; page < m_pages->count(); ++page) {
        const auto policy = page == index ? QSizePolicy::Preferred : QSizePolicy::Ignored;
        m_pages->widget(page)->setSizePolicy(policy, policy);
    }
    m_pages->setCurrentIndex(index);
    m_pages->adjustSize();
    m_pages->updateGeometry();
}

void PodEndpointEditor::showFindings(const protocol::Findings &findings)
{
    const bool error = protocol::hasErrors(findings);
    showMessage(m_findings, findingsText(findings), error);
    m_findings->setProperty("error", error);
}

EndpointsSection::EndpointsSection(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("endpointsSection"));
    auto *intro = new QLabel(tr("Where mParticle's data centres send your integration's traffic. HTTPS is required; a Lambda "
                                "function must be in the data centre's own AWS region."),
                             this);
    intro->setWordWrap(true);
    m_general = new QLabel(this);
    m_general->setTextFormat(Qt::PlainText);
    m_general->setObjectName(QStringLiteral("endpointsFindings"));
    m_general->setWordWrap(true);
    m_general->hide();

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_general);
    for (Pod pod : submission::allPods()) {
        auto *editor = new PodEndpointEditor(pod, this);
        m_editors[pod] = editor;
        layout->addWidget(editor);
        connect(editor, &PodEndpointEditor::changed, this, &EndpointsSection::revalidate);
    }
    m_permissionsLabel = new QLabel(tr("Let mParticle's AWS accounts (%1) invoke your function: run these once per ARN "
                                       "with credentials of the function's account:")
                                        .arg(QStringList{fromStd(submission::mparticleLambdaPrincipals[0]),
                                                         fromStd(submission::mparticleLambdaPrincipals[1])}
                                                 .join(QStringLiteral(", "))),
                                    this);
    m_permissionsLabel->setWordWrap(true);
    m_copyPermissions = new QPushButton(tr("&Copy commands"), this);
    m_copyPermissions->setObjectName(QStringLiteral("copyLambdaPermissions"));
    m_copyPermissions->setToolTip(tr("Put the aws lambda add-permission commands on the clipboard"));
    connect(m_copyPermissions, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_permissions->toPlainText() + u'\n'); });
    m_permissions = new QPlainTextEdit(this);
    m_permissions->setObjectName(QStringLiteral("lambdaPermissions"));
    m_permissions->setReadOnly(true);
    m_permissions->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_permissions->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_permissions->setMaximumHeight(120);
    layout->addWidget(m_permissionsLabel);
    layout->addWidget(m_permissions);
    layout->addWidget(m_copyPermissions, 0, Qt::AlignLeft);
    layout->addStretch();
    revalidate();
}

submission::Endpoints EndpointsSection::endpoints() const
{
    submission::Endpoints endpoints;
    for (const auto &[pod, editor] : m_editors) {
        submission::PodEndpoint endpoint = editor->endpoint();
        if (!endpoint.empty())
            endpoints[pod] = std::move(endpoint);
    }
    return endpoints;
}

void EndpointsSection::setEndpoint(Pod pod, const submission::PodEndpoint &endpoint)
{
    m_editors.at(pod)->setEndpoint(endpoint);
}

void EndpointsSection::revalidate()
{
    const submission::Endpoints current = endpoints();
    m_findings = submission::checkEndpoints(current);
    std::map<Pod, protocol::Findings> perPod;
    protocol::Findings general;
    for (const protocol::Finding &finding : m_findings) {
        // Pointers are "/US1", "/US1/event", "/EU1/lambda"; anything else concerns them all.
        const std::string pod = finding.pointer.size() > 1 ? finding.pointer.substr(1, finding.pointer.find('/', 1) - 1) : std::string();
        const auto parsed = submission::podFromName(pod);
        if (parsed && current.contains(*parsed))
            perPod[*parsed].push_back(finding);
        else
            general.push_back(finding);
    }
    for (const auto &[pod, editor] : m_editors)
        editor->showFindings(perPod[pod]);
    showMessage(m_general, findingsText(general), protocol::hasErrors(general));

    // Grouped per ARN under a shell comment naming its pods, so the text can be pasted as it is.
    QStringList commands;
    std::string lastArn;
    for (const submission::LambdaPermissionCommand &command : submission::lambdaPermissionCommands(current)) {
        if (command.arn != lastArn) {
            QStringList pods;
            for (Pod pod : command.pods)
                pods << fromStd(submission::podName(pod));
            commands << QStringLiteral("# %1: %2").arg(pods.join(QStringLiteral(", ")), fromStd(command.arn));
            lastArn = command.arn;
        }
        commands << fromStd(command.commandLine);
    }
    m_permissions->setPlainText(commands.join(u'\n'));
    m_permissions->setVisible(!commands.isEmpty());
    m_permissionsLabel->setVisible(!commands.isEmpty());
    m_copyPermissions->setVisible(!commands.isEmpty());
    Q_EMIT changed();
}

} // namespace fhw::gui
