#pragma once

#include "formpage.h"

class QLabel;

namespace fhw::gui {

// The subject identities of a DSR request: {type: {encoding: "raw", value}} as Type | Value rows.
class SubjectIdentityEditor : public form::TableEditor
{
    Q_OBJECT

public:
    explicit SubjectIdentityEditor(QWidget *parent = nullptr);
    void reload() override;

protected:
    void addRow() override;
    void write() override;
};

// module_registration_request: the envelope is all it has.
class RegistrationForm : public FormPage
{
    Q_OBJECT

public:
    explicit RegistrationForm(QWidget *parent = nullptr);
    void reload() override;

private:
    EnvelopeBox *m_envelope;
};

// dsr_processing_request: the key fields and the subject identities.
class DsrForm : public FormPage
{
    Q_OBJECT

public:
    explicit DsrForm(QWidget *parent = nullptr);
    void reload() override;

private:
    EnvelopeBox *m_envelope;
    SubjectIdentityEditor *m_subjects;
};

// Message types without a form (the responses): says so, and the envelope.
class NoFormPage : public FormPage
{
    Q_OBJECT

public:
    explicit NoFormPage(QWidget *parent = nullptr);
    void setTypeName(const QString &name);
    void reload() override;

private:
    QLabel *m_label;
    EnvelopeBox *m_envelope;
};

} // namespace fhw::gui
