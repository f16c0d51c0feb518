#pragma once

#include "endpoint/endpoint.h"
#include "protocol/finding.h"
#include "protocol/json.h"

#include <QFutureWatcher>
#include <QTimer>
#include <QWidget>

#include <cstdint>
#include <optional>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace fhw::gui {

// The module_registration_response the endpoint answers with, as editable JSON, beside the findings
// of mParticle's registration review (Validator + RegistrationReview, strict), run on a worker
// thread a moment after the last keystroke. Apply puts the document into the endpoint's config
// (config.registrationResponse) — only when it parses; review findings do not block it, so a
// deliberately broken registration can be served. "Reset to default" restores
// endpoint::defaultRegistration(); "Load from file…" reads a file off-thread. Both are undoable.
class RegistrationEditor : public QWidget
{
    Q_OBJECT

public:
    explicit RegistrationEditor(endpoint::Endpoint &endpoint, QWidget *parent = nullptr);
    ~RegistrationEditor() override;

    QString text() const;
    void setText(const QString &json); // replaces the document, undoable; reviews it
    void resetToDefault();
    void loadFile(const QString &path);
    bool apply(); // false when the current document is not (yet) known to parse

    bool isReviewPending() const;
    bool canApply() const;
    protocol::Findings findings() const { return m_findings; }

    static QString defaultText(); // endpoint::defaultRegistration() with indent 2

Q_SIGNALS:
    void reviewed(int errors, int warnings);
    void applied();

private:
    struct Review
    {
        std::uint64_t revision = 0;
        std::optional<protocol::Json> json; // when it parses
        protocol::Findings findings;
        int line = 0; // of a parse error, 1-based
        int column = 0;
    };
    static Review runReview(std::uint64_t revision, const std::string &text);

    void scheduleReview();
    void startReview();
    void showReview();
    void chooseFile();
    void moveCursorTo(QTreeWidgetItem *item);
    void updateState();

    endpoint::Endpoint &m_endpoint;
    QPlainTextEdit *m_editor;
    QTreeWidget *m_findingsView;
    QLabel *m_status;
    QPushButton *m_apply;
    QPushButton *m_reset;
    QPushButton *m_load;
    QTimer m_debounce;
    QFutureWatcher<Review> m_watcher;
    QFutureWatcher<std::expected<std::string, Error>> m_fileWatcher;
    std::uint64_t m_revision = 0;    // of the document, bumped by every edit
    Review m_review;                 // the last finished review (maybe of an older revision)
    protocol::Findings m_findings;
    bool m_rerun = false;
    std::optional<std::uint64_t> m_appliedRevision;
    QString m_fileError;
};

} // namespace fhw::gui
