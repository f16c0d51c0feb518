# A history of 100,000 entries in the history panel (offscreen, run by hand; see README.md): bench_history.
add_executable(bench_history bench_history.cpp)
target_link_libraries(bench_history PRIVATE fhw_options firehose_gui)
