/**
 * The one contract every source of posts meets, whatever it listens to.
 *
 * A connector reads from a durable cursor and answers with a batch: normalised posts, the payloads
 * it could not read (they become dead letters with the reason), and the cursor after the batch.
 * The runner (`src/connectors/runner.ts`) stores the batch and saves the cursor in the same
 * transaction, so a process that dies mid-way loses and repeats nothing. Streams (a socket that
 * pushes) buffer what arrives and hand it over on the next `pull`, so polling and streaming
 * sources share this one shape. A connector never writes to the store itself.
 *
 * A peer's limits reach the runner as a `PeerError`: `rate_limited` with the time the quota comes
 * back, `unavailable` for 5xx and timeouts (retried with backoff and jitter), `refused` when the
 * credentials or the settings are wrong (the source stops until someone changes it).
 */
import type { z } from "zod";
import type { Clock } from "../domain/clock.ts";
import type { NormalizedPost, Platform } from "../domain/post.ts";
import type { ReplyCapability } from "../domain/reply.ts";

export type { ReplyCapability };

/** A source as its connector sees it: settings validated by the kind's schema, credentials decrypted. */
export interface SourceConfig<Settings = Record<string, unknown>> {
  id: string;
  workspaceId: string;
  kind: string;
  name: string;
  settings: Settings;
  /** Decrypted secrets (tokens, passwords); never logged, never returned by the API. */
  credentials: Record<string, string>;
}

/** A payload the connector could not turn into a post. */
export interface Reject {
  /** A stable code: `malformed_payload`, `oversized_payload`, `unsupported_payload`… */
  code: string;
  reason: string;
  /** The payload as received (cut to a size the dead letters keep). */
  payload: string;
}

export interface Batch {
  posts: NormalizedPost[];
  rejects: Reject[];
  /** Where the next pull starts; saved with the batch. Null keeps the previous cursor. */
  cursor: string | null;
  /** The newest item's time at the peer, so the source's lag can be shown. */
  newestAt?: Date;
  /** The peer has nothing more now: ask again after this long. 0 or absent: at once. */
  idleMs?: number;
  /** Nothing will ever follow (the end of a file): the source is finished once this batch is stored. */
  finished?: boolean;
  /**
   * Platform ids of posts their authors deleted at the source. Their text and payload are removed
   * from Parley in the batch's transaction, and the audit log notes it for each (and its work item).
   */
  withdrawn?: string[];
  /**
   * Posts their authors edited at the source, as they read now. A stored post takes the new text
   * (and language and payload) in the batch's transaction, after the batch's posts are stored and
   * before its withdrawals, and the audit log notes it (on its work item where it has one). Posts
   * Parley does not hold are left alone: a connector that wants them kept hands them over in `posts`.
   */
  edited?: NormalizedPost[];
}

export interface PullContext {
  clock: Clock;
  /** Aborted when the source is stopped, disabled or its lease is lost. */
  signal: AbortSignal;
}

/** A reply going out through a connector. */
export interface OutgoingReply {
  /** The same key always means the same reply: a connector sends it at most once. */
  idempotencyKey: string;
  text: string;
  /** The platform id of the post answered. */
  inReplyTo: string;
  /** `private` answers in a direct message. */
  channel: "public" | "private";
  /** Whatever else the platform needs to thread the reply (root ids, message ids, subject). */
  context?: Record<string, string>;
}

export interface SentReply {
  platformId: string;
  url?: string;
  /** The account that posted it, when the platform says (else the workspace's brand handle). */
  author?: { platformId: string; handle: string; name?: string };
  /** The text as the platform holds it, when it differs from the reply's (a mention added). */
  text?: string;
  /** When the platform created it (else the time of sending). */
  createdAt?: Date;
}

/** What a connection test found: each line a fact a person reads ("INBOX holds 12 messages"). */
export interface ConnectionCheck {
  ok: boolean;
  found: string[];
  problems: string[];
}

export interface Connector {
  pull(cursor: string | null, context: PullContext): Promise<Batch>;
  /** Sends a reply in the source's channel; absent when the source cannot answer. */
  send?(reply: OutgoingReply, context: PullContext): Promise<SentReply>;
  /** Connects and logs in as a pull would, reads nothing into the store, says what it found. */
  check?(context: PullContext): Promise<ConnectionCheck>;
  /** Closes sockets and timers. */
  close?(): Promise<void>;
}

/**
 * A kind of source: what its settings and credentials look like, and how to build its connector.
 * `push` kinds have no connector: posts arrive through the push route (`/api/sources/:id/push`).
 */
export interface ConnectorKind<Settings = Record<string, unknown>> {
  kind: string;
  label: string;
  platform: Platform;
  mode: "poll" | "stream" | "push";
  /** Listening sources keep only posts that match a campaign; direct channels keep all. */
  requireMatch: boolean;
  /** A source's own answer when its settings decide (a feed may be all about the brand); else `requireMatch`. */
  requireMatchFor?(settings: Settings): boolean;
  settings: z.ZodType<Settings>;
  /** Names of the secrets the kind takes (write-only in the API). */
  credentials: readonly string[];
  /** Present when the kind's connector sends replies (`Connector.send`). */
  replies?: ReplyCapability;
  /**
   * `command`: the source is run by the command that made it (`parley import`), on the machine
   * that has its input; the runner's scan leaves it alone and the API cannot create it.
   */
  startedBy?: "command";
  /**
   * Batches the runner may have read but not yet stored (default 1). A bulk source reads and
   * analyses its next batch while the one before it is stored; each batch's cursor still commits
   * only after the cursor it was read from.
   */
  inFlight?: number;
  create?(source: SourceConfig<Settings>): Connector;
}

export type PeerErrorKind = "rate_limited" | "unavailable" | "refused";

export class PeerError extends Error {
  readonly kind: PeerErrorKind;
  /** For `rate_limited`: when the quota is back (ms since the epoch). */
  readonly retryAt?: number;
  constructor(kind: PeerErrorKind, message: string, retryAt?: number) {
    super(message);
    this.name = "PeerError";
    this.kind = kind;
    this.retryAt = retryAt;
  }
}

export function isPeerError(err: unknown): err is PeerError {
  return err instanceof PeerError;
}
