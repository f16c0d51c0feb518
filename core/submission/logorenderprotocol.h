#pragma once

// What the logo check (core/submission/logorender.cpp) and its child, fhw-logo-render (app/logorender),
// say to each other. Header-only, so the renderer does not link firehose_core.
//
//   fhw-logo-render WIDTH HEIGHT  < file.svg  > header + pixels
//
// stdout on success: the 8-byte magic, the width and the height as 4-byte native-endian unsigned
// integers, then WIDTH*HEIGHT native-endian 0xAARRGGBB words (non-premultiplied, QImage::Format_ARGB32),
// row by row. Both ends run on the same machine, so native byte order is safe.

#include <cstdint>

namespace fhw::submission::logorender {

inline constexpr char magic[8] = {'F', 'H', 'W', 'L', 'O', 'G', 'O', '1'};
inline constexpr int headerBytes = 16;
inline constexpr int maxSide = 4096;                             // the renderer refuses larger sizes
inline constexpr std::int64_t maxInputBytes = 5 * 1024 * 1024;   // the same cap as the scan

// Exit codes besides 0 (anything else, or a signal, counts as a crash or failure).
inline constexpr int exitUsage = 2;       // bad arguments, or input past maxInputBytes
inline constexpr int exitInvalidSvg = 3;  // QtSvg would not load the file
inline constexpr int exitNoMemory = 4;    // the image could not be allocated

} // namespace fhw::submission::logorender
