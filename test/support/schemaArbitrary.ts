/**
 * fast-check arbitraries from the JSON schemas the routes publish (made from their zod schemas):
 * values that fit the schema, near misses, and hostile values (NUL, unpaired surrogates, huge
 * numbers, deep nesting, wrong types) mixed in at every level.
 */
import fc from "fast-check";

export type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  propertyNames?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  default?: unknown;
};

/** Arrays nested `depth` deep; built as text by `toJson`, since serializing them would recurse. */
export class Nested {
  readonly depth: number;
  constructor(depth: number) {
    this.depth = depth;
  }
}

/** JSON text of a generated value, `Nested` included. */
export function toJson(value: unknown): string {
  if (value instanceof Nested) return `${"[".repeat(value.depth)}"x"${"]".repeat(value.depth)}`;
  if (Array.isArray(value)) return `[${value.map(toJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** Characters no store keeps in text. */
const unstorableChar = fc.constantFrom("\u0000", "\uD800", "\uDBFF", "\uDC00", "\uDFFF");

/** The string with an unstorable character put somewhere in it. */
function spoiled(value: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(value, unstorableChar, fc.nat())
    .map(([s, c, at]) => `${s.slice(0, at % (s.length + 1))}${c}${s.slice(at % (s.length + 1))}`);
}

/** Strings no store keeps, or that parsers and indexes stumble on. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  spoiled(fc.string({ maxLength: 20 })),
  fc.constantFrom(
    "\u0000",
    "a\u0000b",
    "\uD800",
    "x\uDFFFy",
    "0000-01-01T00:00:00.000Z",
    "+275760-09-13T00:00:00.000Z",
    "1e300",
    "-0",
    "NaN",
    "Infinity",
    "00000000-0000-0000-0000-00000000000g",
    "------------------------------------",
    "%00",
    "'; drop table posts; --",
    "((((((((((((((((((((((((((((((((((((((((a",
    "a".repeat(70_000),
  ),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
);

/** Any value at all, including ones of the wrong type and deep nesting. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  {
    weight: 1,
    arbitrary: fc.constantFrom(1e300, -1e300, Number.MAX_SAFE_INTEGER + 2, -1, 0, 0.5, true, null, [], {}),
  },
  { weight: 1, arbitrary: fc.integer({ min: 40, max: 5_000 }).map((depth) => new Nested(depth)) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** A string the schema accepts, or one that would be accepted but for one unstorable character. */
function stringFor(schema: JsonSchema): fc.Arbitrary<string> {
  const fits =
    schema.format === "uuid"
      ? fc.uuid()
      : schema.format === "email"
        ? fc.emailAddress()
        : schema.pattern
          ? fc.stringMatching(new RegExp(schema.pattern))
          : fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 200) });
  return fc.oneof({ weight: 2, arbitrary: fits }, { weight: 1, arbitrary: spoiled(fits) });
}

function numberFor(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = schema.minimum ?? -1e6;
  const max = schema.maximum ?? 1e6;
  if (integer) return fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31) });
  return fc.double({ min, max, noNaN: true });
}

/** Values that fit the schema, with a one-in-`hostility` chance of a hostile value at each level. */
export function arbitraryFor(schema: JsonSchema, hostility = 6): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: hostility - 1, arbitrary: fitting(schema, hostility) },
    { weight: 1, arbitrary: hostileValue },
  );
}

function fitting(schema: JsonSchema, hostility: number): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return fc.oneof(...union.map((s) => arbitraryFor(s, hostility)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "string":
      return stringFor(schema);
    case "integer":
      return numberFor(schema, true);
    case "number":
      return numberFor(schema, false);
    case "boolean":
      return fc.boolean();
    case "array":
      return fc.array(arbitraryFor(schema.items ?? {}, hostility), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 5, 5),
      });
    case "object":
      return objectFor(schema, hostility);
    default:
      return hostileValue;
  }
}

function objectFor(schema: JsonSchema, hostility: number): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const keys = Object.keys(properties);
  if (keys.length === 0 && schema.propertyNames?.enum && typeof schema.additionalProperties === "object") {
    return fc.dictionary(
      fc.constantFrom(...(schema.propertyNames.enum as string[])),
      arbitraryFor(schema.additionalProperties, hostility),
      { maxKeys: 3 },
    );
  }
  const record = Object.fromEntries(keys.map((k) => [k, arbitraryFor(properties[k]!, hostility)]));
  return fc.record(record, { requiredKeys: schema.required ?? [] });
}
