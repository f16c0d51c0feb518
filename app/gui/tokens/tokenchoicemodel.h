#pragma once

#include "secrets/tokenstore.h"

#include <QAbstractListModel>
#include <QString>

#include <vector>

namespace fhw::gui {

// The target bar's token choice: row 0 "(no token)", then one row per token the keychain holds, sorted by
// name: "name — DC — Token ••••abcd" (never the token). reload() lists off the GUI thread. Tokens arriving
// in an empty model reset it (modelReset: restore a saved choice then, or on reloaded()); later reloads
// update rows in place (inserted, removed, changed), so a combo box keeps the token it shows.
class TokenChoiceModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role { NameRole = Qt::UserRole + 1, DataCenterRole, RedactedRole, InKeychainRole };

    explicit TokenChoiceModel(QObject *parent = nullptr, QString tokenIndexDir = {});

    void reload();                  // off-thread TokenStore::list()
    QString nameAt(int row) const;  // empty for "(no token)" (row 0) and rows out of range
    int rowOf(const QString &name) const; // 0 ("(no token)") when there is no such token
    QString errorString() const { return m_error; } // why the last reload found nothing ("" = it worked)

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void reloaded(); // after each reload, also a failed one (see errorString())

private:
    void apply(std::vector<secrets::TokenMetadata> tokens);

    QString m_dir;
    std::vector<secrets::TokenMetadata> m_tokens; // rows 1..n, sorted by name
    QString m_error;
    quint64 m_generation = 0;
};

} // namespace fhw::gui
