# GUI tests of app/gui/tokens (included by tests/CMakeLists.txt).
