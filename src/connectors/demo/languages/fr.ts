import type { LanguagePack } from "./types.ts";

export const fr: LanguagePack = {
  language: "fr",
  templates: {
    complaint: [
      "{to} encore {problem} à {city}. C'est la {n}e fois ce mois-ci {emoji}",
      "{to} ça fait {hours} heures que j'attends au téléphone. {problem}",
      "{brand} franchement, {problem} depuis {time} et aucune réponse",
      "{to} vous m'avez facturé {amount} deux fois. Je veux un remboursement",
      "Je paie {plan} et à {city} je capte à peine. Très déçu de {brand} {emoji}",
      "{to} {problem} et personne ne répond au service client {emoji}",
      "{to} {n} jours sans réseau à {city}, c'est inadmissible",
    ],
    question: [
      "{to} comment activer l'itinérance avant mon voyage à {city} ?",
      "{to} il y a une panne à {city} ? {problem}",
      "Quelqu'un sait si {brand} {plan} inclut {feature} ?",
      "{to} est-ce que je garde mon numéro si je passe à {plan} ?",
      "{to} comment activer {feature} sur mon {device} ?",
    ],
    praise: [
      "Merci {to}, problème réglé en {n} minutes. Service au top !",
      "Depuis que je suis chez {brand}, le réseau à {city} est parfait {emoji}",
      "{to} conseillère très sympa aujourd'hui, merci beaucoup {emoji}",
      "{brand} {feature} fonctionne très bien à {city}, ravi {emoji}",
    ],
    purchase_intent: [
      "{to} je veux souscrire à {plan}, quel est le prix pour {n} lignes ?",
      "Je pense passer chez {brand} pour le {device}, ça vaut le coup ?",
      "{to} le {device} est dispo à {city} ? Je veux l'acheter aujourd'hui",
    ],
    feedback: [
      "{to} ce serait bien que l'appli affiche la conso de données par jour",
      "Suggestion pour {brand} : ajoutez {feature} à {plan}",
      "{to} une facture plus lisible serait appréciée",
    ],
    spam: [
      "Abonnés GRATUITS ici bit.ly/{n}free {tag}",
      "Gagnez un {device} gratuit, suivez {to} et partagez",
    ],
    other: [
      "Cette ampoule fait {n}00 lumen, c'est trop faible",
      "Quel match hier soir à {city} {emoji}",
      "Balade sous la pluie à {city} {emoji}",
    ],
  },
  slots: {
    city: ["Lyon", "Toulouse", "Nantes", "Lille", "Marseille", "Bordeaux", "Rennes"],
    problem: [
      "pas de réseau",
      "internet en panne",
      "les appels coupent",
      "plus de données mobiles",
      "le réseau est en panne",
      "ma carte SIM n'est pas reconnue",
    ],
    feature: ["la 5G", "l'eSIM", "les appels Wi-Fi", "l'itinérance", "la data illimitée"],
    time: ["hier", "ce matin", "la semaine dernière", "lundi", "deux jours"],
  },
  replies: {
    help: [
      "@{user} Désolés pour ce souci. Envoyez-nous un MP avec votre numéro de compte, on regarde. ^CM",
      "@{user} Nos techniciens sont sur le problème, merci de votre patience. ^CM",
    ],
    thanks: [
      "@{user} Merci pour votre message, on transmet à l'équipe ! ^CM",
      "@{user} Ravis de l'entendre, merci ! ^LB",
    ],
    sales: ["@{user} Avec plaisir ! Écrivez-nous en MP pour les offres du moment. ^LB"],
  },
  angry: [
    "{to} TOUJOURS pas de réseau. Jour {n}. Personne ne rappelle",
    "{to} {n} appels au service client et rien. Je résilie",
  ],
  tails: {
    negative: ["Inadmissible.", "Ras le bol.", "Scandaleux.", "Réglez ça !"],
    positive: ["Merci encore !", "Bravo !", "Très content.", "Je recommande !"],
    neutral: ["Merci d'avance.", "Quelqu'un ?", "Merci !"],
  },
};
