#pragma once

#include "submission/cookiesync.h"

#include <QWidget>

#include <map>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace fhw::gui {

// Section 3c (optional): the questions mParticle asks a partner with a Cookie Sync integration, as a
// form; checked as you type (checkCookieSync). Left at its defaults it adds nothing to the bundle.
class CookieSyncSection : public QWidget
{
    Q_OBJECT

public:
    explicit CookieSyncSection(QWidget *parent = nullptr);

    submission::CookieSyncAnswers answers() const;
    void setAnswers(const submission::CookieSyncAnswers &answers);

Q_SIGNALS:
    void changed();

private:
    void revalidate();

    QLineEdit *m_endpointUrl;
    QComboBox *m_provideRedirect;
    QComboBox *m_separateUrls;
    std::map<submission::Pod, QLineEdit *> m_podUrls;
    QLineEdit *m_macro;
    QSpinBox *m_frequency;
    QPlainTextEdit *m_extraParameters;
    QPlainTextEdit *m_redirectExample;
    QComboBox *m_accepts204;
    QComboBox *m_errorCodesInRedirect;
    QLineEdit *m_errorCodes;
    QPlainTextEdit *m_notes;
    QLabel *m_findings;
};

} // namespace fhw::gui
