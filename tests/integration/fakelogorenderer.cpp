// A stand-in for fhw-logo-render that misbehaves on purpose, so tst_logocheck can see how the logo check
// copes with a renderer that crashes, hangs, lies or tries to take memory. Built only for the tests; the
// mode comes from FHW_FAKE_RENDERER_MODE (the real renderer reads no such variable).

#include <sys/resource.h>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

namespace {

void drainInput()
{
    char buffer[65536];
    while (std::fread(buffer, 1, sizeof buffer, stdin) > 0) {
    }
}

unsigned long long limitOf(int resource)
{
    rlimit limit{};
    getrlimit(resource, &limit);
    return limit.rlim_cur;
}

int writeImage(std::uint32_t width, std::uint32_t height, std::uint32_t pixel, std::uint64_t pixelCount)
{
    const char magic[8] = {'F', 'H', 'W', 'L', 'O', 'G', 'O', '1'};
    const std::uint32_t size[2] = {width, height};
    std::fwrite(magic, 1, sizeof magic, stdout);
    std::fwrite(size, 1, sizeof size, stdout);
    for (std::uint64_t i = 0; i < pixelCount; ++i)
        std::fwrite(&pixel, 1, sizeof pixel, stdout);
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    const char *modeVariable = std::getenv("FHW_FAKE_RENDERER_MODE");
    const std::string mode = modeVariable ? modeVariable : "";
    if (argc != 3)
        return 2;
    const std::uint32_t width = std::uint32_t(std::strtoul(argv[1], nullptr, 10));
    const std::uint32_t height = std::uint32_t(std::strtoul(argv[2], nullptr, 10));
    const std::uint64_t pixels = std::uint64_t(width) * height;

    if (mode == "crash-before-reading")
        std::raise(SIGSEGV);
    drainInput();
    if (mode == "crash")
        std::raise(SIGSEGV);
    if (mode == "hang") {
        for (;;)
            std::this_thread::sleep_for(std::chrono::seconds(1));
    }
    if (mode == "garbage") {
        std::fputs("this is not an image", stdout);
        return 0;
    }
    if (mode == "short")
        return writeImage(width, height, 0, pixels / 2);
    if (mode == "wrong-size")
        return writeImage(width + 1, height, 0, pixels);
    if (mode == "invalid")
        return 3;
    if (mode == "status") {
        std::fputs("fake renderer: something went wrong\n", stderr);
        return 9;
    }
    if (mode == "limits") {
        // Reported through stderr, which the logo check quotes in its logo.render-failed message.
        std::fprintf(stderr, "limits as=%llu cpu=%llu core=%llu fsize=%llu\n", limitOf(RLIMIT_AS), limitOf(RLIMIT_CPU),
                     limitOf(RLIMIT_CORE), limitOf(RLIMIT_FSIZE));
        return 9;
    }
    if (mode == "hog") {
        // Asks for 2 GiB without touching it: only the memory cap can refuse it.
        void *block = std::malloc(std::size_t(2) << 30);
        std::fputs(block ? "allocation granted\n" : "allocation refused\n", stderr);
        std::free(block);
        return 9;
    }
    if (mode == "opaque-black")
        return writeImage(width, height, 0xff000000u, pixels);
    return writeImage(width, height, 0, pixels); // "transparent" and anything else
}
