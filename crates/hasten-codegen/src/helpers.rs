//! The runtime helpers compiled code calls, each with its symbol and Cranelift signature, in one
//! list: a call site names the helper, so a signature is written once and matches the registration
//! in `hasten_runtime::symbols` and `libm::symbols` (checked by the test below).

use cranelift_codegen::ir::types::{F32, F64, I32, I64};
use cranelift_codegen::ir::{AbiParam, Signature, Type};
use cranelift_codegen::isa::CallConv;

macro_rules! helpers {
    ($($variant:ident = ($name:literal, $params:expr, $returns:expr),)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub(crate) enum Helper {
            $($variant,)*
        }

        impl Helper {
            #[cfg(test)]
            const ALL: &'static [Helper] = &[$(Helper::$variant),*];

            pub(crate) fn name(self) -> &'static str {
                match self {
                    $(Helper::$variant => $name,)*
                }
            }

            fn params(self) -> &'static [Type] {
                match self {
                    $(Helper::$variant => &$params,)*
                }
            }

            fn returns(self) -> &'static [Type] {
                match self {
                    $(Helper::$variant => &$returns,)*
                }
            }
        }
    };
}

// Strings and source locations travel as (pointer, length); failing helpers return status 1.
helpers! {
    // Raising, from `hasten_runtime::error`.
    Raise = ("hasten_rt_raise", [I64; 6], []),
    RaiseInt = ("hasten_rt_raise_int", [I64; 7], []),
    RaiseIndex = ("hasten_rt_raise_index", [I64; 5], []),
    RaiseBroadcast = ("hasten_rt_raise_broadcast", [I64, I64, I64, I32, I64, I64], []),
    RaiseJoin = ("hasten_rt_raise_join", [I64; 6], []),
    RaiseInhomogeneous = ("hasten_rt_raise_inhomogeneous", [I64; 5], []),
    RaiseReshape = ("hasten_rt_raise_reshape", [I64; 5], []),
    ReshapeStrides = ("hasten_rt_reshape_strides", [I64; 7], [I64]),
    RaiseNotAligned = ("hasten_rt_raise_not_aligned", [I64; 5], []),
    RaiseMatmul = ("hasten_rt_raise_matmul", [I64; 5], []),
    FloatToIntError = ("hasten_rt_float_to_int_error", [F64, I64, I64], []),
    // Handling, from `hasten_runtime::handlers`.
    RaiseArgs = ("hasten_rt_raise_args", [I64; 8], []),
    ExcMatches = ("hasten_rt_exc_matches", [I64; 2], [I32]),
    ExcCatch = ("hasten_rt_exc_catch", [], [I64]),
    ExcSave = ("hasten_rt_exc_save", [], [I64]),
    ExcUnwind = ("hasten_rt_exc_unwind", [I64], []),
    ExcReraise = ("hasten_rt_exc_reraise", [I64; 3], []),
    ExcStr = ("hasten_rt_exc_str", [I64], [I64]),
    ExcArgs = ("hasten_rt_exc_args", [I64; 6], [I32]),
    // Memory, the stack and the thread pool.
    StackLimit = ("hasten_rt_stack_limit", [], [I64]),
    Yield = ("hasten_rt_yield", [I64], [I32]),
    Alloc = ("hasten_rt_alloc", [I64, I32], [I64]),
    RaiseAlloc = ("hasten_rt_raise_alloc", [I64; 5], []),
    AllocProbe = ("hasten_rt_alloc_probe", [I64; 4], [I32]),
    ArangeLenF64 = ("hasten_rt_arange_len_f64", [F64, F64, F64, I64, I64], [I64]),
    ArangeLenI64 = ("hasten_rt_arange_len_i64", [I64; 5], [I64]),
    Decref = ("hasten_rt_decref", [I64], []),
    Fill = ("hasten_rt_fill", [I64; 4], []),
    // Lists, from `hasten_runtime::list`.
    ListNew = ("hasten_rt_list_new", [I64; 3], [I64]),
    ListAppend = ("hasten_rt_list_append", [I64; 2], [I32]),
    ListAppendWord = ("hasten_rt_list_append_word", [I64; 2], [I32]),
    Hash = ("hasten_rt_hash", [I64; 3], [I64]),
    ListPop = ("hasten_rt_list_pop", [I64; 5], [I32]),
    ListInsert = ("hasten_rt_list_insert", [I64; 3], [I32]),
    ListClear = ("hasten_rt_list_clear", [I64], []),
    ListMarkTyped = ("hasten_rt_list_mark_typed", [I64], []),
    ListExtend = ("hasten_rt_list_extend", [I64; 2], [I32]),
    ListConcat = ("hasten_rt_list_concat", [I64; 3], [I64]),
    ListSlice = ("hasten_rt_list_slice", [I64; 4], [I64]),
    ListSetSlice = ("hasten_rt_list_set_slice", [I64; 7], [I32]),
    ListDelSlice = ("hasten_rt_list_del_slice", [I64; 4], []),
    ListSorted = ("hasten_rt_list_sorted", [I64; 4], [I64]),
    SetSorted = ("hasten_rt_set_sorted", [I64; 4], [I64]),
    ListSortLeaves = ("hasten_rt_list_sort_leaves", [I64; 6], [I64]),
    ListSortedBy = ("hasten_rt_list_sorted_by", [I64; 5], [I64]),
    ListSort = ("hasten_rt_list_sort", [I64; 5], [I32]),
    ListReverse = ("hasten_rt_list_reverse", [I64], []),
    // Strings, from `hasten_runtime::string`.
    StrNew = ("hasten_rt_str_new", [I64; 2], [I64]),
    StrConcat = ("hasten_rt_str_concat", [I64; 2], [I64]),
    StrConcatN = ("hasten_rt_str_concat_n", [I64; 2], [I64]),
    StrBuild = ("hasten_rt_str_build", [I64; 2], [I64]),
    StrRepeat = ("hasten_rt_str_repeat", [I64; 2], [I64]),
    StrCmp = ("hasten_rt_str_cmp", [I64; 2], [I64]),
    StrContains = ("hasten_rt_str_contains", [I64; 2], [I64]),
    StrIndex = ("hasten_rt_str_index", [I64; 4], [I64]),
    StrNext = ("hasten_rt_str_next", [I64; 2], [I64]),
    StrSlice = ("hasten_rt_str_slice", [I64; 4], [I64]),
    StrFormat = ("hasten_rt_str_format", [I64; 6], [I64]),
    StrPercent = ("hasten_rt_str_percent", [I64; 5], [I64]),
    StrToInt = ("hasten_rt_str_to_int", [I64; 4], [I32]),
    StrToIntBase = ("hasten_rt_str_to_int_base", [I64; 5], [I32]),
    StrToFloat = ("hasten_rt_str_to_float", [I64; 4], [I32]),
    StrOrd = ("hasten_rt_str_ord", [I64; 4], [I32]),
    StrChr = ("hasten_rt_str_chr", [I64; 3], [I64]),
    StrMethod = ("hasten_rt_str_method", [I64; 8], [I32]),
    Print = ("hasten_rt_print", [I64; 8], [I32]),
    Text = ("hasten_rt_text", [I64; 6], [I64]),
    // Dicts, from `hasten_runtime::dict`.
    DictNew = ("hasten_rt_dict_new", [I64; 5], [I64]),
    IterNew = ("hasten_rt_iter_new", [I64; 2], [I64]),
    DictGet = ("hasten_rt_dict_get", [I64; 2], [I64]),
    DictSet = ("hasten_rt_dict_set", [I64; 3], [I32]),
    DictPop = ("hasten_rt_dict_pop", [I64; 3], [I32]),
    DictClear = ("hasten_rt_dict_clear", [I64], []),
    DictMarkTyped = ("hasten_rt_dict_mark_typed", [I64], []),
    DictCopy = ("hasten_rt_dict_copy", [I64], [I64]),
    DictUpdate = ("hasten_rt_dict_update", [I64; 2], [I32]),
    DictPopitem = ("hasten_rt_dict_popitem", [I64; 3], [I32]),
    DictEq = ("hasten_rt_dict_eq", [I64; 3], [I32]),
    SetCompare = ("hasten_rt_set_compare", [I64; 3], [I32]),
    SetUpdate = ("hasten_rt_set_update", [I64; 3], [I32]),
    SetBinary = ("hasten_rt_set_binary", [I64; 3], [I64]),
    RaiseKey = ("hasten_rt_raise_key", [I64; 9], []),
    ParallelFor = ("hasten_rt_parallel_for", [I64; 5], [I64]),
    // Sorting one strided line, from `hasten_runtime::sort`.
    Sort = ("hasten_rt_sort", [I64; 4], []),
    Argsort = ("hasten_rt_argsort", [I64; 6], []),
    // Ctrl-C, from `hasten_runtime::interrupt`: the flag is data, imported like a function so that it
    // relocates as the helpers do; compiled code only takes its address.
    InterruptFlag = ("hasten_rt_interrupt_flag", [], []),
    // NumPy's pairwise float sums, from `hasten_runtime::pairwise`.
    PairwiseStart = ("hasten_rt_pairwise_start", [I64; 3], [I64]),
    PairwiseLeafF64 = ("hasten_rt_pairwise_leaf_f64", [I64; 3], [I64]),
    PairwiseLeafF32 = ("hasten_rt_pairwise_leaf_f32", [I64; 3], [I64]),
    PairwiseTotal = ("hasten_rt_pairwise_total", [I64], [F64]),
    PairwiseChunks = ("hasten_rt_pairwise_chunks", [I64; 4], [I64]),
    // NumPy's float min/max reductions, from `hasten_runtime::minmax`: the result's bits.
    MinmaxArray = ("hasten_rt_minmax_array", [I64; 5], [I64]),
    MinmaxArrayFrom = ("hasten_rt_minmax_array_from", [I64; 6], [I64]),
    MinmaxLine = ("hasten_rt_minmax_line", [I64; 6], [I64]),
    // NumPy's iteration order of arrays of run-time layout, from `hasten_runtime::iter_order`.
    IterOrder = ("hasten_rt_iter_order", [I64; 7], []),
    TempLayout = ("hasten_rt_temp_layout", [I64; 5], []),
    MergedStride = ("hasten_rt_merged_stride", [I64; 5], [I64]),
    PairwiseSumF64 = ("hasten_rt_pairwise_sum_f64", [I64; 3], [F64]),
    IntSum = ("hasten_rt_int_sum", [I64; 4], [I64]),
    PairwiseSumF32 = ("hasten_rt_pairwise_sum_f32", [I64; 3], [F64]),
    PairwiseSumC128 = ("hasten_rt_pairwise_sum_c128", [I64; 5], []),
    PairwiseSumC64 = ("hasten_rt_pairwise_sum_c64", [I64; 5], []),
    // Order statistics of one line, from `hasten_runtime::stats`.
    Unique = ("hasten_rt_unique", [I64; 8], [I64]),
    Quantile = ("hasten_rt_quantile", [I64; 8], []),
    QuantilesValid = ("hasten_rt_quantiles_valid", [I64, I64, F64], [I64]),
    // Histograms and sample points, from `hasten_runtime::histogram`.
    Histogram = ("hasten_rt_histogram", [I64; 11], [I32]),
    Monotonicity = ("hasten_rt_monotonicity", [I64; 4], [I64]),
    Interp = ("hasten_rt_interp", [I64, I64, I64, I64, I64, F64, F64, I64, I64], []),
    InterpComplex = ("hasten_rt_interp_complex", [I64; 8], []),
    PowerOfTen = ("hasten_rt_power_of_ten", [I64], [F64]),
    // `np.random`, from `hasten_runtime::random`.
    Linalg = ("hasten_rt_linalg", [I64; 5], [I32]),
    VectorDot = ("hasten_rt_vector_dot", [I64; 6], [F64]),
    Gemv = ("hasten_rt_gemv", [I64], []),
    Matmat = ("hasten_rt_matmat", [I64], []),
    RandomDraw = ("hasten_rt_random_draw", [I64; 6], [I32]),
    RandomSample = ("hasten_rt_random_sample", [], [F64]),
    PyRandomRandom = ("hasten_rt_pyrandom_random", [], [F64]),
    PyRandomBits = ("hasten_rt_pyrandom_bits", [], [I64]),
    PyRandomSeed = ("hasten_rt_pyrandom_seed", [I64; 2], []),
    PyRandomGauss = ("hasten_rt_pyrandom_gauss", [F64; 2], [F64]),
    RandomSeed = ("hasten_rt_random_seed", [I64; 4], [I32]),
    RandomShuffle = ("hasten_rt_random_shuffle", [I64; 5], []),
    RandomChoice = ("hasten_rt_random_choice", [I64; 5], [I32]),
    RandomVector = ("hasten_rt_random_vector", [I64; 5], [I32]),
    // `np.random.Generator` methods, from `hasten_runtime::random::generator`.
    GenDraw = ("hasten_rt_gen_draw", [I64; 7], [I32]),
    GenRandom = ("hasten_rt_gen_random", [I64], [F64]),
    GenDefaultRng = ("hasten_rt_gen_default_rng", [I64; 4], [I64]),
    GenIntegers = ("hasten_rt_gen_integers", [I64; 6], [I32]),
    GenShuffle = ("hasten_rt_gen_shuffle", [I64; 6], []),
    GenChoice = ("hasten_rt_gen_choice", [I64; 6], [I32]),
    GenVector = ("hasten_rt_gen_vector", [I64; 6], [I32]),
    // Python number semantics, from `hasten_runtime::numeric`.
    IntPow = ("hasten_rt_int_pow", [I64; 5], [I32]),
    FloatPow = ("hasten_rt_float_pow", [F64, F64, I64, I64, I64], [I32]),
    Complex = ("hasten_rt_complex", [I64, F64, F64, F64, F64, I64, I64, I64], [I32]),
    ComplexRepr = ("hasten_rt_complex_repr", [F64, F64], [I64]),
    NpyComplex = ("hasten_rt_npy_complex", [I64, F64, F64, F64, F64, I64], []),
    NpyComplex64 = ("hasten_rt_npy_complex64", [I64, F32, F32, F32, F32, I64], []),
    FloatFloordiv = ("hasten_rt_float_floordiv", [F64, F64], [F64]),
    FloatMod = ("hasten_rt_float_mod", [F64, F64], [F64]),
    Float32Floordiv = ("hasten_rt_float32_floordiv", [F32, F32], [F32]),
    Float32Mod = ("hasten_rt_float32_mod", [F32, F32], [F32]),
    RoundNdigits = ("hasten_rt_round_ndigits", [F64, I64], [F64]),
    // The `math` functions beyond the C library's, from `hasten_runtime::mathfns`.
    MathGamma = ("hasten_rt_math_gamma", [I64, F64, I64, I64, I64], [I32]),
    MathLdexp = ("hasten_rt_math_ldexp", [F64, I64, I64, I64, I64], [I32]),
    MathFrexp = ("hasten_rt_math_frexp", [F64, I64], [F64]),
    MathIsclose = ("hasten_rt_math_isclose", [F64, F64, F64, F64, I64, I64, I64], [I32]),
    MathInt = ("hasten_rt_math_int", [I64; 6], [I32]),
    MathFsum = ("hasten_rt_math_fsum", [I64; 6], [I32]),
    MathDist = ("hasten_rt_math_dist", [I64; 9], [I32]),
    // Math functions, from `libm`.
    Exp = ("hasten_m_exp", [F64], [F64]),
    Log = ("hasten_m_log", [F64], [F64]),
    Log2 = ("hasten_m_log2", [F64], [F64]),
    Log10 = ("hasten_m_log10", [F64], [F64]),
    Log1p = ("hasten_m_log1p", [F64], [F64]),
    Expm1 = ("hasten_m_expm1", [F64], [F64]),
    Sin = ("hasten_m_sin", [F64], [F64]),
    Cos = ("hasten_m_cos", [F64], [F64]),
    Tan = ("hasten_m_tan", [F64], [F64]),
    Asin = ("hasten_m_asin", [F64], [F64]),
    Acos = ("hasten_m_acos", [F64], [F64]),
    Atan = ("hasten_m_atan", [F64], [F64]),
    Sinh = ("hasten_m_sinh", [F64], [F64]),
    Cosh = ("hasten_m_cosh", [F64], [F64]),
    Tanh = ("hasten_m_tanh", [F64], [F64]),
    ExpF = ("hasten_m_expf", [F32], [F32]),
    LogF = ("hasten_m_logf", [F32], [F32]),
    SinF = ("hasten_m_sinf", [F32], [F32]),
    CosF = ("hasten_m_cosf", [F32], [F32]),
    Atan2 = ("hasten_m_atan2", [F64, F64], [F64]),
    Hypot = ("hasten_m_hypot", [F64, F64], [F64]),
    Pow = ("hasten_m_pow", [F64, F64], [F64]),
    PowF = ("hasten_m_powf", [F32, F32], [F32]),
    IntTruediv = ("hasten_m_int_truediv", [I64, I64], [F64]),
    RoundInt = ("hasten_m_round_int", [I64; 5], [I32]),
    PowMod = ("hasten_m_pow_mod", [I64; 6], [I32]),
    IpowWrap = ("hasten_m_ipow_wrap", [I64, I64], [I64]),
    // The C library's functions as NumPy's ufuncs call them, from `libm`.
    CAsinh = ("hasten_c_asinh", [F64], [F64]),
    CAcosh = ("hasten_c_acosh", [F64], [F64]),
    CAtanh = ("hasten_c_atanh", [F64], [F64]),
    CExp2 = ("hasten_c_exp2", [F64], [F64]),
    CCbrt = ("hasten_c_cbrt", [F64], [F64]),
    CHypot = ("hasten_c_hypot", [F64, F64], [F64]),
    CFmod = ("hasten_c_fmod", [F64, F64], [F64]),
    CErf = ("hasten_c_erf", [F64], [F64]),
    // NumPy's own element functions, from `npymath`.
    NpyLogaddexp = ("hasten_npy_logaddexp", [F64, F64], [F64]),
    NpyLogaddexp2 = ("hasten_npy_logaddexp2", [F64, F64], [F64]),
    NpyNextafter = ("hasten_npy_nextafter", [F64, F64], [F64]),
    NpySpacing = ("hasten_npy_spacing", [F64], [F64]),
    NpyLdexp = ("hasten_npy_ldexp", [F64, I64], [F64]),
    NpyLogaddexpF = ("hasten_npy_logaddexpf", [F32, F32], [F32]),
    NpyLogaddexp2F = ("hasten_npy_logaddexp2f", [F32, F32], [F32]),
    NpyNextafterF = ("hasten_npy_nextafterf", [F32, F32], [F32]),
    NpySpacingF = ("hasten_npy_spacingf", [F32], [F32]),
    NpyLdexpF = ("hasten_npy_ldexpf", [F32, I64], [F32]),
    NpyGcdLcm = ("hasten_npy_gcd_lcm", [I64; 4], [I64]),
    CErfc = ("hasten_c_erfc", [F64], [F64]),
    CTanF = ("hasten_c_tanf", [F32], [F32]),
    CAsinF = ("hasten_c_asinf", [F32], [F32]),
    CAcosF = ("hasten_c_acosf", [F32], [F32]),
    CAtanF = ("hasten_c_atanf", [F32], [F32]),
    CSinhF = ("hasten_c_sinhf", [F32], [F32]),
    CCoshF = ("hasten_c_coshf", [F32], [F32]),
    CTanhF = ("hasten_c_tanhf", [F32], [F32]),
    CAsinhF = ("hasten_c_asinhf", [F32], [F32]),
    CAcoshF = ("hasten_c_acoshf", [F32], [F32]),
    CAtanhF = ("hasten_c_atanhf", [F32], [F32]),
    CLog2F = ("hasten_c_log2f", [F32], [F32]),
    CLog10F = ("hasten_c_log10f", [F32], [F32]),
    CLog1pF = ("hasten_c_log1pf", [F32], [F32]),
    CExpm1F = ("hasten_c_expm1f", [F32], [F32]),
    CExp2F = ("hasten_c_exp2f", [F32], [F32]),
    CCbrtF = ("hasten_c_cbrtf", [F32], [F32]),
    CAtan2F = ("hasten_c_atan2f", [F32, F32], [F32]),
    CHypotF = ("hasten_c_hypotf", [F32, F32], [F32]),
    CFmodF = ("hasten_c_fmodf", [F32, F32], [F32]),
}

impl Helper {
    pub(crate) fn signature(self, call_conv: CallConv) -> Signature {
        let mut sig = Signature::new(call_conv);
        sig.params.extend(self.params().iter().map(|t| AbiParam::new(*t)));
        sig.returns.extend(self.returns().iter().map(|t| AbiParam::new(*t)));
        sig
    }
}

#[cfg(test)]
mod tests {
    use super::Helper;

    #[test]
    fn the_table_names_exactly_the_registered_symbols() {
        let symbols = hasten_runtime::symbols().into_iter().chain(crate::libm::symbols());
        let mut registered: Vec<&str> = symbols.map(|(name, _)| name).collect();
        let mut table: Vec<&str> = Helper::ALL.iter().map(|h| h.name()).collect();
        registered.sort_unstable();
        table.sort_unstable();
        assert_eq!(table, registered);
    }
}
