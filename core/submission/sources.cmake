# Sources of core/submission (included by core/CMakeLists.txt; paths relative to core/).
target_sources(firehose_core PRIVATE
    submission/logoreport.h submission/logoreport.cpp
    submission/logocheck.h submission/logocheck.cpp
    submission/logoscan.cpp submission/logoscan_p.h submission/logoscanvalues.cpp
    submission/logorender.cpp submission/logorenderprotocol.h
    submission/logoanalysis.cpp
)
# QImage (pixel analysis, PNG previews) needs QtGui. QtSvg itself is only linked by the renderer
# executable (app/logorender): core never parses an SVG with QtSvg, so a hostile file cannot reach it here.
target_link_libraries(firehose_core PRIVATE Qt6::Gui)

# Where the renderer lands in this build tree: the last place findLogoRenderer() looks, so the window and
# fhw find it without installing (installed, it sits in libexec/ beside bin/; see logocheck.h).
include(GNUInstallDirs)
file(RELATIVE_PATH FHW_BIN_TO_LIBEXEC "/${CMAKE_INSTALL_BINDIR}" "/${CMAKE_INSTALL_LIBEXECDIR}")
set_property(SOURCE submission/logorender.cpp APPEND PROPERTY COMPILE_DEFINITIONS
    FHW_LOGO_RENDERER_BUILD_PATH="$<TARGET_FILE:fhw-logo-render>"
    FHW_BIN_TO_LIBEXEC="${FHW_BIN_TO_LIBEXEC}")
