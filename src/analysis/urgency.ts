/**
 * Urgency from signals that make waiting costly: safety, legal threats, outages, lost money,
 * imminent travel or deadlines, and public escalation by an influential author.
 */
import type { Urgency } from "../domain/analysis.ts";

interface Signal {
  name: string;
  level: Urgency;
  pattern: RegExp;
}

/**
 * Word end that knows accented Latin letters: \b is ASCII-only, so "urgência" would never end.
 * No "u" flag: it makes these tests about twice as slow.
 */
const E = "(?![\\w\\u00C0-\\u024F])";
// A leading \b lets the engine skip to word starts quickly; every alternative starts with an
// ASCII letter or digit, so none is missed by it.
const words = (alternatives: string) => new RegExp(`\\b(?:${alternatives})${E}`, "i");

/** Each signal in the demo's languages (en, es, fr, de, pt) and Italian. */
const SIGNALS: Signal[] = [
  {
    name: "safety",
    level: "critical",
    pattern: words(
      [
        "unsafe|danger(?:ous)?|injur(?:ed|y|ies)|hurt|fire|smoke|emergency|bleeding|ambulance|police|assault(?:ed)?|harass(?:ed|ment)?|faint(?:ed)?|collapsed|unconscious|allerg(?:y|ic)|overdose|suicid\\w*|threat(?:en(?:ed|ing)?)?|swallowed",
        "peligro(?:so)?|herid[oa]s?|incendio|fuego|humo|emergencia|ambulancia|polic[ií]a|desmay\\w*|al[eé]rgica|reacci[oó]n al[eé]rgica|sangr\\w*|acoso",
        "danger(?:eux)?|bless[ée]e?s?|incendie|feu|fum[ée]e|urgences?|ambulance|pompiers|malaise|allergique|harc[eè]lement",
        "gef[aä]hr\\w*|verletzt\\w*|feuer|rauch|notfall|notarzt|krankenwagen|polizei|ohnm[aä]chtig|bewusstlos|allergisch|bel[aä]stigung",
        "perigo(?:so)?|ferid[oa]s?|inc[eê]ndio|fogo|fuma[cç]a|emerg[eê]ncia|ambul[aâ]ncia|pol[ií]cia|desmai\\w*|al[eé]rgic[oa]|ass[eé]dio",
        "pericol\\w*|ferit[oi]|incendio|fumo|emergenza|ambulanza|polizia|svenut[oa]|allergic[oa]|molestie",
      ].join("|"),
    ),
  },
  {
    name: "legal threat",
    level: "critical",
    pattern: words(
      [
        "lawyer|attorney|sue|suing|lawsuit|legal action|court|ombudsman|regulator|small claims|report(?:ing)? you to|bbb|fca|ftc|dot complaint",
        "abogad[oa]|demanda(?:r|ré)?|denunci(?:a|ar|aré)|juzgado|tribunal|omic",
        "avocat|porter plainte|plainte|tribunal|mise en demeure|m[ée]diateur",
        "anwalt|anw[aä]ltin|klage|verklagen|gericht|anzeige|verbraucherzentrale|schlichtungsstelle",
        "advogad[oa]|processar|procon|justi[cç]a|den[uú]nci\\w*",
        "avvocat[oa]|denuncia\\w*|tribunale|querela|diffida",
      ].join("|"),
    ),
  },
  {
    name: "fraud",
    level: "critical",
    pattern: words(
      [
        "fraud(?:ulent)?|scam(?:med)?|stolen|hacked|unauthori[sz]ed|identity theft|phishing|breach|leaked|never (?:made|spent|authori[sz]ed)",
        "fraude|estafa|robad[oa]s?|robo|me han robado|hackead[oa]|no autorizad[oa]",
        "fraud(?:e|uleux|uleuse)|arnaque|escroquerie|vol[ée]s?|pirat[ée]|non autoris[ée]e?",
        "betrug|betr[uü]ger\\w*|gestohlen|gehackt|unbefugt|nie ausgegeben|nicht autorisiert",
        "fraude|golpe|roubad[oa]|roubo|hackead[oa]|n[aã]o (?:fiz|autorizei|reconhe[cç]o)",
        "frode|truffa|fraudolent[oa]|rubat[oa]|hackerat[oa]|non autorizzat[oa]",
      ].join("|"),
    ),
  },
  {
    name: "outage",
    level: "high",
    pattern: words(
      [
        "outage|is down|are down|went down|down for everyone|not working|doesn'?t work|stopped working|no (?:signal|service|internet|power|connection|data)|can'?t (?:log ?in|login|access|connect|call|pay)|offline|crash(?:ed|es|ing)?|error \\d+",
        "ca[ií]d[oa]|sin (?:internet|se[nñ]al|servicio|conexi[oó]n|luz|datos)|no funciona|no puedo (?:entrar|acceder|pagar|llamar)",
        "en panne|panne|pas de (?:r[ée]seau|connexion|internet|signal)|plus de (?:r[ée]seau|connexion|internet)|ne marche (?:pas|plus)|ne fonctionne (?:pas|plus)|hors service",
        "ausgefallen|ausfall|st[oö]rung|kein(?:e|en)? (?:netz|internet|empfang|verbindung|strom)|funktioniert nicht|geht nicht",
        "fora do ar|sem (?:sinal|internet|servi[cç]o|conex[aã]o|luz)|n[aã]o funciona|caiu|n[aã]o consigo (?:entrar|acessar|pagar|ligar)",
        "nessun segnale|senza (?:segnale|internet|linea|connessione|luce)|non funziona|disservizio",
      ].join("|"),
    ),
  },
  {
    name: "money lost",
    level: "high",
    pattern: words(
      [
        "charged (?:me )?twice|double charged|overcharged|refund|money back|lost money|took my money|charged me|missing (?:money|payment|funds)|declined|chargeback|billing error",
        "cobrad[oa] dos veces|me han cobrado|cobro indebido|devoluci[oó]n|reembolso|me cobra",
        "d[ée]bit[ée] deux fois|pr[ée]l[eè]vement|rembours\\w*|factur[ée] deux fois",
        "doppelt abgebucht|abgebucht|r[uü]ckerstattung|geld zur[uü]ck",
        "cobrad[oa] duas vezes|cobran[cç]a indevida|reembolso|estorno|meu dinheiro",
        "addebit\\w*|rimborso|soldi indietro",
      ].join("|"),
    ),
  },
  {
    name: "imminent travel or deadline",
    level: "high",
    pattern: words(
      [
        "boarding|gate|departs?|departure|flight (?:is |leaves )?(?:in|at|tomorrow|tonight)|stranded|stuck (?:at|in|on)|missed (?:my )?(?:connection|flight)|today|tonight|tomorrow|asap|urgent(?:ly)?|right now|immediately|deadline|within the hour|in (?:an|\\d+) (?:min|minutes|hours?)|due today|i fly|my flight",
        "hoy|esta noche|ma[nñ]ana|urgente|ya mismo|ahora mismo|mi vuelo|en (?:una|dos|\\d+) horas?|plazo",
        "aujourd'hui|ce soir|demain|urgent|tout de suite|imm[ée]diatement|mon vol|correspondance|dans (?:une|deux|\\d+) heures?",
        "heute|morgen|heute abend|dringend|sofort|mein flug|in (?:einer|zwei|\\d+) stunden?|frist",
        "hoje|amanh[aã]|urgente|agora|imediatamente|meu voo|em (?:uma|duas|\\d+) horas?|prazo",
        "oggi|stasera|domani|urgente|subito|il mio volo|tra (?:un'ora|\\d+ ore)|scadenza",
      ].join("|"),
    ),
  },
  {
    name: "waiting",
    level: "normal",
    pattern: words(
      [
        "still waiting|no response|no reply|hours? on hold|on hold|again|third time|\\d+(?:st|nd|rd|th)? time",
        "sigo esperando|sin respuesta|otra vez|todav[ií]a",
        "toujours pas|toujours en attente|sans r[ée]ponse|encore",
        "immer noch|keine antwort|schon wieder|warte seit",
        "ainda|sem resposta|de novo|outra vez",
        "ancora|nessuna risposta|di nuovo",
      ].join("|"),
    ),
  },
];

const ORDER: Urgency[] = ["low", "normal", "high", "critical"];

export interface UrgencyResult {
  level: Urgency;
  confidence: number;
  explanation: string;
  signals: string[];
}

export interface FoundSignal {
  name: string;
  level: Urgency;
  /** The words that matched, lower-cased. */
  match: string;
}

/** The urgency signals in a post; intent reads them too (an outage is a problem in any language). */
export function findSignals(text: string): FoundSignal[] {
  const sample = text.length > 5000 ? text.slice(0, 5000) : text;
  const found: FoundSignal[] = [];
  for (const s of SIGNALS) {
    const m = s.pattern.exec(sample);
    if (m) found.push({ name: s.name, level: s.level, match: m[0].toLowerCase() });
  }
  return found;
}

export function assessUrgency(
  text: string,
  ctx: { negative: number; influence: number; actionable: boolean; praise?: boolean },
  found: FoundSignal[] = findSignals(text),
): UrgencyResult {
  let level: Urgency = ctx.actionable && !ctx.praise ? "normal" : "low";
  const signals: string[] = [];
  for (const s of found) {
    signals.push(`${s.name} ("${s.match}")`);
    if (ORDER.indexOf(s.level) > ORDER.indexOf(level)) level = s.level;
  }
  // Deadlines and outages matter when there is something to act on; "see you tomorrow!" is low,
  // and so is a thank-you that mentions the outage that was fixed.
  if ((!ctx.actionable || ctx.praise) && level === "high") level = "normal";
  if (ctx.praise && level === "normal" && found.every((s) => s.level !== "critical")) level = "low";
  // An angry public post from someone many people read escalates by itself.
  if (ctx.influence >= 0.6 && ctx.negative >= 0.6) {
    signals.push("public escalation by an influential author");
    if (ORDER.indexOf(level) < ORDER.indexOf("high")) level = "high";
    else if (level === "high") level = "critical";
  }
  const confidence = signals.length === 0 ? 0.6 : Math.min(0.95, 0.65 + 0.1 * signals.length);
  const explanation = signals.length
    ? signals.join("; ")
    : ctx.actionable
      ? "no urgency signal"
      : "nothing to act on";
  return { level, confidence, explanation, signals };
}
