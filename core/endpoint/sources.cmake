# Sources of core/endpoint (included by core/CMakeLists.txt; paths relative to core/).
target_sources(firehose_core PRIVATE
    endpoint/endpointconfig.h
    endpoint/exchange.h
    endpoint/capturelog.h endpoint/capturelog.cpp
    endpoint/referenceresponder.h endpoint/referenceresponder.cpp
    endpoint/endpoint.h endpoint/endpoint.cpp
    endpoint/endpoint_p.h endpoint/endpointhandler.cpp
    endpoint/router_p.h endpoint/router.cpp
    endpoint/faultinjector_p.h endpoint/faultinjector.cpp
    endpoint/resumetimer_p.h endpoint/resumetimer.cpp
    endpoint/random_p.h
    endpoint/lambdainvoke_p.h endpoint/lambdainvoke.cpp endpoint/invokehandler.cpp
)
