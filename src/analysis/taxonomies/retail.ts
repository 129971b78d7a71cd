/** Starter topics for retail and e-commerce, written for Parley as short example posts per topic. */
import { examples } from "./types.ts";

export const RETAIL_TOPICS = examples({
  delivery: [
    "my parcel says delivered but it is not here",
    "order still not shipped after ten days",
    "the courier left the box in the rain",
    "tracking has not moved since monday",
    "delivery slot missed again, nobody came",
    "when will my package arrive",
  ],
  returns_refunds: [
    "I returned the shoes a month ago and no refund yet",
    "how do I send back an item that does not fit",
    "the return label does not print",
    "refund went to the wrong card",
    "store refused my return without the receipt",
    "still waiting on money for the returned jacket",
  ],
  product_quality: [
    "the jacket ripped after one wash",
    "the blender stopped working after a week",
    "received a damaged item with a cracked screen",
    "the color is nothing like the picture",
    "cheap material, the seams came apart",
    "love the quality of these jeans",
  ],
  stock_availability: [
    "when will this be back in stock",
    "is the medium size available in stores",
    "sold out online again, any restock date",
    "your shop near me never has anything on the shelves",
    "can I preorder the new collection",
    "the item disappeared from my basket as out of stock",
  ],
  payment_pricing: [
    "I was charged twice for one order",
    "the discount code does not apply at checkout",
    "price went up right after I added it to the cart",
    "my card keeps getting declined on your site",
    "do you price match other stores",
    "promo said 30 percent off but I paid full price",
  ],
  customer_service: [
    "your chat agent closed the conversation on me",
    "the staff in the store were really helpful today",
    "no one answers the customer service number",
    "I have emailed three times and got no reply",
    "the manager was rude when I asked for help",
    "great service from the team at the mall branch",
  ],
  account: [
    "I cannot log in to my account",
    "reset password email never arrives",
    "someone placed an order from my account",
    "how do I delete my account and data",
    "my loyalty points disappeared",
    "can't update the address on my profile",
  ],
});
