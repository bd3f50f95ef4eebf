# Writes scenarios/trust-domains/compromise.json: a variant of scenarios/lifecycle/ns-lifecycle.json
# in which an SM of td-a is compromised and attacks td-b, a domain with no trust link to td-a
# (R1.1.50), while td-b has two SMs (R1.1.60) and every SM message is checked for separation
# (R1.1.160). docs/trust-model.md "Isolation and separation". Run from the repository root:
# python3 scripts/generate_isolation_scenarios.py
import copy, json

base = json.load(open('scenarios/lifecycle/ns-lifecycle.json'))
W = base['workload']


def wl(at, actor, command, args=None):
    d = {"at": at, "actor": actor, "command": command}
    if args is not None:
        d["args"] = args
    return d


def seconds(at):
    return float(at.replace("ms", "e-3").replace("s", ""))


sms = {"sm-1": ("td-sec-1", {"td-a": "semi_active"}),
       "sm-2": ("td-sec-2", {"td-b": "semi_active"}),
       "sm-3": ("td-sec-3", {"td-b": "passive"})}
domains = {"vnf-fw": "td-a", "vnf-lb": "td-b", "vnf-db": "td-b"}

workload = copy.deepcopy(W[:7])
for i, sm in enumerate(sms):
    workload.append(wl(f"{3 + i}s", "oss-1", "register", {"entity": sm}))
inst = copy.deepcopy(W[7])
for v in inst["args"]["vnfs"]:
    v["trust_domain"] = domains[v["vnf"]]
workload.append(inst)
workload += copy.deepcopy(W[8:])
workload += [
    # td-b's own SM gives vnf-lb a policy: a legitimate state change in td-b.
    wl("125s", "sm-2", "policy_instruction", {"vnfs": ["vnf-lb"], "policy_id": "lb-baseline", "content": "allow 443; deny all"}),
    # sm-1 is taken over: everything it asks about td-b must be refused.
    wl("130s", "sm-1", "compromise", {"vnfs": ["vnf-lb", "vnf-db"], "domain": "td-b", "hosts": ["host-2"],
                                      "instances": ["sm-2@nfvo-1/Sc-Or"]}),
    # Its own domain's business still goes through.
    wl("135s", "sm-1", "policy_instruction", {"vnfs": ["vnf-fw"], "policy_id": "fw-baseline", "content": "allow 443"}),
    # A tampered message from it (the link sm-1 <-> nfvo-1 tampers for one second).
    wl("140500ms", "sm-1", "compromise", {"vnfs": ["vnf-lb"]}),
]
workload.sort(key=lambda c: seconds(c["at"]))

actors = {}
entities, day0 = {}, {}
for sm, (member, manages) in sms.items():
    entities[sm] = {"kind": "sm", "fqdn": f"{sm}.example.net", "subject": f"CN={sm}.example.net,O=Operator,C=FR"}
    day0[sm] = f"day0-oss-{sm}"
    actors[sm] = {"type": "sm", "trust_domain": member,
                  "params": {"nfvo": "nfvo-1", "vnfm": "vnfm-1", "vim": "vim-1", "day0": {"oss-1": day0[sm]},
                             "subscription": {}, "rules": []}}
actors["oss-1"] = {"params": {"entities": entities, "day0": day0}}
# host-2 belongs to td-b's infrastructure: a retirement of it by sm-1 must be refused.
actors["vim-1"] = {"params": {"hosts": {"host-2": {"trust_domain": "td-b"}}}}

trust_model = {
    "domains": [{"id": "td-mano", "purpose": "mano"}, {"id": "td-a", "purpose": "tenant"},
                {"id": "td-b", "purpose": "tenant"}] +
               [{"id": member, "purpose": "security_management"} for member, _ in sms.values()],
    "sms": [{"name": sm, "member_of": member, "manages": manages} for sm, (member, manages) in sms.items()],
    "settings": {"objection_window": "0s"},
}

faults = copy.deepcopy(base.get("faults", [])) + [
    {"kind": "tamper", "endpoints": ["sm-1", "nfvo-1"], "start": "140s", "end": "141s"}]

patch = {
    "name": "compromise",
    "description": "Isolation under compromise: td-a and td-b share no trust link (two isolation groups). sm-1 (td-a) is compromised at 130 s and asks MANO to terminate, re-police, query and modify td-b's VNFs, to retire td-b's host-2, and names sm-2's instance; every request is refused or answered 'unknown' and nothing in td-b changes on its word, while its own td-a policy still applies. At 140.5 s it sends a request over a tampered link: the NFVO's TLS drops it. td-b is managed by two SMs (sm-2 Semi-Active, sm-3 Passive) that each get td-b's events on their own instance; every SM message stays on Sc-Or, Sc-Vnfm or Sc-Vi.",
    "trust_model": trust_model,
    "actors": actors,
    "workload": workload,
    "faults": faults,
    "covers": ["R1.1.50", "R1.1.60", "R1.1.80", "R1.1.160"],
}
doc = {"base": "../lifecycle/ns-lifecycle.json", "patch": patch}
with open("scenarios/trust-domains/compromise.json", "w") as f:
    json.dump(doc, f, indent=2)
    f.write("\n")
