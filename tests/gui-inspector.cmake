# GUI tests of app/gui/inspector (included by tests/CMakeLists.txt).
