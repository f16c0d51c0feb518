#include "createkeydialog.h"

#include "tokenformat.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace fhw::gui {

using secrets::KeySpec;

CreateKeyDialog::CreateKeyDialog(QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("createKeyDialog"));
    setWindowTitle(tr("Create an OpenPGP key"));

    auto *intro = new QLabel(tr("mParticle encrypts your integration's auth token to this key. Send them its "
                                "public key; keep the secret key here."),
                             this);
    intro->setObjectName(QStringLiteral("createKeyIntro"));
    intro->setWordWrap(true);

    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("keyNameEdit"));
    m_name->setPlaceholderText(tr("e.g. Acme Analytics"));
    m_email = new QLineEdit(this);
    m_email->setObjectName(QStringLiteral("keyEmailEdit"));
    m_email->setPlaceholderText(tr("e.g. integrations@acme.example"));

    m_algorithm = new QComboBox(this);
    m_algorithm->setObjectName(QStringLiteral("keyAlgorithmCombo"));
    m_algorithm->addItem(tr("ed25519 (signing) + cv25519 (encryption)"), QStringLiteral("ed25519"));
    m_algorithm->addItem(tr("rsa4096"), QStringLiteral("rsa4096"));
    m_slowNote = new QLabel(tr("Making an RSA 4096 key takes a few seconds."), this);
    m_slowNote->setObjectName(QStringLiteral("keySlowNote"));

    m_expires = new QCheckBox(tr("E&xpires after"), this);
    m_expires->setObjectName(QStringLiteral("keyExpiresCheck"));
    m_days = new QSpinBox(this);
    m_days->setObjectName(QStringLiteral("keyExpiryDays"));
    m_days->setRange(1, 36500);
    m_days->setValue(730);
    m_days->setSuffix(tr(" days"));
    auto *expiry = new QHBoxLayout;
    expiry->addWidget(m_expires);
    expiry->addWidget(m_days);
    expiry->addStretch();

    m_passphrase = new QLineEdit(this);
    m_passphrase->setObjectName(QStringLiteral("keyPassphraseEdit"));
    m_passphrase->setEchoMode(QLineEdit::Password);
    m_passphrase->setPlaceholderText(tr("optional"));
    m_repeat = new QLineEdit(this);
    m_repeat->setObjectName(QStringLiteral("keyPassphraseRepeatEdit"));
    m_repeat->setEchoMode(QLineEdit::Password);

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("createKeyProblem"));
    m_problem->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&E-mail:"), m_email);
    form->addRow(tr("&Algorithm:"), m_algorithm);
    form->addRow(QString(), m_slowNote);
    form->addRow(tr("Expiry:"), expiry);
    form->addRow(tr("&Passphrase:"), m_passphrase);
    form->addRow(tr("&Repeat passphrase:"), m_repeat);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->setObjectName(QStringLiteral("createKeyButtons"));
    m_create = buttons->button(QDialogButtonBox::Ok);
    m_create->setText(tr("&Create key"));
    m_create->setObjectName(QStringLiteral("createKeyOkButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);

    for (QLineEdit *edit : {m_name, m_email, m_passphrase, m_repeat})
        connect(edit, &QLineEdit::textChanged, this, &CreateKeyDialog::updateState);
    connect(m_algorithm, &QComboBox::currentIndexChanged, this, &CreateKeyDialog::updateState);
    connect(m_expires, &QCheckBox::toggled, this, &CreateKeyDialog::updateState);
    setTabChain({m_name, m_email, m_algorithm, m_expires, m_days, m_passphrase, m_repeat});
    updateState();
}

CreateKeyDialog::~CreateKeyDialog()
{
    (void)takeSecretText(m_passphrase);
    (void)takeSecretText(m_repeat);
}

void CreateKeyDialog::updateState()
{
    m_slowNote->setVisible(m_algorithm->currentData().toString() == QLatin1String("rsa4096"));
    m_days->setEnabled(m_expires->isChecked());

    QString problem;
    if (auto userId = secrets::makeUserId(m_name->text().trimmed().toStdString(),
                                                 m_email->text().trimmed().toStdString());
               !userId) {
        problem = qstr(userId.error().message);
    } else if (m_passphrase->text() != m_repeat->text()) {
        problem = tr("The two passphrases differ.");
    }
    // Nothing typed yet is not an error worth red text.
    const bool untouched = m_name->text().isEmpty() && m_email->text().isEmpty();
    showMessage(m_problem, untouched ? QString() : problem, true);
    m_create->setEnabled(problem.isEmpty());
}

KeySpec CreateKeyDialog::takeSpec()
{
    KeySpec spec;
    spec.name = m_name->text().trimmed().toStdString();
    spec.email = m_email->text().trimmed().toStdString();
    spec.algorithm = m_algorithm->currentData().toString() == QLatin1String("rsa4096") ? KeySpec::Algorithm::Rsa4096
                                                                                       : KeySpec::Algorithm::Ed25519Cv25519;
    spec.expiry = std::chrono::days(m_expires->isChecked() ? m_days->value() : 0);
    secrets::SecureBuffer passphrase = takeSecretText(m_passphrase);
    (void)takeSecretText(m_repeat);
    if (!passphrase.empty())
        spec.passphrase = std::move(passphrase);
    return spec;
}

} // namespace fhw::gui
