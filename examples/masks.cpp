// Boolean masks on a small table: the everyday NumPy idioms of cleaning data (overwrite the
// faulty values, keep the rows that pass a test, count them, find their numbers), so that
// their nd spelling is shown and checked against NumPy. Twin: examples/python/masks.py.
#include <nd/nd.hpp>

#include <cstdint>
#include <iostream>

int main() {
    // Six readings of three sensors; a negative value is a sensor fault, not a measurement.
    nd::array<double> readings = {{21.5, 40.2, -1.0},
                                  {-3.2, 38.9, 0.8},
                                  {25.1, -0.5, 1.2},
                                  {18.7, 45.0, 0.9},
                                  {-0.4, 41.3, -2.1},
                                  {30.2, 36.6, 1.1}};
    std::cout << "readings:\n" << readings << '\n';

    // Where the faults are, before they are overwritten: one (row, column) pair per fault.
    std::cout << "faults at:\n" << nd::argwhere(readings < 0) << '\n';

    // A fault counts as no signal. readings(mask) is a copy, so writing goes through set().
    readings.set(readings < 0, 0.0);
    std::cout << "cleaned:\n" << readings << '\n';

    // A mask over the first axis selects whole rows.
    nd::array<bool> hot = readings(nd::all, 0) > 20.0;
    std::cout << "first sensor above 20:\n" << hot << '\n';
    std::cout << readings(hot) << '\n';
    std::cout << "rows above 20: " << nd::count_nonzero(hot) << '\n';

    // The same rows by their numbers, which can be kept and reused where the mask cannot.
    nd::array<std::int64_t> rows = nd::nonzero(hot)[0];
    std::cout << "their rows:\n" << rows << '\n';
    std::cout << nd::take(readings, rows, 0) << '\n';
}
