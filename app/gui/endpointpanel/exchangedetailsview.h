#pragma once

#include "exchangetablemodel.h"

#include <QFutureWatcher>
#include <QTabWidget>

#include <cstdint>

class QPlainTextEdit;
class QTreeWidget;

namespace fhw::gui {

// One captured exchange in tabs: an overview (timings, fault, the upstream leg of a proxied request),
// the request (headers — Authorization already redacted by the endpoint — and the formatted body),
// the response body and the request's validation findings. Bodies over a few KiB are formatted on a
// worker thread; a newer selection supersedes a pending one.
class ExchangeDetailsView : public QTabWidget
{
    Q_OBJECT

public:
    explicit ExchangeDetailsView(QWidget *parent = nullptr);
    ~ExchangeDetailsView() override;

    void showExchange(const ExchangeTableModel::ExchangePtr &exchange);
    // Nothing selected, or the row's details were released (say why).
    void showNothing(const QString &why = {});

    std::uint64_t shownSequence() const { return m_sequence; }

    // Pretty-printed when the body parses as JSON (indent 2), else the text as it came.
    static QString formatBody(const std::string &body, bool truncated);

private:
    struct Formatted
    {
        std::uint64_t generation = 0;
        QString request;
        QString response;
    };
    void showFormatted(const Formatted &formatted);

    QPlainTextEdit *m_overview;
    QPlainTextEdit *m_request;
    QPlainTextEdit *m_response;
    QTreeWidget *m_findings;
    QFutureWatcher<Formatted> m_watcher;
    QString m_requestHead; // request line and headers, shown above the body
    std::uint64_t m_generation = 0;
    std::uint64_t m_sequence = 0;
};

} // namespace fhw::gui
