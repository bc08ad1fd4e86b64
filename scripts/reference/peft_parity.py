#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""LoRA parity against PEFT (run where torch, transformers and peft are installed, e.g. the GPU
machine):  python3 scripts/reference/peft_parity.py BUILD/bin/tuning-studio-cli WORKDIR TOKENIZER_JSON

1. gradients: the same random-init Llama and the same PEFT adapter (B made non-zero), the same
   tokens; PEFT's LoRA gradients vs ours (`adapter-check --grads`), fp32 on CPU and bf16 on CUDA;
2. export: our trainer writes an adapter; PEFT loads it unchanged and its logits are compared with
   ours; our merged model (`merge`) loads in transformers and is compared as well, for an adapter
   trained on a dense base and one trained on an NF4 base.
Prints one JSON object."""
import json, os, subprocess, sys
import torch
from safetensors.torch import load_file
from transformers import AutoModelForCausalLM, LlamaConfig, LlamaForCausalLM
from peft import LoraConfig, PeftModel, get_peft_model

cli, work, tok = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(work, exist_ok=True)
torch.manual_seed(0)
cfg = LlamaConfig(vocab_size=32000, hidden_size=256, intermediate_size=512, num_hidden_layers=4,
                  num_attention_heads=8, num_key_value_heads=4, max_position_embeddings=512,
                  rope_theta=10000.0, tie_word_embeddings=False)
base = LlamaForCausalLM(cfg)
with torch.no_grad():
    for p in base.parameters():
        if p.dim() == 2:
            p.normal_(0, 0.05)
base.save_pretrained(f"{work}/base")
subprocess.run(["cp", tok, f"{work}/base/tokenizer.json"], check=True)
targets = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
pm = get_peft_model(LlamaForCausalLM.from_pretrained(f"{work}/base", torch_dtype=torch.float32),
                    LoraConfig(r=8, lora_alpha=16, lora_dropout=0.0, target_modules=targets,
                               task_type="CAUSAL_LM"))
with torch.no_grad():
    for n, p in pm.named_parameters():
        if "lora_B" in n:
            p.normal_(0, 0.02)
pm.save_pretrained(f"{work}/adapter")
ids = [1, 450, 4996, 17354, 1701, 29916, 432, 17204, 975, 278, 17366, 11203, 29889, 2, 13, 29871]
out = {}
kept = {}  # tag -> (PEFT's gradients, ours)
for dev, dtype, tag in [("cpu", torch.float32, "fp32_cpu"), ("cuda", torch.bfloat16, "bf16_cuda")]:
    if dev == "cuda" and not torch.cuda.is_available():
        continue
    m = PeftModel.from_pretrained(
        LlamaForCausalLM.from_pretrained(f"{work}/base", torch_dtype=dtype, attn_implementation="eager"),
        f"{work}/adapter", is_trainable=True).to(dev)
    x = torch.tensor([ids], device=dev)
    res = m(x, labels=x)
    res.loss.backward()
    grads = {n.replace(".default", ""): p.grad.float().cpu()
             for n, p in m.named_parameters() if p.grad is not None}
    cmd = [cli, "adapter-check", "--model", f"{work}/base", "--adapter", f"{work}/adapter", "--ids",
           " ".join(map(str, ids)), "--out", f"{work}/ours_{tag}.safetensors", "--grads"]
    if dev == "cuda":
        cmd.append("--cuda")
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    ours = load_file(f"{work}/ours_{tag}.safetensors")
    rel = max(((ours[k] - g).norm() / g.norm()).item() for k, g in grads.items())
    kept[tag] = (grads, {k: v.float() for k, v in ours.items() if k in grads})
    out[tag] = {"lora_tensors": len(grads), "max_rel_grad_error": rel,
                "max_abs_logit_diff": (ours["logits"] - res.logits.float().cpu()).abs().max().item(),
                "peft_loss": res.loss.item()}


def max_rel(a, b):
    return max(((a[k] - g).norm() / g.norm()).item() for k, g in b.items())


# How far bf16 is from exact at all: PEFT's own bf16 gradients (eager and sdpa attention) and ours,
# each against PEFT's float32 gradients on the GPU, the reference both approximate.
if "bf16_cuda" in kept:
    def peft_cuda_grads(dtype, attn):
        m = PeftModel.from_pretrained(
            LlamaForCausalLM.from_pretrained(f"{work}/base", torch_dtype=dtype, attn_implementation=attn),
            f"{work}/adapter", is_trainable=True).to("cuda")
        x = torch.tensor([ids], device="cuda")
        m(x, labels=x).loss.backward()
        return {n.replace(".default", ""): p.grad.float().cpu()
                for n, p in m.named_parameters() if p.grad is not None}
    exact = peft_cuda_grads(torch.float32, "eager")
    peft_bf16, ours_bf16 = kept["bf16_cuda"]
    peft_sdpa = peft_cuda_grads(torch.bfloat16, "sdpa")
    out["bf16_vs_fp32_cuda"] = {
        "peft_bf16_eager_max_rel_grad_error": max_rel(peft_bf16, exact),
        "peft_bf16_sdpa_max_rel_grad_error": max_rel(peft_sdpa, exact),
        "ours_bf16_max_rel_grad_error": max_rel(ours_bf16, exact),
        # Our CUDA attention is PyTorch's scaled_dot_product_attention, as PEFT's "sdpa" setting.
        "ours_vs_peft_bf16_sdpa_max_rel_grad_error": max_rel(ours_bf16, peft_sdpa)}

# The autocast mode (LoRA path in bf16, as PEFT runs under the Trainer's bf16 autocast): ours with
# --lora-compute autocast against PEFT under torch.autocast, each against the float32 gradients.
if "bf16_cuda" in kept:
    m = PeftModel.from_pretrained(
        LlamaForCausalLM.from_pretrained(f"{work}/base", torch_dtype=torch.bfloat16, attn_implementation="eager"),
        f"{work}/adapter", is_trainable=True).to("cuda")
    x = torch.tensor([ids], device="cuda")
    with torch.autocast("cuda", dtype=torch.bfloat16):
        loss = m(x, labels=x).loss
    loss.backward()
    peft_autocast = {n.replace(".default", ""): p.grad.float().cpu()
                     for n, p in m.named_parameters() if p.grad is not None}
    subprocess.run([cli, "adapter-check", "--model", f"{work}/base", "--adapter", f"{work}/adapter", "--ids",
                    " ".join(map(str, ids)), "--out", f"{work}/ours_autocast.safetensors", "--grads",
                    "--cuda", "--lora-compute", "autocast"], check=True, stdout=subprocess.DEVNULL)
    ours_autocast = {k: v.float() for k, v in load_file(f"{work}/ours_autocast.safetensors").items()
                     if k in peft_autocast}
    out["bf16_autocast_cuda"] = {
        "ours_vs_peft_max_rel_grad_error": max_rel(ours_autocast, peft_autocast),
        "peft_autocast_vs_fp32_max_rel_grad_error": max_rel(peft_autocast, exact),
        "ours_autocast_vs_fp32_max_rel_grad_error": max_rel(ours_autocast, exact)}

# Export: adapters our trainer wrote, loaded by PEFT; our merge loaded by transformers.
with open(f"{work}/data.jsonl", "w") as f:
    for i in range(8):
        f.write(json.dumps({"prompt": f"Item {i}?", "completion": f"Answer {i * 7}."}) + "\n")
for quant in ("none", "nf4"):
    recipe = {"quant": quant, "lora": {"r": 8, "alpha": 16, "dropout": 0.0}, "lr": 5e-3,
              "max_steps": 4, "batch_size": 4, "max_seq_len": 128, "warmup_steps": 0}
    with open(f"{work}/recipe_{quant}.json", "w") as f:
        json.dump(recipe, f)
    subprocess.run([cli, "train", "--model", f"{work}/base", "--data", f"{work}/data.jsonl",
                    "--recipe", f"{work}/recipe_{quant}.json", "--out", f"{work}/train_{quant}",
                    "--cpu", "--quiet"], check=True, stdout=subprocess.DEVNULL)
    adapter = f"{work}/train_{quant}/adapter"
    subprocess.run([cli, "adapter-check", "--model", f"{work}/base", "--adapter", adapter, "--ids",
                    " ".join(map(str, ids)), "--out", f"{work}/export_{quant}.safetensors"],
                   check=True, stdout=subprocess.DEVNULL)
    ours = load_file(f"{work}/export_{quant}.safetensors")["logits"]
    peft_model = PeftModel.from_pretrained(
        LlamaForCausalLM.from_pretrained(f"{work}/base", torch_dtype=torch.float32), adapter).eval()
    with torch.no_grad():
        peft_logits = peft_model(torch.tensor([ids])).logits
    subprocess.run([cli, "merge", "--model", f"{work}/base", "--adapter", adapter, "--out",
                    f"{work}/merged_{quant}"], check=True, stdout=subprocess.DEVNULL)
    merged = AutoModelForCausalLM.from_pretrained(f"{work}/merged_{quant}", torch_dtype=torch.float32).eval()
    with torch.no_grad():
        merged_logits = merged(torch.tensor([ids])).logits
    out[f"export_trained_on_{quant}"] = {
        "peft_loads_our_adapter_max_abs_logit_diff": (peft_logits - ours).abs().max().item(),
        "transformers_loads_our_merge_max_abs_logit_diff": (merged_logits - peft_logits).abs().max().item(),
        "adapter_changes_logits_by": (peft_logits - base(torch.tensor([ids])).logits).abs().max().item()}
print(json.dumps(out, indent=1))
