#pragma once

#include <QMainWindow>

namespace fhw::gui {

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);

public Q_SLOTS:
    void showAbout();

private:
    void createMenus();
};

} // namespace fhw::gui
