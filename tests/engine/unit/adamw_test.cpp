// SPDX-License-Identifier: GPL-3.0-or-later
// torch::optim::AdamW against torch.optim.AdamW's update rule, computed by hand:
//   p *= 1 - lr * wd;  m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
//   p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
#include "engine/train/optimizer.h"
#include "engine/train/recipe.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

TEST(AdamW, StepsMatchTorchOptimAdamWWithDecoupledWeightDecay) {
    auto p = torch::tensor({1.0, -2.0}, torch::kFloat64).requires_grad_(true);
    ts::Recipe recipe;
    recipe.lr = 0.1;
    recipe.weightDecay = 0.01;
    auto optimizer = ts::makeAdamW({p}, recipe);

    // Step 1, g = [0.5, 0.1]: decay gives [0.999, -1.998]; m/(1-b1) = g, sqrt(v/(1-b2)) = |g|,
    // so each weight moves by lr * g / (|g| + eps) = 0.1 * (1 - 2e-8) or so.
    p.mutable_grad() = torch::tensor({0.5, 0.1}, torch::kFloat64);
    optimizer->step();
    EXPECT_NEAR(p[0].item<double>(), 0.999 - 0.1 * 0.5 / (0.5 + 1e-8), 1e-15);
    EXPECT_NEAR(p[1].item<double>(), -1.998 - 0.1 * 0.1 / (0.1 + 1e-8), 1e-15);

    // Step 2, g = [-0.5, 0.3]: moments accumulate (values from the formula above in Python).
    p.mutable_grad() = torch::tensor({-0.5, 0.3}, torch::kFloat64);
    optimizer->step();
    EXPECT_NEAR(p[0].item<double>(), 0.9033641597874735, 1e-13);
    EXPECT_NEAR(p[1].item<double>(), -2.1876800978044098, 1e-13);
}

TEST(AdamW, WeightDecayIsDecoupledFromTheGradient) {
    // With a zero gradient Adam's update is 0/(0 + eps) = 0: only the decay moves the weight,
    // by exactly lr * wd * p (L2-in-the-gradient Adam would move it by ~lr instead).
    auto p = torch::tensor({3.0}, torch::kFloat64).requires_grad_(true);
    ts::Recipe recipe;
    recipe.lr = 0.01;
    recipe.weightDecay = 0.1;
    auto optimizer = ts::makeAdamW({p}, recipe);
    p.mutable_grad() = torch::zeros({1}, torch::kFloat64);
    optimizer->step();
    EXPECT_DOUBLE_EQ(p[0].item<double>(), 3.0 * (1 - 0.01 * 0.1));
}

TEST(AdamW, LearningRateCanBeSetPerStep) {
    auto p = torch::tensor({1.0}, torch::kFloat64).requires_grad_(true);
    auto optimizer = ts::makeAdamW({p}, ts::Recipe{});
    ts::setLearningRate(*optimizer, 0.0);
    p.mutable_grad() = torch::ones({1}, torch::kFloat64);
    optimizer->step();
    EXPECT_DOUBLE_EQ(p[0].item<double>(), 1.0);  // lr 0 (first warmup step): nothing moves
    ts::setLearningRate(*optimizer, 0.5);
    optimizer->step();
    EXPECT_LT(p[0].item<double>(), 1.0);
}
