/**
 * The customer confirms a link themselves. An agent asks: Parley writes a private message with a
 * one-time link in the profile's private thread, through the reply path (queued, sent by
 * `reply.send`). The link's token is derived from the request's id with the configured key and
 * only its SHA-256 is stored, so it is put into the message when it is sent and nowhere else. The
 * customer opens the small public page and presses Confirm: the link is made (`linkedBy:
 * customer`) and audited, once.
 */
import { createHash } from "node:crypto";
import type { Bus } from "../bus/index.ts";
import type { ConnectorKind } from "../connectors/contract.ts";
import { connectorKind } from "../connectors/registry.ts";
import type { SecretBox } from "../connectors/secretBox.ts";
import type { Clock } from "../domain/clock.ts";
import { consents } from "../domain/customer.ts";
import { newEvent } from "../domain/events.ts";
import {
  confirmationState,
  confirmationText,
  confirmationUrl,
  LINK_CONFIRMATION_TTL_MS,
  LINK_TOKEN_PURPOSE,
  TOKEN_STAND_IN,
} from "../domain/linkConfirmation.ts";
import { type ReplyCapability, validReplyText } from "../domain/reply.ts";
import { ParleyError } from "../errors.ts";
import type { Store } from "../store/index.ts";
import type { LinkConfirmationRow } from "../store/linkConfirmations.ts";
import type { Principal } from "./auth.ts";
import { consentFor } from "./consent.ts";
import { announceWorkItem } from "./replies.ts";

type KindOf = (name: string) => ConnectorKind<Record<string, unknown>> | undefined;

export interface LinkRequestView {
  id: string;
  authorId: string;
  customerId: string;
  replyId: string;
  workItemId: string | null;
  expiresAt: string;
  createdAt: string;
}

export interface LinkConfirmationPageView {
  platform: string;
  handle: string;
  brand: string;
  expiresAt: string;
}

export const hashToken = (token: string): string => createHash("sha256").update(token).digest("hex");

/** The request's token: the same every time it is derived, computable only with the configured key. */
export function tokenOf(box: SecretBox, requestId: string): string {
  try {
    return box.derive(LINK_TOKEN_PURPOSE, requestId);
  } catch (err) {
    if (err instanceof ParleyError && err.code === "credentials_key_missing")
      throw new ParleyError(
        "credentials_key_missing",
        "Set PARLEY_CREDENTIALS_KEY so Parley can make one-time confirmation links",
      );
    throw err;
  }
}

const TOKEN_LENGTH = 43;

export function linkConfirmationService(deps: {
  store: Store;
  bus: Bus;
  box: SecretBox;
  clock: Clock;
  kindOf?: KindOf;
}) {
  const { store, bus, box, clock } = deps;
  const kindOf = deps.kindOf ?? connectorKind;

  /** Where a private message to the profile can go: the newest private thread whose source sends privately. */
  async function privateChannel(tx: Store, workspaceId: string, authorId: string) {
    for (const thread of await tx.linkConfirmations.privateThreads(workspaceId, authorId)) {
      const source = await tx.sources.get(thread.sourceId);
      if (!source || source.workspaceId !== workspaceId || !source.enabled) continue;
      const replies: ReplyCapability | undefined = kindOf(source.kind)?.replies;
      if (kindOf(source.kind)?.create && replies?.private) return { thread, capability: replies };
    }
    return null;
  }

  /** The request a presented token stands for, when it is still open; the stable code when not. */
  async function openRequest(tx: Store, token: string): Promise<LinkConfirmationRow> {
    const row = await tx.linkConfirmations.byTokenHash(hashToken(token));
    if (!row) throw new ParleyError("link_token_unknown");
    const state = confirmationState(row, clock.now());
    if (state === "used") throw new ParleyError("link_token_used");
    if (state === "expired") throw new ParleyError("link_token_expired");
    return row;
  }

  return {
    /** An agent asks the customer to confirm that the profile is theirs, by a private message. */
    async request(
      principal: Principal,
      authorId: string,
      customerId: string,
      baseUrl: string,
    ): Promise<LinkRequestView> {
      const workspaceId = principal.workspace.id;
      let seq: number | undefined;
      const made = await store.transaction(async (tx) => {
        const author = await tx.customers.author(workspaceId, authorId);
        if (!author) throw new ParleyError("not_found", "No such author");
        const customer = await tx.customers.get(workspaceId, customerId);
        if (!customer) throw new ParleyError("not_found", "No such customer");
        if (customer.mergedInto)
          throw new ParleyError("conflict", "That customer is merged into another: ask for that one");
        const links = await tx.customers.links(workspaceId, { authorId });
        if (links.some((l) => l.link.customerId === customerId && l.link.status === "confirmed"))
          throw new ParleyError("conflict", "The profile is linked to that customer already");
        // Neither the customer asked about nor one the profile is already confirmed as may have declined it.
        if (
          !consents(customer.consent, "privateContact") ||
          !(await consentFor(tx, workspaceId, { authorId }, "privateContact")).allowed
        )
          throw new ParleyError("consent_declined", "The customer declined private contact");
        const channel = await privateChannel(tx, workspaceId, authorId);
        if (!channel) throw new ParleyError("private_channel_unavailable");
        const id = tx.linkConfirmations.newId();
        const token = tokenOf(box, id);
        const workspace = await tx.workspaces.get(workspaceId);
        const brand = workspace?.brandNames[0] ?? workspace?.name ?? "us";
        const text = confirmationText(brand, author.handle, confirmationUrl(baseUrl, TOKEN_STAND_IN));
        // The message as sent holds the token: that is the length the platform must take.
        validReplyText(text.slice(0, -TOKEN_STAND_IN.length) + "x".repeat(TOKEN_LENGTH), channel.capability);
        const reply = await tx.replies.create({
          workspaceId,
          workItemId: channel.thread.workItemId,
          conversationId: channel.thread.conversationId,
          inReplyToPostId: channel.thread.postId,
          authorUserId: principal.user.id,
          sourceId: channel.thread.sourceId,
          channel: "private",
          text,
        });
        const now = clock.now();
        const row = await tx.linkConfirmations.create({
          id,
          workspaceId,
          customerId,
          authorId,
          tokenHash: hashToken(token),
          replyId: reply.id,
          requestedBy: principal.user.id,
          expiresAt: new Date(now + LINK_CONFIRMATION_TTL_MS),
        });
        await tx.audit.record({
          workspaceId,
          actorUserId: principal.user.id,
          action: "link.confirmation_requested",
          subjectType: "customer",
          subjectId: customerId,
          detail: { requestId: id, authorId, replyId: reply.id },
        });
        const [written] = await tx.events.append([
          newEvent("reply.queued", workspaceId, { replyId: reply.id, workItemId: reply.workItemId ?? "" }),
        ]);
        seq = written?.seq;
        return { row, reply };
      });
      if (made.reply.workItemId) await announceWorkItem(store, bus, workspaceId, made.reply.workItemId, seq);
      return {
        id: made.row.id,
        authorId,
        customerId,
        replyId: made.reply.id,
        workItemId: made.reply.workItemId,
        expiresAt: made.row.expiresAt.toISOString(),
        createdAt: made.row.createdAt.toISOString(),
      };
    },

    /** What the public page shows for a token: the handle and the brand, nothing else. */
    async show(token: string): Promise<LinkConfirmationPageView> {
      const row = await openRequest(store, token);
      const [author, workspace] = await Promise.all([
        store.customers.author(row.workspaceId, row.authorId),
        store.workspaces.get(row.workspaceId),
      ]);
      if (!author || !workspace) throw new ParleyError("link_token_unknown");
      return {
        platform: author.platform,
        handle: author.handle,
        brand: workspace.brandNames[0] ?? workspace.name,
        expiresAt: row.expiresAt.toISOString(),
      };
    },

    /** The customer pressed Confirm: the link is made, once, and audited. */
    async confirm(token: string): Promise<{ confirmed: true }> {
      await store.transaction(async (tx) => {
        const row = await openRequest(tx, token);
        const at = new Date(clock.now());
        // Two presses at once: one uses the request, the other is told it was used.
        if (!(await tx.linkConfirmations.use(row.id, at))) throw new ParleyError("link_token_used");
        const customer = await tx.customers.get(row.workspaceId, row.customerId);
        if (!customer) throw new ParleyError("link_token_unknown");
        // A customer merged since the request: the profile is theirs under the customer it joined.
        const customerId = customer.mergedInto ?? customer.id;
        const link = await tx.customers.confirmByCustomer(
          row.workspaceId,
          { customerId, authorId: row.authorId },
          at,
        );
        await tx.audit.record({
          workspaceId: row.workspaceId,
          actorUserId: null,
          action: "link.confirmed_by_customer",
          subjectType: "customer",
          subjectId: customerId,
          detail: { linkId: link.id, authorId: row.authorId, requestId: row.id },
        });
      });
      return { confirmed: true };
    },
  };
}

export type LinkConfirmationService = ReturnType<typeof linkConfirmationService>;
