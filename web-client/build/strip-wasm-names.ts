import type { Plugin } from "vite";

// The crypto WASM (@matrix-org/matrix-sdk-crypto-wasm) ships with its "name" custom section: the
// name of each of its functions, for debuggers and stack traces. It is 2.99 of its 7.81 MB, and
// 156 kB of the 1.44 MB a youth downloads with brotli before her first message. A custom section
// changes nothing in what the module does (WebAssembly core specification, "Custom Sections"), and
// nobody debugs the crypto in a youth's browser: the build leaves it out. Every other section, the
// code and data included, is kept byte for byte.

const magic = [0x00, 0x61, 0x73, 0x6d];
const customSectionId = 0;

/** An unsigned LEB128 number at `at`: its value and where the bytes after it start. */
function readU32(bytes: Uint8Array, at: number, file: string): { value: number; next: number } {
  let value = 0;
  for (let shift = 0, i = at; shift < 35; shift += 7, i += 1) {
    const byte = bytes[i];
    if (byte === undefined) break;
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return { value, next: i + 1 };
  }
  throw new Error(`${file}: not a WebAssembly module (a section length runs past byte ${at})`);
}

/**
 * The module without its "name" custom section; the module itself if it has none. Throws, naming
 * the file, on anything that is not a well-formed WebAssembly binary, rather than emit a broken one.
 */
export function withoutNameSection(
  wasm: Uint8Array<ArrayBuffer>,
  file = "module.wasm",
): Uint8Array<ArrayBuffer> {
  if (wasm.length < 8 || magic.some((byte, i) => wasm[i] !== byte)) {
    throw new Error(`${file}: not a WebAssembly module (no \\0asm header)`);
  }
  const kept: Uint8Array<ArrayBuffer>[] = [wasm.subarray(0, 8)];
  let dropped = false;
  let at = 8;
  while (at < wasm.length) {
    const start = at;
    const id = wasm[at] as number;
    const size = readU32(wasm, at + 1, file);
    const end = size.next + size.value;
    if (end > wasm.length) {
      throw new Error(`${file}: not a WebAssembly module (section ${id} at ${start} is cut short)`);
    }
    if (id === customSectionId) {
      const nameLength = readU32(wasm, size.next, file);
      const name = new TextDecoder().decode(
        wasm.subarray(nameLength.next, nameLength.next + nameLength.value),
      );
      if (name === "name") {
        dropped = true;
        at = end;
        continue;
      }
    }
    kept.push(wasm.subarray(start, end));
    at = end;
  }
  if (!dropped) return wasm;
  const out = new Uint8Array(kept.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of kept) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * Leaves the "name" section out of every `.wasm` the build emits (see above). The file keeps the
 * name Vite gave it, whose hash is of the module as shipped: a given name always carries the same
 * bytes, as long-lived caching needs.
 */
export function stripWasmNames(): Plugin {
  return {
    name: "helpline-strip-wasm-names",
    apply: "build",
    generateBundle(_options, bundle) {
      for (const output of Object.values(bundle)) {
        if (output.type !== "asset" || !output.fileName.endsWith(".wasm")) continue;
        if (typeof output.source === "string") {
          throw new Error(`${output.fileName}: a WebAssembly module emitted as text, not bytes`);
        }
        // A copy: the module's bytes as an ArrayBuffer of their own.
        output.source = withoutNameSection(Uint8Array.from(output.source), output.fileName);
      }
    },
  };
}
