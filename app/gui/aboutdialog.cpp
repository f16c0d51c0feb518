#include "aboutdialog.h"

#include "common/linkedversions.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace fhw::gui {

AboutDialog::AboutDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("About Firehose Workbench"));

    auto *intro = new QLabel(this);
    intro->setObjectName(QStringLiteral("aboutIntro"));
    intro->setTextFormat(Qt::PlainText);
    intro->setWordWrap(true);
    intro->setText(tr("Firehose Workbench %1\n\nBuild, send, check and submit mParticle Firehose integrations: "
                      "compose every request type, answer like a correct partner endpoint, keep the auth token in "
                      "the OS keychain, and measure readiness before review.")
                       .arg(QApplication::applicationVersion()));

    const auto versions = linkedVersions();
    auto *table = new QTableWidget(int(versions.size()), 3, this);
    table->setObjectName(QStringLiteral("linkedVersions"));
    table->setHorizontalHeaderLabels({tr("Library"), tr("Version"), tr("Source")});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    for (int row = 0; row < int(versions.size()); ++row) {
        const LinkedVersion &v = versions[std::size_t(row)];
        table->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(v.component)));
        table->setItem(row, 1, new QTableWidgetItem(QString::fromStdString(v.version)));
        table->setItem(row, 2, new QTableWidgetItem(QString::fromStdString(v.note)));
    }
    table->resizeColumnsToContents();
    table->horizontalHeader()->setStretchLastSection(true);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(table, 1);
    layout->addWidget(buttons);
    resize(620, 360);
}

} // namespace fhw::gui
