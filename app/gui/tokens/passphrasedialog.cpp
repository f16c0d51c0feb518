#include "passphrasedialog.h"

#include "tokenformat.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QThread>
#include <QVBoxLayout>

#include <future>
#include <memory>

namespace fhw::gui {

using secrets::PassphrasePrompt;
using secrets::SecureBuffer;

PassphraseDialog::PassphraseDialog(const PassphrasePrompt &prompt, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("passphraseDialog"));
    setWindowTitle(tr("Passphrase for your OpenPGP key"));

    auto *text = new QLabel(this);
    text->setObjectName(QStringLiteral("passphrasePrompt"));
    text->setTextFormat(Qt::PlainText);
    text->setWordWrap(true);
    const QString who = prompt.userId.empty() ? tr("(no user ID)") : qstr(prompt.userId);
    text->setText(tr("The encrypted token can only be opened with your secret key\n%1\nkey ID %2\n\n"
                     "Enter the passphrase that protects it.")
                      .arg(who, qstr(prompt.keyId)));

    auto *bad = new QLabel(tr("That passphrase was wrong. Try again."), this);
    bad->setObjectName(QStringLiteral("passphraseBadLabel"));
    showMessage(bad, prompt.previousWasBad ? bad->text() : QString(), true);

    m_edit = new QLineEdit(this);
    m_edit->setObjectName(QStringLiteral("passphraseEdit"));
    m_edit->setEchoMode(QLineEdit::Password);
    m_edit->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhSensitiveData | Qt::ImhNoPredictiveText);
    auto *fieldLabel = new QLabel(tr("&Passphrase:"), this);
    fieldLabel->setBuddy(m_edit);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->setObjectName(QStringLiteral("passphraseButtons"));
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Unlock"));
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("passphraseOkButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *field = new QHBoxLayout;
    field->addWidget(fieldLabel);
    field->addWidget(m_edit, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(text);
    layout->addWidget(bad);
    layout->addLayout(field);
    layout->addWidget(buttons);
    m_edit->setFocus();
}

PassphraseDialog::~PassphraseDialog()
{
    (void)takePassphrase(); // wipes what is left in the field
}

SecureBuffer PassphraseDialog::takePassphrase()
{
    return takeSecretText(m_edit);
}

namespace {

using Answer = std::optional<SecureBuffer>;

QWidget *dialogParent(const QPointer<QWidget> &parent, bool hadParent)
{
    if (hadParent)
        return parent.data();
    return QApplication::activeWindow();
}

} // namespace

secrets::PassphraseProvider guiPassphraseProvider(QWidget *parent)
{
    const QPointer<QWidget> guarded(parent);
    const bool hadParent = parent != nullptr;
    return [guarded, hadParent](const PassphrasePrompt &prompt) -> Answer {
        QCoreApplication *app = QCoreApplication::instance();
        if (!app)
            return std::nullopt;
        if (QThread::currentThread() == app->thread()) {
            // Already on the GUI thread: nothing to wait for but the dialog itself.
            if (hadParent && !guarded)
                return std::nullopt;
            PassphraseDialog dialog(prompt, dialogParent(guarded, hadParent));
            if (dialog.exec() != QDialog::Accepted)
                return std::nullopt;
            return dialog.takePassphrase();
        }

        // The promise travels with the functors below; if they are destroyed unanswered (the queued call
        // dropped at shutdown, the dialog deleted with its parent) the future reports a broken promise,
        // which is a cancel. The GUI thread never blocks: the dialog is opened, not exec'd.
        auto reply = std::make_shared<std::promise<Answer>>();
        std::future<Answer> answer = reply->get_future();
        QMetaObject::invokeMethod(app, [reply, guarded, hadParent, prompt] {
            if (hadParent && !guarded) {
                reply->set_value(std::nullopt);
                return;
            }
            auto *dialog = new PassphraseDialog(prompt, dialogParent(guarded, hadParent));
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            dialog->setWindowModality(dialog->parentWidget() ? Qt::WindowModal : Qt::ApplicationModal);
            QObject::connect(dialog, &QDialog::finished, dialog, [dialog, reply](int result) {
                try {
                    reply->set_value(result == QDialog::Accepted ? Answer(dialog->takePassphrase()) : std::nullopt);
                } catch (const std::future_error &) {
                    // answered already (finished twice)
                }
            });
            dialog->open();
        }, Qt::QueuedConnection);

        using namespace std::chrono_literals;
        while (answer.wait_for(200ms) != std::future_status::ready) {
            if (hadParent && guarded.isNull())
                return std::nullopt; // the window that asked is gone
        }
        try {
            return answer.get();
        } catch (const std::future_error &) {
            return std::nullopt;
        }
    };
}

} // namespace fhw::gui
