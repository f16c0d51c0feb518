#pragma once

#include "secrets/tokenstore.h"

#include <QString>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <vector>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace fhw::gui {

// The "Tokens" tab: the keychain's state, the stored tokens (name, data centre, redacted token, import date,
// key, signer, and whether the index and the keychain agree), and import / rename / change data centre /
// delete / reveal. Every keychain call runs in secretsThreadPool(); while the keychain is unusable (no
// session bus, no Secret Service, locked) the page says exactly why and every token action is disabled.
class TokensPage : public QWidget
{
    Q_OBJECT

public:
    TokensPage(QString gnupgHome, QString tokenIndexDir, QWidget *parent = nullptr);
    ~TokensPage() override;

    void checkKeychain(); // off-thread checkSecretService(); lists the tokens when it is usable
    void reload();
    // Opens the import dialog (loading `file` when given); refused with a message while the keychain is unusable.
    void openImport(const QString &file = {});
    QString selectedName() const;
    void selectName(const QString &name);
    bool keychainAvailable() const { return m_keychain == Keychain::Available; }
    bool isBusy() const { return m_busy > 0; }
    // How long Reveal shows a token (30 s; tests shorten it).
    void setRevealSeconds(int seconds) { m_revealSeconds = seconds; }

Q_SIGNALS:
    void tokensChanged();             // after an import, rename, data centre change or delete
    void reloaded();                  // the table shows what the keychain holds now (or the error)
    void keychainChecked(bool usable);

public Q_SLOTS:
    void renameSelected();
    void changeDataCenter();
    void deleteSelected();
    void revealSelected(); // asks first; shows the token for 30 s
    void hideRevealed();

protected:
    void hideEvent(QHideEvent *event) override;

private:
    enum class Keychain { Unknown, Available, Unavailable };
    const secrets::TokenListing *selectedListing() const;
    void fillTable(const std::vector<secrets::TokenListing> &listing);
    void runChange(const QString &what, std::function<std::expected<void, Error>(secrets::TokenStore &)> change,
                   const QString &selectAfter);
    void beginBusy(const QString &what);
    void endBusy();
    void updateActions();
    void tickReveal();

    QString m_home;
    QString m_indexDir;
    Keychain m_keychain = Keychain::Unknown;
    std::vector<secrets::TokenListing> m_listing;
    QString m_selectAfterReload;
    int m_busy = 0;
    QLabel *m_keychainStatus;
    QPushButton *m_recheck;
    QTableWidget *m_table;
    QLabel *m_empty;
    QLabel *m_message;
    QLabel *m_busyLabel;
    QProgressBar *m_busyBar;
    QPushButton *m_import;
    QPushButton *m_rename;
    QPushButton *m_dataCenter;
    QPushButton *m_delete;
    QPushButton *m_reveal;
    QPushButton *m_refresh;
    QWidget *m_revealRow;
    QLabel *m_revealLabel;
    QLineEdit *m_revealed;
    QString m_revealedText; // shares the field's characters, wiped when hidden
    QPushButton *m_hide;
    QTimer m_revealTimer;
    int m_revealLeft = 0;
    int m_revealSeconds = 30;
};

} // namespace fhw::gui
