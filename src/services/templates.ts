/**
 * Reply templates: managed by supervisors and admins (audited), offered to agents for one work item
 * with the post's language first, and rendered with the item's values (customer, agent, brand) and
 * those the agent types (order number). An unknown or empty variable is an error before anything
 * is sent; the replies service refuses a text still holding a placeholder.
 */
import type { ItemTemplatesView, TemplateView } from "../domain/engagementViews.ts";
import {
  AGENT_GIVEN,
  orderForPost,
  pickVersion,
  renderTemplate,
  type TemplateVariable,
  type TemplateVersion,
  templateVariables,
  validVersions,
} from "../domain/templates.ts";
import { ParleyError } from "../errors.ts";
import type { Store, TemplateRow } from "../store/index.ts";
import type { Principal } from "./auth.ts";
import { isUniqueViolation } from "./uniqueViolation.ts";

function variablesOf(versions: readonly TemplateVersion[]): TemplateVariable[] {
  const all = new Set<TemplateVariable>();
  for (const v of versions) for (const name of templateVariables(v.text)) all.add(name);
  return [...all];
}

export function presentTemplate(row: TemplateRow): TemplateView {
  return {
    id: row.id,
    name: row.name,
    versions: row.versions,
    variables: variablesOf(row.versions),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function templateService(store: Store) {
  async function audit(
    tx: Store,
    principal: Principal,
    action: string,
    id: string,
    detail: Record<string, unknown>,
  ) {
    await tx.audit.record({
      workspaceId: principal.workspace.id,
      actorUserId: principal.user.id,
      action,
      subjectType: "reply_template",
      subjectId: id,
      detail,
    });
  }

  async function itemPost(workspaceId: string, workItemId: string) {
    const item = await store.views.workItem(workspaceId, workItemId);
    if (!item) throw new ParleyError("not_found", "No such work item");
    return item;
  }

  return {
    async list(principal: Principal): Promise<TemplateView[]> {
      return (await store.engagement.templates.list(principal.workspace.id)).map(presentTemplate);
    },

    async create(
      principal: Principal,
      input: { name: string; versions: TemplateVersion[] },
    ): Promise<TemplateView> {
      const versions = validVersions(input.versions);
      try {
        return await store.transaction(async (tx) => {
          const row = await tx.engagement.templates.create(principal.workspace.id, {
            name: input.name,
            versions,
          });
          await audit(tx, principal, "template.create", row.id, {
            name: row.name,
            languages: versions.map((v) => v.language),
          });
          return presentTemplate(row);
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw new ParleyError("conflict", "A template with that name exists");
        throw err;
      }
    },

    async update(
      principal: Principal,
      id: string,
      patch: { name?: string; versions?: TemplateVersion[] },
    ): Promise<TemplateView> {
      const versions = patch.versions ? validVersions(patch.versions) : undefined;
      try {
        return await store.transaction(async (tx) => {
          const row = await tx.engagement.templates.update(principal.workspace.id, id, {
            ...(patch.name !== undefined ? { name: patch.name } : {}),
            ...(versions ? { versions } : {}),
          });
          if (!row) throw new ParleyError("not_found", "No such template");
          await audit(tx, principal, "template.update", id, {
            name: row.name,
            languages: row.versions.map((v) => v.language),
          });
          return presentTemplate(row);
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw new ParleyError("conflict", "A template with that name exists");
        throw err;
      }
    },

    async remove(principal: Principal, id: string): Promise<void> {
      await store.transaction(async (tx) => {
        const row = await tx.engagement.templates.get(principal.workspace.id, id);
        if (!row || !(await tx.engagement.templates.delete(principal.workspace.id, id))) {
          throw new ParleyError("not_found", "No such template");
        }
        await audit(tx, principal, "template.delete", id, { name: row.name });
      });
    },

    /** The templates for one work item: those with a version in its post's language first. */
    async forWorkItem(principal: Principal, workItemId: string): Promise<ItemTemplatesView> {
      const workspaceId = principal.workspace.id;
      const item = await itemPost(workspaceId, workItemId);
      const language = item.post.language;
      const languages = principal.workspace.languages ?? [];
      const rows = orderForPost(await store.engagement.templates.list(workspaceId), language);
      return {
        language,
        items: rows.map((row) => {
          const preferred = pickVersion(row.versions, language, languages) ?? { language: "en", text: "" };
          return {
            ...presentTemplate(row),
            preferred,
            askFor: templateVariables(preferred.text).filter((v) => AGENT_GIVEN.has(v)),
          };
        }),
      };
    },

    /** The template's text for this item, every variable filled, in the language asked (or the preferred one). */
    async render(
      principal: Principal,
      workItemId: string,
      templateId: string,
      input: { language?: string; values: { order_number?: string } },
    ): Promise<{ language: string; text: string }> {
      const workspaceId = principal.workspace.id;
      const [item, row] = await Promise.all([
        itemPost(workspaceId, workItemId),
        store.engagement.templates.get(workspaceId, templateId),
      ]);
      if (!row) throw new ParleyError("not_found", "No such template");
      const wanted = input.language?.toLowerCase();
      const version = wanted
        ? row.versions.find((v) => v.language === wanted)
        : pickVersion(row.versions, item.post.language, principal.workspace.languages ?? []);
      if (!version) throw new ParleyError("not_found", `The template has no ${input.language} version`);
      const author = item.post.author;
      const text = renderTemplate(version.text, {
        customer_name: author.name?.trim() ? author.name : `@${author.handle}`,
        agent_name: principal.user.name,
        brand_name: principal.workspace.brandNames?.[0] ?? principal.workspace.name,
        order_number: input.values.order_number ?? null,
      });
      return { language: version.language, text };
    },
  };
}

export type TemplateService = ReturnType<typeof templateService>;
