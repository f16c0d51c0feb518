# Sources of app/gui/inspector (included by app/gui/CMakeLists.txt; paths relative to app/gui/).
