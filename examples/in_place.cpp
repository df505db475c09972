// SEED.md, "In-Place Operations": updating arrays in their own storage, or in a buffer chosen
// with nd::out, instead of allocating a temporary per operation. Twin: examples/python/in_place.py.
#include <nd/nd.hpp>

#include <iostream>

int main() {
    auto a = nd::ones<double>({1000000});

    // In NumPy, b = a * 2 + 1 allocates one array per operator. In nd it is one fused loop
    // and one allocation (for b), but a *= / += still need none at all.
    a *= 2;
    a += 1;
    std::cout << "a: " << a(nd::slice(5)) << '\n';

    // The ufunc spelling with an explicit output buffer, as np.multiply(x, 2, out=result)
    auto x = nd::ones<double>({1000000});
    auto result = nd::empty_like(x);
    nd::multiply(x, 2, nd::out(result));
    nd::add(result, 1, nd::out(result)); // reading and writing the same buffer is fine elementwise
    std::cout << "Result: " << result(nd::slice(5)) << '\n';

    // What the two calls above spell out by hand, nd does in one pass over x and result.
    result.assign(x * 2 + 1);
    std::cout << "Result: " << result(nd::slice(5)) << '\n';

    // In place through a view writes into the array it views.
    auto m = nd::arange<long>(12).reshape({3, 4});
    auto second_column = m(nd::all, 1);
    second_column *= 10;
    auto lower_rows = m(nd::slice(1, nd::none));
    lower_rows += 100;
    std::cout << m << '\n';

    // nd::out may be a view of another element type, as long as the cast is 'same_kind':
    // int64 / int is float64, which may narrow to float32.
    auto halves = nd::zeros<float>({6});
    nd::divide(nd::arange<long>(3), 2, nd::out(halves(nd::slice(nd::none, nd::none, 2))));
    std::cout << halves << '\n';
}
