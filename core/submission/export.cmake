# Sources of core/submission, export side: registration export, endpoints, Cookie Sync answers, the bundle
# (included by core/CMakeLists.txt; paths relative to core/). The logo check lists its own in sources.cmake.
target_sources(firehose_core PRIVATE
    submission/htmlsanitizer.h submission/htmlsanitizer.cpp
    submission/jsonaccess_p.h
    submission/registrationwords_p.h submission/registrationwords.cpp
    submission/registrationsummary_p.h submission/registrationsummary.cpp
    submission/registrationexport.h submission/registrationexport.cpp submission/registrationdata.cpp
    submission/registrationsource.h submission/registrationsource.cpp
    submission/endpoints.h submission/endpoints.cpp
    submission/cookiesync.h submission/cookiesync.cpp
    submission/digest_p.h submission/digest.cpp
    submission/openpgp_p.h submission/openpgp.cpp
    submission/publickey.h submission/publickey.cpp
    submission/secretscan.h submission/secretscan.cpp
    submission/bundlezip_p.h submission/bundlezip.cpp
    submission/bundle.h submission/bundle.cpp submission/bundlechecklist.cpp
    submission/bundlelogo.h submission/bundlelogo.cpp
)
