/**
 * A workspace's brand settings as pure rules: which handles are the brand's on which platform,
 * whose accounts are employees', what the starter and competitor campaigns are built from, and
 * what a valid setting is. The service stores them; the pipeline asks `authorKind`.
 */
import { ParleyError } from "../errors.ts";
import { PLATFORMS, type Platform } from "./post.ts";
import { parseQuery } from "./query.ts";
import type { Competitor, WorkspaceView } from "./views.ts";

const HANDLE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;
const LANGUAGE = /^[a-z]{2}$/;

export type BrandSettings = Pick<
  WorkspaceView,
  | "name"
  | "brandHandles"
  | "platformHandles"
  | "brandNames"
  | "employeeHandles"
  | "competitors"
  | "languages"
  | "timeZone"
>;

export type SettingsPatch = Partial<BrandSettings>;

const isPlatform = (value: string): value is Platform => (PLATFORMS as readonly string[]).includes(value);

function fail(message: string, path: string): never {
  throw new ParleyError("validation_failed", message, [{ path, message }]);
}

/** "@AcmeHelp" → "acmehelp"; refuses what no platform takes as a handle. */
export function normalizeHandle(raw: string, path: string): string {
  const handle = raw.trim().replace(/^@/, "");
  if (!HANDLE.test(handle)) fail(`"${raw.trim()}" is not a handle`, path);
  return handle.toLowerCase();
}

/** "x:AcmeHelp" is a handle on one platform; "AcmeHelp" one on every platform. */
export function splitPlatformHandle(
  raw: string,
  path: string,
): { platform: Platform | null; handle: string } {
  const colon = raw.indexOf(":");
  if (colon < 0) return { platform: null, handle: normalizeHandle(raw, path) };
  const platform = raw.slice(0, colon).trim().toLowerCase();
  if (!isPlatform(platform)) fail(`"${platform}" is not a platform: one of ${PLATFORMS.join(", ")}`, path);
  return { platform, handle: normalizeHandle(raw.slice(colon + 1), path) };
}

/** Sorts "x:acme, acme" style entries into handles on every platform and handles per platform. */
export function sortHandles(entries: readonly string[]): {
  brandHandles: string[];
  platformHandles: Record<string, string[]>;
} {
  const everywhere: string[] = [];
  const byPlatform: Record<string, string[]> = {};
  for (const entry of entries) {
    if (!entry.trim()) continue;
    const { platform, handle } = splitPlatformHandle(entry, "handles");
    if (platform) byPlatform[platform] = [...(byPlatform[platform] ?? []), handle];
    else everywhere.push(handle);
  }
  return { brandHandles: unique(everywhere), platformHandles: cleanPlatformHandles(byPlatform) };
}

export function isTimeZone(zone: string): boolean {
  if (!zone || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function cleanNames(names: readonly string[], path: string): string[] {
  const cleaned = unique(names.map((n) => n.replace(/\s+/g, " ").trim()).filter(Boolean));
  const long = cleaned.find((n) => n.length > 100);
  if (long) fail(`"${long.slice(0, 40)}…" is longer than 100 characters`, path);
  return cleaned;
}

function cleanPlatformHandles(input: Record<string, readonly string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [platform, handles] of Object.entries(input)) {
    if (!isPlatform(platform)) fail(`"${platform}" is not a platform`, `platformHandles.${platform}`);
    const list = unique(handles.map((h, i) => normalizeHandle(h, `platformHandles.${platform}.${i}`)));
    if (list.length > 0) out[platform] = list;
  }
  return out;
}

/**
 * The settings after `patch`, every field checked and put in its stored form (handles lower-case
 * without @, names trimmed, no duplicates). Throws `validation_failed` naming the bad field.
 */
export function applySettings(current: BrandSettings, patch: SettingsPatch): BrandSettings {
  const next: BrandSettings = { ...current };
  if (patch.name !== undefined) {
    next.name = patch.name.trim();
    if (!next.name) fail("A workspace needs a name", "name");
    if (next.name.length > 100) fail("The name is longer than 100 characters", "name");
  }
  if (patch.brandNames !== undefined) next.brandNames = cleanNames(patch.brandNames, "brandNames");
  if (patch.brandHandles !== undefined)
    next.brandHandles = unique(patch.brandHandles.map((h, i) => normalizeHandle(h, `brandHandles.${i}`)));
  if (patch.platformHandles !== undefined) next.platformHandles = cleanPlatformHandles(patch.platformHandles);
  if (patch.employeeHandles !== undefined) {
    next.employeeHandles = unique(
      patch.employeeHandles.map((entry, i) => {
        const { platform, handle } = splitPlatformHandle(entry, `employeeHandles.${i}`);
        return platform ? `${platform}:${handle}` : handle;
      }),
    );
  }
  if (patch.competitors !== undefined) {
    next.competitors = patch.competitors
      .map((c, i) => ({
        name: c.name.replace(/\s+/g, " ").trim(),
        handles: unique(c.handles.map((h, j) => normalizeHandle(h, `competitors.${i}.handles.${j}`))),
      }))
      .filter((c) => c.name || c.handles.length > 0);
    const nameless = next.competitors.findIndex((c) => !c.name);
    if (nameless >= 0) fail("A competitor needs a name", `competitors.${nameless}.name`);
  }
  if (patch.languages !== undefined) {
    next.languages = unique(patch.languages.map((l) => l.trim().toLowerCase()));
    const bad = next.languages.find((l) => !LANGUAGE.test(l));
    if (bad !== undefined) fail(`"${bad}" is not a two-letter language code such as "en"`, "languages");
  }
  if (patch.timeZone !== undefined) {
    const zone = patch.timeZone.trim();
    if (!isTimeZone(zone)) fail(`"${zone}" is not an IANA time zone such as "Europe/Berlin"`, "timeZone");
    // The canonical spelling ("europe/berlin" → "Europe/Berlin").
    next.timeZone = new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone;
  }
  if (allBrandHandles(next).length === 0)
    fail("Give at least one of the brand's handles, e.g. acmehelp or x:acmehelp", "brandHandles");
  const own = new Set(allBrandHandles(next));
  const clash = next.employeeHandles.find((e) => own.has(e.slice(e.indexOf(":") + 1)));
  if (clash) fail(`@${clash} is one of the brand's own handles, not an employee's`, "employeeHandles");
  return next;
}

/** Every handle of the brand on any platform: what mentions of the brand are recognised by. */
export function allBrandHandles(settings: Pick<BrandSettings, "brandHandles" | "platformHandles">): string[] {
  return unique([...settings.brandHandles, ...Object.values(settings.platformHandles).flat()]);
}

export type AuthorKind = "brand" | "employee" | "other";

/**
 * Whose post it is: the brand's (one of its handles on every platform, or on this platform), an
 * employee's personal account, or anyone else's.
 */
export function authorKind(
  settings: Pick<BrandSettings, "brandHandles" | "platformHandles" | "employeeHandles">,
  platform: string,
  rawHandle: string,
): AuthorKind {
  const handle = rawHandle.toLowerCase();
  if (settings.brandHandles.includes(handle) || settings.platformHandles[platform]?.includes(handle))
    return "brand";
  if (settings.employeeHandles.includes(handle) || settings.employeeHandles.includes(`${platform}:${handle}`))
    return "employee";
  return "other";
}

/** A query of the given @handles and "phrases" joined by OR; terms the language cannot hold are left out. */
function anyOf(handles: readonly string[], names: readonly string[]): string {
  const phrases = names.map((n) => n.replaceAll('"', " ").replace(/\s+/g, " ").trim()).filter(Boolean);
  const terms = unique([...handles.map((h) => `@${h}`), ...phrases.map((n) => `"${n}"`)]);
  const query = terms.join(" OR ");
  try {
    parseQuery(query);
    return query;
  } catch {
    return handles.map((h) => `@${h}`).join(" OR ");
  }
}

/** A campaign query matching the brand's handles and its names (each as a phrase). */
export function starterQuery(handles: readonly string[], names: readonly string[]): string {
  return anyOf(handles, names);
}

export interface DerivedCampaign {
  name: string;
  query: string;
  languages: string[];
  excludeAuthors: string[];
}

/**
 * The starter campaign the settings make: every post naming the brand or one of its handles, in
 * the brand's languages, leaving out the brand's own posts (answers) and its employees' (not
 * customers).
 */
export function starterCampaign(settings: BrandSettings): DerivedCampaign {
  const handles = allBrandHandles(settings);
  return {
    name: `Everything about ${settings.name}`,
    query: starterQuery(handles, settings.brandNames),
    languages: settings.languages,
    excludeAuthors: unique([...handles, ...settings.employeeHandles.map((e) => e.slice(e.indexOf(":") + 1))]),
  };
}

/**
 * The competitor campaign: posts naming a competitor are stored and tagged with it, for share of
 * voice; they open a work item only when they also need the brand. Null without competitors.
 */
export function competitorCampaign(settings: BrandSettings): DerivedCampaign | null {
  const competitors: Competitor[] = settings.competitors;
  if (competitors.length === 0) return null;
  const query = anyOf(
    competitors.flatMap((c) => c.handles),
    competitors.map((c) => c.name),
  );
  if (!query) return null;
  return { name: "Competitors", query, languages: settings.languages, excludeAuthors: [] };
}

/** Whether a stored campaign still holds exactly what the settings made of it (not edited by hand). */
export function holdsDerived(
  campaign: { name: string; query: string; languages: string[]; excludeAuthors: string[] },
  derived: DerivedCampaign,
): boolean {
  const same = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && [...a].sort().every((v, i) => v === [...b].sort()[i]);
  return (
    campaign.name === derived.name &&
    campaign.query === derived.query &&
    same(campaign.languages, derived.languages) &&
    same(campaign.excludeAuthors, derived.excludeAuthors)
  );
}
