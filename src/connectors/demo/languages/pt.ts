import type { LanguagePack } from "./types.ts";

export const pt: LanguagePack = {
  language: "pt",
  templates: {
    complaint: [
      "{to} de novo {problem} em {city}. Já é a {n}ª vez este mês {emoji}",
      "{to} estou há {hours} horas esperando no telefone. {problem}",
      "{brand} é uma vergonha, {problem} desde {time} e ninguém responde",
      "{to} cobraram {amount} duas vezes na minha fatura. Quero reembolso",
      "Pago o {plan} e em {city} o sinal é péssimo. Decepcionado com a {brand}",
    ],
    question: [
      "{to} como ativo o roaming antes de viajar para {city}?",
      "{to} tem alguma falha na rede em {city}? {problem}",
      "Alguém sabe se o {brand} {plan} inclui {feature}?",
      "{to} posso manter meu número se mudar para o {plan}?",
    ],
    praise: [
      "Obrigado {to}, resolveram meu problema em {n} minutos. Atendimento nota 10!",
      "Desde que mudei para a {brand} o sinal em {city} é perfeito {emoji}",
      "{to} atendente muito simpática hoje, tudo resolvido",
    ],
    purchase_intent: [
      "{to} quero contratar o {plan}, quanto custa com {n} linhas?",
      "Vale a pena comprar o {device} na {brand}? Pensando em mudar",
      "{to} tem o {device} em estoque em {city}? Quero comprar hoje",
    ],
    feedback: [
      "{to} seria bom se o app mostrasse o consumo de dados por dia",
      "Sugestão para a {brand}: incluir {feature} no {plan}",
    ],
    spam: [
      "Seguidores GRÁTIS aqui bit.ly/{n}gratis {tag}",
      "Sorteio de um {device}! Siga {to} e compartilhe",
    ],
    other: ["Essa lâmpada tem 800 lumen e não ilumina nada", "Que jogo ontem em {city} {emoji}"],
  },
  slots: {
    city: ["Lisboa", "Porto", "São Paulo", "Recife", "Braga", "Curitiba"],
    problem: [
      "sem sinal",
      "minha internet caiu",
      "as chamadas caem",
      "os dados móveis não funcionam",
      "a rede está fora do ar",
    ],
    feature: ["5G", "eSIM", "chamadas por Wi-Fi", "roaming internacional", "dados ilimitados"],
    time: ["ontem", "hoje de manhã", "semana passada", "segunda", "dois dias"],
  },
  replies: [
    "@{user} Sentimos muito! Mande uma DM com o número da sua conta que vamos verificar. ^RB",
    "@{user} Obrigado pelo carinho, vamos repassar ao time! ^RB",
  ],
  angry: [
    "{to} CONTINUO sem sinal. Dia {n}. Ninguém me liga de volta",
    "{to} {n} ligações para o suporte e nada. Vou cancelar",
  ],
};
