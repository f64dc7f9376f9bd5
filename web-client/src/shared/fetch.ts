/** The page's `fetch`, injected so that tests can answer in its place. */
export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;
