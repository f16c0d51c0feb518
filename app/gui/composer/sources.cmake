# Sources of app/gui/composer (included by app/gui/CMakeLists.txt; paths relative to app/gui/).
