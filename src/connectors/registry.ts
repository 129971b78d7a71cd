/**
 * Every kind of source Parley can run, by name. The sources service validates a source's settings
 * with its kind's schema, and the runner builds its connector from here.
 */
import type { ConnectorKind } from "./contract.ts";

const kinds = new Map<string, ConnectorKind<never>>();

export function registerKind<S>(kind: ConnectorKind<S>): void {
  if (kinds.has(kind.kind)) throw new Error(`Connector kind ${kind.kind} is registered twice`);
  kinds.set(kind.kind, kind as unknown as ConnectorKind<never>);
}

export function connectorKind(name: string): ConnectorKind<Record<string, unknown>> | undefined {
  return kinds.get(name) as ConnectorKind<Record<string, unknown>> | undefined;
}

export function connectorKinds(): ConnectorKind<Record<string, unknown>>[] {
  return [...kinds.values()] as ConnectorKind<Record<string, unknown>>[];
}
