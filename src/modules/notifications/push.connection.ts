import type { OutboxEvent } from "../../infra/outbox/index.js";
import { toPushMessage } from "./routing.js";

/** Where a connection's messages go: a WebSocket or a Server-Sent Events response. */
export interface PushSink {
  /** An event, already serialised once for every receiver. */
  event(e: OutboxEvent, json: string): void;
  /** A control message (welcome, subscribed, error). */
  control(msg: { type: string; data?: unknown; error?: unknown }): void;
  /** Bytes queued in the kernel/socket that the client has not taken yet. */
  buffered(): number;
  close(code: number, reason: string): void;
}

/** The close code of a connection whose account was deleted or whose token was revoked. */
export const REVOKED_CLOSE = 4401;

/** Ids remembered per connection to drop duplicates (resume replay vs live, redelivery). */
const RECENT_IDS = 1_024;
/** Events held while a resume replay runs; a client that far behind gets cut off. */
const MAX_HELD = 10_000;

/**
 * One client connection on this process: the channels it listens to, and a bounded
 * memory of ids it was sent so an event reaches it at most once here. Until `release`,
 * live events are held so that a resume replay goes out first, in order.
 */
export class PushConnection {
  readonly channels = new Set<string>();
  private readonly recent = new Set<string>();
  private held: { e: OutboxEvent; json: string }[] | null = [];
  closed = false;

  constructor(
    readonly userId: string,
    private readonly sink: PushSink,
    private readonly maxBuffered: number,
    private readonly onSlow: () => void,
    /** The version of the token it opened with: a revocation past it ends the connection. */
    readonly tokenVersion = 0,
  ) {}

  deliver(e: OutboxEvent, json: string): void {
    if (this.closed) return;
    if (this.held) {
      if (this.held.length >= MAX_HELD) {
        this.close(1013, "too far behind");
        return;
      }
      this.held.push({ e, json });
      return;
    }
    this.send(e, json);
  }

  /** Send replayed events, then everything held meanwhile, without duplicates. */
  release(replayed: OutboxEvent[] = []): void {
    const held = this.held ?? [];
    this.held = null;
    for (const e of replayed) this.send(e, JSON.stringify(toPushMessage(e)));
    for (const h of held) this.send(h.e, h.json);
  }

  control(msg: { type: string; data?: unknown; error?: unknown }): void {
    if (!this.closed) this.sink.control(msg);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.sink.close(code, reason);
  }

  /**
   * The account was deleted or this connection's token revoked: a last `revoked` message
   * says why (the client should sign in again rather than reconnect), then the close.
   */
  revoke(message: string): void {
    this.control({ type: "revoked", error: { code: "UNAUTHENTICATED", message } });
    this.close(REVOKED_CLOSE, "token revoked");
  }

  private send(e: OutboxEvent, json: string): void {
    if (this.closed || this.recent.has(e.id)) return;
    // A client that does not read is cut off rather than buffered without bound.
    if (this.sink.buffered() > this.maxBuffered) {
      this.onSlow();
      this.close(1013, "slow consumer");
      return;
    }
    this.recent.add(e.id);
    if (this.recent.size > RECENT_IDS) {
      const oldest = this.recent.values().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
    this.sink.event(e, json);
  }
}
