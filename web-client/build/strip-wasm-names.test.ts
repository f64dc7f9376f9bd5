import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { withoutNameSection } from "./strip-wasm-names.ts";

/** A custom section: id 0, its size, its name, its bytes (all short enough for 1-byte LEB128). */
function custom(name: string, payload: number[]): number[] {
  const nameBytes = [...new TextEncoder().encode(name)];
  const body = [nameBytes.length, ...nameBytes, ...payload];
  return [0, body.length, ...body];
}

/** `(module (func (export "answer") (result i32) i32.const 42))`, with the sections given after. */
function answerModule(...customs: number[][]): Uint8Array<ArrayBuffer> {
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...[0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f], // type: () -> i32
    ...[0x03, 0x02, 0x01, 0x00], // function 0 has type 0
    ...[0x07, 0x0a, 0x01, 0x06, ...new TextEncoder().encode("answer"), 0x00, 0x00], // export
    ...[0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, 0x2a, 0x0b], // code: i32.const 42
    ...customs.flat(),
  ]);
}

async function answerOf(wasm: Uint8Array<ArrayBuffer>): Promise<unknown> {
  const { instance } = await WebAssembly.instantiate(wasm);
  return (instance.exports["answer"] as () => number)();
}

describe("withoutNameSection", () => {
  it("should leave out the name section only, and the module should still run", async () => {
    // The name section names function 0 "answer" (subsection 1: function names).
    const names = custom("name", [
      0x01,
      0x09,
      0x01,
      0x00,
      0x06,
      ...new TextEncoder().encode("answer"),
    ]);
    const producers = custom("producers", [0x00]);
    const original = answerModule(names, producers);
    expect(await answerOf(original)).toBe(42);
    expect(
      WebAssembly.Module.customSections(new WebAssembly.Module(original), "name"),
    ).toHaveLength(1);

    const stripped = withoutNameSection(original);
    expect(stripped.length).toBe(original.length - names.length);
    const module = new WebAssembly.Module(stripped);
    expect(WebAssembly.Module.customSections(module, "name")).toHaveLength(0);
    expect(WebAssembly.Module.customSections(module, "producers")).toHaveLength(1);
    expect(await answerOf(stripped)).toBe(42);
    // Everything else is the original's bytes, in order.
    expect([...stripped]).toEqual([...answerModule(producers)]);
  });

  it("should give back a module without a name section as it is", () => {
    const plain = answerModule();
    expect(withoutNameSection(plain)).toBe(plain);
  });

  it("should refuse what is not a WebAssembly module, naming the file, rather than emit it", () => {
    expect(() => withoutNameSection(new TextEncoder().encode("<html>"), "x.wasm")).toThrow(
      "x.wasm: not a WebAssembly module (no \\0asm header)",
    );
    const cut = answerModule().subarray(0, 20);
    expect(() => withoutNameSection(cut, "cut.wasm")).toThrow("cut.wasm: not a WebAssembly module");
  });

  it("should take 2.9 MB of debug names out of the crypto WASM and leave its imports and exports as they were", async () => {
    // The package exports no path to its WASM: it lies in pkg/, beside its entry points.
    const entry = createRequire(import.meta.url).resolve("@matrix-org/matrix-sdk-crypto-wasm");
    const file = path.join(path.dirname(entry), "pkg", "matrix_sdk_crypto_wasm_bg.wasm");
    const original = new Uint8Array(readFileSync(file));
    const stripped = withoutNameSection(original, file);
    expect(original.length - stripped.length).toBeGreaterThan(2_000_000);
    const [before, after] = await Promise.all([
      WebAssembly.compile(original),
      WebAssembly.compile(stripped),
    ]);
    expect(WebAssembly.Module.customSections(after, "name")).toHaveLength(0);
    expect(WebAssembly.Module.exports(after)).toEqual(WebAssembly.Module.exports(before));
    expect(WebAssembly.Module.imports(after)).toEqual(WebAssembly.Module.imports(before));
  });
});
