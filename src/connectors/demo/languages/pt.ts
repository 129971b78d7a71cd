import type { LanguagePack } from "./types.ts";

export const pt: LanguagePack = {
  language: "pt",
  templates: {
    complaint: [
      "{to} de novo {problem} em {city}. Já é a {n}ª vez este mês {emoji}",
      "{to} estou há {hours} horas esperando no telefone. {problem}",
      "{brand} é uma vergonha, {problem} desde {time} e ninguém responde",
      "{to} cobraram {amount} duas vezes na minha fatura. Quero reembolso",
      "Pago o {plan} e em {city} o sinal é péssimo. Decepcionado com a {brand} {emoji}",
      "{to} {problem} e ninguém atende no suporte {emoji}",
      "{to} {n} dias sem serviço em {city}, inaceitável",
    ],
    question: [
      "{to} como ativo o roaming antes de viajar para {city}?",
      "{to} tem alguma falha na rede em {city}? {problem}",
      "Alguém sabe se o {brand} {plan} inclui {feature}?",
      "{to} posso manter meu número se mudar para o {plan}?",
      "{to} como ativo {feature} no meu {device}?",
    ],
    praise: [
      "Obrigado {to}, resolveram meu problema em {n} minutos. Atendimento nota 10!",
      "Desde que mudei para a {brand} o sinal em {city} é perfeito {emoji}",
      "{to} atendente muito simpática hoje, tudo resolvido {emoji}",
      "{brand} {feature} funciona muito bem em {city} {emoji}",
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
    other: [
      "Essa lâmpada tem {n}00 lumen e não ilumina nada",
      "Que jogo ontem em {city} {emoji}",
      "Dia de chuva em {city} {emoji}",
    ],
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
    time: ["ontem", "hoje de manhã", "a semana passada", "segunda", "anteontem"],
  },
  replies: {
    help: [
      "@{user} Sentimos muito! Mande uma DM com o número da sua conta que vamos verificar. ^RB",
      "@{user} Nossa equipe técnica já está trabalhando nisso, obrigado pela paciência. ^FS",
    ],
    thanks: [
      "@{user} Obrigado pelo carinho, vamos repassar ao time! ^RB",
      "@{user} Que bom saber, obrigado! ^FS",
    ],
    sales: ["@{user} Ótima escolha! Chama a gente na DM para ver as ofertas do momento. ^FS"],
  },
  angry: [
    "{to} CONTINUO sem sinal. Dia {n}. Ninguém me liga de volta",
    "{to} {n} ligações para o suporte e nada. Vou cancelar",
  ],
  tails: {
    negative: ["Inaceitável.", "Cansei.", "Que vergonha.", "Resolvam isso!"],
    positive: ["Obrigado de novo!", "Nota 10!", "Muito satisfeito.", "Recomendo!"],
    neutral: ["Desde já, obrigado.", "Alguém sabe?", "Obrigado!"],
  },
};
