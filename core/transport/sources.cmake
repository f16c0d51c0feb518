# Sources of core/transport (included by core/CMakeLists.txt; paths relative to core/).
target_sources(firehose_core PRIVATE
    transport/target.h transport/target.cpp
    transport/retrypolicy.h transport/retrypolicy.cpp
    transport/sendresult.h transport/sendresult.cpp
    transport/httpsender.h transport/httpsender.cpp
    transport/httpsender_p.h
    transport/transfer.cpp
    transport/tlsinspect.cpp
    transport/completion.cpp
    transport/lambdarequest.cpp
    transport/curlcommand.h transport/curlcommand.cpp
)
