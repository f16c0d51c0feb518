# Sources of core/readiness (included by core/CMakeLists.txt; paths relative to core/).
# Each part lists its own, so the parts can grow in parallel.
include(readiness/load.cmake)
include(readiness/conformance.cmake)
include(readiness/locust.cmake)
