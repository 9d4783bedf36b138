//! Run-time support called by code that hasten compiles.
//!
//! The `extern "C"` functions are entry points for JIT-compiled code, which
//! calls them through raw addresses registered by name (see [`symbols`]).
//! They never unwind: errors are recorded in [`error`] and reported through a
//! status return. Their pointer arguments must be valid as documented; only
//! compiled code (and tests) are expected to call them directly.

pub mod alloc_error;
pub mod arange;
pub mod complex;
pub mod dict;
pub mod error;
pub mod exc_str;
pub mod generators;
pub mod handlers;
pub mod interrupt;
pub mod iter;
pub mod int_sum;
pub mod iter_order;
pub mod linalg;
pub mod histogram;
pub mod list;
pub mod list_sort;
mod timsort;
pub mod mathfns;
pub mod mathseq;
pub mod memory;
pub mod minmax;
pub mod messages;
pub mod npy_complex;
pub mod npy_complex64;
pub mod numeric;
pub mod pairwise;
pub mod parallel;
pub mod print;
pub mod pyhash;
pub mod random;
mod radix;
pub mod reshape;
pub mod sort;
pub mod stack;
pub mod stats;
pub mod string;

pub use memory::{hasten_rt_alloc, hasten_rt_decref, hasten_rt_fill, stats, AllocStats, ArenaScope, Block, OwnedBuffer};
pub use error::{
    hasten_rt_raise, hasten_rt_raise_index, hasten_rt_raise_int, set_error, take_error,
    PendingError,
};
pub use numeric::{
    hasten_rt_float32_floordiv, hasten_rt_float32_mod, hasten_rt_float_floordiv, hasten_rt_float_mod, hasten_rt_float_pow,
    hasten_rt_float_to_int_error, hasten_rt_int_pow, hasten_rt_round_ndigits,
};

/// Every helper's symbol name and address, for registration with the JIT.
pub fn symbols() -> Vec<(&'static str, *const u8)> {
    let mut all = container_symbols();
    all.extend([
        ("hasten_rt_raise", hasten_rt_raise as *const u8),
        ("hasten_rt_math_gamma", mathfns::hasten_rt_math_gamma as *const u8),
        ("hasten_rt_power_of_ten", mathfns::hasten_rt_power_of_ten as *const u8),
        ("hasten_rt_math_ldexp", mathfns::hasten_rt_math_ldexp as *const u8),
        ("hasten_rt_math_frexp", mathfns::hasten_rt_math_frexp as *const u8),
        ("hasten_rt_math_isclose", mathfns::hasten_rt_math_isclose as *const u8),
        ("hasten_rt_math_int", mathfns::hasten_rt_math_int as *const u8),
        ("hasten_rt_math_fsum", mathseq::hasten_rt_math_fsum as *const u8),
        ("hasten_rt_math_dist", mathseq::hasten_rt_math_dist as *const u8),
        ("hasten_rt_stack_limit", stack::hasten_rt_stack_limit as *const u8),
        ("hasten_rt_yield", generators::hasten_rt_yield as *const u8),
        ("hasten_rt_raise_index", hasten_rt_raise_index as *const u8),
        ("hasten_rt_raise_broadcast", error::hasten_rt_raise_broadcast as *const u8),
        ("hasten_rt_raise_join", error::hasten_rt_raise_join as *const u8),
        ("hasten_rt_raise_inhomogeneous", error::hasten_rt_raise_inhomogeneous as *const u8),
        ("hasten_rt_raise_reshape", error::hasten_rt_raise_reshape as *const u8),
        ("hasten_rt_raise_not_aligned", error::hasten_rt_raise_not_aligned as *const u8),
        ("hasten_rt_raise_matmul", error::hasten_rt_raise_matmul as *const u8),
        ("hasten_rt_raise_int", hasten_rt_raise_int as *const u8),
        ("hasten_rt_raise_args", handlers::hasten_rt_raise_args as *const u8),
        ("hasten_rt_exc_matches", handlers::hasten_rt_exc_matches as *const u8),
        ("hasten_rt_exc_catch", handlers::hasten_rt_exc_catch as *const u8),
        ("hasten_rt_exc_save", handlers::hasten_rt_exc_save as *const u8),
        ("hasten_rt_exc_str", exc_str::hasten_rt_exc_str as *const u8),
        ("hasten_rt_exc_args", exc_str::hasten_rt_exc_args as *const u8),
        ("hasten_rt_exc_unwind", handlers::hasten_rt_exc_unwind as *const u8),
        ("hasten_rt_exc_reraise", handlers::hasten_rt_exc_reraise as *const u8),
        ("hasten_rt_alloc", hasten_rt_alloc as *const u8),
        ("hasten_rt_raise_alloc", alloc_error::hasten_rt_raise_alloc as *const u8),
        ("hasten_rt_alloc_probe", alloc_error::hasten_rt_alloc_probe as *const u8),
        ("hasten_rt_arange_len_f64", arange::hasten_rt_arange_len_f64 as *const u8),
        ("hasten_rt_arange_len_i64", arange::hasten_rt_arange_len_i64 as *const u8),
        ("hasten_rt_decref", hasten_rt_decref as *const u8),
        ("hasten_rt_fill", hasten_rt_fill as *const u8),
        ("hasten_rt_parallel_for", parallel::hasten_rt_parallel_for as *const u8),
        ("hasten_rt_sort", sort::hasten_rt_sort as *const u8),
        // Data, not a function: compiled code loads the Ctrl-C flag from this address.
        ("hasten_rt_interrupt_flag", interrupt::flag_address()),
        ("hasten_rt_pairwise_start", pairwise::hasten_rt_pairwise_start as *const u8),
        ("hasten_rt_pairwise_leaf_f64", pairwise::hasten_rt_pairwise_leaf_f64 as *const u8),
        ("hasten_rt_pairwise_leaf_f32", pairwise::hasten_rt_pairwise_leaf_f32 as *const u8),
        ("hasten_rt_pairwise_total", pairwise::hasten_rt_pairwise_total as *const u8),
        ("hasten_rt_pairwise_chunks", pairwise::hasten_rt_pairwise_chunks as *const u8),
        ("hasten_rt_minmax_array", minmax::hasten_rt_minmax_array as *const u8),
        ("hasten_rt_minmax_array_from", minmax::hasten_rt_minmax_array_from as *const u8),
        ("hasten_rt_minmax_line", minmax::hasten_rt_minmax_line as *const u8),
        ("hasten_rt_iter_order", iter_order::hasten_rt_iter_order as *const u8),
        ("hasten_rt_temp_layout", iter_order::hasten_rt_temp_layout as *const u8),
        ("hasten_rt_merged_stride", iter_order::hasten_rt_merged_stride as *const u8),
        ("hasten_rt_reshape_strides", reshape::hasten_rt_reshape_strides as *const u8),
        ("hasten_rt_pairwise_sum_f64", pairwise::hasten_rt_pairwise_sum_f64 as *const u8),
        ("hasten_rt_int_sum", int_sum::hasten_rt_int_sum as *const u8),
        ("hasten_rt_pairwise_sum_f32", pairwise::hasten_rt_pairwise_sum_f32 as *const u8),
        ("hasten_rt_pairwise_sum_c128", pairwise::hasten_rt_pairwise_sum_c128 as *const u8),
        ("hasten_rt_pairwise_sum_c64", pairwise::hasten_rt_pairwise_sum_c64 as *const u8),
        ("hasten_rt_argsort", sort::hasten_rt_argsort as *const u8),
        ("hasten_rt_linalg", linalg::hasten_rt_linalg as *const u8),
        ("hasten_rt_vector_dot", linalg::hasten_rt_vector_dot as *const u8),
        ("hasten_rt_gemv", linalg::hasten_rt_gemv as *const u8),
        ("hasten_rt_matmat", linalg::hasten_rt_matmat as *const u8),
        ("hasten_rt_unique", stats::hasten_rt_unique as *const u8),
        ("hasten_rt_quantile", stats::hasten_rt_quantile as *const u8),
        ("hasten_rt_quantiles_valid", stats::hasten_rt_quantiles_valid as *const u8),
        ("hasten_rt_histogram", histogram::hasten_rt_histogram as *const u8),
        ("hasten_rt_monotonicity", histogram::hasten_rt_monotonicity as *const u8),
        ("hasten_rt_interp", histogram::hasten_rt_interp as *const u8),
        ("hasten_rt_interp_complex", histogram::hasten_rt_interp_complex as *const u8),
        ("hasten_rt_random_draw", random::hasten_rt_random_draw as *const u8),
        ("hasten_rt_random_sample", random::hasten_rt_random_sample as *const u8),
        ("hasten_rt_pyrandom_random", random::hasten_rt_pyrandom_random as *const u8),
        ("hasten_rt_pyrandom_bits", random::hasten_rt_pyrandom_bits as *const u8),
        ("hasten_rt_pyrandom_seed", random::hasten_rt_pyrandom_seed as *const u8),
        ("hasten_rt_pyrandom_gauss", random::hasten_rt_pyrandom_gauss as *const u8),
        ("hasten_rt_random_seed", random::hasten_rt_random_seed as *const u8),
        ("hasten_rt_random_shuffle", random::hasten_rt_random_shuffle as *const u8),
        ("hasten_rt_random_choice", random::hasten_rt_random_choice as *const u8),
        ("hasten_rt_random_vector", random::hasten_rt_random_vector as *const u8),
        ("hasten_rt_gen_draw", random::hasten_rt_gen_draw as *const u8),
        ("hasten_rt_gen_random", random::hasten_rt_gen_random as *const u8),
        ("hasten_rt_gen_default_rng", random::hasten_rt_gen_default_rng as *const u8),
        ("hasten_rt_gen_integers", random::hasten_rt_gen_integers as *const u8),
        ("hasten_rt_gen_shuffle", random::hasten_rt_gen_shuffle as *const u8),
        ("hasten_rt_gen_choice", random::hasten_rt_gen_choice as *const u8),
        ("hasten_rt_gen_vector", random::hasten_rt_gen_vector as *const u8),
        ("hasten_rt_float_pow", hasten_rt_float_pow as *const u8),
        ("hasten_rt_complex", complex::hasten_rt_complex as *const u8),
        ("hasten_rt_complex_repr", complex::hasten_rt_complex_repr as *const u8),
        ("hasten_rt_npy_complex", npy_complex::hasten_rt_npy_complex as *const u8),
        ("hasten_rt_npy_complex64", npy_complex64::hasten_rt_npy_complex64 as *const u8),
        ("hasten_rt_int_pow", hasten_rt_int_pow as *const u8),
        (
            "hasten_rt_float_floordiv",
            hasten_rt_float_floordiv as *const u8,
        ),
        ("hasten_rt_float_mod", hasten_rt_float_mod as *const u8),
        ("hasten_rt_float32_floordiv", hasten_rt_float32_floordiv as *const u8),
        ("hasten_rt_float32_mod", hasten_rt_float32_mod as *const u8),
        (
            "hasten_rt_round_ndigits",
            hasten_rt_round_ndigits as *const u8,
        ),
        (
            "hasten_rt_float_to_int_error",
            hasten_rt_float_to_int_error as *const u8,
        ),
    ]);
    all
}

/// The helpers of lists, strings, dicts and sets.
fn container_symbols() -> Vec<(&'static str, *const u8)> {
    vec![
        ("hasten_rt_list_new", list::hasten_rt_list_new as *const u8),
        ("hasten_rt_list_append", list::hasten_rt_list_append as *const u8),
        ("hasten_rt_list_append_word", list::hasten_rt_list_append_word as *const u8),
        ("hasten_rt_hash", pyhash::hasten_rt_hash as *const u8),
        ("hasten_rt_str_build", string::convert::hasten_rt_str_build as *const u8),
        ("hasten_rt_list_pop", list::hasten_rt_list_pop as *const u8),
        ("hasten_rt_list_insert", list::hasten_rt_list_insert as *const u8),
        ("hasten_rt_list_clear", list::hasten_rt_list_clear as *const u8),
        ("hasten_rt_list_mark_typed", list::hasten_rt_list_mark_typed as *const u8),
        ("hasten_rt_list_extend", list::hasten_rt_list_extend as *const u8),
        ("hasten_rt_list_concat", list::hasten_rt_list_concat as *const u8),
        ("hasten_rt_list_slice", list::hasten_rt_list_slice as *const u8),
        ("hasten_rt_list_set_slice", list::hasten_rt_list_set_slice as *const u8),
        ("hasten_rt_list_del_slice", list::hasten_rt_list_del_slice as *const u8),
        ("hasten_rt_list_sorted", list_sort::hasten_rt_list_sorted as *const u8),
        ("hasten_rt_set_sorted", list_sort::hasten_rt_set_sorted as *const u8),
        ("hasten_rt_list_sort_leaves", list_sort::hasten_rt_list_sort_leaves as *const u8),
        ("hasten_rt_list_sorted_by", list_sort::hasten_rt_list_sorted_by as *const u8),
        ("hasten_rt_list_sort", list_sort::hasten_rt_list_sort as *const u8),
        ("hasten_rt_list_reverse", list::hasten_rt_list_reverse as *const u8),
        ("hasten_rt_str_new", string::hasten_rt_str_new as *const u8),
        ("hasten_rt_str_concat", string::hasten_rt_str_concat as *const u8),
        ("hasten_rt_str_concat_n", string::hasten_rt_str_concat_n as *const u8),
        ("hasten_rt_str_repeat", string::hasten_rt_str_repeat as *const u8),
        ("hasten_rt_str_cmp", string::hasten_rt_str_cmp as *const u8),
        ("hasten_rt_str_contains", string::hasten_rt_str_contains as *const u8),
        ("hasten_rt_str_index", string::hasten_rt_str_index as *const u8),
        ("hasten_rt_str_next", string::hasten_rt_str_next as *const u8),
        ("hasten_rt_str_slice", string::hasten_rt_str_slice as *const u8),
        ("hasten_rt_str_format", string::convert::hasten_rt_str_format as *const u8),
        ("hasten_rt_str_to_int", string::convert::hasten_rt_str_to_int as *const u8),
        ("hasten_rt_str_to_int_base", string::convert::hasten_rt_str_to_int_base as *const u8),
        ("hasten_rt_str_to_float", string::convert::hasten_rt_str_to_float as *const u8),
        ("hasten_rt_str_ord", string::convert::hasten_rt_str_ord as *const u8),
        ("hasten_rt_str_chr", string::convert::hasten_rt_str_chr as *const u8),
        ("hasten_rt_str_method", string::methods::hasten_rt_str_method as *const u8),
        ("hasten_rt_print", print::hasten_rt_print as *const u8),
        ("hasten_rt_text", print::hasten_rt_text as *const u8),
        ("hasten_rt_str_percent", string::percent::hasten_rt_str_percent as *const u8),
        ("hasten_rt_dict_new", dict::hasten_rt_dict_new as *const u8),
        ("hasten_rt_iter_new", iter::hasten_rt_iter_new as *const u8),
        ("hasten_rt_dict_get", dict::hasten_rt_dict_get as *const u8),
        ("hasten_rt_dict_set", dict::hasten_rt_dict_set as *const u8),
        ("hasten_rt_dict_pop", dict::hasten_rt_dict_pop as *const u8),
        ("hasten_rt_dict_clear", dict::hasten_rt_dict_clear as *const u8),
        ("hasten_rt_dict_mark_typed", dict::hasten_rt_dict_mark_typed as *const u8),
        ("hasten_rt_raise_key", dict::hasten_rt_raise_key as *const u8),
        ("hasten_rt_dict_copy", dict::ops::hasten_rt_dict_copy as *const u8),
        ("hasten_rt_dict_update", dict::ops::hasten_rt_dict_update as *const u8),
        ("hasten_rt_dict_popitem", dict::ops::hasten_rt_dict_popitem as *const u8),
        ("hasten_rt_dict_eq", dict::ops::hasten_rt_dict_eq as *const u8),
        ("hasten_rt_set_compare", dict::ops::hasten_rt_set_compare as *const u8),
        ("hasten_rt_set_update", dict::ops::hasten_rt_set_update as *const u8),
        ("hasten_rt_set_binary", dict::ops::hasten_rt_set_binary as *const u8),
    ]
}

#[cfg(test)]
mod tests {
    #[test]
    fn symbols_are_unique_and_non_null() {
        let syms = super::symbols();
        assert_eq!(syms.len(), 149);
        let mut names: Vec<_> = syms.iter().map(|s| s.0).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), syms.len());
        assert!(syms
            .iter()
            .all(|s| !s.1.is_null() && s.0.starts_with("hasten_rt_")));
    }
}
