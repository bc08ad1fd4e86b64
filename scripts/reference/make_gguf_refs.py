#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reference data for the model-file format tests (tests/engine/unit/{gguf,safetensors}_test.cpp).

Writes, under tests/data/:
  safetensors/reference.safetensors  a file written by the reference safetensors implementation
  gguf/*.gguf + *.expected.bin       small GGUF files written by gguf-py, and the floats that
                                     gguf-py's own numpy dequantizers produce for their tensors
  gguf/demo_q_proj_l0.bin            (when the demo model is present) q_proj of layer 0 of the
                                     demo model, dequantized by gguf-py and un-permuted with the
                                     formula of convert_hf_to_gguf.py, for the model test.

Needs: numpy, gguf (gguf-py), safetensors. Run from the repository root:
  python3 scripts/reference/make_gguf_refs.py
"""
import os
import sys

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DATA = os.path.join(ROOT, "tests", "data")


def make_safetensors_reference():
    from safetensors.numpy import save_file

    tensors = {
        "f32": (np.arange(12, dtype=np.float32).reshape(3, 4) * 0.5),
        "f16": np.array([-1.5, 0.0, 2.25], dtype=np.float16),
        "i64": np.array([-3, 1 << 40], dtype=np.int64),
        "u8": np.array([1, 2, 255], dtype=np.uint8),
        "bool": np.array([True, False, True]),
    }
    out = os.path.join(DATA, "safetensors", "reference.safetensors")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    save_file(tensors, out, metadata={"producer": "safetensors.numpy"})
    print("wrote", out)


GGUF_DIR = os.path.join(DATA, "gguf")
DEMO_MODEL = os.environ.get(
    "TS_DEMO_MODEL",
    os.path.expanduser("~/.cache/tuning-studio/models/SmolLM2-135M-Instruct.Q4_1.gguf"))


def permute_like_llama_cpp(w, n_head):
    """convert_hf_to_gguf.py's LlamaModel.permute: HF rotary layout -> llama.cpp's."""
    return (w.reshape(n_head, 2, w.shape[0] // n_head // 2, *w.shape[1:])
             .swapaxes(1, 2)
             .reshape(w.shape))


def unpermute(w, n_head):
    """The inverse of permute_like_llama_cpp."""
    return (w.reshape(n_head, w.shape[0] // n_head // 2, 2, *w.shape[1:])
             .swapaxes(1, 2)
             .reshape(w.shape))


def save_expected(tensors, name, metadata=None):
    from safetensors.numpy import save_file
    out = os.path.join(GGUF_DIR, name)
    save_file({k: np.ascontiguousarray(v) for k, v in tensors.items()}, out, metadata=metadata)
    print("wrote", out)


def random_k_blocks(rng, qtype, n_blocks):
    """Random but valid K-quant blocks: any bit pattern is valid except non-finite f16 scales."""
    import gguf
    block_size, type_size = gguf.GGML_QUANT_SIZES[qtype]
    raw = rng.integers(0, 256, size=(n_blocks, type_size), dtype=np.uint8)
    scales = (rng.standard_normal((n_blocks, 2)) * 0.05).astype(np.float16).view(np.uint8)
    if qtype == gguf.GGMLQuantizationType.Q6_K:
        raw[:, 208:210] = scales[:, 0:2]            # d is the last field
    else:
        raw[:, 0:4] = scales                        # d, dmin come first
    return raw


def make_quant_file(rng):
    """quants.gguf: one tensor per supported type; the expected floats are gguf-py's own
    dequantization of exactly the bytes in the file."""
    import gguf
    from gguf import GGMLQuantizationType as T
    w = gguf.GGUFWriter(os.path.join(GGUF_DIR, "quants.gguf"), arch="test")
    expected = {}

    f32 = rng.standard_normal((3, 5)).astype(np.float32)
    w.add_tensor("f32", f32)
    expected["f32"] = f32
    f16 = rng.standard_normal((2, 3, 4)).astype(np.float16)   # 3-D: checks dim reversal
    w.add_tensor("f16", f16)
    expected["f16"] = f16.astype(np.float32)
    bf16 = gguf.quants.quantize(rng.standard_normal((4, 6)).astype(np.float32), T.BF16)
    w.add_tensor("bf16", bf16, raw_dtype=T.BF16)
    expected["bf16"] = gguf.quants.dequantize(bf16, T.BF16)

    for qtype in (T.Q8_0, T.Q4_0, T.Q4_1, T.Q5_0, T.Q5_1):
        data = (rng.standard_normal((3, 96)) * rng.uniform(0.01, 2.0, (3, 1))).astype(np.float32)
        data[1, 32:64] = 0.0                         # an all-zero block (d == 0)
        raw = gguf.quants.quantize(data, qtype)
        name = qtype.name.lower()
        w.add_tensor(name, raw, raw_dtype=qtype)
        expected[name] = gguf.quants.dequantize(raw, qtype)

    for qtype in (T.Q4_K, T.Q5_K, T.Q6_K):
        rows, blocks_per_row = 3, 2
        raw = random_k_blocks(rng, qtype, rows * blocks_per_row).reshape(rows, -1)
        name = qtype.name.lower()
        w.add_tensor(name, raw, raw_dtype=qtype)
        expected[name] = gguf.quants.dequantize(raw, qtype)

    # A type this engine cannot dequantize, to check the error names tensor and type.
    iq = rng.integers(0, 256, size=(1, gguf.GGML_QUANT_SIZES[T.IQ2_XXS][1]), dtype=np.uint8)
    iq[:, 0:2] = np.array([0.01], dtype=np.float16).view(np.uint8)
    w.add_tensor("iq2_xxs", iq, raw_dtype=T.IQ2_XXS)

    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    save_expected(expected, "quants.expected.safetensors")


def make_metadata_file():
    """metadata.gguf: every metadata value type, arrays of several kinds, alignment 64."""
    import gguf
    from gguf import GGUFValueType as V
    w = gguf.GGUFWriter(os.path.join(GGUF_DIR, "metadata.gguf"), arch="test")
    w.data_alignment = 64
    w.add_uint32("general.alignment", 64)
    w.add_uint8("t.u8", 200)
    w.add_int8("t.i8", -100)
    w.add_uint16("t.u16", 60000)
    w.add_int16("t.i16", -30000)
    w.add_uint32("t.u32", 4000000000)
    w.add_int32("t.i32", -2000000000)
    w.add_float32("t.f32", 0.5)
    w.add_uint64("t.u64", 2**63 + 5)
    w.add_uint64("t.u64small", 123456789012)
    w.add_int64("t.i64", -(2**62))
    w.add_float64("t.f64", 3.141592653589793)
    w.add_bool("t.true", True)
    w.add_bool("t.false", False)
    w.add_string("t.string", "h\u00e9llo \u2713")
    w.add_key_value("t.empty", "", V.STRING)  # add_string() skips empty strings
    w.add_key_value("t.ints", [1, -2, 3], V.ARRAY, sub_type=V.INT32)
    w.add_key_value("t.u8s", [7, 8, 255], V.ARRAY, sub_type=V.UINT8)
    w.add_key_value("t.floats", [0.25, -1.5, 1e-6], V.ARRAY, sub_type=V.FLOAT32)
    w.add_array("t.strings", ["a", "", "\u00fcn\u00ef"])
    w.add_array("t.bools", [True, False])
    w.add_array("t.nested", [[1, 2], [3]])
    w.add_tensor("tiny", np.arange(6, dtype=np.float32).reshape(2, 3))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    print("wrote", os.path.join(GGUF_DIR, "metadata.gguf"))


def make_tiny_model(rng, arch):
    """tiny_llama.gguf / tiny_qwen2.gguf: a 2-layer model converted the way convert_hf_to_gguf.py
    does (llama: Q and K rows permuted). Layer 0 is F32 so the expected HF tensors are the
    original random weights themselves; layer 1's Q/K are Q8_0 (quantized after the permutation),
    expected = gguf-py's dequantization, un-permuted."""
    import gguf
    from gguf import GGMLQuantizationType as T
    hidden, heads, kv_heads, ffn, layers, vocab = 64, 4, 2, 96, 2, 40
    head_dim = hidden // heads
    is_llama = arch == "llama"
    path = os.path.join(GGUF_DIR, f"tiny_{arch}.gguf")
    w = gguf.GGUFWriter(path, arch=arch)
    w.add_block_count(layers)
    w.add_context_length(128)
    w.add_embedding_length(hidden)
    w.add_feed_forward_length(ffn)
    w.add_head_count(heads)
    w.add_head_count_kv(kv_heads)
    w.add_layer_norm_rms_eps(1e-6)
    w.add_rope_freq_base(50000.0)
    w.add_bos_token_id(1)
    w.add_eos_token_id(2)
    w.add_token_list([f"tok{i}" for i in range(vocab)])
    if not is_llama:
        w.add_vocab_size(vocab)

    hf = {}
    def rnd(*shape):
        return rng.standard_normal(shape).astype(np.float32)
    hf["model.embed_tokens.weight"] = rnd(vocab, hidden)
    w.add_tensor("token_embd.weight", hf["model.embed_tokens.weight"])
    for i in range(layers):
        p = f"model.layers.{i}."
        q, k, v, o = rnd(hidden, hidden), rnd(kv_heads * head_dim, hidden), rnd(kv_heads * head_dim, hidden), rnd(hidden, hidden)
        if is_llama:
            q_stored, k_stored = permute_like_llama_cpp(q, heads), permute_like_llama_cpp(k, kv_heads)
        else:
            q_stored, k_stored = q, k
        if i == 0:
            w.add_tensor(f"blk.{i}.attn_q.weight", q_stored)
            w.add_tensor(f"blk.{i}.attn_k.weight", k_stored)
            hf[p + "self_attn.q_proj.weight"], hf[p + "self_attn.k_proj.weight"] = q, k
        else:
            rq, rk = gguf.quants.quantize(q_stored, T.Q8_0), gguf.quants.quantize(k_stored, T.Q8_0)
            w.add_tensor(f"blk.{i}.attn_q.weight", rq, raw_dtype=T.Q8_0)
            w.add_tensor(f"blk.{i}.attn_k.weight", rk, raw_dtype=T.Q8_0)
            dq, dk = gguf.quants.dequantize(rq, T.Q8_0), gguf.quants.dequantize(rk, T.Q8_0)
            if is_llama:
                dq, dk = unpermute(dq, heads), unpermute(dk, kv_heads)
            hf[p + "self_attn.q_proj.weight"], hf[p + "self_attn.k_proj.weight"] = dq, dk
        hf[p + "self_attn.v_proj.weight"], hf[p + "self_attn.o_proj.weight"] = v, o
        w.add_tensor(f"blk.{i}.attn_v.weight", v)
        w.add_tensor(f"blk.{i}.attn_output.weight", o)
        if not is_llama:
            for proj, rows in (("q", hidden), ("k", kv_heads * head_dim), ("v", kv_heads * head_dim)):
                b = rnd(rows)
                hf[p + f"self_attn.{proj}_proj.bias"] = b
                w.add_tensor(f"blk.{i}.attn_{proj}.bias", b)
        for gname, hname, shape in (("ffn_gate", "mlp.gate_proj", (ffn, hidden)),
                                    ("ffn_up", "mlp.up_proj", (ffn, hidden)),
                                    ("ffn_down", "mlp.down_proj", (hidden, ffn))):
            hf[p + hname + ".weight"] = rnd(*shape)
            w.add_tensor(f"blk.{i}.{gname}.weight", hf[p + hname + ".weight"])
        for gname, hname in (("attn_norm", "input_layernorm"), ("ffn_norm", "post_attention_layernorm")):
            hf[p + hname + ".weight"] = rnd(hidden)
            w.add_tensor(f"blk.{i}.{gname}.weight", hf[p + hname + ".weight"])
    hf["model.norm.weight"] = rnd(hidden)
    w.add_tensor("output_norm.weight", hf["model.norm.weight"])
    if not is_llama:
        hf["lm_head.weight"] = rnd(vocab, hidden)
        w.add_tensor("output.weight", hf["lm_head.weight"])
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    print("wrote", path)
    save_expected(hf, f"tiny_{arch}.expected.safetensors")


LLAMA_NAMES = {
    "attn_norm.weight": "input_layernorm.weight", "attn_q.weight": "self_attn.q_proj.weight",
    "attn_k.weight": "self_attn.k_proj.weight", "attn_v.weight": "self_attn.v_proj.weight",
    "attn_output.weight": "self_attn.o_proj.weight",
    "ffn_norm.weight": "post_attention_layernorm.weight", "ffn_gate.weight": "mlp.gate_proj.weight",
    "ffn_up.weight": "mlp.up_proj.weight", "ffn_down.weight": "mlp.down_proj.weight",
}


def make_demo_refs():
    """Statistics of every HF-named weight of the demo model as gguf-py dequantizes it (Q/K
    un-permuted with the inverse of convert_hf_to_gguf.py's permute), plus selected rows of
    layer 0's q_proj and k_proj, for tests/engine/model/demo_gguf_test.cpp."""
    import json
    import gguf
    if not os.path.exists(DEMO_MODEL):
        print("demo model absent; skipping demo references:", DEMO_MODEL)
        return
    r = gguf.GGUFReader(DEMO_MODEL)
    heads = int(r.fields["llama.attention.head_count"].parts[-1][0])
    kv_heads = int(r.fields["llama.attention.head_count_kv"].parts[-1][0])
    stats = {}
    rows = {}
    for t in r.tensors:
        data = gguf.quants.dequantize(t.data, t.tensor_type).astype(np.float32)
        data = data.reshape([int(d) for d in reversed(t.shape)])
        name = t.name
        if name == "token_embd.weight":
            hf = "model.embed_tokens.weight"
        elif name == "output_norm.weight":
            hf = "model.norm.weight"
        elif name == "output.weight":
            hf = "lm_head.weight"
        else:
            _, layer, rest = name.split(".", 2)
            hf = f"model.layers.{layer}.{LLAMA_NAMES[rest]}"
            if rest == "attn_q.weight":
                data = unpermute(data, heads)
            elif rest == "attn_k.weight":
                data = unpermute(data, kv_heads)
        stats[hf] = {"shape": list(data.shape), "gguf_type": t.tensor_type.name,
                     "sum": float(data.astype(np.float64).sum()),
                     "abs_sum": float(np.abs(data.astype(np.float64)).sum())}
        if hf in ("model.layers.0.self_attn.q_proj.weight", "model.layers.0.self_attn.k_proj.weight"):
            # Rows from several heads, both halves of the rotary split, and head borders.
            ids = np.array([0, 1, 31, 32, 63, 64, 95, 96, 127, 191], dtype=np.int64)
            key = "q" if "q_proj" in hf else "k"
            rows[key + "_row_ids"] = ids
            rows[key + "_rows"] = data[ids]
    with open(os.path.join(GGUF_DIR, "demo_tensor_stats.json"), "w") as f:
        json.dump(stats, f, indent=0, sort_keys=True)
    print("wrote", os.path.join(GGUF_DIR, "demo_tensor_stats.json"))
    save_expected(rows, "demo_layer0_qk_rows.safetensors")


def main():
    os.makedirs(GGUF_DIR, exist_ok=True)
    rng = np.random.default_rng(20240611)
    make_safetensors_reference()
    make_quant_file(rng)
    make_metadata_file()
    make_tiny_model(rng, "llama")
    make_tiny_model(rng, "qwen2")
    make_demo_refs()


if __name__ == "__main__":
    sys.exit(main())
