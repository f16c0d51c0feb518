# The endpoint panel under load (offscreen, run by hand; usage at the top of bench_endpointpanel.cpp).
add_executable(bench_endpointpanel bench_endpointpanel.cpp)
target_link_libraries(bench_endpointpanel PRIVATE fhw_options firehose_gui PkgConfig::CURL)
