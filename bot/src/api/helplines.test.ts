// Several helplines on one API: each under /api/h/<id>/, the first also under /api/, and nothing
// of one answered for another (its team, its description).

import { describe, expect, it } from "vitest";
import { colleagueId, counsellorId, fakeHelplineId } from "./fuzz/fake-api-deps.ts";
import { serveFakeApiPerTest, type ApiAnswer } from "./testing/fake-api-server.ts";

const api = serveFakeApiPerTest((world) => [
  world.deps,
  {
    ...world.deps,
    helplineId: "other-line",
    // Only the colleague is in the other team.
    counsellorIds: [colleagueId],
    publicHelpline: () => ({ id: "other-line" }),
  },
]);

const get = (path: string, userId?: string): Promise<ApiAnswer> =>
  api.as(userId ?? null, "GET", path);

describe("an API serving several helplines", () => {
  it("should serve the default helpline under /api/ and each under /api/h/<id>/", async () => {
    const defaultOne = await get("/api/helpline");
    expect(defaultOne.status).toBe(200);
    expect(await get(`/api/h/${fakeHelplineId}/helpline`)).toEqual(defaultOne);
    expect(await get("/api/h/other-line/helpline")).toEqual({
      status: 200,
      body: { id: "other-line" },
    });
  });

  it("should answer an unknown helpline id with 404 unknown_helpline", async () => {
    for (const path of ["/api/h/nowhere/status", "/api/h/nowhere/counsellor/me", "/api/h/x"]) {
      const answer = await get(path);
      expect(answer.status, path).toBe(404);
      expect((answer.body as { error: { code: string } }).error.code, path).toBe(
        "unknown_helpline",
      );
    }
    // A known helpline's unknown route is an unknown route, not an unknown helpline.
    const route = await get("/api/h/other-line/nothing-here");
    expect((route.body as { error: { code: string } }).error.code).toBe("not_found");
  });

  it("should keep health and readiness deployment-wide only", async () => {
    expect((await get("/api/health")).status).toBe(200);
    expect((await get("/api/h/other-line/health")).status).toBe(404);
  });

  it("should refuse a counsellor of one team on another team's routes", async () => {
    expect((await get("/api/counsellor/me", counsellorId)).status).toBe(200);
    const refused = await get("/api/h/other-line/counsellor/me", counsellorId);
    expect(refused.status).toBe(403);
    expect((refused.body as { error: { code: string } }).error.code).toBe("not_a_counsellor");
    const overview = await get("/api/h/other-line/supervisor/overview", counsellorId);
    expect((overview.body as { error: { code: string } }).error.code).toBe("not_a_counsellor");
    expect((await get("/api/h/other-line/counsellor/me", colleagueId)).status).toBe(200);
  });
});
