# Sources of core/workspace (included by core/CMakeLists.txt; paths relative to core/).
