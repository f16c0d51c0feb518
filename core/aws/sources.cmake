# Sources of core/aws (included by core/CMakeLists.txt; paths relative to core/).
target_sources(firehose_core PRIVATE
    aws/sigv4.h aws/sigv4.cpp
    aws/credentials.h aws/credentials.cpp aws/credentialskeychain.cpp
    aws/lambda.h aws/lambda.cpp
)
