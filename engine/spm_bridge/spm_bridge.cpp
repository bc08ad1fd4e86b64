// SPDX-License-Identifier: GPL-3.0-or-later
// The only translation unit that links libsentencepiece. Loaded by engine/tokenizer/spm_library.
#include "spm_bridge.h"

#include <sentencepiece_processor.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

struct ts_spm {
    sentencepiece::SentencePieceProcessor processor;
};

namespace {
void writeError(char* err, size_t cap, const std::string& message) {
    if (!err || cap == 0) return;
    size_t n = std::min(cap - 1, message.size());
    std::memcpy(err, message.data(), n);
    err[n] = '\0';
}

int64_t writeString(const std::string& s, char* out, size_t cap) {
    if (out && s.size() < cap) {
        std::memcpy(out, s.data(), s.size());
        out[s.size()] = '\0';
    }
    return int64_t(s.size());
}
}  // namespace

extern "C" {

int ts_spm_abi_version(void) { return TS_SPM_BRIDGE_ABI; }

ts_spm* ts_spm_load(const char* path, char* err, size_t err_cap) {
    auto model = std::make_unique<ts_spm>();
    auto status = model->processor.Load(path);
    if (!status.ok()) {
        writeError(err, err_cap, status.ToString());
        return nullptr;
    }
    return model.release();
}

ts_spm* ts_spm_load_from_bytes(const char* data, size_t len, char* err, size_t err_cap) {
    auto model = std::make_unique<ts_spm>();
    auto status = model->processor.LoadFromSerializedProto(std::string(data, len));
    if (!status.ok()) {
        writeError(err, err_cap, status.ToString());
        return nullptr;
    }
    return model.release();
}

void ts_spm_free(ts_spm* model) { delete model; }

int32_t ts_spm_vocab_size(const ts_spm* model) { return model->processor.GetPieceSize(); }

int64_t ts_spm_encode(const ts_spm* model, const char* text, size_t len, int32_t* ids,
                      size_t cap) {
    std::vector<int> out;
    auto status = model->processor.Encode(std::string(text, len), &out);
    if (!status.ok()) return -1;
    if (ids && out.size() <= cap)
        for (size_t i = 0; i < out.size(); ++i) ids[i] = out[i];
    return int64_t(out.size());
}

int64_t ts_spm_decode(const ts_spm* model, const int32_t* ids, size_t n, char* out, size_t cap) {
    std::vector<int> in(ids, ids + n);
    std::string text;
    auto status = model->processor.Decode(in, &text);
    if (!status.ok()) return -1;
    return writeString(text, out, cap);
}

int64_t ts_spm_id_to_piece(const ts_spm* model, int32_t id, char* out, size_t cap) {
    if (id < 0 || id >= model->processor.GetPieceSize()) return -1;
    return writeString(model->processor.IdToPiece(id), out, cap);
}

float ts_spm_get_score(const ts_spm* model, int32_t id) { return model->processor.GetScore(id); }

int32_t ts_spm_piece_to_id(const ts_spm* model, const char* piece, size_t len) {
    return model->processor.PieceToId(std::string(piece, len));
}

int32_t ts_spm_bos_id(const ts_spm* model) { return model->processor.bos_id(); }
int32_t ts_spm_eos_id(const ts_spm* model) { return model->processor.eos_id(); }
int32_t ts_spm_unk_id(const ts_spm* model) { return model->processor.unk_id(); }
int32_t ts_spm_pad_id(const ts_spm* model) { return model->processor.pad_id(); }
int ts_spm_is_control(const ts_spm* model, int32_t id) { return model->processor.IsControl(id); }
int ts_spm_is_byte(const ts_spm* model, int32_t id) { return model->processor.IsByte(id); }

}  // extern "C"
