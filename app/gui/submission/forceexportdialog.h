#pragma once

#include "submission/bundle.h"

#include <QDialog>

#include <vector>

class QDialogButtonBox;
class QPlainTextEdit;

namespace fhw::gui {

// "Export anyway?": lists what blocks the export and asks why it should go out regardless. The words are
// recorded in the bundle's manifest (force_confirmation), so OK needs some.
class ForceExportDialog : public QDialog
{
    Q_OBJECT

public:
    ForceExportDialog(const std::vector<submission::ChecklistItem> &blocking, QWidget *parent = nullptr);

    QString reason() const;
    void setReason(const QString &reason);

private:
    QPlainTextEdit *m_reason;
    QDialogButtonBox *m_buttons;
};

} // namespace fhw::gui
