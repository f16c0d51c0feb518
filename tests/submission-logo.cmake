# Logo check tests (included by tests/CMakeLists.txt). Both start child processes: the real renderer
# (fhw-logo-render), a misbehaving stand-in for it, and fhw.
add_executable(fake-logo-renderer integration/fakelogorenderer.cpp)
target_link_libraries(fake-logo-renderer PRIVATE fhw_options)

fhw_add_test(tst_logocheck integration)
# QImage/QPainter to draw synthetic renders and decode the previews; zlib to make the .svgz bomb.
target_link_libraries(tst_logocheck PRIVATE Qt6::Gui ZLIB::ZLIB)
add_dependencies(tst_logocheck fhw-logo-render fake-logo-renderer)
target_compile_definitions(tst_logocheck PRIVATE
    FHW_LOGO_RENDERER_PATH="$<TARGET_FILE:fhw-logo-render>"
    FHW_FAKE_RENDERER_PATH="$<TARGET_FILE:fake-logo-renderer>")

fhw_add_test(tst_logocheckcli integration integration/processrun.h integration/processrun.cpp)
target_link_libraries(tst_logocheckcli PRIVATE Qt6::Gui)
add_dependencies(tst_logocheckcli fhw fhw-logo-render)
target_compile_definitions(tst_logocheckcli PRIVATE FHW_CLI_PATH="$<TARGET_FILE:fhw>")
