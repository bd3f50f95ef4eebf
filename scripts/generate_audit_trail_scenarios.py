# Writes scenarios/security-monitoring/audit-trail.json: detection-rogue.json (itself a variant of
# scenarios/security-manager/fully-active.json, scripts/generate_detection_scenarios.py) with an
# audit collector, auditor-1, which enrols like an SM and delivers every keeper of an audit log
# (nfvo-1, vnfm-1, vim-1, sm-1, sm-2) its audit key over mutual TLS; each keeper names it in
# audit_key_source and derives its partitions' keys from that key (R1.3.270), then transfers its
# new records to auditor-1 on that session under a key derived from the session's TLS exporter
# (R1.3.280).
# docs/security-monitoring.md "The audit trail". Run from the repository root:
# python3 scripts/generate_audit_trail_scenarios.py
import json

SOURCE = 'scenarios/security-monitoring/detection-rogue.json'
patch = json.load(open(SOURCE))['patch']

KEEPERS = ['nfvo-1', 'vnfm-1', 'vim-1', 'sm-1', 'sm-2']
AUDITOR = 'auditor-1'

patch['name'] = 'audit-trail'
patch['description'] = (
    "Audit logs under keys delivered over mutual TLS (R1.3.260, R1.3.270): the scenario of "
    "detection-rogue with an audit collector, auditor-1, registered by the OSS like an SM. Once "
    "it holds its certificate it draws one audit key per keeper (nfvo-1, vnfm-1, vim-1, sm-1, "
    "sm-2) and delivers it over mutual TLS (AuditKeyDelivery); each keeper names auditor-1 in "
    "audit_key_source, holds back its audit records until its key has come, and MACs every "
    "partition under a key derived from it (AuditKeyProvisioned source=auditor-1). The MANO "
    "blocks' bindings, routed events and removals and the SMs' detections and remedies are all "
    "stored under delivered keys, and every chain verifies. Each keeper transfers its new records "
    "to auditor-1 (AuditLogTransfer) on the session its key came on, MAC'd under a key derived "
    "from that session's TLS exporter: one exporter fingerprint per pair, every MAC verified.")
actors = patch['actors']
for k in KEEPERS:
    actors.setdefault(k, {}).setdefault('params', {})['audit_key_source'] = AUDITOR
actors[AUDITOR] = {"type": "auditor", "trust_domain": "td-sec-1",
                   "params": {"keepers": KEEPERS, "day0": {"oss-1": "day0-oss-auditor-1"}}}
oss = actors['oss-1']['params']
oss['entities'][AUDITOR] = {"kind": "auditor", "fqdn": "auditor-1.example.net",
                            "subject": "CN=auditor-1.example.net,O=Operator,C=FR"}
oss['day0'][AUDITOR] = "day0-oss-auditor-1"
workload = patch['workload']
i = next(n for n, w in enumerate(workload)
         if w.get('command') == 'register' and w['args'].get('entity') == 'sm-2')
workload.insert(i + 1, {"at": "3600ms", "actor": "oss-1", "command": "register",
                        "args": {"entity": AUDITOR}})
patch["covers"] = ["R1.3.260", "R1.3.270", "R1.3.280"]

with open('scenarios/security-monitoring/audit-trail.json', 'w') as f:
    json.dump({"base": "../security-manager/fully-active.json", "patch": patch}, f, indent=2)
    f.write("\n")
