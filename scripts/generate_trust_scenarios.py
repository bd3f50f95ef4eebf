# Generates the SM-hierarchy scenarios of scenarios/trust-domains/ (hierarchy.json,
# hierarchy-refusals.json, invisibility.json): variants of scenarios/lifecycle/ns-lifecycle.json
# with a trust model whose Security Managers form an `oversees` hierarchy (docs/trust-model.md,
# "Hierarchies"). Run from the repository root: python3 scripts/generate_trust_scenarios.py
import json, copy
base = json.load(open('scenarios/lifecycle/ns-lifecycle.json'))
W = base['workload']

def wl(at, actor, command, args=None):
    d = {"at": at, "actor": actor, "command": command}
    if args is not None: d["args"] = args
    return d

def seconds(at):
    return float(at.replace("ms", "e-3").replace("s", ""))

def ns_workload(sms, domains, extra=()):
    """The lifecycle chain (registrations, onboarding, instantiate, scale, heal, host retirement,
    terminate) with the SMs registered and each VNF in its domain."""
    w = copy.deepcopy(W[:7])
    for i, sm in enumerate(sms):
        w.insert(4 + i, wl(f"{3 + i}s", "oss-1", "register", {"entity": sm}))
    inst = copy.deepcopy(W[7])
    for v in inst["args"]["vnfs"]:
        v["trust_domain"] = domains[v["vnf"]]
    w.append(inst)
    w += copy.deepcopy(W[8:])
    w += list(extra)
    w.sort(key=lambda c: seconds(c["at"]))
    return w

def trust(sms, tenant_domains):
    domains = [{"id": "td-mano", "purpose": "mano"}]
    domains += [{"id": d, "purpose": "tenant"} for d in tenant_domains]
    domains += [{"id": s["member_of"], "purpose": "security_management"} for s in sms]
    return {"domains": domains, "sms": sms, "settings": {"grant_timeout": "10s"}}

def variant(name, description, trust_model, sm_rules, workload, covers):
    oss_entities, actors, day0_oss = {}, {}, {}
    for s in trust_model["sms"]:
        n = s["name"]
        oss_entities[n] = {"kind": "sm", "fqdn": f"{n}.example.net",
                           "subject": f"CN={n}.example.net,O=Operator,C=FR"}
        actors[n] = {"type": "sm", "trust_domain": s["member_of"],
                     "params": {"nfvo": "nfvo-1", "vnfm": "vnfm-1", "vim": "vim-1",
                                "day0": {"oss-1": f"day0-oss-{n}"}, "subscription": {},
                                "rules": sm_rules.get(n, [])}}
        day0_oss[n] = f"day0-oss-{n}"
    actors["oss-1"] = {"params": {"entities": oss_entities, "day0": day0_oss}}
    patch = {"name": name, "description": description, "trust_model": trust_model,
             "actors": actors, "workload": workload, "covers": covers}
    path = f"scenarios/trust-domains/{name}.json"
    with open(path, "w") as f:
        json.dump({"base": "../lifecycle/ns-lifecycle.json", "patch": patch}, f, indent=2)
        f.write("\n")

APPROVE = {"on": {"phase": "proposed"}, "do": "approve", "delay": "100ms"}
COMMON = ["R2.1.80", "R2.1.110", "5.1.3-f", "R2.1.120", "5.1.3-h"]

variant("hierarchy",
  "Three levels: sm-master (Fully-Active in td-core) oversees sm-sub (Fully-Active in td-a), which "
  "oversees sm-grand (Semi-Active in td-b); both oversees edges pass events up. sm-sub rejects "
  "vnf-fw's instantiation; MANO holds the rejection for the master (D4), whose rule overrules it "
  "with approve, so vnf-fw is instantiated. At 150 s the master instructs the termination of "
  "vnf-lb in the grandchild's domain (basis=hierarchy); the copies of its VNF_TERMINATE name the "
  "master only to the master.",
  trust([{"name": "sm-master", "member_of": "td-sec-0", "manages": {"td-core": "fully_active"},
          "oversees": [{"sm": "sm-sub", "receives_subordinate_events": True}]},
         {"name": "sm-sub", "member_of": "td-sec-1", "manages": {"td-a": "fully_active"},
          "oversees": [{"sm": "sm-grand", "receives_subordinate_events": True}]},
         {"name": "sm-grand", "member_of": "td-sec-2", "manages": {"td-b": "semi_active"}}],
        ["td-core", "td-a", "td-b"]),
  {"sm-master": [{"on": {"phase": "proposed", "event_type": "VNF_INSTANTIATE", "vnf": "vnf-fw"},
                  "do": "overrule_approve", "reason": "the master accepts the firewall",
                  "delay": "1s"},
                 {"on": {"phase": "proposed", "trust_domain": "td-core"}, "do": "approve",
                  "delay": "100ms"}],
   "sm-sub": [{"on": {"phase": "proposed", "event_type": "VNF_INSTANTIATE", "vnf": "vnf-fw"},
               "do": "reject", "reason": "unreviewed firewall image", "delay": "200ms"},
              APPROVE]},
  ns_workload(["sm-master", "sm-sub", "sm-grand"],
              {"vnf-fw": "td-a", "vnf-lb": "td-b", "vnf-db": "td-core"},
              [wl("150s", "sm-master", "terminate_vnf",
                  {"vnfs": ["vnf-lb"], "kind": "instruction", "reason": "compromised below"})]),
  ["R2.1.50", "5.1.3-a"] + COMMON)

variant("hierarchy-refusals",
  "sm-master (Fully-Active in td-core) oversees sm-a (td-a) and sm-b (td-b), both Fully-Active. "
  "sm-a's instructions to terminate vnf-db (the master's domain) and vnf-lb (its sibling's) are "
  "refused with the unknown answer; the master's instruction for vnf-fw in sm-a's domain is "
  "granted by hierarchy and executed.",
  trust([{"name": "sm-master", "member_of": "td-sec-0", "manages": {"td-core": "fully_active"},
          "oversees": ["sm-a", "sm-b"]},
         {"name": "sm-a", "member_of": "td-sec-1", "manages": {"td-a": "fully_active"}},
         {"name": "sm-b", "member_of": "td-sec-2", "manages": {"td-b": "fully_active"}}],
        ["td-core", "td-a", "td-b"]),
  {"sm-master": [APPROVE], "sm-a": [APPROVE], "sm-b": [APPROVE]},
  ns_workload(["sm-master", "sm-a", "sm-b"],
              {"vnf-fw": "td-a", "vnf-lb": "td-b", "vnf-db": "td-core"},
              [wl("130s", "sm-a", "terminate_vnf",
                  {"vnfs": ["vnf-db"], "kind": "instruction", "reason": "not mine"}),
               wl("131s", "sm-a", "terminate_vnf",
                  {"vnfs": ["vnf-lb"], "kind": "instruction", "reason": "my sibling's"}),
               wl("150s", "sm-master", "terminate_vnf",
                  {"vnfs": ["vnf-fw"], "kind": "instruction", "reason": "the master's call"})]),
  ["R2.1.50", "5.1.3-a", "R2.1.90", "5.1.3-d"] + COMMON)

variant("invisibility",
  "sm-master (Fully-Active in td-core) oversees sm-sub (Fully-Active in td-a; events passed up) "
  "and sm-sib (Fully-Active in td-b). sm-sub terminates vnf-fw: the master's copy of the event "
  "names sm-sub (a master sees its subs, D7); the master terminates vnf-lb in sm-sib's domain, "
  "and only the master's own copy of that event names it. sm-sub's history and audit export and sm-sib's events never name the master or a "
  "sibling.",
  trust([{"name": "sm-master", "member_of": "td-sec-0", "manages": {"td-core": "fully_active"},
          "oversees": [{"sm": "sm-sub", "receives_subordinate_events": True},
                       {"sm": "sm-sib", "receives_subordinate_events": False}]},
         {"name": "sm-sub", "member_of": "td-sec-1", "manages": {"td-a": "fully_active"}},
         {"name": "sm-sib", "member_of": "td-sec-2", "manages": {"td-b": "fully_active"}}],
        ["td-core", "td-a", "td-b"]),
  {"sm-master": [APPROVE], "sm-sub": [APPROVE], "sm-sib": [APPROVE]},
  ns_workload(["sm-master", "sm-sub", "sm-sib"],
              {"vnf-fw": "td-a", "vnf-lb": "td-b", "vnf-db": "td-core"},
              [wl("140s", "sm-sub", "terminate_vnf",
                  {"vnfs": ["vnf-fw"], "kind": "instruction", "reason": "sub's own call"}),
               wl("150s", "sm-master", "terminate_vnf",
                  {"vnfs": ["vnf-lb"], "kind": "instruction", "reason": "master's call"}),
               wl("200s", "sm-sub", "query_history", {"from": "0s", "to": "200s"}),
               wl("205s", "sm-sub", "export_audit", {"domain": "td-a"}),
               wl("206s", "sm-sib", "export_audit", {"domain": "td-b"})]),
  ["R2.1.120", "5.1.3-h", "R2.1.50", "5.1.3-a", "R2.1.80", "R2.1.110", "5.1.3-f", "5.1.3-k"])
