# Sources of core/interop (included by core/CMakeLists.txt; paths relative to core/).
target_sources(firehose_core PRIVATE
    interop/postman.h interop/postmanexport.cpp interop/postmanimport.cpp
    interop/har.h interop/har.cpp
)
