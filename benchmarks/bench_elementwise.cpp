// The elementwise fusion engine against memcpy and hand-written loops (issue 3's cases).
//
// Every case runs for float32 and float64, at an out-of-cache size (1<<24 elements or
// 4096x4096, 64 or 128 MiB per array) and a cache-resident size (1<<14 elements or 128x128),
// as three benchmarks that share one set of inputs (see bench_common.hpp for names, fixtures
// and byte counts):
//   <case>/<dtype>/<size>/memcpy   memcpy of as many bytes as the case reads + writes
//   <case>/<dtype>/<size>/hand     the loop a good engineer writes by hand
//   <case>/<dtype>/<size>/nd       nd, written as a user would write it
// Cases (bytes per iteration = elements read + elements written, times itemsize):
//   triad        d.assign(a * b + c)                         4n
//   add          c.assign(a + b)                             3n
//   row_bcast    out.assign(m + row), (R,C) + (C,)           2RC + C
//   col_bcast    out.assign(m + col), (R,C) + (R,1)          2RC + R
//   bcast_3d_2d  out.assign(x + y), (P,R,C) + (R,C)          2PRC + RC
//   add_c_f      out.assign(a + b), a C order, b F order     3RC (out C order)
//   strided_add  out.assign(a[::2] + b[::2]), out contiguous 3(n/2), n = length of a
//   transpose    b.assign(a.T()), square                     2N^2
//   exp, sin     out.assign(nd::exp(x)), x in [-10, 10)      2n
//   logaddexp    out.assign(nd::logaddexp(x, y)), both in [-10, 10)   3n (16M only)
//   small_add    nd::array<float> c = a + b, 4 and 64 floats, allocation included: ns per call
// The hand loops: restrict pointers and plain loops that -O3 -march=native vectorizes; the
// transpose and the C+F add are 32x32-blocked; exp and sin are scalar std::exp / std::sin loops
// (what the goal compares against; without -ffast-math GCC does not vectorize them);
// logaddexp's is NumPy's formula on std::exp and std::log1p.
#include "bench_common.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

namespace {

using ndbench::case_key;
using ndbench::count_tag;
using ndbench::output;
using ndbench::shape_tag;
using ndbench::uniform;

constexpr std::ptrdiff_t large_n = std::ptrdiff_t{1} << 24;  // 16.7M elements: out of cache
constexpr std::ptrdiff_t small_n = std::ptrdiff_t{1} << 14;  // 16K elements: cache resident
constexpr std::ptrdiff_t large_side = 4096;                  // 4096^2 = large_n
constexpr std::ptrdiff_t small_side = 128;                   // 128^2 = small_n
constexpr std::ptrdiff_t tile = 32;                          // blocking of the hand loops

// ---- hand-written loops --------------------------------------------------------------------

template <class T>
void triad_hand(T* __restrict d, const T* __restrict a, const T* __restrict b, const T* __restrict c,
                std::ptrdiff_t n) {
    for (std::ptrdiff_t i = 0; i < n; ++i) d[i] = a[i] * b[i] + c[i];
}

template <class T>
void add_hand(T* __restrict c, const T* __restrict a, const T* __restrict b, std::ptrdiff_t n) {
    for (std::ptrdiff_t i = 0; i < n; ++i) c[i] = a[i] + b[i];
}

template <class T>
void row_bcast_hand(T* __restrict out, const T* __restrict m, const T* __restrict row, std::ptrdiff_t rows,
                    std::ptrdiff_t cols) {
    for (std::ptrdiff_t i = 0; i < rows; ++i) {
        T* __restrict o = out + i * cols;
        const T* __restrict x = m + i * cols;
        for (std::ptrdiff_t j = 0; j < cols; ++j) o[j] = x[j] + row[j];
    }
}

template <class T>
void col_bcast_hand(T* __restrict out, const T* __restrict m, const T* __restrict col, std::ptrdiff_t rows,
                    std::ptrdiff_t cols) {
    for (std::ptrdiff_t i = 0; i < rows; ++i) {
        T* __restrict o = out + i * cols;
        const T* __restrict x = m + i * cols;
        const T v = col[i];
        for (std::ptrdiff_t j = 0; j < cols; ++j) o[j] = x[j] + v;
    }
}

// (P, R*C) + (R*C,): the 2-d operand is one contiguous row repeated over the first axis.
template <class T>
void bcast_3d_2d_hand(T* __restrict out, const T* __restrict x, const T* __restrict y, std::ptrdiff_t planes,
                      std::ptrdiff_t plane) {
    for (std::ptrdiff_t p = 0; p < planes; ++p) {
        T* __restrict o = out + p * plane;
        const T* __restrict xp = x + p * plane;
        for (std::ptrdiff_t k = 0; k < plane; ++k) o[k] = xp[k] + y[k];
    }
}

// out (C order) = a (C order) + b (F order: element (i, j) at b_f[j * rows + i]), 32x32 tiles.
template <class T>
void add_c_f_hand(T* __restrict out, const T* __restrict a, const T* __restrict b_f, std::ptrdiff_t rows,
                  std::ptrdiff_t cols) {
    for (std::ptrdiff_t i0 = 0; i0 < rows; i0 += tile) {
        const std::ptrdiff_t i1 = std::min(i0 + tile, rows);
        for (std::ptrdiff_t j0 = 0; j0 < cols; j0 += tile) {
            const std::ptrdiff_t j1 = std::min(j0 + tile, cols);
            for (std::ptrdiff_t i = i0; i < i1; ++i)
                for (std::ptrdiff_t j = j0; j < j1; ++j) out[i * cols + j] = a[i * cols + j] + b_f[j * rows + i];
        }
    }
}

template <class T>
void strided_add_hand(T* __restrict out, const T* __restrict a, const T* __restrict b, std::ptrdiff_t n_out) {
    for (std::ptrdiff_t i = 0; i < n_out; ++i) out[i] = a[2 * i] + b[2 * i];
}

// out = in.T for an n x n C-order matrix, 32x32 tiles.
template <class T>
void transpose_hand(T* __restrict out, const T* __restrict in, std::ptrdiff_t n) {
    for (std::ptrdiff_t i0 = 0; i0 < n; i0 += tile) {
        const std::ptrdiff_t i1 = std::min(i0 + tile, n);
        for (std::ptrdiff_t j0 = 0; j0 < n; j0 += tile) {
            const std::ptrdiff_t j1 = std::min(j0 + tile, n);
            for (std::ptrdiff_t i = i0; i < i1; ++i)
                for (std::ptrdiff_t j = j0; j < j1; ++j) out[i * n + j] = in[j * n + i];
        }
    }
}

template <class T>
void exp_hand(T* __restrict out, const T* __restrict x, std::ptrdiff_t n) {
    for (std::ptrdiff_t i = 0; i < n; ++i) out[i] = std::exp(x[i]);
}

// NumPy's logaddexp formula (npy_logaddexp) on glibc's exp and log1p.
template <class T>
void logaddexp_hand(T* __restrict out, const T* __restrict x, const T* __restrict y, std::ptrdiff_t n) {
    for (std::ptrdiff_t i = 0; i < n; ++i) {
        const T a = x[i], b = y[i];
        if (a == b) {
            out[i] = a + T(0.693147180559945309417232121458176568);
        } else {
            const T distance = a - b;
            out[i] = distance > 0 ? a + std::log1p(std::exp(-distance)) : distance <= 0 ? b + std::log1p(std::exp(distance)) : distance;
        }
    }
}

template <class T>
void sin_hand(T* __restrict out, const T* __restrict x, std::ptrdiff_t n) {
    for (std::ptrdiff_t i = 0; i < n; ++i) out[i] = std::sin(x[i]);
}

// ---- registration --------------------------------------------------------------------------

// Registers the memcpy, hand and nd benchmarks of one case. `make()` builds the fixture (once,
// outside the timed loops); `hand(f)` and `nd_impl(f)` run one iteration and return the output's
// data pointer; the output has `out_count` elements. Once per case, after its timed loop, the nd
// benchmark checks its output against the hand loop's.
template <class Fixture, class Make, class Hand, class Nd>
void add_case(const std::string& key, std::int64_t bytes, std::ptrdiff_t out_count, Make make, Hand hand, Nd nd_impl) {
    ndbench::case_registration registration(key, ndbench::unit_for_bytes(bytes));
    registration.add("memcpy", [bytes](benchmark::State& state) {
        ndbench::memcpy_baseline(state, bytes);
    });
    registration.add("hand", [key, bytes, make, hand](benchmark::State& state) {
        Fixture& f = ndbench::fixture<Fixture>(key, make);
        for (auto _ : state) {
            benchmark::DoNotOptimize(hand(f));
            benchmark::ClobberMemory();
        }
        ndbench::set_bytes(state, bytes);
    });
    registration.add("nd", [key, bytes, out_count, make, hand, nd_impl](benchmark::State& state) {
        Fixture& f = ndbench::fixture<Fixture>(key, make);
        for (auto _ : state) {
            benchmark::DoNotOptimize(nd_impl(f));
            benchmark::ClobberMemory();
        }
        ndbench::set_bytes(state, bytes);
        if (ndbench::first_time(key)) {
            const auto* out = nd_impl(f);
            const std::vector<std::remove_cvref_t<decltype(*out)>> nd_result(out, out + out_count);
            const std::string mismatch = ndbench::compare_results(nd_result.data(), hand(f), out_count);
            if (!mismatch.empty()) state.SkipWithError(mismatch.c_str());
        }
    });
    registration.register_rounds();
}

template <class T>
constexpr std::int64_t isize = static_cast<std::int64_t>(sizeof(T));

template <class T>
void triad(std::ptrdiff_t n) {
    struct fixture {
        nd::array<T> a, b, c, d;
    };
    add_case<fixture>(
        case_key<T>("triad", count_tag(n)), 4 * n * isize<T>, n,
        [n] {
            return fixture{uniform<T>({n}, 0.5, 1.5, 1), uniform<T>({n}, 0.5, 1.5, 2), uniform<T>({n}, -1, 1, 3),
                           output<T>({n})};
        },
        [n](fixture& f) {
            triad_hand(f.d.data(), f.a.data(), f.b.data(), f.c.data(), n);
            return f.d.data();
        },
        [](fixture& f) {
            f.d.assign(f.a * f.b + f.c);
            return f.d.data();
        });
}

template <class T>
void add(std::ptrdiff_t n) {
    struct fixture {
        nd::array<T> a, b, c;
    };
    add_case<fixture>(
        case_key<T>("add", count_tag(n)), 3 * n * isize<T>, n,
        [n] {
            return fixture{uniform<T>({n}, -1, 1, 4), uniform<T>({n}, -1, 1, 5), output<T>({n})};
        },
        [n](fixture& f) {
            add_hand(f.c.data(), f.a.data(), f.b.data(), n);
            return f.c.data();
        },
        [](fixture& f) {
            f.c.assign(f.a + f.b);
            return f.c.data();
        });
}

template <class T>
void row_bcast(std::ptrdiff_t rows, std::ptrdiff_t cols) {
    struct fixture {
        nd::array<T> m, row, out;
    };
    add_case<fixture>(
        case_key<T>("row_bcast", shape_tag({rows, cols})), (2 * rows * cols + cols) * isize<T>, rows * cols,
        [=] {
            return fixture{uniform<T>({rows, cols}, -1, 1, 6), uniform<T>({cols}, -1, 1, 7), output<T>({rows, cols})};
        },
        [=](fixture& f) {
            row_bcast_hand(f.out.data(), f.m.data(), f.row.data(), rows, cols);
            return f.out.data();
        },
        [](fixture& f) {
            f.out.assign(f.m + f.row);
            return f.out.data();
        });
}

template <class T>
void col_bcast(std::ptrdiff_t rows, std::ptrdiff_t cols) {
    struct fixture {
        nd::array<T> m, col, out;
    };
    add_case<fixture>(
        case_key<T>("col_bcast", shape_tag({rows, cols})), (2 * rows * cols + rows) * isize<T>, rows * cols,
        [=] {
            return fixture{uniform<T>({rows, cols}, -1, 1, 8), uniform<T>({rows, 1}, -1, 1, 9),
                           output<T>({rows, cols})};
        },
        [=](fixture& f) {
            col_bcast_hand(f.out.data(), f.m.data(), f.col.data(), rows, cols);
            return f.out.data();
        },
        [](fixture& f) {
            f.out.assign(f.m + f.col);
            return f.out.data();
        });
}

template <class T>
void bcast_3d_2d(std::ptrdiff_t planes, std::ptrdiff_t rows, std::ptrdiff_t cols) {
    struct fixture {
        nd::array<T> x, y, out;
    };
    add_case<fixture>(
        case_key<T>("bcast_3d_2d", shape_tag({planes, rows, cols})),
        (2 * planes * rows * cols + rows * cols) * isize<T>, planes * rows * cols,
        [=] {
            return fixture{uniform<T>({planes, rows, cols}, -1, 1, 10), uniform<T>({rows, cols}, -1, 1, 11),
                           output<T>({planes, rows, cols})};
        },
        [=](fixture& f) {
            bcast_3d_2d_hand(f.out.data(), f.x.data(), f.y.data(), planes, rows * cols);
            return f.out.data();
        },
        [](fixture& f) {
            f.out.assign(f.x + f.y);
            return f.out.data();
        });
}

template <class T>
void add_c_f(std::ptrdiff_t rows, std::ptrdiff_t cols) {
    struct fixture {
        nd::array<T> a, b, out;
    };
    add_case<fixture>(
        case_key<T>("add_c_f", shape_tag({rows, cols})), 3 * rows * cols * isize<T>, rows * cols,
        [=] {
            return fixture{uniform<T>({rows, cols}, -1, 1, 12), uniform<T>({rows, cols}, -1, 1, 13, nd::order::F),
                           output<T>({rows, cols})};
        },
        [=](fixture& f) {
            add_c_f_hand(f.out.data(), f.a.data(), f.b.data(), rows, cols);
            return f.out.data();
        },
        [](fixture& f) {
            f.out.assign(f.a + f.b);
            return f.out.data();
        });
}

template <class T>
void strided_add(std::ptrdiff_t n) {
    struct fixture {
        nd::array<T> a, b, out;
    };
    const std::ptrdiff_t half = n / 2;
    add_case<fixture>(
        case_key<T>("strided_add", count_tag(n)), 3 * half * isize<T>, half,
        [=] {
            return fixture{uniform<T>({n}, -1, 1, 14), uniform<T>({n}, -1, 1, 15), output<T>({half})};
        },
        [=](fixture& f) {
            strided_add_hand(f.out.data(), f.a.data(), f.b.data(), half);
            return f.out.data();
        },
        [](fixture& f) {
            const nd::slice every_other(nd::none, nd::none, 2);
            f.out.assign(f.a(every_other) + f.b(every_other));
            return f.out.data();
        });
}

template <class T>
void transpose(std::ptrdiff_t side) {
    struct fixture {
        nd::array<T> a, b;
    };
    add_case<fixture>(
        case_key<T>("transpose", shape_tag({side, side})), 2 * side * side * isize<T>, side * side,
        [=] {
            return fixture{uniform<T>({side, side}, -1, 1, 16), output<T>({side, side})};
        },
        [=](fixture& f) {
            transpose_hand(f.b.data(), f.a.data(), side);
            return f.b.data();
        },
        [](fixture& f) {
            f.b.assign(f.a.T());
            return f.b.data();
        });
}

template <class T>
void exp_case(std::ptrdiff_t n) {
    struct fixture {
        nd::array<T> x, out;
    };
    add_case<fixture>(
        case_key<T>("exp", count_tag(n)), 2 * n * isize<T>, n,
        [n] {
            return fixture{uniform<T>({n}, -10, 10, 17), output<T>({n})};
        },
        [n](fixture& f) {
            exp_hand(f.out.data(), f.x.data(), n);
            return f.out.data();
        },
        [](fixture& f) {
            f.out.assign(nd::exp(f.x));
            return f.out.data();
        });
}

template <class T>
void sin_case(std::ptrdiff_t n) {
    struct fixture {
        nd::array<T> x, out;
    };
    add_case<fixture>(
        case_key<T>("sin", count_tag(n)), 2 * n * isize<T>, n,
        [n] {
            return fixture{uniform<T>({n}, -10, 10, 18), output<T>({n})};
        },
        [n](fixture& f) {
            sin_hand(f.out.data(), f.x.data(), n);
            return f.out.data();
        },
        [](fixture& f) {
            f.out.assign(nd::sin(f.x));
            return f.out.data();
        });
}

template <class T>
void logaddexp_case(std::ptrdiff_t n) {
    struct fixture {
        nd::array<T> x, y, out;
    };
    add_case<fixture>(
        case_key<T>("logaddexp", count_tag(n)), 3 * n * isize<T>, n,
        [n] {
            return fixture{uniform<T>({n}, -10, 10, 29), uniform<T>({n}, -10, 10, 30), output<T>({n})};
        },
        [n](fixture& f) {
            logaddexp_hand(f.out.data(), f.x.data(), f.y.data(), n);
            return f.out.data();
        },
        [](fixture& f) {
            f.out.assign(nd::logaddexp(f.x, f.y));
            return f.out.data();
        });
}

// c = a + b on n floats, allocating c every call: nanoseconds per call (no bytes are set).
//   memcpy: allocate 3n/2 floats and memcpy 3n/2 floats into them (the same bytes moved)
//   hand:   std::vector<float> c(n) and a loop
//   nd:     nd::array<float> c = a + b;
void small_add(std::ptrdiff_t n) {
    struct fixture {
        nd::array<float> a, b;
    };
    const std::string key = case_key<float>("small_add", count_tag(n));
    auto make = [n] { return fixture{uniform<float>({n}, -1, 1, 19), uniform<float>({n}, -1, 1, 20)}; };
    ndbench::case_registration registration(key);
    registration.add("memcpy", [n](benchmark::State& state) {
        const std::ptrdiff_t m = 3 * n / 2;
        std::vector<float> source(static_cast<std::size_t>(m), 1.5f);
        for (auto _ : state) {
            std::unique_ptr<float[]> c(new float[static_cast<std::size_t>(m)]);
            std::memcpy(c.get(), source.data(), static_cast<std::size_t>(m) * sizeof(float));
            benchmark::DoNotOptimize(c.get());
            benchmark::ClobberMemory();
        }
    });
    registration.add("hand", [key, n, make](benchmark::State& state) {
        fixture& f = ndbench::fixture<fixture>(key, make);
        const float* __restrict a = f.a.data();
        const float* __restrict b = f.b.data();
        for (auto _ : state) {
            std::vector<float> c(static_cast<std::size_t>(n));
            float* __restrict out = c.data();
            for (std::ptrdiff_t i = 0; i < n; ++i) out[i] = a[i] + b[i];
            benchmark::DoNotOptimize(c.data());
            benchmark::ClobberMemory();
        }
    });
    registration.add("nd", [key, make](benchmark::State& state) {
        fixture& f = ndbench::fixture<fixture>(key, make);
        for (auto _ : state) {
            nd::array<float> c = f.a + f.b;
            benchmark::DoNotOptimize(c.data());
            benchmark::ClobberMemory();
        }
    });
    registration.register_rounds();
}

// Registration in table order: each case for f32 then f64, out-of-cache size first.
template <class Register>
void for_each_type(Register&& register_case) {
    register_case.template operator()<float>();
    register_case.template operator()<double>();
}

[[maybe_unused]] const bool registered = [] {
    for_each_type([]<class T>() {
        triad<T>(large_n);
        triad<T>(small_n);
    });
    for_each_type([]<class T>() {
        add<T>(large_n);
        add<T>(small_n);
    });
    for_each_type([]<class T>() {
        row_bcast<T>(large_side, large_side);
        row_bcast<T>(small_side, small_side);
    });
    for_each_type([]<class T>() {
        col_bcast<T>(large_side, large_side);
        col_bcast<T>(small_side, small_side);
    });
    for_each_type([]<class T>() {
        bcast_3d_2d<T>(64, 512, 512);
        bcast_3d_2d<T>(4, 64, 64);
    });  // 16M and 16K elements
    for_each_type([]<class T>() {
        add_c_f<T>(large_side, large_side);
        add_c_f<T>(small_side, small_side);
    });
    for_each_type([]<class T>() {
        strided_add<T>(large_n);
        strided_add<T>(small_n);
    });
    for_each_type([]<class T>() {
        transpose<T>(large_side);
        transpose<T>(small_side);
    });
    for_each_type([]<class T>() {
        exp_case<T>(large_n);
        exp_case<T>(small_n);
    });
    for_each_type([]<class T>() {
        sin_case<T>(large_n);
        sin_case<T>(small_n);
    });
    for_each_type([]<class T>() { logaddexp_case<T>(large_n); });
    small_add(4);
    small_add(64);
    return true;
}();

}  // namespace
