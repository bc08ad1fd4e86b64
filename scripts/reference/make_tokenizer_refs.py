#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reference token ids and chat renderings for the tokenizer tests.

Encodes a varied corpus with the reference implementations (HF `tokenizers` for tokenizer.json,
`sentencepiece` for tokenizer.model, an HF tokenizer rebuilt from the GGUF metadata of the demo
model) and renders chat templates with jinja2 the way transformers does. Writes
tests/data/tokenizers/*.json. Usage:

    python3 scripts/reference/make_tokenizer_refs.py [--fixtures ../shared/fixtures/tokenizers]
        [--gguf ~/.cache/tuning-studio/models/SmolLM2-135M-Instruct.Q4_1.gguf]
"""
import argparse
import json
import os
import sys

import jinja2
import jinja2.sandbox
import sentencepiece as spm
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, AddedToken

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "tests", "data", "tokenizers")

CORPUS = [
    "Hello world",
    "Hello, world! How are you today?",
    " leading space",
    "trailing space ",
    "   three leading spaces and   inner   runs",
    "Line one\nLine two\n\nLine four after a blank line\n",
    "\n\n\nnewlines first",
    "Tabs\tand\t\tdouble tabs\t",
    "Mixed \t \n whitespace \r\n CRLF",
    "I'm sure it's fine, you'll see. They've said we'd go; I'd've known. DON'T SHOUT",
    "Numbers: 7 42 123 1234 12345 1234567890123 3.14159 -0.5 1e10 2024-06-01",
    "Phone 0049 (0)30 1234567, price €1.299,00",
    "Straße, Größe, Übermäßig schön: die Brötchen sind lecker.",
    "Grüß Gott! Ärger über Öl? Äpfel, Öfen und Übungen.",
    "我爱自然语言处理。今天天气很好，我们去公园散步吧！",
    "混合 text 和中文 mixed together 123 数字",
    "日本語のテキストも少し。カタカナとひらがな。",
    "Emoji: 😀🎉👍🏽 family: 👨‍👩‍👧‍👦 flags: 🇩🇪🇯🇵",
    "Combining: e\u0301 vs \u00e9, A\u030a vs \u00c5",
    "def add(a, b):\n    return a + b\n\nprint(add(1, 2))  # -> 3\n",
    "for (int i = 0; i < n; ++i) {\n\tsum += v[i] * 2;\n}",
    '{"key": "value", "list": [1, 2, 3], "nested": {"x": null}}',
    "<|im_start|>user\nHi there<|im_end|>\n<|im_start|>assistant\nHello!<|im_end|>\n",
    "text<|endoftext|>more text",
    "<s>[INST] What is 2+2? [/INST] 4</s>",
    "Special-looking but not special: <|not_a_token|> <im_start> < s >",
    "URL https://example.org/path?q=1&r=two#frag and email a.b@c.de",
    "Ελληνικά και русский текст, العربية, हिन्दी",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "!!!???...,,,;;;:::---___===+++***&&&%%%$$$###@@@",
    "",
    " ",
    "\n",
    "a",
]


def hf_cases(tok, corpus):
    cases = []
    for text in corpus:
        plain = tok.encode(text, add_special_tokens=False).ids
        special = tok.encode(text, add_special_tokens=True).ids
        cases.append({
            "text": text,
            "ids": plain,
            "ids_add_special": special,
            "decoded": tok.decode(plain, skip_special_tokens=False),
            "decoded_skip_special": tok.decode(plain, skip_special_tokens=True),
        })
    return cases


def spm_cases(sp, corpus):
    # Control pieces written in the text (<s>, </s>) are split out and become their ids, as
    # HF's LlamaTokenizer does; every other segment goes through sentencepiece.
    controls = [sp.id_to_piece(i) for i in range(sp.get_piece_size()) if sp.is_control(i)]
    controls.sort(key=len, reverse=True)

    def encode(text):
        ids, i, start = [], 0, 0
        while i < len(text):
            hit = next((c for c in controls if text.startswith(c, i)), None)
            if hit is None:
                i += 1
                continue
            if i > start:
                ids += sp.encode(text[start:i])
            ids.append(sp.piece_to_id(hit))
            i += len(hit)
            start = i
        if start < len(text):
            ids += sp.encode(text[start:])
        return ids

    cases = []
    for text in corpus:
        plain = encode(text)
        normal = [i for i in plain if not sp.is_control(i)]
        cases.append({
            "text": text,
            "ids": plain,
            "ids_add_special": [sp.bos_id()] + plain,
            "decoded_skip_special": sp.decode(normal),
        })
    return cases


def gguf_hf_tokenizer(path):
    """An HF tokenizer rebuilt from the GGUF metadata, as SmolLM2's tokenizer.json is built:
    byte-level BPE, individual digits, GPT-2 regex, control tokens as special added tokens."""
    from gguf import GGUFReader
    r = GGUFReader(path)

    def strings(key):
        f = r.fields[key]
        return [bytes(f.parts[i]).decode("utf-8") for i in f.data]

    def scalar(key):
        return r.fields[key].parts[-1][0]

    model = str(bytes(r.fields["tokenizer.ggml.model"].parts[-1]), "utf-8")
    pre = str(bytes(r.fields["tokenizer.ggml.pre"].parts[-1]), "utf-8")
    assert model == "gpt2" and pre == "smollm", (model, pre)
    tokens = strings("tokenizer.ggml.tokens")
    merges = [tuple(m.split(" ", 1)) for m in strings("tokenizer.ggml.merges")]
    types = [int(r.fields["tokenizer.ggml.token_type"].parts[i][0])
             for i in r.fields["tokenizer.ggml.token_type"].data]
    vocab = {t: i for i, t in reversed(list(enumerate(tokens)))}
    tok = Tokenizer(models.BPE(vocab=vocab, merges=merges))
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Digits(individual_digits=True),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True),
    ])
    tok.decoder = decoders.ByteLevel()
    tok.add_special_tokens([AddedToken(tokens[i], special=True, normalized=False)
                            for i, t in enumerate(types) if t == 3])
    template = bytes(r.fields["tokenizer.chat_template"].parts[-1]).decode("utf-8")
    info = {
        "vocab_size": len(tokens),
        "bos_id": int(scalar("tokenizer.ggml.bos_token_id")),
        "eos_id": int(scalar("tokenizer.ggml.eos_token_id")),
        "pad_id": int(scalar("tokenizer.ggml.padding_token_id")),
    }
    return tok, template, info


# Widely published chat templates (Meta Llama 3 Instruct, Mistral 7B Instruct v0.1, Llama 2 chat)
LLAMA3_TEMPLATE = (
    "{% set loop_messages = messages %}{% for message in loop_messages %}"
    "{% set content = '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n'"
    "+ message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}"
    "{% set content = bos_token + content %}{% endif %}{{ content }}{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\n\n' }}{% endif %}")
MISTRAL_TEMPLATE = (
    "{{ bos_token }}{% for message in messages %}{% if (message['role'] == 'user') != "
    "(loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate "
    "user/assistant/user/assistant/...') }}{% endif %}{% if message['role'] == 'user' %}"
    "{{ '[INST] ' + message['content'] + ' [/INST]' }}{% elif message['role'] == 'assistant' %}"
    "{{ message['content'] + eos_token + ' ' }}{% else %}{{ raise_exception('Only user and "
    "assistant roles are supported!') }}{% endif %}{% endfor %}")
LLAMA2_TEMPLATE = (
    "{% if messages[0]['role'] == 'system' %}{% set loop_messages = messages[1:] %}"
    "{% set system_message = messages[0]['content'] %}{% else %}{% set loop_messages = messages %}"
    "{% set system_message = false %}{% endif %}{% for message in loop_messages %}"
    "{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation "
    "roles must alternate user/assistant/user/assistant/...') }}{% endif %}"
    "{% if loop.index0 == 0 and system_message != false %}{% set content = '<<SYS>>\\n' + "
    "system_message + '\\n<</SYS>>\\n\\n' + message['content'] %}{% else %}"
    "{% set content = message['content'] %}{% endif %}{% if message['role'] == 'user' %}"
    "{{ bos_token + '[INST] ' + content.strip() + ' [/INST]' }}{% elif message['role'] == "
    "'assistant' %}{{ ' '  + content.strip() + ' ' + eos_token }}{% endif %}{% endfor %}")

CONVERSATIONS = [
    ([{"role": "user", "content": "Hi!"}], True),
    ([{"role": "user", "content": "What is 2+2?"}, {"role": "assistant", "content": "4."}], False),
    ([{"role": "system", "content": "You are terse."}, {"role": "user", "content": "Name a color."},
      {"role": "assistant", "content": "Blue."}], False),
    ([{"role": "user", "content": "Translate 'Haus'."}, {"role": "assistant", "content": "House."},
      {"role": "user", "content": "And 'Baum'?"}, {"role": "assistant", "content": "Tree."}], False),
    ([{"role": "system", "content": "Be kind."}, {"role": "user", "content": "  padded question  "}],
     True),
    ([{"role": "user", "content": "Multi\nline\n\ninput"},
      {"role": "assistant", "content": "Multi-line\nanswer 你好 😀"}], False),
]
ALTERNATING_ONLY = {"mistral-v1", "llama2-chat"}


def render(template, messages, add_generation_prompt, bos, eos):
    env = jinja2.sandbox.ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)

    def raise_exception(message):
        raise jinja2.exceptions.TemplateError(message)

    env.globals["raise_exception"] = raise_exception
    env.filters["tojson"] = lambda x, **kw: json.dumps(x, ensure_ascii=False)
    return env.from_string(template).render(messages=messages, bos_token=bos, eos_token=eos,
                                            add_generation_prompt=add_generation_prompt)


def chat_entry(name, template, bos, eos, tokenizer=None):
    convs = []
    for messages, gen in CONVERSATIONS:
        if name in ALTERNATING_ONLY and messages[0]["role"] == "system" and name == "mistral-v1":
            continue
        for add_gen in ([gen] if messages[-1]["role"] == "user" else [False]):
            text = render(template, messages, add_gen, bos, eos)
            entry = {"messages": messages, "add_generation_prompt": add_gen, "text": text}
            if tokenizer is not None:
                entry["ids"] = tokenizer.encode(text, add_special_tokens=False).ids
            convs.append(entry)
    return {"name": name, "template": template, "bos_token": bos, "eos_token": eos,
            "conversations": convs}


# Pipeline variants of the real vocabularies, to check pre-tokenizers, normalizers and decoders
# the fixtures do not use themselves (Metaspace, Digits, Split behaviours, invert, prefix space).
# The C++ test applies the same overrides to the same base file.
META = {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "first", "split": False}
VARIANTS = [
    ("llama2-metaspace", "llama2-style/tokenizer.json",
     {"normalizer": None, "pre_tokenizer": META, "decoder": META}),
    ("llama2-metaspace-split", "llama2-style/tokenizer.json",
     {"normalizer": None, "pre_tokenizer": dict(META, prepend_scheme="always", split=True),
      "decoder": dict(META, prepend_scheme="always", split=True)}),
    ("qwen-split-behaviours", "qwen/tokenizer.json",
     {"normalizer": {"type": "Sequence", "normalizers": [{"type": "NFKC"}, {"type": "Lowercase"}]},
      "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
          {"type": "Split", "pattern": {"String": "\n"}, "behavior": "MergedWithPrevious", "invert": False},
          {"type": "Digits", "individual_digits": False},
          {"type": "Split", "pattern": {"Regex": "\\s+"}, "behavior": "MergedWithNext", "invert": False},
          {"type": "ByteLevel", "add_prefix_space": True, "use_regex": True, "trim_offsets": False}]}}),
    ("qwen-removed-contiguous", "qwen/tokenizer.json",
     {"pre_tokenizer": {"type": "Sequence", "pretokenizers": [
         {"type": "Split", "pattern": {"Regex": "[^\\s]+"}, "behavior": "Removed", "invert": True},
         {"type": "Split", "pattern": {"Regex": "\\p{P}"}, "behavior": "Contiguous", "invert": False},
         {"type": "Digits", "individual_digits": True},
         {"type": "ByteLevel", "add_prefix_space": False, "use_regex": False, "trim_offsets": False}]}}),
]


def variant_cases(fixtures):
    out = []
    for name, base, override in VARIANTS:
        with open(os.path.join(fixtures, base), encoding="utf-8") as f:
            doc = json.load(f)
        doc.update(override)
        tok = Tokenizer.from_str(json.dumps(doc))
        cases = [{"text": t, "ids": tok.encode(t, add_special_tokens=False).ids,
                  "decoded": tok.decode(tok.encode(t, add_special_tokens=False).ids,
                                        skip_special_tokens=False)} for t in CORPUS]
        out.append({"name": name, "base": base, "override": override, "cases": cases})
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fixtures", default=os.path.join(ROOT, "..", "shared", "fixtures", "tokenizers"))
    ap.add_argument("--gguf", default=os.path.expanduser(
        "~/.cache/tuning-studio/models/SmolLM2-135M-Instruct.Q4_1.gguf"))
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)

    def write(name, doc):
        with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False, indent=None, separators=(",", ":"))
            f.write("\n")
        print("wrote", name, file=sys.stderr)

    qwen = Tokenizer.from_file(os.path.join(args.fixtures, "qwen", "tokenizer.json"))
    write("qwen.json", {"tokenizer": "qwen/tokenizer.json", "vocab_size": qwen.get_vocab_size(True),
                        "cases": hf_cases(qwen, CORPUS)})
    llama2 = Tokenizer.from_file(os.path.join(args.fixtures, "llama2-style", "tokenizer.json"))
    write("llama2-style.json", {"tokenizer": "llama2-style/tokenizer.json",
                                "vocab_size": llama2.get_vocab_size(True),
                                "cases": hf_cases(llama2, CORPUS)})
    sp = spm.SentencePieceProcessor(model_file=os.path.join(args.fixtures, "mistral-v1", "tokenizer.model"))
    write("mistral-v1.json", {"tokenizer": "mistral-v1/tokenizer.model", "vocab_size": sp.get_piece_size(),
                              "cases": spm_cases(sp, CORPUS)})

    with open(os.path.join(args.fixtures, "qwen", "tokenizer_config.json"), encoding="utf-8") as f:
        qwen_template = json.load(f)["chat_template"]
    chats = [chat_entry("qwen", qwen_template, "", "<|im_end|>", qwen),
             chat_entry("llama3", LLAMA3_TEMPLATE, "<|begin_of_text|>", "<|eot_id|>"),
             chat_entry("mistral-v1", MISTRAL_TEMPLATE, "<s>", "</s>"),
             chat_entry("llama2-chat", LLAMA2_TEMPLATE, "<s>", "</s>")]

    if os.path.exists(args.gguf):
        smol, smol_template, info = gguf_hf_tokenizer(args.gguf)
        write("smollm2-gguf.json", dict(info, tokenizer=os.path.basename(args.gguf),
                                        cases=hf_cases(smol, CORPUS)))
        chats.append(chat_entry("smollm2", smol_template, "<|im_start|>", "<|im_end|>", smol))
    else:
        print("demo model not found, smollm2 references not written:", args.gguf, file=sys.stderr)
    write("chat_templates.json", {"templates": chats})
    write("variants.json", {"variants": variant_cases(args.fixtures)})


if __name__ == "__main__":
    main()
