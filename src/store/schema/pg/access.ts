/** Who may sign in, and how: users, sessions, API tokens, the instance's own secrets. */

import { drizzleModule } from "../../orm.ts";
import { createdAt, id } from "./columns.ts";
import { workspaceId } from "./workspaceColumn.ts";

const { boolean, index, pgTable, text, timestamp, uniqueIndex, uuid } = drizzleModule.pgCore();

export const users = pgTable(
  "users",
  {
    id: id(),
    workspaceId: workspaceId(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: ["admin", "supervisor", "agent", "analyst"] }).notNull(),
    /** A trainee's replies can be held for a supervisor's approval (approval rules). */
    trainee: boolean("trainee").notNull().default(false),
    passwordHash: text("password_hash").notNull(),
    /** Set when an admin disables the user: no sign-in, no session, no token works from then on. */
    disabledAt: timestamp("disabled_at", { withTimezone: true, precision: 3 }),
    /** Base32 TOTP secret of the second factor; it is asked for at sign-in once confirmed. */
    totpSecret: text("totp_secret"),
    totpConfirmedAt: timestamp("totp_confirmed_at", { withTimezone: true, precision: 3 }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_email_key").on(t.email)],
);

export const sessions = pgTable(
  "sessions",
  {
    /** SHA-256 of the cookie value: a stolen database does not yield live sessions. */
    tokenHash: text("token_hash").primaryKey(),
    workspaceId: workspaceId(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true, precision: 3 }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: id(),
    workspaceId: workspaceId(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true, precision: 3 }),
    /** The token stops working then; null for tokens made before expiry existed. */
    expiresAt: timestamp("expires_at", { withTimezone: true, precision: 3 }),
    /** Set when the token is revoked; a revoked token is kept so the list shows it. */
    revokedAt: timestamp("revoked_at", { withTimezone: true, precision: 3 }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("api_tokens_hash_key").on(t.tokenHash), index("api_tokens_user_idx").on(t.userId)],
);

/**
 * Secrets the instance generates for itself, such as the key that signs session cookies: kept
 * here so restarts keep sessions and every web process signs alike.
 */
export const instanceSecrets = pgTable("instance_secrets", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
  createdAt: createdAt(),
});
