#pragma once

#include "common/error.h"
#include "secrets/tokendecryptor.h"

#include <QByteArray>
#include <QDialog>
#include <QStringList>

#include <optional>
#include <string>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;

namespace fhw::gui {

// What one import did, for the dialog to show (never the token).
struct TokenImportOutcome
{
    std::optional<Error> error{};
    std::string recipientFingerprint{}; // the key that opened it (empty: not decrypted)
    std::optional<secrets::SignatureInfo> signature{};
    std::vector<std::string> warnings{}; // the decryptor's, then checkToken's
    std::string redacted{};              // "Token ••••abcd" once decrypted
};

// Imports the token mParticle e-mailed: the armored PGP message pasted, read from a file (chosen or dropped:
// .asc, .gpg, .pgp, .txt; binary OpenPGP too), a name (validated as typed) and a data centre. Decrypts with
// TokenDecryptor (asking for a passphrase with PassphraseDialog), checks the token, stores it in the keychain
// (replacing a token of that name only when ticked) and shows the signature, warnings and errors inline.
// All of it runs off the GUI thread; the dialog cannot be closed while it runs.
class TokenImportDialog : public QDialog
{
    Q_OBJECT

public:
    TokenImportDialog(QString gnupgHome, QString tokenIndexDir, QStringList existingNames, QWidget *parent = nullptr);

    void setMessage(const QString &armored);
    void loadFile(const QString &path); // off-thread, capped at 1 MiB
    bool isBusy() const { return m_busy; }
    static bool isImportableFile(const QString &path);

    void reject() override; // ignored while an import runs

Q_SIGNALS:
    void imported(const QString &name);
    void fileLoaded(const QString &path); // or failed to load: the error is shown

public Q_SLOTS:
    void startImport();
    void chooseFile();

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void finishImport(TokenImportOutcome outcome);
    void setBinary(const QByteArray &bytes, const QString &path);
    void setBusy(bool busy, const QString &what = {});
    void updateState();

    QString m_home;
    QString m_indexDir;
    QStringList m_existing;
    QByteArray m_binary; // a binary OpenPGP file, which the text field cannot hold
    bool m_busy = false;
    bool m_done = false;
    QPlainTextEdit *m_message;
    QLabel *m_source;
    QPushButton *m_clearFile;
    QPushButton *m_chooseFile;
    QLineEdit *m_name;
    QLabel *m_nameProblem;
    QComboBox *m_dataCenter;
    QCheckBox *m_replace;
    QLabel *m_busyLabel;
    QProgressBar *m_busyBar;
    QLabel *m_error;
    QLabel *m_result;
    QPushButton *m_import;
    QPushButton *m_close;
};

} // namespace fhw::gui
