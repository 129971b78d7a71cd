/** Starter topics for airlines, written for Parley as short example posts per topic. */
import { examples } from "./types.ts";

export const AIRLINE_TOPICS = examples({
  delay: [
    "our plane has been sitting at the gate for two hours with no update",
    "flight pushed back again, third delay tonight",
    "delayed departure means I will miss my meeting",
    "why is the inbound aircraft always late on this route",
    "still on the tarmac, nobody tells us when we leave",
    "the delay made us miss the connection in Chicago",
  ],
  cancellation: [
    "you cancelled my flight and rebooked me two days later",
    "flight cancelled at midnight, no hotel offered",
    "my trip home got canceled with zero notice",
    "cancelled flight again, what are my options",
    "the whole route was cancelled because of the storm and I need a new seat",
    "got a text that my morning flight is canceled",
  ],
  baggage: [
    "my suitcase never arrived at the carousel",
    "lost luggage for five days now and no tracking",
    "the handle of my bag was ripped off, damaged luggage",
    "checked bag fee charged twice at the counter",
    "where is my bag, the claim number does nothing",
    "they sent my luggage to the wrong city",
  ],
  booking: [
    "the website will not let me change my reservation",
    "I cannot pick a seat when booking online",
    "how do I add a checked bag to my booking",
    "the app errors out at payment when I book a ticket",
    "need to change the name on my ticket",
    "can't check in online for tomorrow's flight",
  ],
  customer_service: [
    "on hold for three hours and then the call dropped",
    "the agent at the desk was rude and unhelpful",
    "nobody answers the phone line",
    "your staff at the gate were wonderful today",
    "I waited in a long line at the service counter for ages",
    "no one replies to my emails about the complaint",
  ],
  inflight: [
    "the wifi on board did not work the entire flight",
    "the crew were so kind and the snacks were great",
    "broken seat that would not recline for six hours",
    "the cabin was freezing and the entertainment screen was dead",
    "flight attendant ignored my call button",
    "legroom in economy is unbearable",
  ],
  refund: [
    "still waiting for the refund for my cancelled flight",
    "I want my money back for the seat upgrade that never happened",
    "travel voucher instead of a refund is not acceptable",
    "how long does a refund take to reach my card",
    "compensation claim for the delay was rejected",
    "charged for a ticket I never received",
  ],
});
