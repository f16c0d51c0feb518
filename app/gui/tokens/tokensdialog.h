#pragma once

#include <QDialog>
#include <QString>

class QTabWidget;

namespace fhw::gui {

class KeysPage;
class TokensPage;

// Keys and tokens: the partner's OpenPGP keys (create, export the public key for mParticle) and the auth
// tokens in the OS keychain (import the encrypted token mParticle sent, rename, data centre, delete). All
// GPGME and keychain work runs off the GUI thread. An .asc/.gpg/.pgp/.txt file dropped on the dialog
// opens the import with it.
class TokensDialog : public QDialog
{
    Q_OBJECT

public:
    // Empty gnupgHome: GNUPGHOME, else ~/.gnupg. Empty tokenIndexDir: secrets::defaultTokenIndexDirectory().
    explicit TokensDialog(QWidget *parent = nullptr, QString gnupgHome = {}, QString tokenIndexDir = {});

    KeysPage *keysPage() const { return m_keys; }
    TokensPage *tokensPage() const { return m_tokens; }
    void showKeys();
    void showTokens();

Q_SIGNALS:
    void tokensChanged(); // after an import, rename, data centre change or delete

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    QTabWidget *m_tabs;
    KeysPage *m_keys;
    TokensPage *m_tokens;
};

} // namespace fhw::gui
