#pragma once

#include <QDialog>

namespace fhw::gui {

// Help > About: what the workbench is, its version, and the library versions it actually runs with.
class AboutDialog : public QDialog
{
    Q_OBJECT

public:
    explicit AboutDialog(QWidget *parent = nullptr);
};

} // namespace fhw::gui
