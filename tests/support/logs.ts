import { existsSync, readFileSync } from "node:fs";
import { format } from "node:util";

// Collecting the logs of a test run (the bot's, the web server's, Synapse's) and scanning them for
// what must never be written down: message text, tokens, passwords, the client's address. A value
// is looked for as it is, and as logs would spell it: URL-encoded (a query string), JSON-escaped
// (a structured log line, once or twice), escaped to ASCII (Python's json), and, for long
// secrets, any 20-character piece of it (a log that truncates a token still leaks most of it).

export type SecretKind =
  | "message text"
  | "access token"
  | "password"
  | "registration token"
  | "OpenID token"
  | "client address"
  | "server secret";

export interface Secret {
  kind: SecretKind;
  /** Says whose or which, in the report: "youth's access token". */
  label: string;
  value: string;
}

export interface LogSource {
  name: string;
  text: string;
}

export interface Finding {
  source: string;
  /** 1-based. */
  line: number;
  kind: SecretKind;
  label: string;
  /** How the value was spelt where it was found: "as is", "URL-encoded", "a 20-character piece"… */
  form: string;
  /** The line, cut around the finding, the value itself replaced by its label. */
  excerpt: string;
}

/** Pieces at least this long of a long secret count as the secret. */
export const pieceLength = 20;

interface Spelling {
  form: string;
  pattern: RegExp;
  /** Kept for the excerpt's masking. */
  text?: string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function jsonInner(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/** As Python's json.dumps writes it by default: every non-ASCII character as \uXXXX. */
function asciiJsonInner(text: string): string {
  return jsonInner(text).replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

function literal(form: string, text: string, flags = ""): Spelling {
  return { form, pattern: new RegExp(escapeRegExp(text), `g${flags}`), text };
}

/** Every way a log could spell `value`, without duplicates. */
export function spellingsOf(value: string): Spelling[] {
  const candidates: [string, string][] = [
    ["as is", value],
    ["URL-encoded", encodeURIComponent(value)],
    ["form-encoded", new URLSearchParams({ x: value }).toString().slice(2)],
    ["JSON-escaped", jsonInner(value)],
    ["JSON-escaped twice", jsonInner(jsonInner(value))],
    ["JSON-escaped to ASCII", asciiJsonInner(value)],
    ["base64", Buffer.from(value).toString("base64").replace(/=+$/, "")],
  ];
  const seen = new Set<string>();
  const spellings: Spelling[] = [];
  for (const [form, text] of candidates) {
    if (seen.has(text) || text.length === 0) continue;
    seen.add(text);
    // Percent-encodings may be written in lower case.
    spellings.push(literal(form, text, form.endsWith("encoded") ? "i" : ""));
  }
  if (value.length > pieceLength) {
    for (let start = 0; start + pieceLength <= value.length; start += 1) {
      const piece = value.slice(start, start + pieceLength);
      if (!seen.has(piece)) spellings.push(literal(`a ${pieceLength}-character piece`, piece));
      seen.add(piece);
    }
  }
  return spellings;
}

/** Expands an IPv6 address to its eight groups, as numbers. */
function ipv6Groups(address: string): number[] | null {
  const [head = "", tail, ...more] = address.split("::");
  if (more.length > 0) return null;
  const part = (text: string) => (text === "" ? [] : text.split(":"));
  const left = part(head);
  const right = tail === undefined ? [] : part(tail);
  const groups: string[] = [];
  for (const side of [left, right]) {
    const last = side.at(-1);
    if (last?.includes(".")) {
      const bytes = last.split(".").map(Number);
      side.splice(
        -1,
        1,
        ...[(bytes[0] ?? 0) * 256 + (bytes[1] ?? 0), (bytes[2] ?? 0) * 256 + (bytes[3] ?? 0)].map(
          (n) => n.toString(16),
        ),
      );
    }
  }
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 0) return null;
  groups.push(...left, ...Array<string>(missing).fill("0"), ...right);
  const numbers = groups.map((group) => Number.parseInt(group, 16));
  return numbers.every((n) => Number.isInteger(n) && n >= 0 && n <= 0xffff) ? numbers : null;
}

/** The usual ways of writing one IPv4 or IPv6 address, each bounded so 10.0.0.1 ≠ 10.0.0.10. */
export function addressSpellings(address: string): Spelling[] {
  const spellings: Spelling[] = [];
  const add = (form: string, pattern: string, before: string, after: string) =>
    spellings.push({ form, pattern: new RegExp(`(?<!${before})${pattern}(?!${after})`, "gi") });
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(address)) {
    add("as is", escapeRegExp(address), "[\\d.]", "\\d|\\.\\d");
    const [a = 0, b = 0, c = 0, d = 0] = address.split(".").map(Number);
    const mapped = `::ffff:${(a * 256 + b).toString(16)}:${(c * 256 + d).toString(16)}`;
    add("IPv4-mapped IPv6", escapeRegExp(mapped), "[\\w:]", "[\\w:]");
    add("with dashes (hostnames)", `${a}-${b}-${c}-${d}`, "[\\d-]", "\\d");
    return spellings;
  }
  const groups = ipv6Groups(address);
  if (groups === null) throw new Error(`not an IP address: ${address}`);
  const hex = groups.map((n) => n.toString(16));
  // Compressed form: the longest run of zero groups (of two or more) becomes "::".
  let best = { start: -1, length: 0 };
  for (let start = 0; start < 8; start += 1) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === 0) length += 1;
    if (length > best.length && length >= 2) best = { start, length };
  }
  const compressed =
    best.start === -1
      ? hex.join(":")
      : `${hex.slice(0, best.start).join(":")}::${hex.slice(best.start + best.length).join(":")}`;
  const full = hex.join(":");
  const padded = groups.map((n) => n.toString(16).padStart(4, "0")).join(":");
  const forms: [string, string][] = [
    ["as is", compressed],
    ["uncompressed", full],
    ["zero-padded", padded],
  ];
  const seen = new Set<string>();
  for (const [form, text] of forms) {
    if (seen.has(text)) continue;
    seen.add(text);
    add(form, escapeRegExp(text), "[0-9a-f:]", "[0-9a-f:]");
    add(
      `${form}, URL-encoded`,
      escapeRegExp(encodeURIComponent(text)),
      "[0-9a-f]|%3a",
      "[0-9a-f]|%3a",
    );
  }
  return spellings;
}

function excerptAround(line: string, index: number, length: number, label: string): string {
  const start = Math.max(0, index - 60);
  const end = Math.min(line.length, index + length + 60);
  return (
    (start > 0 ? "…" : "") +
    line.slice(start, index) +
    `«${label}»` +
    line.slice(index + length, end) +
    (end < line.length ? "…" : "")
  );
}

/** Every place where a secret appears in the logs, in any of its spellings. */
export function findSecrets(sources: readonly LogSource[], secrets: readonly Secret[]): Finding[] {
  const findings: Finding[] = [];
  for (const secret of secrets) {
    if (secret.value.length === 0) throw new Error(`empty value for ${secret.label}`);
    const spellings =
      secret.kind === "client address" ? addressSpellings(secret.value) : spellingsOf(secret.value);
    for (const source of sources) {
      const seenLines = new Set<number>();
      for (const spelling of spellings) {
        // Cheap first look on the whole text; lines only for hits.
        spelling.pattern.lastIndex = 0;
        const caseSensitive = spelling.text !== undefined && !spelling.pattern.flags.includes("i");
        const present = caseSensitive
          ? source.text.includes(spelling.text ?? "")
          : spelling.pattern.test(source.text);
        if (!present) continue;
        const lines = source.text.split("\n");
        lines.forEach((line, index) => {
          spelling.pattern.lastIndex = 0;
          const match = spelling.pattern.exec(line);
          if (match === null || seenLines.has(index)) return;
          seenLines.add(index);
          findings.push({
            source: source.name,
            line: index + 1,
            kind: secret.kind,
            label: secret.label,
            form: spelling.form,
            excerpt: excerptAround(line, match.index, match[0].length, secret.label),
          });
        });
      }
    }
  }
  return findings;
}

export function describeFindings(findings: readonly Finding[]): string {
  return findings
    .map((f) => `${f.source}:${f.line}: ${f.label} (${f.form}): ${f.excerpt}`)
    .join("\n");
}

/**
 * The logs of one test run, by source. In-process writers (the bot's logger, the web server,
 * anything on the console) are added as they write; files (Synapse's) are read when asked.
 */
export class LogCapture {
  private readonly written = new Map<string, string[]>();
  private readonly files = new Map<string, string>();

  add(source: string, text: string): void {
    let chunks = this.written.get(source);
    if (chunks === undefined) {
      chunks = [];
      this.written.set(source, chunks);
    }
    chunks.push(text);
  }

  /** A file to read with the rest, e.g. Synapse's homeserver.log. Missing files read as empty. */
  addFile(source: string, file: string): void {
    this.files.set(source, file);
  }

  /** A writer for a logger's `write` option. */
  writer(source: string): (line: string) => void {
    return (line) => this.add(source, line);
  }

  sources(): LogSource[] {
    const sources: LogSource[] = [];
    for (const [name, chunks] of this.written) sources.push({ name, text: chunks.join("") });
    for (const [name, file] of this.files) {
      sources.push({ name, text: existsSync(file) ? readFileSync(file, "utf8") : "" });
    }
    return sources;
  }
}

const consoleMethods = ["log", "info", "warn", "error", "debug", "trace"] as const;

/**
 * Copies everything this process writes to stdout, stderr and the console into `capture` (still
 * writing it as before), as the output of an in-process server would reach its log. Returns a
 * function that stops copying.
 */
export function captureProcessOutput(capture: LogCapture, source: string): () => void {
  const restores: (() => void)[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      capture.add(
        source,
        typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"),
      );
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    restores.push(() => {
      stream.write = write;
    });
  }
  for (const method of consoleMethods) {
    const original = console[method];
    console[method] = (...args: unknown[]) => {
      capture.add(source, `${format(...args)}\n`);
      original.apply(console, args);
    };
    restores.push(() => {
      console[method] = original;
    });
  }
  return () => {
    for (const restore of restores.reverse()) restore();
  };
}
