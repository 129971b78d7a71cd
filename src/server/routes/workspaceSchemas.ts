/** Request and response shapes of the workspace settings and first-run setup routes. */
import { z } from "zod";
import { PLATFORMS } from "../../domain/post.ts";
import { ROLES } from "../../domain/views.ts";

const handle = z.string().min(1).max(100);
const handles = z.array(handle).max(200);
const competitor = z.object({ name: z.string().max(100), handles: z.array(handle).max(50) });

/** Each field replaces the stored one; fields left out stay as they are. */
export const settingsPatchBody = z
  .object({
    name: z.string().min(1).max(100),
    brandNames: z.array(z.string().max(100)).max(50),
    /** The brand's handles on every platform. */
    brandHandles: handles,
    /** The brand's handles on one platform each. */
    platformHandles: z.partialRecord(z.enum(PLATFORMS), handles),
    /** Employees' personal accounts: "handle" or "platform:handle". */
    employeeHandles: z.array(z.string().min(1).max(120)).max(1000),
    competitors: z.array(competitor).max(50),
    languages: z.array(z.string().max(10)).max(50),
    timeZone: z.string().min(1).max(64),
    taxonomyStarter: z.string().min(1).max(50),
  })
  .partial()
  .strict();

export const setupBody = z.object({
  code: z.string().min(1).max(64),
  workspace: z.object({
    name: z.string().min(1).max(100),
    /** "handle" for every platform, "platform:handle" for one. */
    handles: z.array(z.string().min(1).max(120)).min(1).max(200),
    names: z.array(z.string().max(100)).max(50).optional(),
    languages: z.array(z.string().max(10)).max(50).optional(),
    timeZone: z.string().min(1).max(64).optional(),
    competitors: z.array(competitor).max(50).optional(),
  }),
  admin: z.object({
    email: z.email().max(320),
    name: z.string().min(1).max(200),
    password: z.string().min(1).max(1024),
  }),
});

export const workspaceView = z.object({
  id: z.string(),
  name: z.string(),
  demo: z.boolean(),
  brandHandles: z.array(z.string()),
  platformHandles: z.record(z.string(), z.array(z.string())),
  brandNames: z.array(z.string()),
  employeeHandles: z.array(z.string()),
  competitors: z.array(z.object({ name: z.string(), handles: z.array(z.string()) })),
  languages: z.array(z.string()),
  timeZone: z.string(),
  starterCampaignId: z.string().nullable(),
  competitorCampaignId: z.string().nullable(),
});

const campaignView = z.object({
  id: z.string(),
  name: z.string(),
  query: z.string(),
  languages: z.array(z.string()),
  excludeAuthors: z.array(z.string()),
  vipAuthors: z.array(z.string()),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  relevance: z.object({
    decisions: z.number(),
    precision: z.number().nullable(),
    recall: z.number().nullable(),
  }),
});

export const settingsView = workspaceView.extend({
  taxonomy: z.object({ starter: z.string().nullable(), examples: z.number(), starters: z.array(z.string()) }),
  campaigns: z.object({ starter: campaignView.nullable(), competitors: campaignView.nullable() }),
});

export const sessionView = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.enum(ROLES) }),
  workspace: workspaceView,
});

export const setupStatusView = z.object({ needed: z.literal(true) });
