# One options target that every project target links (habit from qBittorrent's CommonConfig).
add_library(fhw_options INTERFACE)
target_compile_features(fhw_options INTERFACE cxx_std_23)
set_target_properties(fhw_options PROPERTIES INTERFACE_CXX_EXTENSIONS OFF)
target_compile_options(fhw_options INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
    -Woverloaded-virtual -Wformat=2 -Wimplicit-fallthrough
    # GCC 12 reports a false -Wrestrict inside std::string's operator+ at -O2 (GCC bug 105329).
    $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>)
target_compile_definitions(fhw_options INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CONTEXTLESS_CONNECT
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_DISABLE_DEPRECATED_BEFORE=0x060400
    FHW_VERSION="${PROJECT_VERSION}")
