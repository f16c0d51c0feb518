#pragma once

#include "secrets/tokendecryptor.h"

#include <QDialog>

class QLineEdit;

namespace fhw::gui {

// Asks for the passphrase of a protected secret key: names the key (ID and user ID) and says when the
// previous attempt was wrong. The field is in password mode; what was typed is handed over once, as a
// SecureBuffer, and the field is wiped (also when the dialog is cancelled or destroyed).
class PassphraseDialog : public QDialog
{
    Q_OBJECT

public:
    explicit PassphraseDialog(const secrets::PassphrasePrompt &prompt, QWidget *parent = nullptr);
    ~PassphraseDialog() override;

    // The passphrase as UTF-8; empties the field.
    secrets::SecureBuffer takePassphrase();

private:
    QLineEdit *m_edit;
};

// A provider for TokenDecryptor that asks with a PassphraseDialog over `parent` (may be null: the active
// window). Callable from any thread: on a worker it shows the dialog on the GUI thread and waits for the
// answer there (the GUI thread keeps running its event loop); on the GUI thread it runs the dialog itself.
// Cancelling, or `parent` going away while a worker waits, answers nullopt (TokenDecryptor: pgp.cancelled).
secrets::PassphraseProvider guiPassphraseProvider(QWidget *parent);

} // namespace fhw::gui
