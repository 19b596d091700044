// Host build of kernels/gbm.cu for the tests: runs its Philox, normals, binning and path functions on the CPU.
// Usage: gbm_host kat|normals|slots|paths, input on stdin (see each mode), output on stdout.
#include <cstdio>
#include <cstring>
#include <vector>

#include "gbm.cu"

struct Recorder {
    float* out;
    void operator()(int report, float v) { out[report] = v; }
};

// kat: lines "c0 c1 c2 c3 k0 k1" in hex -> the four output words in hex.
static int kat() {
    unsigned c0, c1, c2, c3, k0, k1;
    while (std::scanf("%x %x %x %x %x %x", &c0, &c1, &c2, &c3, &k0, &k1) == 6) {
        const PhiloxWords r = philox4x32_10(PhiloxWords{c0, c1, c2, c3}, k0, k1);
        std::printf("%08x %08x %08x %08x\n", r.x, r.y, r.z, r.w);
    }
    return 0;
}

// normals: lines "call path seed" -> the four normals of that Philox call.
static int normals() {
    unsigned long long call, path, seed;
    while (std::scanf("%llu %llu %llu", &call, &path, &seed) == 3) {
        float z[4];
        philox_normals(call, path, (gbm_u32)seed, (gbm_u32)(seed >> 32), z);
        std::printf("%.9g %.9g %.9g %.9g\n", z[0], z[1], z[2], z[3]);
    }
    return 0;
}

// slots: "log_lo inv_width bins" then values -> one slot per value.
static int slots() {
    float log_lo, inv_width, v;
    int bins;
    if (std::scanf("%f %f %d", &log_lo, &inv_width, &bins) != 3) return 2;
    while (std::scanf("%f", &v) == 1) std::printf("%d\n", histogram_slot(v, log_lo, inv_width, bins));
    return 0;
}

// paths: "steps n_reports v0 contribution seed first_path n_paths", the report steps, the coefficients
// (N_ASSETS drift, N_ASSETS^2 loadings, N_ASSETS weights) -> per path, its value at each report step.
static int paths() {
    int steps, n_reports;
    float v0, contribution;
    unsigned long long seed, first, count;
    if (std::scanf("%d %d %f %f %llu %llu %llu", &steps, &n_reports, &v0, &contribution, &seed, &first, &count) != 7)
        return 2;
    std::vector<int> reports(n_reports);
    for (int& r : reports)
        if (std::scanf("%d", &r) != 1) return 2;
    std::vector<float> coeffs(N_ASSETS * (N_ASSETS + 2));
    for (float& c : coeffs)
        if (std::scanf("%f", &c) != 1) return 2;
    std::vector<float> out(n_reports);
    for (unsigned long long path = first; path < first + count; ++path) {
        Recorder recorder{out.data()};
        simulate_path(coeffs.data(), reports.data(), n_reports, steps, v0, contribution, (gbm_u32)seed,
                      (gbm_u32)(seed >> 32), path, recorder);
        for (int r = 0; r < n_reports; ++r) std::printf(r ? " %.9g" : "%.9g", out[r]);
        std::printf("\n");
    }
    return 0;
}

int main(int argc, char** argv) {
    if (argc != 2) return 2;
    if (!std::strcmp(argv[1], "kat")) return kat();
    if (!std::strcmp(argv[1], "normals")) return normals();
    if (!std::strcmp(argv[1], "slots")) return slots();
    if (!std::strcmp(argv[1], "paths")) return paths();
    return 2;
}
