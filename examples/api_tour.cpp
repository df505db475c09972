// API.md's creation, attribute, element-access, view, advanced-indexing, printing, structured-record and sorting lines,
// each printed the way the NumPy twin (examples/python/api_tour.py) prints it.
#include <nd/nd.hpp>

#include <cmath>
#include <cstdint>
#include <iomanip>
#include <iostream>

namespace {
const char* python_bool(bool value) { return value ? "True" : "False"; }

// A record: np.dtype([('name', 'S10'), ('age', 'i4'), ('score', 'f8')], align=True).
struct student { nd::fixed_string<10> name; std::int32_t age; double score; };
ND_RECORD(student, name, age, score);
} // namespace

int main() {
    // ---- creation
    nd::array<float>  a = nd::arange<float>(10);
    nd::array<double> r = nd::arange<double>(2.0, 8.0, 0.5);
    auto z = nd::zeros<double>({1000, 1000}, nd::order::F);
    auto o = nd::ones<double>({1000000});
    auto e = nd::empty_like(o);
    auto f = nd::full<int>({2, 3}, 7);
    auto l = nd::linspace<double>(0.0, 1.0, 11);
    auto I = nd::eye<double>(3);
    nd::array<int> m = {{10, 20, 30}, {40, 50, 60}};
    auto c = nd::zeros_like(m); auto u = nd::ones_like(m);
    std::cout << a << '\n' << r << '\n' << z.shape() << ' ' << python_bool(z.flags().f_contiguous) << '\n';
    std::cout << o(nd::slice(3)) << ' ' << e.shape() << '\n';
    std::cout << f << '\n' << l << '\n' << I << '\n' << m << '\n' << c << '\n' << u << '\n';

    // ---- attributes
    std::cout << m.ndim() << ' ' << m.size() << ' ' << m.shape() << ' ' << m.shape(0) << '\n';
    std::cout << m.strides() << '\n';
    std::cout << m.itemsize() << ' ' << m.nbytes() << '\n';
    std::cout << python_bool(m.flags().c_contiguous) << ' ' << python_bool(m.flags().f_contiguous) << ' '
              << python_bool(m.flags().owndata) << ' ' << python_bool(m.flags().writeable) << '\n';

    // ---- element access
    m(1, 2) = 5;
    std::cout << m.at(-1, 2) << '\n';

    // ---- views
    auto b  = m(nd::slice(1, 3));
    auto rv = a(nd::slice(nd::none, nd::none, -1));
    auto st = a(nd::slice(0, 10, 2));
    auto col = m(nd::all, 1);
    auto row = m(1, nd::all);
    auto ex = m(nd::ellipsis, nd::newaxis);
    nd::array<int> pts = {{0, 0}, {1, 1}, {2, 0}, {3, 3}};
    auto p3 = pts(nd::all, nd::newaxis, nd::all);
    auto re = m.reshape({3, 2});
    auto x = nd::arange<double>(24).reshape({1, 2, 3, 4});
    auto t  = m.T(); auto tp = x(0, nd::ellipsis).transpose({2, 0, 1});
    auto sq = x.squeeze(); auto ed = nd::expand_dims(x, 0); auto bt = nd::broadcast_to(row, {4, 3});
    auto cp = m.copy();
    std::cout << b << '\n' << rv << '\n' << st << '\n' << col << '\n' << row << '\n';
    std::cout << ex.shape() << '\n' << p3.shape() << '\n' << re << '\n' << t << '\n' << tp.shape() << ' ' << tp.strides() << '\n';
    std::cout << sq.shape() << ' ' << ed.shape() << '\n' << bt << '\n';
    b = 0;
    std::cout << m << '\n';
    std::cout << python_bool(nd::shares_memory(m, b)) << ' ' << python_bool(nd::may_share_memory(m, cp)) << '\n';
    std::cout << cp << '\n';

    // ---- advanced indexing (copies)
    m = nd::array<int>{{10, 20, 30}, {40, 50, 60}, {70, 80, 90}};
    nd::array<int> vals = {-1, -2};
    nd::array<long> rows = {0, 1}, cols = {2, 0};
    nd::array<long> idx = {0, 2};
    auto fa = m(idx);
    auto fb = m(nd::all, idx);
    auto g  = m(m > 25);
    auto tk = nd::take(m, idx, 1);
    std::cout << fa << '\n' << fb << '\n' << g << '\n' << tk << '\n';
    m.put(idx, vals);
    nd::putmask(m, m > 25, 0);
    std::cout << m << '\n';
    m = nd::array<int>{{10, 20, 30}, {40, 50, 60}, {70, 80, 90}};
    auto nz = nd::nonzero(m > 25);
    std::cout << nz[0] << ' ' << nz[1] << '\n';
    m.set(m > 25, 0);
    m.set(nd::all, idx, 7);
    m.set(rows, cols, vals);
    std::cout << m << '\n';
    auto fz = nd::flatnonzero(m > 25); auto aw = nd::argwhere(m > 5);
    std::cout << fz << '\n' << aw << '\n';

    // ---- element types and printing
    auto h = a.astype<double>();
    h(nd::all) = nd::arange<double>(10);
    auto scaled = nd::empty_like(h);
    for (std::ptrdiff_t i = 0; i < h.size(); ++i) scaled(i) = h(i) * 1.5; // elementwise ops arrive with the fusion engine
    std::cout << scaled << '\n';
    std::cout << nd::full<double>({}, 3.25) << ' ' << nd::empty<double>({0}) << ' ' << nd::zeros<double>({2, 0}) << '\n';
    auto cube = nd::arange<double>(0.0, -18.0, -1.5).reshape({2, 2, 3});
    std::cout << cube << '\n';
    nd::array<std::complex<float>> z8 = {std::complex<float>(1, 2), std::complex<float>(0, -0.5f)};
    std::cout << z8 << '\n';
    nd::array<bool> flags = {true, false};
    std::cout << flags << '\n';

    // ---- structured records
    nd::array<student> students = {{"Alice", 20, 92.5}, {"Bob", 21, 88.0}, {"Carol", 19, 95.5}};
    auto scores = students.field(&student::score);
    auto names  = students.field<nd::fixed_string<10>>("name");
    auto top = students(scores > 90.0);
    std::cout << nd::dtype_of<student>.descr() << '\n';
    std::cout << scores << ' ' << std::fixed << std::setprecision(1) << nd::mean(scores) << '\n';
    std::cout << top.field(&student::age) << ' ' << names.dtype().str << '\n';
    std::cout << (students == students(1)) << '\n';

    // ---- sorting and searching
    nd::array<double> v = {3.5, NAN, -1.0, 2.0, 3.5, 0.0};
    auto so = nd::sort(v);
    std::cout << so << ' ' << nd::argsort(v, -1, nd::stable) << '\n';
    auto [uvals, ucounts] = nd::unique_counts(v);
    std::cout << nd::unique(v) << ' ' << ucounts << '\n';
    std::cout << nd::searchsorted(so, 2.5) << ' ' << nd::searchsorted(so, so, nd::side::right) << '\n';
    std::cout << nd::sort(students, "score").field(&student::age) << ' ' << nd::argsort(students, {"age", "score"}) << '\n';
}
