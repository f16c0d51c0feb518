#include "exchangedetailsview.h"

#include "protocol/parse.h"

#include <QDateTime>
#include <QFontDatabase>
#include <QHeaderView>
#include <QPlainTextEdit>
#include <QTreeWidget>
#include <QtConcurrent/QtConcurrentRun>

namespace fhw::gui {

namespace {

// Bodies up to this size are formatted at once; larger ones on a worker thread.
constexpr std::size_t syncFormatBytes = 16 * 1024;

QPlainTextEdit *makeText(QWidget *parent, const QString &name)
{
    auto *text = new QPlainTextEdit(parent);
    text->setObjectName(name);
    text->setReadOnly(true);
    text->setLineWrapMode(QPlainTextEdit::NoWrap);
    text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return text;
}

QString ms(std::int64_t us)
{
    return QString::number(double(us) / 1000.0, 'f', 2) + QStringLiteral(" ms");
}

QString overviewText(const endpoint::Exchange &e)
{
    const auto receivedMs = std::chrono::duration_cast<std::chrono::milliseconds>(e.received.time_since_epoch()).count();
    int errors = 0;
    int warnings = 0;
    for (const auto &f : e.findings) {
        errors += f.severity == protocol::Severity::Error;
        warnings += f.severity == protocol::Severity::Warning;
    }
    QStringList lines;
    auto line = [&lines](const QString &label, const QString &value) {
        lines << label.leftJustified(12, u' ') + value;
    };
    line(ExchangeDetailsView::tr("Exchange"), QStringLiteral("#%1  %2 %3").arg(e.sequence)
                                                  .arg(QString::fromStdString(e.method), QString::fromStdString(e.path)));
    line(ExchangeDetailsView::tr("From"), QString::fromStdString(e.remoteAddress));
    line(ExchangeDetailsView::tr("Received"),
         QDateTime::fromMSecsSinceEpoch(receivedMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")));
    const std::string_view type = e.type ? protocol::wireName(*e.type) : std::string_view("—");
    line(ExchangeDetailsView::tr("Type"), QString::fromUtf8(type.data(), qsizetype(type.size())));
    line(ExchangeDetailsView::tr("Status"), e.status == 0 ? ExchangeDetailsView::tr("no answer") : QString::number(e.status));
    line(ExchangeDetailsView::tr("Handling"), ms(e.handlingUs) + ExchangeDetailsView::tr("  (from the full request to "
                                                                                         "the response queued)"));
    line(ExchangeDetailsView::tr("Injected"), ms(e.injectedDelayUs));
    line(ExchangeDetailsView::tr("Fault"), e.fault.empty() ? QStringLiteral("—") : QString::fromStdString(e.fault));
    line(ExchangeDetailsView::tr("Findings"), ExchangeDetailsView::tr("%1 errors, %2 warnings, %3 in all")
                                                  .arg(errors).arg(warnings).arg(e.findings.size()));
    if (e.upstream) {
        const endpoint::UpstreamLeg &up = *e.upstream;
        line(ExchangeDetailsView::tr("Upstream"), QString::fromStdString(up.url));
        line(QString(), up.status == 0 ? ExchangeDetailsView::tr("no answer") : ExchangeDetailsView::tr("status %1").arg(up.status));
        line(QString(), (up.attempts == 1 ? ExchangeDetailsView::tr("%1 in 1 attempt").arg(ms(up.totalUs))
                                             : ExchangeDetailsView::tr("%1 in %2 attempts").arg(ms(up.totalUs)).arg(up.attempts)));
        if (!up.error.empty())
            line(QString(), ExchangeDetailsView::tr("error: %1").arg(QString::fromStdString(up.error)));
    }
    if (e.requestBodyTruncated || e.responseBodyTruncated)
        lines << QString() << ExchangeDetailsView::tr("Bodies are kept up to 256 KiB each; the end was cut.");
    return lines.join(u'\n');
}

} // namespace

ExchangeDetailsView::ExchangeDetailsView(QWidget *parent)
    : QTabWidget(parent)
{
    setObjectName(QStringLiteral("exchangeDetails"));
    m_overview = makeText(this, QStringLiteral("detailsOverview"));
    m_request = makeText(this, QStringLiteral("detailsRequest"));
    m_response = makeText(this, QStringLiteral("detailsResponse"));
    m_findings = new QTreeWidget(this);
    m_findings->setObjectName(QStringLiteral("detailsFindings"));
    m_findings->setRootIsDecorated(false);
    m_findings->setHeaderLabels({tr("Severity"), tr("Where"), tr("Code"), tr("Finding")});
    m_findings->header()->setStretchLastSection(true);
    addTab(m_overview, tr("Overvie&w"));
    addTab(m_request, tr("Re&quest"));
    addTab(m_response, tr("Respo&nse"));
    addTab(m_findings, tr("Fin&dings"));
    connect(&m_watcher, &QFutureWatcher<Formatted>::finished, this, [this] {
        if (!m_watcher.isCanceled())
            showFormatted(m_watcher.result());
    });
    showNothing();
}

ExchangeDetailsView::~ExchangeDetailsView()
{
    m_watcher.waitForFinished();
}

QString ExchangeDetailsView::formatBody(const std::string &body, bool truncated)
{
    if (body.empty())
        return tr("(no body)");
    QString text;
    auto parsed = truncated ? std::expected<protocol::Json, protocol::ParseError>(std::unexpected(protocol::ParseError{}))
                            : protocol::parseJson(body);
    if (parsed)
        text = QString::fromStdString(parsed->dump(2, ' ', false, protocol::Json::error_handler_t::replace));
    else
        text = QString::fromUtf8(body.data(), qsizetype(body.size()));
    if (truncated)
        text += u'\n' + tr("… (cut at 256 KiB)");
    return text;
}

void ExchangeDetailsView::showNothing(const QString &why)
{
    ++m_generation;
    m_sequence = 0;
    const QString text = why.isEmpty() ? tr("Select an exchange to see its request, response and findings.") : why;
    m_overview->setPlainText(text);
    m_request->clear();
    m_response->clear();
    m_findings->clear();
}

void ExchangeDetailsView::showExchange(const ExchangeTableModel::ExchangePtr &exchange)
{
    if (!exchange) {
        showNothing(tr("This exchange's details were released to keep the table within its memory budget; "
                       "its row stays."));
        return;
    }
    const std::uint64_t generation = ++m_generation;
    m_sequence = exchange->sequence;
    m_overview->setPlainText(overviewText(*exchange));

    QStringList head;
    head << QStringLiteral("%1 %2").arg(QString::fromStdString(exchange->method), QString::fromStdString(exchange->path));
    for (const auto &[name, value] : exchange->requestHeaders)
        head << QStringLiteral("%1: %2").arg(QString::fromStdString(name), QString::fromStdString(value));
    m_requestHead = head.join(u'\n');

    m_findings->clear();
    QList<QTreeWidgetItem *> items;
    for (const protocol::Finding &f : exchange->findings) {
        auto *item = new QTreeWidgetItem;
        const std::string_view severity = protocol::severityName(f.severity);
        item->setText(0, QString::fromLatin1(severity.data(), qsizetype(severity.size())));
        item->setText(1, f.pointer.empty() ? tr("(message)") : QString::fromStdString(f.pointer));
        item->setText(2, QString::fromStdString(f.code));
        item->setText(3, QString::fromStdString(f.message));
        item->setToolTip(3, item->text(3));
        items << item;
    }
    m_findings->addTopLevelItems(items);
    setTabText(indexOf(m_findings), exchange->findings.empty() ? tr("Fin&dings") : tr("Fin&dings (%1)").arg(items.size()));

    if (exchange->requestBody.size() + exchange->responseBody.size() <= syncFormatBytes) {
        showFormatted({generation, formatBody(exchange->requestBody, exchange->requestBodyTruncated),
                       formatBody(exchange->responseBody, exchange->responseBodyTruncated)});
        return;
    }
    m_request->setPlainText(m_requestHead + QStringLiteral("\n\n") + tr("Formatting…"));
    m_response->setPlainText(tr("Formatting…"));
    // The exchange is shared and read-only: the worker reads it without a copy.
    m_watcher.setFuture(QtConcurrent::run([exchange, generation] {
        return Formatted{generation, formatBody(exchange->requestBody, exchange->requestBodyTruncated),
                         formatBody(exchange->responseBody, exchange->responseBodyTruncated)};
    }));
}

void ExchangeDetailsView::showFormatted(const Formatted &formatted)
{
    if (formatted.generation != m_generation)
        return; // a newer selection
    m_request->setPlainText(m_requestHead + QStringLiteral("\n\n") + formatted.request);
    m_response->setPlainText(formatted.response);
}

} // namespace fhw::gui
