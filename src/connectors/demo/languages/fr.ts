import type { LanguagePack } from "./types.ts";

export const fr: LanguagePack = {
  language: "fr",
  templates: {
    complaint: [
      "{to} encore {problem} à {city}. C'est la {n}e fois ce mois-ci {emoji}",
      "{to} ça fait {hours} heures que j'attends au téléphone. {problem}",
      "{brand} franchement, {problem} depuis {time} et aucune réponse",
      "{to} vous m'avez facturé {amount} deux fois. Je veux un remboursement",
      "Je paie {plan} et à {city} je capte à peine. Très déçu de {brand}",
    ],
    question: [
      "{to} comment activer l'itinérance avant mon voyage à {city} ?",
      "{to} il y a une panne à {city} ? {problem}",
      "Quelqu'un sait si {brand} {plan} inclut {feature} ?",
      "{to} est-ce que je garde mon numéro si je passe à {plan} ?",
    ],
    praise: [
      "Merci {to}, problème réglé en {n} minutes. Service au top !",
      "Depuis que je suis chez {brand}, le réseau à {city} est parfait {emoji}",
      "{to} conseillère très sympa aujourd'hui, merci beaucoup",
    ],
    purchase_intent: [
      "{to} je veux souscrire à {plan}, quel est le prix pour {n} lignes ?",
      "Je pense passer chez {brand} pour le {device}, ça vaut le coup ?",
      "{to} le {device} est dispo à {city} ? Je veux l'acheter aujourd'hui",
    ],
    feedback: [
      "{to} ce serait bien que l'appli affiche la conso de données par jour",
      "Suggestion pour {brand} : ajoutez {feature} à {plan}",
    ],
    spam: [
      "Abonnés GRATUITS ici bit.ly/{n}free {tag}",
      "Gagnez un {device} gratuit, suivez {to} et partagez",
    ],
    other: ["Cette ampoule fait 800 lumen, c'est trop faible", "Quel match hier soir à {city} {emoji}"],
  },
  slots: {
    city: ["Lyon", "Toulouse", "Nantes", "Lille", "Marseille", "Bordeaux"],
    problem: [
      "pas de réseau",
      "internet en panne",
      "les appels coupent",
      "plus de données mobiles",
      "le réseau est en panne",
    ],
    feature: ["la 5G", "l'eSIM", "les appels Wi-Fi", "l'itinérance", "la data illimitée"],
    time: ["hier", "ce matin", "la semaine dernière", "lundi", "deux jours"],
  },
  replies: [
    "@{user} Désolés pour ce souci. Envoyez-nous un MP avec votre numéro de compte, on regarde. ^CM",
    "@{user} Merci pour votre message, on transmet à l'équipe ! ^CM",
  ],
  angry: [
    "{to} TOUJOURS pas de réseau. Jour {n}. Personne ne rappelle",
    "{to} {n} appels au service client et rien. Je résilie",
  ],
};
