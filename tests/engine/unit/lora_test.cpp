// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/error.h"
#include "engine/train/lora.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>

namespace {

// A = [[1, 0, -1], [0.5, 1, 0]], B = [[1, 2], [0, -1]]: for x = [1, 2, 3],
// A x = [-2, 2.5] and B A x = [3, -2.5].
ts::LoraAdapter handMadeAdapter(bool rsLora) {
    ts::LoraConfig config;
    config.r = 2;
    config.alpha = 4.0;
    config.dropout = 0.0;
    config.rsLora = rsLora;
    ts::LoraAdapter adapter(3, 2, config);
    torch::NoGradGuard noGrad;
    adapter->loraA().copy_(torch::tensor({{1.0f, 0.0f, -1.0f}, {0.5f, 1.0f, 0.0f}}));
    adapter->loraB().copy_(torch::tensor({{1.0f, 2.0f}, {0.0f, -1.0f}}));
    return adapter;
}

ts::LoraConfig adapterConfig(ts::LoraConfig::Compute compute) {
    ts::LoraConfig config;
    config.r = 8;
    config.alpha = 16.0;  // scaling 2, exact in bf16
    config.dropout = 0.0;
    config.compute = compute;
    return config;
}

// A 64 -> 48 adapter as after some training: B is not zero.
ts::LoraAdapter trainedAdapter(ts::LoraConfig::Compute compute) {
    ts::LoraAdapter adapter(64, 48, adapterConfig(compute));
    torch::NoGradGuard noGrad;
    adapter->loraB().normal_(0.0, 0.05);
    return adapter;
}

// A bf16 input and base output, and weights that make the loss depend on every output.
struct Bf16Case {
    torch::Tensor x0 = torch::randn({3, 5, 64}).to(torch::kBFloat16);
    torch::Tensor base = torch::randn({3, 5, 48}).to(torch::kBFloat16);
    torch::Tensor weights = torch::randn({3, 5, 48});
};

// The adapter's output on the case and the input's gradient of the weighted sum.
std::pair<torch::Tensor, torch::Tensor> forwardBackward(ts::LoraAdapter& adapter, const Bf16Case& c) {
    auto x = c.x0.clone().requires_grad_(true);
    auto out = adapter->forward(x, c.base);
    (out.to(torch::kFloat) * c.weights).sum().backward();
    return {out, x.grad()};
}

}  // namespace

TEST(LoraConfig, ScalingIsAlphaOverRankOrOverSqrtRankWithRsLora) {
    ts::LoraConfig c;
    c.r = 16;
    c.alpha = 32;
    EXPECT_DOUBLE_EQ(c.scaling(), 2.0);
    c.rsLora = true;
    EXPECT_DOUBLE_EQ(c.scaling(), 8.0);  // 32 / sqrt(16)
}

TEST(LoraConfig, ValidationNamesTheFieldAndRange) {
    ts::LoraConfig ok;
    EXPECT_NO_THROW(ok.validate());
    auto expectField = [](ts::LoraConfig c, const std::string& field) {
        try {
            c.validate("recipe.json");
            ADD_FAILURE() << "no error for " << field;
        } catch (const ts::Error& e) {
            EXPECT_EQ(e.field(), field);
            EXPECT_EQ(e.file(), "recipe.json");
        }
    };
    ts::LoraConfig c = ok;
    c.r = 0;
    expectField(c, "lora.r");
    c = ok;
    c.r = ts::kMaxLoraRank + 1;
    expectField(c, "lora.r");
    c = ok;
    c.alpha = -1;
    expectField(c, "lora.alpha");
    c = ok;
    c.dropout = 1.0;
    expectField(c, "lora.dropout");
    c = ok;
    c.targets = {};
    expectField(c, "lora.targets");
    c = ok;
    c.targets = {"q_proj", "lm_head"};
    expectField(c, "lora.targets");
    c = ok;
    c.targets = {"q_proj", "q_proj"};
    expectField(c, "lora.targets");
    EXPECT_TRUE(ok.isTargeted("down_proj"));
    c = ok;
    c.targets = {"q_proj", "v_proj"};
    EXPECT_FALSE(c.isTargeted("k_proj"));
}

TEST(LoraAdapter, InitialisesLikePeftAndStartsAsNoOp) {
    torch::manual_seed(1);
    ts::LoraConfig config;
    config.r = 8;
    ts::LoraAdapter adapter(256, 64, config);
    EXPECT_EQ(adapter->loraA().sizes(), (std::vector<int64_t>{8, 256}));
    EXPECT_EQ(adapter->loraB().sizes(), (std::vector<int64_t>{64, 8}));
    EXPECT_EQ(adapter->loraA().scalar_type(), torch::kFloat32);
    // kaiming_uniform_(a=sqrt(5)) on [r, in]: gain sqrt(2/6), bound sqrt(3)*gain/sqrt(in) = 1/sqrt(in).
    const double bound = 1.0 / std::sqrt(256.0);
    const double maxAbs = adapter->loraA().abs().max().item<double>();
    EXPECT_LE(maxAbs, bound);
    EXPECT_GT(maxAbs, 0.95 * bound);
    EXPECT_NEAR(adapter->loraA().mean().item<double>(), 0.0, 0.1 * bound);
    EXPECT_EQ(adapter->loraB().abs().sum().item<double>(), 0.0);
    const auto x = torch::randn({3, 256});
    const auto base = torch::randn({3, 64});
    adapter->eval();
    EXPECT_TRUE(torch::equal(adapter->forward(x, base), base));
    EXPECT_EQ(adapter->parameters().size(), 2u);
}

TEST(LoraAdapter, ForwardMatchesHandComputedValues) {
    auto adapter = handMadeAdapter(false);
    adapter->eval();
    const auto x = torch::tensor({{1.0f, 2.0f, 3.0f}});
    const auto base = torch::tensor({{10.0f, 20.0f}});
    // base + B A x * (4 / 2) = [10 + 6, 20 - 5]
    const auto out = adapter->forward(x, base);
    EXPECT_FLOAT_EQ(out[0][0].item<float>(), 16.0f);
    EXPECT_FLOAT_EQ(out[0][1].item<float>(), 15.0f);

    auto rs = handMadeAdapter(true);
    rs->eval();
    const double s = 4.0 / std::sqrt(2.0);
    const auto outRs = rs->forward(x, base);
    EXPECT_NEAR(outRs[0][0].item<float>(), 10.0 + 3.0 * s, 1e-5);
    EXPECT_NEAR(outRs[0][1].item<float>(), 20.0 - 2.5 * s, 1e-5);

    // Leading batch dimensions broadcast.
    const auto xb = x.expand({2, 4, 3});
    const auto outB = adapter->forward(xb, base.expand({2, 4, 2}));
    EXPECT_EQ(outB.sizes(), (std::vector<int64_t>{2, 4, 2}));
    EXPECT_FLOAT_EQ(outB[1][3][1].item<float>(), 15.0f);
}

TEST(LoraAdapter, MergedWeightEqualsBasePlusAdapterOutput) {
    auto adapter = handMadeAdapter(false);
    adapter->eval();
    const auto w = torch::tensor({{1.0f, 1.0f, 1.0f}, {0.0f, 0.0f, 0.0f}});
    // 2 * B A = 2 * [[2, 2, -1], [-0.5, -1, 0]]
    const auto merged = adapter->mergeInto(w);
    const auto expected = torch::tensor({{5.0f, 5.0f, -1.0f}, {-1.0f, -2.0f, 0.0f}});
    EXPECT_TRUE(torch::allclose(merged, expected));
    torch::manual_seed(2);
    const auto x = torch::randn({5, 3});
    const auto viaAdapter = adapter->forward(x, torch::matmul(x, w.t()));
    EXPECT_TRUE(torch::allclose(torch::matmul(x, merged.t()), viaAdapter, 1e-5, 1e-5));
    // Merging keeps the dense weight's dtype.
    EXPECT_EQ(adapter->mergeInto(w.to(torch::kBFloat16)).scalar_type(), torch::kBFloat16);
    EXPECT_THROW(adapter->mergeInto(torch::zeros({3, 2})), ts::Error);
}

TEST(LoraAdapter, ReturnsTheInputDtypeAndKeepsFloat32Gradients) {
    auto adapter = handMadeAdapter(false);
    adapter->train();
    const auto x = torch::tensor({{1.0f, 2.0f, 3.0f}}).to(torch::kBFloat16);
    const auto base = torch::zeros({1, 2}, torch::kBFloat16);
    const auto out = adapter->forward(x, base);
    EXPECT_EQ(out.scalar_type(), torch::kBFloat16);
    out.sum().backward();
    ASSERT_TRUE(adapter->loraA().grad().defined());
    EXPECT_EQ(adapter->loraA().grad().scalar_type(), torch::kFloat32);
    // d(sum(s * B A x))/dB = s * (A x)^T for each output row: 2 * [-2, 2.5].
    const auto gradB = adapter->loraB().grad();
    EXPECT_FLOAT_EQ(gradB[0][0].item<float>(), -4.0f);
    EXPECT_FLOAT_EQ(gradB[1][1].item<float>(), 5.0f);
}

// PEFT casts a bf16 input to the adapter's float32, adds the float32 update to the bf16 base
// output in float32 and rounds once. The same computation written with plain autograd ops must
// give the same output and the same gradients (A, B and the input) as our adapter.
TEST(LoraAdapter, Bf16InputFollowsPeftsFloat32AdapterPath) {
    torch::manual_seed(21);
    auto adapter = trainedAdapter(ts::LoraConfig::Compute::Float32);
    const Bf16Case c;
    const auto& x0 = c.x0;
    const auto& base = c.base;
    const auto& weights = c.weights;
    const auto [out, xGrad] = forwardBackward(adapter, c);
    ASSERT_EQ(out.scalar_type(), torch::kBFloat16);

    auto a = adapter->loraA().detach().clone().requires_grad_(true);
    auto b = adapter->loraB().detach().clone().requires_grad_(true);
    auto xr = x0.clone().requires_grad_(true);
    const auto update = torch::matmul(torch::matmul(xr.to(torch::kFloat), a.t()), b.t()) * 2.0;
    const auto ref = (base.to(torch::kFloat) + update).to(torch::kBFloat16);
    (ref.to(torch::kFloat) * weights).sum().backward();

    EXPECT_TRUE(torch::equal(out, ref));
    EXPECT_TRUE(torch::allclose(adapter->loraA().grad(), a.grad(), 1e-5, 1e-6));
    EXPECT_TRUE(torch::allclose(adapter->loraB().grad(), b.grad(), 1e-5, 1e-6));
    EXPECT_TRUE(torch::allclose(xGrad.to(torch::kFloat), xr.grad().to(torch::kFloat), 1e-2, 1e-3));
    // And not what a bf16 adapter path would give: the float32 path is what makes the difference.
    const auto bf16Update = torch::matmul(torch::matmul(x0, a.detach().to(torch::kBFloat16).t()),
                                          b.detach().to(torch::kBFloat16).t()) * 2.0;
    EXPECT_FALSE(torch::equal(base + bf16Update, out));
}

// Compute::Autocast: the adapter path in the input's dtype, as autocast runs PEFT's layers: A and
// B cast to bf16, bf16 matmuls, gradients cast back to the float32 master weights. Written with
// plain autograd ops it must give the same output and gradients.
TEST(LoraAdapter, AutocastComputesTheAdapterPathInTheInputDtype) {
    torch::manual_seed(22);
    auto adapter = trainedAdapter(ts::LoraConfig::Compute::Autocast);
    const auto config = adapterConfig(ts::LoraConfig::Compute::Autocast);
    const Bf16Case c;
    const auto& x0 = c.x0;
    const auto& base = c.base;
    const auto& weights = c.weights;
    const auto [out, xGrad] = forwardBackward(adapter, c);
    ASSERT_EQ(out.scalar_type(), torch::kBFloat16);
    ASSERT_EQ(adapter->loraA().grad().scalar_type(), torch::kFloat32);
    ASSERT_EQ(adapter->loraB().grad().scalar_type(), torch::kFloat32);

    auto a = adapter->loraA().detach().clone().requires_grad_(true);
    auto b = adapter->loraB().detach().clone().requires_grad_(true);
    auto xr = x0.clone().requires_grad_(true);
    const auto update = torch::matmul(torch::matmul(xr, a.to(torch::kBFloat16).t()), b.to(torch::kBFloat16).t());
    const auto ref = base + update * 2.0;  // scaling 2 is exact in bf16
    (ref.to(torch::kFloat) * weights).sum().backward();

    EXPECT_TRUE(torch::equal(out, ref));
    EXPECT_TRUE(torch::allclose(adapter->loraA().grad(), a.grad(), 1e-2, 1e-3));
    EXPECT_TRUE(torch::allclose(adapter->loraB().grad(), b.grad(), 1e-2, 1e-3));
    EXPECT_TRUE(torch::allclose(xGrad.to(torch::kFloat), xr.grad().to(torch::kFloat), 1e-2, 1e-3));
    // On float32 inputs (the CPU trainer) autocast changes nothing: the float32 path runs.
    ts::LoraConfig plain = config;
    plain.compute = ts::LoraConfig::Compute::Float32;
    ts::LoraAdapter reference(64, 48, plain);
    {
        torch::NoGradGuard noGrad;
        reference->loraA().copy_(adapter->loraA());
        reference->loraB().copy_(adapter->loraB());
    }
    const auto xf = torch::randn({4, 64});
    const auto bf = torch::randn({4, 48});
    EXPECT_TRUE(torch::equal(adapter->forward(xf, bf), reference->forward(xf, bf)));
}

TEST(LoraAdapter, FreshAdapterGradientFlowsOnlyIntoB) {
    torch::manual_seed(4);
    ts::LoraConfig config;
    config.r = 4;
    config.dropout = 0.0;
    ts::LoraAdapter adapter(16, 8, config);
    const auto x = torch::randn({2, 16});
    adapter->forward(x, torch::zeros({2, 8})).sum().backward();
    EXPECT_EQ(adapter->loraA().grad().abs().sum().item<double>(), 0.0);  // B = 0 blocks it
    EXPECT_GT(adapter->loraB().grad().abs().sum().item<double>(), 0.0);
}

TEST(LoraAdapter, DropoutAppliesToTheLoraInputOnlyInTraining) {
    torch::manual_seed(5);
    auto adapter = handMadeAdapter(false);
    ts::LoraConfig config;
    config.r = 2;
    config.alpha = 4;
    config.dropout = 0.5;
    ts::LoraAdapter dropping(3, 2, config);
    {
        torch::NoGradGuard noGrad;
        dropping->loraA().copy_(adapter->loraA());
        dropping->loraB().copy_(adapter->loraB());
    }
    const auto x = torch::ones({4000, 3});
    const auto base = torch::full({4000, 2}, 7.0f);
    dropping->eval();
    const auto evalOut = dropping->forward(x, base);
    dropping->train();
    const auto trainOut = dropping->forward(x, base);
    EXPECT_FALSE(torch::allclose(trainOut, evalOut));
    // Inverted dropout keeps the expectation: the mean over many rows approaches eval's value.
    EXPECT_TRUE(torch::allclose(trainOut.mean(0), evalOut.mean(0), 0.0, 0.3));
    // Rows whose inputs were all dropped give exactly the base output: dropout hits x, not base.
    EXPECT_GT((trainOut.select(1, 0) == 7.0f).sum().item<int64_t>(), 0);
}
