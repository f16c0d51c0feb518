# Sources of core/readiness (locust part; paths relative to core/).
target_sources(firehose_core PRIVATE
    readiness/locustexport.h readiness/locustexport.cpp
    readiness/locustruntime_p.h
)
