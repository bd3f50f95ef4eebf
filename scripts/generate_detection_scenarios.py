# Writes scenarios/security-monitoring/detection-rogue.json: a variant of
# scenarios/security-manager/fully-active.json in which the VIM reports every allocation on Sc-Vi
# (allocation_events), a Passive sm-2 joins the Fully-Active sm-1 in td-a, and at 60 s the VNFM
# instantiates vnf-rogue with no request (rogue_instantiate). docs/security-monitoring.md
# "Detections and remedies" and "The audit trail". Run from the repository root:
# python3 scripts/generate_detection_scenarios.py
import json

BASE = 'scenarios/security-manager/fully-active.json'
base = json.load(open(BASE))['patch']
W = base['workload']
registrations, onboarding, instantiate = W[:5], W[5:8], W[8]
assert instantiate['command'] == 'instantiate_ns'

workload = registrations + [
    {"at": "3500ms", "actor": "oss-1", "command": "register", "args": {"entity": "sm-2"}}
] + onboarding + [
    instantiate,
    {"at": "60s", "actor": "vnfm-1", "command": "rogue_instantiate",
     "args": {"vnf": "vnf-rogue", "vim": "vim-1", "count": 2, "trust_domain": "td-a"}},
    {"at": "120s", "actor": "oss-1", "command": "terminate_ns", "args": {"ns": "ns-1"}},
]

patch = {
    "name": "detection-rogue",
    "description": (
        "Detection and remedy of a rogue instantiation (R1.3.110, R1.3.180): the VIM reports every "
        "allocation on Sc-Vi (RESOURCE_ALLOCATE); at 60 s the VNFM allocates two computes for "
        "vnf-rogue at vim-1 with no NFVO request and no grant. The Fully-Active sm-1 finds no "
        "VNF_INSTANTIATE of it from the NFVO within its 10 s window, flags it and instructs its "
        "termination at the VIM, which removes both computes; the Passive sm-2 flags it and only "
        "alerts. vnf-fw and vnf-lb, instantiated by the NFVO on vim-1, are recorded authorized by "
        "both (vnf-db runs on the CISM, which reports no allocations). Every binding, routed event and removal at the MANO blocks and every detection and "
        "remedy of the SMs is in an audit log whose chains verify (R1.3.260)."),
    "trust_model": {
        "domains": base['trust_model']['domains'],
        "sms": [{"name": "sm-1", "member_of": "td-sec-1", "manages": {"td-a": "fully_active"}},
                {"name": "sm-2", "member_of": "td-sec-1", "manages": {"td-a": "passive"}}],
        "settings": base['trust_model']['settings'],
    },
    "actors": {
        "vim-1": {"params": {"allocation_events": True}},
        "sm-2": {"type": "sm", "trust_domain": "td-sec-1",
                 "params": {"nfvo": "nfvo-1", "vim": "vim-1",
                            "day0": {"oss-1": "day0-oss-sm-2"}, "subscription": {}}},
        "oss-1": {"params": {
            "entities": {"sm-2": {"kind": "sm", "fqdn": "sm-2.example.net",
                                  "subject": "CN=sm-2.example.net,O=Operator,C=FR"}},
            "day0": {"sm-2": "day0-oss-sm-2"}}},
    },
    "workload": workload,
    "covers": ["R1.3.110", "R1.3.180", "R1.3.260"],
}

with open('scenarios/security-monitoring/detection-rogue.json', 'w') as f:
    json.dump({"base": "../security-manager/fully-active.json", "patch": patch}, f, indent=2)
    f.write("\n")
