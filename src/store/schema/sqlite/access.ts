/** Who may sign in, and how: users, sessions, API tokens, the instance's own secrets. */

import { drizzleModule } from "../../orm.ts";
import { bool, createdAt, id, time, uuid } from "./columns.ts";
import { workspaceId } from "./workspaceColumn.ts";

const { index, sqliteTable, text, uniqueIndex } = drizzleModule.sqliteCore();

export const users = sqliteTable(
  "users",
  {
    id: id(),
    workspaceId: workspaceId(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: ["admin", "supervisor", "agent", "analyst"] }).notNull(),
    /** A trainee's replies can be held for a supervisor's approval (approval rules). */
    trainee: bool("trainee").notNull().default(false),
    passwordHash: text("password_hash").notNull(),
    disabledAt: time("disabled_at"),
    totpSecret: text("totp_secret"),
    totpConfirmedAt: time("totp_confirmed_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_email_key").on(t.email)],
);

export const sessions = sqliteTable(
  "sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    workspaceId: workspaceId(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: time("expires_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: id(),
    workspaceId: workspaceId(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    lastUsedAt: time("last_used_at"),
    expiresAt: time("expires_at"),
    revokedAt: time("revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("api_tokens_hash_key").on(t.tokenHash), index("api_tokens_user_idx").on(t.userId)],
);

export const instanceSecrets = sqliteTable("instance_secrets", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
  createdAt: createdAt(),
});
