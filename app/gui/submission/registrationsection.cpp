#include "registrationsection.h"

#include "safetextbrowser.h"
#include "submissionjob.h"
#include "submissiontext.h"

#include "protocol/messagetype.h"
#include "submission/registrationexport.h"
#include "tokens/tokenformat.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace fhw::gui {

using protocol::Json;
using submissiontext::fromStd;

struct RegistrationSection::Review
{
    std::uint64_t revision = 0;
    protocol::Findings findings;
    QString html;
};

namespace {

bool isRegistration(const Json &json)
{
    const auto type = json.is_object() ? json.find("type") : json.end();
    return json.is_object() && type != json.end() && type->is_string()
           && type->get<std::string>() == "module_registration_response";
}

} // namespace

RegistrationSection::RegistrationSection(QThreadPool *pool, QWidget *parent)
    : QWidget(parent)
    , m_pool(pool)
{
    setObjectName(QStringLiteral("registrationSection"));

    m_source = new QLabel(tr("No registration yet: take the embedded endpoint's, fetch it from your endpoint, or open a file."), this);

    m_source->setTextFormat(Qt::PlainText); // never rich text: it shows what files, URLs and keys say
    m_source->setObjectName(QStringLiteral("registrationSource"));
    m_source->setWordWrap(true);
    m_source->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_useEmbedded = new QPushButton(tr("From the &embedded endpoint"), this);
    m_useEmbedded->setObjectName(QStringLiteral("useEmbeddedRegistration"));
    m_useEmbedded->setToolTip(tr("The registration the embedded endpoint answers with (its Registration tab)"));
    m_fetch = new QPushButton(themedIcon("network-receive", QStyle::SP_ArrowDown, this), tr("&Fetch from your endpoint"), this);
    m_fetch->setObjectName(QStringLiteral("fetchRegistration"));
    m_fetch->setToolTip(tr("Sends a module_registration_request without authentication to the target's registration URL, as mParticle does"));
    m_open = new QPushButton(themedIcon("document-open", QStyle::SP_DialogOpenButton, this), tr("&Open file…"), this);
    m_open->setObjectName(QStringLiteral("openRegistration"));
    m_save = new QPushButton(themedIcon("document-save-as", QStyle::SP_DialogSaveButton, this), tr("&Save summary…"), this);
    m_save->setObjectName(QStringLiteral("saveRegistrationSummary"));
    m_save->setToolTip(tr("The registration as formatted JSON, or the summary for reviewers as Markdown or HTML"));

    m_busyLabel = new QLabel(this);

    m_busyLabel->setTextFormat(Qt::PlainText);
    m_busyBar = new QProgressBar(this);
    m_busyBar->setObjectName(QStringLiteral("registrationBusy"));
    m_busyBar->setRange(0, 0);
    m_busyBar->setMaximumWidth(120);
    m_busyBar->setTextVisible(false);
    m_busyLabel->hide();
    m_busyBar->hide();

    m_message = new QLabel(this);

    m_message->setTextFormat(Qt::PlainText);
    m_message->setObjectName(QStringLiteral("registrationMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    m_reviewLine = new QLabel(this);

    m_reviewLine->setTextFormat(Qt::PlainText);
    m_reviewLine->setObjectName(QStringLiteral("registrationReviewLine"));
    m_reviewLine->setWordWrap(true);

    m_findingsView = new QTreeWidget(this);
    m_findingsView->setObjectName(QStringLiteral("registrationFindings"));
    m_findingsView->setHeaderLabels({tr("Severity"), tr("Code"), tr("Finding")});
    m_findingsView->setRootIsDecorated(false);
    m_findingsView->setAlternatingRowColors(true);
    m_findingsView->setAccessibleName(tr("Registration review findings"));

    m_preview = new SafeTextBrowser(this);
    m_preview->setObjectName(QStringLiteral("registrationPreview"));
    m_preview->setAccessibleName(tr("Registration summary preview"));
    m_preview->setMinimumHeight(220);
    connect(m_preview, &SafeTextBrowser::linkClicked, this, [this](const QUrl &url) {
        m_preview->setToolTip(tr("Links are not opened here: %1").arg(url.toDisplayString()));
    });

    auto *buttons = new QHBoxLayout;
    for (QPushButton *button : {m_useEmbedded, m_fetch, m_open})
        buttons->addWidget(button);
    buttons->addStretch();
    buttons->addWidget(m_busyLabel);
    buttons->addWidget(m_busyBar);
    buttons->addWidget(m_save);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_findingsView);
    split->addWidget(m_preview);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 3);
    m_findingsView->hide(); // until the review finds something

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_source);
    layout->addLayout(buttons);
    layout->addWidget(m_message);
    layout->addWidget(m_reviewLine);
    layout->addWidget(split, 1);

    connect(m_useEmbedded, &QPushButton::clicked, this, &RegistrationSection::useEmbedded);
    connect(m_fetch, &QPushButton::clicked, this, &RegistrationSection::fetchFromPartner);
    connect(m_open, &QPushButton::clicked, this, &RegistrationSection::chooseFile);
    connect(m_save, &QPushButton::clicked, this, &RegistrationSection::saveSummary);
    m_useEmbedded->setEnabled(false);
    m_fetch->setEnabled(false);
    m_save->setEnabled(false);
    startReview();
}

void RegistrationSection::setEmbeddedProvider(std::function<Json()> provider)
{
    m_embedded = std::move(provider);
    m_useEmbedded->setEnabled(bool(m_embedded));
}

void RegistrationSection::setPartnerTargetProvider(std::function<transport::Target()> provider)
{
    m_partner = std::move(provider);
    m_fetch->setEnabled(bool(m_partner));
}

void RegistrationSection::setRegistration(const Json &registration, const QString &source)
{
    ++m_loadRevision; // an answer still on its way would overwrite what was chosen after it
    m_registration = registration;
    m_source->setText(source);
    m_save->setEnabled(isRegistration(registration));
    showError(QString());
    startReview();
    Q_EMIT changed();
}

void RegistrationSection::useEmbedded()
{
    if (!m_embedded)
        return;
    Json registration = m_embedded();
    if (!isRegistration(registration)) {
        showError(tr("The embedded endpoint's registration is not a module_registration_response (fix it in the "
                     "endpoint's Registration tab and apply it)."));
        return;
    }
    setRegistration(registration, tr("From the embedded endpoint's registration editor."));
}

void RegistrationSection::fetchFromPartner()
{
    if (!m_partner)
        return;
    const std::string url = m_partner().urlFor(protocol::MessageType::ModuleRegistrationRequest);
    if (url.empty()) {
        showError(tr("No URL for registration requests: set your endpoint's URL in the target bar."));
        return;
    }
    const std::uint64_t load = ++m_loadRevision;
    beginBusy(tr("Asking %1…").arg(fromStd(url)));
    showError(QString());
    submissionjob::run(this, m_pool,
                       [url, options = m_fetchOptions] { return submission::fetchRegistration(url, options); },
                       [this, load, url](std::expected<Json, Error> fetched) {
                           endBusy();
                           if (load == m_loadRevision)
                               finishLoad(std::move(fetched), tr("Fetched from %1 (a registration request without authentication).").arg(fromStd(url)));
                       });
}

void RegistrationSection::chooseFile()
{
    auto *dialog = new QFileDialog(this, tr("Open a registration response"), QDir::homePath(),
                                   tr("JSON files (*.json);;All files (*)"));
    dialog->setObjectName(QStringLiteral("openRegistrationDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    connect(dialog, &QFileDialog::fileSelected, this, &RegistrationSection::loadFile);
    dialog->open();
}

void RegistrationSection::loadFile(const QString &path)
{
    const std::uint64_t load = ++m_loadRevision;
    beginBusy(tr("Reading %1…").arg(QFileInfo(path).fileName()));
    showError(QString());
    submissionjob::run(this, m_pool,
                       [file = std::filesystem::path(path.toStdString())] { return submission::loadRegistrationFile(file); },
                       [this, load, path](std::expected<Json, Error> loaded) {
                           endBusy();
                           if (load == m_loadRevision)
                               finishLoad(std::move(loaded), tr("From the file %1.").arg(QDir::toNativeSeparators(path)));
                       });
}

void RegistrationSection::finishLoad(std::expected<Json, Error> loaded, const QString &source)
{
    if (!loaded) {
        showError(tr("The registration was not taken: %1").arg(errorText(loaded.error())));
        Q_EMIT loadFinished(false, m_message->text());
        return;
    }
    setRegistration(*loaded, source);
    Q_EMIT loadFinished(true, source);
}

void RegistrationSection::startReview()
{
    const std::uint64_t revision = ++m_revision;
    m_reviewLine->setText(tr("Reviewing…"));
    submissionjob::run(this, m_pool,
                       [revision, registration = m_registration] {
                           Review review{revision, {}, {}};
                           if (!isRegistration(registration))
                               return review;
                           review.findings = submission::reviewRegistration(registration);
                           review.html = fromStd(submission::registrationHtml(registration, review.findings));
                           return review;
                       },
                       [this](Review review) {
                           if (review.revision != m_revision)
                               return; // an older registration's
                           m_findings = std::move(review.findings);
                           submissiontext::fillFindings(m_findingsView, m_findings);
                           m_findingsView->setVisible(!m_findings.empty());
                           if (isRegistration(m_registration)) {
                               const auto count = [this](protocol::Severity severity) {
                                   return std::ranges::count(m_findings, severity, &protocol::Finding::severity);
                               };
                               const auto errors = count(protocol::Severity::Error);
                               const auto warnings = count(protocol::Severity::Warning);
                               m_reviewLine->setText(errors == 0 && warnings == 0
                                                         ? tr("mParticle's review finds nothing to change.")
                                                         : tr("mParticle's review: %n error(s)", nullptr, int(errors))
                                                               + tr(", %n warning(s).", nullptr, int(warnings)));
                           } else {
                               m_reviewLine->setText(m_registration.is_null() ? QString()
                                                                              : tr("Not a module_registration_response."));
                           }
                           m_preview->setHtml(review.html);
                           Q_EMIT reviewed();
                       });
}

void RegistrationSection::saveSummary()
{
    if (!isRegistration(m_registration))
        return;
    auto *dialog = new QFileDialog(this, tr("Save the registration"), QDir::home().filePath(QStringLiteral("registration.md")),
                                   tr("Markdown summary (*.md);;HTML summary (*.html);;Formatted JSON (*.json)"));
    dialog->setObjectName(QStringLiteral("saveRegistrationDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    connect(dialog, &QFileDialog::fileSelected, this, [this, dialog](const QString &path) {
        const QString filter = dialog->selectedNameFilter();
        const auto format = path.endsWith(QStringLiteral(".json")) || filter.contains(QStringLiteral("JSON"))
                                ? submission::ExportFormat::Json
                            : path.endsWith(QStringLiteral(".html")) || filter.contains(QStringLiteral("HTML"))
                                ? submission::ExportFormat::Html
                                : submission::ExportFormat::Markdown;
        beginBusy(tr("Saving…"));
        submissionjob::run(this, m_pool,
                           [registration = m_registration, findings = m_findings, format, path]() -> QString {
                               const std::string text = submission::exportRegistration(registration, format, findings);
                               QSaveFile file(path);
                               if (!file.open(QIODevice::WriteOnly) || file.write(text.data(), qint64(text.size())) != qint64(text.size())
                                   || !file.commit())
                                   return file.errorString();
                               return {};
                           },
                           [this, path](const QString &error) {
                               endBusy();
                               if (error.isEmpty())
                                   showMessage(m_message, tr("Saved %1.").arg(QDir::toNativeSeparators(path)), false);
                               else
                                   showError(tr("Not saved: %1: %2").arg(QDir::toNativeSeparators(path), error));
                           });
    });
    dialog->open();
}

void RegistrationSection::beginBusy(const QString &what)
{
    ++m_busy;
    m_busyLabel->setText(what);
    m_busyLabel->show();
    m_busyBar->show();
}

void RegistrationSection::endBusy()
{
    if (--m_busy > 0)
        return;
    m_busy = 0;
    m_busyLabel->hide();
    m_busyBar->hide();
}

void RegistrationSection::showError(const QString &text)
{
    showMessage(m_message, text, true);
}

} // namespace fhw::gui
