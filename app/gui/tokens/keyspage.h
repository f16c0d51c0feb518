#pragma once

#include "secrets/pgpkeys.h"

#include <QString>
#include <QWidget>

#include <vector>

class QAction;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace fhw::gui {

// The "Keys" tab: the secret keys of a GnuPG home (fingerprint, user ID, algorithm, dates, state) and what a
// partner does with them: create one, export or copy its public key for mParticle, copy its fingerprint.
// All GPGME calls run in secretsThreadPool(); while one runs the page shows it is busy.
class KeysPage : public QWidget
{
    Q_OBJECT

public:
    explicit KeysPage(QString gnupgHome, QWidget *parent = nullptr);

    void reload();
    // Fingerprint of the selected key (empty: none).
    QString selectedFingerprint() const;
    const std::vector<secrets::KeyInfo> &keys() const { return m_keys; }
    // Writes the armored public key of `fingerprint` to `path` (QSaveFile), off the GUI thread.
    void exportPublicKey(const QString &fingerprint, const QString &path);
    bool isBusy() const { return m_busy > 0; }

Q_SIGNALS:
    void reloaded(); // the table shows the keys now in the home (or the error why not)
    void keyCreated(const QString &fingerprint);
    void publicKeyExported(const QString &path);
    void publicKeyCopied();

public Q_SLOTS:
    void createKey();
    void chooseExportFile();
    void copyPublicKey();
    void copyFingerprint();

private:
    void fillTable(const std::vector<secrets::KeyInfo> &keys);
    void beginBusy(const QString &what);
    void endBusy();
    void updateActions();
    void showError(const QString &text);
    void showInfo(const QString &text);

    QString m_home; // empty: GNUPGHOME or ~/.gnupg
    std::vector<secrets::KeyInfo> m_keys;
    QString m_selectAfterReload; // a key just created
    int m_busy = 0;
    QTableWidget *m_table;
    QLabel *m_homeLabel;
    QLabel *m_empty;
    QLabel *m_message;
    QLabel *m_busyLabel;
    QProgressBar *m_busyBar;
    QPushButton *m_create;
    QPushButton *m_export;
    QPushButton *m_copyKey;
    QPushButton *m_copyFingerprint;
    QPushButton *m_refresh;
    QAction *m_copyFingerprintAction;
};

} // namespace fhw::gui
