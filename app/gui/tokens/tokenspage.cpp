#include "tokenspage.h"

#include "secretsjob.h"
#include "tokenformat.h"
#include "tokenimportdialog.h"

#include "secrets/secretservice.h"

#include <QAction>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace fhw::gui {

using secrets::TokenListing;
using secrets::TokenStore;

namespace {

enum Column { NameColumn, DataCenterColumn, TokenColumn, StateColumn, ImportedColumn, SignerColumn, KeyColumn, ColumnCount };

QTableWidgetItem *item(const QString &text)
{
    auto *cell = new QTableWidgetItem(text);
    cell->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    return cell;
}

QString importedText(const std::string &iso)
{
    const QDateTime at = QDateTime::fromString(qstr(iso), Qt::ISODate);
    return at.isValid() ? at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : qstr(iso);
}

// A new name for a token, checked as it is typed.
class RenameTokenDialog : public QDialog
{
public:
    RenameTokenDialog(const QString &current, QStringList taken, QWidget *parent)
        : QDialog(parent)
        , m_current(current)
        , m_taken(std::move(taken))
    {
        setObjectName(QStringLiteral("renameTokenDialog"));
        setWindowTitle(tr("Rename token"));
        m_edit = new QLineEdit(current, this);
        m_edit->setObjectName(QStringLiteral("newTokenNameEdit"));
        m_edit->selectAll();
        auto *label = new QLabel(tr("New &name for '%1':").arg(current), this);
        label->setBuddy(m_edit);
        m_problem = new QLabel(this);
        m_problem->setObjectName(QStringLiteral("newTokenNameProblem"));
        m_problem->setWordWrap(true);
        m_problem->hide();
        auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
        m_ok = buttons->button(QDialogButtonBox::Ok);
        m_ok->setText(tr("&Rename"));
        m_ok->setObjectName(QStringLiteral("renameOkButton"));
        connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
        connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
        connect(m_edit, &QLineEdit::textChanged, this, [this] { check(); });
        auto *layout = new QVBoxLayout(this);
        layout->addWidget(label);
        layout->addWidget(m_edit);
        layout->addWidget(m_problem);
        layout->addWidget(buttons);
        check();
    }

    QString name() const { return m_edit->text(); }

private:
    void check()
    {
        const QString name = m_edit->text();
        QString problem;
        if (name.isEmpty() || name == m_current)
            problem = QString();
        else if (auto valid = TokenStore::validateName(name.toStdString()); !valid)
            problem = qstr(valid.error().message);
        else if (m_taken.contains(name))
            problem = tr("A token named '%1' already exists.").arg(name);
        showMessage(m_problem, problem, true);
        m_ok->setEnabled(problem.isEmpty() && !name.isEmpty() && name != m_current);
    }

    QString m_current;
    QStringList m_taken;
    QLineEdit *m_edit;
    QLabel *m_problem;
    QPushButton *m_ok;
};

QMessageBox *confirmation(QWidget *parent, const QString &objectName, const QString &title, const QString &text,
                          const QString &yesText)
{
    auto *box = new QMessageBox(QMessageBox::Question, title, text, QMessageBox::Yes | QMessageBox::Cancel, parent);
    box->setObjectName(objectName);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->button(QMessageBox::Yes)->setText(yesText);
    box->setDefaultButton(QMessageBox::Cancel);
    return box;
}

} // namespace

TokensPage::TokensPage(QString gnupgHome, QString tokenIndexDir, QWidget *parent)
    : QWidget(parent)
    , m_home(std::move(gnupgHome))
    , m_indexDir(std::move(tokenIndexDir))
{
    setObjectName(QStringLiteral("tokensPage"));

    m_keychainStatus = new QLabel(tr("Checking the keychain…"), this);
    m_keychainStatus->setObjectName(QStringLiteral("keychainStatus"));
    m_keychainStatus->setWordWrap(true);
    m_keychainStatus->setTextFormat(Qt::PlainText);
    m_keychainStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_recheck = new QPushButton(tr("Check &again"), this);
    m_recheck->setObjectName(QStringLiteral("recheckKeychainButton"));
    m_recheck->hide();

    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setObjectName(QStringLiteral("tokensTable"));
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Data centre"), tr("Token"), tr("State"), tr("Imported"),
                                        tr("Signer"), tr("Key")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);

    m_empty = new QLabel(tr("No tokens yet. Send mParticle your public key (Keys tab); import the encrypted token "
                            "they e-mail back with Import…, or drop its .asc file here."),
                         this);
    m_empty->setObjectName(QStringLiteral("tokensEmptyHint"));
    m_empty->setWordWrap(true);
    m_empty->hide();

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("tokensMessage"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    m_busyLabel = new QLabel(this);
    m_busyLabel->setObjectName(QStringLiteral("tokensBusyLabel"));
    m_busyBar = new QProgressBar(this);
    m_busyBar->setObjectName(QStringLiteral("tokensBusy"));
    m_busyBar->setRange(0, 0);
    m_busyBar->setTextVisible(false);
    m_busyBar->setMaximumWidth(160);
    m_busyLabel->hide();
    m_busyBar->hide();

    m_import = new QPushButton(themedIcon("document-import", QStyle::SP_DialogOpenButton, this), tr("&Import…"), this);
    m_import->setObjectName(QStringLiteral("importTokenButton"));
    m_rename = new QPushButton(tr("Re&name…"), this);
    m_rename->setObjectName(QStringLiteral("renameTokenButton"));
    m_dataCenter = new QPushButton(tr("Data &centre…"), this);
    m_dataCenter->setObjectName(QStringLiteral("dataCenterButton"));
    m_delete = new QPushButton(themedIcon("edit-delete", QStyle::SP_TrashIcon, this), tr("&Delete…"), this);
    m_delete->setObjectName(QStringLiteral("deleteTokenButton"));
    m_reveal = new QPushButton(tr("Re&veal…"), this);
    m_reveal->setObjectName(QStringLiteral("revealTokenButton"));
    m_refresh = new QPushButton(themedIcon("view-refresh", QStyle::SP_BrowserReload, this), tr("Re&load"), this);
    m_refresh->setObjectName(QStringLiteral("reloadTokensButton"));

    const auto addAction = [this](const QString &text, const char *name, QKeySequence key, auto slot) {
        auto *action = new QAction(text, m_table);
        action->setObjectName(QLatin1String(name));
        action->setShortcut(key);
        action->setShortcutContext(Qt::WidgetShortcut);
        connect(action, &QAction::triggered, this, slot);
        m_table->addAction(action);
    };
    addAction(tr("Rename…"), "renameTokenAction", QKeySequence(Qt::Key_F2), &TokensPage::renameSelected);
    addAction(tr("Data Centre…"), "dataCenterAction", QKeySequence(), &TokensPage::changeDataCenter);
    addAction(tr("Delete…"), "deleteTokenAction", QKeySequence(QKeySequence::Delete), &TokensPage::deleteSelected);

    m_revealRow = new QWidget(this);
    m_revealRow->setObjectName(QStringLiteral("revealRow"));
    m_revealLabel = new QLabel(m_revealRow);
    m_revealLabel->setObjectName(QStringLiteral("revealLabel"));
    m_revealed = new QLineEdit(m_revealRow);
    m_revealed->setObjectName(QStringLiteral("revealedToken"));
    m_revealed->setReadOnly(true);
    m_revealed->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_hide = new QPushButton(tr("&Hide"), m_revealRow);
    m_hide->setObjectName(QStringLiteral("hideTokenButton"));
    auto *revealLayout = new QHBoxLayout(m_revealRow);
    revealLayout->setContentsMargins(0, 0, 0, 0);
    revealLayout->addWidget(m_revealLabel);
    revealLayout->addWidget(m_revealed, 1);
    revealLayout->addWidget(m_hide);
    m_revealRow->hide();
    m_revealTimer.setInterval(1000);
    connect(&m_revealTimer, &QTimer::timeout, this, &TokensPage::tickReveal);
    connect(m_hide, &QPushButton::clicked, this, &TokensPage::hideRevealed);

    connect(m_recheck, &QPushButton::clicked, this, &TokensPage::checkKeychain);
    connect(m_import, &QPushButton::clicked, this, [this] { openImport(); });
    connect(m_rename, &QPushButton::clicked, this, &TokensPage::renameSelected);
    connect(m_dataCenter, &QPushButton::clicked, this, &TokensPage::changeDataCenter);
    connect(m_delete, &QPushButton::clicked, this, &TokensPage::deleteSelected);
    connect(m_reveal, &QPushButton::clicked, this, &TokensPage::revealSelected);
    connect(m_refresh, &QPushButton::clicked, this, &TokensPage::checkKeychain);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &TokensPage::updateActions);
    connect(m_table, &QTableWidget::itemDoubleClicked, this, &TokensPage::renameSelected);

    auto *statusRow = new QHBoxLayout;
    statusRow->addWidget(m_keychainStatus, 1);
    statusRow->addWidget(m_recheck);
    auto *buttons = new QHBoxLayout;
    for (QPushButton *button : {m_import, m_rename, m_dataCenter, m_delete, m_reveal})
        buttons->addWidget(button);
    buttons->addStretch();
    buttons->addWidget(m_busyLabel);
    buttons->addWidget(m_busyBar);
    buttons->addWidget(m_refresh);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(statusRow);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_empty);
    layout->addWidget(m_revealRow);
    layout->addWidget(m_message);
    layout->addLayout(buttons);
    setTabChain({m_recheck, m_table, m_import, m_rename, m_dataCenter, m_delete, m_reveal, m_refresh, m_revealed, m_hide});
    updateActions();
}

TokensPage::~TokensPage()
{
    hideRevealed();
}

void TokensPage::checkKeychain()
{
    beginBusy(tr("Checking the keychain…"));
    runSecretsJob(this, [] { return secrets::checkSecretService(); }, [this](std::expected<void, Error> usable) {
        endBusy();
        m_keychain = usable ? Keychain::Available : Keychain::Unavailable;
        if (usable) {
            m_keychainStatus->setText(tr("Keychain ready: tokens are kept in the Secret Service under "
                                         "\"Firehose Workbench\", never on disk."));
        } else {
            m_keychainStatus->setText(tr("The keychain cannot be used: %1").arg(errorText(usable.error())));
            m_listing.clear();
            fillTable({});
        }
        showMessage(m_keychainStatus, m_keychainStatus->text(), !usable);
        m_recheck->setVisible(!usable);
        updateActions();
        Q_EMIT keychainChecked(bool(usable));
        if (usable)
            reload();
    });
}

void TokensPage::reload()
{
    if (!keychainAvailable())
        return;
    beginBusy(tr("Reading the keychain…"));
    runSecretsJob(this, [dir = m_indexDir] { return TokenStore(dir).list(); },
                  [this](std::expected<std::vector<TokenListing>, Error> listed) {
                      endBusy();
                      if (!listed) {
                          showMessage(m_message, tr("Cannot list the tokens: %1").arg(errorText(listed.error())), true);
                          fillTable({});
                      } else {
                          fillTable(*listed);
                      }
                      Q_EMIT reloaded();
                  });
}

void TokensPage::fillTable(const std::vector<TokenListing> &listing)
{
    const QString selected = m_selectAfterReload.isEmpty() ? selectedName() : m_selectAfterReload;
    m_selectAfterReload.clear();
    m_listing = listing;
    m_table->setRowCount(int(listing.size()));
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (int row = 0; row < int(listing.size()); ++row) {
        const TokenListing &entry = listing[std::size_t(row)];
        const auto &m = entry.metadata;
        m_table->setItem(row, NameColumn, item(qstr(m.name)));
        m_table->setItem(row, DataCenterColumn, item(dataCenterLabel(qstr(m.dataCenter))));
        m_table->setItem(row, TokenColumn, item(qstr(m.redacted)));
        m_table->setItem(row, ImportedColumn, item(importedText(m.importedAt)));
        auto *key = item(groupedFingerprint(m.keyFingerprint));
        key->setFont(fixed);
        m_table->setItem(row, KeyColumn, key);
        m_table->setItem(row, SignerColumn, item(qstr(m.signer)));
        QString state;
        if (!entry.inKeychain)
            state = tr("missing from keychain (deleted elsewhere?)");
        else if (!entry.indexed)
            state = tr("not indexed (in the keychain, no details recorded)");
        auto *stateItem = item(state);
        if (!entry.inKeychain)
            stateItem->setForeground(warningColor(palette()));
        m_table->setItem(row, StateColumn, stateItem);
        if (qstr(m.name) == selected)
            m_table->selectRow(row);
    }
    if (!listing.empty() && !m_table->selectionModel()->hasSelection())
        m_table->selectRow(0);
    m_table->resizeColumnsToContents();
    m_empty->setVisible(listing.empty() && keychainAvailable());
    updateActions();
}

const TokenListing *TokensPage::selectedListing() const
{
    const auto rows = m_table->selectionModel() ? m_table->selectionModel()->selectedRows() : QModelIndexList();
    if (rows.isEmpty() || rows.first().row() >= int(m_listing.size()))
        return nullptr;
    return &m_listing[std::size_t(rows.first().row())];
}

QString TokensPage::selectedName() const
{
    const TokenListing *entry = selectedListing();
    return entry ? qstr(entry->metadata.name) : QString();
}

void TokensPage::selectName(const QString &name)
{
    for (int row = 0; row < int(m_listing.size()); ++row)
        if (qstr(m_listing[std::size_t(row)].metadata.name) == name)
            m_table->selectRow(row);
}

void TokensPage::openImport(const QString &file)
{
    if (!keychainAvailable()) {
        showMessage(m_message, tr("Cannot import while the keychain is unusable: %1").arg(m_keychainStatus->text()), true);
        return;
    }
    QStringList names;
    for (const TokenListing &entry : m_listing)
        names << qstr(entry.metadata.name);
    auto *dialog = new TokenImportDialog(m_home, m_indexDir, names, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &TokenImportDialog::imported, this, [this](const QString &name) {
        showMessage(m_message, tr("Imported '%1'.").arg(name), false);
        m_selectAfterReload = name;
        reload();
        Q_EMIT tokensChanged();
    });
    dialog->open();
    if (!file.isEmpty())
        dialog->loadFile(file);
}

void TokensPage::runChange(const QString &what, std::function<std::expected<void, Error>(TokenStore &)> change,
                           const QString &selectAfter)
{
    beginBusy(what);
    showMessage(m_message, QString(), false);
    runSecretsJob(this,
                  [dir = m_indexDir, change = std::move(change)] {
                      TokenStore store(dir);
                      return change(store);
                  },
                  [this, selectAfter](std::expected<void, Error> changed) {
                      endBusy();
                      if (!changed)
                          showMessage(m_message, errorText(changed.error()), true);
                      m_selectAfterReload = selectAfter;
                      reload(); // also after a failure: part of it may have happened (see TokenStore::rename)
                      if (changed)
                          Q_EMIT tokensChanged();
                  });
}

void TokensPage::renameSelected()
{
    const TokenListing *entry = selectedListing();
    if (!entry || !m_rename->isEnabled())
        return;
    const QString from = qstr(entry->metadata.name);
    QStringList taken;
    for (const TokenListing &other : m_listing)
        taken << qstr(other.metadata.name);
    auto *dialog = new RenameTokenDialog(from, taken, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, from] {
        const QString to = dialog->name();
        runChange(tr("Renaming '%1'…").arg(from),
                  [from = from.toStdString(), to = to.toStdString()](TokenStore &store) { return store.rename(from, to); }, to);
    });
    dialog->open();
}

void TokensPage::changeDataCenter()
{
    const TokenListing *entry = selectedListing();
    if (!entry || !m_dataCenter->isEnabled())
        return;
    const QString name = qstr(entry->metadata.name);
    QStringList labels;
    for (const QString &dc : dataCenters())
        labels << dataCenterLabel(dc);
    auto *dialog = new QInputDialog(this);
    dialog->setObjectName(QStringLiteral("dataCenterDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Data centre"));
    dialog->setLabelText(tr("Data centre for '%1':").arg(name));
    dialog->setComboBoxItems(labels);
    dialog->setTextValue(dataCenterLabel(qstr(entry->metadata.dataCenter)));
    connect(dialog, &QInputDialog::textValueSelected, this, [this, name, labels](const QString &label) {
        const QString dc = dataCenters().value(labels.indexOf(label));
        runChange(tr("Changing the data centre of '%1'…").arg(name),
                  [name = name.toStdString(), dc = dc.toStdString()](TokenStore &store) { return store.setDataCenter(name, dc); },
                  name);
    });
    dialog->open();
}

void TokensPage::deleteSelected()
{
    const TokenListing *entry = selectedListing();
    if (!entry || !m_delete->isEnabled())
        return;
    const QString name = qstr(entry->metadata.name);
    auto *box = confirmation(this, QStringLiteral("deleteTokenConfirm"), tr("Delete token"),
                             tr("Delete the token '%1' from the keychain? Only mParticle can give it to you again.").arg(name),
                             tr("&Delete"));
    connect(box, &QMessageBox::buttonClicked, this, [this, box, name](QAbstractButton *button) {
        if (box->standardButton(button) != QMessageBox::Yes)
            return;
        if (m_revealLabel->property("name").toString() == name)
            hideRevealed();
        runChange(tr("Deleting '%1'…").arg(name),
                  [name = name.toStdString()](TokenStore &store) { return store.remove(name); }, QString());
    });
    box->open();
}

void TokensPage::revealSelected()
{
    const TokenListing *entry = selectedListing();
    if (!entry || !m_reveal->isEnabled())
        return;
    const QString name = qstr(entry->metadata.name);
    auto *box = confirmation(this, QStringLiteral("revealTokenConfirm"), tr("Reveal token"),
                             tr("Show the token '%1' in clear for %2 seconds? Anyone who sees your screen can use it.")
                                 .arg(name)
                                 .arg(m_revealSeconds),
                             tr("&Reveal"));
    connect(box, &QMessageBox::buttonClicked, this, [this, box, name](QAbstractButton *button) {
        if (box->standardButton(button) != QMessageBox::Yes)
            return;
        beginBusy(tr("Reading '%1'…").arg(name));
        runSecretsJob(this,
                      [dir = m_indexDir, key = name.toStdString()]() -> std::expected<secrets::SecureBuffer, Error> {
                          auto token = TokenStore(dir).read(key);
                          if (!token)
                              return std::unexpected(token.error());
                          return secrets::SecureBuffer::takeFrom(*token);
                      },
                      [this, name](std::expected<secrets::SecureBuffer, Error> token) {
                          endBusy();
                          if (!token) {
                              showMessage(m_message, errorText(token.error()), true);
                              return;
                          }
                          hideRevealed();
                          m_revealedText = QString::fromUtf8(token->data(), qsizetype(token->size()));
                          m_revealed->setText(m_revealedText);
                          m_revealLabel->setProperty("name", name);
                          m_revealLeft = m_revealSeconds;
                          tickReveal();
                          m_revealRow->show();
                          m_revealTimer.start();
                      });
    });
    box->open();
}

void TokensPage::tickReveal()
{
    if (m_revealLeft <= 0) {
        hideRevealed();
        return;
    }
    m_revealLabel->setText(tr("'%1' (hidden in %2 s):").arg(m_revealLabel->property("name").toString()).arg(m_revealLeft));
    --m_revealLeft;
}

void TokensPage::hideRevealed()
{
    m_revealTimer.stop();
    m_revealLeft = 0;
    m_revealed->setText(QString()); // lets go of the field's reference (and undo history)
    wipeString(m_revealedText);
    m_revealLabel->setProperty("name", QString());
    m_revealRow->hide();
}

void TokensPage::hideEvent(QHideEvent *event)
{
    hideRevealed();
    QWidget::hideEvent(event);
}

void TokensPage::beginBusy(const QString &what)
{
    ++m_busy;
    m_busyLabel->setText(what);
    m_busyLabel->show();
    m_busyBar->show();
    updateActions();
}

void TokensPage::endBusy()
{
    if (--m_busy > 0)
        return;
    m_busy = 0;
    m_busyLabel->hide();
    m_busyBar->hide();
    updateActions();
}

void TokensPage::updateActions()
{
    const bool usable = keychainAvailable() && m_busy == 0;
    const TokenListing *entry = selectedListing();
    const bool inKeychain = entry && entry->inKeychain;
    m_import->setEnabled(usable);
    m_rename->setEnabled(usable && inKeychain);
    m_dataCenter->setEnabled(usable && inKeychain);
    m_reveal->setEnabled(usable && inKeychain);
    m_delete->setEnabled(usable && entry);
    m_refresh->setEnabled(m_busy == 0);
    m_table->setEnabled(keychainAvailable());
    for (QAction *action : m_table->actions())
        action->setEnabled(usable && (action->objectName() == QLatin1String("deleteTokenAction") ? entry != nullptr : inKeychain));
}

} // namespace fhw::gui
