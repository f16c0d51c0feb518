# Sources of core/readiness, load side (included by readiness/sources.cmake; paths relative to core/).

# The latency histogram (HdrHistogram), its interval log, the mix, the verdict and the reports.
target_sources(firehose_core PRIVATE
    readiness/mix.h readiness/mix.cpp
    readiness/latencyhistogram.h readiness/latencyhistogram_p.h
    readiness/latencyhistogram.cpp readiness/latencyhistogramcodec.cpp
    readiness/histogramlog.h readiness/histogramlog.cpp
    readiness/loadsettings.h
    readiness/loadresult.h readiness/loadresult.cpp
    readiness/loadreport.h readiness/loadreport_p.h readiness/loadreport.cpp readiness/loadreportsvg.cpp
)
target_link_libraries(firehose_core PRIVATE ZLIB::ZLIB)

# The load engine: an open-model schedule over our own epoll HTTP/1.1 client.
target_sources(firehose_core PRIVATE
    readiness/loadrun.h readiness/loadrun.cpp
    readiness/loadschedule_p.h
    readiness/loadplan_p.h readiness/loadplan.cpp
    readiness/loadtls_p.h readiness/loadtls.cpp
    readiness/loadresponseparser_p.h readiness/loadresponseparser.cpp
    readiness/loadconnection_p.h readiness/loadconnection.cpp
    readiness/loadcollector_p.h readiness/loadcollector.cpp
    readiness/loadengine_p.h readiness/loadengine.cpp readiness/loadengineaccounting.cpp
)
