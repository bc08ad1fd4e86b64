#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reference fixtures for the engine's logits-parity tests.

Builds small random-init Llama, Mistral and Qwen2 models with transformers (save_pretrained),
runs them in fp32 on fixed token ids, and writes for each model folder:
  config.json, model.safetensors (or shards + model.safetensors.index.json),
  reference.json: {"input_ids": [...], "logits": [[...]...] (fp32), "greedy_ids": [...]}

Run where transformers is installed (the GPU machine has it):
  python3 scripts/reference/make_model_references.py OUT_DIR
"""
import json
import os
import sys

import torch
from transformers import (LlamaConfig, LlamaForCausalLM, MistralConfig, MistralForCausalLM,
                          Qwen2Config, Qwen2ForCausalLM)

VOCAB = 384
COMMON = dict(vocab_size=VOCAB, hidden_size=64, intermediate_size=160, num_hidden_layers=2,
              num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=256,
              rms_norm_eps=1e-5, bos_token_id=1, eos_token_id=2)


def build(kind):
    torch.manual_seed({"llama": 1, "mistral": 2, "qwen2": 3}[kind])
    if kind == "llama":
        # Llama-3-style rope scaling, untied head, fp32 weights on disk.
        cfg = LlamaConfig(**COMMON, rope_theta=500000.0, tie_word_embeddings=False,
                          rope_scaling={"rope_type": "llama3", "factor": 8.0,
                                        "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                                        "original_max_position_embeddings": 32})
        model, dtype, shard = LlamaForCausalLM(cfg), torch.float32, None
    elif kind == "mistral":
        # bf16 weights on disk, no sliding window within the test length.
        cfg = MistralConfig(**COMMON, rope_theta=10000.0, sliding_window=None,
                            tie_word_embeddings=False)
        model, dtype, shard = MistralForCausalLM(cfg), torch.bfloat16, None
    else:
        # q/k/v bias, tied embeddings (like Qwen2.5-0.5B), fp16 on disk, sharded.
        cfg = Qwen2Config(**COMMON, rope_theta=1000000.0, tie_word_embeddings=True,
                          use_sliding_window=False)
        model, dtype, shard = Qwen2ForCausalLM(cfg), torch.float16, "60KB"
    # Random init has tiny std; widen it so logits differ meaningfully between tokens.
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.dim() == 2:
                p.normal_(0.0, 0.08)
            elif "bias" in name:
                p.normal_(0.0, 0.05)
            else:
                p.uniform_(0.8, 1.2)
    return model, dtype, shard


def main(out_dir):
    ids = [1, 17, 250, 3, 99, 42, 310, 7, 128, 64, 5, 200]
    for kind in ("llama", "mistral", "qwen2"):
        model, dtype, shard = build(kind)
        folder = os.path.join(out_dir, kind)
        os.makedirs(folder, exist_ok=True)
        model = model.to(dtype)
        kwargs = {"safe_serialization": True}
        if shard:
            kwargs["max_shard_size"] = shard
        model.save_pretrained(folder, **kwargs)
        # Reload in fp32 from what was written, exactly as our engine will read it.
        cls = type(model)
        ref = cls.from_pretrained(folder, torch_dtype=torch.float32, attn_implementation="eager").eval()
        with torch.no_grad():
            logits = ref(torch.tensor([ids])).logits[0].float()
            out = ref.generate(torch.tensor([ids]), max_new_tokens=16, do_sample=False,
                               eos_token_id=None, pad_token_id=0)
        greedy = out[0, len(ids):].tolist()
        with open(os.path.join(folder, "reference.json"), "w") as f:
            json.dump({"input_ids": ids, "logits": [[round(v, 6) for v in row]
                                                   for row in logits.tolist()],
                       "greedy_ids": greedy,
                       "transformers_dtype_on_disk": str(dtype)}, f)
        for extra in ("generation_config.json",):
            p = os.path.join(folder, extra)
            if os.path.exists(p):
                os.remove(p)
        print(kind, "logits", tuple(logits.shape), "greedy", greedy)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "tests/data/reference_models")
