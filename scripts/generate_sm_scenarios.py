# Generates scenarios/security-manager/*.json: variants of scenarios/lifecycle/ns-lifecycle.json
# with a trust model, Security Managers and their workload (docs/security-manager.md). Run from the
# repository root: python3 scripts/generate_sm_scenarios.py
import json, copy, sys
base = json.load(open('scenarios/lifecycle/ns-lifecycle.json'))
W = base['workload']
def wl(at, actor, command, args=None):
    d = {"at": at, "actor": actor, "command": command}
    if args is not None: d["args"] = args
    return d
def ns_workload(domains=None, hidden=None, extra=(), keep=lambda c: True):
    w = copy.deepcopy(W[:7])  # registrations and onboarding
    w.insert(4, wl("3s", "oss-1", "register", {"entity": "sm-1"}))
    inst = copy.deepcopy(W[7])
    for v in inst["args"]["vnfs"]:
        v["trust_domain"] = (domains or {}).get(v["vnf"], "td-a")
        if hidden and v["vnf"] in hidden: v["hidden_from"] = hidden[v["vnf"]]
    w.append(inst)
    # The operator's host retirement migrates computes: the VIM tells the SMs bound on Sc-Vi
    # (VNF_MODIFY change_kind location, R2.1.160).
    w += [c for c in copy.deepcopy(W[8:]) if keep(c)]
    w += list(extra)
    w.sort(key=lambda c: float(c["at"].replace("ms","e-3").replace("s","")))
    return w
def sm_entity(name):
    return {name: {"kind": "sm", "fqdn": f"{name}.example.net", "subject": f"CN={name}.example.net,O=Operator,C=FR"}}
def trust(sms, settings=None, extra_domains=(), sensitive_managers=None):
    domains = [{"id": "td-mano", "purpose": "mano"}, {"id": "td-a", "purpose": "tenant"}] + list(extra_domains)
    for s in sms: domains.append({"id": s["member_of"], "purpose": "security_management"})
    t = {"domains": domains, "sms": sms}
    if sensitive_managers: t["sensitive_managers"] = sensitive_managers
    if settings: t["settings"] = settings
    return t

def variant(name, description, trust_model, sm_actors, workload, covers, expect=None, oss_params=None, extra_actors=None, oss_vnfds=None, faults=None):
    oss_entities = {}
    actors = {}
    day0_oss = {}
    for n, params in sm_actors.items():
        oss_entities.update(sm_entity(n))
        p = {"nfvo": "nfvo-1", "vnfm": "vnfm-1", "vim": "vim-1", "day0": {"oss-1": f"day0-oss-{n}"}, "subscription": {}}
        p.update(params)
        actors[n] = {"type": "sm", "trust_domain": [s for s in trust_model["sms"] if s["name"] == n][0]["member_of"], "params": p}
        day0_oss[n] = f"day0-oss-{n}"
    actors["oss-1"] = {"params": {"entities": oss_entities, "day0": day0_oss}}
    if oss_params: actors["oss-1"]["params"].update(oss_params)
    actors.update(extra_actors or {})
    if oss_vnfds: actors["oss-1"]["params"]["vnfds"] = oss_vnfds
    patch = {"name": name, "description": description, "trust_model": trust_model,
             "actors": actors, "workload": workload, "covers": covers}
    if expect is not None: patch["expect"] = expect
    if faults is not None: patch["faults"] = faults
    doc = {"base": "../lifecycle/ns-lifecycle.json", "patch": patch}
    json.dump(doc, open(f"scenarios/security-manager/{name}.json", "w"), indent=2)
    open(f"scenarios/security-manager/{name}.json", "a").write("\n")

variant("fully-active",
  "A Fully-Active SM on the lifecycle chain: every VNF operation of td-a waits for its grant (instantiation with a policy, scale, heal, auto-heal, termination); then it instructs the termination of vnf-lb with replace_allowed=false, and the OSS is told after.",
  trust([{"name": "sm-1", "member_of": "td-sec-1", "manages": {"td-a": "fully_active"}}], {"grant_timeout": "10s"}),
  {"sm-1": {"rules": [
     {"on": {"event_type": "VNF_INSTANTIATE", "phase": "proposed", "vnf": "vnf-fw"}, "do": "approve_with_policy", "policy": {"policy_id": "fw-baseline", "media_type": "text/plain", "content": "allow 443; deny all"}, "delay": "200ms"},
     {"on": {"phase": "proposed"}, "do": "approve", "delay": "100ms"}]}},
  ns_workload(extra=[wl("150s", "sm-1", "query_status", {"domain": "td-a"}),
                     wl("160s", "sm-1", "terminate_vnf", {"vnfs": ["vnf-lb", "vnf-unknown"], "kind": "instruction", "reason": "compromised", "options": {"replace_allowed": False}}),
                     wl("230s", "sm-1", "query_history", {"from": "0s", "to": "230s"}),
                     wl("235s", "sm-1", "export_audit", {"domain": "td-a"})]),
  ["R2.1.40", "R2.1.270", "R2.1.280", "R2.1.290", "R2.1.250", "R2.1.310", "R2.1.350", "R2.1.360", "5.1.3-k", "R2.1.150", "R2.1.160", "R2.1.170", "R2.1.180", "R2.1.190", "R2.1.220", "R2.1.230", "R2.1.300", "5.1.1-a", "5.1.2-a", "R2.1.60", "5.1.3-b", "R2.1.70", "5.1.3-c", "R2.1.80", "R2.1.110", "5.1.3-f", "R2.1.210"])

variant("semi-active",
  "A Semi-Active SM with a 2 s objection window: it sends an in-event policy for vnf-fw's instantiation, objects inside the window to the scale out of vnf-fw (the operation does not run) and after the window to the scale in (late, nothing undone), holds vnf-db's instantiation (its VNFD says security_policy_required) until its policy arrives 4 s into the proposal, gives an unsolicited policy, asks for vnf-lb's termination with a quarantined copy (the OSS is told first), and is refused an instruction (Fully-Active only).",
  trust([{"name": "sm-1", "member_of": "td-sec-1", "manages": {"td-a": "semi_active"}}], {"objection_window": "2s"}),
  {"sm-1": {"rules": [
     {"on": {"event_type": "VNF_INSTANTIATE", "phase": "proposed", "vnf": "vnf-fw"}, "do": "policy", "policy": {"policy_id": "fw-baseline", "media_type": "text/plain", "content": "allow 443; deny all"}, "delay": "100ms"},
     {"on": {"event_type": "VNF_INSTANTIATE", "phase": "proposed", "vnf": "vnf-db"}, "do": "policy", "policy": {"policy_id": "db-baseline", "media_type": "text/plain", "content": "tls1.3 only; deny all"}, "delay": "4s"},
     {"on": {"operation": "SCALE_OUT", "phase": "proposed"}, "do": "object", "reason": "no new firewall instances during the audit", "delay": "500ms"},
     {"on": {"operation": "SCALE_IN", "phase": "proposed"}, "do": "object", "reason": "too late to matter", "delay": "3s"}]}},
  ns_workload(extra=[wl("150s", "sm-1", "policy_instruction", {"vnfs": ["vnf-db"], "policy_id": "db-hardening", "content": "tls1.3 only"}),
                     wl("155s", "sm-1", "terminate_vnf", {"vnfs": ["vnf-fw"], "kind": "instruction", "reason": "suspected compromise"}),
                     wl("160s", "sm-1", "terminate_vnf", {"vnfs": ["vnf-lb"], "kind": "request", "reason": "suspected compromise", "options": {"replace_allowed": False, "quarantine_copy": True}}),
                     wl("170s", "sm-1", "query_context", {"vnf": "vnf-fw"})]),
  ["R2.1.30", "R2.1.260", "R2.1.240", "R2.1.280", "R2.1.290", "R2.1.310", "R2.1.150", "R2.1.160", "R2.1.170", "R2.1.180", "R2.1.190", "R2.1.220", "R2.1.230", "R2.1.300", "5.1.1-a", "5.1.2-a", "R2.1.60", "5.1.3-b", "R2.1.70", "5.1.3-c", "R2.1.80", "R2.1.110", "5.1.3-f", "R2.1.210", "R1.1.80"],
  oss_params={"vnfds": {"vnfd-db": {"security_policy_required": True}}})

variant("fully-active-refusals",
  "A Fully-Active SM that rejects vnf-db's instantiation (the NS is rolled back, nothing of vnf-db is allocated) and never answers the grant for ns-2's vnf-x (the grant times out and the operation does not run). The silent SM is scripted on purpose, so this scenario judges MANO's side only (5.1.2-a, which also judges the SM, is left to the others).",
  trust([{"name": "sm-1", "member_of": "td-sec-1", "manages": {"td-a": "fully_active"}}], {"grant_timeout": "10s"}),
  {"sm-1": {"rules": [
     {"on": {"event_type": "VNF_INSTANTIATE", "phase": "proposed", "vnf": "vnf-db"}, "do": "reject", "reason": "database images not approved", "delay": "100ms"},
     {"on": {"phase": "proposed", "vnf": "vnf-x"}, "do": "ignore"},
     {"on": {"phase": "proposed"}, "do": "approve", "delay": "100ms"}]}},
  [c for c in ns_workload() if c["command"] in ("register", "onboard_package", "instantiate_ns")] + [
     wl("60s", "oss-1", "instantiate_ns", {"ns": "ns-2", "oss_app_id": "app-ns-2", "vnfs": [{"vnf": "vnf-x", "oss_app_id": "app-x", "vnfd_id": "vnfd-fw", "flavour": "small", "trust_domain": "td-a"}]})],
  ["R2.1.40", "R2.1.80", "R2.1.150", "R2.1.250"])

variant("multi-sm",
  "Three SMs over three domains: sm-1 is Passive in td-a and Semi-Active in td-b, sm-2 Fully-Active in td-a and td-li (a sensitive domain it alone may manage) and Passive in td-b; vnf-lb is hidden from sm-2. Passive requests are refused, a request about a sensitive or foreign VNF gets 'unknown', an SM naming another SM's instance is refused, and the NFVO changes sm-1's mode in td-a mid-run.",
  trust([{"name": "sm-1", "member_of": "td-sec-1", "manages": {"td-a": "passive", "td-b": "semi_active", "td-li": "passive"}},
         {"name": "sm-2", "member_of": "td-sec-2", "manages": {"td-a": "fully_active", "td-b": "passive", "td-li": "fully_active"}}],
        {"grant_timeout": "10s"},
        [{"id": "td-b", "purpose": "tenant"}, {"id": "td-li", "purpose": "tenant", "sensitive": True}],
        {"td-li": ["sm-2"]}),
  {"sm-1": {"rules": []}, "sm-2": {"rules": [{"on": {"phase": "proposed"}, "do": "approve", "delay": "50ms"}]}},
  ns_workload(domains={"vnf-fw": "td-a", "vnf-lb": "td-b", "vnf-db": "td-li"}, hidden={"vnf-lb": ["sm-2"]},
              extra=[wl("4s", "oss-1", "register", {"entity": "sm-2"}),
                     wl("130s", "sm-1", "terminate_vnf", {"vnfs": ["vnf-fw"], "kind": "request", "reason": "test"}),
                     wl("131s", "sm-1", "policy_instruction", {"vnfs": ["vnf-fw"], "policy_id": "p-1", "content": "x"}),
                     wl("132s", "sm-1", "terminate_vnf", {"vnfs": ["vnf-db"], "kind": "request", "reason": "test"}),
                     wl("133s", "sm-1", "query_status", {"domain": "td-li"}),
                     wl("134s", "sm-2", "query_status", {"domain": "td-a", "instance": "sm-1@nfvo-1/Sc-Or"}),
                     wl("135s", "sm-2", "query_status", {"domain": "td-b"}),
                     wl("140s", "nfvo-1", "set_sm_mode", {"sm": "sm-1", "domain": "td-a", "mode": "semi_active"}),
                     wl("145s", "sm-1", "policy_instruction", {"vnfs": ["vnf-fw"], "policy_id": "p-1", "content": "x"}),
                     wl("150s", "sm-2", "query_history", {"from": "0s", "to": "150s"})]),
  ["R2.1.10", "R2.1.20", "R2.1.130", "5.1.3-i", "R2.1.140", "5.1.3-j", "5.1.3-g", "R2.1.90", "5.1.3-d", "R2.1.100", "5.1.3-e", "R2.1.120", "5.1.3-h", "R2.1.200", "R2.1.350", "R2.1.360", "R2.1.150", "R2.1.160", "R2.1.170", "R2.1.180", "R2.1.190", "R2.1.220", "R2.1.230", "R2.1.300", "5.1.1-a", "5.1.2-a", "R2.1.60", "5.1.3-b", "R2.1.70", "5.1.3-c", "R2.1.80", "R2.1.110", "5.1.3-f", "R2.1.210",
   "R1.1.60", "R1.1.160"])

variant("audit-tampered",
  "The Fully-Active lifecycle, then an intruder alters record 3 of the NFVO's audit partition (sm-1, td-a) in place: the SM's export finds the chain broken at the next record, and `ifa026 audit verify` on the run's audit file (with the run's keys) names record 3 (its MAC no longer verifies).",
  trust([{"name": "sm-1", "member_of": "td-sec-1", "manages": {"td-a": "fully_active"}}], {"grant_timeout": "10s"}),
  {"sm-1": {"rules": [{"on": {"phase": "proposed"}, "do": "approve", "delay": "100ms"}]}},
  [c for c in ns_workload() if c["command"] in ("register", "onboard_package", "instantiate_ns")] + [
     wl("100s", "nfvo-1", "tamper_audit_record", {"sm": "sm-1", "domain": "td-a", "seq": 3}),
     wl("110s", "sm-1", "export_audit", {"domain": "td-a"})],
  ["5.1.3-k"])

variant("termination-quarantine",
  "A Fully-Active SM instructs two terminations with the options MANO carries out (R2.1.270): vnf-lb with replace_allowed=false, quarantine_copy, quarantine_image_and_vnfd, erase_secure_storage and host_disposition=quarantine (the VIM keeps a quarantined copy of its compute, erases its storage and quarantines its host; the NFVO quarantines pkg-lb and vnfd-lb), and vnf-db with host_disposition=release and erase_secure_storage (its host stays in service). The OSS's later ns-2 from vnfd-lb is refused: the package is quarantined.",
  trust([{"name": "sm-1", "member_of": "td-sec-1", "manages": {"td-a": "fully_active"}}], {"grant_timeout": "10s"}),
  {"sm-1": {"rules": [{"on": {"phase": "proposed"}, "do": "approve", "delay": "100ms"}]}},
  ns_workload(extra=[wl("160s", "sm-1", "terminate_vnf", {"vnfs": ["vnf-lb"], "kind": "instruction", "reason": "compromised",
                                                         "options": {"replace_allowed": False, "quarantine_copy": True, "quarantine_image_and_vnfd": True,
                                                                     "host_disposition": "quarantine", "erase_secure_storage": True}}),
                     wl("170s", "sm-1", "terminate_vnf", {"vnfs": ["vnf-db"], "kind": "instruction", "reason": "suspected compromise",
                                                         "options": {"host_disposition": "release", "erase_secure_storage": True}}),
                     wl("200s", "oss-1", "instantiate_ns", {"ns": "ns-2", "oss_app_id": "app-ns-2", "vnfs": [
                         {"vnf": "vnf-lb-2", "oss_app_id": "app-lb-2", "vnfd_id": "vnfd-lb", "flavour": "small", "trust_domain": "td-a"}]})]),
  ["R2.1.270", "R2.1.280", "R2.1.290", "R2.1.40"])

def infra_host(vcpus, domain="td-infra"):
    return {"location": "paris", "capacity": {"vcpus": vcpus, "memory_mb": 65536}, "trust_domain": domain}

variant("host-retirement",
  "Two SMs retire hosts of td-infra at the VIM on Sc-Vi: Semi-Active sm-1 requests host-1's retirement with quarantine, its computes migrating to host-2 (VNF_MODIFY location events to both SMs); Fully-Active sm-2 instructs host-2's retirement with disposition terminate: its computes are removed (cause SECURITY_MANAGER, no recovery) and the VNFM terminates their VNFs (VNF_TERMINATE from the NFVO, no heal afterwards). sm-1's instruction, a retirement of an unknown host and one of host-4 (another domain) are refused.",
  trust([{"name": "sm-1", "member_of": "td-sec-1", "manages": {"td-a": "passive", "td-infra": "semi_active"}},
         {"name": "sm-2", "member_of": "td-sec-2", "manages": {"td-a": "passive", "td-infra": "fully_active"}}],
        {"grant_timeout": "10s"},
        [{"id": "td-infra", "purpose": "infrastructure"}, {"id": "td-infra-2", "purpose": "infrastructure"}]),
  {"sm-1": {"rules": []}, "sm-2": {"rules": []}},
  ns_workload(keep=lambda c: c["command"] not in ("retire_host", "terminate_ns"),
              extra=[wl("4s", "oss-1", "register", {"entity": "sm-2"}),
                     wl("130s", "sm-1", "retire_host", {"host": "host-1", "kind": "instruction", "disposition": "migrate"}),
                     wl("135s", "sm-1", "retire_host", {"host": "host-9", "kind": "request"}),
                     wl("136s", "sm-1", "retire_host", {"host": "host-4", "kind": "request"}),
                     wl("140s", "sm-1", "retire_host", {"host": "host-1", "kind": "request", "disposition": "migrate", "quarantine": True}),
                     wl("170s", "sm-2", "retire_host", {"host": "host-2", "kind": "instruction", "disposition": "terminate"}),
                     wl("200s", "sm-2", "query_history", {"from": "0s", "to": "200s"})]),
  ["R2.1.320", "R2.1.330", "R2.1.160", "R2.1.170", "R2.1.220", "R2.1.300"],
  extra_actors={"vim-1": {"params": {"hosts": {"host-1": infra_host(16), "host-2": infra_host(16),
                                               "host-4": infra_host(1, "td-infra-2")}}}})

# A security function (VSF) package the OSS onboards for the SMs' insertions (R2.1.340).
VSF_VNFD = {"vnfd-vsf": {"certificate_mode": "direct", "auto_heal": False,
    "flavours": {"small": {"vnfcs": {"ips": {"initial": 1, "min": 1, "max": 1}}}},
    "vnfcs": {"ips": {"deployment": "vm", "compute": {"vcpus": 1, "memory_mb": 1024}, "image": "ips-3.0",
                      "identities": [{"name": "server", "usage": "server", "subject": "CN={vnfci}.{vnf}.example.net,O=Operator", "dns": ["{vnfci}.{vnf}.example.net"]}]}}}}
variant("vsf-insertion",
  "Security functions in a running NS (R2.1.340): the Fully-Active sm-2 answers vnf-db's completed instantiation by inserting a VSF between vnf-lb and vnf-db with a policy (in-event, nfvo-1-vsf-1); the Semi-Active sm-1 inserts one between vnf-fw and vnf-lb unsolicited (nfvo-1-vsf-2), changes its policy, then has it terminated (the link runs vnf-fw to vnf-lb again); sm-1's request for a VSF next to vnf-db, a domain where it is Passive, is refused, and so is a VSF between the VNFCs of one VNF (the VNFM does not serve security functions).",
  trust([{"name": "sm-1", "member_of": "td-sec-1", "manages": {"td-a": "semi_active", "td-b": "passive"}},
         {"name": "sm-2", "member_of": "td-sec-2", "manages": {"td-a": "fully_active", "td-b": "fully_active"}}],
        {"grant_timeout": "10s", "objection_window": "2s"},
        [{"id": "td-b", "purpose": "tenant"}]),
  {"sm-1": {"rules": []},
   "sm-2": {"rules": [
     {"on": {"event_type": "VNF_INSTANTIATE", "phase": "completed", "vnf": "vnf-db"}, "do": "insert_vsf", "delay": "20s",
      "vsf": {"vnfd_id": "vnfd-vsf"}, "between": ["vnf-lb", "vnf-db"],
      "policy": {"policy_id": "db-guard", "media_type": "text/plain", "content": "allow 5432 from vnf-lb; deny all"}},
     {"on": {"phase": "proposed"}, "do": "approve", "delay": "50ms"}]}},
  ns_workload(domains={"vnf-fw": "td-a", "vnf-lb": "td-a", "vnf-db": "td-b"},
              extra=[wl("4s", "oss-1", "register", {"entity": "sm-2"}),
                     wl("10s", "oss-1", "onboard_package", {"package": "pkg-vsf", "vnfd_id": "vnfd-vsf", "version": "1.0"}),
                     wl("130s", "sm-1", "security_function", {"action": "instantiate", "vnfd": "vnfd-vsf", "between": ["vnf-fw", "vnf-lb"], "policy_id": "lb-guard", "content": "allow 443 from vnf-fw; deny all"}),
                     wl("160s", "sm-1", "security_function", {"action": "modify", "vsf": "nfvo-1-vsf-2", "policy_id": "lb-guard-strict", "content": "allow 443 from vnf-fw with mutual TLS; deny all"}),
                     wl("170s", "sm-1", "security_function", {"action": "instantiate", "vnfd": "vnfd-vsf", "between": ["vnf-lb", "vnf-db"]}),
                     wl("175s", "sm-1", "security_function", {"action": "instantiate", "vnfd": "vnfd-vsf", "within": "vnf-fw", "between_vnfcs": ["vnf-fw-fw-ctl-1", "vnf-fw-fw-ctl-2"]}),
                     wl("200s", "sm-1", "security_function", {"action": "terminate", "vsf": "nfvo-1-vsf-2"})]),
  ["R2.1.340", "R2.1.110", "5.1.3-f", "R2.1.150", "R2.1.170", "R2.1.180", "R2.1.190", "R2.1.310", "R1.1.80"],
  oss_vnfds=VSF_VNFD,
  faults=[{"kind": "crash", "actor": "vnf-fw-fw-ctl-2", "at": "150s"},
          {"kind": "crash", "actor": "nfvo-1-vsf-1-ips-1", "at": "100s"}])
