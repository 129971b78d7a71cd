/**
 * Cue phrases for intent, in en/es/fr/de/pt/it/nl. The linear models see words in isolation and were
 * trained mostly on English complaints; these catch the explicit forms a model can miss: a question
 * asked without "?", a first-person wish to buy, thanks, a suggestion, spam, and words that say
 * something went wrong. Each is one regular expression, compiled once.
 */
import type { Intent } from "../domain/analysis.ts";

/** Handles and greetings that may open a post before its question word. */
const LEAD_WORDS = String.raw`@\w+|hi|hey|hello|hola|buenas|bonjour|salut|hallo|ol[aá]|oi|ciao|salve|buongiorno|hoi|goedemorgen|please|pls|quick q(?:uestion)?`;
/**
 * Leading handles and greetings, so "@bank hi, what is ..." still starts with a question word.
 * Each separator run is matched by one class only, so a failed match cannot backtrack through
 * the ways of splitting the spaces between handles (that made this test cost ~70 µs a post).
 */
const LEAD = String.raw`^[\s,:!.—-]*(?:(?:${LEAD_WORDS})(?![\w\u00C0-\u024F])[\s,:!.—-]*)*`;
const QUESTION_WORDS = [
  "how|what|what'?s|when|where|why|who|which|can|could|does|do|did|is|are|will|would|should|any ?(?:one|body)",
  "c[oó]mo|qu[eé]|cu[aá]ndo|d[oó]nde|cu[aá]l(?:es)?|cu[aá]nto|hay|puedo|se puede|tienen",
  "comment|quand|o[uù]|quel(?:le)?s?|pourquoi|combien|est-ce|peut-on|puis-je",
  "wie|wo|wann|was|warum|welche[rsnm]?|gibt es|kann|k[oö]nnt|habt",
  "onde|quando|qual|quanto|posso|voc[eê]s|tem",
  "come (?:posso|faccio|si|mai)|quando|dove|perch[eé]|quanto|quale|posso|potete|avete|c'[eè]",
  "hoe|wat|wanneer|waar|waarom|welke|kan ik|kunnen jullie|hebben jullie|is er",
].join("|");

export const CUES: Partial<Record<Intent, RegExp>> = {
  // A question word at the start, "?", or a plea for help ("@brand help", "ayuda"): a help
  // request is a question to the brand, not a thank-you for "your help".
  question: new RegExp(
    String.raw`\?|¿|${LEAD}(?:${QUESTION_WORDS})(?![\w\u00C0-\u024F])|\b(?:help me|does any ?one know|any ?one know|how (?:do|can|to) )|(?<!(?:your|the|for|of|no) )\b(?:help|ayuda|aidez-moi|hilfe|ajuda|aiuto)(?![\w\u00C0-\u024F'-])`,
    "i",
  ),
  // A direct wish to buy, book or sign up; a plain "how much is" also counts.
  purchase_intent:
    /\b(?:(?:want|wanna|going|planning|ready|looking|would like|'?d like) to (?:buy|book|order|purchase|subscribe|sign up|upgrade|switch|open|apply)|sign me up|pre-?order(?:ing)?|(?:buying|booking|ordering) (?:it|one|this|the)|how much (?:is|does|for|to)|price of|where can i (?:buy|get|order)|(?:thinking|interested) (?:of|about|in) (?:buying|getting|switching|moving|upgrading)|upgrade to|in my (?:basket|cart)|(?:quiero|queremos|quisiera|me gustar[ií]a|voy a) (?:comprar|contratar|pedir|reservar|abrir|suscribir)|(?:je veux|je voudrais|j'aimerais|on aimerait|nous voulons|je vais|on va) (?:acheter|commander|r[ée]server|souscrire|ouvrir|m'abonner)|(?:quero|queremos|gostaria de|vou) (?:comprar|contratar|assinar|abrir|pedir|reservar)|(?:vorrei|voglio|vogliamo|vorremmo) (?:comprare|acquistare|ordinare|prenotare|attivare|abbonarmi|sottoscrivere)|ik (?:wil|zou) (?:graag )?(?:\w+ )?(?:kopen|bestellen|boeken|afsluiten|overstappen)|(?:considering|thinking about) (?:buy(?:ing)?|sign(?:ing)? up (?:for|with)|join(?:ing)?)|looking for (?:a|an) (?:new )?(?:\w+ )?(?:bank|provider|plan|contract|supplier|account|deal)|cu[aá]nto (?:cuesta|vale)|pensando en (?:cambiarme|contratar|comprar|pasarme)|combien co[uû]te|je pense (?:passer|prendre|acheter)|wie ?viel kostet|was kostet|[uü]berlege,? (?:zu euch|\w+ zu kaufen)|quanto custa|pensando em (?:mudar|contratar|comprar)|quanto costa|(?:sto )?pensando di (?:passare|comprare|prendere)|wat kost|overstappen naar)\b|\b(?:ich|wir) (?:will|m[oö]chte|wollen|m[oö]chten|w[uü]rden? gerne?)\b[^.!?]{0,40}\b(?:kaufen|bestellen|buchen|abschlie(?:ß|ss)en|wechseln|er[oö]ffnen|abonnieren)\b/i,
  feedback:
    /\b(?:would be (?:nice|great|better|helpful|useful)|it would help if|it'?d (?:help|be (?:nice|great|better))|you should (?:add|make|offer|have|let|show)|suggestions?|feature request|idea for|idea:|i wish (?:you|there|it)|would love (?:it if|to see)|(?:please|pls|could you|can you) (?:add|consider|bring back|allow|offer|let us)|(?:really )?should (?:really )?(?:let (?:you|us|people|customers)|add|offer|allow|bring back)|estar[ií]a bien|why not (?:add|offer|let)|ser[ií]a (?:bueno|genial|[uú]til|[oó]timo|bom)|deber[ií]an|sugerencia|sugest[aã]o|ce serait|vous devriez|suggestion|es w[aä]re|vorschlag|ihr solltet|deveriam|sarebbe (?:bello|utile|ottimo|fantastico|comodo)|dovreste|suggerimento|het zou (?:fijn|handig|mooi|goed) zijn|jullie zouden|suggestie)\b/i,
  // Unsolicited offers, giveaways and phishing lures, in the demo's languages.
  spam: /\b(?:free (?:followers|gems|credits|download|gift ?cards?|flights|iphone|phone)|win (?:a |an )?(?:free|new|\$|£|€)|click (?:here|the link|now)|crypto giveaway|dm (?:for promo|me for)|follow ?back|follow for follow|f4f|(?:retweet|rt|share) (?:and|&|\+) follow|earn \$?\d+|make \$\d+|work(?:ing)? from home|trabalhando de casa|cheap (?:likes|followers|views)|no (?:survey|human verification|credit check)|you'?ve won|you have won|verify (?:your account|now|your details)|account (?:is |will be )?(?:suspended|locked|blocked)|claim your|enter your card|link in (?:my )?bio|selling [\w ]{0,20}accounts|cracked|one (?:simple )?trick|\d+% daily|gana (?:un|una|dinero)|sorteo|pincha aqu[ií]|gagne[zr]|jeu concours|cliquez|gewinne?n? (?:sie )?(?:ein|jetzt)|gewinnspiel|ganhe|sorteio|clique aqui|sua conta ser[aá] bloqueada|atualize seus dados|vinci|hai vinto|clicca qui|je hebt gewonnen|klik hier|gratis (?:iphone|cadeau|tegoed)|crypto signals|guaranteed (?:returns?|profits?|income)|\d+x (?:guaranteed|returns|gains)|follow me for|investment opportunity|passive income|forex signals|(?:buy|get) \d+k? (?:real )?(?:followers|likes|views|subscribers))/i,
};

/**
 * Negated problems ("no complaints", "not bad", "never had an issue"): they praise. They are
 * removed before looking for problem words, and count as a thank-you.
 */
export const SETTLED =
  /\b(?:no (?:complaints?|issues?|problems?|drama|notes|hassle)|not (?:bad|one \w+|a single \w+(?: \w+)?)|never (?:had|been) (?:a |an |any )?(?:issues?|problems?|delays?)|can'?t fault|nothing to complain|sin (?:problemas|quejas)|rien à (?:dire|redire)|keine (?:probleme|beschwerden)|sem (?:problemas|reclama[cç][oõ]es)|nessun problema|geen (?:problemen|klachten))\b/gi;

/**
 * Words that say something went wrong; their absence makes a complaint score weak. The word end is
 * a look-ahead for Latin letters, accented ones included, since \b only knows ASCII and "bloqué"
 * would never end. No "u" flag: it makes these tests about twice as slow.
 */
export const PROBLEM =
  /\b(?:not(?! sure)|never|no ?one|nobody|nothing|still|again|can'?t|won'?t|doesn'?t|didn'?t|hasn'?t|isn'?t|broken|broke|crash\w*|down|worst|terrible|awful|useless|unusable|joke|ridiculous|lost|missing|wrong|late|cold|declined|blocked|error\w*|fail\w*|ignored|hung up|rude|wtf|ffs|charged|cancel+ed|waiting|nadie|nunca|sin|peor|fatal|cobra\w+|roto|bloque\w+|jamais|personne|aucun\w*|impossible|toujours pas|cass[ée]e?|inadmissible|bloqu[ée]e?|kein\w*|nicht|nie|niemand|kaputt|falsch|frechheit|unbrauchbar|unspielbar|immer noch|abgelehnt|n[aã]o|ningu[eé]m|nada|p[eé]ssim\w+|errad\w+|quebrad\w+|nessuno|mai|ancora|rott[oa]|guast[oa]|sbagliat[oa]|delayed|stuck|refused|damaged|faulty|overcharged|cancelad[oa]s?|retrasad[oa]s?|retraso|incomplet[oa]|faltan?|estropead[oa]|annul[ée]e?s?|supprim[ée]e?s?|en retard|ab[îi]m[ée]e?s?|manquant\w*|gestrichen|storniert|versp[äa]tet|versp[äa]tung|besch[äa]digt|fehlt|atrasad[oa]s?|atraso|danificad[oa]|trava|cancellat[oa]|soppress[oa]|in ritardo|danneggiat[oa]|mancan?o|niet|geen|nooit|niemand|kapot|geannuleerd|vertraagd|beschadigd|nog steeds|\d+(?:st|nd|rd|th) time|third time|fourth time|logs? me out|kick(?:s|ed) me out|annoying|stop (?:texting|emailing|calling|sending|spamming)|keeps (?:crashing|freezing|logging|dropping|failing|closing|charging)|won'?t (?:load|open|let|work)|perdid[oa]s?|extraviad[oa]s?|perdu(?:e|es|s)?|verloren|smarrit[oa]|kwijt|without (?:telling|warning|asking|notice|any notice)|sin avisar|sans (?:pr[ée]venir|pr[ée]avis|pr[ée]avertir)|ohne (?:vorwarnung|bescheid|nachricht|ank[üu]ndigung)|sem avisar|senza (?:avvisare|preavviso)|zonder (?:te )?(?:waarschuwen|melden)|twice|en double|deux fois|dos veces|duas vezes|due volte|doppelt|dubbel|hold music|warteschleife|\d+ ?(?:hours?|hrs?|h|minutes?|mins?) (?:wait|on hold|in the queue))(?![\w\u00C0-\u024F])|😡|😤|🤬|👎|🙄/i;

/**
 * A problem that was put right ("sorted it in five minutes", "me lo solucionaron"): with thanks
 * or praise, the post praises the fix rather than complaining about the fault.
 */
export const RESOLVED =
  /\b(?:sorted (?:it|me|things)|sorted (?:out|in)|fixed (?:it|the|my)|(?:got|had) it fixed|resolved|solved|all (?:good|sorted) now|back (?:up|working|online)|(?:lo|me lo|la) (?:solucionaron|arreglaron|resolvieron)|solucionad[oa]|r[ée]solu|r[ée]gl[ée]|gel[öo]st|erledigt|behoben|resolveram|resolvido|resolvida|risolt[oa]|sistemat[oa]|opgelost|verholpen|gerepareerd|gekl[äa]rt|resolveu|(?:quick|fast|speedy|prompt) (?:fix|reply|response|refund)|refund (?:done|processed|came through|arrived)|got (?:my|the) (?:money|refund) back|refunded (?:it|me|the|my)|rembours[ée]e?|reembolsad[oa]|erstattet|estornad[oa]|rimborsat[oa]|terugbetaald|restored|restaur[ée]e?|restaurad[oa])(?![\w\u00C0-\u024F])/i;

/**
 * The asker's own difficulty ("can't find the roaming settings", "no encuentro", "je ne trouve
 * pas"): with a question, it asks for help rather than reporting a fault, so these words are set
 * aside before looking for problem words.
 */
export const DIFFICULTY =
  /\b(?:can'?t|cannot|couldn'?t|don'?t know how to|not sure how to) (?:find|figure out|work out|see|remember|locate)|\b(?:no (?:encuentro|s[eé] c[oó]mo)|je ne (?:trouve pas|sais pas comment)|ich finde|wei(?:ß|ss) nicht,? wie|n[aã]o (?:encontro|acho|sei como)|non (?:trovo|so come)|ik kan \w+ niet vinden|ik weet niet hoe)(?![\w\u00C0-\u024F])/gi;

/**
 * A request for information or for an action, phrased as a how-to or what-if question ("how do I
 * report a lost card", "will I be charged if", "can you check my booking"). A problem word inside
 * one is what the question is about, not a fault being reported, unless the post is also angry.
 */
export const ASKS = new RegExp(
  String.raw`${LEAD}(?:how (?:do|can|should|would|long|many|much)|how to|what (?:do|should|can|happens|if)|what'?s the (?:best )?way|will i|would i|can i|could i|may i|can you|could you|would you|is it (?:possible|safe|normal|ok)|do i (?:need|have)|where (?:do|can|should) i|who (?:do|should) i|is there (?:a|any)|c[oó]mo (?:puedo|hago|se|debo)|qu[eé] (?:hago|pasa si|debo)|puedo|se puede|pod[eé]is|pueden|comment (?:faire|puis-je|je|on|est-ce)|que (?:faire|dois-je)|est-ce que je|puis-je|pouvez-vous|est-il possible|wie (?:kann|muss|mache|lange|viel)|was (?:muss|soll|mache) ich|kann ich|k[oö]nnen sie|k[oö]nnt ihr|ist es m[oö]glich|como (?:fa[cç]o|posso|devo)|o que (?:fa[cç]o|acontece)|posso|voc[eê]s podem|[eé] poss[ií]vel|come (?:posso|faccio|si)|cosa (?:devo|succede)|potete|[eè] possibile|hoe (?:kan|moet|lang)|kan ik|kunnen jullie|is het mogelijk)(?![\w\u00C0-\u024F])`,
  "i",
);

/**
 * A request that the brand do something for the asker ("please cancel my account", "dad de baja
 * mi tarjeta", "merci de m'envoyer", "bitte kündigen Sie"): it asks, like a question, and is no
 * complaint by itself.
 */
export const REQUEST =
  /\b(?:please,? (?:can you |could you )?(?:cancel|close|send|change|update|remove|delete|call|contact|check|confirm|reset|unlock|activate|deactivate|transfer|switch|move|resend|email|block)|(?:can|could|would) you (?:please )?(?:cancel|close|send|change|update|remove|delete|call me|check|confirm|reset|unlock|activate|deactivate|transfer|resend|email)|i(?:'d| would) like to (?:cancel|close|change|update|report|request|return|add|remove)|i (?:want|need) to (?:cancel|close|change|update|return|report|add|remove)|i need (?:a|an|my|the) (?:copy|receipt|invoice|statement)|por favor,? (?:\w+ )?(?:dad de baja|den de baja|cancel\w+|env[ií]\w+|cambi\w+|quit\w+|borr\w+|llam\w+|anul\w+)|(?:quiero|quisiera|necesito) (?:dar de baja|darme de baja|cancelar|cambiar|devolver|anular)|merci de (?:m'|me |nous |bien vouloir )?(?:envoyer|transmettre|rappeler|r[ée]silier|annuler|modifier|changer|supprimer|v[ée]rifier|confirmer|faire)|je (?:voudrais|souhaite|veux) (?:r[ée]silier|annuler|changer|modifier|recevoir|retourner)|bitte (?:\w+ )?(?:k[üu]ndigen|stornieren|schicken|senden|[äa]ndern|l[öo]schen|sperren|zur[üu]ckrufen)|ich m[öo]chte (?:\w+ ){0,4}(?:k[üu]ndigen|stornieren|[äa]ndern|zur[üu]ckgeben)|k[üu]ndigen sie|por favor,? (?:\w+ )?(?:cancel\w+|envi\w+|alter\w+|mud\w+)|(?:quero|gostaria de|preciso) (?:cancelar|alterar|mudar|trocar|devolver)|per favore,? (?:\w+ )?(?:disattiv\w+|cancell\w+|invi\w+|cambi\w+|modific\w+)|(?:vorrei|voglio|devo) (?:disdire|disattivare|cancellare|cambiare|modificare|restituire)|ik wil (?:graag )?(?:\w+ )?(?:opzeggen|annuleren|wijzigen|retourneren)|(?:kunnen jullie|kunt u) (?:\w+ ){0,3}(?:opzeggen|annuleren|wijzigen|sturen|terugbellen))(?![\w\u00C0-\u024F])/i;

/** Words of anger or of a fault that persists: with one, a how-to question still complains. */
export const ANGER =
  /!!|\b(?:still|again|nobody|no one|worst|terrible|awful|ridiculous|useless|joke|disgusting|unacceptable|wtf|ffs|seriously|pathetic|fed up|sick of|angry|furious|\d+ (?:days|weeks|months)|\d+(?:st|nd|rd|th) time|third time|annoying|stop (?:texting|emailing|calling|sending|spamming)|nadie|otra vez|todav[ií]a|vergonzoso|inaceptable|toujours pas|encore|inadmissible|honteux|immer noch|schon wieder|unversch[äa]mt|frechheit|ainda|de novo|absurdo|vergonha|ancora|di nuovo|vergogna|assurdo|nog steeds|alweer|schandalig)(?![\w\u00C0-\u024F])|😡|😤|🤬/i;

/** Thanks and praise, in the five languages and in emoji. */
export const THANKS =
  /\b(?:thank(?:s| you)|thx|cheers|kudos|shout ?out|well done|great job|legend|love (?:it|the|my|your|this)|loving|amazing|brilliant|excellent|fantastic|impressed|impressive|best \w+ (?:ever|i'?ve)|gracias|genial|excelente|me encanta|merci|bravo|parfait|impeccable|danke|toll|super|obrigad[oa]|parab[ée]ns|incr[ií]vel|adorei|amei|recomendo|grazie|gentilissim[oaie]|perfett[oa]|buonissim[io]|ottim[oa]|freundlich|amables?|rien à redire|bedankt|dankjewel|dank je|dank u|geweldig|vriendelijk|fantastisch|au top|top (?:service|marks|notch)|top(?=\s*[!.]|\s*$))(?![\w\u00C0-\u024F])|😍|❤|👏|🙌|🎉|🥰|🔥|👌|💯/i;

/**
 * A question that asks why something went wrong, or how it could ("why has my bill doubled?",
 * "¿por qué me cobráis…?", "warum wurde mein Vertrag verlängert?"): a complaint phrased as a
 * question. "Why not add…" suggests (feedback); "where are the settings?" only asks.
 */
export const WHY = new RegExp(
  String.raw`(?:${LEAD}|[.!,;]\s+)¿?(?:why(?! not)|how come|since when|how is (?:it|this|that) (?:possible|acceptable|ok)|por ?qu[eé](?! no (?:a[nñ]ad|pon|ofrec))|c[oó]mo es posible|pourquoi(?! ne pas| pas)|comment (?:se fait-il|est-ce possible|c'est possible)|warum|wieso|weshalb|wie kann es sein|por ?que(?! n[aã]o (?:colocam|adicionam|oferecem))|como [eé] poss[ií]vel|perch[eé](?! non (?:aggiungete|mettete|offrite))|come mai|com'[eè] possibile|waarom(?! niet)|hoe kan het)(?![\w\u00C0-\u024F])|\b(?:what (?:the hell|on earth) is|what(?:'s| is) going on|what is this|was soll das|c'est quoi ce|qu'est-ce qui se passe|qu[eé] est[aá] pasando|qu[eé] es esto|o que est[aá] acontecendo|che succede|cosa sta succedendo|wat is er aan de hand)(?![\w\u00C0-\u024F])`,
  "i",
);
