#include "tokenchoicemodel.h"

#include "secretsjob.h"
#include "tokenformat.h"

#include <algorithm>

namespace fhw::gui {

using secrets::TokenMetadata;

namespace {

struct Listed
{
    std::vector<TokenMetadata> tokens;
    QString error;
};

} // namespace

TokenChoiceModel::TokenChoiceModel(QObject *parent, QString tokenIndexDir)
    : QAbstractListModel(parent)
    , m_dir(std::move(tokenIndexDir))
{
    setObjectName(QStringLiteral("tokenChoiceModel"));
}

void TokenChoiceModel::reload()
{
    const quint64 generation = ++m_generation;
    runSecretsJob(this,
                  [dir = m_dir] {
                      Listed out;
                      auto listed = secrets::TokenStore(dir).list();
                      if (!listed) {
                          out.error = errorText(listed.error());
                          return out;
                      }
                      for (secrets::TokenListing &entry : *listed)
                          if (entry.inKeychain) // only what a send can read
                              out.tokens.push_back(std::move(entry.metadata));
                      return out;
                  },
                  [this, generation](Listed listed) {
                      if (generation != m_generation)
                          return; // a newer reload is under way
                      m_error = listed.error;
                      if (listed.error.isEmpty())
                          apply(std::move(listed.tokens));
                      else
                          apply({});
                      Q_EMIT reloaded();
                  });
}

void TokenChoiceModel::apply(std::vector<TokenMetadata> tokens)
{
    std::ranges::sort(tokens, {}, &TokenMetadata::name);
    if (m_tokens.empty()) {
        // The first list (or the first after an empty one): a reset, which is when a view restores a choice.
        if (!tokens.empty()) {
            beginResetModel();
            m_tokens = std::move(tokens);
            endResetModel();
        }
        return;
    }
    // Merge the sorted lists: remove, insert and change rows so persistent indexes (a combo's current
    // item) stay on the same token.
    std::size_t i = 0; // into m_tokens
    std::size_t j = 0; // into tokens
    while (i < m_tokens.size() || j < tokens.size()) {
        const int row = int(i) + 1;
        if (j >= tokens.size() || (i < m_tokens.size() && m_tokens[i].name < tokens[j].name)) {
            beginRemoveRows({}, row, row);
            m_tokens.erase(m_tokens.begin() + std::ptrdiff_t(i));
            endRemoveRows();
        } else if (i >= m_tokens.size() || tokens[j].name < m_tokens[i].name) {
            beginInsertRows({}, row, row);
            m_tokens.insert(m_tokens.begin() + std::ptrdiff_t(i), std::move(tokens[j]));
            endInsertRows();
            ++i;
            ++j;
        } else {
            if (!(m_tokens[i] == tokens[j])) {
                m_tokens[i] = std::move(tokens[j]);
                Q_EMIT dataChanged(index(row), index(row));
            }
            ++i;
            ++j;
        }
    }
}

QString TokenChoiceModel::nameAt(int row) const
{
    if (row < 1 || row > int(m_tokens.size()))
        return {};
    return qstr(m_tokens[std::size_t(row - 1)].name);
}

int TokenChoiceModel::rowOf(const QString &name) const
{
    for (std::size_t i = 0; i < m_tokens.size(); ++i)
        if (qstr(m_tokens[i].name) == name)
            return int(i) + 1;
    return 0;
}

int TokenChoiceModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_tokens.size()) + 1;
}

QVariant TokenChoiceModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    if (index.row() == 0) {
        switch (role) {
        case Qt::DisplayRole:
            return tr("(no token)");
        case Qt::ToolTipRole:
            return m_error.isEmpty() ? tr("Send without an Authorization header.")
                                     : tr("Send without an Authorization header. No tokens listed: %1").arg(m_error);
        case NameRole:
            return QString();
        default:
            return {};
        }
    }
    const TokenMetadata &token = m_tokens[std::size_t(index.row() - 1)];
    switch (role) {
    case Qt::DisplayRole: {
        QStringList parts{qstr(token.name)};
        if (!token.dataCenter.empty())
            parts << qstr(token.dataCenter);
        parts << qstr(token.redacted);
        return parts.join(QStringLiteral(" \u2014 "));
    }
    case Qt::ToolTipRole:
        return tr("%1: %2, data centre %3, imported %4").arg(qstr(token.name), qstr(token.redacted),
                                                            dataCenterLabel(qstr(token.dataCenter)), qstr(token.importedAt));
    case NameRole:
        return qstr(token.name);
    case DataCenterRole:
        return qstr(token.dataCenter);
    case RedactedRole:
        return qstr(token.redacted);
    case InKeychainRole:
        return true;
    default:
        return {};
    }
}

} // namespace fhw::gui
