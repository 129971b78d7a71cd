/** Starter topics for telecom operators, written for Parley as short example posts per topic. */
import { examples } from "./types.ts";

export const TELECOM_TOPICS = examples({
  outage: [
    "no signal in the whole neighbourhood since this morning",
    "internet is down again, is there an outage",
    "mobile data not working anywhere in the city",
    "the network has been dead for hours",
    "calls keep dropping, something is wrong with the towers",
    "broadband offline and the status page says nothing",
  ],
  speed: [
    "paying for 500 mbps and getting 20",
    "the wifi is so slow tonight I cannot stream",
    "speed test shows a fraction of my plan",
    "4g crawls in the evening",
    "video calls freeze because of the lag",
    "fibre speeds dropped after the upgrade",
  ],
  billing: [
    "my bill doubled this month without explanation",
    "charged for roaming I never used",
    "why am I paying for a line I cancelled",
    "the direct debit was taken twice",
    "hidden fees on my invoice again",
    "can I get a breakdown of these extra charges",
  ],
  contract_plan: [
    "I want to cancel my contract",
    "what plans do you have with unlimited data",
    "can I upgrade my plan early",
    "thinking of switching to you from my current provider",
    "how much to end my contract before it finishes",
    "does the family plan include international calls",
  ],
  device_sim: [
    "my new sim card is not activating",
    "the router you sent keeps rebooting",
    "esim transfer failed when I changed phones",
    "phone I ordered arrived with a broken screen",
    "how do I unlock my handset",
    "lost my phone, need a replacement sim",
  ],
  customer_service: [
    "the engineer never showed up for the appointment",
    "two hours in the call queue to speak to anyone",
    "the agent in the shop sorted everything in minutes, thanks",
    "I keep getting transferred between departments",
    "nobody calls back even though they promised",
    "support chat keeps disconnecting",
  ],
});
