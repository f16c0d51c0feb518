#pragma once

class QWidget;

namespace fhw::gui {

class JsonEditor;

namespace detail {
// The line-number gutter, painted by the editor (jsoneditorview.cpp).
QWidget *createGutter(JsonEditor *editor);
} // namespace detail

} // namespace fhw::gui
