/** An email address as Parley takes it, wherever one is entered: a mailbox, an alert's recipient. */
import { z } from "zod";

/** A plain address: local part and domain, no display name, no spaces or angle brackets. */
export const emailAddress = z
  .string()
  .trim()
  .max(254)
  .regex(/^[^\s@<>()",;:\\[\]]+@[A-Za-z0-9.-]+\.[A-Za-z0-9-]+$|^[^\s@<>()",;:\\[\]]+@[A-Za-z0-9-]+$/, {
    message: "An email address is name@domain",
  });
