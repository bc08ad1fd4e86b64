// SPDX-License-Identifier: GPL-3.0-or-later
// The CUDA NF4 dequantization kernel against the generic tensor-op path, bit for bit, on fresh
// random weights of several shapes, with and without double quantization, into each output
// dtype; and a training-sized weight's CPU dequantization against the GPU's.
#include "engine/train/nf4.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

namespace {

struct KernelSwitch {
    explicit KernelSwitch(bool on) { ts::setNf4CudaKernelEnabled(on); }
    ~KernelSwitch() { ts::setNf4CudaKernelEnabled(true); }
};

torch::Tensor dequantize(const ts::Nf4Tensor& q, torch::ScalarType dtype, bool kernel) {
    KernelSwitch use(kernel);
    auto out = ts::dequantizeNf4(q, dtype);
    torch::cuda::synchronize();
    return out;
}

class Nf4CudaKernel : public ::testing::Test {
protected:
    void SetUp() override {
        if (!torch::cuda::is_available()) GTEST_SKIP() << "no CUDA device";
        if (!ts::nf4CudaKernelBuilt()) GTEST_SKIP() << "engine built without its CUDA kernels";
    }
};

TEST_F(Nf4CudaKernel, SameBitsAsTheGenericPath) {
    const torch::Device gpu(torch::kCUDA, 0);
    torch::manual_seed(1234);
    const std::vector<std::vector<int64_t>> shapes = {{64, 64}, {512, 2048}, {2048, 512}, {1000, 1088}, {8192, 320}};
    for (const auto& shape : shapes) {
        for (auto dq : {ts::DoubleQuant::Off, ts::DoubleQuant::On}) {
            // Heavy-tailed values, so blocks have very different scales.
            const auto weight = (torch::randn(shape) * torch::rand(shape).pow(3) * 0.1).to(torch::kBFloat16).to(gpu);
            const auto q = ts::quantizeNf4(weight, dq);
            for (auto dtype : {torch::kBFloat16, torch::kFloat16, torch::kFloat32}) {
                const auto generic = dequantize(q, dtype, false);
                // Poison freed memory of the output size, which the caching allocator hands to
                // the kernel's output next: every element must be written.
                auto poison = torch::full({q.numel()}, std::nanf(""), torch::TensorOptions().dtype(dtype).device(gpu));
                poison.reset();
                const auto fast = dequantize(q, dtype, true);
                ASSERT_EQ(fast.sizes(), generic.sizes());
                ASSERT_EQ(fast.scalar_type(), dtype);
                EXPECT_FALSE(torch::isnan(fast).any().item<bool>());
                EXPECT_TRUE(torch::equal(fast, generic))
                    << "shape " << shape[0] << "x" << shape[1] << " double quant " << (dq == ts::DoubleQuant::On)
                    << " dtype " << c10::toString(dtype) << " max diff "
                    << (fast.to(torch::kFloat) - generic.to(torch::kFloat)).abs().max().item<double>();
            }
        }
    }
}

TEST_F(Nf4CudaKernel, GpuDequantizationEqualsTheCpus) {
    torch::manual_seed(99);
    const auto weight = (torch::randn({2048, 2048}) * 0.02).to(torch::kBFloat16);
    const auto q = ts::quantizeNf4(weight, ts::DoubleQuant::On);
    auto onGpu = q;
    onGpu.packed = q.packed.cuda();
    onGpu.absmax = q.absmax.cuda();
    onGpu.nested->absmax = q.nested->absmax.cuda();
    onGpu.nested->code = q.nested->code.cuda();
    const auto cpu = ts::dequantizeNf4(q, torch::kBFloat16);
    const auto gpu = dequantize(onGpu, torch::kBFloat16, true).cpu();
    EXPECT_TRUE(torch::equal(cpu, gpu));
}

}  // namespace
