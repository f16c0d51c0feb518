#pragma once

#include "capturefeed.h"
#include "exchangetablemodel.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QSplitter;
class QTableView;

namespace fhw::gui {

class ExchangeDetailsView;

// The live table of the exchanges the endpoint captured (bounded, filtered, following the newest
// row while scrolled to the bottom) over the details of the selected one.
class TrafficView : public QWidget
{
    Q_OBJECT

public:
    explicit TrafficView(endpoint::CaptureLog &log, QWidget *parent = nullptr);

    ExchangeTableModel *model() const { return m_model; }
    ExchangeFilterModel *filterModel() const { return m_filter; }
    CaptureFeed *feed() const { return m_feed; }
    QTableView *table() const { return m_table; }
    ExchangeDetailsView *details() const { return m_details; }

    void setFilterText(const QString &text);
    void clear(); // the table only: the endpoint's capture ring is kept

Q_SIGNALS:
    void exchangeCaptured(qint64 handlingUs, int status); // at most once per batch, the newest

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    bool isAtBottom() const;
    void showCurrent();
    void updateCounts();

    ExchangeTableModel *m_model;
    ExchangeFilterModel *m_filter;
    CaptureFeed *m_feed;
    QLineEdit *m_filterEdit;
    QPushButton *m_clear;
    QLabel *m_counts;
    QTableView *m_table;
    ExchangeDetailsView *m_details;
    QSplitter *m_splitter;
    bool m_follow = true; // at the bottom before the batch came in
};

} // namespace fhw::gui
