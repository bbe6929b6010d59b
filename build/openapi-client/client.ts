// A small strict client of the RecoveryPlatform API, typed from docs/openapi.json by openapi-typescript.
// build/openapi-check.sh compiles it with tsc --strict: if the document stops saying what these calls
// rely on (camelCase parameters, enums, required members, nullable ones, If-Match), this stops compiling.
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/schema";

type Schemas = components["schemas"];

const api = createClient<paths>({ baseUrl: "http://localhost:5000", headers: { "X-Api-Key": "rpk_example" } });

/** Tuesday and Thursday meetings within 10 km of Headingley, Leeds, nearest first. */
export async function searchNearHeadingley(): Promise<string[]> {
  const { data, error } = await api.GET("/api/v1/meetings", {
    params: { query: { lat: 53.8208, lng: -1.5763, radiusKm: 10, day: ["tuesday", "thursday"], sort: "distance", pageSize: 20 } },
  });
  if (error) {
    throw new Error(error.title ?? "search failed");
  }

  const lines: string[] = [];
  for (const result of data.items) {
    // Required and never null: no check needed.
    const name: string = result.name;
    const weekday: Schemas["DayOfWeek"] = result.schedule.day;
    // Nullable: an online meeting has no venue, and a result without a point has no distance.
    const venue: Schemas["VenueRef"] | null | undefined = result.venue;
    const distance = result.distanceKm == null ? "" : ` ${result.distanceKm.toFixed(1)} km`;
    lines.push(`${name} (${weekday}) ${venue?.town ?? "online"}${distance}`);
  }

  // @ts-expect-error: the document lists the weekdays, so a typo does not compile.
  await api.GET("/api/v1/meetings", { params: { query: { day: ["funday"] } } });

  return lines;
}

/** One meeting, with its ETag for a later write. */
export async function getMeeting(id: string): Promise<{ meeting: Schemas["MeetingResponse"]; etag: string | null }> {
  const { data, error, response } = await api.GET("/api/v1/meetings/{id}", { params: { path: { id } } });
  if (error) {
    throw new Error(error.title ?? "not found");
  }

  const startTime: string = data.schedule.startTime;
  const next: string | undefined = data.nextOccurrence?.startsAt;
  console.log(`${data.name} starts at ${startTime}; next ${next ?? "never"}`);
  return { meeting: data, etag: response.headers.get("ETag") };
}

/** Creates a venue: a POST needs no If-Match; an Idempotency-Key makes a retry safe. */
export async function createVenue(): Promise<Schemas["VenueResponse"]> {
  const body: Schemas["CreateVenueRequest"] = {
    name: "St Chad's Parish Centre (side room)",
    town: "Leeds",
    postcode: "LS16 5JT",
    latitude: 53.8326,
    longitude: -1.5776,
    accessibility: ["step-free-access", "hearing-loop"],
  };
  const { data, error } = await api.POST("/api/v1/venues", {
    params: { header: { "Idempotency-Key": crypto.randomUUID() } },
    body,
  });
  if (error) {
    throw new Error(error.title ?? "not created");
  }

  return data;
}

/** Pauses a group with a JSON Merge Patch: If-Match is required, null clears an optional field. */
export async function pauseGroup(id: string, etag: string): Promise<Schemas["GroupResponse"]> {
  const patch: Schemas["UpdateGroupRequestMergePatch"] = { status: "inactive", website: null };
  const { data, error } = await api.PATCH("/api/v1/groups/{id}", {
    params: { path: { id }, header: { "If-Match": etag } },
    headers: { "Content-Type": "application/merge-patch+json" },
    body: patch,
  });
  if (error) {
    throw new Error(error.title ?? "not changed");
  }

  // @ts-expect-error: a write to a versioned resource without If-Match does not compile (it would be a 428).
  await api.PATCH("/api/v1/groups/{id}", { params: { path: { id } }, body: patch });

  return data;
}
