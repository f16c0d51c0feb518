#include "trafficview.h"

#include "exchangedetailsview.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

namespace fhw::gui {

TrafficView::TrafficView(endpoint::CaptureLog &log, QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("trafficView"));
    m_model = new ExchangeTableModel(this);
    m_model->setObjectName(QStringLiteral("exchangeModel"));
    m_filter = new ExchangeFilterModel(this);
    m_filter->setSourceModel(m_model);
    m_feed = new CaptureFeed(log, m_model, this);
    m_feed->setObjectName(QStringLiteral("captureFeed"));

    m_filterEdit = new QLineEdit(this);
    m_filterEdit->setObjectName(QStringLiteral("exchangeFilter"));
    m_filterEdit->setPlaceholderText(tr("Filter by status, type or path (e.g. 503, events, /dsr)"));
    m_filterEdit->setClearButtonEnabled(true);
    m_filterEdit->setAccessibleName(tr("Filter exchanges"));
    auto *filterLabel = new QLabel(tr("F&ilter:"), this);
    filterLabel->setBuddy(m_filterEdit);
    m_clear = new QPushButton(tr("C&lear"), this);
    m_clear->setObjectName(QStringLiteral("clearExchanges"));
    m_clear->setIcon(QIcon::fromTheme(QStringLiteral("edit-clear-all"), style()->standardIcon(QStyle::SP_DialogResetButton)));
    m_clear->setToolTip(tr("Empty the table (the endpoint's capture is kept)"));
    m_counts = new QLabel(this);
    m_counts->setObjectName(QStringLiteral("trafficCounts"));
    // Its text changes with every batch: a fixed size, so that it never relayouts (and so repaints)
    // the whole panel.
    m_counts->setFixedSize(fontMetrics().horizontalAdvance(QStringLiteral("00000 of 00000 rows")) + 8,
                           fontMetrics().height() + 4);
    m_counts->setAlignment(Qt::AlignRight | Qt::AlignVCenter);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("exchangeTable"));
    m_table->setModel(m_filter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_table->setCornerButtonEnabled(false);
    m_table->setAccessibleName(tr("Incoming exchanges"));
    // Fixed row heights and preset column widths: nothing is measured per row, whatever the count.
    QHeaderView *rows = m_table->verticalHeader();
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(fontMetrics().height() + 6);
    rows->hide();
    QHeaderView *columns = m_table->horizontalHeader();
    columns->setSectionResizeMode(QHeaderView::Interactive);
    columns->setStretchLastSection(true);
    const int digit = fontMetrics().horizontalAdvance(u'0');
    const std::pair<int, int> widths[] = {{ExchangeTableModel::TimeColumn, 14}, {ExchangeTableModel::MethodColumn, 7},
                                          {ExchangeTableModel::PathColumn, 12}, {ExchangeTableModel::TypeColumn, 20},
                                          {ExchangeTableModel::StatusColumn, 7}, {ExchangeTableModel::HandlingColumn, 12},
                                          {ExchangeTableModel::FindingsColumn, 9}};
    for (const auto &[column, chars] : widths)
        columns->resizeSection(column, chars * digit + 12);

    m_details = new ExchangeDetailsView(this);

    auto *bar = new QHBoxLayout;
    bar->addWidget(filterLabel);
    bar->addWidget(m_filterEdit, 1);
    bar->addWidget(m_counts);
    bar->addWidget(m_clear);

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(QStringLiteral("trafficSplitter"));
    m_splitter->addWidget(m_table);
    m_splitter->addWidget(m_details);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_splitter, 1);
    setTabOrder(m_filterEdit, m_clear);
    setTabOrder(m_clear, m_table);
    setTabOrder(m_table, m_details);

    connect(m_filterEdit, &QLineEdit::textChanged, this, &TrafficView::setFilterText);
    connect(m_clear, &QPushButton::clicked, this, &TrafficView::clear);
    connect(m_feed, &CaptureFeed::aboutToDrain, this, [this] { m_follow = isAtBottom(); });
    connect(m_feed, &CaptureFeed::drained, this, [this](int, qint64 handlingUs, int status) {
        if (m_follow)
            m_table->scrollToBottom();
        updateCounts();
        Q_EMIT exchangeCaptured(handlingUs, status);
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &TrafficView::showCurrent);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        m_details->showNothing();
        updateCounts();
    });
    updateCounts();
}

void TrafficView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    // Details beside the table in a wide, low dock (the bottom area); below it in a tall one.
    const Qt::Orientation wanted = width() > 2 * height() ? Qt::Horizontal : Qt::Vertical;
    if (m_splitter->orientation() != wanted)
        m_splitter->setOrientation(wanted);
}

void TrafficView::setFilterText(const QString &text)
{
    if (m_filterEdit->text() != text)
        m_filterEdit->setText(text); // comes back here through textChanged
    m_filter->setFilterText(text);
    updateCounts();
}

void TrafficView::clear()
{
    m_feed->clear();
}

bool TrafficView::isAtBottom() const
{
    const QScrollBar *bar = m_table->verticalScrollBar();
    return bar->value() >= bar->maximum() - 1;
}

void TrafficView::showCurrent()
{
    const QModelIndex current = m_filter->mapToSource(m_table->currentIndex());
    if (!current.isValid()) {
        m_details->showNothing();
        return;
    }
    const std::uint64_t sequence = m_model->sequenceAt(current.row());
    if (sequence != 0 && sequence == m_details->shownSequence())
        return;
    m_details->showExchange(m_model->exchangeAt(current.row()));
}

void TrafficView::updateCounts()
{
    const int kept = m_model->rowCount();
    const int shown = m_filter->rowCount();
    m_counts->setText(shown == kept ? (kept == 1 ? tr("1 row") : tr("%1 rows").arg(kept)) : tr("%1 of %2 rows").arg(shown).arg(kept));
    QString tip = tr("The table keeps the newest %1 exchanges.").arg(m_model->capacity());
    if (const std::uint64_t dropped = m_model->droppedRows() + m_feed->droppedPending())
        tip += u' ' + tr("%1 older ones were dropped from it.").arg(dropped);
    m_counts->setToolTip(tip);
}

} // namespace fhw::gui
