#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reference data for the engine's NF4 parity test (tests/engine/unit/nf4_test.cpp).

bitsandbytes needs a CUDA build of PyTorch to quantize, which the development machines do not
have, so this script re-implements, in numpy float32 arithmetic, the path that QLoRA training
runs on a GPU (bitsandbytes functional.quantize_4bit(quant_type="nf4", blocksize=64,
compress_statistics=...), CUDA kernels kQuantizeBlockwise / dQuantizeNF4 / dQuantize):

  4-bit:  absmax[b] = max |x| over block b (64 values, last block partial)
          scaled    = x * (1.0f / absmax[b])             (float32, reciprocal then multiply)
          code      = number of NF4 decision thresholds t with scaled > t  (strict, as the
                      CUDA decision tree), so a NaN (all-zero block: 0 * inf) becomes code 0
          packed    = code[2i] << 4 | code[2i+1]; an odd count is padded with a 0.0 input
  double quantization (compress_statistics=True):
          offset    = mean(absmax)   (float64 mean rounded to float32; bitsandbytes takes a
                                      float32 mean on the GPU, equal to within an ulp)
          qabsmax   = quantize_blockwise(absmax - offset, code=create_dynamic_map(), 256)
                      with the CUDA dQuantize binary search (pivot 127, steps 64..1, then the
                      float32 midpoint test), absmax2[b] = max |absmax - offset| per 256.
  create_dynamic_map(signed=True, max_exponent_bits=7, total_bits=8) is evaluated with
  torch's scalar float32 linspace formula (start + step*i below the halfway index,
  end - step*(steps-1-i) from it on).

Writes tests/data/nf4/*.json. Tensors are base64 of little-endian bytes (float32 / uint8).
Run:  python3 scripts/reference/make_nf4_refs.py [OUT_DIR]   (default tests/data/nf4)
"""
import base64
import json
import os
import sys
from fractions import Fraction

import numpy as np

F32 = np.float32

NF4_CODE = np.array([
    -1.0, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453,
    -0.28444138169288635, -0.18477343022823334, -0.09105003625154495, 0.0,
    0.07958029955625534, 0.16093020141124725, 0.24611230194568634, 0.33791524171829224,
    0.44070982933044434, 0.5626170039176941, 0.7229568362236023, 1.0], dtype=F32)

# csrc/kernels.cu dQuantizeNF4 pivots, sorted low to high, as the float literals there
# (e.g. `0.8614784181118011f`). Each pivot is the midpoint of two float32 code values, so the
# decimal sits within a hair of a tie between two float32 values: the compiler rounds the
# decimal directly to float32, while np.float32(double) rounds twice and picks the other
# neighbour for 4 of the 15. correctly_rounded_f32 does what the compiler does.
NF4_THRESHOLD_LITERALS = [
    "-0.8480964004993439", "-0.6106329262256622", "-0.4599952697753906", "-0.33967943489551544",
    "-0.23460740596055984", "-0.13791173323988914", "-0.045525018125772476", "0.03979014977812767",
    "0.1202552504837513", "0.2035212516784668", "0.2920137718319893", "0.3893125355243683",
    "0.5016634166240692", "0.6427869200706482", "0.8614784181118011"]


def correctly_rounded_f32(decimal_text):
    exact = Fraction(decimal_text)
    guess = F32(float(exact))
    candidates = [np.nextafter(guess, F32(-np.inf)), guess, np.nextafter(guess, F32(np.inf))]
    # Nearest float32 to the exact decimal (ties cannot occur for these literals).
    return min(candidates, key=lambda c: abs(Fraction(float(c)) - exact))


NF4_THRESHOLDS = np.array([correctly_rounded_f32(t) for t in NF4_THRESHOLD_LITERALS], dtype=F32)


def torch_linspace_f32(start, end, steps):
    start, end = F32(start), F32(end)
    step = F32((end - start) / F32(steps - 1))
    halfway = steps // 2
    out = np.empty(steps, dtype=F32)
    for i in range(steps):
        if i < halfway:
            out[i] = start + step * F32(i)
        else:
            out[i] = end - step * F32(steps - i - 1)
    return out


def create_dynamic_map(max_exponent_bits=7, total_bits=8):
    data = []
    non_sign_bits = total_bits - 1
    for i in range(max_exponent_bits):
        fraction_items = 2 ** (i + non_sign_bits - max_exponent_bits) + 1
        boundaries = torch_linspace_f32(0.1, 1.0, fraction_items)
        means = (boundaries[:-1] + boundaries[1:]) / F32(2.0)
        scale = F32(10 ** (-(max_exponent_bits - 1) + i))
        data += [float(v) for v in (scale * means)]
        data += [float(v) for v in (-scale * means)]
    data.append(0.0)
    data.append(1.0)
    assert len(data) == 256
    data.sort()
    return np.array(data, dtype=F32)


def block_absmax(x, blocksize):
    n = x.size
    blocks = (n + blocksize - 1) // blocksize
    padded = np.zeros(blocks * blocksize, dtype=F32)
    padded[:n] = x
    return np.abs(padded.reshape(blocks, blocksize)).max(axis=1).astype(F32)


def quantize_nf4(x, blocksize=64):
    x = x.astype(F32).reshape(-1)
    n = x.size
    absmax = block_absmax(x, blocksize)
    padded = np.zeros(n + (n % 2), dtype=F32)
    padded[:n] = x
    with np.errstate(divide="ignore", invalid="ignore"):
        inv = F32(1.0) / absmax
        scaled = padded * np.repeat(inv, blocksize)[: padded.size]
    codes = (scaled[:, None] > NF4_THRESHOLDS[None, :]).sum(axis=1).astype(np.uint8)
    packed = (codes[0::2] << 4) | codes[1::2]
    return packed.astype(np.uint8), absmax


def dquantize_binary_search(code, x):
    """csrc/kernels.cu dQuantize<0>: the CUDA 8-bit quantizer, element by element."""
    pivot, upper_pivot, lower_pivot = 127, 255, 0
    lower, upper = F32(-1.0), F32(1.0)
    val = code[pivot]
    i = 64
    while i > 0:
        if x > val:
            lower_pivot, lower = pivot, val
            pivot += i
        else:
            upper_pivot, upper = pivot, val
            pivot -= i
        val = code[pivot]
        i >>= 1
    if upper_pivot == 255:
        upper = code[upper_pivot]
    if lower_pivot == 0:
        lower = code[lower_pivot]
    if x > val:
        midpoint = (upper + val) * F32(0.5)
        return upper_pivot if x > midpoint else pivot
    midpoint = (lower + val) * F32(0.5)
    return lower_pivot if x < midpoint else pivot


def quantize_blockwise(x, code, blocksize=256):
    x = x.astype(F32).reshape(-1)
    absmax = block_absmax(x, blocksize)
    with np.errstate(divide="ignore", invalid="ignore"):
        inv = F32(1.0) / absmax
        scaled = x * np.repeat(inv, blocksize)[: x.size]
    q = np.array([dquantize_binary_search(code, F32(v)) for v in scaled], dtype=np.uint8)
    return q, absmax


def dequantize(packed, absmax, n, blocksize=64):
    codes = np.empty(packed.size * 2, dtype=np.uint8)
    codes[0::2] = packed >> 4
    codes[1::2] = packed & 0xF
    vals = NF4_CODE[codes[:n]]
    return (vals * np.repeat(absmax, blocksize)[:n]).astype(F32)


def b64(arr):
    return base64.b64encode(np.ascontiguousarray(arr).tobytes()).decode("ascii")


def make_case(name, weight, double_quant, out_dir):
    packed, absmax = quantize_nf4(weight)
    case = {
        "description": name,
        "shape": list(weight.shape),
        "blocksize": 64,
        "double_quant": double_quant,
        "weight_f32_b64": b64(weight.astype("<f4")),
        "packed_u8_b64": b64(packed),
        "absmax": [float(v) for v in absmax],
        "dequantized_f32_b64": b64(dequantize(packed, absmax, weight.size).astype("<f4")),
    }
    if double_quant:
        code = create_dynamic_map()
        offset = F32(np.mean(absmax.astype(np.float64)))
        qabsmax, absmax2 = quantize_blockwise(absmax - offset, code)
        restored = (code[qabsmax] * np.repeat(absmax2, 256)[: qabsmax.size] + offset).astype(F32)
        case.update({
            "offset": float(offset),
            "qabsmax_u8_b64": b64(qabsmax),
            "absmax2": [float(v) for v in absmax2],
            "state2_blocksize": 256,
            "dynamic_map": [float(v) for v in code],
            "restored_absmax": [float(v) for v in restored],
            "dequantized_double_f32_b64":
                b64(dequantize(packed, restored, weight.size).astype("<f4")),
        })
    path = os.path.join(out_dir, name + ".json")
    with open(path, "w") as f:
        json.dump(case, f, indent=1)
        f.write("\n")
    print(f"{path}: {weight.size} values, {absmax.size} blocks")


def rounding_sensitive_blocks(rng, blocks=4):
    """Blocks whose values sit within an ulp of a decision threshold times the block absmax,
    chosen so that x * (1/absmax) and x / absmax fall on different sides of the threshold:
    only the reciprocal-multiply order of the CUDA kernel gives these codes."""
    out = []
    while len(out) < blocks:
        absmax = F32(rng.uniform(0.01, 0.2))
        inv = F32(1.0) / absmax
        values = [absmax]
        for t in NF4_THRESHOLDS:
            x = F32(t * absmax)
            for _ in range(4):
                x = np.nextafter(x, F32(-np.inf))
            for _ in range(9):  # the 9 floats around t * absmax
                if ((x * inv) > t) != ((x / absmax) > t) and len(values) < 64:
                    values.append(x)
                x = np.nextafter(x, F32(np.inf))
        if len(values) >= 8:
            values += [F32(0.0)] * (64 - len(values))
            out.append(np.array(values, dtype=F32))
    return np.stack(out)


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(__file__), "..", "..", "tests", "data", "nf4")
    os.makedirs(out_dir, exist_ok=True)
    rng = np.random.default_rng(20240607)

    # Small odd-sized tensor: a partial last block and an odd element count (padding nibble).
    small = (rng.standard_normal((7, 9)) * 0.05).astype(F32)
    make_case("small_odd", small, False, out_dir)

    # Weight-like tensor with per-row scale differences, one all-zero block and one outlier
    # block; 260 blocks of 64, so the double quantization has a full and a partial 256-block.
    w = (rng.standard_normal((130, 128)) * 0.02).astype(F32)
    w *= (1.0 + rng.random((130, 1)) * 3.0).astype(F32)
    w[5, 0:64] = 0.0
    w[17, 64:128] *= F32(40.0)
    make_case("weight_130x128", w.astype(F32), True, out_dir)

    # Values on the rounding edge between multiply-by-reciprocal and divide.
    make_case("rounding_edges", rounding_sensitive_blocks(rng), False, out_dir)


if __name__ == "__main__":
    main()
