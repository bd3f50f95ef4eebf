#!/usr/bin/env python3
"""Turns an `ifa026 conform` output folder into a report model (docs/reports.md, the contract of
issue 18) for developing and testing the page alone. Development only: the real writer is C++
(reports/html_report.cpp). The SVGs here are simple stand-ins drawn by this script, except the
trust picture, which it takes from `ifa026 graph trust --format svg` when --ifa026 is given.

Usage: make_sample_model.py CONFORM_DIR SOURCE_DIR [--ifa026 BIN] > sample-model.json
"""
import argparse
import json
import math
import subprocess
from html import escape
from pathlib import Path

VERDICTS = ["pass", "fail", "inconc", "error", "none", "not-testable", "not-applicable"]
SUBJECT_ACTORS = {"nfv-mano": ["nfvo", "vnfm", "vim"], "pki": ["ca"]}
REFUSALS = {"rejected", "refused", "failed"}


def annex_of(clause):
    return clause.split(".")[0]


def actors_of(subject):
    s = subject.lower()
    return SUBJECT_ACTORS.get(s, [s] if s else [])


def circle_svg(names, links):
    """A small circular layout: one node per actor, one line per link."""
    n = max(len(names), 1)
    r = 60 + 18 * n
    size = 2 * r + 160
    pos = {a: (size / 2 + r * math.cos(2 * math.pi * i / n), size / 2 + r * math.sin(2 * math.pi * i / n))
           for i, a in enumerate(names)}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{size:.0f}pt" height="{size:.0f}pt" '
           f'viewBox="0 0 {size:.0f} {size:.0f}"><g class="graph"><title>topology</title>']
    for link in links:
        if link["from"] in pos and link["to"] in pos:
            (x1, y1), (x2, y2) = pos[link["from"]], pos[link["to"]]
            out.append(f'<g class="edge"><title>{escape(link["from"])}-&gt;{escape(link["to"])}</title>'
                       f'<path fill="none" stroke="black" d="M{x1:.1f},{y1:.1f}L{x2:.1f},{y2:.1f}"/></g>')
    for a, (x, y) in pos.items():
        out.append(f'<g class="node"><title>{escape(a)}</title><ellipse fill="white" stroke="black" '
                   f'cx="{x:.1f}" cy="{y:.1f}" rx="50" ry="18"/><text text-anchor="middle" x="{x:.1f}" '
                   f'y="{y + 4:.1f}" font-family="sans-serif" font-size="11">{escape(a)}</text></g>')
    out.append("</g></svg>")
    return "".join(out)


def messages_of(records):
    by_msg = {}
    for r in records:
        if "msg" in r:
            by_msg.setdefault(r["msg"], []).append(r)
    messages = []
    for i, r in enumerate(records):
        if r["kind"] != "send":
            continue
        related = by_msg.get(r.get("msg"), [])
        drop = next((x for x in related if x["kind"] == "drop"), None)
        status, outcome = "delivered", None
        if drop:
            status, outcome = "dropped", drop.get("outcome", "")
        else:
            for later in records[i + 1:i + 8]:
                if later.get("actor") == r.get("peer") and later.get("outcome") in REFUSALS:
                    status, outcome = "refused", later["outcome"]
                    break
        m = {"id": r["id"], "t_ms": r["t_ns"] / 1e6, "from": r["actor"], "to": r.get("peer", ""),
             "op": r.get("op", ""), "step": r.get("step", ""), "ref": r.get("ref", ""), "status": status}
        if outcome:
            m["outcome"] = outcome
        messages.append(m)
    return messages


def scenario_model(info, records, cited, source_dir, ifa026):
    spec = json.loads((source_dir / info["file"]).read_text())
    actors = [{"name": a["name"], "type": a["type"]} for a in spec.get("actors", [])]
    known = {a["name"] for a in actors}
    for r in records:
        if r.get("op") == "SpawnActor" and r.get("outcome") == "ok" and r.get("peer") not in known:
            kind = dict(p.split("=", 1) for p in r.get("detail", "").split("; ") if "=" in p).get("type", "")
            actors.append({"name": r["peer"], "type": kind})
            known.add(r["peer"])
    by_id = {r["id"]: r for r in records}
    evidence = {}
    for c in sorted(cited):
        for k in range(c - 3, c + 4):
            if k in by_id:
                evidence[str(k)] = by_id[k]
    messages = messages_of(records)
    links = {}
    for r in records:
        if r["kind"] in ("send",):
            key = (r["actor"], r.get("peer", ""), r.get("ref", ""))
            link = links.setdefault(key, {"from": key[0], "to": key[1], "ref": key[2], "messages": 0, "bytes": 0, "drops": 0})
            link["messages"] += 1
            link["bytes"] += r.get("bytes", 0)
        if r["kind"] == "drop":
            key = (r["actor"], r.get("peer", ""), r.get("ref", ""))
            if key in links:
                links[key]["drops"] += 1
    per_ref = {}
    for link in links.values():
        e = per_ref.setdefault(link["ref"], {"ref": link["ref"], "messages": 0, "bytes": 0})
        e["messages"] += link["messages"]
        e["bytes"] += link["bytes"]
    queues = {}
    for r in records:
        if r.get("op") == "WorkQueue" and "detail" in r:
            d = dict(p.split("=", 1) for p in r["detail"].split("; ") if "=" in p)
            q = queues.setdefault((r["actor"], d.get("queue", "")), [])
            q.append([r["t_ns"] / 1e6, int(d.get("waiting", 0))])
    # Enrolment latency stand-in: from each identity's registration request to its stored certificate.
    started, latencies, renewals = {}, [], []
    for r in records:
        if r["kind"] == "send" and r.get("op") in ("ir", "cr", "kur", "p10cr"):
            started.setdefault(r["actor"], r["t_ns"])
            if r.get("op") == "kur":
                renewals.append([r["t_ns"] / 1e6, len(renewals) + 1])
        if r["kind"] == "receive" and r.get("op") in ("ip", "cp", "kup") and r["actor"] in started:
            latencies.append((r["t_ns"] - started.pop(r["actor"])) / 1e6)
    names = [a["name"] for a in actors]
    model = {
        "name": info["name"], "file": info["file"], "description": spec.get("description", ""),
        "error": "", "records": len(records), "actors": actors, "evidence": evidence,
        "sequence": {"messages": messages, "total": len(messages), "sampled": False, "note": ""},
        "links": list(links.values()),
        "topology_svg": circle_svg(names, list(links.values())),
        "metrics": {"enrolment_latency_ms": latencies, "messages_per_ref": list(per_ref.values()),
                    "queues": [{"actor": a, "queue": q, "points": p} for (a, q), p in queues.items()],
                    "renewals": renewals},
    }
    if ifa026:
        out = subprocess.run([ifa026, "graph", "trust", str(source_dir / info["file"]), "--format", "svg"],
                             capture_output=True, text=True)
        if out.returncode == 0 and "<svg" in out.stdout:
            model["trust_svg"] = out.stdout[out.stdout.index("<svg"):]
    cas = [a["name"] for a in actors if a["type"] == "ca"]
    if cas:
        model["ca_svg"] = circle_svg(cas, [])
        model["certificates"] = [{
            "kind": "certificate", "serial": "0A1B", "subject": f"CN={cas[0]} Root CA,O=ifa026",
            "issuer": f"CN={cas[0]} Root CA,O=ifa026", "not_before": "2026-01-01T00:00:00Z",
            "not_after": "2036-01-01T00:00:00Z", "key": "EC P-256", "signature": "ecdsa-with-SHA256",
            "extensions": [{"name": "basicConstraints", "critical": True, "value": "CA:TRUE"}],
            "pem": "-----BEGIN CERTIFICATE-----\n(sample: not a real certificate)\n-----END CERTIFICATE-----\n"}]
        first = next(iter(evidence.values()), None)
        if first is not None:
            first["certificate"] = 0
    return model


def main():
    p = argparse.ArgumentParser()
    p.add_argument("folder", type=Path)
    p.add_argument("source", type=Path)
    p.add_argument("--ifa026")
    a = p.parse_args()
    summary = json.loads((a.folder / "summary.json").read_text())
    results = [json.loads(l) for l in (a.folder / "results.jsonl").read_text().splitlines() if l.strip()]
    evaluations = [{"id": r["id"], "scenario": r["scenario"], "check": r.get("check", ""), "verdict": r["verdict"],
                    "reason": r.get("reason", ""), "evidence": r.get("evidence", [])} for r in results]
    requirements = []
    for req in summary["requirements"]:
        requirements.append({
            "id": req["id"], "clause": req["clause"], "annex": annex_of(req["clause"]), "subject": req["subject"],
            "summary": req.get("summary", ""), "testability": req.get("kind", ""), "verdict": req["verdict"],
            "reason": req.get("reason", ""), "actors": actors_of(req["subject"]), "scenarios": req["scenarios"],
            "evaluations": [i for i, e in enumerate(evaluations) if e["id"] == req["id"]]})
    counts = {v: summary["counts"].get(v, 0) for v in VERDICTS}
    annexes = []
    for req in requirements:
        if not annexes or annexes[-1]["annex"] != req["annex"]:
            annexes.append({"annex": req["annex"], "counts": {v: 0 for v in VERDICTS}})
        annexes[-1]["counts"][req["verdict"]] += 1
    scenarios = []
    for info in summary["scenarios"]:
        trace = a.folder / "traces" / f"{info['name']}.jsonl"
        records = [json.loads(l) for l in trace.read_text().splitlines() if l.strip()]
        cited = {c for e in evaluations if e["scenario"] == info["name"] for c in e["evidence"]}
        scenarios.append(scenario_model(info, records, cited, a.source, a.ifa026))
    model = {"format": 1, "tool": summary["tool_version"], "generated_utc": summary["started_utc"],
             "counts": counts, "annexes": annexes, "requirements": requirements, "evaluations": evaluations,
             "scenarios": scenarios,
             "notes": ["Sample model made by reports/web/tools/make_sample_model.py (development only): "
                       "topology and CA pictures and the certificate are stand-ins."]}
    print(json.dumps(model, indent=None, separators=(",", ":")))


if __name__ == "__main__":
    main()
