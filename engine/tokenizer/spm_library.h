// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// C++ face of the sentencepiece bridge module: finds and dlopen()s it once per process, and wraps
// one loaded tokenizer.model with RAII. Torch-free.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

struct ts_spm;

namespace ts {

class SentencePieceModel {
public:
    // Throws ts::Error naming the file when the bridge or the model cannot be loaded.
    static SentencePieceModel fromFile(const std::string& path);
    static SentencePieceModel fromBytes(const std::string& serializedProto,
                                        const std::string& originForErrors);

    SentencePieceModel(SentencePieceModel&&) noexcept;
    SentencePieceModel& operator=(SentencePieceModel&&) noexcept;
    ~SentencePieceModel();

    int vocabSize() const;
    std::vector<int32_t> encode(const std::string& text) const;
    std::string decode(const std::vector<int32_t>& ids) const;
    std::string idToPiece(int32_t id) const;
    int32_t pieceToId(const std::string& piece) const;
    float score(int32_t id) const;
    int32_t bosId() const;
    int32_t eosId() const;
    int32_t unkId() const;
    int32_t padId() const;
    bool isControl(int32_t id) const;
    bool isByte(int32_t id) const;

private:
    explicit SentencePieceModel(ts_spm* handle);
    ts_spm* handle_ = nullptr;
};

// Where the bridge was loaded from (for diagnostics); empty until first use.
std::string sentencePieceBridgePath();

}  // namespace ts
