/**
 * Alert rules and the alerts they fire. An admin writes the rules (a webhook signing secret is
 * made with each rule, shown once and sealed at rest; webhook and chat URLs are checked by the
 * address guard). `raiseAlert` is the one way an alert is stored: it honours the rule's quiet
 * period (an alert inside it is stored as suppressed and counted on the next one), and writes the
 * alert, one delivery per channel and each delivery's `alert.deliver` job in one transaction.
 */
import { AddressRefused, checkUrl, vetHost } from "../connectors/net/addressGuard.ts";
import type { SecretBox } from "../connectors/secretBox.ts";
import { newSigningSecret } from "../connectors/webhook/push.ts";
import {
  type AlertChannel,
  type AlertRuleInput,
  type AlertWhy,
  describeCondition,
  inQuietPeriod,
} from "../domain/alerts.ts";
import type { Clock } from "../domain/clock.ts";
import { ParleyError } from "../errors.ts";
import type { AlertDeliveryRow, AlertRow, AlertRuleRow, Store } from "../store/index.ts";
import type { Principal } from "./auth.ts";
import { scrub, seesPersonalData } from "./visibility.ts";

export const ALERT_DELIVER = "alert.deliver";
export const ALERT_DELIVERY_RETRIES = { max: 6, baseMs: 2000, maxMs: 5 * 60_000 };

export interface AlertCandidate {
  /** What the alert is about: a rule stores one alert per key. */
  dedupeKey: string;
  why: AlertWhy;
  postIds: string[];
}

function target(channel: AlertChannel): string {
  return channel.type === "email" ? channel.to.join(", ") : channel.url;
}

/**
 * Stores an alert of the rule and queues its deliveries, in one transaction; null when the rule
 * is gone or disabled, or already has an alert about this key (a repeated run). A test alert
 * ignores the quiet period and leaves the rule's last alert time alone.
 */
export async function raiseAlert(
  store: Store,
  ruleId: string,
  candidate: AlertCandidate,
  now: Date,
  options: {
    test?: boolean;
    /** Runs in the alert's transaction once it is stored, fired or suppressed (a spike's incident). */
    also?: (tx: Store, alert: AlertRow) => Promise<void>;
  } = {},
): Promise<AlertRow | null> {
  return store.transaction(async (tx) => {
    const rule = await tx.alerts.lockRule(ruleId);
    if (!rule || (!rule.enabled && !options.test)) return null;
    const base = {
      workspaceId: rule.workspaceId,
      ruleId,
      dedupeKey: candidate.dedupeKey,
      why: candidate.why,
      postIds: candidate.postIds.slice(0, 200),
      firedAt: now,
    };
    if (!options.test && inQuietPeriod(rule.lastFiredAt, rule.quietMinutes, now)) {
      const held = await tx.alerts.createAlert({ ...base, status: "suppressed", suppressedBefore: 0 });
      if (held) await options.also?.(tx, held);
      return held;
    }
    const suppressedBefore = options.test ? 0 : await tx.alerts.suppressedSince(ruleId, rule.lastFiredAt);
    const alert = await tx.alerts.createAlert({ ...base, status: "fired", suppressedBefore });
    if (!alert) return null;
    await options.also?.(tx, alert);
    if (!options.test) await tx.alerts.updateRule(rule.workspaceId, ruleId, { lastFiredAt: now });
    const deliveries = await tx.alerts.createDeliveries(
      alert.id,
      rule.channels.map((c, channel) => ({ channel, type: c.type, target: target(c) })),
      now,
    );
    for (const d of deliveries) {
      await tx.jobs.enqueue({
        name: ALERT_DELIVER,
        key: d.id,
        workspaceId: rule.workspaceId,
        payload: { deliveryId: d.id, workspaceId: rule.workspaceId },
        runAt: now,
        maxAttempts: ALERT_DELIVERY_RETRIES.max,
      });
    }
    return alert;
  });
}

/** Refuses a URL the address guard would not let a delivery reach. */
async function checkChannelUrl(url: string, allowPrivateNetwork: boolean): Promise<string> {
  try {
    const parsed = checkUrl(url, { allowPrivateNetwork });
    await vetHost(parsed.hostname, { allowPrivateNetwork });
    return parsed.href;
  } catch (err) {
    if (err instanceof AddressRefused) throw new ParleyError("alert_url_refused", err.message);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
      throw new ParleyError("alert_url_refused", "The URL's host name has no address");
    }
    throw err;
  }
}

export function presentRule(row: AlertRuleRow) {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    enabled: row.enabled,
    condition: row.condition,
    description: describeCondition(row.condition),
    channels: row.channels,
    quietMinutes: row.quietMinutes,
    allowPrivateNetwork: row.allowPrivateNetwork,
    lastFiredAt: row.lastFiredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Why an alert fired, without the personal data in its quoted posts and handles (for analysts). */
export function scrubWhy(why: AlertWhy): AlertWhy {
  return {
    ...why,
    topAuthors: why.topAuthors.map((a) => ({ ...a, handle: scrub(a.handle) })),
    topPosts: why.topPosts.map((p) => ({ ...p, text: scrub(p.text), authorHandle: scrub(p.authorHandle) })),
  };
}

export function presentAlert(row: AlertRow, rule: AlertRuleRow | undefined, deliveries: AlertDeliveryRow[]) {
  return {
    id: row.id,
    ruleId: row.ruleId,
    ruleName: rule?.name ?? null,
    kind: rule?.kind ?? null,
    status: row.status,
    test: row.dedupeKey.startsWith("test:"),
    why: row.why,
    postIds: row.postIds,
    suppressedBefore: row.suppressedBefore,
    firedAt: row.firedAt.toISOString(),
    deliveries: deliveries.map((d) => ({
      id: d.id,
      type: d.type,
      target: d.target,
      status: d.status,
      attempts: d.attempts,
      error: d.error,
      updatedAt: d.updatedAt.toISOString(),
    })),
  };
}

export function alertService(deps: { store: Store; box: SecretBox; clock: Clock; emailConfigured: boolean }) {
  const { store, box, clock } = deps;

  async function checked(input: AlertRuleInput): Promise<AlertChannel[]> {
    const out: AlertChannel[] = [];
    for (const c of input.channels) {
      if (c.type === "email") {
        if (!deps.emailConfigured) throw new ParleyError("alert_email_not_configured");
        out.push({ type: "email", to: [...new Set(c.to.map((a) => a.toLowerCase()))] });
      } else {
        out.push({ type: c.type, url: await checkChannelUrl(c.url, input.allowPrivateNetwork) });
      }
    }
    return out;
  }

  async function audit(principal: Principal, action: string, rule: AlertRuleRow) {
    await store.audit.record({
      workspaceId: principal.workspace.id,
      actorUserId: principal.user.id,
      action,
      subjectType: "alert_rule",
      subjectId: rule.id,
      detail: { name: rule.name, kind: rule.kind },
    });
  }

  async function ruleOf(principal: Principal, id: string): Promise<AlertRuleRow> {
    const rule = await store.alerts.rule(principal.workspace.id, id);
    if (!rule) throw new ParleyError("not_found", "No such alert rule");
    return rule;
  }

  return {
    async rules(principal: Principal) {
      return { items: (await store.alerts.rules(principal.workspace.id)).map(presentRule) };
    },

    /** Creates a rule; its webhook signing secret is in this answer only. */
    async create(principal: Principal, input: AlertRuleInput) {
      const channels = await checked(input);
      const secret = newSigningSecret();
      const at = new Date(clock.now());
      const rule = await store.transaction(async (tx) => {
        const row = await tx.alerts.createRule(
          {
            workspaceId: principal.workspace.id,
            name: input.name,
            kind: input.condition.kind,
            condition: input.condition,
            channels,
            secret: box.seal({ signingSecret: secret }),
            enabled: input.enabled,
            quietMinutes: input.quietMinutes,
            allowPrivateNetwork: input.allowPrivateNetwork,
          },
          at,
        );
        await audit(principal, "alert_rule.created", row);
        return row;
      });
      return { rule: presentRule(rule), secret };
    },

    /** Replaces a rule's settings; a new secret only on `rotateSecret` (returned then only). */
    async update(principal: Principal, id: string, input: AlertRuleInput) {
      await ruleOf(principal, id);
      const channels = await checked(input);
      const secret = input.rotateSecret ? newSigningSecret() : null;
      const rule = await store.transaction(async (tx) => {
        const row = await tx.alerts.updateRule(principal.workspace.id, id, {
          name: input.name,
          kind: input.condition.kind,
          condition: input.condition,
          channels,
          enabled: input.enabled,
          quietMinutes: input.quietMinutes,
          allowPrivateNetwork: input.allowPrivateNetwork,
          updatedAt: new Date(clock.now()),
          ...(secret ? { secret: box.seal({ signingSecret: secret }) } : {}),
        });
        if (!row) throw new ParleyError("not_found", "No such alert rule");
        await audit(principal, "alert_rule.updated", row);
        if (secret) await audit(principal, "alert_rule.secret_rotated", row);
        return row;
      });
      return { rule: presentRule(rule), secret };
    },

    /**
     * Replaces the rule's webhook signing secret with a new one, returned in this answer only.
     * Deliveries read the secret when they are sent, so from the commit on every webhook delivery,
     * a retried one too, is signed with the new secret and none with the old.
     */
    async rotateSecret(principal: Principal, id: string) {
      const secret = newSigningSecret();
      const rule = await store.transaction(async (tx) => {
        const row = await tx.alerts.updateRule(principal.workspace.id, id, {
          secret: box.seal({ signingSecret: secret }),
          updatedAt: new Date(clock.now()),
        });
        if (!row) throw new ParleyError("not_found", "No such alert rule");
        await audit(principal, "alert_rule.secret_rotated", row);
        return row;
      });
      return { rule: presentRule(rule), secret };
    },

    async remove(principal: Principal, id: string) {
      const rule = await ruleOf(principal, id);
      await store.transaction(async (tx) => {
        await tx.alerts.deleteRule(principal.workspace.id, id);
        await audit(principal, "alert_rule.deleted", rule);
      });
    },

    /** Sends a test alert to the rule's channels now, whatever its quiet period. */
    async test(principal: Principal, id: string) {
      const rule = await ruleOf(principal, id);
      const now = new Date(clock.now());
      const alert = await raiseAlert(
        store,
        rule.id,
        {
          dedupeKey: `test:${now.getTime()}:${crypto.randomUUID()}`,
          why: {
            summary: `A test of the rule (${describeCondition(rule.condition)}), sent by ${principal.user.name ?? principal.user.email}`,
            topTerms: [],
            topAuthors: [],
            topPosts: [],
          },
          postIds: [],
        },
        now,
        { test: true },
      );
      if (!alert) throw new ParleyError("not_found", "No such alert rule");
      return presentAlert(alert, rule, await store.alerts.deliveries([alert.id]));
    },

    /** The posts behind an alert, newest first, with their conversation and work item to open. */
    async posts(principal: Principal, id: string) {
      const alert = await store.alerts.alert(principal.workspace.id, id);
      if (!alert) throw new ParleyError("not_found", "No such alert");
      const rows = await store.alerts.postsOf(principal.workspace.id, alert.postIds);
      // Analysts get the posts without the personal data in them, as on every route.
      const shown = seesPersonalData(principal.user.role) ? (s: string) => s : scrub;
      return {
        items: rows.map((r) => ({
          id: r.id,
          text: shown(r.text),
          author: shown(r.author),
          postedAt: r.postedAt.toISOString(),
          conversationId: r.conversationId,
          workItemId: r.workItemId,
        })),
      };
    },

    /** Alerts newest first, each with its rule's name and its deliveries' status. */
    async alerts(principal: Principal, options: { limit: number; ruleId?: string; before?: string }) {
      const workspaceId = principal.workspace.id;
      let before: { at: Date; id: string } | undefined;
      if (options.before) {
        const at = await store.alerts.alert(workspaceId, options.before);
        if (!at) throw new ParleyError("invalid_cursor");
        before = { at: at.firedAt, id: at.id };
      }
      const rows = await store.alerts.alerts(workspaceId, {
        limit: options.limit + 1,
        ...(options.ruleId ? { ruleId: options.ruleId } : {}),
        ...(before ? { before } : {}),
      });
      const page = rows
        .slice(0, options.limit)
        .map((a) => (seesPersonalData(principal.user.role) ? a : { ...a, why: scrubWhy(a.why) }));
      const rules = new Map((await store.alerts.rules(workspaceId)).map((r) => [r.id, r]));
      const deliveries = await store.alerts.deliveries(page.map((a) => a.id));
      return {
        items: page.map((a) =>
          presentAlert(
            a,
            rules.get(a.ruleId),
            deliveries.filter((d) => d.alertId === a.id),
          ),
        ),
        next: rows.length > options.limit ? (page.at(-1)?.id ?? null) : null,
      };
    },
  };
}
