#pragma once

#include <QMainWindow>

namespace fhw::gui {

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);

    // Opens a message file in the check view (File > Open Message… asks for one).
    void openMessage(const QString &path);

public Q_SLOTS:
    void chooseMessage();
    void showAbout();

private:
    void createMenus();

    class MessageCheckView *m_checkView;
};

} // namespace fhw::gui
