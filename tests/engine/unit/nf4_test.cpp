// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/error.h"
#include "engine/train/nf4.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace {

std::vector<uint8_t> base64Decode(const std::string& text) {
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+') return 62;
        if (c == '/') return 63;
        return -1;
    };
    std::vector<uint8_t> out;
    int bits = 0, acc = 0;
    for (char c : text) {
        const int v = value(c);
        if (v < 0) continue;  // '=' padding
        acc = (acc << 6) | v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<uint8_t>((acc >> bits) & 0xFF));
        }
    }
    return out;
}

torch::Tensor floatsFromBase64(const std::string& text) {
    const auto bytes = base64Decode(text);
    std::vector<float> values(bytes.size() / 4);
    std::memcpy(values.data(), bytes.data(), values.size() * 4);  // little-endian host
    return torch::tensor(values, torch::kFloat32);
}

torch::Tensor bytesFromBase64(const std::string& text) {
    const auto bytes = base64Decode(text);
    return torch::from_blob(const_cast<uint8_t*>(bytes.data()), {int64_t(bytes.size())}, torch::kUInt8)
        .clone();
}

torch::Tensor floatList(const nlohmann::json& list) {
    std::vector<float> values;
    for (const auto& v : list) values.push_back(static_cast<float>(v.get<double>()));
    return torch::tensor(values, torch::kFloat32);
}

nlohmann::json loadReference(const std::string& name) {
    const std::string path = std::string(TS_TEST_DATA_DIR) + "/nf4/" + name + ".json";
    std::ifstream in(path);
    EXPECT_TRUE(in.good()) << "missing " << path;
    return nlohmann::json::parse(in);
}

void expectBitEqual(const torch::Tensor& actual, const torch::Tensor& expected, const char* what) {
    ASSERT_EQ(actual.numel(), expected.numel()) << what;
    const auto a = actual.contiguous().reshape({-1});
    const auto e = expected.contiguous().reshape({-1});
    const auto mismatches = (a != e).sum().item<int64_t>();
    EXPECT_EQ(mismatches, 0) << what << ": " << mismatches << " of " << a.numel() << " differ";
}

std::vector<float> codeValues() {
    const auto t = ts::nf4CodeTable();
    return std::vector<float>(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
}

}  // namespace

TEST(Nf4, CodeTableIsBitsandbytesNf4AndThresholdsAreItsMidpoints) {
    const auto code = codeValues();
    ASSERT_EQ(code.size(), 16u);
    EXPECT_EQ(code[0], -1.0f);
    EXPECT_EQ(code[7], 0.0f);
    EXPECT_EQ(code[15], 1.0f);
    EXPECT_EQ(code[1], -0.6961928009986877f);
    EXPECT_EQ(code[8], 0.07958029955625534f);
    const auto thr = ts::nf4Thresholds();
    ASSERT_EQ(thr.numel(), 15);
    for (int i = 0; i < 15; ++i) {
        const double mid = (double(code[i]) + double(code[i + 1])) / 2.0;
        EXPECT_NEAR(thr[i].item<float>(), mid, 1e-7) << "threshold " << i;
    }
}

TEST(Nf4, ExactCodeValuesTimesAbsmaxGiveTheirCodesAndPackHighNibbleFirst) {
    const auto code = codeValues();
    std::vector<float> block(64);
    for (int i = 0; i < 64; ++i) block[i] = code[i % 16] * 2.5f;
    const auto w = torch::tensor(block).view({4, 16});
    const auto q = ts::quantizeNf4(w, ts::DoubleQuant::Off);
    ASSERT_EQ(q.packed.numel(), 32);
    ASSERT_EQ(q.absmax.numel(), 1);
    EXPECT_EQ(q.absmax[0].item<float>(), 2.5f);
    const auto* bytes = q.packed.data_ptr<uint8_t>();
    for (int i = 0; i < 32; ++i) {
        const int first = (2 * i) % 16, second = (2 * i + 1) % 16;
        EXPECT_EQ(bytes[i], (first << 4) | second) << "byte " << i;
    }
    // Each value is exactly representable: the round trip is exact.
    expectBitEqual(ts::dequantizeNf4(q, torch::kFloat32), w, "round trip");
}

TEST(Nf4, ValuesOnAThresholdTakeTheLowerCodeAndJustAboveTheHigher) {
    const auto thr = ts::nf4Thresholds();
    std::vector<float> values = {1.0f};  // absmax 1: the scaled values are the values themselves
    for (int i = 0; i < 15; ++i) {
        const float t = thr[i].item<float>();
        values.push_back(t);
        values.push_back(std::nextafter(t, 2.0f));
    }
    const auto q = ts::quantizeNf4(torch::tensor(values), ts::DoubleQuant::Off);
    const auto bytes = q.packed;
    auto codeAt = [&](int index) {
        const int b = bytes[index / 2].item<int>();
        return index % 2 == 0 ? b >> 4 : b & 15;
    };
    EXPECT_EQ(codeAt(0), 15);
    for (int i = 0; i < 15; ++i) {
        EXPECT_EQ(codeAt(1 + 2 * i), i) << "on threshold " << i;
        EXPECT_EQ(codeAt(2 + 2 * i), i + 1) << "just above threshold " << i;
    }
}

TEST(Nf4, OddCountPadsWithTheCodeOfZeroAndZeroBlocksRestoreToZero) {
    const auto q = ts::quantizeNf4(torch::tensor({0.5f, -1.0f, 0.25f}), ts::DoubleQuant::Off);
    ASSERT_EQ(q.packed.numel(), 2);
    // 0.5 -> 0.5/1 between 0.44 (12) and 0.56 (13): 0.5 < 0.5017 so 12; -1 -> 0; 0.25 -> 10.
    EXPECT_EQ(q.packed[0].item<int>(), (12 << 4) | 0);
    EXPECT_EQ(q.packed[1].item<int>(), (10 << 4) | 7);  // pad element 0.0 -> code 7

    const auto zeros = ts::quantizeNf4(torch::zeros({2, 64}), ts::DoubleQuant::Off);
    EXPECT_EQ(zeros.absmax.sum().item<float>(), 0.0f);
    EXPECT_EQ(ts::dequantizeNf4(zeros, torch::kFloat32).abs().sum().item<float>(), 0.0f);
}

TEST(Nf4, RoundTripErrorIsWithinHalfTheLargestCodeGapTimesBlockAbsmax) {
    torch::manual_seed(7);
    const auto w = torch::randn({96, 200}) * 0.03;  // 300 blocks, the last one full
    const auto code = codeValues();
    double largestGap = 0;
    for (int i = 0; i + 1 < 16; ++i) largestGap = std::max(largestGap, double(code[i + 1] - code[i]));
    for (auto dq : {ts::DoubleQuant::Off, ts::DoubleQuant::On}) {
        const auto q = ts::quantizeNf4(w, dq);
        const auto restored = ts::dequantizeNf4(q, torch::kFloat32);
        ASSERT_EQ(restored.sizes(), w.sizes());
        const auto trueAbsmax = w.reshape({-1, 64}).abs().amax(1);
        const auto err = (restored - w).reshape({-1, 64}).abs().amax(1);
        if (dq == ts::DoubleQuant::Off) {
            const auto bound = trueAbsmax * (0.5 * largestGap) * (1 + 1e-6);
            EXPECT_TRUE((err <= bound).all().item<bool>());
        } else {
            // Codes were chosen against the true absmax; restoring uses the 8-bit absmax.
            const auto used = ts::nf4BlockAbsmax(q);
            const auto bound = trueAbsmax * (0.5 * largestGap) * (1 + 1e-6) + (used - trueAbsmax).abs();
            EXPECT_TRUE((err <= bound).all().item<bool>());
        }
        // NF4 on Gaussian weights: mean error well under a tenth of the absmax.
        EXPECT_LT(((restored - w).abs().mean() / trueAbsmax.mean()).item<double>(), 0.1);
    }
}

TEST(Nf4, DoubleQuantizedAbsmaxIsCloseToTheTrueAbsmax) {
    torch::manual_seed(11);
    const auto w = torch::randn({64, 512}) * 0.02;  // 512 blocks: two nested blocks of 256
    const auto plain = ts::quantizeNf4(w, ts::DoubleQuant::Off);
    const auto dq = ts::quantizeNf4(w, ts::DoubleQuant::On);
    ASSERT_TRUE(dq.isDoubleQuantized());
    EXPECT_EQ(dq.absmax.scalar_type(), torch::kUInt8);
    ASSERT_EQ(dq.nested->absmax.numel(), 2);
    expectBitEqual(dq.packed, plain.packed, "4-bit codes do not depend on double quantization");
    const auto restored = ts::nf4BlockAbsmax(dq);
    const auto map = ts::dynamicQuantMap();
    const double largestMapGap = (map.slice(0, 1) - map.slice(0, 0, 255)).max().item<double>();
    const auto bound = dq.nested->absmax.repeat_interleave(256) * (0.5 * largestMapGap) * (1 + 1e-5);
    EXPECT_TRUE(((restored - plain.absmax).abs() <= bound).all().item<bool>());
    EXPECT_LT(((restored - plain.absmax).abs() / plain.absmax).max().item<double>(), 0.02);
    EXPECT_LT(dq.storageBytes(), plain.storageBytes());
}

TEST(Nf4, DynamicMapHasBitsandbytesShape) {
    const auto map = ts::dynamicQuantMap();
    ASSERT_EQ(map.numel(), 256);
    EXPECT_EQ(map[255].item<float>(), 1.0f);
    EXPECT_NEAR(map[0].item<float>(), -0.99296875f, 1e-7);  // -(10^0) * (0.9859375 + 1) / 2
    EXPECT_TRUE((map.slice(0, 1) >= map.slice(0, 0, 255)).all().item<bool>());
    EXPECT_EQ((map == 0).sum().item<int64_t>(), 1);
}

TEST(Nf4, MatchesBitsandbytesReferenceWithoutDoubleQuant) {
    // small_odd: a partial block and an odd count; rounding_edges: values within an ulp of
    // threshold * absmax where only bitsandbytes' multiply-by-reciprocal gives these codes.
    for (const char* name : {"small_odd", "rounding_edges"}) {
        SCOPED_TRACE(name);
        const auto ref = loadReference(name);
        std::vector<int64_t> shape = ref["shape"].get<std::vector<int64_t>>();
        const auto w = floatsFromBase64(ref["weight_f32_b64"]).view(shape);
        const auto q = ts::quantizeNf4(w, ts::DoubleQuant::Off);
        expectBitEqual(q.packed, bytesFromBase64(ref["packed_u8_b64"]), "packed");
        expectBitEqual(q.absmax, floatList(ref["absmax"]), "absmax");
        expectBitEqual(ts::dequantizeNf4(q, torch::kFloat32).reshape({-1}),
                       floatsFromBase64(ref["dequantized_f32_b64"]), "dequantized");
    }
}

TEST(Nf4, MatchesBitsandbytesReferenceWithDoubleQuant) {
    const auto ref = loadReference("weight_130x128");
    std::vector<int64_t> shape = ref["shape"].get<std::vector<int64_t>>();
    const auto w = floatsFromBase64(ref["weight_f32_b64"]).view(shape);
    const auto plain = ts::quantizeNf4(w, ts::DoubleQuant::Off);
    expectBitEqual(plain.packed, bytesFromBase64(ref["packed_u8_b64"]), "packed");
    expectBitEqual(plain.absmax, floatList(ref["absmax"]), "absmax");
    expectBitEqual(ts::dequantizeNf4(plain, torch::kFloat32).reshape({-1}),
                   floatsFromBase64(ref["dequantized_f32_b64"]), "dequantized");

    const auto q = ts::quantizeNf4(w, ts::DoubleQuant::On);
    expectBitEqual(q.packed, plain.packed, "packed (double quant)");
    expectBitEqual(q.nested->code, floatList(ref["dynamic_map"]), "dynamic map");
    EXPECT_EQ(q.nested->offset, static_cast<float>(ref["offset"].get<double>()));
    expectBitEqual(q.absmax, bytesFromBase64(ref["qabsmax_u8_b64"]), "qabsmax");
    expectBitEqual(q.nested->absmax, floatList(ref["absmax2"]), "nested absmax");
    expectBitEqual(ts::nf4BlockAbsmax(q), floatList(ref["restored_absmax"]), "restored absmax");
    expectBitEqual(ts::dequantizeNf4(q, torch::kFloat32).reshape({-1}),
                   floatsFromBase64(ref["dequantized_double_f32_b64"]), "dequantized (double)");
}

TEST(Nf4, HalfInputsQuantizeLikeTheirFloatValuesAndOutputDtypeIsHonoured) {
    torch::manual_seed(3);
    const auto w = (torch::randn({16, 64}) * 0.05).to(torch::kBFloat16);
    const auto fromBf16 = ts::quantizeNf4(w, ts::DoubleQuant::On);
    const auto fromF32 = ts::quantizeNf4(w.to(torch::kFloat32), ts::DoubleQuant::On);
    EXPECT_EQ(fromBf16.dtype, torch::kBFloat16);
    expectBitEqual(fromBf16.packed, fromF32.packed, "packed");
    const auto out = ts::dequantizeNf4(fromBf16, torch::kBFloat16);
    EXPECT_EQ(out.scalar_type(), torch::kBFloat16);
    expectBitEqual(out, ts::dequantizeNf4(fromBf16, torch::kFloat32).to(torch::kBFloat16), "bf16 cast");
}

TEST(Nf4, BadInputsAreErrorsNamingTheField) {
    EXPECT_THROW(ts::quantizeNf4(torch::tensor({1, 2, 3})), ts::Error);
    EXPECT_THROW(ts::quantizeNf4(torch::empty({0})), ts::Error);
    EXPECT_THROW(ts::quantizeNf4(torch::tensor({1.0f, NAN})), ts::Error);
    EXPECT_THROW(ts::quantizeNf4(torch::ones({64}), ts::DoubleQuant::Off, 63), ts::Error);
    auto q = ts::quantizeNf4(torch::ones({4, 64}), ts::DoubleQuant::On);
    q.absmax = q.absmax.slice(0, 0, 3);
    try {
        ts::validateNf4(q, "model.safetensors");
        FAIL() << "expected an error";
    } catch (const ts::Error& e) {
        EXPECT_EQ(e.field(), "absmax");
        EXPECT_EQ(e.file(), "model.safetensors");
    }
    auto q2 = ts::quantizeNf4(torch::ones({4, 64}), ts::DoubleQuant::Off);
    q2.packed = q2.packed.slice(0, 1);
    EXPECT_THROW(ts::dequantizeNf4(q2, torch::kFloat32), ts::Error);
    EXPECT_THROW(ts::dequantizeNf4(ts::quantizeNf4(torch::ones({64})), torch::kInt32), ts::Error);
}

TEST(Nf4, CudaResultEqualsCpuResult) {
    if (!torch::cuda::is_available()) GTEST_SKIP() << "no CUDA device";
    torch::manual_seed(5);
    const auto w = torch::randn({300, 257}) * 0.02;
    const auto cpu = ts::quantizeNf4(w, ts::DoubleQuant::On);
    const auto gpu = ts::quantizeNf4(w.cuda(), ts::DoubleQuant::On);
    expectBitEqual(gpu.packed.cpu(), cpu.packed, "packed");
    expectBitEqual(gpu.absmax.cpu(), cpu.absmax, "qabsmax");
    expectBitEqual(ts::dequantizeNf4(gpu, torch::kFloat32).cpu(),
                   ts::dequantizeNf4(cpu, torch::kFloat32), "dequantized");
}
