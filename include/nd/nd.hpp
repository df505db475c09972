#pragma once
// nd: N-dimensional arrays with NumPy's semantics. Include this header and nothing else; the
// layers below are included in the order of the ladder in DESIGN.md.

// 1. core
#include "nd/core/macros.hpp"
#include "nd/core/error.hpp"
#include "nd/core/dtype.hpp"
#include "nd/core/dim_vector.hpp"
#include "nd/core/layout.hpp"
#include "nd/core/buffer.hpp"
#include "nd/core/array.hpp"
#include "nd/core/view.hpp"
#include "nd/core/creation.hpp"
#include "nd/core/memory_overlap.hpp"
#include "nd/core/simd.hpp"
#include "nd/core/simd_math.hpp"
#include "nd/core/simd_transpose.hpp"
#include "nd/core/simd_compress.hpp"

// 2. index
#include "nd/index/index_types.hpp"
#include "nd/index/basic_indexing.hpp"
#include "nd/index/view_functions.hpp"
#include "nd/index/advanced_indexing.hpp"
#include "nd/index/index_functions.hpp"

// 3. expr
#include "nd/expr/promotion.hpp"
#include "nd/expr/operation.hpp"
#include "nd/expr/arithmetic.hpp"
#include "nd/expr/math.hpp"
#include "nd/expr/logic.hpp"
#include "nd/expr/expression.hpp"
#include "nd/expr/ufunc.hpp"
#include "nd/expr/operators.hpp"

// 4. eval
#include "nd/eval/strided_loop.hpp"
#include "nd/eval/assign.hpp"
#include "nd/eval/blocks.hpp"
#include "nd/eval/generate.hpp"
#include "nd/eval/evaluate.hpp"
#include "nd/eval/gather.hpp"
#include "nd/eval/mask.hpp"
#include "nd/eval/record_loops.hpp"
#include "nd/eval/sort_kernels.hpp"

// 5. reduce
#include "nd/reduce/axes.hpp"
#include "nd/reduce/reduction.hpp"
#include "nd/reduce/accumulate.hpp"
#include "nd/reduce/reductions.hpp"
#include "nd/reduce/arg_reductions.hpp"
#include "nd/reduce/nan_reductions.hpp"
#include "nd/reduce/cumulative.hpp"
#include "nd/reduce/sorting.hpp"

// 6. records
#include "nd/records/record.hpp"
#include "nd/records/record_sort.hpp"

// 7. io
#include "nd/io/ostream.hpp"

#undef ND_ASSERT
#undef ND_HAS_SINGLE_THREADED_FLAG
#undef ND_HAS_MADVISE
#undef ND_SMALL_BUFFER_CACHE
