#!/usr/bin/env python3
"""The zoo's character-level tokenizer, importable without torch or numpy (train.py and the Java
tokenization-equivalence test share it).

Vocabulary (354 tokens), identical to io.symposium.pool.gguf.GgufVocabulary.charLevel():
  0 <unk>, 1 <s> (BOS, before every sequence), 2 </s> (EOS, after every answer),
  3..258 byte tokens <0x00>..<0xFF>, 259 "▁" (space), 260..353 printable ASCII 0x21..0x7E in order.
A text is encoded through its UTF-8 bytes: space -> 259, a printable ASCII byte b -> 260 + (b - 0x21),
any other byte b (newline, tab, every byte of a non-ASCII character) -> 3 + b.

As a command it writes the equivalence sample: python3 chartok.py --data DIR --out FILE [--count N]
(DIR is GenerateSkillBench's --out directory; one {"text", "ids"} JSON object per line).
"""
import argparse
import gzip
import json
import os

UNK, BOS, EOS, SPACE, FIRST_PRINTABLE = 0, 1, 2, 259, 260
VOCAB_SIZE = 354


def byte_id(b):
    if b == 0x20:
        return SPACE
    if 0x21 <= b <= 0x7E:
        return FIRST_PRINTABLE + (b - 0x21)
    return 3 + b


BYTE_IDS = [byte_id(b) for b in range(256)]


def encode(text):
    """Token ids of a text (no BOS/EOS), per the table above."""
    return [BYTE_IDS[b] for b in text.encode("utf-8")]


def decode(ids):
    """Inverse of encode; control tokens are dropped."""
    out = bytearray()
    for i in ids:
        i = int(i)
        if i == SPACE:
            out.append(0x20)
        elif i >= FIRST_PRINTABLE:
            out.append(0x21 + i - FIRST_PRINTABLE)
        elif 3 <= i < 259:
            out.append(i - 3)
    return out.decode("utf-8", errors="replace")


def vocab_tokens():
    """The token strings, in id order, as the GGUF vocabulary lists them."""
    return (["<unk>", "<s>", "</s>"] + ["<0x%02X>" % b for b in range(256)] + ["\u2581"]
            + [chr(c) for c in range(0x21, 0x7F)])


assert len(vocab_tokens()) == VOCAB_SIZE


def sample_texts(data, count):
    """Benchmark texts as the zoo sees them: expert prompts of test questions, training completions,
    keyword and aggregator prompts, spread over every skill; a few non-ASCII texts for the byte fallback."""
    test = json.load(open(os.path.join(data, "SynthSkills_test.json"), encoding="utf-8"))
    step = max(1, len(test) // (count // 2))
    texts = ["Question: " + item["question"] + "\nAnswer:" for item in test[::step]][:count // 2]
    expert_dir = os.path.join(data, "zoo-train", "expert")
    per_skill = max(1, (count // 4) // len(os.listdir(expert_dir)))
    for name in sorted(os.listdir(expert_dir)):
        with gzip.open(os.path.join(expert_dir, name), "rt", encoding="utf-8") as f:
            for _, line in zip(range(per_skill), f):
                row = json.loads(line)
                texts.append(row["prompt"] + row["completion"])
    for kind, n in (("keywords", count // 8), ("aggregator", count // 8)):
        with gzip.open(os.path.join(data, "zoo-train", kind + ".jsonl.gz"), "rt", encoding="utf-8") as f:
            for _, line in zip(range(n), f):
                row = json.loads(line)
                texts.append(row["prompt"] + row["completion"])
    texts += ["Ünïcode café — 5 €\tand a tab", "  two leading spaces\n\nand newlines "]
    return texts


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--count", type=int, default=240)
    args = ap.parse_args()
    with open(args.out, "w", encoding="utf-8") as f:
        for text in sample_texts(args.data, args.count):
            f.write(json.dumps({"text": text, "ids": encode(text)}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
