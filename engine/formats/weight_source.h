// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Weights addressed by their Hugging Face names, whatever the storage: one safetensors file, a
// sharded safetensors folder, or a GGUF file converted on the fly. Implementations are not
// thread-safe; use one source from one thread (the engine thread).
#include <string>
#include <vector>

namespace at {
class Tensor;
}

namespace ts {

class WeightSource {
public:
    virtual ~WeightSource() = default;
    virtual std::vector<std::string> names() const = 0;
    virtual bool has(const std::string& name) const = 0;
    // A CPU tensor. Throws ts::Error naming the source and the tensor when it is absent.
    virtual at::Tensor tensor(const std::string& name) const = 0;
};

}  // namespace ts
