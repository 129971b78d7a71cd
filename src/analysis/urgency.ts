/**
 * Urgency from signals that make waiting costly: safety, legal threats, outages, lost money,
 * imminent travel or deadlines, and public escalation by an influential author.
 */
import type { Urgency } from "../domain/analysis.ts";

interface Signal {
  name: string;
  level: Urgency;
  /** The signal's alternatives, as regular-expression source. */
  pattern: string;
  /** Counts only when the post reports a fault (intent complaint); otherwise it is no signal. */
  weak?: boolean;
}

/**
 * Word end that knows accented Latin letters: \b is ASCII-only, so "urgência" would never end.
 * No "u" flag: it makes these tests about twice as slow.
 */
const E = "(?![\\w\\u00C0-\\u024F])";
const words = (alternatives: string) => alternatives;

/** Each signal in the demo's languages (en, es, fr, de, pt), Italian and Dutch. */
const SIGNALS: Signal[] = [
  {
    name: "safety",
    level: "critical",
    pattern: words(
      [
        "unsafe|danger(?:ous)?|injur(?:ed|y|ies)|hurt|fire|smoke|emergency|bleeding|ambulance|police|assault(?:ed)?|harass(?:ed|ment)?|faint(?:ed)?|collapsed|unconscious|allerg(?:y|ic)|overdose|suicid\\w*|threat(?:en(?:ed|ing)?)?|swallowed",
        "sparks?|sparked|sparking|explod\\w*|exploded|burn(?:ed|t)? (?:my|his|her|their|our)|burns|burn marks|smell(?:s|ed)? (?:of )?(?:gas|burning)|gas (?:leak|smell)|leaking gas|carbon monoxide|electric shock|electrocut\\w*|seizure|choking|not breathing|can'?t breathe|food poisoning|poison(?:ed|ing)|hospital|a&e|glass in|metal in|trapped|brakes? fail\\w*",
        "peligro(?:so)?|herid[oa]s?|incendio|fuego|humo|emergencia|ambulancia|polic[ií]a|desmay\\w*|al[eé]rgica|reacci[oó]n al[eé]rgica|sangr\\w*|acoso",
        "se (?:ha )?incendi\\w*|incendi[oó]|chispas?|explot\\w*|quemad(?:o|a|ura)s?|descarga el[eé]ctrica|electrocut\\w*|fuga de gas|olor a (?:gas|quemado)|intoxicaci[oó]n|envenen\\w*|hospital|urgencias|convulsi\\w*|atrapad[oa]s?|asfixi\\w*|cristal(?:es)? en|vidrio en",
        "danger(?:eux)?|bless[ée]e?s?|incendie|feu|fum[ée]e|urgences?|ambulance|pompiers|malaise|allergique|harc[eè]lement",
        "a pris feu|prend feu|en feu|[ée]tincelles?|explos\\w*|br[ûu]l(?:é|e|ée|ure)s?|odeur de (?:br[ûu]l[ée]|gaz)|fuite de gaz|[ée]lectrocut\\w*|d[ée]charge [ée]lectrique|intoxication|empoisonn\\w*|h[ôo]pital|convulsions?|coinc[ée]e?s?|s'[ée]touffe",
        "gef[aä]hr\\w*|verletzt\\w*|feuer|rauch|notfall|notarzt|krankenwagen|polizei|ohnm[aä]chtig|bewusstlos|allergisch|bel[aä]stigung",
        "brennt|gebrannt|in flammen|funken|explodiert\\w*|verbrann\\w*|verbrennung\\w*|stromschlag|gasgeruch|riecht nach (?:gas|verbranntem)|gasleck|vergiftung|lebensmittelvergiftung|krankenhaus|notaufnahme|krampfanfall|eingeklemmt|eingesperrt|durchgeschmort|verschmort|brandgeruch|glassplitter",
        "perigo(?:so)?|ferid[oa]s?|inc[eê]ndio|fogo|fuma[cç]a|emerg[eê]ncia|ambul[aâ]ncia|pol[ií]cia|desmai\\w*|al[eé]rgic[oa]|ass[eé]dio",
        "pegou fogo|em chamas|fa[ií]scas?|explod\\w*|queimad(?:o|a|ura)s?|choque el[eé]trico|eletrocut\\w*|vazamento de g[aá]s|cheiro (?:forte )?de (?:g[aá]s|queimado)|intoxica[cç][aã]o|envenen\\w*|hospital|pronto-socorro|convuls\\w*|pres[oa]s? no elevador|vidro n[ao]",
        "pericol\\w*|ferit[oi]|incendio|fumo|emergenza|ambulanza|polizia|svenut[oa]|allergic[oa]|molestie",
        // Disasters and attacks: a brand hears of them from its customers too (a flooded store, a
        // station evacuated), and they are worth an agent's attention at once.
        "earthquake|flooding|floods|flash flood|hurricane|typhoon|tornado|wildfire|evacuat\\w*|explosion|shooting|gunman|bomb(?:ing|s)?|derail\\w*|landslide|tsunami|casualties|death toll|victims|rescuers|building collapse",
        "terremoto|sismo|inundaci[oó]n(?:es)?|inundad[oa]s?|hurac[aá]n|evacua\\w*|explosi[oó]n|tiroteo|descarril\\w*|derrumbe|deslave|v[ií]ctimas|desaparecid[oa]s|rescate",
        "s[ée]isme|tremblement de terre|inondations?|inond[ée]e?s?|ouragan|[ée]vacu\\w*|fusillade|d[ée]raill\\w*|effondr\\w*|glissement de terrain|victimes|disparus|secours",
        "erdbeben|[uü]berschwemmung\\w*|hochwasser|evakuier\\w*|schie(?:ß|ss)erei|entgleis\\w*|eingest[uü]rzt|erdrutsch|opfer|vermisste",
        "enchentes?|inunda[cç](?:[aã]o|[oõ]es)|alagad[oa]s?|desabamento|desabou|explos[aã]o|tiroteio|deslizamento|v[ií]timas|desaparecid[oa]s|resgate",
        "scossa|alluvione|allagat[oi]|esondazione|evacua\\w*|crollat[oi]|crollo|frana|sparatoria|vittime|dispersi|soccorsi",
        "aardbeving|overstroming\\w*|geëvacueerd|evacuatie|explosie|schietpartij|ontspoord|ingestort|slachtoffers|vermist",
        "preso fuoco|in fiamme|scintille|esplo\\w*|bruciat[oia]|ustion\\w*|scossa elettrica|folgorat\\w*|fuga di gas|odore di (?:gas|bruciato)|intossicazione|avvelenat\\w*|ospedale|pronto soccorso|convulsion\\w*|incastrat\\w*|bloccat[oia] in ascensore|vetro nel",
        // Violence, threats and medical harm, and electricity where it should not be.
        "aggressive(?:ly)?|attacked|punched|assaulting|passed out|live wire|exposed wires?|cables? (?:is |are )?(?:down|hanging|sparking)|data breach|swallowed",
        "agredi(?:d[oa]|r|eron|[oó])|agresi[oó]n|amenaz(?:ad[oa]|[oó]|aron|as)|atropell\\w*|(?:una |la )?descarga|cable pelado|cables? (?:ca[ií]dos?|suelto)",
        "menac[ée]e?s?|m'a menac\\w*|agress[ée]e?s?|agression|renvers[ée]e?|c[âa]bles? (?:est |sont )?tomb[ée]s?|fils? d[ée]nud[ée]s?",
        "bedroht|angegriffen|geschlagen|qualmt|riecht verbrannt|kabel (?:liegt|h[äa]ngt)|umgefahren",
        "agredid[oa]s?|agress[aã]o|amea[cç]ad[oa]|amea[cç]ou|atropelad[oa]s?|fio desencapado|cabos? ca[ií]dos?|sangrando",
        "aggredit[oa]|aggressione|minacciat[oa]|minacce|investit[oa]|ferit[oaie]|(?:il|al) 118|cavi? scopert[oi]",
        "bedreigd|aangevallen|mishandeld|ingeslikt|eerste hulp|onwel|aangereden|kabels? (?:ligt|hangt|hangen)",
        "gevaarlijk|levensgevaarlijk|gewond\\w*|in brand|vatte vlam|vlam gevat|vonken|ontploft|verbrand\\w*|rook|stroomschok|gaslek|gaslucht|vergiftiging|ziekenhuis|spoedeisende hulp|ambulance|politie|noodgeval|flauwgevallen|bewusteloos|allergische reactie",
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
        "advocaat|rechter|rechtszaak|aangifte|consumentenbond|geschillencommissie",
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
        "fraude|oplichting|opgelicht|gestolen|gehackt|onbevoegd|niet (?:gedaan|geautoriseerd)|nooit gedaan",
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
        "nessun segnale|senza (?:segnale|internet|linea|connessione|luce)|non funziona|disservizio|server gi[uù]|non riesco (?:a entrare|ad accedere|a pagare|a chiamare)",
        // Short reports: "app down again", "site down?", "no water since 6am", "werkt weer niet".
        "(?:app|site|website|server|servers|network|internet|wifi|wi-fi|broadband|service|system|portal|login)s? (?:is |are |went |goes |still |all )?down|down again|no (?:broadband|water|heating|hot water|gas|wifi)",
        "sin (?:agua|fibra|l[ií]nea|calefacci[oó]n)|cort(?:e|aron|arme|ado) (?:de )?(?:la )?(?:luz|agua|fibra|servicio)|pas d'eau|plus d'eau|coupure|kein (?:wasser|wlan)|keine heizung|sem [aá]gua|senza acqua|geen water|werkt (?:\\w+ )?niet|geht (?:\\w+ ){1,2}nicht|funktioniert (?:\\w+ ){1,2}nicht|ne marche (?:\\w+ )?plus|no funciona (?:\\w+ )?m[aá]s|n[aã]o funciona mais|non funziona (?:\\w+ )?pi[uù]",
        "storing|werkt niet|doet het niet|geen (?:internet|bereik|stroom|signaal|verbinding|netwerk)|ligt (?:eruit|plat)|kan niet (?:inloggen|betalen|bellen)",
      ].join("|"),
    ),
  },
  {
    name: "money lost",
    level: "high",
    pattern: words(
      [
        "charged (?:me )?twice|double charged|(?:took|taken|take|taking) (?:£|\\$|€)\\d+|overcharged|refund|money back|lost money|took my money|charged me|missing (?:money|payment|funds)|declined|chargeback|billing error",
        "cobrad[oa] dos veces|me han cobrado|cobro indebido|devoluci[oó]n|reembolso|me cobra",
        "d[ée]bit[ée] deux fois|pr[ée]l[eè]vement|rembours\\w*|factur[ée] deux fois",
        "doppelt abgebucht|abgebucht|r[uü]ckerstattung|geld zur[uü]ck",
        "cobrad[oa] duas vezes|cobran[cç]a indevida|reembolso|estorno|meu dinheiro",
        "addebit\\w*|rimborso|soldi indietro",
        "dubbel (?:afgeschreven|betaald)|afgeschreven|terugbetaling|geld terug",
      ].join("|"),
    ),
  },
  {
    name: "imminent travel or deadline",
    level: "high",
    pattern: words(
      [
        "boarding|gate|departs?|departure|flight (?:is |leaves )?(?:in|at|tomorrow|tonight)|stranded|stuck (?:at|in|on)|missed (?:my )?(?:connection|flight)|asap|urgent(?:ly)?|right now|immediately|deadline|within the hour|in (?:an|\\d+) (?:min|minutes|hours?)|due (?:today|tomorrow)|i fly|my flight|(?:need|needed) (?:it|them|this|one|help|a \\w+)? ?(?:by |before )?(?:today|tonight|tomorrow)|job interview|funeral|wedding",
        "urgente|ya mismo|ahora mismo|mi vuelo|en (?:una|dos|\\d+) horas?|plazo|lo necesito (?:hoy|ma[nñ]ana)|entrevista de trabajo|funeral|boda",
        "urgent|tout de suite|imm[ée]diatement|mon vol|correspondance|dans (?:une|deux|\\d+) heures?|enterrement|entretien d'embauche|mariage",
        "dringend|sofort|mein flug|anschluss|in (?:einer|zwei|\\d+) stunden?|frist|vorstellungsgespr[aä]ch|beerdigung|hochzeit",
        "urgente|agora|imediatamente|meu voo|conex[aã]o|em (?:uma|duas|\\d+) horas?|prazo|preciso (?:dele|dela|disso) (?:hoje|amanh[aã])|entrevista de emprego|enterro|casamento",
        "urgente|subito|il mio volo|coincidenza|tra (?:un'ora|\\d+ ore)|scadenza|colloquio|funerale|matrimonio",
        "dringend|spoed|mijn vlucht|aansluiting|over (?:een|\\d+) uur|sollicitatiegesprek|begrafenis|bruiloft",
      ].join("|"),
    ),
  },
  {
    // "today", "tomorrow": imminent only beside a fault ("cancelled and I fly tomorrow"); in a
    // request ("can you call me today") or a greeting ("see you tomorrow") they are no reason to hurry.
    name: "imminent date",
    level: "high",
    weak: true,
    pattern: words(
      "today|tonight|tomorrow|this (?:morning|afternoon|evening)|hoy|esta noche|ma[nñ]ana|aujourd'hui|ce soir|demain|heute|morgen|heute abend|hoje|amanh[aã]|esta noite|oggi|stasera|domani|vandaag|vanavond",
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
  weak?: boolean;
  /** The words that matched, lower-cased. */
  match: string;
}

/** The urgency signals in a post; intent reads them too (an outage is a problem in any language). */
/**
 * Every signal's words in one pattern, a capture group per signal: one scan of the post instead
 * of one per signal. A post holds few matches, so the loop below runs a handful of times.
 */
/** The top-level alternatives of a pattern's source (not inside groups or classes). */
function alternativesOf(source: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inClass = false;
  let from = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") i++;
    else if (inClass) inClass = c !== "]";
    else if (c === "[") inClass = true;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "|" && depth === 0) {
      out.push(source.slice(from, i));
      from = i + 1;
    }
  }
  out.push(source.slice(from));
  return out;
}

/** An alternative that may start with an accented letter ("[ée]tincelles", "überschwemmung"). */
const ACCENTED_START = /^(?:\[[^\]]*[\u00C0-\u024F]|[\u00C0-\u024F])/;
const split = SIGNALS.map((s) => {
  const all = alternativesOf(s.pattern);
  return {
    plain: all.filter((a) => !ACCENTED_START.test(a)),
    accented: all.filter((a) => ACCENTED_START.test(a)),
  };
});
const group = (alts: string[]) => `(${alts.length ? alts.join("|") : "(?!)"})`;
// A leading \b lets the engine skip to word starts quickly, but it never matches before an
// accented letter after a space (to \b, "é" is no word character): the few words that may start
// with one have their own pattern, run only on posts that hold such a letter.
const ALL_SIGNALS = new RegExp(`\\b(?:${split.map((s) => group(s.plain)).join("|")})${E}`, "gi");
const ACCENTED_SIGNALS = new RegExp(
  `(?<![\\w\\u00C0-\\u024F])(?:${split.map((s) => group(s.accented)).join("|")})${E}`,
  "gi",
);
const HAS_ACCENT = /[\u00C0-\u024F]/;

function scan(re: RegExp, sample: string, first: (FoundSignal | undefined)[]): void {
  re.lastIndex = 0;
  for (let m = re.exec(sample); m !== null; m = re.exec(sample)) {
    let k = 0;
    while (m[k + 1] === undefined) k++;
    if (first[k] !== undefined) continue;
    const s = SIGNALS[k]!;
    first[k] = { name: s.name, level: s.level, match: m[0].toLowerCase(), weak: s.weak };
  }
}

export function findSignals(text: string): FoundSignal[] {
  const sample = text.length > 5000 ? text.slice(0, 5000) : text;
  const first: (FoundSignal | undefined)[] = [];
  scan(ALL_SIGNALS, sample, first);
  if (HAS_ACCENT.test(sample)) scan(ACCENTED_SIGNALS, sample, first);
  // In the order of SIGNALS, as explanations list them.
  return first.filter((f): f is FoundSignal => f !== undefined);
}

export function assessUrgency(
  text: string,
  ctx: {
    negative: number;
    influence: number;
    actionable: boolean;
    praise?: boolean;
    complaint?: boolean;
    /** A suggestion: like thanks, it can wait, since nothing is broken for its author. */
    suggestion?: boolean;
    spam?: boolean;
  },
  found: FoundSignal[] = findSignals(text),
): UrgencyResult {
  // A lure's "refund" or "urgent" is bait, not a customer's emergency.
  if (ctx.spam) return { level: "low", confidence: 0.7, explanation: "spam: nothing to act on", signals: [] };
  const waits = ctx.praise === true || ctx.suggestion === true;
  let level: Urgency = ctx.actionable && !waits ? "normal" : "low";
  const signals: string[] = [];
  for (const s of found) {
    if (s.weak && !ctx.complaint) continue;
    signals.push(s.weak ? `a fault with a date ("${s.match}")` : `${s.name} ("${s.match}")`);
    if (ORDER.indexOf(s.level) > ORDER.indexOf(level)) level = s.level;
  }
  // Deadlines and outages matter when there is something to act on; "see you tomorrow!" is low,
  // and so is a thank-you that mentions the outage that was fixed.
  if ((!ctx.actionable || waits) && level === "high") level = "normal";
  if (waits && level === "normal" && found.every((s) => s.level !== "critical")) level = "low";
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
