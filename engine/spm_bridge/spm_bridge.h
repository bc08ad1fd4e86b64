// SPDX-License-Identifier: GPL-3.0-or-later
// C interface of the sentencepiece bridge module (see engine/CMakeLists.txt for why it exists).
// Plain C types only, so no C++ ABI or allocator crosses the dlopen boundary: strings and id
// arrays are written into caller-owned buffers; a call returns the needed size, and the caller
// retries with a larger buffer when it did not fit.
#pragma once
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ts_spm ts_spm;

#define TS_SPM_BRIDGE_ABI 1

int ts_spm_abi_version(void);
// Loads a tokenizer.model. Returns NULL on failure and writes the reason into err.
ts_spm* ts_spm_load(const char* path, char* err, size_t err_cap);
// Loads from a serialized ModelProto held in memory.
ts_spm* ts_spm_load_from_bytes(const char* data, size_t len, char* err, size_t err_cap);
void ts_spm_free(ts_spm* model);
int32_t ts_spm_vocab_size(const ts_spm* model);
// Returns the number of ids (written when <= cap) or -1 on error.
int64_t ts_spm_encode(const ts_spm* model, const char* text, size_t len, int32_t* ids,
                      size_t cap);
// Returns the byte length of the text (written when < cap, NUL-terminated) or -1 on error.
int64_t ts_spm_decode(const ts_spm* model, const int32_t* ids, size_t n, char* out, size_t cap);
int64_t ts_spm_id_to_piece(const ts_spm* model, int32_t id, char* out, size_t cap);
float ts_spm_get_score(const ts_spm* model, int32_t id);
int32_t ts_spm_piece_to_id(const ts_spm* model, const char* piece, size_t len);
int32_t ts_spm_bos_id(const ts_spm* model);
int32_t ts_spm_eos_id(const ts_spm* model);
int32_t ts_spm_unk_id(const ts_spm* model);
int32_t ts_spm_pad_id(const ts_spm* model);
int ts_spm_is_control(const ts_spm* model, int32_t id);
int ts_spm_is_byte(const ts_spm* model, int32_t id);

#ifdef __cplusplus
}
#endif
