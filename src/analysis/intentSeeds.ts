/**
 * Example posts for the intents no public data set labels (purchase intent, feedback, spam), plus a
 * few for the others so the seed model knows them apart. Written for Parley. Training mixes these
 * with weakly labelled public data (see scripts/train.ts).
 */
import { examples } from "./taxonomies/types.ts";

export const INTENT_SEEDS = examples({
  question: [
    "how do I change my delivery address?",
    "does anyone know if the store opens on sundays",
    "can you tell me where my order is",
    "is there a way to pay in instalments?",
    "what time does the support line open",
    "help, how do I reset my pin",
    "any idea when the app update comes out?",
    "which plan includes international roaming",
  ],
  praise: [
    "thank you so much for sorting this out so quickly",
    "love the new update, brilliant work",
    "best customer service I have ever had",
    "the crew were amazing today, thanks",
    "huge thanks to the team, you made my day",
    "really impressed with how fast the delivery was",
  ],
  purchase_intent: [
    "thinking of buying the new model, is it worth it",
    "want to upgrade to the premium plan, how much is it",
    "where can I get one of these in my city",
    "ready to switch to you if the price is right",
    "I'd like to order ten units for my office",
    "looking to buy a gift card, do you sell them online",
    "do you have the red one in stock, I want to buy it today",
    "what is the price of the family plan",
  ],
  feedback: [
    "it would be nice if the app had a dark mode",
    "suggestion: let us pick seats when checking in",
    "you should add more vegetarian options",
    "feature request please add export to pdf",
    "I wish the website remembered my last order",
    "a small idea, put the opening hours on the receipt",
    "the new layout is confusing, the old menu was easier",
    "please consider adding a cheaper plan for students",
  ],
  spam: [
    "free followers click here now",
    "crypto giveaway send 1 btc get 2 back",
    "dm for promo, cheap likes and views",
    "earn 5000 a week from home click the link",
    "follow me and I follow back 100 percent",
    "win a free iphone just click this link",
    "hot singles in your area",
    "buy cheap watches best price visit my page",
  ],
  other: [
    "good morning everyone",
    "watching the game tonight with friends",
    "just landed in paris",
    "what a beautiful day",
    "lol same",
    "happy birthday mate",
  ],
  complaint: [
    "my order arrived broken and nobody answers",
    "worst service ever, still waiting for a refund",
    "the app keeps crashing and I lost my work",
    "charged twice and support ignores me",
    "flight delayed five hours with no explanation",
    "internet has been down all day again",
  ],
});
