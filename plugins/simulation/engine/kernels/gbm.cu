// Correlated geometric Brownian motion of a constant-mix portfolio, one thread per path, no path matrix.
//
// Built three ways from this one text: by CuPy through NVRTC at run time, by nvcc --ptx in the tests, and as
// plain host C++ in the tests (the Philox, normal and path functions are __host__ __device__) so the random
// stream and the step are checked against a Python reference without a GPU.
//
// Compile-time parameters: N_ASSETS (1..16) and BLOCK (threads per block, a multiple of 32).
//
// Random numbers: Philox4x32-10 (Salmon, Moraes, Dror, Shaw, SC11; the rounds and constants of Random123),
// key = the 64-bit seed (low word first), counter = (call lo, call hi, path lo, path hi), where `call` counts
// the Philox calls of one path. Call c gives the path's normals 4c..4c+3 by Box-Muller, and step s (1-based)
// uses normals (s-1)*N_ASSETS .. s*N_ASSETS-1, so a path's numbers do not depend on how paths are launched.
//
// One step: x = drift + loadings @ eps; V <- max(V * sum_i w_i exp(x_i) + contribution, 0). With c < 0 the clamp
// makes ruin absorbing (0 * growth + c is clamped to 0 again).
//
// Histogram row per report point after t=0: [ruined | underflow | bins log-spaced slots | overflow].

#ifndef N_ASSETS
#define N_ASSETS 1
#endif
#ifndef BLOCK
#define BLOCK 256
#endif

#if !defined(__CUDACC__)
// Plain host C++ (the tests' reference build): no CUDA qualifiers, the C library's maths.
#include <math.h>
#define __host__
#define __device__
#define __forceinline__ inline
#define GBM_UNROLL
#else
#define GBM_UNROLL _Pragma("unroll")
#endif

#if defined(__CUDA_ARCH__)
#define GBM_LOG(x) __logf(x)
#define GBM_EXP(x) __expf(x)
#define GBM_SINCOS(x, s, c) __sincosf((x), (s), (c))
#define GBM_LOAD(p) __ldg(p)
#else
#define GBM_LOG(x) logf(x)
#define GBM_EXP(x) expf(x)
#define GBM_SINCOS(x, s, c) (*(s) = sinf(x), *(c) = cosf(x))
#define GBM_LOAD(p) (*(p))
#endif

static_assert(N_ASSETS >= 1 && N_ASSETS <= 16, "N_ASSETS must be 1..16");
static_assert(BLOCK % 32 == 0 && BLOCK >= 32 && BLOCK <= 1024, "BLOCK must be a multiple of 32 up to 1024");

typedef unsigned int gbm_u32;
typedef unsigned long long gbm_u64;

struct PhiloxWords {
    gbm_u32 x, y, z, w;
};

#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u
#define PHILOX_W1 0xBB67AE85u

__host__ __device__ __forceinline__ gbm_u32 gbm_mulhi(gbm_u32 a, gbm_u32 b) {
#if defined(__CUDA_ARCH__)
    return __umulhi(a, b);
#else
    return (gbm_u32)(((gbm_u64)a * (gbm_u64)b) >> 32);
#endif
}

// Ten rounds; the key is bumped by the Weyl constants before every round but the first.
__host__ __device__ __forceinline__ PhiloxWords philox4x32_10(PhiloxWords c, gbm_u32 k0, gbm_u32 k1) {
    GBM_UNROLL
    for (int round = 0; round < 10; ++round) {
        if (round > 0) {
            k0 += PHILOX_W0;
            k1 += PHILOX_W1;
        }
        const gbm_u32 hi0 = gbm_mulhi(PHILOX_M0, c.x);
        const gbm_u32 lo0 = PHILOX_M0 * c.x;
        const gbm_u32 hi1 = gbm_mulhi(PHILOX_M1, c.z);
        const gbm_u32 lo1 = PHILOX_M1 * c.z;
        const PhiloxWords next = {hi1 ^ c.y ^ k0, lo1, hi0 ^ c.w ^ k1, lo0};
        c = next;
    }
    return c;
}

// Two normals from two 32-bit words; 24 bits each, as float32 uniforms have (|z| <= 5.77).
__host__ __device__ __forceinline__ void box_muller(gbm_u32 a, gbm_u32 b, float* z0, float* z1) {
    const float u = (float)((a >> 8) + 1u) * 5.9604644775390625e-08f;  // (0, 1]: the log stays finite
    const float angle = ((float)(b >> 8) * 5.9604644775390625e-08f - 0.5f) * 6.28318530717958647692f;  // [-pi, pi)
    const float radius = sqrtf(fmaxf(-2.0f * GBM_LOG(u), 0.0f));  // the fast log may round above 0 near u = 1
    float s, c;
    GBM_SINCOS(angle, &s, &c);
    *z0 = radius * c;
    *z1 = radius * s;
}

// Normals 4*call .. 4*call+3 of one path.
__host__ __device__ __forceinline__ void philox_normals(gbm_u64 call, gbm_u64 path, gbm_u32 k0, gbm_u32 k1,
                                                        float z[4]) {
    const PhiloxWords counter = {(gbm_u32)call, (gbm_u32)(call >> 32), (gbm_u32)path, (gbm_u32)(path >> 32)};
    const PhiloxWords r = philox4x32_10(counter, k0, k1);
    box_muller(r.x, r.y, &z[0], &z[1]);
    box_muller(r.z, r.w, &z[2], &z[3]);
}

// The slot of a value in a histogram row (the engine's LogBins.slot_of, in float32).
__host__ __device__ __forceinline__ int histogram_slot(float v, float log_lo, float inv_width, int bins) {
    if (!(v > 0.0f)) {
        return 0;  // ruined
    }
    const float t = (GBM_LOG(v) - log_lo) * inv_width;
    if (t < 0.0f) {
        return 1;  // underflow
    }
    if (t >= (float)bins) {
        return bins + 2;  // overflow
    }
    return (int)t + 2;
}

// One path from t=0 to the horizon; sink(report, v) at every report step; returns V_T.
// Steps go in groups whose normals fill whole Philox calls, so every normal's lane is known at compile time.
template <class Sink>
__host__ __device__ __forceinline__ float simulate_path(const float* __restrict__ coeffs,
                                                        const int* __restrict__ report_steps, int n_reports,
                                                        int steps, float v0, float contribution, gbm_u32 k0,
                                                        gbm_u32 k1, gbm_u64 path, Sink& sink) {
    constexpr int N = N_ASSETS;
    constexpr int GROUP = (N % 4 == 0) ? 1 : ((N % 2 == 0) ? 2 : 4);  // steps per group: GROUP * N % 4 == 0
    constexpr bool CACHED = N <= 4;                                    // loadings in registers when few
    const float* drift = coeffs;
    const float* loadings = coeffs + N;
    const float* weights = coeffs + N + N * N;
    float a[N], w[N], m[CACHED ? N * N : 1];
    GBM_UNROLL
    for (int i = 0; i < N; ++i) {
        a[i] = GBM_LOAD(drift + i);
        w[i] = GBM_LOAD(weights + i);
    }
    if constexpr (CACHED) {
        GBM_UNROLL
        for (int k = 0; k < N * N; ++k) {
            m[k] = GBM_LOAD(loadings + k);
        }
    } else {
        m[0] = 0.0f;
    }
    float v = v0;
    int next = 0;
    int next_step = n_reports > 0 ? GBM_LOAD(report_steps) : -1;
    gbm_u64 call = 0;
    for (int base = 0; base < steps; base += GROUP) {
        float z[4] = {0.0f, 0.0f, 0.0f, 0.0f};
        GBM_UNROLL
        for (int k = 0; k < GROUP; ++k) {
            const int step = base + k + 1;
            if (step > steps) {
                break;
            }
            float eps[N];
            GBM_UNROLL
            for (int j = 0; j < N; ++j) {
                const int index = k * N + j;  // the group's normal number: a compile-time constant once unrolled
                if (index % 4 == 0) {
                    philox_normals(call, path, k0, k1, z);
                    ++call;
                }
                eps[j] = z[index % 4];
            }
            float growth = 0.0f;
            GBM_UNROLL
            for (int i = 0; i < N; ++i) {
                float x = a[i];
                GBM_UNROLL
                for (int j = 0; j < N; ++j) {
                    const float loading = CACHED ? m[i * N + j] : GBM_LOAD(loadings + i * N + j);
                    x = fmaf(loading, eps[j], x);
                }
                growth = fmaf(w[i], GBM_EXP(x), growth);
            }
            v = fmaxf(fmaf(v, growth, contribution), 0.0f);
            if (step == next_step) {
                sink(next, v);
                ++next;
                next_step = next < n_reports ? GBM_LOAD(report_steps + next) : -1;
            }
        }
    }
    return v;
}

#if defined(__CUDACC__)

// Counts a report point's values into its histogram row: one atomic per distinct slot per warp.
struct HistogramSink {
    gbm_u64* hist;
    float log_lo;
    float inv_width;
    int bins;
    bool active;

    __device__ __forceinline__ void operator()(int report, float v) const {
        const int slot = active ? histogram_slot(v, log_lo, inv_width, bins) : -1;
        gbm_u64* row = hist + (gbm_u64)report * (gbm_u64)(bins + 3);
#if __CUDA_ARCH__ >= 700
        // every lane gets here together (uniform loop), so the whole warp takes part in the match
        const unsigned peers = __match_any_sync(0xffffffffu, slot);
        if (active && (int)(threadIdx.x & 31u) == __ffs(peers) - 1) {
            atomicAdd(row + slot, (gbm_u64)__popc(peers));
        }
#else
        if (active) {
            atomicAdd(row + slot, (gbm_u64)1);
        }
#endif
    }
};

__device__ __forceinline__ double warp_sum(double x) {
    GBM_UNROLL
    for (int offset = 16; offset > 0; offset >>= 1) {
        x += __shfl_down_sync(0xffffffffu, x, offset);
    }
    return x;
}

// Paths path_offset .. path_offset + n_paths - 1, one per thread. hist: [n_reports][bins + 3] counts added
// atomically (integers: the same for a seed whatever the order); partials: [gridDim.x][2] = per block
// (sum V_T, sum V_T^2), written in a fixed order so the host's sum of them is reproducible.
extern "C" __global__ void __launch_bounds__(BLOCK)
    gbm_paths(const float* __restrict__ coeffs, const int* __restrict__ report_steps, const int n_reports,
              const int steps, const float v0, const float contribution, const float log_lo, const float inv_width,
              const int bins, const gbm_u64 seed, const gbm_u64 path_offset, const gbm_u64 n_paths,
              gbm_u64* __restrict__ hist, double* __restrict__ partials) {
    const gbm_u64 local = (gbm_u64)blockIdx.x * BLOCK + threadIdx.x;
    const bool active = local < n_paths;
    HistogramSink sink = {hist, log_lo, inv_width, bins, active};
    const float v = simulate_path(coeffs, report_steps, n_reports, steps, v0, contribution, (gbm_u32)seed,
                                  (gbm_u32)(seed >> 32), path_offset + local, sink);

    __shared__ double block_sums[2][BLOCK / 32];
    const double value = active ? (double)v : 0.0;
    double sum = warp_sum(value);
    double squares = warp_sum(value * value);
    const int lane = threadIdx.x & 31;
    const int warp = threadIdx.x >> 5;
    if (lane == 0) {
        block_sums[0][warp] = sum;
        block_sums[1][warp] = squares;
    }
    __syncthreads();
    if (warp == 0) {
        sum = warp_sum(lane < BLOCK / 32 ? block_sums[0][lane] : 0.0);
        squares = warp_sum(lane < BLOCK / 32 ? block_sums[1][lane] : 0.0);
        if (lane == 0) {
            partials[2 * (gbm_u64)blockIdx.x] = sum;
            partials[2 * (gbm_u64)blockIdx.x + 1] = squares;
        }
    }
}

#endif
