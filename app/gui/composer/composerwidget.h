#pragma once

#include "validationtask.h"

#include "protocol/finding.h"
#include "protocol/json.h"
#include "protocol/messagetype.h"

#include <QHash>
#include <QTimer>
#include <QWidget>

#include <cstdint>
#include <memory>
#include <optional>

class QCheckBox;
class QLabel;
class QSpinBox;
class QStackedWidget;
class QTabWidget;
class QTreeView;

namespace fhw::gui {

class FindingsModel;
class FormPage;
class JsonEditor;
class NoFormPage;

// The request composer: a "Form" tab for what people edit most and a "JSON" tab (editor and
// findings), kept in sync, under a Generate bar (seed, event count, verification variant).
//
// The text is the truth. A form edit changes the parsed message and rewrites the text (dump(2), in
// place where it differs, one undo step); a text edit that parses updates the form; while the text
// does not parse, the form is disabled and says why. Validation is debounced (250 ms after the last
// edit) and runs on a worker: the text is copied, parsed, validated and its findings located there;
// a result for text that has changed since is dropped (generation counter).
class ComposerWidget : public QWidget
{
    Q_OBJECT

public:
    explicit ComposerWidget(QWidget *parent = nullptr);
    ~ComposerWidget() override;

    void setMessageType(protocol::MessageType requestType); // switches the form; keeps text if same type
    protocol::MessageType messageType() const { return m_type; }
    void setText(const QString &json); // replaces the document (undoable), revalidates at once
    QString text() const;              // the JSON as edited
    // Fills with Generator output. Up to 1,000 events synchronously; more on a worker (text() then
    // changes when the document has been built, and validated follows).
    void generate(std::uint64_t seed, int eventCount, bool verification);
    void setProfile(protocol::Profile profile);
    protocol::Profile profile() const { return m_profile; }
    int errorCount() const;   // errors of the last validation (0 also while pending)
    int warningCount() const; // likewise
    bool isValidationPending() const;
    QList<LocatedFinding> findings() const; // of the last validation
    void formatDocument(); // pretty-print (off-thread for big docs); a document that does not parse is left alone
    void validateNow();    // without waiting for the debounce

    JsonEditor *editor() const { return m_editor; }
    void showForm();
    void showJson();
    // Moves the editor's cursor to where a JSON Pointer points and shows the JSON tab.
    void showPointer(const QString &pointer);

Q_SIGNALS:
    void textChanged();
    void validated(int errors, int warnings); // after each (debounced, off-thread) validation
    void sendRequested();                     // Ctrl+Enter inside the editors
    void formatted(bool changed); // after formatDocument(): false when it did not parse or nothing changed

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void onEditorTextChanged();
    void onLoadStarted();
    void onLoadFinished();
    void startValidation();
    void onValidated(ValidationOutcome outcome);
    void apply(const ValidationOutcome &outcome);
    void onFormEdited();
    void writeFormText(const QString &text, quint64 startedAt);
    void setFormState(const QString &note, bool enabled);
    void updateStatus();
    void showNote(const QString &note);
    void replaceMessage(std::shared_ptr<protocol::Json> message);
    FormPage *pageFor(protocol::MessageType type) const;

    protocol::MessageType m_type = protocol::MessageType::EventProcessingRequest;
    protocol::Profile m_profile = protocol::Profile::Strict;

    QTabWidget *m_tabs;
    JsonEditor *m_editor;
    QTreeView *m_findingsView;
    FindingsModel *m_findings;
    QStackedWidget *m_pages;
    QHash<int, FormPage *> m_pageByType;
    NoFormPage *m_noForm;
    QLabel *m_formNote;
    QLabel *m_status;
    QLabel *m_note;
    QSpinBox *m_seed;
    QSpinBox *m_eventCount;
    QCheckBox *m_verification;
    QTimer m_debounce;
    QTimer m_noteTimer;

    std::shared_ptr<protocol::Json> m_message; // what the form shows and edits
    quint64 m_generation = 1;                  // bumped by every change of the text
    quint64 m_validatedGeneration = 0;
    quint64 m_formGeneration = 0; // the text the form itself wrote: its result does not reload the form
    quint64 m_generateSerial = 0;
    bool m_validationRunning = false;
    bool m_validationQueued = false;
    bool m_applyingForm = false;
    bool m_formLoadPending = false; // a form edit started a (large) load; its generation is the form's
    std::optional<ValidationOutcome> m_held; // arrived while the editor was still loading
    int m_errors = 0;
    int m_warnings = 0;
    QString m_parseError;
};

} // namespace fhw::gui
