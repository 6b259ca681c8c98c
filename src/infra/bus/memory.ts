import { newId } from "../../shared/ids.js";
import { type Bus, type BusHandler, type BusMessage, subjectMatches } from "./index.js";

interface Sub {
  pattern: string;
  handler: BusHandler;
  group: string | undefined;
}

/**
 * In-process bus. Handlers run on a later tick so a publisher never runs subscriber code
 * inside its own call stack (and its transaction), as with a real broker. A group's
 * messages rotate round-robin across its members.
 */
export function createMemoryBus(): Bus {
  const subs = new Set<Sub>();
  const rotation = new Map<string, number>();
  let closed = false;

  const deliver = (sub: Sub, msg: BusMessage) => {
    setImmediate(() => {
      Promise.resolve()
        .then(() => sub.handler(msg))
        .catch(() => {
          // A failing handler gets the message again, as a NATS consumer would after a nak.
          if (!closed && subs.has(sub)) setTimeout(() => deliver(sub, msg), 100);
        });
    });
  };

  return {
    kind: "memory",
    async publish(subject, data, id = newId()) {
      if (closed) throw new Error("bus is closed");
      const msg: BusMessage = { id, subject, data };
      const groups = new Map<string, Sub[]>();
      for (const sub of subs) {
        if (!subjectMatches(sub.pattern, subject)) continue;
        if (sub.group === undefined) deliver(sub, msg);
        else groups.set(sub.group, [...(groups.get(sub.group) ?? []), sub]);
      }
      for (const [group, members] of groups) {
        const turn = rotation.get(group) ?? 0;
        rotation.set(group, turn + 1);
        const member = members[turn % members.length];
        if (member) deliver(member, msg);
      }
    },
    async subscribe(pattern, handler, opts = {}) {
      const sub: Sub = { pattern, handler, group: opts.group };
      subs.add(sub);
      return {
        unsubscribe: async () => {
          subs.delete(sub);
        },
      };
    },
    ping: async () => {
      if (closed) throw new Error("bus is closed");
    },
    close: async () => {
      closed = true;
      subs.clear();
    },
  };
}
