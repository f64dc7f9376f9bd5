/**
 * What an operator sees while pip installs Synapse (minutes, the first time): one short line per
 * package fetched and one for the install itself, instead of minutes of silence. Pure, so that
 * the wording is tested without running pip.
 */
export function describePipLine(line: string): string | null {
  const collecting = /^Collecting ([A-Za-z0-9_.-]+)/.exec(line.trim());
  if (collecting?.[1]) return `fetching ${collecting[1]}`;
  const installing = /^Installing collected packages: (.+)$/.exec(line.trim());
  if (installing?.[1]) {
    const count = installing[1].split(",").filter((name) => name.trim() !== "").length;
    return `installing ${count} package${count === 1 ? "" : "s"}`;
  }
  return null;
}

/** The end of pip's error output, for an error that says what went wrong. */
export function lastLines(text: string, count = 12): string {
  return text.trimEnd().split("\n").slice(-count).join("\n");
}
