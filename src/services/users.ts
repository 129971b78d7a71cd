/**
 * Managing a workspace's users. Who may do what: supervisors add and change agents, analysts and
 * supervisors; only admins grant or take away admin, and only admins disable users. Nobody
 * changes their own role or disables themselves, so a workspace cannot lock out its last admin
 * by accident. Every change is audited with what it was before.
 */
import type { Role, UserView } from "../domain/views.ts";
import { ParleyError } from "../errors.ts";
import type { Store } from "../store/index.ts";
import type { AuthService, Principal } from "./auth.ts";

export interface UserAdminView extends UserView {
  disabled: boolean;
}

/** Whether `actor` may give a user of role `from` (null: a new user) the role `to`. */
export function mayAssignRole(actor: Role, from: Role | null, to: Role): boolean {
  if (actor === "admin") return true;
  if (actor !== "supervisor") return false;
  return to !== "admin" && from !== "admin";
}

export function userService(store: Store, auth: AuthService) {
  async function audit(me: Principal, action: string, userId: string, detail: Record<string, unknown>) {
    await store.audit.record({
      workspaceId: me.workspace.id,
      actorUserId: me.user.id,
      action,
      subjectType: "user",
      subjectId: userId,
      detail,
    });
  }

  return {
    async list(me: Principal): Promise<UserAdminView[]> {
      return (await store.users.list(me.workspace.id)).map(({ id, email, name, role, disabled }) => ({
        id,
        email,
        name,
        role,
        disabled,
      }));
    },

    async add(me: Principal, input: { email: string; name: string; role: Role; password: string }) {
      if (!mayAssignRole(me.user.role, null, input.role)) {
        throw new ParleyError("forbidden", "Only admins add admins");
      }
      const user = await auth.addUser({ ...input, workspaceId: me.workspace.id });
      await audit(me, "user.create", user.id, { role: user.role });
      return { ...user, disabled: false };
    },

    async update(
      me: Principal,
      id: string,
      patch: { role?: Role; disabled?: boolean },
    ): Promise<UserAdminView> {
      const target = await store.users.get(me.workspace.id, id);
      if (!target) throw new ParleyError("not_found", "No such user");
      if (id === me.user.id) {
        throw new ParleyError("validation_failed", "Ask another admin to change your own role or access");
      }
      if (patch.role !== undefined && !mayAssignRole(me.user.role, target.role, patch.role)) {
        throw new ParleyError("forbidden", "Only admins grant or take away admin");
      }
      if (patch.disabled !== undefined && me.user.role !== "admin") {
        throw new ParleyError("forbidden", "Only admins disable users");
      }
      const updated = await store.transaction(async (tx) => {
        const row = await tx.users.update(me.workspace.id, id, {
          ...(patch.role !== undefined ? { role: patch.role } : {}),
          ...(patch.disabled !== undefined ? { disabledAt: patch.disabled ? new Date() : null } : {}),
        });
        if (!row) throw new ParleyError("not_found", "No such user");
        if (patch.role !== undefined && patch.role !== target.role) {
          await tx.audit.record({
            workspaceId: me.workspace.id,
            actorUserId: me.user.id,
            action: "user.role_change",
            subjectType: "user",
            subjectId: id,
            detail: { from: target.role, to: patch.role },
          });
        }
        if (patch.disabled !== undefined && patch.disabled !== target.disabled) {
          if (patch.disabled) await tx.credentials.deleteSessionsOf(id);
          await tx.audit.record({
            workspaceId: me.workspace.id,
            actorUserId: me.user.id,
            action: patch.disabled ? "user.disable" : "user.enable",
            subjectType: "user",
            subjectId: id,
            detail: {},
          });
        }
        return row;
      });
      // A new role or a lost access both change what the user's open sockets may show.
      if (patch.disabled || (patch.role !== undefined && patch.role !== target.role)) {
        auth.accessEnded({ userId: id });
      }
      return {
        id: updated.id,
        email: updated.email,
        name: updated.name,
        role: updated.role,
        disabled: updated.disabled,
      };
    },
  };
}

export type UserService = ReturnType<typeof userService>;
