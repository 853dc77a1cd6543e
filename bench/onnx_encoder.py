"""Would an exported ONNX encoder be a faster path with the same results? (issue 3, speed)

Exports the bundled all-MiniLM-L6-v2 (transformer + mean pooling + normalisation) to ONNX,
optionally quantises it to int8, and compares it with the sentence-transformers (torch) model
in one run: encoding time of the same texts and top-10 agreement of a retrieval over them
(the first 300 texts are queries, the rest the corpus). A query "agrees" when both models
return the same top-10 set; the mean top-10 overlap is reported too.

The texts are the docstrings of Python's standard library (real English prose, the same on
every machine with this Python; about 3,000 of 80-2,000 characters); the portal's own texts
are too few for a retrieval test.

Needs two packages that the portal does not install (the ONNX path is not shipped):

    pip install onnx onnxruntime
    python bench/onnx_encoder.py --texts 2000
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SKIP = {"antigravity", "this", "idlelib", "tkinter", "turtle", "turtledemo", "pydoc_data"}


def corpus(n: int) -> list[str]:
    """``n`` distinct docstrings of 80-2,000 characters, in a fixed shuffled order."""
    docs = set()
    for name in sorted(sys.stdlib_module_names - SKIP):
        try:
            mod = importlib.import_module(name)
        except Exception:  # noqa: BLE001 - platform-specific modules are skipped
            continue
        for _, obj in inspect.getmembers(mod):
            members = [obj]
            if inspect.isclass(obj) and obj.__module__ == name:
                members += [m for _, m in inspect.getmembers(obj)]
            for member in members:
                doc = inspect.getdoc(member)
                if doc and 80 < len(doc) < 2000:
                    docs.add(doc)
    docs = sorted(docs)
    random.Random(0).shuffle(docs)
    if len(docs) < n:
        raise SystemExit(f"only {len(docs)} docstrings found, asked for {n}")
    return docs[:n]


def export(model_path: str, dest: Path) -> Path:
    """Export transformer + mean pooling + L2 normalisation as one ONNX graph."""
    import torch
    from transformers import AutoModel

    class Pooled(torch.nn.Module):
        def __init__(self, model):
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):
            hidden = self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2, dim=1)

    model = AutoModel.from_pretrained(model_path).eval()
    dummy = torch.ones(2, 16, dtype=torch.long)
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {k: {0: "batch", 1: "seq"} for k in names} | {"embedding": {0: "batch"}}
    torch.onnx.export(
        Pooled(model),
        (dummy, dummy, torch.zeros_like(dummy)),
        str(dest),
        input_names=names,
        output_names=["embedding"],
        dynamic_axes=axes,
        opset_version=17,
        dynamo=False,
    )
    return dest


class OnnxEncoder:
    """Tokenise with the model's fast tokenizer, run the ONNX graph, renormalise."""

    def __init__(self, onnx_path: Path, model_path: str, max_len: int = 256, threads: int = 2):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.tok = Tokenizer.from_file(str(Path(model_path) / "tokenizer.json"))
        self.tok.enable_truncation(max_len)
        self.tok.enable_padding(pad_id=0, pad_token="[PAD]")
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        self.sess = ort.InferenceSession(str(onnx_path), opts, providers=["CPUExecutionProvider"])

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        order = np.argsort([-len(t) for t in texts], kind="stable")  # less padding
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for i in range(0, len(texts), batch_size):
            idx = order[i : i + batch_size]
            enc = self.tok.encode_batch([texts[j] for j in idx])
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            vec = self.sess.run(None, feed)[0]
            out[idx] = vec / np.linalg.norm(vec, axis=1, keepdims=True)
        return out


def agreement(a: np.ndarray, b: np.ndarray, n_queries: int = 300, k: int = 10) -> dict:
    def top(e):
        return np.argsort(-(e[:n_queries] @ e[n_queries:].T), axis=1, kind="stable")[:, :k]

    ta, tb = top(a), top(b)
    same = [set(x) == set(y) for x, y in zip(ta, tb, strict=True)]
    overlap = [len(set(x) & set(y)) / k for x, y in zip(ta, tb, strict=True)]
    cos = (a * b).sum(axis=1)
    return {
        "identical_top10": float(np.mean(same)),
        "mean_overlap_top10": float(np.mean(overlap)),
        "cosine_min": float(cos.min()),
        "cosine_mean": float(cos.mean()),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--texts", type=int, default=2000)
    ap.add_argument("--variants", default="fp32,int8,int8_per_channel")
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from matching.encoder import Encoder, _default_model_path

    model_path = _default_model_path()
    texts = corpus(args.texts)
    torch_enc = Encoder()
    torch_enc.encode(texts[:8])  # load and warm up
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = export(model_path, Path(tmp) / "model.onnx")
        for variant in args.variants.split(","):
            path = fp32
            if variant.startswith("int8"):
                path = Path(tmp) / f"{variant}.onnx"
                quantize_dynamic(
                    str(fp32),
                    str(path),
                    weight_type=QuantType.QInt8,
                    per_channel=variant.endswith("per_channel"),
                )
            onnx_enc = OnnxEncoder(path, model_path)
            onnx_enc.encode(texts[:8])
            t0 = time.perf_counter()
            a = torch_enc.encode(texts)
            t_torch = time.perf_counter() - t0
            t0 = time.perf_counter()
            b = onnx_enc.encode(texts)
            t_onnx = time.perf_counter() - t0
            m = agreement(a, b) | {
                "torch_s": round(t_torch, 2),
                "onnx_s": round(t_onnx, 2),
                "speedup": round(t_torch / t_onnx, 2),
                "size_mb": round(path.stat().st_size / 1e6, 1),
            }
            results[variant] = m
            print(variant, json.dumps(m), flush=True)
    dest = ROOT / "bench" / "results" / "onnx_encoder.json"
    dest.write_text(json.dumps({"texts": args.texts, "variants": results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
