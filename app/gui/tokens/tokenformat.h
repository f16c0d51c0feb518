#pragma once

#include "common/error.h"
#include "secrets/securebuffer.h"

#include <QColor>
#include <QIcon>
#include <QPalette>
#include <QString>
#include <QStringList>
#include <QStyle>

#include <chrono>
#include <initializer_list>
#include <string>

class QLabel;
class QLineEdit;
class QWidget;

namespace fhw::gui {

QString qstr(const std::string &text);

// "ABCD EF01 2345 6789 ABCD  EF01 2345 6789 ABCD EF01", as gpg prints fingerprints for reading aloud.
QString groupedFingerprint(const std::string &fingerprint);
QString isoDate(std::chrono::sys_seconds when); // "2026-01-31" (UTC)
// "message [code]": how every error of the tokens dialog is shown.
QString errorText(const Error &error);

// The data centres a token may be for: "" (any), US1, US2, EU1, AU1; and how each is shown.
QStringList dataCenters();
QString dataCenterLabel(const QString &dataCenter);

// A red that reads on light and dark palettes alike, for errors and states that need attention.
QColor warningColor(const QPalette &palette);
// Shows `text` in an inline message label (hidden when empty); `error` picks the warning colour.
void showMessage(QLabel *label, const QString &text, bool error);

// QWidget::setTabOrder over a whole list (the initializer-list overload is Qt 6.6+).
void setTabChain(std::initializer_list<QWidget *> widgets);

QIcon themedIcon(const char *name, QStyle::StandardPixmap fallback, const QWidget *widget);

// The text of a password field as UTF-8 in a SecureBuffer; the field is emptied (with its undo history)
// and the QString/QByteArray copies made on the way are overwritten.
secrets::SecureBuffer takeSecretText(QLineEdit *edit);
// Overwrites the characters of `text` (when nobody else shares them) and empties it.
void wipeString(QString &text);

} // namespace fhw::gui
