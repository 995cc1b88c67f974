#!/usr/bin/python3
"""Hashes one case's output files for tools/golden/outputs.sh: prints "CASE/relative/path sha256".

Every byte counts except these, which measure wall-clock time (or where the tree lies) and so
differ between two runs of the same build; they are replaced by "*" before hashing:
  - the tree's absolute path, in any text file (batch's summary.json names scenarios by it);
  - JSON "wall_time" (result.json, summary.json's runs), and summary.json's "slowest" list (ordered by it);
  - result.json's "hil" (sim run --target, sim replay): the objects "round_trip", "tick_lateness" and
    each stream's "latency" (lockstep's counts, stale/dropped answers and the rest are kept);
  - result.json's "model": the objects "inference_latency" and "detection_latency" (ONNX Runtime timings);
  - junit.xml time="...";
  - report.html: the batch's wall time (<span>N s</span>) and each run's wall-time cell;
  - manifest.json (generate): "wall_time", "frames_per_second";
  - console output (whitespace runs taken as one space: the console wraps lines where a timing's
    width puts them): "N s wall", "in N s", "(N s)", "N frames/s", "ETA N s", latency percentiles
    "p50 N ms", and loopback ports (picked free at run time).
Set GOLDEN_KEEP=DIR to keep the normalised text files there (to diff two runs).
"""
import hashlib
import os
import re
import sys

NUM = rb"-?[0-9][0-9.eE+-]*"


def blank_json_keys(data, keys):
    for k in keys:
        data = re.sub(rb'("' + k.encode() + rb'": )(' + NUM + rb'|null)', rb'\1"*"', data)
    return data


def blank_json_objects(data, keys):
    """Replaces the value of "key": {...} or [...] (balanced) with "*"."""
    for k in keys:
        pat = re.compile(rb'"' + k.encode() + rb'": *([\[{])')
        pos = 0
        while True:
            m = pat.search(data, pos)
            if not m:
                break
            start = m.start(1)
            depth = 0
            i = start
            in_str = False
            while i < len(data):
                c = data[i:i + 1]
                if in_str:
                    if c == b"\\":
                        i += 1
                    elif c == b'"':
                        in_str = False
                elif c == b'"':
                    in_str = True
                elif c in (b"{", b"["):
                    depth += 1
                elif c in (b"}", b"]"):
                    depth -= 1
                    if depth == 0:
                        break
                i += 1
            data = data[:start] + b'"*"' + data[i + 1:]
            pos = start + 3
    return data


TIMING_KEYS = ["wall_time", "frames_per_second"]
TIMING_OBJECTS = ["slowest", "round_trip", "tick_lateness", "latency", "inference_latency", "detection_latency"]


def normalise(rel, data, tree):
    name = os.path.basename(rel)
    text_like = name.endswith((".json", ".csv", ".xml", ".html", ".txt", ".yaml", ".jsonl"))
    if not text_like:
        return data
    data = data.replace(tree.encode(), b"<tree>")
    if name.endswith(".json"):
        data = blank_json_objects(data, TIMING_OBJECTS)
        data = blank_json_keys(data, TIMING_KEYS)
    elif name.endswith(".xml"):
        data = re.sub(rb' time="[^"]*"', b' time="*"', data)
    elif name.endswith(".html"):
        data = re.sub(rb'<td class="num">' + NUM + rb'</td></tr>', b'<td class="num">*</td></tr>', data)
        data = re.sub(rb'<span>' + NUM + rb' s</span>', b'<span>* s</span>', data)
    elif name.endswith(".txt"):
        if name.startswith("_std"):
            # The console wraps long lines where the terminal width falls, and a timing's width moves that.
            data = re.sub(rb"\s+", b" ", data)
            # Loopback ports are picked free at run time (sim replay --model, the target cases).
            data = re.sub(rb"tcp://127\.0\.0\.1:[0-9]+", b"tcp://127.0.0.1:PORT", data)
        data = re.sub(rb"\b" + NUM + rb" s wall", b"* s wall", data)
        data = re.sub(rb"\bin " + NUM + rb" s\b", b"in * s", data)
        data = re.sub(rb"\(" + NUM + rb" s\)", b"(* s)", data)
        data = re.sub(rb"\(" + NUM + rb" frames/s\)", b"(* frames/s)", data)
        data = re.sub(rb"ETA " + NUM + rb" s", b"ETA * s", data)
        data = re.sub(rb"(p50|p99|p95|mean|max) " + NUM + rb" ms", rb"\1 * ms", data)
    return data


def main():
    root, case, tree = sys.argv[1], sys.argv[2], sys.argv[3]
    keep = os.environ.get("GOLDEN_KEEP")
    for dirpath, _, files in sorted(os.walk(root)):
        for f in sorted(files):
            path = os.path.join(dirpath, f)
            rel = os.path.relpath(path, root)
            with open(path, "rb") as fh:
                data = normalise(rel, fh.read(), tree)
            print(f"{case}/{rel} {hashlib.sha256(data).hexdigest()}")
            if keep and f.endswith((".json", ".csv", ".xml", ".html", ".txt", ".jsonl")):
                dest = os.path.join(keep, case, rel)
                os.makedirs(os.path.dirname(dest), exist_ok=True)
                if len(data) < 50_000_000:
                    with open(dest, "wb") as out:
                        out.write(data)


if __name__ == "__main__":
    main()
