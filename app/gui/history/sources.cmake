# Sources of app/gui/history (included by app/gui/CMakeLists.txt; paths relative to app/gui/).
