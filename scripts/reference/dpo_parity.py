#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""DPO parity against a PyTorch reference (run where torch, transformers and peft are installed,
e.g. the GPU machine):  python3 scripts/reference/dpo_parity.py BUILD/bin/tuning-studio-cli WORKDIR

A random-init Llama with a PEFT LoRA adapter (B made non-zero, so policy != reference); three
preference pairs of token ids. The reference is written out here in plain PyTorch: per-sequence
summed log-probabilities of the completion tokens under the policy (adapter on) and the
reference (`disable_adapter()`), the sigmoid DPO loss of Rafailov et al. (TRL's formula,
beta 0.1), rewards, and the LoRA gradients of the loss. Ours: `adapter-check --dpo-pairs`.
Compared in float32 on the CPU and on CUDA, and in bf16 on CUDA (the training dtype there, where
both sides round differently and agree only to bf16's precision). Prints one JSON object."""
import json, os, subprocess, sys
import torch
import torch.nn.functional as F
from safetensors.torch import load_file
from transformers import LlamaConfig, LlamaForCausalLM
from peft import LoraConfig, PeftModel, get_peft_model

cli, work = sys.argv[1], sys.argv[2]
beta = 0.1
os.makedirs(work, exist_ok=True)
torch.manual_seed(1)
cfg = LlamaConfig(vocab_size=512, hidden_size=128, intermediate_size=256, num_hidden_layers=2,
                  num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=256,
                  tie_word_embeddings=False)
base = LlamaForCausalLM(cfg)
with torch.no_grad():
    for p in base.parameters():
        if p.dim() == 2:
            p.normal_(0, 0.05)
base.save_pretrained(f"{work}/base")
targets = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
pm = get_peft_model(LlamaForCausalLM.from_pretrained(f"{work}/base", torch_dtype=torch.float32),
                    LoraConfig(r=8, lora_alpha=16, lora_dropout=0.0, target_modules=targets,
                               task_type="CAUSAL_LM"))
with torch.no_grad():
    for n, p in pm.named_parameters():
        if "lora_B" in n:
            p.normal_(0, 0.05)
pm.save_pretrained(f"{work}/adapter")

g = torch.Generator().manual_seed(7)
def ids(n):
    return torch.randint(3, 512, (n,), generator=g).tolist()
pairs = [{"prompt": ids(6), "chosen": ids(5), "rejected": ids(7)},
         {"prompt": ids(9), "chosen": ids(4), "rejected": ids(4)},
         {"prompt": ids(3), "chosen": ids(8), "rejected": ids(2)}]
with open(f"{work}/pairs.json", "w") as f:
    json.dump(pairs, f)


def seq_logps(model, prompt, completion, dev):
    x = torch.tensor([prompt + completion], device=dev)
    logits = model(x).logits[0, :-1].float()
    logp = F.log_softmax(logits, -1)
    targets = x[0, 1:]
    start = len(prompt) - 1  # position predicting the first completion token
    return logp[torch.arange(start, len(targets), device=dev), targets[start:]].sum()


out = {}
runs = [("cpu", torch.float32, "fp32_cpu")]
if torch.cuda.is_available():
    runs += [("cuda", torch.float32, "fp32_cuda"), ("cuda", torch.bfloat16, "bf16_cuda")]
for dev, dtype, tag in runs:
    m = PeftModel.from_pretrained(
        LlamaForCausalLM.from_pretrained(f"{work}/base", torch_dtype=dtype, attn_implementation="eager"),
        f"{work}/adapter", is_trainable=True).to(dev)
    m.eval()
    pc = torch.stack([seq_logps(m, p["prompt"], p["chosen"], dev) for p in pairs])
    pr = torch.stack([seq_logps(m, p["prompt"], p["rejected"], dev) for p in pairs])
    with torch.no_grad(), m.disable_adapter():
        rc = torch.stack([seq_logps(m, p["prompt"], p["chosen"], dev) for p in pairs])
        rr = torch.stack([seq_logps(m, p["prompt"], p["rejected"], dev) for p in pairs])
    logits = beta * ((pc - rc) - (pr - rr))
    loss = (-F.logsigmoid(logits)).mean()
    loss.backward()
    grads = {n.replace(".default", ""): p.grad.float().cpu()
             for n, p in m.named_parameters() if p.grad is not None}
    cmd = [cli, "adapter-check", "--model", f"{work}/base", "--adapter", f"{work}/adapter",
           "--dpo-pairs", f"{work}/pairs.json", "--beta", str(beta), "--out", f"{work}/ours_{tag}.safetensors"]
    if dev == "cuda":
        cmd.append("--cuda")
        if dtype == torch.float32:
            cmd.append("--fp32")
    ours_loss = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)["loss"]
    ours = load_file(f"{work}/ours_{tag}.safetensors")
    ref = {"policy_chosen_logps": pc, "policy_rejected_logps": pr, "reference_chosen_logps": rc,
           "reference_rejected_logps": rr, "rewards_chosen": beta * (pc - rc), "rewards_rejected": beta * (pr - rr)}
    out[tag] = {
        "pairs": len(pairs),
        "loss_ref": loss.item(), "loss_ours": ours_loss,
        "loss_abs_diff": abs(loss.item() - ours_loss),
        "max_abs_logp_or_reward_diff": max((ours[k] - v.detach().float().cpu()).abs().max().item()
                                           for k, v in ref.items()),
        "lora_tensors": len(grads),
        "max_rel_grad_error": max(((ours[k] - gr).norm() / gr.norm()).item() for k, gr in grads.items()),
    }
print(json.dumps(out, indent=1))
