#pragma once

#include "secrets/pgpkeys.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace fhw::gui {

// Asks for what a new key needs: name, e-mail, algorithm (ed25519/cv25519, or rsa4096), expiry (never, or
// after N days) and an optional passphrase, typed twice. "Create" is enabled only for a usable user ID and
// matching passphrases. The key itself is made by the caller, off the GUI thread.
class CreateKeyDialog : public QDialog
{
    Q_OBJECT

public:
    explicit CreateKeyDialog(QWidget *parent = nullptr);
    ~CreateKeyDialog() override;

    // What was entered; takes (and wipes) the passphrase fields.
    secrets::KeySpec takeSpec();

private:
    void updateState();

    QLineEdit *m_name;
    QLineEdit *m_email;
    QComboBox *m_algorithm;
    QCheckBox *m_expires;
    QSpinBox *m_days;
    QLineEdit *m_passphrase;
    QLineEdit *m_repeat;
    QLabel *m_slowNote;
    QLabel *m_problem;
    QPushButton *m_create;
};

} // namespace fhw::gui
