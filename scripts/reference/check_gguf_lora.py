#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Validate a GGUF LoRA adapter written by `tuning-studio-cli adapter export-gguf` with gguf-py.

Checks with gguf.GGUFReader (the reader llama.cpp's own Python tools use) that the file has the
metadata llama.cpp's llama_adapter_lora_init requires (general.type = adapter, adapter.type = lora,
adapter.lora.alpha as float32, general.architecture), the tensor shapes it checks
(lora_a ne = [n_in, r], lora_b ne = [r, n_out]) and, given the PEFT adapter folder, that every
value equals PEFT's lora_A / lora_B, with lora_B of q_proj / k_proj reordered as
convert_hf_to_gguf.py's LlamaModel.permute reorders the base Q / K rows (llama architecture only).

  # check an exported file against its adapter and base
  python3 scripts/reference/check_gguf_lora.py OUT.gguf --adapter DIR --base BASE.gguf
  # self test: random rank-8 adapter for the base GGUF, exported by the CLI, then checked
  python3 scripts/reference/check_gguf_lora.py --self-test --cli build/bin/tuning-studio-cli \
      --base ~/.cache/tuning-studio/models/SmolLM2-135M-Instruct.Q4_1.gguf

Needs: numpy, gguf, safetensors.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
from gguf import GGUFReader, GGUFValueType

MODULES = {
    "q_proj": ("self_attn", "attn_q"), "k_proj": ("self_attn", "attn_k"),
    "v_proj": ("self_attn", "attn_v"), "o_proj": ("self_attn", "attn_output"),
    "gate_proj": ("mlp", "ffn_gate"), "up_proj": ("mlp", "ffn_up"), "down_proj": ("mlp", "ffn_down"),
}


def permute(weights, n_head):
    # convert_hf_to_gguf.py, LlamaModel.permute
    return (weights.reshape(n_head, 2, weights.shape[0] // n_head // 2, *weights.shape[1:])
            .swapaxes(1, 2).reshape(weights.shape))


def field_value(reader, key):
    field = reader.get_field(key)
    if field is None:
        raise SystemExit(f"FAIL: missing key {key}")
    value_type = field.types[0]
    if value_type == GGUFValueType.STRING:
        return value_type, bytes(field.parts[field.data[0]]).decode("utf-8")
    return value_type, field.parts[field.data[0]][0]


def base_shape(base_path):
    """hidden, heads, kv_heads, head_dim, ffn, layers, arch from a base .gguf or config.json."""
    if base_path.endswith(".gguf"):
        r = GGUFReader(base_path)
        arch = field_value(r, "general.architecture")[1]
        get = lambda k: int(field_value(r, f"{arch}.{k}")[1])
        hidden, heads = get("embedding_length"), get("attention.head_count")
        kv = get("attention.head_count_kv") if r.get_field(f"{arch}.attention.head_count_kv") else heads
        return dict(arch=arch, hidden=hidden, heads=heads, kv_heads=kv, head_dim=hidden // heads,
                    ffn=get("feed_forward_length"), layers=get("block_count"))
    path = os.path.join(base_path, "config.json") if os.path.isdir(base_path) else base_path
    c = json.load(open(path))
    arch = "qwen2" if c["architectures"][0].startswith("Qwen2") else "llama"
    heads = c["num_attention_heads"]
    return dict(arch=arch, hidden=c["hidden_size"], heads=heads,
                kv_heads=c.get("num_key_value_heads", heads),
                head_dim=c.get("head_dim", c["hidden_size"] // heads),
                ffn=c["intermediate_size"], layers=c["num_hidden_layers"])


def in_out(shape, module):
    q = shape["heads"] * shape["head_dim"]
    kv = shape["kv_heads"] * shape["head_dim"]
    return {"q_proj": (shape["hidden"], q), "k_proj": (shape["hidden"], kv),
            "v_proj": (shape["hidden"], kv), "o_proj": (q, shape["hidden"]),
            "gate_proj": (shape["hidden"], shape["ffn"]), "up_proj": (shape["hidden"], shape["ffn"]),
            "down_proj": (shape["ffn"], shape["hidden"])}[module]


def check(gguf_path, adapter_dir, base_path):
    from safetensors.numpy import load_file

    config = json.load(open(os.path.join(adapter_dir, "adapter_config.json")))
    peft = load_file(os.path.join(adapter_dir, "adapter_model.safetensors"))
    shape = base_shape(base_path)
    reader = GGUFReader(gguf_path)

    expect = {"general.type": "adapter", "adapter.type": "lora", "general.architecture": shape["arch"]}
    for key, want in expect.items():
        got = field_value(reader, key)[1]
        assert got == want, f"{key}: {got!r} != {want!r}"
    alpha_type, alpha = field_value(reader, "adapter.lora.alpha")
    assert alpha_type == GGUFValueType.FLOAT32, f"adapter.lora.alpha is {alpha_type.name}, not FLOAT32"
    r = config["r"]
    want_alpha = config["lora_alpha"] * (np.sqrt(r) if config.get("use_rslora") else 1.0)
    assert np.isclose(alpha, want_alpha, rtol=1e-6), f"alpha {alpha} != {want_alpha}"

    tensors = {t.name: t for t in reader.tensors}
    assert len(tensors) == len(peft), f"{len(tensors)} GGUF tensors for {len(peft)} PEFT tensors"
    worst = 0.0
    for name, a_or_b in peft.items():
        # base_model.model.model.layers.N.<parent>.<module>.lora_A.weight
        parts = name.split(".")
        layer, module, matrix = int(parts[4]), parts[6], parts[7]
        stem = f"blk.{layer}.{MODULES[module][1]}.weight"
        t = tensors[stem + (".lora_a" if matrix == "lora_A" else ".lora_b")]
        n_in, n_out = in_out(shape, module)
        ne = [int(x) for x in t.shape]
        want_ne = [n_in, r] if matrix == "lora_A" else [r, n_out]
        assert ne == want_ne, f"{t.name}: ne {ne} != {want_ne}"
        data = np.asarray(t.data, dtype=np.float32).reshape(ne[1], ne[0])
        want = a_or_b.astype(np.float32)
        if matrix == "lora_B" and shape["arch"] == "llama" and module in ("q_proj", "k_proj"):
            want = permute(want, shape["heads"] if module == "q_proj" else shape["kv_heads"])
        if t.tensor_type.name == "F16":
            want = want.astype(np.float16).astype(np.float32)
        diff = float(np.max(np.abs(data - want)))
        worst = max(worst, diff)
        assert diff == 0.0, f"{t.name}: max |diff| {diff}"
    print(json.dumps({"file": gguf_path, "arch": shape["arch"], "tensors": len(tensors), "rank": r,
                      "alpha": float(alpha), "alignment": reader.alignment,
                      "types": sorted({t.tensor_type.name for t in reader.tensors}),
                      "max_abs_diff": worst, "ok": True}))


def self_test(cli, base_path, out_type):
    from safetensors.numpy import save_file

    shape = base_shape(base_path)
    rng = np.random.default_rng(0)
    r = 8
    with tempfile.TemporaryDirectory() as tmp:
        adapter = os.path.join(tmp, "adapter")
        os.makedirs(adapter)
        tensors = {}
        for layer in range(shape["layers"]):
            for module, (parent, _) in MODULES.items():
                n_in, n_out = in_out(shape, module)
                prefix = f"base_model.model.model.layers.{layer}.{parent}.{module}"
                tensors[prefix + ".lora_A.weight"] = rng.standard_normal((r, n_in), dtype=np.float32)
                tensors[prefix + ".lora_B.weight"] = rng.standard_normal((n_out, r), dtype=np.float32)
        save_file(tensors, os.path.join(adapter, "adapter_model.safetensors"), metadata={"format": "pt"})
        json.dump({"peft_type": "LORA", "task_type": "CAUSAL_LM", "r": r, "lora_alpha": 16,
                   "lora_dropout": 0.0, "bias": "none", "target_modules": list(MODULES),
                   "base_model_name_or_path": None},
                  open(os.path.join(adapter, "adapter_config.json"), "w"))
        out = os.path.join(tmp, "adapter.gguf")
        subprocess.run([cli, "adapter", "export-gguf", "--adapter", adapter, "--base", base_path,
                        "--out", out, "--type", out_type], check=True)
        check(out, adapter, base_path)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("gguf", nargs="?")
    p.add_argument("--adapter")
    p.add_argument("--base", required=True)
    p.add_argument("--self-test", action="store_true")
    p.add_argument("--cli", default="build/bin/tuning-studio-cli")
    p.add_argument("--type", default="f32", choices=["f32", "f16"])
    a = p.parse_args()
    if a.self_test:
        self_test(a.cli, a.base, a.type)
    elif a.gguf and a.adapter:
        check(a.gguf, a.adapter, a.base)
    else:
        p.error("give FILE.gguf --adapter DIR --base BASE, or --self-test")


if __name__ == "__main__":
    sys.exit(main())
