#include "safetextbrowser.h"

namespace fhw::gui {

SafeTextBrowser::SafeTextBrowser(QWidget *parent)
    : QTextBrowser(parent)
{
    setOpenLinks(false);
    setOpenExternalLinks(false);
    setReadOnly(true);
    setUndoRedoEnabled(false);
    connect(this, &QTextBrowser::anchorClicked, this, &SafeTextBrowser::linkClicked);
}

QVariant SafeTextBrowser::loadResource(int type, const QUrl &name)
{
    Q_UNUSED(type)
    Q_UNUSED(name)
    ++m_refusedLoads; // the summary is self-contained: anything it asks for comes from outside
    return {};
}

} // namespace fhw::gui
