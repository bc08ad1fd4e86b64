#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""transformers + PEFT LoRA training speed and memory, for comparison with `tuning-studio-cli bench`
(same shapes, random tokens, bf16 base, r16 on all seven projections, AdamW):
  python3 scripts/bench/peft_bench.py llama-1b 4 1024 [--grad-ckpt] [--autocast] [--profile]
--autocast runs the steps under torch.autocast(bfloat16), as the Hugging Face Trainer does with
bf16=True (the LoRA matmuls then run in bf16); --profile prints two more steps' CUDA kernels by time."""
import contextlib, json, sys, time
import torch
from transformers import LlamaConfig, LlamaForCausalLM
from peft import LoraConfig, get_peft_model

shape, batch, seq = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
ckpt = "--grad-ckpt" in sys.argv
autocast = "--autocast" in sys.argv
dims = {"llama-1b": dict(hidden_size=2048, intermediate_size=8192, num_hidden_layers=16,
                         num_attention_heads=32, num_key_value_heads=8, tie_word_embeddings=True),
        "llama-8b": dict(hidden_size=4096, intermediate_size=14336, num_hidden_layers=32,
                         num_attention_heads=32, num_key_value_heads=8, tie_word_embeddings=False)}[shape]
cfg = LlamaConfig(vocab_size=128256, max_position_embeddings=131072, rope_theta=500000.0, **dims)
with torch.device("cuda"):
    model = LlamaForCausalLM(cfg).to(torch.bfloat16)
if ckpt:
    model.gradient_checkpointing_enable()
    model.enable_input_require_grads()
model = get_peft_model(model, LoraConfig(r=16, lora_alpha=32, lora_dropout=0.0, task_type="CAUSAL_LM",
                       target_modules=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]))
opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4)
x = torch.randint(0, 128256, (batch, seq), device="cuda")
def step():
    opt.zero_grad()
    with torch.autocast("cuda", dtype=torch.bfloat16) if autocast else contextlib.nullcontext():
        loss = model(x, labels=x).loss
    loss.backward()
    opt.step()
for _ in range(2):
    step()
torch.cuda.synchronize(); torch.cuda.reset_peak_memory_stats()
n = 10; t = time.time()
for _ in range(n):
    step()
torch.cuda.synchronize(); dt = time.time() - t
print(json.dumps({"impl": "transformers+peft", "shape": shape, "batch": batch, "seq": seq, "grad_ckpt": ckpt,
                  "autocast": autocast, "tokens_per_s": batch * seq * n / dt,
                  "peak_gib": torch.cuda.max_memory_allocated() / 2**30}))
if "--profile" in sys.argv:
    from torch.profiler import profile, ProfilerActivity
    with profile(activities=[ProfilerActivity.CUDA]) as prof:
        for _ in range(2):
            step()
        torch.cuda.synchronize()
    kernels = [e for e in prof.key_averages() if "CUDA" in str(e.device_type)]
    busy = sum(e.device_time_total for e in kernels) / 2 / 1000
    print(json.dumps({"gpu_busy_ms_per_step": busy, "kernels": [
        {"name": e.key[:160], "calls_per_step": e.count / 2, "ms_per_step": e.device_time_total / 2 / 1000}
        for e in sorted(kernels, key=lambda e: -e.device_time_total)[:40]]}))
