#include "forceexportdialog.h"

#include "submissiontext.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace fhw::gui {

using submissiontext::fromStd;

ForceExportDialog::ForceExportDialog(const std::vector<submission::ChecklistItem> &blocking, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("forceExportDialog"));
    setWindowTitle(tr("Export Anyway?"));
    QStringList lines;
    for (const submission::ChecklistItem &item : blocking)
        lines << QStringLiteral("<li><b>%1</b>: %2%3</li>")
                     .arg(fromStd(item.title).toHtmlEscaped(), submissiontext::statusName(item.status),
                          item.details.empty() ? QString() : QStringLiteral(" — ") + fromStd(item.details.front()).toHtmlEscaped());
    auto *text = new QLabel(tr("<p>These items are missing or failing:</p><ul>%1</ul><p>mParticle's review will likely stop "
                               "on them. To export anyway, say why; your words are recorded in the bundle's manifest.</p>")
                                .arg(lines.join(QString())),
                            this);
    text->setWordWrap(true);
    text->setTextFormat(Qt::RichText);
    m_reason = new QPlainTextEdit(this);
    m_reason->setObjectName(QStringLiteral("forceReason"));
    m_reason->setPlaceholderText(tr("e.g. The logo goes to mParticle separately; this bundle is for an early look."));
    m_reason->setTabChangesFocus(true);
    m_reason->setMaximumHeight(90);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Export &Anyway"));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(text);
    layout->addWidget(m_reason);
    layout->addWidget(m_buttons);

    connect(m_reason, &QPlainTextEdit::textChanged, this,
            [this] { m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!reason().isEmpty()); });
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

QString ForceExportDialog::reason() const
{
    return m_reason->toPlainText().trimmed();
}

void ForceExportDialog::setReason(const QString &reason)
{
    m_reason->setPlainText(reason);
}

} // namespace fhw::gui
