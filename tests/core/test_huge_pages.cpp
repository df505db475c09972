// Buffers of nd::detail::huge_page_advice_bytes or more ask Linux for transparent huge pages
// (madvise MADV_HUGEPAGE), as NumPy's allocator does: the mapping that holds such an array's
// elements carries the kernel's "hg" flag in /proc/self/smaps. Whether the kernel then backs
// it with huge pages depends on its settings, so only the request is checked, and only where
// the kernel has transparent huge pages at all.
#include <catch2/catch.hpp>

#include <nd/nd.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

// The VmFlags line of the mapping of /proc/self/smaps that contains `address`, or "" if none.
std::string mapping_flags(const void* address) {
    const auto target = reinterpret_cast<std::uintptr_t>(address);
    std::ifstream smaps("/proc/self/smaps");
    std::string line;
    bool inside = false;
    while (std::getline(smaps, line)) {
        std::uintptr_t low = 0, high = 0;
        char dash = 0;
        std::istringstream range(line);
        if (range >> std::hex >> low >> dash >> high && dash == '-' && line.find(':') > line.find(' ')) {
            inside = low <= target && target < high;
            continue;
        }
        if (inside && line.rfind("VmFlags:", 0) == 0) return line;
    }
    return "";
}

bool has_flag(const std::string& flags, const std::string& flag) { return (flags + " ").find(" " + flag + " ") != std::string::npos; }

}  // namespace

TEST_CASE("large arrays ask for transparent huge pages, and keep their values", "[core][buffer]") {
    const std::ptrdiff_t count = static_cast<std::ptrdiff_t>(nd::detail::huge_page_advice_bytes / sizeof(double)) * 2;
    nd::array<double> large = nd::arange<double>(static_cast<double>(count));
    CHECK(large.data()[0] == 0.0);
    CHECK(large.data()[count - 1] == static_cast<double>(count - 1));
    CHECK(nd::sum(large) == static_cast<double>(count) * static_cast<double>(count - 1) / 2);
#if defined(__linux__)
    if (std::filesystem::exists("/sys/kernel/mm/transparent_hugepage/enabled")) {
        const std::string flags = mapping_flags(large.data() + count / 2);
        INFO("the mapping's " << flags);
        REQUIRE(!flags.empty());
        CHECK(has_flag(flags, "hg"));
    }
#endif
}
