import type { LanguagePack } from "./types.ts";

export const de: LanguagePack = {
  language: "de",
  templates: {
    complaint: [
      "{to} schon wieder {problem} in {city}. Das {n}. Mal diesen Monat {emoji}",
      "{to} seit {hours} Stunden in der Warteschleife. {problem}",
      "{brand} ist eine Katastrophe, {problem} seit {time} und keiner antwortet",
      "{to} ihr habt mir {amount} doppelt berechnet. Ich will mein Geld zurück, Rechnung ist falsch",
      "Ich zahle für {plan} und habe in {city} kaum Empfang. Enttäuschend {brand} {emoji}",
      "{to} {problem} und der Kundenservice antwortet nicht {emoji}",
      "{to} seit {n} Tagen kein Netz in {city}, inakzeptabel",
    ],
    question: [
      "{to} wie aktiviere ich Roaming vor meiner Reise nach {city}?",
      "{to} gibt es eine Störung in {city}? {problem}",
      "Weiß jemand, ob {brand} {plan} {feature} enthält?",
      "{to} kann ich meine Nummer behalten, wenn ich zu {plan} wechsle?",
      "{to} wie schalte ich {feature} auf meinem {device} ein?",
    ],
    praise: [
      "Danke {to}, Problem in {n} Minuten gelöst. Super Service!",
      "Seit ich bei {brand} bin, ist das Netz in {city} top {emoji}",
      "{to} sehr freundliche Beratung heute, vielen Dank {emoji}",
      "{brand} {feature} läuft super in {city} {emoji}",
    ],
    purchase_intent: [
      "{to} ich möchte {plan} buchen, was ist der Preis für {n} Karten?",
      "Überlege zu {brand} zu wechseln wegen dem {device}. Lohnt sich das?",
      "{to} habt ihr das {device} in {city} vorrätig? Will es heute kaufen",
    ],
    feedback: [
      "{to} wäre schön, wenn die App den Datenverbrauch pro Tag zeigt",
      "Vorschlag an {brand}: bitte {feature} für {plan} anbieten",
    ],
    spam: ["GRATIS Follower hier bit.ly/{n}gratis {tag}", "Gewinne ein {device}! Folge {to} und teile"],
    other: [
      "Die Lampe hat {n}00 Lumen und ist trotzdem zu dunkel",
      "Regenwetter in {city} {emoji}",
      "Was für ein Spiel gestern in {city} {emoji}",
    ],
  },
  slots: {
    city: ["Berlin", "München", "Hamburg", "Köln", "Leipzig", "Stuttgart"],
    problem: [
      "kein Netz",
      "Internet ist weg",
      "Anrufe brechen ab",
      "mobile Daten gehen nicht",
      "das Netz ist ausgefallen",
    ],
    feature: ["5G", "eSIM", "WLAN-Call", "Roaming", "unbegrenzte Daten"],
    time: ["gestern", "heute morgen", "letzter Woche", "Montag", "zwei Tagen"],
  },
  replies: {
    help: [
      "@{user} Das tut uns leid! Schick uns bitte eine DM mit deiner Kundennummer, wir schauen nach. ^TK",
      "@{user} Unsere Technik arbeitet schon daran, danke für deine Geduld. ^AS",
    ],
    thanks: [
      "@{user} Danke für das Lob, wir geben es ans Team weiter! ^TK",
      "@{user} Schön zu hören, danke! ^AS",
    ],
    sales: ["@{user} Gern! Schreib uns eine DM, dann nennen wir dir die aktuellen Angebote. ^AS"],
  },
  angry: [
    "{to} IMMER NOCH kein Netz. Tag {n}. Niemand ruft zurück",
    "{to} {n} Anrufe beim Kundenservice und nichts. Ich kündige",
  ],
  tails: {
    negative: ["Unfassbar.", "Mir reicht's.", "Frechheit.", "Bitte endlich beheben!"],
    positive: ["Danke nochmal!", "Top!", "Sehr zufrieden.", "Klare Empfehlung!"],
    neutral: ["Danke im Voraus.", "Weiß das jemand?", "Danke!"],
  },
};
