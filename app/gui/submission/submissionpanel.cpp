#include "submissionpanel.h"

#include "bundleexportjob.h"
#include "checklistview.h"
#include "cookiesyncsection.h"
#include "endpointssection.h"
#include "forceexportdialog.h"
#include "logosection.h"
#include "publickeysection.h"
#include "registrationsection.h"
#include "reportssection.h"
#include "submissionjob.h"
#include "submissiontext.h"

#include "tokens/tokenformat.h"

#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

namespace fhw::gui {

using submission::CheckStatus;
using submissiontext::fromStd;

namespace {

enum Tab { RegistrationTab, LogoTab, EndpointsTab, PublicKeyTab, CookieSyncTab, ReportsTab };

// Which tab holds what a checklist item is about.
int tabOf(const QString &id)
{
    if (id == u"registration-review")
        return RegistrationTab;
    if (id == u"logo")
        return LogoTab;
    if (id == u"endpoints")
        return EndpointsTab;
    if (id == u"public-key")
        return PublicKeyTab;
    if (id == u"cookie-sync")
        return CookieSyncTab;
    if (id == u"conformance" || id == u"latency")
        return ReportsTab;
    return -1;
}

QScrollArea *scrolled(QWidget *section, QWidget *parent)
{
    auto *area = new QScrollArea(parent);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    area->setWidget(section);
    return area;
}

// "Northwind Metrics" -> "northwind-metrics-submission.zip"
QString suggestedFileName(const protocol::Json &registration)
{
    const auto name = registration.is_object() ? registration.find("name") : registration.end();
    QString slug = registration.is_object() && name != registration.end() && name->is_string()
                       ? fromStd(name->get<std::string>()).toLower()
                       : QString();
    slug.replace(QRegularExpression(QStringLiteral("[^a-z0-9]+")), QStringLiteral("-"));
    slug = slug.mid(0, 60);
    while (slug.startsWith(u'-'))
        slug.remove(0, 1);
    while (slug.endsWith(u'-'))
        slug.chop(1);
    return (slug.isEmpty() ? QStringLiteral("integration") : slug) + QStringLiteral("-submission.zip");
}

} // namespace

SubmissionPanel::SubmissionPanel(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("submissionPanel"));
    m_pool.setObjectName(QStringLiteral("fhw-submission"));
    m_pool.setMaxThreadCount(4); // a fetch, a logo check, gpg and the checklist side by side

    m_registration = new RegistrationSection(&m_pool, this);
    m_logo = new LogoSection(&m_pool, this);
    m_endpoints = new EndpointsSection(this);
    m_publicKey = new PublicKeySection(&m_pool, this);
    m_cookieSync = new CookieSyncSection(this);
    m_reports = new ReportsSection(&m_pool, this);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("submissionTabs"));
    m_tabs->insertTab(RegistrationTab, scrolled(m_registration, m_tabs), tr("&Registration"));
    m_tabs->insertTab(LogoTab, scrolled(m_logo, m_tabs), tr("&Logo"));
    m_tabs->insertTab(EndpointsTab, scrolled(m_endpoints, m_tabs), tr("E&ndpoints"));
    m_tabs->insertTab(PublicKeyTab, scrolled(m_publicKey, m_tabs), tr("Public &key"));
    m_tabs->insertTab(CookieSyncTab, scrolled(m_cookieSync, m_tabs), tr("&Cookie Sync"));
    m_tabs->insertTab(ReportsTab, scrolled(m_reports, m_tabs), tr("Re&ports"));

    m_checklist = new ChecklistView(this);
    m_export = new QPushButton(themedIcon("document-export", QStyle::SP_DialogSaveButton, this), tr("&Export bundle…"), this);
    m_export->setObjectName(QStringLiteral("exportBundle"));
    m_export->setToolTip(tr("Writes the zip for mParticle's review: every file with its SHA-256 in manifest.json"));
    m_verify = new QPushButton(tr("&Verify"), this);
    m_verify->setObjectName(QStringLiteral("verifyBundle"));
    m_verify->setToolTip(tr("Reopens the bundle just written and checks every file against its manifest"));
    m_verify->hide();
    m_exportBusy = new QProgressBar(this);
    m_exportBusy->setObjectName(QStringLiteral("exportBusy"));
    m_exportBusy->setRange(0, 0);
    m_exportBusy->setMaximumWidth(100);
    m_exportBusy->setTextVisible(false);
    m_exportBusy->hide();
    m_exportMessage = new QLabel(this);
    m_exportMessage->setTextFormat(Qt::PlainText); // never rich text: it shows what files, URLs and keys say
    m_exportMessage->setObjectName(QStringLiteral("exportMessage"));
    m_exportMessage->setWordWrap(true);
    m_exportMessage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_exportMessage->hide();

    auto *side = new QWidget(this);
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(m_checklist, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_export);
    buttons->addWidget(m_exportBusy);
    buttons->addStretch();
    buttons->addWidget(m_verify);
    sideLayout->addLayout(buttons);
    sideLayout->addWidget(m_exportMessage);

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->setObjectName(QStringLiteral("submissionSplit"));
    split->addWidget(side);
    split->addWidget(m_tabs);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);
    side->setMinimumWidth(260);
    split->setSizes({340, 760});
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split);

    m_checklistDelay.setSingleShot(true);
    m_checklistDelay.setInterval(150); // typing in a URL field reviews once, after the last key
    connect(&m_checklistDelay, &QTimer::timeout, this, &SubmissionPanel::startChecklist);
    connect(m_registration, &RegistrationSection::changed, this, &SubmissionPanel::inputsChanged);
    connect(m_logo, &LogoSection::changed, this, &SubmissionPanel::inputsChanged);
    connect(m_endpoints, &EndpointsSection::changed, this, &SubmissionPanel::inputsChanged);
    connect(m_publicKey, &PublicKeySection::changed, this, &SubmissionPanel::inputsChanged);
    connect(m_cookieSync, &CookieSyncSection::changed, this, &SubmissionPanel::inputsChanged);
    connect(m_reports, &ReportsSection::changed, this, &SubmissionPanel::inputsChanged);
    connect(m_checklist, &ChecklistView::itemActivated, this, &SubmissionPanel::showSection);
    connect(m_export, &QPushButton::clicked, this, &SubmissionPanel::exportInteractively);
    connect(m_verify, &QPushButton::clicked, this, [this] {
        if (!m_lastExport.isEmpty())
            verify(m_lastExport);
    });
    inputsChanged();
}

SubmissionPanel::~SubmissionPanel()
{
    m_checklistDelay.stop();
    m_pool.waitForDone(); // the jobs own their inputs; their results are dropped with the sections
}

void SubmissionPanel::setEmbeddedRegistrationProvider(std::function<protocol::Json()> provider)
{
    m_registration->setEmbeddedProvider(std::move(provider));
    if (m_registration->registration().is_null())
        m_registration->useEmbedded();
}

void SubmissionPanel::setPartnerTargetProvider(std::function<transport::Target()> provider)
{
    m_registration->setPartnerTargetProvider(std::move(provider));
}

void SubmissionPanel::setConformanceReport(const readiness::ConformanceReport &report)
{
    m_reports->setConformanceReport(report);
}

void SubmissionPanel::setLoadResult(const readiness::LoadResult &result)
{
    m_reports->setLoadResult(result);
}

void SubmissionPanel::setRegistrationFetchOptions(const submission::RegistrationFetchOptions &options)
{
    m_registration->setFetchOptions(options);
}

void SubmissionPanel::setLogoRenderOptions(const submission::RenderOptions &options)
{
    m_logo->setRenderOptions(options);
}

void SubmissionPanel::setGnupgHome(const QString &home)
{
    m_publicKey->setGnupgHome(home);
}

void SubmissionPanel::setTokenIndexDirectory(const QString &directory)
{
    m_tokenIndexDirectory = directory;
}

submission::BundleInputs SubmissionPanel::inputs() const
{
    submission::BundleInputs inputs;
    inputs.registration = m_registration->registration();
    inputs.logo = m_logo->logoInputs();
    inputs.endpoints = m_endpoints->endpoints();
    inputs.publicKey = m_publicKey->publicKey();
    inputs.conformanceJson = m_reports->conformanceJson();
    inputs.conformanceJUnit = m_reports->conformanceJUnit();
    inputs.latencyJson = m_reports->latencyJson();
    const submission::CookieSyncAnswers answers = m_cookieSync->answers();
    if (answers.isFilled())
        inputs.cookieSync = answers;
    return inputs;
}

const std::vector<submission::ChecklistItem> &SubmissionPanel::checklist() const
{
    return m_checklist->items();
}

bool SubmissionPanel::isChecklistCurrent() const
{
    return m_checklistRevision == m_inputsRevision && !m_checklistDelay.isActive();
}

bool SubmissionPanel::isBusy() const
{
    return m_exporting || m_registration->isBusy() || m_logo->isBusy() || m_publicKey->isBusy() || m_reports->isBusy()
           || !isChecklistCurrent();
}

void SubmissionPanel::setRegistrationJson(const protocol::Json &registration)
{
    m_registration->setRegistration(registration, tr("Set directly."));
}

void SubmissionPanel::setLogoFile(const QString &path)
{
    m_logo->setLogoFile(path);
}

void SubmissionPanel::setPublicKeyText(const QString &text)
{
    m_publicKey->setPublicKeyText(text);
}

void SubmissionPanel::setEndpoint(submission::Pod pod, const QString &urlOrArn)
{
    submission::PodEndpoint endpoint;
    const QString trimmed = urlOrArn.trimmed();
    if (trimmed.startsWith(QStringLiteral("arn:")))
        endpoint.lambdaArn = trimmed.toStdString();
    else
        endpoint.url = trimmed.toStdString();
    setEndpoint(pod, endpoint);
}

void SubmissionPanel::setEndpoint(submission::Pod pod, const submission::PodEndpoint &endpoint)
{
    m_endpoints->setEndpoint(pod, endpoint);
}

void SubmissionPanel::setCookieSyncAnswers(const submission::CookieSyncAnswers &answers)
{
    m_cookieSync->setAnswers(answers);
}

void SubmissionPanel::inputsChanged()
{
    ++m_inputsRevision;
    m_checklistDelay.start();
}

void SubmissionPanel::startChecklist()
{
    submissionjob::run(this, &m_pool,
                       [revision = m_inputsRevision, inputs = inputs()] {
                           return std::pair{revision, submission::bundleChecklist(inputs)};
                       },
                       [this](std::pair<std::uint64_t, std::vector<submission::ChecklistItem>> result) {
                           if (result.first != m_inputsRevision)
                               return; // the inputs changed meanwhile; a newer run is coming
                           m_checklistRevision = result.first;
                           m_checklist->setItems(result.second);
                           updateTabIcons();
                           Q_EMIT checklistUpdated();
                       });
}

void SubmissionPanel::updateTabIcons()
{
    std::map<int, CheckStatus> worst;
    const auto rank = [](CheckStatus status) {
        switch (status) {
        case CheckStatus::Pass: return 1;
        case CheckStatus::NotRun: return 0;
        case CheckStatus::Warn: return 2;
        case CheckStatus::Missing: return 3;
        case CheckStatus::Fail: return 4;
        }
        return 0;
    };
    for (const submission::ChecklistItem &item : m_checklist->items()) {
        const int tab = tabOf(fromStd(item.id));
        if (tab >= 0 && (!worst.contains(tab) || rank(item.status) > rank(worst[tab])))
            worst[tab] = item.status;
    }
    for (const auto &[tab, status] : worst)
        m_tabs->setTabIcon(tab, submissiontext::statusIcon(status, palette()));
}

void SubmissionPanel::showSection(const QString &checklistId)
{
    const int tab = tabOf(checklistId);
    if (tab >= 0)
        m_tabs->setCurrentIndex(tab);
}

void SubmissionPanel::exportInteractively()
{
    if (m_exporting)
        return;
    std::vector<submission::ChecklistItem> blocking;
    for (const submission::ChecklistItem &item : m_checklist->items())
        if (item.blocksExport())
            blocking.push_back(item);
    if (blocking.empty()) {
        askExportPath({});
        return;
    }
    auto *dialog = new ForceExportDialog(blocking, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { askExportPath(dialog->reason()); });
    dialog->open();
}

void SubmissionPanel::askExportPath(const QString &forceReason)
{
    const QString folder = m_lastExport.isEmpty() ? QDir::homePath() : QFileInfo(m_lastExport).path();
    auto *dialog = new QFileDialog(this, tr("Export the submission bundle"),
                                   QDir(folder).filePath(suggestedFileName(m_registration->registration())),
                                   tr("Zip archives (*.zip)"));
    dialog->setObjectName(QStringLiteral("exportBundleDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setFileMode(QFileDialog::AnyFile);
    dialog->setDefaultSuffix(QStringLiteral("zip"));
    connect(dialog, &QFileDialog::fileSelected, this, [this, forceReason](const QString &path) { exportTo(path, forceReason); });
    dialog->open();
}

bool SubmissionPanel::exportTo(const QString &zipPath, const QString &forceReason)
{
    if (m_exporting || zipPath.isEmpty())
        return false;
    m_exporting = true;
    m_export->setEnabled(false);
    m_exportBusy->show();
    m_verify->hide();
    showExportMessage(tr("Writing the bundle…"), false);

    submission::BundleInputs bundle = inputs();
    if (!forceReason.trimmed().isEmpty())
        bundle.forceConfirmation = forceReason.trimmed().toStdString();
    submissionjob::run(this, &m_pool,
                       [bundle = std::move(bundle), zipPath, indexDirectory = m_tokenIndexDirectory]() mutable {
                           return exportBundle(std::move(bundle), zipPath, indexDirectory);
                       },
                       [this](BundleExportResult result) {
                           m_exporting = false;
                           m_export->setEnabled(true);
                           m_exportBusy->hide();
                           const QString path = QDir::toNativeSeparators(result.path);
                           if (result.refusal) {
                               // The core says which file or check, and why ("refused: …"); the secret itself never.
                               QString why = fromStd(result.refusal->message);
                               if (why.startsWith(QStringLiteral("refused: ")))
                                   why.remove(0, 9);
                               const QString message = tr("Nothing was written: %1 [%2]").arg(why, fromStd(result.refusal->code));
                               showExportMessage(message, true);
                               Q_EMIT exportFailed(message);
                               return;
                           }
                           m_lastExport = result.path;
                           QString message = result.forced ? tr("Wrote %1, past the failing checks (your reason is in the manifest).").arg(path)
                                                           : tr("Wrote %1.").arg(path);
                           if (!result.keychainNote.isEmpty())
                               message += QLatin1Char(' ') + result.keychainNote;
                           else if (result.tokensChecked > 0)
                               message += QLatin1Char(' ')
                                          + tr("None of your %n keychain token(s) is in it.", nullptr, result.tokensChecked);
                           showExportMessage(message, false);
                           m_verify->show();
                           Q_EMIT exported(result.path);
                       });
    return true;
}

void SubmissionPanel::verify(const QString &zipPath)
{
    m_verify->setEnabled(false);
    submissionjob::run(this, &m_pool, [path = zipPath.toStdString()] { return submission::verifyBundle(path); },
                       [this, zipPath](std::expected<submission::BundleVerification, Error> verification) {
                           m_verify->setEnabled(true);
                           const bool ok = verification && verification->ok();
                           const QString text = QDir::toNativeSeparators(zipPath) + QStringLiteral(": ") + verificationText(verification);
                           showExportMessage(text, !ok);
                           Q_EMIT verified(ok, text);
                       });
}

void SubmissionPanel::showExportMessage(const QString &text, bool error)
{
    showMessage(m_exportMessage, text, error);
}

} // namespace fhw::gui
