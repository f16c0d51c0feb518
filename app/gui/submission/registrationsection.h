#pragma once

#include "protocol/finding.h"
#include "protocol/json.h"
#include "submission/registrationsource.h"
#include "transport/target.h"

#include <QWidget>

#include <cstdint>
#include <functional>

class QLabel;
class QProgressBar;
class QPushButton;
class QThreadPool;
class QTreeWidget;

namespace fhw::gui {

class SafeTextBrowser;

// Section 1 of the Submission panel: the module_registration_response that goes into the bundle, taken
// from the embedded endpoint's editor, from the partner's endpoint (a registration request without
// authentication, as mParticle sends it) or from a file; mParticle's review findings beside a read-only
// preview of registration.html. Fetching, reading, reviewing and rendering run in the panel's pool.
class RegistrationSection : public QWidget
{
    Q_OBJECT

public:
    RegistrationSection(QThreadPool *pool, QWidget *parent = nullptr);

    void setEmbeddedProvider(std::function<protocol::Json()> provider);
    void setPartnerTargetProvider(std::function<transport::Target()> provider);
    void setFetchOptions(const submission::RegistrationFetchOptions &options) { m_fetchOptions = options; }

    // Takes `registration` as the bundle's (anything, so that a wrong one shows in the checklist).
    void setRegistration(const protocol::Json &registration, const QString &source);
    const protocol::Json &registration() const { return m_registration; }
    const protocol::Findings &findings() const { return m_findings; } // of the last finished review
    bool isBusy() const { return m_busy > 0; }
    SafeTextBrowser *preview() const { return m_preview; }

public Q_SLOTS:
    void useEmbedded();
    void fetchFromPartner();
    void chooseFile();
    void loadFile(const QString &path);
    void saveSummary();

Q_SIGNALS:
    void changed();                                 // a new registration (not reviewed yet)
    void reviewed();                                // findings and preview show the current registration
    void loadFinished(bool ok, const QString &message); // a fetch or a file, either way

private:
    struct Review;
    void startReview();
    void beginBusy(const QString &what);
    void endBusy();
    void showError(const QString &text);
    void finishLoad(std::expected<protocol::Json, Error> loaded, const QString &source);

    QThreadPool *m_pool;
    std::function<protocol::Json()> m_embedded;
    std::function<transport::Target()> m_partner;
    submission::RegistrationFetchOptions m_fetchOptions;
    protocol::Json m_registration;
    protocol::Findings m_findings;
    std::uint64_t m_revision = 0;
    std::uint64_t m_loadRevision = 0; // the fetch or file read whose answer is still wanted
    int m_busy = 0;

    QLabel *m_source;
    QLabel *m_message;
    QLabel *m_reviewLine;
    QLabel *m_busyLabel;
    QProgressBar *m_busyBar;
    QPushButton *m_useEmbedded;
    QPushButton *m_fetch;
    QPushButton *m_open;
    QPushButton *m_save;
    QTreeWidget *m_findingsView;
    SafeTextBrowser *m_preview;
};

} // namespace fhw::gui
