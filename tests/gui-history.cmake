# GUI tests of app/gui/history (included by tests/CMakeLists.txt).
