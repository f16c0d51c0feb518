#pragma once

#include "protocol/json.h"
#include "readiness/conformancereport.h"
#include "readiness/loadresult.h"
#include "submission/bundle.h"
#include "submission/logocheck.h"
#include "submission/registrationsource.h"
#include "transport/target.h"

#include <QThreadPool>
#include <QTimer>
#include <QWidget>

#include <cstdint>
#include <functional>
#include <vector>

class QLabel;
class QProgressBar;
class QPushButton;
class QTabWidget;

namespace fhw::gui {

class ChecklistView;
class CookieSyncSection;
class EndpointsSection;
class LogoSection;
class PublicKeySection;
class RegistrationSection;
class ReportsSection;

// "Submission": everything a partner sends mParticle for review, gathered in one place and exported as
// one zip (core/submission/bundle.h): the registration with mParticle's review, the logo and its check,
// endpoints per data centre, the PGP public key, optional Cookie Sync answers, and the readiness reports.
// A checklist beside the sections (bundleChecklist) updates as they change; exporting past a blocking
// item needs words for the manifest; a secret among the inputs is always refused. Every slow step
// (fetching, the logo's renderer, gpg, the keychain, the zip) runs in the panel's own pool.
class SubmissionPanel : public QWidget
{
    Q_OBJECT

public:
    explicit SubmissionPanel(QWidget *parent = nullptr);
    ~SubmissionPanel() override; // waits for its jobs

    // The embedded endpoint's registration (its editor). Taken at once when no registration is chosen yet.
    void setEmbeddedRegistrationProvider(std::function<protocol::Json()> provider);
    // "Fetch from your endpoint" sends a registration request to this target's registration URL, without
    // authentication, as mParticle does.
    void setPartnerTargetProvider(std::function<transport::Target()> provider);
    void setConformanceReport(const readiness::ConformanceReport &report); // from the Readiness panel
    void setLoadResult(const readiness::LoadResult &result);
    void setRegistrationFetchOptions(const submission::RegistrationFetchOptions &options); // TLS, time-out
    void setLogoRenderOptions(const submission::RenderOptions &options);
    void setGnupgHome(const QString &home);                 // empty: GNUPGHOME or ~/.gnupg
    void setTokenIndexDirectory(const QString &directory); // TokenStore's index; empty: the default

    // The inputs as the sections hold them (without the keychain's tokens, which only the export reads).
    submission::BundleInputs inputs() const;
    const std::vector<submission::ChecklistItem> &checklist() const;
    bool isChecklistCurrent() const; // it shows the inputs as they are now
    bool isBusy() const;             // a section or the export has a job under way

    // For tests and scripting, as the sections' own controls do.
    void setRegistrationJson(const protocol::Json &registration);
    void setLogoFile(const QString &path);
    void setPublicKeyText(const QString &text);
    void setEndpoint(submission::Pod pod, const QString &urlOrArn); // "arn:…" is a Lambda; empty clears
    void setEndpoint(submission::Pod pod, const submission::PodEndpoint &endpoint);
    void setCookieSyncAnswers(const submission::CookieSyncAnswers &answers);
    // Starts writing the bundle (false: an export is under way). Ends in exported() or exportFailed().
    // A non-empty forceReason exports past a blocking checklist and is recorded in the manifest.
    bool exportTo(const QString &zipPath, const QString &forceReason = {});
    void verify(const QString &zipPath); // ends in verified()

    RegistrationSection *registrationSection() const { return m_registration; }
    LogoSection *logoSection() const { return m_logo; }
    EndpointsSection *endpointsSection() const { return m_endpoints; }
    PublicKeySection *publicKeySection() const { return m_publicKey; }
    CookieSyncSection *cookieSyncSection() const { return m_cookieSync; }
    ReportsSection *reportsSection() const { return m_reports; }
    ChecklistView *checklistView() const { return m_checklist; }

public Q_SLOTS:
    void exportInteractively(); // Export…: the confirmation when the checklist blocks, then a file dialog
    void showSection(const QString &checklistId);

Q_SIGNALS:
    void checklistUpdated();
    void exported(const QString &path);
    void exportFailed(const QString &message);
    void verified(bool ok, const QString &summary);

private:
    void inputsChanged();
    void startChecklist();
    void askExportPath(const QString &forceReason);
    void updateTabIcons();
    void showExportMessage(const QString &text, bool error);

    QThreadPool m_pool;
    RegistrationSection *m_registration;
    LogoSection *m_logo;
    EndpointsSection *m_endpoints;
    PublicKeySection *m_publicKey;
    CookieSyncSection *m_cookieSync;
    ReportsSection *m_reports;
    ChecklistView *m_checklist;
    QTabWidget *m_tabs;
    QPushButton *m_export;
    QPushButton *m_verify;
    QProgressBar *m_exportBusy;
    QLabel *m_exportMessage;

    QTimer m_checklistDelay;
    std::uint64_t m_inputsRevision = 0;
    std::uint64_t m_checklistRevision = 0; // of the inputs the checklist shows
    bool m_exporting = false;
    QString m_lastExport;
    QString m_tokenIndexDirectory;
};

} // namespace fhw::gui
