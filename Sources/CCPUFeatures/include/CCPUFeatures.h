#ifndef CCPUFEATURES_H
#define CCPUFEATURES_H
// CPU feature queries for run-time kernel dispatch. Each answer includes the
// operating system's support for the register state (XSAVE/XGETBV), so a true
// answer means the instructions can run, not only that the CPU has them.
// This target provides no stable Swift API; Matrix wraps it in one internal file.

/// 1 when AVX2 and FMA can run on this CPU and OS, else 0.
int ccpu_has_avx2_fma(void);
/// 1 when AVX-512 F, BW, DQ and VL (x86-64-v4) can run on this CPU and OS, else 0.
int ccpu_has_avx512(void);
#endif
