#!/usr/bin/env python3
"""Trains Symposium's expert zoo: tiny llama-architecture decoder-only transformers on the synthetic
skill text that io.symposium.evals.synth.GenerateSkillBench writes, then exports each model as
safetensors (GGUF tensor names) plus a hyperparameter JSON for the Java GGUF exporter.

Usage (see README.md):
  python3 train.py --zoo zoo.json --data DIR --out OUT [--only a,b] [--device cuda|cpu]
                   [--steps-scale 1.0] [--eval-per-skill 40] [--compile]

DIR is the --out directory of GenerateSkillBench (it holds SynthSkills_train.json, SynthSkills_labels.json
and zoo-train/). Needs torch, numpy and safetensors; nothing from the internet.

Model conventions (they are what the exporter and llama.cpp LLM_ARCH_LLAMA assume):
* Weights are stored in PyTorch's row-major [out, in] layout (nn.Linear). GGUF lists dimensions the
  other way round (ne[0] is the fastest-varying one), so the same bytes are a GGUF tensor with
  ne = [in, out]: token_embd.weight [n_vocab, n_embd] is GGUF ne = [n_embd, n_vocab].
* RoPE is llama.cpp's "normal" rope (LLAMA_ROPE_TYPE_NORM), which rotates ADJACENT pairs
  (x[2i], x[2i+1]) of each head by pos * theta^(-2i/head_dim). Hugging Face's llama rotates the two
  HALVES of a head instead, which is why convert_hf_to_gguf.py permutes attn_q/attn_k. We train with the
  llama.cpp convention directly, so the stored q/k weights need no permutation.
* Head h of q/k/v is rows [h*head_dim, (h+1)*head_dim) of the projection, as ggml's reshape gives.
  With n_head_kv < n_head, query head h uses kv head h // (n_head // n_head_kv), as llama.cpp does.
* RMSNorm: x / sqrt(mean(x^2) + eps) * w. FFN: ffn_down(silu(ffn_gate(x)) * ffn_up(x)). No biases.
  Attention scale 1/sqrt(head_dim), causal. output.weight is always written, also when tied.
"""
import argparse
import gzip
import json
import math
import os
import re
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

# --------------------------------------------------------------------------------------------------
# Tokenizer: chartok.py (no torch there, so the Java equivalence test's sample can be made anywhere).
# In GGUF: tokenizer.ggml.model "llama", add_space_prefix false, add_bos true, add_eos false; token types
# unk=UNKNOWN(2), <s>,</s>=CONTROL(3), bytes=BYTE(6), the rest NORMAL(1); scores all 0 (no merges).
# --------------------------------------------------------------------------------------------------
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import chartok  # noqa: E402
from chartok import BOS, EOS, SPACE, UNK, VOCAB_SIZE, decode, vocab_tokens  # noqa: E402,F401

_TABLE = np.array(chartok.BYTE_IDS, dtype=np.int64)


def encode(text):
    """Token ids of a text (no BOS/EOS) as a numpy array; chartok.encode as a list."""
    return _TABLE[np.frombuffer(text.encode("utf-8"), dtype=np.uint8)]


# --------------------------------------------------------------------------------------------------
# Model
# --------------------------------------------------------------------------------------------------
class RMSNorm(nn.Module):
    def __init__(self, dim, eps):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        xf = x.float()
        xf = xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + self.eps)
        return (xf * self.weight.float()).type_as(x)


def rope_tables(head_dim, length, theta, device):
    # pair i (elements 2i, 2i+1) turns by pos * theta^(-2i/head_dim): ggml's theta_scale^i
    inv = theta ** (-torch.arange(0, head_dim, 2, device=device, dtype=torch.float32) / head_dim)
    angles = torch.outer(torch.arange(length, device=device, dtype=torch.float32), inv)
    return angles.cos(), angles.sin()


def apply_rope(x, cos, sin):
    """x: [B, H, T, D]; rotates adjacent pairs (llama.cpp LLAMA_ROPE_TYPE_NORM)."""
    t = x.shape[2]
    cos, sin = cos[:t], sin[:t]
    x1 = x[..., 0::2].float()
    x2 = x[..., 1::2].float()
    out = torch.stack((x1 * cos - x2 * sin, x1 * sin + x2 * cos), dim=-1).flatten(-2)
    return out.type_as(x)


class Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        d, h, hkv, ff = cfg["n_embd"], cfg["n_head"], cfg["n_head_kv"], cfg["n_ff"]
        self.n_head, self.n_head_kv, self.head_dim = h, hkv, d // h
        self.attn_norm = RMSNorm(d, cfg["rms_eps"])
        self.attn_q = nn.Linear(d, h * self.head_dim, bias=False)
        self.attn_k = nn.Linear(d, hkv * self.head_dim, bias=False)
        self.attn_v = nn.Linear(d, hkv * self.head_dim, bias=False)
        self.attn_output = nn.Linear(h * self.head_dim, d, bias=False)
        self.ffn_norm = RMSNorm(d, cfg["rms_eps"])
        self.ffn_gate = nn.Linear(d, ff, bias=False)
        self.ffn_up = nn.Linear(d, ff, bias=False)
        self.ffn_down = nn.Linear(ff, d, bias=False)

    def forward(self, x, cos, sin):
        b, t, _ = x.shape
        hx = self.attn_norm(x)
        q = self.attn_q(hx).view(b, t, self.n_head, self.head_dim).transpose(1, 2)
        k = self.attn_k(hx).view(b, t, self.n_head_kv, self.head_dim).transpose(1, 2)
        v = self.attn_v(hx).view(b, t, self.n_head_kv, self.head_dim).transpose(1, 2)
        q, k = apply_rope(q, cos, sin), apply_rope(k, cos, sin)
        if self.n_head_kv != self.n_head:
            rep = self.n_head // self.n_head_kv
            k, v = k.repeat_interleave(rep, dim=1), v.repeat_interleave(rep, dim=1)
        a = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        x = x + self.attn_output(a.transpose(1, 2).reshape(b, t, -1))
        hx = self.ffn_norm(x)
        return x + self.ffn_down(F.silu(self.ffn_gate(hx)) * self.ffn_up(hx))


class Llama(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.token_embd = nn.Embedding(VOCAB_SIZE, cfg["n_embd"])
        self.blocks = nn.ModuleList(Block(cfg) for _ in range(cfg["n_layer"]))
        self.output_norm = RMSNorm(cfg["n_embd"], cfg["rms_eps"])
        self.output = nn.Linear(cfg["n_embd"], VOCAB_SIZE, bias=False)
        self.apply(self._init)
        for blk in self.blocks:  # residual projections scaled down with depth (GPT-2 style)
            for w in (blk.attn_output.weight, blk.ffn_down.weight):
                nn.init.normal_(w, std=0.02 / math.sqrt(2 * cfg["n_layer"]))
        if cfg["tied"]:
            self.output.weight = self.token_embd.weight
        cos, sin = rope_tables(cfg["n_embd"] // cfg["n_head"], cfg["context_length"], cfg["rope_theta"], "cpu")
        self.register_buffer("rope_cos", cos, persistent=False)
        self.register_buffer("rope_sin", sin, persistent=False)

    @staticmethod
    def _init(m):
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, std=0.02)

    def forward(self, idx):
        x = self.token_embd(idx)
        for blk in self.blocks:
            x = blk(x, self.rope_cos, self.rope_sin)
        return self.output(self.output_norm(x))

    def gguf_tensors(self):
        """name -> float32 CPU tensor, GGUF llama names, PyTorch [out, in] layout."""
        t = {"token_embd.weight": self.token_embd.weight}
        for n, blk in enumerate(self.blocks):
            for part in ("attn_norm", "attn_q", "attn_k", "attn_v", "attn_output",
                         "ffn_norm", "ffn_gate", "ffn_up", "ffn_down"):
                t["blk.%d.%s.weight" % (n, part)] = getattr(blk, part).weight
        t["output_norm.weight"] = self.output_norm.weight
        t["output.weight"] = self.output.weight
        return {k: v.detach().float().cpu().contiguous().clone() for k, v in t.items()}


# --------------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------------
def read_jsonl_gz(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


LOOKUP = re.compile(r" \(([A-J])\) ")


class Pool:
    """Encoded samples <s> prompt completion </s>, right-padded into one array; loss mask on the completion."""

    def __init__(self, samples, context, answer_weight=1.0):
        seqs, starts, letters, skills, dropped = [], [], [], [], 0
        for s in samples:
            p, c = encode(s["prompt"]), encode(s["completion"])
            if len(p) + len(c) + 2 > context:
                dropped += 1
                continue
            seqs.append(np.concatenate(([BOS], p, c, [EOS])))
            starts.append(1 + len(p))  # index of the first completion token
            # the option lookup "(X) value." after the worked step: its letter is the real answer (the
            # final sentence only repeats it); without a lookup, the letter of "The answer is (X)"
            found = LOOKUP.search(s["completion"])
            at = found.start(1) if found else s["completion"].rfind("The answer is (") + len("The answer is (")
            letters.append(1 + len(p) + len(encode(s["completion"][:at])) if found or at >= len("The answer is (") else -1)
            skills.append(s["skill"])
        if not seqs:
            raise SystemExit("no sample fits the context of %d tokens" % context)
        self.lengths = np.array([len(s) for s in seqs], dtype=np.int64)
        self.width = int(self.lengths.max())
        self.tokens = np.zeros((len(seqs), self.width), dtype=np.int64)
        self.mask = np.zeros((len(seqs), self.width), dtype=np.float32)
        for i, (s, st) in enumerate(zip(seqs, starts)):
            self.tokens[i, :len(s)] = s
            self.mask[i, st:len(s)] = 1.0  # position j predicts token j; the mask is on the targets
            self.mask[i, 1:st] = -1.0  # prompt targets, weighted by prompt_loss_weight
            if letters[i] >= 0:
                # the option letter is one token among ~40 but it is the whole answer: a content lookup
                # over the options that a tiny model learns late without extra weight
                self.mask[i, letters[i]] = answer_weight
        self.skills = skills
        self.dropped = dropped

    def __len__(self):
        return len(self.tokens)


def load_training_pool(spec, data, context):
    kind = spec.get("kind", "expert")
    weight = spec.get("answer_loss_weight", 5.0)
    if kind == "expert":
        samples = []
        for skill, share in spec["skills"].items():
            rows = read_jsonl_gz(os.path.join(data, "zoo-train", "expert", skill + ".jsonl.gz"))
            samples += rows[:max(1, int(len(rows) * share))]
        return Pool(samples, context, weight), None
    rows = read_jsonl_gz(os.path.join(data, "zoo-train", kind + ".jsonl.gz"))
    wanted = spec.get("skills")
    if wanted:
        rows = [r for r in rows if r["skill"] in wanted]
    held = max(1, min(400, len(rows) // 20))  # the tail is held out for evaluation
    return Pool(rows[:-held], context, weight), rows[-held:]


# --------------------------------------------------------------------------------------------------
# Training
# --------------------------------------------------------------------------------------------------
def lr_at(step, steps, lr, warmup, time_progress=0.0):
    """Warm-up, then cosine to 10 %; with a time limit the decay follows whichever of the step count and
    the clock is further along, so a model stopped by max_seconds still ends at the low rate."""
    if step < warmup:
        return lr * (step + 1) / warmup
    progress = min(1.0, max((step - warmup) / max(1, steps - warmup), time_progress))
    return lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress)))


def train_model(spec, defaults, data, device, steps_scale, use_compile, log):
    cfg = dict(defaults)
    cfg.update({k: v for k, v in spec.items() if k in defaults})
    cfg["n_head_kv"] = spec.get("n_head_kv", cfg["n_head"])
    cfg["n_ff"] = spec.get("n_ff", cfg["n_ff"])
    seed = spec.get("seed", 0)
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    pool, held = load_training_pool(spec, data, cfg["context_length"])
    model = Llama(cfg).to(device)
    params = sum(p.numel() for p in model.parameters())
    steps = max(1, int(spec["steps"] * steps_scale))
    batch = spec.get("batch", 128)
    log("[%s] %d params, %d samples (%d too long), width %d, %d steps x %d"
        % (spec["name"], params, len(pool), pool.dropped, pool.width, steps, batch))

    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": spec.get("weight_decay", 0.1)},
                             {"params": no_decay, "weight_decay": 0.0}],
                            lr=spec["lr"], betas=(0.9, 0.95), eps=1e-8,
                            fused=(device.type == "cuda"))
    fwd = torch.compile(model) if use_compile else model
    tokens = torch.from_numpy(pool.tokens).to(device)  # the whole pool lives on the device: no copies per step
    mask = torch.from_numpy(pool.mask).to(device)
    max_seconds = spec.get("max_seconds", float("inf"))
    plw = spec.get("prompt_loss_weight", 0.0)
    warmup = min(200, steps // 10 + 1)
    autocast = device.type == "cuda"
    t0, loss_ema = time.time(), None
    for step in range(steps):
        for g in opt.param_groups:
            g["lr"] = lr_at(step, steps, spec["lr"], warmup, (time.time() - t0) / max_seconds)
        rows = rng.integers(0, len(pool), size=batch)
        width = int(pool.lengths[rows].max())  # trim the common right padding (on the host: no sync)
        idx = torch.from_numpy(rows).to(device, non_blocking=True)
        x, m = tokens[idx, :width], mask[idx, :width]
        weights = torch.where(m > 0, m, torch.where(m < 0, plw, 0.0))[:, 1:]
        with torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=autocast):
            logits = fwd(x[:, :-1])
        nll = F.cross_entropy(logits.float().reshape(-1, VOCAB_SIZE), x[:, 1:].reshape(-1), reduction="none")
        loss = (nll * weights.reshape(-1)).sum() / weights.sum().clamp(min=1.0)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        lv = loss.item() if step % 50 == 0 or step == steps - 1 else None
        if lv is not None:
            loss_ema = lv if loss_ema is None else 0.7 * loss_ema + 0.3 * lv
            if step % 500 == 0 or step == steps - 1:
                log("[%s] step %d/%d loss %.4f (%.1f ms/step)"
                    % (spec["name"], step, steps, lv, 1000 * (time.time() - t0) / (step + 1)))
            if time.time() - t0 > max_seconds:  # a safety stop so a slow machine still exports something
                log("[%s] stopped at step %d: max_seconds %s reached" % (spec["name"], step + 1, max_seconds))
                steps = step + 1
                break
    seconds = time.time() - t0
    return model, cfg, {"steps": steps, "planned_steps": max(1, int(spec["steps"] * steps_scale)),
                        "answer_loss_weight": spec.get("answer_loss_weight", 5.0), "batch": batch, "lr": spec["lr"], "seed": seed, "params": params,
                        "final_loss": loss_ema, "seconds": round(seconds, 1),
                        "device": torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu"}, held


# --------------------------------------------------------------------------------------------------
# Evaluation: greedy decoding, answer extraction as in research/symbolic-moe.md §1.11 (strict form)
# --------------------------------------------------------------------------------------------------
@torch.no_grad()
def greedy(model, prompts, device, max_new=80, batch=256):
    model.eval()
    ctx = model.cfg["context_length"]
    outs = []
    for b0 in range(0, len(prompts), batch):
        enc = [np.concatenate(([BOS], encode(p))) for p in prompts[b0:b0 + batch]]
        n = len(enc)
        width = min(ctx, max(len(e) for e in enc) + max_new)
        buf = torch.zeros((n, width), dtype=torch.long)
        for i, e in enumerate(enc):
            buf[i, :len(e)] = torch.from_numpy(e[:width])
        buf = buf.to(device)
        lens = torch.tensor([min(len(e), width) for e in enc], device=device)
        start = lens.clone()
        done = torch.zeros(n, dtype=torch.bool, device=device)
        rows = torch.arange(n, device=device)
        for _ in range(max_new):
            live = ~done & (lens < width)
            if not live.any():
                break
            upto = int(lens.max())
            with torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
                logits = model(buf[:, :upto])
            nxt = logits[rows, (lens - 1).clamp(max=upto - 1)].float().argmax(-1)
            write = live.nonzero().squeeze(1)
            buf[write, lens[write]] = nxt[write]
            lens[write] += 1
            done |= live & (nxt == EOS)
        for i in range(n):
            ids = buf[i, int(start[i]):int(lens[i])].tolist()
            if EOS in ids:
                ids = ids[:ids.index(EOS)]
            outs.append(decode(ids))
    model.train()
    return outs


LETTER = re.compile(r"The answer is \(([A-J])\)")
BOXED = re.compile(r"\\boxed\{(-?\d+)\}")


def extract(text):
    found = LETTER.findall(text) or BOXED.findall(text)
    return found[-1] if found else None


def load_bench(data, per_skill):
    """Validation questions (SynthSkills_train.json) grouped by skill via the labels file."""
    items = json.load(open(os.path.join(data, "SynthSkills_train.json"), encoding="utf-8"))
    labels = [l for l in json.load(open(os.path.join(data, "SynthSkills_labels.json"), encoding="utf-8"))
              if l["split"] == "validation"]
    by_skill = {}
    for item, label in zip(items, labels):
        assert item["question"] == label["question"], "labels file does not match the validation file"
        bucket = by_skill.setdefault(label["skill"], [])
        if len(bucket) < per_skill:
            bucket.append(item)
    return by_skill


def evaluate_expert(model, bench, device):
    skills = sorted(bench)
    prompts, golds, owners = [], [], []
    for s in skills:
        for item in bench[s]:
            prompts.append("Question: " + item["question"] + "\nAnswer:")
            golds.append(item["gold_answer"])
            owners.append(s)
    outs = greedy(model, prompts, device)
    acc = {}
    for s, g, o in zip(owners, golds, outs):
        acc.setdefault(s, []).append(extract(o) == g)
    details = [{"skill": s, "prompt": p, "output": o, "gold": g} for s, p, o, g in zip(owners, prompts, outs, golds)]
    return {s: round(sum(v) / len(v), 3) for s, v in acc.items()}, details


def evaluate_keywords(model, bench, data, device):
    rows = read_jsonl_gz(os.path.join(data, "zoo-train", "keywords.jsonl.gz"))
    seen = {}
    for r in rows:
        seen.setdefault(r["skill"], set()).update(k.strip() for k in r["completion"].split(","))
    prompts, owners = [], []
    for s in sorted(bench):
        for item in bench[s]:
            prompts.append("Question: " + item["question"] + "\nKeywords:")
            owners.append(s)
    outs = greedy(model, prompts, device, max_new=60)
    acc = {}
    for s, o in zip(owners, outs):
        kws = [k.strip() for k in o.split(",") if k.strip()]
        acc.setdefault(s, []).append(bool(kws) and all(k in seen.get(s, ()) for k in kws))
    return {s: round(sum(v) / len(v), 3) for s, v in acc.items()}, outs[:3]


def evaluate_aggregator(model, held, device):
    outs = greedy(model, [r["prompt"] for r in held], device)
    right = [extract(o) == extract(r["completion"]) for o, r in zip(outs, held)]
    majority = []
    for r in held:
        votes = [extract(line) for line in r["prompt"].split("\n") if line.startswith("Response ")]
        top = max(set(votes), key=votes.count)
        majority.append(votes.count(top) >= 2 and top == extract(r["completion"]))
    return {"accuracy": round(sum(right) / len(right), 3),
            "majority_vote_baseline": round(sum(majority) / len(majority), 3)}, outs[:3]


# --------------------------------------------------------------------------------------------------
# Export
# --------------------------------------------------------------------------------------------------
def export(model, cfg, spec, train_info, evaluation, out_dir, export_dtype="float32"):
    from safetensors.torch import save_file
    os.makedirs(out_dir, exist_ok=True)
    name = spec["name"]
    tensors = model.gguf_tensors()
    if export_dtype == "float16":  # half the bytes to carry; the GGUF is q8_0 anyway (norms f32 from f16)
        tensors = {k: v.half() for k, v in tensors.items()}
    save_file(tensors, os.path.join(out_dir, name + ".safetensors"), metadata={"format": "pt"})
    kind = spec.get("kind", "expert")
    hparams = {
        "name": name, "kind": kind, "architecture": "llama",
        "n_vocab": VOCAB_SIZE, "n_embd": cfg["n_embd"], "n_layer": cfg["n_layer"], "n_head": cfg["n_head"],
        "n_head_kv": cfg["n_head_kv"], "n_ff": cfg["n_ff"], "n_rot": cfg["n_embd"] // cfg["n_head"],
        "rms_eps": cfg["rms_eps"], "rope_theta": cfg["rope_theta"], "rope_type": "norm (adjacent pairs)",
        "context_length": cfg["context_length"], "tied_embeddings": bool(cfg["tied"]),
        "bos_id": BOS, "eos_id": EOS, "unk_id": UNK, "space_id": SPACE,
        "tensor_layout": "PyTorch row-major [out, in]; GGUF ne = reversed shape",
        "prompt_format": {"expert": "Question: {question}\nAnswer:", "keywords": "Question: {question}\nKeywords:",
                          "aggregator": "Question: {question}\nResponse 1: {r1}\nResponse 2: {r2}\nResponse 3: {r3}\nAnswer:"}[kind],
        "skills": spec.get("skills"), "train": train_info, "eval": evaluation, "export_dtype": export_dtype,
    }
    with open(os.path.join(out_dir, name + ".json"), "w", encoding="utf-8") as f:
        json.dump(hparams, f, indent=2)


def print_table(out_dir):
    """Every exported model's per-skill accuracy (from {name}.json) as one text table."""
    rows = []
    for name in sorted(os.listdir(out_dir)):
        if name.endswith(".json") and name not in ("vocab.json", "zoo-summary.json"):
            h = json.load(open(os.path.join(out_dir, name), encoding="utf-8"))
            if "eval" in h:
                rows.append(h)
    skills = sorted({s for h in rows if h["kind"] == "expert" for s in h["eval"]})
    print("%-18s %6s %6s " % ("model", "steps", "sec") + " ".join("%5s" % s[:5] for s in skills))
    for h in rows:
        e, t = h["eval"], h["train"]
        cells = " ".join("%5.2f" % e[s] if s in e else "    -" for s in skills) if h["kind"] != "aggregator" else json.dumps(e)
        print("%-18s %6d %6.0f " % (h["name"], t["steps"], t["seconds"]) + cells)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--zoo", required=True)
    ap.add_argument("--data", required=True, help="GenerateSkillBench --out directory")
    ap.add_argument("--out", required=True)
    ap.add_argument("--only", default="", help="comma-separated model names")
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--steps-scale", type=float, default=1.0, help="multiply every model's steps (smoke tests)")
    ap.add_argument("--eval-per-skill", type=int, default=50)
    ap.add_argument("--compile", action="store_true", help="torch.compile each model (faster steps, slower start)")
    ap.add_argument("--max-seconds", type=float, default=None, help="stop each model's training after this long")
    ap.add_argument("--export-dtype", choices=("float32", "float16"), default="float32")
    ap.add_argument("--table", action="store_true", help="only print the per-model per-skill table of --out")
    args = ap.parse_args()
    if args.table:
        return print_table(args.out)

    zoo = json.load(open(args.zoo, encoding="utf-8"))
    defaults = zoo["defaults"]
    device = torch.device(args.device)
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    only = {n for n in args.only.split(",") if n}
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "vocab.json"), "w", encoding="utf-8") as f:
        json.dump(vocab_tokens(), f, ensure_ascii=False)
    bench = load_bench(args.data, args.eval_per_skill)
    summary = {}
    started = time.time()

    def log(msg):
        print("%7.1fs %s" % (time.time() - started, msg), flush=True)

    for spec in zoo["models"]:
        if only and spec["name"] not in only:
            continue
        if args.max_seconds is not None:
            spec = dict(spec, max_seconds=args.max_seconds)
        model, cfg, info, held = train_model(spec, defaults, args.data, device, args.steps_scale, args.compile, log)
        kind = spec.get("kind", "expert")
        if kind == "expert":
            evaluation, sample = evaluate_expert(model, bench, device)
        elif kind == "keywords":
            evaluation, sample = evaluate_keywords(model, bench, args.data, device)
        else:
            evaluation, sample = evaluate_aggregator(model, held, device)
        log("[%s] eval %s" % (spec["name"], json.dumps(evaluation)))
        log("[%s] sample output %r" % (spec["name"], sample[0] if sample else ""))
        with open(os.path.join(args.out, spec["name"] + ".eval.jsonl"), "w", encoding="utf-8") as f:
            for row in sample:
                f.write(json.dumps(row if isinstance(row, dict) else {"output": row}) + "\n")
        export(model, cfg, spec, info, evaluation, args.out, args.export_dtype)
        summary[spec["name"]] = {"skills": spec.get("skills"), "eval": evaluation, "seconds": info["seconds"]}
        del model
        if device.type == "cuda":
            torch.cuda.empty_cache()
    with open(os.path.join(args.out, "zoo-summary.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=2)
    log("done: %s" % os.path.join(args.out, "zoo-summary.json"))


if __name__ == "__main__":
    sys.exit(main())
