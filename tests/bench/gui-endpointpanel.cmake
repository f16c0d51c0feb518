# The endpoint panel under load (offscreen, run by hand; see README.md): bench_endpointpanel.
add_executable(bench_endpointpanel bench_endpointpanel.cpp)
target_link_libraries(bench_endpointpanel PRIVATE fhw_options firehose_gui PkgConfig::CURL)
