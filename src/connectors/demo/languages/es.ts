import type { LanguagePack } from "./types.ts";

export const es: LanguagePack = {
  language: "es",
  templates: {
    complaint: [
      "{to} otra vez {problem} en {city}. Ya van {n} veces este mes {emoji}",
      "{to} llevo {hours} horas esperando en el teléfono. {problem}",
      "{brand} es un desastre, {problem} desde {time} y nadie responde",
      "{to} me cobraron {amount} dos veces en la factura. Quiero un reembolso",
      "Pago {plan} y en {city} no tengo ni 3G. Vergüenza {brand} {emoji}",
      "{to} {problem} y nadie contesta en atención al cliente {emoji}",
      "{to} {n} días sin servicio en {city}, es inaceptable",
    ],
    question: [
      "{to} ¿cómo activo el roaming antes de viajar a {city}?",
      "{to} ¿hay una caída de red en {city}? {problem}",
      "¿Alguien sabe si {brand} {plan} incluye {feature}?",
      "{to} ¿puedo mantener mi número si me cambio a {plan}?",
      "{to} ¿cómo activo {feature} en mi {device}?",
    ],
    praise: [
      "Gracias {to}, me resolvieron el problema en {n} minutos. ¡Excelente atención!",
      "Desde que me cambié a {brand} la cobertura en {city} es perfecta {emoji}",
      "{to} muy amable la agente de hoy, todo solucionado {emoji}",
      "{brand} {feature} funciona genial en {city} {emoji}",
    ],
    purchase_intent: [
      "{to} quiero contratar {plan}, ¿qué precio tiene con {n} líneas?",
      "¿Me conviene comprar el {device} con {brand}? Estoy pensando en cambiarme",
      "{to} ¿tienen el {device} en stock en {city}? Lo quiero hoy",
    ],
    feedback: [
      "{to} estaría bien que la app mostrara el consumo de datos por día",
      "Sugerencia para {brand}: añadir {feature} a {plan}",
    ],
    spam: [
      "¡Seguidores GRATIS! entra aquí bit.ly/{n}gratis {tag}",
      "Sorteo de un {device} gratis, sigue a {to} y comparte",
    ],
    other: [
      "Esta bombilla da {n}00 lumen y no ilumina nada",
      "Qué partido anoche en {city} {emoji}",
      "Día de lluvia en {city} {emoji}",
    ],
  },
  slots: {
    city: ["Madrid", "Sevilla", "Valencia", "Bilbao", "Málaga", "Zaragoza"],
    problem: [
      "sin señal",
      "no tengo internet",
      "se cortan las llamadas",
      "los datos no funcionan",
      "la red está caída",
    ],
    feature: ["5G", "eSIM", "llamadas por Wi-Fi", "roaming internacional", "datos ilimitados"],
    time: ["ayer", "esta mañana", "la semana pasada", "el lunes", "hace dos días"],
  },
  replies: {
    help: [
      "@{user} Lamentamos lo ocurrido. Envíanos un MD con tu número de cuenta y lo revisamos. ^LC",
      "@{user} Nuestro equipo técnico ya está trabajando en ello, gracias por tu paciencia. ^MR",
    ],
    thanks: [
      "@{user} ¡Gracias por tus palabras! Se lo diremos al equipo. ^LC",
      "@{user} ¡Qué bien leer esto, gracias! ^MR",
    ],
    sales: ["@{user} ¡Genial! Escríbenos por MD y te contamos las ofertas del momento. ^MR"],
  },
  angry: [
    "{to} SIGO sin señal. Día {n}. Nadie me llama",
    "{to} {n} llamadas a atención al cliente y nada. Quiero darme de baja",
  ],
  tails: {
    negative: ["Inaceptable.", "Estoy harto.", "Qué vergüenza.", "¡Solucionadlo ya!"],
    positive: ["¡Gracias otra vez!", "¡Un diez!", "Muy contento.", "¡Lo recomiendo!"],
    neutral: ["Gracias de antemano.", "¿Alguien sabe?", "¡Gracias!"],
  },
};
