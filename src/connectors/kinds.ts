/**
 * Registers every kind of source Parley can run. Import this module once where sources are run
 * or configured; add a kind to the list when a connector is added.
 */
import type { ConnectorKind } from "./contract.ts";
import { feedKind } from "./feed/index.ts";
import { registerKind } from "./registry.ts";

export const KINDS: readonly ConnectorKind<never>[] = [feedKind as unknown as ConnectorKind<never>];

for (const kind of KINDS) registerKind(kind);
