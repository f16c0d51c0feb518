#pragma once

#include "secrets/pgpkeys.h"

#include <QWidget>

#include <string>
#include <vector>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QThreadPool;

namespace fhw::gui {

// Section 3b: the armored public key mParticle encrypts the integration's token to: exported from one
// of your secret keys (PgpKeys, in the panel's pool), or pasted, or opened from a file. Checked as it
// comes (checkArmoredPublicKey: no gpg needed); a private key is refused, with the reason, and wiped
// from the field at once, so it never sits in the panel.
class PublicKeySection : public QWidget
{
    Q_OBJECT

public:
    PublicKeySection(QThreadPool *pool, QWidget *parent = nullptr);

    void setGnupgHome(const QString &home); // empty: GNUPGHOME or ~/.gnupg; reloads the keys when shown
    void setPublicKeyText(const QString &text);
    std::string publicKey() const { return m_key; } // never a private key
    QString refusal() const { return m_refusal; }  // why the last text was refused; empty if it was not
    const std::vector<secrets::KeyInfo> &keys() const { return m_keys; }
    bool isBusy() const { return m_busy > 0; }

public Q_SLOTS:
    void reload();
    void useSelectedKey();
    void chooseFile();
    void loadFile(const QString &path);

Q_SIGNALS:
    void changed();
    void keysReloaded();
    void refused(const QString &reason);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void textEdited();
    void beginBusy(const QString &what);
    void endBusy();

    QThreadPool *m_pool;
    QString m_home;
    std::vector<secrets::KeyInfo> m_keys;
    std::string m_key;
    QString m_refusal;
    bool m_loaded = false;
    int m_busy = 0;

    QComboBox *m_keyChoice;
    QPushButton *m_reload;
    QPushButton *m_use;
    QPushButton *m_open;
    QLabel *m_busyLabel;
    QProgressBar *m_busyBar;
    QPlainTextEdit *m_text;
    QLabel *m_status;
};

} // namespace fhw::gui
