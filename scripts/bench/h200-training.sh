#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# On the GPU machine (see ../shared/device/README.md): builds the engine against the machine's
# CUDA libtorch, checks the CUDA NF4 kernel and the LoRA paths, then runs the training benchmark
# side by side with transformers + PEFT. Results: one JSON line per run in OUT/bench.jsonl.
#   bash scripts/bench/h200-training.sh OUT [1b|8b|parity|generic|all]...
# (generic: also the 1B QLoRA run with the generic tensor-op dequantization instead of the kernel)
set -uo pipefail
out=${1:?output folder}
shift; sizes=" ${*:-1b} "
mkdir -p "$out"
source .devdeps/env.sh
cmake -S . -B build-gpu -G Ninja -DCMAKE_BUILD_TYPE=Release -DTS_ENGINE_ONLY=ON \
    -DTS_SHARED_FIXTURES_DIR="$PWD/.fixtures" >"$out/cmake.log" 2>&1 || { tail -40 "$out/cmake.log"; exit 1; }
grep -i "cuda kernels" "$out/cmake.log"
ninja -C build-gpu tuning-studio-cli nf4_cuda_kernel_test fused_adamw_test lora_test nf4_test adamw_test >"$out/build.log" 2>&1 ||
    { grep -B3 -A12 -m8 "error" "$out/build.log"; exit 1; }
for t in nf4_cuda_kernel_test fused_adamw_test lora_test nf4_test adamw_test; do
    build-gpu/bin/$t --gtest_brief=1 >"$out/$t.log" 2>&1; echo "$t rc=$? $(tail -1 "$out/$t.log")"
done
cli=build-gpu/bin/tuning-studio-cli
bench() { echo "== $*" >&2; "$@" 2>>"$out/stderr.log" | tee -a "$out/bench.jsonl" |
          python3 -c 'import json,sys
for l in sys.stdin:
    d=json.loads(l); print({k:d[k] for k in d if k!="kernels"})'; }
want() { [[ $sizes == *" $1 "* || $sizes == *" all "* ]]; }
if want 1b; then
    b="--shape llama-1b --batch 4 --seq 1024 --steps 10"
    [[ $sizes == *" generic "* ]] && bench $cli bench $b --quant nf4 --nf4-generic
    bench $cli bench $b --quant nf4 --lora-compute float32
    bench $cli bench $b --quant nf4 --profile
    bench $cli bench $b --quant none --lora-compute float32
    bench $cli bench $b --quant none
    bench $cli bench $b --quant nf4 --grad-ckpt
    bench python3 scripts/bench/peft_bench.py llama-1b 4 1024
    bench python3 scripts/bench/peft_bench.py llama-1b 4 1024 --autocast
fi
if want 8b; then
    b="--shape llama-8b --batch 2 --seq 2048 --steps 6"
    bench $cli bench $b --quant nf4 --grad-ckpt --lora-compute float32
    bench $cli bench $b --quant nf4 --grad-ckpt --lora-compute autocast
    bench $cli bench $b --quant nf4 --lora-compute float32
    bench python3 scripts/bench/peft_bench.py llama-8b 2 2048 --grad-ckpt
    bench python3 scripts/bench/peft_bench.py llama-8b 2 2048 --grad-ckpt --autocast
    bench python3 scripts/bench/peft_bench.py llama-8b 2 2048
fi
if want parity; then
    python3 scripts/reference/peft_parity.py $cli /tmp/parity .fixtures/tokenizers/llama2-style/tokenizer.json |
        tee "$out/parity.json"
fi
