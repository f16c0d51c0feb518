# Sources of core/readiness (conformance part; paths relative to core/).
target_sources(firehose_core PRIVATE
    readiness/conformance.h readiness/conformancereport.h
    readiness/conformance_p.h readiness/conformancebodies_p.h
    readiness/conformance.cpp
    readiness/conformancecontext.cpp
    readiness/conformancebodies.cpp
    readiness/conformancejudge.cpp
    readiness/conformancelambda.cpp
    readiness/conformancechecks_registration.cpp
    readiness/conformancechecks_capabilities.cpp
    readiness/conformancechecks_auth.cpp
    readiness/conformancechecks_robustness.cpp
    readiness/conformancechecks_transport.cpp
    readiness/conformancereport.cpp
    readiness/conformancereportjson.cpp
    readiness/conformancejunit.cpp
)
