#pragma once

#include <QTextBrowser>
#include <QUrl>

namespace fhw::gui {

// A read-only view of the registration summary (registration.html): it never follows a link and never
// loads anything (images, style sheets, remote or local), so text a partner wrote cannot reach the network
// or the disk. A clicked link only says where it points (linkClicked), for the window to show.
class SafeTextBrowser : public QTextBrowser
{
    Q_OBJECT

public:
    explicit SafeTextBrowser(QWidget *parent = nullptr);

    QVariant loadResource(int type, const QUrl &name) override;
    int refusedLoads() const { return m_refusedLoads; } // for tests

Q_SIGNALS:
    void linkClicked(const QUrl &url);

private:
    int m_refusedLoads = 0;
};

} // namespace fhw::gui
