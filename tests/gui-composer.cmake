# GUI tests of app/gui/composer (included by tests/CMakeLists.txt).
