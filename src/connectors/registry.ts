/**
 * Every kind of source Parley can run, by name. The sources service validates a source's settings
 * with its kind's schema, and the runner builds its connector from here.
 */
import type { ConnectorKind } from "./contract.ts";
import { KINDS } from "./kinds.ts";

type AnyKind = ConnectorKind<Record<string, unknown>>;

const byName = new Map<string, AnyKind>();
for (const kind of KINDS) {
  if (byName.has(kind.kind)) throw new Error(`Connector kind ${kind.kind} is listed twice`);
  byName.set(kind.kind, kind as AnyKind);
}

export function connectorKind(name: string): AnyKind | undefined {
  return byName.get(name);
}

export function connectorKinds(): AnyKind[] {
  return [...byName.values()];
}
