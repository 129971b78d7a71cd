/** The fictional brand of the demo workspace, and the campaigns a newcomer finds there. */
import type { CampaignRule } from "../../pipeline/match.ts";

export const DEMO_BRAND = {
  name: "Lumen Mobile",
  /** The brand's accounts, without @: the main account and the customer-care account. */
  handles: { main: "lumenmobile", support: "lumenhelp" },
  hashtags: ["lumenmobile", "lumendown"],
  products: ["Lumen Go", "Lumen Max", "Lumen Family", "Lumen Fiber", "Lumen Prepaid"],
} as const;

/** The demo workspace's sign-in, shown on the command line and in the README. */
export const DEMO_USER = { email: "demo@parley.local", password: "parley-demo", name: "Dana Demo" } as const;

export interface DemoCampaign extends CampaignRule {
  name: string;
}

const brandAccounts = [DEMO_BRAND.handles.main, DEMO_BRAND.handles.support];

export const DEMO_CAMPAIGNS: DemoCampaign[] = [
  {
    id: "demo-brand",
    name: "Everything about Lumen Mobile",
    query:
      '@lumenmobile OR @lumenhelp OR "lumen mobile" OR #lumenmobile OR #lumendown OR (lumen -bulb -lumens)',
    excludeAuthors: brandAccounts,
  },
  {
    id: "demo-outages",
    name: "Network outages",
    query:
      '(lumen OR @lumenmobile OR @lumenhelp OR #lumendown) AND (outage OR down OR "no signal" OR "sin señal" OR panne OR netz OR "sem sinal" OR #lumendown)',
    excludeAuthors: brandAccounts,
  },
  {
    id: "demo-billing",
    name: "Billing and refunds",
    query:
      "(lumen OR @lumenmobile OR @lumenhelp) AND (bill* OR charge* OR refund* OR factura OR facture OR rechnung OR fatura OR reembolso OR remboursement)",
    excludeAuthors: brandAccounts,
  },
  {
    id: "demo-sales",
    name: "Sales leads",
    query:
      '(lumen OR @lumenmobile) AND ("switch to" OR "sign up" OR upgrade OR price OR precio OR prix OR preis OR "quanto custa" OR contratar)',
    excludeAuthors: brandAccounts,
  },
  {
    id: "demo-spanish",
    name: "Spanish-speaking customers",
    query: "lumen OR @lumenmobile OR @lumenhelp",
    languages: ["es"],
    excludeAuthors: brandAccounts,
  },
];
