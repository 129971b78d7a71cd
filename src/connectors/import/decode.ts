/** Shared per-record decoding and the error shape every import reader reports. */
import type { ErrorCode } from "../../errors.ts";
import type { RawRecord } from "./records.ts";

export interface LineError {
  code: ErrorCode;
  reason: string;
}

// fatal: a broken byte must make the record fail, not silently become U+FFFD in stored text.
const decoder = new TextDecoder("utf-8", { fatal: true });

export function decodeRecord(record: RawRecord, maxRecordBytes: number): string | LineError {
  if (record.tooLong) {
    return { code: "malformed_line", reason: `The record is longer than ${maxRecordBytes} bytes` };
  }
  try {
    return decoder.decode(record.bytes);
  } catch {
    return { code: "invalid_encoding", reason: "The record is not valid UTF-8" };
  }
}

export const DEFAULT_MAX_RECORD_BYTES = 1 << 20;
