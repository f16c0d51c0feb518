#include "submissiontext.h"

#include "readiness/readinesstext.h"

#include <QCoreApplication>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPalette>
#include <QPixmap>
#include <QTreeWidget>

namespace fhw::gui::submissiontext {

using submission::CheckStatus;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("fhw::gui::SubmissionPanel", text);
}

} // namespace

QString fromStd(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

QString statusName(CheckStatus status)
{
    switch (status) {
    case CheckStatus::Pass: return tr("passes");
    case CheckStatus::Warn: return tr("passes, with warnings");
    case CheckStatus::Fail: return tr("fails");
    case CheckStatus::Missing: return tr("missing");
    case CheckStatus::NotRun: return tr("not run");
    }
    return {};
}

QColor statusColour(CheckStatus status, const QPalette &palette)
{
    using R = readiness::CheckStatus;
    switch (status) {
    case CheckStatus::Pass: return readinesstext::statusColour(R::Pass, palette);
    case CheckStatus::Warn: return readinesstext::statusColour(R::Warn, palette);
    case CheckStatus::Fail:
    case CheckStatus::Missing: return readinesstext::statusColour(R::Fail, palette);
    case CheckStatus::NotRun: break;
    }
    return readinesstext::statusColour(R::Skipped, palette);
}

QIcon statusIcon(CheckStatus status, const QPalette &palette)
{
    QPixmap pixmap(16, 16);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor colour = statusColour(status, palette);
    if (status == CheckStatus::Missing) {
        painter.setPen(QPen(colour, 2.5));
        painter.setBrush(Qt::NoBrush);
        painter.drawEllipse(QRectF(3, 3, 10, 10));
    } else {
        painter.setPen(Qt::NoPen);
        painter.setBrush(colour);
        painter.drawEllipse(status == CheckStatus::NotRun ? QRectF(5, 5, 6, 6) : QRectF(2, 2, 12, 12));
    }
    return QIcon(pixmap);
}

CheckStatus statusOf(protocol::Severity severity)
{
    switch (severity) {
    case protocol::Severity::Error: return CheckStatus::Fail;
    case protocol::Severity::Warning: return CheckStatus::Warn;
    default: return CheckStatus::NotRun;
    }
}

CheckStatus statusOf(submission::LogoSeverity severity)
{
    switch (severity) {
    case submission::LogoSeverity::Error: return CheckStatus::Fail;
    case submission::LogoSeverity::Warning: return CheckStatus::Warn;
    case submission::LogoSeverity::Info: break;
    }
    return CheckStatus::NotRun;
}

CheckStatus statusOf(submission::LogoVerdict verdict)
{
    switch (verdict) {
    case submission::LogoVerdict::Pass: return CheckStatus::Pass;
    case submission::LogoVerdict::Warn: return CheckStatus::Warn;
    case submission::LogoVerdict::Fail: return CheckStatus::Fail;
    }
    return CheckStatus::NotRun;
}

void fillFindings(QTreeWidget *tree, const protocol::Findings &findings)
{
    tree->clear();
    const QPalette palette = tree->palette();
    for (const protocol::Finding &finding : findings) {
        auto *item = new QTreeWidgetItem(tree);
        item->setIcon(0, statusIcon(statusOf(finding.severity), palette));
        item->setText(0, fromStd(protocol::severityName(finding.severity)));
        item->setText(1, fromStd(finding.code));
        const QString where = finding.pointer.empty() ? QString() : fromStd(finding.pointer) + QStringLiteral(": ");
        item->setText(2, where + fromStd(finding.message));
        item->setToolTip(2, item->text(2));
    }
    tree->header()->resizeSections(QHeaderView::ResizeToContents);
}

void showStatus(QLabel *icon, QLabel *text, CheckStatus status, const QString &line)
{
    icon->setPixmap(statusIcon(status, icon->palette()).pixmap(16, 16));
    icon->setVisible(!line.isEmpty());
    text->setText(line);
    text->setProperty("status", fromStd(submission::checkStatusName(status)));
}

} // namespace fhw::gui::submissiontext
