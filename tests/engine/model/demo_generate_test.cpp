// SPDX-License-Identifier: GPL-3.0-or-later
// The real demo model (SmolLM2-135M-Instruct, Q4_1 GGUF) answers a simple question on the CPU
// with greedy decoding through its chat template.
#include "engine/core/paths.h"
#include "engine/model/text_generator.h"

#include <gtest/gtest.h>

namespace {

TEST(DemoGenerate, AnswersCapitalOfFrance) {
    const auto path = ts::demoModelPath();
    if (!ts::fileExists(path)) GTEST_SKIP() << "demo model not found at " << path
                                            << " (scripts/fetch-demo-model.sh)";
    auto generator = ts::TextGenerator::load(path, ts::DeviceKind::Cpu);
    ts::GenerationParams params;
    params.temperature = 0;
    params.maxNewTokens = 40;
    std::string streamed;
    auto result = generator->chat({{"user", "What is the capital of France?"}}, params,
                                  [&](const std::string& piece) {
                                      streamed += piece;
                                      return true;
                                  });
    EXPECT_NE(result.text.find("Paris"), std::string::npos) << result.text;
    EXPECT_EQ(streamed, result.text);
    EXPECT_EQ(result.stopReason, ts::StopReason::StopToken) << result.text;
}

}  // namespace
