# The composer with a 10 MB event batch (offscreen): load, highlight, validate, and the worst GUI stall.
add_executable(bench_composer bench_composer.cpp)
target_link_libraries(bench_composer PRIVATE fhw_options firehose_gui)
