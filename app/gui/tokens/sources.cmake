# Sources of app/gui/tokens (included by app/gui/CMakeLists.txt; paths relative to app/gui/).
