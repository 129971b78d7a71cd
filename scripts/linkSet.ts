/**
 * A generated CRM and social set with known truth, for measuring link suggestions. Customers
 * draw names from small pools, so many share a name (and some a name and a city); a share of them
 * list a handle in the CRM, which is sometimes stale. Profiles are either a customer's (their
 * handle, often their name, sometimes their city; in private messages, when they had one, an
 * email, phone or order number written their own way, sometimes mistyped) or nobody's: people
 * with a customer's name (some in a customer's city), handles that look like a customer's
 * (one character off), and people quoting identifiers the CRM does not hold. The rates are fixed
 * here and not tuned; the seed picks one draw of the set.
 */
import type { CandidateCustomer } from "../src/domain/linkSuggestions.ts";

export interface SocialProfile {
  platform: string;
  handle: string;
  name: string | null;
  privateTexts: string[];
  allTexts: string[];
  /** The customer behind the profile, or null. */
  truth: string | null;
}

export interface LinkSet {
  customers: CandidateCustomer[];
  profiles: SocialProfile[];
}

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST =
  "Ada Bo Cyrus Dina Eli Farah Gus Hana Ivo Jade Kofi Lena Milo Nia Omar Pia Quinn Rosa Sami Tara Uma Vik Wen Xena Yusuf Zoe Ali Beth Carl Dev".split(
    " ",
  );
const LAST =
  "Okafor Lind Park Moss Reyes Varga Chen Novak Silva Dube Haas Ito Kaur Lopez Mensah Nagy Ortiz Patel Quist Rossi Sato Tan Urban Weber Young Zhou Abbas Brook Costa Diaz".split(
    " ",
  );
const CITIES =
  "Leeds Bristol Cardiff Glasgow Belfast York Bath Derby Exeter Hull Leicester Norwich Oxford Preston Reading Salford Sheffield Stoke Truro Wigan".split(
    " ",
  );
const DOMAINS = ["example.com", "mail.example", "post.example", "inbox.example"];

export function generateLinkSet(seed: number, customerCount = 3000, strangerCount = 2000): LinkSet {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const chance = (p: number) => r() < p;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(r() * 10)).join("");
  const customers: CandidateCustomer[] = [];
  const profiles: SocialProfile[] = [];
  const usedHandles = new Set<string>();
  const handleFor = (first: string, last: string) => {
    for (;;) {
      const base = pick([
        `${first}${last}`,
        `${first}_${last}`,
        `${first}.${last}`,
        `${first[0]}${last}`,
        `${first}${last}${digits(2)}`,
      ]).toLowerCase();
      if (!usedHandles.has(base)) {
        usedHandles.add(base);
        return base;
      }
    }
  };
  // One character off: what a lookalike (or an impersonator) registers.
  const lookalike = (h: string) => {
    const i = Math.floor(r() * h.length);
    const tweak = pick(["_", "1", "x", ""]);
    return `${h.slice(0, i)}${tweak}${h.slice(i + (tweak === "" ? 1 : 0))}`;
  };
  const platformOf = () => (chance(0.7) ? "x" : "mastodon");

  for (let i = 0; i < customerCount; i++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    const id = `c${i}`;
    const handles: Record<string, string[]> = {};
    if (chance(0.4)) handles[platformOf()] = [handleFor(first, last)];
    customers.push({
      id,
      name: `${first} ${last}`,
      emails: [`${first}.${last}${digits(3)}@${pick(DOMAINS)}`.toLowerCase()],
      phones: [`+447700${digits(6)}`],
      handles,
      orders: Array.from({ length: 1 + Math.floor(r() * 3) }, () => `ORD-${digits(7)}`),
      location: pick(CITIES),
    });
  }

  const complaint = () =>
    pick(["my bill doubled", "no signal since Monday", "the app logs me out", "still waiting on a refund"]);
  const placeLine = (city: string) =>
    pick([`here in ${city}`, `our shop in ${city}`, `${city} again`, `all of ${city} is down`]);

  // A customer's own profiles: 60 % of customers are on social media.
  for (const c of customers) {
    if (!chance(0.6)) continue;
    const [first, last] = c.name!.split(" ") as [string, string];
    const listed = Object.entries(c.handles)[0];
    let platform: string;
    let handle: string;
    if (listed && chance(0.85)) [platform, handle] = [listed[0], listed[1][0]!];
    else [platform, handle] = [platformOf(), handleFor(first, last)];
    const name = chance(0.6) ? c.name : chance(0.6) ? first : null;
    const allTexts = [`@brand ${complaint()}`];
    if (chance(0.45)) allTexts.push(`@brand ${placeLine(c.location!)}`);
    const privateTexts: string[] = [];
    // 70 % wrote privately; asked for details, 80 % of them gave one, 5 % of those mistyped it.
    if (chance(0.7)) {
      privateTexts.push("hi, about my problem");
      if (chance(0.8)) {
        const kind = pick(["email", "phone", "order"]);
        const typo = chance(0.05);
        if (kind === "email") {
          const e = c.emails[0]!;
          privateTexts.push(`my email is ${typo ? e.replace("@", "") : pick([e, e.toUpperCase()])}`);
        } else if (kind === "phone") {
          const p = c.phones[0]!.replace("+44", "");
          const written = pick([
            `0${p.slice(0, 4)} ${p.slice(4)}`,
            `+44 ${p.slice(0, 4)} ${p.slice(4)}`,
            `0${p}`,
          ]);
          privateTexts.push(`call me on ${typo ? written.slice(0, -2) : written}`);
        } else {
          const o = pick(c.orders);
          privateTexts.push(`order ${typo ? o.slice(0, -1) : pick([o, o.toLowerCase()])}`);
        }
      }
    }
    profiles.push({
      platform,
      handle,
      name,
      privateTexts,
      allTexts: [...allTexts, ...privateTexts],
      truth: c.id,
    });
  }

  // Nobody's profiles.
  const listedHandles = customers.flatMap((c) =>
    Object.entries(c.handles).map(([p, hs]) => [p, hs[0]!] as const),
  );
  for (let i = 0; i < strangerCount; i++) {
    const kind = r();
    const namesake = pick(customers);
    const [first, last] = namesake.name!.split(" ") as [string, string];
    let platform = platformOf();
    let handle = handleFor(pick(FIRST), pick(LAST));
    let name: string | null = `${pick(FIRST)} ${pick(LAST)}`;
    const allTexts = [`@brand ${complaint()}`];
    const privateTexts: string[] = [];
    if (kind < 0.4) {
      // Shares a customer's name; a third of them live in that customer's city.
      name = namesake.name;
      handle = handleFor(first, last);
      if (chance(0.33)) allTexts.push(`@brand ${placeLine(namesake.location!)}`);
      else if (chance(0.5)) allTexts.push(`@brand ${placeLine(pick(CITIES))}`);
    } else if (kind < 0.7 && listedHandles.length) {
      // A handle one character off a customer's.
      const [p, h] = pick(listedHandles);
      platform = p;
      handle = lookalike(h);
      if (handle === h) handle = `${h}_`;
      name = chance(0.5) ? namesake.name : name;
    } else {
      // Gives identifiers the CRM does not hold.
      privateTexts.push(
        pick([
          `my email is ${handle}@${pick(DOMAINS)}`,
          `order ORD-${digits(7)}`,
          `call me on 07700 ${digits(6)}`,
        ]),
      );
    }
    profiles.push({
      platform,
      handle,
      name,
      privateTexts,
      allTexts: [...allTexts, ...privateTexts],
      truth: null,
    });
  }
  return { customers, profiles };
}
