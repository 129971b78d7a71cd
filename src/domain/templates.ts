/**
 * Reply templates: text with `{{variable}}` placeholders, one version per language. Rendering is
 * one pass over the template, so a value is inserted as plain text and never read as a placeholder
 * itself; a variable the template names but has no value for, or one Parley does not know, is an
 * error before anything is sent.
 */
import { ParleyError } from "../errors.ts";

export const TEMPLATE_VARIABLES = ["customer_name", "order_number", "agent_name", "brand_name"] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

/** Variables the agent types for each reply; the others come from the item, the agent and the workspace. */
export const AGENT_GIVEN: ReadonlySet<TemplateVariable> = new Set(["order_number"]);

export interface TemplateVersion {
  /** ISO 639-1 code of the version's language. */
  language: string;
  text: string;
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const MAX_VALUE = 100;

function isKnown(name: string): name is TemplateVariable {
  return (TEMPLATE_VARIABLES as readonly string[]).includes(name);
}

/** The variables a template text uses, in first-use order; throws on an unknown or broken placeholder. */
export function templateVariables(text: string): TemplateVariable[] {
  const used: TemplateVariable[] = [];
  const unknown: string[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? "";
    if (!isKnown(name)) unknown.push(name);
    else if (!used.includes(name)) used.push(name);
  }
  if (unknown.length > 0) {
    throw new ParleyError(
      "template_variable_unknown",
      `Unknown variable ${unknown.map((n) => `{{${n}}}`).join(", ")}: use ${TEMPLATE_VARIABLES.map((n) => `{{${n}}}`).join(", ")}`,
      { unknown, known: [...TEMPLATE_VARIABLES] },
    );
  }
  const rest = text.replace(PLACEHOLDER, "");
  if (rest.includes("{{") || rest.includes("}}")) {
    throw new ParleyError("template_malformed", "A placeholder is not closed: write it as {{name}}");
  }
  return used;
}

/** Whether a reply's text still holds a placeholder that was never filled. */
export function hasPlaceholder(text: string): boolean {
  for (const match of text.matchAll(PLACEHOLDER)) if (isKnown(match[1] ?? "")) return true;
  return false;
}

/**
 * A value as it may appear in a reply: one line (control characters and line breaks become spaces),
 * trimmed, at most 100 characters; empty counts as missing.
 */
export function cleanValue(value: string | null | undefined): string | null {
  if (value == null) return null;
  const line = value
    .replace(/[\p{Cc}\u2028\u2029]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (line.length === 0) return null;
  const chars = [...line];
  return chars.length > MAX_VALUE ? chars.slice(0, MAX_VALUE).join("").trimEnd() : line;
}

export type TemplateValues = Partial<Record<TemplateVariable, string | null>>;

/** The template's text with every placeholder filled, or `template_variable_missing` naming the gaps. */
export function renderTemplate(text: string, values: TemplateValues): string {
  const used = templateVariables(text);
  const clean = new Map<TemplateVariable, string>();
  const missing: TemplateVariable[] = [];
  for (const name of used) {
    const value = cleanValue(values[name]);
    if (value === null) missing.push(name);
    else clean.set(name, value);
  }
  if (missing.length > 0) {
    throw new ParleyError(
      "template_variable_missing",
      `Fill in ${missing.map((n) => `{{${n}}}`).join(", ")} first`,
      { missing },
    );
  }
  return text
    .replace(PLACEHOLDER, (_whole, name: string) => clean.get(name as TemplateVariable) ?? "")
    .trim();
}

/** The language part of a tag ("pt-BR" → "pt"), lower-case. */
export function baseLanguage(tag: string | null | undefined): string | null {
  const base = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return base && /^[a-z]{2,3}$/.test(base) ? base : null;
}

/** The version to offer for a post: its language's, else the workspace's first language's, else the first. */
export function pickVersion(
  versions: readonly TemplateVersion[],
  postLanguage: string | null,
  workspaceLanguages: readonly string[] = [],
): TemplateVersion | null {
  const wanted = [baseLanguage(postLanguage), ...workspaceLanguages.map(baseLanguage)];
  for (const language of wanted) {
    const found = language && versions.find((v) => baseLanguage(v.language) === language);
    if (found) return found;
  }
  return versions[0] ?? null;
}

/** Templates with a version in the post's language first, then the rest; by name within each. */
export function orderForPost<T extends { name: string; versions: readonly TemplateVersion[] }>(
  templates: readonly T[],
  postLanguage: string | null,
): T[] {
  const language = baseLanguage(postLanguage);
  const matches = (t: T) =>
    language && t.versions.some((v) => baseLanguage(v.language) === language) ? 0 : 1;
  return [...templates].sort((a, b) => matches(a) - matches(b) || a.name.localeCompare(b.name));
}

/** Checks a template's versions: at least one, one per language, each text valid. */
export function validVersions(versions: readonly TemplateVersion[]): TemplateVersion[] {
  if (versions.length === 0)
    throw new ParleyError("validation_failed", "A template needs at least one version");
  const seen = new Set<string>();
  return versions.map((v) => {
    const language = baseLanguage(v.language);
    if (!language) throw new ParleyError("validation_failed", `"${v.language}" is not a language code`);
    if (seen.has(language)) {
      throw new ParleyError("validation_failed", `Two versions are in the same language (${language})`);
    }
    seen.add(language);
    const text = v.text.trim();
    if (text.length === 0) throw new ParleyError("validation_failed", `The ${language} version has no text`);
    templateVariables(text);
    return { language, text };
  });
}
