#include "tokenformat.h"

#include <QApplication>
#include <QDateTime>
#include <QLabel>
#include <QLineEdit>

namespace fhw::gui {

QString qstr(const std::string &text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

QString groupedFingerprint(const std::string &fingerprint)
{
    const QString hex = qstr(fingerprint).toUpper();
    QString out;
    for (qsizetype i = 0; i < hex.size(); i += 4) {
        if (i > 0)
            out += (i == 20 && hex.size() == 40) ? QStringLiteral("  ") : QStringLiteral(" ");
        out += hex.mid(i, 4);
    }
    return out;
}

QString isoDate(std::chrono::sys_seconds when)
{
    return QDateTime::fromSecsSinceEpoch(when.time_since_epoch().count(), Qt::UTC).toString(Qt::ISODate).left(10);
}

QString errorText(const Error &error)
{
    return QStringLiteral("%1 [%2]").arg(qstr(error.message), qstr(error.code));
}

QStringList dataCenters()
{
    return {QString(), QStringLiteral("US1"), QStringLiteral("US2"), QStringLiteral("EU1"), QStringLiteral("AU1")};
}

QString dataCenterLabel(const QString &dataCenter)
{
    return dataCenter.isEmpty() ? QApplication::translate("fhw::gui::TokensDialog", "(any)") : dataCenter;
}

QColor warningColor(const QPalette &palette)
{
    const bool dark = palette.color(QPalette::Window).lightness() < 128;
    return dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xb0, 0x00, 0x20);
}

void showMessage(QLabel *label, const QString &text, bool error)
{
    label->setText(text);
    label->setVisible(!text.isEmpty());
    label->setProperty("error", error);
    QPalette palette = label->parentWidget() ? label->parentWidget()->palette() : QApplication::palette();
    if (error)
        palette.setColor(QPalette::WindowText, warningColor(palette));
    label->setPalette(palette);
}

void setTabChain(std::initializer_list<QWidget *> widgets)
{
    QWidget *previous = nullptr;
    for (QWidget *widget : widgets) {
        if (previous)
            QWidget::setTabOrder(previous, widget);
        previous = widget;
    }
}

QIcon themedIcon(const char *name, QStyle::StandardPixmap fallback, const QWidget *widget)
{
    const QStyle *style = widget ? widget->style() : QApplication::style();
    return QIcon::fromTheme(QLatin1String(name), style->standardIcon(fallback, nullptr, widget));
}

void wipeString(QString &text)
{
    if (!text.isDetached()) {
        text = QString(); // shared: ours is only a reference, the owner wipes its own
        return;
    }
    secrets::wipe(text.data(), std::size_t(text.size()) * sizeof(QChar));
    text.clear();
}

secrets::SecureBuffer takeSecretText(QLineEdit *edit)
{
    QString text = edit->text();
    // setText() (unlike clear()) also drops the undo history, which holds the characters typed; it lets
    // go of the field's reference, so `text` is the only owner of those characters and can wipe them.
    edit->setText(QString());
    QByteArray utf8 = text.toUtf8();
    secrets::SecureBuffer secret(std::string_view(utf8.constData(), std::size_t(utf8.size())));
    secrets::wipe(utf8.data(), std::size_t(utf8.size()));
    wipeString(text);
    return secret;
}

} // namespace fhw::gui
