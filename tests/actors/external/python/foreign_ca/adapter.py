"""The process side of the adapter protocol (docs/adapter-protocol.md): one JSON object per line
on stdin (hello, events, bye), exactly one answer line on stdout for each request (ready, then
effects). Effects are collected while an event is handled and answered together: send, schedule,
trace. An exception while handling is traced as the C++ actors' HandlerGuard traces it (a
decision with outcome internal-error), which the conformance engine turns into the verdict
error; the process goes on."""

import base64
import json
import sys
import traceback

from . import actor as ca_actor

PROTOCOL = "ifa026-actor/1"


class Context:
    """What a handler may do (sim/actor.hpp's context, as effects)."""

    def __init__(self, adapter, now_ns):
        self.adapter = adapter
        self.now_ns = now_ns
        self.effects = []

    def send(self, to, reference_point, operation, step, body):
        effect = {"to": to, "reference_point": reference_point, "operation": operation,
                  "payload": base64.b64encode(ca_actor.encode_envelope(operation, step, body))
                  .decode("ascii")}
        if step:
            effect["step"] = step
        self.effects.append({"send": effect})

    def trace(self, kind, operation, outcome=None, peer=None, reference_point=None, step=None,
              detail=None):
        record = {"kind": kind, "operation": operation}
        for key, value in (("outcome", outcome), ("peer", peer),
                           ("reference_point", reference_point), ("step", step),
                           ("detail", detail)):
            if value:
                record[key] = value
        self.effects.append({"trace": record})

    def schedule(self, delay_ns, label, callback):
        """Runs callback(ctx) after `delay_ns` of simulated time; returns the timer id."""
        timer = self.adapter.new_timer(callback, label)
        self.effects.append({"schedule": {"timer": timer, "delay_ns": int(delay_ns),
                                          "label": label}})
        return timer

    def internal_error(self, site, what):
        self.trace("decision", site.get("operation", ""), "internal-error", peer=site.get("peer"),
                   reference_point=site.get("reference_point"), step=site.get("step"),
                   detail="reason=internal error: " + str(what).replace(";", ","))

    def guarded(self, site, job):
        """Runs job(self); an exception is an internal-error record for `site`."""
        try:
            job(self)
        except Exception as e:  # the HandlerGuard: any exception is an internal error
            traceback.print_exc(file=sys.stderr)
            self.internal_error(site, "%s: %s" % (type(e).__name__, e))

    def malformed(self, site, reason):
        """HandlerGuard::malformed: a MalformedMessage record naming the operation."""
        detail = "operation=%s; reason=%s" % (site.get("operation", ""),
                                              str(reason).replace(";", ","))
        self.trace("decision", "MalformedMessage", "rejected", peer=site.get("peer"),
                   reference_point=site.get("reference_point"), step=site.get("step"),
                   detail=detail)


class Adapter:
    def __init__(self, faults, out=sys.stdout):
        self.faults = faults
        self.out = out
        self.actor = None
        self.timers = {}
        self.next_timer = 0

    def new_timer(self, callback, label):
        self.next_timer += 1
        self.timers[self.next_timer] = (callback, label)
        return self.next_timer

    def answer(self, obj):
        self.out.write(json.dumps(obj, separators=(",", ":")) + "\n")
        self.out.flush()

    def hello(self, request):
        if request.get("protocol") != PROTOCOL:
            return {"type": "error", "reason": "protocol %r not spoken (%s)"
                    % (request.get("protocol"), PROTOCOL)}
        spec = request.get("actor") or {}
        if spec.get("type") != "ca":
            return {"type": "error",
                    "reason": "this process plays the type ca, not %r" % spec.get("type")}
        self.actor = ca_actor.CaActor(spec.get("name", "ca"), spec.get("params") or {},
                                      int(request.get("epoch_unix_ns", 0)), self.faults)
        return {"type": "ready", "protocol": PROTOCOL}

    def event(self, request):
        ctx = Context(self, int(request.get("now_ns", 0)))
        kind = request.get("event")
        site = {"operation": kind}
        if kind == "start":
            ctx.guarded(site, self.actor.start)
        elif kind == "message":
            message = dict(request.get("message") or {})
            site = {"operation": message.get("operation", ""), "peer": message.get("from", ""),
                    "reference_point": message.get("reference_point", ""),
                    "step": message.get("step", "")}
            try:
                message["payload_bytes"] = base64.b64decode(message.get("payload", ""),
                                                            validate=True)
            except ValueError:
                ctx.malformed(site, "payload is not base64")
            else:
                ctx.guarded(site, lambda c: self.actor.receive(c, message))
        elif kind == "command":
            command = request.get("command") or {}
            ctx.guarded({"operation": command.get("name", "command")},
                        lambda c: self.actor.command(c, command))
        elif kind == "timer":
            callback, label = self.timers.pop(request.get("timer"), (None, None))
            if callback is not None:
                ctx.guarded({"operation": label}, callback)
        # child_ended and finish: nothing to do (a CA spawns no children).
        return {"type": "effects", "effects": ctx.effects}

    def run(self, lines):
        for line in lines:
            line = line.strip()
            if not line:
                continue
            try:
                request = json.loads(line)
            except ValueError as e:
                self.answer({"type": "error", "reason": "not JSON: %s" % e})
                return 1
            kind = request.get("type")
            if kind == "bye":
                return 0
            if kind == "hello":
                answer = self.hello(request)
                self.answer(answer)
                if answer["type"] == "error":
                    return 1
            elif kind == "event" and self.actor is not None:
                self.answer(self.event(request))
            else:
                self.answer({"type": "error", "reason": "unexpected request %r" % kind})
                return 1
        return 0
